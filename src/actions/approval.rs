//! The approval gate: the only way to make an [`Approved`], the only thing
//! [`super::execute`] accepts. An approval needs a plan whose precondition holds, a reason,
//! and a confirmation, and it is stamped with who approved, when, and an id, all given by the
//! caller (approving reads no clock, host or random source). The same action on the same
//! user cannot run twice at once: [`super::execute`] alone holds the set of changes in flight.

use std::collections::HashSet;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use super::action::OrgChange;
use super::error::ActionError;
use super::preflight::Plan;

/// How the operator said yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// What they typed: the target's login, or its local part (see [`confirms`]).
    Typed(String),
    /// `--yes` on a headless command: the script's author approved in advance.
    YesFlag,
}

/// An approved action: one use, not cloneable, made only by [`approve`].
#[derive(Debug, PartialEq, Eq)]
pub struct Approved {
    id: String,
    plan: Plan,
    reason: String,
    operator: String,
    at: DateTime<Utc>,
    part_of: Option<PlanStep>,
}

/// Where an approved action stands in a containment plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    /// The plan's id, shared by every step's records.
    pub plan_id: String,
    /// The step's place, from 1.
    pub step: usize,
    /// Every step of the plan, by command name, in order.
    pub steps: Vec<String>,
}

impl Approved {
    /// The approval's id, shared by its intent and outcome records.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What was approved.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The action.
    pub fn action(&self) -> &OrgChange {
        &self.plan.action
    }

    /// The target's user id.
    pub fn target_id(&self) -> &str {
        &self.plan.target.id
    }

    /// Why, in the operator's words (sanitised).
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// `user@host`.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// When it was approved.
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// The containment plan this action is a step of, if any.
    pub fn part_of(&self) -> Option<&PlanStep> {
        self.part_of.as_ref()
    }

    /// This approval as step `step` of a containment plan (only the plan's approval does this).
    pub(super) fn in_plan(mut self, step: PlanStep) -> Approved {
        self.part_of = Some(step);
        self
    }
}

/// Whether `typed` confirms `login`: trimmed, it is the whole login or its [`local_part`],
/// compared ASCII-case-insensitively (Okta's logins are case-insensitive; other letters must
/// match exactly). Nothing shorter: a tail such as `xample` or `acme.example` is the same
/// for every user of the org, so it would not name the target.
pub fn confirms(login: &str, typed: &str) -> bool {
    let typed = typed.trim();
    !typed.is_empty()
        && (typed.eq_ignore_ascii_case(login)
            || local_part(login).is_some_and(|local| typed.eq_ignore_ascii_case(local)))
}

/// The part of `login` before its `@`, when it names the user on its own: the login has
/// exactly one `@`, something before it, and it is not a tail of the domain (in
/// `example@acme.example`, `example` would read as the org's domain, which every user
/// shares). `None` otherwise: then only the whole login confirms.
pub fn local_part(login: &str) -> Option<&str> {
    let (local, domain) = login.split_once('@')?;
    let shared = domain.to_ascii_lowercase().ends_with(&local.to_ascii_lowercase());
    (!local.is_empty() && !domain.contains('@') && !shared).then_some(local)
}

/// What the operator is asked to type for `login`.
pub fn confirmation_prompt(login: &str) -> String {
    format!("type the login {} to approve", accepted_confirmations(login))
}

/// What a typed confirmation of `login` may be, in words: `ana@acme.example or ana`.
pub fn accepted_confirmations(login: &str) -> String {
    match local_part(login) {
        Some(local) => format!("{login} or {local}"),
        None => login.to_string(),
    }
}

/// Who approved, when, and the approval's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The approval's id, shared by its intent and outcome records.
    pub id: String,
    /// `user@host`.
    pub operator: String,
    pub at: DateTime<Utc>,
}

impl Stamp {
    /// Now, by this process's operator, with a new random id: for a headless command.
    pub fn now() -> Stamp {
        Stamp { id: uuid::Uuid::new_v4().to_string(), operator: super::operator::local_operator(), at: Utc::now() }
    }
}

