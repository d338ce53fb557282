//! Issue 14: the real binary against a hostile org (`oktui sim serve --hostile`: escape,
//! OSC and C1 sequences, bidi and zero-width characters, spreadsheet formulas and 10 KB
//! names in every name, label, message and error) and against each hostile transport fault
//! alone (a cycling `next`, a 100 MiB body, a truncated body, a dripped body, absurd
//! rate-limit resets). Every headless command in every format, and the console in a
//! pseudo-terminal: nothing raw reaches the terminal or any output, JSON is the same data
//! escaped, every CSV cell is defused, nothing panics, memory stays bounded, and each
//! failure is one clear line.

#[path = "../common/mod.rs"]
mod common;
#[allow(dead_code)]
#[path = "../e2e/harness.rs"]
mod harness;

mod catalogue;
mod check;
mod console;
mod faults;
mod listing;
mod logs;
mod reports;
mod run;
mod truth;

use std::time::Duration;

/// Users of the hostile org: small, so each run is quick.
pub const USERS: usize = 30;
/// The output formats of the list commands.
pub const FORMATS: [&str; 4] = ["table", "json", "jsonl", "csv"];
/// The table width the runs ask for (`COLUMNS`).
pub const WIDTH: usize = 160;
/// The longest a headless run against the hostile org may take.
pub const LIMIT: Duration = Duration::from_secs(60);
