//! Fixed content for the console tests: Okta objects written out here (no sim, no clock),
//! a fixed header, key presses, and states built the way the runtime builds them, through
//! `update` with the messages its tasks send.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use oktui::actions::preflight::{ActionFacts, FactorFact, SessionFact};
use oktui::actions::{Containment, Evidence, OrgChange, Plan, RiskLevel, Target};
use oktui::app::approval::{open_for_proposal, Prepared, Request};
use oktui::app::detail::{Detail, Section};
use oktui::app::effect::Effect;
use oktui::app::keys::KeyMap;
use oktui::app::lists::start_list;
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::state::{AppState, HeaderInfo};
use oktui::app::update::update;
use oktui::okta::logs::compact::{parse_event, SymInterner};
use oktui::okta::logs::{PollState, TailStatus, TailUpdate, TailedEvent};
use oktui::okta::ratelimit::BucketStatus;
use oktui::ui::screen::render;
use oktui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use serde_json::{json, Value};
use unicode_width::UnicodeWidthStr;

const FIRST: [&str; 16] = [
    "Ana", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Lars", "Mina",
    "Nikhil", "Olga", "Pedro",
];
const LAST: [&str; 12] =
    ["Silva", "Okafor", "Rossi", "Volkov", "Yilmaz", "Haddad", "Kim", "Tanaka", "Moreau", "Berg", "Adeyemi", "Lund"];

/// The org's header: a real-looking org, not a demo, writable.
pub fn header() -> HeaderInfo {
    HeaderInfo {
        org: "https://acme.okta.com".into(),
        profile: "prod (Acme production)".into(),
        auth: "OAuth private_key_jwt".into(),
        read_only: false,
        demo: false,
    }
}

/// User number `i`: names, statuses and last logins follow fixed patterns.
pub fn user(i: usize) -> Value {
    let (first, last) = (FIRST[i % FIRST.len()], LAST[(i / FIRST.len() + i) % LAST.len()]);
    let login = format!("{}.{}{}@acme.example", first.to_lowercase(), last.to_lowercase(), i / 100);
    let status = match i % 9 {
        4 => "SUSPENDED",
        6 => "LOCKED_OUT",
        8 => "STAGED",
        _ => "ACTIVE",
    };
    let last_login = (status != "STAGED")
        .then(|| format!("2026-03-{:02}T{:02}:{:02}:00.000Z", 1 + i % 28, (i * 5) % 24, (i * 7) % 60));
    json!({
        "id": format!("00u{i:017}"),
        "status": status,
        "lastLogin": last_login,
        "profile": {"login": login, "email": login, "firstName": first, "lastName": last}
    })
}

/// The display name of user number `i`, as the list shows it.
pub fn name(i: usize) -> String {
    let u = user(i);
    format!("{} {}", u["profile"]["firstName"].as_str().unwrap(), u["profile"]["lastName"].as_str().unwrap())
}

/// Users `0..n`.
pub fn users(n: usize) -> Vec<Value> {
    (0..n).map(user).collect()
}

/// A handful of apps of every sign-on mode.
pub fn apps() -> Vec<Value> {
    [
        ("0oa0000000000000001", "Okta Admin Console", "OPENID_CONNECT", "ACTIVE", "saasure"),
        ("0oa0000000000000002", "Salesforce", "SAML_2_0", "ACTIVE", "salesforce"),
        ("0oa0000000000000003", "Slack", "SAML_2_0", "ACTIVE", "slack"),
        ("0oa0000000000000004", "GitHub Enterprise Cloud", "SAML_2_0", "ACTIVE", "githubcloud"),
        ("0oa0000000000000005", "AWS IAM Identity Center", "SAML_2_0", "ACTIVE", "amazon_aws_sso"),
        ("0oa0000000000000006", "Internal Wiki", "BOOKMARK", "INACTIVE", "bookmark"),
        ("0oa0000000000000007", "Payroll (legacy)", "AUTO_LOGIN", "ACTIVE", "template_swa"),
    ]
    .iter()
    .map(|(id, label, mode, status, name)| {
        json!({"id": id, "label": label, "signOnMode": mode, "status": status, "name": name})
    })
    .collect()
}

