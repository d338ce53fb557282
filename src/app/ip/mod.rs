//! The IP view: what one address did in a window (where it is, every user it touched with
//! their failures and successes, its events, the findings that name it) and its pivots: tail
//! it, investigate any of its users, open any of its events. A finding about an address (a
//! password spray) opens it, since the logins a spray guesses need not be users of the org.
//! Opened while the demo's history is written, it says so and reads again as the
//! investigation does ([`super::history`]). Pure: the read runs as an effect
//! (`findings_tasks::ip_view`).

mod state;
mod update;

pub use state::*;
pub use update::*;
