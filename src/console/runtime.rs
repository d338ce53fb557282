//! The event loop: terminal input, ticks and task results arrive as `Msg`s on one bounded
//! channel; `update` turns each into effects; effects become tasks; a frame is drawn at most
//! ~30 times a second and only when something changed. Effects go to the one dispatcher,
//! [`crate::app::effects`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::sync::{mpsc, watch};
use tokio::time::{interval, Instant, MissedTickBehavior};

use super::terminal;
use crate::app::effects::{Dispatcher, Setup};
use crate::app::findings_tasks::HuntSettings;
use crate::app::history::HistoryProgress;
use crate::app::keys::KeyMap;
use crate::app::lists::start_list;
use crate::app::lists::ListKind;
use crate::app::msg::Msg;
use crate::app::state::{AppState, HeaderInfo, Load, Route};
use crate::app::update::update;
use crate::config::{Config, LogSettings};
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
    /// The config, read once when the console opened: its `[detections]` and `[hunt]`, and
    /// the profiles `:profile` switches to.
    pub config: Arc<Config>,
    /// `--timeout`: how long each request waits, on this profile and any switched to.
    pub timeout: Duration,
    /// The profile names `:profile` offers.
    pub profiles: Vec<String>,
    pub theme: Theme,
    pub keys: KeyMap,
    /// The config file's `[logs]`: how many events the System Log pane keeps.
    pub logs: LogSettings,
    /// Where exports go.
    pub data_dir: PathBuf,
    /// `--mask`: the console opens masked (logins, emails, names and IPs as pseudonyms).
    pub mask: bool,
    /// How far the demo org's System Log history is written (`oktui demo` only: the org
    /// writes it behind the running console, and what is read meanwhile is read again).
    pub history: Option<watch::Receiver<HistoryProgress>>,
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
        || state.ip.load == Load::Loading
        || state.alerts.flashing(state.now_ms).is_some()
}

async fn event_loop(term: &mut terminal::Term, session: Session) -> Result<()> {
    let Session { client, header, profile_name, config, timeout, profiles, theme, keys, logs, data_dir, mask, history } =
        session;
    let size = term.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let mut state = AppState::new(header, keys, profiles, size);
    state.mask.on = mask;
    state.logs = crate::app::logs::LogsState::new(logs.retain_events);
    state.context = crate::app::context::Context::of_this_session();
    let console = config.console();
    let detections = Arc::new(config.detections());
    state.alerts = crate::app::alerts::AlertsPane::new(console.bell).with_rules(detections.suppress.clone());
    let hunt_budget = crate::gather::MemoryBudget::configured(config.hunt().memory_budget_mb);
    let (tx, mut rx) = mpsc::channel::<Msg>(CHANNEL_CAPACITY);
    tokio::spawn(read_input(tx.clone()));
    let mut signals = ShutdownSignals::new()?;
    let mut tick = interval(TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let setup = Setup {
        client,
        profile_name,
        profile_label: state.header.profile.clone(),
        demo: state.header.demo,
        config,
        timeout,
        data_dir,
        hunt: HuntSettings { detections, budget: hunt_budget },
        poll_interval: Duration::from_secs(console.poll_interval_secs),
    };
    let mut dispatcher = Dispatcher::new(setup, tx);
    if let Some(history) = history {
        state.history = Some(*history.borrow()).filter(|p| !p.complete);
        dispatcher.follow_history(history);
    }
    let first = start_list(&mut state, ListKind::Users);
    dispatcher.dispatch(first).await;
    let judge = crate::app::alerts::start_judge(&mut state);
    dispatcher.dispatch(judge).await;
    let mut dirty = true;
    let mut last_draw = Instant::now() - FRAME;
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
            Some(msg) = rx.recv() => {
                dirty = true;
                // The clock as the message arrives: an approval is stamped with it.
                let mut effects = update(&mut state, now());
                effects.extend(update(&mut state, msg));
                effects
            }
            _ = tick.tick() => {
                let limiter = dispatcher.client().limiter();
                let rate = Msg::RateLimits(limiter.status());
                let wait = Msg::RateWait(limiter.waits().current());
                dirty |= animating(&state);
                let mut effects = update(&mut state, Msg::Tick);
                effects.extend(update(&mut state, now()));
                effects.extend(update(&mut state, rate));
                effects.extend(update(&mut state, wait));
                effects
            }
            _ = tokio::time::sleep_until(next_frame), if dirty => Vec::new(),
            _ = signals.recv() => break,
        };
        for effect in effects {
            dispatcher.dispatch(effect).await;
        }
        if state.alerts.take_bell() {
            terminal::bell();
        }
        if state.quit {
            break;
        }
    }
    Ok(())
}

/// The wall clock, for `update`.
fn now() -> Msg {
    Msg::Now(chrono::Utc::now().timestamp_millis())
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
struct ShutdownSignals {
    term: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

impl ShutdownSignals {
    fn new() -> Result<ShutdownSignals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(ShutdownSignals {
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
