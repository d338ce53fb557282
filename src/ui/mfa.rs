//! The `:mfa` pane: a gauge with requests/s and ETA while the sweep runs; then the totals by
//! class (a bar chart), by status and by group (the largest groups, read after the sweep),
//! and the virtualised list of users with gaps.

use chrono::DateTime;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Cell, Paragraph, Row, Table, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use super::list::count;
use super::theme::{Symbols, Theme};
use super::widths::{ColumnSpec, KEEP_WHOLE};
use crate::app::keys::{KeyAction, KeyMap};
use crate::app::layout::mfa_totals_rows as totals_rows;
use crate::app::mfa::{Counts, GroupTotals, MfaPane, Progress};
use crate::app::state::Load;
use crate::sanitize::{clean, fit_width};

/// Width of the bar chart of the classes: four bars of 7 and three gaps.
const CHART_WIDTH: u16 = 31;
/// Width of the four count columns of a totals table.
const COUNTS_WIDTH: usize = 27;
/// Widest label of a totals table (the counts stay near their labels).
const MAX_LABEL_WIDTH: usize = 32;
/// Narrowest totals table; wider areas show the statuses and groups side by side.
const TABLE_MIN_WIDTH: u16 = 47;
/// Narrowest room for a totals table's rows unwrapped: the counts and a label of 10
/// ("all users"). Where the chart would leave less, the table takes the whole width (its
/// "all users" row says what the chart shows).
const UNWRAPPED_TABLE_WIDTH: u16 = COUNTS_WIDTH as u16 + 10;

/// The list's columns: how each is sized (by priority: LAST LOGIN stays whole, the factors
/// and statuses give room first) and the report cell it shows.
const COLUMNS: [(ColumnSpec, usize); 7] = [
    (ColumnSpec::new("LOGIN", 12, 50, 1), 0),
    (ColumnSpec::new("NAME", 8, 30, 3).growing(), 1),
    (ColumnSpec::new("STATUS", 6, 16, 4), 2),
    (ColumnSpec::new("CLASS", 5, 9, 2), 3),
    (ColumnSpec::new("ADMIN", 5, 5, 2), 4),
    (ColumnSpec::new("FACTORS", 8, 60, 5), 5),
    (ColumnSpec::new("LAST LOGIN", 16, 16, KEEP_WHOLE), 6),
];

/// A cell as the list shows it: the last login to the minute (`2026-03-01 00:00`, as the
/// users list), the rest as the report has it.
fn shown_cell(column: usize, text: &str) -> std::borrow::Cow<'_, str> {
    match text.get(..16) {
        Some(minute) if column == 6 => minute.replace('T', " ").into(),
        _ => text.into(),
    }
}

