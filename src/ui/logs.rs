//! The System Log pane: the tail's health on one line (poll state, lag, rate, bucket
//! headroom, follow mode), then the events, newest at the bottom, virtualised. Failed and
//! denied outcomes and WARN/ERROR severities carry a text marker, not only a colour.

use crate::app::keys::{KeyAction, KeyMap};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::list::count;
use super::theme::Theme;
use crate::app::alerts::AlertsPane;
use crate::app::describe::split_at_width;
use crate::app::lists::{ColumnSpec, KEEP_WHOLE};
use crate::app::logs::{CompactEvent, LogsState, PollState, Sym, TailStatus};
use crate::sanitize::{clean, fit_width};

/// The columns, sized by priority (issue 19): the time, event type and IP stay whole while
/// the actor, outcome and severity give room, and the target and country give way first.
const COLUMNS: [ColumnSpec; 8] = [
    ColumnSpec::new("TIME (UTC)", 14, 14, KEEP_WHOLE),
    ColumnSpec::new("SEV", 5, 6, 3),
    ColumnSpec::new("EVENT TYPE", 10, 40, KEEP_WHOLE),
    ColumnSpec::new("ACTOR", 8, 40, 2).growing(),
    ColumnSpec::new("OUTCOME", 7, 9, 1),
    ColumnSpec::new("IP", 7, 39, KEEP_WHOLE),
    ColumnSpec::new("COUNTRY", 7, 20, 5),
    ColumnSpec::new("TARGET", 10, 60, 4).growing(),
];

/// The mark of an event that is evidence of a live finding (`*` in an ASCII frame).
const EVIDENCE: &str = "●";

/// The pane title: window, server filter, counts, and the legend of the evidence mark
/// while there are live findings.
pub fn title(logs: &LogsState, alerts: &AlertsPane) -> String {
    let delivered = logs.status.as_ref().map_or(0, |s| s.delivered);
    let delivered = usize::try_from(delivered).unwrap_or(usize::MAX);
    let events = crate::output::plural::noun_for(delivered, "event");
    let mut t = format!("System Log · last {} · {} {events}", logs.window.label(), count(delivered));
    if !logs.query.is_empty() {
        t.push_str(&format!(" · Okta filter '{}'", clean(&logs.query.text())));
    }
    if logs.ring.trimmed() > 0 {
        t.push_str(&format!(" · trimmed {}", count(logs.ring.trimmed() as usize)));
    }
    if !logs.filter.is_empty() {
        t.push_str(&format!(" · {} match /{}", count(logs.visible.len()), logs.filter));
    }
    if alerts.evidence_count() > 0 {
        t.push_str(&format!(" · {EVIDENCE} evidence of a live finding"));
    }
    t
}

/// Rows the refusal of a server-side filter may take above the health line.
const REFUSAL_ROWS: usize = 3;

/// The refusal of a server-side filter, wrapped to `width` over at most [`REFUSAL_ROWS`]
/// rows; none when Okta refused nothing.
fn refusal_lines(logs: &LogsState, width: u16, keys: &KeyMap, theme: &Theme) -> Vec<Line<'static>> {
    let Some(rejected) = &logs.rejected else { return Vec::new() };
    let (edit, back) = (keys.press(KeyAction::ServerFilter), keys.press(KeyAction::Back));
    let text = format!("{} {} · {edit} edits the filter, {back} dismisses", theme.symbols.alert, clean(rejected));
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() && lines.len() < REFUSAL_ROWS {
        let last = lines.len() + 1 == REFUSAL_ROWS;
        let (line, next) = if last { (rest, "") } else { split_at_width(rest, width) };
        lines.push(Line::styled(fit_width(line, width, theme.symbols.ellipsis).into_owned(), theme.error));
        rest = next;
    }
    lines
}

/// The health line: poll state, lag (against `now_ms`; none before the clock is known),
/// events/min, bucket headroom, follow mode.
fn status_line(logs: &LogsState, (now_ms, keys): (i64, &KeyMap), spinner: &str) -> (String, bool) {
    let follow = if logs.follow {
        "following".to_string()
    } else {
        let key = keys.press(KeyAction::Follow);
        format!("paused · {} new ({key} follows)", count(logs.new_while_paused as usize))
    };
    let Some(status) = &logs.status else { return (format!("starting the tail {spinner} · {follow}"), false) };
    let (state, bad) = poll_state(status);
    let mut parts = vec![state];
    if let Some(lag) = status.lag_ms(now_ms).filter(|_| now_ms > 0) {
        parts.push(format!("lag {}", duration(lag)));
    }
    parts.push(format!("{}/min", count(status.events_per_min as usize)));
    if let Some(h) = status.headroom_share() {
        parts.push(format!("logs bucket {:.0}% left", h * 100.0));
    }
    if status.malformed > 0 {
        parts.push(format!("{} malformed skipped", count(status.malformed as usize)));
    }
    if let Some(note) = &status.notice {
        parts.push(note.clone());
    }
    parts.push(follow);
    (parts.join(" · "), bad)
}

fn poll_state(status: &TailStatus) -> (String, bool) {
    match &status.state {
        PollState::Starting => ("starting".into(), false),
        PollState::Live => ("● live".into(), false),
        PollState::CatchingUp => ("catching up".into(), false),
        PollState::Throttled { until } => (format!("throttled until {}", until.format("%H:%M:%S")), true),
        PollState::Error { message } => (format!("error: {message} (retrying)"), true),
    }
}

