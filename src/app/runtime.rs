//! The event loop: terminal input, ticks and task results arrive as `Msg`s on one bounded
//! channel; `update` turns each into effects; effects become tasks; a frame is drawn at most
//! ~30 times a second and only when something changed.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::time::{interval, Instant, MissedTickBehavior};

use super::effect::Effect;
use super::keys::KeyMap;
use super::lists::ListKind;
use super::msg::Msg;
use super::state::{AppState, HeaderInfo, Load, Route};
use super::update::{start_list, update};
use super::{findings_tasks, tasks, terminal};
use crate::config::{self, ConfigOptions, LogSettings};
use crate::mfa::Scope;
use crate::okta::client::Client;
use crate::ui::theme::Theme;

/// Messages waiting at most; senders wait when it is full.
const CHANNEL_CAPACITY: usize = 256;
/// Shortest time between two frames (~30 fps).
const FRAME: Duration = Duration::from_millis(33);
/// Spinner and gauge refresh.
const TICK: Duration = Duration::from_millis(200);

/// Everything the console needs to run.
pub struct Session {
    pub client: Client,
    pub header: HeaderInfo,
    /// The profile's name (not its label): the MFA cache is kept per profile name, as
    /// `oktui mfa-gaps` keeps it, so both share one answer.
    pub profile_name: String,
    /// How the profile was chosen, to switch profiles live.
    pub config: ConfigOptions,
    pub profiles: Vec<String>,
    pub theme: Theme,
    pub keys: KeyMap,
    /// The config file's `[logs]`: how many events the System Log pane keeps.
    pub logs: LogSettings,
    /// Where exports go.
    pub data_dir: PathBuf,
}

/// Runs the console until the user quits, a signal ends it or a thread panics
/// ([`super::panics`]); the terminal is restored in every case.
pub async fn run(session: Session) -> Result<()> {
    let mut term = terminal::enter().context("cannot take over the terminal")?;
    super::panics::supervise(event_loop(&mut term, session), terminal::restore).await
}

/// Whether something on screen moves with time (spinners, the log tail's lag).
fn animating(state: &AppState) -> bool {
    state.lists.values().any(|l| l.load == Load::Loading)
        || state.detail.load == Load::Loading
        || matches!(state.route(), Route::Logs | Route::Event { .. })
        || state.approval.is_some()
        || state.mfa.load == Load::Loading
        || state.investigation.load == Load::Loading
        || state.hunt.load == Load::Loading
}

async fn event_loop(term: &mut terminal::Term, session: Session) -> Result<()> {
    let Session { mut client, header, mut profile_name, config, profiles, theme, keys, logs, data_dir } = session;
    let size = term.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let mut state = AppState::new(header, keys, profiles, size);
    state.logs = super::logs::LogsState::new(logs.retain_events);
    let detections =
        std::sync::Arc::new(config::detection_settings(&config).context("the config file's [detections] table")?);
    let hunt_settings = config::hunt_settings(&config).context("the config file's [hunt] table")?;
    let hunt_budget = crate::gather::MemoryBudget::configured(hunt_settings.memory_budget_mb);
    let (tx, mut rx) = mpsc::channel::<Msg>(CHANNEL_CAPACITY);
    tokio::spawn(read_input(tx.clone()));
    let mut signals = Signals::new()?;
    let mut tick = interval(TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let first = start_list(&mut state, ListKind::Users);
    tasks::spawn_load(first, &client, &tx);
    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
    // The one System Log tail; a new one replaces it.
    let mut tail: Option<tokio::task::JoinHandle<()>> = None;
    // The one hunt under way; a new one supersedes it.
    let mut hunt = findings_tasks::HuntTask::default();
    loop {
        if dirty {
            let wait = FRAME.saturating_sub(last_draw.elapsed());
            if wait.is_zero() {
                term.draw(|f| crate::ui::screen::render(f, &state, &theme)).context("cannot draw")?;
                last_draw = Instant::now();
                dirty = false;
            }
        }
        let next_frame = last_draw + FRAME;
        let effects = tokio::select! {
            Some(msg) = rx.recv() => { dirty = true; update(&mut state, msg) }
            _ = tick.tick() => {
                let rate = Msg::RateLimits(client.limiter().status());
                let wait = Msg::RateWait(client.limiter().waits().current());
                dirty |= animating(&state);
                let mut effects = update(&mut state, Msg::Tick);
                effects.extend(update(&mut state, Msg::Now(chrono::Utc::now().timestamp_millis())));
                effects.extend(update(&mut state, rate));
                effects.extend(update(&mut state, wait));
                effects
            }
            _ = tokio::time::sleep_until(next_frame), if dirty => Vec::new(),
            _ = signals.recv() => break,
        };
        for effect in effects {
            match effect {
                Effect::Copy(text) => copy(&text, &tx).await,
                Effect::Export { kind, rows } => export(kind, rows, &data_dir, &tx),
                Effect::MfaSweep { generation, mode } => {
                    let store =
                        crate::mfa::CacheStore::new(&data_dir, &profile_name, client.org().as_str(), &Scope::All);
                    tasks::spawn_mfa(&client, &tx, store, generation, mode);
                }
                Effect::ExportMfa { rows } => tasks::export_mfa(rows, &data_dir, &tx),
                Effect::WriteCase { subject, who } => {
                    let journal = crate::actions::audit::journal_path(&data_dir, state.header.demo);
                    let place = findings_tasks::CasePlace { data_dir: &data_dir, journal: &journal };
                    findings_tasks::spawn_case_file(&client, &tx, *subject, &who, &state.header.profile, place)
                }
                Effect::Investigate { generation, user, window } => {
                    findings_tasks::spawn_investigation(&client, &tx, detections.clone(), generation, user, window)
                }
                Effect::Hunt { generation, window } => {
                    hunt.start(&client, &tx, detections.clone(), hunt_budget, generation, window)
                }
                Effect::CancelHunt => hunt.cancel(),
                Effect::SwitchProfile(name) => {
                    if let Some((new_client, new_name)) = switch_profile(&config, &name, &tx).await {
                        client = new_client;
                        profile_name = new_name;
                    }
                }
                Effect::StartTail { generation, window, query } => {
                    let config = query.tail_config(window);
                    if let Some(old) = tail.replace(tasks::spawn_tail(&client, &tx, generation, config)) {
                        old.abort();
                    }
                }
                e @ (Effect::Preflight { .. } | Effect::Execute { .. } | Effect::LoadAudit { .. }) => {
                    let journal = crate::actions::audit::journal_path(&data_dir, state.header.demo);
                    super::action_tasks::spawn(e, &client, &state.header.profile, &journal, &tx)
                }
                load => tasks::spawn_load(load, &client, &tx),
            }
        }
        if state.quit {
            break;
        }
    }
    if let Some(tail) = tail {
        tail.abort();
    }
    Ok(())
}

/// Forwards terminal events; only key presses (not releases) and resizes matter.
async fn read_input(tx: mpsc::Sender<Msg>) {
    let mut events = EventStream::new();
    while let Some(Ok(event)) = events.next().await {
        let msg = match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => Msg::Key(key),
            Event::Resize(w, h) => Msg::Resize(w, h),
            _ => continue,
        };
        if tx.send(msg).await.is_err() {
            return;
        }
    }
}

