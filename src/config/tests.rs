//! Loading connections end to end: files in a temp dir, a fake environment, real commands.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use super::*;

/// The config's `[detections]`, read as a run reads it.
fn detection_settings(opts: &ConfigOptions) -> Result<DetectionConfig, ConfigError> {
    Config::read(opts.clone()).map(|c| c.detections())
}

/// `[detections]` with `default_config` for the default location.
fn detections_in(opts: &ConfigOptions, default_config: Option<&Path>) -> Result<DetectionConfig, ConfigError> {
    Config::read_from(opts.clone(), default_config).map(|c| c.detections())
}

/// The config's `[hunt]`.
fn hunt_settings(opts: &ConfigOptions) -> Result<HuntSettings, ConfigError> {
    Config::read(opts.clone()).map(|c| c.hunt())
}

/// The config's `[theme]`, `[keys]` and `[logs]`.
fn ui_settings(opts: &ConfigOptions) -> Result<UiSettings, ConfigError> {
    Config::read(opts.clone()).map(|c| c.ui())
}

/// The profile names, with `default_config` for the default location.
fn names_in(opts: &ConfigOptions, default_config: Option<&Path>) -> Result<Vec<String>, ConfigError> {
    Config::read_from(opts.clone(), default_config).map(|c| c.profile_names())
}
use crate::okta::credential::{ACTION_SCOPE, READ_SCOPES};

const CANARY: &str = "canary-0kt4-s3cr3t";
const JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"x","y":"y","d":"d"}"#;

/// A config dir holding `config.toml` and private files beside it.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(config: &str) -> Setup {
        let setup = Setup { dir: tempfile::tempdir().unwrap() };
        fs::write(setup.config(), config).unwrap();
        setup
    }

    fn empty() -> Setup {
        Setup { dir: tempfile::tempdir().unwrap() }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn file(&self, name: &str, content: &str, mode: u32) -> PathBuf {
        let path = self.dir.path().join(name);
        fs::write(&path, content).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    fn load(&self, opts: &ConfigOptions, env: &[(&str, &str)]) -> Result<Profile, ConfigError> {
        let env = |k: &str| env.iter().find(|(name, _)| *name == k).map(|(_, v)| v.to_string());
        load_with(opts, &env, Some(&self.config()))
    }
}

fn opts() -> ConfigOptions {
    ConfigOptions::default()
}

fn with_profile(name: &str) -> ConfigOptions {
    ConfigOptions { profile: Some(name.into()), ..opts() }
}

fn token_of(profile: &Profile) -> &str {
    match &profile.credential {
        Credential::ApiToken(token) => token.expose(),
        other => panic!("expected an API token, got {other:?}"),
    }
}

const TWO_PROFILES: &str = r#"
[profiles.prod]
org_url = "https://acme.okta.com"
token_env = "PROD_TOKEN"
read_only = true
label = "Production"

[profiles.dev]
org_url = "https://acme.oktapreview.com"
auth = "ssws"
token_command = "printf '00dev\n'"
"#;

#[test]
fn environment_alone_is_enough() {
    let setup = Setup::empty();
    let env = [("OKTA_CLIENT_ORGURL", " https://acme.okta.com/ "), ("OKTA_CLIENT_TOKEN", "00env")];
    let profile = setup.load(&opts(), &env).unwrap();
    assert_eq!(profile.name, "env");
    assert_eq!(profile.org_url.as_str(), "https://acme.okta.com");
    assert_eq!(token_of(&profile), "00env");
    assert!(!profile.read_only);
    let both = [("OKTA_CLIENT_ORGURL", "https://acme.okta.com"), ("OKTA_CLIENT_TOKEN", "00env")];
    let env = |k: &str| both.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
    assert!(load_with(&opts(), &env, None).is_ok());
}

#[test]
fn oauth_from_the_environment_gets_default_scopes() {
    let setup = Setup::empty();
    let env = [
        ("OKTA_CLIENT_ORGURL", "https://acme.okta.com"),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey"),
        ("OKTA_CLIENT_CLIENTID", "0oa1"),
        ("OKTA_CLIENT_PRIVATEKEY", JWK),
        ("OKTA_CLIENT_PRIVATEKEYID", "kid-1"),
    ];
    let profile = setup.load(&opts(), &env).unwrap();
    let Credential::PrivateKey { client_id, key, key_id, scopes } = &profile.credential else { panic!() };
    assert_eq!((client_id.as_str(), key.expose(), key_id.as_deref()), ("0oa1", JWK, Some("kid-1")));
    let mut expected: Vec<&str> = READ_SCOPES.to_vec();
    expected.push(ACTION_SCOPE);
    assert_eq!(scopes, &expected);
    let read_only = ConfigOptions { read_only: true, ..opts() };
    let profile = setup.load(&read_only, &env).unwrap();
    assert_eq!(profile.credential.scopes(), READ_SCOPES);
}

#[test]
fn client_secret_from_the_environment_with_scopes() {
    let env = [
        ("OKTA_CLIENT_ORGURL", "https://acme.okta.com"),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "clientsecret"),
        ("OKTA_CLIENT_CLIENTID", "0oa2"),
        ("OKTA_CLIENT_CLIENTSECRET", "s3"),
        ("OKTA_CLIENT_SCOPES", "okta.users.read,okta.logs.read"),
    ];
    let profile = Setup::empty().load(&opts(), &env).unwrap();
    let Credential::ClientSecret { client_id, secret, scopes } = &profile.credential else { panic!() };
    assert_eq!((client_id.as_str(), secret.expose()), ("0oa2", "s3"));
    assert_eq!(scopes, &["okta.users.read", "okta.logs.read"]);
}

