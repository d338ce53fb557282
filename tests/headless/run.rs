//! Running `oktui` in a clean environment: no inherited Okta variables, a private home, config
//! and data directory, so nothing of the machine's own setup leaks in.

use std::path::PathBuf;

use oktui::sim::SimServer;

/// A canary standing in for a secret: it must never be printed or logged.
pub const CANARY: &str = "canary-5ecret-7f3a9c";

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// Everything oktui wrote to its data directory (its log file among them).
    pub files: String,
}

/// A private home for one run.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home { dir: tempfile::tempdir().unwrap() }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// Writes a file (mode 600) under the home and returns its path.
    pub fn file(&self, name: &str, content: &str, mode: u32) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = self.dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        p
    }
}

/// The environment naming an SSWS token for `sim`.
pub fn ssws_env(sim: &SimServer) -> Vec<(&'static str, String)> {
    let c = sim.credentials();
    vec![("OKTA_CLIENT_ORGURL", c.url.clone()), ("OKTA_CLIENT_TOKEN", c.api_token.clone())]
}

/// The command `oktui args…` with exactly `env` (plus a private HOME).
pub fn command(home: &Home, args: &[&str], env: &[(&str, String)]) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::from(crate::common::oktui_command(&home.path()));
    cmd.args(args).env("COLUMNS", "160");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// Runs `oktui args…` with exactly `env` (plus a private HOME) and waits for it.
pub async fn oktui(home: &Home, args: &[&str], env: &[(&str, String)]) -> Run {
    let root = home.path();
    let mut cmd = command(home, args, env);
    let out =
        tokio::time::timeout(std::time::Duration::from_secs(120), cmd.output()).await.expect("oktui finishes").unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        files: read_tree(&root.join(".local/share")),
    }
}

fn read_tree(dir: &std::path::Path) -> String {
    let mut text = String::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return text };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            text.push_str(&read_tree(&p));
        } else if let Ok(s) = std::fs::read_to_string(&p) {
            text.push_str(&s);
        }
    }
    text
}

impl Run {
    /// Asserts the run failed with exit 1, one line on stderr containing every `needle` (besides
    /// the notices of waits on the rate limit, which issue 14 asks for).
    pub fn fails_with(&self, needles: &[&str]) {
        assert_eq!(self.code, 1, "exit code; stderr: {}", self.stderr);
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("waiting on rate limit for bucket "))
            .collect();
        assert_eq!(lines.len(), 1, "one clear line on stderr: {:?}", self.stderr);
        for n in needles {
            assert!(self.stderr.contains(n), "stderr lacks {n:?}: {}", self.stderr);
        }
    }

    /// Asserts the run was refused as a usage error (a problem in the flags, environment or
    /// config): exit 2, one line on stderr containing every `needle`.
    pub fn fails_as_usage(&self, needles: &[&str]) {
        assert_eq!(self.code, 2, "exit code; stderr: {}", self.stderr);
        let lines: Vec<&str> = self.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one clear line on stderr: {:?}", self.stderr);
        for n in needles {
            assert!(self.stderr.contains(n), "stderr lacks {n:?}: {}", self.stderr);
        }
    }

    /// Asserts the canary appears nowhere the user or a log could see it.
    pub fn keeps_the_canary(&self) {
        for (what, text) in [("stdout", &self.stdout), ("stderr", &self.stderr), ("files", &self.files)] {
            assert!(!text.contains(CANARY), "the canary secret leaked into {what}");
        }
    }
}
