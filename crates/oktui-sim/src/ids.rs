//! Okta-shaped identifiers and timestamps, drawn from the sim's seeded random source.

use chrono::{DateTime, SecondsFormat, Utc};
use rand::Rng;

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// An Okta object id: a 3-character prefix (`00u`, `00g`, `0oa`, `mfa`, …) and 17 base62
/// characters, 20 in all.
pub fn okta_id(rng: &mut impl Rng, prefix: &str) -> String {
    let mut id = String::with_capacity(20);
    id.push_str(prefix);
    while id.len() < 20 {
        id.push(BASE62[rng.gen_range(0..BASE62.len())] as char);
    }
    id
}

/// A random token of `len` base62 characters (API tokens, secrets, request ids).
pub fn base62(rng: &mut impl Rng, len: usize) -> String {
    (0..len).map(|_| BASE62[rng.gen_range(0..BASE62.len())] as char).collect()
}

/// A version-4 UUID from the seeded source (event `uuid`s).
pub fn uuid(rng: &mut impl Rng) -> String {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid().to_string()
}

/// Okta's timestamp format: `2024-05-01T12:34:56.789Z`.
pub fn okta_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}
