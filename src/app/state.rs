//! The console's state: what `update` changes and `ui` draws. Nothing here does I/O.

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use tui_input::Input;

use super::event::EventView;
use super::filter::SearchIndex;
use super::keys::KeyMap;
use super::lists::ListKind;
use super::logs::LogsState;
use super::sort::{SortOrder, Sorter};
use crate::okta::ratelimit::BucketStatus;
use crate::okta::throttle::RateWait;
use crate::sanitize::clean;

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

/// One row of a list, its cells already sanitised, so drawing and filtering never touch
/// raw JSON (the list's [`SearchIndex`] holds its filter text).
#[derive(Debug, Clone)]
pub struct ListRow {
    pub id: String,
    pub cells: Vec<String>,
    pub name: String,
    pub raw: Value,
}

impl ListRow {
    /// Builds a row of `kind` from an Okta object.
    pub fn new(kind: ListKind, raw: Value) -> ListRow {
        let cells: Vec<String> = kind.columns().iter().map(|c| clean(&(c.cell)(&raw)).into_owned()).collect();
        let id = raw.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        let name = clean(&kind.row_name(&raw)).into_owned();
        ListRow { id, cells, name, raw }
    }
}

/// A list pane: rows as they stream in, the filtered view, the selection and the load state.
#[derive(Debug, Clone)]
pub struct ListState {
    pub kind: ListKind,
    pub rows: Vec<ListRow>,
    /// Indices into `rows` that pass the filter, in order.
    pub visible: Vec<usize>,
    pub filter: String,
    /// Position in `visible`.
    pub selected: usize,
    /// First visible row drawn (kept by the renderer's viewport logic).
    pub offset: usize,
    pub load: Load,
    /// The generation of the load whose pages are accepted.
    pub generation: u64,
    /// Ids already in `rows`: a server search and the streaming listing may both bring a
    /// user, who is shown once.
    ids: HashSet<String>,
    /// The rows' filter text (of the columns shown without wide mode).
    search: SearchIndex,
    /// The sort order and the rows' indices in it.
    sorter: Sorter,
    /// Wide mode (`W`): the columns marked wide are shown too.
    pub wide: bool,
}

impl ListState {
    /// An empty, not yet loaded list.
    pub fn new(kind: ListKind) -> Self {
        ListState {
            kind,
            rows: Vec::new(),
            visible: Vec::new(),
            filter: String::new(),
            selected: 0,
            offset: 0,
            load: Load::Idle,
            generation: 0,
            ids: HashSet::new(),
            search: SearchIndex::default(),
            sorter: Sorter::default(),
            wide: false,
        }
    }

    /// The text the filter looks in: the cells of the columns shown without wide mode.
    fn filter_text(kind: ListKind, row: &ListRow) -> impl Iterator<Item = &str> {
        row.cells.iter().zip(kind.columns()).filter(|(_, c)| !c.wide).map(|(cell, _)| cell.as_str())
    }

    /// Appends a page, keeping the filter applied and the rows in the sort order (the page
    /// is sorted alone and merged in); the selection stays on its row.
    pub fn push_page(&mut self, items: Vec<Value>) {
        let selected = self.visible.get(self.selected).copied();
        let first = self.rows.len();
        let mut matched = Vec::new();
        for raw in items {
            let row = ListRow::new(self.kind, raw);
            if !row.id.is_empty() && !self.ids.insert(row.id.clone()) {
                continue;
            }
            let index = self.rows.len();
            self.search.push(Self::filter_text(self.kind, &row));
            if self.search.row_matches(index, &self.filter) {
                matched.push(index);
            }
            self.rows.push(row);
        }
        let new = self.rows.get(first..).unwrap_or_default();
        self.sorter.push(self.kind.columns(), new.iter().map(|r| (r.cells.as_slice(), &r.raw)));
        self.visible = self.sorter.merge(&self.visible, matched);
        self.reselect(selected);
    }

