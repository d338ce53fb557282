//! MFA enrollment gaps: who can sign in without a second factor, found as fast as the org's
//! rate limit allows and kept fresh from the System Log.
//!
//! Okta has no bulk call for it: one `GET /api/v1/users/{id}/factors` per user. So:
//!
//! - `scope` says which users (all, a group's members, a `search` expression);
//! - `sweep` lists them and reads the factors of every user who can sign in (ACTIVE,
//!   PASSWORD_EXPIRED, LOCKED_OUT, RECOVERY), as many at once as the client allows, paced by
//!   the client's shared rate limiter at background priority, so the console's interactive
//!   calls keep a reserve of the bucket (a headless sweep spends it all); 403 is `unknown` (never "no MFA"), 404 is counted and skipped;
//! - `admins` learns who holds an admin role from one cheap list rather than one request per
//!   user (its module doc says why and what the fallback is);
//! - `classify` turns factors into `none` / `weak_only` / `strong`;
//! - `cache` keeps the answer per profile, org and scope in the data dir with each user's
//!   fetch time, checkpointed during a sweep so that a cancelled sweep resumes;
//! - `refresh` re-reads only the users the System Log says changed since the last sweep;
//! - `totals` counts the answer per class, status and group (`groups` reads the
//!   memberships of the largest groups, bounded);
//! - `report` turns the answer into the rows `oktui mfa-gaps` prints and the console exports.

pub mod admins;
pub mod cache;
pub mod classify;
pub mod error;
pub mod groups;
pub mod progress;
pub mod refresh;
pub mod report;
pub mod scope;
pub mod sweep;
pub mod totals;

use chrono::Utc;

pub use cache::{CacheStore, SweepRecord, UserMfa};
pub use classify::MfaClass;
pub use error::MfaError;
pub use progress::{Phase, Progress};
pub use scope::Scope;
pub use sweep::Reporter;

use crate::okta::client::Client;

/// How to bring the answer up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RefreshMode {
    /// Read every user's factors again.
    Full,
    /// Re-read only the users the System Log says changed (a full sweep when there is no
    /// finished sweep to start from).
    #[default]
    Incremental,
}

/// How the answer was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A new full sweep.
    Swept,
    /// A cancelled sweep, continued.
    Resumed,
    /// A finished sweep, refreshed from the System Log.
    Refreshed,
}

/// The answer and how it was obtained, with warnings to show (a corrupt cache).
#[derive(Debug, Clone)]
pub struct SweepOutcome {
    pub record: SweepRecord,
    pub how: How,
    pub warnings: Vec<String>,
}

/// Brings the answer for `scope` up to date: continues a cancelled sweep, refreshes a
/// finished one (`Incremental`), or sweeps afresh. With a `store`, the answer is read from
/// and written to the cache; a corrupt cache is ignored with a warning.
pub async fn run(
    client: &Client,
    store: Option<&CacheStore>,
    scope: &Scope,
    mode: RefreshMode,
    report: Reporter<'_>,
) -> Result<SweepOutcome, MfaError> {
    let mut warnings = Vec::new();
    let cached = match store.map(CacheStore::load).transpose() {
        Ok(c) => c.flatten(),
        Err(e) => {
            tracing::warn!("{e}");
            warnings.push(e.to_string());
            None
        }
    };
    let cached = cached.filter(|r| r.org == client.org().as_str() && &r.scope == scope);
    let (record, how) = match cached {
        Some(r) if !r.is_complete() => (sweep::full(client, scope, Some(r), store, report).await?, How::Resumed),
        Some(r) if mode == RefreshMode::Incremental && refresh::can_refresh(&r, Utc::now()) => {
            (refresh::incremental(client, r, store, report).await?, How::Refreshed)
        }
        _ => (sweep::full(client, scope, None, store, report).await?, How::Swept),
    };
    Ok(SweepOutcome { record, how, warnings })
}

/// A short age: `42s`, `7m`, `3h`, `2d`.
pub fn age(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        3600..=86_399 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}
