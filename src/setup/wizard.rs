//! The questions of `oktui init`, in order, each answer checked before the next question;
//! a failed check says what is wrong and asks again, the earlier answer as the default.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use reqwest::Method as HttpMethod;

use super::profile::{merged, store_secret, write_config, Method, NewProfile, SecretRef};
use super::prompt::Prompt;
use crate::config::{self, ConfigOptions, Profile};
use crate::headless::doctor::{self, diagnoses::TOKEN_REFUSED};
use crate::okta::api::users;
use crate::okta::auth::AuthError;
use crate::okta::credential::{ACTION_SCOPE, READ_SCOPES};
use crate::okta::error::OktaError;
use crate::okta::model::User;
use crate::okta::ratelimit::Priority;
use crate::okta::url::OrgUrl;
use crate::sanitize::clean;

/// What a failed token request sends the questions back to.
enum Retry {
    /// The org URL (nothing answered there).
    Url,
    /// The method's own questions (id, key, secret).
    Credential,
}

/// The state of one `oktui init`.
pub struct Wizard<'p, R: BufRead, W: Write> {
    prompt: &'p mut Prompt<R, W>,
    /// The config file the profile joins.
    path: PathBuf,
    /// Its text, if it exists.
    existing: Option<String>,
    /// The profiles it already has.
    names: Vec<String>,
    timeout: Duration,
}

impl<'p, R: BufRead, W: Write> Wizard<'p, R, W> {
    /// Reads the config file at `path`, if there is one; a broken one is refused (with what is
    /// wrong) rather than added to.
    pub fn new(prompt: &'p mut Prompt<R, W>, path: PathBuf, timeout: Duration) -> Result<Self> {
        let existing = config::existing_text(&path)?;
        let names = match existing {
            Some(_) => config::Config::read(ConfigOptions { config_file: Some(path.clone()), ..Default::default() })
                .map(|config| config.profile_names())
                .context("the config file must be fixed before init can add to it")?,
            None => Vec::new(),
        };
        Ok(Wizard { prompt, path, existing, names, timeout })
    }

