//! The org's own data, read straight from the sim over HTTP, to check that JSON output is
//! the same data as received (escaping changes the bytes, never the values).

use std::collections::BTreeMap;

use oktui::sim::SimServer;
use serde_json::Value;

use crate::common::{collect_pages, ssws};

/// Every item of a list of the sim, all pages.
pub async fn list(sim: &SimServer, path: &str) -> Vec<Value> {
    collect_pages(&format!("{}{path}", sim.url()), &ssws(sim)).await.0
}

/// The policies of every type oktui lists, each with its rules under `_embedded.rules`.
pub async fn policies(sim: &SimServer) -> Vec<Value> {
    let mut all = Vec::new();
    for t in oktui::okta::api::policies::TYPES {
        for mut policy in list(sim, &format!("/api/v1/policies?type={t}")).await {
            let id = policy["id"].as_str().expect("a policy has an id").to_string();
            let rules = list(sim, &format!("/api/v1/policies/{id}/rules")).await;
            let object = policy.as_object_mut().expect("a policy is an object");
            object.entry("_embedded").or_insert_with(|| serde_json::json!({}))["rules"] = Value::Array(rules);
            all.push(policy);
        }
    }
    all
}

/// Asserts `got` holds the same objects as `want`, matched by their `key` field.
pub fn same(what: &str, got: &[Value], want: &[Value], key: &str) {
    let index = |items: &[Value]| -> BTreeMap<String, Value> {
        items
            .iter()
            .map(|v| {
                (v[key].as_str().unwrap_or_else(|| panic!("{what}: an item without {key}")).to_string(), v.clone())
            })
            .collect()
    };
    let (got, want) = (index(got), index(want));
    let missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "{what}: missing {missing:?}, not in the org {extra:?}");
    for (k, v) in &got {
        assert!(v == &want[k], "{what}: {key} {k} differs from what the org sent:\n{v}\n{}", want[k]);
    }
}
