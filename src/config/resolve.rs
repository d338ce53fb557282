//! Combining the command line, the `OKTA_CLIENT_*` environment and at most one profile into
//! one connection. Precedence per setting: command line, then environment, then profile.

use std::path::Path;
use std::sync::Arc;

use super::env::EnvConfig;
use super::file::{AuthKind, ConfigFile, ProfileFile, SourceKey};
use super::paths::resolve_path;
use super::source::{SecretSpec, Source};
use super::{ConfigError, ConfigOptions, Profile};
use crate::okta::credential::{Credential, ACTION_SCOPE, READ_SCOPES};
use crate::okta::url::OrgUrl;

/// The name of a connection described by the environment alone.
pub(super) const ENV_PROFILE: &str = "env";

/// The profile chosen from the config file.
#[derive(Clone, Copy)]
pub(super) struct Chosen<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its settings.
    pub profile: &'a ProfileFile,
    /// The config file it is in.
    pub file: &'a Path,
    /// That file's settings and whether it may name commands.
    pub config: &'a ConfigFile,
}

/// Everything besides the profile that settles a connection.
pub(super) struct Inputs<'a> {
    /// The command line.
    pub opts: &'a ConfigOptions,
    /// The `OKTA_CLIENT_*` variables.
    pub env_config: &'a EnvConfig,
    /// The environment, for `*_env` sources.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The home directory, for `~` in paths.
    pub home: Option<&'a Path>,
}

impl Inputs<'_> {
    /// True when the command line and environment name an org and a credential mode.
    pub fn env_suffices(&self) -> bool {
        (self.opts.org_url.is_some() || self.env_config.org_url.is_some()) && self.env_config.mode.is_some()
    }
}

/// Settles the connection, reading the chosen mode's secret.
pub(super) fn resolve(chosen: Option<Chosen>, inputs: &Inputs) -> Result<Profile, ConfigError> {
    let scope = match chosen {
        Some(c) => format!("profile `{}` in {}", c.name, c.file.display()),
        None => "the OKTA_CLIENT_* environment".to_string(),
    };
    let profile = chosen.map(|c| c.profile);
    let org_url = org_url(chosen, inputs, &scope)?;
    let read_only = inputs.opts.read_only || profile.is_some_and(|p| p.read_only);
    let credential = credential(chosen, inputs, read_only, &scope)?;
    Ok(Profile {
        name: chosen.map_or(ENV_PROFILE, |c| c.name).to_string(),
        label: profile.and_then(|p| p.label.clone()),
        org_url,
        credential,
        read_only,
    })
}

fn org_url(chosen: Option<Chosen>, inputs: &Inputs, scope: &str) -> Result<OrgUrl, ConfigError> {
    let (raw, origin) = if let Some(url) = &inputs.opts.org_url {
        (url.as_str(), "--org-url".to_string())
    } else if let Some(url) = &inputs.env_config.org_url {
        (url.as_str(), "OKTA_CLIENT_ORGURL".to_string())
    } else if let Some((c, url)) = chosen.and_then(|c| c.profile.org_url.as_deref().map(|u| (c, u))) {
        (url, format!("org_url of profile `{}` in {}", c.name, c.file.display()))
    } else {
        return Err(ConfigError::MissingOrgUrl { scope: scope.to_string() });
    };
    OrgUrl::parse(raw).map_err(|source| ConfigError::OrgUrl { origin, source })
}

