//! The key registry (k9s `KeyActions`): one table of [`Binding`]s yields what a key does,
//! the hint bar, the `?` page and what read-only mode hides. No key is handled anywhere
//! else: the event loop asks [`KeyMap::action_for`] and hands the [`KeyAction`] to `update`.
//!
//! Keys are remappable from config with [`KeyMap::with_overrides`] (action name in
//! snake_case → `"key"` or `"key1,key2"`), which refuses collisions, unknown names and
//! actions that change the org on chords terminals and multiplexers use.

mod defaults;
mod spec;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crossterm::event::{KeyEvent, KeyEventKind, KeyModifiers};

pub use spec::{parse_list, KeySpec, KeySpecError};

/// What a key asks the console to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyAction {
    /// Show or close the help page.
    Help,
    /// Open the `:` command line.
    CommandLine,
    /// Go to the users list.
    GoUsers,
    /// Go to the apps list.
    GoApps,
    /// Go to the groups list.
    GoGroups,
    /// Go to the policies list.
    GoPolicies,
    /// Go to the System Log tail.
    GoLogs,
    /// Go to the investigation view.
    GoInvestigate,
    /// Go to the MFA enrollment gaps.
    GoMfa,
    /// Go to the live findings (`:alerts`).
    GoAlerts,
    /// Start filtering the current list.
    Filter,
    /// Open the selected row.
    Open,
    /// Show the selected row whole: every field, wrapped, scrollable.
    Describe,
    /// Close the popup or filter, or pop the breadcrumb stack.
    Back,
    /// Selection up one row.
    Up,
    /// Selection down one row.
    Down,
    /// Selection to the first row.
    Top,
    /// Selection to the last row.
    Bottom,
    /// Selection up one page.
    PageUp,
    /// Selection down one page.
    PageDown,
    /// Investigate the selected user.
    Investigate,
    /// Suspend the selected user (through the approval dialog).
    Suspend,
    /// Unsuspend the selected user (through the approval dialog).
    Unsuspend,
    /// Clear the selected user's sessions (through the approval dialog).
    ClearSessions,
    /// Unlock the selected user, LOCKED_OUT (through the approval dialog).
    Unlock,
    /// Reset every MFA factor of the selected user (through the approval dialog).
    ResetFactors,
    /// Remove the selected factor of the user shown (through the approval dialog).
    RemoveFactor,
    /// Expire the selected user's password (through the approval dialog).
    ExpirePassword,
    /// Universal Logout of the selected user (through the approval dialog).
    LogoutEverywhere,
    /// Set the selected user's risk level (through the approval dialog).
    SetRisk,
    /// Revoke the session of the selected event (through the approval dialog).
    RevokeSession,
    /// Act on the selected finding's proposal (through the approval dialog).
    ActOnFinding,
    /// Follow or pause the log tail.
    Follow,
    /// Cycle the log tail's time window (15m, 1h, 24h, 7d).
    Window,
    /// Ask Okta to filter the log tail (a SCIM filter or keywords).
    ServerFilter,
    /// Copy the selected row's id or login.
    Copy,
    /// Export the current list (as filtered) to a CSV file.
    Export,
    /// Retry the load that failed in the current pane.
    Retry,
    /// Cycle the sort order of the current list: in the browse lists each column ascending,
    /// then descending, then as loaded; in the MFA gaps its orders.
    Sort,
    /// Sort a browse list by its column of this index (0 the first), or reverse that sort.
    SortColumn(u8),
    /// Show the wide columns of a browse list too, or not.
    Wide,
    /// Cycle the hunt's preset (all, suspicious countries, spray, MFA fatigue, …).
    Preset,
    /// Show the hunt's findings rolled up by user and IP, or as findings again.
    RollUp,
    /// Mark the live finding benign: a suppression rule written after asking the reason.
    MarkBenign,
    /// Show the suppressed live findings, or the live ones again.
    ToggleSuppressed,
    /// Write the case file of the investigation or of the selected hunt finding.
    CaseFile,
    /// Show one panel of the investigation alone, or all of them again.
    Zoom,
    /// The next panel of a zoomed investigation; the other table of the IP view; the next
    /// factor of a user's detail.
    NextPanel,
    /// Tail what the view is about in the System Log pane (the IP view's address).
    Tail,
    /// List the users with only weak factors too, or not (MFA gaps).
    IncludeWeak,
    /// Approval dialog: the next field (reason, login, options, buttons).
    NextField,
    /// Approval dialog: the field before.
    PreviousField,
    /// Approval dialog: leave a field for the next, or press the selected button.
    Choose,
    /// Approval dialog: select the other button (Cancel or Approve).
    SwitchButton,
    /// Approval dialog: close it, changing nothing.
    Cancel,
    /// Clear sessions: revoke the user's OAuth tokens too, or not (approval dialog).
    ToggleOauthTokens,
    /// Clear sessions: make every device forget the remembered factors, or keep them
    /// (approval dialog).
    ToggleForgetDevices,
    /// Set risk: HIGH or LOW (approval dialog).
    ToggleRiskLevel,
    /// Mask logins, emails, names and IPs for a shared screen, or unmask (journaled).
    Mask,
    /// Quit.
    Quit,
}

