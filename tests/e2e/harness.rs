//! A pseudo-terminal harness: runs the real `oktui` binary in a pty of a given size, in a
//! clean environment (no variable, config or data of the machine leaks in), feeds all it
//! writes to a vt100 parser, and keeps the raw bytes for tests that must inspect the stream
//! itself. Waits poll the parsed screen; nothing sleeps for a fixed time.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize, SlavePty};

use crate::common::{oktui_command, XDG_DIRS};

/// The Enter key as a terminal sends it.
pub const ENTER: &str = "\r";
/// The Escape key. Send it on its own and wait for its effect before the next key: a byte
/// right behind it in the same read would make it an Alt chord.
pub const ESC: &str = "\x1b";
/// The Right arrow key.
pub const RIGHT: &str = "\x1b[C";

/// How often waits look at the screen.
const POLL: Duration = Duration::from_millis(50);

/// What the terminal was asked to do besides drawing: window titles and icon names.
#[derive(Default)]
pub struct Recorder {
    /// Every title or icon name set, in order.
    pub titles: Vec<String>,
}

impl vt100::Callbacks for Recorder {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(String::from_utf8_lossy(title).into_owned());
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.titles.push(String::from_utf8_lossy(name).into_owned());
    }
}

/// The terminal's side of the pty: the parsed screen and every byte received.
struct Term {
    parser: vt100::Parser<Recorder>,
    raw: Vec<u8>,
}

/// How the child ended, and the pty's state after it did.
pub struct Exit {
    /// The exit code (a signal counts as failure).
    pub code: u32,
    /// The pty's termios local flags after the exit, as nix prints them
    /// (`LocalFlags(ECHO | ICANON | …)`), if they could be read.
    pub local_flags: Option<String>,
}

impl Exit {
    /// Whether the pty is back in cooked mode: canonical input with echo.
    pub fn cooked(&self) -> bool {
        self.local_flags.as_deref().is_some_and(|f| has_flags(f, &["ICANON", "ECHO"]))
    }
}

/// Whether nix's rendering of a flag set names every one of `names` (whole words).
pub fn has_flags(rendered: &str, names: &[&str]) -> bool {
    let words: Vec<&str> = rendered.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).collect();
    names.iter().all(|n| words.contains(n))
}

/// `oktui` running in a pseudo-terminal.
pub struct Tui {
    term: Arc<Mutex<Term>>,
    master: Box<dyn MasterPty + Send>,
    /// Kept open until the child has exited, so the pty's termios stay readable.
    slave: Option<Box<dyn SlavePty + Send>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    /// Signalled when the reader thread has seen the end of the output.
    drained: mpsc::Receiver<()>,
    home: tempfile::TempDir,
    started: Instant,
}

impl Tui {
    /// Starts `oktui demo --users USERS` in a `cols`×`rows` pty and waits for its first users
    /// row (the org is built first: a minute at most in the debug build).
    pub fn demo(users: u32, cols: u16, rows: u16) -> Tui {
        let users = users.to_string();
        let tui = Tui::spawn(&["demo", "--users", &users], &[], cols, rows);
        tui.wait_until("a users row", Duration::from_secs(60), |s| s.contents().contains("@acme."));
        tui
    }

    /// Starts `oktui args…` in a `cols`×`rows` pty with a private HOME and XDG directories,
    /// `TERM=xterm-256color`, PATH, and exactly the extra variables in `env`.
    pub fn spawn(args: &[&str], env: &[(&str, String)], cols: u16, rows: u16) -> Tui {
        Tui::spawn_in(tempfile::tempdir().unwrap(), args, env, cols, rows)
    }

    /// [`Tui::spawn`] with `config` as the private home's default config file.
    #[allow(dead_code)] // Not every test binary that includes the harness uses it.
    pub fn spawn_with_config(args: &[&str], env: &[(&str, String)], config: &str, cols: u16, rows: u16) -> Tui {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join(".config/oktui");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.toml"), config).unwrap();
        Tui::spawn_in(home, args, env, cols, rows)
    }

