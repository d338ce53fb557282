//! Running `oktui` headless against a hostile org and measuring it: exit status, stdout,
//! stderr, wall time and the child's peak resident memory (measured by GNU time, see
//! [`crate::common::oktui_measured_command`]).

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use oktui::sim::SimServer;

use crate::common::{measured_peak_kib, oktui_measured_command};

/// Numbers the files GNU time writes a peak to, one per run.
static PEAK_FILES: AtomicUsize = AtomicUsize::new(0);

/// How often a running child is looked at.
const POLL: Duration = Duration::from_millis(20);

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// What ran, for messages.
    pub what: String,
    /// The exit code; `None` when a signal ended it.
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
    /// Peak resident memory of the child, in KiB.
    pub max_rss_kib: u64,
    pub elapsed: Duration,
    /// Killed for running past its time limit.
    pub timed_out: bool,
}

impl Run {
    /// stdout as text (it must be UTF-8).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.stdout).unwrap_or_else(|e| panic!("{}: stdout is not UTF-8: {e}", self.what))
    }
}

/// The environment naming an SSWS token for `sim`.
pub fn ssws_env(sim: &SimServer) -> Vec<(&'static str, String)> {
    let c = sim.credentials();
    vec![("OKTA_CLIENT_ORGURL", c.url.clone()), ("OKTA_CLIENT_TOKEN", c.api_token.clone())]
}

/// Runs `oktui args…` in the clean environment of `home` plus `env`, stdin closed;
/// interrupts it (Ctrl-C, `SIGINT`) after `interrupt_after`, kills it after `limit`.
/// Blocking: call it off the async threads that serve the sim.
fn measure(
    home: &Path,
    args: &[&str],
    env: &[(&str, String)],
    interrupt_after: Option<Duration>,
    limit: Duration,
) -> Run {
    let peak_file = home.join(format!(".peak-{}", PEAK_FILES.fetch_add(1, Ordering::Relaxed)));
    let mut cmd = oktui_measured_command(home, &peak_file);
    cmd.args(args).env("COLUMNS", "160");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    // Reaped by `wait4` below.
    #[allow(clippy::zombie_processes)]
    let mut child = cmd.spawn().expect("oktui starts");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    let out = drain(child.stdout.take().expect("stdout is piped"));
    let err = drain(child.stderr.take().expect("stderr is piped"));
    let mut timed_out = false;
    let mut interrupted = false;
    let (status, _) = loop {
        if let Some(reaped) = wait4(pid, libc::WNOHANG) {
            break reaped;
        }
        if interrupt_after.is_some_and(|after| started.elapsed() > after) && !interrupted {
            interrupted = true;
            // SAFETY: `pid` is our child, not yet reaped, so its group's id cannot have been
            // reused; GNU time ignores the signal, oktui gets it.
            unsafe { libc::kill(-pid, libc::SIGINT) };
        }
        if started.elapsed() > limit && !timed_out {
            timed_out = true;
            // SAFETY: as above; the whole group goes.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
        }
        thread::sleep(POLL);
    };
    let elapsed = started.elapsed();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Run {
        what: format!("oktui {}", args.join(" ")),
        code,
        stdout: out.join().expect("the stdout reader ends"),
        stderr: String::from_utf8_lossy(&err.join().expect("the stderr reader ends")).into_owned(),
        max_rss_kib: if timed_out { 0 } else { measured_peak_kib(&peak_file) },
        elapsed,
        timed_out,
    }
}

/// Reaps `pid` if it has ended (`flags` = `WNOHANG`) or once it ends (`0`): its wait status
/// and resource usage.
fn wait4(pid: libc::pid_t, flags: libc::c_int) -> Option<(libc::c_int, libc::rusage)> {
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live locals of the right types.
        let r = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        match r {
            0 => return None,
            r if r == pid => return Some((status, usage)),
            _ if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => continue,
            _ => panic!("wait4({pid}) failed: {}", std::io::Error::last_os_error()),
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Runs `oktui args…` off the async threads, so the in-process sim keeps serving.
pub async fn oktui_async(home: &Path, args: &[&str], env: &[(&str, String)], limit: Duration) -> Run {
    measure_async(home, args, env, None, limit).await
}

/// Runs `oktui args…` off the async threads for `run_for`, then interrupts it (Ctrl-C) and
/// gives it 20 s to end.
pub async fn oktui_interrupted(home: &Path, args: &[&str], env: &[(&str, String)], run_for: Duration) -> Run {
    measure_async(home, args, env, Some(run_for), run_for + Duration::from_secs(20)).await
}

async fn measure_async(
    home: &Path,
    args: &[&str],
    env: &[(&str, String)],
    interrupt_after: Option<Duration>,
    limit: Duration,
) -> Run {
    let home = home.to_path_buf();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, String)> = env.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        measure(&home, &args, &env, interrupt_after, limit)
    })
    .await
    .expect("the run's thread ends")
}
