//! What `update` asks the runtime to do: the dispatcher ([`super::effects`]) turns each
//! effect into a tokio task that owns a clone of the client and answers with `Msg`s.
//! Results carry the generation they were asked for, so `update` drops the stale ones.
//! Effects are used once: not `Clone`, so an [`Approved`] change travels in one by value.

use serde_json::Value;

use super::lists::ListKind;
use super::logs::ServerQuery;
use crate::actions::Approved;

/// A request from `update` to the outside world.
#[derive(Debug)]
pub enum Effect {
    /// Stream every page of a list.
    LoadList { kind: ListKind, generation: u64 },
    /// Ask Okta for the users whose login, name or email starts with `query`, while the full
    /// listing is still streaming; the answers join the users list (shown once each).
    SearchUsers { query: String, generation: u64 },
    /// Read one object and what hangs off it.
    LoadDetail { kind: ListKind, id: String, generation: u64 },
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Write the rows of a list to a file in the data dir (masked with a masker).
    Export { kind: ListKind, rows: Vec<Value>, mask: Option<crate::mask::Masker> },
    /// Connect to another profile.
    SwitchProfile(String),
    /// (Re)start the System Log tail over the last `window`, filtered by `query`; the
    /// previous one stops.
    StartTail { generation: u64, window: chrono::Duration, query: ServerQuery },
    /// Ask Okta whether it accepts a server-side log query, before the tail switches to it.
    CheckLogQuery { generation: u64, query: ServerQuery },
    /// Read one event back by uuid, around when it was published.
    LoadEvent { generation: u64, uuid: String, published_ms: Option<i64> },
    /// Re-read a user for the approval dialog (one action, or every step of a plan).
    Preflight { request: super::approval::Request, user: String, generation: u64 },
    /// Execute an approved action (only the dialog's approve path makes one).
    Execute { approved: Box<Approved>, generation: u64 },
    /// Run an approved containment plan's steps in order (only the dialog's approve path
    /// makes one), telling each step's progress.
    ExecutePlan { approved: Box<crate::actions::ApprovedContainment>, generation: u64 },
    /// Read the audit journal.
    LoadAudit { generation: u64 },
    /// Run the MFA sweep (or refresh it) for the `:mfa` pane.
    MfaSweep { generation: u64, mode: crate::mfa::RefreshMode },
    /// Investigate one user (id or login) over `window`.
    Investigate { generation: u64, user: String, window: super::hunt::WindowChoice },
    /// Read what one address did over `window`, for the IP view.
    InvestigateIp { generation: u64, ip: std::net::IpAddr, window: super::hunt::WindowChoice },
    /// Hunt the whole org's System Log over `window`, aborting the hunt under way if any.
    Hunt { generation: u64, window: super::hunt::WindowChoice },
    /// (Re)start the live judge: a backfill from an hour ago, then the tail as it arrives,
    /// its findings answered as [`super::msg::Msg::Judge`] of `generation`.
    StartJudge { generation: u64 },
    /// Abort the hunt under way, if any.
    CancelHunt,
    /// Write the MFA gap rows to CSV and JSON files in the data dir.
    ExportMfa { rows: Vec<crate::mfa::UserMfa>, mask: Option<crate::mask::Masker> },
    /// Write the case file of an investigation or a hunt finding into a new folder of the
    /// data dir's `cases`, named after `who`.
    WriteCase { subject: Box<crate::case::CaseSubject>, who: String, mask: Option<crate::mask::Masker> },
    /// Write the unmasking of the screen to the audit journal, then answer
    /// [`super::msg::Msg::Unmasked`].
    JournalUnmask { org: String, profile: String, operator: String },
    /// Append `rule` (a live finding marked benign) to the config file and journal it, then
    /// answer [`super::msg::Msg::BenignMarked`].
    MarkBenign { rule: Box<crate::investigate::suppress::SuppressRule>, org: String, profile: String, operator: String },
}
