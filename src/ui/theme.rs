//! Styles and symbols for every element the console draws.
//!
//! The default theme uses only the terminal's 16 ANSI colours on its own background, so it
//! follows the user's palette, light or dark. The monochrome theme (`NO_COLOR`,
//! `--no-color`, `TERM=dumb`) uses no colour at all: selection is reverse video, errors are
//! bold, and status is always written as text, so no meaning depends on colour. `--ascii`
//! swaps box-drawing and other glyphs for plain ASCII. Config can restyle any element.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use thiserror::Error;

use crate::sanitize::clean;

/// The glyphs the console draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    /// Pane borders.
    pub border: border::Set<'static>,
    /// Marks the selected row.
    pub selection: &'static str,
    /// Ends text that was cut.
    pub ellipsis: &'static str,
    /// Spinner frames, one per tick.
    pub spinner: &'static [&'static str],
    /// The filled part of a gauge.
    pub gauge_full: &'static str,
    /// The empty part of a gauge.
    pub gauge_empty: &'static str,
    /// Marks a failed or denied outcome, and WARN/ERROR severities, in text as well as colour.
    pub alert: &'static str,
    /// After the header of the column a list is sorted by: ascending, descending.
    pub sorted: [&'static str; 2],
}

impl Symbols {
    /// Box drawing and Unicode symbols.
    pub const UNICODE: Symbols = Symbols {
        border: border::PLAIN,
        selection: "▶",
        ellipsis: "…",
        spinner: &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"],
        gauge_full: "█",
        gauge_empty: "░",
        alert: "✗",
        sorted: ["↑", "↓"],
    };

    /// Plain ASCII, for fonts or terminals without box-drawing glyphs.
    pub const ASCII: Symbols = Symbols {
        border: border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        },
        selection: ">",
        ellipsis: "...",
        spinner: &["|", "/", "-", "\\"],
        gauge_full: "#",
        gauge_empty: "-",
        alert: "!",
        sorted: ["^", "v"],
    };
}

impl Symbols {
    /// Whether this set draws with ASCII only (`--ascii`, `TERM=dumb`).
    pub fn is_ascii(&self) -> bool {
        [
            self.selection,
            self.ellipsis,
            self.gauge_full,
            self.gauge_empty,
            self.alert,
            self.border.vertical_left,
            self.sorted[0],
        ]
        .iter()
        .all(|g| g.is_ascii())
    }
}

/// oktui's own glyphs outside ASCII (separators, marks, arrows, dashes, map dots, bars) and
/// what an ASCII frame draws instead; see [`asciify`].
const ASCII_STAND_INS: &[(&str, &str)] = &[
    ("·", "-"),
    ("●", "*"),
    ("•", "*"),
    ("…", "."),
    ("—", "-"),
    ("–", "-"),
    ("✗", "!"),
    ("→", ">"),
    ("←", "<"),
    ("↑", "^"),
    ("↓", "v"),
    ("×", "x"),
    ("▶", ">"),
    ("▸", ">"),
    ("›", ">"),
    ("│", "|"),
    ("░", "-"),
    ("█", "#"),
];

/// The last pass of a frame drawn with ASCII symbols: each cell holding one of oktui's own
/// glyphs ([`ASCII_STAND_INS`]) gets its ASCII stand-in, so no separator, mark or dash a
/// pane writes in its text slips through. Text from Okta is data and is left as it is,
/// unless it holds one of those glyphs.
pub fn asciify(buffer: &mut ratatui::buffer::Buffer) {
    for cell in buffer.content.iter_mut() {
        let symbol = cell.symbol();
        if symbol.is_ascii() {
            continue;
        }
        if let Some((_, ascii)) = ASCII_STAND_INS.iter().find(|(glyph, _)| *glyph == symbol) {
            cell.set_symbol(ascii);
        }
    }
}

