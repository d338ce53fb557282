//! Opening the console: on the configured org (`oktui`), or on a fresh simulated org
//! (`oktui demo`), with the theme and keys the flags and config ask for. The config is read
//! once, here, and everything the console takes from it comes from that one [`Config`].

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};

use super::runtime::{self, Session};
use crate::app::keys::KeyMap;
use crate::app::state::HeaderInfo;
use crate::cli::{DemoArgs, GlobalArgs};
use crate::config::{Config, LogSettings, Paths, Profile};
use crate::okta::credential::Credential;
use crate::okta::url::OrgUrl;
use crate::secret::Secret;
use crate::sim::{SimConfig, SimServer};
use crate::ui::theme::Theme;

/// The theme and keys of the flags and the config file, and its System Log pane settings.
fn look(global: &GlobalArgs, config: &Config) -> Result<(Theme, KeyMap, LogSettings)> {
    let settings = config.ui();
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
    let config = Config::read(global.config_options()).context("cannot load the connection settings")?;
    let profile = config.profile().context("cannot load the connection settings")?;
    let (theme, keys, logs) = look(global, &config)?;
    let timeout = global.request_timeout();
    let client = profile.client(timeout).context("cannot set up the Okta client")?;
    let header = HeaderInfo::of(&profile, &client, false);
    let (profile_name, profiles, config) = (profile.name, config.profile_names(), Arc::new(config));
    let mask = global.mask;
    let session = Session {
        client,
        header,
        profile_name,
        config,
        timeout,
        profiles,
        theme,
        keys,
        logs,
        data_dir,
        mask,
        history: None,
    };
    runtime::run(session).await
}

/// `oktui demo`: a simulated org on loopback, and the console on it. The console opens at
/// once; its first requests wait in the socket's backlog while the directory is generated,
/// and the org's log history fills in behind, newest first; the console is told how far it
/// has got, so what it reads meanwhile says so and is read again when it is all written.
pub async fn demo(global: &GlobalArgs, args: &DemoArgs) -> Result<()> {
    let data_dir = data_dir()?;
    let config = Config::read(global.config_options()).context("cannot read the config file")?;
    let sim_config = SimConfig {
        users: args.users,
        seed: args.seed,
        token_owner_roles: args.token_owner_roles.as_deref().map(crate::cli::role_list),
        ..SimConfig::default()
    };
    let addr: SocketAddr = "127.0.0.1:0".parse().context("cannot parse the loopback address")?;
    let bound = SimServer::bind(addr).await.context("cannot start the simulated org")?;
    let url = bound.url().to_string();
    let token = crate::sim::keys::issue(args.seed).api_token;
    let history = Some(bound.history());
    let sim = tokio::spawn(bound.serve_early(sim_config));
    let profile = Profile {
        name: "demo".to_string(),
        label: None,
        org_url: OrgUrl::parse(&url).context("the simulated org's URL")?,
        credential: Credential::ApiToken(Secret::new(token).into()),
        read_only: global.read_only,
    };
    let timeout = global.request_timeout();
    let client = profile.client(timeout).context("cannot set up the client for the simulated org")?;
    let (theme, keys, logs) = look(global, &config)?;
    let header = HeaderInfo {
        org: url,
        profile: format!("simulated org, seed {}", args.seed),
        auth: client.auth().describe(),
        read_only: global.read_only,
        demo: true,
    };
    let (profile_name, config, profiles) = (profile.name, Arc::new(config), Vec::new());
    let mask = global.mask;
    let session =
        Session { client, header, profile_name, config, timeout, profiles, theme, keys, logs, data_dir, mask, history };
    let result = runtime::run(session).await;
    sim.abort();
    result
}
