//! The `:mfa` pane in its states, driven through `update` with the messages the sweep task
//! sends and snapshotted on `TestBackend` at 80×24 and 120×40: sweeping (the gauge), done
//! (totals by class, status and group, and the gap list), an org without gaps, a failed
//! sweep, and the gauge in the 16-colour/no-colour theme.

use std::time::Duration;

use chrono::{DateTime, Utc};
use insta::assert_snapshot;
use oktui::app::effect::Effect;
use oktui::app::mfa::{GroupTotals, MfaMsg};
use oktui::app::msg::Msg;
use oktui::app::state::AppState;
use oktui::app::update::update;
use oktui::mfa::classify::{classify, FactorBrief};
use oktui::mfa::groups::GroupMembers;
use oktui::mfa::{How, MfaClass, Phase, Progress, Scope, SweepOutcome, SweepRecord, UserMfa};
use oktui::ui::theme::Theme;

use crate::fixtures::{ch, draw, screen, text, user, users_loaded};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// When the fixed answers were read; the console's clock is 5 minutes later.
const FETCHED: &str = "2026-03-30T12:00:00Z";

fn fetched() -> DateTime<Utc> {
    FETCHED.parse().unwrap()
}

/// The factors of fixture user `i`: none, SMS only, or push and SMS, in turn.
fn factors(i: usize) -> Vec<FactorBrief> {
    let f = |t: &str, s: &str| FactorBrief { factor_type: t.into(), status: s.into() };
    match i % 5 {
        0 => vec![],
        1 => vec![f("sms", "ACTIVE")],
        2 => vec![f("push", "PENDING_ACTIVATION")],
        _ => vec![f("push", "ACTIVE"), f("sms", "ACTIVE")],
    }
}

/// Fixture user `i` as the sweep answers for them; every 11th one's factors were refused.
fn answer(i: usize, factors: Vec<FactorBrief>) -> UserMfa {
    let u = user(i);
    let s = |p: &str| u.pointer(p).and_then(|v| v.as_str()).map(str::to_string);
    let class = if i % 11 == 7 { MfaClass::Unknown } else { classify(&factors) };
    UserMfa {
        id: s("/id").unwrap(),
        login: s("/profile/login").unwrap(),
        name: format!("{} {}", s("/profile/firstName").unwrap(), s("/profile/lastName").unwrap()),
        status: s("/status").unwrap(),
        last_login: s("/lastLogin"),
        class: Some(class),
        factors: if class == MfaClass::Unknown { Vec::new() } else { factors },
        admin: Some(i.is_multiple_of(7)),
        fetched_at: Some(fetched()),
    }
}

/// The users of `0..n` a sweep reads (SUSPENDED and STAGED ones cannot sign in).
fn swept(n: usize, factors_of: impl Fn(usize) -> Vec<FactorBrief>) -> Vec<UserMfa> {
    (0..n).map(|i| answer(i, factors_of(i))).filter(|u| !matches!(u.status.as_str(), "SUSPENDED" | "STAGED")).collect()
}

/// A console on the users pane that pressed `7`: the pane is sweeping. Returns the sweep's
/// generation.
fn sweeping(width: u16, height: u16) -> (AppState, u64) {
    let mut state = users_loaded(width, height, 40);
    let effects = update(&mut state, ch('7'));
    let generation = match effects.as_slice() {
        [Effect::MfaSweep { generation, .. }] => *generation,
        other => panic!("expected one MfaSweep in {other:?}"),
    };
    update(&mut state, Msg::Now(fetched().timestamp_millis() + 5 * 60_000));
    (state, generation)
}

fn progress() -> Progress {
    Progress {
        listed: 420,
        total: 400,
        done: 120,
        forbidden: 2,
        deleted: 1,
        elapsed: Duration::from_secs(6),
        ..Progress::start(Phase::Factors)
    }
}

