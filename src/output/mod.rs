//! The writers of what oktui prints and exports, one per format, shared by the headless
//! commands and the console: [`csv`] (formula-safe cells), [`json`] (JSON and JSON Lines
//! with every unsafe character escaped) and [`results`] (standard output that notices its
//! reader going away); and [`plural`], the counted nouns of every message.

pub mod csv;
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
