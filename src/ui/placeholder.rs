//! Routes that later work fills (System Log, investigation, MFA gaps): an honest line saying
//! so, until then.

use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;

/// Draws a pane that is not built yet.
pub fn render(frame: &mut Frame, area: Rect, title: &str, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Span::styled(title.to_string(), theme.title));
    let text = format!("{title} is not built yet. Meanwhile: 1 users, 2 apps, 3 groups, 4 policies, 5 the System Log.");
    frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)).wrap(Wrap { trim: true }).block(block), area);
}
