//! A list pane, virtualised: only the rows on screen are built, so a frame costs the same
//! with 100 rows or 100,000.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::theme::Theme;
use super::widths;
use crate::app::lists::ListKind;
use crate::app::lists::ListState;
use crate::app::state::Load;
use crate::sanitize::fit_width;
use unicode_width::UnicodeWidthStr;

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

/// The header of column `column` as drawn in `width` cells: its sort letter underlined, and
/// after it the direction when the list is sorted by it (the header cut first, never the
/// mark).
fn header_cell(
    list: &ListState,
    column: usize,
    header: &'static str,
    letter: Option<char>,
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    let order = list.sort_order().filter(|o| o.column == column);
    let mark = order.map_or("", |o| theme.symbols.sorted[usize::from(o.descending)]);
    let room = usize::from(width).saturating_sub(mark.width());
    // A header is cut as before, without an ellipsis (`PRIO`).
    let text = fit_width(header, room, "");
    let at = letter.and_then(|l| text.char_indices().find(|(_, c)| c.eq_ignore_ascii_case(&l)));
    let mut spans = match at {
        Some((i, c)) => vec![
            Span::raw(text[..i].to_string()),
            Span::styled(c.to_string(), Style::default().add_modifier(Modifier::UNDERLINED)),
            Span::raw(text[i + c.len_utf8()..].to_string()),
        ],
        None => vec![Span::raw(text)],
    };
    spans.push(Span::raw(mark));
    Line::from(spans)
}

/// The cells of the columns `in_mode`.
fn picked<'a>(in_mode: &[usize], cells: &'a [String]) -> Vec<&'a str> {
    in_mode.iter().map(|&i| cells.get(i).map_or("", String::as_str)).collect()
}

/// Draws `list` in `area`; `letters` are its columns' sort letters; `spinner` is the
/// current spinner frame.
pub fn render(frame: &mut Frame, area: Rect, list: &ListState, letters: &[Option<char>], theme: &Theme, spinner: &str) {
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
    let on_screen: Vec<(usize, &crate::app::lists::ListRow)> = list.visible[start..end]
        .iter()
        .enumerate()
        .filter_map(|(i, idx)| Some((start + i, list.rows.get(*idx)?)))
        .collect();
    // Widths by priority for the rows on screen (and the headers as drawn, the sorted one
    // with its mark), after the selection marker and its gap; wide columns only in wide mode.
    let room = body.width.saturating_sub(2);
    let sorted = list.sort_order().map(|o| o.column);
    let headers: Vec<String> =
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if sorted == Some(i) {
                    format!("{}{}", c.spec.header, theme.symbols.sorted[0])
                } else {
                    String::new()
                }
            })
            .collect();
    let in_mode: Vec<usize> = (0..columns.len()).filter(|&i| list.wide || !columns[i].wide).collect();
    let specs: Vec<_> = in_mode.iter().map(|&i| columns[i].spec).collect();
    let picked_widths = widths::table_widths(
        room,
        &specs,
        on_screen.iter().map(|(_, r)| picked(&in_mode, &r.cells)).chain([picked(&in_mode, &headers)]),
    );
    let mut cell_widths = vec![0; columns.len()];
    for (&i, w) in in_mode.iter().zip(picked_widths) {
        cell_widths[i] = w;
    }
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
    let header = Row::new(std::iter::once(Cell::from(" ")).chain(shown.iter().filter_map(|&i| {
        let letter = letters.get(i).copied().flatten();
        Some(Cell::from(header_cell(list, i, columns.get(i)?.spec.header, letter, cell_widths[i], theme)))
    })))
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
