//! The System Log: the polling tail that never skips or repeats an event, the compact form
//! retained events take, and the bounded buffer the console keeps them in.
//!
//! `tail` is the engine (cursor handling, pacing, health); `ingest` turns a page into new
//! events (`compact` reads each, `published` its time, `seen` drops repeats, `rate` counts
//! the events of the last minute by their time, `raw` keeps its
//! JSON as a range of the shared page); `by_uuid` reads events back as Okta sent them; `ring` is the console's bounded, `published`-ordered
//! buffer; `resume` keeps the last cursor per profile for `--resume`.

pub mod by_uuid;
pub mod compact;
pub mod elements;
pub mod ingest;
pub mod published;
pub mod rate;
pub mod raw;
pub mod resume;
pub mod ring;
pub mod seen;
pub(crate) mod shape;
pub mod tail;
pub(crate) mod text;

pub use compact::{CompactEvent, EventId, Severity};
pub use ingest::{Ingest, TailedEvent};
pub use raw::RawJson;
pub use ring::EventRing;
pub use tail::{PollState, TailConfig, TailStatus, TailUpdate};
