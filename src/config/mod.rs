//! Configuration: which Okta org to connect to and with which credential.
//!
//! Sources, by precedence: the command line (`--org-url`, `--read-only`), the Okta SDKs'
//! `OKTA_CLIENT_*` environment variables, then one profile of `config.toml` (`--config PATH`
//! or the platform config dir). Secrets never sit in the file: each is read from an
//! environment variable, a private file or a command's output (`source`; `command` runs one,
//! only from a file no one else can change). `file` is the TOML shape, `env` the SDK
//! variables, `resolve` merges them, `paths` locates oktui's files, `suppress` appends a
//! suppression rule to the file.

mod command;
mod env;
mod error;
mod file;
mod paths;
mod resolve;
mod source;
mod suppress;
#[cfg(all(test, unix))]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use error::ConfigError;
pub use file::existing_text;
pub use paths::Paths;
pub use suppress::append_rule;

use crate::investigate::DetectionConfig;
use crate::okta::client::Client;
use crate::okta::credential::Credential;
use crate::okta::error::OktaError;
use crate::okta::url::OrgUrl;
use env::EnvConfig;
use file::ConfigFile;
use resolve::{resolve, Chosen, Inputs};

/// What the command line says about where to connect.
#[derive(Debug, Clone, Default)]
pub struct ConfigOptions {
    /// `--config PATH`: this file instead of the default one (it must exist).
    pub config_file: Option<PathBuf>,
    /// `--profile NAME`.
    pub profile: Option<String>,
    /// `--org-url URL`: overrides the environment and the profile.
    pub org_url: Option<String>,
    /// `--read-only`: refuse every request that would change the org.
    pub read_only: bool,
}

/// One resolved connection: everything the client needs, secrets read.
/// `Debug` shows no secret: the credential's secrets redact themselves.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The profile's name, or `env` when the `OKTA_CLIENT_*` variables alone describe it.
    pub name: String,
    /// The profile's human label.
    pub label: Option<String>,
    /// The validated org URL.
    pub org_url: OrgUrl,
    /// The credential, secret included.
    pub credential: Credential,
    /// Refuse every request that would change the org.
    pub read_only: bool,
}

/// Whether `text` is a valid config file (the fuzz targets' way in to its parser).
pub(crate) fn parses(text: &str) -> bool {
    file::parse(Path::new("config.toml"), text).is_ok()
}

/// Loads the connection from the real process environment and config file: the config
/// read ([`Config::read`]) and its profile resolved, for a caller that needs nothing else of
/// the file (`oktui init` checking what it wrote).
pub fn load(opts: &ConfigOptions) -> Result<Profile, ConfigError> {
    Config::read(opts.clone())?.profile()
}

/// Loads the connection with `env` standing in for the environment and `default_config` for
/// the default config file location (`None`: no default location).
pub fn load_with(
    opts: &ConfigOptions,
    env: &dyn Fn(&str) -> Option<String>,
    default_config: Option<&Path>,
) -> Result<Profile, ConfigError> {
    Config::read_from(opts.clone(), default_config)?.resolve(opts, env)
}

/// The config of one run of oktui, read once: the command line's options and the config
/// file they name (parsed whole, if there is one). Everything the run needs of the config
/// comes from it: the profile ([`Config::profile`], or another by name for the console's
/// `:profile`), the profile names and the file's tables. Secrets are read when a profile is
/// resolved, not before.
#[derive(Debug)]
pub struct Config {
    opts: ConfigOptions,
    /// The config file's path, and the file when it exists.
    file: Option<(PathBuf, Option<ConfigFile>)>,
}

impl Config {
    /// Reads the config file the options name (`--config`, else the platform's default).
    pub fn read(opts: ConfigOptions) -> Result<Config, ConfigError> {
        let default = Paths::discover().ok().map(|p| p.config_file);
        Config::read_from(opts, default.as_deref())
    }

    /// Reads the config file, with `default_config` for the default location.
    fn read_from(opts: ConfigOptions, default_config: Option<&Path>) -> Result<Config, ConfigError> {
        let file = match config_path(&opts, default_config) {
            (Some(path), explicit) => Some((path.to_path_buf(), file::read(path, explicit)?)),
            (None, _) => None,
        };
        Ok(Config { opts, file })
    }

