//! The investigation pane's state: the findings, the evidence list and the panel shown.

use std::collections::HashMap;
use std::sync::Arc;

use crate::app::history::HistoryNotice;
use crate::app::hunt::{Span, WindowChoice};
use crate::app::state::Load;
pub use crate::gather::FetchProgress;
pub use crate::investigate::report::{SignIn, UserReport};
pub use crate::investigate::{Finding, FindingSeverity, ProposedAction};
use crate::okta::model::LogEvent;

/// What a running investigation sends back.
#[derive(Debug)]
pub enum InvestigationMsg {
    Progress { generation: u64, progress: FetchProgress },
    Done { generation: u64, report: Box<UserReport>, events: Vec<LogEvent> },
    Failed { generation: u64, message: String, code: Option<String> },
}

/// The evidence list of one finding: the events it cites, and the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceList {
    /// Position of the finding in the report.
    pub finding: usize,
    /// Indices into the pane's events, oldest first.
    pub events: Vec<usize>,
    pub selected: usize,
}

/// A panel of the view, shown alone over the whole view when zoomed (`z`; Tab goes to the
/// next): at 80×24 one panel at a time is what can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Findings,
    Chart,
    Map,
    SignIns,
    Activity,
}

impl Panel {
    /// The next panel, round.
    pub fn next(self) -> Panel {
        match self {
            Panel::Findings => Panel::Chart,
            Panel::Chart => Panel::Map,
            Panel::Map => Panel::SignIns,
            Panel::SignIns => Panel::Activity,
            Panel::Activity => Panel::Findings,
        }
    }

    /// Its name in the view's title.
    pub fn label(self) -> &'static str {
        match self {
            Panel::Findings => "findings",
            Panel::Chart => "chart",
            Panel::Map => "map",
            Panel::SignIns => "sign-ins",
            Panel::Activity => "activity",
        }
    }
}

/// The view.
#[derive(Debug)]
pub struct InvestigationPane {
    pub generation: u64,
    pub load: Load,
    /// The user asked for (id or login).
    pub user: Option<String>,
    pub window: WindowChoice,
    pub progress: Option<FetchProgress>,
    /// The report read (while the view reads again for the demo's history, the last one).
    pub report: Option<UserReport>,
    /// The events the report was built from (shared with a case file being written).
    pub events: Arc<[LogEvent]>,
    pub(super) by_uuid: HashMap<String, usize>,
    /// Position in the report's findings.
    pub selected: usize,
    /// How far the sign-ins table is scrolled up from its newest rows.
    pub scroll: usize,
    pub evidence: Option<EvidenceList>,
    /// The panel shown alone, if one is zoomed; kept across investigations.
    pub zoom: Option<Panel>,
    /// What the view says of the demo's history, read while it was being written.
    pub history: HistoryNotice,
}

impl Default for InvestigationPane {
    fn default() -> Self {
        InvestigationPane::new()
    }
}

impl InvestigationPane {
    /// A view not yet asked for anything; its window is the last 24 h.
    pub fn new() -> InvestigationPane {
        InvestigationPane::loading(0, None, WindowChoice::Last(Span::Day), Load::Idle)
    }

    pub(super) fn loading(
        generation: u64,
        user: Option<String>,
        window: WindowChoice,
        load: Load,
    ) -> InvestigationPane {
        InvestigationPane {
            generation,
            load,
            user,
            window,
            progress: None,
            report: None,
            events: Arc::new([]),
            by_uuid: HashMap::new(),
            selected: 0,
            scroll: 0,
            evidence: None,
            zoom: None,
            history: HistoryNotice::default(),
        }
    }

    /// The selected finding, if any.
    pub fn selected_finding(&self) -> Option<&Finding> {
        self.report.as_ref()?.findings.get(self.selected)
    }

    /// The report to show: the one read, or while the view reads again for the demo's
    /// history, the last one (the gauge is shown otherwise while it reads).
    pub fn shown_report(&self) -> Option<&UserReport> {
        let shown = self.load == Load::Done || (self.load == Load::Loading && self.history.reading_again);
        self.report.as_ref().filter(|_| shown)
    }

    /// The event under the evidence list's cursor.
    pub fn selected_evidence(&self) -> Option<&LogEvent> {
        let list = self.evidence.as_ref()?;
        list.events.get(list.selected).and_then(|&i| self.events.get(i))
    }

    /// The evidence events of finding `index` (cited uuids the pane holds).
    pub(super) fn evidence_of(&self, index: usize) -> Vec<usize> {
        let Some(f) = self.report.as_ref().and_then(|r| r.findings.get(index)) else { return Vec::new() };
        f.evidence.iter().filter_map(|u| self.by_uuid.get(u).copied()).collect()
    }

    /// A report read again replaced the one shown: the selection stays where it was, within
    /// the new findings, and an open evidence list shows its finding's events as read now.
    pub(super) fn keep_selection(&mut self) {
        let findings = self.report.as_ref().map_or(0, |r| r.findings.len());
        self.selected = self.selected.min(findings.saturating_sub(1));
        if let Some(list) = self.evidence.take().filter(|list| list.finding < findings) {
            let events = self.evidence_of(list.finding);
            let selected = list.selected.min(events.len().saturating_sub(1));
            self.evidence = Some(EvidenceList { finding: list.finding, events, selected });
        }
    }
}
