//! The `:hunt` pane: a gauge while the window's events are read (with what was read, the
//! time covered, the logs bucket's headroom, the time left or the rate-limit wait); then the
//! findings of the preset, worst first, with the selected one explained below; or (`b`)
//! the users and IPs they name, each with its findings together, worst first.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::findings::{explanation, finding_line, gauge, history_line};
use super::list::count;
use super::theme::Theme;
use crate::app::hunt::{Entity, HuntPane, Span as WindowSpan, WindowPicker};
use crate::app::keys::{KeyAction, KeyMap};
use crate::app::layout::HUNT_EXPLANATION_ROWS as EXPLANATION_ROWS;
use crate::app::state::Load;
use crate::output::plural::noun_for;
use crate::output::progress::ReadStatus;
use crate::sanitize::fit_width;

fn title(pane: &HuntPane, spinner: &str) -> String {
    let mut t = format!("Hunt · {} · {}", pane.window.label(), pane.preset.label());
    if let (true, Some(reading)) = (pane.past_retention, pane.reading) {
        let since = reading.since.format("%m-%d %H:%M");
        t.push_str(&format!(" · from {since} (Okta keeps {} days)", crate::app::hunt::RETENTION_DAYS));
    }
    match pane.load {
        Load::Loading => t.push_str(&format!(" · reading {spinner}")),
        Load::Done => t.push_str(&format!(
            " · {} of {} {} · {} {} read",
            count(pane.visible.len()),
            count(pane.findings.len()),
            noun_for(pane.findings.len(), "finding"),
            count(pane.events),
            noun_for(pane.events, "event")
        )),
        _ => {}
    }
    if pane.by_entity && pane.load == Load::Done {
        t.push_str(&format!(" · by user, IP, session ({})", count(pane.entities.len())));
    }
    if let (Load::Done, Some(cut)) = (&pane.load, pane.cut) {
        t.push_str(&format!(" · cut at {} (too many events: w narrows)", cut.format("%m-%d %H:%M")));
    }
    t
}

