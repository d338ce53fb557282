//! The hint bar: one line of `<key> label` pairs for the current context, generated from
//! the key registry so it always shows the keys that work. Pairs that do not fit the width
//! are dropped from the end, never cut in half.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::app::keys::{Context, KeyMap};
use crate::ui::theme::Theme;

/// Columns between two pairs.
const GAP: &str = "  ";

/// Draws the hint bar for `context` on the first line of `area`.
pub fn render_hints(frame: &mut Frame, area: Rect, keys: &KeyMap, context: Context, read_only: bool, theme: &Theme) {
    let line = Rect { height: area.height.min(1), ..area };
    frame.render_widget(Paragraph::new(hint_line(keys, context, read_only, usize::from(area.width), theme)), line);
}

/// The pairs that fit in `width` columns, most useful first.
fn hint_line(keys: &KeyMap, context: Context, read_only: bool, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, label) in keys.hints(context, read_only) {
        let key = format!("<{key}>");
        let gap = if spans.is_empty() { "" } else { GAP };
        let needed = gap.width() + key.width() + 1 + label.width();
        if used + needed > width {
            break;
        }
        used += needed;
        if !gap.is_empty() {
            spans.push(Span::raw(gap));
        }
        spans.push(Span::styled(key, theme.hint_key));
        spans.push(Span::styled(format!(" {label}"), theme.hint_text));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use super::*;

    fn bar(width: u16, context: Context, read_only: bool) -> String {
        let mut terminal = Terminal::new(TestBackend::new(120, 2)).unwrap();
        let keys = KeyMap::defaults();
        terminal
            .draw(|f| render_hints(f, Rect::new(0, 0, width, 2), &keys, context, read_only, &Theme::default()))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let row = |y| (0..120).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>();
        assert_eq!(row(1).trim(), "", "the bar uses one line");
        row(0)
    }

    #[test]
    fn fits_40_columns_without_cutting_a_pair() {
        let text = bar(40, Context::Users, false);
        assert_eq!(text[40..].trim(), "", "overflow: {text:?}");
        assert!(text.starts_with("<?> help  <Enter> open"), "{text:?}");
        let shown = text.trim_end();
        let pairs = KeyMap::defaults().hints(Context::Users, false);
        let complete = pairs.iter().any(|(k, l)| shown.ends_with(&format!("<{k}> {l}")));
        assert!(complete, "last pair cut: {shown:?}");
    }

    #[test]
    fn follows_the_context_and_read_only_mode() {
        assert!(bar(120, Context::Logs, false).contains("<f> follow"));
        assert!(bar(120, Context::Users, false).contains("<s> suspend"));
        assert!(!bar(120, Context::Users, true).contains("suspend"));
    }

    #[test]
    fn a_width_too_small_for_any_pair_draws_nothing() {
        assert_eq!(bar(5, Context::Users, false).trim(), "");
    }
}
