//! What a finding of kind `catalog` says of the detection of Okta's Security Detection
//! Catalog that raised it: its id, title, MITRE tactics and techniques, the catalog's own
//! words (description, references, prevention advice, false-positive notes) and the events
//! Okta's filter matched. Part of the stable JSON shape of a finding (`catalog`).

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The catalog detection behind a finding, as the catalog's file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogDetail {
    /// The detection's `id` (hex).
    pub id: String,
    pub title: String,
    /// `detection` or `hunt` (the catalog's folder).
    pub entry: String,
    /// MITRE ATT&CK tactics (`Initial Access`, …).
    pub tactics: Vec<String>,
    /// MITRE ATT&CK techniques (`T1078: Valid Accounts`, …).
    pub techniques: Vec<String>,
    pub description: String,
    pub references: Vec<String>,
    /// The catalog's prevention advice.
    pub prevention: Vec<String>,
    /// The catalog's notes on what else matches (the finding's explanation).
    pub false_positives: Vec<String>,
    /// The System Log filter Okta ran.
    pub filter: String,
    /// The events matched, oldest first (at most the runner's cap; `evidence` has every uuid).
    pub matched: Vec<MatchedEvent>,
}

/// One event a catalog filter matched, in a line's worth of fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedEvent {
    pub uuid: String,
    pub published: Option<DateTime<Utc>>,
    pub event_type: String,
    /// The actor's login or name.
    pub actor: String,
    pub ip: Option<String>,
    /// `outcome.result`, and its reason when there is one.
    pub outcome: String,
    pub display_message: String,
}
