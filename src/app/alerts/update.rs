//! The alerts pane's update: starting the judge, its messages, opening the pane and its keys.

use super::state::{Feed, JudgeMsg};
use crate::app::effect::Effect;
use crate::app::hunt::{Span, WindowChoice};
use crate::app::keys::KeyAction;
use crate::app::state::{AppState, Route};

/// Starts the live judge (again, for another org): what the last one raised goes.
pub fn start_judge(state: &mut AppState) -> Effect {
    let generation = state.generation();
    state.alerts.reset(generation);
    Effect::StartJudge { generation }
}

/// `:alerts` or `8`: the live findings.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    state.stack = vec![Route::Alerts];
    Vec::new()
}

/// A message of the judge.
pub fn on_msg(state: &mut AppState, msg: JudgeMsg) {
    let pane = &mut state.alerts;
    match msg {
        JudgeMsg::Alerts { generation, alerts } if generation == pane.generation => {
            pane.absorb(alerts, state.now_ms);
        }
        JudgeMsg::Feed { generation, feed } if generation == pane.generation => pane.feed = Some(feed),
        JudgeMsg::Failed { generation, message } if generation == pane.generation => pane.failed = Some(message),
        _ => {}
    }
}

/// What the pane's status line says of the judge's feed.
pub fn feed_words(feed: Option<Feed>) -> &'static str {
    match feed {
        None => "starting the live judge",
        Some(Feed::Own) => "judging its own tail",
        Some(Feed::LogPane) => "judging the log pane's tail",
    }
}

/// The pane's keys; `None` leaves the key to the global handling.
pub fn on_action(state: &mut AppState, action: KeyAction, page: isize) -> Option<Vec<Effect>> {
    let pane = &mut state.alerts;
    if let Some(delta) = crate::app::viewport::motion(action, page) {
        pane.selected = crate::app::viewport::moved(pane.selected, pane.rows.len(), delta);
        return Some(Vec::new());
    }
    let finding = pane.selected_row().map(|r| r.finding.clone());
    match action {
        KeyAction::Open => {
            let Some(finding) = finding else { return Some(Vec::new()) };
            // An address's view over the last day: the live window and what led up to it.
            let window = WindowChoice::Last(Span::Day);
            let findings: Vec<_> = pane.rows.iter().map(|r| r.finding.clone()).collect();
            Some(crate::app::finding_road::open(state, &finding, window, &findings))
        }
        KeyAction::Investigate => {
            Some(finding.map_or_else(Vec::new, |f| crate::app::finding_road::investigate(state, &f)))
        }
        KeyAction::ActOnFinding => Some(finding.map_or_else(Vec::new, |f| crate::app::finding_road::act(state, f))),
        _ => None,
    }
}
