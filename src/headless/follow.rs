//! `oktui logs --follow`: the System Log tail on stdout until interrupted, every event once
//! (the tail engine's guarantees), as JSON Lines (Okta's objects as received), CSV or a
//! table. Ctrl-C, SIGTERM and a closed pipe end it cleanly; with `--resume` the last cursor
//! is kept per profile so the next run goes on from there.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use crate::cli::LogsArgs;
use crate::config::{Paths, Profile};
use crate::gather::LogSource;
use crate::okta::logs::compact::{time_text, Sym};
use crate::okta::logs::resume::{CursorFile, StoredCursor};
use crate::okta::logs::tail::{PollState, TailConfig, TailStatus, TailUpdate};
use crate::okta::logs::{CompactEvent, TailedEvent};
use crate::output::columns;
use crate::output::format::{terminal_width, Format};
use crate::output::masked::Sink;
use crate::output::{csv::CsvWriter, json};
use crate::sanitize::{clean, fit_width};

/// Updates waiting at most between the tail and the printer.
const CHANNEL: usize = 16;

/// Columns of the streamed table: header and width (the last takes what is left).
const TABLE: [(&str, usize); 8] = [
    ("PUBLISHED", 24),
    ("SEVERITY", 8),
    ("EVENT TYPE", 34),
    ("ACTOR", 30),
    ("OUTCOME", 9),
    ("IP", 15),
    ("COUNTRY", 14),
    ("TARGET", 30),
];

/// Where `--resume` keeps the org's cursor.
pub struct Resume {
    file: CursorFile,
    org: String,
}

impl Resume {
    /// The cursor file of `profile`, when `--resume` asks for one.
    pub fn of(profile: &Profile, args: &LogsArgs) -> Result<Option<Resume>> {
        if !args.resume {
            return Ok(None);
        }
        let paths = Paths::discover().context("cannot find the data dir for --resume")?;
        Ok(Some(Resume { file: CursorFile::new(&paths.data_dir, &profile.name), org: profile.org_url.as_str().into() }))
    }
}

/// Streams the tail of `source` from `since` to `out` until interrupted; `resume` keeps its
/// cursor.
pub async fn follow(
    source: &impl LogSource,
    since: DateTime<Utc>,
    resume: Option<Resume>,
    args: &LogsArgs,
    out: &mut impl Sink,
) -> Result<()> {
    let format = args.format.format;
    if format == Format::Json {
        bail!("--follow streams without end: use --format jsonl, csv or table (json is one array)");
    }
    let resume_from = resume.as_ref().and_then(|r| r.file.load(&r.org, args.filter.as_deref(), args.q.as_deref()));
    let config = TailConfig {
        since,
        filter: args.filter.clone(),
        q: args.q.clone(),
        poll_interval: Duration::from_secs(args.poll_interval),
        resume_from,
        ..TailConfig::last(chrono::Duration::zero())
    };
    let mut printer = Printer::new(format, out)?;
    let progress = std::io::stderr().is_terminal();
    let mut last: Option<TailStatus> = None;
    let outcome = drive(source, config, |events, status| {
        match events {
            Some(events) => printer.events(&events)?,
            None if progress => eprintln!("{}", describe(&status)),
            None => {}
        }
        save(resume.as_ref(), args, &status)?;
        last = Some(status);
        Ok(())
    })
    .await;
    if let (Some(status), true) = (&last, progress) {
        eprintln!(
            "stopped after {} events ({} repeats dropped, {} malformed skipped)",
            status.delivered, status.duplicates, status.malformed
        );
    }
    outcome
}

/// Runs the tail of `source` with `config`, handing each of its updates to `handle` (new
/// events and the status after them, or a status alone), until Ctrl-C or SIGTERM (`Ok`),
/// the tail's end (`Ok`, or the error it last reported, say a followed file gone), Okta
/// refusing the query, or `handle` failing (a closed pipe). The tail runs in this task,
/// polled with `handle`: when handling stops, reading stops.
pub(super) async fn drive(
    source: &impl LogSource,
    config: TailConfig,
    mut handle: impl FnMut(Option<Vec<TailedEvent>>, TailStatus) -> Result<()>,
) -> Result<()> {
    let (tx, mut rx) = mpsc::channel(CHANNEL);
    let mut stop = Stop::new()?;
    let tail = source.tail(config, tx);
    tokio::pin!(tail);
    let mut tail_ended = false;
    let mut last_error: Option<String> = None;
    loop {
        let update = tokio::select! {
            update = rx.recv() => update,
            _ = stop.recv() => return Ok(()),
            // Its last updates are still in the channel: they are handled before it ends.
            () = &mut tail, if !tail_ended => {
                tail_ended = true;
                continue;
            }
        };
        let (events, status) = match update {
            Some(TailUpdate::Events(events, status)) => (Some(events), status),
            Some(TailUpdate::Status(status)) => (None, status),
            Some(TailUpdate::Rejected(e)) => {
                return Err(anyhow::Error::new(e).context("Okta refused the tail's query"));
            }
            None => {
                return match last_error {
                    Some(message) => Err(anyhow::anyhow!("the tail stopped: {message}")),
                    None => Ok(()),
                }
            }
        };
        last_error = match &status.state {
            PollState::Error { message } => Some(message.clone()),
            _ => None,
        };
        handle(events, status)?;
    }
}

