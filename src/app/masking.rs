//! Masking in the console (`--mask`, `m`): the one place the console feeds and toggles the
//! session's [`Masker`]. What the answers bring (users, events, reports, plans, journal
//! records) teaches it the logins and names to hide, whether masked or not, so masking later
//! hides what is already on screen; the frame is masked in its last pass
//! (`ui::screen::render`), copies with `y` are masked ([`copies`]), and exports and case
//! files made while masked take a copy ([`active`]). Masking takes effect at once; unmasking first writes a record to the audit
//! journal (an [`Effect::JournalUnmask`]) and shows the real values only once it is written.

use super::effect::Effect;
use super::hunt::HuntMsg;
use super::investigation::InvestigationMsg;
use super::ip::IpMsg;
use super::mfa::MfaMsg;
use super::msg::Msg;
use super::state::AppState;
use crate::mask::Masker;
use crate::okta::logs::tail::TailUpdate;
use crate::okta::model::LogEvent;

/// Learns the logins and names `msg` brings.
pub fn learn(mask: &mut Masker, msg: &Msg) {
    let events = |mask: &mut Masker, events: &[LogEvent]| {
        for event in events {
            if let Ok(value) = serde_json::to_value(event) {
                mask.learn_json(&value);
            }
        }
    };
    match msg {
        Msg::Page { items, .. } => items.iter().for_each(|v| mask.learn_json(v)),
        Msg::Tail { update: TailUpdate::Events(tailed, _), .. } => {
            for e in tailed.iter().map(|t| &t.event) {
                if e.actor_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("User")) {
                    mask.learn_user(e.actor_login.as_deref().unwrap_or(""), e.actor_name.as_deref().unwrap_or(""));
                }
                mask.learn_user(e.target_user_login.as_deref().unwrap_or(""), "");
            }
        }
        Msg::EventLoaded { result: Ok(raw), .. } => {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(raw) {
                mask.learn_json(&value);
            }
        }
        Msg::Investigation(InvestigationMsg::Done { report, events: read, .. }) => {
            mask.learn_user(&report.user.login, &report.user.name);
            events(mask, read);
        }
        Msg::Ip(IpMsg::Done { report, events: read, .. }) => {
            report.users.iter().for_each(|u| mask.learn_user(&u.login, ""));
            events(mask, read);
        }
        Msg::Hunt(HuntMsg::Done { findings, .. }) => {
            findings.iter().flat_map(|f| &f.users).for_each(|u| mask.learn_user(u, ""));
        }
        Msg::Mfa(MfaMsg::Done { outcome, .. }) => {
            outcome.record.users.iter().for_each(|u| mask.learn_user(&u.login, &u.name));
        }
        Msg::Plan { result: Ok(prepared), .. } => mask.learn_user(&prepared.target().login, &prepared.target().name),
        Msg::Audit { result: Ok(records), .. } => {
            records.iter().filter_map(|r| r.target_login()).for_each(|login| mask.learn_user(login, ""));
        }
        _ => {}
    }
}

/// A copy of the masker for an export or a case file made now: `None` when not masked.
pub fn active(state: &AppState) -> Option<Masker> {
    state.mask.on.then(|| state.mask.clone())
}

/// On a masked screen, what `y` copies is masked as what is drawn is: the clipboard is no
/// way round the mask.
pub fn copies(mask: &mut Masker, effects: &mut [Effect]) {
    for effect in effects.iter_mut() {
        if let Effect::Copy(text) = effect {
            *text = mask.text(text).into_owned();
        }
    }
}

/// `m`: masks at once; asks for the journal record before unmasking.
pub fn toggle(state: &mut AppState) -> Vec<Effect> {
    if state.mask.on {
        state.flash = Some("unmasking: writing it to the audit journal…".into());
        return vec![Effect::JournalUnmask {
            org: state.header.org.clone(),
            profile: state.header.profile.clone(),
            operator: state.context.operator.clone(),
        }];
    }
    state.mask.on = true;
    state.mask.prepare();
    state.flash = Some("masked: logins, emails, names and IPs are pseudonyms; m unmasks (journaled)".into());
    Vec::new()
}

/// The journal's answer to an unmask: written, the real values show; not, the screen stays
/// masked and says why.
pub fn on_journaled(state: &mut AppState, result: Result<(), String>) {
    match result {
        Ok(()) => {
            state.mask.on = false;
            state.flash = Some("unmasked (written to the audit journal)".into());
        }
        Err(e) => state.flash = Some(format!("still masked: {}", crate::sanitize::clean(&e))),
    }
}
