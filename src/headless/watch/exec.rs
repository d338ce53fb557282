//! `watch --exec CMD`: a command run for each finding printed, with the finding's JSON line on
//! its standard input, so a team can forward findings to chat or ticketing without oktui
//! knowing their APIs. The command is split into words as a POSIX shell would (quotes,
//! backslashes) and run without a shell unless `--exec-shell` asks for `sh -c`. One runs at
//! a time, in order, each stopped at `--exec-timeout`; what it prints goes to stderr, so
//! stdout stays the findings. Its environment lacks the Okta SDK's variables
//! (`OKTA_CLIENT_*`) and any variable holding the profile's secret. Findings wait in a
//! bounded queue: past it they are not handed on, and the count says so.

use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::okta::credential::Credential;
use crate::sanitize::clean;

/// Findings waiting at most for the command.
const QUEUE: usize = 256;

/// The variables of the Okta SDKs, removed from the command's environment.
const SDK_PREFIX: &str = "OKTA_CLIENT_";

/// How the command is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecSpec {
    /// The program and its arguments (`sh`, `-c`, the text, with `--exec-shell`).
    argv: Vec<String>,
    /// How long one run may take before it is killed.
    timeout: Duration,
    /// The environment's variables the command does not get.
    withheld: Vec<String>,
}

impl ExecSpec {
    /// The command `text` (split as a shell would, or whole for `sh -c` when `shell`), stopped
    /// after `timeout`, without the variables that hold `credential`'s secret.
    pub fn new(text: &str, shell: bool, timeout: Duration, credential: Option<&Credential>) -> Result<ExecSpec> {
        let argv = if shell {
            vec!["sh".to_string(), "-c".to_string(), text.to_string()]
        } else {
            shell_words::split(text).with_context(|| format!("cannot read --exec {:?} as a command", clean(text)))?
        };
        if argv.first().is_none_or(|program| program.trim().is_empty()) {
            anyhow::bail!("--exec names no command: give the program to run and its arguments");
        }
        let withheld = std::env::vars_os()
            .filter_map(|(name, value)| {
                let name = name.into_string().ok()?;
                let holds_secret = value.to_str().is_some_and(|v| credential.is_some_and(|c| c.is_secret_text(v)));
                (name.starts_with(SDK_PREFIX) || holds_secret).then_some(name)
            })
            .collect();
        Ok(ExecSpec { argv, timeout, withheld })
    }
}

/// The runner of `--exec`: a task running the command for each finding handed to it.
pub struct Exec {
    tx: mpsc::Sender<Vec<u8>>,
    task: JoinHandle<()>,
    tally: Arc<Tally>,
    timeout: Duration,
}

/// What became of the findings handed on.
#[derive(Debug, Default)]
struct Tally {
    /// Runs that ended with status 0.
    ok: AtomicUsize,
    /// Runs that failed, were killed at the timeout, or could not start.
    failed: AtomicUsize,
    /// Findings not handed on: the queue was full.
    dropped: AtomicUsize,
}

impl Exec {
    /// Starts the runner.
    pub fn start(spec: ExecSpec) -> Exec {
        let (tx, mut rx) = mpsc::channel::<Vec<u8>>(QUEUE);
        let tally = Arc::new(Tally::default());
        let timeout = spec.timeout;
        let counts = Arc::clone(&tally);
        let task = tokio::spawn(async move {
            while let Some(line) = rx.recv().await {
                match run(&spec, &line).await {
                    Ok(status) if status.success() => counts.ok.fetch_add(1, Ordering::Relaxed),
                    Ok(status) => {
                        eprintln!("warning: --exec ended with {status} for a finding");
                        counts.failed.fetch_add(1, Ordering::Relaxed)
                    }
                    Err(why) => {
                        eprintln!("warning: --exec {why}");
                        counts.failed.fetch_add(1, Ordering::Relaxed)
                    }
                };
            }
        });
        Exec { tx, task, tally, timeout }
    }

    /// Hands on one finding's JSON line; when the command has fallen a whole queue behind,
    /// the finding is counted as not handed on instead.
    pub fn send(&self, line: Vec<u8>) {
        if self.tx.try_send(line).is_err() {
            let dropped = self.tally.dropped.fetch_add(1, Ordering::Relaxed);
            if dropped == 0 {
                eprintln!("warning: --exec is {QUEUE} findings behind: the next ones are not handed to it");
            }
        }
    }

    /// Lets the queued runs finish (each within its timeout, all within two timeouts), then
    /// says on stderr what became of the findings.
    pub async fn finish(self) {
        let Exec { tx, mut task, tally, timeout } = self;
        drop(tx);
        let grace = timeout.saturating_mul(2);
        if tokio::time::timeout(grace, &mut task).await.is_err() {
            task.abort();
            eprintln!("warning: --exec was stopped with findings still queued");
        }
        let (ok, failed, dropped) = (
            tally.ok.load(Ordering::Relaxed),
            tally.failed.load(Ordering::Relaxed),
            tally.dropped.load(Ordering::Relaxed),
        );
        if failed > 0 || dropped > 0 {
            eprintln!("--exec: {ok} ran, {failed} failed, {dropped} not handed on (the queue was full)");
        }
    }
}

/// One run of the command with `line` on its stdin.
async fn run(spec: &ExecSpec, line: &[u8]) -> Result<ExitStatus, String> {
    let (program, args) = spec.argv.split_first().ok_or("names no command")?;
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::piped()).stdout(stderr()).stderr(Stdio::inherit()).kill_on_drop(true);
    for name in &spec.withheld {
        command.env_remove(name);
    }
    let mut child = command.spawn().map_err(|e| format!("cannot start {:?}: {e}", clean(program)))?;
    let feed = async {
        if let Some(mut stdin) = child.stdin.take() {
            // A command that does not read its input is not an error.
            let _ = stdin.write_all(line).await;
        }
        child.wait().await
    };
    match tokio::time::timeout(spec.timeout, feed).await {
        Ok(status) => status.map_err(|e| format!("could not be waited for: {e}")),
        Err(_) => {
            let _ = child.kill().await;
            Err(format!("took longer than {} s and was killed", spec.timeout.as_secs()))
        }
    }
}

/// The process's stderr, for the command's stdout (stdout is the findings').
fn stderr() -> Stdio {
    use std::os::fd::AsFd;
    std::io::stderr().as_fd().try_clone_to_owned().map_or_else(|_| Stdio::null(), Stdio::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_is_split_as_a_shell_would_and_run_without_one() {
        let spec = ExecSpec::new(r#"notify --to "sec ops" it\'s"#, false, Duration::from_secs(1), None).unwrap();
        assert_eq!(spec.argv, ["notify", "--to", "sec ops", "it's"]);
        let shell = ExecSpec::new("a | b", true, Duration::from_secs(1), None).unwrap();
        assert_eq!(shell.argv, ["sh", "-c", "a | b"]);
    }

    #[test]
    fn an_empty_or_unbalanced_command_is_refused() {
        assert!(ExecSpec::new("  ", false, Duration::from_secs(1), None).is_err());
        assert!(ExecSpec::new(r#"notify "open"#, false, Duration::from_secs(1), None).is_err());
    }
}
