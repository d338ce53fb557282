//! The pure heart of the console: `update(&mut AppState, Msg) -> Vec<Effect>`. No I/O, no
//! terminal, no network: tests drive it directly.

use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use super::command::{self, Command};
use super::effect::Effect;
use super::keys::{Context, KeyAction};
use super::lists::ListKind;
use super::msg::Msg;
use super::state::{AppState, Load, Mode, Route};

/// Applies one message; returns what the runtime must do next.
pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    super::masking::learn(&mut state.mask, &msg);
    let mut effects = apply(state, msg);
    if state.mask.on {
        state.mask.prepare();
        super::masking::copies(&mut state.mask, &mut effects);
    }
    effects.extend(super::hunt::abandon_if_left(state));
    let rows = super::layout::list_rows(state.size.1);
    if let Some(list) = state.current_list_mut() {
        let error_line = usize::from(matches!(list.load, Load::Failed { .. }));
        list.keep_in_view(rows.saturating_sub(error_line));
    }
    // The log pane has a status line above its rows.
    state.logs.keep_in_view(rows.saturating_sub(1));
    if *state.route() == Route::Mfa {
        state.mfa.keep_in_view(super::layout::mfa_list_rows(state.size.1));
    }
    if *state.route() == Route::Hunt {
        state.hunt.keep_in_view(super::layout::hunt_list_rows(state.size.1));
    }
    if *state.route() == Route::Alerts {
        state.alerts.keep_in_view(super::layout::hunt_list_rows(state.size.1));
    }
    effects
}

fn apply(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(state, key),
        Msg::Resize(w, h) => {
            state.size = (w, h);
            Vec::new()
        }
        Msg::Tick => {
            state.ticks = state.ticks.wrapping_add(1);
            due_search(state).into_iter().collect()
        }
        Msg::Page { kind, generation, items, done } => {
            state.online = Some(true);
            if let Some(list) = state.lists.get_mut(&kind).filter(|l| l.generation == generation) {
                list.push_page(items);
                if done {
                    list.load = Load::Done;
                }
            }
            Vec::new()
        }
        Msg::Detail { generation, detail } => {
            state.online = Some(true);
            if state.detail.generation == generation {
                state.detail.detail = Some(detail);
                state.detail.load = Load::Done;
            }
            Vec::new()
        }
        Msg::Failed { generation, message, code } => {
            // An error without Okta's code means no answer came at all.
            state.online = Some(code.is_some());
            let failed = Load::Failed { message, code };
            if state.detail.generation == generation {
                state.detail.load = failed;
            } else if let Some(list) = state.lists.values_mut().find(|l| l.generation == generation) {
                list.load = failed;
            }
            Vec::new()
        }
        Msg::Now(ms) => {
            state.now_ms = ms;
            Vec::new()
        }
        Msg::RateLimits(buckets) => {
            state.rate_limits = buckets;
            Vec::new()
        }
        Msg::RateWait(wait) => {
            state.rate_wait = wait;
            Vec::new()
        }
        Msg::Flash(text) => {
            state.flash = Some(text);
            Vec::new()
        }
        Msg::Mfa(msg) => {
            super::mfa::on_msg(state, msg);
            Vec::new()
        }
        Msg::Investigation(msg) => {
            super::investigation::on_msg(state, msg);
            Vec::new()
        }
        Msg::Hunt(msg) => {
            super::hunt::on_msg(state, msg);
            Vec::new()
        }
        Msg::Ip(msg) => {
            super::ip::on_msg(state, msg);
            Vec::new()
        }
        Msg::History(progress) => super::history::on_progress(state, progress),
        Msg::Judge(msg) => {
            super::alerts::on_msg(state, msg);
            Vec::new()
        }
        Msg::Plan { generation, result } => {
            super::approval::on_plan(state, generation, result);
            Vec::new()
        }
        Msg::Outcome { generation, result } => super::approval::on_outcome(state, generation, result),
        Msg::PlanStep { generation, step } => {
            super::approval::on_step(state, generation, step);
            Vec::new()
        }
        Msg::PlanOutcome { generation, result } => super::approval::on_plan_outcome(state, generation, result),
        Msg::Unmasked(result) => {
            super::masking::on_journaled(state, result);
            Vec::new()
        }
        Msg::BenignMarked(result) => {
            super::alerts::on_benign_marked(state, result);
            Vec::new()
        }
        Msg::Audit { generation, result } => {
            if state.audit.generation == generation {
                match result {
                    Ok(records) => state.audit.loaded(records),
                    Err(message) => state.audit.load = Load::Failed { message, code: None },
                }
            }
            Vec::new()
        }
        Msg::Connected(header) => {
            state.flash = Some(format!("connected to {}", header.org));
            state.header = header;
            state.stack = vec![Route::List(ListKind::Users)];
            // Nothing read from the org before is shown as if it were the new one's.
            state.mfa = super::mfa::MfaPane::new();
            state.investigation = super::investigation::InvestigationPane::default();
            state.ip = super::ip::IpPane::default();
            state.audit = super::audit::AuditState::new();
            state.event = None;
            state.describe = None;
            let mut effects = super::hunt::reset_for_new_org(state);
            effects.push(super::alerts::start_judge(state));
            super::history::forget(state);
            effects.extend(ListKind::ALL.iter().map(|k| super::lists::start_list(state, *k)));
            if state.logs.started {
                effects.push(super::logs::restart_tail(state));
            }
            effects
        }
        Msg::Tail { generation, update } => {
            super::logs::on_tail(state, generation, update);
            Vec::new()
        }
        Msg::LogQueryChecked { generation, error } => super::logs::on_query_checked(state, generation, error),
        Msg::EventLoaded { generation, result } => {
            super::logs::on_event_loaded(state, generation, result);
            Vec::new()
        }
    }
}

