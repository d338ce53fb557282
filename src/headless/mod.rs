//! The headless commands: the same core as the console, answering scripts and on-call
//! engineers over SSH. Each command connects with the chosen profile, fetches every page,
//! and prints in the requested format; errors are one line on stderr (exit 1).

pub mod act;
pub mod audit;
pub mod columns;
pub mod doctor;
pub mod follow;
pub mod investigate;
pub mod lists;
pub mod mfa_gaps;
pub mod note;
pub mod output;
pub mod when;

use anyhow::{Context, Result};

use crate::cli::GlobalArgs;
use crate::config::{self, ConfigOptions, Profile};
use crate::okta::client::Client;

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