/// The style of every element, and the symbols.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The header line: org, profile, auth mode.
    pub header: Style,
    /// The `DEMO` badge.
    pub header_badge: Style,
    /// The `READ-ONLY` badge.
    pub read_only_badge: Style,
    /// Pane borders.
    pub border: Style,
    /// Pane titles.
    pub title: Style,
    /// The selected row of a list.
    pub selected_row: Style,
    /// Column headers.
    pub table_header: Style,
    /// Secondary text: counts, timestamps, "not built yet".
    pub muted: Style,
    /// Error lines.
    pub error: Style,
    /// Warnings, e.g. a low rate-limit headroom.
    pub warning: Style,
    /// Good news, e.g. connected.
    pub ok: Style,
    /// A user status of `ACTIVE`.
    pub status_active: Style,
    /// A user status of `SUSPENDED`.
    pub status_suspended: Style,
    /// A user status of `LOCKED_OUT`.
    pub status_locked: Style,
    /// Any other status (`STAGED`, `PROVISIONED`, `DEPROVISIONED`, …).
    pub status_other: Style,
    /// A key in the hint bar and help.
    pub hint_key: Style,
    /// What a key does, in the hint bar and help.
    pub hint_text: Style,
    /// The `:` command line and the `/` filter line.
    pub command_line: Style,
    /// The glyphs to draw with.
    pub symbols: Symbols,
}

/// The element names accepted in theme overrides, as in the config file.
pub const ELEMENTS: &[&str] = &[
    "header",
    "header_badge",
    "read_only_badge",
    "border",
    "title",
    "selected_row",
    "table_header",
    "muted",
    "error",
    "warning",
    "ok",
    "status_active",
    "status_suspended",
    "status_locked",
    "status_other",
    "hint_key",
    "hint_text",
    "command_line",
];

/// The colour names accepted in theme overrides: the terminal's 16, and its default.
const COLORS: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("white", Color::Gray),
    ("bright-black", Color::DarkGray),
    ("bright-red", Color::LightRed),
    ("bright-green", Color::LightGreen),
    ("bright-yellow", Color::LightYellow),
    ("bright-blue", Color::LightBlue),
    ("bright-magenta", Color::LightMagenta),
    ("bright-cyan", Color::LightCyan),
    ("bright-white", Color::White),
    ("default", Color::Reset),
];

/// The modifier names accepted in theme overrides.
const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("reverse", Modifier::REVERSED),
];

/// A theme override that cannot be applied.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ThemeError {
    /// The element name is not one of [`ELEMENTS`].
    #[error("unknown theme element `{element}`: use one of {}", ELEMENTS.join(", "))]
    UnknownElement {
        /// The name given.
        element: String,
    },
    /// A word of the style is neither a colour, `on`, nor a modifier.
    #[error("theme element `{element}`: unknown word `{word}`: {}", style_help())]
    UnknownWord {
        /// The element being styled.
        element: String,
        /// The word not understood.
        word: String,
    },
    /// The words are known but do not make a style.
    #[error("theme element `{element}`: {problem}: {}", style_help())]
    Malformed {
        /// The element being styled.
        element: String,
        /// What is wrong.
        problem: &'static str,
    },
}

/// How to write a style, for error messages.
fn style_help() -> String {
    let colors: Vec<&str> = COLORS.iter().map(|(name, _)| *name).collect();
    let modifiers: Vec<&str> = MODIFIERS.iter().map(|(name, _)| *name).collect();
    format!(
        "write a style as [COLOUR] [on COLOUR] [MODIFIER…], e.g. \"bright-blue on black bold\", with colours {} and modifiers {}",
        colors.join(", "),
        modifiers.join(", ")
    )
}

impl Default for Theme {
    fn default() -> Self {
        Theme::colors()
    }
}

