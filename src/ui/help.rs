//! The `?` page: every binding of the key registry, grouped by where it applies, drawn as a
//! centred popup. It is generated from the [`KeyMap`], so it lists exactly the keys that
//! work, remapped ones included, and in read-only mode omits the actions that are off.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::app::keys::{Action, Binding, Context, KeyMap};
use crate::ui::theme::Theme;

/// The widest the popup gets; it shrinks to fit narrower terminals.
const MAX_WIDTH: u16 = 78;

/// What read-only mode does, said at the top of the page when it is on.
const READ_ONLY_NOTE: &str = "Read-only: keys that would change the org are hidden, because this profile or \
     --read-only forbids changes; the client also refuses every request that is not a read.";

/// One line of the page before styling.
#[derive(Debug, PartialEq, Eq)]
enum Row {
    /// A context heading.
    Heading(&'static str),
    /// Keys (empty on a wrapped continuation) and part of the help sentence.
    Entry(String, String),
    /// Part of the read-only note.
    Note(String),
    /// Space between sections.
    Blank,
}

/// Draws the help popup centred in `area`, from line `scroll` on (clamped to the end).
pub fn render_help(frame: &mut Frame, area: Rect, keys: &KeyMap, read_only: bool, scroll: u16, theme: &Theme) {
    let (popup, rows) = layout(area, keys, read_only);
    let visible = usize::from(popup.height.saturating_sub(2));
    let first = usize::from(scroll).min(rows.len().saturating_sub(visible));
    let key_width = key_column_width(keys, read_only);
    let lines: Vec<Line> = rows.iter().skip(first).take(visible).map(|row| styled(row, key_width, theme)).collect();
    let block = Block::bordered()
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Line::styled(" Help ", theme.title))
        .title_bottom(footer(keys, first, visible, rows.len(), theme));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// The largest useful `scroll` for [`render_help`] in `area`, so scrolling stops at the end.
pub fn help_max_scroll(area: Rect, keys: &KeyMap, read_only: bool) -> u16 {
    let (popup, rows) = layout(area, keys, read_only);
    let hidden = rows.len().saturating_sub(usize::from(popup.height.saturating_sub(2)));
    u16::try_from(hidden).unwrap_or(u16::MAX)
}

/// The popup's rectangle and the rows it holds, wrapped to its width.
fn layout(area: Rect, keys: &KeyMap, read_only: bool) -> (Rect, Vec<Row>) {
    let width = area.width.min(MAX_WIDTH);
    let rows = rows(keys, read_only, usize::from(width.saturating_sub(2)));
    let wanted = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX);
    let height = area.height.min(wanted);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    (popup, rows)
}

/// Every visible binding, by context, with help sentences wrapped to `width` columns.
fn rows(keys: &KeyMap, read_only: bool, width: usize) -> Vec<Row> {
    let key_width = key_column_width(keys, read_only);
    let text_width = width.saturating_sub(key_width + 5).max(12);
    let mut rows = Vec::new();
    if read_only {
        rows.extend(wrap(READ_ONLY_NOTE, width.saturating_sub(1).max(12)).into_iter().map(Row::Note));
        rows.push(Row::Blank);
    }
    for context in Context::ALL {
        let bindings: Vec<&Binding> =
            keys.bindings().iter().filter(|b| b.context == context && b.visible(read_only)).collect();
        if bindings.is_empty() {
            continue;
        }
        if !matches!(rows.last(), None | Some(Row::Blank)) {
            rows.push(Row::Blank);
        }
        rows.push(Row::Heading(context.title()));
        for binding in bindings {
            let mut label = binding.keys_label();
            for part in wrap(binding.help, text_width) {
                rows.push(Row::Entry(std::mem::take(&mut label), part));
            }
        }
    }
    rows
}

/// The width of the widest key label shown.
fn key_column_width(keys: &KeyMap, read_only: bool) -> usize {
    keys.bindings().iter().filter(|b| b.visible(read_only)).map(|b| b.keys_label().width()).max().unwrap_or(0)
}

/// One row as a styled line: keys in the key column, text after it.
fn styled(row: &Row, key_width: usize, theme: &Theme) -> Line<'static> {
    match row {
        Row::Heading(title) => Line::styled(format!(" {title}"), theme.table_header),
        Row::Entry(keys, text) => {
            let pad = key_width.saturating_sub(keys.width());
            Line::from(vec![
                Span::raw("   "),
                Span::styled(keys.clone(), theme.hint_key),
                Span::raw(" ".repeat(pad + 2)),
                Span::styled(text.clone(), theme.hint_text),
            ])
        }
        Row::Note(text) => Line::styled(format!(" {text}"), theme.muted),
        Row::Blank => Line::default(),
    }
}