fn credential(
    chosen: Option<Chosen>,
    inputs: &Inputs,
    read_only: bool,
    scope: &str,
) -> Result<Credential, ConfigError> {
    let profile = chosen.map(|c| c.profile);
    let kind = match inputs.env_config.mode.or(profile.and_then(|p| p.auth)) {
        Some(kind) => kind,
        None => infer_kind(profile, scope)?,
    };
    let env = inputs.env_config;
    let pick = |from_env: &Option<String>, from_profile: fn(&ProfileFile) -> &Option<String>| {
        from_env.clone().or_else(|| profile.and_then(|p| from_profile(p).clone()))
    };
    let client_id = match kind {
        AuthKind::Ssws => None,
        _ => Some(
            pick(&env.client_id, |p| &p.client_id)
                .ok_or_else(|| ConfigError::MissingClientId { mode: kind.name(), scope: scope.to_string() })?,
        ),
    };
    let secret = Arc::new(secret_spec(chosen, kind, inputs, scope)?.read(inputs.env)?);
    let scopes = env
        .scopes
        .clone()
        .or_else(|| profile.and_then(|p| p.scopes.clone()).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| default_scopes(read_only));
    Ok(match (kind, client_id) {
        (AuthKind::ClientSecret, Some(client_id)) => Credential::ClientSecret { client_id, secret, scopes },
        (AuthKind::PrivateKey, Some(client_id)) => {
            let key_id = pick(&env.key_id, |p| &p.key_id);
            Credential::PrivateKey { client_id, key: secret, key_id, scopes }
        }
        _ => Credential::ApiToken(secret),
    })
}

/// The secret's source: the environment's if it sets one, else the profile's.
fn secret_spec(
    chosen: Option<Chosen>,
    kind: AuthKind,
    inputs: &Inputs,
    scope: &str,
) -> Result<SecretSpec, ConfigError> {
    if let Some(spec) = inputs.env_config.secret(kind, inputs.home)? {
        return Ok(spec);
    }
    profile_secret(chosen, kind, inputs.home, scope)?.ok_or_else(|| ConfigError::MissingSecret {
        mode: kind.name(),
        scope: scope.to_string(),
        what: kind.secret_what(),
        key: kind.secret_key(),
        env: kind.env_var(),
    })
}

/// A profile without `auth`: the one mode it has a secret source for.
fn infer_kind(profile: Option<&ProfileFile>, scope: &str) -> Result<AuthKind, ConfigError> {
    let kinds: Vec<AuthKind> =
        AuthKind::ALL.into_iter().filter(|k| profile.is_some_and(|p| !p.sources(*k).is_empty())).collect();
    match kinds.as_slice() {
        [kind] => Ok(*kind),
        [] => Err(ConfigError::NoCredential { scope: scope.to_string() }),
        _ => Err(ConfigError::AmbiguousAuth {
            scope: scope.to_string(),
            modes: kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// The profile's one source for `kind`'s secret; two or more are refused.
fn profile_secret(
    chosen: Option<Chosen>,
    kind: AuthKind,
    home: Option<&Path>,
    scope: &str,
) -> Result<Option<SecretSpec>, ConfigError> {
    let Some(chosen) = chosen else { return Ok(None) };
    let sources = chosen.profile.sources(kind);
    let (source_key, key, value) = match sources.as_slice() {
        [] => return Ok(None),
        [one] => *one,
        many => {
            let keys = many.iter().map(|(_, key, _)| *key).collect::<Vec<_>>().join(" and ");
            return Err(ConfigError::ConflictingSources { scope: scope.to_string(), keys });
        }
    };
    let profile = chosen.name;
    let (source, origin) = match source_key {
        SourceKey::Env => (Source::Env(value.to_string()), format!("{key} {value} (profile `{profile}`)")),
        SourceKey::File => {
            let path = resolve_path(value, home, chosen.file.parent());
            let origin = format!("{key} {} (profile `{profile}`)", path.display());
            (Source::File(path), origin)
        }
        SourceKey::Command => {
            // The command is never named: it may carry a secret itself.
            let origin = format!("{key} of profile `{profile}` in {}", chosen.file.display());
            if let Some(untrusted) = &chosen.config.untrusted {
                return Err(ConfigError::UntrustedConfig {
                    path: chosen.file.to_path_buf(),
                    origin,
                    problem: untrusted.problem.clone(),
                    fix: untrusted.fix.clone(),
                });
            }
            (Source::Command { command: value.to_string(), timeout: chosen.config.command_timeout() }, origin)
        }
    };
    Ok(Some(SecretSpec { kind, source, origin }))
}

/// The scopes the console needs: the read scopes, plus the action scope unless read-only.
fn default_scopes(read_only: bool) -> Vec<String> {
    let action = (!read_only).then_some(ACTION_SCOPE);
    READ_SCOPES.iter().copied().chain(action).map(str::to_string).collect()
}
