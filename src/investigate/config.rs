//! The detections' thresholds and lists, from the config file's `[detections]` table; every
//! field has a documented default (README, "Detections").

use serde::Deserialize;

/// Thresholds of the detections. Windows are in minutes.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DetectionConfig {
    /// Countries whose sign-ins are flagged (`client.geographicalContext.country`, as Okta
    /// spells them). Default: Russia, China, North Korea, Iran, Belarus.
    pub suspicious_countries: Vec<String>,
    /// Password spray: distinct logins failing from one IP within `spray_window_mins`. Default 5.
    pub spray_min_users: usize,
    /// Password spray window. Default 15.
    pub spray_window_mins: i64,
    /// Brute force: failed sign-ins for one login within `brute_force_window_mins`. Default 5.
    pub brute_force_min_failures: usize,
    /// Brute force window. Default 15.
    pub brute_force_window_mins: i64,
    /// Success after failures: a success at most this long after a spray or brute force. Default 60.
    pub success_after_failures_window_mins: i64,
    /// MFA fatigue: pushes denied or unanswered for one user within `mfa_fatigue_window_mins`. Default 5.
    pub mfa_fatigue_min_pushes: usize,
    /// MFA fatigue window. Default 10.
    pub mfa_fatigue_window_mins: i64,
    /// MFA failures: failed MFA verifications for one user within `mfa_failures_window_mins`. Default 5.
    pub mfa_failures_min: usize,
    /// MFA failures window. Default 10.
    pub mfa_failures_window_mins: i64,
    /// Impossible travel: the speed, in km/h, two sign-ins imply above which they are flagged. Default 900.
    pub impossible_travel_kmh: f64,
    /// Impossible travel: sign-ins closer than this, in km, are never flagged (geo-IP noise). Default 500.
    pub impossible_travel_min_km: f64,
    /// Admin console access: a visit at most this long after the user was granted an admin
    /// role is `high`. Default 60.
    pub admin_console_after_grant_mins: i64,
    /// Shared device: distinct users one device (`oktaDeviceId`) is added to. Default 2.
    pub shared_device_min_users: usize,
    /// Shared phone: distinct users one phone (`MobilePhone` target) is verified for. Default 2.
    pub shared_phone_min_users: usize,
    /// Rapid application access: distinct apps one user opens from the dashboard within
    /// `rapid_app_access_window_mins`. Default 10.
    pub rapid_app_access_min_apps: usize,
    /// Rapid application access window. Default 1.
    pub rapid_app_access_window_mins: i64,
    /// Failed requests to access apps: apps whose sign-on challenge one session left
    /// unsatisfied, at least. Default 3.
    pub app_access_failures_min_apps: usize,
    /// Failed requests to access apps: the session's successes per challenge stay below
    /// this. Default 0.5.
    pub app_access_failures_max_success_ratio: f64,
    /// MFA abandonment: prompts left unanswered or abandoned for one user from one IP within
    /// `mfa_abandonment_window_mins`. Default 5.
    pub mfa_abandonment_min_prompts: usize,
    /// MFA abandonment: distinct users with abandoned prompts from one IP within the window.
    /// Default 5.
    pub mfa_abandonment_min_users: usize,
    /// MFA abandonment window. Default 60.
    pub mfa_abandonment_window_mins: i64,
    /// Okta's detection catalog: folders (or files) in its format whose filter detections a
    /// hunt runs; one path or a list. Default none.
    #[serde(deserialize_with = "one_or_many")]
    pub catalog: Vec<std::path::PathBuf>,
    /// Whose expressions of the catalog run: `auto` (what the org says it is), `oie` or `classic`. Default auto.
    pub catalog_engine: CatalogEngine,
    /// `[[detections.suppress.rule]]`: findings judged benign, set aside by rule. Default none.
    pub suppress: crate::investigate::suppress::Suppressions,
}

/// The engine whose catalog expressions run (`[detections] catalog_engine`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CatalogEngine {
    /// What the org's `/.well-known/okta-organization` says (Identity Engine when it cannot tell).
    #[default]
    Auto,
    Oie,
    Classic,
}

/// One path or a list of paths.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<std::path::PathBuf>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Paths {
        One(std::path::PathBuf),
        Many(Vec<std::path::PathBuf>),
    }
    Ok(match Paths::deserialize(d)? {
        Paths::One(p) => vec![p],
        Paths::Many(ps) => ps,
    })
}

impl Default for DetectionConfig {
    fn default() -> Self {
        DetectionConfig {
            suspicious_countries: ["Russia", "China", "North Korea", "Iran", "Belarus"].map(String::from).to_vec(),
            spray_min_users: 5,
            spray_window_mins: 15,
            brute_force_min_failures: 5,
            brute_force_window_mins: 15,
            success_after_failures_window_mins: 60,
            mfa_fatigue_min_pushes: 5,
            mfa_fatigue_window_mins: 10,
            mfa_failures_min: 5,
            mfa_failures_window_mins: 10,
            impossible_travel_kmh: 900.0,
            impossible_travel_min_km: 500.0,
            admin_console_after_grant_mins: 60,
            shared_device_min_users: 2,
            shared_phone_min_users: 2,
            rapid_app_access_min_apps: 10,
            rapid_app_access_window_mins: 1,
            app_access_failures_min_apps: 3,
            app_access_failures_max_success_ratio: 0.5,
            mfa_abandonment_min_prompts: 5,
            mfa_abandonment_min_users: 5,
            mfa_abandonment_window_mins: 60,
            catalog: Vec::new(),
            catalog_engine: CatalogEngine::Auto,
            suppress: Default::default(),
        }
    }
}

impl DetectionConfig {
    /// Whether sign-ins from `country` are flagged (case-insensitive).
    pub fn is_suspicious_country(&self, country: &str) -> bool {
        self.suspicious_countries.iter().any(|c| c.trim().eq_ignore_ascii_case(country.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_table_keeps_the_other_defaults() {
        let config: DetectionConfig = toml::from_str("spray_min_users = 8\nsuspicious_countries = [\"Iran\"]").unwrap();
        assert_eq!(config.spray_min_users, 8);
        assert!(config.is_suspicious_country("iran"));
        assert!(!config.is_suspicious_country("Russia"));
        assert_eq!(config.brute_force_min_failures, DetectionConfig::default().brute_force_min_failures);
    }

    #[test]
    fn the_catalog_is_one_path_or_several() {
        let one: DetectionConfig = toml::from_str("catalog = \"/c\"\ncatalog_engine = \"classic\"").unwrap();
        assert_eq!(one.catalog, [std::path::PathBuf::from("/c")]);
        assert_eq!(one.catalog_engine, CatalogEngine::Classic);
        let two: DetectionConfig = toml::from_str("catalog = [\"/a\", \"/b\"]").unwrap();
        assert_eq!(two.catalog.len(), 2);
        assert!(toml::from_str::<DetectionConfig>("catalog_engine = \"v2\"").is_err());
    }

    #[test]
    fn a_misspelt_threshold_is_refused() {
        assert!(toml::from_str::<DetectionConfig>("spray_users = 8").is_err());
    }
}