/// What `y` copies where no pane took it: a list row's login (else its id), an MFA gap's or
/// a journal record's login, the IP view's selected user (else its address), a finding's
/// first user (else its first IP).
fn copy_text(state: &AppState) -> Option<String> {
    if let Some(row) = state.current_list().and_then(|l| l.selected_row()) {
        let login = row.raw.pointer("/profile/login").and_then(serde_json::Value::as_str);
        return Some(login.unwrap_or(&row.id).to_string());
    }
    let finding = match state.route() {
        Route::Mfa => return state.mfa.selected_row().map(|r| r.user.login.clone()),
        Route::Audit => return state.audit.selected_record().and_then(|e| e.target_login().map(str::to_string)),
        Route::Ip(_) => return state.ip.copy_text(),
        Route::Hunt => state.hunt.selected_finding(),
        Route::Alerts => state.alerts.selected_row().map(|r| &r.finding),
        Route::Investigate(_) => state.investigation.selected_finding(),
        _ => None,
    }?;
    finding.users.first().or(finding.ips.first()).cloned()
}

/// The key context of the current route (the hint bar and the help page use the same).
pub fn context(state: &AppState) -> Context {
    if state.approval.is_some() {
        return Context::Approval;
    }
    if state.describe.is_some() {
        return Context::Describe;
    }
    match state.route() {
        Route::List(kind) => Context::of_list(*kind),
        Route::Detail { kind: ListKind::Users, .. } => Context::UserDetail,
        Route::Detail { .. } => Context::Detail,
        Route::Logs => Context::Logs,
        Route::Event { .. } => Context::Event,
        Route::Investigate(_) => Context::Investigation,
        Route::Hunt => Context::Hunt,
        Route::Mfa => Context::Mfa,
        Route::Audit => Context::Audit,
        Route::Ip(_) => Context::Ip,
        Route::Alerts => Context::Alerts,
    }
}

fn on_key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    if state.approval.is_some() {
        return super::approval::on_key(state, key);
    }
    if state.describe.is_some() {
        super::describe::on_key(state, key);
        return Vec::new();
    }
    match state.mode.clone() {
        Mode::Filter(input) => on_filter_key(state, input, key),
        Mode::ServerFilter(input) => super::logs::on_prompt_key(state, input, key),
        Mode::PickWindow(picker) => super::hunt::on_picker_key(state, picker, key),
        Mode::MarkBenign { id, input } => super::alerts::on_reason_key(state, id, input, key),
        Mode::Command(input) => on_command_key(state, input, key),
        Mode::Help(scroll) => {
            on_help_key(state, scroll, key);
            Vec::new()
        }
        Mode::Normal => {
            let ctx = context(state);
            match state.keys.action_for(&key, ctx, state.header.read_only) {
                Some(action) => on_action(state, action),
                None => Vec::new(),
            }
        }
    }
}