/// The bottom border: how to scroll (when there is more) and how to close.
fn footer(keys: &KeyMap, first: usize, visible: usize, total: usize, theme: &Theme) -> Line<'static> {
    let back = first_key(keys, Action::Back);
    let text = if total > visible {
        let last = (first + visible).min(total);
        let (down, up) = (first_key(keys, Action::Down), first_key(keys, Action::Up));
        format!(" {down}/{up} scroll, {}-{last} of {total}; {back} close ", first + 1)
    } else {
        format!(" {back} close ")
    };
    Line::styled(text, theme.muted)
}

/// The first key of an action's global binding, as written on screen.
fn first_key(keys: &KeyMap, action: Action) -> String {
    keys.bindings()
        .iter()
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first())
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// Greedy word wrap to `width` columns; a word wider than a line is split.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() { word.width() } else { line.width() + 1 + word.width() };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        for c in word.chars() {
            if line.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use super::*;

    /// Every line the popup shows at `width`×`height`, scrolled from top to bottom.
    fn all_text(width: u16, height: u16, keys: &KeyMap, read_only: bool) -> String {
        let area = Rect::new(0, 0, width, height);
        let mut text = String::new();
        for scroll in 0..=help_max_scroll(area, keys, read_only) {
            text.push_str(&screen(width, height, keys, read_only, scroll));
        }
        text
    }

    fn screen(width: u16, height: u16, keys: &KeyMap, read_only: bool, scroll: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| render_help(f, f.area(), keys, read_only, scroll, &Theme::default())).unwrap();
        let buffer = terminal.backend().buffer();
        let mut text = String::new();
        for y in 0..height {
            for x in 0..width {
                text.push_str(buffer[(x, y)].symbol());
            }
            text.push('\n');
        }
        text
    }

    #[test]
    fn lists_every_key_at_80x24() {
        let keys = KeyMap::defaults();
        let text = all_text(80, 24, &keys, false);
        for binding in keys.bindings() {
            assert!(text.contains(&binding.keys_label()), "{} missing", binding.keys_label());
            for key in &binding.keys {
                assert!(text.contains(&key.to_string()), "{key} missing");
            }
        }
        for context in Context::ALL {
            assert!(text.contains(context.title()), "{} missing", context.title());
        }
        assert!(help_max_scroll(Rect::new(0, 0, 80, 24), &keys, false) > 0, "the page scrolls at 80x24");
        assert!(screen(80, 24, &keys, false, 0).contains("scroll"));
    }

    #[test]
    fn read_only_omits_actions_that_change_the_org_and_says_why() {
        let keys = KeyMap::defaults();
        let text = all_text(80, 24, &keys, true).to_lowercase();
        assert!(!text.contains("suspend"), "{text}");
        assert!(!text.contains("clear sessions") && !text.contains("proposal"));
        assert!(text.contains("read-only") && text.contains("hidden"));
        assert!(all_text(80, 24, &keys, false).to_lowercase().contains("suspend"));
    }

    #[test]
    fn shows_remapped_keys() {
        let overrides = BTreeMap::from([("suspend".to_string(), "S".to_string())]);
        let keys = KeyMap::defaults().with_overrides(&overrides).unwrap();
        let text = all_text(80, 24, &keys, false);
        assert!(text.lines().any(|l| l.contains(" S ") && l.contains("Suspend")));
    }

    #[test]
    fn scroll_is_clamped_and_tiny_terminals_do_not_panic() {
        let keys = KeyMap::defaults();
        let max = help_max_scroll(Rect::new(0, 0, 80, 24), &keys, false);
        assert_eq!(screen(80, 24, &keys, false, max), screen(80, 24, &keys, false, u16::MAX));
        for (w, h) in [(10, 5), (1, 1), (200, 80)] {
            screen(w, h, &keys, true, 3);
        }
        // Issue 19 added the describe view's, the audit pane's and the IP view's keys: the
        // whole page fits 120 rows, not 80.
        assert_eq!(help_max_scroll(Rect::new(0, 0, 120, 120), &keys, false), 0);
    }

    #[test]
    fn no_line_is_wider_than_the_popup() {
        let keys = KeyMap::defaults();
        for width in [76, 58, 40] {
            for read_only in [false, true] {
                let key_width = key_column_width(&keys, read_only);
                for row in rows(&keys, read_only, width) {
                    let line = styled(&row, key_width, &Theme::default());
                    assert!(line.width() <= width, "{width}: {line:?}");
                }
            }
        }
    }

    #[test]
    fn wraps_on_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
