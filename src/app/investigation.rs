//! The investigation view's state and its part of `update`: one user's report (findings,
//! sign-ins, activity) and the evidence of the selected finding, one key away. Pure: the
//! fetch and the judging run as an effect (`findings_tasks`).

use std::collections::HashMap;
use std::sync::Arc;

use super::effect::Effect;
use super::history::{HistoryNotice, HistoryProgress};
use super::hunt::{PickerTarget, Span, WindowChoice, WindowPicker};
use super::keys::KeyAction;
use super::state::{AppState, Load, Mode, Route};
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
    by_uuid: HashMap<String, usize>,
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

    fn loading(generation: u64, user: Option<String>, window: WindowChoice, load: Load) -> InvestigationPane {
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
    fn evidence_of(&self, index: usize) -> Vec<usize> {
        let Some(f) = self.report.as_ref().and_then(|r| r.findings.get(index)) else { return Vec::new() };
        f.evidence.iter().filter_map(|u| self.by_uuid.get(u).copied()).collect()
    }

    /// A report read again replaced the one shown: the selection stays where it was, within
    /// the new findings, and an open evidence list shows its finding's events as read now.
    fn keep_selection(&mut self) {
        let findings = self.report.as_ref().map_or(0, |r| r.findings.len());
        self.selected = self.selected.min(findings.saturating_sub(1));
        if let Some(list) = self.evidence.take().filter(|list| list.finding < findings) {
            let events = self.evidence_of(list.finding);
            let selected = list.selected.min(events.len().saturating_sub(1));
            self.evidence = Some(EvidenceList { finding: list.finding, events, selected });
        }
    }
}

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
            let view = super::event::EventView::of_log_event(pane.selected_evidence()?);
            let name = crate::sanitize::clean(view.event.event_type.as_deref().unwrap_or("event")).into_owned();
            state.event = Some(view);
            state.stack.push(Route::Event { name });
        }
        KeyAction::ActOnFinding => return Some(act_on_finding(state)),
        KeyAction::CaseFile => return Some(case_file(state)),
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
    vec![Effect::WriteCase { subject: Box::new(subject), who, mask: super::masking::active(state) }]
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
/// evidence; a finding that proposes nothing says so.
pub fn propose(state: &mut AppState, finding: Finding, user: String) -> Vec<Effect> {
    let action = match finding.proposed_action {
        ProposedAction::Suspend => crate::actions::OrgChange::Suspend,
        ProposedAction::Unsuspend => crate::actions::OrgChange::Unsuspend,
        ProposedAction::ClearSessions => {
            crate::actions::OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false }
        }
        ProposedAction::None => {
            let acts = [KeyAction::Suspend, KeyAction::Unsuspend, KeyAction::ClearSessions]
                .map(|a| state.keys.press(a))
                .join("/");
            state.flash =
                Some(format!("{} proposes no action: review it, or press {acts} on the user", finding.kind.name()));
            return Vec::new();
        }
    };
    let evidence = crate::actions::Evidence {
        summary: finding.summary.clone(),
        uuids: finding.evidence.clone(),
        confidence: finding.confidence_word().to_string(),
    };
    let reason = if finding.action_reason.is_empty() { finding.summary.clone() } else { finding.action_reason.clone() };
    super::approval::open_for_proposal(state, action, user, reason, evidence)
}
