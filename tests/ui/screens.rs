//! Whole-screen snapshots (gitui's way): the console driven into each pane and popup
//! through `update`, drawn on `TestBackend`, its text compared with insta at 80×24 and
//! 120×40 (and the too-small screen at 50×15 and 10×5).

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use oktui::app::effect::Effect;
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::state::{AppState, HeaderInfo};
use oktui::app::update::update;
use oktui::ui::theme::Theme;
use ratatui::style::Modifier;

use crate::fixtures::{
    apps, bucket, ch, console, deliver, draw, groups, key, logs_loaded, name, open_pane, policy_pages, screen,
    tail_events, type_text, user_detail, users, users_loaded,
};

/// The two sizes every pane is checked at.
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshots the screen that `build` produces at each size, as `NAME_WxH`.
fn check(name: &str, build: impl Fn(u16, u16) -> AppState) {
    for (width, height) in SIZES {
        let state = build(width, height);
        assert_snapshot!(format!("{name}_{width}x{height}"), screen(&state));
    }
}

#[test]
fn users_loaded_pane() {
    check("users_loaded", |w, h| users_loaded(w, h, 40));
}

#[test]
fn users_loading_with_a_partial_count() {
    check("users_loading", |w, h| {
        let (mut state, generation) = console(w, h);
        deliver(&mut state, ListKind::Users, generation, vec![users(25)], false);
        state
    });
}

#[test]
fn users_loading_before_the_first_page() {
    check("users_waiting", |w, h| console(w, h).0);
}

#[test]
fn users_failed_with_the_okta_error_code() {
    check("users_failed", |w, h| {
        let (mut state, generation) = console(w, h);
        deliver(&mut state, ListKind::Users, generation, vec![users(12)], false);
        update(
            &mut state,
            Msg::Failed {
                generation,
                message: "You do not have permission to perform the requested action".into(),
                code: Some("E0000006".into()),
            },
        );
        state
    });
}

#[test]
fn users_of_an_empty_org() {
    check("users_empty", |w, h| {
        let (mut state, generation) = console(w, h);
        deliver(&mut state, ListKind::Users, generation, vec![Vec::new()], true);
        state
    });
}

#[test]
fn users_filtered() {
    check("users_filtered", |w, h| {
        let mut state = users_loaded(w, h, 40);
        update(&mut state, ch('/'));
        type_text(&mut state, "ana");
        state
    });
}

#[test]
fn user_detail_sections() {
    check("user_detail", |w, h| {
        let mut state = users_loaded(w, h, 40);
        let effects = update(&mut state, key(KeyCode::Enter));
        let Some(oktui::app::effect::Effect::LoadDetail { generation, .. }) = effects.first() else {
            panic!("Enter opens the detail: {effects:?}");
        };
        update(&mut state, Msg::Detail { generation: *generation, detail: user_detail() });
        state
    });
}

#[test]
fn apps_pane() {
    check("apps", |w, h| {
        let mut state = users_loaded(w, h, 40);
        open_pane(&mut state, '2', ListKind::Apps, vec![apps()]);
        state
    });
}

#[test]
fn groups_pane() {
    check("groups", |w, h| {
        let mut state = users_loaded(w, h, 40);
        open_pane(&mut state, '3', ListKind::Groups, vec![groups()]);
        state
    });
}

#[test]
fn policies_pane() {
    check("policies", |w, h| {
        let mut state = users_loaded(w, h, 40);
        open_pane(&mut state, '4', ListKind::Policies, policy_pages());
        state
    });
}

#[test]
fn logs_following_the_newest_events() {
    check("logs_following", |w, h| logs_loaded(w, h, 60).0);
}

#[test]
fn logs_paused_counts_what_arrived_since() {
    check("logs_paused", |w, h| {
        let (mut state, generation) = logs_loaded(w, h, 60);
        for _ in 0..5 {
            update(&mut state, ch('k'));
        }
        tail_events(&mut state, generation, 60..64);
        state
    });
}

