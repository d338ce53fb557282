//! The investigation view and the `:hunt` pane on `TestBackend`: snapshots of each state at
//! 80×24 and 120×40, the ASCII theme, and the keys between them (a hunt finding opens its
//! user's investigation; Enter shows a finding's evidence; `a` opens the approval dialog
//! pre-filled with the proposal).

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use oktui::app::effect::Effect;
use oktui::app::hunt::{Span, WindowChoice};
use oktui::app::investigation::InvestigationMsg;
use oktui::app::msg::Msg;
use oktui::app::state::{AppState, Mode, Route};
use oktui::app::update::update;
use oktui::gather::FetchProgress;
use oktui::investigate::report::{per_hour, ActivityKind, ActivityLine, SignIn, Summary, UserFacts, UserReport};
use oktui::investigate::{FindingKind, FindingSeverity, LogWindow, ProposedAction};
use oktui::okta::model::LogEvent;
use oktui::ui::theme::Theme;
use serde_json::json;

use crate::fixtures::{draw, finding, hunt_loaded, key, screen, text, type_text, users_loaded, LOG_START_MS};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

const ANA: &str = "ana.silva@acme.example";

fn at(minutes: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(LOG_START_MS).unwrap() + chrono::Duration::minutes(minutes)
}

fn sign_in(minutes: i64, result: &str, ip: &str, place: (&str, &str, f64, f64), flagged: bool) -> SignIn {
    SignIn {
        uuid: Some(format!("si-{minutes}")),
        at: Some(at(minutes)),
        result: result.into(),
        reason: (result == "FAILURE").then(|| "INVALID_CREDENTIALS".into()),
        ip: Some(ip.into()),
        city: Some(place.0.into()),
        country: Some(place.1.into()),
        location: Some((place.2, place.3)),
        network: Some("AS60729 zwiebelfreunde e.v.".into()),
        proxy: Some(flagged),
        user_agent: Some("Mozilla/5.0 (Windows NT 10.0) Chrome/124".into()),
        factor: Some("PASSWORD".into()),
        flagged,
    }
}

/// The evidence events the fixed report's first finding cites.
fn evidence_events() -> Vec<LogEvent> {
    ["ev-1", "ev-2"]
        .iter()
        .enumerate()
        .map(|(i, uuid)| {
            serde_json::from_value(json!({"uuid": uuid, "eventType": "user.session.start",
                "published": at(i as i64).to_rfc3339(), "outcome": {"result": if i == 0 {"FAILURE"} else {"SUCCESS"}},
                "actor": {"id": "00u1", "alternateId": ANA, "type": "User"},
                "authenticationContext": {"externalSessionId": format!("102ana{i}")},
                "client": {"ipAddress": "203.0.113.77"}}))
            .unwrap()
        })
        .collect()
}

/// A report of Ana: sprayed from Frankfurt through Tor, then in; her home is Lisbon.
fn report() -> UserReport {
    let window = LogWindow { since: at(-24 * 60), until: at(60) };
    let frankfurt = ("Frankfurt am Main", "Germany", 50.11, 8.68);
    let lisbon = ("Lisbon", "Portugal", 38.72, -9.14);
    let sign_ins = vec![
        sign_in(-600, "SUCCESS", "192.0.2.10", lisbon, false),
        sign_in(0, "FAILURE", "203.0.113.77", frankfurt, true),
        sign_in(1, "SUCCESS", "203.0.113.77", frankfurt, true),
    ];
    let findings = vec![
        finding(
            FindingKind::SuccessAfterFailures,
            FindingSeverity::Critical,
            ANA,
            "203.0.113.77",
            ProposedAction::Suspend,
        ),
        finding(FindingKind::ProxySignIn, FindingSeverity::Medium, ANA, "203.0.113.77", ProposedAction::None),
    ];
    let activity = vec![ActivityLine {
        kind: ActivityKind::MfaChallenge,
        uuid: Some("m-1".into()),
        at: Some(at(1)),
        event_type: "user.authentication.auth_via_mfa".into(),
        outcome: "FAILURE".into(),
        failed: true,
        ip: Some("203.0.113.77".into()),
        text: "Authentication of user via MFA".into(),
    }];
    UserReport {
        user: UserFacts {
            id: "00u1".into(),
            login: ANA.into(),
            name: "Ana Silva".into(),
            status: "ACTIVE".into(),
            last_login: None,
            factors: Some(vec!["push:ACTIVE".into()]),
            admin_roles: Some(vec![]),
            groups: Some(vec!["Everyone".into(), "Sales".into()]),
        },
        window,
        summary: Summary {
            sign_ins: 3,
            failed_sign_ins: 1,
            mfa_challenges: 1,
            mfa_failures: 1,
            lockouts: 0,
            privilege_changes: 0,
            countries: vec!["Germany".into(), "Portugal".into()],
            ips: vec!["192.0.2.10".into(), "203.0.113.77".into()],
        },
        findings,
        suppressed: Default::default(),
        per_hour: per_hour(&sign_ins, window.since, window.until),
        sign_ins,
        activity,
    }
}

