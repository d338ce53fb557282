//! The `:mfa` pane: a gauge with requests/s and ETA while the sweep runs; then the totals by
//! class (a bar chart) and by status, and the virtualised list of users with gaps.

use chrono::Utc;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::layout::LIST_CHROME_ROWS;
use super::list::count;
use super::theme::Theme;
use crate::app::mfa::{Counts, MfaPane};
use crate::app::state::Load;
use crate::mfa::Progress;
use crate::sanitize::{clean, fit_width};

/// Rows the totals take above the list.
const TOTALS_ROWS: u16 = 7;

/// The list's columns: header and share of the width.
const COLUMNS: [(&str, usize, u16); 7] = [
    ("LOGIN", 0, 3),
    ("NAME", 1, 2),
    ("STATUS", 2, 2),
    ("CLASS", 3, 1),
    ("ADMIN", 4, 1),
    ("FACTORS", 5, 3),
    ("LAST LOGIN", 6, 2),
];

/// How many gap rows fit on a screen of `height` rows (the totals and a gauge line above).
pub fn list_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(LIST_CHROME_ROWS + TOTALS_ROWS + 1).max(1))
}

fn title(pane: &MfaPane, spinner: &str) -> String {
    let mut t = "MFA gaps".to_string();
    if let Some(record) = &pane.record {
        t.push_str(&format!(" · {} users · {} listed", count(record.users.len()), count(pane.rows.len())));
        if let Some(oldest) = record.users.iter().filter_map(|u| u.fetched_at).min() {
            t.push_str(&format!(" · answers up to {} old", crate::mfa::age(Utc::now() - oldest)));
        }
        t.push_str(&format!(" · sort {}", pane.sort.label()));
    }
    if pane.load == Load::Loading {
        t.push_str(&format!(" · sweeping {spinner}"));
    }
    if !pane.filter.is_empty() {
        t.push_str(&format!(" · {} match /{}", count(pane.visible.len()), clean(&pane.filter)));
    }
    t
}

/// A gauge line: the bar, then the progress text.
fn gauge(progress: Option<&Progress>, width: u16, theme: &Theme) -> Line<'static> {
    let text = progress.map_or_else(|| "starting the sweep".to_string(), Progress::line);
    let ratio = progress.map_or(0.0, Progress::ratio);
    let bar_width = usize::from(width / 3).max(10);
    let full = ((ratio * bar_width as f64).round() as usize).min(bar_width);
    Line::from(vec![
        Span::styled(theme.symbols.gauge_full.repeat(full), theme.ok),
        Span::styled(theme.symbols.gauge_empty.repeat(bar_width - full), theme.muted),
        Span::raw(format!(" {text}")),
    ])
}

fn counts_line(label: &str, c: &Counts) -> String {
    format!(
        "{:<17} none {:>5} · weak only {:>5} · strong {:>6} · unknown {:>4}",
        fit_width(&clean(label), 17, "…"),
        c.none,
        c.weak_only,
        c.strong,
        c.unknown
    )
}

fn render_totals(frame: &mut Frame, area: Rect, pane: &MfaPane, theme: &Theme) {
    let (all, by_status) = pane.totals();
    let [chart, table] = Layout::horizontal([Constraint::Length(36), Constraint::Fill(1)]).areas(area);
    let bars: Vec<Bar> =
        [("none", all.none), ("weak", all.weak_only), ("strong", all.strong), ("unknown", all.unknown)]
            .into_iter()
            .map(|(label, n)| Bar::default().value(n as u64).label(Line::from(label)).text_value(count(n)))
            .collect();
    frame.render_widget(
        BarChart::default().data(BarGroup::default().bars(&bars)).bar_width(7).bar_gap(1).bar_style(theme.ok),
        chart,
    );
    let mut lines = vec![Line::styled(counts_line("all users", &all), theme.table_header)];
    lines.extend(by_status.iter().map(|(status, c)| Line::raw(counts_line(status, c))));
    frame.render_widget(Paragraph::new(lines), table);
}

fn render_list(frame: &mut Frame, area: Rect, pane: &MfaPane, theme: &Theme) {
    if pane.visible.is_empty() {
        let text = if pane.rows.is_empty() { "no user without MFA" } else { "no row matches the filter" };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), area);
        return;
    }
    let widths: Vec<Constraint> =
        std::iter::once(Constraint::Length(1)).chain(COLUMNS.iter().map(|c| Constraint::Fill(c.2))).collect();
    let cell_widths: Vec<usize> = super::list::cell_widths(&widths, area);
    let height = usize::from(area.height.saturating_sub(1));
    let start = pane.offset.min(pane.visible.len());
    let end = (start + height).min(pane.visible.len());
    let rows = pane.visible[start..end].iter().enumerate().filter_map(|(i, idx)| {
        let row = pane.rows.get(*idx)?;
        let selected = start + i == pane.selected;
        let cells = COLUMNS.iter().zip(&cell_widths).map(|(col, width)| {
            let text = &row.cells[col.1];
            let style = match (col.0, text.as_str()) {
                ("CLASS", "none") | ("ADMIN", "true") => theme.error,
                ("CLASS", "weak_only") | ("CLASS", "unknown") => theme.warning,
                _ => Style::default(),
            };
            Cell::from(Span::styled(fit_width(text, *width, theme.symbols.ellipsis), style))
        });
        let marker = if selected { theme.symbols.selection } else { " " };
        let style = if selected { theme.selected_row } else { Style::default() };
        Some(Row::new(std::iter::once(Cell::from(marker)).chain(cells)).style(style))
    });
    let header = Row::new(std::iter::once(Cell::from(" ")).chain(COLUMNS.iter().map(|c| Cell::from(c.0))))
        .style(theme.table_header);
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
}

/// Draws the pane in `area`; `spinner` is the current spinner frame.
pub fn render(frame: &mut Frame, area: Rect, pane: &MfaPane, theme: &Theme, spinner: &str) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Span::styled(title(pane, spinner), theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [status, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    match &pane.load {
        Load::Loading => frame.render_widget(gauge(pane.progress.as_ref(), status.width, theme), status),
        Load::Failed { message, .. } => frame.render_widget(
            Line::from(vec![
                Span::styled(format!("✗ {message}"), theme.error),
                Span::styled("  (r to retry)", theme.muted),
            ]),
            status,
        ),
        Load::Idle | Load::Done => {
            let how = match pane.how {
                Some(crate::mfa::How::Refreshed) => "refreshed from the System Log",
                Some(crate::mfa::How::Resumed) => "a cancelled sweep, resumed",
                _ => "a full sweep",
            };
            let text = format!("{how} · Enter opens the user · o sorts · / filters · e exports · r refreshes");
            frame.render_widget(Line::styled(text, theme.muted), status);
        }
    }
    if pane.record.is_none() {
        return;
    }
    let [totals, list] = Layout::vertical([Constraint::Length(TOTALS_ROWS), Constraint::Fill(1)]).areas(body);
    render_totals(frame, totals, pane, theme);
    render_list(frame, list, pane, theme);
}
