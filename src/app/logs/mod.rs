//! The System Log pane's state: the bounded buffer of tailed events, the local filter's
//! view of it, the selection and follow mode, the time window and the server-side filter.
//! Pure: the tail itself runs as a task (`okta::logs::tail`) and its updates arrive as
//! messages.

mod state;
mod update;

pub use state::*;
pub use update::*;
