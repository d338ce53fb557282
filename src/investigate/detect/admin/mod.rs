//! Changes to who may administer the org and how it is protected: admin roles granted, the
//! Admin Console opened, API tokens created, security policies weakened, factors reset.

pub mod admin_console_access;
pub mod api_token_created;
pub mod factor_reset;
pub mod policy_weakened;
pub mod privilege_grant;

use crate::investigate::detect::common::login_shown;
use crate::investigate::event::EventRef;

/// Who acted, as findings name them: the login, else the display name or id (service apps).
fn actor_name(event: EventRef) -> Option<String> {
    if let Some(login) = event.actor_login() {
        return Some(login_shown(login));
    }
    let name = event.actor_display_name().or(event.actor_id())?;
    (!name.trim().is_empty() && !name.eq_ignore_ascii_case("unknown")).then(|| login_shown(name))
}