fn done(state: &mut AppState, generation: u64, users: Vec<UserMfa>) {
    let mut record = SweepRecord::new("https://acme.okta.com", Scope::All, fetched());
    record.completed_at = Some(fetched());
    record.users = users;
    let outcome = SweepOutcome { record, how: How::Swept, warnings: Vec::new() };
    update(state, Msg::Mfa(MfaMsg::Done { generation, outcome: Box::new(outcome) }));
}

/// Groups of the fixture users: every second, every third, and a group cut short.
fn groups(users: &[UserMfa]) -> Vec<GroupMembers> {
    let ids = |step: usize| users.iter().step_by(step).map(|u| u.id.clone()).collect();
    vec![
        GroupMembers { name: "Engineering".into(), member_ids: ids(2), complete: true },
        GroupMembers { name: "Contractors".into(), member_ids: ids(3), complete: true },
        GroupMembers { name: "Domain Users".into(), member_ids: ids(5), complete: false },
    ]
}

fn check(name: &str, build: impl Fn(u16, u16) -> AppState) {
    for (width, height) in SIZES {
        assert_snapshot!(format!("{name}_{width}x{height}"), screen(&build(width, height)));
    }
}

#[test]
fn sweeping_shows_the_gauge_with_rate_and_eta() {
    check("mfa_sweeping", |w, h| {
        let (mut state, generation) = sweeping(w, h);
        update(&mut state, Msg::Mfa(MfaMsg::Progress { generation, progress: progress() }));
        state
    });
}

/// The MFA pane of 60 swept users, its groups read.
pub(crate) fn mfa_done(width: u16, height: u16) -> AppState {
    let (mut state, generation) = sweeping(width, height);
    let users = swept(60, factors);
    let members = groups(&users);
    done(&mut state, generation, users);
    assert_eq!(state.mfa.groups, GroupTotals::Loading, "groups are read after the sweep");
    update(&mut state, Msg::Mfa(MfaMsg::Groups { generation, result: Ok(members) }));
    state
}

#[test]
fn done_shows_totals_by_class_status_and_group_and_the_gaps() {
    check("mfa_done", mfa_done);
}

#[test]
fn w_lists_the_weak_only_users_too_and_the_export_follows() {
    check("mfa_weak_too", |w, h| {
        let (mut state, generation) = sweeping(w, h);
        done(&mut state, generation, swept(60, factors));
        let exported = |state: &mut AppState| match update(state, ch('e')).as_slice() {
            [Effect::ExportMfa { rows, mask: None }] => rows.iter().map(|u| u.class.unwrap()).collect::<Vec<_>>(),
            other => panic!("expected one ExportMfa in {other:?}"),
        };
        assert!(!exported(&mut state).contains(&MfaClass::WeakOnly));
        update(&mut state, ch('w'));
        let classes = exported(&mut state);
        assert_eq!(classes.iter().filter(|c| **c == MfaClass::WeakOnly).count(), 9, "{classes:?}");
        state.flash = None;
        state
    });
}

#[test]
fn done_while_the_groups_are_read() {
    check("mfa_groups_loading", |w, h| {
        let (mut state, generation) = sweeping(w, h);
        done(&mut state, generation, swept(60, factors));
        state
    });
}

#[test]
fn an_org_without_gaps() {
    check("mfa_empty", |w, h| {
        let (mut state, generation) = sweeping(w, h);
        let strong = |_| vec![FactorBrief { factor_type: "webauthn".into(), status: "ACTIVE".into() }];
        let users: Vec<UserMfa> =
            swept(20, strong).into_iter().map(|u| UserMfa { class: Some(MfaClass::Strong), ..u }).collect();
        done(&mut state, generation, users);
        update(&mut state, Msg::Mfa(MfaMsg::Groups { generation, result: Ok(Vec::new()) }));
        state
    });
}

#[test]
fn a_failed_sweep_says_what_failed_and_how_to_retry() {
    check("mfa_failed", |w, h| {
        let (mut state, generation) = sweeping(w, h);
        let message = "Okta answered 401 E0000011 (Invalid token provided). The 57 answers read so far are \
                       saved: run the same command again to resume"
            .to_string();
        update(&mut state, Msg::Mfa(MfaMsg::Failed { generation, message }));
        state
    });
}

