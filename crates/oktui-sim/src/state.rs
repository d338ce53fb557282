//! The state every handler of the simulated org shares.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::logs::store::LogStore;
use super::oauth::OAuthState;
use super::org::Org;
use super::ratelimit::RateLimiter;
use super::requests::RequestLog;
use super::sessions::{SessionClears, Sessions, SimSession};
use super::{Credentials, SimConfig};

/// Shared state behind the sim's router.
#[derive(Debug)]
pub struct SimState {
    pub config: SimConfig,
    /// `http://127.0.0.1:PORT`, no trailing slash: the org URL, the issuer and the base of links.
    pub base_url: String,
    /// The credentials the sim accepts (also printed by `oktui sim serve`).
    pub credentials: Credentials,
    pub org: RwLock<Org>,
    pub logs: LogStore,
    pub oauth: Mutex<OAuthState>,
    pub limiter: RateLimiter,
    /// Every request answered, for tests that check what a client sent.
    pub requests: RequestLog,
    /// The live log adds nothing while set (tests that compare a tail with the record).
    pub live_log_paused: AtomicBool,
    /// Held while the live log checks the pause and appends a burst, so pausing can wait
    /// for a burst already under way.
    pub live_log_turn: Mutex<()>,
    /// Users (ids or logins, compared case-insensitively) whose factor list answers 403.
    pub factors_denied: RwLock<BTreeSet<String>>,
    /// Every sessions clear applied, with what it revoked and forgot.
    pub sessions_cleared: SessionClears,
    /// The Okta sessions alive now.
    pub sessions: Sessions,
    /// Users' risk levels set by an admin (`PUT /api/v1/users/{id}/risk`): user id → (level, reason).
    pub risks: Mutex<std::collections::BTreeMap<String, (String, String)>>,
    /// Bounded System Log queries over this many seconds time out (0: none do); from
    /// [`Faults::log_query_timeout_over_secs`](super::Faults), changed with
    /// [`SimState::time_out_log_queries_over`].
    pub log_query_timeout_over: AtomicU64,
    /// While set, the first page after the first of each bounded System Log window (its
    /// first `after` cursor) times out once ([`SimState::time_out_log_cursors_once`]).
    pub log_cursor_timeouts: Mutex<Option<BTreeSet<(i64, i64)>>>,
}

impl SimState {
    /// From now on, bounded System Log queries whose window is longer than `secs` seconds
    /// time out as Okta's do (500 `E0000009`); `None`: none do.
    pub fn time_out_log_queries_over(&self, secs: Option<u64>) {
        self.log_query_timeout_over.store(secs.unwrap_or(0), Ordering::SeqCst);
    }

    /// From now on (`true`), the first `after` page of each bounded System Log window times
    /// out once, as Okta's may when a query runs long half-way through a window.
    pub fn time_out_log_cursors_once(&self, on: bool) {
        *self.log_cursor_timeouts.lock().unwrap_or_else(|e| e.into_inner()) = on.then(BTreeSet::new);
    }

    /// Whether the cursor page of the window `(since, until)` (milliseconds) times out now:
    /// the first time it is asked for while [`SimState::time_out_log_cursors_once`] is on.
    pub fn log_cursor_times_out(&self, window: (i64, i64)) -> bool {
        let mut timeouts = self.log_cursor_timeouts.lock().unwrap_or_else(|e| e.into_inner());
        timeouts.as_mut().is_some_and(|seen| seen.insert(window))
    }

    /// The window length past which bounded System Log queries time out, if any.
    pub fn log_query_timeout(&self) -> Option<u64> {
        Some(self.log_query_timeout_over.load(Ordering::SeqCst)).filter(|&s| s > 0)
    }

    /// Reads the directory; a poisoned lock (a panicked handler) still yields the data.
    pub fn org(&self) -> RwLockReadGuard<'_, Org> {
        self.org.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the directory.
    pub fn org_mut(&self) -> RwLockWriteGuard<'_, Org> {
        self.org.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes `GET /api/v1/users/{id}/factors` answer 403 for these users (ids or logins).
    pub fn deny_factors<'a>(&self, users: impl IntoIterator<Item = &'a str>) {
        let mut denied = self.factors_denied.write().unwrap_or_else(|e| e.into_inner());
        denied.extend(users.into_iter().map(str::to_lowercase));
    }

    /// Whether reading this user's factors is denied.
    pub fn factors_denied_for(&self, id: &str, login: &str) -> bool {
        let denied = self.factors_denied.read().unwrap_or_else(|e| e.into_inner());
        denied.contains(&id.to_lowercase()) || denied.contains(&login.to_lowercase())
    }

    /// Starts an Okta session for `user` (id or login), as a sign-in would; its id, or `None`
    /// for an unknown user.
    pub fn start_session(&self, user: &str) -> Option<String> {
        let org = self.org();
        let u = org.find_user(user)?;
        let now = chrono::Utc::now();
        let id = format!("102{}", super::ids::base62(&mut rand::thread_rng(), 22));
        self.sessions.start(SimSession {
            id: id.clone(),
            user_id: u.id.clone(),
            login: u.profile.login.clone(),
            created: now,
            expires: now + chrono::Duration::hours(2),
        });
        Some(id)
    }

    /// `user`'s risk level now (`NONE` when never set) and its reason.
    pub fn risk_of(&self, user_id: &str) -> (String, Option<String>) {
        let risks = self.risks.lock().unwrap_or_else(|e| e.into_inner());
        match risks.get(user_id) {
            Some((level, reason)) => (level.clone(), Some(reason.clone())),
            None => ("NONE".to_string(), None),
        }
    }

    /// The OAuth server's mutable state (issued tokens, used `jti`s, nonces).
    pub fn oauth(&self) -> MutexGuard<'_, OAuthState> {
        self.oauth.lock().unwrap_or_else(|e| e.into_inner())
    }
}
