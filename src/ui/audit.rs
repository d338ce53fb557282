//! The `:audit` pane: the audit journal of this machine, oldest first, one line per record.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::actions::audit::{Phase, Record};
use crate::app::state::{AuditState, Load};
use crate::sanitize::clean;

/// Draws the journal.
pub fn render(frame: &mut Frame, area: Rect, audit: &AuditState, theme: &Theme, spinner: &str) {
    let title = format!("Audit journal · {}", crate::output::plural::count(audit.records.len(), "record"));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title));
    let mut lines = Vec::new();
    match &audit.load {
        Load::Loading | Load::Idle => lines.push(Line::styled(format!("loading {spinner}"), theme.muted)),
        Load::Failed { message, .. } => lines.push(Line::styled(format!("✗ {message}"), theme.error)),
        Load::Done if audit.records.is_empty() => {
            lines.push(Line::styled("no action has been taken from this machine yet", theme.muted))
        }
        Load::Done => {}
    }
    if !audit.records.is_empty() {
        lines.push(Line::styled(
            format!("{:<20} {:<7} {:<15} {:<32} {}", "TIME", "PHASE", "ACTION", "TARGET", "REASON / RESULT"),
            theme.table_header,
        ));
    }
    lines.extend(audit.records.iter().map(|r| line(r, theme)));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((audit.scroll, 0)), area);
}

fn line(r: &Record, theme: &Theme) -> Line<'static> {
    let time = r.time.format("%Y-%m-%d %H:%M:%S").to_string();
    let (phase, tail, style) = match r.phase {
        Phase::Intent => ("intent", format!("{} · {}", r.reason.as_deref().unwrap_or(""), r.operator), theme.warning),
        Phase::Outcome => {
            let result = r.result.as_deref().unwrap_or("");
            let status = r.http_status.map(|s| format!(" {s}")).unwrap_or_default();
            let style = if matches!(result, "verified" | "event-not-seen") { theme.ok } else { theme.error };
            ("outcome", format!("{result}{status} {}", r.user_status.as_deref().unwrap_or("")), style)
        }
    };
    Line::from(vec![
        Span::styled(format!("{time:<20} "), theme.muted),
        Span::raw(format!("{phase:<7} {:<15} {:<32} ", r.action, clean(&r.target_login))),
        Span::styled(clean(tail.trim()).into_owned(), style),
    ])
}
