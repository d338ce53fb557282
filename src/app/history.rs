//! The demo org's System Log history, written behind the running console (`oktui demo`):
//! how far it has got, and the views read meanwhile (the investigation, the hunt) that say
//! so and read again when more of it is written. A real org's console never hears of it.

use super::effect::Effect;
use super::state::AppState;
pub use crate::sim::HistoryProgress;

/// The demo's history got further: the views read while it was being written follow it,
/// and are read again once it is all written.
pub fn on_progress(state: &mut AppState, progress: HistoryProgress) -> Vec<Effect> {
    state.history = (!progress.complete).then_some(progress);
    let mut effects = super::investigation::history_written(state, progress);
    effects.extend(super::hunt::history_written(state, progress));
    effects
}
