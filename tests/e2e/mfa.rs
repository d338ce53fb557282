//! Issue 8, acceptance 4: the `:mfa` pane of the real console in a pseudo-terminal. Key `7`
//! shows the sweep's gauge while it runs (a factors bucket small enough that the sweep
//! takes seconds), then the totals (overall, by status, by group) equal to the sim's own
//! answer and the list of users with gaps; `e` exports a private CSV whose rows are exactly
//! what `oktui mfa-gaps --format csv` prints for the same profile, and that run refreshes
//! the console's cached sweep rather than sweeping again (one cache per profile name, even
//! though the profile has a label); after `w` (weak-only users listed too) the export is
//! what `oktui mfa-gaps --include-weak --format csv` prints.

use std::collections::{BTreeMap, HashSet};
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use oktui::sim::{Faults, RateLimitConfig, SimConfig, SimServer};

use crate::common;
use crate::harness::Tui;

const USERS: usize = 150;
/// Factor reads allowed per window: with 5 s windows, 20 per second, so ~130 reads take
/// several seconds (the gauge is visible) and the test stays short.
const FACTORS_LIMIT: u32 = 100;
const WINDOW_SECS: u64 = 5;
const STARTUP: Duration = Duration::from_secs(20);
const STEP: Duration = Duration::from_secs(10);
const SWEEP: Duration = Duration::from_secs(30);

/// The sim's own answer: users who can sign in, by id, with their class.
fn truth(sim: &SimServer) -> BTreeMap<String, &'static str> {
    const STRONG: &[&str] = &["push", "signed_nonce", "token:software:totp", "token:hardware", "webauthn", "u2f"];
    let org = sim.state().org();
    org.users
        .iter()
        .filter(|u| matches!(u.status.as_str(), "ACTIVE" | "PASSWORD_EXPIRED" | "LOCKED_OUT" | "RECOVERY"))
        .map(|u| {
            let active: Vec<&str> =
                u.factors.iter().filter(|f| f.status == "ACTIVE").map(|f| f.factor_type.as_str()).collect();
            let class = match () {
                _ if active.is_empty() => "none",
                _ if active.iter().any(|t| STRONG.contains(t)) => "strong",
                _ => "weak_only",
            };
            (u.id.clone(), class)
        })
        .collect()
}

/// `[none, weak, strong, unknown]` among `ids` (all of the truth when `None`).
fn counts(truth: &BTreeMap<String, &'static str>, ids: Option<&HashSet<String>>) -> [usize; 4] {
    let mut c = [0; 4];
    for (_, class) in truth.iter().filter(|(id, _)| ids.is_none_or(|ids| ids.contains(*id))) {
        c[["none", "weak_only", "strong", "unknown"].iter().position(|k| k == class).unwrap()] += 1;
    }
    c
}

/// The four counts the pane shows right after `label` on some row.
fn shown_counts(screen: &str, label: &str) -> Option<[usize; 4]> {
    let line = screen.lines().find(|l| l.contains(label))?;
    let after = &line[line.find(label)? + label.len()..];
    let numbers: Vec<usize> =
        after.split_whitespace().take(4).map(|n| n.replace(',', "").parse().ok()).collect::<Option<_>>()?;
    numbers.try_into().ok()
}

/// The name and member ids of the largest group that is not built in (the pane's first).
fn largest_group(sim: &SimServer) -> (String, HashSet<String>) {
    let org = sim.state().org();
    let group = org
        .groups
        .iter()
        .filter(|g| g.group_type != "BUILT_IN")
        .max_by(|a, b| a.member_ids.len().cmp(&b.member_ids.len()).then_with(|| b.name.cmp(&a.name)))
        .unwrap();
    (group.name.clone(), group.member_ids.iter().cloned().collect())
}

/// The CSV files in the console's data directory.
fn csv_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let files = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path());
    files.filter(|p| p.extension().is_some_and(|x| x == "csv")).collect()
}

fn factor_reads(sim: &SimServer) -> usize {
    sim.state().requests.all().iter().filter(|r| r.path().ends_with("/factors")).count()
}

