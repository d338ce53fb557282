//! Printing results for scripts and people: `json` (one array of Okta's objects as received),
//! `jsonl` (one object per line), `csv`, and `table` (fitted to the terminal's width).
//! Text from Okta is untrusted: table cells are cleaned by the sanitiser; CSV and JSON go
//! through oktui's one writer of each ([`crate::output`]), which defuse formulas and escape
//! what a terminal would act on. Objects passed through as Okta sent them
//! ([`write_received`]) keep their own JSON text, so every number prints exactly as received
//! (`-122.39999999999999`, integers past 64 bits): only the spacing is redone.

use std::io::Write;

use serde_json::value::RawValue;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::output::{csv::CsvWriter, json};
use crate::sanitize::{clean, fit_width};

/// How a command prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns fitted to the terminal.
    Table,
    /// One JSON array of the objects as Okta returned them.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

/// A column: its header and how to read its cell from an object.
pub struct Column {
    pub header: &'static str,
    pub cell: fn(&Value) -> String,
}

/// The string at a dotted path, or "" (numbers and booleans in their JSON form).
pub fn text_at(v: &Value, path: &str) -> String {
    match path.split('.').try_fold(v, |cur, seg| cur.get(seg)) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Writes `items` in `format`. `columns` serve table and CSV; JSON forms print the objects whole.
pub fn write(
    out: &mut impl Write,
    format: Format,
    columns: &[Column],
    items: &[Value],
    width: usize,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write_pretty(out, items),
        Format::Jsonl => items.iter().try_for_each(|item| json::write_line(&mut *out, item)),
        Format::Csv => write_csv(out, columns, items),
        Format::Table => write_table(out, columns, items, width),
    }
}

/// Writes objects as Okta sent them: `json` and `jsonl` print their own text (re-spaced, one
/// object per line for `jsonl`), `table` and `csv` read the columns from them (an object
/// whose numbers no float can hold gets empty cells there).
pub fn write_received(
    out: &mut impl Write,
    format: Format,
    columns: &[Column],
    items: &[Box<RawValue>],
    width: usize,
) -> std::io::Result<()> {
    let respace = |text: &str, result: Result<String, String>| {
        result.map_err(|e| std::io::Error::other(format!("cannot re-space the JSON {}: {e}", clean(text))))
    };
    match format {
        Format::Json => {
            let texts: Vec<&str> = items.iter().map(|i| i.get()).collect();
            let array = format!("[{}]", texts.join(","));
            json::write_raw_line(out, &respace("array", jsonxf::pretty_print(&array))?)
        }
        Format::Jsonl => {
            for item in items {
                json::write_raw_line(&mut *out, &respace("object", jsonxf::minimize(item.get()))?)?;
            }
            Ok(())
        }
        Format::Csv | Format::Table => {
            let values: Vec<Value> =
                items.iter().map(|i| serde_json::from_str(i.get()).unwrap_or(Value::Null)).collect();
            write(out, format, columns, &values, width)
        }
    }
}

fn write_csv(out: &mut impl Write, columns: &[Column], items: &[Value]) -> std::io::Result<()> {
    let mut w = CsvWriter::new(out);
    w.row(columns.iter().map(|c| c.header))?;
    for item in items {
        w.row(columns.iter().map(|c| (c.cell)(item)))?;
    }
    w.flush()
}

/// Column widths that fit `total`: natural widths, the widest cut first, none under 6.
fn fit_widths(natural: &[usize], total: usize) -> Vec<usize> {
    let mut widths = natural.to_vec();
    let gaps = 2 * widths.len().saturating_sub(1);
    while widths.iter().sum::<usize>().saturating_add(gaps) > total {
        let Some((i, w)) = widths.iter().enumerate().max_by_key(|(_, w)| **w).map(|(i, w)| (i, *w)) else { break };
        if w <= 6 {
            break;
        }
        widths[i] = w - 1;
    }
    widths
}