fn title(pane: &MfaPane, spinner: &str, now_ms: i64) -> String {
    let mut t = "MFA gaps".to_string();
    if let Some(record) = &pane.record {
        let listed = if pane.include_weak { "listed (weak only too)" } else { "listed" };
        let users = crate::output::plural::noun_for(record.users.len(), "user");
        t.push_str(&format!(" · {} {users} · {} {listed}", count(record.users.len()), count(pane.rows.len())));
        let now = DateTime::from_timestamp_millis(now_ms).filter(|_| now_ms > 0);
        if let (Some(oldest), Some(now)) = (record.users.iter().filter_map(|u| u.fetched_at).min(), now) {
            t.push_str(&format!(" · answers up to {} old", crate::app::mfa::age(now - oldest)));
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

/// The gauge: a bar across `width` with the share done, and the progress text below it.
fn gauge(progress: Option<&Progress>, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let text = progress.map_or_else(|| "starting the sweep".to_string(), Progress::line);
    let ratio = progress.map_or(0.0, Progress::ratio);
    let percent = format!(" {:>3.0}%", ratio * 100.0);
    let bar_width = usize::from(width).saturating_sub(percent.len()).max(1);
    let full = ((ratio * bar_width as f64).round() as usize).min(bar_width);
    vec![
        Line::from(vec![
            Span::styled(theme.symbols.gauge_full.repeat(full), theme.ok),
            Span::styled(theme.symbols.gauge_empty.repeat(bar_width - full), theme.muted),
            Span::raw(percent),
        ]),
        Line::raw(fit_width(&text, usize::from(width), theme.symbols.ellipsis).into_owned()),
    ]
}

/// The bars of the chart in the theme's symbols: Unicode eighths, or the ASCII gauge
/// symbol for a whole or at least half a cell.
fn bar_set(theme: &Theme) -> symbols::bar::Set<'static> {
    if theme.symbols.gauge_full != Symbols::ASCII.gauge_full {
        return symbols::bar::NINE_LEVELS;
    }
    let (full, empty) = (Symbols::ASCII.gauge_full, " ");
    symbols::bar::Set {
        full,
        seven_eighths: full,
        three_quarters: full,
        five_eighths: full,
        half: full,
        three_eighths: empty,
        one_quarter: empty,
        one_eighth: empty,
        empty,
    }
}

/// One row of a totals table: the label fitted to `label_width`, then the four counts.
fn counts_row(label: &str, c: &Counts, label_width: usize, ellipsis: &str) -> String {
    format!(
        "{:<label_width$}{:>6}{:>6}{:>7}{:>8}",
        fit_width(label, label_width, ellipsis),
        count(c.none),
        count(c.weak_only),
        count(c.strong),
        count(c.unknown)
    )
}

/// The heading row of a totals table.
fn heading(title: &str, label_width: usize, theme: &Theme) -> Line<'static> {
    let text = format!(
        "{:<label_width$}{:>6}{:>6}{:>7}{:>8}",
        fit_width(title, label_width, "…"),
        "none",
        "weak",
        "strong",
        "unknown"
    );
    Line::styled(text, theme.table_header)
}

fn by_status_lines(pane: &MfaPane, label_width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let (all, by_status) = pane.totals();
    let ellipsis = theme.symbols.ellipsis;
    let mut lines = vec![heading("by status", label_width, theme)];
    lines.push(Line::raw(counts_row("all users", &all, label_width, ellipsis)));
    lines.extend(by_status.iter().map(|(status, c)| Line::raw(counts_row(&clean(status), c, label_width, ellipsis))));
    lines
}

fn by_group_lines(pane: &MfaPane, label_width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let partial = matches!(&pane.groups, GroupTotals::Done(g) if g.iter().any(|g| !g.complete));
    let title = if partial { "by group (*partial)" } else { "by group" };
    let mut lines = vec![heading(title, label_width, theme)];
    match &pane.groups {
        GroupTotals::Idle => {}
        GroupTotals::Loading => lines
            .push(Line::styled(format!("reading the largest groups' members{}", theme.symbols.ellipsis), theme.muted)),
        GroupTotals::Failed(message) => lines.push(Line::styled(
            format!("{} cannot read groups: {}", theme.symbols.alert, clean(message)),
            theme.warning,
        )),
        GroupTotals::Done(groups) if groups.is_empty() => lines.push(Line::styled("no groups", theme.muted)),
        GroupTotals::Done(groups) => lines.extend(groups.iter().map(|g| {
            let name = if g.complete { clean(&g.name).into_owned() } else { format!("*{}", clean(&g.name)) };
            Line::raw(counts_row(&name, &g.counts, label_width, theme.symbols.ellipsis))
        })),
    }
    lines
}

/// `lines` cut to `rows`, the last row saying how many more there are.
fn fit_rows(mut lines: Vec<Line<'static>>, rows: usize, theme: &Theme) -> Vec<Line<'static>> {
    if lines.len() > rows && rows > 0 {
        let hidden = lines.len() - rows + 1;
        lines.truncate(rows - 1);
        let text = format!("{} {hidden} more (a larger terminal shows them)", theme.symbols.ellipsis);
        lines.push(Line::styled(text, theme.muted));
    }
    lines
}

fn render_totals(frame: &mut Frame, area: Rect, pane: &MfaPane, theme: &Theme) {
    let (all, _) = pane.totals();
    let chart_width = if area.width >= CHART_WIDTH + 1 + UNWRAPPED_TABLE_WIDTH { CHART_WIDTH } else { 0 };
    let [chart, tables] = Layout::horizontal([Constraint::Length(chart_width), Constraint::Fill(1)])
        .spacing(if chart_width == 0 { 0 } else { 1 })
        .areas(area);
    let bars: Vec<Bar> =
        [("none", all.none), ("weak", all.weak_only), ("strong", all.strong), ("unknown", all.unknown)]
            .into_iter()
            .map(|(label, n)| Bar::default().value(n as u64).label(Line::from(label)).text_value(count(n)))
            .collect();
    frame.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(7)
            .bar_gap(1)
            .bar_set(bar_set(theme))
            .bar_style(theme.ok),
        chart,
    );
    let rows = usize::from(tables.height);
    let label_width = |width: u16| usize::from(width).saturating_sub(COUNTS_WIDTH).clamp(4, MAX_LABEL_WIDTH);
    if tables.width >= 2 * TABLE_MIN_WIDTH + 2 {
        let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).spacing(2).areas(tables);
        let statuses = fit_rows(by_status_lines(pane, label_width(left.width), theme), rows, theme);
        let groups = fit_rows(by_group_lines(pane, label_width(right.width), theme), rows, theme);
        frame.render_widget(Paragraph::new(statuses), left);
        frame.render_widget(Paragraph::new(groups).wrap(Wrap { trim: false }), right);
    } else {
        let width = label_width(tables.width);
        let mut lines = by_status_lines(pane, width, theme);
        lines.extend(by_group_lines(pane, width, theme));
        frame.render_widget(Paragraph::new(fit_rows(lines, rows, theme)).wrap(Wrap { trim: false }), tables);
    }
}