/// A key on the help page: it scrolls (never past the end) and closes with the keys that
/// say so in the registry's global context.
fn on_help_key(state: &mut AppState, scroll: u16, key: KeyEvent) {
    let read_only = state.header.read_only;
    let last = super::help::max_scroll(&state.keys, context(state), read_only, state.size);
    let page = u16::try_from(super::layout::list_rows(state.size.1)).unwrap_or(u16::MAX);
    let scroll = scroll.min(last);
    state.mode = match state.keys.action_for(&key, Context::Global, read_only) {
        Some(KeyAction::Back | KeyAction::Help | KeyAction::Quit) => Mode::Normal,
        Some(KeyAction::Down) => Mode::Help(scroll.saturating_add(1).min(last)),
        Some(KeyAction::Up) => Mode::Help(scroll.saturating_sub(1)),
        Some(KeyAction::PageDown) => Mode::Help(scroll.saturating_add(page).min(last)),
        Some(KeyAction::PageUp) => Mode::Help(scroll.saturating_sub(page)),
        Some(KeyAction::Top) => Mode::Help(0),
        Some(KeyAction::Bottom) => Mode::Help(last),
        _ => Mode::Help(scroll),
    };
}

fn on_filter_key(state: &mut AppState, mut input: Input, key: KeyEvent) -> Vec<Effect> {
    use crossterm::event::KeyCode;
    match key.code {
        KeyCode::Esc => {
            if let Some(list) = state.current_list_mut() {
                list.set_filter("");
            } else if *state.route() == Route::Logs {
                state.logs.set_filter("");
            } else if *state.route() == Route::Mfa {
                state.mfa.set_filter("");
            }
            state.mode = Mode::Normal;
        }
        KeyCode::Enter => state.mode = Mode::Normal,
        _ => {
            input.handle_event(&Event::Key(key));
            if let Some(list) = state.current_list_mut() {
                list.set_filter(input.value());
            } else if *state.route() == Route::Logs {
                state.logs.set_filter(input.value());
            } else if *state.route() == Route::Mfa {
                state.mfa.set_filter(input.value());
            }
            if matches!(state.route(), Route::List(ListKind::Users)) {
                let query = input.value().split_whitespace().next().unwrap_or("").to_string();
                state.pending_search = (!query.is_empty()).then(|| (query, state.ticks + SEARCH_PAUSE_TICKS));
            }
            state.mode = Mode::Filter(input);
        }
    }
    Vec::new()
}

/// Ticks of typing pause before the users filter also asks the server (2 × 200 ms).
const SEARCH_PAUSE_TICKS: u64 = 2;

/// The server-side search whose pause is over, if the users list is still streaming (once
/// it is all here, the local filter sees everyone).
fn due_search(state: &mut AppState) -> Option<Effect> {
    let (_, due) = state.pending_search.as_ref()?;
    if state.ticks < *due {
        return None;
    }
    let (query, _) = state.pending_search.take()?;
    let users = state.lists.get(&ListKind::Users)?;
    (users.load == Load::Loading).then_some(Effect::SearchUsers { query, generation: users.generation })
}

fn on_command_key(state: &mut AppState, mut input: Input, key: KeyEvent) -> Vec<Effect> {
    use crossterm::event::KeyCode;
    match key.code {
        KeyCode::Esc => {
            state.mode = Mode::Normal;
            Vec::new()
        }
        KeyCode::Enter => {
            state.mode = Mode::Normal;
            match command::parse(input.value()) {
                Ok(cmd) => run_command(state, cmd),
                Err(e) => {
                    state.flash = Some(e.to_string());
                    Vec::new()
                }
            }
        }
        KeyCode::Tab => {
            if let Some(first) = command::complete(input.value(), &state.profiles).into_iter().next() {
                input = Input::new(first);
            }
            state.mode = Mode::Command(input);
            Vec::new()
        }
        _ => {
            input.handle_event(&Event::Key(key));
            state.mode = Mode::Command(input);
            Vec::new()
        }
    }
}

