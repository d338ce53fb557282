//! The IP view: where the address is, the findings that name it, then its users (worst
//! first) and its events (newest first) as two tables; Tab moves the selection between
//! them. Columns give way by priority: the login and the event type stay whole.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::theme::Theme;
use super::widths::{table_widths, ColumnSpec, KEEP_WHOLE};
use crate::app::ip::{IpFocus, IpPane, IpReport};
use crate::app::keys::{Context, KeyAction, KeyMap};
use crate::app::state::Load;
use crate::output::plural::count;
use crate::sanitize::{clean, fit_width};

const USER_COLUMNS: [ColumnSpec; 5] = [
    ColumnSpec::new("LOGIN", 12, 60, KEEP_WHOLE).growing(),
    ColumnSpec::new("EVENTS", 6, 8, 2),
    ColumnSpec::new("FAILED", 6, 8, 1),
    ColumnSpec::new("OK", 3, 8, 1),
    ColumnSpec::new("LAST SEEN", 16, 16, 3),
];

const EVENT_COLUMNS: [ColumnSpec; 4] = [
    ColumnSpec::new("TIME", 19, 19, KEEP_WHOLE),
    ColumnSpec::new("EVENT TYPE", 14, 60, 1),
    ColumnSpec::new("ACTOR", 10, 60, 2).growing(),
    ColumnSpec::new("OUTCOME", 7, 10, 3),
];

/// The title: the address, and once read its counts and window.
fn title(pane: &IpPane, spinner: &str) -> String {
    let ip = clean(pane.ip.as_deref().unwrap_or("")).into_owned();
    let reading = if pane.load == Load::Loading { format!(" {spinner}") } else { String::new() };
    match (&pane.load, pane.shown_report()) {
        (_, Some(r)) => {
            let capped = if r.capped { " (the oldest; the window holds more)" } else { "" };
            format!(
                "IP {ip} · {}{capped} · {} · {}{reading}",
                count(r.events.len(), "event"),
                count(r.users.len(), "user"),
                pane.window.label()
            )
        }
        (Load::Loading, None) => format!("IP {ip} · {}{reading}", pane.window.label()),
        _ => format!("IP {ip}"),
    }
}

