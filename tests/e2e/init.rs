//! Acceptance 2 of issue 9: `oktui init` in a pseudo-terminal creates a working profile for
//! each of the three methods against a simulated org, answering bad input with its fix on
//! the way (an `-admin` URL, a pasted secret with a space, a key file others can read, an
//! unregistered kid); the config file holds no secret, and no secret reaches the terminal.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use oktui::sim::{SimConfig, SimServer};

use crate::common;
use crate::harness::{has_flags, Tui, ENTER};

/// Any one answer's effect (a token request against the sim included).
const STEP: Duration = Duration::from_secs(20);
/// From the last answer to doctor's end.
const DOCTOR: Duration = Duration::from_secs(60);

/// A small, still org.
fn org(rt: &tokio::runtime::Runtime, config: SimConfig) -> SimServer {
    rt.block_on(common::start(SimConfig { live_log: false, log_backfill_secs: 600, ..config }))
}

/// `oktui init` in a tall pty, so nothing it prints scrolls away.
fn init(env: &[(&str, String)]) -> Tui {
    Tui::spawn(&["init"], env, 200, 120)
}

/// Waits until `text` is on screen `n` times (a question asked again counts anew).
fn wait_nth(tui: &Tui, text: &str, n: usize) {
    tui.wait_until(&format!("{text:?} shown {n} times"), STEP, |s| s.contents().matches(text).count() >= n);
}

/// Answers the `n`th `question` with `answer`.
fn answer(tui: &mut Tui, question: &str, n: usize, answer: &str) {
    wait_nth(tui, question, n);
    tui.send(answer);
    tui.send(ENTER);
}

/// Types a secret once the terminal no longer echoes.
fn paste_secret(tui: &mut Tui, n: usize, secret: &str) {
    wait_nth(tui, "(input hidden)", n);
    let deadline = std::time::Instant::now() + STEP;
    while tui.local_flags().is_some_and(|f| has_flags(&f, &["ECHO"])) {
        assert!(std::time::Instant::now() < deadline, "echo stays on for the secret");
        std::thread::sleep(Duration::from_millis(20));
    }
    tui.send(secret);
    tui.send(ENTER);
}

