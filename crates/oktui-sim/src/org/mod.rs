//! The simulated org's directory: users, groups, apps, policies and admin roles.
//!
//! `generate` builds an org deterministically from a seed; `render` turns each object into
//! the JSON Okta's Management API returns for it. Routes only read and mutate these types;
//! the wire format lives in `render` alone.

pub mod generate;
pub mod render;

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Everything the simulated org holds, apart from its System Log.
#[derive(Debug, Clone)]
pub struct Org {
    /// The email/login domain of the org's people, e.g. `acme.example`.
    pub domain: String,
    pub users: Vec<SimUser>,
    pub groups: Vec<SimGroup>,
    pub apps: Vec<SimApp>,
    pub policies: Vec<SimPolicy>,
    /// Id of the admin user whose SSWS API token the sim hands out (`/api/v1/users/me`).
    pub api_token_owner_id: String,
    /// Admin roles assigned to the OAuth service app (`/oauth2/v1/clients/{id}/roles`).
    pub service_app_roles: Vec<SimRole>,
}

/// A user and what hangs off it (factors, roles, sign-in habits for the log generator).
#[derive(Debug, Clone)]
pub struct SimUser {
    /// `00u` + 17 base62 characters.
    pub id: String,
    /// One of Okta's user statuses: ACTIVE, SUSPENDED, LOCKED_OUT, STAGED, PROVISIONED,
    /// DEPROVISIONED, PASSWORD_EXPIRED, RECOVERY.
    pub status: String,
    pub created: DateTime<Utc>,
    pub activated: Option<DateTime<Utc>>,
    pub status_changed: Option<DateTime<Utc>>,
    pub last_login: Option<DateTime<Utc>>,
    pub last_updated: DateTime<Utc>,
    pub password_changed: Option<DateTime<Utc>>,
    pub profile: UserProfile,
    pub factors: Vec<SimFactor>,
    pub roles: Vec<SimRole>,
    /// Where this person normally signs in from; the log generator uses it.
    pub home: Location,
    /// The user agent this person normally uses.
    pub user_agent: UserAgent,
}

/// The Okta user profile fields the sim fills.
#[derive(Debug, Clone)]
pub struct UserProfile {
    pub login: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    pub department: String,
    pub title: String,
    pub city: String,
    pub state: String,
    pub country_code: String,
    pub mobile_phone: Option<String>,
    pub employee_number: String,
    pub user_type: String,
}

/// A place with its network: the geo and security context of a sign-in.
#[derive(Debug, Clone)]
pub struct Location {
    pub city: String,
    pub state: String,
    /// Full country name, as in Okta's `geographicalContext.country`.
    pub country: String,
    pub postal_code: String,
    pub lat: f64,
    pub lon: f64,
    pub ip: String,
    pub as_number: u32,
    pub as_org: String,
    pub isp: String,
    pub domain: String,
    pub is_proxy: bool,
}

/// A browser/OS combination as Okta's `client.userAgent` reports it.
#[derive(Debug, Clone)]
pub struct UserAgent {
    pub raw: String,
    pub os: String,
    pub browser: String,
}

/// An enrolled factor (`GET /api/v1/users/{id}/factors`).
#[derive(Debug, Clone)]
pub struct SimFactor {
    /// `mfa`/`sms`/`ost`/`fwf`… prefix + 17 base62 characters, like Okta's factor ids.
    pub id: String,
    /// Okta `factorType`: push, sms, call, email, question, token:software:totp, webauthn, signed_nonce, token:hardware, …
    pub factor_type: String,
    /// OKTA, GOOGLE, FIDO, YUBICO, …
    pub provider: String,
    pub vendor_name: String,
    /// ACTIVE, PENDING_ACTIVATION, NOT_SETUP, …
    pub status: String,
    pub created: DateTime<Utc>,
    pub last_updated: DateTime<Utc>,
    /// The type-specific `profile` object (phoneNumber, credentialId, deviceType, …).
    pub profile: Value,
}

/// An admin role assignment (`GET /api/v1/users/{id}/roles`).
#[derive(Debug, Clone)]
pub struct SimRole {
    /// `ra1` + 17 base62 characters, or `irb…` for custom roles.
    pub id: String,
    /// SUPER_ADMIN, ORG_ADMIN, READ_ONLY_ADMIN, HELP_DESK_ADMIN, USER_ADMIN, APP_ADMIN, …
    pub role_type: String,
    pub label: String,
    /// USER, GROUP or CLIENT.
    pub assignment_type: String,
    pub created: DateTime<Utc>,
}

/// A group and its members.
#[derive(Debug, Clone)]
pub struct SimGroup {
    /// `00g` + 17 base62 characters.
    pub id: String,
    pub name: String,
    pub description: String,
    /// OKTA_GROUP, APP_GROUP or BUILT_IN (the `Everyone` group).
    pub group_type: String,
    pub created: DateTime<Utc>,
    pub last_updated: DateTime<Utc>,
    pub last_membership_updated: DateTime<Utc>,
    pub member_ids: Vec<String>,
}

