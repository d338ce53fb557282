//! `oktui suspend | unsuspend | clear-sessions | unlock | reset-factors | remove-factor |
//! expire-password | logout-everywhere | set-risk | revoke-session … --reason R [--yes]` and
//! `oktui contain USER --plan a,b,…`: the approval gate headless. Refusals come first and send nothing: read-only, an unwritable audit journal,
//! no `--yes` and no terminal to ask on. Then the user is re-read and, without `--yes`, the
//! facts the console's dialog shows are printed and the login must be typed. The outcome is
//! printed once verified; exit 0 only when the action is done.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{anyhow, Context, Result};

use super::load_profile;
use crate::actions::approval::{confirmation_prompt, Confirmation};
use crate::actions::verify::Watch;
use crate::actions::{self, ActionError, Journal, OrgChange, RiskLevel};
use crate::cli::{ActArgs, GlobalArgs};
use crate::config::Paths;

/// The longest confirmation line read; a login is far shorter.
const MAX_LINE: u64 = 4096;

/// Whether an error is a refused action (exit 2: nothing was sent).
pub fn is_refusal(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.downcast_ref::<ActionError>().is_some_and(ActionError::is_refusal))
}

/// Refusals that come before anything is read: read-only, no reason, no way to confirm.
fn refuse_early(read_only: bool, name: &str, args: &ActArgs) -> Result<()> {
    if read_only {
        return Err(ActionError::Refused(format!(
            "{name} would change the org, and this profile is read-only (--read-only or read_only = true)"
        ))
        .into());
    }
    if args.reason.trim().is_empty() {
        return Err(ActionError::Refused("a reason is required (--reason)".into()).into());
    }
    if !args.yes && !std::io::stdin().is_terminal() {
        return Err(ActionError::Refused(format!(
            "{name} needs approval: pass --yes, or run it on a terminal to confirm by typing the login"
        ))
        .into());
    }
    Ok(())
}

/// The profile's name and label, as approvals record it.
fn label(profile: &crate::config::Profile) -> String {
    profile.label.clone().map(|l| format!("{l} ({})", profile.name)).unwrap_or_else(|| profile.name.clone())
}

/// Runs one action command; `Ok(true)` when it is done.
pub async fn run(global: &GlobalArgs, action: OrgChange, args: &ActArgs, out: &mut impl Write) -> Result<bool> {
    let profile = load_profile(global)?;
    refuse_early(profile.read_only, action.name(), args)?;
    let paths = Paths::discover().context("cannot find the data directory for the audit journal")?;
    let journal = Journal::open_in(&paths.data_dir)?;
    let client = super::client_for(&profile, global)?;
    let plan = actions::prepare(&client, action, &args.user, &label(&profile), None).await?;
    let confirmation = if args.yes {
        Confirmation::YesFlag
    } else {
        if let Some(why) = &plan.blocked {
            return Err(ActionError::Refused(why.clone()).into());
        }
        let facts: Vec<(String, String)> = plan.facts().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        typed(&facts, &plan.target.login, &mut std::io::stdin().lock(), &mut std::io::stderr().lock())?
    };
    let approved = actions::approve(plan, &args.reason, confirmation, actions::Stamp::now())?;
    let outcome = actions::execute(&client, &journal, approved, Watch::default()).await?;
    if !outcome.is_done() {
        return Err(anyhow!(outcome.line()));
    }
    writeln!(out, "{}", outcome.line()).context("cannot write to stdout")?;
    Ok(true)
}

/// A plan's step by its `--plan` name. Steps that need an id of their own (remove-factor,
/// revoke-session) are their own commands.
pub fn plan_step(name: &str) -> Result<OrgChange, ActionError> {
    Ok(match name.trim() {
        "suspend" => OrgChange::Suspend,
        "clear-sessions" => OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false },
        "logout-everywhere" => OrgChange::LogoutEverywhere,
        "reset-factors" => OrgChange::ResetFactors,
        "expire-password" => OrgChange::ExpirePassword,
        "unlock" => OrgChange::Unlock,
        "set-risk-high" => OrgChange::SetRisk { level: RiskLevel::High },
        other => {
            return Err(ActionError::Refused(format!(
                "{other:?} is not a plan step: use suspend, clear-sessions, logout-everywhere, reset-factors, \
                 expire-password, unlock or set-risk-high"
            )))
        }
    })
}

