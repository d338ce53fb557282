//! What `update` knows of the world outside the console that it may not read itself: who
//! is at the keyboard and where approval ids come from. The runtime fills it once
//! ([`Context::of_this_session`]); the clock comes in as [`super::msg::Msg::Now`]. So
//! `update` reads no host name, environment, clock or random source, and a test that
//! gives it a fixed context gets the same approval every time.

/// The operator and the approval ids of one console session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// `user@host`, as the audit journal records who approved.
    pub operator: String,
    ids: Ids,
}

impl Context {
    /// A context for `operator`, its ids drawn from `seed`.
    pub fn new(operator: String, seed: u128) -> Context {
        Context { operator, ids: Ids { seed, next: 0 } }
    }

    /// This process's operator ([`crate::actions::operator::local_operator`]) and a random
    /// seed: for the runtime only.
    pub fn of_this_session() -> Context {
        Context::new(crate::actions::operator::local_operator(), uuid::Uuid::new_v4().as_u128())
    }

    /// A new approval id, unlike every other one of this context.
    pub fn next_id(&mut self) -> String {
        self.ids.next()
    }
}

impl Default for Context {
    /// No operator yet: the runtime fills it before the first key.
    fn default() -> Context {
        Context::new(String::new(), 0)
    }
}

/// Version-4-shaped uuids from one random seed: the n-th is the seed with n mixed into its
/// last 56 bits, which the version and variant bits leave alone, so no two are the same.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ids {
    seed: u128,
    next: u64,
}

impl Ids {
    fn next(&mut self) -> String {
        let n = u128::from(self.next & ((1 << 56) - 1));
        self.next = self.next.wrapping_add(1);
        uuid::Builder::from_random_bytes((self.seed ^ n).to_be_bytes()).into_uuid().hyphenated().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuids_the_same_for_one_seed_and_never_repeat() {
        let mut a = Context::new("ana@laptop".into(), 7);
        let mut b = Context::new("ana@laptop".into(), 7);
        let first: Vec<String> = (0..1000).map(|_| a.next_id()).collect();
        let again: Vec<String> = (0..1000).map(|_| b.next_id()).collect();
        assert_eq!(first, again);
        let unique: std::collections::HashSet<&String> = first.iter().collect();
        assert_eq!(unique.len(), first.len());
        let parsed = uuid::Uuid::parse_str(&first[1]).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_ne!(Context::new(String::new(), 8).next_id(), first[0]);
    }

    /// The modules `update` runs in, by name and source.
    const UPDATE_SIDE: [(&str, &str); 41] = [
        ("approval/mod.rs", include_str!("approval/mod.rs")),
        ("approval/state.rs", include_str!("approval/state.rs")),
        ("approval/update.rs", include_str!("approval/update.rs")),
        ("audit/mod.rs", include_str!("audit/mod.rs")),
        ("audit/state.rs", include_str!("audit/state.rs")),
        ("audit/update.rs", include_str!("audit/update.rs")),
        ("command.rs", include_str!("command.rs")),
        ("describe/mod.rs", include_str!("describe/mod.rs")),
        ("describe/state.rs", include_str!("describe/state.rs")),
        ("describe/update.rs", include_str!("describe/update.rs")),
        ("detail/mod.rs", include_str!("detail/mod.rs")),
        ("detail/state.rs", include_str!("detail/state.rs")),
        ("detail/update.rs", include_str!("detail/update.rs")),
        ("effect.rs", include_str!("effect.rs")),
        ("event/mod.rs", include_str!("event/mod.rs")),
        ("event/state.rs", include_str!("event/state.rs")),
        ("event/update.rs", include_str!("event/update.rs")),
        ("hunt/mod.rs", include_str!("hunt/mod.rs")),
        ("hunt/state.rs", include_str!("hunt/state.rs")),
        ("hunt/update.rs", include_str!("hunt/update.rs")),
        ("investigation/mod.rs", include_str!("investigation/mod.rs")),
        ("investigation/state.rs", include_str!("investigation/state.rs")),
        ("investigation/update.rs", include_str!("investigation/update.rs")),
        ("ip/mod.rs", include_str!("ip/mod.rs")),
        ("ip/state.rs", include_str!("ip/state.rs")),
        ("ip/update.rs", include_str!("ip/update.rs")),
        ("keys.rs", include_str!("keys.rs")),
        ("lists/mod.rs", include_str!("lists/mod.rs")),
        ("lists/columns.rs", include_str!("lists/columns.rs")),
        ("lists/state.rs", include_str!("lists/state.rs")),
        ("lists/update.rs", include_str!("lists/update.rs")),
        ("logs/mod.rs", include_str!("logs/mod.rs")),
        ("logs/state.rs", include_str!("logs/state.rs")),
        ("logs/update.rs", include_str!("logs/update.rs")),
        ("mfa/mod.rs", include_str!("mfa/mod.rs")),
        ("mfa/state.rs", include_str!("mfa/state.rs")),
        ("mfa/update.rs", include_str!("mfa/update.rs")),
        ("msg.rs", include_str!("msg.rs")),
        ("state.rs", include_str!("state.rs")),
        ("update.rs", include_str!("update.rs")),
        ("viewport.rs", include_str!("viewport.rs")),
    ];

    #[test]
    fn update_reads_no_clock_host_environment_random_source_or_global_set() {
        let forbidden = [
            "Utc::now",
            "Local::now",
            "SystemTime",
            "Instant::now",
            "env::var",
            "gethostname",
            "local_operator",
            "claimed_user",
            "new_v4",
            "Stamp::now",
            "IN_FLIGHT",
            "InFlight",
            "of_this_session",
        ];
        for (file, source) in UPDATE_SIDE {
            for word in forbidden {
                assert!(!source.contains(word), "src/app/{file} uses {word}: update must be pure");
            }
        }
    }
}