/// Approves `plan` for `reason`, stamped with `stamp`, if the precondition holds, the reason
/// is given and the confirmation matches.
pub fn approve(plan: Plan, reason: &str, confirmation: Confirmation, stamp: Stamp) -> Result<Approved, ActionError> {
    if let Some(why) = &plan.blocked {
        return Err(ActionError::Refused(why.clone()));
    }
    let reason = crate::sanitize::clean(reason.trim()).into_owned();
    if reason.is_empty() {
        return Err(ActionError::Refused("a reason is required (--reason)".into()));
    }
    if let Confirmation::Typed(typed) = &confirmation {
        if !confirms(&plan.target.login, typed) {
            return Err(ActionError::Refused(format!(
                "the confirmation does not match the login {}",
                plan.target.login
            )));
        }
    }
    let Stamp { id, operator, at } = stamp;
    Ok(Approved { id, plan, reason, operator, at, part_of: None })
}

/// Which action on whom in which org: user ids are unique within an org only.
type FlightKey = (&'static str, String, String);

/// Actions being executed now, by (action name, org URL, user id).
static IN_FLIGHT: Mutex<Option<HashSet<FlightKey>>> = Mutex::new(None);

/// Holds an action's place in flight until dropped.
pub(super) struct InFlight {
    key: FlightKey,
}

impl InFlight {
    /// Takes the place of `approved`'s action, or refuses when it is already taken.
    pub(super) fn enter(approved: &Approved) -> Result<InFlight, ActionError> {
        let key = (approved.action().name(), approved.plan.org.clone(), approved.target_id().to_string());
        let mut guard = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        if !guard.get_or_insert_with(HashSet::new).insert(key.clone()) {
            return Err(ActionError::Refused(format!(
                "{} of {} is already in flight; wait for its outcome",
                key.0, approved.plan.target.login
            )));
        }
        Ok(InFlight { key })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut guard = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(set) = guard.as_mut() {
            set.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::actions::preflight::Target;

    fn plan(login: &str, status: &str) -> Plan {
        let target = Target {
            id: format!("00u-{login}"),
            login: login.into(),
            name: "N".into(),
            status: status.into(),
            admin_roles: None,
            active_apps: None,
        };
        Plan::new(OrgChange::Suspend, target, "https://x".into(), "p".into(), None)
    }

    #[test]
    fn the_login_or_its_local_part_confirms_and_nothing_shared_does() {
        let login = "kevin.barros@acme.example";
        for typed in [login, "kevin.barros", " KEVIN.BARROS@ACME.EXAMPLE ", "Kevin.Barros"] {
            assert!(confirms(login, typed), "{typed:?}");
        }
        for typed in
            ["xample", "example", "acme.example", "@acme.example", "s@acme.example", "", "  ", "kevin", "barros"]
        {
            assert!(!confirms(login, typed), "{typed:?}");
        }
        // A local part that reads as the domain's tail, or that is not one, confirms nothing.
        assert!(
            !confirms("example@acme.example", "example") && confirms("example@acme.example", "EXAMPLE@acme.example")
        );
        assert!(!confirms("a@b@c.io", "a") && !confirms("@acme.example", ""));
        assert!(confirms("kbarros", "kbarros") && !confirms("kbarros", "barros"));
        // Only ASCII letters fold: Okta compares logins case-insensitively, and nothing else is guessed.
        assert!(!confirms("émile@x.io", "Émile"));
    }

    #[test]
    fn the_prompt_names_what_may_be_typed() {
        assert_eq!(
            confirmation_prompt("kevin.barros@acme.example"),
            "type the login kevin.barros@acme.example or kevin.barros to approve"
        );
        assert_eq!(confirmation_prompt("a@b@c.io"), "type the login a@b@c.io to approve");
    }

    /// Logins as an org holds them: a local part, `@`, a domain of two or three labels.
    fn any_login() -> impl Strategy<Value = String> {
        ("[a-zA-Z0-9._+-]{1,24}", "[a-z0-9-]{1,12}(\\.[a-z]{2,8}){1,2}").prop_map(|(l, d)| format!("{l}@{d}"))
    }

    /// Whether `typed` is, trimmed and up to ASCII case, the whole login or the part before its `@`.
    fn is_login_or_local_part(login: &str, typed: &str) -> bool {
        let typed = typed.trim();
        let local = login.split('@').next().unwrap_or_default();
        typed.eq_ignore_ascii_case(login) || (!local.is_empty() && typed.eq_ignore_ascii_case(local))
    }

    /// `text` with the ASCII case of the letters at the set bits of `flips` changed, and spaces around.
    fn mangled(text: &str, flips: u64, pad: (usize, usize)) -> String {
        let flipped: String =
            text.chars().enumerate().map(|(i, c)| if flips >> (i % 64) & 1 == 1 { flip_case(c) } else { c }).collect();
        format!("{}{flipped}{}", " ".repeat(pad.0), " ".repeat(pad.1))
    }

    fn flip_case(c: char) -> char {
        if c.is_ascii_uppercase() {
            c.to_ascii_lowercase()
        } else {
            c.to_ascii_uppercase()
        }
    }

    /// What an operator might type for `login`: a tail of it, a head or any slice, with its
    /// case and the spaces around it sometimes changed, or any text at all.
    fn any_typed(login: String) -> impl Strategy<Value = String> {
        let chars: Vec<char> = login.chars().collect();
        let n = chars.len();
        let tail = (1..=n).prop_map(move |k| (n - k, n));
        let slice = (0..=n, 0..=n).prop_map(|(a, b)| (a.min(b), a.max(b)));
        let flips = prop_oneof![Just(0u64), any::<u64>()];
        let pads = prop_oneof![3 => Just((0, 0)), 1 => (0..2usize, 0..2usize)];
        let piece = (prop_oneof![tail, slice], flips, pads)
            .prop_map(move |((a, b), flips, pads)| mangled(&chars[a..b].iter().collect::<String>(), flips, pads));
        prop_oneof![3 => piece, 1 => any::<String>()]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Nothing but the whole login or its local part confirms.
        #[test]
        fn only_the_login_or_its_local_part_confirms(
            (login, typed) in any_login().prop_flat_map(|l| (Just(l.clone()), any_typed(l)))
        ) {
            prop_assert!(!confirms(&login, &typed) || is_login_or_local_part(&login, &typed), "{typed:?} confirmed {login}");
        }

        /// The whole login confirms in any ASCII case, with spaces around it.
        #[test]
        fn the_whole_login_always_confirms(login in any_login(), flips in any::<u64>(), l in 0..3usize, r in 0..3usize) {
            prop_assert!(confirms(&login, &mangled(&login, flips, (l, r))));
        }

        /// No tail of the domain (`xample`, `acme.example`, `@acme.example`), which every
        /// user of the org shares, ever confirms, whatever its case.
        #[test]
        fn no_shared_domain_suffix_confirms(login in any_login(), flips in any::<u64>()) {
            let at = login.find('@').unwrap_or(0);
            for (start, _) in login.char_indices().filter(|(i, _)| *i >= at) {
                let suffix = mangled(&login[start..], flips, (0, 0));
                prop_assert!(!confirms(&login, &suffix), "{suffix:?} confirmed {login}");
            }
        }
    }
    /// A plan for `action` whose precondition holds, on a user in the state it needs.
    fn ready(action: OrgChange, login: &str) -> Plan {
        use crate::actions::preflight::{ActionFacts, FactorFact, SessionFact};
        let status = action.required_status().unwrap_or("ACTIVE");
        let target = Target {
            id: "00u-any".into(),
            login: login.into(),
            name: "N".into(),
            status: status.into(),
            admin_roles: None,
            active_apps: None,
        };
        let factor = FactorFact { id: String::new(), factor_type: "push".into(), status: "ACTIVE".into() };
        let facts = ActionFacts {
            factors: Some(Ok(vec![factor])),
            has_password: Some(true),
            risk: Some(Ok("MEDIUM".into())),
            session: Some(Ok(SessionFact { id: String::new(), user_id: "00u-any".into(), status: "ACTIVE".into() })),
        };
        Plan::with_facts(action, target, facts, "https://x".into(), "p".into(), None)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        /// For every kind of change, and for a containment plan of them all, an approval (and
        /// so a request) exists exactly when the reason is given and the typed line confirms
        /// the login; `--yes` stands for the typed line, never for the reason.
        #[test]
        fn every_action_and_the_plan_need_a_reason_and_the_login(
            (login, typed) in any_login().prop_flat_map(|l| (Just(l.clone()), any_typed(l))),
            reason in prop_oneof![Just(String::new()), Just("  ".to_string()), "[a-z ]{0,12}"],
            yes in any::<bool>(),
        ) {
            let confirmation = if yes { Confirmation::YesFlag } else { Confirmation::Typed(typed.clone()) };
            let expected = !reason.trim().is_empty() && (yes || confirms(&login, &typed));
            for action in OrgChange::kinds() {
                let plan = ready(action.clone(), &login);
                prop_assert!(plan.blocked.is_none(), "{:?}", plan.blocked);
                let approved = approve(plan, &reason, confirmation.clone(), stamp());
                prop_assert_eq!(approved.is_ok(), expected, "{} {:?} {:?}", action.name(), reason, confirmation);
            }
            let steps: Vec<Plan> = [OrgChange::Suspend, OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false },
                OrgChange::LogoutEverywhere, OrgChange::ResetFactors].into_iter().map(|a| ready(a, &login)).collect();
            let plan = crate::actions::Containment::new(steps).unwrap();
            let approved = crate::actions::approve_containment(plan, &reason, confirmation, stamp());
            prop_assert_eq!(approved.is_ok(), expected);
        }
    }

    /// A fixed stamp: approving takes who, when and the id from its caller.
    fn stamp() -> Stamp {
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        Stamp { id: "approval-1".into(), operator: "ana@laptop".into(), at }
    }

    #[test]
    fn approval_needs_the_precondition_a_reason_and_the_login() {
        assert!(approve(plan("a@x.io", "SUSPENDED"), "r", Confirmation::YesFlag, stamp()).is_err());
        assert!(approve(plan("a@x.io", "ACTIVE"), "  ", Confirmation::YesFlag, stamp()).is_err());
        assert!(approve(plan("a@x.io", "ACTIVE"), "r", Confirmation::Typed("b@x.io".into()), stamp()).is_err());
        let ok =
            approve(plan("a@x.io", "ACTIVE"), "spray \u{1b}[31mvictim", Confirmation::Typed("a@x.io".into()), stamp())
                .unwrap();
        assert!(!ok.reason().contains('\u{1b}'));
    }

    #[test]
    fn an_approval_is_stamped_by_its_caller() {
        let ok = approve(plan("a@x.io", "ACTIVE"), "r", Confirmation::YesFlag, stamp()).unwrap();
        assert_eq!((ok.id(), ok.operator(), ok.at()), ("approval-1", "ana@laptop", stamp().at));
    }

    #[test]
    fn the_same_action_cannot_be_in_flight_twice() {
        let first = approve(plan("inflight@x.io", "ACTIVE"), "r", Confirmation::YesFlag, stamp()).unwrap();
        let place = InFlight::enter(&first).unwrap();
        // Approving reads no global set (issue 16): the second is approved, and refused where it would run.
        let second = approve(plan("inflight@x.io", "ACTIVE"), "r", Confirmation::YesFlag, stamp()).unwrap();
        assert!(matches!(InFlight::enter(&second), Err(ActionError::Refused(m)) if m.contains("already in flight")));
        assert!(InFlight::enter(&first).is_err());
        drop(place);
        assert!(InFlight::enter(&second).is_ok());
    }
}
