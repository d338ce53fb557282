//! The org's users as the detections know them: who exists, their status, and who holds an
//! admin role (when the credential may read role assignments).

use crate::investigate::{Directory, KnownUser};
use crate::mfa::admins;
use crate::okta::api::users::{self, UserQuery};
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::model::User;
use crate::okta::ratelimit::Priority;

/// Every user of the org, with admins marked where readable.
pub async fn fetch_directory(client: &Client, priority: Priority) -> Result<Directory, OktaError> {
    let (users, admins) =
        tokio::join!(users::list(&UserQuery::default()).all::<User>(client, priority), admins::admin_ids(client));
    let admins = match admins {
        Ok(ids) => ids,
        Err(e) if admins::is_unavailable(&e) => Default::default(),
        Err(e) => return Err(e),
    };
    Ok(Directory::new(users?.into_iter().filter_map(|user| {
        let id = user.id.clone()?;
        let login = user.profile.as_ref()?.login.clone()?;
        let status = user.status.clone().unwrap_or_default();
        Some(KnownUser { admin: Some(admins.contains(&id)), id, login, status, mfa: None })
    })))
}
