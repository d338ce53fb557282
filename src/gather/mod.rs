//! What investigations and hunts read: a window of the System Log (filtered server-side
//! where the question allows), one user's case file, one address's events, and the users as
//! the detections' [`Directory`](crate::investigate::Directory), all through one
//! [`LogSource`]: the Okta API (the [`Client`](crate::okta::client::Client)) or an exported
//! file of events ([`EventsFile`]). The judging is `investigate`'s; this module only fetches.

mod budget;
pub mod checkpoint;
mod directory;
pub mod events_file;
mod hunt;
mod ip_case;
mod source;
mod user_case;
mod window;

pub use budget::MemoryBudget;
pub use checkpoint::CheckpointStore;
pub use events_file::{EventsFile, EventsFileError};
pub use hunt::{fetch_hunt, fetch_hunt_with, HuntInput};
pub use ip_case::{fetch_ip_events, IpEvents, MAX_IP_EVENTS};
pub use source::{LogSource, NoUsableId, Select, UserLists};
pub use user_case::{fetch_user_case, UserCase};
pub use window::{fetch_events, FetchProgress, Flow, Query, Retained, RETENTION_DAYS};
