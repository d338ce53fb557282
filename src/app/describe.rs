//! The describe view (`d`): the selected row of a list pane whole, every field as
//! `name: value`, wrapped to the screen's width and scrolled, so nothing is only ever
//! visible cut. It opens over users, apps, groups, policies, the System Log tail, the MFA
//! gaps, investigation and hunt findings, and the audit journal; Esc closes it. Every name and value passes
//! [`clean`] here, so the screen draws plain text.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::effect::Effect;
use super::keys::{Context, KeyAction};
use super::state::{AppState, Route};
use crate::investigate::Finding;
use crate::okta::logs::compact::{time_text, CompactEvent};
use crate::sanitize::clean;

/// Columns a continuation line of a value is indented by.
const INDENT: usize = 2;

/// One field of the described row, sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
}

/// One drawn line: the field's name on its first line (empty on the lines that continue a
/// value), then the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeLine {
    pub name: String,
    pub text: String,
}

/// The open describe view: what row, its fields, and the first line shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeView {
    pub title: String,
    pub fields: Vec<Field>,
    pub scroll: usize,
}

impl DescribeView {
    /// A view of `fields` (name, value), all sanitised; an empty value shows as `-`.
    pub fn new<N: AsRef<str>, V: AsRef<str>>(title: &str, fields: impl IntoIterator<Item = (N, V)>) -> Self {
        let fields = fields
            .into_iter()
            .map(|(name, value)| {
                let value = clean(value.as_ref()).trim().to_string();
                Field {
                    name: clean(name.as_ref()).into_owned(),
                    value: if value.is_empty() { "-".into() } else { value },
                }
            })
            .collect();
        DescribeView { title: clean(title).into_owned(), fields, scroll: 0 }
    }

    /// The lines at `width` columns: `name: value`, the value wrapped (at spaces when it
    /// can, else anywhere), its further lines indented; a long name puts its value below.
    pub fn lines(&self, width: usize) -> Vec<DescribeLine> {
        let width = width.max(INDENT + 1);
        let mut out = Vec::new();
        for field in &self.fields {
            let name = format!("{}: ", field.name);
            let first_room = width.saturating_sub(name.width());
            let (mut rest, mut first) = if first_room >= width / 2 {
                (field.value.as_str(), Some(name))
            } else {
                out.push(DescribeLine { name, text: String::new() });
                (field.value.as_str(), None)
            };
            loop {
                let room = if first.is_some() { first_room } else { width - INDENT };
                let (line, next) = split_at_width(rest, room);
                let text = if first.is_some() { line.to_string() } else { format!("{:INDENT$}{line}", "") };
                out.push(DescribeLine { name: first.take().unwrap_or_default(), text });
                rest = next;
                if rest.is_empty() {
                    break;
                }
            }
        }
        out
    }

    /// The furthest scroll that still fills `height` rows at `width` (`G` stops there).
    pub fn max_scroll(&self, (width, height): (usize, usize)) -> usize {
        self.lines(width).len().saturating_sub(height)
    }
}

/// The longest head of `text` that fits `room` columns, cut after its last space when it has
/// one, and the rest without its leading spaces. Always takes at least one character.
pub fn split_at_width(text: &str, room: usize) -> (&str, &str) {
    let mut used = 0;
    let mut end = 0;
    let mut last_space = None;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room && end > 0 {
            let cut = match last_space {
                Some(space) if space > 0 => space,
                _ => end,
            };
            return (text[..cut].trim_end(), text[cut..].trim_start());
        }
        used += w;
        end = i + c.len_utf8();
        if c == ' ' {
            last_space = Some(end);
        }
    }
    (text, "")
}

/// The text area of the view on a screen of `size`: the body inside its border.
pub fn viewport(size: (u16, u16)) -> (usize, usize) {
    let body = super::layout::split(Rect::new(0, 0, size.0, size.1)).body;
    (usize::from(body.width.saturating_sub(2)), usize::from(body.height.saturating_sub(2)))
}

/// `d`: describes the selected row of the current pane, or says there is none.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    match selected(state) {
        Some(view) => state.describe = Some(view),
        None => {
            state.flash = Some(format!("{} describes a row: select one first", state.keys.press(KeyAction::Describe)))
        }
    }
    Vec::new()
}

/// A key while the view is open: it scrolls (clamped to the end) or closes; it is modal.
pub fn on_key(state: &mut AppState, key: KeyEvent) {
    let action = state.keys.action_for(&key, Context::Describe, state.header.read_only);
    let (width, height) = viewport(state.size);
    let Some(view) = state.describe.as_mut() else { return };
    let last = view.max_scroll((width, height));
    let page = height.max(1);
    view.scroll = match action {
        Some(KeyAction::Back | KeyAction::Describe) => {
            state.describe = None;
            return;
        }
        Some(KeyAction::Quit) => {
            state.quit = true;
            return;
        }
        Some(KeyAction::Down) => view.scroll.saturating_add(1),
        Some(KeyAction::Up) => view.scroll.saturating_sub(1),
        Some(KeyAction::PageDown) => view.scroll.saturating_add(page),
        Some(KeyAction::PageUp) => view.scroll.saturating_sub(page),
        Some(KeyAction::Top) => 0,
        Some(KeyAction::Bottom) => last,
        _ => view.scroll,
    }
    .min(last);
}

