//! Sign-in events read once: every event of the `SessionUse` family becomes a compact
//! [`SignIn`] in the classifying pass, so the sign-in detections group and filter by integer
//! ids and flags and go back to the event only for the evidence of what they raise.

use super::common::is_scripted_agent;
use crate::investigate::event::{BehaviorFlags, EventRef};
use crate::investigate::interner::{Id, IdInterner};
use crate::investigate::memory::Growth;
use crate::investigate::signals::EventRow;

/// How a sign-in came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInOutcome {
    /// `SUCCESS` or `ALLOW` (any case).
    Success,
    /// `FAILURE` or `DENY` (any case).
    Failure,
    /// Anything else, or no outcome.
    Other,
}

/// One sign-in event as the detections read it. The place and Okta's verdicts
/// (`country` to `risk_high`) are read for `user.session.start` only; other session uses
/// leave them empty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignIn {
    pub row: EventRow,
    pub outcome: SignInOutcome,
    /// [`EventRef::actor_login`], caseless.
    pub login: Option<Id>,
    /// [`EventRef::client_ip`].
    pub ip: Option<Id>,
    /// [`EventRef::session_id`].
    pub session: Option<Id>,
    /// The raw user agent.
    pub agent: Option<Id>,
    /// The user agent is a script's or an HTTP library's.
    pub scripted: bool,
    pub asn: Option<i64>,
    /// [`EventRef::country`], caseless.
    pub country: Option<Id>,
    /// The coordinates (see [`EventRef::geolocation`]).
    pub geo: Option<(f64, f64)>,
    /// Through an anonymising proxy, VPN or Tor.
    pub proxy: bool,
    pub behaviors: BehaviorFlags,
    /// Whether the event carries behavior verdicts at all.
    pub has_behaviors: bool,
    /// Okta rated the risk `HIGH`.
    pub risk_high: bool,
}

/// The strings of the sign-ins, interned: logins and countries ignore case; IPs, sessions
/// and agents do not.
#[derive(Debug, Clone, PartialEq)]
pub struct SignInNames {
    pub logins: IdInterner,
    pub ips: IdInterner,
    pub sessions: IdInterner,
    pub agents: IdInterner,
    pub countries: IdInterner,
    /// Per agent id: whether it is a script's.
    scripted_agents: Vec<bool>,
}

impl Default for SignInNames {
    fn default() -> Self {
        SignInNames {
            logins: IdInterner::caseless(),
            ips: IdInterner::exact(),
            sessions: IdInterner::exact(),
            agents: IdInterner::exact(),
            countries: IdInterner::caseless(),
            scripted_agents: Vec::new(),
        }
    }
}

impl SignInNames {
    /// The bytes the names would hold after their share of `growth` (see [`Growth`]).
    pub fn held_after(&self, growth: &Growth) -> usize {
        [&self.logins, &self.ips, &self.sessions, &self.agents, &self.countries]
            .iter()
            .map(|names| names.held_after(growth))
            .sum::<usize>()
            + growth.vec(&self.scripted_agents)
    }

    /// Reads a `SessionUse` event (`start`: a `user.session.start`, whose place and
    /// verdicts are read too).
    pub fn read(&mut self, row: EventRow, event: EventRef, start: bool) -> SignIn {
        let outcome = match event.outcome_result() {
            Some(r) if r.eq_ignore_ascii_case("SUCCESS") || r.eq_ignore_ascii_case("ALLOW") => SignInOutcome::Success,
            Some(r) if r.eq_ignore_ascii_case("FAILURE") || r.eq_ignore_ascii_case("DENY") => SignInOutcome::Failure,
            _ => SignInOutcome::Other,
        };
        let agent = event.user_agent().map(|a| self.agents.intern(a));
        if let Some(id) = agent {
            if id as usize == self.scripted_agents.len() {
                self.scripted_agents.push(is_scripted_agent(self.agents.text(id)));
            }
        }
        let mut sign_in = SignIn {
            row,
            outcome,
            login: event.actor_login().map(|l| self.logins.intern(l)),
            ip: event.client_ip().map(|ip| self.ips.intern(ip)),
            session: event.session_id().map(|s| self.sessions.intern(s)),
            agent,
            scripted: agent.is_some_and(|id| self.scripted_agents[id as usize]),
            asn: event.as_number(),
            country: None,
            geo: None,
            proxy: false,
            behaviors: BehaviorFlags::default(),
            has_behaviors: false,
            risk_high: false,
        };
        if start {
            sign_in.country = event.country().map(|c| self.countries.intern(c));
            sign_in.geo = event.geolocation();
            sign_in.proxy = event.is_proxy();
            sign_in.behaviors = event.behaviors();
            sign_in.has_behaviors = event.has_behaviors();
            sign_in.risk_high = event.risk_is_high();
        }
        sign_in
    }
}
