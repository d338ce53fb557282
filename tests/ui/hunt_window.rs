//! The `:hunt` pane's window and progress (issue 15): `w` picks the last 24 h, 7 d, 30 d,
//! 90 d or a typed range; the gauge says what was read, the time covered, the logs bucket's
//! headroom, the time left or the rate-limit wait; Esc cancels a read and says what it
//! covered; a hunt superseded (a new window, leaving the pane, another org) is aborted.

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;
use insta::assert_snapshot;
use oktui::app::effect::Effect;
use oktui::app::hunt::{HuntMsg, Span, WindowChoice};
use oktui::app::msg::Msg;
use oktui::app::state::{AppState, Load, Mode};
use oktui::app::update::update;
use oktui::gather::FetchProgress;
use oktui::investigate::LogWindow;
use oktui::okta::throttle::{RateWait, WaitReason};

use crate::fixtures::{bucket, ch, header, key, screen, type_text, users_loaded, LOG_START_MS};

fn at(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(LOG_START_MS).unwrap() + chrono::Duration::minutes(minutes)
}

/// The hunt of `effects`, as (generation, window).
fn hunt_of(effects: &[Effect]) -> (u64, WindowChoice) {
    let hunts: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Hunt { generation, window } => Some((*generation, *window)),
            _ => None,
        })
        .collect();
    assert_eq!(hunts.len(), 1, "one hunt in {effects:?}");
    hunts[0]
}

/// `:hunt` opened at LOG_START_MS, its first read under way; returns its generation.
fn hunting(width: u16, height: u16) -> (AppState, u64) {
    let mut state = users_loaded(width, height, 10);
    update(&mut state, Msg::Now(LOG_START_MS));
    type_text(&mut state, ":hunt");
    let (generation, window) = hunt_of(&update(&mut state, key(KeyCode::Enter)));
    assert_eq!(window, WindowChoice::Last(Span::Day));
    (state, generation)
}

/// Midway through a 24 h window: 12,000 events read, the logs bucket at 80 of 120.
fn midway(state: &mut AppState, generation: u64) {
    let window = LogWindow { since: at(-24 * 60), until: at(0) };
    update(state, Msg::Hunt(HuntMsg::Window { generation, window, note: None }));
    let progress = FetchProgress {
        pages: 12,
        events: 12_000,
        skipped: 0,
        fraction: 0.25,
        covered: Some(at(-18 * 60)),
        elapsed: std::time::Duration::from_secs(20),
    };
    update(state, Msg::Hunt(HuntMsg::Progress { generation, progress }));
    update(state, Msg::RateLimits(vec![bucket("GET /api/v1/users", 600, 590), bucket("GET /api/v1/logs", 120, 80)]));
}

#[test]
fn the_gauge_says_what_was_read_the_headroom_and_the_time_left() {
    let (mut state, generation) = hunting(80, 24);
    midway(&mut state, generation);
    let shown = screen(&state);
    for said in ["12,000 events · 12 pages", "covered to 11-30 18:00 (25%)", "logs bucket 80/120", "about 1m00s left"]
    {
        assert!(shown.contains(said), "{said}: {shown}");
    }
    assert_snapshot!("hunt_reading_80x24", shown);
}

#[test]
fn a_wait_on_the_rate_limit_shows_until_when() {
    let (mut state, generation) = hunting(80, 24);
    midway(&mut state, generation);
    let wait = RateWait {
        bucket: "GET /api/v1/logs".into(),
        until: at(0) + chrono::Duration::seconds(42),
        reason: WaitReason::TooManyRequests,
    };
    update(&mut state, Msg::RateWait(Some(wait)));
    let shown = screen(&state);
    assert!(shown.contains("throttled by Okta until 12:00:42 (reset in 42s)"), "{shown}");
    assert!(!shown.contains("s left"), "no estimate while waiting: {shown}");
}