/// The view of the current pane's selected row.
fn selected(state: &AppState) -> Option<DescribeView> {
    match state.route() {
        Route::List(kind) => {
            let row = state.lists.get(kind)?.selected_row()?;
            let fields = kind.export_columns().iter().map(|c| (c.header, (c.cell)(&row.raw)));
            Some(DescribeView::new(&row.name, fields))
        }
        Route::Logs => state.logs.selected_event().map(event_view),
        Route::Mfa => {
            let row = state.mfa.selected_row()?;
            let fields = crate::mfa::report::COLUMNS.iter().copied().zip(row.cells.iter().map(String::as_str));
            let id = std::iter::once(("id", row.user.id.as_str()));
            Some(DescribeView::new(&row.user.login, fields.chain(id)))
        }
        Route::Investigate(_) if state.investigation.evidence.is_some() => {
            let event = state.investigation.selected_evidence()?;
            let mut interner = crate::okta::logs::compact::SymInterner::default();
            Some(event_view(&crate::okta::logs::compact::compact_from_model(event, &mut interner, 0)))
        }
        Route::Investigate(_) => state.investigation.selected_finding().map(finding_view),
        Route::Hunt => state.hunt.selected_finding().map(finding_view),
        Route::Audit => state.audit.selected_record().map(super::audit::record_view),
        Route::Ip(_) => match state.ip.focus {
            super::ip::IpFocus::Users => {
                let u = state.ip.selected_user()?;
                let when = u.last_seen.map(|t| t.to_rfc3339()).unwrap_or_default();
                let counts = [u.events.to_string(), u.failures.to_string(), u.successes.to_string()];
                let fields = [
                    ("login", u.login.as_str()),
                    ("id", u.id.as_deref().unwrap_or("(none: Okta resolved no user)")),
                    ("events", counts[0].as_str()),
                    ("failed", counts[1].as_str()),
                    ("signed in", counts[2].as_str()),
                    ("last seen", when.as_str()),
                ];
                Some(DescribeView::new(&u.login, fields))
            }
            super::ip::IpFocus::Events => {
                let row = state.ip.selected_event()?;
                let event = state.ip.events.get(row.index)?;
                let mut interner = crate::okta::logs::compact::SymInterner::default();
                Some(event_view(&crate::okta::logs::compact::compact_from_model(event, &mut interner, 0)))
            }
        },
        Route::Detail { .. } | Route::Event { .. } => None,
    }
}

fn event_view(e: &CompactEvent) -> DescribeView {
    let text = |s: &Option<crate::okta::logs::compact::Sym>| s.as_deref().unwrap_or("").to_string();
    let fields = [
        ("published", time_text(e.published_ms)),
        ("severity", e.severity.as_str().to_string()),
        ("event type", text(&e.event_type)),
        ("message", text(&e.message)),
        ("actor", text(&e.actor_login)),
        ("actor name", text(&e.actor_name)),
        ("actor type", text(&e.actor_type)),
        ("actor id", text(&e.actor_id)),
        ("outcome", text(&e.outcome)),
        ("reason", text(&e.reason)),
        ("ip", text(&e.ip)),
        ("country", text(&e.country)),
        ("city", text(&e.city)),
        ("target", text(&e.target)),
        ("target user", text(&e.target_user_login)),
        ("target user id", text(&e.target_user_id)),
        ("session", text(&e.session_id)),
        ("uuid", e.id.as_ref().map(ToString::to_string).unwrap_or_default()),
    ];
    DescribeView::new(e.event_type.as_deref().unwrap_or("event"), fields)
}

fn finding_view(f: &Finding) -> DescribeView {
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default()
    };
    let fields = [
        ("finding", f.kind.name().to_string()),
        ("severity", f.severity.name().to_string()),
        ("confidence", format!("{} ({:.2})", f.confidence_word(), f.confidence)),
        ("summary", f.summary.clone()),
        ("users", f.users.join(", ")),
        ("ips", f.ips.join(", ")),
        ("first seen", time(f.first_seen)),
        ("last seen", time(f.last_seen)),
        ("proposed action", f.proposed_action.name().to_string()),
        ("why", f.action_reason.clone()),
        ("evidence", f.evidence.join(", ")),
    ];
    DescribeView::new(f.kind.name(), fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_wrap_to_the_width_and_names_stay_on_their_first_line() {
        let view = DescribeView::new("t", [("login", "dmitri.volkov0@acme.example"), ("why", "a b c")]);
        let lines = view.lines(16);
        let texts: Vec<(&str, &str)> = lines.iter().map(|l| (l.name.as_str(), l.text.as_str())).collect();
        assert_eq!(texts, [("login: ", "dmitri.vo"), ("", "  lkov0@acme.exa"), ("", "  mple"), ("why: ", "a b c")]);
        assert!(lines.iter().all(|l| l.name.width() + l.text.width() <= 16));
    }

    #[test]
    fn wrapping_prefers_spaces_and_every_character_is_kept() {
        let text = "Sign-in from a country never seen for this user";
        let view = DescribeView::new("t", [("summary", text)]);
        let lines = view.lines(24);
        assert!(lines.iter().all(|l| l.name.width() + l.text.width() <= 24), "{lines:?}");
        let joined: Vec<String> = lines.iter().map(|l| l.text.trim().to_string()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn names_and_values_are_sanitised() {
        let view = DescribeView::new("\u{1b}]0;x\u{7}t", [("n\u{1b}[31m", "a\u{202e}b\nc")]);
        assert_eq!(view.title, "t");
        assert_eq!(view.fields, [Field { name: "n".into(), value: "ab c".into() }]);
    }

    #[test]
    fn the_last_scroll_fills_the_screen() {
        let view = DescribeView::new("t", (0..10).map(|i| (format!("f{i}"), "v")));
        assert_eq!(view.max_scroll((40, 4)), 6);
        assert_eq!(view.max_scroll((40, 40)), 0);
    }
}
