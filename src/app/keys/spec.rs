//! One key as the registry sees it: a crossterm key code plus modifiers, written and read
//! as text (`ctrl-u`, `Enter`, `G`, `F5`) for the help page, the hint bar and config.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key chord: a key code and its modifiers, normalised so that a chord compares equal
/// however the terminal reported it (`G` with or without SHIFT, `ctrl-U` as `ctrl-u`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    code: KeyCode,
    modifiers: KeyModifiers,
}

/// Why a key written as text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeySpecError {
    /// Nothing was written.
    #[error("empty key: write a character such as `j`, or a name such as Enter, Esc or PgDn")]
    Empty,
    /// Neither one character nor a known key name.
    #[error(
        "unknown key `{0}`: write one character, or one of Enter, Esc, Tab, Space, Comma, Backspace, \
         Del, Ins, Up, Down, Left, Right, Home, End, PgUp, PgDn, F1–F24, optionally after ctrl-, alt- or shift-"
    )]
    Unknown(String),
    /// `shift-` before a character other than a letter, whose shifted form depends on the layout.
    #[error("`{0}`: write the shifted character itself (for example `!` rather than shift-1)")]
    ShiftedSymbol(String),
}

/// Modifier prefixes, in the order they are written.
const MODIFIERS: [(&str, KeyModifiers); 6] = [
    ("ctrl", KeyModifiers::CONTROL),
    ("alt", KeyModifiers::ALT),
    ("shift", KeyModifiers::SHIFT),
    ("super", KeyModifiers::SUPER),
    ("hyper", KeyModifiers::HYPER),
    ("meta", KeyModifiers::META),
];

/// Named keys: the name written on screen first, then the other spellings accepted.
const NAMES: [(&[&str], KeyCode); 17] = [
    (&["Enter", "return"], KeyCode::Enter),
    (&["Esc", "escape"], KeyCode::Esc),
    (&["Tab"], KeyCode::Tab),
    (&["BackTab"], KeyCode::BackTab),
    (&["Space"], KeyCode::Char(' ')),
    (&["Comma"], KeyCode::Char(',')),
    (&["Backspace", "bs"], KeyCode::Backspace),
    (&["Del", "delete"], KeyCode::Delete),
    (&["Ins", "insert"], KeyCode::Insert),
    (&["Up"], KeyCode::Up),
    (&["Down"], KeyCode::Down),
    (&["Left"], KeyCode::Left),
    (&["Right"], KeyCode::Right),
    (&["Home"], KeyCode::Home),
    (&["End"], KeyCode::End),
    (&["PgUp", "pageup"], KeyCode::PageUp),
    (&["PgDn", "pagedown"], KeyCode::PageDown),
];

impl KeySpec {
    /// A chord from a code and modifiers, normalised: SHIFT is folded into characters
    /// (`shift-g` is `G`), control letters are lower case, `shift-Tab` is `BackTab`.
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> KeySpec {
        let mut modifiers = modifiers;
        let code = match code {
            KeyCode::Char(c) => {
                let shifted = modifiers.contains(KeyModifiers::SHIFT);
                modifiers.remove(KeyModifiers::SHIFT);
                if modifiers.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else if shifted {
                    KeyCode::Char(c.to_ascii_uppercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeySpec { code, modifiers }
    }

    /// A plain character key, such as `j` or `G`.
    pub fn char(c: char) -> KeySpec {
        KeySpec::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    /// A control chord, such as `ctrl-u`.
    pub fn ctrl(c: char) -> KeySpec {
        KeySpec::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// A key with no modifier, such as `Enter` or `PgDn`.
    pub fn code(code: KeyCode) -> KeySpec {
        KeySpec::new(code, KeyModifiers::NONE)
    }

    /// The chord a terminal event stands for.
    pub fn from_event(event: &KeyEvent) -> KeySpec {
        KeySpec::new(event.code, event.modifiers)
    }

    /// The key code.
    pub fn key_code(&self) -> KeyCode {
        self.code
    }

    /// The modifiers after normalisation (never SHIFT on a character).
    pub fn modifiers(&self) -> KeyModifiers {
        self.modifiers
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, flag) in MODIFIERS {
            if self.modifiers.contains(flag) {
                write!(f, "{name}-")?;
            }
        }
        if let Some((names, _)) = NAMES.iter().find(|(_, code)| *code == self.code) {
            return f.write_str(names[0]);
        }
        match self.code {
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

impl FromStr for KeySpec {
    type Err = KeySpecError;

    fn from_str(text: &str) -> Result<KeySpec, KeySpecError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(KeySpecError::Empty);
        }
        let mut rest = text;
        let mut modifiers = KeyModifiers::NONE;
        'prefixes: loop {
            for (name, flag) in MODIFIERS {
                let Some(head) = rest.get(..name.len() + 1) else { continue };
                let after = &rest[head.len()..];
                if head.eq_ignore_ascii_case(&format!("{name}-")) && !after.is_empty() {
                    modifiers |= flag;
                    rest = after;
                    continue 'prefixes;
                }
            }
            break;
        }
        let code = parse_code(rest).ok_or_else(|| KeySpecError::Unknown(text.to_string()))?;
        if let KeyCode::Char(c) = code {
            if modifiers.contains(KeyModifiers::SHIFT) && !c.is_ascii_alphabetic() {
                return Err(KeySpecError::ShiftedSymbol(text.to_string()));
            }
        }
        Ok(KeySpec::new(code, modifiers))
    }
}

/// A key name, `F1`–`F24` or a single character.
fn parse_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    if let Some((_, code)) = NAMES.iter().find(|(names, _)| names.iter().any(|n| n.eq_ignore_ascii_case(name))) {
        return Some(*code);
    }
    let number = name.strip_prefix(['F', 'f'])?.parse::<u8>().ok()?;
    (1..=24).contains(&number).then_some(KeyCode::F(number))
}

/// Reads a comma-separated list of keys (`"j,Down"`); the key `,` itself is written `Comma`.
pub fn parse_list(text: &str) -> Result<Vec<KeySpec>, KeySpecError> {
    let mut keys: Vec<KeySpec> = Vec::new();
    for part in text.split(',') {
        let key = part.parse::<KeySpec>()?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(keys)
}