impl Theme {
    /// The default theme: the terminal's 16 colours on its default background.
    pub fn colors() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            header: Style::new().add_modifier(bold),
            header_badge: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(bold),
            read_only_badge: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(bold),
            border: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::Cyan).add_modifier(bold),
            selected_row: Style::new().fg(Color::Black).bg(Color::Cyan),
            table_header: Style::new().add_modifier(bold),
            muted: Style::new().add_modifier(Modifier::DIM),
            error: Style::new().fg(Color::Red).add_modifier(bold),
            warning: Style::new().fg(Color::Yellow),
            ok: Style::new().fg(Color::Green),
            status_active: Style::new().fg(Color::Green),
            status_suspended: Style::new().fg(Color::Yellow).add_modifier(bold),
            status_locked: Style::new().fg(Color::Red).add_modifier(bold),
            status_other: Style::new(),
            hint_key: Style::new().fg(Color::Cyan).add_modifier(bold),
            hint_text: Style::new(),
            command_line: Style::new().add_modifier(bold),
            symbols: Symbols::UNICODE,
        }
    }

    /// No colour at all: meaning is carried by text and by bold, dim, underline and reverse.
    pub fn mono() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let badge = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        Theme {
            header: bold,
            header_badge: badge,
            read_only_badge: badge,
            border: Style::new(),
            title: bold,
            selected_row: Style::new().add_modifier(Modifier::REVERSED),
            table_header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            muted: Style::new().add_modifier(Modifier::DIM),
            error: bold,
            warning: bold,
            ok: Style::new(),
            status_active: Style::new(),
            status_suspended: bold,
            status_locked: bold,
            status_other: Style::new(),
            hint_key: bold,
            hint_text: Style::new(),
            command_line: Style::new(),
            symbols: Symbols::UNICODE,
        }
    }

    /// The same theme drawn with ASCII symbols.
    pub fn ascii(self) -> Theme {
        Theme { symbols: Symbols::ASCII, ..self }
    }

    /// The theme for this terminal: monochrome with `--no-color` or a non-empty `NO_COLOR`
    /// (no-color.org), monochrome and ASCII when `TERM=dumb`, ASCII with `--ascii`.
    /// `env` reads an environment variable (`|k| std::env::var(k).ok()` in the program).
    pub fn choose(no_color_flag: bool, ascii: bool, env: &dyn Fn(&str) -> Option<String>) -> Theme {
        let dumb = env("TERM").as_deref() == Some("dumb");
        let no_color = no_color_flag || dumb || env("NO_COLOR").is_some_and(|v| !v.is_empty());
        let theme = if no_color { Theme::mono() } else { Theme::colors() };
        if ascii || dumb {
            theme.ascii()
        } else {
            theme
        }
    }

    /// The style for an Okta user status (`ACTIVE`, `SUSPENDED`, `LOCKED_OUT`, …).
    pub fn status(&self, status: &str) -> Style {
        match status {
            "ACTIVE" => self.status_active,
            "SUSPENDED" => self.status_suspended,
            "LOCKED_OUT" => self.status_locked,
            _ => self.status_other,
        }
    }

    /// Restyles elements from the config: each value replaces the element's style, e.g.
    /// `error = "red bold"`, `selected_row = "reverse"`, `border = "default"`,
    /// `title = "bright-blue on black"`. Nothing changes when any override is invalid.
    pub fn apply_overrides(&mut self, overrides: &BTreeMap<String, String>) -> Result<(), ThemeError> {
        let mut next = self.clone();
        for (element, value) in overrides {
            let slot = next
                .element_mut(element)
                .ok_or_else(|| ThemeError::UnknownElement { element: clean(element).into_owned() })?;
            *slot = parse_style(element, value)?;
        }
        *self = next;
        Ok(())
    }

    fn element_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "header" => &mut self.header,
            "header_badge" => &mut self.header_badge,
            "read_only_badge" => &mut self.read_only_badge,
            "border" => &mut self.border,
            "title" => &mut self.title,
            "selected_row" => &mut self.selected_row,
            "table_header" => &mut self.table_header,
            "muted" => &mut self.muted,
            "error" => &mut self.error,
            "warning" => &mut self.warning,
            "ok" => &mut self.ok,
            "status_active" => &mut self.status_active,
            "status_suspended" => &mut self.status_suspended,
            "status_locked" => &mut self.status_locked,
            "status_other" => &mut self.status_other,
            "hint_key" => &mut self.hint_key,
            "hint_text" => &mut self.hint_text,
            "command_line" => &mut self.command_line,
            _ => return None,
        })
    }
}