/// Built-in, Okta and app groups.
pub fn groups() -> Vec<Value> {
    [
        ("00g0000000000000001", "Everyone", "BUILT_IN", "All users in your organization"),
        ("00g0000000000000002", "Engineering", "OKTA_GROUP", "Product and platform engineers"),
        ("00g0000000000000003", "Finance", "OKTA_GROUP", "Finance and payroll"),
        ("00g0000000000000004", "Contractors", "OKTA_GROUP", "External contractors, reviewed quarterly"),
        ("00g0000000000000005", "Okta Admins", "OKTA_GROUP", "Holders of an admin role"),
        ("00g0000000000000006", "Domain Users", "APP_GROUP", "Imported from Active Directory"),
    ]
    .iter()
    .map(|(id, name, kind, description)| {
        json!({"id": id, "type": kind, "profile": {"name": name, "description": description}})
    })
    .collect()
}

/// Policies as the pane receives them: one page per type.
pub fn policy_pages() -> Vec<Vec<Value>> {
    let policy = |id: &str, kind: &str, priority: u32, name: &str, status: &str| json!({"id": id, "type": kind, "priority": priority, "name": name, "status": status});
    vec![
        vec![
            policy("00p0000000000000001", "OKTA_SIGN_ON", 1, "Admins: MFA every sign-in", "ACTIVE"),
            policy("00p0000000000000002", "OKTA_SIGN_ON", 2, "Default Policy", "ACTIVE"),
        ],
        vec![policy("rst0000000000000001", "ACCESS_POLICY", 1, "Any two factors", "ACTIVE")],
        vec![policy("00p0000000000000003", "MFA_ENROLL", 1, "Default Policy", "ACTIVE")],
        vec![
            policy("00p0000000000000004", "PASSWORD", 1, "Service accounts", "INACTIVE"),
            policy("00p0000000000000005", "PASSWORD", 2, "Default Policy", "ACTIVE"),
        ],
        vec![policy("rst0000000000000002", "PROFILE_ENROLLMENT", 1, "Default Policy", "ACTIVE")],
        vec![policy("00p0000000000000006", "IDP_DISCOVERY", 1, "Idp Discovery Policy", "ACTIVE")],
    ]
}

/// The detail view of user 0, as the detail task would send it.
pub fn user_detail() -> Detail {
    let section = |title: &str, lines: &[&str]| Section {
        title: title.to_string(),
        lines: lines.iter().map(ToString::to_string).collect(),
    };
    Detail {
        sections: vec![
            section(
                "Profile",
                &[
                    "status           ACTIVE",
                    "login            ana.silva0@acme.example",
                    "email            ana.silva0@acme.example",
                    "first name       Ana",
                    "last name        Silva",
                    "last login       2026-03-01T00:00:00.000Z",
                    "id               00u00000000000000000",
                ],
            ),
            section(
                "Factors (2)",
                &["push                   OKTA     ACTIVE", "webauthn               FIDO     ACTIVE"],
            ),
            section("Admin roles (0)", &[]),
            section("Groups (2)", &["Everyone", "Engineering"]),
            section("App links (2)", &["Slack", "GitHub Enterprise Cloud"]),
            section(
                "Recent events (7 days, newest first)",
                &[
                    "2026-03-01T00:00:00  user.session.start                   SUCCESS  203.0.113.7     Portugal",
                    "2026-02-28T17:12:09  user.authentication.auth_via_mfa     SUCCESS  203.0.113.7     Portugal",
                ],
            ),
        ],
        factor_ids: FACTORS.iter().map(|f| f.id.to_string()).collect(),
    }
}

/// User 0's factors: (id, type), as its detail lists them.
pub struct FactorRow {
    pub id: &'static str,
    pub factor_type: &'static str,
}

/// User 0's enrolled factors, in the order its detail lists them.
pub const FACTORS: [FactorRow; 2] =
    [FactorRow { id: "opf1ana0push", factor_type: "push" }, FactorRow { id: "fwf1ana0key", factor_type: "webauthn" }];

/// User 0's session in the fixed System Log (event 0's `externalSessionId`).
pub const SESSION: &str = "102session0";

