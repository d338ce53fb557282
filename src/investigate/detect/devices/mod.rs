//! Devices and phones added to accounts: every device enrollment (`device_enrolled`), one
//! device added to several users (`shared_device`), one phone number verified for several
//! users (`shared_phone`).

pub mod device_enrolled;
pub mod shared_device;
pub mod shared_phone;

use std::collections::{BTreeMap, BTreeSet};

use crate::investigate::detect::common::{counted, login_shown, place, shown};
use crate::investigate::detect::evidence::Evidence;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{EventRow, Family, Signals};
use crate::investigate::{Finding, FindingKind, FindingSeverity};

/// The device an enrollment names: `detailEntry.oktaDeviceId`, else a device target's id.
fn device_of<'a>(event: EventRef<'a>) -> Option<&'a str> {
    event.device_id().or_else(|| {
        event
            .targets()
            .find(|t| {
                t.target_type().is_some_and(|k| k.eq_ignore_ascii_case("UDDevice") || k.eq_ignore_ascii_case("Device"))
            })
            .and_then(|t| t.id())
            .filter(|id| !id.trim().is_empty())
    })
}

/// One thing (a device, a phone) and the distinct users it was added to, with the events.
#[derive(Default)]
struct Shared {
    users: BTreeSet<String>,
    rows: Vec<EventRow>,
}

/// Groups the successful events of `family` by the key `key_of` finds, with their actors.
fn shared_by(
    signals: &Signals,
    family: Family,
    key_of: impl for<'a> Fn(EventRef<'a>) -> Option<&'a str>,
) -> BTreeMap<String, Shared> {
    let mut by_key: BTreeMap<String, Shared> = BTreeMap::new();
    for &row in signals.rows(family) {
        let event = signals.event(row);
        if event.is_failure() {
            continue;
        }
        let (Some(key), Some(user)) = (key_of(event), event.actor_login()) else { continue };
        let shared = by_key.entry(key.to_string()).or_default();
        shared.users.insert(login_shown(user));
        shared.rows.push(row);
    }
    by_key
}

/// The finding for one thing added to at least `min` users (`what`: "device", "phone").
fn shared_finding(
    signals: &Signals,
    kind: FindingKind,
    what: &str,
    key: &str,
    shared: Shared,
    min: usize,
) -> Option<Finding> {
    if shared.users.len() < min.max(2) {
        return None;
    }
    let mut evidence = Evidence::default();
    shared.rows.iter().for_each(|r| evidence.add(signals.event(*r)));
    let first = signals.event(*shared.rows.first()?);
    let name = first.targets().find_map(|t| t.display_name()).filter(|n| !n.trim().is_empty()).map(shown);
    let summary = format!(
        "one {what} ({}{}) was registered to {}: {}, first from {}",
        shown(key),
        name.map(|n| format!(", \"{n}\"")).unwrap_or_default(),
        counted(shared.users.len(), "user", "users"),
        shared.users.iter().cloned().collect::<Vec<_>>().join(", "),
        place(first)
    );
    let confidence = (0.55 + 0.1 * shared.users.len() as f64).min(0.9);
    Some(evidence.finding(kind, FindingSeverity::Medium, confidence, summary, shared.users))
}
