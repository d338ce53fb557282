//! The investigation view: who the user is and the window's numbers; the findings, worst
//! first (or the selected finding's evidence); sign-ins per hour; a world map of sign-in
//! locations with the flagged ones marked; the sign-ins table; and the MFA, lockout,
//! privilege, factor and admin-action lines. Everything from Okta is sanitised here.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Map, MapResolution};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Sparkline, Table, Wrap};
use ratatui::Frame;

use super::findings::{explanation, finding_line, history_line, reading_or_failed};
use super::theme::Theme;
use super::widths::{ColumnSpec, KEEP_WHOLE};
use crate::app::investigation::{InvestigationPane, Panel, SignIn, UserReport};
use crate::app::keys::{KeyAction, KeyMap};
use crate::app::state::Load;
use crate::output::plural;
use crate::sanitize::{clean, fit_width};

fn panel<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::TOP)
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title))
}

fn title(pane: &InvestigationPane, keys: &KeyMap, spinner: &str) -> String {
    let who = pane.user.as_deref().map_or_else(String::new, |u| format!(" {}", clean(u)));
    let mut t = format!("Investigate{who} · {}", pane.window.label());
    if let Some(r) = pane.shown_report() {
        t.push_str(&format!(
            " · {} · {}",
            plural::count(r.findings.len(), "finding"),
            plural::count(pane.events.len(), "event")
        ));
    }
    if pane.load == Load::Loading {
        t.push_str(&format!(" · reading {spinner}"));
    }
    if let Some(panel) = pane.zoom {
        let (next, zoom) = (keys.press(KeyAction::NextPanel), keys.press(KeyAction::Zoom));
        t.push_str(&format!(" · {} alone ({next} next, {zoom} all)", panel.label()));
    }
    t
}

/// Draws the view in `area`; `reading` is what the gauge says while the events are read,
/// `spinner` the current spinner frame.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    pane: &InvestigationPane,
    reading: &crate::output::progress::ReadStatus,
    keys: &KeyMap,
    theme: &Theme,
    spinner: &str,
) {
    let block = super::list::pane_block(title(pane, keys, spinner), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(report) = pane.shown_report() {
        render_report(frame, inner, pane, report, keys, theme);
        return;
    }
    match &pane.load {
        Load::Idle => frame.render_widget(
            Paragraph::new(Span::styled(
                format!(
                    "No user yet: press {i} on a user ({users}) or an event ({logs}), {open} on a hunt finding (:hunt), or type :investigate LOGIN",
                    i = keys.press(KeyAction::Investigate),
                    users = keys.press(KeyAction::GoUsers),
                    logs = keys.press(KeyAction::GoLogs),
                    open = keys.press(KeyAction::Open),
                ),
                theme.muted,
            ))
            .wrap(Wrap { trim: true }),
            inner,
        ),
        load => {
            reading_or_failed(frame, inner, load, "reading the user's events", reading, theme);
        }
    }
}

fn render_report(
    frame: &mut Frame,
    area: Rect,
    pane: &InvestigationPane,
    r: &UserReport,
    keys: &KeyMap,
    theme: &Theme,
) {
    let area = match history_line(&pane.history, theme) {
        Some(line) => {
            let [notice, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
            frame.render_widget(line, notice);
            rest
        }
        None => area,
    };
    let [facts, top, bottom] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(fact_lines(r, theme)), facts);
    if let Some(panel) = pane.zoom {
        let whole = Rect { height: top.height + bottom.height, ..top };
        render_panel(frame, whole, (panel, pane), r, keys, theme);
        return;
    }
    let [findings, chart] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(top);
    match &pane.evidence {
        Some(_) => render_evidence(frame, findings, pane, keys, theme),
        None => render_findings(frame, findings, pane, r, keys, theme),
    }
    render_chart(frame, chart, r, theme);
    let [map, tables] = Layout::horizontal([Constraint::Fill(2), Constraint::Fill(3)]).areas(bottom);
    render_map(frame, map, &r.sign_ins, theme);
    let [sign_ins, activity] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(tables);
    render_sign_ins(frame, sign_ins, &r.sign_ins, pane.scroll, theme);
    render_activity(frame, activity, r, theme);
}

/// One panel alone in `area` (zoomed).
fn render_panel(
    frame: &mut Frame,
    area: Rect,
    (panel, pane): (Panel, &InvestigationPane),
    r: &UserReport,
    keys: &KeyMap,
    theme: &Theme,
) {
    match panel {
        Panel::Findings if pane.evidence.is_some() => render_evidence(frame, area, pane, keys, theme),
        Panel::Findings => render_findings(frame, area, pane, r, keys, theme),
        Panel::Chart => render_chart(frame, area, r, theme),
        Panel::Map => render_map(frame, area, &r.sign_ins, theme),
        Panel::SignIns => render_sign_ins(frame, area, &r.sign_ins, pane.scroll, theme),
        Panel::Activity => render_activity(frame, area, r, theme),
    }
}

fn list(items: Option<&[String]>) -> String {
    match items {
        None => "not readable".into(),
        Some([]) => "none".into(),
        Some(items) => clean(&items.join(", ")).into_owned(),
    }
}

fn fact_lines(r: &UserReport, theme: &Theme) -> Vec<Line<'static>> {
    let u = &r.user;
    let s = &r.summary;
    let first = Line::from(vec![
        Span::styled(clean(&u.name).into_owned(), theme.title),
        Span::raw(" · "),
        Span::styled(clean(&u.status).into_owned(), theme.status(&u.status)),
        Span::raw(format!(
            " · factors {} · admin roles {} · groups {}",
            list(u.factors.as_deref()),
            list(u.admin_roles.as_deref()),
            list(u.groups.as_deref())
        )),
    ]);
    let countries =
        if s.countries.is_empty() { "no country".to_string() } else { clean(&s.countries.join(", ")).into_owned() };
    let second = Line::raw(format!(
        "{} ({} failed) · {} · {countries} · {} ({} failed) · {} · {}",
        plural::count(s.sign_ins, "sign-in"),
        s.failed_sign_ins,
        plural::count(s.ips.len(), "IP"),
        plural::count(s.mfa_challenges, "MFA challenge"),
        s.mfa_failures,
        plural::count(s.lockouts, "lockout"),
        plural::count(s.privilege_changes, "privilege change")
    ));
    vec![first, second]
}

