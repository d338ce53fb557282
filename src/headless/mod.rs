//! The headless commands: the same core as the console, answering scripts and on-call
//! engineers over SSH. Each command connects with the chosen profile, fetches every page,
//! and prints in the requested format (the listings print each page as it arrives); errors are one line on stderr ([`error_line`]),
//! exit 2 for a usage error ([`is_usage_error`]), 130 when interrupted ([`Interrupted`]), else 1.

pub mod act;
pub mod audit;
pub mod case;
pub mod columns;
pub mod doctor;
pub mod follow;
pub mod investigate;
pub mod lists;
pub mod mfa_gaps;
pub mod note;
pub mod output;
pub mod progress;
pub mod shell;
pub mod waits;
pub mod when;

use anyhow::{Context, Result};

use crate::cli::GlobalArgs;
use crate::config::{self, ConfigError, ConfigOptions, Profile};
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

/// The config options the global flags describe.
pub fn config_options(global: &GlobalArgs) -> ConfigOptions {
    ConfigOptions {
        config_file: global.config.clone(),
        profile: global.profile.clone(),
        org_url: global.org_url.clone(),
        read_only: global.read_only,
    }
}

/// Loads the profile the flags and environment choose.
pub fn load_profile(global: &GlobalArgs) -> Result<Profile> {
    config::load(&config_options(global)).context("cannot load the connection settings")
}

/// The detections' thresholds from the config file's `[detections]` table.
pub fn detection_settings(global: &GlobalArgs) -> Result<crate::investigate::DetectionConfig> {
    config::detection_settings(&config_options(global)).context("cannot read the config file's [detections] table")
}

/// The memory a hunt may hold, from the config file's `[hunt]` table.
pub fn hunt_budget(global: &GlobalArgs) -> Result<crate::gather::MemoryBudget> {
    let settings =
        config::hunt_settings(&config_options(global)).context("cannot read the config file's [hunt] table")?;
    Ok(crate::gather::MemoryBudget::configured(settings.memory_budget_mb))
}

/// A client for the chosen profile (refusing every change when the profile is read-only).
pub fn connect(global: &GlobalArgs) -> Result<Client> {
    Ok(connect_profile(global)?.0)
}

/// The chosen profile and a client for it.
pub fn connect_profile(global: &GlobalArgs) -> Result<(Client, Profile)> {
    let profile = load_profile(global)?;
    let timeout = std::time::Duration::from_secs(global.timeout);
    let client = Client::with_timeout(profile.org_url.clone(), profile.credential.clone(), timeout)
        .context("cannot set up the Okta client")?;
    let client = if profile.read_only { client.into_read_only() } else { client };
    waits::announce(&client);
    Ok((client, profile))
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