/// `oktui contain USER --plan a,b,…`: one reason, one confirmation, the steps in order; exit
/// 0 only when every step is done. Each step that ran gets a line on stdout; the last line
/// (stderr when the plan stopped) names what ran and what was not sent.
pub async fn contain(global: &GlobalArgs, steps: &[String], args: &ActArgs, out: &mut impl Write) -> Result<bool> {
    let profile = load_profile(global)?;
    let actions: Vec<OrgChange> = steps.iter().map(|s| plan_step(s)).collect::<Result<_, _>>()?;
    refuse_early(profile.read_only, "contain", args)?;
    let paths = Paths::discover().context("cannot find the data directory for the audit journal")?;
    let journal = Journal::open_in(&paths.data_dir)?;
    let client = super::client_for(&profile, global)?;
    let plan = actions::prepare_containment(&client, actions, &args.user, &label(&profile), None).await?;
    let confirmation = if args.yes {
        Confirmation::YesFlag
    } else {
        if let Some(why) = plan.blocked() {
            return Err(ActionError::Refused(why).into());
        }
        typed(&plan.facts(), &plan.target().login, &mut std::io::stdin().lock(), &mut std::io::stderr().lock())?
    };
    let approved = actions::approve_containment(plan, &args.reason, confirmation, actions::Stamp::now())?;
    let outcome = actions::execute_containment(&client, &journal, approved, Watch::default(), &mut |_| {}).await?;
    let mut lines = outcome.lines();
    let summary = lines.pop().unwrap_or_default();
    for line in lines {
        writeln!(out, "{line}").context("cannot write to stdout")?;
    }
    if !outcome.is_done() {
        return Err(anyhow!(summary));
    }
    writeln!(out, "{summary}").context("cannot write to stdout")?;
    Ok(true)
}

/// Shows the facts on `err` (stderr) and reads the typed confirmation from `input` (the
/// terminal): the gate decides whether the line names `login`.
fn typed(
    facts: &[(String, String)],
    login: &str,
    input: &mut impl BufRead,
    err: &mut impl Write,
) -> Result<Confirmation> {
    for (key, value) in facts {
        writeln!(err, "  {key:<12} {value}")?;
    }
    write!(err, "{}: ", confirmation_prompt(login))?;
    err.flush()?;
    let mut line = String::new();
    std::io::Read::take(input, MAX_LINE).read_line(&mut line).context("cannot read the confirmation")?;
    Ok(Confirmation::Typed(line.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::actions::{Approved, Plan, Target};

    const LOGIN: &str = "kevin.barros@acme.example";

    fn plan() -> Plan {
        let target = Target {
            id: "00u-headless-prompt".into(),
            login: LOGIN.into(),
            name: "Kevin Barros".into(),
            status: "ACTIVE".into(),
            admin_roles: Some(Vec::new()),
            active_apps: Some(2),
        };
        Plan::new(OrgChange::Suspend, target, "https://acme.okta.com".into(), "prod".into(), None)
    }

    /// The headless prompt answered with `typed`: approved or not, and what it showed.
    fn answer(line: &str) -> (bool, String) {
        let mut shown = Vec::new();
        let plan = plan();
        let facts: Vec<(String, String)> = plan.facts().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let confirmation = typed(&facts, LOGIN, &mut format!("{line}\n").as_bytes(), &mut shown).unwrap();
        let approved: Result<Approved, _> = actions::approve(plan, "spray victim", confirmation, actions::Stamp::now());
        (approved.is_ok(), String::from_utf8_lossy(&shown).into_owned())
    }

    #[test]
    fn plan_steps_are_named_as_the_commands_are() {
        assert_eq!(plan_step("logout-everywhere").unwrap(), OrgChange::LogoutEverywhere);
        assert_eq!(
            plan_step(" clear-sessions ").unwrap(),
            OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false }
        );
        assert!(plan_step("remove-factor").unwrap_err().is_refusal());
    }

    #[test]
    fn the_prompt_shows_the_facts_and_takes_the_login_or_its_local_part() {
        let (approved, shown) = answer("kevin.barros");
        assert!(approved);
        assert!(shown.contains("Kevin Barros can no longer sign in"), "{shown}");
        assert!(shown.ends_with("type the login kevin.barros@acme.example or kevin.barros to approve: "), "{shown}");
        assert!(answer(LOGIN).0 && answer(" KEVIN.BARROS@acme.example ").0);
        for shared in ["xample", "example", "acme.example", "@acme.example", ""] {
            assert!(!answer(shared).0, "{shared:?} approved");
        }
    }

    /// What an operator might type: a piece of the login (a tail, a head, any slice) in
    /// any ASCII case, or other text.
    fn any_typed() -> impl Strategy<Value = String> {
        let chars: Vec<char> = LOGIN.chars().collect();
        let n = chars.len();
        let piece = (0..=n, 0..=n, any::<u64>()).prop_map(move |(a, b, flips)| {
            chars[a.min(b)..a.max(b)]
                .iter()
                .enumerate()
                .map(|(i, c)| if flips >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { *c })
                .collect::<String>()
        });
        prop_oneof![3 => piece, 1 => "[^\\n]{0,40}"]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// Through the headless prompt: a line approves exactly when it is the whole login
        /// or its local part (trimmed, any ASCII case); a tail of the domain never does.
        #[test]
        fn only_the_login_or_its_local_part_approves_headless(typed in any_typed()) {
            let trimmed = typed.trim();
            let expected = trimmed.eq_ignore_ascii_case(LOGIN) || trimmed.eq_ignore_ascii_case("kevin.barros");
            prop_assert_eq!(answer(&typed).0, expected, "{:?}", typed);
        }
    }
}