impl KeyAction {
    /// How many columns of a list can have a sort key ([`KeyAction::SortColumn`]).
    pub const SORT_COLUMNS: usize = 8;

    /// Every action with its config name, in declaration order.
    pub const ALL: [(KeyAction, &'static str); 67] = [
        (KeyAction::Help, "help"),
        (KeyAction::CommandLine, "command_line"),
        (KeyAction::GoUsers, "go_users"),
        (KeyAction::GoApps, "go_apps"),
        (KeyAction::GoGroups, "go_groups"),
        (KeyAction::GoPolicies, "go_policies"),
        (KeyAction::GoLogs, "go_logs"),
        (KeyAction::GoInvestigate, "go_investigate"),
        (KeyAction::GoMfa, "go_mfa"),
        (KeyAction::GoAlerts, "go_alerts"),
        (KeyAction::Filter, "filter"),
        (KeyAction::Open, "open"),
        (KeyAction::Describe, "describe"),
        (KeyAction::Back, "back"),
        (KeyAction::Up, "up"),
        (KeyAction::Down, "down"),
        (KeyAction::Top, "top"),
        (KeyAction::Bottom, "bottom"),
        (KeyAction::PageUp, "page_up"),
        (KeyAction::PageDown, "page_down"),
        (KeyAction::Investigate, "investigate"),
        (KeyAction::Suspend, "suspend"),
        (KeyAction::Unsuspend, "unsuspend"),
        (KeyAction::ClearSessions, "clear_sessions"),
        (KeyAction::Unlock, "unlock"),
        (KeyAction::ResetFactors, "reset_factors"),
        (KeyAction::RemoveFactor, "remove_factor"),
        (KeyAction::ExpirePassword, "expire_password"),
        (KeyAction::LogoutEverywhere, "logout_everywhere"),
        (KeyAction::SetRisk, "set_risk"),
        (KeyAction::RevokeSession, "revoke_session"),
        (KeyAction::ActOnFinding, "act_on_finding"),
        (KeyAction::Follow, "follow"),
        (KeyAction::Window, "window"),
        (KeyAction::ServerFilter, "server_filter"),
        (KeyAction::Copy, "copy"),
        (KeyAction::Export, "export"),
        (KeyAction::Retry, "retry"),
        (KeyAction::Sort, "sort"),
        (KeyAction::SortColumn(0), "sort_column_1"),
        (KeyAction::SortColumn(1), "sort_column_2"),
        (KeyAction::SortColumn(2), "sort_column_3"),
        (KeyAction::SortColumn(3), "sort_column_4"),
        (KeyAction::SortColumn(4), "sort_column_5"),
        (KeyAction::SortColumn(5), "sort_column_6"),
        (KeyAction::SortColumn(6), "sort_column_7"),
        (KeyAction::SortColumn(7), "sort_column_8"),
        (KeyAction::Wide, "wide"),
        (KeyAction::Preset, "preset"),
        (KeyAction::RollUp, "roll_up"),
        (KeyAction::MarkBenign, "mark_benign"),
        (KeyAction::ToggleSuppressed, "toggle_suppressed"),
        (KeyAction::CaseFile, "case_file"),
        (KeyAction::Zoom, "zoom"),
        (KeyAction::NextPanel, "next_panel"),
        (KeyAction::Tail, "tail"),
        (KeyAction::IncludeWeak, "include_weak"),
        (KeyAction::NextField, "next_field"),
        (KeyAction::PreviousField, "previous_field"),
        (KeyAction::Choose, "choose"),
        (KeyAction::SwitchButton, "switch_button"),
        (KeyAction::Cancel, "cancel"),
        (KeyAction::ToggleOauthTokens, "toggle_oauth_tokens"),
        (KeyAction::ToggleForgetDevices, "toggle_forget_devices"),
        (KeyAction::ToggleRiskLevel, "toggle_risk_level"),
        (KeyAction::Mask, "mask"),
        (KeyAction::Quit, "quit"),
    ];

    /// The snake_case name used in config (`suspend`, `go_users`, `page_down`).
    pub fn name(self) -> &'static str {
        KeyAction::ALL.iter().find(|(a, _)| *a == self).map_or("", |(_, name)| name)
    }

