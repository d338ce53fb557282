//! The screen shown when the terminal is below the minimum size, instead of a broken layout.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::layout::MIN_SIZE;

/// Draws the too-small message, whatever the size (even 10×5).
pub fn render(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = vec![
        Line::styled("terminal too small", theme.warning),
        Line::raw(format!("{}×{} here; oktui needs {}×{}", area.width, area.height, MIN_SIZE.0, MIN_SIZE.1)),
        Line::styled("enlarge it, or press q to quit", theme.muted),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
