//! The approval dialog, drawn as a centred modal over the pane: the org and profile, the
//! action and its effect in words (a containment plan: each step and its effect, in order),
//! the target's facts, what the action was checked against (the factors a reset removes, the
//! risk now, the session) and a proposal's evidence, why it cannot be approved when it
//! cannot, the reason and login fields, a clear-sessions or set-risk dialog's options (with
//! their keys from the registry and what each means), and the buttons with **Cancel** first;
//! once approved, a plan's progress step by step, then what ran and what did not. Every
//! string in it was sanitised when the plan was read.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::approval::{
    accepted_confirmations, confirmation_prompt, ChangeOutcome, Dialog, Focus, OrgChange, Prepared, Progress, Request,
    Stage, Verdict,
};
use crate::app::keys::{Context, KeyAction, KeyMap};

/// The widest the dialog gets.
const MAX_WIDTH: u16 = 84;

/// Draws `dialog` centred in `area` (the whole frame: it is modal), above the hint bar's
/// row. When it does not fit, a compact form leaves out what the options row's keys already
/// say and a plan's effects (its steps' titles stay); if even that is too tall, the facts
/// under the org give way, so the org acted on, the fields and the buttons stay in view, and
/// PgUp and PgDn ([`Dialog::scroll`]) scroll them back.
pub fn render(frame: &mut Frame, area: Rect, dialog: &Dialog, keys: &KeyMap, theme: &Theme, spinner: &str) {
    let width = area.width.saturating_sub(4).min(MAX_WIDTH);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let room = usize::from(area.height.saturating_sub(3));
    let rows = |lines: &[Line]| -> usize { lines.iter().map(|l| wrapped_rows(l, inner_width)).sum() };
    let mut lines = lines(dialog, keys, theme, spinner, false);
    if rows(&lines) > room {
        lines = self::lines(dialog, keys, theme, spinner, true);
    }
    let needed = rows(&lines);
    let height = u16::try_from(needed + 2).unwrap_or(u16::MAX).min(area.height.saturating_sub(1));
    let popup = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(1).saturating_sub(height)) / 2,
        width,
        height,
    };
    let block = Block::bordered()
        .border_set(theme.symbols.border)
        .border_style(theme.warning)
        .title(Line::styled(format!(" {} — approval required ", dialog.request.title()), theme.title));
    frame.render_widget(Clear, popup);
    let overflow = u16::try_from(needed).unwrap_or(u16::MAX).saturating_sub(height.saturating_sub(2));
    let hidden = overflow.saturating_sub(dialog.scroll);
    if overflow == 0 || dialog.prepared().is_none() {
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block).scroll((hidden, 0)), popup);
        return;
    }
    // The plan's first fact is the org: it is never what scrolls away.
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let rest = lines.split_off(1.min(lines.len()));
    let org_rows = u16::try_from(rows(&lines)).unwrap_or(u16::MAX).min(inner.height);
    let [org_area, rest_area] = Layout::vertical([Constraint::Length(org_rows), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), org_area);
    frame.render_widget(Paragraph::new(rest).wrap(Wrap { trim: false }).scroll((hidden, 0)), rest_area);
}

/// The rows `line` takes wrapped at word boundaries into `width` columns, as the
/// paragraph wraps it (a word longer than the width is broken).
fn wrapped_rows(line: &Line, width: usize) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut rows = 1;
    let mut used = 0;
    for word in text.split_inclusive(' ') {
        let w = word.width();
        let bare = word.trim_end_matches(' ').width();
        if used > 0 && used + bare > width {
            rows += 1;
            used = 0;
        }
        used += w;
        while used > width {
            rows += 1;
            used -= width;
        }
    }
    rows
}

