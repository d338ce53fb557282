//! Everything that happens to the console arrives as one `Msg` on one bounded channel:
//! terminal input, ticks, and the results of background tasks.

use crossterm::event::KeyEvent;
use serde_json::Value;

use super::lists::ListKind;
use super::state::{Detail, HeaderInfo};
use crate::okta::ratelimit::BucketStatus;

/// A thing that happened.
#[derive(Debug)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
    /// Time passed (spinners, pauses).
    Tick,
    /// One page of a list arrived; `done` when it was the last.
    Page { kind: ListKind, generation: u64, items: Vec<Value>, done: bool },
    /// A detail view's content arrived.
    Detail { generation: u64, detail: Detail },
    /// A load failed; `code` is Okta's errorCode when there is one.
    Failed { generation: u64, message: String, code: Option<String> },
    /// The rate-limit state of the client, for the header gauge.
    RateLimits(Vec<BucketStatus>),
    /// A background job finished with a message for the status line.
    Flash(String),
    /// `:profile NAME` connected: a new header, and every pane reloads.
    Connected(HeaderInfo),
    /// The MFA sweep's progress or answer.
    Mfa(super::mfa::MfaMsg),
}
