//! The default bindings: DESIGN.md's key table, written once.
//!
//! Paging: `PgUp`/`PgDn` plus vim's half-page chords `ctrl-u`/`ctrl-d`. `ctrl-d` is safe
//! here because it only moves the selection; what DESIGN.md forbids is a *destructive*
//! action on a chord that terminals and multiplexers use (k9s#1121: users paging with
//! `ctrl-d` deleted pods), and [`super::KeyMap::with_overrides`] refuses to put one there.

use crossterm::event::KeyCode;

use super::{Binding, Context, KeyAction, KeySpec};
use crate::app::lists::ListKind;

/// One row of the table: the contexts it applies in, action, keys, hint rank, hint-bar
/// word, help sentence. A row naming several contexts becomes one binding in each.
type Row = (&'static [Context], KeyAction, Vec<KeySpec>, Option<u8>, &'static str, &'static str);

/// The help sentence of `d` wherever a row can be described.
const DESCRIBE: &str = "Describe the selected row: every field whole, wrapped; j/k, PgUp/PgDn, g/G scroll, Esc back.";

/// The default bindings, in the order the help page lists them.
pub(super) fn bindings() -> Vec<Binding> {
    use Context::{
        Alerts, Approval, Apps, Audit, Describe, Detail, Event, Global, Groups, Hunt, Investigation, Ip, Logs, Mfa,
        Policies, UserDetail, Users,
    };
    use KeyAction as A;
    let c = KeySpec::char;
    let k = KeySpec::code;
    let rows: Vec<Row> = vec![
        (&[Global], A::Help, vec![c('?')], Some(1), "help", "Show or close this help page."),
        (
            &[Global],
            A::CommandLine,
            vec![c(':')],
            Some(6),
            "command",
            concat!("Open the command line: ", crate::app::command::command_list!(), "; Tab completes."),
        ),
        (&[Global], A::GoUsers, vec![c('1')], None, "users", "Go to the users list."),
        (&[Global], A::GoApps, vec![c('2')], None, "apps", "Go to the apps list."),
        (&[Global], A::GoGroups, vec![c('3')], None, "groups", "Go to the groups list."),
        (&[Global], A::GoPolicies, vec![c('4')], None, "policies", "Go to the policies list."),
        (&[Global], A::GoLogs, vec![c('5')], None, "logs", "Go to the System Log tail."),
        (&[Global], A::GoInvestigate, vec![c('6')], None, "investigate", "Go to the investigation view."),
        (&[Global], A::GoMfa, vec![c('7')], None, "mfa", "Go to the users without an MFA factor."),
        (&[Global], A::GoAlerts, vec![c('8')], None, "alerts", "Go to the live findings of the System Log tail."),
        (&[Global], A::Back, vec![k(KeyCode::Esc)], Some(7), "back", "Close the filter or popup, or go back one step."),
        (&[Global], A::Up, vec![c('k'), k(KeyCode::Up)], None, "up", "Move the selection up one row."),
        (&[Global], A::Down, vec![c('j'), k(KeyCode::Down)], None, "down", "Move the selection down one row."),
        (&[Global], A::Top, vec![c('g'), k(KeyCode::Home)], None, "top", "Jump to the first row."),
        (&[Global], A::Bottom, vec![c('G'), k(KeyCode::End)], None, "bottom", "Jump to the last row."),
        (&[Global], A::PageUp, vec![k(KeyCode::PageUp), KeySpec::ctrl('u')], None, "page up", "Move up one page."),
        (
            &[Global],
            A::PageDown,
            vec![k(KeyCode::PageDown), KeySpec::ctrl('d')],
            None,
            "page down",
            "Move down one page.",
        ),
        (&[Global], A::Quit, vec![c('q'), KeySpec::ctrl('c')], Some(9), "quit", "Quit oktui."),
        (
            &[Global],
            A::Mask,
            vec![c('m')],
            None,
            "mask",
            "Mask logins, emails, names and IPs for a shared screen (pseudonyms), or unmask (journaled).",
        ),
        (&[Users, Apps, Groups, Policies, Mfa], A::Open, vec![k(KeyCode::Enter)], Some(2), "open", "Open the selected row's detail."),
        (&[Users, Apps, Groups, Policies, Mfa, Logs], A::Filter, vec![c('/')], Some(3), "filter", "Filter the list as you type."),
        (&[Users, Apps, Groups, Policies, Mfa, Logs, Hunt, Investigation, Ip, Audit, Alerts], A::Describe, vec![c('d')], Some(11), "describe", DESCRIBE),
        (&[Users], A::Investigate, vec![c('i')], Some(4), "investigate", "Investigate the selected user."),
        (&[Users], A::Suspend, vec![c('s')], Some(5), "suspend", "Suspend the selected user, after approval."),
        (&[Users], A::Unsuspend, vec![c('u')], Some(8), "unsuspend", "Unsuspend the selected user, after approval."),
        (
            &[Users],
            A::ClearSessions,
            vec![c('c')],
            Some(5),
            "clear sessions",
            "Clear the selected user's sessions, after approval.",
        ),
        (&[Users], A::Unlock, vec![c('l')], Some(15), "unlock", "Unlock the selected user (LOCKED_OUT), after approval."),
        (
            &[Users],
            A::ResetFactors,
            vec![c('f')],
            Some(15),
            "reset factors",
            "Reset the selected user's MFA factors, after approval.",
        ),
        (
            &[Users],
            A::ExpirePassword,
            vec![c('p')],
            Some(15),
            "expire password",
            "Expire the selected user's password, after approval.",
        ),
        (
            &[Users],
            A::LogoutEverywhere,
            vec![c('t')],
            Some(15),
            "logout everywhere",
            "Universal Logout of the selected user, after approval.",
        ),
        (
            &[Users],
            A::SetRisk,
            vec![c('v')],
            Some(15),
            "set risk",
            "Set the selected user's risk level, after approval.",
        ),
        (
            &[Mfa],
            A::Sort,
            vec![c('o')],
            Some(4),
            "sort",
            "Change the sort order: priority, login, status, last login.",
        ),
        (
            &[Users, Apps, Groups, Policies],
            A::Sort,
            vec![c('o')],
            Some(14),
            "sort",
            "Cycle the sort: each column ascending, then descending, then as loaded (the header marks it).",
        ),
        (
            &[Users, Apps, Groups, Policies],
            A::Wide,
            vec![c('W')],
            None,
            "wide",
            "Wide mode: show the extra columns too (ids, created, …), or not.",
        ),
        (&[Mfa], A::IncludeWeak, vec![c('w')], Some(5), "weak too", "List weak-only users too (as mfa-gaps --include-weak)."),
        (&[UserDetail], A::Investigate, vec![c('i')], Some(2), "investigate", "Investigate this user."),
        (&[UserDetail], A::Suspend, vec![c('s')], Some(4), "suspend", "Suspend this user, after approval."),
        (&[UserDetail], A::Unsuspend, vec![c('u')], Some(5), "unsuspend", "Unsuspend this user, after approval."),
        (
            &[UserDetail],
            A::ClearSessions,
            vec![c('c')],
            Some(5),
            "clear sessions",
            "Clear this user's sessions, after approval.",
        ),
        (&[UserDetail], A::Unlock, vec![c('l')], Some(10), "unlock", "Unlock this user (LOCKED_OUT), after approval."),
        (
            &[UserDetail],
            A::ResetFactors,
            vec![c('f')],
            Some(10),
            "reset factors",
            "Reset this user's MFA factors, after approval.",
        ),
        (
            &[UserDetail],
            A::NextPanel,
            vec![k(KeyCode::Tab)],
            Some(11),
            "next factor",
            "Select the next of this user's factors (for x).",
        ),
        (
            &[UserDetail],
            A::RemoveFactor,
            vec![c('x')],
            Some(11),
            "remove factor",
            "Remove the selected factor, after approval.",
        ),
        (
            &[UserDetail],
            A::ExpirePassword,
            vec![c('p')],
            Some(12),
            "expire password",
            "Expire this user's password, after approval.",
        ),
        (
            &[UserDetail],
            A::LogoutEverywhere,
            vec![c('t')],
            Some(12),
            "logout everywhere",
            "Universal Logout of this user, after approval.",
        ),
        (
            &[UserDetail],
            A::SetRisk,
            vec![c('v')],
            Some(12),
            "set risk",
            "Set this user's risk level, after approval.",
        ),
        (&[Logs], A::Follow, vec![c('f')], Some(2), "follow", "Follow the newest events, or pause (scrolling up pauses too)."),
        (&[Logs], A::Open, vec![k(KeyCode::Enter)], Some(4), "open", "Open the selected event in full."),
        (&[Logs], A::Investigate, vec![c('i')], Some(4), "investigate", "Investigate the selected event's actor."),
        (&[Logs], A::Window, vec![c('w')], Some(5), "window", "Change the time window (15m, 1h, 24h, 7d): the tail restarts with a backfill."),
        (
            &[Logs],
            A::ServerFilter,
            vec![c('F')],
            Some(5),
            "okta filter",
            "Ask Okta to filter the tail: a SCIM filter (eventType eq \"user.session.start\") or keywords; empty clears it.",
        ),
        (&[Event], A::Open, vec![k(KeyCode::Enter)], Some(2), "go", "Open the selected user, or tail the selected actor, IP or session."),
        (
            &[Event],
            A::RevokeSession,
            vec![c('x')],
            Some(11),
            "revoke session",
            "Revoke the session this event was made in, after approval.",
        ),
        (&[Event], A::Investigate, vec![c('i')], Some(3), "investigate", "Investigate the selected user, else the event's actor."),
        (
            &[Investigation],
            A::Open,
            vec![k(KeyCode::Enter)],
            Some(3),
            "open",
            "Open the finding's evidence; on an evidence event, the event in full.",
        ),
        (&[Investigation, Hunt, Alerts], A::ActOnFinding, vec![c('a')], Some(2), "act", "Act on the finding's proposal, after approval."),
        (
            &[Hunt],
            A::Open,
            vec![k(KeyCode::Enter)],
            Some(3),
            "open",
            "Open the finding: its user's investigation, or the IP view of a finding about an address.",
        ),
        (&[Hunt, Alerts], A::Investigate, vec![c('i')], Some(4), "investigate", "Investigate the finding's user."),
        (
            &[Alerts],
            A::Open,
            vec![k(KeyCode::Enter)],
            Some(3),
            "open",
            "Open the live finding: its user's investigation, or the IP view of a finding about an address.",
        ),
        (
            &[Alerts],
            A::MarkBenign,
            vec![c('b')],
            Some(8),
            "benign",
            "Mark the finding benign: asks why, writes a suppression rule to the config file, journals it.",
        ),
        (
            &[Alerts],
            A::ToggleSuppressed,
            vec![c('s')],
            Some(12),
            "suppressed",
            "List the suppressed findings and their rules, or the live ones again.",
        ),
        (&[Hunt], A::Preset, vec![c('p')], Some(5), "preset", "Cycle the preset (suspicious countries, spray, MFA fatigue, …)."),
        (
            &[Hunt],
            A::RollUp,
            vec![c('b')],
            Some(13),
            "by who",
            "Show the findings rolled up by user and IP, worst first with counts (Enter opens one), or as findings again.",
        ),
        (
            &[Investigation, Hunt],
            A::Window,
            vec![c('w')],
            Some(6),
            "window",
            "Pick the time window (24h, 7d, 30d, 90d or a range) and read it again.",
        ),
        (
            &[Investigation],
            A::CaseFile,
            vec![c('E')],
            Some(12),
            "case file",
            "Write the investigation's case file into the data dir's cases folder.",
        ),
        (
            &[Hunt],
            A::CaseFile,
            vec![c('E')],
            Some(12),
            "case file",
            "Write the selected finding's case file into the data dir's cases folder.",
        ),
        (
            &[Investigation],
            A::RevokeSession,
            vec![c('x')],
            Some(14),
            "revoke session",
            "Revoke the evidence event's session, after approval.",
        ),
        (&[Investigation], A::Zoom, vec![c('z')], Some(4), "zoom", "Show one panel alone over the view, or all again."),
        (
            &[Investigation],
            A::NextPanel,
            vec![k(KeyCode::Tab)],
            Some(5),
            "next panel",
            "Zoomed: show the next panel (findings, chart, map, sign-ins, activity).",
        ),
        (&[Ip], A::Open, vec![k(KeyCode::Enter)], Some(2), "open", "Investigate the selected user, or open the selected event."),
        (&[Ip], A::Investigate, vec![c('i')], Some(4), "investigate", "Investigate the selected user."),
        (&[Ip], A::NextPanel, vec![k(KeyCode::Tab)], Some(3), "users/events", "Switch between the address's users and its events."),
        (&[Ip], A::Tail, vec![c('t')], Some(5), "tail", "Tail the address in the System Log pane."),
        (&[Audit], A::Open, vec![k(KeyCode::Enter)], Some(2), "describe", "Show the selected record whole: every field, wrapped."),
        (
            &[Users, Apps, Groups, Policies, Mfa, Logs, Event, Investigation, Hunt, Ip, Audit, Alerts],
            A::Copy,
            vec![c('y')],
            Some(10),
            "copy",
            "Copy the selected row's login, id or IP (OSC 52, works over SSH and in tmux).",
        ),
        (
            &[Users, Apps, Groups, Policies, Mfa],
            A::Export,
            vec![c('e')],
            Some(10),
            "export",
            "Export the list as it is filtered to CSV and JSON files in the data dir.",
        ),
        (
            &[UserDetail, Detail],
            A::Export,
            vec![c('e')],
            None,
            "export",
            "Says how to export: a detail has nothing to export, its list does.",
        ),
        (
            &[Users, Apps, Groups, Policies, Mfa, UserDetail, Detail, Logs, Event, Investigation, Hunt, Ip, Audit],
            A::Retry,
            vec![c('r')],
            Some(13),
            "reload",
            "Read this pane again (a failed load, or to refresh it).",
        ),
        (&[Describe], A::Back, vec![k(KeyCode::Esc)], Some(1), "back", "Close the describe view."),
        (&[Describe], A::Describe, vec![c('d')], None, "close", "Close the describe view (d again)."),
        (&[Describe], A::Down, vec![c('j'), k(KeyCode::Down)], Some(2), "scroll", "Scroll the describe view down one line."),
        (&[Describe], A::Up, vec![c('k'), k(KeyCode::Up)], None, "up", "Scroll the describe view up one line."),
        (
            &[Describe],
            A::PageDown,
            vec![k(KeyCode::PageDown), KeySpec::ctrl('d')],
            None,
            "page down",
            "Scroll the describe view down one page.",
        ),
        (
            &[Describe],
            A::PageUp,
            vec![k(KeyCode::PageUp), KeySpec::ctrl('u')],
            None,
            "page up",
            "Scroll the describe view up one page.",
        ),
        (&[Describe], A::Top, vec![c('g'), k(KeyCode::Home)], Some(3), "top", "Scroll to the first field."),
        (&[Describe], A::Bottom, vec![c('G'), k(KeyCode::End)], Some(4), "end", "Scroll to the last field (no further)."),
        (&[Describe], A::Quit, vec![c('q'), KeySpec::ctrl('c')], Some(9), "quit", "Quit oktui."),
        (&[Approval], A::NextField, vec![k(KeyCode::Tab)], Some(2), "next field", "Move to the next field: reason, login, options, buttons."),
        (&[Approval], A::PreviousField, vec![k(KeyCode::BackTab)], None, "field before", "Move to the field before."),
        (
            &[Approval],
            A::Choose,
            vec![k(KeyCode::Enter)],
            Some(3),
            "choose",
            "Next field; on the buttons, press the selected one.",
        ),
        (
            &[Approval],
            A::SwitchButton,
            vec![k(KeyCode::Left), k(KeyCode::Right), c('h'), c('l')],
            Some(4),
            "other button",
            "Select the other button, Cancel or Approve.",
        ),
        (
            &[Approval],
            A::Cancel,
            vec![k(KeyCode::Esc), KeySpec::ctrl('c'), c('n')],
            Some(1),
            "cancel",
            "Close the dialog, changing nothing (a letter: not in a field).",
        ),
        (
            &[Approval],
            A::ToggleOauthTokens,
            vec![c('r')],
            None,
            "revoke tokens",
            "Clear sessions: revoke the user's OAuth tokens too, or not (on the options row or the buttons).",
        ),
        (
            &[Approval],
            A::ToggleForgetDevices,
            vec![c('f')],
            None,
            "forget devices",
            "Clear sessions: make every device forget its remembered factors, or keep them (options row or buttons).",
        ),
        (
            &[Approval],
            A::ToggleRiskLevel,
            vec![c('v')],
            None,
            "risk level",
            "Set risk: HIGH or LOW (options row or buttons).",
        ),
        (
            &[Approval],
            A::PageUp,
            vec![k(KeyCode::PageUp)],
            None,
            "scroll up",
            "Scroll the dialog's facts up (the org stays).",
        ),
        (&[Approval], A::PageDown, vec![k(KeyCode::PageDown)], None, "scroll down", "Scroll the dialog's facts back down."),
    ];
    let mut bindings: Vec<Binding> = rows
        .into_iter()
        .flat_map(|(contexts, action, keys, hint, label, help)| {
            contexts.iter().map(move |&context| Binding {
                keys: keys.clone(),
                action,
                context,
                label,
                help: help.into(),
                changes_org: action.changes_org(),
                hint,
            })
        })
        .collect();
    // The column letters go after the list's `o`, so help lists them together.
    for kind in ListKind::ALL {
        let context = Context::of_list(kind);
        let after = bindings.iter().rposition(|b| b.context == context && b.action == KeyAction::Sort);
        let at = after.map_or(bindings.len(), |i| i + 1);
        bindings.splice(at..at, column_sorts(kind, context));
    }
    bindings
}

/// shift+letter in a browse list: sort by the column whose header holds the letter
/// (underlined there), ascending, again descending; a wide column's letter shows the wide
/// columns too.
fn column_sorts(kind: ListKind, context: Context) -> Vec<Binding> {
    let columns = kind.columns().iter().take(KeyAction::SORT_COLUMNS);
    columns
        .enumerate()
        .filter_map(|(i, column)| {
            let index = u8::try_from(i).ok()?;
            let wide = if column.wide { " (wide mode)" } else { "" };
            Some(Binding {
                keys: vec![KeySpec::char(column.letter)],
                action: KeyAction::SortColumn(index),
                context,
                label: "sort",
                help: format!("Sort by {}{wide}; again, reversed.", column.spec.header).into(),
                changes_org: false,
                hint: None,
            })
        })
        .collect()
}
