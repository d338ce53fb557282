//! The words `oktui doctor` starts each failure and warning with. Every one of them is a key
//! of the troubleshooting table in `docs/connect-okta.md` (a test checks that the table
//! mentions each one), so what doctor prints can always be looked up there.

/// SSWS: 401 `E0000011` on the first call.
pub const TOKEN_REFUSED: &str = "the org refused the API token";
/// 403 `E0000006` on the users list.
pub const NO_ROLE_FOR_USERS: &str = "no admin role lets this credential read users";
/// A 200 with no users at all.
pub const EMPTY_USERS: &str = "the users list came back empty";
/// A users list that does not parse.
pub const USERS_NOT_JSON: &str = "the users list is not valid JSON";
/// `/oauth2/v1/clients/{id}/roles` is an empty list.
pub const APP_WITHOUT_ROLE: &str = "the service app has no admin role";
/// `/api/v1/users/{id}/roles` of the token's owner is an empty list.
pub const OWNER_WITHOUT_ROLE: &str = "the token's admin has no admin role";
/// `/api/v1/users/me` could not be read.
pub const OWNER_UNREADABLE: &str = "cannot read the token's own user";
/// The roles endpoint answered 403 `insufficient_scope`.
pub const ROLES_NEED_SCOPE: &str = "the admin roles cannot be read without okta.roles.read";
/// The roles endpoint answered another error.
pub const ROLES_UNREADABLE: &str = "the admin roles cannot be read";
/// Super Administrator or Organization Administrator.
pub const MORE_THAN_NEEDED: &str = "more than oktui needs";
/// Only read-only roles on a profile that may act.
pub const CANNOT_ACT: &str = "can read but not act";
/// `.manage` scopes on a read-only profile.
pub const UNNEEDED_MANAGE_SCOPES: &str = "this read-only profile holds .manage scopes it does not need";
/// Scopes the console needs that the app was not granted.
pub const MISSING_SCOPES: &str = "missing scopes";
/// Actions whose own scope (Universal Logout, user risk, one session) the app was not granted.
pub const ACTIONS_WITHOUT_SCOPE: &str = "some actions lack their scope";
/// Clock skew beyond what assertions and DPoP proofs tolerate.
pub const CLOCK_SKEW: &str = "this machine's clock is off the org's by";
/// No `Date` header to measure skew with.
pub const NO_DATE: &str = "the org sent no Date header to compare with";
/// A rate-limit bucket under 10 % left.
pub const RATE_LOW: &str = "other integrations are using most of it";

/// Every lead above, for the troubleshooting table's test.
pub const ALL: &[&str] = &[
    TOKEN_REFUSED,
    NO_ROLE_FOR_USERS,
    EMPTY_USERS,
    USERS_NOT_JSON,
    APP_WITHOUT_ROLE,
    OWNER_WITHOUT_ROLE,
    OWNER_UNREADABLE,
    ROLES_NEED_SCOPE,
    ROLES_UNREADABLE,
    MORE_THAN_NEEDED,
    CANNOT_ACT,
    UNNEEDED_MANAGE_SCOPES,
    MISSING_SCOPES,
    ACTIONS_WITHOUT_SCOPE,
    CLOCK_SKEW,
    NO_DATE,
    RATE_LOW,
];

/// Where in the Admin Console a service app gets its role.
pub const APP_ROLE_STEP: &str =
    "Admin Console > Applications > Applications > the app > Admin roles > Edit assignments > Read-Only Administrator";
/// Where in the Admin Console the token's admin gets its role.
pub const OWNER_ROLE_STEP: &str =
    "Admin Console > Security > Administrators > Add administrator > the token's admin > Read-Only Administrator";
/// The custom role that lets oktui act and nothing more.
pub const ACTION_ROLE: &str = "a custom role with okta.users.read, okta.users.lifecycle.suspend, \
     okta.users.lifecycle.unsuspend, okta.users.lifecycle.clearSessions, okta.users.lifecycle.unlock, \
     okta.users.credentials.resetFactors and okta.users.credentials.expirePassword";
