//! oktui's files on this machine: every directory it creates is 0700 and every file 0600
//! (log, journal, the tail's cursor, the MFA cache), an older data dir left looser is
//! tightened, and without a home directory the console refuses rather than keep its journal
//! in a shared temporary directory.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{small_config, start};
use crate::run::{command, oktui, ssws_env, Home};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Every directory and file under `dir` (itself included), with its mode.
fn tree(dir: &Path) -> Vec<(String, u32)> {
    let mut found = vec![(dir.display().to_string(), mode(dir))];
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(tree(&path));
        } else {
            found.push((path.display().to_string(), mode(&path)));
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_file_oktui_writes_is_private() {
    let sim = start(small_config(20)).await;
    let home = Home::new();
    let env = ssws_env(&sim);
    // An older oktui left the data dir 0755 and its log 0644.
    let data = home.path().join(".local/share/oktui");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(data.join("oktui.log"), "").unwrap();
    std::fs::set_permissions(data.join("oktui.log"), std::fs::Permissions::from_mode(0o644)).unwrap();

    let run = oktui(&home, &["users", "--format", "json"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = oktui(&home, &["mfa-gaps", "--format", "json"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = oktui(&home, &["suspend", "marcus.oyelaran@acme.example", "--reason", "files test", "--yes"], &env).await;
    assert_eq!(run.code, 0, "{}", run.stderr);

    let args = ["logs", "--follow", "--resume", "--since", "10m", "--format", "jsonl", "--poll-interval", "1"];
    let mut follow = command(&home, &args, &env);
    follow.stdout(Stdio::null()).stderr(Stdio::null()).kill_on_drop(true);
    let mut child = follow.spawn().unwrap();
    let cursor = data.join("tail/env.json");
    let started = Instant::now();
    while !cursor.exists() && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let pid = child.id().unwrap().to_string();
    std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap();
    tokio::time::timeout(Duration::from_secs(20), child.wait()).await.unwrap().unwrap();
    assert!(cursor.exists(), "the tail kept its cursor");

    let found = tree(&data);
    for (path, mode) in &found {
        let expected = if Path::new(path).is_dir() { 0o700 } else { 0o600 };
        assert_eq!(*mode, expected, "{path} is {mode:o}; every entry: {found:?}");
    }
    for name in ["audit.jsonl", "oktui.log", "tail", "mfa"] {
        assert!(data.join(name).exists(), "{name} was written: {found:?}");
    }
}

#[tokio::test]
async fn without_a_home_the_console_refuses_instead_of_using_tmp() {
    let sim = start(small_config(5)).await;
    let tmp = tempfile::tempdir().unwrap();
    for args in [&[][..], &["demo"][..]] {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_oktui"));
        cmd.args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("HOME", "").env("TMPDIR", tmp.path()).env("TERM", "xterm").envs(ssws_env(&sim));
        cmd.stdin(Stdio::null()).kill_on_drop(true);
        let out = tokio::time::timeout(Duration::from_secs(60), cmd.output()).await.unwrap().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && out.status.code() != Some(101), "{args:?}: {:?} {stderr}", out.status);
        assert!(stderr.contains("set HOME"), "{args:?}: the message names the variable to set: {stderr}");
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.path()).collect();
        assert!(left.is_empty(), "{args:?}: nothing is kept in the temporary directory: {left:?}");
    }
}