fn render_list(frame: &mut Frame, area: Rect, pane: &MfaPane, theme: &Theme) {
    if pane.visible.is_empty() {
        let text = match (pane.rows.is_empty(), pane.include_weak) {
            (true, false) => "no user without MFA (w lists those with weak factors only)",
            (true, true) => "no user without MFA or with weak factors only",
            (false, _) => "no row matches the filter",
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), area);
        return;
    }
    let height = usize::from(area.height.saturating_sub(1));
    // The rows above may take more room than `list_rows` assumed (a gauge, an error): the
    // selection stays in view all the same.
    let start = crate::app::viewport::scrolled(pane.selected, pane.offset, height).min(pane.visible.len());
    let end = (start + height).min(pane.visible.len());
    let on_screen: Vec<(usize, Vec<std::borrow::Cow<'_, str>>)> = pane.visible[start..end]
        .iter()
        .enumerate()
        .filter_map(|(i, idx)| {
            let row = pane.rows.get(*idx)?;
            Some((start + i, COLUMNS.iter().map(|(_, at)| shown_cell(*at, &row.cells[*at])).collect()))
        })
        .collect();
    let specs: Vec<ColumnSpec> = COLUMNS.iter().map(|(spec, _)| *spec).collect();
    let texts = on_screen.iter().map(|(_, cells)| cells.iter().map(|c| c.as_ref()));
    let cell_widths = super::widths::table_widths(area.width.saturating_sub(2), &specs, texts);
    let shown: Vec<usize> = (0..COLUMNS.len()).filter(|i| cell_widths[*i] > 0).collect();
    let rows = on_screen.iter().map(|(position, cells)| {
        let cells = shown.iter().map(|&i| {
            let text = cells[i].as_ref();
            let style = match (COLUMNS[i].0.header, text) {
                ("CLASS", "none") | ("ADMIN", "true") => theme.error,
                ("CLASS", "weak_only") | ("CLASS", "unknown") => theme.warning,
                _ => Style::default(),
            };
            Cell::from(Span::styled(fit_width(text, usize::from(cell_widths[i]), theme.symbols.ellipsis), style))
        });
        let selected = *position == pane.selected;
        let marker = if selected { theme.symbols.selection } else { " " };
        let style = if selected { theme.selected_row } else { Style::default() };
        Row::new(std::iter::once(Cell::from(marker)).chain(cells)).style(style)
    });
    let widths: Vec<Constraint> = std::iter::once(Constraint::Length(1))
        .chain(shown.iter().map(|&i| Constraint::Length(cell_widths[i])))
        .collect();
    let header =
        Row::new(std::iter::once(Cell::from(" ")).chain(shown.iter().map(|&i| Cell::from(COLUMNS[i].0.header))))
            .style(theme.table_header);
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), area);
}

/// Draws the pane in `area`; `spinner` is the current spinner frame, `now_ms` the console's
/// clock (the answers' age is shown once it is set).
pub fn render(frame: &mut Frame, area: Rect, pane: &MfaPane, keys: &KeyMap, theme: &Theme, spinner: &str, now_ms: i64) {
    let block = super::list::pane_block(title(pane, spinner, now_ms), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let status = status_lines(pane, inner.width, keys, theme);
    let [status_area, body] =
        Layout::vertical([Constraint::Length(status.len() as u16), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(status).wrap(Wrap { trim: false }), status_area);
    if pane.record.is_none() {
        return;
    }
    let [totals, list] =
        Layout::vertical([Constraint::Length(totals_rows(frame.area().height)), Constraint::Fill(1)]).areas(body);
    render_totals(frame, totals, pane, theme);
    render_list(frame, list, pane, theme);
}

/// The rows above the totals: the gauge while sweeping, the error (wrapped, up to three
/// rows) after a failure, else how the answer was obtained and the pane's keys.
fn status_lines(pane: &MfaPane, width: u16, keys: &KeyMap, theme: &Theme) -> Vec<Line<'static>> {
    let press = |action| keys.press(action);
    match &pane.load {
        Load::Loading => gauge(pane.progress.as_ref(), width, theme),
        Load::Failed { message, .. } => {
            let text = format!("{} {}  ({} retries)", theme.symbols.alert, clean(message), press(KeyAction::Retry));
            let rows = text.width().div_ceil(usize::from(width.max(1))).clamp(1, 3);
            let text = fit_width(&text, rows * usize::from(width), theme.symbols.ellipsis).into_owned();
            let mut lines = vec![Line::styled(text, theme.error)];
            lines.resize(rows, Line::default());
            lines
        }
        Load::Idle | Load::Done => {
            let how = match pane.how {
                Some(crate::app::mfa::How::Refreshed) => "refreshed from the System Log",
                Some(crate::app::mfa::How::Resumed) => "a cancelled sweep, resumed",
                _ => "a full sweep",
            };
            let weak = if pane.include_weak { "hides weak" } else { "lists weak" };
            let text = format!(
                "{how} · {} user · {} sort · {} filter · {} {weak} · {} export · {} refresh",
                press(KeyAction::Open),
                press(KeyAction::Sort),
                press(KeyAction::Filter),
                press(KeyAction::IncludeWeak),
                press(KeyAction::Export),
                press(KeyAction::Retry)
            );
            vec![Line::styled(fit_width(&text, usize::from(width), theme.symbols.ellipsis).into_owned(), theme.muted)]
        }
    }
}
