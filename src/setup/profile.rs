//! The profile `oktui init` writes: its TOML text (never a secret, only where the secret is
//! read from) and how it joins the config file without disturbing what is there.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::files;

/// The three ways to connect, in the order the guide gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An API Services app with private_key_jwt.
    PrivateKey,
    /// An API Service Integration's client id and secret.
    ClientSecret,
    /// An SSWS API token.
    Ssws,
}

impl Method {
    /// Every method, in menu order.
    pub const ALL: [Method; 3] = [Method::PrivateKey, Method::ClientSecret, Method::Ssws];

    /// The menu line.
    pub fn describe(self) -> &'static str {
        match self {
            Method::PrivateKey => "API Services app with a private key (private_key_jwt; recommended)",
            Method::ClientSecret => "API Service Integration: client id and client secret",
            Method::Ssws => "SSWS API token of a dedicated least-privilege admin",
        }
    }

    /// The profile's `auth` value.
    pub fn auth(self) -> &'static str {
        match self {
            Method::PrivateKey => "private_key",
            Method::ClientSecret => "client_secret",
            Method::Ssws => "ssws",
        }
    }

    /// The stem of the secret's keys (`token_env`, `client_secret_file`, …).
    pub fn secret_key(self) -> &'static str {
        match self {
            Method::PrivateKey => "private_key",
            Method::ClientSecret => "client_secret",
            Method::Ssws => "token",
        }
    }

    /// The secret in words.
    pub fn secret_noun(self) -> &'static str {
        match self {
            Method::PrivateKey => "private key",
            Method::ClientSecret => "client secret",
            Method::Ssws => "API token",
        }
    }
}

/// Where the secret is read from at each start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretRef {
    /// `*_env`: an environment variable.
    Env(String),
    /// `*_file`: a file only its owner may read.
    File(String),
    /// `*_command`: a command that prints it.
    Command(String),
}

/// A profile as `init` writes it.
#[derive(Debug, Clone)]
pub struct NewProfile {
    pub name: String,
    pub org_url: String,
    pub method: Method,
    pub client_id: Option<String>,
    pub key_id: Option<String>,
    pub secret: SecretRef,
    pub read_only: bool,
    pub scopes: Vec<String>,
}

impl NewProfile {
    /// The `[profiles.NAME]` table.
    pub fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let key = self.method.secret_key();
        let mut text =
            format!("[profiles.{}]\norg_url = {}\nauth = {}\n", self.name, q(&self.org_url), q(self.method.auth()));
        if let Some(id) = &self.client_id {
            text.push_str(&format!("client_id = {}\n", q(id)));
        }
        if let Some(kid) = &self.key_id {
            text.push_str(&format!("key_id = {}\n", q(kid)));
        }
        let (suffix, value) = match &self.secret {
            SecretRef::Env(v) => ("env", v),
            SecretRef::File(v) => ("file", v),
            SecretRef::Command(v) => ("command", v),
        };
        text.push_str(&format!("{key}_{suffix} = {}\n", q(value)));
        if self.method != Method::Ssws {
            let scopes: Vec<String> = self.scopes.iter().map(|s| q(s)).collect();
            text.push_str(&format!("scopes = [{}]\n", scopes.join(", ")));
        }
        text.push_str(&format!("read_only = {}\n", self.read_only));
        text
    }
}

/// The config file as it will be after adding `profile`: `existing` (if any) with the table
/// appended, and `default_profile` set in front when asked and not already set.
pub fn merged(existing: Option<&str>, profile: &NewProfile, make_default: bool) -> String {
    let mut text = String::new();
    let old = existing.unwrap_or_default();
    if make_default && !sets_default(old) {
        text.push_str(&format!("default_profile = {}\n", toml::Value::String(profile.name.clone())));
    }
    if existing.is_none() {
        text.push_str("# Written by `oktui init`. No secret is kept here; see config.example.toml for every key.\n");
    }
    text.push_str(old);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&profile.to_toml());
    text
}

/// Whether config text sets `default_profile` at its top level.
pub fn sets_default(text: &str) -> bool {
    toml::from_str::<toml::Table>(text).is_ok_and(|t| t.contains_key("default_profile"))
}

/// Writes the config file (mode 600, its directory 700 when created), replacing it whole so
/// a crash leaves either the old file or the new one.
pub fn write_config(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    files::create_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    files::replace(path, text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
}

/// Stores a pasted secret in a new file only its owner can read (mode 600); refuses to
/// overwrite an existing file.
pub fn store_secret(path: &Path, secret: &str) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        files::create_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut file = files::create_new(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(secret.as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> NewProfile {
        NewProfile {
            name: "acme".into(),
            org_url: "https://acme.okta.com".into(),
            method: Method::PrivateKey,
            client_id: Some("0oa1".into()),
            key_id: Some("k\"1".into()),
            secret: SecretRef::File("~/.config/oktui/acme.pem".into()),
            read_only: true,
            scopes: vec!["okta.users.read".into(), "okta.logs.read".into()],
        }
    }

    #[test]
    fn profiles_render_as_toml_the_loader_reads() {
        let text = merged(None, &profile(), true);
        let table: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(table["default_profile"].as_str(), Some("acme"));
        let p = &table["profiles"]["acme"];
        assert_eq!(p["key_id"].as_str(), Some("k\"1"));
        assert_eq!(p["private_key_file"].as_str(), Some("~/.config/oktui/acme.pem"));
        assert_eq!(p["scopes"].as_array().unwrap().len(), 2);
        assert_eq!(p["read_only"].as_bool(), Some(true));
    }

    #[test]
    fn a_profile_joins_an_existing_file_without_changing_it() {
        let old = "default_profile = \"prod\"\n[profiles.prod]\norg_url = \"https://a.okta.com\"\ntoken_env = \"T\"";
        let text = merged(Some(old), &NewProfile { secret: SecretRef::Env("X".into()), ..profile() }, true);
        assert!(text.starts_with(old), "{text}");
        let table: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(table["default_profile"].as_str(), Some("prod"));
        assert_eq!(table["profiles"]["acme"]["private_key_env"].as_str(), Some("X"));
        let fresh = merged(Some("[profiles.prod]\ntoken_env = \"T\"\n"), &profile(), true);
        assert!(fresh.starts_with("default_profile = \"acme\"\n[profiles.prod]"), "{fresh}");
    }

    #[test]
    fn secrets_are_stored_private_and_never_overwrite() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/acme.token");
        store_secret(&path, "00abc").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "00abc\n");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(store_secret(&path, "00other").is_err());
        let config = dir.path().join("cfg/config.toml");
        write_config(&config, "x = 1\n").unwrap();
        assert_eq!(std::fs::metadata(&config).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
