//! `oktui suspend | unsuspend | clear-sessions USER --reason R [--yes]`: the approval gate
//! headless. Refusals come first and send nothing: read-only, an unwritable audit journal,
//! no `--yes` and no terminal to ask on. Then the user is re-read and, without `--yes`, the
//! facts the console's dialog shows are printed and the login must be typed. The outcome is
//! printed once verified; exit 0 only when the action is done.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{anyhow, Context, Result};

use super::load_profile;
use crate::actions::approval::{confirmation_prompt, Confirmation};
use crate::actions::verify::Watch;
use crate::actions::{self, ActionError, Approved, Journal, OrgChange, Plan};
use crate::cli::{ActArgs, GlobalArgs};
use crate::config::Paths;

/// The longest confirmation line read; a login is far shorter.
const MAX_LINE: u64 = 4096;

/// Whether an error is a refused action (exit 2: nothing was sent).
pub fn is_refusal(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.downcast_ref::<ActionError>().is_some_and(ActionError::is_refusal))
}

/// Runs one action command; `Ok(true)` when it is done.
pub async fn run(global: &GlobalArgs, action: OrgChange, args: &ActArgs, out: &mut impl Write) -> Result<bool> {
    let profile = load_profile(global)?;
    if profile.read_only {
        return Err(ActionError::Refused(format!(
            "{} would change the org, and this profile is read-only (--read-only or read_only = true)",
            action.name()
        ))
        .into());
    }
    if args.reason.trim().is_empty() {
        return Err(ActionError::Refused("a reason is required (--reason)".into()).into());
    }
    let interactive = std::io::stdin().is_terminal();
    if !args.yes && !interactive {
        return Err(ActionError::Refused(format!(
            "{} needs approval: pass --yes, or run it on a terminal to confirm by typing the login",
            action.name()
        ))
        .into());
    }
    let paths = Paths::discover().context("cannot find the data directory for the audit journal")?;
    let journal = Journal::open_in(&paths.data_dir)?;
    let client = super::client_for(&profile, global)?;
    let label =
        profile.label.clone().map(|l| format!("{l} ({})", profile.name)).unwrap_or_else(|| profile.name.clone());
    let plan = actions::prepare(&client, action, &args.user, &label, None).await?;
    let approved = if args.yes {
        actions::approve(plan, &args.reason, Confirmation::YesFlag, actions::Stamp::now())?
    } else {
        if let Some(why) = &plan.blocked {
            return Err(ActionError::Refused(why.clone()).into());
        }
        approve_typed(plan, &args.reason, &mut std::io::stdin().lock(), &mut std::io::stderr().lock())?
    };
    let outcome = actions::execute(&client, &journal, approved, Watch::default()).await?;
    if !outcome.is_done() {
        return Err(anyhow!(outcome.line()));
    }
    writeln!(out, "{}", outcome.line()).context("cannot write to stdout")?;
    Ok(true)
}

/// Shows the facts on `err` (stderr), reads the typed confirmation from `input` (the
/// terminal) and approves with it: the gate decides whether the line names the target.
fn approve_typed(plan: Plan, reason: &str, input: &mut impl BufRead, err: &mut impl Write) -> Result<Approved> {
    for (key, value) in plan.facts() {
        writeln!(err, "  {key:<12} {value}")?;
    }
    write!(err, "{}: ", confirmation_prompt(&plan.target.login))?;
    err.flush()?;
    let mut line = String::new();
    std::io::Read::take(input, MAX_LINE).read_line(&mut line).context("cannot read the confirmation")?;
    Ok(actions::approve(plan, reason, Confirmation::Typed(line.trim().to_string()), actions::Stamp::now())?)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::actions::Target;

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
    fn answer(typed: &str) -> (bool, String) {
        let mut shown = Vec::new();
        let approved = approve_typed(plan(), "spray victim", &mut format!("{typed}\n").as_bytes(), &mut shown);
        (approved.is_ok(), String::from_utf8_lossy(&shown).into_owned())
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