#[test]
fn profile_with_a_relative_token_file() {
    let setup = Setup::new("[profiles.prod]\norg_url = \"https://acme.okta.com\"\ntoken_file = \"prod.token\"\n");
    setup.file("prod.token", "00file\n", 0o600);
    let profile = setup.load(&opts(), &[]).unwrap();
    assert_eq!((profile.name.as_str(), token_of(&profile)), ("prod", "00file"));
}

#[test]
fn profile_with_a_private_key_file_and_a_secret_command() {
    let setup = Setup::empty();
    let key = setup.file("key.json", JWK, 0o600);
    let config = format!(
        "default_profile = \"pk\"\n[profiles.pk]\norg_url = \"https://acme.okta.com\"\nauth = \"private_key\"\n\
         client_id = \"0oa3\"\nkey_id = \"k3\"\nprivate_key_file = \"{}\"\nscopes = [\"okta.logs.read\"]\n\
         [profiles.cs]\norg_url = \"https://acme.okta.com\"\nauth = \"client_secret\"\nclient_id = \"0oa4\"\n\
         client_secret_command = \"printf 'cs-42'\"\n",
        key.display()
    );
    fs::write(setup.config(), config).unwrap();
    let profile = setup.load(&opts(), &[]).unwrap();
    let Credential::PrivateKey { key, key_id, scopes, .. } = &profile.credential else { panic!() };
    assert_eq!(
        (key.expose(), key_id.as_deref(), scopes.as_slice()),
        (JWK, Some("k3"), &["okta.logs.read".to_string()][..])
    );
    let profile = setup.load(&with_profile("cs"), &[]).unwrap();
    let Credential::ClientSecret { client_id, secret, .. } = &profile.credential else { panic!() };
    assert_eq!((client_id.as_str(), secret.expose()), ("0oa4", "cs-42"));
}

#[test]
fn precedence_flag_then_environment_then_profile() {
    let setup = Setup::new(TWO_PROFILES);
    let env = [("PROD_TOKEN", "00prod")];
    let profile = setup.load(&with_profile("prod"), &env).unwrap();
    assert_eq!(profile.org_url.as_str(), "https://acme.okta.com");
    assert_eq!(profile.label.as_deref(), Some("Production"));
    assert!(profile.read_only);
    let env = [("PROD_TOKEN", "00prod"), ("OKTA_CLIENT_ORGURL", "https://env.okta.com")];
    assert_eq!(setup.load(&with_profile("prod"), &env).unwrap().org_url.host(), "env.okta.com");
    let flag = ConfigOptions { org_url: Some("http://127.0.0.1:9".into()), ..with_profile("prod") };
    assert_eq!(setup.load(&flag, &env).unwrap().org_url.as_str(), "http://127.0.0.1:9");
    let env = [("OKTA_CLIENT_TOKEN", "00override")];
    assert_eq!(token_of(&setup.load(&with_profile("dev"), &env).unwrap()), "00override");
    let read_only = ConfigOptions { read_only: true, ..with_profile("dev") };
    assert!(setup.load(&read_only, &[]).unwrap().read_only);
    assert!(!setup.load(&with_profile("dev"), &[]).unwrap().read_only);
}