    /// Asks everything, writes the profile, runs doctor; true when doctor passed.
    pub async fn run(mut self) -> Result<bool> {
        self.prompt
            .say("oktui init: connect oktui to your Okta org (docs/connect-okta.md shows each step in the Admin")?;
        self.prompt.say("Console). No secret is written to the config file, only where oktui reads it from.")?;
        self.prompt.say(&format!("Config file: {}", self.path.display()))?;
        let mut url = String::new();
        let new = 'url: loop {
            url = self.org_url(&url)?;
            let name = self.name(&url)?;
            let choice = self.prompt.choose("How does oktui sign in?", &Method::ALL.map(Method::describe), 0)?;
            let method = Method::ALL[choice];
            let read_only = self
                .prompt
                .confirm("Read-only: investigate and never change the org (suspend, clear sessions)?", true)?;
            let mut scopes: Vec<String> = READ_SCOPES.iter().map(|s| s.to_string()).collect();
            if !read_only {
                scopes.push(ACTION_SCOPE.to_string());
            }
            let mut draft = NewProfile {
                name,
                org_url: url.clone(),
                method,
                client_id: None,
                key_id: None,
                secret: SecretRef::Env(String::new()),
                read_only,
                scopes,
            };
            loop {
                let loaded = self.credential(&mut draft)?;
                match self.try_token(&loaded).await? {
                    None => break 'url draft,
                    Some(Retry::Url) => continue 'url,
                    Some(Retry::Credential) => continue,
                }
            }
        };
        let make_default = match &self.existing {
            None => true,
            Some(text) if super::profile::sets_default(text) => false,
            Some(_) => self.prompt.confirm(&format!("Use `{}` when no --profile is given?", new.name), true)?,
        };
        write_config(&self.path, &merged(self.existing.as_deref(), &new, make_default))?;
        self.prompt.say(&format!(
            "✓ wrote profile `{}` to {} ({}; no secret in the file)",
            new.name,
            self.path.display(),
            where_secret(&new)
        ))?;
        if !make_default {
            self.prompt.say(&format!("  use it with --profile {}", new.name))?;
        }
        self.prompt.say(&format!("Running oktui doctor on `{}`:", new.name))?;
        // Doctor reads the profile back from the file, as every later start will.
        let written = ConfigOptions {
            config_file: Some(self.path.clone()),
            profile: Some(new.name.clone()),
            ..ConfigOptions::default()
        };
        let profile = config::load(&written).context("the profile just written does not load")?;
        let mut out = std::io::stdout();
        doctor::check(&profile, self.timeout, &mut out).await
    }

    /// The org URL, until one passes the rules of `OrgUrl`.
    fn org_url(&mut self, previous: &str) -> Result<String> {
        loop {
            let answer = self.prompt.ask("Org URL (e.g. https://acme.okta.com)", Some(previous))?;
            match OrgUrl::parse(&answer) {
                Ok(url) => return Ok(url.as_str().to_string()),
                Err(e) => self.prompt.say(&format!("  ✗ {e}"))?,
            }
        }
    }

    /// A profile name the file does not have yet.
    fn name(&mut self, url: &str) -> Result<String> {
        let host = url.split("://").nth(1).unwrap_or_default();
        let first = host.split(['.', ':']).next().unwrap_or_default();
        let suggested = if first.is_empty() || first.chars().all(|c| c.is_ascii_digit()) { "default" } else { first };
        loop {
            let name = self.prompt.ask("Profile name", Some(suggested))?;
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                self.prompt.say("  ✗ use letters, digits, - and _ only")?;
            } else if self.names.contains(&name) {
                self.prompt
                    .say(&format!("  ✗ {} already has a profile `{name}`: pick another name", self.path.display()))?;
            } else {
                return Ok(name);
            }
        }
    }

    /// The method's questions, until the profile they make loads (secret found, file
    /// private, key readable).
    fn credential(&mut self, draft: &mut NewProfile) -> Result<Profile> {
        if draft.method != Method::Ssws {
            draft.client_id = Some(self.word("Client ID (the app's General tab, 0oa…)", draft.client_id.as_deref())?);
        }
        loop {
            draft.secret = match draft.method {
                Method::PrivateKey => {
                    let default = match &draft.secret {
                        SecretRef::File(f) => f.clone(),
                        _ => format!("~/.config/oktui/{}.pem", draft.name),
                    };
                    SecretRef::File(self.prompt.ask("Private key file (PEM or JWK, chmod 600)", Some(&default))?)
                }
                _ => self.secret_source(draft)?,
            };
            if draft.method == Method::PrivateKey {
                let kid = self.prompt.ask(
                    "Key ID (kid) of that key on the app's General tab; - if the app has only this key",
                    Some(draft.key_id.as_deref().unwrap_or("-")),
                )?;
                draft.key_id = (kid != "-").then_some(kid);
            }
            match self.load(draft) {
                Ok(profile) => return Ok(profile),
                Err(e) => self.prompt.say(&format!("  ✗ {e:#}"))?,
            }
        }
    }

    /// Where a token or client secret is read from; a pasted one is stored in a new private
    /// file first.
    fn secret_source(&mut self, draft: &NewProfile) -> Result<SecretRef> {
        let noun = draft.method.secret_noun();
        let options = [
            "a file only you can read (paste it now and oktui stores it there)",
            "an environment variable",
            "a command that prints it (pass, op, vault, …)",
        ];
        let default = match &draft.secret {
            SecretRef::Env(v) if v.is_empty() => 0,
            SecretRef::File(_) => 0,
            SecretRef::Env(_) => 1,
            SecretRef::Command(_) => 2,
        };
        let choice =
            self.prompt.choose(&format!("Where does oktui read the {noun} from each time?"), &options, default)?;
        let stem = draft.method.secret_key();
        Ok(match choice {
            0 => {
                let default = format!("~/.config/oktui/{}.{}", draft.name, stem.replace('_', "-"));
                let raw = self.prompt.ask(&format!("File for the {noun}"), Some(&default))?;
                let path = config::resolve_profile_path(&raw, &self.path);
                if !path.exists() {
                    self.paste_into(&path, noun)?;
                }
                SecretRef::File(raw)
            }
            1 => {
                let default = format!(
                    "OKTUI_{}_{}",
                    draft.name.to_ascii_uppercase().replace('-', "_"),
                    stem.to_ascii_uppercase()
                );
                SecretRef::Env(self.word("Environment variable", Some(&default))?)
            }
            _ => SecretRef::Command(self.prompt.ask("Command", None)?),
        })
    }

    /// Reads a pasted secret unseen and stores it at `path` (mode 600).
    fn paste_into(&mut self, path: &std::path::Path, noun: &str) -> Result<()> {
        loop {
            let pasted =
                self.prompt.secret(&format!("Paste the {noun}; oktui stores it in {} (mode 600)", path.display()))?;
            let trimmed = pasted.expose().trim();
            if trimmed.is_empty() {
                self.prompt.say("  ✗ nothing was pasted")?;
            } else if trimmed.contains(char::is_whitespace) {
                self.prompt.say(&format!(
                    "  ✗ the pasted {noun} contains whitespace or several lines, which no Okta {noun} has: copy only \
                     the {noun}, on one line"
                ))?;
            } else {
                if trimmed.len() != pasted.expose().len() {
                    self.prompt.say("  (spaces and line breaks around the pasted value were dropped)")?;
                }
                return store_secret(path, trimmed);
            }
        }
    }

    /// One word: no whitespace inside.
    fn word(&mut self, question: &str, default: Option<&str>) -> Result<String> {
        loop {
            let answer = self.prompt.ask(question, default)?;
            if answer.contains(char::is_whitespace) {
                self.prompt.say("  ✗ this has no spaces in it: copy it again")?;
            } else {
                return Ok(answer);
            }
        }
    }

    /// The profile as oktui will load it from the file, and its client (which reads the key).
    fn load(&self, draft: &NewProfile) -> Result<Profile> {
        let text = merged(self.existing.as_deref(), draft, false);
        let profile = config::resolve_text(&text, &self.path, &draft.name)?;
        profile.client(self.timeout)?;
        Ok(profile)
    }

    /// A real request: a token from the token endpoint (OAuth), or the token's own user
    /// (SSWS). None when it worked; else what to ask again.
    async fn try_token(&mut self, profile: &Profile) -> Result<Option<Retry>> {
        let client = profile.client(self.timeout)?;
        if profile.credential.mode() == "SSWS" {
            return match users::me::<User>(&client, Priority::Interactive).await {
                Ok(user) => {
                    let login = clean(user.login().unwrap_or("(no login)")).into_owned();
                    self.prompt.say(&format!("  ✓ the token works: it acts as {login}"))?;
                    Ok(None)
                }
                Err(e) => self.refused(&e),
            };
        }
        let url = url::Url::parse(&profile.org_url.url(users::COLLECTION)).context("the org URL makes no API URL")?;
        match client.auth().headers(&HttpMethod::GET, &url).await {
            Ok(_) => {
                let kind = if client.auth().uses_dpop() { "DPoP-bound" } else { "Bearer" };
                let scopes = client.auth().granted_scopes().unwrap_or_default().join(" ");
                self.prompt.say(&format!("  ✓ token acquired ({kind}); scopes granted: {scopes}"))?;
                Ok(None)
            }
            Err(e) => {
                self.prompt.say(&format!("  ✗ {e}"))?;
                let unreachable = matches!(e, AuthError::Unreachable { .. } | AuthError::Timeout { .. });
                Ok(Some(if unreachable { Retry::Url } else { Retry::Credential }))
            }
        }
    }

    /// What a refused SSWS probe means, and what to ask again.
    fn refused(&mut self, error: &OktaError) -> Result<Option<Retry>> {
        match error {
            OktaError::Network { .. } => {
                self.prompt.say(&format!("  ✗ {error}: check the org URL"))?;
                Ok(Some(Retry::Url))
            }
            _ if error.status() == Some(401) => {
                self.prompt.say(&format!(
                    "  ✗ {TOKEN_REFUSED} ({error}): it is mistyped, revoked, unused for 30 days, or its admin was \
                     deactivated; mint a new one (Security > API > Tokens > Create token)"
                ))?;
                Ok(Some(Retry::Credential))
            }
            _ => {
                self.prompt.say(&format!("  ✗ {error}"))?;
                Ok(Some(Retry::Credential))
            }
        }
    }
}

/// Where the profile's secret comes from, in words.
fn where_secret(profile: &NewProfile) -> String {
    let key = profile.method.secret_key();
    match &profile.secret {
        SecretRef::Env(v) => format!("{key}_env = {v}"),
        SecretRef::File(v) => format!("{key}_file = {v}"),
        SecretRef::Command(v) => format!("{key}_command = {v}"),
    }
}
