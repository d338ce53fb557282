//! The `:hunt` pane's state and its part of `update`: the org-wide findings of a window
//! (`w` picks it: the last 24 h, 7 d, 30 d, 90 d or a range typed in), narrowed by a preset
//! (`p`), each opening the investigation of its user. Pure: the fetch and the judging run as
//! an effect (`findings_tasks`). A hunt is cancelled by Esc while it reads, and aborted when
//! it is superseded: a new window, leaving the pane, another profile.

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use super::effect::Effect;
use super::history::{HistoryNotice, HistoryProgress};
use super::keys::KeyAction;
use super::state::{AppState, Load, Mode, Route};
use crate::gather::FetchProgress;
pub use crate::gather::RETENTION_DAYS;
use crate::investigate::{Finding, FindingKind, LogWindow};

/// The spans `w` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Day,
    Week,
    Month,
    Quarter,
}

impl Span {
    /// In the picker's order.
    pub const ALL: [Span; 4] = [Span::Day, Span::Week, Span::Month, Span::Quarter];

    /// The span as a duration.
    pub fn duration(self) -> chrono::Duration {
        match self {
            Span::Day => chrono::Duration::hours(24),
            Span::Week => chrono::Duration::days(7),
            Span::Month => chrono::Duration::days(30),
            Span::Quarter => chrono::Duration::days(90),
        }
    }

    /// `24h`, `7d`, `30d`, `90d`.
    pub fn label(self) -> &'static str {
        match self {
            Span::Day => "24h",
            Span::Week => "7d",
            Span::Month => "30d",
            Span::Quarter => "90d",
        }
    }
}

/// The window a hunt or an investigation reads, as `w` chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowChoice {
    /// The last span before the hunt starts.
    Last(Span),
    /// A range typed in; no `until` is up to the hunt's start.
    Range { since: DateTime<Utc>, until: Option<DateTime<Utc>> },
}

impl WindowChoice {
    /// `last 24h`, `11-01 00:00 → 11-02 00:00`, `11-01 00:00 → now`.
    pub fn label(&self) -> String {
        let stamp = |t: DateTime<Utc>| t.format("%m-%d %H:%M").to_string();
        match self {
            WindowChoice::Last(span) => format!("last {}", span.label()),
            WindowChoice::Range { since, until } => {
                format!("{} → {}", stamp(*since), until.map_or_else(|| "now".to_string(), stamp))
            }
        }
    }

    /// The window at `now`.
    pub fn at(&self, now: DateTime<Utc>) -> LogWindow {
        match *self {
            WindowChoice::Last(span) => LogWindow { since: now - span.duration(), until: now },
            WindowChoice::Range { since, until } => LogWindow { since, until: until.unwrap_or(now) },
        }
    }
}

/// `w`'s picker: a span, or a range typed in, for the hunt or the investigation.
#[derive(Debug, Clone)]
pub struct WindowPicker {
    /// 0–3: a [`Span`]; 4: the custom range.
    pub selected: usize,
    /// The range being typed, once "custom" is chosen.
    pub range: Option<RangeInput>,
    /// Whose window is picked.
    pub target: PickerTarget,
}

/// The pane whose window `w`'s picker sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerTarget {
    Hunt,
    Investigation,
}

impl WindowPicker {
    /// The picker for `target`, on the entry of its `current` window.
    pub fn for_window(target: PickerTarget, current: WindowChoice) -> WindowPicker {
        let selected = match current {
            WindowChoice::Last(span) => Span::ALL.iter().position(|s| *s == span).unwrap_or(0),
            WindowChoice::Range { .. } => CUSTOM,
        };
        WindowPicker { selected, range: None, target }
    }
}

/// The custom range being typed: RFC 3339 times or durations before now.
#[derive(Debug, Clone, Default)]
pub struct RangeInput {
    pub since: Input,
    /// Empty: now.
    pub until: Input,
    /// Typing into `until` (Tab switches).
    pub on_until: bool,
    /// Why the last Enter was refused.
    pub error: Option<String>,
}

/// The picker's entries after the spans.
pub const CUSTOM: usize = Span::ALL.len();

