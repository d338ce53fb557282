//! The hunt pane's update: opening, starting and stopping hunts, the window picker, messages and keys.

use chrono::DateTime;
use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use super::state::*;
use crate::app::effect::Effect;
use crate::app::history::{HistoryNotice, HistoryProgress};
use crate::app::keys::KeyAction;
use crate::app::state::{AppState, Load, Mode, Route};
use crate::investigate::Finding;

/// `:hunt`: the pane, hunting the window the first time.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    state.stack = vec![Route::Hunt];
    match state.hunt.load {
        Load::Idle if state.hunt.history.reading_again => hunt(state),
        Load::Idle => start(state),
        _ => Vec::new(),
    }
}

/// A new hunt: the findings of the last one go.
fn start(state: &mut AppState) -> Vec<Effect> {
    let pane = &mut state.hunt;
    pane.findings.clear();
    pane.visible.clear();
    pane.selected = 0;
    pane.offset = 0;
    pane.history = HistoryNotice::of_read(state.history);
    hunt(state)
}

/// Hunts the pane's window (the findings shown stay until the new ones land).
fn hunt(state: &mut AppState) -> Vec<Effect> {
    let generation = state.generation();
    let pane = &mut state.hunt;
    pane.generation = generation;
    pane.load = Load::Loading;
    pane.reading = None;
    pane.past_retention = false;
    pane.progress = None;
    pane.catalog_progress = None;
    vec![Effect::Hunt { generation, window: pane.window }]
}

/// The demo's history got further: a hunt run while it was being written says how far,
/// and hunts again when the first stretch of it lands and once it is all written (when the
/// pane is shown; else when it next is), showing the findings it has until the new ones
/// land.
pub fn history_written(state: &mut AppState, progress: HistoryProgress) -> Vec<Effect> {
    if !state.hunt.history.due(progress) {
        return Vec::new();
    }
    state.hunt.history = HistoryNotice::of_read_again(state.history);
    if state.stack.contains(&Route::Hunt) {
        hunt(state)
    } else {
        state.hunt.load = Load::Idle;
        Vec::new()
    }
}

/// Stops the hunt under way: its late messages are ignored, the runtime aborts its task.
fn stop(state: &mut AppState) -> Vec<Effect> {
    state.hunt.generation = state.generation();
    vec![Effect::CancelHunt]
}

/// Esc while the hunt reads: cancelled, saying what was covered.
fn cancel(state: &mut AppState) -> Vec<Effect> {
    let effects = stop(state);
    let pane = &mut state.hunt;
    let p = pane.progress.unwrap_or_default();
    let covered = match (pane.reading, p.covered) {
        (Some(w), Some(to)) => {
            format!("the window covered from {} to {}", w.since.format("%m-%d %H:%M"), to.format("%m-%d %H:%M"))
        }
        _ => "none of the window covered".to_string(),
    };
    let message = format!("cancelled: {} events in {} pages read, {covered}", crate::output::count(p.events), p.pages);
    pane.load = Load::Failed { message, code: None };
    effects
}

/// After every message: a hunt still reading while its pane is no longer shown is aborted
/// (coming back hunts again).
pub fn abandon_if_left(state: &mut AppState) -> Vec<Effect> {
    if state.hunt.load != Load::Loading || state.stack.contains(&Route::Hunt) {
        return Vec::new();
    }
    state.hunt.load = Load::Idle;
    stop(state)
}

/// Another org: the findings of the last one go, and a hunt under way is aborted.
pub fn reset_for_new_org(state: &mut AppState) -> Vec<Effect> {
    let loading = state.hunt.load == Load::Loading;
    state.hunt = HuntPane { window: state.hunt.window, ..HuntPane::new() };
    if loading {
        stop(state)
    } else {
        Vec::new()
    }
}