/// The dialog's lines; `compact` leaves out the options' explanation and their keys in the
/// hint line (the options row names them), and a plan's steps' effects.
fn lines(d: &Dialog, keys: &KeyMap, theme: &Theme, spinner: &str, compact: bool) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    match &d.stage {
        Stage::Checking => {
            out.push(Line::styled(format!("re-reading {} {spinner}", d.user), theme.muted));
            out.push(Line::raw(""));
            out.push(Line::styled(format!("{} cancels", first(keys, KeyAction::Cancel)), theme.muted));
            return out;
        }
        Stage::Unavailable(why) => {
            out.push(Line::styled(format!("{} {why}", theme.symbols.alert), theme.error));
            out.push(Line::styled(
                format!("nothing can be approved; {} closes", first(keys, KeyAction::Cancel)),
                theme.muted,
            ));
            return out;
        }
        _ => {}
    }
    let Some(prepared) = d.prepared() else { return out };
    out.extend(facts(prepared, theme));
    if let (Prepared::Plan(_), Stage::Ready(_)) = (prepared, &d.stage) {
        out.extend(steps(prepared, theme, compact));
    }
    match &d.stage {
        Stage::Ready(_) => {
            if let Some(why) = prepared.blocked() {
                out.push(Line::styled(format!("{} cannot approve: {why}", theme.symbols.alert), theme.error));
                out.push(Line::styled(format!("{} closes", first(keys, KeyAction::Cancel)), theme.muted));
                return out;
            }
            let login = &prepared.target().login;
            out.push(field("reason", d.reason.value(), d.focus == Focus::Reason, theme));
            let prompt = if compact {
                format!("type {} to approve", accepted_confirmations(login))
            } else {
                confirmation_prompt(login)
            };
            out.push(Line::styled(prompt, theme.muted));
            out.push(field("login", d.login.value(), d.focus == Focus::Login, theme));
            let option_keys = options(d, keys, theme, compact, &mut out);
            out.push(buttons(d, theme));
            if let Some(problem) = &d.problem {
                out.push(Line::styled(problem.clone(), theme.error));
            }
            out.push(Line::styled(format!("{}{option_keys}", steering(keys)), theme.muted));
        }
        Stage::Executing(_) if matches!(prepared, Prepared::Plan(_)) => {
            out.extend(progress(prepared, &d.progress, theme, spinner));
        }
        Stage::Executing(_) => {
            out.push(Line::styled(format!("sent; verifying (re-read and System Log) {spinner}"), theme.warning));
        }
        Stage::Finished { lines, done, .. } => {
            let style = if *done { theme.ok } else { theme.error };
            out.extend(lines.iter().map(|line| Line::styled(line.clone(), style)));
            out.push(Line::styled("any key closes", theme.muted));
        }
        Stage::Checking | Stage::Unavailable(_) => {}
    }
    out
}

/// A plan's steps before it runs: each with its effect (compact: its title alone).
fn steps(prepared: &Prepared, theme: &Theme, compact: bool) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("steps, in order; the plan stops at the first step not done:", theme.muted)];
    for (i, plan) in prepared.plans().iter().enumerate() {
        let mut spans = vec![Span::styled(format!("{:>2}. {}", i + 1, plan.action.title()), theme.title)];
        if !compact {
            spans.push(Span::styled(format!(" — {}", plan.effect()), theme.warning));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// A running plan, a line a step: its outcome, the one being sent, or waiting.
fn progress(prepared: &Prepared, progress: &Progress, theme: &Theme, spinner: &str) -> Vec<Line<'static>> {
    let verdict = |o: &ChangeOutcome| match o.verdict {
        Verdict::Verified => "done, verified",
        Verdict::EventNotSeen => "done, log event not yet seen",
        Verdict::Failed => "failed",
        Verdict::Unknown => "unknown",
    };
    let mut lines = Vec::new();
    for (i, plan) in prepared.plans().iter().enumerate() {
        let n = i + 1;
        let title = plan.action.title();
        lines.push(match progress.finished.get(i) {
            Some(o) if o.is_done() => Line::styled(format!("{n:>2}. {title}: {}", verdict(o)), theme.ok),
            Some(o) => Line::styled(format!("{n:>2}. {title}: {}: {}", verdict(o), o.detail), theme.error),
            None if progress.sending == Some(n) => {
                Line::styled(format!("{n:>2}. {title}: sent, verifying {spinner}"), theme.warning)
            }
            None => Line::styled(format!("{n:>2}. {title}: waiting"), theme.muted),
        });
    }
    lines
}

/// The first key of one of the dialog's actions, as the screen writes it.
fn first(keys: &KeyMap, action: KeyAction) -> String {
    keys.key_label(action, Context::Approval).unwrap_or_default()
}

/// The dialog's hint line, from the registry: `Tab moves · Enter on Approve approves · Esc,
/// ctrl-c or n cancels`.
fn steering(keys: &KeyMap) -> String {
    let cancel = keys.key_labels(KeyAction::Cancel, Context::Approval);
    let cancel = match cancel.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => cancel.join(""),
    };
    format!(
        "{} moves · {} on Approve approves · {cancel} cancels",
        first(keys, KeyAction::NextField),
        first(keys, KeyAction::Choose)
    )
}

/// The facts a plan was checked against beyond the user's (by [`crate::actions::Plan::facts`]'s
/// keys): the factors a reset removes, the password, the risk now, the session to end.
const CHECKED: [&str; 4] = ["factors", "password", "risk now", "session"];