/// `:investigate ana…` typed into a console of `width`×`height`; returns its generation.
fn investigating(width: u16, height: u16) -> (AppState, u64) {
    let mut state = users_loaded(width, height, 10);
    type_text(&mut state, &format!(":investigate {ANA}"));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Investigate { generation, user, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(user, ANA);
    (state, *generation)
}

/// The investigation of ana, read: its findings over the fixed report.
pub(crate) fn investigated(width: u16, height: u16) -> AppState {
    let (mut state, generation) = investigating(width, height);
    let done = InvestigationMsg::Done { generation, report: Box::new(report()), events: evidence_events() };
    update(&mut state, Msg::Investigation(done));
    state
}

#[test]
fn investigation_snapshots() {
    for (width, height) in SIZES {
        let (mut state, generation) = investigating(width, height);
        let progress = FetchProgress { pages: 2, events: 1500, skipped: 0, fraction: 0.4, ..FetchProgress::default() };
        update(&mut state, Msg::Investigation(InvestigationMsg::Progress { generation, progress }));
        assert_snapshot!(format!("investigation_loading_{width}x{height}"), screen(&state));
        assert_snapshot!(format!("investigation_done_{width}x{height}"), screen(&investigated(width, height)));
    }
    let mut state = users_loaded(80, 24, 10);
    update(&mut state, crate::fixtures::ch('6'));
    assert_snapshot!("investigation_no_user_80x24", screen(&state));
}

#[test]
fn the_investigation_marks_flagged_sign_ins_on_the_map_and_shows_the_chart() {
    let state = investigated(120, 40);
    let shown = screen(&state);
    assert!(shown.contains("Where · 2 flagged (X)"), "{shown}");
    assert!(shown.contains('X'), "a flagged point on the map");
    assert!(shown.contains("Sign-ins per hour") && shown.contains("success") && shown.contains("failure"), "{shown}");
    let ascii = text(&draw(&state, &Theme::default().ascii()));
    let drawn = |c: char| ('\u{2580}'..='\u{259f}').contains(&c) || ('\u{2800}'..='\u{28ff}').contains(&c);
    assert!(!ascii.chars().any(drawn), "the ASCII theme draws no braille map or block bars:\n{ascii}");
    assert!(shown.chars().any(drawn), "the default theme draws the map and the bars:\n{shown}");
    assert!(ascii.contains("X"), "the flagged point is still marked:\n{ascii}");
}

#[test]
fn a_failed_investigation_shows_oktas_error() {
    let (mut state, generation) = investigating(80, 24);
    let failed = InvestigationMsg::Failed {
        generation,
        message: "Okta answered 404 E0000007: Not found".into(),
        code: Some("E0000007".into()),
    };
    update(&mut state, Msg::Investigation(failed));
    let shown = screen(&state);
    assert!(shown.contains("E0000007") && shown.contains("r to retry"), "{shown}");
}

#[test]
fn enter_shows_the_evidence_and_a_opens_the_approval_prefilled() {
    let mut state = investigated(120, 40);
    update(&mut state, key(KeyCode::Enter));
    let shown = screen(&state);
    assert!(shown.contains("Evidence of success_after_failures (2)"), "{shown}");
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.route(), Route::Event { .. }), "Enter on an evidence row opens the event");
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, key(KeyCode::Esc));
    assert!(state.investigation.evidence.is_none());
    let effects = update(&mut state, crate::fixtures::ch('a'));
    assert!(matches!(effects.as_slice(), [Effect::Preflight { .. }]), "{effects:?}");
    let dialog = state.approval.as_ref().unwrap();
    assert_eq!(dialog.user, "00u1");
    assert_eq!(dialog.evidence.as_ref().map(|e| e.uuids.clone()), Some(vec!["ev-1".to_string(), "ev-2".to_string()]));
    assert_eq!(dialog.reason.value(), "the attacker got in: stop the account until it is reset");
}