#[test]
fn logs_with_a_refused_okta_filter() {
    check("logs_filter_refused", |w, h| {
        let (mut state, _) = logs_loaded(w, h, 30);
        update(&mut state, ch('F'));
        let effects = type_text(&mut state, "eventType eq");
        assert!(effects.is_empty());
        let effects = update(&mut state, key(KeyCode::Enter));
        let [Effect::CheckLogQuery { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
        let refused = "GET /api/v1/logs: Okta answered 400 E0000031: Invalid search criteria.".to_string();
        assert!(update(&mut state, Msg::LogQueryChecked { generation: *generation, error: Some(refused) }).is_empty());
        // The refusal is said whole, above the tail's health line, which stays; the status
        // line's "asking Okta…" is over.
        let text = screen(&state);
        let flat: String = text.lines().map(|l| l.trim_matches(|c| c == '│' || c == ' ')).collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Invalid search criteria."), "{text}");
        assert!(text.contains("following") && !text.contains("asking Okta"), "{text}");
        state
    });
}

#[test]
fn esc_dismisses_a_refused_okta_filter_and_an_accepted_one_is_titled_plainly() {
    let (mut state, _) = logs_loaded(80, 24, 30);
    update(&mut state, ch('F'));
    type_text(&mut state, "eventType eq");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::CheckLogQuery { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    update(&mut state, Msg::LogQueryChecked { generation: *generation, error: Some("400 E0000031".into()) });
    assert!(screen(&state).contains("Okta refused the filter"));
    update(&mut state, key(KeyCode::Esc));
    assert!(!screen(&state).contains("Okta refused the filter"), "dismissed");
    assert_eq!(state.logs.visible.len(), 30, "the events stay");

    update(&mut state, ch('F'));
    type_text(&mut state, r#"eventType eq "user.session.start""#);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::CheckLogQuery { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    update(&mut state, Msg::LogQueryChecked { generation: *generation, error: None });
    let title = oktui::ui::logs::title(&state.logs, &state.alerts);
    assert!(title.ends_with(r#"Okta filter 'eventType eq "user.session.start"'"#), "{title}");
    assert_eq!(state.flash.as_deref(), Some(r#"Okta filters by 'eventType eq "user.session.start"'"#));
}

#[test]
fn log_event_in_full_with_its_pivots() {
    check("log_event", |w, h| {
        let (mut state, _) = logs_loaded(w, h, 30);
        let effects = update(&mut state, key(KeyCode::Enter));
        assert!(effects.is_empty(), "a recent event's JSON is kept: {effects:?}");
        state
    });
}

#[test]
fn header_with_demo_and_read_only_badges() {
    check("header_badges", |w, h| {
        let mut state = users_loaded(w, h, 40);
        let header = HeaderInfo {
            org: "http://127.0.0.1:41234".into(),
            profile: "demo (simulated org, seed 1)".into(),
            auth: "SSWS API token".into(),
            read_only: true,
            demo: true,
        };
        state.header = header;
        update(&mut state, Msg::RateLimits(vec![bucket("/api/v1/users", 600, 150), bucket("/api/v1/logs", 120, 30)]));
        state
    });
}

#[test]
fn help_open() {
    check("help", |w, h| {
        let mut state = users_loaded(w, h, 40);
        update(&mut state, ch('?'));
        state
    });
}

#[test]
fn command_line_with_text() {
    check("command_line", |w, h| {
        let mut state = users_loaded(w, h, 40);
        update(&mut state, ch(':'));
        type_text(&mut state, "profile sta");
        state
    });
}

#[test]
fn too_small_screen() {
    for (width, height) in [(50, 15), (10, 5)] {
        let state = users_loaded(width, height, 40);
        assert_snapshot!(format!("too_small_{width}x{height}"), screen(&state));
    }
}

/// The rows of the users pane whose every cell inside the borders is reversed.
fn reversed_rows(state: &AppState) -> Vec<u16> {
    let buffer = draw(state, &Theme::mono());
    let (width, height) = state.size;
    (0..height).filter(|y| (1..width - 1).all(|x| buffer[(x, *y)].modifier.contains(Modifier::REVERSED))).collect()
}

/// The text of screen row `y`.
fn row_text(state: &AppState, y: u16) -> String {
    screen(state).lines().nth(usize::from(y)).unwrap_or_default().to_string()
}

#[test]
fn mono_theme_marks_the_selection_by_reverse_video() {
    let mut state = users_loaded(80, 24, 40);
    let rows = reversed_rows(&state);
    assert_eq!(rows.len(), 1, "exactly one reversed row: {rows:?}");
    assert!(row_text(&state, rows[0]).contains(&name(0)));
    for _ in 0..3 {
        update(&mut state, ch('j'));
    }
    let rows = reversed_rows(&state);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(row_text(&state, rows[0]).contains(&name(3)), "{}", row_text(&state, rows[0]));
}

#[test]
fn mono_theme_reverses_the_selection_of_a_filtered_list_after_scrolling() {
    let mut state = users_loaded(80, 24, 400);
    update(&mut state, ch('/'));
    type_text(&mut state, "ines");
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, ch('G'));
    let rows = reversed_rows(&state);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let text = row_text(&state, rows[0]);
    assert!(text.contains("Ines ") && text.contains('▶'), "{text}");
    assert_eq!(usize::from(rows[0]), 4 + usize::from(24u16 - 7) - 1, "the last match sits on the last row");
}

#[test]
fn the_status_line_says_the_console_waits_on_the_rate_limit() {
    use oktui::okta::throttle::{RateWait, WaitReason};
    let mut state = users_loaded(120, 40, 5);
    let until = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let wait = RateWait { bucket: "GET /api/v1/users".into(), until, reason: WaitReason::TooManyRequests };
    update(&mut state, Msg::RateWait(Some(wait)));
    let shown = screen(&state);
    let line = "waiting on rate limit for bucket GET /api/v1/users until 22:13:20 (Okta answered 429)";
    assert!(shown.contains(line), "{shown}");
    update(&mut state, Msg::RateWait(None));
    assert!(!screen(&state).contains("waiting on rate limit"));
}