/// Parses `[COLOUR] [on COLOUR] [MODIFIER…]` (any order, case-insensitive).
fn parse_style(element: &str, value: &str) -> Result<Style, ThemeError> {
    let malformed = |problem| ThemeError::Malformed { element: clean(element).into_owned(), problem };
    let mut style = Style::new();
    let mut words = value.split_whitespace().map(str::to_ascii_lowercase);
    let mut any = false;
    while let Some(word) = words.next() {
        any = true;
        if word == "on" {
            let color = words.next().ok_or_else(|| malformed("`on` needs a colour after it"))?;
            let color = color_named(&color).ok_or_else(|| unknown_word(element, &color))?;
            if style.bg.is_some() {
                return Err(malformed("two background colours"));
            }
            style = style.bg(color);
        } else if let Some(color) = color_named(&word) {
            if style.fg.is_some() {
                return Err(malformed("two foreground colours"));
            }
            style = style.fg(color);
        } else if let Some((_, modifier)) = MODIFIERS.iter().find(|(name, _)| *name == word) {
            style = style.add_modifier(*modifier);
        } else {
            return Err(unknown_word(element, &word));
        }
    }
    if !any {
        return Err(malformed("the style is empty"));
    }
    Ok(style)
}

fn color_named(word: &str) -> Option<Color> {
    COLORS.iter().find(|(name, _)| *name == word).map(|(_, color)| *color)
}

