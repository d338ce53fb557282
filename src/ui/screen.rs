//! One frame: the layout, the current route's pane, overlays (help) and the bottom lines.

use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::theme::Theme;
use super::{approval, audit, detail, event, header, help, hints, list, logs, too_small};
use unicode_width::UnicodeWidthStr;

use crate::app::investigation::FetchProgress;
use crate::app::keys::{KeyAction, KeyMap};
use crate::app::layout::{split, MIN_SIZE};
use crate::app::state::{AppState, Masker, Mode, Route};
use crate::output::progress::ReadStatus;

/// The spinner frame for this tick.
fn spinner<'a>(state: &AppState, theme: &'a Theme) -> &'a str {
    let frames = theme.symbols.spinner;
    frames.get((state.ticks as usize) % frames.len().max(1)).copied().unwrap_or("")
}

/// Draws the whole console.
pub fn render(frame: &mut Frame, state: &AppState, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        too_small::render(frame, area, &state.keys, theme);
    } else {
        render_panes(frame, state, theme);
    }
    if state.mask.on {
        mask_frame(frame.buffer_mut(), &state.mask);
    }
    if theme.symbols.is_ascii() {
        super::theme::asciify(frame.buffer_mut());
    }
}

/// The last pass of a masked frame: every line as drawn, whatever the pane, has its logins,
/// emails, names and IPs replaced by their pseudonyms, each in the cells the real value took
/// (so no layout moves and a value cut with `…` is masked as well).
fn mask_frame(buffer: &mut ratatui::buffer::Buffer, mask: &Masker) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let drawn: Vec<String> = (area.left()..area.right()).map(|x| buffer[(x, y)].symbol().to_string()).collect();
        let mut masked = drawn.clone();
        mask.cells(&mut masked);
        for ((x, new), old) in (area.left()..).zip(&masked).zip(&drawn) {
            if new != old {
                buffer[(x, y)].set_symbol(new);
            }
        }
    }
}

/// Header, tabs, the route's pane, status and hints, then the help page or the dialog on top.
fn render_panes(frame: &mut Frame, state: &AppState, theme: &Theme) {
    let area = frame.area();
    let areas = split(area);
    let spin = spinner(state, theme);
    header::render(frame, areas.header, state, theme);
    render_tabs(frame, areas.tabs, state, theme);
    match state.route() {
        Route::List(kind) => {
            if let Some(l) = state.lists.get(kind) {
                list::render(frame, areas.body, l, &state.keys.sort_letters(*kind), theme, spin);
            }
        }
        Route::Detail { name, .. } => detail::render(frame, areas.body, name, &state.detail, theme, spin),
        Route::Logs => {
            let clock = (state.now_ms, &state.keys);
            logs::render(frame, areas.body, &state.logs, &state.alerts, clock, theme, spin)
        }
        Route::Event { name } => {
            if let Some(view) = &state.event {
                event::render(frame, areas.body, name, view, theme, spin);
            }
        }
        Route::Audit => audit::render(frame, areas.body, &state.audit, theme, spin),
        Route::Mfa => super::mfa::render(frame, areas.body, &state.mfa, &state.keys, theme, spin, state.now_ms),
        Route::Investigate(_) => {
            let reading = reading(state, state.investigation.progress.as_ref());
            super::investigate::render(frame, areas.body, &state.investigation, &reading, &state.keys, theme, spin)
        }
        Route::Hunt => {
            let reading = reading(state, state.hunt.progress.as_ref());
            super::hunt::render(frame, areas.body, &state.hunt, &reading, &state.keys, theme, spin)
        }
        Route::Ip(_) => {
            let reading = reading(state, state.ip.progress.as_ref());
            super::ip::render(frame, areas.body, &state.ip, &reading, &state.keys, theme, spin)
        }
        Route::Alerts => super::alerts::render(frame, areas.body, &state.alerts, &state.keys, theme),
    }
    if let Some(view) = &state.describe {
        super::describe::render(frame, areas.body, view, &state.keys, theme);
    }
    let context = crate::app::update::context(state);
    render_status(frame, areas.status, state, theme);
    hints::render_hints(frame, areas.hints, &state.keys, context, state.header.read_only, theme);
    if let Mode::Help(scroll) = state.mode {
        help::render_help(frame, area, &state.keys, context, state.header.read_only, scroll, theme);
    }
    if let Some(dialog) = &state.approval {
        approval::render(frame, area, dialog, &state.keys, theme, spin);
    }
}

