//! The describe view's update: opening it on the selected row and scrolling.

use crossterm::event::KeyEvent;

use super::state::*;
use crate::app::effect::Effect;
use crate::app::keys::{Context, KeyAction};
use crate::app::state::{AppState, Route};
use crate::investigate::Finding;
use crate::okta::logs::compact::{time_text, CompactEvent};

/// `d`: describes the selected row of the current pane, or says there is none.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    match selected(state) {
        Some(view) => state.describe = Some(view),
        None => {
            state.flash = Some(format!("{} describes a row: select one first", state.keys.press(KeyAction::Describe)))
        }
    }
    Vec::new()
}

/// A key while the view is open: it scrolls (clamped to the end) or closes; it is modal.
pub fn on_key(state: &mut AppState, key: KeyEvent) {
    let action = state.keys.action_for(&key, Context::Describe, state.header.read_only);
    let (width, height) = viewport(state.size);
    let Some(view) = state.describe.as_mut() else { return };
    let last = view.max_scroll((width, height));
    let page = height.max(1);
    view.scroll = match action {
        Some(KeyAction::Back | KeyAction::Describe) => {
            state.describe = None;
            return;
        }
        Some(KeyAction::Quit) => {
            state.quit = true;
            return;
        }
        Some(KeyAction::Down) => view.scroll.saturating_add(1),
        Some(KeyAction::Up) => view.scroll.saturating_sub(1),
        Some(KeyAction::PageDown) => view.scroll.saturating_add(page),
        Some(KeyAction::PageUp) => view.scroll.saturating_sub(page),
        Some(KeyAction::Top) => 0,
        Some(KeyAction::Bottom) => last,
        _ => view.scroll,
    }
    .min(last);
}

/// The view of the current pane's selected row.
fn selected(state: &AppState) -> Option<DescribeView> {
    match state.route() {
        Route::List(kind) => {
            let row = state.lists.get(kind)?.selected_row()?;
            let fields = kind.export_columns().iter().map(|c| (c.header, (c.cell)(&row.raw)));
            Some(DescribeView::new(&row.name, fields))
        }
        Route::Logs => state.logs.selected_event().map(event_view),
        Route::Mfa => {
            let row = state.mfa.selected_row()?;
            let fields = crate::mfa::report::COLUMNS.iter().copied().zip(row.cells.iter().map(String::as_str));
            let id = std::iter::once(("id", row.user.id.as_str()));
            Some(DescribeView::new(&row.user.login, fields.chain(id)))
        }
        Route::Investigate(_) if state.investigation.evidence.is_some() => {
            let event = state.investigation.selected_evidence()?;
            let mut interner = crate::okta::logs::compact::SymInterner::default();
            Some(event_view(&crate::okta::logs::compact::compact_from_model(event, &mut interner, 0)))
        }
        Route::Investigate(_) => state.investigation.selected_finding().map(finding_view),
        Route::Hunt => state.hunt.selected_finding().map(finding_view),
        Route::Alerts => state.alerts.selected_row().map(|r| finding_view(&r.finding)),
        Route::Audit => state.audit.selected_record().map(crate::app::audit::record_view),
        Route::Ip(_) => match state.ip.focus {
            crate::app::ip::IpFocus::Users => {
                let u = state.ip.selected_user()?;
                let when = u.last_seen.map(|t| t.to_rfc3339()).unwrap_or_default();
                let counts = [u.events.to_string(), u.failures.to_string(), u.successes.to_string()];
                let fields = [
                    ("login", u.login.as_str()),
                    ("id", u.id.as_deref().unwrap_or("(none: Okta resolved no user)")),
                    ("events", counts[0].as_str()),
                    ("failed", counts[1].as_str()),
                    ("signed in", counts[2].as_str()),
                    ("last seen", when.as_str()),
                ];
                Some(DescribeView::new(&u.login, fields))
            }
            crate::app::ip::IpFocus::Events => {
                let row = state.ip.selected_event()?;
                let event = state.ip.events.get(row.index)?;
                let mut interner = crate::okta::logs::compact::SymInterner::default();
                Some(event_view(&crate::okta::logs::compact::compact_from_model(event, &mut interner, 0)))
            }
        },
        Route::Detail { .. } | Route::Event { .. } => None,
    }
}

fn event_view(e: &CompactEvent) -> DescribeView {
    let text = |s: &Option<crate::okta::logs::compact::Sym>| s.as_deref().unwrap_or("").to_string();
    let fields = [
        ("published", time_text(e.published_ms)),
        ("severity", e.severity.as_str().to_string()),
        ("event type", text(&e.event_type)),
        ("message", text(&e.message)),
        ("actor", text(&e.actor_login)),
        ("actor name", text(&e.actor_name)),
        ("actor type", text(&e.actor_type)),
        ("actor id", text(&e.actor_id)),
        ("outcome", text(&e.outcome)),
        ("reason", text(&e.reason)),
        ("ip", text(&e.ip)),
        ("country", text(&e.country)),
        ("city", text(&e.city)),
        ("target", text(&e.target)),
        ("target user", text(&e.target_user_login)),
        ("target user id", text(&e.target_user_id)),
        ("session", text(&e.session_id)),
        ("uuid", e.id.as_ref().map(ToString::to_string).unwrap_or_default()),
    ];
    DescribeView::new(e.event_type.as_deref().unwrap_or("event"), fields)
}

fn finding_view(f: &Finding) -> DescribeView {
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default()
    };
    let fields = [
        ("finding", f.kind.name().to_string()),
        ("severity", f.severity.name().to_string()),
        ("confidence", format!("{} ({:.2})", f.confidence_word(), f.confidence)),
        ("summary", f.summary.clone()),
        ("users", f.users.join(", ")),
        ("ips", f.ips.join(", ")),
        ("first seen", time(f.first_seen)),
        ("last seen", time(f.last_seen)),
        ("proposed action", f.proposed_action.name().to_string()),
        ("why", f.action_reason.clone()),
        ("evidence", f.evidence.join(", ")),
    ];
    DescribeView::new(f.kind.name(), fields)
}
