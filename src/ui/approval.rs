//! The approval dialog, drawn as a centred modal over the pane: the org and profile, the
//! action and its effect in words, the target's facts (and a proposal's evidence), why it
//! cannot be approved when it cannot, the reason and login fields, a clear-sessions dialog's
//! options (with their keys from the registry and what each means), and the buttons with
//! **Cancel** first. Every string in it was sanitised when the plan was read.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::approval::{accepted_confirmations, confirmation_prompt, Dialog, Focus, OrgChange, Plan, Stage};
use crate::app::keys::{Context, KeyAction, KeyMap};

/// The widest the dialog gets.
const MAX_WIDTH: u16 = 84;

/// Draws `dialog` centred in `area` (the whole frame: it is modal), above the hint bar's
/// row. When it does not fit, a compact form leaves out what the options row's keys already
/// say; if even that is too tall, the facts under the org give way, so the org acted on, the
/// fields and the buttons stay in view.
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
        .title(Line::styled(format!(" {} — approval required ", dialog.action.title()), theme.title));
    frame.render_widget(Clear, popup);
    let hidden = u16::try_from(needed).unwrap_or(u16::MAX).saturating_sub(height.saturating_sub(2));
    if hidden == 0 || dialog.plan().is_none() {
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
/// hint line (the options row names them).
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
            out.push(Line::styled(format!("✗ {why}"), theme.error));
            out.push(Line::styled(
                format!("nothing can be approved; {} closes", first(keys, KeyAction::Cancel)),
                theme.muted,
            ));
            return out;
        }
        _ => {}
    }
    let Some(plan) = d.plan() else { return out };
    out.extend(facts(plan, theme));
    match &d.stage {
        Stage::Ready(_) => {
            if let Some(why) = &plan.blocked {
                out.push(Line::styled(format!("✗ cannot approve: {why}"), theme.error));
                out.push(Line::styled(format!("{} closes", first(keys, KeyAction::Cancel)), theme.muted));
                return out;
            }
            out.push(field("reason", d.reason.value(), d.focus == Focus::Reason, theme));
            let prompt = if compact {
                format!("type {} to approve", accepted_confirmations(&plan.target.login))
            } else {
                confirmation_prompt(&plan.target.login)
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
        Stage::Executing(_) => {
            out.push(Line::styled(format!("sent; verifying (re-read and System Log) {spinner}"), theme.warning));
        }
        Stage::Finished { line, done, .. } => {
            out.push(Line::styled(line.clone(), if *done { theme.ok } else { theme.error }));
            out.push(Line::styled("any key closes", theme.muted));
        }
        Stage::Checking | Stage::Unavailable(_) => {}
    }
    out
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

/// The plan's facts, compactly: the org and profile, the action and its effect, the
/// target, its state now, and a proposal's evidence.
fn facts(plan: &Plan, theme: &Theme) -> Vec<Line<'static>> {
    let t = &plan.target;
    let fact = |key: &str, value: String, style: Style| {
        Line::from(vec![Span::styled(format!("{key:<9}"), theme.muted), Span::styled(value, style)])
    };
    let roles = match &t.admin_roles {
        Some(r) if r.is_empty() => "none".to_string(),
        Some(r) => r.join(", "),
        None => "unknown".to_string(),
    };
    let apps = t.active_apps.map_or_else(|| "unknown".to_string(), |n| n.to_string());
    let mut lines = vec![
        fact("org", format!("{} · profile {}", plan.org, plan.profile), Style::default()),
        fact("action", plan.action.title().to_string(), theme.title),
        fact("effect", plan.effect(), theme.warning),
        fact("user", format!("{} · {}", t.login, t.name), Style::default()),
        fact("now", format!("{} · admin roles: {roles} · active apps: {apps}", t.status), Style::default()),
    ];
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

/// A clear-sessions dialog's options row and what each option means; returns the hint's
/// words for their keys (empty for other actions).
fn options(d: &Dialog, keys: &KeyMap, theme: &Theme, compact: bool, out: &mut Vec<Line<'static>>) -> String {
    let OrgChange::ClearSessions { revoke_oauth_tokens, forget_devices } = d.action else { return String::new() };
    let key = |action| keys.key_label(action, Context::Approval).unwrap_or_default();
    let (tokens, devices) = (key(KeyAction::ToggleOauthTokens), key(KeyAction::ToggleForgetDevices));
    let focused = d.focus == Focus::Options;
    let marker = if focused { "▸ " } else { "  " };
    let box_of = |on: bool| if on { "[x]" } else { "[ ]" };
    let style = if focused { theme.command_line.add_modifier(Modifier::BOLD) } else { theme.command_line };
    // Compact, the row fits 54 columns (a 60-column screen's dialog).
    let (tokens_words, gap) = if compact { ("revoke tokens", " ") } else { ("revoke OAuth tokens", "   ") };
    out.push(Line::from(vec![
        Span::styled(format!("{marker}{:<8}", "options"), theme.hint_key),
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
