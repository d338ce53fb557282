//! A hunt's events in the compact form the detections read: [`HuntEvent`], about 130 bytes
//! of plain data per event whose strings are ids of one interner the hunt's events share,
//! read through [`EventRef`] with the accessor names of [`LogEvent`](crate::okta::model::LogEvent).
//!
//! One road in: both readers fill the same [`Fields`], from which the compact event and its
//! verdicts (behaviors, risk, proxy, downgrade) are computed once. [`page::read_page`] reads
//! `GET /api/v1/logs` pages straight from their bytes (a hunt's path); [`Fields::of`] reads
//! an event of the lenient model (investigations of one user, tests, and the odd shapes the
//! byte reader hands to the lenient model).

mod fields;
pub mod page;
mod store;

pub use fields::{BehaviorFlags, Fields, TargetFields, DEBUG_KEYS, SUSPICIOUS_KEYS};
pub use store::{DeltaError, EventRef, HuntEvent, HuntEvents, RiskLevel, StoreDelta, StoreMark, Sym, TargetRef};