/// What a running hunt sends back.
#[derive(Debug)]
pub enum HuntMsg {
    Progress {
        generation: u64,
        progress: FetchProgress,
    },
    /// The window being read (cut to Okta's retention; `note` says so when it was).
    Window {
        generation: u64,
        window: LogWindow,
        note: Option<String>,
    },
    /// `cut`: where the memory budget stopped the window, when it did; `window`: what was read.
    Done {
        generation: u64,
        findings: Vec<Finding>,
        events: usize,
        cut: Option<chrono::DateTime<chrono::Utc>>,
        window: LogWindow,
    },
    Failed {
        generation: u64,
        message: String,
        code: Option<String>,
    },
}

/// The hunts an analyst asks for most, as sets of finding kinds (`p` cycles them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    All,
    SuspiciousCountries,
    SprayAndBruteForce,
    MfaFatigue,
    ImpossibleTravel,
    AdminActions,
    ApiTokens,
    PolicyChanges,
    ThreatInsight,
}

impl Preset {
    const ORDER: [Preset; 9] = [
        Preset::All,
        Preset::SuspiciousCountries,
        Preset::SprayAndBruteForce,
        Preset::MfaFatigue,
        Preset::ImpossibleTravel,
        Preset::AdminActions,
        Preset::ApiTokens,
        Preset::PolicyChanges,
        Preset::ThreatInsight,
    ];

    /// The next preset, round.
    pub fn next(self) -> Preset {
        let i = Preset::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Preset::ORDER[(i + 1) % Preset::ORDER.len()]
    }

    /// Its name in the pane's title.
    pub fn label(self) -> &'static str {
        match self {
            Preset::All => "all findings",
            Preset::SuspiciousCountries => "suspicious countries",
            Preset::SprayAndBruteForce => "password spray / brute force",
            Preset::MfaFatigue => "MFA fatigue",
            Preset::ImpossibleTravel => "impossible travel",
            Preset::AdminActions => "admin actions",
            Preset::ApiTokens => "new API tokens",
            Preset::PolicyChanges => "policy changes",
            Preset::ThreatInsight => "ThreatInsight",
        }
    }

    /// Whether findings of `kind` belong to it.
    pub fn includes(self, kind: FindingKind) -> bool {
        use FindingKind as K;
        match self {
            Preset::All => true,
            Preset::SuspiciousCountries => matches!(kind, K::SuspiciousCountry | K::NewCountry),
            Preset::SprayAndBruteForce => {
                matches!(kind, K::PasswordSpray | K::BruteForce | K::Lockout | K::SuccessAfterFailures)
            }
            Preset::MfaFatigue => matches!(kind, K::MfaFatigue | K::MfaFailures),
            Preset::ImpossibleTravel => matches!(kind, K::ImpossibleTravel),
            Preset::AdminActions => {
                matches!(kind, K::PrivilegeGrant | K::AdminConsoleAccess | K::Impersonation | K::FactorReset)
            }
            Preset::ApiTokens => matches!(kind, K::ApiTokenCreated),
            Preset::PolicyChanges => matches!(kind, K::PolicyWeakened),
            Preset::ThreatInsight => matches!(kind, K::ThreatDetected | K::ProxySignIn),
        }
    }
}

/// The pane.
#[derive(Debug)]
pub struct HuntPane {
    pub generation: u64,
    pub load: Load,
    pub window: WindowChoice,
    /// The times being read, once the hunt has started.
    pub reading: Option<LogWindow>,
    /// Whether the window asked reached past Okta's retention (read from its start instead).
    pub past_retention: bool,
    pub progress: Option<FetchProgress>,
    /// Worst first.
    pub findings: Vec<Finding>,
    /// Events the window held.
    pub events: usize,
    /// Where the memory budget cut the window short, if it did.
    pub cut: Option<chrono::DateTime<chrono::Utc>>,
    /// The window the findings were read from, once read.
    pub read: Option<LogWindow>,
    pub preset: Preset,
    /// Indices into `findings` the preset keeps.
    pub visible: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
    /// What the pane says of the demo's history, hunted while it was being written.
    pub history: HistoryNotice,
}

impl Default for HuntPane {
    fn default() -> Self {
        HuntPane::new()
    }
}