/// The config file init wrote, and checks that doctor passed and no secret leaked.
fn finish(tui: &mut Tui, env: &[(&str, String)], secrets: &[&str]) -> String {
    tui.wait_for("Running oktui doctor", DOCTOR);
    let exit = tui.finish(DOCTOR);
    let screen = tui.screen_text();
    assert_eq!(exit.code, 0, "doctor passes on the new profile:\n{screen}");
    assert!(screen.contains("✓ read the System Log"), "{screen}");
    let config = config_file(tui.home());
    let text = std::fs::read_to_string(&config).unwrap();
    // A later start in the same environment works from the file alone.
    let later = std::process::Command::new(env!("CARGO_BIN_EXE_oktui"))
        .args(["users", "--format", "csv"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", tui.home())
        .env("XDG_CONFIG_HOME", tui.home().join(".config"))
        .env("XDG_DATA_HOME", tui.home().join(".local/share"))
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&later.stdout);
    assert!(later.status.success(), "oktui users on the new profile: {}", String::from_utf8_lossy(&later.stderr));
    assert!(listed.contains("svc-oktui@acme.example"), "{listed}");
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    for secret in secrets {
        assert!(!text.contains(secret), "the config file holds a secret:\n{text}");
        assert!(!raw.contains(secret), "a secret reached the terminal");
    }
    text
}

fn config_file(home: &Path) -> PathBuf {
    home.join(".config/oktui/config.toml")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_connects_with_an_ssws_token_pasted_into_a_private_file() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = org(&rt, SimConfig { users: 20, ..SimConfig::default() });
    let token = sim.credentials().api_token.clone();
    let mut tui = init(&[]);
    answer(&mut tui, "Org URL", 1, "https://acme-admin.okta.com");
    wait_nth(&tui, "is the admin console host", 1);
    answer(&mut tui, "Org URL", 2, sim.url());
    answer(&mut tui, "Profile name", 1, "sim");
    answer(&mut tui, "Choice", 1, "3");
    answer(&mut tui, "Read-only", 1, "");
    answer(&mut tui, "Choice", 2, "1");
    answer(&mut tui, "File for the API token", 1, "");
    paste_secret(&mut tui, 1, &format!("{} {}", &token[..10], &token[10..]));
    wait_nth(&tui, "contains whitespace or several lines", 1);
    paste_secret(&mut tui, 2, &format!("  {token}"));
    tui.wait_for("the token works: it acts as svc-oktui@acme.example", STEP);
    let text = finish(&mut tui, &[], &[&token]);
    let home = tui.home().to_path_buf();
    assert!(text.contains("default_profile = \"sim\"") && text.contains("token_file = \"~/.config/oktui/sim.token\""));
    let stored = home.join(".config/oktui/sim.token");
    assert_eq!(std::fs::read_to_string(&stored).unwrap(), format!("{token}\n"));
    assert_eq!((mode(&stored), mode(&config_file(&home))), (0o600, 0o600));
}

#[test]
fn init_connects_with_a_client_secret_from_an_environment_variable() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = org(&rt, SimConfig { users: 20, ..SimConfig::default() });
    let c = sim.credentials().clone();
    let env = [("OKTUI_PARTNER_SECRET", c.client_secret.clone())];
    let mut tui = init(&env);
    answer(&mut tui, "Org URL", 1, &c.url);
    answer(&mut tui, "Profile name", 1, "partner");
    answer(&mut tui, "Choice", 1, "2");
    answer(&mut tui, "Read-only", 1, "n");
    answer(&mut tui, "Client ID", 1, &c.client_id);
    answer(&mut tui, "Choice", 2, "2");
    answer(&mut tui, "Environment variable", 1, "OKTUI_NOT_SET");
    wait_nth(&tui, "OKTUI_NOT_SET is not set or is empty", 1);
    answer(&mut tui, "Choice", 3, "2");
    answer(&mut tui, "Environment variable", 2, "OKTUI_PARTNER_SECRET");
    tui.wait_for("token acquired (Bearer)", STEP);
    let text = finish(&mut tui, &env, &[&c.client_secret]);
    assert!(text.contains("client_secret_env = \"OKTUI_PARTNER_SECRET\""), "{text}");
    assert!(text.contains("okta.users.manage") && text.contains("read_only = false"), "{text}");
}

#[test]
fn init_connects_with_a_private_key_and_dpop() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = org(&rt, SimConfig { users: 20, require_dpop: true, ..SimConfig::default() });
    let c = sim.credentials().clone();
    let mut tui = init(&[]);
    let key = tui.home().join("okta-key.pem");
    std::fs::write(&key, &c.private_key_pem).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    answer(&mut tui, "Org URL", 1, &c.url);
    answer(&mut tui, "Profile name", 1, "prod");
    answer(&mut tui, "Choice", 1, "1");
    answer(&mut tui, "Read-only", 1, "y");
    answer(&mut tui, "Client ID", 1, &c.client_id);
    answer(&mut tui, "Private key file", 1, "~/okta-key.pem");
    answer(&mut tui, "Key ID (kid)", 1, "not-registered");
    wait_nth(&tui, &format!("chmod 600 {}", key.display()), 1);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    answer(&mut tui, "Private key file", 2, "");
    answer(&mut tui, "Key ID (kid)", 2, "");
    wait_nth(&tui, "the key id (kid) names no key registered on the app", 1);
    answer(&mut tui, "Client ID", 2, "");
    answer(&mut tui, "Private key file", 3, "");
    answer(&mut tui, "Key ID (kid)", 3, &c.key_id);
    tui.wait_for("token acquired (DPoP-bound)", STEP);
    let pem_body: Vec<&str> = c.private_key_pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let text = finish(&mut tui, &[], &pem_body);
    assert!(text.contains("private_key_file = \"~/okta-key.pem\"") && text.contains(&c.key_id), "{text}");
    assert!(!text.contains("PRIVATE KEY") && text.contains("read_only = true"), "{text}");
}
