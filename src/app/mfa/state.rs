//! The MFA-gaps pane's state: the sweep's answer, its rows, sort and filter.

use std::collections::BTreeMap;

use crate::app::state::Load;
use crate::mfa::groups::GroupMembers;
pub use crate::mfa::totals::Counts;
use crate::mfa::totals::{self, GroupCounts};
pub use crate::mfa::{age, How, Progress};
use crate::mfa::{report, SweepOutcome, SweepRecord, UserMfa};

/// What a running sweep sends back.
#[derive(Debug)]
pub enum MfaMsg {
    Progress {
        generation: u64,
        progress: Progress,
    },
    Done {
        generation: u64,
        outcome: Box<SweepOutcome>,
    },
    Failed {
        generation: u64,
        message: String,
    },
    /// The memberships of the largest groups, read after the sweep (or why not).
    Groups {
        generation: u64,
        result: Result<Vec<GroupMembers>, String>,
    },
}

/// The totals by group, read after each sweep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum GroupTotals {
    /// No sweep has finished yet.
    #[default]
    Idle,
    /// Reading the memberships.
    Loading,
    Done(Vec<GroupCounts>),
    /// Why the memberships could not be read (sanitised).
    Failed(String),
}

/// The orders the gap list can be sorted in (`o` cycles them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Admins without strong MFA first, then by class and login (as `oktui mfa-gaps`).
    #[default]
    Priority,
    Login,
    Status,
    /// Most recent sign-in first.
    LastLogin,
}

impl SortKey {
    /// The next order.
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Priority => SortKey::Login,
            SortKey::Login => SortKey::Status,
            SortKey::Status => SortKey::LastLogin,
            SortKey::LastLogin => SortKey::Priority,
        }
    }

    /// Its name in the pane's title.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Priority => "admins first",
            SortKey::Login => "login",
            SortKey::Status => "status",
            SortKey::LastLogin => "last login",
        }
    }
}

/// One row of the gap list: the report's cells (sanitised) and the user.
#[derive(Debug, Clone)]
pub struct GapRow {
    pub cells: [String; 7],
    pub user: UserMfa,
}

/// The pane.
#[derive(Debug)]
pub struct MfaPane {
    pub generation: u64,
    pub load: Load,
    /// The latest progress of the running sweep.
    pub progress: Option<Progress>,
    pub record: Option<SweepRecord>,
    pub how: Option<How>,
    pub groups: GroupTotals,
    pub rows: Vec<GapRow>,
    /// The rows' filter text.
    search: crate::app::filter::SearchIndex,
    /// Indices into `rows` passing the filter, in the sort order.
    pub visible: Vec<usize>,
    pub filter: String,
    pub sort: SortKey,
    /// Whether the list (and its export) holds `weak_only` users too, as `oktui mfa-gaps
    /// --include-weak`; by default it holds what `oktui mfa-gaps` prints.
    pub include_weak: bool,
    pub selected: usize,
    pub offset: usize,
}

impl Default for MfaPane {
    fn default() -> Self {
        MfaPane::new()
    }
}

impl MfaPane {
    /// A pane that has not swept yet.
    pub fn new() -> MfaPane {
        MfaPane {
            generation: 0,
            load: Load::Idle,
            progress: None,
            record: None,
            how: None,
            groups: GroupTotals::Idle,
            rows: Vec::new(),
            search: Default::default(),
            visible: Vec::new(),
            filter: String::new(),
            sort: SortKey::Priority,
            include_weak: false,
            selected: 0,
            offset: 0,
        }
    }

    /// Totals over the answer: all users, and per status.
    pub fn totals(&self) -> (Counts, BTreeMap<String, Counts>) {
        match &self.record {
            Some(r) => (totals::overall(r), totals::by_status(r)),
            None => (Counts::default(), BTreeMap::new()),
        }
    }

    /// The selected row, if any.
    pub fn selected_row(&self) -> Option<&GapRow> {
        self.visible.get(self.selected).and_then(|i| self.rows.get(*i))
    }

    pub(super) fn set_record(&mut self, record: SweepRecord) {
        self.record = Some(record);
        self.rebuild_rows();
    }

    /// The gap rows of the answer, as `oktui mfa-gaps` (with `--include-weak` when
    /// `include_weak`) reports them.
    pub(super) fn rebuild_rows(&mut self) {
        let gaps = self.record.as_ref().map(|r| report::gap_rows(r, self.include_weak)).unwrap_or_default();
        self.rows = gaps.into_iter().map(|u| GapRow { cells: report::cells(u), user: u.clone() }).collect();
        self.search.rebuild(self.rows.iter().map(|row| row.cells.iter().map(String::as_str)));
        self.refilter();
    }

    /// Applies the filter (all words must appear) and the sort order.
    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_string();
        self.refilter();
    }

    pub(super) fn refilter(&mut self) {
        let rows = &self.rows;
        let mut visible = self.search.matching(&self.filter, None);
        match self.sort {
            SortKey::Priority => {}
            SortKey::Login => visible.sort_by(|a, b| rows[*a].cells[0].cmp(&rows[*b].cells[0])),
            SortKey::Status => visible.sort_by(|a, b| rows[*a].cells[2].cmp(&rows[*b].cells[2])),
            SortKey::LastLogin => visible.sort_by(|a, b| rows[*b].cells[6].cmp(&rows[*a].cells[6])),
        }
        self.visible = visible;
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// Keeps the selection within `rows` visible rows.
    pub fn keep_in_view(&mut self, rows: usize) {
        self.offset = crate::app::viewport::scrolled(self.selected, self.offset, rows);
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        self.selected = crate::app::viewport::moved(self.selected, self.visible.len(), delta);
    }
}