#[test]
fn profile_choice() {
    let setup = Setup::new(TWO_PROFILES);
    let e = setup.load(&opts(), &[]).unwrap_err();
    assert!(matches!(e, ConfigError::AmbiguousProfile { .. }), "{e}");
    assert!(e.to_string().contains("(dev, prod)") && e.to_string().contains("--profile NAME"), "{e}");
    let e = setup.load(&with_profile("stage"), &[]).unwrap_err();
    assert!(e.to_string().contains("profile `stage` (from --profile)") && e.to_string().contains("dev, prod"), "{e}");
    assert_eq!(token_of(&setup.load(&with_profile("dev"), &[]).unwrap()), "00dev");
    let env = [("OKTA_CLIENT_ORGURL", "https://acme.okta.com"), ("OKTA_CLIENT_TOKEN", "00env")];
    assert_eq!(setup.load(&opts(), &env).unwrap().name, "env");

    fs::write(setup.config(), format!("default_profile = \"dev\"\n{TWO_PROFILES}")).unwrap();
    assert_eq!(setup.load(&opts(), &[]).unwrap().name, "dev");
    fs::write(setup.config(), format!("default_profile = \"gone\"\n{TWO_PROFILES}")).unwrap();
    let e = setup.load(&opts(), &[]).unwrap_err();
    assert!(e.to_string().contains("profile `gone` (from default_profile)"), "{e}");
}

#[test]
fn nothing_configured_says_how_to_start() {
    let setup = Setup::empty();
    let e = setup.load(&opts(), &[]).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains(&format!("create {}", setup.config().display())), "{msg}");
    assert!(msg.contains("config.example.toml") && msg.contains("OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN"), "{msg}");
    let e = setup.load(&with_profile("prod"), &[]).unwrap_err();
    assert!(matches!(e, ConfigError::UnknownProfile { .. }), "{e}");
    fs::write(setup.config(), "default_profile = \"x\"\n").unwrap();
    let e = setup.load(&opts(), &[]).unwrap_err();
    assert!(e.to_string().contains("(from default_profile)") && e.to_string().contains("there: none"), "{e}");
    let e = Setup::new("").load(&opts(), &[]).unwrap_err();
    assert!(e.to_string().contains("add a [profiles.NAME] table to"), "{e}");
}

#[test]
fn explicit_config_must_exist() {
    let setup = Setup::empty();
    let missing = ConfigOptions { config_file: Some(setup.dir.path().join("other.toml")), ..opts() };
    let env = [("OKTA_CLIENT_ORGURL", "https://acme.okta.com"), ("OKTA_CLIENT_TOKEN", "00env")];
    assert!(matches!(setup.load(&missing, &env), Err(ConfigError::ConfigNotFound { .. })));
}

#[test]
fn incomplete_profiles_name_what_is_missing() {
    let cases: [(&str, &str); 7] = [
        ("token_env = \"T\"", "no org URL for profile `p`"),
        ("org_url = \"https://a.okta.com\"", "no credential for profile `p`"),
        ("org_url = \"https://a.okta.com\"\nauth = \"private_key\"", "needs a client id: set client_id"),
        (
            "org_url = \"https://a.okta.com\"\nauth = \"ssws\"",
            "needs an API token: set token_env, token_file or token_command",
        ),
        ("org_url = \"https://a.okta.com\"\ntoken_env = \"T\"\ntoken_file = \"t\"", "sets token_env and token_file"),
        (
            "org_url = \"https://a.okta.com\"\ntoken_env = \"T\"\nclient_secret_env = \"S\"",
            "several auth modes (ssws, client_secret)",
        ),
        ("org_url = \"https://acme-admin.okta.com\"\ntoken_env = \"T\"", "org_url of profile `p` in"),
    ];
    for (body, expected) in cases {
        let e = Setup::new(&format!("[profiles.p]\n{body}\n")).load(&opts(), &[("T", "00t")]).unwrap_err();
        assert!(e.to_string().contains(expected), "{body}: {e}");
    }
    let e = Setup::empty().load(&opts(), &[("OKTA_CLIENT_ORGURL", "https://a.okta.com")]).unwrap_err();
    assert!(e.to_string().contains("no credential for the OKTA_CLIENT_* environment"), "{e}");
}

