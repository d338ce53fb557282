//! The hunt pane's state: the window, its picker, the presets and the findings shown.

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::app::history::HistoryNotice;
use crate::app::state::Load;
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
            Preset::MfaFatigue => matches!(kind, K::MfaFatigue | K::MfaFailures | K::MfaAbandonment),
            Preset::ImpossibleTravel => matches!(kind, K::ImpossibleTravel),
            Preset::AdminActions => {
                matches!(
                    kind,
                    K::PrivilegeGrant
                        | K::AdminConsoleAccess
                        | K::Impersonation
                        | K::FactorReset
                        | K::DeviceEnrolled
                        | K::SharedDevice
                        | K::SharedPhone
                )
            }
            Preset::ApiTokens => matches!(kind, K::ApiTokenCreated),
            Preset::PolicyChanges => matches!(kind, K::PolicyWeakened),
            Preset::ThreatInsight => matches!(kind, K::ThreatDetected | K::ProxySignIn | K::RiskySignIn),
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
    /// Whether the findings are shown rolled up by user and IP (`b`).
    pub by_entity: bool,
    /// The roll-up of the visible findings, worst first (kept up to date with `visible`).
    pub entities: Vec<super::EntityRow>,
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
            by_entity: false,
            entities: Vec::new(),
        }
    }

    /// The selected finding, if any (none while the roll-up is shown).
    pub fn selected_finding(&self) -> Option<&Finding> {
        if self.by_entity {
            return None;
        }
        self.visible.get(self.selected).and_then(|&i| self.findings.get(i))
    }

    /// The selected roll-up row, while the roll-up is shown.
    pub fn selected_entity(&self) -> Option<&super::EntityRow> {
        self.entities.get(self.selected).filter(|_| self.by_entity)
    }

    /// How many rows the pane lists: findings, or users and IPs in the roll-up.
    pub fn rows(&self) -> usize {
        if self.by_entity {
            self.entities.len()
        } else {
            self.visible.len()
        }
    }

    pub(super) fn apply_preset(&mut self) {
        let preset = self.preset;
        self.visible = (0..self.findings.len()).filter(|&i| preset.includes(self.findings[i].kind)).collect();
        self.entities = super::roll_up(self.visible.iter().filter_map(|&i| self.findings.get(i)));
        self.selected = self.selected.min(self.rows().saturating_sub(1));
    }

    /// Whether the findings are shown: once hunted, or while the pane hunts again for the
    /// demo's history (the last hunt's findings until the new ones land).
    pub fn findings_shown(&self) -> bool {
        self.load == Load::Done || (self.load == Load::Loading && self.history.reading_again)
    }

    /// Keeps the selection within `rows` visible rows.
    pub fn keep_in_view(&mut self, rows: usize) {
        self.offset = crate::app::viewport::scrolled(self.selected, self.offset, rows);
    }
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
