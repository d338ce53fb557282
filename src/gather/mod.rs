//! What investigations and hunts read from Okta: a window of the System Log (filtered
//! server-side where the question allows), one user's case file, one address's events, and the org's users as the
//! detections' [`Directory`](crate::investigate::Directory). The judging is
//! `investigate`'s; this module only fetches.

mod budget;
pub mod checkpoint;
mod directory;
mod hunt;
mod ip_case;
mod user_case;
mod window;

pub use budget::MemoryBudget;
pub use checkpoint::CheckpointStore;
pub use directory::fetch_directory;
pub use hunt::{fetch_hunt, fetch_hunt_with, HuntInput};
pub use ip_case::{fetch_ip_events, IpEvents, MAX_IP_EVENTS};
pub use user_case::{fetch_user_case, UserCase};
pub use window::{fetch_events, read_window, FetchProgress, Flow, Query, Retained, RETENTION_DAYS};
