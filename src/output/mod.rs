//! The writers of what oktui prints and exports, one per format, shared by the headless
//! commands and the console: [`csv`] (formula-safe cells), [`json`] (JSON and JSON Lines
//! with every unsafe character escaped) and [`results`] (standard output that notices its
//! reader going away); and [`plural`], the counted nouns of every message.

pub mod csv;
pub mod json;
pub mod plural;
pub mod results;
