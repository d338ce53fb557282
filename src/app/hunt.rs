//! The `:hunt` pane's state and its part of `update`: the org-wide findings of a window,
//! narrowed by a preset (`p`), each opening the investigation of its user. Pure: the fetch
//! and the judging run as an effect (`findings_tasks`).

use super::effect::Effect;
use super::keys::Action;
use super::logs::Window;
use super::state::{AppState, Load, Route};
use crate::gather::FetchProgress;
use crate::investigate::{Finding, FindingKind, LogWindow};

/// What a running hunt sends back.
#[derive(Debug)]
pub enum HuntMsg {
    Progress {
        generation: u64,
        progress: FetchProgress,
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
    pub window: Window,
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
            window: Window::Hours24,
            progress: None,
            findings: Vec::new(),
            events: 0,
            cut: None,
            read: None,
            preset: Preset::All,
            visible: Vec::new(),
            selected: 0,
            offset: 0,
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

    /// Keeps the selection within `rows` visible rows.
    pub fn keep_in_view(&mut self, rows: usize) {
        self.offset = super::viewport::scrolled(self.selected, self.offset, rows);
    }
}

/// `:hunt`: the pane, hunting the window the first time.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    state.stack = vec![Route::Hunt];
    match state.hunt.load {
        Load::Idle => start(state),
        _ => Vec::new(),
    }
}

fn start(state: &mut AppState) -> Vec<Effect> {
    let generation = state.generation();
    let pane = &mut state.hunt;
    pane.generation = generation;
    pane.load = Load::Loading;
    pane.progress = None;
    pane.findings.clear();
    pane.visible.clear();
    pane.selected = 0;
    pane.offset = 0;
    vec![Effect::Hunt { generation, window: pane.window.duration() }]
}

/// A message of the running hunt.
pub fn on_msg(state: &mut AppState, msg: HuntMsg) {
    let pane = &mut state.hunt;
    match msg {
        HuntMsg::Progress { generation, progress } if generation == pane.generation => pane.progress = Some(progress),
        HuntMsg::Done { generation, findings, events, cut, window } if generation == pane.generation => {
            pane.findings = findings;
            pane.events = events;
            pane.cut = cut;
            pane.read = Some(window);
            pane.load = Load::Done;
            pane.apply_preset();
            state.online = Some(true);
        }
        HuntMsg::Failed { generation, message, code } if generation == pane.generation => {
            pane.load = Load::Failed { message, code };
        }
        _ => {}
    }
}

/// The pane's keys; `None` leaves the key to the global handling.
pub fn on_action(state: &mut AppState, action: Action, page: isize) -> Option<Vec<Effect>> {
    let pane = &mut state.hunt;
    let rows = pane.visible.len();
    let moved = |by: isize| super::viewport::moved(pane.selected, rows, by);
    match action {
        Action::Up => pane.selected = moved(-1),
        Action::Down => pane.selected = moved(1),
        Action::PageUp => pane.selected = moved(-page),
        Action::PageDown => pane.selected = moved(page),
        Action::Top => pane.selected = 0,
        Action::Bottom => pane.selected = rows.saturating_sub(1),
        Action::Preset => {
            pane.preset = pane.preset.next();
            pane.apply_preset();
        }
        Action::Window => {
            pane.window = pane.window.next();
            state.flash = Some(format!("window: last {}; hunting again", state.hunt.window.label()));
            return Some(start(state));
        }
        Action::Retry => return Some(start(state)),
        Action::Open | Action::Investigate => {
            let Some(user) = pane.selected_finding().and_then(|f| f.users.first().cloned()) else {
                state.flash = Some("this finding names no user: its IPs are in the row".into());
                return Some(Vec::new());
            };
            return Some(super::investigation::open(state, user, true));
        }
        Action::CaseFile => {
            let (Some(finding), Some(window)) = (pane.selected_finding(), pane.read) else {
                state.flash = Some("E writes the case file of a finding: select one once the hunt is read".into());
                return Some(Vec::new());
            };
            let who =
                finding.users.first().or(finding.ips.first()).cloned().unwrap_or_else(|| finding.kind.name().into());
            let subject = crate::case::CaseSubject::Finding { finding: Box::new(finding.clone()), window };
            state.flash = Some(format!("writing the case file of {}…", finding.kind.name()));
            return Some(vec![Effect::WriteCase { subject: Box::new(subject), who }]);
        }
        Action::ActOnFinding => {
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