    /// The action a config name stands for.
    pub fn from_name(name: &str) -> Option<KeyAction> {
        KeyAction::ALL.iter().find(|(_, n)| *n == name).map(|(a, _)| *a)
    }

    /// Whether the action changes the org, or chooses how a change is made (hidden in
    /// read-only mode, never on a risky chord).
    pub fn changes_org(self) -> bool {
        matches!(self, KeyAction::ToggleOauthTokens | KeyAction::ToggleForgetDevices | KeyAction::ToggleRiskLevel)
            || self.opens_dialog()
    }

    /// Whether it opens the approval dialog (a change to the org, proposed).
    pub fn opens_dialog(self) -> bool {
        matches!(
            self,
            KeyAction::Suspend
                | KeyAction::Unsuspend
                | KeyAction::ClearSessions
                | KeyAction::Unlock
                | KeyAction::ResetFactors
                | KeyAction::RemoveFactor
                | KeyAction::ExpirePassword
                | KeyAction::LogoutEverywhere
                | KeyAction::SetRisk
                | KeyAction::RevokeSession
                | KeyAction::ActOnFinding
        )
    }

    /// Whether the approval dialog moves, chooses or cancels with it: its keys are kept from
    /// the dialog's options.
    pub fn steers_dialog(self) -> bool {
        matches!(
            self,
            KeyAction::NextField
                | KeyAction::PreviousField
                | KeyAction::Choose
                | KeyAction::SwitchButton
                | KeyAction::Cancel
                | KeyAction::PageUp
                | KeyAction::PageDown
        )
    }
}

/// Where a binding applies: one pane (or overlay) each, so the registry says exactly which
/// keys each pane takes. Lookups check the current context, then [`Context::Global`] (unless
/// the context is modal); the dispatcher hands a pane only what the lookup finds, and the
/// hint bar and the help page are drawn from the same bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Every pane: help, the command line, the pane numbers, back, moving, quit.
    Global,
    /// The users list.
    Users,
    /// The apps list.
    Apps,
    /// The groups list.
    Groups,
    /// The policies list.
    Policies,
    /// The MFA gaps list.
    Mfa,
    /// One user's detail.
    UserDetail,
    /// One app's, group's or policy's detail.
    Detail,
    /// The System Log tail.
    Logs,
    /// One System Log event in full, with its pivots.
    Event,
    /// An investigation: its findings, their evidence, its panels.
    Investigation,
    /// `:hunt`: the org's findings.
    Hunt,
    /// The IP view: an address's users and events.
    Ip,
    /// The `:audit` pane: the journal's records.
    Audit,
    /// `:alerts`: the live judge's findings.
    Alerts,
    /// The describe view of a row: it scrolls and closes; modal like the dialog.
    Describe,
    /// The approval dialog (its text fields take plain characters as text). It is modal:
    /// global keys do not apply in it.
    Approval,
}