impl HuntPane {
    /// A pane not yet hunted; its window is the last 24 h.
    pub fn new() -> HuntPane {
        HuntPane {
            generation: 0,
            load: Load::Idle,
            window: WindowChoice::Last(Span::Day),
            reading: None,
            past_retention: false,
            progress: None,
            findings: Vec::new(),
            events: 0,
            cut: None,
            read: None,
            preset: Preset::All,
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            history: HistoryNotice::default(),
        }
    }

    /// The selected finding, if any.
    pub fn selected_finding(&self) -> Option<&Finding> {
        self.visible.get(self.selected).and_then(|&i| self.findings.get(i))
    }

    fn apply_preset(&mut self) {
        let preset = self.preset;
        self.visible = (0..self.findings.len()).filter(|&i| preset.includes(self.findings[i].kind)).collect();
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// Whether the findings are shown: once hunted, or while the pane hunts again for the
    /// demo's history (the last hunt's findings until the new ones land).
    pub fn findings_shown(&self) -> bool {
        self.load == Load::Done || (self.load == Load::Loading && self.history.reading_again)
    }

    /// Keeps the selection within `rows` visible rows.
    pub fn keep_in_view(&mut self, rows: usize) {
        self.offset = super::viewport::scrolled(self.selected, self.offset, rows);
    }
}

/// `:hunt`: the pane, hunting the window the first time.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    state.stack = vec![Route::Hunt];
    match state.hunt.load {
        Load::Idle if state.hunt.history.reading_again => hunt(state),
        Load::Idle => start(state),
        _ => Vec::new(),
    }
}

/// A new hunt: the findings of the last one go.
fn start(state: &mut AppState) -> Vec<Effect> {
    let pane = &mut state.hunt;
    pane.findings.clear();
    pane.visible.clear();
    pane.selected = 0;
    pane.offset = 0;
    pane.history = HistoryNotice::of_read(state.history);
    hunt(state)
}

/// Hunts the pane's window (the findings shown stay until the new ones land).
fn hunt(state: &mut AppState) -> Vec<Effect> {
    let generation = state.generation();
    let pane = &mut state.hunt;
    pane.generation = generation;
    pane.load = Load::Loading;
    pane.reading = None;
    pane.past_retention = false;
    pane.progress = None;
    vec![Effect::Hunt { generation, window: pane.window }]
}

/// The demo's history got further: a hunt run while it was being written says how far,
/// and hunts again when the first stretch of it lands and once it is all written (when the
/// pane is shown; else when it next is), showing the findings it has until the new ones
/// land.
pub fn history_written(state: &mut AppState, progress: HistoryProgress) -> Vec<Effect> {
    if !state.hunt.history.due(progress) {
        return Vec::new();
    }
    state.hunt.history = HistoryNotice::of_read_again(state.history);
    if state.stack.contains(&Route::Hunt) {
        hunt(state)
    } else {
        state.hunt.load = Load::Idle;
        Vec::new()
    }
}

/// Stops the hunt under way: its late messages are ignored, the runtime aborts its task.
fn stop(state: &mut AppState) -> Vec<Effect> {
    state.hunt.generation = state.generation();
    vec![Effect::CancelHunt]
}

/// Esc while the hunt reads: cancelled, saying what was covered.
fn cancel(state: &mut AppState) -> Vec<Effect> {
    let effects = stop(state);
    let pane = &mut state.hunt;
    let p = pane.progress.unwrap_or_default();
    let covered = match (pane.reading, p.covered) {
        (Some(w), Some(to)) => {
            format!("the window covered from {} to {}", w.since.format("%m-%d %H:%M"), to.format("%m-%d %H:%M"))
        }
        _ => "none of the window covered".to_string(),
    };
    let message = format!("cancelled: {} events in {} pages read, {covered}", crate::output::count(p.events), p.pages);
    pane.load = Load::Failed { message, code: None };
    effects
}

/// After every message: a hunt still reading while its pane is no longer shown is aborted
/// (coming back hunts again).
pub fn abandon_if_left(state: &mut AppState) -> Vec<Effect> {
    if state.hunt.load != Load::Loading || state.stack.contains(&Route::Hunt) {
        return Vec::new();
    }
    state.hunt.load = Load::Idle;
    stop(state)
}

/// Another org: the findings of the last one go, and a hunt under way is aborted.
pub fn reset_for_new_org(state: &mut AppState) -> Vec<Effect> {
    let loading = state.hunt.load == Load::Loading;
    state.hunt = HuntPane { window: state.hunt.window, ..HuntPane::new() };
    if loading {
        stop(state)
    } else {
        Vec::new()
    }
}