    /// Applies a new filter (case-insensitive words, all must match). Typing one more
    /// character only narrows: then only the rows still visible are searched again.
    pub fn set_filter(&mut self, filter: &str) {
        let narrowing = !self.filter.is_empty() && filter.starts_with(self.filter.as_str());
        self.filter = filter.to_string();
        let matched = self.search.matching(filter, narrowing.then_some(self.visible.as_slice()));
        self.visible = self.sorter.arrange(matched, self.rows.len());
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// What the list is sorted by, if anything (else rows are in the order they came).
    pub fn sort_order(&self) -> Option<SortOrder> {
        self.sorter.order()
    }

    /// Sorts the rows by `by` (or puts them back in the order they came), keeping the
    /// filter and the selected row.
    pub fn sort_by(&mut self, by: Option<SortOrder>) {
        let selected = self.visible.get(self.selected).copied();
        self.sorter.set(by, self.kind.columns(), self.rows.iter().map(|r| (r.cells.as_slice(), &r.raw)));
        let visible = std::mem::take(&mut self.visible);
        self.visible = self.sorter.arrange(visible, self.rows.len());
        self.reselect(selected);
    }

    /// Puts the selection back on row `row` when it is still shown.
    fn reselect(&mut self, row: Option<usize>) {
        if let Some(at) = row.and_then(|row| self.visible.iter().position(|&i| i == row)) {
            self.selected = at;
        }
    }

    /// Starts over for a new load.
    pub fn reset(&mut self, generation: u64) {
        self.rows.clear();
        self.ids.clear();
        self.search.clear();
        self.sorter.clear();
        self.visible.clear();
        self.selected = 0;
        self.offset = 0;
        self.generation = generation;
        self.load = Load::Loading;
    }

    /// The selected row, if any.
    pub fn selected_row(&self) -> Option<&ListRow> {
        self.visible.get(self.selected).and_then(|i| self.rows.get(*i))
    }

    /// Scrolls so the selection stays within `rows` visible rows.
    pub fn keep_in_view(&mut self, rows: usize) {
        self.offset = super::viewport::scrolled(self.selected, self.offset, rows);
        self.offset = self.offset.min(self.visible.len().saturating_sub(1));
    }

    /// Sets the status of the row of user `id` (after an action re-read it).
    pub fn set_status(&mut self, id: &str, status: &str) {
        let kind = self.kind;
        if let Some(row) = self.rows.iter_mut().find(|r| r.id == id) {
            let mut raw = row.raw.clone();
            raw["status"] = Value::String(status.to_string());
            *row = ListRow::new(kind, raw);
            // Rare (an action's outcome): the index is made again, so the filter finds the
            // new status, and the rows sorted again.
            let selected = self.visible.get(self.selected).copied();
            self.search.rebuild(self.rows.iter().map(|row| Self::filter_text(kind, row)));
            self.visible = self.search.matching(&self.filter, None);
            self.selected = selected.and_then(|row| self.visible.iter().position(|&i| i == row)).unwrap_or(0);
            self.sort_by(self.sorter.order());
        }
    }

    /// Moves the selection by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = super::viewport::moved(self.selected, self.visible.len(), delta);
    }
}

/// A section of a detail view: a title and its lines (already sanitised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub lines: Vec<String>,
}

/// A loaded detail view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub sections: Vec<Section>,
}

/// The detail pane: what it shows and how far it is scrolled.
#[derive(Debug, Clone)]
pub struct DetailState {
    pub generation: u64,
    pub load: Load,
    pub detail: Option<Detail>,
    pub scroll: u16,
}

impl DetailState {
    /// Lines as `ui::detail` draws them: a status line while loading or after a failure,
    /// then per section its title, its lines (or one saying none) and a blank line.
    pub fn line_count(&self) -> usize {
        let status = usize::from(self.load != Load::Done);
        let sections = self.detail.as_ref().map_or(0, |d| d.sections.iter().map(|s| s.lines.len().max(1) + 2).sum());
        status + sections
    }

    /// The furthest scroll that still fills `height` rows (`G` stops there).
    pub fn max_scroll(&self, height: usize) -> u16 {
        u16::try_from(self.line_count().saturating_sub(height)).unwrap_or(u16::MAX)
    }
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
            detail: DetailState { generation: 0, load: Load::Idle, detail: None, scroll: 0 },
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
