//! Password guessing: failed sign-ins (`user.session.start` FAILURE) grouped into bursts by
//! source IP (password spray: many logins) or by login (brute force: many tries), and the
//! successes that followed them.

pub mod brute_force;
pub mod password_spray;
pub mod success_after_failures;

use std::collections::{BTreeSet, HashMap, HashSet};

use super::common::{bursts, Caseless};
use crate::investigate::signals::{Family, Row, Signals};
use crate::investigate::DetectionConfig;

/// Failed sign-ins from one IP against many logins within the spray window.
#[derive(Debug, Clone)]
pub struct SprayBurst<'a> {
    pub ip: &'a str,
    /// The failures of the burst, oldest first.
    pub rows: Vec<Row>,
    /// The logins tried.
    pub logins: BTreeSet<String>,
}

/// Failed sign-ins for one login within the brute-force window.
#[derive(Debug, Clone)]
pub struct BruteBurst<'a> {
    pub login: Caseless<'a>,
    /// The failures of the burst, oldest first.
    pub rows: Vec<Row>,
    /// The IPs they came from.
    pub ips: BTreeSet<&'a str>,
}

/// The dated failed sign-ins, each with its login and IP where known.
fn failures<'s, 'a>(
    signals: &'s Signals<'a>,
) -> impl Iterator<Item = (Row, i64, Option<&'a str>, Option<&'a str>)> + 's {
    signals.rows(Family::SessionStart).iter().filter_map(move |&row| {
        let at = row.at?;
        let event = signals.event(row);
        event.is_failure().then(|| (row, at, event.actor_login(), event.client_ip()))
    })
}

/// Every password-spray burst.
pub fn spray_bursts<'a>(signals: &Signals<'a>, config: &DetectionConfig) -> Vec<SprayBurst<'a>> {
    let mut by_ip: HashMap<&'a str, Vec<(i64, Caseless<'a>, Row)>> = HashMap::new();
    for (row, at, login, ip) in failures(signals) {
        if let (Some(login), Some(ip)) = (login, ip) {
            by_ip.entry(ip).or_default().push((at, Caseless(login), row));
        }
    }
    let window = config.spray_window_mins.saturating_mul(60_000);
    let mut out = Vec::new();
    for (ip, rows) in by_ip {
        if rows.len() < config.spray_min_users {
            continue;
        }
        let keyed: Vec<(i64, Caseless)> = rows.iter().map(|r| (r.0, r.1)).collect();
        for range in bursts(&keyed, window, config.spray_min_users.max(1), true) {
            let part = &rows[range];
            out.push(SprayBurst {
                ip,
                rows: part.iter().map(|r| r.2).collect(),
                logins: part.iter().map(|r| r.1.shown()).collect(),
            });
        }
    }
    out.sort_by(|a, b| a.rows.first().map(|r| r.at).cmp(&b.rows.first().map(|r| r.at)).then(a.ip.cmp(b.ip)));
    out
}

/// One failed sign-in: when, from which IP.
type Attempt<'a> = (i64, Option<&'a str>, Row);

/// Every brute-force burst. Failures that are part of a password spray are the spray's and
/// do not count: a sprayed user who then mistypes their password is not brute-forced.
pub fn brute_bursts<'a>(signals: &Signals<'a>, config: &DetectionConfig) -> Vec<BruteBurst<'a>> {
    let sprayed: HashSet<usize> =
        spray_bursts(signals, config).iter().flat_map(|b| b.rows.iter().map(|r| r.index)).collect();
    let mut by_login: HashMap<Caseless<'a>, Vec<Attempt<'a>>> = HashMap::new();
    for (row, at, login, ip) in failures(signals) {
        if sprayed.contains(&row.index) {
            continue;
        }
        if let Some(login) = login {
            by_login.entry(Caseless(login)).or_default().push((at, ip, row));
        }
    }
    let window = config.brute_force_window_mins.saturating_mul(60_000);
    let mut out = Vec::new();
    for (login, rows) in by_login {
        if rows.len() < config.brute_force_min_failures {
            continue;
        }
        let keyed: Vec<(i64, ())> = rows.iter().map(|r| (r.0, ())).collect();
        for range in bursts(&keyed, window, config.brute_force_min_failures.max(1), false) {
            let part = &rows[range];
            out.push(BruteBurst {
                login,
                rows: part.iter().map(|r| r.2).collect(),
                ips: part.iter().filter_map(|r| r.1).collect(),
            });
        }
    }
    out.sort_by(|a, b| a.rows.first().map(|r| r.at).cmp(&b.rows.first().map(|r| r.at)).then(a.login.0.cmp(b.login.0)));
    out
}

/// The first and last time of some rows (ms), when dated.
pub fn span(rows: &[Row]) -> Option<(i64, i64)> {
    Some((rows.first()?.at?, rows.last()?.at?))
}