fn render_findings(
    frame: &mut Frame,
    area: Rect,
    pane: &InvestigationPane,
    r: &UserReport,
    keys: &KeyMap,
    theme: &Theme,
) {
    let (open, act) = (keys.press(KeyAction::Open), keys.press(KeyAction::ActOnFinding));
    let block = panel(format!("Findings ({}) · {open} evidence · {act} act", r.findings.len()), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if r.findings.is_empty() {
        frame.render_widget(Span::styled("nothing in the window raised a finding", theme.muted), inner);
        return;
    }
    let explain_rows = match inner.height {
        h if h >= 10 => 4,
        h if h >= 7 => 3,
        _ => 0,
    };
    let [rows, explain] = Layout::vertical([Constraint::Fill(1), Constraint::Length(explain_rows)]).areas(inner);
    let height = usize::from(rows.height).max(1);
    let start = pane.selected.saturating_sub(height - 1);
    let lines: Vec<Line> = r
        .findings
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, f)| finding_line(f, i == pane.selected, usize::from(rows.width), theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), rows);
    if let (Some(f), true) = (pane.selected_finding(), explain_rows > 0) {
        frame.render_widget(Paragraph::new(explanation(f, theme)).wrap(Wrap { trim: true }), explain);
    }
}

fn render_evidence(frame: &mut Frame, area: Rect, pane: &InvestigationPane, keys: &KeyMap, theme: &Theme) {
    let Some(list) = &pane.evidence else { return };
    let kind = pane.report.as_ref().and_then(|r| r.findings.get(list.finding)).map_or("", |f| f.kind.name());
    let (open, back) = (keys.press(KeyAction::Open), keys.press(KeyAction::Back));
    let block = panel(format!("Evidence of {kind} ({}) · {open} opens · {back} back", list.events.len()), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height).max(1);
    let start = list.selected.saturating_sub(height - 1);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = list
        .events
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .filter_map(|(pos, &i)| {
            let e = pane.events.get(i)?;
            let selected = pos == list.selected;
            let marker = if selected { theme.symbols.selection } else { " " };
            let when = e.published_at().map_or_else(|| "?".repeat(11), |t| t.format("%m-%d %H:%M").to_string());
            let text = format!(
                "{marker} {when} {} {} {}",
                e.event_type().unwrap_or("?"),
                e.outcome_result().unwrap_or(""),
                e.client_ip().unwrap_or("")
            );
            let style = if selected {
                theme.selected_row
            } else if e.is_failure() {
                theme.warning
            } else {
                Style::default()
            };
            Some(Line::styled(fit_width(&clean(&text), width, theme.symbols.ellipsis).into_owned(), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// An ASCII bar set for the sparklines of the ASCII theme.
const ASCII_BARS: ratatui::symbols::bar::Set = ratatui::symbols::bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "=",
    five_eighths: "=",
    half: "-",
    three_eighths: "-",
    one_quarter: ".",
    one_eighth: ".",
    empty: " ",
};

fn render_chart(frame: &mut Frame, area: Rect, r: &UserReport, theme: &Theme) {
    let block = panel("Sign-ins per hour".into(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 || inner.width < 12 {
        return;
    }
    let width = usize::from(inner.width.saturating_sub(10)).max(1);
    let hours = &r.per_hour;
    let per_column = hours.len().div_ceil(width).max(1);
    let columns: Vec<(u64, u64)> = hours
        .chunks(per_column)
        .map(|c| (c.iter().map(|h| u64::from(h.succeeded)).sum(), c.iter().map(|h| u64::from(h.failed)).sum()))
        .collect();
    let band = (inner.height.saturating_sub(1) / 2).clamp(1, 4);
    let [ok, failed, axis] =
        Layout::vertical([Constraint::Length(band), Constraint::Length(band), Constraint::Length(1)]).areas(inner);
    let bars = if theme.symbols.is_ascii() { ASCII_BARS } else { ratatui::symbols::bar::NINE_LEVELS };
    let max = columns.iter().map(|(s, f)| (*s).max(*f)).max().unwrap_or(0).max(1);
    for (row, label, style, values) in [
        (ok, "success", theme.ok, columns.iter().map(|c| c.0).collect::<Vec<u64>>()),
        (failed, "failure", theme.error, columns.iter().map(|c| c.1).collect()),
    ] {
        let [name, spark] = Layout::horizontal([Constraint::Length(10), Constraint::Fill(1)]).areas(row);
        let total: u64 = values.iter().sum();
        frame.render_widget(Paragraph::new(vec![Line::styled(label, style), Line::raw(format!("{total}"))]), name);
        frame.render_widget(Sparkline::default().data(&values).max(max).bar_set(bars.clone()).style(style), spark);
    }
    if let (Some(first), Some(last)) = (hours.first(), hours.last()) {
        let text = format!("{:<10}{} … {} UTC", "", first.hour.format("%m-%d %H:00"), last.hour.format("%m-%d %H:00"));
        frame.render_widget(Line::styled(text, theme.muted), axis);
    }
}

fn render_map(frame: &mut Frame, area: Rect, sign_ins: &[SignIn], theme: &Theme) {
    let flagged = sign_ins.iter().filter(|s| s.flagged && s.location.is_some()).count();
    let block = panel(format!("Where · {} flagged (X)", flagged), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let ascii = theme.symbols.is_ascii();
    let outline = theme.muted.fg.unwrap_or(ratatui::style::Color::Reset);
    let canvas = Canvas::default()
        .marker(if ascii { Marker::Dot } else { Marker::Braille })
        .x_bounds([-180.0, 180.0])
        .y_bounds([-90.0, 90.0])
        .paint(move |ctx| {
            if !ascii {
                ctx.draw(&Map { resolution: MapResolution::Low, color: outline });
                ctx.layer();
            }
            for s in sign_ins.iter().filter(|s| !s.flagged) {
                if let Some((lat, lon)) = s.location {
                    ctx.print(lon, lat, Span::styled("o", theme.ok));
                }
            }
            for s in sign_ins.iter().filter(|s| s.flagged) {
                if let Some((lat, lon)) = s.location {
                    ctx.print(lon, lat, Span::styled("X", theme.error));
                }
            }
        });
    frame.render_widget(canvas, inner);
}

fn render_sign_ins(frame: &mut Frame, area: Rect, sign_ins: &[SignIn], scroll: usize, theme: &Theme) {
    let block = panel(format!("Sign-ins ({}) · newest first · PgUp/PgDn", sign_ins.len()), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height.saturating_sub(1));
    let skip = scroll.min(sign_ins.len().saturating_sub(height));
    let on_screen: Vec<(&SignIn, [String; 8])> =
        sign_ins.iter().rev().skip(skip).take(height).map(|s| (s, sign_in_cells(s))).collect();
    let texts = on_screen.iter().map(|(_, cells)| cells.iter().map(String::as_str));
    let widths = super::widths::table_widths(inner.width, &SIGN_IN_COLUMNS, texts);
    let shown: Vec<usize> = (0..SIGN_IN_COLUMNS.len()).filter(|i| widths[*i] > 0).collect();
    let rows =
        on_screen.iter().map(|(s, cells)| {
            let style = if s.flagged {
                theme.error
            } else if s.succeeded() {
                Style::default()
            } else {
                theme.warning
            };
            Row::new(shown.iter().map(|&i| {
                Cell::from(fit_width(&cells[i], usize::from(widths[i]), theme.symbols.ellipsis).into_owned())
            }))
            .style(style)
        });
    let header = Row::new(shown.iter().map(|&i| Cell::from(SIGN_IN_COLUMNS[i].header))).style(theme.table_header);
    let constraints: Vec<Constraint> = shown.iter().map(|&i| Constraint::Length(widths[i])).collect();
    frame.render_widget(Table::new(rows, constraints).header(header).column_spacing(1), inner);
}

/// The sign-ins table's columns, by priority (issue 19): the time and IP stay whole; the
/// user agent and network give room first.
const SIGN_IN_COLUMNS: [ColumnSpec; 8] = [
    ColumnSpec::new("TIME", 11, 11, KEEP_WHOLE),
    ColumnSpec::new("RESULT", 7, 7, 1),
    ColumnSpec::new("IP", 7, 39, KEEP_WHOLE),
    ColumnSpec::new("PLACE", 8, 40, 2).growing(),
    ColumnSpec::new("NETWORK", 8, 40, 4),
    ColumnSpec::new("PROXY", 5, 5, 3),
    ColumnSpec::new("USER AGENT", 10, 80, 5).growing(),
    ColumnSpec::new("FACTOR", 6, 30, 4),
];

/// One sign-in's cells, sanitised.
fn sign_in_cells(s: &SignIn) -> [String; 8] {
    let place = match (&s.city, &s.country) {
        (Some(c), Some(n)) => format!("{c}, {n}"),
        (c, n) => c.clone().or(n.clone()).unwrap_or_default(),
    };
    let proxy = match s.proxy {
        Some(true) => "proxy",
        Some(false) => "-",
        None => "?",
    };
    [
        s.at.map_or_else(|| "?".into(), |t| t.format("%m-%d %H:%M").to_string()),
        s.result.clone(),
        s.ip.clone().unwrap_or_default(),
        place,
        s.network.clone().unwrap_or_default(),
        proxy.to_string(),
        s.user_agent.clone().unwrap_or_default(),
        s.factor.clone().unwrap_or_default(),
    ]
    .map(|t| clean(&t).into_owned())
}

fn render_activity(frame: &mut Frame, area: Rect, r: &UserReport, theme: &Theme) {
    let block = panel(format!("MFA, lockouts, changes, admin actions ({})", r.activity.len()), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = r
        .activity
        .iter()
        .rev()
        .take(usize::from(inner.height))
        .map(|a| {
            let when = a.at.map_or_else(|| "?".repeat(11), |t| t.format("%m-%d %H:%M").to_string());
            let outcome = if a.outcome.is_empty() { String::new() } else { format!(" ({})", a.outcome) };
            let text = format!("{when} {:<12} {}{outcome}", a.kind.label(), a.text);
            let style = if a.failed { theme.warning } else { Style::default() };
            Line::styled(fit_width(&clean(&text), width, theme.symbols.ellipsis).into_owned(), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