    /// The config file's path (it may not exist yet); `None` when there is no place for one.
    /// Where the console's "mark benign" appends its rules ([`append_rule`]).
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|(path, _)| path.as_path())
    }

    /// The options the config was read with.
    pub fn options(&self) -> &ConfigOptions {
        &self.opts
    }

    /// The profile the options and the environment choose, resolved (secrets read).
    pub fn profile(&self) -> Result<Profile, ConfigError> {
        self.resolve(&self.opts, &|name| std::env::var(name).ok())
    }

    /// Profile `name` of the file, with every other option as the config was read with.
    pub fn profile_named(&self, name: &str) -> Result<Profile, ConfigError> {
        let opts = ConfigOptions { profile: Some(name.to_string()), ..self.opts.clone() };
        self.resolve(&opts, &|name| std::env::var(name).ok())
    }

    fn resolve(&self, opts: &ConfigOptions, env: &dyn Fn(&str) -> Option<String>) -> Result<Profile, ConfigError> {
        let env_config = EnvConfig::read(env)?;
        let home = paths::home_dir();
        let inputs = Inputs { opts, env_config: &env_config, env, home: home.as_deref() };
        match &self.file {
            Some((path, Some(file))) => from_file(path, file, &inputs),
            Some((path, None)) => from_env_only(Some(path), &inputs),
            None => from_env_only(None, &inputs),
        }
    }

    /// The parsed file, if there is one.
    fn parsed(&self) -> Option<&ConfigFile> {
        self.file.as_ref().and_then(|(_, file)| file.as_ref())
    }

    /// The console's `[theme]`, `[keys]` and `[logs]`; defaults when there is no config file.
    pub fn ui(&self) -> UiSettings {
        self.parsed()
            .map(|f| UiSettings { theme: f.theme.clone(), keys: f.keys.clone(), logs: f.logs })
            .unwrap_or_default()
    }

    /// `[detections]`: the hunts' thresholds, with the documented default for every key the
    /// table leaves out (all of them when there is no config file or no table).
    pub fn detections(&self) -> DetectionConfig {
        self.parsed().map(|f| f.detections.clone()).unwrap_or_default()
    }

    /// `[console]`: the bell and the tails' poll interval; defaults when there is no
    /// config file or no table.
    pub fn console(&self) -> ConsoleSettings {
        self.parsed().map(|f| f.console).unwrap_or_default()
    }

    /// `[hunt]`; empty when there is no config file or no table.
    pub fn hunt(&self) -> HuntSettings {
        self.parsed().map(|f| f.hunt.clone()).unwrap_or_default()
    }

    /// The profile names of the config file, sorted; none when there is no file.
    pub fn profile_names(&self) -> Vec<String> {
        self.parsed().map(|f| f.profiles.keys().cloned().collect()).unwrap_or_default()
    }
}

impl Profile {
    /// The one way a profile becomes a [`Client`] (the console, `:profile`, the headless
    /// commands, `oktui init`'s check): each request waits at most `timeout` (`--timeout`),
    /// and a read-only profile's client refuses every change.
    pub fn client(&self, timeout: Duration) -> Result<Client, OktaError> {
        let client = Client::with_timeout(self.org_url.clone(), self.credential.clone(), timeout)?;
        Ok(if self.read_only { client.into_read_only() } else { client })
    }
}

/// Resolves profile `name` from `text`, config-file text as if read from `path` (relative
/// paths start at its directory), with the real environment and no `OKTA_CLIENT_*`
/// overrides. `oktui init` checks a profile with it before writing it, so what it accepts is
/// exactly what later loads. The text is the caller's own, so a `*_command` in it runs
/// whatever the permissions of the file it will be written to (`init` writes it 0600).
pub fn resolve_text(text: &str, path: &Path, name: &str) -> Result<Profile, ConfigError> {
    let file = file::parse(path, text)?;
    let opts = ConfigOptions { profile: Some(name.to_string()), ..ConfigOptions::default() };
    let env_config = EnvConfig::default();
    let env = |var: &str| std::env::var(var).ok();
    let home = paths::home_dir();
    let inputs = Inputs { opts: &opts, env_config: &env_config, env: &env, home: home.as_deref() };
    from_file(path, &file, &inputs)
}

/// A path as a profile in `config_file` means it: `~` is the home directory, a relative
/// path starts at the config file's directory.
pub fn resolve_profile_path(raw: &str, config_file: &Path) -> PathBuf {
    paths::resolve_path(raw, paths::home_dir().as_deref(), config_file.parent())
}

/// The console's look, keys and System Log pane from the config file (`[theme]`, `[keys]`,
/// `[logs]`).
#[derive(Debug, Clone, Default)]
pub struct UiSettings {
    pub theme: BTreeMap<String, String>,
    pub keys: BTreeMap<String, String>,
    pub logs: LogSettings,
}

/// The config file's `[logs]` table: what the console's System Log pane keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// Events the pane retains, the oldest dropped first: its memory is bounded by this
    /// (about 300 bytes an event), not by how long the console runs.
    #[serde(deserialize_with = "retain_events")]
    pub retain_events: usize,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings { retain_events: crate::okta::logs::ring::DEFAULT_CAPACITY }
    }
}

