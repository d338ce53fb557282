//! The investigation pane's update: opening, re-windowing, messages, keys and proposals.

use super::state::*;
use crate::app::effect::Effect;
use crate::app::history::{HistoryNotice, HistoryProgress};
use crate::app::hunt::{PickerTarget, WindowChoice, WindowPicker};
use crate::app::keys::KeyAction;
use crate::app::state::{AppState, Load, Mode, Route};
use crate::investigate::{Finding, ProposedAction};

/// Opens the investigation of `user` (id or login): pushed onto the breadcrumb when coming
/// from a list, an event or a hunt, and loaded unless it is the one already shown.
pub fn open(state: &mut AppState, user: String, push: bool) -> Vec<Effect> {
    let route = Route::Investigate(Some(user.clone()));
    if push {
        state.stack.push(route);
    } else {
        state.stack = vec![route];
    }
    let pane = &state.investigation;
    let same = pane.user.as_deref() == Some(user.as_str()) && matches!(pane.load, Load::Done | Load::Loading);
    if same {
        return Vec::new();
    }
    start(state, user)
}

/// `6` or `:investigate` without a user: the last investigation, else how to start one.
pub fn open_last(state: &mut AppState) -> Vec<Effect> {
    match state.investigation.user.clone() {
        Some(user) => open(state, user, false),
        None => {
            state.stack = vec![Route::Investigate(None)];
            Vec::new()
        }
    }
}

fn start(state: &mut AppState, user: String) -> Vec<Effect> {
    let generation = state.generation();
    let window = state.investigation.window;
    let zoom = state.investigation.zoom;
    state.investigation = InvestigationPane {
        zoom,
        history: HistoryNotice::of_read(state.history),
        ..InvestigationPane::loading(generation, Some(user.clone()), window, Load::Loading)
    };
    vec![Effect::Investigate { generation, user, window }]
}

/// The demo's history got further: a view read while it was being written says how far,
/// and reads its user again when the first stretch of it lands (the last hour and the
/// seeded attacks) and once it is all written, showing the report it has until the new one
/// lands.
pub fn history_written(state: &mut AppState, progress: HistoryProgress) -> Vec<Effect> {
    if !state.investigation.history.due(progress) {
        return Vec::new();
    }
    let Some(user) = state.investigation.user.clone() else { return Vec::new() };
    let generation = state.generation();
    let pane = &mut state.investigation;
    pane.generation = generation;
    pane.load = Load::Loading;
    pane.progress = None;
    pane.history = HistoryNotice::of_read_again(state.history);
    vec![Effect::Investigate { generation, user, window: pane.window }]
}

/// `w`'s picker chose `window`: the user is investigated again over it.
pub fn rewindow(state: &mut AppState, window: WindowChoice) -> Vec<Effect> {
    state.investigation.window = window;
    let Some(user) = state.investigation.user.clone() else {
        state.flash = Some(format!("window: {}; investigate a user to read it", window.label()));
        return Vec::new();
    };
    state.flash = Some(format!("window: {}; investigating again", window.label()));
    start(state, user)
}

/// A message of the running investigation.
pub fn on_msg(state: &mut AppState, msg: InvestigationMsg) {
    let pane = &mut state.investigation;
    match msg {
        InvestigationMsg::Progress { generation, progress } if generation == pane.generation => {
            pane.progress = Some(progress);
        }
        InvestigationMsg::Done { generation, report, events } if generation == pane.generation => {
            pane.by_uuid = events.iter().enumerate().filter_map(|(i, e)| Some((e.uuid.clone()?, i))).collect();
            pane.events = events.into();
            pane.report = Some(*report);
            pane.load = Load::Done;
            pane.history.reading_again = false;
            pane.keep_selection();
            state.online = Some(true);
        }
        InvestigationMsg::Failed { generation, message, code } if generation == pane.generation => {
            pane.load = Load::Failed { message, code };
            pane.history.reading_again = false;
        }
        _ => {}
    }
}

