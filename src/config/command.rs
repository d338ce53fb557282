//! Commands in the config (`token_command`, `client_secret_command`, `private_key_command`):
//! who may name them, and how they run.
//!
//! A command runs only from a config file no one but its owner (you, or root) can change: not
//! writable by group or others, and not in a directory anyone may write without the sticky
//! bit. It runs as `sh -c COMMAND` in a process group of its own (in the background of the
//! terminal, so it cannot take the console's keys), stdin and stderr on `/dev/null`, its
//! standard output read into a buffer that is wiped and bounded at 64 KiB. A command that outlasts the timeout, or prints more, is killed with its whole
//! group (children it started in the background included). What it prints never reaches a
//! message: failures say what happened (exit status, timeout, too much output), and the
//! caller names the config key, never the command text, which may carry a secret itself.

use std::fs::Metadata;
use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nix::sys::signal::{killpg, Signal};
use nix::unistd::{getuid, Pid};
use zeroize::Zeroizing;

use crate::secret::Secret;

/// How long a command may run when the config does not say (`command_timeout_secs`).
pub(super) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest `command_timeout_secs` accepted: an hour.
pub(super) const MAX_TIMEOUT_SECS: u64 = 3600;
/// A command's output larger than this is not a secret: it is refused and the command killed.
const MAX_OUTPUT: u64 = 64 * 1024;
/// The buffer a command's output is read into: the bound and one byte to tell it was passed.
const OUTPUT_CAPACITY: usize = MAX_OUTPUT as usize + 1;
/// How often a command that has closed its output is checked for having ended.
const POLL: Duration = Duration::from_millis(10);

/// Why a command gave no secret.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// `sh` could not be started.
    Start(String),
    /// It ended unsuccessfully.
    Status(String),
    /// It outlasted the timeout.
    TimedOut(Duration),
    /// It printed more than 64 KiB.
    TooMuch,
    /// Reading its output failed.
    Read(String),
    /// Its output is not UTF-8.
    NotText,
}

impl Failure {
    /// What happened, in words.
    pub(super) fn describe(&self) -> String {
        match self {
            Failure::Start(e) => format!("could not start sh ({e})"),
            Failure::Status(status) => format!("it ended with {status}"),
            Failure::TimedOut(limit) => format!(
                "it did not finish within {} s (command_timeout_secs), so it was killed with the processes it \
                 started (a command cannot ask for input: it runs without stdin and in the background of the \
                 terminal, so use an agent such as gpg-agent rather than a prompt)",
                limit.as_secs()
            ),
            Failure::TooMuch => "it printed more than 64 KiB, so it was killed".to_string(),
            Failure::Read(e) => format!("its output could not be read ({e})"),
            Failure::NotText => "it printed something that is not UTF-8 text".to_string(),
        }
    }
}

/// Runs `sh -c command` and returns its whole standard output (not trimmed), or why not.
pub(super) fn run(command: &str, timeout: Duration) -> Result<Secret, Failure> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| Failure::Start(e.to_string()))?;
    let started = Instant::now();
    let output = read_output(&mut child, timeout);
    let result = output.and_then(|bytes| wait(&mut child, started, timeout).map(|()| bytes));
    if result.is_err() {
        kill_group(&mut child);
    }
    let bytes = result?;
    Secret::from_utf8(bytes).ok_or(Failure::NotText)
}

/// Reads the child's stdout on a thread until it closes, for at most `timeout`.
fn read_output(child: &mut Child, timeout: Duration) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let Some(stdout) = child.stdout.take() else { return Err(Failure::Read("no pipe".into())) };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Room for the whole bound up front: the buffer never moves, so no copy is left behind.
        let mut buf = Zeroizing::new(Vec::with_capacity(OUTPUT_CAPACITY));
        let read = stdout.take(MAX_OUTPUT + 1).read_to_end(&mut buf);
        // The receiver is gone only when the command was given up on; the buffer is wiped.
        let _ = tx.send(read.map(|_| buf));
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(buf)) if u64::try_from(buf.len()).map_or(true, |n| n > MAX_OUTPUT) => Err(Failure::TooMuch),
        Ok(Ok(buf)) => Ok(buf),
        Ok(Err(e)) => Err(Failure::Read(e.to_string())),
        Err(_) => Err(Failure::TimedOut(timeout)),
    }
}

