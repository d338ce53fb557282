//! Each hostile transport fault alone, on an org with ordinary data: a `next` link that
//! cycles, a 100 MiB body, truncated bodies, bodies dripped a byte at a time, and 429s with
//! absurd `X-Rate-Limit-Reset` and `Retry-After`. Each ends in bounded time and memory,
//! without a panic, and a failure is one clear line.

use std::collections::HashSet;
use std::time::Duration;

use oktui::sim::hostile::transport::HUGE_BODY_BYTES;
use oktui::sim::{Faults, SimServer};
use serde_json::Value;

use crate::check::Findings;
use crate::common::{small_config, start};
use crate::run::{oktui_async, oktui_interrupted, ssws_env, Run};
use crate::{check, USERS};

/// The longest a run may take against a faulty org: a few attempts of a few seconds each.
const LIMIT: Duration = Duration::from_secs(40);

/// A small org whose every answer meets `faults`.
async fn faulty(faults: Faults) -> SimServer {
    start(oktui::sim::SimConfig { faults, ..small_config(USERS) }).await
}

/// Asserts the run did not print any object twice (by `key`), when it printed JSON lines.
fn no_repeats(run: &Run, key: &str) {
    let items: Vec<Value> = check::jsonl(&run.what, &run.stdout);
    let keys: Vec<&str> = items.iter().filter_map(|v| v[key].as_str()).collect();
    let unique: HashSet<&&str> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "{}: an object printed twice", run.what);
}

/// Paging stops when `next` comes round again: the list ends (every object once) or fails
/// with one line, in bounded time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cycling_next_link_ends() {
    let sim = faulty(Faults { rate_cycle_next: 1.0, ..Faults::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for (args, key) in [
        (&["users", "--format", "jsonl"][..], "id"),
        (&["groups", "--format", "jsonl"][..], "id"),
        (&["logs", "--since", "2h", "--format", "jsonl"][..], "uuid"),
    ] {
        let run = oktui_async(home.path(), args, &ssws_env(&sim), LIMIT).await;
        findings.check(|| {
            check::no_panic(&run);
            if run.code == Some(0) {
                no_repeats(&run, key);
            } else {
                check::one_error_line(&run);
            }
        });
    }
    findings.done();
}

/// Memory stays well under the body's size: the body is refused past a cap, with one line
/// naming what was asked for; the tail too, which asks again and again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mib_body_is_refused_in_bounded_memory() {
    let sim = faulty(Faults { rate_huge_body: 1.0, ..Faults::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let bound_kib = (HUGE_BODY_BYTES / 1024) as u64;
    let mut findings = Findings::default();
    let run = oktui_async(home.path(), &["users"], &ssws_env(&sim), LIMIT).await;
    findings.check(|| check::one_error_line(&run));
    findings.check(|| {
        assert!(run.stderr.contains("/api/v1/users"), "{}: the error names the URL: {}", run.what, run.stderr)
    });
    findings.check(|| {
        assert!(run.max_rss_kib < bound_kib, "{}: peak RSS {} KiB under a 100 MiB body", run.what, run.max_rss_kib)
    });

    let args = ["logs", "--follow", "--since", "1h", "--format", "jsonl"];
    let run = oktui_interrupted(home.path(), &args, &ssws_env(&sim), Duration::from_secs(15)).await;
    findings.check(|| check::no_panic(&run));
    findings.check(|| {
        assert!(run.max_rss_kib < bound_kib, "{}: peak RSS {} KiB under 100 MiB bodies", run.what, run.max_rss_kib)
    });
    findings.done();
}

/// Bodies cut in half: read again, then one clear line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_bodies_fail_with_one_line() {
    let sim = faulty(Faults { rate_malformed: 1.0, ..Faults::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for args in [&["users"][..], &["logs", "--since", "2h"][..]] {
        let run = oktui_async(home.path(), args, &ssws_env(&sim), LIMIT).await;
        findings.check(|| check::one_error_line(&run));
    }
    findings.done();
}

/// A body dripped a byte every 100 ms: `--timeout` ends each attempt; one clear line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dripped_body_times_out_with_one_line() {
    let sim = faulty(Faults { rate_drip: 1.0, ..Faults::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let run = oktui_async(home.path(), &["users", "--timeout", "2"], &ssws_env(&sim), LIMIT).await;
    check::one_error_line(&run);
    assert!(run.stderr.contains("timed out"), "{}: says it timed out: {}", run.what, run.stderr);
}

/// Every request answered 429 with a reset in 10^19 s, at u64::MAX or past it: no panic, no
/// wait longer than `--timeout`, one error line (after notices of the waits, if any).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absurd_rate_limit_resets_neither_crash_nor_hang() {
    let sim = faulty(Faults { rate_absurd_reset: 1.0, ..Faults::default() }).await;
    let home = tempfile::tempdir().unwrap();
    let mut findings = Findings::default();
    for args in [&["users", "--timeout", "2"][..], &["logs", "--since", "1h", "--timeout", "2"][..]] {
        let run = oktui_async(home.path(), args, &ssws_env(&sim), LIMIT).await;
        findings.check(|| check::ends_in_one_error_line(&run));
    }
    let args = ["logs", "--follow", "--since", "1h", "--format", "jsonl", "--timeout", "2"];
    let run = oktui_interrupted(home.path(), &args, &ssws_env(&sim), Duration::from_secs(10)).await;
    findings.check(|| {
        check::no_panic(&run);
        assert_eq!(run.code, Some(0), "{}: Ctrl-C ends the tail cleanly: {}", run.what, run.stderr);
        check::plain(&run.what, run.stderr.as_bytes());
    });
    findings.done();
}