fn write_table(out: &mut impl Write, columns: &[Column], items: &[Value], width: usize) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> =
        items.iter().map(|item| columns.iter().map(|c| clean(&(c.cell)(item)).into_owned()).collect()).collect();
    let natural: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| rows.iter().map(|r| r[i].width()).chain([c.header.len()]).max().unwrap_or(0))
        .collect();
    let widths = fit_widths(&natural, width);
    let line = |cells: Vec<String>| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let cell = fit_width(cell, *w, "…");
            s.push_str(&cell);
            if i + 1 < widths.len() {
                s.push_str(&" ".repeat(w - cell.width() + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(columns.iter().map(|c| c.header.to_uppercase()).collect()))?;
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// The width to fit tables to: the terminal's; when stdout is not a terminal, `COLUMNS` if
/// set, else no limit (a file or a pipe gets whole cells).
pub fn terminal_width() -> usize {
    use std::io::IsTerminal;
    let columns = || std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    if std::io::stdout().is_terminal() {
        crossterm::terminal::size().ok().map(|(w, _)| usize::from(w)).filter(|w| *w > 0).or_else(columns).unwrap_or(120)
    } else {
        columns().unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cols() -> Vec<Column> {
        vec![
            Column { header: "login", cell: |v| text_at(v, "profile.login") },
            Column { header: "status", cell: |v| text_at(v, "status") },
        ]
    }

    #[test]
    fn table_fits_and_sanitises() {
        let items = vec![
            json!({"status": "ACTIVE", "profile": {"login": "a.very.long.login.name@example.com"}}),
            json!({"status": "SUSP\u{1b}[31mENDED", "profile": {"login": "b"}}),
        ];
        let mut out = Vec::new();
        write(&mut out, Format::Table, &cols(), &items, 24).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|l| l.width() <= 24), "{text}");
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains('…'));
        assert!(text.starts_with("LOGIN"));
    }

    #[test]
    fn json_keeps_objects_whole_and_csv_quotes() {
        let items = vec![json!({"status": "ACTIVE", "profile": {"login": "x,y"}, "extra": 1})];
        let mut out = Vec::new();
        write(&mut out, Format::Json, &cols(), &items, 80).unwrap();
        let back: Vec<Value> = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, items);
        let mut out = Vec::new();
        write(&mut out, Format::Csv, &cols(), &items, 80).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "login,status\n\"x,y\",ACTIVE\n");
        let mut out = Vec::new();
        write(&mut out, Format::Jsonl, &cols(), &[json!(1), json!(2)], 80).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "1\n2\n");
    }

    #[test]
    fn received_objects_keep_their_numbers_exactly() {
        let texts = [
            r#"{"lat": -122.39999999999999, "big": 123456789012345678901234567890, "far": 1e400, "x": 1.50}"#,
            r#"{"profile":{"login":"b"},"status":"ACTIVE"}"#,
        ];
        let items: Vec<Box<RawValue>> = texts.iter().map(|t| RawValue::from_string(t.to_string()).unwrap()).collect();
        let mut out = Vec::new();
        write_received(&mut out, Format::Jsonl, &cols(), &items, 80).unwrap();
        let text = String::from_utf8(out).unwrap();
        let first = r#"{"lat":-122.39999999999999,"big":123456789012345678901234567890,"far":1e400,"x":1.50}"#;
        assert_eq!(text, format!("{first}\n{}\n", texts[1]));
        let mut out = Vec::new();
        write_received(&mut out, Format::Json, &cols(), &items, 80).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("[\n  {\n    \"lat\": -122.39999999999999,\n"), "{text}");
        assert!(text.contains("\"far\": 1e400") && text.ends_with("}\n]\n"), "{text}");
        let mut out = Vec::new();
        write_received(&mut out, Format::Json, &cols(), &[], 80).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[]\n");
        let mut out = Vec::new();
        write_received(&mut out, Format::Csv, &cols(), &items, 80).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "login,status\n,\nb,ACTIVE\n");
    }

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(fit_width("日本語テキスト", 6, "…"), "日本…");
    }
}
