//! What the investigation view, the hunt pane and the IP view share: a finding's severity
//! marker, its one-line form, the selected finding's explanation, the fetch gauge or the
//! failure in place of the view, and what a view read while the demo's history was being
//! written says of it.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::history::HistoryNotice;
use crate::app::investigation::{Finding, FindingSeverity, ProposedAction};
use crate::app::state::Load;
use crate::output::progress::ReadStatus;
use crate::sanitize::{clean, fit_width};

/// The severity as text (never colour alone) and its style.
pub fn severity(s: FindingSeverity, theme: &Theme) -> (&'static str, Style) {
    match s {
        FindingSeverity::Critical => ("CRIT", theme.error),
        FindingSeverity::High => ("HIGH", theme.error),
        FindingSeverity::Medium => ("MED ", theme.warning),
        FindingSeverity::Low => ("LOW ", theme.muted),
    }
}

/// One finding on one line of `width` columns: marker, severity, kind, confidence, summary.
pub fn finding_line(f: &Finding, selected: bool, width: usize, theme: &Theme) -> Line<'static> {
    let (sev, style) = severity(f.severity, theme);
    let marker = if selected { theme.symbols.selection } else { " " };
    let lead = format!("{marker} ");
    let kind = format!(" {:<22} {:.2} ", f.kind.name(), f.confidence);
    let used = unicode_width::UnicodeWidthStr::width(lead.as_str()) + sev.len() + kind.len();
    let summary = fit_width(&clean(&f.summary), width.saturating_sub(used), theme.symbols.ellipsis).into_owned();
    let line = Line::from(vec![Span::raw(lead), Span::styled(sev, style), Span::raw(kind), Span::raw(summary)]);
    if selected {
        line.style(theme.selected_row)
    } else {
        line
    }
}

/// The selected finding explained: what it proposes first (the line an analyst acts on),
/// then why, then who and where.
pub fn explanation(f: &Finding, theme: &Theme) -> Vec<Line<'static>> {
    let proposal = match f.proposed_action {
        ProposedAction::None if f.action_reason.is_empty() => {
            Line::styled("proposes no action: review it", theme.muted)
        }
        ProposedAction::None => {
            Line::styled(format!("proposes no action now: {}", clean(&f.action_reason)), theme.muted)
        }
        action => Line::from(vec![
            Span::styled(format!("proposed: {}", action.name()), theme.warning),
            Span::raw(format!(" (a to act, after approval) — {}", clean(&f.action_reason))),
        ]),
    };
    let mut who = Vec::new();
    if !f.users.is_empty() {
        who.push(format!("users {}", clean(&f.users.join(", "))));
    }
    if !f.ips.is_empty() {
        who.push(format!("IPs {}", clean(&f.ips.join(", "))));
    }
    who.push(crate::output::plural::count(f.evidence.len(), "event"));
    vec![proposal, Line::raw(clean(&f.summary).into_owned()), Line::styled(who.join(" · "), theme.muted)]
}

/// What a view read while the demo's history was still being written says: how far it has
/// got, and that it reads again when it is all written (or that it is reading again, what
/// is shown being the last read until then). `None` when it has nothing to say.
pub fn history_line(notice: &HistoryNotice, theme: &Theme) -> Option<Line<'static>> {
    let span = |secs: u64| match secs {
        s if s >= 3600 => format!("{} h", s / 3600),
        s => format!("{} min", s / 60),
    };
    let said = match notice.unwritten {
        Some(p) if p.total_secs > 0 => {
            format!("history still being written ({} of {} so far)", span(p.written_secs), span(p.total_secs))
        }
        Some(_) => "history still being written".to_string(),
        None if notice.reading_again => "history written".to_string(),
        None => return None,
    };
    let then = if notice.reading_again {
        ": reading again, the last read shown meanwhile"
    } else {
        ": read again when it is done"
    };
    Some(Line::from(vec![Span::styled(said, theme.warning), Span::styled(then, theme.muted)]))
}

/// While `load` reads, its gauge (`what` is read) over `area`; once it failed, the error and
/// how to retry. Whether it drew either: the view is drawn only when it did not.
pub fn reading_or_failed(
    frame: &mut Frame,
    area: Rect,
    load: &Load,
    what: &str,
    reading: &ReadStatus,
    theme: &Theme,
) -> bool {
    let lines = match load {
        Load::Loading => gauge(what, reading, area.width, theme),
        Load::Failed { message, .. } => vec![Line::from(vec![
            Span::styled(format!("✗ {}", clean(message)), theme.error),
            Span::styled("  (r to retry)", theme.muted),
        ])],
        Load::Idle | Load::Done => return false,
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
    true
}

/// A read's gauge: the bar and what is read, then how far the read has got (events, pages,
/// time covered, the logs bucket's headroom, the time left or the rate-limit wait).
pub fn gauge(what: &str, status: &ReadStatus, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut first = bar(status.progress.map_or(0.0, |p| p.fraction), width, theme);
    first.push(Span::raw(format!(" {what}")));
    vec![Line::from(first), Line::raw(status.line())]
}

/// A gauge's bar, a third of `width` (at least 10 cells), `ratio` (0–1) of it full.
pub fn bar(ratio: f64, width: u16, theme: &Theme) -> Vec<Span<'static>> {
    let bar_width = usize::from(width / 3).max(10);
    let full = ((ratio * bar_width as f64).round() as usize).min(bar_width);
    vec![
        Span::styled(theme.symbols.gauge_full.repeat(full), theme.ok),
        Span::styled(theme.symbols.gauge_empty.repeat(bar_width - full), theme.muted),
    ]
}
