//! The parts of a `LogEvent`: who acted, from where, on what, and with which outcome.

use serde_json::Value;

use super::super::debug_data::DebugData;
use super::super::lenient::lenient_model;
use super::super::scalar::Scalar;

lenient_model! {
    /// Who performed the action (`actor`).
    #[serde(rename_all = "camelCase")]
    pub struct Actor {
        /// User id, client id, or the IP address for ThreatInsight events.
        pub id: Option<String>,
        /// `User`, `SystemPrincipal`, `PublicClientApp`, `IP address`, …
        #[serde(rename = "type")]
        pub actor_type: Option<String>,
        /// For users, the login.
        pub alternate_id: Option<String>,
        /// The name to show.
        pub display_name: Option<String>,
        /// Extra details.
        pub detail_entry: Option<Value>,
    }
}

lenient_model! {
    /// Where the request came from (`client`).
    #[serde(rename_all = "camelCase")]
    pub struct Client {
        /// The browser or agent.
        pub user_agent: Option<UserAgent>,
        /// The network zone name; often the string `"null"` (see [`Client::zone`]).
        pub zone: Option<String>,
        /// `Computer`, `Mobile`, `Unknown`, …
        pub device: Option<String>,
        /// The OAuth client id, or the agent id for SSWS requests.
        pub id: Option<String>,
        /// The client IP; sometimes the string `"null"` (see [`Client::ip_address`]).
        pub ip_address: Option<String>,
        /// Where the IP is.
        pub geographical_context: Option<GeographicalContext>,
        /// The IP chain, where event-hook payloads put it.
        pub ip_chain: Option<Vec<IpChainEntry>>,
    }
}

impl Client {
    /// The network zone name; `None` if absent, JSON null or the string `"null"`.
    pub fn zone(&self) -> Option<&str> {
        not_null_text(self.zone.as_deref())
    }

    /// The client IP; `None` if absent, JSON null or the string `"null"`.
    pub fn ip_address(&self) -> Option<&str> {
        not_null_text(self.ip_address.as_deref())
    }
}

/// Okta writes a missing zone or IP as the string `"null"`.
fn not_null_text(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty() && !t.trim().eq_ignore_ascii_case("null"))
}

lenient_model! {
    /// The browser or agent (`client.userAgent`).
    #[serde(rename_all = "camelCase")]
    pub struct UserAgent {
        /// The `User-Agent` header as sent.
        pub raw_user_agent: Option<String>,
        /// Okta's reading of the OS (`Mac OS X`, `Windows 10`, …).
        pub os: Option<String>,
        /// Okta's reading of the browser (`CHROME`, `FIREFOX`, `UNKNOWN`, …).
        pub browser: Option<String>,
    }
}

lenient_model! {
    /// Where an IP address is (`geographicalContext`). Placeholders such as `City`,
    /// `Country` and `00000` occur in test data and are kept as sent.
    #[serde(rename_all = "camelCase")]
    pub struct GeographicalContext {
        /// City.
        pub city: Option<String>,
        /// State or region.
        pub state: Option<String>,
        /// Country name.
        pub country: Option<String>,
        /// Postal code: usually a string, a number in Okta's spec examples.
        pub postal_code: Option<Scalar>,
        /// Coordinates.
        pub geolocation: Option<Geolocation>,
    }
}

lenient_model! {
    /// Coordinates; numbers, or numeric strings in some exports.
    pub struct Geolocation {
        /// Latitude.
        pub lat: Option<Scalar>,
        /// Longitude.
        pub lon: Option<Scalar>,
    }
}

impl Geolocation {
    /// `(lat, lon)` as numbers, if both read as numbers.
    pub fn lat_lon(&self) -> Option<(f64, f64)> {
        Some((self.lat.as_ref()?.as_f64()?, self.lon.as_ref()?.as_f64()?))
    }
}

lenient_model! {
    /// The result of the action (`outcome`).
    pub struct Outcome {
        /// `SUCCESS`, `FAILURE`, `ALLOW`, `DENY`, `CHALLENGE`, `SKIPPED`, `RATE_LIMIT`, …
        pub result: Option<String>,
        /// Free text: `INVALID_CREDENTIALS`, `LOCKED_OUT`, ThreatInsight's reasons, …
        pub reason: Option<String>,
    }
}