#[test]
fn groups_that_cannot_be_read_are_said_so_beside_the_totals() {
    let (mut state, generation) = sweeping(120, 40);
    done(&mut state, generation, swept(60, factors));
    let message = "GET /api/v1/groups: 403 E0000006 (You do not have permission)".to_string();
    update(&mut state, Msg::Mfa(MfaMsg::Groups { generation, result: Err(message) }));
    let shown = screen(&state);
    assert!(shown.contains("✗ cannot read groups: GET /api/v1/groups:") && shown.contains("E0000006"), "{shown}");
    assert!(shown.contains("all users"), "the totals by status stay: {shown}");
}

#[test]
fn a_superseded_sweep_does_not_touch_the_pane() {
    let (mut state, generation) = sweeping(80, 24);
    let before = screen(&state);
    update(&mut state, Msg::Mfa(MfaMsg::Progress { generation: generation + 100, progress: progress() }));
    update(&mut state, Msg::Mfa(MfaMsg::Groups { generation: generation + 100, result: Ok(Vec::new()) }));
    assert_eq!(screen(&state), before);
}

#[test]
fn no_colour_ascii_theme_draws_the_gauge_and_chart_in_ascii() {
    let theme = Theme::mono().ascii();
    let (mut state, generation) = sweeping(80, 24);
    update(&mut state, Msg::Mfa(MfaMsg::Progress { generation, progress: progress() }));
    assert_snapshot!("mfa_sweeping_mono_ascii_80x24", text(&draw(&state, &theme)));
    let users = swept(60, factors);
    let members = groups(&users);
    done(&mut state, generation, users);
    update(&mut state, Msg::Mfa(MfaMsg::Groups { generation, result: Ok(members) }));
    let shown = text(&draw(&state, &theme));
    let blocks = |c: char| ('\u{2580}'..='\u{259f}').contains(&c);
    assert!(!shown.chars().any(blocks), "no block elements: {shown}");
    assert_snapshot!("mfa_done_mono_ascii_80x24", shown);
}

#[test]
fn switching_profiles_forgets_the_other_orgs_answer() {
    let (mut state, generation) = sweeping(80, 24);
    done(&mut state, generation, swept(60, factors));
    update(&mut state, Msg::Connected(crate::fixtures::header()));
    assert!(state.mfa.record.is_none() && state.mfa.rows.is_empty());
    let late = SweepRecord::new("https://acme.okta.com", Scope::All, fetched());
    let outcome = SweepOutcome { record: late, how: How::Swept, warnings: Vec::new() };
    update(&mut state, Msg::Mfa(MfaMsg::Done { generation, outcome: Box::new(outcome) }));
    assert!(state.mfa.record.is_none(), "the old profile's sweep, finishing late, is ignored");
    let effects = update(&mut state, ch('7'));
    assert!(matches!(effects.as_slice(), [Effect::MfaSweep { .. }]), "the next visit sweeps the new org: {effects:?}");
}

/// Issue 19: the gap list keeps LAST LOGIN whole (to the minute, as the users list) at every
/// size, while the factors and statuses give room first.
#[test]
fn the_gap_list_never_cuts_the_last_login() {
    for (width, height) in [(60, 20), (80, 24), (120, 40)] {
        let (mut state, generation) = sweeping(width, height);
        done(&mut state, generation, swept(60, factors));
        let text = screen(&state);
        let row = text.lines().find(|l| l.contains("ana.silva0")).unwrap_or_else(|| panic!("no row:\n{text}"));
        assert!(row.contains("2026-03-01 00:00"), "{width}x{height}: {row}");
    }
}

/// `y` on an MFA gap copies its login, as in the other lists.
#[test]
fn y_copies_the_selected_gaps_login() {
    let (mut state, generation) = sweeping(80, 24);
    done(&mut state, generation, swept(60, factors));
    let login = state.mfa.selected_row().unwrap().user.login.clone();
    let effects = update(&mut state, ch('y'));
    assert!(matches!(effects.as_slice(), [Effect::Copy(text)] if *text == login), "{effects:?}");
}