/// What a read's gauge says of `progress`, with the rate limits and the clock the console knows.
fn reading<'a>(state: &'a AppState, progress: Option<&'a FetchProgress>) -> ReadStatus<'a> {
    ReadStatus {
        progress,
        buckets: &state.rate_limits,
        wait: state.rate_wait.as_ref(),
        now: chrono::DateTime::from_timestamp_millis(state.now_ms).unwrap_or_default(),
    }
}

/// The breadcrumb, then the pane keys (from the key registry) as far as they fit.
fn render_tabs(frame: &mut Frame, area: ratatui::layout::Rect, state: &AppState, theme: &Theme) {
    let crumbs: Vec<String> = state.stack.iter().map(Route::crumb).collect();
    let crumbs = format!(" {} ", crumbs.join(" › "));
    let panes = tab_strip(&state.keys);
    let room = usize::from(area.width).saturating_sub(crumbs.width());
    let panes = if room >= panes.width() { panes } else { String::new() };
    frame.render_widget(Line::from(vec![Span::styled(crumbs, theme.title), Span::styled(panes, theme.muted)]), area);
}

/// `│ 1 users 2 apps …`: each pane's key and hint word, as the registry has them.
fn tab_strip(keys: &KeyMap) -> String {
    let panes = [
        KeyAction::GoUsers,
        KeyAction::GoApps,
        KeyAction::GoGroups,
        KeyAction::GoPolicies,
        KeyAction::GoLogs,
        KeyAction::GoInvestigate,
        KeyAction::GoMfa,
    ];
    let label = |action: KeyAction| keys.bindings().iter().find(|b| b.action == action).map_or("", |b| b.label);
    let tabs: Vec<String> = panes.iter().map(|a| format!("{} {}", keys.press(*a), label(*a))).collect();
    format!("│ {}", tabs.join(" "))
}

/// The line above the hints: the filter or command being typed, else the last message, else
/// the wait on the rate limit under way.
fn render_status(frame: &mut Frame, area: ratatui::layout::Rect, state: &AppState, theme: &Theme) {
    let line = match &state.mode {
        Mode::Filter(input) => {
            Line::from(vec![Span::styled("/", theme.hint_key), Span::raw(input.value().to_string())])
        }
        Mode::Command(input) => {
            Line::from(vec![Span::styled(":", theme.hint_key), Span::raw(input.value().to_string())])
        }
        Mode::ServerFilter(input) => Line::from(vec![
            Span::styled("Okta filter (SCIM expression or keywords; empty clears): ", theme.hint_key),
            Span::raw(input.value().to_string()),
        ]),
        Mode::PickWindow(picker) => super::hunt::picker_line(picker, theme),
        Mode::MarkBenign { input, .. } => Line::from(vec![
            Span::styled("benign because (kept with the rule, journaled; Esc cancels): ", theme.hint_key),
            Span::raw(crate::sanitize::clean(input.value()).into_owned()),
        ]),
        _ => match (&state.flash, &state.rate_wait, offline(state)) {
            (Some(text), _, _) => Line::styled(text.clone(), theme.warning),
            (None, Some(wait), _) => Line::styled(wait.to_string(), theme.warning),
            (None, None, true) => Line::styled(
                format!("no answer from the org: {} retries", state.keys.press(KeyAction::Retry)),
                theme.error,
            ),
            (None, None, false) => Line::raw(""),
        },
    };
    frame.render_widget(line, area);
}

fn offline(state: &AppState) -> bool {
    state.online == Some(false)
}