/// An app instance and its assignments.
#[derive(Debug, Clone)]
pub struct SimApp {
    /// `0oa` + 17 base62 characters.
    pub id: String,
    /// The app's catalog name, e.g. `salesforce`, `oidc_client`, `bookmark`.
    pub name: String,
    pub label: String,
    /// ACTIVE or INACTIVE.
    pub status: String,
    /// SAML_2_0, OPENID_CONNECT, BOOKMARK, AUTO_LOGIN, SECURE_PASSWORD_STORE, …
    pub sign_on_mode: String,
    pub created: DateTime<Utc>,
    pub last_updated: DateTime<Utc>,
    /// Users assigned directly (AppUser `scope` = USER).
    pub user_ids: Vec<String>,
    /// Groups assigned (their members get AppUser `scope` = GROUP).
    pub group_ids: Vec<String>,
}

/// A policy with its rules.
#[derive(Debug, Clone)]
pub struct SimPolicy {
    /// `00p` / `rst` + 17 base62 characters.
    pub id: String,
    /// OKTA_SIGN_ON, PASSWORD, MFA_ENROLL, ACCESS_POLICY, …
    pub policy_type: String,
    pub name: String,
    pub description: String,
    pub priority: u32,
    pub status: String,
    pub system: bool,
    pub created: DateTime<Utc>,
    pub last_updated: DateTime<Utc>,
    pub conditions: Value,
    pub settings: Value,
    pub rules: Vec<SimPolicyRule>,
}

/// One rule of a policy.
#[derive(Debug, Clone)]
pub struct SimPolicyRule {
    /// `0pr` + 17 base62 characters.
    pub id: String,
    pub name: String,
    pub priority: u32,
    pub status: String,
    pub system: bool,
    /// Rule type: SIGN_ON, PASSWORD, MFA_ENROLL, ACCESS_POLICY, …
    pub rule_type: String,
    pub created: DateTime<Utc>,
    pub last_updated: DateTime<Utc>,
    pub conditions: Value,
    pub actions: Value,
}

impl Org {
    /// Finds a user by id or by login (case-insensitive), as `GET /api/v1/users/{idOrLogin}` does.
    pub fn find_user(&self, id_or_login: &str) -> Option<&SimUser> {
        self.users.iter().find(|u| u.id == id_or_login || u.profile.login.eq_ignore_ascii_case(id_or_login))
    }

    /// Mutable twin of [`Org::find_user`].
    pub fn find_user_mut(&mut self, id_or_login: &str) -> Option<&mut SimUser> {
        self.users.iter_mut().find(|u| u.id == id_or_login || u.profile.login.eq_ignore_ascii_case(id_or_login))
    }

    /// The groups a user belongs to.
    pub fn groups_of<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a SimGroup> + 'a {
        self.groups.iter().filter(move |g| g.member_ids.iter().any(|m| m == user_id))
    }

    /// The apps assigned to a user, directly or through a group, with the assignment scope
    /// (`USER` or `GROUP`).
    pub fn apps_of<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = (&'a SimApp, &'static str)> + 'a {
        self.apps.iter().filter_map(move |a| {
            if a.user_ids.iter().any(|u| u == user_id) {
                Some((a, "USER"))
            } else if a
                .group_ids
                .iter()
                .any(|g| self.groups.iter().any(|grp| &grp.id == g && grp.member_ids.iter().any(|m| m == user_id)))
            {
                Some((a, "GROUP"))
            } else {
                None
            }
        })
    }
}

/// Named people every simulated org contains, whatever the seed, so the README can point a
/// newcomer at each attack scenario. A persona's login is `{local part}@{Org::domain}`.
pub mod personas {
    /// Service admin owning the printed SSWS API token (READ_ONLY_ADMIN + USER_ADMIN).
    pub const API_TOKEN_OWNER: &str = "svc-oktui";
    /// Super administrator, strong MFA; actor of most admin events and of the privilege grant.
    pub const SUPER_ADMIN: &str = "dana.whitfield";
    /// Victim of MFA push bombing that ends in an accepted push (push factor only).
    pub const PUSH_BOMBED: &str = "marcus.oyelaran";
    /// Victim of a brute force that ends in a lockout (status LOCKED_OUT).
    pub const BRUTE_FORCED: &str = "priya.raman";
    /// Signs in from a flagged country (Russia).
    pub const FLAGGED_COUNTRY: &str = "alex.novak";
    /// Impossible travel: New York, then Singapore 40 minutes later.
    pub const TRAVELLER: &str = "elena.sokolova";
    /// Granted ORG_ADMIN, then opens the admin console.
    pub const NEW_ADMIN: &str = "jordan.mbeki";
    /// Their session is reused from a second IP and ASN.
    pub const SESSION_HIJACKED: &str = "sam.calder";
    /// Help-desk admin with no MFA factor enrolled (an MFA enrollment gap).
    pub const ADMIN_NO_MFA: &str = "chris.doyle";

    /// Every persona's login, before the `@` of the org's domain.
    pub const ALL: [&str; 9] = [
        API_TOKEN_OWNER,
        SUPER_ADMIN,
        PUSH_BOMBED,
        BRUTE_FORCED,
        FLAGGED_COUNTRY,
        TRAVELLER,
        NEW_ADMIN,
        SESSION_HIJACKED,
        ADMIN_NO_MFA,
    ];
}