impl Context {
    /// Every context, in the order the help page shows them.
    pub const ALL: [Context; 17] = [
        Context::Global,
        Context::Users,
        Context::Apps,
        Context::Groups,
        Context::Policies,
        Context::Mfa,
        Context::UserDetail,
        Context::Detail,
        Context::Logs,
        Context::Event,
        Context::Investigation,
        Context::Hunt,
        Context::Ip,
        Context::Audit,
        Context::Alerts,
        Context::Describe,
        Context::Approval,
    ];

    /// The heading of this context on the help page.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Users => "Users list",
            Context::Apps => "Apps list",
            Context::Groups => "Groups list",
            Context::Policies => "Policies list",
            Context::Mfa => "MFA gaps",
            Context::UserDetail => "A user's detail",
            Context::Detail => "An app's, group's or policy's detail",
            Context::Logs => "Log tail",
            Context::Event => "Log event",
            Context::Investigation => "Investigation",
            Context::Hunt => "Hunt",
            Context::Ip => "IP view",
            Context::Audit => "Audit journal",
            Context::Alerts => "Alerts",
            Context::Describe => "Describe view",
            Context::Approval => "Approval dialog",
        }
    }

    /// The context of a browse list's pane.
    pub fn of_list(kind: super::lists::ListKind) -> Context {
        use super::lists::ListKind;
        match kind {
            ListKind::Users => Context::Users,
            ListKind::Apps => Context::Apps,
            ListKind::Groups => Context::Groups,
            ListKind::Policies => Context::Policies,
        }
    }

    /// Whether the context takes every key: then global bindings do not apply in it.
    pub fn is_modal(self) -> bool {
        matches!(self, Context::Approval | Context::Describe)
    }

    /// Whether a key bound in both contexts would be ambiguous somewhere.
    fn overlaps(self, other: Context) -> bool {
        self == other
            || (!self.is_modal() && !other.is_modal() && (self == Context::Global || other == Context::Global))
    }
}

/// One entry of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The keys that trigger it; the first is the one the hint bar shows.
    pub keys: Vec<KeySpec>,
    /// What it does.
    pub action: KeyAction,
    /// Where it applies.
    pub context: Context,
    /// The hint-bar word, e.g. "suspend".
    pub label: &'static str,
    /// The help-page sentence.
    pub help: std::borrow::Cow<'static, str>,
    /// Whether it changes the org: hidden and inert in read-only mode.
    pub changes_org: bool,
    /// Rank in the hint bar (lower shows first); `None` keeps it off the bar.
    pub hint: Option<u8>,
}

impl Binding {
    /// The keys as the help page writes them: `k/Up`.
    pub fn keys_label(&self) -> String {
        self.keys.iter().map(ToString::to_string).collect::<Vec<_>>().join("/")
    }

    /// Whether the binding is shown and active in this mode.
    pub fn visible(&self, read_only: bool) -> bool {
        !(read_only && self.changes_org)
    }
}

/// Chords that terminals, shells and multiplexers use; never a trigger for a change to the org.
const RISKY_CHORDS: [char; 9] = ['a', 'b', 'c', 'd', 'k', 'q', 's', 'u', 'z'];

