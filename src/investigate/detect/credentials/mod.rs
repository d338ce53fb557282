//! Password guessing: failed sign-ins (`user.session.start` FAILURE) grouped into bursts by
//! source IP (password spray: many logins) or by login (brute force: many tries), and the
//! successes that followed them.

pub mod brute_force;
pub mod password_spray;
pub mod success_after_failures;

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use super::common::{bursts, login_shown, Caseless};
use super::SignInOutcome;
use crate::investigate::interner::Id;
use crate::investigate::signals::{EventRow, Signals};
use crate::investigate::DetectionConfig;

/// Failed sign-ins from one IP against many logins within the spray window.
#[derive(Debug, Clone)]
pub struct SprayBurst<'a> {
    pub ip: &'a str,
    /// The failures of the burst, oldest first.
    pub rows: Vec<EventRow>,
    /// The logins tried.
    pub logins: BTreeSet<String>,
}

/// Failed sign-ins for one login within the brute-force window.
#[derive(Debug, Clone)]
pub struct BruteBurst<'a> {
    pub login: Caseless<'a>,
    /// The failures of the burst, oldest first.
    pub rows: Vec<EventRow>,
    /// The IPs they came from.
    pub ips: BTreeSet<&'a str>,
}

/// The dated failed sign-ins, each with its login and IP ids where known.
fn failures<'s>(signals: &'s Signals) -> impl Iterator<Item = (EventRow, i64, Option<Id>, Option<Id>)> + 's {
    signals.starts().iter().filter_map(|s| {
        let at = s.row.at?;
        (s.outcome == SignInOutcome::Failure).then_some((s.row, at, s.login, s.ip))
    })
}

/// Every password-spray burst.
pub fn spray_bursts<'a>(signals: &'a Signals, config: &DetectionConfig) -> Vec<SprayBurst<'a>> {
    let mut by_ip: FxHashMap<Id, Vec<(i64, Id, EventRow)>> = FxHashMap::default();
    for (row, at, login, ip) in failures(signals) {
        if let (Some(login), Some(ip)) = (login, ip) {
            by_ip.entry(ip).or_default().push((at, login, row));
        }
    }
    let names = signals.names();
    let window = config.spray_window_mins.saturating_mul(60_000);
    let mut out = Vec::new();
    for (ip, rows) in by_ip {
        if rows.len() < config.spray_min_users {
            continue;
        }
        let keyed: Vec<(i64, Id)> = rows.iter().map(|r| (r.0, r.1)).collect();
        for range in bursts(&keyed, window, config.spray_min_users.max(1), true) {
            let part = &rows[range];
            out.push(SprayBurst {
                ip: names.ips.text(ip),
                rows: part.iter().map(|r| r.2).collect(),
                logins: part.iter().map(|r| login_shown(names.logins.text(r.1))).collect(),
            });
        }
    }
    out.sort_by(|a, b| a.rows.first().map(|r| r.at).cmp(&b.rows.first().map(|r| r.at)).then(a.ip.cmp(b.ip)));
    out
}

/// One failed sign-in: when, from which IP.
type Attempt = (i64, Option<Id>, EventRow);

/// Every brute-force burst. Failures that are part of a password spray are the spray's and
/// do not count: a sprayed user who then mistypes their password is not brute-forced.
pub fn brute_bursts<'a>(signals: &'a Signals, config: &DetectionConfig) -> Vec<BruteBurst<'a>> {
    let sprayed: FxHashSet<usize> =
        spray_bursts(signals, config).iter().flat_map(|b| b.rows.iter().map(|r| r.index)).collect();
    let mut by_login: FxHashMap<Id, Vec<Attempt>> = FxHashMap::default();
    for (row, at, login, ip) in failures(signals) {
        if sprayed.contains(&row.index) {
            continue;
        }
        if let Some(login) = login {
            by_login.entry(login).or_default().push((at, ip, row));
        }
    }
    let ips = &signals.names().ips;
    let window = config.brute_force_window_mins.saturating_mul(60_000);
    let mut out = Vec::new();
    for rows in by_login.into_values() {
        if rows.len() < config.brute_force_min_failures {
            continue;
        }
        // The login as the login's first failure spells it.
        let Some(login) = signals.event(rows[0].2).actor_login() else { continue };
        let keyed: Vec<(i64, ())> = rows.iter().map(|r| (r.0, ())).collect();
        for range in bursts(&keyed, window, config.brute_force_min_failures.max(1), false) {
            let part = &rows[range];
            out.push(BruteBurst {
                login: Caseless(login),
                rows: part.iter().map(|r| r.2).collect(),
                ips: part.iter().filter_map(|r| r.1).map(|ip| ips.text(ip)).collect(),
            });
        }
    }
    out.sort_by(|a, b| a.rows.first().map(|r| r.at).cmp(&b.rows.first().map(|r| r.at)).then(a.login.0.cmp(b.login.0)));
    out
}

/// The first and last time of some rows (ms), when dated.
pub fn span(rows: &[EventRow]) -> Option<(i64, i64)> {
    Some((rows.first()?.at?, rows.last()?.at?))
}
