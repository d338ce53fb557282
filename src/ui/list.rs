//! A list pane, virtualised: only the rows on screen are built, so a frame costs the same
//! with 100 rows or 100,000.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::theme::Theme;
use super::widths;
use crate::app::lists::ListKind;
use crate::app::state::{ListState, Load};
use crate::sanitize::fit_width;

pub use crate::output::count;

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
    let height = usize::from(body.height.saturating_sub(1));
    let start = list.offset.min(list.visible.len());
    let end = (start + height).min(list.visible.len());
    let on_screen: Vec<(usize, &crate::app::state::Row)> = list.visible[start..end]
        .iter()
        .enumerate()
        .filter_map(|(i, idx)| Some((start + i, list.rows.get(*idx)?)))
        .collect();
    // Widths by priority for the rows on screen, after the selection marker and its gap.
    let specs: Vec<_> = columns.iter().map(|c| c.spec).collect();
    let room = body.width.saturating_sub(2);
    let cell_widths =
        widths::table_widths(room, &specs, on_screen.iter().map(|(_, r)| r.cells.iter().map(String::as_str)));
    let shown: Vec<usize> = (0..columns.len()).filter(|i| cell_widths[*i] > 0).collect();
    let rows = on_screen.iter().map(|(position, row)| {
        let cells = shown.iter().filter_map(|&i| {
            let (text, col) = (row.cells.get(i)?, columns.get(i)?);
            let style = status_style(theme, list.kind, col.spec.header, text);
            Some(Cell::from(Span::styled(fit_width(text, usize::from(cell_widths[i]), theme.symbols.ellipsis), style)))
        });
        let selected = *position == list.selected;
        let marker = if selected { theme.symbols.selection } else { " " };
        let style = if selected { theme.selected_row } else { Style::default() };
        Row::new(std::iter::once(Cell::from(marker)).chain(cells)).style(style)
    });
    let header = Row::new(
        std::iter::once(Cell::from(" "))
            .chain(shown.iter().filter_map(|&i| Some(Cell::from(columns.get(i)?.spec.header)))),
    )
    .style(theme.table_header);
    let widths: Vec<Constraint> = std::iter::once(Constraint::Length(1))
        .chain(shown.iter().map(|&i| Constraint::Length(cell_widths[i])))
        .collect();
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