#[test]
fn w_offers_the_spans_and_a_pick_supersedes_the_hunt_under_way() {
    let (mut state, first) = hunting(80, 24);
    assert!(update(&mut state, ch('w')).is_empty());
    assert!(matches!(state.mode, Mode::PickWindow(_)));
    assert_snapshot!("hunt_window_picker_80x24", screen(&state));
    update(&mut state, key(KeyCode::Right));
    update(&mut state, key(KeyCode::Right));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(effects.first(), Some(Effect::CancelHunt)), "the read under way is aborted: {effects:?}");
    let (second, window) = hunt_of(&effects);
    assert_eq!(window, WindowChoice::Last(Span::Month));
    assert!(second > first);
    assert!(matches!(state.mode, Mode::Normal));
    assert!(screen(&state).contains("Hunt · last 30d"), "{}", screen(&state));
    // The superseded hunt's late messages are not taken for the new one's.
    let stale = FetchProgress { pages: 99, ..FetchProgress::default() };
    update(&mut state, Msg::Hunt(HuntMsg::Progress { generation: first, progress: stale }));
    assert_eq!(state.hunt.progress, None);
    // Digits pick at once; Esc keeps the window.
    update(&mut state, ch('w'));
    assert_eq!(hunt_of(&update(&mut state, ch('4'))).1, WindowChoice::Last(Span::Quarter));
    update(&mut state, ch('w'));
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert!(matches!(state.mode, Mode::Normal) && state.hunt.window == WindowChoice::Last(Span::Quarter));
}

#[test]
fn a_custom_range_is_typed_and_a_start_after_its_end_is_refused() {
    let (mut state, _) = hunting(80, 24);
    update(&mut state, ch('w'));
    update(&mut state, ch('5'));
    for _ in 0..3 {
        update(&mut state, key(KeyCode::Backspace));
    }
    type_text(&mut state, "2025-11-02T00:00:00Z");
    update(&mut state, key(KeyCode::Tab));
    type_text(&mut state, "2025-11-01T00:00:00Z");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty(), "refused");
    let shown = screen(&state);
    assert!(shown.contains("the start is after the end"), "{shown}");
    assert_snapshot!("hunt_window_custom_refused_80x24", shown);
    for _ in 0.."2025-11-01T00:00:00Z".len() {
        update(&mut state, key(KeyCode::Backspace));
    }
    type_text(&mut state, "2d");
    let (_, window) = hunt_of(&update(&mut state, key(KeyCode::Enter)));
    let since = "2025-11-02T00:00:00Z".parse().unwrap();
    assert_eq!(window, WindowChoice::Range { since, until: Some(at(-2 * 24 * 60)) });
    assert!(screen(&state).contains("Hunt · 11-02 00:00 → 11-29 12:00"), "{}", screen(&state));
}

#[test]
fn esc_cancels_a_read_and_says_what_it_covered() {
    let (mut state, generation) = hunting(80, 24);
    midway(&mut state, generation);
    assert!(matches!(update(&mut state, key(KeyCode::Esc)).as_slice(), [Effect::CancelHunt]));
    let Load::Failed { message, .. } = &state.hunt.load else { panic!("{:?}", state.hunt.load) };
    assert_eq!(
        message,
        "cancelled: 12,000 events in 12 pages read, the window covered from 11-30 12:00 to 11-30 18:00"
    );
    assert!(screen(&state).contains("cancelled: 12,000 events"), "{}", screen(&state));
    // The pane stays; r hunts again.
    assert_eq!(hunt_of(&update(&mut state, ch('r'))).1, WindowChoice::Last(Span::Day));
}

#[test]
fn leaving_the_pane_or_the_org_aborts_the_hunt() {
    let (mut state, generation) = hunting(80, 24);
    midway(&mut state, generation);
    let effects = update(&mut state, ch('1'));
    assert!(effects.iter().any(|e| matches!(e, Effect::CancelHunt)), "{effects:?}");
    assert_eq!(state.hunt.load, Load::Idle);
    type_text(&mut state, ":hunt");
    let (generation, _) = hunt_of(&update(&mut state, key(KeyCode::Enter)));
    update(
        &mut state,
        Msg::Hunt(HuntMsg::Window {
            generation,
            window: LogWindow { since: at(-60), until: at(0) },
            note: Some("Okta keeps the System Log for 90 days: …".into()),
        }),
    );
    let shown = screen(&state);
    assert!(shown.contains("Okta keeps the System Log for 90 days"), "the note is shown: {shown}");
    assert!(
        shown.contains("Hunt · last 24h · all findings · from 12-01 11:00 (Okta keeps 90 days)"),
        "and kept in the title: {shown}"
    );
    let effects = update(&mut state, Msg::Connected(header()));
    assert!(effects.iter().any(|e| matches!(e, Effect::CancelHunt)), "another org: {effects:?}");
    assert_eq!(state.hunt.load, Load::Idle);
}
