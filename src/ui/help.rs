//! The `?` page: the bindings in effect in the pane it was opened from ([`HelpPage`], from
//! the key registry), drawn as a centred popup. It lists exactly the keys that work there,
//! remapped ones included, and in read-only mode omits the actions that are off.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

use crate::app::help::{HelpPage, HelpRow};
use crate::app::keys::{Context, KeyAction, KeyMap};
use crate::ui::theme::Theme;

/// Draws the help popup of `context` centred in `area`, from line `scroll` on (clamped to
/// the end).
pub fn render_help(
    frame: &mut Frame,
    area: Rect,
    keys: &KeyMap,
    context: Context,
    read_only: bool,
    scroll: u16,
    theme: &Theme,
) {
    let (page, height) = HelpPage::sized(keys, context, read_only, (area.width, area.height));
    let width = area.width.min(crate::app::help::MAX_WIDTH);
    let popup = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let visible = usize::from(height.saturating_sub(2));
    let first = usize::from(scroll.min(page.max_scroll(height)));
    let lines: Vec<Line> =
        page.rows.iter().skip(first).take(visible).map(|row| styled(row, page.key_width, theme)).collect();
    let block = Block::bordered()
        .border_set(theme.symbols.border)
        .border_style(theme.border)
        .title(Line::styled(" Help ", theme.title))
        .title_bottom(footer(keys, first, visible, page.rows.len(), theme));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// One row as a styled line: keys in the key column, text after it.
fn styled(row: &HelpRow, key_width: usize, theme: &Theme) -> Line<'static> {
    match row {
        HelpRow::Heading(title) => Line::styled(format!(" {title}"), theme.table_header),
        HelpRow::Entry(keys, text) => {
            let pad = key_width.saturating_sub(keys.width());
            Line::from(vec![
                Span::raw("   "),
                Span::styled(keys.clone(), theme.hint_key),
                Span::raw(" ".repeat(pad + 2)),
                Span::styled(text.clone(), theme.hint_text),
            ])
        }
        HelpRow::Note(text) => Line::styled(format!(" {text}"), theme.muted),
        HelpRow::Blank => Line::default(),
    }
}

/// The bottom border: how to scroll (when there is more) and how to close.
fn footer(keys: &KeyMap, first: usize, visible: usize, total: usize, theme: &Theme) -> Line<'static> {
    let back = keys.press(KeyAction::Back);
    let text = if total > visible {
        let last = (first + visible).min(total);
        let (down, up, end) = (keys.press(KeyAction::Down), keys.press(KeyAction::Up), keys.press(KeyAction::Bottom));
        format!(" {down}/{up}/{end} scroll, {}-{last} of {total}; {back} close ", first + 1)
    } else {
        format!(" {back} close ")
    };
    Line::styled(text, theme.muted)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use super::*;
    use crate::app::help::max_scroll;

    /// Every line the popup of `context` shows at `width`×`height`, scrolled top to bottom.
    fn all_text(width: u16, height: u16, keys: &KeyMap, context: Context, read_only: bool) -> String {
        let mut text = String::new();
        for scroll in 0..=max_scroll(keys, context, read_only, (width, height)) {
            text.push_str(&screen(width, height, keys, context, read_only, scroll));
        }
        text
    }

    fn screen(width: u16, height: u16, keys: &KeyMap, context: Context, read_only: bool, scroll: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| render_help(f, f.area(), keys, context, read_only, scroll, &Theme::default())).unwrap();
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
    fn lists_every_key_in_effect_at_80x24() {
        let keys = KeyMap::defaults();
        for context in Context::ALL {
            let text = all_text(80, 24, &keys, context, false);
            for section in keys.help_sections(context, false) {
                assert!(text.contains(section.title()), "{} missing", section.title());
                for binding in keys.bindings().iter().filter(|b| b.context == section) {
                    assert!(text.contains(&binding.keys_label()), "{context:?}: {} missing", binding.keys_label());
                }
            }
        }
        assert!(max_scroll(&keys, Context::Users, false, (80, 24)) > 0, "the page scrolls at 80x24");
        assert!(screen(80, 24, &keys, Context::Users, false, 0).contains("scroll"));
    }

    #[test]
    fn read_only_omits_actions_that_change_the_org_and_says_why() {
        let keys = KeyMap::defaults();
        let text = all_text(80, 24, &keys, Context::Users, true).to_lowercase();
        assert!(!text.contains("suspend"), "{text}");
        assert!(!text.contains("clear sessions") && !text.contains("proposal"));
        assert!(text.contains("read-only") && text.contains("hidden"));
        assert!(all_text(80, 24, &keys, Context::Users, false).to_lowercase().contains("suspend"));
    }

    #[test]
    fn shows_remapped_keys() {
        let overrides = BTreeMap::from([("suspend".to_string(), "Z".to_string())]);
        let keys = KeyMap::defaults().with_overrides(&overrides).unwrap();
        let text = all_text(80, 24, &keys, Context::Users, false);
        assert!(text.lines().any(|l| l.contains(" Z ") && l.contains("Suspend")));
    }

    #[test]
    fn scroll_is_clamped_and_tiny_terminals_do_not_panic() {
        let keys = KeyMap::defaults();
        let max = max_scroll(&keys, Context::Users, false, (80, 24));
        assert_eq!(
            screen(80, 24, &keys, Context::Users, false, max),
            screen(80, 24, &keys, Context::Users, false, u16::MAX)
        );
        for (w, h) in [(10, 5), (1, 1), (200, 80)] {
            screen(w, h, &keys, Context::Hunt, true, 3);
        }
        // The users list's page is the longest: its keys (issue 17's actions too), the global
        // ones, the describe view's and the approval dialog's.
        for context in Context::ALL {
            assert_eq!(max_scroll(&keys, context, false, (120, 83)), 0, "{context:?} fits 83 rows");
        }
    }
}