/// SIGTERM, SIGHUP (a dropped SSH link) and SIGINT end the console cleanly.
struct Signals {
    term: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Signals {
            term: signal(SignalKind::terminate()).context("cannot watch SIGTERM")?,
            hup: signal(SignalKind::hangup()).context("cannot watch SIGHUP")?,
            int: signal(SignalKind::interrupt()).context("cannot watch SIGINT")?,
        })
    }

    async fn recv(&mut self) {
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.hup.recv() => {}
            _ = self.int.recv() => {}
        }
    }
}

/// Copies with OSC 52, which works over SSH and inside tmux.
async fn copy(text: &str, tx: &mpsc::Sender<Msg>) {
    let msg = match crate::ui::clipboard::osc52_for(text, &|k| std::env::var(k).ok()) {
        Ok(seq) => {
            let mut out = std::io::stdout();
            match out.write_all(seq.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => format!("copied {}", crate::sanitize::clean(text)),
                Err(e) => format!("cannot copy: {e}"),
            }
        }
        Err(e) => format!("cannot copy: {e}"),
    };
    let _ = tx.send(Msg::Flash(msg)).await;
}

/// Writes the rows to a file in the data dir and says where.
fn export(kind: ListKind, rows: Vec<serde_json::Value>, dir: &std::path::Path, tx: &mpsc::Sender<Msg>) {
    use crate::ui::export::{export, ExportColumn, ExportFormat};
    let (dir, tx) = (dir.to_path_buf(), tx.clone());
    tokio::task::spawn_blocking(move || {
        let columns: Vec<ExportColumn> = kind.export_columns().iter().map(|c| (c.header, c.cell)).collect();
        let name = kind.title().to_lowercase();
        let now = chrono::Utc::now();
        let written = [ExportFormat::Csv, ExportFormat::Json]
            .into_iter()
            .map(|format| export(&rows, &columns, &name, &dir, format, now))
            .collect::<Result<Vec<_>, _>>();
        let msg = match written {
            Ok(paths) => {
                let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                format!("exported {} to {}", crate::output::plural::count(rows.len(), "row"), paths.join(" and "))
            }
            Err(e) => format!("cannot export: {e}"),
        };
        let _ = tx.blocking_send(Msg::Flash(msg));
    });
}

/// Connects to another profile; on success every pane reloads from it. Returns the client
/// and the profile's name.
async fn switch_profile(config: &ConfigOptions, name: &str, tx: &mpsc::Sender<Msg>) -> Option<(Client, String)> {
    let options = ConfigOptions { profile: Some(name.to_string()), ..config.clone() };
    let loaded = tokio::task::spawn_blocking(move || config::load(&options)).await;
    let result = match loaded {
        Ok(Ok(profile)) => Client::new(profile.org_url.clone(), profile.credential.clone())
            .map(|client| if profile.read_only { client.into_read_only() } else { client })
            .map(|client| {
                let header = header_for(&profile, &client, false);
                (client, header, profile.name.clone())
            })
            .map_err(|e| e.to_string()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match result {
        Ok((client, header, profile_name)) => {
            let _ = tx.send(Msg::Connected(header)).await;
            Some((client, profile_name))
        }
        Err(e) => {
            let _ = tx.send(Msg::Flash(format!("cannot switch to {name}: {}", crate::sanitize::clean(&e)))).await;
            None
        }
    }
}

/// The header of a profile.
pub fn header_for(profile: &config::Profile, client: &Client, demo: bool) -> HeaderInfo {
    let label =
        profile.label.clone().map(|l| format!("{l} ({})", profile.name)).unwrap_or_else(|| profile.name.clone());
    HeaderInfo {
        org: profile.org_url.as_str().to_string(),
        profile: label,
        auth: client.auth().describe(),
        read_only: profile.read_only,
        demo,
    }
}
