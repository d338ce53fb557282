//! The screen's fixed layout: header, pane tabs and breadcrumb, body, status line, hint bar;
//! and how many rows each pane's list shows, which `update` keeps the selection within and
//! `ui/` draws.

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

/// Rows the MFA pane's totals take above its list: more on tall screens, for the groups.
pub fn mfa_totals_rows(height: u16) -> u16 {
    match height {
        0..=29 => 7,
        30..=35 => 9,
        _ => 12,
    }
}

/// How many MFA gap rows fit on a screen of `height` rows (the totals and a gauge line above).
pub fn mfa_list_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(LIST_CHROME_ROWS + mfa_totals_rows(height) + 1).max(1))
}

/// Rows the explanation of the hunt's selected finding takes under its list.
pub const HUNT_EXPLANATION_ROWS: u16 = 4;

/// How many findings of a hunt fit on a screen of `height` rows.
pub fn hunt_list_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(LIST_CHROME_ROWS + HUNT_EXPLANATION_ROWS + 1).max(1))
}