/// Draws the pane in `area`; `reading` is what the gauge says while the hunt reads,
/// `spinner` the current spinner frame.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    pane: &HuntPane,
    reading: &ReadStatus,
    keys: &KeyMap,
    theme: &Theme,
    spinner: &str,
) {
    let press = |action| keys.press(action);
    let block = super::list::pane_block(title(pane, spinner), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [status, list, explain] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(EXPLANATION_ROWS)])
            .areas(inner);
    let notice = history_line(&pane.history, theme).filter(|_| pane.findings_shown());
    if let Some(line) = notice {
        frame.render_widget(line, status);
    } else {
        match &pane.load {
            Load::Loading if pane.catalog_progress.is_some() => {
                let p = pane
                    .catalog_progress
                    .as_ref()
                    .map(|p| format!("running Okta's catalog {}/{}: {} — {}", p.done, p.total, p.title, p.result));
                let text = crate::sanitize::clean(&p.unwrap_or_default()).into_owned();
                frame.render_widget(
                    Line::from(vec![
                        Span::styled(
                            fit_width(&text, usize::from(status.width).saturating_sub(14), "…").into_owned(),
                            theme.title,
                        ),
                        Span::styled(format!(" · {} cancels", press(KeyAction::Back)), theme.muted),
                    ]),
                    status,
                );
            }
            Load::Loading => {
                let mut lines = gauge("reading the System Log", reading, status.width, theme);
                if let Some(first) = lines.first_mut() {
                    first.spans.push(Span::styled(format!(" · {} cancels", press(KeyAction::Back)), theme.muted));
                }
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), status.union(list));
            }
            Load::Failed { message, .. } => frame.render_widget(
                Line::from(vec![
                    Span::styled(format!("✗ {}", crate::sanitize::clean(message)), theme.error),
                    Span::styled(format!("  ({} to retry)", press(KeyAction::Retry)), theme.muted),
                ]),
                status,
            ),
            Load::Done if pane.by_entity => frame.render_widget(
                Line::styled(
                    format!(
                        "{} opens the row (a session: its user) · {} shows the findings · {} preset",
                        press(KeyAction::Open),
                        press(KeyAction::RollUp),
                        press(KeyAction::Preset)
                    ),
                    theme.muted,
                ),
                status,
            ),
            Load::Idle | Load::Done if pane.catalog_summary.is_some() && pane.preset_is_catalog() => {
                let text = crate::sanitize::clean(pane.catalog_summary.as_deref().unwrap_or_default()).into_owned();
                frame.render_widget(Line::styled(text, theme.muted), status);
            }
            Load::Idle | Load::Done => frame.render_widget(
                Line::styled(
                    format!(
                        "{} investigates the user · {} acts on the proposal · {} preset · {} window · {} hunts again",
                        press(KeyAction::Open),
                        press(KeyAction::ActOnFinding),
                        press(KeyAction::Preset),
                        press(KeyAction::Window),
                        press(KeyAction::Retry)
                    ),
                    theme.muted,
                ),
                status,
            ),
        }
    }
    if !pane.findings_shown() {
        return;
    }
    if pane.visible.is_empty() {
        let text = if pane.findings.is_empty() {
            "nothing in the window raised a finding"
        } else {
            "no finding of this preset: p for the next"
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), list);
        return;
    }
    if pane.by_entity {
        render_entities(frame, list, explain, pane, theme);
        return;
    }
    let width = usize::from(list.width);
    let start = pane.offset.min(pane.visible.len());
    let end = (start + usize::from(list.height)).min(pane.visible.len());
    let lines: Vec<Line> = (start..end)
        .filter_map(|pos| {
            let f = pane.findings.get(*pane.visible.get(pos)?)?;
            let mut line = finding_line(f, pos == pane.selected, width.saturating_sub(24), theme);
            let who =
                f.users.first().or(f.ips.first()).map_or(String::new(), |w| crate::sanitize::clean(w).into_owned());
            line.spans.insert(
                line.spans.len() - 1,
                Span::styled(format!("{:<23} ", fit_width(&who, 22, theme.symbols.ellipsis)), theme.title),
            );
            Some(line)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(f) = pane.selected_finding() {
        frame.render_widget(Paragraph::new(explanation(f, theme)).wrap(Wrap { trim: true }), explain);
    }
}

/// The roll-up: one line per user, IP or session (worst severity, how many findings, how many of
/// them high or worse, the name, the kinds), the selected one's kinds in full below.
fn render_entities(frame: &mut Frame, list: Rect, explain: Rect, pane: &HuntPane, theme: &Theme) {
    let width = usize::from(list.width);
    let start = pane.offset.min(pane.entities.len());
    let end = (start + usize::from(list.height)).min(pane.entities.len());
    let lines: Vec<Line> = (start..end)
        .filter_map(|pos| {
            let row = pane.entities.get(pos)?;
            let selected = pos == pane.selected;
            let marker = if selected { theme.symbols.selection } else { " " };
            let (sev, sev_style) = super::findings::severity(row.worst, theme);
            let kinds: Vec<&str> = row.kinds.iter().map(|k| k.name()).collect();
            let clean = crate::sanitize::clean(&row.name);
            let name = fit_width(&clean, 30, theme.symbols.ellipsis).into_owned();
            let head = format!(
                " {:>3} {:<8} {:>3} high  {:<7} {:<31}",
                row.findings,
                noun_for(row.findings, "finding"),
                row.loud,
                row.entity.label(),
                name
            );
            let used = head.chars().count() + sev.len() + 2;
            let kinds = kinds.join(", ");
            let rest = fit_width(&kinds, width.saturating_sub(used), theme.symbols.ellipsis).into_owned();
            let style = if selected { theme.selected_row } else { theme.title };
            Some(Line::from(vec![
                Span::styled(format!("{marker} "), style),
                Span::styled(sev, sev_style),
                Span::styled(head, style),
                Span::styled(rest, theme.muted),
            ]))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(row) = pane.selected_entity() {
        let mut text = format!(
            "{} {}: {} {}, {} high or worse: {}.",
            row.entity.label(),
            crate::sanitize::clean(&row.name),
            count(row.findings),
            noun_for(row.findings, "finding"),
            row.loud,
            row.kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
        );
        if row.entity == Entity::Session && !row.users.is_empty() {
            let users: Vec<_> = row.users.iter().map(|u| crate::sanitize::clean(u)).collect();
            text.push_str(&format!(" Its {}: {}.", noun_for(users.len(), "user"), users.join(", ")));
        }
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)).wrap(Wrap { trim: true }), explain);
    }
}

/// The status line while `w`'s picker is open: the spans and "custom", the chosen one
/// marked; or the range being typed, with why the last Enter was refused.
pub fn picker_line(picker: &WindowPicker, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("window: ", theme.hint_key)];
    if let Some(range) = &picker.range {
        let field = |name: &str, value: &str, on: bool| {
            let style = if on { theme.selected_row } else { theme.muted };
            [Span::raw(format!("{name} ")), Span::styled(format!("[{value}]"), style), Span::raw("  ")]
        };
        // Refused: why, in place of the fields, until the next key.
        if let Some(e) = &range.error {
            spans.push(Span::styled(crate::sanitize::clean(e).into_owned(), theme.error));
            spans.push(Span::styled(" · type to fix · Esc", theme.muted));
            return Line::from(spans);
        }
        let until = if range.until.value().is_empty() && !range.on_until { "now" } else { range.until.value() };
        spans.extend(field("since", range.since.value(), !range.on_until));
        spans.extend(field("until", until, range.on_until));
        spans.push(Span::styled("RFC 3339 or 24h/7d · Tab · Enter", theme.muted));
        return Line::from(spans);
    }
    let labels = WindowSpan::ALL.iter().map(|s| s.label()).chain(["custom…"]);
    for (i, label) in labels.enumerate() {
        // Marked by brackets, not by colour alone.
        let n = i + 1;
        let (text, style) = if i == picker.selected {
            (format!("[{n} {label}]"), theme.selected_row)
        } else {
            (format!(" {n} {label} "), theme.title)
        };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("←/→ Enter · Esc keeps", theme.muted));
    Line::from(spans)
}