#[test]
fn profile_names_are_sorted_and_empty_without_a_file() {
    let setup = Setup::new(TWO_PROFILES);
    assert_eq!(names_in(&opts(), Some(&setup.config())).unwrap(), ["dev", "prod"]);
    assert!(names_in(&opts(), Some(Path::new("/nonexistent/oktui.toml"))).unwrap().is_empty());
    assert!(names_in(&opts(), None).unwrap().is_empty());
    let explicit = ConfigOptions { config_file: Some("/nonexistent/oktui.toml".into()), ..opts() };
    assert!(names_in(&explicit, None).is_err());
}

/// Every error path that could touch a secret, with a canary as the secret.
#[test]
fn no_error_ever_shows_the_secret() {
    let setup = Setup::empty();
    let org = "org_url = \"https://acme.okta.com\"";
    let insecure = setup.file("insecure", CANARY, 0o644);
    let spaced = setup.file("spaced", &format!("{CANARY} \n"), 0o600);
    let not_key = setup.file("notkey.pem", CANARY, 0o600);
    let failing = format!("cat {}; exit 1", spaced.display());
    let spaced_value = format!("{CANARY} x");
    let userinfo = format!("https://admin:{CANARY}@acme.okta.com");
    let configs = [
        format!("[profiles.p]\n{org}\ntoken = \"{CANARY}\""),
        format!("[profiles.p]\n{org}\ntoken = \"{CANARY}"),
        format!("[profiles.p]\n{org}\nscopes = \"{CANARY}\""),
        format!("[profiles.p]\n{org}\ntoken_file = \"{}\"", insecure.display()),
        format!("[profiles.p]\n{org}\ntoken_file = \"{}\"", spaced.display()),
        format!("[profiles.p]\n{org}\nclient_secret_command = \"{failing}\"\nclient_id = \"c\""),
        format!("[profiles.p]\n{org}\ntoken_env = \"SPACED\""),
        format!(
            "[profiles.p]\n{org}\nauth = \"private_key\"\nclient_id = \"c\"\nprivate_key_file = \"{}\"",
            not_key.display()
        ),
        format!("[profiles.p]\norg_url = \"{userinfo}\"\ntoken_env = \"SPACED\""),
    ];
    let env = [("SPACED", spaced_value.as_str())];
    let mut errors: Vec<ConfigError> =
        configs.iter().map(|c| Setup::new(c).load(&opts(), &env).expect_err(c)).collect();
    let env_cases: [&[(&str, &str)]; 4] = [
        &[("OKTA_CLIENT_ORGURL", "https://a.okta.com"), ("OKTA_CLIENT_TOKEN", &spaced_value)],
        &[
            ("OKTA_CLIENT_ORGURL", "https://a.okta.com"),
            ("OKTA_CLIENT_PRIVATEKEY", CANARY),
            ("OKTA_CLIENT_CLIENTID", "c"),
        ],
        &[("OKTA_CLIENT_ORGURL", "https://a.okta.com"), ("OKTA_CLIENT_CLIENTSECRET", CANARY)],
        &[("OKTA_CLIENT_ORGURL", &userinfo), ("OKTA_CLIENT_TOKEN", CANARY)],
    ];
    errors.extend(env_cases.iter().map(|env| Setup::empty().load(&opts(), env).expect_err("env case")));
    for e in &errors {
        let shown = format!("{e}\n{e:?}");
        assert!(!shown.contains(CANARY), "{shown}");
    }
    let ok = [("OKTA_CLIENT_ORGURL", "https://a.okta.com"), ("OKTA_CLIENT_TOKEN", CANARY)];
    let profile = Setup::empty().load(&opts(), &ok).unwrap();
    assert!(!format!("{profile:?}").contains(CANARY));
}

#[test]
fn the_example_config_parses() {
    let text = include_str!("../../config.example.toml");
    let file = file::parse(Path::new("config.example.toml"), text).unwrap();
    assert_eq!(file.default_profile.as_deref(), Some("prod"));
    assert_eq!(file.profiles.keys().collect::<Vec<_>>(), ["partner", "prod", "sandbox"]);
    assert_eq!(file.detections, DetectionConfig::default(), "the example lists the defaults");
}