fn duration(ms: i64) -> String {
    let s = ms / 1000;
    match s {
        0..=119 => format!("{s}s"),
        120..=7199 => format!("{}m", s / 60),
        _ => format!("{}h", s / 3600),
    }
}

/// `MM-DD HH:MM:SS` in UTC, or `-`.
fn time_cell(e: &CompactEvent) -> String {
    e.published_ms
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map_or_else(|| "-".to_string(), |t| t.format("%m-%d %H:%M:%S").to_string())
}

fn text(s: &Option<Sym>) -> &str {
    s.as_deref().unwrap_or("")
}

/// An event's cells: text and style, one per column.
type Cells = [(String, Style); 8];

/// The cells of one event, with the style of its outcome and severity.
fn cells(e: &CompactEvent, theme: &Theme) -> Cells {
    let alert = theme.symbols.alert;
    let severity = if e.severity.is_alarming() {
        (format!("{alert}{}", e.severity.as_str()), theme.warning)
    } else {
        (e.severity.as_str().to_string(), Style::default())
    };
    let outcome = match (&e.outcome, e.is_failure()) {
        (Some(o), true) => (format!("{alert}{o}"), theme.error),
        (Some(o), false) => (o.to_string(), Style::default()),
        (None, _) => (String::new(), Style::default()),
    };
    [
        (time_cell(e), theme.muted),
        severity,
        (text(&e.event_type).to_string(), Style::default()),
        (e.actor_label().to_string(), Style::default()),
        outcome,
        (text(&e.ip).to_string(), Style::default()),
        (text(&e.country).to_string(), Style::default()),
        (text(&e.target).to_string(), Style::default()),
    ]
}

/// Draws the pane; the events that are evidence of a live finding of `alerts` are marked.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    logs: &LogsState,
    alerts: &AlertsPane,
    (now_ms, keys): (i64, &KeyMap),
    theme: &Theme,
    spinner: &str,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Span::styled(title(logs, alerts), theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let refusal = refusal_lines(logs, inner.width, keys, theme);
    let [refusal_area, status_area, body] =
        Layout::vertical([Constraint::Length(refusal.len() as u16), Constraint::Length(1), Constraint::Min(1)])
            .areas(inner);
    frame.render_widget(Paragraph::new(refusal), refusal_area);
    let (status, bad) = status_line(logs, (now_ms, keys), spinner);
    let style = if bad { theme.error } else { theme.muted };
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit_width(&status, usize::from(inner.width), theme.symbols.ellipsis).into_owned(),
            style,
        )),
        status_area,
    );
    if logs.visible.is_empty() {
        let note = if logs.ring.is_empty() { "no events yet in this window" } else { "no event matches the filter" };
        frame.render_widget(Paragraph::new(Span::styled(note, theme.muted)), body);
        return;
    }
    let height = usize::from(body.height.saturating_sub(1));
    // The refusal's rows may take room `list_rows` did not count: the selection stays in view.
    let start = crate::app::viewport::scrolled(logs.selected, logs.offset, height).min(logs.visible.len());
    let end = (start + height).min(logs.visible.len());
    let on_screen: Vec<(usize, bool, Cells)> = logs.visible[start..end]
        .iter()
        .enumerate()
        .filter_map(|(i, position)| {
            let event = logs.ring.get(*position)?;
            let evidence = event.id.as_ref().is_some_and(|id| alerts.is_evidence(id));
            Some((start + i, evidence, cells(event, theme)))
        })
        .collect();
    // The marker column holds the evidence mark too while an event on screen has one.
    let marked = on_screen.iter().any(|(_, evidence, _)| *evidence);
    let marker_width = if marked { 2 } else { 1 };
    // Widths by priority for the events on screen, after the selection marker and its gap.
    let room = body.width.saturating_sub(marker_width + 1);
    let texts = on_screen.iter().map(|(_, _, cells)| cells.iter().map(|(t, _)| t.as_str()));
    let cell_widths = super::widths::table_widths(room, &COLUMNS, texts);
    let shown: Vec<usize> = (0..COLUMNS.len()).filter(|i| cell_widths[*i] > 0).collect();
    let rows = on_screen.into_iter().map(|(position, evidence, cells)| {
        let cells = cells.into_iter().enumerate().filter(|(i, _)| cell_widths[*i] > 0).map(|(i, (t, style))| {
            Cell::from(Span::styled(
                fit_width(&t, usize::from(cell_widths[i]), theme.symbols.ellipsis).into_owned(),
                style,
            ))
        });
        let selected = position == logs.selected;
        let marker = if selected { theme.symbols.selection } else { " " };
        let marker = match (marked, evidence) {
            (true, true) => format!("{marker}{EVIDENCE}"),
            (true, false) => format!("{marker} "),
            (false, _) => marker.to_string(),
        };
        let style = if selected { theme.selected_row } else { Style::default() };
        let marker = if evidence { Cell::from(Span::styled(marker, theme.warning)) } else { Cell::from(marker) };
        Row::new(std::iter::once(marker).chain(cells)).style(style)
    });
    let header = Row::new(std::iter::once(Cell::from(" ")).chain(shown.iter().map(|&i| Cell::from(COLUMNS[i].header))))
        .style(theme.table_header);
    let widths: Vec<Constraint> = std::iter::once(Constraint::Length(marker_width))
        .chain(shown.iter().map(|&i| Constraint::Length(cell_widths[i])))
        .collect();
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), body);
}