fn run_command(state: &mut AppState, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Users => super::lists::go_list(state, ListKind::Users),
        Command::Apps => super::lists::go_list(state, ListKind::Apps),
        Command::Groups => super::lists::go_list(state, ListKind::Groups),
        Command::Policies => super::lists::go_list(state, ListKind::Policies),
        Command::Logs => super::logs::open_logs(state),
        Command::Investigate(Some(user)) => super::investigation::open(state, user, false),
        Command::Investigate(None) => super::investigation::open_last(state),
        Command::Mfa => super::mfa::open(state),
        Command::Audit => {
            state.stack = vec![Route::Audit];
            vec![load_audit(state)]
        }
        Command::Hunt => super::hunt::open(state),
        Command::Alerts => super::alerts::open(state),
        Command::Profile(name) => {
            state.flash = Some(format!("connecting to profile {name}…"));
            vec![Effect::SwitchProfile(name)]
        }
        Command::Quit => {
            state.quit = true;
            Vec::new()
        }
    }
}

/// Starts reading the audit journal for the `:audit` pane.
pub fn load_audit(state: &mut AppState) -> Effect {
    let generation = state.generation();
    state.audit.generation = generation;
    state.audit.load = Load::Loading;
    Effect::LoadAudit { generation }
}

/// The user the current route points at: the selected row of the users list, or the user
/// of a user's detail view.
fn selected_user(state: &AppState) -> Option<String> {
    match state.route() {
        Route::List(ListKind::Users) => state.current_list()?.selected_row().map(|r| r.id.clone()),
        Route::Detail { kind: ListKind::Users, id, .. } => Some(id.clone()),
        _ => None,
    }
}

/// The login (else the id) of the user the current route points at.
fn selected_user_login(state: &AppState) -> Option<String> {
    let login_of =
        |raw: &serde_json::Value| raw.pointer("/profile/login").and_then(serde_json::Value::as_str).map(str::to_string);
    match state.route() {
        Route::List(ListKind::Users) => {
            state.current_list()?.selected_row().map(|r| login_of(&r.raw).unwrap_or(r.id.clone()))
        }
        Route::Detail { kind: ListKind::Users, id, .. } => {
            let row = state.lists.get(&ListKind::Users).and_then(|l| l.rows.iter().find(|r| &r.id == id));
            Some(row.and_then(|r| login_of(&r.raw)).unwrap_or(id.clone()))
        }
        _ => None,
    }
}

/// `s`, `u`, `c`, `l`, `f`, `p`, `t`, `v`: the approval dialog for the user under the cursor.
fn act_on_user(state: &mut AppState, action: crate::actions::OrgChange) -> Vec<Effect> {
    match selected_user(state) {
        Some(user) if !user.is_empty() => super::approval::open(state, action, user),
        _ => {
            let users = state.keys.press(KeyAction::GoUsers);
            state.flash = Some(format!("{} acts on a user: select one in the users list ({users})", action.name()));
            Vec::new()
        }
    }
}

/// The rows of the body the cursor moves through a page at a time.
fn page_rows(state: &AppState) -> isize {
    super::layout::list_rows(state.size.1) as isize
}