/// Why a key override was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyMapError {
    /// The action name is not one the registry knows.
    #[error("unknown action `{name}` in the key overrides: use one of {known}")]
    UnknownAction {
        /// The name as written.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// A key could not be read.
    #[error("key override for `{action}`: {source}")]
    BadKey {
        /// The action being remapped.
        action: &'static str,
        /// What was wrong with the key.
        source: KeySpecError,
    },
    /// An action that changes the org was put on a risky control chord.
    #[error(
        "`{key}` cannot trigger `{action}`: it changes the org, and terminals and multiplexers \
         (shells, tmux, screen) use {key}, so a slip could fire it; choose a plain key"
    )]
    RiskyChord {
        /// The action being remapped.
        action: &'static str,
        /// The refused key.
        key: String,
    },
    /// Two actions would share a key where both apply.
    #[error("`{key}` would trigger both `{first}` and `{second}` in {context}: give one of them another key")]
    Collision {
        /// The shared key.
        key: String,
        /// One action.
        first: &'static str,
        /// The other action.
        second: &'static str,
        /// Where they clash.
        context: &'static str,
    },
    /// A key the approval dialog keeps for moving, choosing and cancelling.
    #[error(
        "`{key}` cannot trigger `{action}`: the approval dialog uses it to move, choose or cancel; choose another key"
    )]
    Reserved {
        /// The action being remapped.
        action: &'static str,
        /// The refused key.
        key: String,
    },
}

/// The registry: every binding, defaults with the user's overrides applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bindings: Vec<Binding>,
}

impl KeyMap {
    /// DESIGN.md's default keys.
    pub fn defaults() -> KeyMap {
        KeyMap { bindings: defaults::bindings() }
    }

