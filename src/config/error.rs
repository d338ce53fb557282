//! The one error type of configuration. Every message names the file, profile, key or
//! environment variable involved and says what to do; none ever holds a secret value.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

use crate::okta::url::OrgUrlError;

/// Why no usable connection could be configured.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// `HOME` is unset or empty, so oktui has no place for its config, audit journal, log
    /// and caches (it never falls back to a shared directory such as /tmp).
    #[error(
        "HOME is unset or empty, so oktui has no place for its config file, audit journal and caches: \
         set HOME to your home directory (or pass --config PATH for the config file alone)"
    )]
    NoHome,
    /// `--config PATH` names a file that does not exist.
    #[error("config file {} (from --config) does not exist: check the path, or copy config.example.toml there", path.display())]
    ConfigNotFound {
        /// The path given.
        path: PathBuf,
    },
    /// The config file exists but cannot be read.
    #[error("cannot read config file {}: {source}; check the path and its permissions", path.display())]
    ReadConfig {
        /// The config file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The config file is not a regular file of UTF-8 text, or is too large to be one.
    #[error("config file {} {problem}: point --config (or the default location) at a config file; config.example.toml shows one", path.display())]
    ConfigFormat {
        /// The config file.
        path: PathBuf,
        /// What is wrong: "is not a regular file", "is larger than 1 MiB".
        problem: String,
    },
    /// `command_timeout_secs` out of range.
    #[error("config file {}: command_timeout_secs = {secs} is out of range: use 1 to {max} seconds", path.display())]
    CommandTimeout {
        /// The config file.
        path: PathBuf,
        /// The value found.
        secs: u64,
        /// The largest accepted.
        max: u64,
    },
    /// A profile's `*_command` in a config file someone besides its owner could change.
    #[error(
        "config file {} {problem}, and {origin} would run a command from it: oktui runs commands only \
         from a config file no one but you (or root) can change; {fix}",
        path.display()
    )]
    UntrustedConfig {
        /// The config file.
        path: PathBuf,
        /// Which key of which profile, e.g. "token_command of profile `prod`".
        origin: String,
        /// What is wrong with the file.
        problem: String,
        /// What to do.
        fix: String,
    },
    /// The config file is not valid TOML or does not fit the format (unknown key, wrong type).
    #[error("config file {}, line {line}, column {column}: {message}; fix it (config.example.toml documents every key)", path.display())]
    Parse {
        /// The config file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The parser's message, with quoted values removed.
        message: String,
    },
    /// A suppression rule that cannot be added to the config file.
    #[error("cannot add suppression rule {rule} to config file {}: {problem}", path.display())]
    AppendRule {
        /// The config file.
        path: PathBuf,
        /// The rule's name.
        rule: String,
        /// Why, and what to do.
        problem: String,
    },
    /// A secret written in plain text in the config file.
    #[error(
        "config file {}, profile `{profile}`: `{key}` holds a secret in plain text, which oktui refuses \
         so the file can be shared and backed up safely: remove it and read the secret from \
         {key}_env, {key}_file or {key}_command instead",
        path.display()
    )]
    PlaintextSecret {
        /// The config file.
        path: PathBuf,
        /// The profile holding it.
        profile: String,
        /// The key, e.g. `token`.
        key: &'static str,
    },
    /// Neither a config file nor the environment says which org to use.
    #[error(
        "no Okta org configured: {action} (see config.example.toml) or set OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN"
    )]
    NotConfigured {
        /// What to do with the config file, e.g. "create /home/ana/.config/oktui/config.toml".
        action: String,
    },
    /// `--profile` or `default_profile` names a profile the file does not have.
    #[error("profile `{name}` (from {chosen_by}) is not in {}; profiles there: {available}", path.display())]
    UnknownProfile {
        /// The profile asked for.
        name: String,
        /// `--profile` or `default_profile`.
        chosen_by: &'static str,
        /// The config file, or where it was expected.
        path: PathBuf,
        /// The profiles that exist, comma-separated.
        available: String,
    },
    /// Several profiles and none chosen.
    #[error("{} has several profiles ({available}) and none is chosen: pass --profile NAME or set default_profile", path.display())]
    AmbiguousProfile {
        /// The config file.
        path: PathBuf,
        /// The profiles that exist, comma-separated.
        available: String,
    },
    /// No org URL anywhere.
    #[error("no org URL for {scope}: set org_url in the profile, OKTA_CLIENT_ORGURL or --org-url")]
    MissingOrgUrl {
        /// The profile and file, or the environment.
        scope: String,
    },
    /// An org URL that breaks the rules.
    #[error("org URL from {origin} refused: {source}")]
    OrgUrl {
        /// `--org-url`, `OKTA_CLIENT_ORGURL` or the profile's `org_url`.
        origin: String,
        /// What is wrong with it.
        source: OrgUrlError,
    },
    /// `OKTA_CLIENT_AUTHORIZATIONMODE` holds an unknown mode.
    #[error("OKTA_CLIENT_AUTHORIZATIONMODE is `{value}`: use SSWS, PrivateKey or ClientSecret")]
    UnknownAuthMode {
        /// The value found.
        value: String,
    },
    /// No credential anywhere.
    #[error(
        "no credential for {scope}: set auth and its secret source in the profile (e.g. token_env, \
         token_file or token_command for an API token), or set OKTA_CLIENT_TOKEN"
    )]
    NoCredential {
        /// The profile and file, or the environment.
        scope: String,
    },
    /// Secret sources of several modes and no `auth` to choose.
    #[error("{scope} has secret sources for several auth modes ({modes}): set auth = \"ssws\", \"client_secret\" or \"private_key\"")]
    AmbiguousAuth {
        /// The profile and file.
        scope: String,
        /// The modes found, comma-separated.
        modes: String,
    },
    /// An OAuth mode without a client id.
    #[error("auth `{mode}` for {scope} needs a client id: set client_id in the profile or OKTA_CLIENT_CLIENTID")]
    MissingClientId {
        /// The auth mode.
        mode: &'static str,
        /// The profile and file, or the environment.
        scope: String,
    },
    /// The chosen mode's secret has no source.
    #[error(
        "auth `{mode}` for {scope} needs {what}: set {key}_env, {key}_file or {key}_command in the profile, or {env}"
    )]
    MissingSecret {
        /// The auth mode.
        mode: &'static str,
        /// The profile and file, or the environment.
        scope: String,
        /// "an API token", "a client secret" or "a private key".
        what: &'static str,
        /// The key stem: `token`, `client_secret` or `private_key`.
        key: &'static str,
        /// The Okta SDK variable that can hold it instead.
        env: &'static str,
    },
    /// Two sources for the same secret.
    #[error("{scope} sets {keys} for the same secret: keep only one")]
    ConflictingSources {
        /// The profile and file.
        scope: String,
        /// The keys found, e.g. "token_env and token_file".
        keys: String,
    },
    /// A `*_env` source naming an unset or empty variable.
    #[error("{origin}: the environment variable {var} is not set or is empty; export it before starting oktui")]
    EnvNotSet {
        /// Which key of which profile.
        origin: String,
        /// The variable.
        var: String,
    },
    /// A secret file that cannot be read.
    #[error("cannot read {origin}: {source}; check the path and its permissions")]
    ReadSecretFile {
        /// Which key, file and profile.
        origin: String,
        /// The I/O error.
        source: io::Error,
    },
    /// A secret file that is not text or too large to be a secret.
    #[error("{origin} {problem}: point it at the file that holds only the secret")]
    SecretFileFormat {
        /// Which key, file and profile.
        origin: String,
        /// What is wrong, e.g. "is not UTF-8 text".
        problem: &'static str,
    },
    /// A secret file others can read or change.
    #[error("{origin} is readable or writable by group or others (mode {mode:04o}): run chmod 600 {}", path.display())]
    InsecureFile {
        /// Which key, file and profile.
        origin: String,
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A `*_command` source that failed; its output is never shown.
    #[error("{origin} failed: {problem}; run it in a shell and check that it prints only the secret")]
    Command {
        /// Which key, command and profile.
        origin: String,
        /// What happened, e.g. "exited with status 1".
        problem: String,
    },
    /// A source that yielded nothing.
    #[error("{origin} gave an empty {what}: store the secret there")]
    EmptySecret {
        /// Which source.
        origin: String,
        /// "API token", "client secret" or "private key".
        what: &'static str,
    },
    /// A token or client secret with whitespace in it: a pasting accident.
    #[error(
        "the {what} from {origin} contains whitespace or several lines, which no Okta {what} has: \
         store only the secret, on one line (for pass: `pass show NAME | head -n1`)"
    )]
    Whitespace {
        /// Which source.
        origin: String,
        /// "API token" or "client secret".
        what: &'static str,
    },
    /// `OKTA_CLIENT_PRIVATEKEY` holds neither key text nor the path of a file; not repeated,
    /// since it may be a mangled key.
    #[error(
        "OKTA_CLIENT_PRIVATEKEY is neither PEM or JWK key text nor the path of an existing file: \
         set it to the key itself or to the key file's path"
    )]
    PrivateKeyEnv,
    /// A private key source holding neither PEM nor JWK.
    #[error(
        "{origin} holds no PEM or JWK private key: expected `-----BEGIN … PRIVATE KEY-----` text or a JWK JSON object"
    )]
    NotAKey {
        /// Which source.
        origin: String,
    },
}
