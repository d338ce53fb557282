//! The simulated org's Okta sessions (`GET`/`DELETE /api/v1/sessions/{id}`), started by tests
//! with [`SimState::start_session`](crate::state::SimState::start_session) and ended by a
//! revoke, a clear, a suspend or Universal Logout; and the record of clears.
//!
//! Clearing a user's sessions in the simulated org (`DELETE /api/v1/users/{id}/sessions`),
//! with Okta's defaults for what the request leaves out: `oauthTokens` false and
//! `forgetDevices` true (the sim is an Identity Engine org; Classic Engine defaults it to
//! false). The sim models no devices, so this record is what revoking tokens and forgetting
//! devices amount to here: tests read it to check what a client asked for. Bounded: the
//! oldest entries go first.

use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// Entries kept at most.
const CAPACITY: usize = 10_000;

/// `oauthTokens` when the request leaves it out.
pub const OAUTH_TOKENS_DEFAULT: bool = false;
/// `forgetDevices` when the request leaves it out (Identity Engine).
pub const FORGET_DEVICES_DEFAULT: bool = true;

/// One clear, as applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionsCleared {
    pub at: DateTime<Utc>,
    pub user_id: String,
    /// Whether the user's OAuth access and refresh tokens were revoked.
    pub oauth_tokens: bool,
    /// Whether every device forgot the user's remembered factors.
    pub forget_devices: bool,
}

/// Every clear the sim applied, oldest first.
#[derive(Debug, Default)]
pub struct SessionClears {
    inner: Mutex<VecDeque<SessionsCleared>>,
}

impl SessionClears {
    /// Records one clear.
    pub fn push(&self, clear: SessionsCleared) {
        let mut entries = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.pop_front();
        }
        entries.push_back(clear);
    }

    /// A copy of every recorded clear, oldest first.
    pub fn all(&self) -> Vec<SessionsCleared> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
    }
}

/// One Okta session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimSession {
    /// `102` + 22 base62 characters, like Okta's session ids.
    pub id: String,
    pub user_id: String,
    pub login: String,
    pub created: DateTime<Utc>,
    pub expires: DateTime<Utc>,
}

/// The sessions alive now.
#[derive(Debug, Default)]
pub struct Sessions {
    inner: Mutex<Vec<SimSession>>,
}

impl Sessions {
    /// Adds a session.
    pub fn start(&self, session: SimSession) {
        let mut all = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if all.len() >= CAPACITY {
            all.remove(0);
        }
        all.push(session);
    }

    /// The session `id`, if alive.
    pub fn get(&self, id: &str) -> Option<SimSession> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|s| s.id == id).cloned()
    }

    /// Ends the session `id`; the ended session, if it was alive.
    pub fn end(&self, id: &str) -> Option<SimSession> {
        let mut all = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let at = all.iter().position(|s| s.id == id)?;
        Some(all.remove(at))
    }

    /// Ends every session of `user_id`; how many there were.
    pub fn end_all_of(&self, user_id: &str) -> usize {
        let mut all = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let before = all.len();
        all.retain(|s| s.user_id != user_id);
        before - all.len()
    }

    /// The ids of `user_id`'s sessions alive now.
    pub fn of(&self, user_id: &str) -> Vec<String> {
        let all = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        all.iter().filter(|s| s.user_id == user_id).map(|s| s.id.clone()).collect()
    }
}
