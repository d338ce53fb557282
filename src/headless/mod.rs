//! The headless commands: the same core as the console, answering scripts and on-call
//! engineers over SSH. Each command connects with the chosen profile, fetches every page,
//! and prints in the requested format (the listings print each page as it arrives); errors are one line on stderr ([`error_line`]),
//! exit 2 for a usage error ([`is_usage_error`]), 130 when interrupted ([`Interrupted`]), else 1.

pub mod act;
pub mod audit;
pub mod case;
pub mod doctor;
pub mod follow;
pub mod investigate;
pub mod lists;
pub mod mfa_gaps;
pub mod note;
pub mod progress;
pub mod shell;
pub mod waits;
pub mod watch;

use anyhow::{Context, Result};

use crate::cli::GlobalArgs;
use crate::config::{self, Config, ConfigError, Profile};
use crate::okta::auth::KeyProblem;
use crate::okta::client::Client;
use crate::sanitize::clean;

/// The one line that says why a command failed: each cause in turn, leaving out a cause
/// its predecessor already said (many errors quote their source in their own message),
/// cleaned by the sanitiser, since errors quote what Okta and files said.
pub fn error_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    let mut previous = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !previous.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
        previous = text;
    }
    clean(&line).into_owned()
}

/// A flag's value that clap's own checks cannot refuse (a combination, a bound on a float).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The command was interrupted (Ctrl-C or SIGTERM) before it finished: exit 130, the
/// message saying what was done.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Interrupted(pub String);

/// The exit code of an interrupted command (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Whether `e` is a usage error (exit 2, as for a bad flag): a problem in what the user
/// gave oktui, found before anything was sent: a flag ([`UsageError`]), the config file,
/// the environment, the profile, and the credentials they name (a missing, loose or
/// unusable key file).
pub fn is_usage_error(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.is::<UsageError>() || cause.is::<ConfigError>() || cause.is::<KeyProblem>())
}

/// The config the flags name, read once for the command: its profile, the hunts' tables.
pub fn read_config(global: &GlobalArgs) -> Result<Config> {
    Config::read(global.config_options()).context("cannot load the connection settings")
}

/// The profile the flags choose, resolved from the config read once.
pub fn load_profile(global: &GlobalArgs) -> Result<Profile> {
    profile_of(&read_config(global)?)
}

/// The config's profile, resolved (secrets read).
fn profile_of(config: &Config) -> Result<Profile> {
    config.profile().context("cannot load the connection settings")
}

/// A client for `profile` (refusing every change when it is read-only), each request
/// waiting at most `--timeout`, its rate-limit waits said on stderr.
pub fn client_for(profile: &Profile, global: &GlobalArgs) -> Result<Client> {
    let client = profile.client(global.request_timeout()).context("cannot set up the Okta client")?;
    waits::announce(&client);
    Ok(client)
}

/// The config's profile and a client for it.
pub fn connect(config: &Config, global: &GlobalArgs) -> Result<(Client, Profile)> {
    let profile = profile_of(config)?;
    Ok((client_for(&profile, global)?, profile))
}

/// A client for the profile the flags choose, for a command that needs nothing else of the
/// config.
pub fn client(global: &GlobalArgs) -> Result<Client> {
    Ok(connect(&read_config(global)?, global)?.0)
}

/// `oktui info`: where oktui keeps its files.
pub fn info(out: &mut impl std::io::Write) -> Result<()> {
    let paths = config::Paths::discover()?;
    writeln!(out, "config file  {}", paths.config_file.display())?;
    writeln!(out, "data dir     {}", paths.data_dir.display())?;
    writeln!(out, "log file     {}", paths.log_file.display())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use anyhow::Context;

    use super::*;
    use crate::okta::url::OrgUrl;

    #[test]
    fn a_cause_already_said_is_not_repeated() {
        let url = OrgUrl::parse("http://acme.okta.com").unwrap_err();
        let e = anyhow::Error::new(ConfigError::OrgUrl { origin: "OKTA_CLIENT_ORGURL".into(), source: url })
            .context("cannot load the connection settings");
        let line = error_line(&e);
        assert_eq!(line.matches("uses http://").count(), 1, "{line}");
        assert!(line.starts_with("cannot load the connection settings: org URL from OKTA_CLIENT_ORGURL refused: "));
        assert!(is_usage_error(&e));
    }

    #[test]
    fn causes_not_yet_said_are_kept_and_the_line_is_cleaned() {
        let io = std::io::Error::other("disk on \u{1b}]0;fire\u{7}");
        let e = Err::<(), _>(io).context("cannot write the output").unwrap_err();
        assert_eq!(error_line(&e), "cannot write the output: disk on ");
        assert!(!is_usage_error(&e));
    }
}
