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