/// A key while `w`'s picker is open.
pub fn on_picker_key(state: &mut AppState, mut picker: WindowPicker, key: KeyEvent) -> Vec<Effect> {
    if let Some(mut range) = picker.range.take() {
        match key.code {
            KeyCode::Esc => state.mode = Mode::PickWindow(picker),
            KeyCode::Tab | KeyCode::BackTab => {
                range.on_until = !range.on_until;
                picker.range = Some(range);
                state.mode = Mode::PickWindow(picker);
            }
            KeyCode::Enter => match typed_window(&range, state.now_ms) {
                Ok(window) => return pick(state, picker.target, window),
                Err(e) => {
                    range.error = Some(e);
                    picker.range = Some(range);
                    state.mode = Mode::PickWindow(picker);
                }
            },
            _ => {
                let field = if range.on_until { &mut range.until } else { &mut range.since };
                field.handle_event(&Event::Key(key));
                range.error = None;
                picker.range = Some(range);
                state.mode = Mode::PickWindow(picker);
            }
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => {
            state.mode = Mode::Normal;
            return Vec::new();
        }
        KeyCode::Left | KeyCode::Up | KeyCode::Char('h' | 'k') => picker.selected = picker.selected.saturating_sub(1),
        KeyCode::Right | KeyCode::Down | KeyCode::Char('l' | 'j') => {
            picker.selected = (picker.selected + 1).min(CUSTOM)
        }
        KeyCode::Char(c @ '1'..='5') => {
            picker.selected = usize::from(c as u8 - b'1');
            return choose(state, picker);
        }
        KeyCode::Enter => return choose(state, picker),
        _ => {}
    }
    state.mode = Mode::PickWindow(picker);
    Vec::new()
}

/// The picker's entry `selected` chosen: a span hunts at once, custom asks for the range.
fn choose(state: &mut AppState, mut picker: WindowPicker) -> Vec<Effect> {
    match Span::ALL.get(picker.selected) {
        Some(span) => pick(state, picker.target, WindowChoice::Last(*span)),
        None => {
            let current = match picker.target {
                PickerTarget::Hunt => state.hunt.window,
                PickerTarget::Investigation => state.investigation.window,
            };
            let range = match current {
                WindowChoice::Range { since, until } => RangeInput {
                    since: Input::new(since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                    until: Input::new(
                        until.map(|u| u.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default(),
                    ),
                    ..RangeInput::default()
                },
                WindowChoice::Last(span) => {
                    RangeInput { since: Input::new(span.label().into()), ..RangeInput::default() }
                }
            };
            picker.range = Some(range);
            state.mode = Mode::PickWindow(picker);
            Vec::new()
        }
    }
}

/// Reads `window` again in the picker's pane (what it was reading is superseded).
fn pick(state: &mut AppState, target: PickerTarget, window: WindowChoice) -> Vec<Effect> {
    state.mode = Mode::Normal;
    if target == PickerTarget::Investigation {
        return super::investigation::rewindow(state, window);
    }
    state.hunt.window = window;
    state.flash = Some(format!("window: {}; hunting again", window.label()));
    let mut effects = stop(state);
    effects.extend(start(state));
    effects
}

/// The range typed in, its durations counted back from `now_ms`.
fn typed_window(range: &RangeInput, now_ms: i64) -> Result<WindowChoice, String> {
    let now =
        DateTime::from_timestamp_millis(now_ms).ok_or_else(|| format!("the clock reads {now_ms} ms, not a time"))?;
    let parse = crate::when::parse_time;
    let since = parse(range.since.value(), now)?;
    let until = match range.until.value().trim() {
        "" => None,
        typed => Some(parse(typed, now)?),
    };
    crate::when::window(since, until, now).map_err(|_| "the start is after the end".to_string())?;
    Ok(WindowChoice::Range { since, until })
}

/// A message of the running hunt.
pub fn on_msg(state: &mut AppState, msg: HuntMsg) {
    let pane = &mut state.hunt;
    match msg {
        HuntMsg::Progress { generation, progress } if generation == pane.generation => pane.progress = Some(progress),
        HuntMsg::Window { generation, window, note } if generation == pane.generation => {
            pane.reading = Some(window);
            pane.past_retention = note.is_some();
            if note.is_some() {
                state.flash = note;
            }
        }
        HuntMsg::Done { generation, findings, events, cut, window } if generation == pane.generation => {
            pane.findings = findings;
            pane.events = events;
            pane.cut = cut;
            pane.read = Some(window);
            pane.load = Load::Done;
            pane.history.reading_again = false;
            pane.apply_preset();
            state.online = Some(true);
        }
        HuntMsg::Failed { generation, message, code } if generation == pane.generation => {
            pane.load = Load::Failed { message, code };
            pane.history.reading_again = false;
        }
        _ => {}
    }
}

/// The pane's keys; `None` leaves the key to the global handling.
pub fn on_action(state: &mut AppState, action: KeyAction, page: isize) -> Option<Vec<Effect>> {
    let pane = &mut state.hunt;
    if let Some(delta) = super::viewport::motion(action, page) {
        pane.selected = super::viewport::moved(pane.selected, pane.visible.len(), delta);
        return Some(Vec::new());
    }
    match action {
        KeyAction::Preset => {
            pane.preset = pane.preset.next();
            pane.apply_preset();
        }
        KeyAction::Window => state.mode = Mode::PickWindow(WindowPicker::for_window(PickerTarget::Hunt, pane.window)),
        KeyAction::Back if pane.load == Load::Loading => return Some(cancel(state)),
        KeyAction::Retry => {
            let mut effects = stop(state);
            effects.extend(start(state));
            return Some(effects);
        }
        KeyAction::Open if pane.selected_finding().is_some_and(|f| f.subject_ip().is_some()) => {
            // A finding about an address opens the address: the hunt's window, as read.
            let window =
                pane.read.map_or(pane.window, |w| WindowChoice::Range { since: w.since, until: Some(w.until) });
            let ip = pane.selected_finding().and_then(Finding::subject_ip).unwrap_or_default().to_string();
            let findings = pane.findings.clone();
            return Some(super::ip::open(state, &ip, window, &findings));
        }
        KeyAction::Open | KeyAction::Investigate => {
            let Some(user) = pane.selected_finding().and_then(|f| f.users.first().cloned()) else {
                state.flash = Some("this finding names no user: its IPs are in the row".into());
                return Some(Vec::new());
            };
            return Some(super::investigation::open(state, user, true));
        }
        KeyAction::CaseFile => {
            let (Some(finding), Some(window)) = (pane.selected_finding(), pane.read) else {
                let key = state.keys.press(KeyAction::CaseFile);
                state.flash =
                    Some(format!("{key} writes the case file of a finding: select one once the hunt is read"));
                return Some(Vec::new());
            };
            let who =
                finding.users.first().or(finding.ips.first()).cloned().unwrap_or_else(|| finding.kind.name().into());
            let subject = crate::case::CaseSubject::Finding { finding: Box::new(finding.clone()), window };
            state.flash = Some(format!("writing the case file of {}…", finding.kind.name()));
            let mask = super::masking::active(state);
            // Named after its pseudonym when masked: the folder's name is no way round the mask.
            let who = match mask.clone() {
                Some(mut m) => m.text(&who).into_owned(),
                None => who,
            };
            return Some(vec![Effect::WriteCase { subject: Box::new(subject), who, mask }]);
        }
        KeyAction::ActOnFinding => {
            let Some(finding) = pane.selected_finding().cloned() else { return Some(Vec::new()) };
            let Some(user) = finding.users.first().cloned() else {
                state.flash = Some("this finding names no user to act on".into());
                return Some(Vec::new());
            };
            return Some(super::investigation::propose(state, finding, user));
        }
        _ => return None,
    }
    Some(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_in_all_and_the_presets_cycle() {
        for kind in FindingKind::ALL {
            assert!(Preset::All.includes(kind));
        }
        let mut p = Preset::All;
        for _ in 0..Preset::ORDER.len() {
            p = p.next();
        }
        assert_eq!(p, Preset::All);
        assert!(Preset::SprayAndBruteForce.includes(FindingKind::PasswordSpray));
        assert!(!Preset::SprayAndBruteForce.includes(FindingKind::ApiTokenCreated));
    }
}