/// Draws the view in `area`; `reading` is what the gauge says while the events are read.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    pane: &IpPane,
    reading: &crate::output::progress::ReadStatus,
    keys: &KeyMap,
    theme: &Theme,
    spinner: &str,
) {
    let block = super::list::pane_block(title(pane, spinner), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match pane.shown_report() {
        Some(report) => {
            let other = keys.key_label(KeyAction::NextPanel, Context::Ip).unwrap_or_default();
            render_report(frame, inner, (pane, &other), report, theme)
        }
        None => {
            let load = &pane.load;
            super::findings::reading_or_failed(frame, inner, load, "reading the address's events", reading, theme);
        }
    }
}

fn render_report(frame: &mut Frame, area: Rect, (pane, other): (&IpPane, &str), r: &IpReport, theme: &Theme) {
    let findings = r.findings.len().clamp(1, 3) as u16;
    let notice = super::findings::history_line(&pane.history, theme);
    let [said, facts, named, users, events] = Layout::vertical([
        Constraint::Length(u16::from(notice.is_some())),
        Constraint::Length(1),
        Constraint::Length(findings),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    if let Some(line) = notice {
        frame.render_widget(line, said);
    }
    frame.render_widget(Paragraph::new(fact_line(r, theme)), facts);
    let width = usize::from(named.width);
    let lines: Vec<Line> = if r.findings.is_empty() {
        vec![Line::styled("no finding of this session names the address", theme.muted)]
    } else {
        r.findings.iter().take(3).map(|f| super::findings::finding_line(f, false, width, theme)).collect()
    };
    frame.render_widget(Paragraph::new(lines), named);
    let user_rows: Vec<Vec<String>> = r
        .users
        .iter()
        .map(|u| {
            vec![
                clean(&u.login).into_owned(),
                u.events.to_string(),
                u.failures.to_string(),
                u.successes.to_string(),
                u.last_seen.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    draw_table(
        frame,
        users,
        &USER_COLUMNS,
        &user_rows,
        (pane.focus == IpFocus::Users).then_some(pane.selected_user),
        (pane.focus == IpFocus::Users, format!("users it touched · {}", r.users.len()), other),
        theme,
    );
    let event_rows: Vec<Vec<String>> = r
        .events
        .iter()
        .map(|e| {
            vec![
                e.at.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default(),
                clean(&e.event_type).into_owned(),
                clean(&e.actor).into_owned(),
                clean(&e.outcome).into_owned(),
            ]
        })
        .collect();
    draw_table(
        frame,
        events,
        &EVENT_COLUMNS,
        &event_rows,
        (pane.focus == IpFocus::Events).then_some(pane.selected_event),
        (pane.focus == IpFocus::Events, format!("its events · {}", r.events.len()), other),
        theme,
    );
}

/// Where Okta places the address, its network, and whether it is a proxy.
fn fact_line(r: &IpReport, theme: &Theme) -> Line<'static> {
    let mut parts: Vec<String> = Vec::new();
    if !r.places.is_empty() {
        parts.push(clean(&r.places.join(" / ")).into_owned());
    }
    if !r.networks.is_empty() {
        parts.push(clean(&r.networks.join(" / ")).into_owned());
    }
    if r.proxy {
        parts.push("proxy".into());
    }
    if parts.is_empty() {
        return Line::styled("Okta gave no place or network for it", theme.muted);
    }
    Line::raw(parts.join(" · "))
}

/// One table under a one-line caption (the table with the selection in the header's style,
/// the other muted, saying Tab goes to it): the rows around `selected` that fit, the
/// selected one marked.
fn draw_table(
    frame: &mut Frame,
    area: Rect,
    columns: &[ColumnSpec],
    rows: &[Vec<String>],
    selected: Option<usize>,
    (focused, caption, other): (bool, String, &str),
    theme: &Theme,
) {
    let [caption_area, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let (caption, style) =
        if focused { (caption, theme.table_header) } else { (format!("{caption} ({other})"), theme.muted) };
    frame.render_widget(Paragraph::new(Span::styled(format!(" {caption}"), style)), caption_area);
    let height = usize::from(table_area.height.saturating_sub(1));
    let at = selected.unwrap_or(0);
    let start = crate::app::viewport::scrolled(at, 0, height).min(rows.len());
    let end = (start + height).min(rows.len());
    let on_screen = &rows[start..end];
    let room = table_area.width.saturating_sub(2);
    let widths = table_widths(room, columns, on_screen.iter().map(|r| r.iter().map(String::as_str)));
    let shown: Vec<usize> = (0..columns.len()).filter(|&i| widths[i] > 0).collect();
    let body = on_screen.iter().enumerate().map(|(i, cells)| {
        let is_selected = selected == Some(start + i);
        let marker = if is_selected { theme.symbols.selection } else { " " };
        let cells = shown.iter().map(|&c| {
            let text = cells.get(c).map_or("", String::as_str);
            Cell::from(fit_width(text, usize::from(widths[c]), theme.symbols.ellipsis).into_owned())
        });
        let style = if is_selected { theme.selected_row } else { Style::default() };
        Row::new(std::iter::once(Cell::from(marker)).chain(cells)).style(style)
    });
    let constraints: Vec<Constraint> =
        std::iter::once(Constraint::Length(1)).chain(shown.iter().map(|&i| Constraint::Length(widths[i]))).collect();
    let header = Row::new(std::iter::once(Cell::from(" ")).chain(shown.iter().map(|&i| Cell::from(columns[i].header))))
        .style(theme.table_header);
    frame.render_widget(Table::new(body, constraints).header(header).column_spacing(1), table_area);
}
