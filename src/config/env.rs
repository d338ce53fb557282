//! The Okta SDKs' environment variables (`OKTA_CLIENT_*`). Each overrides the matching profile
//! setting, and together they can describe a connection with no config file at all.

use std::path::Path;

use zeroize::Zeroizing;

use super::file::AuthKind;
use super::paths::resolve_path;
use super::source::{looks_like_key, SecretSpec, Source};
use super::ConfigError;
use crate::secret::Secret;

/// What the `OKTA_CLIENT_*` variables say; empty variables count as unset.
#[derive(Debug, Default)]
pub(super) struct EnvConfig {
    /// `OKTA_CLIENT_ORGURL`.
    pub org_url: Option<String>,
    /// `OKTA_CLIENT_AUTHORIZATIONMODE`, or the mode implied by which secret is set.
    pub mode: Option<AuthKind>,
    /// `OKTA_CLIENT_CLIENTID`.
    pub client_id: Option<String>,
    /// `OKTA_CLIENT_SCOPES`, split on commas and whitespace.
    pub scopes: Option<Vec<String>>,
    /// `OKTA_CLIENT_PRIVATEKEYID`.
    pub key_id: Option<String>,
    /// `OKTA_CLIENT_TOKEN` is set (it is read where it is used).
    token: bool,
    /// `OKTA_CLIENT_CLIENTSECRET` is set.
    client_secret: bool,
    /// `OKTA_CLIENT_PRIVATEKEY`: key text, or a key file's path.
    private_key: Option<Secret>,
}

impl EnvConfig {
    /// Reads the variables through `env`.
    pub fn read(env: &dyn Fn(&str) -> Option<String>) -> Result<EnvConfig, ConfigError> {
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let set = |name: &str| var(name).map(Zeroizing::new).is_some();
        let mut config = EnvConfig {
            org_url: var("OKTA_CLIENT_ORGURL"),
            mode: var("OKTA_CLIENT_AUTHORIZATIONMODE").map(|m| parse_mode(&m)).transpose()?,
            client_id: var("OKTA_CLIENT_CLIENTID").map(|v| v.trim().to_string()),
            scopes: var("OKTA_CLIENT_SCOPES").map(|v| split_scopes(&v)),
            key_id: var("OKTA_CLIENT_PRIVATEKEYID").map(|v| v.trim().to_string()),
            token: set("OKTA_CLIENT_TOKEN"),
            client_secret: set("OKTA_CLIENT_CLIENTSECRET"),
            private_key: var("OKTA_CLIENT_PRIVATEKEY").map(Secret::new),
        };
        config.mode = config.mode.or_else(|| config.implied_mode());
        Ok(config)
    }

    /// True when the environment names neither an org nor a credential.
    pub fn is_empty(&self) -> bool {
        self.org_url.is_none() && self.mode.is_none()
    }

    /// The environment's source for `kind`'s secret, if it sets one. `OKTA_CLIENT_PRIVATEKEY`
    /// is key text or the path of a key file (`~` expands to `home`).
    pub fn secret(&self, kind: AuthKind, home: Option<&Path>) -> Result<Option<SecretSpec>, ConfigError> {
        let var =
            SecretSpec { kind, source: Source::Env(kind.env_var().to_string()), origin: kind.env_var().to_string() };
        let spec = match kind {
            AuthKind::Ssws => self.token.then_some(var),
            AuthKind::ClientSecret => self.client_secret.then_some(var),
            AuthKind::PrivateKey => match &self.private_key {
                Some(raw) if looks_like_key(raw.expose()) => Some(var),
                Some(raw) => Some(private_key_file(raw, home)?),
                None => None,
            },
        };
        Ok(spec)
    }

    /// The SDK default: SSWS when a token is set, else the mode whose secret is set.
    fn implied_mode(&self) -> Option<AuthKind> {
        [
            (AuthKind::Ssws, self.token),
            (AuthKind::PrivateKey, self.private_key.is_some()),
            (AuthKind::ClientSecret, self.client_secret),
        ]
        .into_iter()
        .find_map(|(kind, set)| set.then_some(kind))
    }
}

