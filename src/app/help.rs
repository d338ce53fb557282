//! The `?` page as a view type: the bindings in effect in the pane it was opened from, from
//! the key registry, wrapped to the popup's width. `ui::help` draws it; the update scrolls
//! it, never past its end, with the same numbers.

use unicode_width::UnicodeWidthStr;

use super::keys::{Binding, Context, KeyMap};

/// The widest the popup gets; it shrinks to fit narrower terminals.
pub const MAX_WIDTH: u16 = 78;

/// The widest the key column gets: a longer label (the dialog's `Left/Right/h/l`) pushes
/// its own sentence right rather than every other.
const KEY_COLUMN_MAX: usize = 12;

/// What read-only mode does, said at the top of the page when it is on.
const READ_ONLY_NOTE: &str = "Read-only: keys that would change the org are hidden, because this profile or \
     --read-only forbids changes; the client also refuses every request that is not a read.";

/// One line of the page before styling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    /// A context heading.
    Heading(&'static str),
    /// Keys (empty on a wrapped continuation) and part of the help sentence.
    Entry(String, String),
    /// Part of the read-only note.
    Note(String),
    /// Space between sections.
    Blank,
}

/// The page for one pane: its rows and the width of its key column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpPage {
    /// Every line, wrapped.
    pub rows: Vec<HelpRow>,
    /// The columns the keys take before the sentences.
    pub key_width: usize,
}

impl HelpPage {
    /// The page opened in `context`, its sentences wrapped to `width` columns: the sections
    /// of [`KeyMap::help_sections`], each binding the mode shows.
    pub fn new(keys: &KeyMap, context: Context, read_only: bool, width: usize) -> HelpPage {
        let sections = keys.help_sections(context, read_only);
        let in_section = |section: Context| -> Vec<&Binding> {
            keys.bindings().iter().filter(|b| b.context == section && b.visible(read_only)).collect()
        };
        let key_width = sections
            .iter()
            .flat_map(|s| in_section(*s))
            .map(|b| b.keys_label().width())
            .max()
            .unwrap_or(0)
            .min(KEY_COLUMN_MAX);
        let text_width = width.saturating_sub(key_width + 5).max(12);
        let mut rows = Vec::new();
        if read_only {
            rows.extend(wrap(READ_ONLY_NOTE, width.saturating_sub(1).max(12)).into_iter().map(HelpRow::Note));
            rows.push(HelpRow::Blank);
        }
        for section in sections {
            let bindings = in_section(section);
            if bindings.is_empty() {
                continue;
            }
            if !matches!(rows.last(), None | Some(HelpRow::Blank)) {
                rows.push(HelpRow::Blank);
            }
            rows.push(HelpRow::Heading(section.title()));
            for binding in bindings {
                let mut label = binding.keys_label();
                let text_width = text_width.saturating_sub(label.width().saturating_sub(key_width)).max(12);
                for part in wrap(&binding.help, text_width) {
                    rows.push(HelpRow::Entry(std::mem::take(&mut label), part));
                }
            }
        }
        HelpPage { rows, key_width }
    }

    /// The page as it shows in a terminal of `size`, with the popup's height there.
    pub fn sized(keys: &KeyMap, context: Context, read_only: bool, size: (u16, u16)) -> (HelpPage, u16) {
        let width = size.0.min(MAX_WIDTH);
        let page = HelpPage::new(keys, context, read_only, usize::from(width.saturating_sub(2)));
        let wanted = u16::try_from(page.rows.len() + 2).unwrap_or(u16::MAX);
        (page, size.1.min(wanted))
    }

    /// The largest useful scroll in a popup `height` rows high (borders included).
    pub fn max_scroll(&self, height: u16) -> u16 {
        let hidden = self.rows.len().saturating_sub(usize::from(height.saturating_sub(2)));
        u16::try_from(hidden).unwrap_or(u16::MAX)
    }
}

/// The largest useful scroll of the page opened in `context` in a terminal of `size`.
pub fn max_scroll(keys: &KeyMap, context: Context, read_only: bool, size: (u16, u16)) -> u16 {
    let (page, height) = HelpPage::sized(keys, context, read_only, size);
    page.max_scroll(height)
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
    use super::*;

    #[test]
    fn wraps_on_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn each_pane_shows_its_keys_then_the_global_ones_then_its_overlays() {
        let keys = KeyMap::defaults();
        let headings = |context, read_only| -> Vec<&'static str> {
            let page = HelpPage::new(&keys, context, read_only, 76);
            page.rows.iter().filter_map(|r| if let HelpRow::Heading(h) = r { Some(*h) } else { None }).collect()
        };
        assert_eq!(headings(Context::Users, false), ["Users list", "Everywhere", "Describe view", "Approval dialog"]);
        assert_eq!(headings(Context::Users, true), ["Users list", "Everywhere", "Describe view"]);
        assert_eq!(headings(Context::Detail, false), ["An app's, group's or policy's detail", "Everywhere"]);
        assert_eq!(headings(Context::Hunt, false), ["Hunt", "Everywhere", "Describe view", "Approval dialog"]);
    }

    #[test]
    fn no_line_is_wider_than_the_popup() {
        let keys = KeyMap::defaults();
        for width in [76, 58, 40] {
            for context in Context::ALL {
                for read_only in [false, true] {
                    let page = HelpPage::new(&keys, context, read_only, width);
                    for row in &page.rows {
                        let used = match row {
                            HelpRow::Heading(h) => 1 + h.width(),
                            HelpRow::Entry(k, t) => 3 + k.width().max(page.key_width) + 2 + t.width(),
                            HelpRow::Note(t) => 1 + t.width(),
                            HelpRow::Blank => 0,
                        };
                        assert!(used <= width, "{width} {context:?}: {row:?}");
                    }
                }
            }
        }
    }
}