#[test]
fn the_pane_sweeps_with_a_gauge_then_totals_gaps_and_an_export_equal_to_mfa_gaps() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let rate_limits = RateLimitConfig {
        window_secs: WINDOW_SECS,
        overrides: vec![("users_id".into(), FACTORS_LIMIT)],
        ..RateLimitConfig::default()
    };
    let faults = Faults { latency_ms: 20, ..Faults::default() };
    // No log history: a factor event the history put in the last minute would rightly make
    // `mfa-gaps` read that user again (its margin for late events), and the count below
    // would then depend on when the sweep ran.
    let config = SimConfig { rate_limits, faults, log_backfill_secs: 0, ..common::small_config(USERS) };
    let sim = rt.block_on(common::start(config));
    let truth = truth(&sim);
    let env = [("SIM_TOKEN", sim.credentials().api_token.clone())];
    let config = format!(
        "default_profile = \"simorg\"\n[profiles.simorg]\nlabel = \"Acme (simulated)\"\norg_url = \"{}\"\ntoken_env = \"SIM_TOKEN\"\n",
        sim.url()
    );

    let config_dir = tempfile::tempdir().unwrap();
    let config_path = config_dir.path().join("config.toml");
    std::fs::write(&config_path, config).unwrap();
    std::fs::set_permissions(&config_path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let config_arg = config_path.to_str().unwrap();

    let mut tui = Tui::spawn(&["--config", config_arg], &env, 160, 40);
    tui.wait_until("a users row", STARTUP, |s| s.contents().contains("@acme.example"));
    tui.send("7");
    let gauge = tui.wait_until("the gauge reading factors", SWEEP, |s| {
        let text = s.contents();
        text.contains("reading factors") && text.contains("req/s") && text.contains("ETA")
    });
    let screen = tui.screen_text();
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|l| l.contains("reading factors")).unwrap();
    let (bar, progress) = (lines[at - 1].to_string(), lines[at].to_string());
    let (done, total) = progress
        .split("reading factors ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|r| r.split_once('/'))
        .map(|(d, t)| (d.parse::<usize>().unwrap(), t.parse::<usize>().unwrap()))
        .unwrap();
    assert!(done < total && total == truth.len(), "mid-sweep: {progress}");
    assert!(bar.contains('░') && bar.trim_end_matches(['│', ' ']).ends_with('%'), "a gauge bar above: {bar}");
    eprintln!("e2e mfa: gauge after {gauge:.1?}: {progress}");

    let swept = tui.wait_until("the totals and gap list", SWEEP, |s| {
        let text = s.contents();
        text.contains("a full sweep") && text.contains("all users") && !text.contains("reading the largest groups")
    });
    let screen = tui.screen_text();
    eprintln!("e2e mfa: swept {swept:.1?} after the gauge");
    assert_eq!(shown_counts(&screen, "all users"), Some(counts(&truth, None)), "{screen}");
    let (group, members) = largest_group(&sim);
    assert_eq!(shown_counts(&screen, &group), Some(counts(&truth, Some(&members))), "group {group}:\n{screen}");
    let none = counts(&truth, None)[0];
    assert!(screen.contains(&format!("{none} listed")), "the gaps (class none) are listed:\n{screen}");
    let gap_logins: HashSet<String> = {
        let org = sim.state().org();
        org.users.iter().filter(|u| truth.get(&u.id) == Some(&"none")).map(|u| u.profile.login.clone()).collect()
    };
    let shown: Vec<String> = screen
        .lines()
        .filter(|l| l.contains(" none "))
        .filter_map(|l| l.split_whitespace().find(|w| w.contains("@acme.")).map(str::to_string))
        .collect();
    assert_eq!(shown.len(), none.min(20), "the gap list fills the rows under the totals:\n{screen}");
    assert!(shown.iter().all(|l| gap_logins.contains(l)), "only users without MFA: {shown:?}");

    tui.send("e");
    tui.wait_for("exported", STEP);
    let exports = csv_files(&tui.data_dir());
    assert_eq!(exports.len(), 1, "{exports:?}");
    let exported = std::fs::read_to_string(&exports[0]).unwrap();
    assert_eq!(std::fs::metadata(&exports[0]).unwrap().permissions().mode() & 0o777, 0o600);

    let reads_before = factor_reads(&sim);
    let headless = tui.headless(&["--config", config_arg, "mfa-gaps", "--format", "csv"], &env);
    assert!(headless.status.success(), "{}", String::from_utf8_lossy(&headless.stderr));
    let printed = String::from_utf8(headless.stdout).unwrap();
    assert_eq!(exported.lines().count(), none + 1, "a header and one row per gap");
    assert_eq!(exported, printed, "the export's rows are those of `oktui mfa-gaps --format csv`");
    assert_eq!(factor_reads(&sim), reads_before, "mfa-gaps refreshed the console's cached sweep from the log");

    // `w` lists the weak-only users too; the export is then `mfa-gaps --include-weak`'s.
    tui.send("w");
    tui.wait_for("listed (weak only too)", STEP);
    tui.send("e");
    tui.wait_until("a second export", STEP, |_| csv_files(&tui.data_dir()).len() == 2);
    tui.wait_for("exported", STEP);
    let second = csv_files(&tui.data_dir()).into_iter().find(|p| *p != exports[0]).unwrap();
    let exported = std::fs::read_to_string(&second).unwrap();
    let headless = tui.headless(&["--config", config_arg, "mfa-gaps", "--include-weak", "--format", "csv"], &env);
    assert!(headless.status.success(), "{}", String::from_utf8_lossy(&headless.stderr));
    let [none, weak, _, _] = counts(&truth, None);
    assert_eq!(exported.lines().count(), none + weak + 1);
    assert_eq!(exported, String::from_utf8(headless.stdout).unwrap());

    tui.send("q");
    let exit = tui.finish(STEP);
    assert_eq!(exit.code, 0);
}
