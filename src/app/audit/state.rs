//! The audit pane's state: the journal's records and the selection.

pub use crate::actions::audit::{Entry, Phase, Record, SessionRecord};
use crate::app::state::Load;
use crate::app::viewport;

/// The `:audit` pane: the journal's records (actions and unmasks), oldest first, the selection and the first row
/// drawn.
#[derive(Debug, Clone)]
pub struct AuditState {
    pub generation: u64,
    pub load: Load,
    pub records: Vec<Entry>,
    pub selected: usize,
    pub offset: usize,
}

impl AuditState {
    /// A pane not yet read.
    pub fn new() -> AuditState {
        AuditState { generation: 0, load: Load::Idle, records: Vec::new(), selected: 0, offset: 0 }
    }

    /// The journal read: the selection on the newest record.
    pub fn loaded(&mut self, records: Vec<Entry>) {
        self.selected = records.len().saturating_sub(1);
        self.records = records;
        self.load = Load::Done;
    }

    /// The selected record.
    pub fn selected_record(&self) -> Option<&Entry> {
        self.records.get(self.selected)
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        self.selected = viewport::moved(self.selected, self.records.len(), delta);
    }
}

impl Default for AuditState {
    fn default() -> Self {
        AuditState::new()
    }
}