    /// Every binding, in help-page order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action a key press stands for in `context` (then globally, unless the context is
    /// modal); `None` for key releases, unbound keys and, in read-only mode, actions that
    /// change the org.
    pub fn action_for(&self, key: &KeyEvent, context: Context, read_only: bool) -> Option<KeyAction> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let spec = KeySpec::from_event(key);
        let global = if context.is_modal() { None } else { Some(Context::Global) };
        [Some(context), global]
            .iter()
            .flatten()
            .find_map(|ctx| self.bindings.iter().find(|b| b.context == *ctx && b.keys.contains(&spec)))
            .filter(|b| b.visible(read_only))
            .map(|b| b.action)
    }

    /// The first key of `action` in `context`, as the screen writes it (`r`), if it has one.
    pub fn key_label(&self, action: KeyAction, context: Context) -> Option<String> {
        let binding = self.bindings.iter().find(|b| b.action == action && b.context == context)?;
        binding.keys.first().map(ToString::to_string)
    }

    /// The letter that sorts by each column of a browse list (its key, when it is one
    /// plain letter), for the header to underline.
    pub fn sort_letters(&self, kind: super::lists::ListKind) -> Vec<Option<char>> {
        let context = Context::of_list(kind);
        (0..kind.columns().len())
            .map(|i| {
                let action = KeyAction::SortColumn(u8::try_from(i).ok()?);
                let binding = self.bindings.iter().find(|b| b.context == context && b.action == action)?;
                binding.keys.iter().find_map(|k| match k.key_code() {
                    crossterm::event::KeyCode::Char(c) if k.modifiers().is_empty() && c.is_alphabetic() => Some(c),
                    _ => None,
                })
            })
            .collect()
    }

    /// Every key of `action` in `context`, as the screen writes them (`Esc`, `ctrl-c`, `n`).
    pub fn key_labels(&self, action: KeyAction, context: Context) -> Vec<String> {
        let binding = self.bindings.iter().find(|b| b.action == action && b.context == context);
        binding.map(|b| b.keys.iter().map(ToString::to_string).collect()).unwrap_or_default()
    }

    /// The key a message tells the user to press for `action`: its first key where it is
    /// first bound (globally, or in the one context that has it), e.g. `press 5`.
    pub fn press(&self, action: KeyAction) -> String {
        let binding = self.bindings.iter().find(|b| b.action == action);
        binding.and_then(|b| b.keys.first()).map(ToString::to_string).unwrap_or_else(|| action.name().to_string())
    }

    /// The hint bar for `context`: `(first key, label)` pairs, most useful first (a modal
    /// context's own keys only).
    pub fn hints(&self, context: Context, read_only: bool) -> Vec<(String, &'static str)> {
        let global = |b: &Binding| b.context == Context::Global && !context.is_modal();
        let mut shown: Vec<(u8, &Binding)> = self
            .bindings
            .iter()
            .filter(|b| (b.context == context || global(b)) && b.visible(read_only))
            .filter_map(|b| b.hint.map(|rank| (rank, b)))
            .collect();
        shown.sort_by_key(|(rank, _)| *rank);
        shown.into_iter().filter_map(|(_, b)| b.keys.first().map(|k| (k.to_string(), b.label))).collect()
    }

    /// Every binding in effect in `context` (its own, then the global ones unless it is
    /// modal) that this mode shows: exactly what the pane takes, so the hint bar, the help
    /// page and the dispatcher agree.
    pub fn in_effect(&self, context: Context, read_only: bool) -> Vec<&Binding> {
        let global = |b: &&Binding| b.context == Context::Global && !context.is_modal();
        let own = self.bindings.iter().filter(|b| b.context == context);
        own.chain(self.bindings.iter().filter(global)).filter(|b| b.visible(read_only)).collect()
    }

    /// The sections of the help page opened in `context`: the pane's own keys, the global
    /// ones, and those of the overlays its keys open (the describe view, the approval dialog).
    pub fn help_sections(&self, context: Context, read_only: bool) -> Vec<Context> {
        let takes = |action: KeyAction| self.in_effect(context, read_only).iter().any(|b| b.action == action);
        let mut sections = vec![context];
        if !context.is_modal() {
            sections.push(Context::Global);
        }
        if takes(KeyAction::Describe) && context != Context::Describe {
            sections.push(Context::Describe);
        }
        if KeyAction::ALL.iter().any(|(a, _)| a.opens_dialog() && takes(*a)) {
            sections.push(Context::Approval);
        }
        sections
    }

    /// Applies config overrides (action name → `"key"` or `"key1,key2"`): each replaces
    /// that action's keys in every context. Refuses unknown names, unreadable keys, an
    /// action that changes the org on a risky control chord, and any resulting collision.
    pub fn with_overrides(mut self, overrides: &BTreeMap<String, String>) -> Result<KeyMap, KeyMapError> {
        for (name, text) in overrides {
            let action = KeyAction::from_name(name.trim()).ok_or_else(|| KeyMapError::UnknownAction {
                name: name.clone(),
                known: KeyAction::ALL.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", "),
            })?;
            let keys = parse_list(text).map_err(|source| KeyMapError::BadKey { action: action.name(), source })?;
            if action.changes_org() {
                if let Some(key) = keys.iter().find(|k| is_risky_chord(k)) {
                    return Err(KeyMapError::RiskyChord { action: action.name(), key: key.to_string() });
                }
            }
            for binding in self.bindings.iter_mut().filter(|b| b.action == action) {
                binding.keys.clone_from(&keys);
            }
        }
        self.check_collisions()?;
        Ok(self)
    }

    /// Refuses two bindings that share a key in overlapping contexts, and a dialog binding
    /// on a key the dialog keeps for itself.
    fn check_collisions(&self) -> Result<(), KeyMapError> {
        let reserved: Vec<KeySpec> = self
            .bindings
            .iter()
            .filter(|b| b.context == Context::Approval && b.action.steers_dialog())
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for binding in self.bindings.iter().filter(|b| b.context == Context::Approval && !b.action.steers_dialog()) {
            if let Some(key) = binding.keys.iter().find(|k| reserved.contains(k)) {
                return Err(KeyMapError::Reserved { action: binding.action.name(), key: key.to_string() });
            }
        }
        for (i, first) in self.bindings.iter().enumerate() {
            for second in &self.bindings[i + 1..] {
                if !first.context.overlaps(second.context) {
                    continue;
                }
                if let Some(key) = first.keys.iter().find(|k| second.keys.contains(k)) {
                    let context = if first.context == Context::Global { second.context } else { first.context };
                    return Err(KeyMapError::Collision {
                        key: key.to_string(),
                        first: first.action.name(),
                        second: second.action.name(),
                        context: context.title(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// A control chord on a letter terminals, shells or multiplexers claim.
fn is_risky_chord(key: &KeySpec) -> bool {
    matches!(key.key_code(), crossterm::event::KeyCode::Char(c) if key.modifiers().contains(KeyModifiers::CONTROL)
        && RISKY_CHORDS.contains(&c))
}
