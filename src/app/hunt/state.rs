//! The hunt pane's state: the window, its picker, the presets and the findings shown.

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::app::history::HistoryNotice;
use crate::app::state::Load;
pub use crate::catalog::CatalogProgress;
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
    /// Okta's catalog ran one more detection.
    Catalog {
        generation: u64,
        progress: CatalogProgress,
    },
    /// `cut`: where the memory budget stopped the window, when it did; `window`: what was
    /// read; `catalog`: what running Okta's catalog came to, when one is configured.
    Done {
        generation: u64,
        findings: Vec<Finding>,
        events: usize,
        cut: Option<chrono::DateTime<chrono::Utc>>,
        window: LogWindow,
        catalog: Option<String>,
    },
    Failed {
        generation: u64,
        message: String,
        code: Option<String>,
    },
}

/// The MITRE ATT&CK tactics a catalog detection may name, for the per-tactic presets.
pub const TACTICS: [&str; 14] = [
    "Reconnaissance",
    "Resource Development",
    "Initial Access",
    "Execution",
    "Persistence",
    "Privilege Escalation",
    "Defense Evasion",
    "Credential Access",
    "Discovery",
    "Lateral Movement",
    "Collection",
    "Command and Control",
    "Exfiltration",
    "Impact",
];

/// The hunts an analyst asks for most, as sets of finding kinds (`p` cycles them); then
/// Okta's catalog, whole and by tactic.
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
    /// Every finding of Okta's detection catalog.
    Catalog,
    /// The catalog's findings of one tactic (an index into [`TACTICS`]).
    Tactic(usize),
}

impl Preset {
    const ORDER: [Preset; 10] = [
        Preset::All,
        Preset::SuspiciousCountries,
        Preset::SprayAndBruteForce,
        Preset::MfaFatigue,
        Preset::ImpossibleTravel,
        Preset::AdminActions,
        Preset::ApiTokens,
        Preset::PolicyChanges,
        Preset::ThreatInsight,
        Preset::Catalog,
    ];

    /// Every preset in the order `p` cycles them: the fixed ones, then a tactic each.
    fn cycle() -> impl Iterator<Item = Preset> {
        Preset::ORDER.into_iter().chain((0..TACTICS.len()).map(Preset::Tactic))
    }

    /// The next preset, round, among those `offered` allows (all but the catalog's always are).
    pub fn next(self, offered: impl Fn(Preset) -> bool) -> Preset {
        let all: Vec<Preset> = Preset::cycle().collect();
        let at = all.iter().position(|p| *p == self).unwrap_or(0);
        (1..=all.len())
            .map(|step| all[(at + step) % all.len()])
            .find(|p| !matches!(p, Preset::Catalog | Preset::Tactic(_)) || offered(*p))
            .unwrap_or(Preset::All)
    }

    /// Its name in the pane's title.
    pub fn label(self) -> String {
        match self {
            Preset::All => "all findings".into(),
            Preset::SuspiciousCountries => "suspicious countries".into(),
            Preset::SprayAndBruteForce => "password spray / brute force".into(),
            Preset::MfaFatigue => "MFA fatigue".into(),
            Preset::ImpossibleTravel => "impossible travel".into(),
            Preset::AdminActions => "admin actions".into(),
            Preset::ApiTokens => "new API tokens".into(),
            Preset::PolicyChanges => "policy changes".into(),
            Preset::ThreatInsight => "ThreatInsight".into(),
            Preset::Catalog => "Okta catalog".into(),
            Preset::Tactic(i) => format!("Okta catalog: {}", TACTICS.get(i).copied().unwrap_or("?")),
        }
    }

    /// Whether `finding` belongs to it.
    pub fn includes(self, finding: &Finding) -> bool {
        use FindingKind as K;
        let kind = finding.kind;
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
            Preset::Catalog => kind == K::Catalog,
            Preset::Tactic(i) => finding.catalog.as_ref().is_some_and(|c| {
                c.tactics.iter().any(|t| TACTICS.get(i).is_some_and(|name| t.eq_ignore_ascii_case(name)))
            }),
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
    /// How far Okta's catalog has run, while it runs.
    pub catalog_progress: Option<CatalogProgress>,
    /// What running the catalog came to, once it ran (none when no catalog is configured).
    pub catalog_summary: Option<String>,
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
            catalog_progress: None,
            catalog_summary: None,
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
        self.visible = (0..self.findings.len()).filter(|&i| preset.includes(&self.findings[i])).collect();
        self.entities = super::roll_up(self.visible.iter().filter_map(|&i| self.findings.get(i)));
        self.selected = self.selected.min(self.rows().saturating_sub(1));
    }

    /// Whether the preset shows Okta's catalog (whole or one tactic).
    pub fn preset_is_catalog(&self) -> bool {
        matches!(self.preset, Preset::Catalog | Preset::Tactic(_))
    }

    /// The preset after this one: the catalog's when a catalog ran or a finding is of it, a
    /// tactic only when a finding has it.
    pub fn next_preset(&self) -> Preset {
        self.preset.next(|p| match p {
            Preset::Catalog => self.catalog_summary.is_some() || self.findings.iter().any(|f| p.includes(f)),
            p => self.findings.iter().any(|f| p.includes(f)),
        })
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
        let of_kind = |kind| crate::investigate::Finding {
            kind,
            severity: crate::investigate::FindingSeverity::Low,
            confidence: 0.5,
            summary: String::new(),
            evidence: Vec::new(),
            users: Vec::new(),
            ips: Vec::new(),
            sessions: Vec::new(),
            first_seen: None,
            last_seen: None,
            proposed_action: crate::investigate::ProposedAction::None,
            action_reason: String::new(),
            catalog: None,
            origins: Default::default(),
        };
        for kind in FindingKind::ALL {
            assert!(Preset::All.includes(&of_kind(kind)));
        }
        let mut p = Preset::All;
        // Round the presets that are always offered: the catalog's are passed over.
        let always = Preset::ORDER.iter().filter(|p| !matches!(p, Preset::Catalog | Preset::Tactic(_))).count();
        for _ in 0..always {
            p = p.next(|_| false);
        }
        assert_eq!(p, Preset::All, "tactics with no finding are passed over");
        assert!(Preset::SprayAndBruteForce.includes(&of_kind(FindingKind::PasswordSpray)));
        assert!(!Preset::SprayAndBruteForce.includes(&of_kind(FindingKind::ApiTokenCreated)));
        assert_eq!(Preset::Catalog.next(|p| p == Preset::Tactic(6)), Preset::Tactic(6));
        assert_eq!(Preset::Tactic(6).label(), "Okta catalog: Defense Evasion");
    }
}
