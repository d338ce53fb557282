//! `oktui audit`: the audit journal, oldest first: each action's intent and outcome, and the
//! session records (an unmasked screen, a suppression rule added) between them; a
//! containment plan's steps carry its `plan_id` and their `step` (`2/4`).

use anyhow::{Context, Result};
use serde_json::Value;

use crate::actions::audit::{self, FILE_NAME};
use crate::config::Paths;
use crate::output::format::{self as output, terminal_width, text_at, Column, Format};
use crate::output::json;
use crate::output::masked::Sink;

/// The table and CSV columns of audit records.
pub const COLUMNS: &[Column] = &[
    Column { header: "time", cell: |v| text_at(v, "time") },
    Column {
        header: "phase",
        cell: |v| if v.get("event").is_some() { "session".to_string() } else { text_at(v, "phase") },
    },
    Column { header: "action", cell: |v| text_at(v, if v.get("event").is_some() { "event" } else { "action" }) },
    Column {
        header: "target",
        cell: |v| {
            if v.get("rule").is_some() {
                format!("rule {}", text_at(v, "rule"))
            } else {
                text_at(v, "target_login")
            }
        },
    },
    Column { header: "operator", cell: |v| text_at(v, "operator") },
    Column {
        header: "reason_or_result",
        cell: |v| match v.get("phase").and_then(Value::as_str) {
            Some("intent") => text_at(v, "reason"),
            None if v.get("rule").is_some() => format!("{}: {}", text_at(v, "conditions"), text_at(v, "reason")),
            _ => format!("{} {}", text_at(v, "result"), text_at(v, "http_status")).trim().to_string(),
        },
    },
    Column { header: "id", cell: |v| text_at(v, "id") },
    Column { header: "plan_id", cell: |v| text_at(v, "plan_id") },
    Column {
        header: "step",
        cell: |v| match (v.get("step").and_then(Value::as_u64), v.get("plan_steps").and_then(Value::as_array)) {
            (Some(step), Some(steps)) => format!("{step}/{}", steps.len()),
            _ => String::new(),
        },
    },
];

/// Prints the journal of this machine's data dir in `format`.
pub fn print(format: Format, out: &mut impl Sink) -> Result<()> {
    let paths = Paths::discover()?;
    let path = paths.data_dir.join(FILE_NAME);
    let (records, torn) =
        audit::read_entries(&path).with_context(|| format!("cannot read the audit journal {}", path.display()))?;
    if torn > 0 {
        tracing::warn!("{torn} lines of {} are not audit records", path.display());
    }
    match format {
        // The records as written, in their field order.
        Format::Json => json::write_pretty(out, &records).context("cannot write the output"),
        Format::Jsonl => {
            records.iter().try_for_each(|r| json::write_line(&mut *out, r)).context("cannot write the output")
        }
        Format::Table | Format::Csv => {
            let items: Vec<Value> = records.iter().filter_map(|r| serde_json::to_value(r).ok()).collect();
            items.iter().for_each(|v| out.learn(v));
            output::write(out, format, COLUMNS, &items, terminal_width()).context("cannot write the output")
        }
    }
}
