//! The `:audit` pane: the audit journal of this machine, oldest first, one row per record,
//! the selected one marked. Columns give way by priority: the time, the target's login and
//! the result stay; an intent's row says so before its reason; a containment plan's step
//! says which (`2/4 clear-sessions`), its records' ids grouping them under the plan's.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::theme::Theme;
use super::widths::{table_widths, ColumnSpec, KEEP_WHOLE};
use crate::app::audit::{action_text, result_text, session_text, AuditState, Entry, Phase};
use crate::app::state::Load;
use crate::sanitize::{clean, fit_width};

/// TIME, ACTION, TARGET, RESULT: the target's login stays whole before the result or the
/// intent's reason takes more than its minimum; a plan step's action (`2/4 clear-sessions`)
/// keeps at least its step when room is short.
const COLUMNS: [ColumnSpec; 4] = [
    ColumnSpec::new("TIME", 19, 19, KEEP_WHOLE),
    ColumnSpec::new("ACTION", 7, 22, 3),
    ColumnSpec::new("TARGET", 12, 40, 1),
    ColumnSpec::new("RESULT / INTENT", 22, 200, 2).growing(),
];

/// Draws the journal.
pub fn render(frame: &mut Frame, area: Rect, audit: &AuditState, theme: &Theme, spinner: &str) {
    let title = format!("Audit journal · {}", crate::output::plural::count(audit.records.len(), "record"));
    let block = super::list::pane_block(title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let message = match &audit.load {
        Load::Loading | Load::Idle => Some(Span::styled(format!("loading {spinner}"), theme.muted)),
        Load::Failed { message, .. } => Some(Span::styled(format!("✗ {}", clean(message)), theme.error)),
        Load::Done if audit.records.is_empty() => {
            Some(Span::styled("no action has been taken from this machine yet", theme.muted))
        }
        Load::Done => None,
    };
    if let Some(message) = message {
        frame.render_widget(Paragraph::new(message), inner);
        return;
    }
    let height = usize::from(inner.height.saturating_sub(1));
    let start = crate::app::viewport::scrolled(audit.selected, audit.offset, height).min(audit.records.len());
    let end = (start + height).min(audit.records.len());
    let on_screen: Vec<(usize, &Entry, [String; 4])> =
        audit.records[start..end].iter().enumerate().map(|(i, r)| (start + i, r, cells(r))).collect();
    // One column for the selection marker, one cell between it and the table.
    let room = inner.width.saturating_sub(2);
    let widths = table_widths(room, &COLUMNS, on_screen.iter().map(|(_, _, c)| c.iter().map(String::as_str)));
    let shown: Vec<usize> = (0..COLUMNS.len()).filter(|&i| widths[i] > 0).collect();
    let rows = on_screen.iter().map(|(position, record, cells)| {
        let outcome_style = match record {
            Entry::Session(_) => theme.muted,
            Entry::Action(r) if r.phase == Phase::Intent => theme.warning,
            Entry::Action(r) if matches!(r.result.as_deref(), Some("verified" | "event-not-seen")) => theme.ok,
            Entry::Action(_) => theme.error,
        };
        let row_cells = shown.iter().map(|&i| {
            let style = match i {
                0 => theme.muted,
                3 => outcome_style,
                _ => Style::default(),
            };
            Cell::from(Span::styled(fit_width(&cells[i], usize::from(widths[i]), theme.symbols.ellipsis), style))
        });
        let selected = *position == audit.selected;
        let marker = if selected { theme.symbols.selection } else { " " };
        let style = if selected { theme.selected_row } else { Style::default() };
        Row::new(std::iter::once(Cell::from(marker)).chain(row_cells)).style(style)
    });
    let constraints: Vec<Constraint> =
        std::iter::once(Constraint::Length(1)).chain(shown.iter().map(|&i| Constraint::Length(widths[i]))).collect();
    let header = Row::new(std::iter::once(Cell::from(" ")).chain(shown.iter().map(|&i| Cell::from(COLUMNS[i].header))))
        .style(theme.table_header);
    frame.render_widget(Table::new(rows, constraints).header(header).column_spacing(1), inner);
}

/// A journal line's cells, sanitised.
fn cells(entry: &Entry) -> [String; 4] {
    let r = match entry {
        Entry::Action(r) => r,
        Entry::Session(s) => {
            return [
                s.time.format("%Y-%m-%d %H:%M:%S").to_string(),
                clean(&s.event).into_owned(),
                String::new(),
                clean(&session_text(s)).into_owned(),
            ]
        }
    };
    let result = match r.phase {
        Phase::Intent => format!("intent: {} · {}", result_text(r), r.operator),
        Phase::Outcome => result_text(r),
    };
    [
        r.time.format("%Y-%m-%d %H:%M:%S").to_string(),
        clean(&action_text(r)).into_owned(),
        clean(&r.target_login).into_owned(),
        clean(result.trim()).into_owned(),
    ]
}