lenient_model! {
    /// An entity the action applied to (`target[]`). Find targets by type, never by position.
    #[serde(rename_all = "camelCase")]
    pub struct Target {
        /// The entity id.
        pub id: Option<String>,
        /// `User`, `AppInstance`, `AppUser`, `UserGroup`, `PolicyEntity`, `PolicyRule`,
        /// `AuthenticatorEnrollment`, `Token`, …
        #[serde(rename = "type")]
        pub target_type: Option<String>,
        /// For users, the login.
        pub alternate_id: Option<String>,
        /// The name to show.
        pub display_name: Option<String>,
        /// Extra details (`signOnModeType`, `methodTypeUsed`, …).
        pub detail_entry: Option<Value>,
        /// What changed, for update events.
        pub change_details: Option<ChangeDetails>,
    }
}

lenient_model! {
    /// Before and after values of a change (`target[].changeDetails`).
    pub struct ChangeDetails {
        /// The values before.
        pub from: Option<Value>,
        /// The values after.
        pub to: Option<Value>,
    }
}

lenient_model! {
    /// How the actor authenticated (`authenticationContext`).
    #[serde(rename_all = "camelCase")]
    pub struct AuthenticationContext {
        /// `OKTA_AUTHENTICATION_PROVIDER`, `ACTIVE_DIRECTORY`, `FEDERATION`, …
        pub authentication_provider: Option<String>,
        /// The credential provider.
        pub credential_provider: Option<String>,
        /// `PASSWORD`, `OTP`, `JWT`, `ASSERTION`, …
        pub credential_type: Option<String>,
        /// The issuer of the credential.
        pub issuer: Option<Issuer>,
        /// The interface used.
        pub interface: Option<String>,
        /// Always 0 in practice.
        pub authentication_step: Option<Scalar>,
        /// The session: events of one sign-in session share it.
        pub external_session_id: Option<String>,
        /// The root session shared by related sessions.
        pub root_session_id: Option<String>,
    }
}

lenient_model! {
    /// The issuer of a credential.
    pub struct Issuer {
        /// Its id.
        pub id: Option<String>,
        /// Its type.
        #[serde(rename = "type")]
        pub issuer_type: Option<String>,
    }
}

lenient_model! {
    /// The `debugContext` object.
    #[serde(rename_all = "camelCase")]
    pub struct DebugContext {
        /// Free-form details; see [`DebugData`].
        pub debug_data: Option<DebugData>,
    }
}

lenient_model! {
    /// The operation the event belongs to (`transaction`).
    pub struct Transaction {
        /// `WEB` or `JOB`.
        #[serde(rename = "type")]
        pub transaction_type: Option<String>,
        /// The transaction id (the request id for web requests).
        pub id: Option<String>,
        /// Details, such as `requestApiTokenId`.
        pub detail: Option<Value>,
    }
}

lenient_model! {
    /// The HTTP request (`request`).
    #[serde(rename_all = "camelCase")]
    pub struct Request {
        /// The client IP first, then the proxies it went through.
        pub ip_chain: Option<Vec<IpChainEntry>>,
    }
}

lenient_model! {
    /// One hop of `ipChain`.
    #[serde(rename_all = "camelCase")]
    pub struct IpChainEntry {
        /// The IP address.
        pub ip: Option<String>,
        /// `V4` or `V6`.
        pub version: Option<String>,
        /// Where Okta learned it.
        pub source: Option<String>,
        /// Where the IP is.
        pub geographical_context: Option<GeographicalContext>,
        /// Network details of the IP.
        pub ip_details: Option<super::security::IpDetails>,
    }
}

lenient_model! {
    /// The device of an Okta Verify / FastPass sign-in (`device`; in Okta's examples, not in
    /// its schema).
    pub struct Device {
        /// The device id (`guo…`).
        pub id: Option<String>,
        /// The device name.
        pub name: Option<String>,
        /// `OSX`, `WINDOWS`, `IOS`, `ANDROID`, …
        pub os_platform: Option<String>,
        /// The OS version.
        pub os_version: Option<String>,
        /// Whether a device management tool manages it.
        pub managed: Option<bool>,
        /// Whether it is registered with Okta.
        pub registered: Option<bool>,
        /// Integrations, often JSON inside a string (`{"WSC":{},"CROWDSTRIKE":{}}`).
        pub device_integrator: Option<Value>,
        /// Disk encryption.
        pub disk_encryption_type: Option<String>,
        /// Screen lock.
        pub screen_lock_type: Option<String>,
        /// Whether it is jailbroken.
        pub jailbreak: Option<bool>,
        /// Whether it has secure hardware.
        pub secure_hardware_present: Option<bool>,
    }
}
