//! Issue 19, acceptance 1: `y` inside tmux lands in tmux's paste buffer. tmux 3.3's defaults
//! (`set-clipboard external`, `allow-passthrough off`) drop both the plain and the wrapped
//! OSC 52 a program writes, so the console puts the text in tmux's buffer itself and says
//! where it went. The real binary runs in a tmux server of the test's own (its own socket,
//! no config), against a simulated org.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use oktui::sim::SimServer;

use crate::common::{self, XDG_DIRS};

const STARTUP: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// A tmux server of the test's own, running `oktui` in its one pane; killed on drop.
struct Tmux {
    socket: PathBuf,
    home: tempfile::TempDir,
}

impl Tmux {
    /// Starts `oktui args…` in an 80×24 tmux pane, in a clean environment under a private
    /// HOME (tmux hands the pane the environment it was started with, plus `TMUX`).
    fn start(args: &[&str], env: &[(&str, String)]) -> Tmux {
        let home = tempfile::tempdir().unwrap();
        let socket = home.path().join("tmux.sock");
        let tmux = Tmux { socket, home };
        let mut command = vec![env!("CARGO_BIN_EXE_oktui").to_string()];
        command.extend(args.iter().map(|a| a.to_string()));
        let mut cmd = tmux.command();
        cmd.args(["-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "--"]).args(&command);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("tmux runs (install it: apt-get install tmux)");
        assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
        tmux
    }

    /// `tmux -S socket` in the clean environment.
    fn command(&self) -> Command {
        let root = self.home.path();
        let mut cmd = Command::new("tmux");
        cmd.env_clear().current_dir(root).arg("-S").arg(&self.socket);
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default()).env("HOME", root).env("TERM", "xterm-256color");
        for (var, dir) in XDG_DIRS {
            cmd.env(var, root.join(dir));
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// tmux's newest paste buffer, if it has one.
    fn buffer(&self) -> Option<String> {
        let out = self.run(&["show-buffer"]);
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn wait_until(&self, what: &str, timeout: Duration, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !done(&self.screen()) {
            assert!(start.elapsed() < timeout, "waited {timeout:?} for {what}; the pane shows:\n{}", self.screen());
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// The login on the selected row of the users list.
fn selected_login(screen: &str) -> String {
    let row = screen.lines().find(|l| l.contains('▶')).expect("a selected row");
    row.split_whitespace().find(|w| w.contains('@')).expect("a login on the selected row").to_string()
}

fn config_for(sim: &SimServer, dir: &Path) -> PathBuf {
    let path = dir.join("config.toml");
    let text = format!(
        "default_profile = \"simorg\"\n[profiles.simorg]\norg_url = \"{}\"\ntoken_env = \"SIM_TOKEN\"\n",
        sim.url()
    );
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

#[test]
fn y_in_tmux_lands_in_tmuxs_buffer_whatever_its_clipboard_options() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let sim = rt.block_on(common::start(common::small_config(40)));
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(&sim, dir.path());
    let env = [("SIM_TOKEN", sim.credentials().api_token.clone())];
    let tmux = Tmux::start(&["--config", config.to_str().unwrap()], &env);
    tmux.wait_until("a users row", STARTUP, |s| s.contains("@acme.example") && s.contains('▶'));
    assert_eq!(tmux.buffer(), None, "a new tmux server has no buffer");

    // tmux's defaults: a program's OSC 52, plain or wrapped, never reaches a buffer.
    let first = selected_login(&tmux.screen());
    tmux.run(&["send-keys", "y"]);
    tmux.wait_until("the copy's message", STEP, |s| s.contains("copied"));
    assert_eq!(tmux.buffer().as_deref(), Some(first.as_str()));
    assert!(tmux.screen().contains("tmux's buffer"), "the message says where it went:\n{}", tmux.screen());

    // With the clipboard off altogether the buffer still gets it, and the message says how
    // to reach the system clipboard.
    tmux.run(&["set-option", "-g", "set-clipboard", "off"]);
    tmux.run(&["send-keys", "j"]);
    tmux.wait_until("the next row selected", STEP, |s| selected_login(s) != first);
    let second = selected_login(&tmux.screen());
    tmux.run(&["send-keys", "y"]);
    tmux.wait_until("the second copy's message", STEP, |s| s.contains(&format!("copied {second}")));
    assert_eq!(tmux.buffer().as_deref(), Some(second.as_str()));
    assert!(tmux.screen().contains("set-clipboard on"), "{}", tmux.screen());
}
