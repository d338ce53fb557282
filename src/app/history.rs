//! The demo org's System Log history, written behind the running console (`oktui demo`):
//! how far it has got, what a view read meanwhile (the investigation, the hunt, the IP view)
//! says of it, and the update that reads such a view again when more of it is written, the
//! view's last result kept on screen until the new one lands. Only the console on the demo's
//! org hears of it: after `:profile` its progress is ignored (and the task that followed it
//! is aborted with every other, [`super::effects`]).

use super::effect::Effect;
use super::state::AppState;
pub use crate::sim::HistoryProgress;

/// What a view says of the demo's history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryNotice {
    /// Read while the history was still being written: how far it has got since.
    pub unwritten: Option<HistoryProgress>,
    /// Being read again now that more of it is written: the view shows its last result,
    /// kept until the new one lands.
    pub reading_again: bool,
}

impl HistoryNotice {
    /// The notice of a read started with the history at `history` (`None`: all written).
    pub fn of_read(history: Option<HistoryProgress>) -> HistoryNotice {
        HistoryNotice { unwritten: history, reading_again: false }
    }

    /// The notice of a read started again with the history at `history`, the view's last
    /// result kept on screen meanwhile.
    pub fn of_read_again(history: Option<HistoryProgress>) -> HistoryNotice {
        HistoryNotice { unwritten: history, reading_again: true }
    }

    /// Whether the view has something to say.
    pub fn shown(&self) -> bool {
        self.unwritten.is_some() || self.reading_again
    }

    /// The history got to `progress`: whether what the view read is worth reading again
    /// (its first stretch has landed since, or it is all written); if not, the notice says
    /// how far it has got.
    pub fn due(&mut self, progress: HistoryProgress) -> bool {
        let Some(before) = self.unwritten else { return false };
        if progress.read_again_after(&before) {
            return true;
        }
        self.unwritten = Some(progress);
        false
    }
}

/// The demo's history got further: the views read while it was being written follow it,
/// and are read again when its first stretch lands and once it is all written. Ignored on
/// any org but the demo's.
pub fn on_progress(state: &mut AppState, progress: HistoryProgress) -> Vec<Effect> {
    if !state.header.demo {
        return Vec::new();
    }
    state.history = (!progress.complete).then_some(progress);
    let mut effects = super::investigation::history_written(state, progress);
    effects.extend(super::hunt::history_written(state, progress));
    effects.extend(super::ip::history_written(state, progress));
    effects
}

/// The console left the demo's org (`:profile`): nothing shown says the demo's history is
/// being written, and nothing is read again for it.
pub fn forget(state: &mut AppState) {
    state.history = None;
    state.investigation.history = HistoryNotice::default();
    state.hunt.history = HistoryNotice::default();
    state.ip.history = HistoryNotice::default();
}