#[test]
fn detections_table_overrides_only_what_it_names() {
    let setup = Setup::new("[detections]\nspray_min_users = 8\nsuspicious_countries = [\"Iran\"]\n");
    let explicit = ConfigOptions { config_file: Some(setup.config()), ..opts() };
    let config = detection_settings(&explicit).unwrap();
    assert_eq!(config.spray_min_users, 8);
    assert_eq!(config.suspicious_countries, ["Iran"]);
    assert_eq!(config.brute_force_min_failures, DetectionConfig::default().brute_force_min_failures);
    let bad = Setup::new("[detections]\nspray_users = 8\n");
    let err = detection_settings(&ConfigOptions { config_file: Some(bad.config()), ..opts() }).unwrap_err();
    assert!(err.to_string().contains("config.toml"), "{err}");
    assert_eq!(detections_in(&opts(), Some(&Setup::empty().config())).unwrap(), DetectionConfig::default());
}

/// Sets `path`'s permission bits.
fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

const COMMAND_PROFILE: &str = "[profiles.p]\norg_url = \"https://acme.okta.com\"\ntoken_command = \"printf 00cmd\"\n";

#[test]
fn commands_run_only_from_a_file_only_you_can_change() {
    let setup = Setup::new(COMMAND_PROFILE);
    chmod(&setup.config(), 0o644);
    assert_eq!(token_of(&setup.load(&opts(), &[]).unwrap()), "00cmd", "readable by others is fine: no secret");
    for mode in [0o664, 0o646, 0o666, 0o620] {
        chmod(&setup.config(), mode);
        let e = setup.load(&opts(), &[]).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(&format!("chmod 600 {}", setup.config().display())), "{mode:o}: {msg}");
        assert!(msg.contains("token_command"), "{mode:o}: {msg}");
        assert!(!msg.contains("printf"), "the command is never shown: {msg}");
    }
    let env_only = Setup::new("[profiles.p]\norg_url = \"https://acme.okta.com\"\ntoken_env = \"T\"\n");
    chmod(&env_only.config(), 0o666);
    assert!(env_only.load(&opts(), &[("T", "00t")]).is_ok(), "a file that names no command is not checked");

    chmod(&setup.config(), 0o600);
    chmod(setup.dir.path(), 0o777);
    let e = setup.load(&opts(), &[]).unwrap_err();
    assert!(e.to_string().contains("writable by everyone"), "{e}");
    chmod(setup.dir.path(), 0o1777);
    assert!(setup.load(&opts(), &[]).is_ok(), "a sticky directory keeps others from replacing the file");
    chmod(setup.dir.path(), 0o700);

    let someone_else = nix::unistd::Uid::from_raw(54_321);
    if nix::unistd::chown(&setup.config(), Some(someone_else), None).is_ok() {
        let e = setup.load(&opts(), &[]).unwrap_err();
        assert!(e.to_string().contains("owned by uid 54321"), "{e}");
    }
}

#[test]
fn a_command_that_hangs_is_killed_with_its_children() {
    let setup = Setup::empty();
    let pid_file = setup.dir.path().join("pid");
    let config = format!(
        "command_timeout_secs = 1\n[profiles.p]\norg_url = \"https://acme.okta.com\"\n\
         token_command = \"sleep 30 & echo $! > {}; wait\"\n",
        pid_file.display()
    );
    fs::write(setup.config(), config).unwrap();
    let started = std::time::Instant::now();
    let e = setup.load(&opts(), &[]).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "took {:?}", started.elapsed());
    let msg = e.to_string();
    assert!(msg.contains("token_command") && msg.contains("1 s") && msg.contains("command_timeout_secs"), "{msg}");
    assert!(!msg.contains("sleep"), "{msg}");
    let pid = fs::read_to_string(&pid_file).unwrap();
    let alive = || {
        let stat = fs::read_to_string(format!("/proc/{}/stat", pid.trim())).unwrap_or_default();
        (!stat.is_empty() && !stat.contains(") Z ")).then_some(stat)
    };
    let killed = std::time::Instant::now();
    while alive().is_some() && killed.elapsed() < std::time::Duration::from_secs(5) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(alive(), None, "the command's child was killed too");
}

#[test]
fn a_failing_command_is_named_by_its_key_and_never_shown() {
    let config = format!(
        "[profiles.p]\norg_url = \"https://acme.okta.com\"\nauth = \"client_secret\"\nclient_id = \"c\"\n\
         client_secret_command = \"echo {CANARY} >/dev/null; echo {CANARY} >&2; exit 3\"\n"
    );
    let e = Setup::new(&config).load(&opts(), &[]).unwrap_err();
    let shown = format!("{e}\n{e:?}");
    assert!(shown.contains("client_secret_command of profile `p`") && shown.contains("exit status: 3"), "{shown}");
    assert!(!shown.contains(CANARY) && !shown.contains("echo"), "{shown}");
}