fn unknown_word(element: &str, word: &str) -> ThemeError {
    ThemeError::UnknownWord { element: clean(element).into_owned(), word: clean(word).into_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| vars.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_string())
    }

    fn styles(theme: &Theme) -> Vec<Style> {
        let mut theme = theme.clone();
        ELEMENTS.iter().map(|name| *theme.element_mut(name).unwrap()).collect()
    }

    #[test]
    fn every_element_name_is_an_element() {
        let mut theme = Theme::colors();
        for name in ELEMENTS {
            assert!(theme.element_mut(name).is_some(), "{name}");
        }
        assert_eq!(ELEMENTS.len(), 18);
    }

    #[test]
    fn default_theme_uses_only_the_16_colours_and_the_default_background() {
        let ansi = |c: Option<Color>| !matches!(c, Some(Color::Rgb(..) | Color::Indexed(_)));
        for style in styles(&Theme::colors()) {
            assert!(ansi(style.fg) && ansi(style.bg), "{style:?}");
            assert!(matches!(style.bg, None | Some(Color::Reset)) || style.fg.is_some(), "{style:?}");
        }
        assert_eq!(Theme::default(), Theme::colors());
    }

    #[test]
    fn mono_theme_has_no_colour_and_marks_selection_and_errors() {
        for style in styles(&Theme::mono()) {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        let mono = Theme::mono();
        assert!(mono.selected_row.add_modifier.contains(Modifier::REVERSED));
        assert!(mono.error.add_modifier.contains(Modifier::BOLD));
        assert!(mono.read_only_badge.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn ascii_symbols_are_ascii() {
        let s = Theme::colors().ascii().symbols;
        let border = [s.border.top_left, s.border.horizontal_top, s.border.vertical_left, s.border.bottom_right];
        let all = border.iter().chain([&s.selection, &s.ellipsis, &s.gauge_full, &s.gauge_empty]).chain(s.spinner);
        assert!(all.clone().all(|glyph| glyph.is_ascii() && !glyph.is_empty()));
        assert_eq!((s.selection, s.ellipsis, s.spinner.concat().as_str()), (">", "...", "|/-\\"));
        assert_eq!(Theme::colors().symbols.selection, "▶");
    }

    #[test]
    fn choose_follows_flags_no_color_and_dumb_terminals() {
        let colors = Theme::colors();
        assert_eq!(Theme::choose(false, false, &env_of(&[("TERM", "xterm-256color")])), colors);
        assert_eq!(Theme::choose(true, false, &env_of(&[])), Theme::mono());
        assert_eq!(Theme::choose(false, false, &env_of(&[("NO_COLOR", "1")])), Theme::mono());
        assert_eq!(Theme::choose(false, false, &env_of(&[("NO_COLOR", "")])), colors);
        assert_eq!(Theme::choose(false, true, &env_of(&[])), Theme::colors().ascii());
        assert_eq!(Theme::choose(false, false, &env_of(&[("TERM", "dumb")])), Theme::mono().ascii());
    }

    #[test]
    fn status_picks_its_style() {
        let theme = Theme::colors();
        assert_eq!(theme.status("ACTIVE"), theme.status_active);
        assert_eq!(theme.status("SUSPENDED"), theme.status_suspended);
        assert_eq!(theme.status("LOCKED_OUT"), theme.status_locked);
        assert_eq!(theme.status("STAGED"), theme.status_other);
    }

    fn overrides(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn overrides_replace_styles() {
        let mut theme = Theme::colors();
        theme
            .apply_overrides(&overrides(&[
                ("error", "red bold"),
                ("selected_row", "reverse"),
                ("border", "default"),
                ("title", "Bright-Blue on black"),
                ("muted", "on bright-black dim italic underline"),
            ]))
            .unwrap();
        assert_eq!(theme.error, Style::new().fg(Color::Red).add_modifier(Modifier::BOLD));
        assert_eq!(theme.selected_row, Style::new().add_modifier(Modifier::REVERSED));
        assert_eq!(theme.border, Style::new().fg(Color::Reset));
        assert_eq!(theme.title, Style::new().fg(Color::LightBlue).bg(Color::Black));
        let muted = Modifier::DIM | Modifier::ITALIC | Modifier::UNDERLINED;
        assert_eq!(theme.muted, Style::new().bg(Color::DarkGray).add_modifier(muted));
    }

    #[test]
    fn bad_overrides_name_the_problem_and_change_nothing() {
        let mut theme = Theme::colors();
        let err = theme.apply_overrides(&overrides(&[("error", "red"), ("headr", "bold")])).unwrap_err();
        assert_eq!(err, ThemeError::UnknownElement { element: "headr".into() });
        assert!(err.to_string().contains("header, header_badge"), "{err}");
        assert_eq!(theme, Theme::colors());

        let err = theme.apply_overrides(&overrides(&[("error", "orange")])).unwrap_err();
        assert_eq!(err, ThemeError::UnknownWord { element: "error".into(), word: "orange".into() });
        assert!(err.to_string().contains("bright-white") && err.to_string().contains("reverse"), "{err}");

        for (value, problem) in [
            ("red on", "`on` needs a colour after it"),
            ("red blue", "two foreground colours"),
            ("on red on blue", "two background colours"),
            ("  ", "the style is empty"),
        ] {
            let err = theme.apply_overrides(&overrides(&[("ok", value)])).unwrap_err();
            assert_eq!(err, ThemeError::Malformed { element: "ok".into(), problem }, "{value:?}");
        }
        let err = theme.apply_overrides(&overrides(&[("ok", "on #ff0000")])).unwrap_err();
        assert_eq!(err, ThemeError::UnknownWord { element: "ok".into(), word: "#ff0000".into() });
    }
}
