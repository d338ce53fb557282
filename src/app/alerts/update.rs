//! The alerts pane's update: starting the judge, its messages, opening the pane and its keys.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use super::state::{Feed, JudgeMsg};
use crate::app::effect::Effect;
use crate::app::hunt::{Span, WindowChoice};
use crate::app::keys::KeyAction;
use crate::app::state::{AppState, Mode, Route};
use crate::investigate::suppress::SuppressRule;

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
        pane.selected = crate::app::viewport::moved(pane.selected, pane.shown().len(), delta);
        return Some(Vec::new());
    }
    let finding = pane.selected_row().map(|r| r.finding.clone());
    match action {
        KeyAction::Open => {
            let Some(finding) = finding else { return Some(Vec::new()) };
            // An address's view over the last day: the live window and what led up to it.
            let window = WindowChoice::Last(Span::Day);
            let findings: Vec<_> = pane.shown().iter().map(|r| r.finding.clone()).collect();
            Some(crate::app::finding_road::open(state, &finding, window, &findings))
        }
        KeyAction::Investigate => {
            Some(finding.map_or_else(Vec::new, |f| crate::app::finding_road::investigate(state, &f)))
        }
        KeyAction::ActOnFinding => Some(finding.map_or_else(Vec::new, |f| crate::app::finding_road::act(state, f))),
        KeyAction::ToggleSuppressed => {
            pane.toggle_suppressed();
            let n = pane.suppressed_count;
            state.flash = Some(match pane.show_suppressed {
                true => format!("{n} suppressed findings; the rules are in the config's [detections.suppress]"),
                false => "the live findings".into(),
            });
            Some(Vec::new())
        }
        KeyAction::MarkBenign => {
            let Some(row) = pane.selected_row() else { return Some(Vec::new()) };
            if let Some(rule) = &row.suppressed_by {
                state.flash = Some(format!("already suppressed by the rule {rule}"));
                return Some(Vec::new());
            }
            state.mode = Mode::MarkBenign { id: row.id.clone(), input: Input::default() };
            Some(Vec::new())
        }
        _ => None,
    }
}

/// Keys typed at "mark benign"'s prompt: `Enter` makes the finding's rule with the reason
/// typed and asks for it to be written and journaled; `Esc` cancels.
pub fn on_reason_key(state: &mut AppState, id: String, mut input: Input, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            state.mode = Mode::Normal;
            state.flash = Some("not marked benign".into());
        }
        KeyCode::Enter => {
            let reason = input.value().trim().to_string();
            if reason.is_empty() {
                state.flash = Some("say why it is benign: the reason is kept with the rule and journaled".into());
                state.mode = Mode::MarkBenign { id, input };
                return Vec::new();
            }
            state.mode = Mode::Normal;
            return mark_benign(state, &id, &reason);
        }
        _ => {
            input.handle_event(&Event::Key(key));
            state.mode = Mode::MarkBenign { id, input };
        }
    }
    Vec::new()
}

/// The rule that marks the live finding `id` benign, to be written.
fn mark_benign(state: &mut AppState, id: &str, reason: &str) -> Vec<Effect> {
    let Some(row) = state.alerts.rows.iter().find(|r| r.id == id) else {
        state.flash = Some("that finding is no longer listed".into());
        return Vec::new();
    };
    let now = chrono::DateTime::from_timestamp_millis(state.now_ms).unwrap_or_default();
    match SuppressRule::benign(&row.finding, reason, None, now) {
        Ok(rule) => {
            state.flash = Some(format!("writing the rule {} to the config file…", rule.name()));
            vec![Effect::MarkBenign {
                rule: Box::new(rule),
                org: state.header.org.clone(),
                profile: state.header.profile.clone(),
                operator: state.context.operator.clone(),
            }]
        }
        Err(e) => {
            state.flash = Some(crate::sanitize::clean(&format!("cannot mark it benign: {e}")).into_owned());
            Vec::new()
        }
    }
}

/// The rule of a "mark benign" written (now in force: what it covers leaves the live list),
/// or why not.
pub fn on_benign_marked(state: &mut AppState, result: Result<Box<SuppressRule>, String>) {
    let rule = match result {
        Ok(rule) => rule,
        Err(message) => {
            state.flash = Some(crate::sanitize::clean(&message).into_owned());
            return;
        }
    };
    let name = rule.name().to_string();
    let before = state.alerts.suppressed_count;
    let toggle = state.keys.press(KeyAction::ToggleSuppressed);
    state.flash = Some(match state.alerts.add_rule(*rule, state.now_ms) {
        Ok(()) => {
            let n = state.alerts.suppressed_count.saturating_sub(before);
            format!("marked benign: rule {name} written to the config file and journaled; {n} suppressed ({toggle} lists them)")
        }
        Err(e) => crate::sanitize::clean(&format!("the rule {name} was written but not applied: {e}")).into_owned(),
    });
}