/// What a re-read for `action` finds beyond user 0's status, as the preflight reads only
/// what the action needs: its two factors, a password, its risk LOW, its session [`SESSION`].
pub fn read_facts(action: &OrgChange) -> ActionFacts {
    let all = every_fact();
    ActionFacts {
        factors: all.factors.filter(|_| matches!(action, OrgChange::ResetFactors | OrgChange::RemoveFactor { .. })),
        has_password: all.has_password.filter(|_| matches!(action, OrgChange::ExpirePassword)),
        risk: all.risk.filter(|_| matches!(action, OrgChange::SetRisk { .. })),
        session: all.session.filter(|_| matches!(action, OrgChange::RevokeSession { .. })),
    }
}

/// Every fact a re-read of user 0 can find.
fn every_fact() -> ActionFacts {
    let factors = FACTORS
        .iter()
        .map(|f| FactorFact { id: f.id.into(), factor_type: f.factor_type.into(), status: "ACTIVE".into() })
        .collect();
    ActionFacts {
        factors: Some(Ok(factors)),
        has_password: Some(true),
        risk: Some(Ok("LOW".into())),
        session: Some(Ok(SessionFact {
            id: SESSION.into(),
            user_id: user(0)["id"].as_str().unwrap().into(),
            status: "ACTIVE".into(),
        })),
    }
}

/// A key press with no modifiers.
pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A character key press.
pub fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

/// Types `text` one character at a time, returning every effect.
pub fn type_text(state: &mut AppState, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| update(state, ch(c))).collect()
}

/// The generation of the one `LoadList` among `effects`.
pub fn list_generation(effects: &[Effect]) -> u64 {
    let loads: Vec<u64> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadList { generation, .. } => Some(*generation),
            _ => None,
        })
        .collect();
    assert_eq!(loads.len(), 1, "expected one LoadList in {effects:?}");
    loads[0]
}

/// A fresh console of `width`×`height` with the fixed header, as the runtime starts it:
/// the users load asked for, nothing arrived yet. Returns the users' generation.
pub fn console(width: u16, height: u16) -> (AppState, u64) {
    let mut state = AppState::new(header(), KeyMap::defaults(), vec!["prod".into(), "staging".into()], (width, height));
    let first = start_list(&mut state, ListKind::Users);
    (state, list_generation(&[first]))
}

/// Sends `pages` of `kind` for `generation`, the last one marked done when `done`.
pub fn deliver(state: &mut AppState, kind: ListKind, generation: u64, pages: Vec<Vec<Value>>, done: bool) {
    let count = pages.len();
    for (i, items) in pages.into_iter().enumerate() {
        update(state, Msg::Page { kind, generation, items, done: done && i + 1 == count });
    }
}

/// A console on the users pane with users `0..n` loaded and the rate limits known.
pub fn users_loaded(width: u16, height: u16, n: usize) -> AppState {
    let (mut state, generation) = console(width, height);
    deliver(&mut state, ListKind::Users, generation, vec![users(n)], true);
    update(&mut state, Msg::RateLimits(vec![bucket("/api/v1/users", 600, 561)]));
    state
}

/// The selected row of `users_loaded` is user 0.
pub fn login() -> String {
    user(0)["profile"]["login"].as_str().unwrap().to_string()
}

pub fn target(status: &str) -> Target {
    Target {
        id: user(0)["id"].as_str().unwrap().to_string(),
        login: login(),
        name: "Ana Silva".into(),
        status: status.into(),
        admin_roles: Some(vec!["Help Desk Administrator".into()]),
        active_apps: Some(7),
    }
}

