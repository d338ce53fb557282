//! The audit pane's update: keys, and the records as text.

use crate::actions::audit::{Entry, Phase, Record, SessionRecord};
use crate::app::describe::DescribeView;
use crate::app::effect::Effect;
use crate::app::keys::KeyAction;
use crate::app::state::AppState;
use crate::app::viewport;

/// A key of the pane; `None` when the pane does not take it.
pub fn on_action(state: &mut AppState, action: KeyAction, page: isize) -> Option<Vec<Effect>> {
    let pane = &mut state.audit;
    if let Some(delta) = viewport::motion(action, page) {
        pane.move_by(delta);
        return Some(Vec::new());
    }
    match action {
        KeyAction::Open => Some(crate::app::describe::open(state)),
        KeyAction::Retry => Some(vec![crate::app::update::load_audit(state)]),
        _ => None,
    }
}

/// The outcome in a few words (`verified 200 SUSPENDED`), or the intent's reason.
pub fn result_text(r: &Record) -> String {
    match r.phase {
        Phase::Intent => r.reason.clone().unwrap_or_default(),
        Phase::Outcome => {
            let parts = [r.result.clone(), r.http_status.map(|s| s.to_string()), r.user_status.clone()];
            parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
        }
    }
}

/// A record's action, a containment plan's step with its place: `2/4 clear-sessions`.
pub fn action_text(r: &Record) -> String {
    match r.step {
        Some(step) => format!("{step}/{} {}", r.plan_steps.len(), r.action),
        None => r.action.clone(),
    }
}

/// Every field of a journal line, for the describe view.
pub fn record_view(entry: &Entry) -> DescribeView {
    match entry {
        Entry::Action(r) => action_view(r),
        Entry::Session(r) => session_view(r),
    }
}

/// A session record in words (`unmask`: the screen showed the real values again).
pub fn session_text(r: &SessionRecord) -> String {
    match r.event.as_str() {
        SessionRecord::UNMASK => format!("screen unmasked · {}", r.operator),
        SessionRecord::SUPPRESS => format!(
            "suppression rule {} added ({}): {} · {}",
            r.rule.as_deref().unwrap_or("-"),
            r.conditions.as_deref().unwrap_or("-"),
            r.reason.as_deref().unwrap_or("-"),
            r.operator
        ),
        other => format!("{other} · {}", r.operator),
    }
}

fn session_view(r: &SessionRecord) -> DescribeView {
    let fields = [
        ("time", r.time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        ("event", r.event.clone()),
        ("what", session_text(r)),
        ("operator", r.operator.clone()),
        ("org", r.org.clone()),
        ("profile", r.profile.clone()),
    ];
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let suppression = [
        ("rule", opt(&r.rule)),
        ("conditions", opt(&r.conditions)),
        ("reason", opt(&r.reason)),
        ("expires", r.expires.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default()),
    ];
    let shown = suppression.into_iter().filter(|_| r.event == SessionRecord::SUPPRESS);
    DescribeView::new(&r.event, fields.into_iter().chain(shown))
}

fn action_view(r: &Record) -> DescribeView {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let flag = |v: Option<bool>| v.map(|b| b.to_string()).unwrap_or_default();
    let phase = match r.phase {
        Phase::Intent => "intent",
        Phase::Outcome => "outcome",
    };
    let fields = [
        ("time", r.time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        ("phase", phase.to_string()),
        ("action", r.action.clone()),
        ("target", r.target_login.clone()),
        ("target id", r.target_id.clone()),
        ("reason", opt(&r.reason)),
        ("confidence", opt(&r.confidence)),
        ("evidence", r.evidence.join(", ")),
        ("revoke oauth tokens", flag(r.revoke_oauth_tokens)),
        ("forget devices", flag(r.forget_devices)),
        ("result", opt(&r.result)),
        ("http status", r.http_status.map(|s| s.to_string()).unwrap_or_default()),
        ("user status", opt(&r.user_status)),
        ("detail", opt(&r.detail)),
        ("event", opt(&r.event_uuid)),
        ("request id", opt(&r.request_id)),
        ("operator", r.operator.clone()),
        ("$USER", opt(&r.user_env)),
        ("org", r.org.clone()),
        ("profile", r.profile.clone()),
        ("approval id", r.id.clone()),
        ("plan", opt(&r.plan_id)),
        ("plan step", r.step.map(|n| format!("{n} of {}", r.plan_steps.join(", "))).unwrap_or_default()),
    ];
    DescribeView::new(&format!("{} {}", r.action, r.target_login), fields)
}
