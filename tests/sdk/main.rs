//! Okta's official Python Management SDK against `oktui sim serve` (the real binary): a client
//! nobody here wrote authenticates (SSWS, private_key_jwt with the printed RSA key, DPoP), lists,
//! pages, backs off and changes the org as it would against a real Okta org, and its listings
//! agree with oktui's own. The SDK lives in a virtualenv, `target/sdk-venv`, that
//! `tests/sdk/setup-venv.sh` makes from PyPI on first use (`.ci/run` makes it too).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The whole run: three orgs, a day of System Log, the SDK's backoffs.
const TIMEOUT: Duration = Duration::from_secs(300);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The virtualenv's Python with the pinned SDK, installed from PyPI when it is not there yet.
/// Fails (never skips) when it cannot be installed, saying how to install it by hand.
fn sdk_python() -> PathBuf {
    let setup = repo().join("tests/sdk/setup-venv.sh");
    let venv = repo().join("target/sdk-venv");
    let how = format!(
        "The SDK conformance test needs Okta's Python SDK (tests/sdk/requirements.txt) in {}: install it with \
         `{} {}` (python3 with its venv module and access to PyPI), as .ci/run does.",
        venv.display(),
        setup.display(),
        venv.display()
    );
    match Command::new("bash").arg(&setup).arg(&venv).output() {
        Ok(out) if out.status.success() => venv.join("bin/python"),
        Ok(out) => panic!(
            "{how}\nIt failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("{how}\nIt could not run: {e}"),
    }
}

/// Waits for `child` at most `limit`; past it, kills its process group (the script and the
/// orgs it serves) and says so.
fn wait_or_kill(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the SDK run can be waited for") {
            return status;
        }
        if started.elapsed() > limit {
            let _ = Command::new("kill").args(["-KILL", &format!("-{}", child.id())]).status();
            let _ = child.wait();
            panic!("the SDK conformance run took more than {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn okta_python_sdk_talks_to_sim_serve_as_to_okta() {
    use std::os::unix::process::CommandExt;

    let python = sdk_python();
    let script = repo().join("tests/sdk/okta_sdk_conformance.py");
    // A private home and working directory: the SDK reads ~/.okta/okta.yaml and ./okta.yaml.
    let home = tempfile::tempdir().unwrap();
    let (stdout, stderr) = (home.path().join("stdout"), home.path().join("stderr"));
    let mut child = Command::new(&python)
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_oktui"))
        .current_dir(home.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .stdout(Stdio::from(File::create(&stdout).unwrap()))
        .stderr(Stdio::from(File::create(&stderr).unwrap()))
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", python.display()));
    let status = wait_or_kill(&mut child, TIMEOUT);
    let report = format!(
        "{}{}",
        std::fs::read_to_string(&stdout).unwrap_or_default(),
        std::fs::read_to_string(&stderr).unwrap_or_default()
    );
    assert!(status.success(), "Okta's Python SDK and the simulated org disagree:\n{report}");
    assert!(report.contains("SDK checks hold"), "{report}");
}