/// The view's keys; `None` leaves the key to the global handling.
pub fn on_action(state: &mut AppState, action: KeyAction) -> Option<Vec<Effect>> {
    let pane = &mut state.investigation;
    match action {
        KeyAction::Zoom => {
            pane.zoom = match pane.zoom {
                Some(_) => None,
                None => Some(Panel::Findings),
            };
            return Some(Vec::new());
        }
        KeyAction::NextPanel => {
            match pane.zoom {
                Some(panel) => pane.zoom = Some(panel.next()),
                None => {
                    let (next, zoom) = (state.keys.press(KeyAction::NextPanel), state.keys.press(KeyAction::Zoom));
                    state.flash = Some(format!("{next} goes to the next panel once one is zoomed ({zoom})"));
                }
            }
            return Some(Vec::new());
        }
        _ => {}
    }
    if state.investigation.evidence.is_some() {
        return on_evidence_action(state, action);
    }
    let pane = &mut state.investigation;
    let findings = pane.report.as_ref().map_or(0, |r| r.findings.len());
    match action {
        KeyAction::Up => pane.selected = pane.selected.saturating_sub(1),
        KeyAction::Down => pane.selected = (pane.selected + 1).min(findings.saturating_sub(1)),
        KeyAction::Top => pane.selected = 0,
        KeyAction::Bottom => pane.selected = findings.saturating_sub(1),
        KeyAction::PageUp => pane.scroll = pane.scroll.saturating_add(5),
        KeyAction::PageDown => pane.scroll = pane.scroll.saturating_sub(5),
        KeyAction::Open => {
            if pane.selected_finding().is_none() {
                state.flash = Some("no finding selected".into());
                return Some(Vec::new());
            }
            let events = pane.evidence_of(pane.selected);
            if events.is_empty() {
                state.flash = Some("the finding's events are not among the user's events".into());
            } else {
                pane.evidence = Some(EvidenceList { finding: pane.selected, events, selected: 0 });
            }
        }
        KeyAction::Window => {
            state.mode = Mode::PickWindow(WindowPicker::for_window(PickerTarget::Investigation, pane.window));
        }
        KeyAction::Retry => {
            let user = pane.user.clone()?;
            return Some(start(state, user));
        }
        KeyAction::ActOnFinding => return Some(act_on_finding(state)),
        KeyAction::CaseFile => return Some(case_file(state)),
        KeyAction::RevokeSession => return Some(revoke_session(state)),
        _ => return None,
    }
    Some(Vec::new())
}

fn on_evidence_action(state: &mut AppState, action: KeyAction) -> Option<Vec<Effect>> {
    let pane = &mut state.investigation;
    let list = pane.evidence.as_mut()?;
    match action {
        KeyAction::Up => list.selected = list.selected.saturating_sub(1),
        KeyAction::Down => list.selected = (list.selected + 1).min(list.events.len().saturating_sub(1)),
        KeyAction::Top => list.selected = 0,
        KeyAction::Bottom => list.selected = list.events.len().saturating_sub(1),
        KeyAction::Back => pane.evidence = None,
        KeyAction::Open => {
            let view = crate::app::event::EventView::of_log_event(pane.selected_evidence()?);
            let name = crate::sanitize::clean(view.event.event_type.as_deref().unwrap_or("event")).into_owned();
            state.event = Some(view);
            state.stack.push(Route::Event { name });
        }
        KeyAction::ActOnFinding => return Some(act_on_finding(state)),
        KeyAction::CaseFile => return Some(case_file(state)),
        KeyAction::RevokeSession => return Some(revoke_session(state)),
        _ => return None,
    }
    Some(Vec::new())
}

/// `E`: the case file of the investigation shown (its report and the events it was judged
/// from), written by a task into the data dir.
fn case_file(state: &mut AppState) -> Vec<Effect> {
    let pane = &state.investigation;
    let Some(report) = pane.report.as_ref().filter(|_| pane.load == Load::Done) else {
        let key = state.keys.press(KeyAction::CaseFile);
        state.flash = Some(format!("{key} writes the case file of an investigation: wait until it is read"));
        return Vec::new();
    };
    let who = report.user.login.clone();
    let subject = crate::case::CaseSubject::User { report: Box::new(report.clone()), events: pane.events.clone() };
    state.flash = Some(format!("writing the case file of {}…", crate::sanitize::clean(&who)));
    // Named after its pseudonym when masked: the folder's name is no way round the mask.
    let who = if state.mask.on { state.mask.login(&who) } else { who };
    vec![Effect::WriteCase { subject: Box::new(subject), who, mask: crate::app::masking::active(state) }]
}

