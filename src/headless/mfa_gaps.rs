//! `oktui mfa-gaps`: the users who can sign in without MFA, from the cached sweep brought up
//! to date (`--refresh incremental`, the default) or swept afresh (`--refresh full`).
//! Progress goes to stderr only when stderr is a terminal; rows go to stdout. No one waits on
//! a console here, so the sweep spends the whole rate-limit bucket (the console's keeps a
//! reserve for the analyst's own calls).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::Utc;

use crate::cli::{GlobalArgs, MfaGapsArgs};
use crate::config::Paths;
use crate::mfa::{self, report, CacheStore, Progress, Scope};
use crate::output::format::terminal_width;
use crate::output::masked::Sink;

/// Progress lines at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// Runs the command.
pub async fn run(global: &GlobalArgs, args: &MfaGapsArgs, out: &mut impl Sink) -> Result<()> {
    let profile = super::load_profile(global)?;
    // No one waits on the console: the sweep spends the whole rate-limit bucket.
    let client = profile.client(global.request_timeout()).context("cannot set up the Okta client")?.unattended();
    super::waits::announce(&client);
    let scope = Scope::from_flags(args.group.as_deref(), args.search.as_deref());
    let store =
        Paths::discover().ok().map(|p| CacheStore::new(&p.data_dir, &profile.name, client.org().as_str(), &scope));
    let tty = std::io::stderr().is_terminal();
    let mut last = Instant::now() - PROGRESS_EVERY;
    let mut on_progress = |p: &Progress| {
        if tty && last.elapsed() >= PROGRESS_EVERY {
            last = Instant::now();
            eprint!("\r\x1b[2K{}", p.line());
        }
    };
    let outcome = mfa::run(&client, store.as_ref(), &scope, args.refresh, &mut on_progress).await;
    if tty {
        eprint!("\r\x1b[2K");
    }
    let outcome = outcome.with_context(|| format!("the MFA sweep of {} did not finish", scope.describe()))?;
    for w in &outcome.warnings {
        eprintln!("warning: {}", crate::sanitize::clean(w));
    }
    if tty {
        eprintln!("{}", report::summary(&outcome.record, Utc::now()));
    }
    let rows = report::gap_rows(&outcome.record, args.include_weak);
    rows.iter().for_each(|u| out.learn(&report::json_row(u)));
    report::write(out, args.format.format, &rows, terminal_width()).context("cannot write the output")
}
