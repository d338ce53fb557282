//! A list pane, virtualised: only the rows on screen are built, so a frame costs the same
//! with 100 rows or 100,000.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::lists::{ListKind, Width};
use crate::app::state::{ListState, Load};
use crate::sanitize::fit_width;

pub use crate::output::count;

/// The width each table column gets in `area` (after the one-cell selection marker that
/// `widths` starts with), to end a cut cell with an ellipsis.
pub fn cell_widths(widths: &[Constraint], area: Rect) -> Vec<usize> {
    Layout::horizontal(widths.to_vec()).spacing(1).split(area).iter().skip(1).map(|r| usize::from(r.width)).collect()
}

/// The pane title: what is loaded, what matches, whether more is coming.
pub fn title(list: &ListState, spinner: &str) -> String {
    let total = count(list.rows.len());
    let base = match &list.load {
        Load::Loading => format!("{} · {total} loaded, more coming {spinner}", list.kind.title()),
        Load::Failed { .. } => format!("{} · {total} loaded before the error", list.kind.title()),
        Load::Idle | Load::Done => format!("{} · {total}", list.kind.title()),
    };
    if list.filter.is_empty() {
        base
    } else {
        format!("{base} · {} match /{}", count(list.visible.len()), list.filter)
    }
}

fn status_style(theme: &Theme, kind: ListKind, column: &str, text: &str) -> Style {
    if kind != ListKind::Users || column != "STATUS" {
        return Style::default();
    }
    match text {
        "ACTIVE" => theme.status_active,
        "SUSPENDED" | "DEPROVISIONED" => theme.status_suspended,
        "LOCKED_OUT" | "PASSWORD_EXPIRED" => theme.status_locked,
        _ => theme.status_other,
    }
}

/// The bordered frame of a pane, titled; the pane draws inside `block.inner(area)`.
pub fn pane_block(title: String, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title))
}

/// Draws `list` in `area`; `spinner` is the current spinner frame.
pub fn render(frame: &mut Frame, area: Rect, list: &ListState, theme: &Theme, spinner: &str) {
    let block = pane_block(title(list, spinner), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut body = inner;
    if let Load::Failed { message, code } = &list.load {
        let code = code.as_deref().map(|c| format!("{c} ")).unwrap_or_default();
        let line = Line::from(vec![
            Span::styled(format!("✗ {code}{message}"), theme.error),
            Span::styled("  (r to retry)", theme.muted),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        body = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
    }
    if list.rows.is_empty() {
        let text = match list.load {
            Load::Loading | Load::Idle => format!("loading {}", spinner),
            Load::Done => "nothing here".to_string(),
            Load::Failed { .. } => String::new(),
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), body);
        return;
    }
    let columns = list.kind.columns();
    let widths: Vec<Constraint> = std::iter::once(Constraint::Length(1))
        .chain(columns.iter().map(|c| match c.width {
            Width::Fixed(n) => Constraint::Length(n),
            Width::Share(n) => Constraint::Fill(n),
        }))
        .collect();
    // The widths the table will give each column, to end a cut cell with an ellipsis.
    let cells_width: Vec<usize> = cell_widths(&widths, body);
    let height = usize::from(body.height.saturating_sub(1));
    let start = list.offset.min(list.visible.len());
    let end = (start + height).min(list.visible.len());
    let rows = list.visible[start..end].iter().enumerate().filter_map(|(i, idx)| {
        let row = list.rows.get(*idx)?;
        let selected = start + i == list.selected;
        let cells = row.cells.iter().zip(columns).zip(&cells_width).map(|((text, col), width)| {
            let style = status_style(theme, list.kind, col.header, text);
            Cell::from(Span::styled(fit_width(text, *width, theme.symbols.ellipsis), style))
        });
        let marker = if selected { theme.symbols.selection } else { " " };
        let style = if selected { theme.selected_row } else { Style::default() };
        Some(Row::new(std::iter::once(Cell::from(marker)).chain(cells)).style(style))
    });
    let header = Row::new(std::iter::once(Cell::from(" ")).chain(columns.iter().map(|c| Cell::from(c.header))))
        .style(theme.table_header);
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_cells_end_in_the_ellipsis() {
        assert_eq!(fit_width("short", 10, "…"), "short");
        assert_eq!(fit_width("dmitri.volkov0@acme.example", 10, "…"), "dmitri.vo…");
        assert_eq!(fit_width("dmitri.volkov0@acme.example", 10, "..."), "dmitri....");
        assert_eq!(fit_width("日本語テキスト", 6, "…"), "日本…");
    }

    #[test]
    fn counts_have_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1234), "1,234");
        assert_eq!(count(100000), "100,000");
    }
}
