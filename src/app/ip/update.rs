//! The IP pane's update: opening, messages and keys.

use std::net::IpAddr;

use super::state::*;
use crate::app::effect::Effect;
use crate::app::history::{HistoryNotice, HistoryProgress};
use crate::app::hunt::WindowChoice;
use crate::app::keys::{Context, KeyAction};
use crate::app::state::{AppState, Load, Route};
use crate::investigate::Finding;

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
    if let Some(delta) = crate::app::viewport::motion(action, page) {
        *selected = crate::app::viewport::moved(*selected, rows, delta);
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
            let view = crate::app::event::EventView::of_log_event(event);
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
            return Some(crate::app::investigation::open(state, who, true));
        }
        KeyAction::Tail => {
            let Some(ip) = pane.ip.clone() else { return Some(Vec::new()) };
            return Some(crate::app::event::tail_pivot(state, crate::app::event::Pivot::TailIp(ip)));
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
