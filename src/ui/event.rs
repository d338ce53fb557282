//! One System Log event in full: the pivots (selectable), then the summary and the whole
//! event as JSON, scrollable.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::event::EventView;
use crate::app::state::Load;

/// Draws the event view titled `title`.
pub fn render(frame: &mut Frame, area: Rect, title: &str, view: &EventView, theme: &Theme, spinner: &str) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Span::styled(title.to_string(), theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let pivot_rows = u16::try_from(view.pivots.len() + 2).unwrap_or(u16::MAX).min(inner.height / 2);
    let [pivots_area, body] = Layout::vertical([Constraint::Length(pivot_rows), Constraint::Min(1)]).areas(inner);
    let mut pivots = vec![Line::styled("Go to (Enter)", theme.table_header)];
    if view.pivots.is_empty() {
        pivots.push(Line::styled("  nothing to pivot to", theme.muted));
    }
    for (i, p) in view.pivots.iter().enumerate() {
        let selected = i == view.selected;
        let marker = if selected { theme.symbols.selection } else { " " };
        let style = if selected { theme.selected_row } else { ratatui::style::Style::default() };
        pivots.push(Line::styled(format!("{marker} {}", p.label()), style));
    }
    frame.render_widget(Paragraph::new(pivots), pivots_area);
    let mut lines: Vec<Line> = Vec::new();
    match &view.load {
        Load::Loading | Load::Idle => {
            lines.push(Line::styled(format!("reading the event from Okta {spinner}"), theme.muted))
        }
        Load::Failed { message, .. } => {
            lines.push(Line::from(vec![
                Span::styled(format!("✗ {message}"), theme.error),
                Span::styled("  (r to retry)", theme.muted),
            ]));
        }
        Load::Done => {}
    }
    for section in &view.sections {
        lines.push(Line::styled(section.title.clone(), theme.table_header));
        if section.lines.is_empty() {
            lines.push(Line::styled("  (none)", theme.muted));
        }
        lines.extend(section.lines.iter().map(|l| Line::raw(format!("  {l}"))));
        lines.push(Line::raw(""));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((view.scroll, 0)), body);
}