/// The fewest and the most events `[logs] retain_events` may ask for.
pub const RETAIN_EVENTS: std::ops::RangeInclusive<usize> = 1_000..=1_000_000;

fn retain_events<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    let n = <u64 as serde::Deserialize>::deserialize(d)?;
    usize::try_from(n).ok().filter(|n| RETAIN_EVENTS.contains(n)).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "retain_events = {n} is out of range: use {} to {}",
            RETAIN_EVENTS.start(),
            RETAIN_EVENTS.end()
        ))
    })
}

/// The config file's `[console]` table: how the console tells of live findings and how
/// often its tails poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConsoleSettings {
    /// Ring the terminal bell once when a new high or critical live finding arrives.
    pub bell: bool,
    /// Seconds between polls of the console's tails once caught up (the System Log pane's
    /// and the live judge's).
    #[serde(deserialize_with = "poll_interval_secs")]
    pub poll_interval_secs: u64,
}

impl Default for ConsoleSettings {
    fn default() -> Self {
        let poll = crate::okta::logs::tail::DEFAULT_POLL_INTERVAL.as_secs();
        ConsoleSettings { bell: true, poll_interval_secs: poll }
    }
}

/// The shortest and the longest wait `[console] poll_interval_secs` may ask for.
pub const POLL_INTERVAL_SECS: std::ops::RangeInclusive<u64> = 1..=300;

fn poll_interval_secs<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let n = <u64 as serde::Deserialize>::deserialize(d)?;
    Some(n).filter(|n| POLL_INTERVAL_SECS.contains(n)).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "poll_interval_secs = {n} is out of range: use {} to {}",
            POLL_INTERVAL_SECS.start(),
            POLL_INTERVAL_SECS.end()
        ))
    })
}

/// The config file's `[hunt]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HuntSettings {
    /// The memory a hunt may hold, in MiB; a quarter of the machine's memory when absent
    /// (see [`crate::gather::MemoryBudget`]).
    pub memory_budget_mb: Option<u64>,
}

/// The config file to read, and whether the user named it.
fn config_path<'a>(opts: &'a ConfigOptions, default_config: Option<&'a Path>) -> (Option<&'a Path>, bool) {
    match &opts.config_file {
        Some(path) => (Some(path.as_path()), true),
        None => (default_config, false),
    }
}

fn from_file(path: &Path, file: &ConfigFile, inputs: &Inputs) -> Result<Profile, ConfigError> {
    let wanted = match (&inputs.opts.profile, &file.default_profile) {
        (Some(name), _) => Some((name, "--profile")),
        (None, Some(name)) => Some((name, "default_profile")),
        (None, None) => None,
    };
    if let Some((name, chosen_by)) = wanted {
        let (name, profile) = file.profiles.get_key_value(name).ok_or_else(|| ConfigError::UnknownProfile {
            name: name.clone(),
            chosen_by,
            path: path.to_path_buf(),
            available: list_profiles(file),
        })?;
        return resolve(Some(Chosen { name, profile, file: path, config: file }), inputs);
    }
    let mut profiles = file.profiles.iter();
    match (profiles.next(), profiles.next()) {
        (Some((name, profile)), None) => resolve(Some(Chosen { name, profile, file: path, config: file }), inputs),
        (None, _) if nothing_given(inputs) => {
            Err(ConfigError::NotConfigured { action: format!("add a [profiles.NAME] table to {}", path.display()) })
        }
        (Some(_), Some(_)) if !inputs.env_suffices() => {
            Err(ConfigError::AmbiguousProfile { path: path.to_path_buf(), available: list_profiles(file) })
        }
        _ => resolve(None, inputs),
    }
}

/// The file's profile names for a message: "dev, prod", or "none".
fn list_profiles(file: &ConfigFile) -> String {
    let names: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

fn from_env_only(path: Option<&Path>, inputs: &Inputs) -> Result<Profile, ConfigError> {
    if let Some(name) = &inputs.opts.profile {
        return Err(ConfigError::UnknownProfile {
            name: name.clone(),
            chosen_by: "--profile",
            path: path.ok_or(ConfigError::NoHome)?.to_path_buf(),
            available: "none, the file does not exist".to_string(),
        });
    }
    if nothing_given(inputs) {
        let action = match path {
            Some(path) => format!("create {}", path.display()),
            None => "create a config file and pass --config PATH".to_string(),
        };
        return Err(ConfigError::NotConfigured { action });
    }
    resolve(None, inputs)
}

/// Neither the command line nor the environment names an org or a credential.
fn nothing_given(inputs: &Inputs) -> bool {
    inputs.opts.org_url.is_none() && inputs.env_config.is_empty()
}
