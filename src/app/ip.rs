//! The IP view: what one address did in a window (where it is, every user it touched with
//! their failures and successes, its events, the findings that name it) and its pivots: tail
//! it, investigate any of its users, open any of its events. A finding about an address (a
//! password spray) opens it, since the logins a spray guesses need not be users of the org.
//! Opened while the demo's history is written, it says so and reads again as the
//! investigation does ([`super::history`]). Pure: the read runs as an effect
//! (`findings_tasks::ip_view`).

use std::net::IpAddr;
use std::sync::Arc;

use super::effect::Effect;
use super::history::{HistoryNotice, HistoryProgress};
use super::hunt::WindowChoice;
use super::keys::{Context, KeyAction};
use super::state::{AppState, Load, Route};
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
            window: WindowChoice::Last(super::hunt::Span::Day),
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

/// Opens the view of `ip` over `window`, pushed onto the breadcrumb, with the findings of
/// `findings` that name it; an address that is not one is refused with a message.
pub fn open(state: &mut AppState, ip: &str, window: WindowChoice, findings: &[Finding]) -> Vec<Effect> {
    let Ok(address) = ip.parse::<IpAddr>() else {
        state.flash = Some(format!("{} is not an IP address", crate::sanitize::clean(ip)));
        return Vec::new();
    };
    let ip = address.to_string();
    state.stack.push(Route::Ip(ip.clone()));
    let pane = &state.ip;
    if pane.ip.as_deref() == Some(ip.as_str())
        && pane.window == window
        && matches!(pane.load, Load::Done | Load::Loading)
    {
        return Vec::new();
    }
    let generation = state.generation();
    state.ip = IpPane {
        generation,
        load: Load::Loading,
        ip: Some(ip.clone()),
        window,
        findings: findings.iter().filter(|f| f.ips.contains(&ip)).cloned().collect(),
        history: HistoryNotice::of_read(state.history),
        ..IpPane::new()
    };
    vec![Effect::InvestigateIp { generation, ip: address, window }]
}

/// The demo's history got further: a view read while it was being written says how far,
/// and reads its address again when the first stretch lands and once it is all written,
/// showing the report it has until the new one lands.
pub fn history_written(state: &mut AppState, progress: HistoryProgress) -> Vec<Effect> {
    if !state.ip.history.due(progress) {
        return Vec::new();
    }
    let Some(address) = state.ip.ip.as_deref().and_then(|ip| ip.parse::<IpAddr>().ok()) else { return Vec::new() };
    let generation = state.generation();
    let pane = &mut state.ip;
    pane.generation = generation;
    pane.load = Load::Loading;
    pane.progress = None;
    pane.history = HistoryNotice::of_read_again(state.history);
    vec![Effect::InvestigateIp { generation, ip: address, window: pane.window }]
}

/// A message of the read under way.
pub fn on_msg(state: &mut AppState, msg: IpMsg) {
    let pane = &mut state.ip;
    match msg {
        IpMsg::Progress { generation, progress } if generation == pane.generation => pane.progress = Some(progress),
        IpMsg::Done { generation, mut report, events } if generation == pane.generation => {
            report.findings = std::mem::take(&mut pane.findings);
            pane.findings = report.findings.clone();
            let (users, rows) = (report.users.len(), report.events.len());
            pane.report = Some(*report);
            pane.events = events.into();
            pane.load = Load::Done;
            if std::mem::take(&mut pane.history.reading_again) {
                // Read again: the selection stays where it was, within the new tables.
                pane.selected_user = pane.selected_user.min(users.saturating_sub(1));
                pane.selected_event = pane.selected_event.min(rows.saturating_sub(1));
            } else {
                pane.focus = if users == 0 { IpFocus::Events } else { IpFocus::Users };
            }
            state.online = Some(true);
        }
        IpMsg::Failed { generation, message, code } if generation == pane.generation => {
            pane.load = Load::Failed { message, code };
            pane.history.reading_again = false;
        }
        _ => {}
    }
}

/// The view's keys; `None` leaves the key to the global handling.
pub fn on_action(state: &mut AppState, action: KeyAction, page: isize) -> Option<Vec<Effect>> {
    let pane = &mut state.ip;
    let (users, events) = pane.report.as_ref().map_or((0, 0), |r| (r.users.len(), r.events.len()));
    let (selected, rows) = match pane.focus {
        IpFocus::Users => (&mut pane.selected_user, users),
        IpFocus::Events => (&mut pane.selected_event, events),
    };
    if let Some(delta) = super::viewport::motion(action, page) {
        *selected = super::viewport::moved(*selected, rows, delta);
        return Some(Vec::new());
    }
    match action {
        KeyAction::NextPanel => {
            pane.focus = match pane.focus {
                IpFocus::Users => IpFocus::Events,
                IpFocus::Events => IpFocus::Users,
            }
        }
        KeyAction::Open if pane.focus == IpFocus::Events => {
            let Some(event) = pane.selected_event().and_then(|row| pane.events.get(row.index)) else {
                return Some(Vec::new());
            };
            let view = super::event::EventView::of_log_event(event);
            let name = crate::sanitize::clean(view.event.event_type.as_deref().unwrap_or("event")).into_owned();
            state.event = Some(view);
            state.stack.push(Route::Event { name });
        }
        KeyAction::Open | KeyAction::Investigate => {
            let Some(user) = pane.selected_user() else {
                let key = state.keys.key_label(KeyAction::NextPanel, Context::Ip).unwrap_or_default();
                state.flash = Some(format!("select one of the address's users ({key} goes to them)"));
                return Some(Vec::new());
            };
            let who = user.id.clone().unwrap_or_else(|| user.login.clone());
            return Some(super::investigation::open(state, who, true));
        }
        KeyAction::Tail => {
            let Some(ip) = pane.ip.clone() else { return Some(Vec::new()) };
            return Some(super::update_logs::tail_pivot(state, super::event::Pivot::TailIp(ip)));
        }
        KeyAction::Retry => {
            let (Some(ip), window) = (pane.ip.clone(), pane.window) else { return Some(Vec::new()) };
            let findings = std::mem::take(&mut pane.findings);
            pane.ip = None;
            state.stack.pop();
            return Some(open(state, &ip, window, &findings));
        }
        _ => return None,
    }
    Some(Vec::new())
}
