//! The describe view's state: a row's every field, wrapped to the width.

use ratatui::layout::Rect;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::sanitize::clean;

/// Columns a continuation line of a value is indented by.
const INDENT: usize = 2;

/// One field of the described row, sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
}

/// One drawn line: the field's name on its first line (empty on the lines that continue a
/// value), then the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeLine {
    pub name: String,
    pub text: String,
}

/// The open describe view: what row, its fields, and the first line shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeView {
    pub title: String,
    pub fields: Vec<Field>,
    pub scroll: usize,
}

impl DescribeView {
    /// A view of `fields` (name, value), all sanitised; an empty value shows as `-`.
    pub fn new<N: AsRef<str>, V: AsRef<str>>(title: &str, fields: impl IntoIterator<Item = (N, V)>) -> Self {
        let fields = fields
            .into_iter()
            .map(|(name, value)| {
                let value = clean(value.as_ref()).trim().to_string();
                Field {
                    name: clean(name.as_ref()).into_owned(),
                    value: if value.is_empty() { "-".into() } else { value },
                }
            })
            .collect();
        DescribeView { title: clean(title).into_owned(), fields, scroll: 0 }
    }

    /// The lines at `width` columns: `name: value`, the value wrapped (at spaces when it
    /// can, else anywhere), its further lines indented; a long name puts its value below.
    pub fn lines(&self, width: usize) -> Vec<DescribeLine> {
        let width = width.max(INDENT + 1);
        let mut out = Vec::new();
        for field in &self.fields {
            let name = format!("{}: ", field.name);
            let first_room = width.saturating_sub(name.width());
            let (mut rest, mut first) = if first_room >= width / 2 {
                (field.value.as_str(), Some(name))
            } else {
                out.push(DescribeLine { name, text: String::new() });
                (field.value.as_str(), None)
            };
            loop {
                let room = if first.is_some() { first_room } else { width - INDENT };
                let (line, next) = split_at_width(rest, room);
                let text = if first.is_some() { line.to_string() } else { format!("{:INDENT$}{line}", "") };
                out.push(DescribeLine { name: first.take().unwrap_or_default(), text });
                rest = next;
                if rest.is_empty() {
                    break;
                }
            }
        }
        out
    }

    /// The furthest scroll that still fills `height` rows at `width` (`G` stops there).
    pub fn max_scroll(&self, (width, height): (usize, usize)) -> usize {
        self.lines(width).len().saturating_sub(height)
    }
}

/// The longest head of `text` that fits `room` columns, cut after its last space when it has
/// one, and the rest without its leading spaces. Always takes at least one character.
pub fn split_at_width(text: &str, room: usize) -> (&str, &str) {
    let mut used = 0;
    let mut end = 0;
    let mut last_space = None;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room && end > 0 {
            let cut = match last_space {
                Some(space) if space > 0 => space,
                _ => end,
            };
            return (text[..cut].trim_end(), text[cut..].trim_start());
        }
        used += w;
        end = i + c.len_utf8();
        if c == ' ' {
            last_space = Some(end);
        }
    }
    (text, "")
}

/// The text area of the view on a screen of `size`: the body inside its border.
pub fn viewport(size: (u16, u16)) -> (usize, usize) {
    let body = crate::app::layout::split(Rect::new(0, 0, size.0, size.1)).body;
    (usize::from(body.width.saturating_sub(2)), usize::from(body.height.saturating_sub(2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_wrap_to_the_width_and_names_stay_on_their_first_line() {
        let view = DescribeView::new("t", [("login", "dmitri.volkov0@acme.example"), ("why", "a b c")]);
        let lines = view.lines(16);
        let texts: Vec<(&str, &str)> = lines.iter().map(|l| (l.name.as_str(), l.text.as_str())).collect();
        assert_eq!(texts, [("login: ", "dmitri.vo"), ("", "  lkov0@acme.exa"), ("", "  mple"), ("why: ", "a b c")]);
        assert!(lines.iter().all(|l| l.name.width() + l.text.width() <= 16));
    }

    #[test]
    fn wrapping_prefers_spaces_and_every_character_is_kept() {
        let text = "Sign-in from a country never seen for this user";
        let view = DescribeView::new("t", [("summary", text)]);
        let lines = view.lines(24);
        assert!(lines.iter().all(|l| l.name.width() + l.text.width() <= 24), "{lines:?}");
        let joined: Vec<String> = lines.iter().map(|l| l.text.trim().to_string()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn names_and_values_are_sanitised() {
        let view = DescribeView::new("\u{1b}]0;x\u{7}t", [("n\u{1b}[31m", "a\u{202e}b\nc")]);
        assert_eq!(view.title, "t");
        assert_eq!(view.fields, [Field { name: "n".into(), value: "ab c".into() }]);
    }

    #[test]
    fn the_last_scroll_fills_the_screen() {
        let view = DescribeView::new("t", (0..10).map(|i| (format!("f{i}"), "v")));
        assert_eq!(view.max_scroll((40, 4)), 6);
        assert_eq!(view.max_scroll((40, 40)), 0);
    }
}