/// Waits for the child to end until `timeout` after `started`; success only for exit
/// status 0.
fn wait(child: &mut Child, started: Instant, timeout: Duration) -> Result<(), Failure> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return success(status),
            Ok(None) if started.elapsed() >= timeout => return Err(Failure::TimedOut(timeout)),
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => return Err(Failure::Read(e.to_string())),
        }
    }
}

fn success(status: ExitStatus) -> Result<(), Failure> {
    if status.success() {
        Ok(())
    } else {
        Err(Failure::Status(status.to_string()))
    }
}

/// Kills the child's process group and reaps the child.
fn kill_group(child: &mut Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // The group may be gone already; then there is nothing to kill.
        let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
    }
    let _ = child.wait();
}

/// Why a config file may not name a command to run: someone besides its owner (you, or root)
/// could change what it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Untrusted {
    /// What is wrong, after "config file PATH": "is writable by group or others (mode 0664)".
    pub problem: String,
    /// What to do: "run chmod 600 PATH".
    pub fix: String,
}

/// Checks the config file at `path`, as opened (`meta`), and its directory: `None` when no
/// one but you or root can change it.
pub(super) fn untrusted(path: &Path, meta: &Metadata) -> Option<Untrusted> {
    let me = getuid().as_raw();
    let shown = path.display();
    let mode = meta.permissions().mode() & 0o7777;
    if meta.uid() != me && meta.uid() != 0 {
        return Some(Untrusted {
            problem: format!("is owned by uid {}, not by you (uid {me}) or root", meta.uid()),
            fix: format!("make a copy of your own (cp {shown} {shown}.mine && mv {shown}.mine {shown}) and run chmod 600 {shown}"),
        });
    }
    if mode & 0o022 != 0 {
        return Some(Untrusted {
            problem: format!("is writable by group or others (mode {mode:04o})"),
            fix: format!("run chmod 600 {shown}"),
        });
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let move_it = "move it to a directory only you can write, such as ~/.config/oktui".to_string();
    let dir_meta = match std::fs::metadata(dir) {
        Ok(meta) => meta,
        Err(e) => {
            let problem = format!("is in {}, which cannot be checked ({e})", dir.display());
            return Some(Untrusted { problem, fix: move_it });
        }
    };
    let dir_mode = dir_meta.permissions().mode();
    if dir_mode & 0o002 != 0 && dir_mode & 0o1000 == 0 {
        let problem = format!(
            "is in {}, which is writable by everyone without the sticky bit, so anyone can replace it",
            dir.display()
        );
        return Some(Untrusted { problem, fix: move_it });
    }
    if dir_meta.uid() != me && dir_meta.uid() != 0 {
        let problem = format!("is in {}, which is owned by uid {}, who can replace it", dir.display(), dir_meta.uid());
        return Some(Untrusted { problem, fix: move_it });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "canary-c0mm4nd";

    fn run_for(command: &str, secs: u64) -> Result<String, Failure> {
        run(command, Duration::from_secs(secs)).map(|s| s.expose().to_string())
    }

    #[test]
    fn stdout_is_the_secret_and_nothing_else_is_kept() {
        assert_eq!(run_for("printf '00tok\\n'; echo noise >&2", 5).unwrap(), "00tok\n");
        assert_eq!(run_for(&format!("printf {CANARY}; exit 3"), 5), Err(Failure::Status("exit status: 3".into())));
        assert_eq!(run_for("printf '\\377'", 5), Err(Failure::NotText));
        assert_eq!(run_for("printf '%070000d' 0", 5), Err(Failure::TooMuch));
        for failure in [Failure::Status("exit status: 3".into()), Failure::TooMuch, Failure::NotText] {
            assert!(!failure.describe().contains(CANARY));
        }
    }

    #[test]
    fn a_command_past_its_time_is_killed() {
        let started = Instant::now();
        assert_eq!(run_for("sleep 20", 1), Err(Failure::TimedOut(Duration::from_secs(1))));
        assert_eq!(run_for("exec >&-; sleep 20", 1), Err(Failure::TimedOut(Duration::from_secs(1))));
        assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());
        let said = Failure::TimedOut(Duration::from_secs(1)).describe();
        assert!(said.contains("within 1 s (command_timeout_secs)"), "{said}");
    }
}