#[test]
fn command_output_is_bounded() {
    let config = "[profiles.p]\norg_url = \"https://acme.okta.com\"\ntoken_command = \"printf '%0200000d' 0\"\n";
    let e = Setup::new(config).load(&opts(), &[]).unwrap_err();
    assert!(e.to_string().contains("more than 64 KiB"), "{e}");
}

#[test]
fn oversized_and_special_config_files_are_refused() {
    let setup = Setup::new(&format!("{}\n{TWO_PROFILES}", "# padding\n".repeat(120_000)));
    let explicit = ConfigOptions { config_file: Some(setup.config()), ..with_profile("prod") };
    let e = setup.load(&explicit, &[("PROD_TOKEN", "00p")]).unwrap_err();
    assert!(e.to_string().contains("larger than 1 MiB"), "{e}");
    for special in ["/dev/null", "/dev/zero"] {
        let options = ConfigOptions { config_file: Some(special.into()), ..opts() };
        let e = setup.load(&options, &[]).unwrap_err();
        assert!(e.to_string().contains(&format!("{special} is not a regular file")), "{e}");
    }
    let token_file = Setup::new("[profiles.p]\norg_url = \"https://acme.okta.com\"\ntoken_file = \"/dev/null\"\n");
    let e = token_file.load(&opts(), &[]).unwrap_err();
    assert!(e.to_string().contains("not a regular file"), "{e}");
}

#[test]
fn hunt_table_sets_the_memory_budget() {
    let setup = Setup::new("[hunt]\nmemory_budget_mb = 512\n");
    let explicit = ConfigOptions { config_file: Some(setup.config()), ..opts() };
    assert_eq!(hunt_settings(&explicit).unwrap().memory_budget_mb, Some(512));
    let bad = Setup::new("[hunt]\nmemory_mb = 512\n");
    let err = hunt_settings(&ConfigOptions { config_file: Some(bad.config()), ..opts() }).unwrap_err();
    assert!(err.to_string().contains("memory_mb"), "{err}");
    let none = Setup::new("[detections]\nspray_min_users = 8\n");
    let without = ConfigOptions { config_file: Some(none.config()), ..opts() };
    assert_eq!(hunt_settings(&without).unwrap(), HuntSettings::default());
}

#[test]
fn logs_table_bounds_what_the_pane_keeps() {
    let in_file = |text: &str| {
        let setup = Setup::new(text);
        ui_settings(&ConfigOptions { config_file: Some(setup.config()), ..opts() })
    };
    assert_eq!(in_file("[logs]\nretain_events = 5000\n").unwrap().logs.retain_events, 5000);
    assert_eq!(in_file("[theme]\n").unwrap().logs, LogSettings::default());
    assert_eq!(LogSettings::default().retain_events, crate::okta::logs::ring::DEFAULT_CAPACITY);
    for (refused, says) in [("999", "out of range"), ("1000001", "out of range"), ("-1", "u64"), ("1e3", "u64")] {
        let err = in_file(&format!("[logs]\nretain_events = {refused}\n")).unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains(says), "{refused}: {err}");
    }
    let err = in_file("[logs]\nretain = 5000\n").unwrap_err().to_string();
    assert!(err.contains("retain"), "{err}");
}

#[test]
fn the_console_table_turns_the_bell_off_and_sets_the_poll_interval() {
    let in_file = |text: &str| {
        let setup = Setup::new(text);
        Config::read(ConfigOptions { config_file: Some(setup.config()), ..opts() }).map(|c| c.console())
    };
    assert_eq!(ConsoleSettings::default(), ConsoleSettings { bell: true, poll_interval_secs: 10 });
    let console = in_file("[console]\nbell = false\npoll_interval_secs = 2\n").unwrap();
    assert_eq!(console, ConsoleSettings { bell: false, poll_interval_secs: 2 });
    assert_eq!(in_file("[theme]\n").unwrap(), ConsoleSettings::default());
    let err = in_file("[console]\npoll_interval_secs = 0\n").unwrap_err().to_string();
    assert!(err.contains("line 2") && err.contains("out of range"), "{err}");
    let err = in_file("[console]\nbeep = false\n").unwrap_err().to_string();
    assert!(err.contains("beep"), "{err}");
}
