//! The console's state: what `update` changes and `ui` draws. Nothing here does I/O.

use std::collections::HashMap;

use tui_input::Input;

use super::detail::DetailState;
use super::event::EventView;
use super::keys::KeyMap;
use super::lists::{ListKind, ListState};
use super::logs::LogsState;
use crate::okta::ratelimit::BucketStatus;
use crate::okta::throttle::RateWait;

pub use crate::mask::Masker;

/// What the header shows about the connection.
#[derive(Debug, Clone, Default)]
pub struct HeaderInfo {
    /// The org URL.
    pub org: String,
    /// The profile's name and label.
    pub profile: String,
    /// "SSWS API token", "OAuth private_key_jwt (DPoP)", …
    pub auth: String,
    pub read_only: bool,
    /// Connected to a simulated org (`oktui demo`).
    pub demo: bool,
}

impl HeaderInfo {
    /// The header of `profile`, connected with `client`.
    pub fn of(profile: &crate::config::Profile, client: &crate::okta::client::Client, demo: bool) -> HeaderInfo {
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
}

/// Where the user is; the stack of routes is the breadcrumb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    List(ListKind),
    /// A detail view of one object of a list: its id and the name shown in the breadcrumb.
    Detail {
        kind: ListKind,
        id: String,
        name: String,
    },
    Logs,
    /// One System Log event in full; `name` is its breadcrumb (the event type).
    Event {
        name: String,
    },
    Investigate(Option<String>),
    /// `:hunt`: org-wide findings.
    Hunt,
    Mfa,
    /// `:audit`: the audit journal.
    Audit,
    /// What one IP address did (opened from a finding about it).
    Ip(String),
    /// `:alerts`: the live judge's findings.
    Alerts,
}

impl Route {
    /// The breadcrumb text.
    pub fn crumb(&self) -> String {
        match self {
            Route::List(kind) => kind.title().to_string(),
            Route::Detail { name, .. } => name.clone(),
            Route::Logs => "System Log".into(),
            Route::Event { name } => name.clone(),
            Route::Investigate(Some(u)) => format!("Investigate {u}"),
            Route::Investigate(None) => "Investigate".into(),
            Route::Hunt => "Hunt".into(),
            Route::Mfa => "MFA gaps".into(),
            Route::Audit => "Audit journal".into(),
            Route::Ip(ip) => format!("IP {ip}"),
            Route::Alerts => "Alerts".into(),
        }
    }
}

/// How a load is going.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    Idle,
    Loading,
    Done,
    Failed { message: String, code: Option<String> },
}

/// What the keyboard is typing into.
#[derive(Debug, Clone)]
pub enum Mode {
    Normal,
    /// `/`: the local filter of the current list.
    Filter(Input),
    /// `:`: the command line.
    Command(Input),
    /// `?`: the help page, scrolled.
    Help(u16),
    /// `F` in the log tail: the server-side filter (a SCIM expression or keywords).
    ServerFilter(Input),
    /// `w` in `:hunt` or an investigation: the window picker.
    PickWindow(super::hunt::WindowPicker),
    /// `b` in `:alerts`: why the live finding `id` is benign.
    MarkBenign {
        id: String,
        input: Input,
    },
}

/// The whole console.
#[derive(Debug)]
pub struct AppState {
    pub header: HeaderInfo,
    pub keys: KeyMap,
    /// The breadcrumb; never empty.
    pub stack: Vec<Route>,
    pub lists: HashMap<ListKind, ListState>,
    pub detail: DetailState,
    /// The System Log pane.
    pub logs: LogsState,
    /// The event open in full, if any.
    pub event: Option<EventView>,
    pub mode: Mode,
    /// One line for the status bar (results, errors of commands).
    pub flash: Option<String>,
    pub rate_limits: Vec<BucketStatus>,
    /// The wait on the rate limit under way, shown on the status line.
    pub rate_wait: Option<RateWait>,
    /// Whether the org answered the last call (`None` before the first answer).
    pub online: Option<bool>,
    /// Profile names for `:profile` completion.
    pub profiles: Vec<String>,
    /// A server-side user search waiting for the typing to pause: the query and the tick
    /// at which it goes.
    pub pending_search: Option<(String, u64)>,
    /// Ticks seen, for spinners and pauses.
    pub ticks: u64,
    /// The wall clock as last sent (ms since the epoch; 0 before the first tick).
    pub now_ms: i64,
    /// The operator and the approval ids, filled by the runtime.
    pub context: super::context::Context,
    pub size: (u16, u16),
    pub quit: bool,
    /// The approval dialog, when open (modal).
    pub approval: Option<super::approval::Dialog>,
    /// The describe view of a row (`d`), when open (modal).
    pub describe: Option<super::describe::DescribeView>,
    /// The `:audit` pane.
    pub audit: super::audit::AuditState,
    /// The `:mfa` pane.
    pub mfa: super::mfa::MfaPane,
    /// The investigation view.
    pub investigation: super::investigation::InvestigationPane,
    /// The `:hunt` pane.
    pub hunt: super::hunt::HuntPane,
    /// The IP view.
    pub ip: super::ip::IpPane,
    /// The live judge's findings (`:alerts`, the header's counts, the log pane's marks).
    pub alerts: super::alerts::AlertsPane,
    /// The session's pseudonyms and whether the screen is masked (`--mask`, `m`).
    pub mask: Masker,
    /// How far the demo org's System Log history is written, while it still is (`None`
    /// once it is, and always for a real org): what is read meanwhile is read again after.
    pub history: Option<super::history::HistoryProgress>,
    next_generation: u64,
}

impl AppState {
    /// A console on the users pane, nothing loaded yet.
    pub fn new(header: HeaderInfo, keys: KeyMap, profiles: Vec<String>, size: (u16, u16)) -> Self {
        AppState {
            header,
            keys,
            stack: vec![Route::List(ListKind::Users)],
            lists: ListKind::ALL.iter().map(|k| (*k, ListState::new(*k))).collect(),
            detail: DetailState { generation: 0, load: Load::Idle, detail: None, scroll: 0, factor: 0 },
            logs: LogsState::new(crate::okta::logs::ring::DEFAULT_CAPACITY),
            event: None,
            mode: Mode::Normal,
            flash: None,
            rate_limits: Vec::new(),
            rate_wait: None,
            online: None,
            profiles,
            pending_search: None,
            ticks: 0,
            now_ms: 0,
            context: super::context::Context::default(),
            size,
            quit: false,
            approval: None,
            describe: None,
            audit: super::audit::AuditState::new(),
            mfa: super::mfa::MfaPane::new(),
            investigation: super::investigation::InvestigationPane::new(),
            hunt: super::hunt::HuntPane::new(),
            ip: super::ip::IpPane::new(),
            alerts: super::alerts::AlertsPane::new(true),
            mask: Masker::default(),
            history: None,
            next_generation: 1,
        }
    }

    /// The current route.
    pub fn route(&self) -> &Route {
        // The stack is never empty: `back` keeps the root.
        self.stack.last().unwrap_or(&Route::List(ListKind::Users))
    }

    /// A fresh generation number for a load.
    pub fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    /// The list of the current route, if it is a list.
    pub fn current_list(&self) -> Option<&ListState> {
        match self.route() {
            Route::List(kind) => self.lists.get(kind),
            _ => None,
        }
    }

    /// Mutable twin of [`AppState::current_list`].
    pub fn current_list_mut(&mut self) -> Option<&mut ListState> {
        match self.route().clone() {
            Route::List(kind) => self.lists.get_mut(&kind),
            _ => None,
        }
    }
}
