//! What the detections know of the org's users beyond the events: who exists, their status,
//! whether they have MFA and whether they are admins. Optional everywhere: a hunt over events
//! alone still works, with less corroboration.

use std::collections::HashMap;

/// Whether a user has a second factor, as far as is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaState {
    /// No active factor.
    None,
    /// Only SMS, voice, email or a security question.
    WeakOnly,
    /// Push, TOTP, WebAuthn, FastPass or hardware.
    Strong,
}

/// One user as the detections see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownUser {
    pub id: String,
    pub login: String,
    /// Okta's status (`ACTIVE`, `SUSPENDED`, …).
    pub status: String,
    /// `None` when the factors were not read.
    pub mfa: Option<MfaState>,
    /// Holds an admin role; `None` when not known (the roles were not read, or only the
    /// events were).
    pub admin: Option<bool>,
}

/// The known users, found by login (case-insensitive) or id.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    users: Vec<KnownUser>,
    by_login: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
}

impl Directory {
    /// A directory of these users.
    pub fn new(users: impl IntoIterator<Item = KnownUser>) -> Directory {
        let mut directory = Directory::default();
        for user in users {
            directory.insert(user);
        }
        directory
    }

    /// Adds or replaces a user.
    pub fn insert(&mut self, user: KnownUser) {
        let index = match self.by_id.get(&user.id) {
            Some(&i) => {
                self.users[i] = user.clone();
                i
            }
            None => {
                self.users.push(user.clone());
                self.users.len() - 1
            }
        };
        self.by_login.insert(user.login.to_lowercase(), index);
        self.by_id.insert(user.id, index);
    }

    /// The user with this login, any case.
    pub fn by_login(&self, login: &str) -> Option<&KnownUser> {
        self.by_login.get(&login.to_lowercase()).map(|&i| &self.users[i])
    }

    /// The user with this id.
    pub fn by_id(&self, id: &str) -> Option<&KnownUser> {
        self.by_id.get(id).map(|&i| &self.users[i])
    }

    /// Whether nothing is known (a hunt over events alone).
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, login: &str) -> KnownUser {
        KnownUser { id: id.into(), login: login.into(), status: "ACTIVE".into(), mfa: None, admin: Some(false) }
    }

    #[test]
    fn finds_by_login_any_case_and_by_id() {
        let mut d = Directory::new([user("00u1", "Ana@Acme.example")]);
        assert_eq!(d.by_login("ana@acme.EXAMPLE").map(|u| u.id.as_str()), Some("00u1"));
        assert_eq!(d.by_id("00u1").map(|u| u.login.as_str()), Some("Ana@Acme.example"));
        d.insert(KnownUser { status: "SUSPENDED".into(), ..user("00u1", "ana@acme.example") });
        assert_eq!(d.by_login("ana@acme.example").map(|u| u.status.as_str()), Some("SUSPENDED"));
        assert!(d.by_login("bo@acme.example").is_none());
    }
}
