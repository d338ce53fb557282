//! The screen shown when the terminal is below the minimum size, instead of a broken layout.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::keys::{KeyAction, KeyMap};
use crate::app::layout::MIN_SIZE;

/// Draws the too-small message, whatever the size (even 10×5), with the key that quits.
pub fn render(frame: &mut Frame, area: Rect, keys: &KeyMap, theme: &Theme) {
    let lines = vec![
        Line::styled("terminal too small", theme.warning),
        Line::raw(format!("{}×{} here; oktui needs {}×{}", area.width, area.height, MIN_SIZE.0, MIN_SIZE.1)),
        Line::styled(format!("enlarge it, or press {} to quit", keys.press(KeyAction::Quit)), theme.muted),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
