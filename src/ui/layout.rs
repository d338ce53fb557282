//! The screen's fixed layout: header, pane tabs and breadcrumb, body, status line, hint bar.

use ratatui::layout::{Constraint, Layout, Rect};

/// Smallest screen the console draws on; below it, the too-small screen.
pub const MIN_SIZE: (u16, u16) = (60, 20);

/// Rows the chrome takes around a list's rows: header, tabs, the pane's borders and column
/// header, status line and hint bar.
pub const LIST_CHROME_ROWS: u16 = 7;

/// The areas of one frame.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

/// Splits the screen.
pub fn split(area: Rect) -> Areas {
    let [header, tabs, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas { header, tabs, body, status, hints }
}

/// How many list rows fit on a screen of `height` rows.
pub fn list_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(LIST_CHROME_ROWS).max(1))
}
