//! The writers of what oktui prints and exports, one per format, shared by the headless
//! commands and the console: [`csv`] (formula-safe cells), [`json`] (JSON and JSON Lines
//! with every unsafe character escaped) and [`results`] (standard output that notices its
//! reader going away); [`columns`], the one column table of each kind of Okta object, and
//! [`format`], which prints objects in a [`format::Format`] through them (the headless
//! listings, `oktui mfa-gaps`, the console's exports); [`export`], the console's export
//! files; and [`plural`], the counted nouns of every message.

pub mod columns;
pub mod csv;
pub mod export;
pub mod format;
pub mod json;
pub mod plural;
pub mod progress;
pub mod results;

/// Thousands separators: 1234 → "1,234".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