#[test]
fn a_finding_that_proposes_nothing_opens_no_dialog() {
    let mut state = investigated(120, 40);
    update(&mut state, crate::fixtures::ch('j'));
    let effects = update(&mut state, crate::fixtures::ch('a'));
    assert!(effects.is_empty() && state.approval.is_none());
    assert!(state.flash.as_deref().is_some_and(|f| f.contains("proposes no action")), "{:?}", state.flash);
}

#[test]
fn hunt_snapshots() {
    for (width, height) in SIZES {
        assert_snapshot!(format!("hunt_done_{width}x{height}"), screen(&hunt_loaded(width, height)));
    }
    let mut state = hunt_loaded(80, 24);
    for _ in 0..3 {
        update(&mut state, crate::fixtures::ch('p'));
    }
    assert_snapshot!("hunt_mfa_fatigue_preset_80x24", screen(&state));
}

/// Issue 18: `b` rolls the hunt up by user and IP, worst first; Enter opens the row's user
/// (or address); `b` again shows the findings.
#[test]
fn b_rolls_the_hunt_up_by_user_and_ip() {
    let mut state = hunt_loaded(100, 24);
    update(&mut state, crate::fixtures::ch('b'));
    assert!(state.hunt.by_entity);
    let names: Vec<&str> = state.hunt.entities.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names[..2], ["ana.silva@acme.example", "203.0.113.77"], "the critical finding's user, then its IP");
    assert_snapshot!("hunt_by_entity_100x24", screen(&state));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::Investigate { user, .. }] if user == "ana.silva@acme.example"));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, crate::fixtures::ch('b'));
    assert!(!state.hunt.by_entity && state.hunt.selected_finding().is_some());
}

#[test]
fn a_hunt_finding_opens_its_users_investigation_and_esc_comes_back() {
    let mut state = hunt_loaded(80, 24);
    update(&mut state, crate::fixtures::ch('j'));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::Investigate { user, .. }] if user == "bruno.okafor@acme.example"));
    assert_eq!(state.stack, [Route::Hunt, Route::Investigate(Some("bruno.okafor@acme.example".into()))]);
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.stack, [Route::Hunt]);
}

