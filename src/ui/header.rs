//! The header line: org and profile, auth mode, DEMO, MASKED and READ-ONLY badges, connection state
//! and the rate-limit headroom gauge.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::state::AppState;

/// The share of the tightest bucket left, 0–100, if any bucket is known.
pub fn headroom(state: &AppState) -> Option<u32> {
    state
        .rate_limits
        .iter()
        .filter(|b| b.limit > 0)
        .map(|b| (u64::from(b.remaining) * 100 / u64::from(b.limit)) as u32)
        .min()
}

/// The live findings by severity (`alerts 1 crit 2 high`), nothing while there are none;
/// while a new high or critical one flashes, a `NEW HIGH` badge before them.
fn alerts(state: &AppState, theme: &Theme) -> Vec<Span<'static>> {
    let counts = super::alerts::severity_counts(&state.alerts);
    let suppressed = state.alerts.suppressed_count;
    if counts.is_empty() && suppressed == 0 {
        return Vec::new();
    }
    let mut spans = Vec::new();
    if let Some(severity) = state.alerts.flashing(state.now_ms) {
        let badge = theme.error.add_modifier(Modifier::REVERSED);
        spans.push(Span::styled(format!(" NEW {} ", severity.name().to_uppercase()), badge));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("alerts", theme.header));
    for (n, word) in counts {
        let style = match word {
            "crit" | "high" => theme.error,
            "med" => theme.warning,
            _ => theme.muted,
        };
        spans.push(Span::styled(format!(" {n} {word}"), style));
    }
    if suppressed > 0 {
        spans.push(Span::styled(format!(" {suppressed} supp"), theme.muted));
    }
    spans.push(Span::raw(" "));
    spans
}

/// Draws the header.
pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let h = &state.header;
    let mut spans = vec![Span::styled(" oktui ", theme.title)];
    if h.demo {
        spans.push(Span::styled(" DEMO ", theme.header_badge));
        spans.push(Span::raw(" "));
    }
    if state.mask.on {
        spans.push(Span::styled(" MASKED ", theme.header_badge));
        spans.push(Span::raw(" "));
    }
    if h.read_only {
        spans.push(Span::styled(" READ-ONLY ", theme.read_only_badge));
        spans.push(Span::raw(" "));
    }
    // Most important first: a narrow terminal cuts the end of the line.
    spans.extend(alerts(state, theme));
    spans.push(Span::styled(format!("{} ", h.profile), theme.header));
    match state.online {
        Some(true) => spans.push(Span::styled("· online ", theme.ok)),
        Some(false) => spans.push(Span::styled("· no answer from the org ", theme.error)),
        None => spans.push(Span::styled("· connecting ", theme.muted)),
    }
    if let Some(pct) = headroom(state) {
        let style = if pct < 10 {
            theme.error
        } else if pct < 30 {
            theme.warning
        } else {
            theme.ok
        };
        spans.push(Span::styled(format!("· rate {pct}% left "), style));
    }
    spans.push(Span::styled(format!("· {} ", h.org), theme.muted));
    spans.push(Span::styled(format!("· {}", h.auth), theme.muted));
    frame.render_widget(Line::from(spans), area);
}