/// The dialog for `action` open on user 0 by its console key (a factor's `x` on user 0's
/// detail, a session's `x` on the event made in it), its re-read answered with the user in
/// `status` and [`read_facts`].
pub fn dialog(width: u16, height: u16, action: OrgChange, status: &str) -> AppState {
    let mut state = users_loaded(width, height, 40);
    let effects = match &action {
        OrgChange::RemoveFactor { factor_id } => {
            let effects = update(&mut state, key(KeyCode::Enter));
            let [Effect::LoadDetail { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
            update(&mut state, Msg::Detail { generation: *generation, detail: user_detail() });
            while state.detail.selected_factor() != Some(factor_id.as_str()) {
                assert!(FACTORS.iter().any(|f| f.id == factor_id), "user 0 has no factor {factor_id}");
                update(&mut state, key(KeyCode::Tab));
            }
            update(&mut state, ch('x'))
        }
        OrgChange::RevokeSession { session_id } => {
            assert_eq!(session_id, SESSION, "event 0 is made in user 0's session");
            let generation = tail_generation(&update(&mut state, ch('5')));
            tail_events(&mut state, generation, 0..1);
            update(&mut state, key(KeyCode::Enter));
            update(&mut state, ch('x'))
        }
        OrgChange::SetRisk { level: RiskLevel::Low } => {
            panic!("set-risk LOW has no key of its own: v opens HIGH, and the dialog's options row turns it LOW")
        }
        other => update(&mut state, ch(console_key(other))),
    };
    let [Effect::Preflight { generation, user: id, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(id, user(0)["id"].as_str().unwrap());
    let facts = read_facts(&action);
    let plan = Plan::with_facts(action, target(status), facts, "https://acme.okta.com".into(), String::new(), None);
    update(&mut state, Msg::Plan { generation: *generation, result: Ok(Prepared::One(Box::new(plan))) });
    state
}

/// The users list's key for `action` on the selected user.
fn console_key(action: &OrgChange) -> char {
    match action {
        OrgChange::Suspend => 's',
        OrgChange::Unsuspend => 'u',
        OrgChange::ClearSessions { .. } => 'c',
        OrgChange::Unlock => 'l',
        OrgChange::ResetFactors => 'f',
        OrgChange::ExpirePassword => 'p',
        OrgChange::LogoutEverywhere => 't',
        OrgChange::SetRisk { .. } => 'v',
        OrgChange::RemoveFactor { .. } | OrgChange::RevokeSession { .. } => {
            unreachable!("{} acts on a factor or a session, not from the list", action.name())
        }
    }
}

/// The push-bombing victim's containment plan (suspend, clear sessions and tokens,
/// Universal Logout, reset factors) open on user 0 as a proposal's, its re-read answered
/// with the user in `status` and [`read_facts`].
pub fn plan_dialog(width: u16, height: u16, status: &str) -> AppState {
    let mut state = users_loaded(width, height, 40);
    let steps = vec![
        OrgChange::Suspend,
        OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false },
        OrgChange::LogoutEverywhere,
        OrgChange::ResetFactors,
    ];
    let evidence = Evidence {
        summary: "9 Okta Verify pushes refused in 4 min, then one accepted".into(),
        uuids: vec!["e1".into(), "e2".into(), "e3".into()],
        confidence: "high".into(),
    };
    let id = user(0)["id"].as_str().unwrap().to_string();
    let reason = "accepted a push after a burst of refused ones".to_string();
    let effects = open_for_proposal(&mut state, Request::Plan(steps.clone()), id, reason, evidence);
    let [Effect::Preflight { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let plans = steps
        .into_iter()
        .map(|a| {
            let facts = read_facts(&OrgChange::ResetFactors);
            Plan::with_facts(a, target(status), facts, "https://acme.okta.com".into(), String::new(), None)
        })
        .collect();
    let plan = Containment::new(plans).unwrap();
    update(&mut state, Msg::Plan { generation: *generation, result: Ok(Prepared::Plan(plan)) });
    state
}

/// A rate-limit bucket.
pub fn bucket(key: &str, limit: u32, remaining: u32) -> BucketStatus {
    BucketStatus { key: key.into(), limit, remaining, resets_in: 42 }
}

/// Presses a pane's number key and loads `pages` into it.
pub fn open_pane(state: &mut AppState, digit: char, kind: ListKind, pages: Vec<Vec<Value>>) {
    let generation = list_generation(&update(state, ch(digit)));
    deliver(state, kind, generation, pages, true);
}

/// Draws one frame of `state` at its own size.
pub fn draw(state: &AppState, theme: &Theme) -> Buffer {
    let (width, height) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(frame, state, theme)).unwrap();
    terminal.backend().buffer().clone()
}

/// The buffer as text: each row's symbols, trailing blanks trimmed; the cells hidden
/// behind a wide character are skipped, as a terminal shows them.
pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut hidden = 0;
        for x in area.left()..area.right() {
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            hidden = symbol.width().saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The screen of `state` as text, in the default theme.
pub fn screen(state: &AppState) -> String {
    text(&draw(state, &Theme::default()))
}

/// When the fixed System Log events are published: event `i` at this time + 7 s × i.
pub const LOG_START_MS: i64 = 1_764_590_400_000;

/// System Log event `i`, as Okta sends it: every fifth a failed sign-in, every seventh a
/// WARN, the rest SSO of user `i % 16`.
pub fn log_event(i: usize) -> String {
    let published = chrono::DateTime::from_timestamp_millis(LOG_START_MS + 7_000 * i as i64).unwrap();
    let u = user(i % 16);
    let (event_type, result) =
        if i % 5 == 4 { ("user.session.start", "FAILURE") } else { ("user.authentication.sso", "SUCCESS") };
    json!({
        "uuid": format!("00000000-0000-4000-8000-{i:012}"),
        "published": published.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "eventType": event_type,
        "severity": if i % 7 == 6 { "WARN" } else { "INFO" },
        "displayMessage": "User single sign on to app",
        "actor": {"id": u["id"], "type": "User", "alternateId": u["profile"]["login"], "displayName": name(i % 16)},
        "client": {"ipAddress": format!("198.51.100.{}", i % 250), "geographicalContext": {"city": "Oslo", "country": "Norway"}},
        "outcome": {"result": result},
        "authenticationContext": {"externalSessionId": format!("102session{i}")},
        "target": [{"id": "0oa1", "type": "AppInstance", "displayName": "Slack"}]
    })
    .to_string()
}

/// The generation of the one `StartTail` among `effects`.
pub fn tail_generation(effects: &[Effect]) -> u64 {
    match effects {
        [Effect::StartTail { generation, .. }] => *generation,
        other => panic!("expected one StartTail in {other:?}"),
    }
}

/// Events `range` as the tail delivers them, with a live status.
pub fn tail_events(state: &mut AppState, generation: u64, range: std::ops::Range<usize>) {
    tail_raw(state, generation, range.map(log_event).collect());
}

/// Events as Okta sent them (`raws`), as the tail delivers them, with a live status.
pub fn tail_raw(state: &mut AppState, generation: u64, raws: Vec<String>) {
    let mut interner = SymInterner::default();
    let events: Vec<TailedEvent> = raws
        .into_iter()
        .map(|raw| TailedEvent { event: parse_event(&raw, &mut interner, 0).unwrap(), raw: raw.into() })
        .collect();
    let n = events.len() as u64;
    let delivered = state.logs.status.as_ref().map_or(0, |s| s.delivered) + n;
    let status = TailStatus {
        state: PollState::Live,
        newest_published_ms: state
            .logs
            .ring
            .iter()
            .map(|e| e.sort_ms)
            .chain(events.iter().map(|e| e.event.sort_ms))
            .max(),
        caught_up_ms: None,
        events_per_min: 12,
        headroom: Some((110, 120)),
        delivered,
        duplicates: 0,
        malformed: 0,
        notice: None,
        cursor: None,
    };
    update(state, Msg::Tail { generation, update: TailUpdate::Events(events, status) });
}

/// The log pane with events `0..n` delivered, the clock 3 s after the newest.
pub fn logs_loaded(width: u16, height: u16, n: usize) -> (AppState, u64) {
    let mut state = users_loaded(width, height, 10);
    let generation = tail_generation(&update(&mut state, ch('5')));
    tail_events(&mut state, generation, 0..n);
    update(&mut state, Msg::Now(LOG_START_MS + 7_000 * n.saturating_sub(1) as i64 + 3_000));
    (state, generation)
}

/// A finding of `kind` about `login` from `ip`, proposing `action`.
pub fn finding(
    kind: oktui::investigate::FindingKind,
    severity: oktui::investigate::FindingSeverity,
    login: &str,
    ip: &str,
    action: oktui::investigate::ProposedAction,
) -> oktui::investigate::Finding {
    let at = chrono::DateTime::from_timestamp_millis(LOG_START_MS);
    oktui::investigate::Finding {
        kind,
        severity,
        confidence: 0.85,
        summary: format!("{} for {login} from {ip}", kind.name().replace('_', " ")),
        evidence: vec!["ev-1".into(), "ev-2".into()],
        users: vec![login.into()],
        ips: vec![ip.into()],
        sessions: Vec::new(),
        first_seen: at,
        last_seen: at,
        proposed_action: action,
        action_reason: match action {
            oktui::investigate::ProposedAction::None => String::new(),
            _ => "the attacker got in: stop the account until it is reset".into(),
        },
        catalog: None,
        origins: Default::default(),
    }
}

/// The findings of the fixed hunt: a critical spray that got in, an MFA fatigue, a lockout.
pub fn hunt_findings() -> Vec<oktui::investigate::Finding> {
    use oktui::investigate::{FindingKind as K, FindingSeverity as S, ProposedAction as P};
    vec![
        finding(K::SuccessAfterFailures, S::Critical, "ana.silva@acme.example", "203.0.113.77", P::Suspend),
        finding(K::MfaFatigue, S::High, "bruno.okafor@acme.example", "203.0.113.140", P::Suspend),
        finding(K::Lockout, S::Medium, "chiara.rossi@acme.example", "198.51.100.23", P::None),
    ]
}

/// A console on the `:hunt` pane with the fixed findings over 12,345 events.
pub fn hunt_loaded(width: u16, height: u16) -> AppState {
    hunt_loaded_with(width, height, hunt_findings(), 12_345)
}

/// A console on the `:hunt` pane with `findings` over `events` events of a fixed day.
pub fn hunt_loaded_with(
    width: u16,
    height: u16,
    findings: Vec<oktui::investigate::Finding>,
    events: usize,
) -> AppState {
    let mut state = users_loaded(width, height, 10);
    type_text(&mut state, ":hunt");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Hunt { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let done = oktui::app::hunt::HuntMsg::Done {
        generation: *generation,
        findings,
        events,
        cut: None,
        window: oktui::investigate::LogWindow {
            since: chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
            until: chrono::DateTime::from_timestamp(1_764_086_400, 0).unwrap(),
        },
        catalog: None,
    };
    update(&mut state, Msg::Hunt(done));
    state
}

/// A journal's intent record: ana suspends `login()` for a spray.
pub fn journal_intent() -> oktui::actions::audit::Record {
    oktui::actions::audit::Record {
        id: "a1".into(),
        phase: oktui::actions::audit::Phase::Intent,
        time: chrono::DateTime::parse_from_rfc3339("2026-03-04T05:06:07Z").unwrap().to_utc(),
        org: "https://acme.okta.com".into(),
        profile: "prod".into(),
        operator: "ana@soc-laptop".into(),
        user_env: None,
        action: "suspend".into(),
        revoke_oauth_tokens: None,
        forget_devices: None,
        factor_id: None,
        session_id: None,
        risk_level: None,
        plan_id: None,
        step: None,
        plan_steps: vec![],
        target_id: "00u1".into(),
        target_login: login(),
        reason: Some("spray victim".into()),
        evidence: vec![],
        confidence: None,
        http_status: None,
        request_id: None,
        result: None,
        detail: None,
        user_status: None,
        event_uuid: None,
    }
}

pub const SPRAYER: &str = "198.51.100.9";

pub fn spray_window() -> oktui::investigate::LogWindow {
    oktui::investigate::LogWindow {
        since: chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
        until: chrono::DateTime::from_timestamp(1_764_086_400, 0).unwrap(),
    }
}

/// A sign-in from the sprayer `seconds` into the window.
pub fn attempt(seconds: i64, login: &str, id: &str, result: &str) -> oktui::okta::model::LogEvent {
    let at = spray_window().since + chrono::Duration::seconds(seconds);
    let value = json!({
        "uuid": format!("spray-{seconds}"),
        "published": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "eventType": "user.session.start",
        "severity": "INFO",
        "displayMessage": "User login to Okta",
        "actor": {"id": id, "type": "User", "alternateId": login, "displayName": login},
        "outcome": {"result": result, "reason": if result == "FAILURE" { "INVALID_CREDENTIALS" } else { "" }},
        "client": {"ipAddress": SPRAYER, "geographicalContext": {"city": "Lagos", "country": "Nigeria"}},
        "securityContext": {"asNumber": 64500, "asOrg": "Example Transit", "isProxy": true},
    });
    let serde_json::Value::Object(object) = value else { unreachable!() };
    oktui::okta::model::LogEvent::from_object(object)
}

pub fn spray_events() -> Vec<oktui::okta::model::LogEvent> {
    vec![
        attempt(60, "admin@acme.example", "unknown", "FAILURE"),
        attempt(61, "ana.silva@acme.example", "00u1", "FAILURE"),
        attempt(62, "bruno.okafor@acme.example", "00u2", "FAILURE"),
        attempt(63, "chiara.rossi@acme.example", "00u3", "FAILURE"),
        attempt(120, "ana.silva@acme.example", "00u1", "SUCCESS"),
    ]
}

/// A hunt whose first finding is a spray from [`SPRAYER`] naming four logins, one of them
/// no user of the org.
pub fn spray_hunt(width: u16, height: u16) -> AppState {
    let mut state = users_loaded(width, height, 10);
    type_text(&mut state, ":hunt");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Hunt { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let mut spray = finding(
        oktui::investigate::FindingKind::PasswordSpray,
        oktui::investigate::FindingSeverity::High,
        "admin@acme.example",
        SPRAYER,
        oktui::investigate::ProposedAction::None,
    );
    spray.users =
        ["admin@acme.example", "ana.silva@acme.example", "bruno.okafor@acme.example", "chiara.rossi@acme.example"]
            .map(String::from)
            .to_vec();
    let mut findings = vec![spray];
    findings.extend(hunt_findings());
    let done = oktui::app::hunt::HuntMsg::Done {
        generation: *generation,
        findings,
        events: 12_345,
        cut: None,
        window: spray_window(),
        catalog: None,
    };
    update(&mut state, Msg::Hunt(done));
    state
}

/// The spray hunt with Enter pressed on the spray and the address's events read.
pub fn ip_view(width: u16, height: u16) -> AppState {
    let mut state = spray_hunt(width, height);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::InvestigateIp { generation, ip, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(ip.to_string(), SPRAYER);
    let events = spray_events();
    let report = oktui::investigate::report::IpReport::build(SPRAYER, spray_window(), &events, false, Vec::new());
    update(
        &mut state,
        Msg::Ip(oktui::app::ip::IpMsg::Done { generation: *generation, report: Box::new(report), events }),
    );
    state
}

/// A console on `:alerts` with the live judge's findings: the fixed hunt's three, raised
/// oldest first (the lockout, the fatigue, the spray that got in), then the fatigue again,
/// worse; the clock at `LOG_START_MS`, when the last arrived.
pub fn alerts_loaded(width: u16, height: u16) -> AppState {
    use oktui::app::alerts::{Alert, JudgeMsg};
    let mut state = users_loaded(width, height, 10);
    let _ = oktui::app::alerts::start_judge(&mut state);
    let generation = state.alerts.generation;
    update(&mut state, Msg::Now(LOG_START_MS));
    let alert = |id: &str, finding: oktui::investigate::Finding, changed: Option<&str>| Alert {
        id: id.into(),
        update: changed.is_some(),
        changed: changed.map(str::to_string),
        finding,
    };
    let [spray, fatigue, lockout]: [oktui::investigate::Finding; 3] = hunt_findings().try_into().unwrap();
    let mut worse = fatigue.clone();
    worse.severity = oktui::investigate::FindingSeverity::Critical;
    let alerts = vec![alert("lf-3", lockout, None), alert("lf-2", fatigue, None)];
    update(&mut state, Msg::Judge(JudgeMsg::Alerts { generation, alerts }));
    let alerts = vec![alert("lf-2", worse, Some("severity high → critical")), alert("lf-1", spray, None)];
    update(&mut state, Msg::Judge(JudgeMsg::Alerts { generation, alerts }));
    type_text(&mut state, ":alerts");
    update(&mut state, key(KeyCode::Enter));
    state
}
