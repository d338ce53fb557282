//! One file of Okta's Security Detection Catalog (`customer-detections`, one YAML file per
//! detection or hunt) read into a [`CatalogEntry`], or the reason oktui cannot run it. Pure:
//! text in, entry out. The format: `title`, `id`, `description`, `references`, `threat`
//! (`Tactic` list, `Technique` list of `Txxxx: name`), `prevention`, `false_positives`, and
//! `detection` with an `okta_systemlog` filter per engine (`OIE`, `Classic`) and/or an SPL
//! aggregation (`splunk`, `explanation`) or other engines' queries.

use serde_yaml::Value;

use crate::investigate::FindingSeverity;

/// Okta's two engines; a catalog file may give a filter for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Okta Identity Engine (the default).
    Oie,
    /// Okta Classic Engine.
    Classic,
}

impl Engine {
    /// `OIE` or `Classic`, as the catalog's keys spell them.
    pub fn key(self) -> &'static str {
        match self {
            Engine::Oie => "OIE",
            Engine::Classic => "Classic",
        }
    }

    /// `oie` or `classic` (config and command line, any case) as an engine.
    pub fn from_name(name: &str) -> Option<Engine> {
        match name.trim().to_ascii_lowercase().as_str() {
            "oie" | "identity engine" => Some(Engine::Oie),
            "classic" => Some(Engine::Classic),
            _ => None,
        }
    }
}

/// A detection file (`detections/`) or a hunt (`hunts/`): a hunt's hits are leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Detection,
    Hunt,
}

impl EntryKind {
    /// `detection` or `hunt`.
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Detection => "detection",
            EntryKind::Hunt => "hunt",
        }
    }
}

/// A catalog file oktui can run: its words and the filter for the org's engine.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogEntry {
    pub id: String,
    pub title: String,
    pub kind: EntryKind,
    pub description: String,
    pub references: Vec<String>,
    pub tactics: Vec<String>,
    pub techniques: Vec<String>,
    pub prevention: Vec<String>,
    pub false_positives: Vec<String>,
    /// The file's own `severity` (or `level`), when it gives one.
    pub severity: Option<FindingSeverity>,
    /// The System Log filter to send as-is.
    pub filter: String,
    /// The file's name, to say where a detection comes from.
    pub file: String,
}