/// The key file `OKTA_CLIENT_PRIVATEKEY` names.
fn private_key_file(raw: &Secret, home: Option<&Path>) -> Result<SecretSpec, ConfigError> {
    let kind = AuthKind::PrivateKey;
    let path = resolve_path(raw.expose().trim(), home, None);
    if !path.is_file() {
        return Err(ConfigError::PrivateKeyEnv);
    }
    let origin = format!("{} file {}", kind.env_var(), path.display());
    Ok(SecretSpec { kind, source: Source::File(path), origin })
}

/// `SSWS`, `PrivateKey`, `ClientSecret`, in any case (underscores and dashes ignored).
fn parse_mode(value: &str) -> Result<AuthKind, ConfigError> {
    let folded: String = value.trim().chars().filter(|c| !matches!(c, '_' | '-')).collect();
    match folded.to_ascii_lowercase().as_str() {
        "ssws" => Ok(AuthKind::Ssws),
        "privatekey" => Ok(AuthKind::PrivateKey),
        "clientsecret" => Ok(AuthKind::ClientSecret),
        _ => Err(ConfigError::UnknownAuthMode { value: value.to_string() }),
    }
}

fn split_scopes(value: &str) -> Vec<String> {
    value.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(name, _)| *name == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn reads_every_variable() {
        let env = env_of(&[
            ("OKTA_CLIENT_ORGURL", "https://acme.okta.com"),
            ("OKTA_CLIENT_AUTHORIZATIONMODE", "privatekey"),
            ("OKTA_CLIENT_CLIENTID", " 0oa1 "),
            ("OKTA_CLIENT_SCOPES", "okta.users.read, okta.logs.read okta.apps.read"),
            ("OKTA_CLIENT_PRIVATEKEYID", "kid1"),
            ("OKTA_CLIENT_PRIVATEKEY", "{\"kty\":\"EC\"}"),
        ]);
        let config = EnvConfig::read(&env).unwrap();
        assert_eq!(config.org_url.as_deref(), Some("https://acme.okta.com"));
        assert_eq!(config.mode, Some(AuthKind::PrivateKey));
        assert_eq!(config.client_id.as_deref(), Some("0oa1"));
        assert_eq!(config.scopes.unwrap(), ["okta.users.read", "okta.logs.read", "okta.apps.read"]);
        assert_eq!(config.key_id.as_deref(), Some("kid1"));
    }

    #[test]
    fn modes_parse_in_any_case_and_are_implied_by_secrets() {
        for (value, kind) in
            [("SSWS", AuthKind::Ssws), ("PrivateKey", AuthKind::PrivateKey), ("client_secret", AuthKind::ClientSecret)]
        {
            assert_eq!(parse_mode(value).unwrap(), kind);
        }
        let e = parse_mode("OAuth").unwrap_err();
        assert!(e.to_string().contains("`OAuth`") && e.to_string().contains("SSWS, PrivateKey or ClientSecret"));
        let both = env_of(&[("OKTA_CLIENT_TOKEN", "00t"), ("OKTA_CLIENT_CLIENTSECRET", "s")]);
        assert_eq!(EnvConfig::read(&both).unwrap().mode, Some(AuthKind::Ssws));
        let secret = env_of(&[("OKTA_CLIENT_CLIENTSECRET", "s")]);
        assert_eq!(EnvConfig::read(&secret).unwrap().mode, Some(AuthKind::ClientSecret));
        let empty = env_of(&[("OKTA_CLIENT_TOKEN", ""), ("OKTA_CLIENT_ORGURL", " ")]);
        assert!(EnvConfig::read(&empty).unwrap().is_empty());
    }

    #[test]
    fn private_key_is_text_or_a_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.pem");
        fs::write(&path, "-----BEGIN PRIVATE KEY-----\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let config = EnvConfig { private_key: Some(Secret::new("~/key.pem")), ..EnvConfig::default() };
        let spec = config.secret(AuthKind::PrivateKey, Some(dir.path())).unwrap().unwrap();
        assert!(matches!(&spec.source, Source::File(p) if *p == path));
        assert!(spec.origin.contains("OKTA_CLIENT_PRIVATEKEY file"));
        let config = EnvConfig { private_key: Some(Secret::new("MIIcanary-base64-der")), ..EnvConfig::default() };
        let e = config.secret(AuthKind::PrivateKey, None).unwrap_err();
        assert!(!format!("{e} {e:?}").contains("canary"), "{e}");
        assert!(config.secret(AuthKind::Ssws, None).unwrap().is_none());
    }
}
