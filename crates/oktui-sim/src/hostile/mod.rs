//! The hostile org: what an attacker who controls names in the org, or the network in front
//! of it, can send a client. `oktui sim serve --hostile` turns on hostile *data* ([`data`]:
//! escape, OSC and C1 sequences, bidi and zero-width characters, spreadsheet formulas and
//! 10 KB names in every free-text field of users, groups, apps, policies and events, and
//! [`errors`] in every error body), all still in Okta's wire format. The hostile *transport*
//! answers ([`transport`]: a cycling `next`, a 100 MiB body, a dripped body, absurd
//! rate-limit resets) are fault knobs of their own (`--fault-cycle-next`, …, in
//! [`crate::Faults`]), so each failure can be tried alone. [`text`] is the catalogue.

pub mod data;
pub mod errors;
pub mod text;
pub mod transport;
