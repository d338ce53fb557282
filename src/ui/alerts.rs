//! The `:alerts` pane: the live judge's findings, newest first, one line each (when, the
//! severity as text, new or updated, the kind, who and where, the summary), the selected one
//! explained below (the hunt's layout: a status line, the list, the explanation).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::findings::{explanation, severity};
use super::list::count;
use super::theme::Theme;
use crate::app::alerts::{feed_words, AlertRow, AlertsPane};
use crate::app::keys::{KeyAction, KeyMap};
use crate::app::layout::HUNT_EXPLANATION_ROWS as EXPLANATION_ROWS;
use crate::output::plural::noun_for;
use crate::sanitize::{clean, fit_width};

/// `1 crit 2 high 3 med`: the findings kept by severity, the empty ones left out.
pub fn severity_counts(pane: &AlertsPane) -> Vec<(usize, &'static str)> {
    let [crit, high, med, low] = pane.counts();
    [(crit, "crit"), (high, "high"), (med, "med"), (low, "low")].into_iter().filter(|(n, _)| *n > 0).collect()
}

fn title(pane: &AlertsPane) -> String {
    if pane.show_suppressed {
        let n = pane.suppressed_count;
        return format!(
            "Alerts · {} suppressed {} (by the rules of [detections.suppress])",
            count(n),
            noun_for(n, "finding")
        );
    }
    let n = pane.rows.len();
    let mut t = format!("Alerts · {} live {}", count(n), noun_for(n, "finding"));
    let counts: Vec<String> = severity_counts(pane).iter().map(|(n, s)| format!("{n} {s}")).collect();
    if !counts.is_empty() {
        t.push_str(&format!(" · {}", counts.join(" ")));
    }
    if pane.dropped > 0 {
        t.push_str(&format!(" · {} older let go", count(pane.dropped)));
    }
    if pane.suppressed_count > 0 {
        t.push_str(&format!(" · {} suppressed", count(pane.suppressed_count)));
    }
    t
}

/// `HH:MM:SS` (UTC) of the finding's last evidence, else of when it arrived.
fn when(row: &AlertRow) -> String {
    let at = row.finding.last_seen.or_else(|| chrono::DateTime::from_timestamp_millis(row.raised_ms));
    at.map_or_else(|| "--:--:--".into(), |t| t.format("%H:%M:%S").to_string())
}

/// One finding on one line of `width` columns.
fn row_line(row: &AlertRow, selected: bool, width: usize, theme: &Theme) -> Line<'static> {
    let f = &row.finding;
    let (sev, sev_style) = severity(f.severity, theme);
    let marker = if selected { theme.symbols.selection } else { " " };
    let update = match (&row.suppressed_by, row.update) {
        (Some(_), _) => "SUP",
        (None, true) => "UPD",
        (None, false) => "NEW",
    };
    let lead = format!("{marker} {} ", when(row));
    let kind = format!(" {update} {:<20} ", fit_width(f.kind.name(), 20, theme.symbols.ellipsis));
    let used = unicode_width::UnicodeWidthStr::width(lead.as_str()) + sev.len() + kind.len();
    let rest = width.saturating_sub(used);
    let who: Vec<&str> = f.users.iter().chain(&f.ips).map(String::as_str).collect();
    let who = clean(&who.join(" ")).into_owned();
    let who_width = (rest / 2).clamp(rest.min(16), 30);
    let who = format!("{:<w$} ", fit_width(&who, who_width, theme.symbols.ellipsis), w = who_width);
    let summary =
        fit_width(&clean(&f.summary), rest.saturating_sub(who_width + 1), theme.symbols.ellipsis).into_owned();
    let line = Line::from(vec![
        Span::raw(lead),
        Span::styled(sev, sev_style),
        Span::raw(kind),
        Span::styled(who, theme.title),
        Span::raw(summary),
    ]);
    if selected {
        line.style(theme.selected_row)
    } else {
        line
    }
}

/// Draws the pane in `area`.
pub fn render(frame: &mut Frame, area: Rect, pane: &AlertsPane, keys: &KeyMap, theme: &Theme) {
    let press = |action| keys.press(action);
    let block = super::list::pane_block(title(pane), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [status, list, explain] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(EXPLANATION_ROWS)])
            .areas(inner);
    let status_line = match &pane.failed {
        Some(message) => Line::styled(format!("{} {}", theme.symbols.alert, clean(message)), theme.error),
        None => Line::styled(
            format!(
                "{} · {} opens · {} acts on its proposal · {} benign",
                feed_words(pane.feed),
                press(KeyAction::Open),
                press(KeyAction::ActOnFinding),
                press(KeyAction::MarkBenign)
            ),
            theme.muted,
        ),
    };
    let width = usize::from(status.width);
    frame.render_widget(status_line, status);
    let rows = pane.shown();
    if rows.is_empty() {
        let text = match pane.show_suppressed {
            true => "no finding suppressed",
            false => "no live finding yet: the System Log is judged as it arrives, from an hour back",
        };
        let text = fit_width(text, usize::from(list.width), theme.symbols.ellipsis).into_owned();
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), list);
        return;
    }
    let start = pane.offset.min(rows.len());
    let end = (start + usize::from(list.height)).min(rows.len());
    let lines: Vec<Line> =
        (start..end).filter_map(|pos| Some(row_line(rows.get(pos)?, pos == pane.selected, width, theme))).collect();
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(row) = pane.selected_row() {
        let mut lines = explanation(&row.finding, theme);
        let mut last = format!("id {}", clean(&row.id));
        if let Some(changed) = &row.changed {
            last.push_str(&format!(" · updated: {}", clean(changed)));
        }
        if let Some(rule) = &row.suppressed_by {
            last.push_str(&format!(" · suppressed by the rule {}", clean(rule)));
        }
        lines.push(Line::styled(last, theme.muted));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), explain);
    }
}
