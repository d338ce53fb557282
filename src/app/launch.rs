//! Opening the console: on the configured org (`oktui`), or on a fresh simulated org
//! (`oktui demo`), with the theme and keys the flags and config ask for.

use std::net::SocketAddr;

use anyhow::{Context, Result};

use super::keys::KeyMap;
use super::runtime::{self, header_for, Session};
use super::state::HeaderInfo;
use crate::cli::{DemoArgs, GlobalArgs};
use crate::config::{self, ConfigOptions, LogSettings, Paths};
use crate::headless::config_options;
use crate::okta::client::Client;
use crate::okta::credential::Credential;
use crate::okta::url::OrgUrl;
use crate::secret::Secret;
use crate::sim::{SimConfig, SimServer};
use crate::ui::theme::Theme;

/// The theme and keys of the flags and the config file, and its System Log pane settings.
fn look(global: &GlobalArgs, options: &ConfigOptions) -> Result<(Theme, KeyMap, LogSettings)> {
    let settings =
        config::ui_settings(options).context("cannot read the [theme], [keys] and [logs] of the config file")?;
    let mut theme = Theme::choose(global.no_color, global.ascii, &|k| std::env::var(k).ok());
    theme.apply_overrides(&settings.theme).context("the config file's [theme]")?;
    let keys = KeyMap::defaults().with_overrides(&settings.keys).context("the config file's [keys]")?;
    Ok((theme, keys, settings.logs))
}

/// The data dir for the journal, log and caches; none without a home directory, since a
/// shared place such as /tmp is no place for them.
fn data_dir() -> Result<std::path::PathBuf> {
    Ok(Paths::discover().context("the console needs its data directory")?.data_dir)
}

/// `oktui`: the console on the chosen profile.
pub async fn open(global: &GlobalArgs) -> Result<()> {
    let data_dir = data_dir()?;
    let options = config_options(global);
    let profile = config::load(&options).context("cannot load the connection settings")?;
    let (theme, keys, logs) = look(global, &options)?;
    let timeout = std::time::Duration::from_secs(global.timeout);
    let client = Client::with_timeout(profile.org_url.clone(), profile.credential.clone(), timeout)
        .context("cannot set up the Okta client")?;
    let client = if profile.read_only { client.into_read_only() } else { client };
    let profiles = config::profile_names(&options).unwrap_or_default();
    let header = header_for(&profile, &client, false);
    let profile_name = profile.name.clone();
    let session =
        Session { client, header, profile_name, config: options, profiles, theme, keys, logs, data_dir, history: None };
    runtime::run(session).await
}

/// `oktui demo`: a simulated org on loopback, and the console on it. The console opens at
/// once; its first requests wait in the socket's backlog while the directory is generated,
/// and the org's log history fills in behind, newest first; the console is told how far it
/// has got, so what it reads meanwhile says so and is read again when it is all written.
pub async fn demo(global: &GlobalArgs, args: &DemoArgs) -> Result<()> {
    let data_dir = data_dir()?;
    let config = SimConfig { users: args.users, seed: args.seed, ..SimConfig::default() };
    let addr: SocketAddr = "127.0.0.1:0".parse().context("cannot parse the loopback address")?;
    let bound = SimServer::bind(addr).await.context("cannot start the simulated org")?;
    let url = bound.url().to_string();
    let token = crate::sim::keys::issue(args.seed).api_token;
    let history = Some(bound.history());
    let sim = tokio::spawn(bound.serve_early(config));
    let org = OrgUrl::parse(&url).context("the simulated org's URL")?;
    let client = Client::new(org, Credential::ApiToken(Secret::new(token).into()))
        .context("cannot set up the client for the simulated org")?;
    let client = if global.read_only { client.into_read_only() } else { client };
    let options = config_options(global);
    let (theme, keys, logs) = look(global, &options)?;
    let header = HeaderInfo {
        org: url,
        profile: format!("simulated org, seed {}", args.seed),
        auth: client.auth().describe(),
        read_only: global.read_only,
        demo: true,
    };
    let profile_name = "demo".to_string();
    let profiles = Vec::new();
    let session =
        Session { client, header, profile_name, config: options, profiles, theme, keys, logs, data_dir, history };
    let result = runtime::run(session).await;
    sim.abort();
    result
}
