//! `securityContext`: network reputation of the request and, in newer orgs, Okta's risk and
//! behavior verdicts in structured form.

use super::super::lenient::lenient_model;
use super::super::scalar::Scalar;

lenient_model! {
    /// The `securityContext` object. All fields are nullable.
    #[serde(rename_all = "camelCase")]
    pub struct SecurityContext {
        /// Autonomous system number.
        pub as_number: Option<Scalar>,
        /// Autonomous system organization.
        pub as_org: Option<String>,
        /// Internet service provider.
        pub isp: Option<String>,
        /// Domain of the IP.
        pub domain: Option<String>,
        /// Whether the IP is a known proxy.
        pub is_proxy: Option<bool>,
        /// Network details, including anonymizer categories.
        pub ip_details: Option<IpDetails>,
        /// Okta's risk verdict.
        pub risk: Option<SecurityRisk>,
        /// Behavior detections, structured.
        pub user_behaviors: Option<Vec<UserBehavior>>,
        /// Bot protection verdict.
        pub bot_protection: Option<BotProtection>,
    }
}

lenient_model! {
    /// Network details of an IP (`ipDetails`).
    #[serde(rename_all = "camelCase")]
    pub struct IpDetails {
        /// Autonomous system number.
        pub as_number: Option<Scalar>,
        /// Autonomous system organization.
        pub as_org: Option<String>,
        /// Internet service provider.
        pub isp: Option<String>,
        /// Domain of the IP.
        pub domain: Option<String>,
        /// Anonymizer categories (VPN, Proxy, Tor, …).
        pub ip_service_categories: Option<Vec<IpServiceCategory>>,
    }
}

lenient_model! {
    /// An anonymizer category of an IP.
    #[serde(rename_all = "camelCase")]
    pub struct IpServiceCategory {
        /// `VPN`, `Proxy`, `Tor`, `Residential Proxy`, `Blockchain VPN`.
        #[serde(rename = "type")]
        pub category_type: Option<String>,
        /// The operator (`WARP_VPN`, …).
        pub operator: Option<String>,
        /// Whether it anonymizes.
        pub is_anonymous: Option<bool>,
    }
}

lenient_model! {
    /// `securityContext.risk`.
    #[serde(rename_all = "camelCase")]
    pub struct SecurityRisk {
        /// `LOW`, `MEDIUM` or `HIGH`.
        pub level: Option<String>,
        /// The level before this event.
        pub previous_level: Option<String>,
        /// Why.
        pub reasons: Option<Vec<String>>,
        /// The detection that raised it.
        pub detection_name: Option<String>,
        /// Who assessed it.
        pub issuer: Option<String>,
    }
}

lenient_model! {
    /// One entry of `securityContext.userBehaviors`.
    pub struct UserBehavior {
        /// The behavior rule id (`bhv…`).
        pub id: Option<String>,
        /// `New Device`, `New Geo-Location`, `Velocity`, …
        pub name: Option<String>,
        /// `POSITIVE`, `NEGATIVE`, `UNKNOWN` or `BAD_REQUEST`.
        pub result: Option<String>,
    }
}

lenient_model! {
    /// `securityContext.botProtection`.
    pub struct BotProtection {
        /// `NONE`, `LOW`, `MEDIUM` or `HIGH`.
        pub level: Option<String>,
    }
}