    fn spawn_in(home: tempfile::TempDir, args: &[&str], env: &[(&str, String)], cols: u16, rows: u16) -> Tui {
        let root = home.path();
        let pair = native_pty_system().openpty(size(cols, rows)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_oktui"));
        cmd.args(args);
        cmd.env_clear();
        cmd.cwd(root);
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("SHELL", "/bin/sh");
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", root);
        for (var, dir) in XDG_DIRS {
            cmd.env(var, root.join(dir));
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        let parser = vt100::Parser::new_with_callbacks(nonzero(rows), nonzero(cols), 0, Recorder::default());
        let term = Arc::new(Mutex::new(Term { parser, raw: Vec::new() }));
        let (done, drained) = mpsc::channel();
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&term);
        thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let mut t = lock(&sink);
                        t.raw.extend_from_slice(&buf[..n]);
                        t.parser.process(&buf[..n]);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                }
            }
            let _ = done.send(());
        });
        let writer = pair.master.take_writer().unwrap();
        Tui {
            term,
            master: pair.master,
            slave: Some(pair.slave),
            writer,
            child,
            drained,
            home,
            started: Instant::now(),
        }
    }

    /// The child's process id, while it runs (the hostile tests read its memory).
    #[allow(dead_code)]
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Time since the child started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The child's private home directory (its config is under `.config/oktui`).
    pub fn home(&self) -> &std::path::Path {
        self.home.path()
    }

    /// The child's data directory (`$XDG_DATA_HOME/oktui`): log file and exports.
    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join(".local/share/oktui")
    }

    /// Runs `oktui args…` headless (no terminal: stdout and stderr are pipes) in the same
    /// private home and clean environment as the console, plus `env`, and waits for it.
    pub fn headless(&self, args: &[&str], env: &[(&str, String)]) -> std::process::Output {
        let mut cmd = oktui_command(self.home.path());
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.stdin(std::process::Stdio::null()).output().unwrap()
    }

    /// The text on screen, rows joined by newlines, trailing blanks trimmed.
    pub fn screen_text(&self) -> String {
        lock(&self.term).parser.screen().contents()
    }

    /// Runs `f` on the parsed screen.
    pub fn screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(lock(&self.term).parser.screen())
    }

    /// Every byte the terminal has received so far.
    pub fn raw(&self) -> Vec<u8> {
        lock(&self.term).raw.clone()
    }

    /// Every window title or icon name the child has set.
    pub fn titles(&self) -> Vec<String> {
        lock(&self.term).parser.callbacks().titles.clone()
    }

    /// Polls the screen until `done` holds; returns how long that took. Panics after
    /// `timeout`, showing `what` was awaited and the screen.
    pub fn wait_until(&self, what: &str, timeout: Duration, done: impl Fn(&vt100::Screen) -> bool) -> Duration {
        let start = Instant::now();
        loop {
            if self.screen(&done) {
                return start.elapsed();
            }
            if start.elapsed() > timeout {
                panic!("waited {timeout:?} for {what}; the screen shows:\n{}", self.screen_text());
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until `text` is on screen.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> Duration {
        self.wait_until(&format!("{text:?} on screen"), timeout, |s| s.contents().contains(text))
    }

    /// Waits until `text` is no longer on screen.
    pub fn wait_gone(&self, text: &str, timeout: Duration) -> Duration {
        self.wait_until(&format!("{text:?} to leave the screen"), timeout, |s| !s.contents().contains(text))
    }

    /// Approves the open approval dialog: types `login` as the confirmation, moves to the
    /// buttons row and onto Approve (Enter on Cancel would cancel), waits for the verified
    /// outcome and dismisses it.
    pub fn approve_typing(&mut self, login: &str, step: Duration) {
        self.send(login);
        self.wait_for(&format!("{login}_"), step);
        self.send(ENTER);
        self.send(RIGHT);
        self.send(ENTER);
        self.wait_for("done — verified", Duration::from_secs(70));
        self.send(" ");
        self.wait_gone("approval required", step);
    }

    /// Types `keys` into the terminal.
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal: the parser first, then the pty (which signals the child), so
    /// everything drawn for the new size is parsed at the new size.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let mut term = lock(&self.term);
        term.parser.screen_mut().set_size(nonzero(rows), nonzero(cols));
        self.master.resize(size(cols, rows)).unwrap();
    }

    /// The pty's termios local flags now, as nix prints them.
    pub fn local_flags(&self) -> Option<String> {
        self.master.get_termios().map(|t| format!("{:?}", t.local_flags))
    }

    /// Waits for the child to exit, reads the pty's termios, then waits until every byte it
    /// wrote has been parsed. Panics (killing the child) after `timeout`.
    pub fn finish(&mut self, timeout: Duration) -> Exit {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!("oktui did not exit within {timeout:?}; the screen shows:\n{}", self.screen_text());
            }
            thread::sleep(POLL);
        };
        let local_flags = self.local_flags();
        self.slave = None;
        self.drained.recv_timeout(timeout).expect("the output ends once the child has exited");
        Exit { code: status.exit_code(), local_flags }
    }
}

impl Drop for Tui {
    /// A failed test leaves no process behind.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn lock(term: &Mutex<Term>) -> MutexGuard<'_, Term> {
    term.lock().unwrap_or_else(|e| e.into_inner())
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

/// The text of screen row `row` (0-based), trailing blanks trimmed.
pub fn row_text(screen: &vt100::Screen, row: u16) -> String {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).nth(usize::from(row)).unwrap_or_default().trim_end().to_string()
}