/// Why a catalog file cannot be run by oktui.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    /// Not YAML, or not a mapping.
    #[error("malformed YAML: {0}")]
    Malformed(String),
    /// No `id` or `title`.
    #[error("no {0}: not a catalog entry")]
    Missing(&'static str),
    /// Only an SPL aggregation, which a System Log filter cannot express.
    #[error("only SPL (an aggregation a System Log filter cannot express): not for this engine")]
    SplOnly,
    /// No `okta_systemlog` query at all (other engines' queries only).
    #[error("no okta_systemlog filter (only {0})")]
    NoOktaFilter(String),
    /// An `okta_systemlog` filter, but none for the org's engine.
    #[error("no okta_systemlog filter for {wanted} (only {given})")]
    OtherEngine { wanted: &'static str, given: String },
    /// The filter is empty.
    #[error("its okta_systemlog filter for {0} is empty")]
    EmptyFilter(&'static str),
}

/// Reads one catalog file's text (`file`, its name; `kind`, from its folder) for `engine`.
pub fn parse_entry(text: &str, file: &str, kind: EntryKind, engine: Engine) -> Result<CatalogEntry, Unusable> {
    let doc: Value = serde_yaml::from_str(text).map_err(|e| Unusable::Malformed(e.to_string()))?;
    if !doc.is_mapping() {
        return Err(Unusable::Malformed("the file is not a mapping of fields".into()));
    }
    let id = scalar(&doc["id"]).filter(|s| !s.is_empty()).ok_or(Unusable::Missing("id"))?;
    let title = scalar(&doc["title"]).filter(|s| !s.is_empty()).ok_or(Unusable::Missing("title"))?;
    let filter = filter_for(&doc["detection"], engine)?;
    Ok(CatalogEntry {
        id,
        title,
        kind,
        description: scalar(&doc["description"]).unwrap_or_default(),
        references: list(&doc["references"]),
        tactics: list(&doc["threat"]["Tactic"]),
        techniques: list(&doc["threat"]["Technique"]),
        prevention: list(&doc["prevention"]),
        false_positives: list(&doc["false_positives"]),
        severity: scalar(&doc["severity"]).or_else(|| scalar(&doc["level"])).and_then(|s| severity(&s)),
        filter,
        file: file.to_string(),
    })
}

/// The `okta_systemlog` filter of `detection` for `engine`, or why there is none.
fn filter_for(detection: &Value, engine: Engine) -> Result<String, Unusable> {
    let Some(engines) = detection.as_mapping() else {
        return Err(Unusable::NoOktaFilter("no detection section".into()));
    };
    let names: Vec<String> = engines.keys().filter_map(scalar).collect();
    let Some(okta) = detection.get("okta_systemlog") else {
        if names.iter().any(|n| n == "splunk") {
            return Err(Unusable::SplOnly);
        }
        return Err(Unusable::NoOktaFilter(if names.is_empty() { "nothing".into() } else { names.join(", ") }));
    };
    match okta.get(engine.key()).and_then(scalar) {
        Some(filter) if filter.trim().is_empty() => Err(Unusable::EmptyFilter(engine.key())),
        Some(filter) => Ok(filter.trim().to_string()),
        None => {
            let given: Vec<String> =
                okta.as_mapping().map(|m| m.keys().filter_map(scalar).collect()).unwrap_or_default();
            let given = if given.is_empty() { "none".into() } else { given.join(", ") };
            Err(Unusable::OtherEngine { wanted: engine.key(), given })
        }
    }
}

/// A string, number or boolean as text, trimmed (`None` for anything else).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of strings (or one string), nulls left out; an item `T1078: Valid Accounts` that
/// YAML reads as a one-key mapping is given back as written.
fn list(v: &Value) -> Vec<String> {
    let item = |v: &Value| match v {
        Value::Mapping(m) => {
            let parts: Vec<String> = m
                .iter()
                .filter_map(|(k, v)| Some(format!("{}: {}", scalar(k)?, scalar(v).unwrap_or_default())))
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        other => scalar(other),
    };
    match v {
        Value::Sequence(items) => items.iter().filter_map(item).filter(|s| !s.is_empty()).collect(),
        other => item(other).into_iter().filter(|s| !s.is_empty()).collect(),
    }
}

/// A catalog severity word (`informational` counts as low).
fn severity(word: &str) -> Option<FindingSeverity> {
    match word.to_ascii_lowercase().as_str() {
        "info" | "informational" | "low" => Some(FindingSeverity::Low),
        "medium" | "moderate" => Some(FindingSeverity::Medium),
        "high" => Some(FindingSeverity::High),
        "critical" => Some(FindingSeverity::Critical),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
title: New API Token Created
id: 0a1b2c
description: |
  Detects a new token.
references:
  - https://example.com/a
  - null
author: Okta
threat:
  Tactic:
    - Persistence
  Technique:
    - T1078: Valid Accounts
prevention:
  - Rotate tokens.
detection:
  okta_systemlog:
    OIE: |
      eventType eq "system.api_token.create"
    Classic: eventType eq "system.api_token.create" and outcome.result eq "SUCCESS"
false_positives:
  - An admin made one.
severity: High
"#;

    #[test]
    fn a_full_entry_reads_with_its_words_and_the_engines_filter() {
        let e = parse_entry(FULL, "t.yml", EntryKind::Detection, Engine::Oie).unwrap();
        assert_eq!((e.id.as_str(), e.title.as_str()), ("0a1b2c", "New API Token Created"));
        assert_eq!(e.filter, r#"eventType eq "system.api_token.create""#);
        assert_eq!(e.references, ["https://example.com/a"]);
        assert_eq!(e.tactics, ["Persistence"]);
        assert_eq!(e.techniques, ["T1078: Valid Accounts"]);
        assert_eq!(e.false_positives, ["An admin made one."]);
        assert_eq!(e.severity, Some(FindingSeverity::High));
        let classic = parse_entry(FULL, "t.yml", EntryKind::Detection, Engine::Classic).unwrap();
        assert!(classic.filter.ends_with(r#"outcome.result eq "SUCCESS""#));
    }

    #[test]
    fn what_cannot_run_says_why() {
        let spl = "title: T\nid: x\ndetection:\n  explanation: counts\n  splunk: index=main | stats dc(actor.id)\n";
        assert_eq!(parse_entry(spl, "s", EntryKind::Detection, Engine::Oie), Err(Unusable::SplOnly));
        let other = "title: T\nid: x\ndetection:\n  osquery: select 1\n";
        assert_eq!(
            parse_entry(other, "o", EntryKind::Detection, Engine::Oie),
            Err(Unusable::NoOktaFilter("osquery".into()))
        );
        let oie_only = "title: T\nid: x\ndetection:\n  okta_systemlog:\n    OIE: eventType eq \"a\"\n";
        assert_eq!(
            parse_entry(oie_only, "c", EntryKind::Detection, Engine::Classic),
            Err(Unusable::OtherEngine { wanted: "Classic", given: "OIE".into() })
        );
        assert!(matches!(parse_entry("title: [", "m", EntryKind::Hunt, Engine::Oie), Err(Unusable::Malformed(_))));
        assert!(matches!(parse_entry("- a\n- b\n", "m", EntryKind::Hunt, Engine::Oie), Err(Unusable::Malformed(_))));
        assert_eq!(
            parse_entry("title: T\ndetection: {}\n", "n", EntryKind::Hunt, Engine::Oie),
            Err(Unusable::Missing("id"))
        );
        let empty = "title: T\nid: x\ndetection:\n  okta_systemlog:\n    OIE: '  '\n";
        assert_eq!(parse_entry(empty, "e", EntryKind::Hunt, Engine::Oie), Err(Unusable::EmptyFilter("OIE")));
    }

    #[test]
    fn engines_read_from_their_names() {
        assert_eq!(Engine::from_name(" OIE "), Some(Engine::Oie));
        assert_eq!(Engine::from_name("classic"), Some(Engine::Classic));
        assert_eq!(Engine::from_name("v3"), None);
    }
}
