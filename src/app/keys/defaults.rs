//! The default bindings: DESIGN.md's key table, written once.
//!
//! Paging: `PgUp`/`PgDn` plus vim's half-page chords `ctrl-u`/`ctrl-d`. `ctrl-d` is safe
//! here because it only moves the selection; what DESIGN.md forbids is a *destructive*
//! action on a chord that terminals and multiplexers use (k9s#1121: users paging with
//! `ctrl-d` deleted pods), and [`super::KeyMap::with_overrides`] refuses to put one there.

use crossterm::event::KeyCode;

use super::{Action, Binding, Context, KeySpec};

/// One row of the table: context, action, keys, hint rank, hint-bar word, help sentence.
type Row = (Context, Action, Vec<KeySpec>, Option<u8>, &'static str, &'static str);

/// The default bindings, in the order the help page lists them.
pub(super) fn bindings() -> Vec<Binding> {
    use Action as A;
    use Context::{Approval, Audit, Describe, Detail, Event, Findings, Global, Ip, List, Logs};
    let c = KeySpec::char;
    let k = KeySpec::code;
    let rows: Vec<Row> = vec![
        (Global, A::Help, vec![c('?')], Some(1), "help", "Show or close this help page."),
        (
            Global,
            A::CommandLine,
            vec![c(':')],
            Some(6),
            "command",
            "Open the command line: :users, :apps, :profile NAME, :quit; Tab completes.",
        ),
        (Global, A::GoUsers, vec![c('1')], None, "users", "Go to the users list."),
        (Global, A::GoApps, vec![c('2')], None, "apps", "Go to the apps list."),
        (Global, A::GoGroups, vec![c('3')], None, "groups", "Go to the groups list."),
        (Global, A::GoPolicies, vec![c('4')], None, "policies", "Go to the policies list."),
        (Global, A::GoLogs, vec![c('5')], None, "logs", "Go to the System Log tail."),
        (Global, A::GoInvestigate, vec![c('6')], None, "investigate", "Go to the investigation view."),
        (Global, A::GoMfa, vec![c('7')], None, "mfa gaps", "Go to the users without an MFA factor."),
        (Global, A::Filter, vec![c('/')], Some(3), "filter", "Filter the current list as you type."),
        (Global, A::Back, vec![k(KeyCode::Esc)], Some(7), "back", "Close the filter or popup, or go back one step."),
        (Global, A::Up, vec![c('k'), k(KeyCode::Up)], None, "up", "Move the selection up one row."),
        (Global, A::Down, vec![c('j'), k(KeyCode::Down)], None, "down", "Move the selection down one row."),
        (Global, A::Top, vec![c('g'), k(KeyCode::Home)], None, "top", "Jump to the first row."),
        (Global, A::Bottom, vec![c('G'), k(KeyCode::End)], None, "bottom", "Jump to the last row."),
        (Global, A::PageUp, vec![k(KeyCode::PageUp), KeySpec::ctrl('u')], None, "page up", "Move up one page."),
        (Global, A::PageDown, vec![k(KeyCode::PageDown), KeySpec::ctrl('d')], None, "page down", "Move down one page."),
        (
            Global,
            A::Copy,
            vec![c('y')],
            Some(10),
            "copy",
            "Copy the selected row's id or login (OSC 52, works over SSH).",
        ),
        (
            Global,
            A::Export,
            vec![c('e')],
            Some(10),
            "export",
            "Export the list as it is filtered to CSV and JSON files in the data dir.",
        ),
        (Global, A::Retry, vec![c('r')], None, "retry", "Retry the load that failed in this pane."),
        (Global, A::Quit, vec![c('q'), KeySpec::ctrl('c')], Some(9), "quit", "Quit oktui."),
        (List, A::Open, vec![k(KeyCode::Enter)], Some(2), "open", "Open the selected row's detail."),
        (List, A::Describe, vec![c('d')], Some(11), "describe", "Describe the selected row: every field whole, wrapped; j/k, PgUp/PgDn, g/G scroll, Esc back."),
        (
            List,
            A::Sort,
            vec![c('o')],
            None,
            "sort",
            "Change the sort order (MFA gaps: priority, login, status, last login).",
        ),
        (
            List,
            A::IncludeWeak,
            vec![c('w')],
            None,
            "weak too",
            "List weak-only users too (MFA gaps, as mfa-gaps --include-weak).",
        ),
        (List, A::Investigate, vec![c('i')], Some(4), "investigate", "Investigate the selected user."),
        (List, A::Suspend, vec![c('s')], Some(5), "suspend", "Suspend the selected user, after approval."),
        (List, A::Unsuspend, vec![c('u')], Some(8), "unsuspend", "Unsuspend the selected user, after approval."),
        (
            List,
            A::ClearSessions,
            vec![c('c')],
            Some(5),
            "clear sessions",
            "Clear the selected user's sessions, after approval.",
        ),
        (Detail, A::Open, vec![k(KeyCode::Enter)], Some(8), "open", "Open the selected group, app or member."),
        (Detail, A::Investigate, vec![c('i')], Some(2), "investigate", "Investigate this user."),
        (Detail, A::Suspend, vec![c('s')], Some(4), "suspend", "Suspend this user, after approval."),
        (Detail, A::Unsuspend, vec![c('u')], Some(5), "unsuspend", "Unsuspend this user, after approval."),
        (
            Detail,
            A::ClearSessions,
            vec![c('c')],
            Some(5),
            "clear sessions",
            "Clear this user's sessions, after approval.",
        ),
        (Logs, A::Follow, vec![c('f')], Some(2), "follow", "Follow the newest events, or pause (scrolling up pauses too)."),
        (Logs, A::Open, vec![k(KeyCode::Enter)], Some(4), "open", "Open the selected event in full."),
        (Logs, A::Describe, vec![c('d')], Some(11), "describe", "Describe the selected row: every field whole, wrapped; j/k, PgUp/PgDn, g/G scroll, Esc back."),
        (Logs, A::Investigate, vec![c('i')], Some(4), "investigate", "Investigate the selected event's actor."),
        (Logs, A::Window, vec![c('w')], Some(5), "window", "Change the time window (15m, 1h, 24h, 7d): the tail restarts with a backfill."),
        (
            Logs,
            A::ServerFilter,
            vec![c('F')],
            Some(5),
            "okta filter",
            "Ask Okta to filter the tail: a SCIM filter (eventType eq \"user.session.start\") or keywords; empty clears it.",
        ),
        (Event, A::Open, vec![k(KeyCode::Enter)], Some(2), "go", "Open the selected user, or tail the selected actor, IP or session."),
        (Event, A::Investigate, vec![c('i')], Some(3), "investigate", "Investigate the selected user, else the event's actor."),
        (Findings, A::ActOnFinding, vec![c('a')], Some(2), "act", "Act on the finding's proposal, after approval."),
        (
            Findings,
            A::Open,
            vec![k(KeyCode::Enter)],
            Some(3),
            "open",
            "Open the finding: its evidence (investigation); its user's investigation, or the IP view of a finding about an address (hunt).",
        ),
        (Audit, A::Open, vec![k(KeyCode::Enter)], Some(2), "describe", "Show the selected record whole: every field, wrapped."),
        (Audit, A::Describe, vec![c('d')], Some(11), "describe", "Describe the selected row: every field whole, wrapped; j/k, PgUp/PgDn, g/G scroll, Esc back."),
        (Findings, A::Describe, vec![c('d')], Some(11), "describe", "Describe the selected row: every field whole, wrapped; j/k, PgUp/PgDn, g/G scroll, Esc back."),
        (Findings, A::Investigate, vec![c('i')], Some(4), "investigate", "Investigate the finding's user."),
        (Findings, A::Preset, vec![c('p')], Some(5), "preset", "Hunt: cycle the preset (suspicious countries, spray, MFA fatigue, …)."),
        (Findings, A::Window, vec![c('w')], Some(6), "window", "Cycle the time window (15m, 1h, 24h, 7d) and read it again."),
        (
            Findings,
            A::CaseFile,
            vec![c('E')],
            None,
            "case file",
            "Write the case file of the investigation, or of the selected hunt finding, into the data dir's cases folder.",
        ),
        (Findings, A::Zoom, vec![c('z')], Some(11), "zoom", "Investigation: show one panel alone over the view, or all again."),
        (Findings, A::NextPanel, vec![k(KeyCode::Tab)], None, "next panel", "Investigation, zoomed: show the next panel (findings, chart, map, sign-ins, activity)."),
        (Ip, A::Open, vec![k(KeyCode::Enter)], Some(2), "open", "Investigate the selected user, or open the selected event."),
        (Ip, A::Investigate, vec![c('i')], Some(4), "investigate", "Investigate the selected user."),
        (Ip, A::NextPanel, vec![k(KeyCode::Tab)], Some(3), "users/events", "Switch between the address's users and its events."),
        (Ip, A::Tail, vec![c('t')], Some(5), "tail", "Tail the address in the System Log pane."),
        (Ip, A::Describe, vec![c('d')], Some(11), "describe", "Describe the selected row: every field whole, wrapped; j/k, PgUp/PgDn, g/G scroll, Esc back."),
        (Describe, A::Back, vec![k(KeyCode::Esc)], Some(1), "back", "Close the describe view."),
        (Describe, A::Describe, vec![c('d')], None, "close", "Close the describe view (d again)."),
        (Describe, A::Down, vec![c('j'), k(KeyCode::Down)], Some(2), "scroll", "Scroll the describe view down one line."),
        (Describe, A::Up, vec![c('k'), k(KeyCode::Up)], None, "up", "Scroll the describe view up one line."),
        (
            Describe,
            A::PageDown,
            vec![k(KeyCode::PageDown), KeySpec::ctrl('d')],
            None,
            "page down",
            "Scroll the describe view down one page.",
        ),
        (
            Describe,
            A::PageUp,
            vec![k(KeyCode::PageUp), KeySpec::ctrl('u')],
            None,
            "page up",
            "Scroll the describe view up one page.",
        ),
        (Describe, A::Top, vec![c('g'), k(KeyCode::Home)], Some(3), "top", "Scroll to the first field."),
        (Describe, A::Bottom, vec![c('G'), k(KeyCode::End)], Some(4), "end", "Scroll to the last field (no further)."),
        (Describe, A::Quit, vec![c('q'), KeySpec::ctrl('c')], Some(9), "quit", "Quit oktui."),
        (
            Approval,
            A::ToggleOauthTokens,
            vec![c('r')],
            None,
            "revoke tokens",
            "Clear sessions: revoke the user's OAuth tokens too, or not (on the options row or the buttons).",
        ),
        (
            Approval,
            A::ToggleForgetDevices,
            vec![c('f')],
            None,
            "forget devices",
            "Clear sessions: make every device forget its remembered factors, or keep them (options row or buttons).",
        ),
    ];
    rows.into_iter()
        .map(|(context, action, keys, hint, label, help)| Binding {
            keys,
            action,
            context,
            label,
            help,
            changes_org: action.changes_org(),
            hint,
        })
        .collect()
}
