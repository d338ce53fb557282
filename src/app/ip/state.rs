//! The IP pane's state: an address's events, users and findings.

use std::sync::Arc;

use crate::app::history::HistoryNotice;
use crate::app::hunt::WindowChoice;
use crate::app::state::Load;
use crate::gather::FetchProgress;
pub use crate::investigate::report::{IpEvent, IpReport, IpUser};
use crate::investigate::Finding;
use crate::okta::model::LogEvent;

/// What the read of an address sends back.
#[derive(Debug)]
pub enum IpMsg {
    Progress { generation: u64, progress: FetchProgress },
    Done { generation: u64, report: Box<IpReport>, events: Vec<LogEvent> },
    Failed { generation: u64, message: String, code: Option<String> },
}

/// The table the selection is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpFocus {
    Users,
    Events,
}

/// The view.
#[derive(Debug)]
pub struct IpPane {
    pub generation: u64,
    pub load: Load,
    pub ip: Option<String>,
    pub window: WindowChoice,
    pub progress: Option<FetchProgress>,
    /// The report read (while the view reads again for the demo's history, the last one).
    pub report: Option<IpReport>,
    /// The events the report was built from, for the event view.
    pub events: Arc<[LogEvent]>,
    /// The findings that name the address, as they were when it was opened.
    pub findings: Vec<Finding>,
    pub focus: IpFocus,
    pub selected_user: usize,
    pub selected_event: usize,
    /// What the view says of the demo's history, read while it was being written.
    pub history: HistoryNotice,
}

impl Default for IpPane {
    fn default() -> Self {
        IpPane::new()
    }
}

impl IpPane {
    /// A view not yet asked for anything.
    pub fn new() -> IpPane {
        IpPane {
            generation: 0,
            load: Load::Idle,
            ip: None,
            window: WindowChoice::Last(crate::app::hunt::Span::Day),
            progress: None,
            report: None,
            events: Arc::new([]),
            findings: Vec::new(),
            focus: IpFocus::Users,
            selected_user: 0,
            selected_event: 0,
            history: HistoryNotice::default(),
        }
    }

    /// The report to show: the one read, or while the view reads again for the demo's
    /// history, the last one (the gauge is shown otherwise while it reads).
    pub fn shown_report(&self) -> Option<&IpReport> {
        let shown = self.load == Load::Done || (self.load == Load::Loading && self.history.reading_again);
        self.report.as_ref().filter(|_| shown)
    }

    /// The user under the cursor, when the users table has it.
    pub fn selected_user(&self) -> Option<&IpUser> {
        self.report.as_ref()?.users.get(self.selected_user)
    }

    /// The event row under the cursor.
    pub fn selected_event(&self) -> Option<&IpEvent> {
        self.report.as_ref()?.events.get(self.selected_event)
    }

    /// What `y` copies: the selected user's login, else the address.
    pub fn copy_text(&self) -> Option<String> {
        match self.focus {
            IpFocus::Users => self.selected_user().map(|u| u.login.clone()).or_else(|| self.ip.clone()),
            IpFocus::Events => self.ip.clone(),
        }
    }
}
