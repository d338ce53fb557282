//! Everything that happens to the console arrives as one `Msg` on one bounded channel:
//! terminal input, ticks, and the results of background tasks.

use crossterm::event::KeyEvent;
use serde_json::Value;

use super::detail::Detail;
use super::lists::ListKind;
use super::state::HeaderInfo;
use crate::okta::logs::TailUpdate;
use crate::okta::ratelimit::BucketStatus;
use crate::okta::throttle::RateWait;

/// A thing that happened.
#[derive(Debug)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
    /// Time passed (spinners, pauses).
    Tick,
    /// The wall clock, in ms since the epoch, sent with every tick and before every other
    /// message (the tail's lag is measured against it and approvals are stamped with it;
    /// `update` itself never reads the clock).
    Now(i64),
    /// One page of a list arrived; `done` when it was the last.
    Page { kind: ListKind, generation: u64, items: Vec<Value>, done: bool },
    /// A detail view's content arrived.
    Detail { generation: u64, detail: Detail },
    /// A load failed; `code` is Okta's errorCode when there is one.
    Failed { generation: u64, message: String, code: Option<String> },
    /// The rate-limit state of the client, for the header gauge.
    RateLimits(Vec<BucketStatus>),
    /// The client's current wait on the rate limit (or none), for the status line.
    RateWait(Option<RateWait>),
    /// A background job finished with a message for the status line.
    Flash(String),
    /// `:profile NAME` connected: a new header, and every pane reloads.
    Connected(HeaderInfo),
    /// The System Log tail of `generation` reported.
    Tail { generation: u64, update: TailUpdate },
    /// Okta's verdict on a server-side log query: `None` if it accepts it, else its error.
    LogQueryChecked { generation: u64, error: Option<String> },
    /// The whole JSON of an event the tail no longer keeps, read back by uuid.
    EventLoaded { generation: u64, result: Result<String, String> },
    /// The approval dialog's re-read of its user: one action's plan, or a containment plan's.
    Plan { generation: u64, result: Result<super::approval::Prepared, String> },
    /// An approved action's outcome (or why it was refused).
    Outcome { generation: u64, result: Result<crate::actions::ChangeOutcome, String> },
    /// A running containment plan's step started or ended.
    PlanStep { generation: u64, step: crate::actions::StepProgress },
    /// A containment plan's outcome (or why it was refused before its first step).
    PlanOutcome { generation: u64, result: Result<crate::actions::ContainmentOutcome, String> },
    /// The audit journal's records.
    Audit { generation: u64, result: Result<Vec<crate::actions::audit::Entry>, String> },
    /// The MFA sweep's progress or answer.
    Mfa(super::mfa::MfaMsg),
    /// The investigation's progress or report.
    Investigation(super::investigation::InvestigationMsg),
    /// The IP view's read.
    Ip(super::ip::IpMsg),
    /// The hunt's progress or findings.
    Hunt(super::hunt::HuntMsg),
    /// The audit journal's answer to an unmask: written, or why not.
    Unmasked(Result<(), String>),
    /// The rule of a "mark benign" written to the config file and journaled, or why not.
    BenignMarked(Result<Box<crate::investigate::suppress::SuppressRule>, String>),
    /// The live judge's findings, or the tail it reads, or why it stopped.
    Judge(super::alerts::JudgeMsg),
    /// How far the demo org's System Log history is written (the demo only).
    History(super::history::HistoryProgress),
}
