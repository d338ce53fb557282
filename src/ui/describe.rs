//! The describe view: the selected row whole, drawn over the pane as `app::describe` wrapped
//! it (names in the header style), from its scroll on.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::list::pane_block;
use super::theme::Theme;
use crate::app::describe::DescribeView;
use crate::app::keys::{Context, KeyAction, KeyMap};

/// Draws `view` over `area` (the body); the title says how to leave and where the view is.
pub fn render(frame: &mut Frame, area: Rect, view: &DescribeView, keys: &KeyMap, theme: &Theme) {
    let (width, height) = (usize::from(area.width.saturating_sub(2)), usize::from(area.height.saturating_sub(2)));
    let lines = view.lines(width);
    let back = keys.key_label(KeyAction::Back, Context::Describe).unwrap_or_default();
    let shown_to = (view.scroll + height).min(lines.len());
    let title = format!(
        "{} · lines {}-{} of {} · {back} back",
        view.title,
        (view.scroll + 1).min(shown_to),
        shown_to,
        lines.len()
    );
    let block = pane_block(title, theme);
    let text: Vec<Line> = lines
        .into_iter()
        .skip(view.scroll)
        .take(height)
        .map(|l| Line::from(vec![Span::styled(l.name, theme.table_header), Span::raw(l.text)]))
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(text).block(block), area);
}