fn save(resume: Option<&Resume>, args: &LogsArgs, status: &TailStatus) -> Result<()> {
    let (Some(resume), Some(next)) = (resume, &status.cursor) else { return Ok(()) };
    let stored =
        StoredCursor { org: resume.org.clone(), filter: args.filter.clone(), q: args.q.clone(), next: next.clone() };
    resume.file.save(&stored)?;
    Ok(())
}

/// One line for stderr about the tail's health.
pub fn describe(status: &TailStatus) -> String {
    let now = Utc::now().timestamp_millis();
    let state = match &status.state {
        PollState::Starting => "starting".to_string(),
        PollState::Live => "live".to_string(),
        PollState::CatchingUp => "catching up".to_string(),
        PollState::Throttled { until } => format!("throttled until {}", until.format("%H:%M:%S")),
        PollState::Error { message } => format!("error: {}", clean(message)),
    };
    let lag = status.lag_ms(now).map(|l| format!(", lag {}s", l / 1000)).unwrap_or_default();
    let headroom = status.headroom_share().map(|h| format!(", logs bucket {:.0}% left", h * 100.0)).unwrap_or_default();
    let delivered = crate::output::plural::count(usize::try_from(status.delivered).unwrap_or(usize::MAX), "event");
    format!("tail: {state}{lag}, {} events/min{headroom}, {delivered}", status.events_per_min)
}

/// Writes events as they come, flushing after each batch so a pipe sees them at once.
struct Printer<'a, W: Sink> {
    format: Format,
    out: &'a mut W,
    width: usize,
}

impl<'a, W: Sink> Printer<'a, W> {
    fn new(format: Format, out: &'a mut W) -> Result<Printer<'a, W>> {
        let printer = Printer { format, out, width: terminal_width() };
        match format {
            Format::Csv => {
                let bytes = csv_bytes(std::iter::once(columns::EVENTS.iter().map(|c| c.header.to_string())))?;
                printer.out.write_all(&bytes)?;
            }
            Format::Table => {
                let header: Vec<String> = TABLE.iter().map(|(h, _)| h.to_string()).collect();
                let line = printer.table_line(&header);
                writeln!(printer.out, "{line}")?;
            }
            Format::Json | Format::Jsonl => {}
        }
        Ok(printer)
    }

    fn events(&mut self, events: &[TailedEvent]) -> Result<()> {
        if self.out.learns() && matches!(self.format, Format::Csv | Format::Table) {
            for e in events {
                if let Ok(value) = serde_json::from_str::<serde_json::Value>(&e.raw) {
                    self.out.learn(&value);
                }
            }
        }
        match self.format {
            Format::Jsonl | Format::Json => {
                for e in events {
                    json::write_raw_line(self.out, &e.raw)?;
                }
            }
            Format::Csv => {
                let rows = events.iter().map(|e| {
                    let value: serde_json::Value = serde_json::from_str(&e.raw).unwrap_or_default();
                    columns::EVENTS.iter().map(|c| (c.cell)(&value)).collect::<Vec<String>>()
                });
                let bytes = csv_bytes(rows)?;
                self.out.write_all(&bytes)?;
            }
            Format::Table => {
                for e in events {
                    let line = self.table_line(&table_cells(&e.event));
                    writeln!(self.out, "{line}")?;
                }
            }
        }
        self.out.flush()?;
        Ok(())
    }

    fn table_line(&self, cells: &[String]) -> String {
        let mut line = String::new();
        let mut room = self.width;
        for (i, (cell, (_, w))) in cells.iter().zip(TABLE).enumerate() {
            let last = i + 1 == TABLE.len();
            let w = if last { room } else { w.min(room) };
            let text = fit_width(cell, w, "…");
            line.push_str(&text);
            if !last {
                let pad = w.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_ref())) + 1;
                line.push_str(&" ".repeat(pad));
                room = room.saturating_sub(w + 1);
            }
        }
        line.trim_end().to_string()
    }
}

/// CSV text of `rows`, written whole so a batch reaches the pipe at once.
fn csv_bytes<R, T>(rows: impl Iterator<Item = R>) -> std::io::Result<Vec<u8>>
where
    R: IntoIterator<Item = T>,
    T: AsRef<str>,
{
    let mut w = CsvWriter::new(Vec::new());
    for row in rows {
        w.row(row)?;
    }
    w.into_inner()
}

/// The streamed table's cells of an event (already sanitised strings).
fn table_cells(e: &CompactEvent) -> Vec<String> {
    let text = |s: &Option<Sym>| s.as_deref().unwrap_or("").to_string();
    let outcome = match (&e.outcome, e.is_failure()) {
        (Some(o), true) => format!("✗ {o}"),
        (Some(o), false) => o.to_string(),
        (None, _) => String::new(),
    };
    vec![
        time_text(e.published_ms),
        e.severity.as_str().to_string(),
        text(&e.event_type),
        e.actor_label().to_string(),
        outcome,
        text(&e.ip),
        text(&e.country),
        text(&e.target),
    ]
}

/// Ctrl-C (SIGINT) and SIGTERM.
pub(super) struct Stop {
    int: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
}

impl Stop {
    pub(super) fn new() -> Result<Stop> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Stop {
            int: signal(SignalKind::interrupt()).context("cannot watch Ctrl-C")?,
            term: signal(SignalKind::terminate()).context("cannot watch SIGTERM")?,
        })
    }

    pub(super) async fn recv(&mut self) {
        tokio::select! {
            _ = self.int.recv() => {}
            _ = self.term.recv() => {}
        }
    }
}
