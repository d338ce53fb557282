//! A detail pane: sections of lines (profile, factors, groups, …), scrollable; a user's
//! selected factor marked.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::detail::DetailState;
use crate::app::state::Load;

/// Draws the detail of `title`.
pub fn render(frame: &mut Frame, area: Rect, title: &str, detail: &DetailState, theme: &Theme, spinner: &str) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Span::styled(title.to_string(), theme.title));
    let mut lines: Vec<Line> = Vec::new();
    match &detail.load {
        Load::Loading | Load::Idle => lines.push(Line::styled(format!("loading {spinner}"), theme.muted)),
        Load::Failed { message, code } => {
            let code = code.as_deref().map(|c| format!("{c} ")).unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("✗ {code}{message}"), theme.error),
                Span::styled("  (r to retry)", theme.muted),
            ]));
        }
        Load::Done => {}
    }
    if let Some(d) = &detail.detail {
        for section in &d.sections {
            lines.push(Line::styled(section.title.clone(), theme.table_header));
            if section.lines.is_empty() {
                lines.push(Line::styled("  (none)", theme.muted));
            }
            // A user's factors: the one `x` removes is marked (Tab selects another).
            let factors = section.title.starts_with("Factors") && d.factor_ids.len() == section.lines.len();
            lines.extend(section.lines.iter().enumerate().map(|(i, l)| {
                if factors && i == detail.factor {
                    Line::styled(format!("{} {l}", theme.symbols.selection), theme.selected_row)
                } else {
                    Line::raw(format!("  {l}"))
                }
            }));
            lines.push(Line::raw(""));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(block).scroll((detail.scroll, 0)), area);
}