/// A key while `w`'s picker is open.
pub fn on_picker_key(state: &mut AppState, mut picker: WindowPicker, key: KeyEvent) -> Vec<Effect> {
    if let Some(mut range) = picker.range.take() {
        match key.code {
            KeyCode::Esc => state.mode = Mode::PickWindow(picker),
            KeyCode::Tab | KeyCode::BackTab => {
                range.on_until = !range.on_until;
                picker.range = Some(range);
                state.mode = Mode::PickWindow(picker);
            }
            KeyCode::Enter => match typed_window(&range, state.now_ms) {
                Ok(window) => return pick(state, picker.target, window),
                Err(e) => {
                    range.error = Some(e);
                    picker.range = Some(range);
                    state.mode = Mode::PickWindow(picker);
                }
            },
            _ => {
                let field = if range.on_until { &mut range.until } else { &mut range.since };
                field.handle_event(&Event::Key(key));
                range.error = None;
                picker.range = Some(range);
                state.mode = Mode::PickWindow(picker);
            }
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => {
            state.mode = Mode::Normal;
            return Vec::new();
        }
        KeyCode::Left | KeyCode::Up | KeyCode::Char('h' | 'k') => picker.selected = picker.selected.saturating_sub(1),
        KeyCode::Right | KeyCode::Down | KeyCode::Char('l' | 'j') => {
            picker.selected = (picker.selected + 1).min(CUSTOM)
        }
        KeyCode::Char(c @ '1'..='5') => {
            picker.selected = usize::from(c as u8 - b'1');
            return choose(state, picker);
        }
        KeyCode::Enter => return choose(state, picker),
        _ => {}
    }
    state.mode = Mode::PickWindow(picker);
    Vec::new()
}

/// The picker's entry `selected` chosen: a span hunts at once, custom asks for the range.
fn choose(state: &mut AppState, mut picker: WindowPicker) -> Vec<Effect> {
    match Span::ALL.get(picker.selected) {
        Some(span) => pick(state, picker.target, WindowChoice::Last(*span)),
        None => {
            let current = match picker.target {
                PickerTarget::Hunt => state.hunt.window,
                PickerTarget::Investigation => state.investigation.window,
            };
            let range = match current {
                WindowChoice::Range { since, until } => RangeInput {
                    since: Input::new(since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    until: Input::new(
                        until.map(|u| u.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default(),
                    ),
                    ..RangeInput::default()
                },
                WindowChoice::Last(span) => {
                    RangeInput { since: Input::new(span.label().into()), ..RangeInput::default() }
                }
            };
            picker.range = Some(range);
            state.mode = Mode::PickWindow(picker);
            Vec::new()
        }
    }
}

/// Reads `window` again in the picker's pane (what it was reading is superseded).
fn pick(state: &mut AppState, target: PickerTarget, window: WindowChoice) -> Vec<Effect> {
    state.mode = Mode::Normal;
    if target == PickerTarget::Investigation {
        return crate::app::investigation::rewindow(state, window);
    }
    state.hunt.window = window;
    state.flash = Some(format!("window: {}; hunting again", window.label()));
    let mut effects = stop(state);
    effects.extend(start(state));
    effects
}

/// The range typed in, its durations counted back from `now_ms`.
fn typed_window(range: &RangeInput, now_ms: i64) -> Result<WindowChoice, String> {
    let now =
        DateTime::from_timestamp_millis(now_ms).ok_or_else(|| format!("the clock reads {now_ms} ms, not a time"))?;
    let parse = crate::when::parse_time;
    let since = parse(range.since.value(), now)?;
    let until = match range.until.value().trim() {
        "" => None,
        typed => Some(parse(typed, now)?),
    };
    crate::when::window(since, until, now).map_err(|_| "the start is after the end".to_string())?;
    Ok(WindowChoice::Range { since, until })
}

/// A message of the running hunt.
pub fn on_msg(state: &mut AppState, msg: HuntMsg) {
    let pane = &mut state.hunt;
    match msg {
        HuntMsg::Progress { generation, progress } if generation == pane.generation => pane.progress = Some(progress),
        HuntMsg::Window { generation, window, note } if generation == pane.generation => {
            pane.reading = Some(window);
            pane.past_retention = note.is_some();
            if note.is_some() {
                state.flash = note;
            }
        }
        HuntMsg::Catalog { generation, progress } if generation == pane.generation => {
            pane.catalog_progress = Some(progress);
        }
        HuntMsg::Done { generation, findings, events, cut, window, catalog } if generation == pane.generation => {
            pane.catalog_progress = None;
            pane.catalog_summary = catalog;
            pane.findings = findings;
            pane.events = events;
            pane.cut = cut;
            pane.read = Some(window);
            pane.load = Load::Done;
            pane.history.reading_again = false;
            pane.apply_preset();
            state.online = Some(true);
        }
        HuntMsg::Failed { generation, message, code } if generation == pane.generation => {
            pane.load = Load::Failed { message, code };
            pane.history.reading_again = false;
        }
        _ => {}
    }
}

/// The pane's keys; `None` leaves the key to the global handling.
pub fn on_action(state: &mut AppState, action: KeyAction, page: isize) -> Option<Vec<Effect>> {
    let pane = &mut state.hunt;
    if let Some(delta) = crate::app::viewport::motion(action, page) {
        pane.selected = crate::app::viewport::moved(pane.selected, pane.rows(), delta);
        return Some(Vec::new());
    }
    match action {
        KeyAction::RollUp => {
            pane.by_entity = !pane.by_entity;
            pane.selected = 0;
            pane.offset = 0;
        }
        KeyAction::Open | KeyAction::Investigate if pane.by_entity => {
            let Some(row) = pane.selected_entity().cloned() else { return Some(Vec::new()) };
            return Some(match row.entity {
                crate::app::hunt::Entity::User => crate::app::investigation::open(state, row.name, true),
                crate::app::hunt::Entity::Ip => {
                    let window =
                        pane.read.map_or(pane.window, |w| WindowChoice::Range { since: w.since, until: Some(w.until) });
                    let findings = pane.findings.clone();
                    crate::app::ip::open(state, &row.name, window, &findings)
                }
                crate::app::hunt::Entity::Session => match row.users.first() {
                    Some(user) => crate::app::investigation::open(state, user.clone(), true),
                    None => {
                        state.flash =
                            Some("no finding of this session names a user: its IPs are in the findings".into());
                        Vec::new()
                    }
                },
            });
        }
        KeyAction::Preset => {
            pane.preset = pane.next_preset();
            pane.apply_preset();
        }
        KeyAction::Window => state.mode = Mode::PickWindow(WindowPicker::for_window(PickerTarget::Hunt, pane.window)),
        KeyAction::Back if pane.load == Load::Loading => return Some(cancel(state)),
        KeyAction::Retry => {
            let mut effects = stop(state);
            effects.extend(start(state));
            return Some(effects);
        }
        KeyAction::Open if pane.selected_finding().is_some_and(|f| f.catalog.is_some()) => {
            let view = pane.selected_finding().and_then(catalog_view);
            state.describe = view;
        }
        KeyAction::Open => {
            // A finding about an address opens the address: the hunt's window, as read.
            let window =
                pane.read.map_or(pane.window, |w| WindowChoice::Range { since: w.since, until: Some(w.until) });
            let Some(finding) = pane.selected_finding().cloned() else { return Some(Vec::new()) };
            let findings = pane.findings.clone();
            return Some(crate::app::finding_road::open(state, &finding, window, &findings));
        }
        KeyAction::Investigate => {
            let Some(finding) = pane.selected_finding().cloned() else { return Some(Vec::new()) };
            return Some(crate::app::finding_road::investigate(state, &finding));
        }
        KeyAction::CaseFile => {
            let (Some(finding), Some(window)) = (pane.selected_finding(), pane.read) else {
                let key = state.keys.press(KeyAction::CaseFile);
                state.flash =
                    Some(format!("{key} writes the case file of a finding: select one once the hunt is read"));
                return Some(Vec::new());
            };
            let who =
                finding.users.first().or(finding.ips.first()).cloned().unwrap_or_else(|| finding.kind.name().into());
            let subject = crate::case::CaseSubject::Finding { finding: Box::new(finding.clone()), window };
            state.flash = Some(format!("writing the case file of {}…", finding.kind.name()));
            let mask = crate::app::masking::active(state);
            // Named after its pseudonym when masked: the folder's name is no way round the mask.
            let who = match mask.clone() {
                Some(mut m) => m.text(&who).into_owned(),
                None => who,
            };
            return Some(vec![Effect::WriteCase { subject: Box::new(subject), who, mask }]);
        }
        KeyAction::ActOnFinding => {
            let Some(finding) = pane.selected_finding().cloned() else { return Some(Vec::new()) };
            return Some(crate::app::finding_road::act(state, finding));
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// What `Enter` shows of a catalog finding: the detection's words (description,
/// references, prevention advice, false-positive notes), its filter, and the events it matched.
fn catalog_view(finding: &Finding) -> Option<crate::app::describe::DescribeView> {
    let c = finding.catalog.as_ref()?;
    let mut fields: Vec<(String, String)> = vec![
        ("detection".into(), format!("{} ({} {})", c.title, c.entry, c.id)),
        ("severity".into(), finding.severity.name().into()),
        ("summary".into(), finding.summary.clone()),
        ("tactics".into(), c.tactics.join(", ")),
        ("techniques".into(), c.techniques.join(", ")),
        ("description".into(), c.description.clone()),
    ];
    let numbered = |name: &str, items: &[String], fields: &mut Vec<(String, String)>| {
        if items.is_empty() {
            fields.push((name.to_string(), String::new()));
        }
        for (n, item) in items.iter().enumerate() {
            let label = if items.len() == 1 { name.to_string() } else { format!("{name} {}", n + 1) };
            fields.push((label, item.clone()));
        }
    };
    numbered("prevention", &c.prevention, &mut fields);
    numbered("false positives", &c.false_positives, &mut fields);
    numbered("reference", &c.references, &mut fields);
    fields.push(("filter".into(), c.filter.clone()));
    fields.push(("users".into(), finding.users.join(", ")));
    fields.push(("IPs".into(), finding.ips.join(", ")));
    for (n, e) in c.matched.iter().enumerate() {
        let when = e.published.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default();
        let ip = e.ip.as_deref().unwrap_or("-");
        let line = format!(
            "{when} {} by {} from {ip}: {} — {} ({})",
            e.event_type, e.actor, e.outcome, e.display_message, e.uuid
        );
        fields.push((format!("evidence {}", n + 1), line));
    }
    if finding.evidence.len() > c.matched.len() {
        fields.push((
            "more evidence".into(),
            format!("{} more events matched", finding.evidence.len() - c.matched.len()),
        ));
    }
    Some(crate::app::describe::DescribeView::new(&format!("Okta catalog: {}", c.title), fields))
}
