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
use crate::actions::{self, Action, ActionError, Journal};
use crate::cli::{ActArgs, GlobalArgs};
use crate::config::Paths;
use crate::okta::client::Client;

/// Whether an error is a refused action (exit 2: nothing was sent).
pub fn is_refusal(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.downcast_ref::<ActionError>().is_some_and(ActionError::is_refusal))
}

/// Runs one action command; `Ok(true)` when it is done.
pub async fn run(global: &GlobalArgs, action: Action, args: &ActArgs, out: &mut impl Write) -> Result<bool> {
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
    let timeout = std::time::Duration::from_secs(global.timeout);
    let client = Client::with_timeout(profile.org_url.clone(), profile.credential.clone(), timeout)
        .context("cannot set up the Okta client")?;
    super::waits::announce(&client);
    let label =
        profile.label.clone().map(|l| format!("{l} ({})", profile.name)).unwrap_or_else(|| profile.name.clone());
    let plan = actions::prepare(&client, action, &args.user, &label, None).await?;
    let confirmation = if args.yes {
        Confirmation::YesFlag
    } else {
        if let Some(why) = &plan.blocked {
            return Err(ActionError::Refused(why.clone()).into());
        }
        Confirmation::Typed(ask(&plan)?)
    };
    let approved = actions::approve(plan, &args.reason, confirmation)?;
    let outcome = actions::execute(&client, &journal, approved, Watch::default()).await?;
    if !outcome.is_done() {
        return Err(anyhow!(outcome.line()));
    }
    writeln!(out, "{}", outcome.line()).context("cannot write to stdout")?;
    Ok(true)
}

/// Shows the facts on stderr and reads the typed confirmation from the terminal.
fn ask(plan: &actions::Plan) -> Result<String> {
    let mut err = std::io::stderr().lock();
    for (key, value) in plan.facts() {
        writeln!(err, "  {key:<12} {value}")?;
    }
    write!(err, "{}: ", confirmation_prompt(&plan.target.login))?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("cannot read the confirmation")?;
    Ok(line.trim().to_string())
}
