//! What investigations and hunts read from Okta: a window of the System Log (filtered
//! server-side where the question allows), one user's case file, and the org's users as the
//! detections' [`Directory`](crate::investigate::Directory). The judging is
//! `investigate`'s; this module only fetches.

mod budget;
pub mod checkpoint;
mod directory;
pub mod events_file;
mod hunt;
mod source;
mod user_case;
mod window;

pub use budget::MemoryBudget;
pub use checkpoint::CheckpointStore;
pub use events_file::{EventsFile, EventsFileError};
pub use hunt::{fetch_hunt, fetch_hunt_with, HuntInput};
pub use source::{LogSource, NoUsableId, Select, UserLists};
pub use user_case::{fetch_user_case, UserCase};
pub use window::{fetch_events, FetchProgress, Flow, Query, Retained, RETENTION_DAYS};