/// What is approved, compactly: the org and profile, the action and its effect (a plan:
/// what it is, its steps follow), the target, its state now, what the action was checked
/// against, and a proposal's evidence.
fn facts(prepared: &Prepared, theme: &Theme) -> Vec<Line<'static>> {
    let plan = prepared.first();
    let t = prepared.target();
    let fact = |key: &str, value: String, style: Style| {
        Line::from(vec![Span::styled(format!("{key:<9}"), theme.muted), Span::styled(value, style)])
    };
    let roles = match &t.admin_roles {
        Some(r) if r.is_empty() => "none".to_string(),
        Some(r) => r.join(", "),
        None => "unknown".to_string(),
    };
    let apps = t.active_apps.map_or_else(|| "unknown".to_string(), |n| n.to_string());
    let mut lines = vec![fact("org", format!("{} · profile {}", plan.org, plan.profile), Style::default())];
    match prepared {
        Prepared::One(plan) => {
            lines.push(fact("action", plan.action.title().to_string(), theme.title));
            lines.push(fact("effect", plan.effect(), theme.warning));
        }
        Prepared::Plan(steps) => lines.push(fact(
            "action",
            format!("containment plan, {}, one approval", crate::output::plural::count(steps.steps().len(), "step")),
            theme.title,
        )),
    }
    lines.push(fact("user", format!("{} · {}", t.login, t.name), Style::default()));
    lines.push(fact("now", format!("{} · admin roles: {roles} · active apps: {apps}", t.status), Style::default()));
    let mut checked: Vec<(&str, String)> = Vec::new();
    for (key, value) in prepared.plans().iter().flat_map(|p| p.facts()) {
        if CHECKED.contains(&key) && !checked.iter().any(|(k, _)| *k == key) {
            checked.push((key, value));
        }
    }
    lines.extend(checked.into_iter().map(|(key, value)| fact(key, value, Style::default())));
    if let Some(e) = &plan.evidence {
        let events = crate::output::plural::count(e.uuids.len(), "event");
        lines.push(fact("evidence", format!("{} confidence, {events}: {}", e.confidence, e.summary), Style::default()));
    }
    lines
}

fn field(label: &str, value: &str, focused: bool, theme: &Theme) -> Line<'static> {
    let marker = if focused { "▸ " } else { "  " };
    let cursor = if focused { "_" } else { "" };
    let style = if focused { theme.command_line.add_modifier(Modifier::BOLD) } else { theme.command_line };
    Line::from(vec![
        Span::styled(format!("{marker}{label:<8}"), theme.hint_key),
        Span::styled(format!("{value}{cursor}"), style),
    ])
}

/// A clear-sessions or set-risk dialog's options row and what each option means; returns
/// the hint's words for their keys (empty for other actions).
fn options(d: &Dialog, keys: &KeyMap, theme: &Theme, compact: bool, out: &mut Vec<Line<'static>>) -> String {
    let key = |action| keys.key_label(action, Context::Approval).unwrap_or_default();
    let focused = d.focus == Focus::Options;
    let marker = if focused { "▸ " } else { "  " };
    let box_of = |on: bool| if on { "[x]" } else { "[ ]" };
    let style = if focused { theme.command_line.add_modifier(Modifier::BOLD) } else { theme.command_line };
    let label = Span::styled(format!("{marker}{:<8}", "options"), theme.hint_key);
    match d.request {
        Request::One(OrgChange::ClearSessions { revoke_oauth_tokens, forget_devices }) => {
            let (tokens, devices) = (key(KeyAction::ToggleOauthTokens), key(KeyAction::ToggleForgetDevices));
            // Compact, the row fits 54 columns (a 60-column screen's dialog).
            let (tokens_words, gap) = if compact { ("revoke tokens", " ") } else { ("revoke OAuth tokens", "   ") };
            out.push(Line::from(vec![
                label,
                Span::styled(format!("{} {tokens_words} ({tokens})", box_of(revoke_oauth_tokens)), style),
                Span::raw(gap),
                Span::styled(format!("{} forget devices ({devices})", box_of(forget_devices)), style),
            ]));
            if compact {
                return String::new();
            }
            out.push(Line::styled(
                format!(
                    "{tokens}: revoke every OAuth access and refresh token, or leave them valid · {devices}: make every \
                     device forget its remembered factors (MFA asked again on each), or keep them"
                ),
                theme.muted,
            ));
            format!(" · {tokens} and {devices} work on the options row and the buttons")
        }
        Request::One(OrgChange::SetRisk { level }) => {
            let toggle = key(KeyAction::ToggleRiskLevel);
            out.push(Line::from(vec![
                label,
                Span::styled(format!("risk level {} ({toggle}: HIGH or LOW)", level.as_str()), style),
            ]));
            if compact {
                return String::new();
            }
            format!(" · {toggle} works on the options row and the buttons")
        }
        _ => String::new(),
    }
}

fn buttons(d: &Dialog, theme: &Theme) -> Line<'static> {
    let (on_buttons, approve_selected) = match d.focus {
        Focus::Buttons { approve } => (true, approve),
        _ => (false, false),
    };
    let button = |label: &str, selected: bool, enabled: bool| {
        let mut style = if enabled { Style::default() } else { theme.muted };
        if on_buttons && selected {
            style = theme.selected_row;
        }
        Span::styled(format!("[ {label} ]"), style)
    };
    Line::from(vec![
        Span::raw("  "),
        button("Cancel", !approve_selected, true),
        Span::raw("   "),
        button("Approve", approve_selected, d.can_approve()),
    ])
}