fn on_action(state: &mut AppState, action: KeyAction) -> Vec<Effect> {
    state.flash = None;
    let page = page_rows(state);
    let pane = match state.route() {
        Route::List(_) => super::lists::on_action(state, action, page),
        Route::Detail { .. } => super::detail::on_action(state, action, page),
        Route::Logs => super::logs::on_logs_action(state, action),
        Route::Event { .. } => super::event::on_event_action(state, action),
        Route::Mfa => super::mfa::on_action(state, action, page),
        Route::Investigate(_) => super::investigation::on_action(state, action),
        Route::Hunt => super::hunt::on_action(state, action, page),
        Route::Audit => super::audit::on_action(state, action, page),
        Route::Ip(_) => super::ip::on_action(state, action, page),
        Route::Alerts => super::alerts::on_action(state, action, page),
    };
    if let Some(effects) = pane {
        return effects;
    }
    match action {
        KeyAction::Quit => state.quit = true,
        KeyAction::Mask => return super::masking::toggle(state),
        KeyAction::Help => state.mode = Mode::Help(0),
        KeyAction::CommandLine => state.mode = Mode::Command(Input::default()),
        KeyAction::Filter => {
            if let Some(list) = state.current_list() {
                state.mode = Mode::Filter(Input::new(list.filter.clone()));
            } else if *state.route() == Route::Mfa {
                state.mode = Mode::Filter(Input::new(state.mfa.filter.clone()));
            }
        }
        KeyAction::GoUsers => return super::lists::go_list(state, ListKind::Users),
        KeyAction::GoApps => return super::lists::go_list(state, ListKind::Apps),
        KeyAction::GoGroups => return super::lists::go_list(state, ListKind::Groups),
        KeyAction::GoPolicies => return super::lists::go_list(state, ListKind::Policies),
        KeyAction::GoLogs => return super::logs::open_logs(state),
        KeyAction::GoInvestigate => return super::investigation::open_last(state),
        KeyAction::GoMfa => return super::mfa::open(state),
        KeyAction::GoAlerts => return super::alerts::open(state),
        KeyAction::Describe => return super::describe::open(state),
        KeyAction::Back => {
            if state.stack.len() > 1 {
                state.stack.pop();
            } else if matches!(state.route(), Route::Logs) {
                // The refusal of a server-side filter first, then the local filter.
                if state.logs.rejected.take().is_none() {
                    state.logs.set_filter("");
                }
            } else if matches!(state.route(), Route::Mfa) {
                state.mfa.set_filter("");
            }
        }
        KeyAction::Copy => match copy_text(state) {
            Some(text) => return vec![Effect::Copy(text)],
            None => {
                state.flash = Some(format!(
                    "{} copies the selected row's login, id or IP: select a row first",
                    state.keys.press(action)
                ))
            }
        },
        KeyAction::Export => {
            let (export, back) = (state.keys.press(action), state.keys.press(KeyAction::Back));
            state.flash = Some(format!("{export} exports a list: go back with {back}, then press {export}"))
        }
        KeyAction::Suspend => return act_on_user(state, crate::actions::OrgChange::Suspend),
        KeyAction::Unsuspend => return act_on_user(state, crate::actions::OrgChange::Unsuspend),
        KeyAction::ClearSessions => {
            let action = crate::actions::OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: false };
            return act_on_user(state, action);
        }
        KeyAction::Unlock => return act_on_user(state, crate::actions::OrgChange::Unlock),
        KeyAction::ResetFactors => return act_on_user(state, crate::actions::OrgChange::ResetFactors),
        KeyAction::ExpirePassword => return act_on_user(state, crate::actions::OrgChange::ExpirePassword),
        KeyAction::LogoutEverywhere => return act_on_user(state, crate::actions::OrgChange::LogoutEverywhere),
        KeyAction::SetRisk => {
            let action = crate::actions::OrgChange::SetRisk { level: crate::actions::RiskLevel::High };
            return act_on_user(state, action);
        }
        KeyAction::Investigate => match selected_user_login(state) {
            Some(user) => return super::investigation::open(state, user, true),
            None => {
                let users = state.keys.press(KeyAction::GoUsers);
                state.flash = Some(format!(
                    "{} investigates a user: select one in the users list ({users})",
                    state.keys.press(action)
                ))
            }
        },
        // Bound only in the panes whose own handlers take them (the registry's contexts),
        // and the approval dialog's keys, which only `approval::on_key` looks up.
        KeyAction::Up
        | KeyAction::Down
        | KeyAction::PageUp
        | KeyAction::PageDown
        | KeyAction::Top
        | KeyAction::Bottom
        | KeyAction::Open
        | KeyAction::Retry
        | KeyAction::Sort
        | KeyAction::SortColumn(_)
        | KeyAction::Wide
        | KeyAction::ActOnFinding
        | KeyAction::RemoveFactor
        | KeyAction::RevokeSession
        | KeyAction::Preset
        | KeyAction::RollUp
        | KeyAction::MarkBenign
        | KeyAction::ToggleSuppressed
        | KeyAction::CaseFile
        | KeyAction::Zoom
        | KeyAction::NextPanel
        | KeyAction::Tail
        | KeyAction::Follow
        | KeyAction::Window
        | KeyAction::ServerFilter
        | KeyAction::IncludeWeak
        | KeyAction::NextField
        | KeyAction::PreviousField
        | KeyAction::Choose
        | KeyAction::SwitchButton
        | KeyAction::Cancel
        | KeyAction::ToggleOauthTokens
        | KeyAction::ToggleForgetDevices
        | KeyAction::ToggleRiskLevel => {}
    }
    Vec::new()
}