/// `x` on an evidence event: the approval dialog for revoking the Okta session it was made
/// in, on the investigated user (the re-read checks the session is theirs).
fn revoke_session(state: &mut AppState) -> Vec<Effect> {
    let pane = &state.investigation;
    let user = pane.report.as_ref().map(|r| r.user.id.clone());
    let session = pane.selected_evidence().and_then(|e| e.session_id()).map(str::to_string);
    match (session, user) {
        (Some(session_id), Some(user)) => {
            crate::app::approval::open(state, crate::actions::OrgChange::RevokeSession { session_id }, user)
        }
        _ => {
            let open = state.keys.press(KeyAction::Open);
            state.flash = Some(format!(
                "revoke session acts on an evidence event with a session: open a finding's evidence ({open}) and select one"
            ));
            Vec::new()
        }
    }
}

/// The session of the first of `finding`'s evidence events (in the pane) that names one,
/// else the first session the finding carries (a hunt's finding, its evidence not read here).
fn evidence_session(pane: &InvestigationPane, finding: &Finding) -> Option<String> {
    let events = finding.evidence.iter().filter_map(|u| pane.events.iter().find(|e| e.uuid.as_deref() == Some(u)));
    events.filter_map(|e| e.session_id()).next().or(finding.sessions.first().map(String::as_str)).map(str::to_string)
}

/// `a`: the approval dialog for the selected finding's proposal, on the investigated user.
fn act_on_finding(state: &mut AppState) -> Vec<Effect> {
    let pane = &state.investigation;
    let Some(finding) = pane
        .evidence
        .as_ref()
        .map_or(pane.selected_finding(), |l| pane.report.as_ref().and_then(|r| r.findings.get(l.finding)))
    else {
        state.flash = Some("no finding selected".into());
        return Vec::new();
    };
    let Some(user) = pane.report.as_ref().map(|r| r.user.id.clone()) else { return Vec::new() };
    propose(state, finding.clone(), user)
}

/// The approval dialog for `finding`'s proposal on `user`, pre-filled with its reason and
/// evidence: one action, or a containment plan of several; a finding that proposes nothing
/// says so, with its advice when it has some.
pub fn propose(state: &mut AppState, finding: Finding, user: String) -> Vec<Effect> {
    use crate::actions::{OrgChange, RiskLevel};
    use crate::app::approval::Request;
    let clear = OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false };
    let request = match finding.proposed_action {
        ProposedAction::Suspend => Request::One(OrgChange::Suspend),
        ProposedAction::Unsuspend => Request::One(OrgChange::Unsuspend),
        ProposedAction::ClearSessions => Request::One(clear),
        ProposedAction::Contain => {
            Request::Plan(vec![OrgChange::Suspend, clear, OrgChange::LogoutEverywhere, OrgChange::ResetFactors])
        }
        ProposedAction::SetRiskHigh => Request::One(OrgChange::SetRisk { level: RiskLevel::High }),
        ProposedAction::RevokeSession => match evidence_session(&state.investigation, &finding) {
            Some(session_id) => Request::Plan(vec![OrgChange::RevokeSession { session_id }, clear]),
            None => {
                let c = state.keys.press(KeyAction::ClearSessions);
                state.flash = Some(format!(
                    "{} proposes revoking the session, but no evidence event here names it: press {c} on the user to end every session",
                    finding.kind.name()
                ));
                return Vec::new();
            }
        },
        ProposedAction::None => {
            state.flash = Some(if finding.action_reason.is_empty() {
                let acts = [KeyAction::Suspend, KeyAction::Unsuspend, KeyAction::ClearSessions]
                    .map(|a| state.keys.press(a))
                    .join("/");
                format!("{} proposes no action: review it, or press {acts} on the user", finding.kind.name())
            } else {
                format!("{} proposes no action now: {}", finding.kind.name(), finding.action_reason)
            });
            return Vec::new();
        }
    };
    let evidence = crate::actions::Evidence {
        summary: finding.summary.clone(),
        uuids: finding.evidence.clone(),
        confidence: finding.confidence_word().to_string(),
    };
    let reason = if finding.action_reason.is_empty() { finding.summary.clone() } else { finding.action_reason.clone() };
    crate::app::approval::open_for_proposal(state, request, user, reason, evidence)
}