#[test]
fn e_asks_for_the_case_file_of_the_investigation_with_its_report_and_events() {
    let mut state = investigating(80, 24).0;
    let effects = update(&mut state, crate::fixtures::ch('E'));
    assert!(effects.is_empty(), "nothing to write while it is read: {effects:?}");
    assert!(state.flash.as_deref().is_some_and(|f| f.contains("wait until it is read")), "{:?}", state.flash);
    let mut state = investigated(80, 24);
    let effects = update(&mut state, crate::fixtures::ch('E'));
    let [Effect::WriteCase { subject, who, mask: None }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(who, ANA);
    let oktui::case::CaseSubject::User { report: written, events } = subject.as_ref() else { panic!("{subject:?}") };
    assert_eq!(**written, report());
    assert_eq!(events.to_vec(), evidence_events());
    assert!(state.flash.as_deref().is_some_and(|f| f.contains("writing the case file")), "{:?}", state.flash);
}

#[test]
fn one_of_a_thing_is_never_plural() {
    let (mut state, generation) = investigating(120, 40);
    let mut one = report();
    one.findings.truncate(1);
    one.summary.sign_ins = 1;
    one.summary.ips.truncate(1);
    one.summary.lockouts = 1;
    let done = InvestigationMsg::Done { generation, report: Box::new(one), events: evidence_events()[..1].to_vec() };
    update(&mut state, Msg::Investigation(done));
    let shown = screen(&state);
    for singular in ["· 1 finding · 1 event─", "1 sign-in (", "· 1 IP ·", "1 MFA challenge (", "· 1 lockout ·"]
    {
        assert!(shown.contains(singular), "{singular:?} in:\n{shown}");
    }
    for plural in ["1 findings", "1 events", "1 sign-ins", "1 IPs", "1 MFA challenges", "1 lockouts"] {
        assert!(!shown.contains(plural), "{plural:?} in:\n{shown}");
    }
}

/// oktui's own glyphs outside ASCII: none may be drawn with `--ascii`.
fn unicode_glyph(c: char) -> bool {
    "·●•…—–✗→←×▶▸›│░█".contains(c) || ('\u{2580}'..='\u{259f}').contains(&c) || ('\u{2800}'..='\u{28ff}').contains(&c)
}

#[test]
fn the_ascii_theme_draws_no_unicode_glyph_in_any_pane() {
    let theme = Theme::default().ascii();
    let mut scenes = vec![
        ("users", users_loaded(80, 24, 10)),
        ("logs", crate::fixtures::logs_loaded(80, 24, 30).0),
        ("investigation", investigated(120, 40)),
        ("hunt", hunt_loaded(80, 24)),
        ("too small", users_loaded(50, 15, 3)),
    ];
    let mut help = users_loaded(120, 40, 10);
    update(&mut help, crate::fixtures::ch('?'));
    scenes.push(("help", help));
    let dialog = crate::fixtures::dialog(120, 40, oktui::actions::OrgChange::Suspend, "ACTIVE");
    scenes.push(("dialog", dialog));
    for (name, state) in scenes {
        let shown = text(&draw(&state, &theme));
        let found: String = shown.chars().filter(|c| unicode_glyph(*c)).collect();
        assert!(found.is_empty(), "{name} draws {found:?} with --ascii:\n{shown}");
    }
}

/// Issue 19: at 80×24 `z` shows one panel of the investigation alone, Tab the next, round,
/// and `z` all of them again.
#[test]
fn z_shows_one_panel_alone_and_tab_cycles() {
    use oktui::app::investigation::Panel;
    let mut state = investigated(80, 24);
    assert_eq!(state.investigation.zoom, None);
    update(&mut state, Msg::Key(crossterm::event::KeyEvent::from(KeyCode::Char('z'))));
    assert_eq!(state.investigation.zoom, Some(Panel::Findings));
    assert_snapshot!("investigation_zoom_findings_80x24", screen(&state));
    let mut seen = Vec::new();
    for _ in 0..5 {
        update(&mut state, key(KeyCode::Tab));
        seen.extend(state.investigation.zoom);
    }
    assert_eq!(seen, [Panel::Chart, Panel::Map, Panel::SignIns, Panel::Activity, Panel::Findings]);
    for _ in 0..3 {
        update(&mut state, key(KeyCode::Tab));
    }
    assert_eq!(state.investigation.zoom, Some(Panel::SignIns));
    let text = screen(&state);
    for line in text.lines().filter(|l| l.contains("12-01 12:0")) {
        assert!(line.contains("203.0.113.77"), "the IP is whole at 80 columns: {line}");
    }
    assert_snapshot!("investigation_zoom_sign_ins_80x24", text);
    update(&mut state, Msg::Key(crossterm::event::KeyEvent::from(KeyCode::Char('z'))));
    assert_eq!(state.investigation.zoom, None);
    assert_eq!(screen(&state), screen(&investigated(80, 24)), "z shows every panel again");
}

/// `w` in an investigation opens the same picker as `:hunt`'s: a span reads the user's events
/// of that span again; a range typed in too.
#[test]
fn w_in_an_investigation_picks_its_window() {
    let mut state = investigated(80, 24);
    assert!(screen(&state).contains("Investigate"));
    update(&mut state, key(KeyCode::Char('w')));
    assert!(matches!(state.mode, Mode::PickWindow(_)), "{:?}", state.mode);
    assert!(screen(&state).contains("30d"), "the picker offers 30 and 90 days");
    let effects = update(&mut state, key(KeyCode::Char('4')));
    let [Effect::Investigate { user, window, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!((user.as_str(), *window), (ANA, WindowChoice::Last(Span::Quarter)));
    assert!(screen(&state).contains("last 90d"), "the title says the window");
    update(&mut state, key(KeyCode::Char('w')));
    update(&mut state, key(KeyCode::Char('5')));
    // The range starts from the window now read ("90d"): typed over.
    for _ in 0..3 {
        update(&mut state, key(KeyCode::Backspace));
    }
    update(&mut state, Msg::Now(LOG_START_MS));
    type_text(&mut state, "2025-11-20T00:00:00Z");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Investigate { window: WindowChoice::Range { since, until: None }, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(since.to_rfc3339(), "2025-11-20T00:00:00+00:00");
}

/// The demo's history half written at `hours` of 24.
fn writing(hours: u64) -> Msg {
    Msg::History(oktui::sim::HistoryProgress { written_secs: hours * 3600, total_secs: 24 * 3600, complete: false })
}

/// The demo's history all written.
fn written() -> Msg {
    Msg::History(oktui::sim::HistoryProgress { written_secs: 86_400, total_secs: 86_400, complete: true })
}

/// `state` on the demo's org (the only one whose history is written behind the console).
fn on_the_demo(mut state: AppState) -> AppState {
    state.header.demo = true;
    state
}

/// The report of investigation `generation` lands.
fn report_lands(state: &mut AppState, generation: u64) {
    let done = InvestigationMsg::Done { generation, report: Box::new(report()), events: evidence_events() };
    update(state, Msg::Investigation(done));
}

/// The hunt of `effect` lands with the fixed findings.
fn hunted(state: &mut AppState, effect: &Effect) {
    let Effect::Hunt { generation, window } = effect else { panic!("{effect:?}") };
    let done = oktui::app::hunt::HuntMsg::Done {
        generation: *generation,
        findings: crate::fixtures::hunt_findings(),
        events: 12_345,
        cut: None,
        window: window.at(chrono::DateTime::from_timestamp(1_764_086_400, 0).unwrap()),
        catalog: None,
    };
    update(state, Msg::Hunt(done));
}

/// An investigation and a hunt read while the demo's history is still being written say so
/// (how far it has got, kept up to date) and are read again once it is all written, the
/// findings shown meanwhile staying on screen until the new ones land; a hunt no longer
/// shown hunts again when it next is. A real org never says it.
#[test]
fn what_is_read_while_the_demos_history_is_written_says_so_and_is_read_again() {
    let unwritten = "history still being written (3 h of 24 h so far): read again when it is done";
    let (state, generation) = investigating(80, 24);
    let mut state = on_the_demo(state);
    update(&mut state, writing(1));
    report_lands(&mut state, generation);
    assert!(!screen(&state).contains("history still being written"), "read before the history was: no notice");
    // Read while it is written.
    update(&mut state, key(KeyCode::Char('r')));
    let again = state.investigation.generation;
    report_lands(&mut state, again);
    update(&mut state, key(KeyCode::Char('j')));
    assert!(update(&mut state, writing(3)).is_empty());
    let shown = screen(&state);
    assert!(shown.contains(unwritten), "{shown}");
    assert!(shown.contains("success_after_failures"), "the findings stay on screen at 80x24:\n{shown}");
    let effects = update(&mut state, written());
    let [Effect::Investigate { user, generation, .. }] = effects.as_slice() else { panic!("read again: {effects:?}") };
    assert_eq!(user, ANA);
    // Until the new report lands, the last one stays on screen (and its selection), saying
    // it is read again.
    let shown = screen(&state);
    assert!(shown.contains("history written: reading again"), "{shown}");
    assert!(shown.contains("success_after_failures") && shown.contains("reading"), "the findings stay:\n{shown}");
    assert_eq!(state.investigation.selected, 1);
    report_lands(&mut state, *generation);
    let shown = screen(&state);
    assert!(!shown.contains("history") && shown.contains("success_after_failures"), "{shown}");
    assert_eq!(state.investigation.selected, 1, "the selection stays where it was");
    assert!(update(&mut state, written()).is_empty(), "once");

    // Read before any of it was written: read again as soon as its first stretch lands.
    let mut state = on_the_demo(users_loaded(80, 24, 10));
    update(&mut state, writing(0));
    type_text(&mut state, &format!(":investigate {ANA}"));
    assert_eq!(update(&mut state, key(KeyCode::Enter)).len(), 1);
    let effects = update(&mut state, writing(1));
    assert!(matches!(effects.as_slice(), [Effect::Investigate { .. }]), "read again: {effects:?}");
    assert!(update(&mut state, writing(2)).is_empty(), "then only once it is all written");

    let mut state = on_the_demo(users_loaded(80, 24, 10));
    update(&mut state, writing(5));
    type_text(&mut state, ":hunt");
    let effects = update(&mut state, key(KeyCode::Enter));
    hunted(&mut state, &effects[0]);
    update(&mut state, writing(6));
    let shown = screen(&state);
    assert!(shown.contains("history still being written (6 h of 24 h so far)"), "{shown}");
    let effects = update(&mut state, written());
    assert!(matches!(effects.as_slice(), [Effect::Hunt { .. }]), "hunted again: {effects:?}");
    let shown = screen(&state);
    assert!(shown.contains("history written: reading again"), "{shown}");
    assert!(shown.contains("mfa_fatigue") && shown.contains("bruno.okafor"), "the findings stay:\n{shown}");
    hunted(&mut state, &effects[0]);
    let shown = screen(&state);
    assert!(!shown.contains("history") && shown.contains("12,345 events read"), "{shown}");

    // A hunt not shown when the history is written hunts again when it next is, showing
    // its findings meanwhile.
    let mut state = on_the_demo(users_loaded(80, 24, 10));
    update(&mut state, writing(5));
    type_text(&mut state, ":hunt");
    let effects = update(&mut state, key(KeyCode::Enter));
    hunted(&mut state, &effects[0]);
    update(&mut state, key(KeyCode::Char('1')));
    assert!(update(&mut state, written()).is_empty(), "not while another pane is shown");
    type_text(&mut state, ":hunt");
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::Hunt { .. }]), "hunted again when shown: {effects:?}");
    assert!(screen(&state).contains("mfa_fatigue"), "{}", screen(&state));

    let mut state = on_the_demo(hunt_loaded(80, 24));
    assert!(update(&mut state, written()).is_empty(), "a hunt of a written log is not read again");
    assert!(!screen(&state).contains("history"));
}

/// The IP view opened while the demo's history is written says so and reads its address
/// again once it is all written, its tables staying on screen until the new read lands.
#[test]
fn the_ip_view_read_while_the_demos_history_is_written_reads_again() {
    let mut state = on_the_demo(crate::fixtures::spray_hunt(80, 24));
    update(&mut state, writing(2));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::InvestigateIp { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let events = crate::fixtures::spray_events();
    let window = crate::fixtures::spray_window();
    let ip = crate::fixtures::SPRAYER;
    let done = |generation: u64| {
        let report = oktui::investigate::report::IpReport::build(ip, window, &events, false, Vec::new());
        Msg::Ip(oktui::app::ip::IpMsg::Done { generation, report: Box::new(report), events: events.clone() })
    };
    update(&mut state, done(*generation));
    update(&mut state, key(KeyCode::Char('j')));
    let shown = screen(&state);
    assert!(shown.contains("history still being written (2 h of 24 h so far)"), "{shown}");
    assert!(shown.contains("users it touched"), "{shown}");
    let effects = update(&mut state, written());
    let [Effect::InvestigateIp { generation, ip: again, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(again.to_string(), ip);
    let shown = screen(&state);
    assert!(shown.contains("history written: reading again") && shown.contains("users it touched"), "{shown}");
    update(&mut state, done(*generation));
    let shown = screen(&state);
    assert!(!shown.contains("history") && shown.contains("users it touched"), "{shown}");
    assert_eq!(state.ip.selected_user, 1, "the selection stays where it was");
}

/// After `:profile`, the investigation of the org left is gone: the investigation key opens
/// an empty view, not the other org's findings, and its evidence is not kept.
#[test]
fn a_profile_switch_forgets_the_investigation_of_the_org_left() {
    let mut state = investigated(80, 24);
    assert!(screen(&state).contains(ANA) && state.investigation.report.is_some());
    update(&mut state, Msg::Connected(crate::fixtures::header()));
    assert!(
        state.investigation.user.is_none()
            && state.investigation.report.is_none()
            && state.investigation.events.is_empty()
    );
    update(&mut state, key(KeyCode::Char('6')));
    assert_eq!(state.route(), &oktui::app::state::Route::Investigate(None));
    assert!(!screen(&state).contains(ANA), "{}", screen(&state));
}

/// After `:profile` leaves the demo's org, the demo's history is no longer heard of: what
/// was read while it was written no longer says so, and its progress reads nothing again.
#[test]
fn after_a_profile_switch_the_demos_history_is_ignored() {
    let (state, generation) = investigating(80, 24);
    let mut state = on_the_demo(state);
    update(&mut state, writing(1));
    update(&mut state, key(KeyCode::Char('r')));
    let again = state.investigation.generation;
    report_lands(&mut state, again);
    assert!(generation < state.investigation.generation);
    assert!(screen(&state).contains("history still being written"));
    update(&mut state, Msg::Connected(crate::fixtures::header()));
    assert_eq!(state.history, None);
    assert!(update(&mut state, writing(4)).is_empty());
    assert_eq!(state.history, None, "the demo's progress is not taken for the new org's");
    assert!(update(&mut state, written()).is_empty(), "nothing is read again");
    type_text(&mut state, &format!(":investigate {ANA}"));
    update(&mut state, key(KeyCode::Enter));
    assert!(!screen(&state).contains("history"), "{}", screen(&state));
}

/// A hunt whose findings include one of Okta's catalog: a log stream deactivated by a
/// stolen admin session.
fn catalog_hunt(width: u16, height: u16) -> AppState {
    let mut state = crate::fixtures::users_loaded(width, height, 10);
    crate::fixtures::type_text(&mut state, ":hunt");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Hunt { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let mut catalog = crate::fixtures::finding(
        oktui::investigate::FindingKind::Catalog,
        oktui::investigate::FindingSeverity::Medium,
        "dana.whitfield@acme.example",
        "203.0.113.45",
        oktui::investigate::ProposedAction::None,
    );
    catalog.summary =
        "Okta catalog detection: Log Stream Tampering — 1 event by or about dana.whitfield@acme.example".into();
    catalog.evidence = vec!["ev-9".into()];
    catalog.catalog = Some(Box::new(oktui::investigate::CatalogDetail {
        id: "6595e64287a21e6e7f63f0ab037a4401".into(),
        title: "Log Stream Tampering".into(),
        entry: "detection".into(),
        tactics: vec!["Defense Evasion".into()],
        techniques: vec!["T1562.008: Impair Defenses - Disable or Modify Cloud Logs".into()],
        description: "Detects Okta log stream configuration changes such as deactivation.".into(),
        references: vec!["https://help.okta.com/log-streams".into()],
        prevention: vec!["Enable Protected Actions.".into(), "Alert on log stream changes.".into()],
        false_positives: vec!["A planned change of SIEM.".into()],
        filter: "eventType sw \"system.log_stream.lifecycle\"".into(),
        matched: vec![oktui::investigate::MatchedEvent {
            uuid: "ev-9".into(),
            published: chrono::DateTime::from_timestamp(1_764_060_000, 0),
            event_type: "system.log_stream.lifecycle.deactivate".into(),
            actor: "dana.whitfield@acme.example".into(),
            ip: Some("203.0.113.45".into()),
            outcome: "SUCCESS".into(),
            display_message: "Deactivate log stream".into(),
        }],
    }));
    let mut findings = crate::fixtures::hunt_findings();
    findings.push(catalog);
    let done = oktui::app::hunt::HuntMsg::Done {
        generation: *generation,
        findings,
        events: 12_345,
        cut: None,
        window: oktui::investigate::LogWindow {
            since: chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
            until: chrono::DateTime::from_timestamp(1_764_086_400, 0).unwrap(),
        },
        catalog: Some(
            "Okta catalog, OIE: 37 run · 15 matched · 2 refused by Okta (E0000053) · 0 failed · 9 not runnable".into(),
        ),
    };
    update(&mut state, Msg::Hunt(done));
    state
}

/// `p` reaches the "Okta catalog" preset (then the tactic its finding names); `Enter` on the
/// catalog finding describes the detection: description, advice, references and evidence.
#[test]
fn the_catalog_preset_and_enter_on_a_catalog_finding() {
    let mut state = catalog_hunt(100, 30);
    while state.hunt.preset != oktui::app::hunt::Preset::Catalog {
        update(&mut state, crate::fixtures::ch('p'));
    }
    assert_eq!(state.hunt.visible.len(), 1);
    assert_snapshot!("hunt_catalog_preset_100x30", screen(&state));
    update(&mut state, crate::fixtures::ch('p'));
    assert_eq!(state.hunt.preset, oktui::app::hunt::Preset::Tactic(6), "the one tactic a finding names");
    update(&mut state, crate::fixtures::ch('p'));
    assert_eq!(state.hunt.preset, oktui::app::hunt::Preset::All);
    while state.hunt.preset != oktui::app::hunt::Preset::Catalog {
        update(&mut state, crate::fixtures::ch('p'));
    }
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(effects.is_empty(), "{effects:?}");
    let view = state.describe.as_ref().expect("Enter describes the catalog finding");
    for name in ["description", "prevention 1", "false positives", "reference", "evidence 1", "techniques"] {
        assert!(view.fields.iter().any(|f| f.name == name), "{name} in {:#?}", view.fields);
    }
    assert_snapshot!("hunt_catalog_finding_described_100x30", screen(&state));
}
