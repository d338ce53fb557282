//! Printing results for scripts and people: `json` (one array of Okta's objects as received),
//! `jsonl` (one object per line), `csv`, and `table` (fitted to the terminal's width).
//! Text from Okta is untrusted: table cells are cleaned by the sanitiser; CSV and JSON go
//! through oktui's one writer of each ([`super::csv`], [`super::json`]), which defuse formulas and escape
//! what a terminal would act on. Objects passed through as Okta sent them
//! ([`ReceivedWriter`]) keep their own JSON text, so every number prints exactly as received
//! (`-122.39999999999999`, integers past 64 bits): only the spacing is redone.

use std::io::Write;

use serde_json::value::RawValue;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use super::masked::Sink;
use super::{csv::CsvWriter, json};
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

/// Writes objects as Okta sent them, a page at a time as each arrives, so a listing of any length
/// is printed in the memory of one page: `json` is one array opened with the first page and
/// closed by [`ReceivedWriter::finish`] (the same text as the whole array re-spaced at once),
/// `jsonl` one object per line (both print the objects' own text, re-spaced), `csv` its
/// header then rows, `table` a header and column
/// widths taken from the first page (fitted to `width`; later pages keep those widths, their
/// wider cells cut to fit a terminal, whole when the width is unbounded); `table` and `csv`
/// read the columns from the objects (one whose numbers no float can hold gets empty cells
/// there). Each page is
/// flushed, so a pipe sees it at once and a reader gone away is noticed at the next page.
pub struct ReceivedWriter<'a, W: Sink> {
    out: &'a mut W,
    format: Format,
    columns: &'a [Column],
    /// Whether anything was written (the array opened, the header printed).
    started: bool,
    /// The `json` array's re-spacing, carried from page to page.
    json: jsonxf::Formatter,
    /// Objects written so far (a `,` goes before each but the first).
    written: usize,
    table: Table,
}

impl<'a, W: Sink> ReceivedWriter<'a, W> {
    /// A writer of `format` to `out`; nothing is written before the first page.
    pub fn new(out: &'a mut W, format: Format, columns: &'a [Column], width: usize) -> ReceivedWriter<'a, W> {
        ReceivedWriter {
            out,
            format,
            columns,
            started: false,
            json: jsonxf::Formatter::pretty_printer(),
            written: 0,
            table: Table::new(width),
        }
    }

    /// Writes one page (the first opens the output) and flushes it.
    pub fn page(&mut self, items: &[Box<RawValue>]) -> std::io::Result<()> {
        match self.format {
            Format::Json => {
                let mut text = Vec::new();
                if !self.started {
                    self.json.format_buf(b"[", &mut text)?;
                }
                for item in items {
                    if self.written > 0 {
                        self.json.format_buf(b",", &mut text)?;
                    }
                    self.json.format_buf(item.get().as_bytes(), &mut text)?;
                    self.written += 1;
                }
                json::write_raw(self.out, &utf8(text)?)?;
            }
            Format::Jsonl => {
                for item in items {
                    let line = jsonxf::minimize(item.get()).map_err(|e| {
                        std::io::Error::other(format!("cannot re-space the JSON object {}: {e}", clean(item.get())))
                    })?;
                    json::write_raw_line(&mut *self.out, &line)?;
                }
            }
            Format::Csv => {
                let values: Vec<Value> = items.iter().map(|i| parsed(i)).collect();
                values.iter().for_each(|v| self.out.learn(v));
                write_csv_rows(&mut *self.out, self.columns, &values, !self.started)?;
            }
            Format::Table => {
                let values: Vec<Value> = items.iter().map(|i| parsed(i)).collect();
                values.iter().for_each(|v| self.out.learn(v));
                self.table.rows(&mut *self.out, self.columns, &values)?;
            }
        }
        self.started = true;
        self.out.flush()
    }

    /// Ends the output: closes the `json` array; with no page written, prints what an empty
    /// listing prints (`[]`, the CSV or table header).
    pub fn finish(mut self) -> std::io::Result<()> {
        if !self.started {
            self.page(&[])?;
        }
        self.close()
    }

    /// Ends the output of a listing that failed part-way: what was printed is kept a
    /// complete document (the `json` array closed); if nothing was printed, nothing is.
    pub fn end_early(mut self) -> std::io::Result<()> {
        if self.started {
            self.close()?;
        }
        Ok(())
    }

    fn close(&mut self) -> std::io::Result<()> {
        if self.format == Format::Json {
            let mut text = Vec::new();
            self.json.format_buf(b"]", &mut text)?;
            json::write_raw_line(&mut *self.out, &utf8(text)?)?;
        }
        self.out.flush()
    }
}

/// An object as Okta sent it, parsed for its table and CSV cells (`null` when no float can
/// hold one of its numbers: its cells are then empty).
fn parsed(item: &RawValue) -> Value {
    serde_json::from_str(item.get()).unwrap_or(Value::Null)
}

/// The re-spaced JSON text (the re-spacing only adds ASCII between the UTF-8 it copies).
fn utf8(text: Vec<u8>) -> std::io::Result<String> {
    String::from_utf8(text).map_err(|e| std::io::Error::other(format!("cannot re-space the JSON: {e}")))
}

fn write_csv(out: &mut impl Write, columns: &[Column], items: &[Value]) -> std::io::Result<()> {
    write_csv_rows(out, columns, items, true)
}

/// CSV rows of `items`, after the header when `header`.
fn write_csv_rows(out: &mut impl Write, columns: &[Column], items: &[Value], header: bool) -> std::io::Result<()> {
    let mut w = CsvWriter::new(out);
    if header {
        w.row(columns.iter().map(|c| c.header))?;
    }
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
    Table::new(width).rows(out, columns, items)
}

/// A table written in parts: its header and column widths come with the first part.
struct Table {
    /// The width to fit (`usize::MAX`: unbounded).
    width: usize,
    widths: Option<Vec<usize>>,
}

impl Table {
    fn new(width: usize) -> Table {
        Table { width, widths: None }
    }

    /// Writes `items` as rows; the first call sizes the columns (natural widths of the
    /// header and these rows, fitted to the width) and writes the header.
    fn rows(&mut self, out: &mut impl Write, columns: &[Column], items: &[Value]) -> std::io::Result<()> {
        let rows: Vec<Vec<String>> =
            items.iter().map(|item| columns.iter().map(|c| clean(&(c.cell)(item)).into_owned()).collect()).collect();
        let widths = match &self.widths {
            Some(widths) => widths.clone(),
            None => {
                let natural: Vec<usize> = columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| rows.iter().map(|r| r[i].width()).chain([c.header.len()]).max().unwrap_or(0))
                    .collect();
                let widths = fit_widths(&natural, self.width);
                let header = columns.iter().map(|c| c.header.to_uppercase()).collect();
                writeln!(out, "{}", self.line(&widths, header))?;
                self.widths = Some(widths.clone());
                widths
            }
        };
        for row in rows {
            writeln!(out, "{}", self.line(&widths, row))?;
        }
        Ok(())
    }

    fn line(&self, widths: &[usize], cells: Vec<String>) -> String {
        let bounded = self.width != usize::MAX;
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let cell = if bounded { fit_width(cell, *w, "…") } else { cell.as_str().into() };
            s.push_str(&cell);
            if i + 1 < widths.len() {
                s.push_str(&" ".repeat(w.saturating_sub(cell.width()) + 2));
            }
        }
        s.trim_end().to_string()
    }
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

    /// Objects as Okta sent them, written as one page.
    fn write_received(
        out: &mut Vec<u8>,
        format: Format,
        columns: &[Column],
        items: &[Box<RawValue>],
        width: usize,
    ) -> std::io::Result<()> {
        let mut writer = ReceivedWriter::new(out, format, columns, width);
        writer.page(items)?;
        writer.finish()
    }

    fn raw(texts: &[String]) -> Vec<Box<RawValue>> {
        texts.iter().map(|t| RawValue::from_string(t.clone()).unwrap()).collect()
    }

    /// Objects of odd shapes: nested, empty, hostile text, numbers no float holds.
    fn odd_objects(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| match i % 4 {
                0 => format!(r#"{{"profile":{{"login":"u{i}@x"}},"status":"ACTIVE","n":{i}.50}}"#),
                1 => "{\"profile\":{},\"status\":\"SUSP\\u001bENDED\",\"a\":[],\"o\":{},\"s\":\"x\u{9b}2J,]\"}"
                    .to_string(),
                2 => r#"{ "big" : 123456789012345678901234567890 , "nested" : [ { "k" : [ 1 , [ ] ] } ] }"#.to_string(),
                _ => "{\"bidi\":\"a\u{202e}b\",\"q\":\"\\\"{[\"}".to_string(),
            })
            .collect()
    }

    /// Writes `items` in pages of `size` (the last one shorter).
    fn paged(format: Format, items: &[Box<RawValue>], size: usize, width: usize) -> String {
        let mut out = Vec::new();
        let columns = cols();
        let mut writer = ReceivedWriter::new(&mut out, format, &columns, width);
        for page in items.chunks(size) {
            writer.page(page).unwrap();
        }
        writer.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn pages_print_the_text_of_one_print() {
        let texts = odd_objects(23);
        let items = raw(&texts);
        let whole = format!("[{}]", texts.join(","));
        let mut escaped = Vec::new();
        json::write_raw_line(&mut escaped, &jsonxf::pretty_print(&whole).unwrap()).unwrap();
        let escaped = String::from_utf8(escaped).unwrap();
        for format in [Format::Json, Format::Jsonl, Format::Csv] {
            let once = paged(format, &items, items.len(), 80);
            for size in [1, 2, 5, 22] {
                assert_eq!(paged(format, &items, size, 80), once, "{format:?} in pages of {size}");
            }
        }
        assert_eq!(paged(Format::Json, &items, 3, 80), escaped, "json: the whole array re-spaced at once");
        let back: Vec<Value> = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back.len(), 23);
        assert!(escaped.chars().all(|c| c == '\n' || crate::sanitize::is_plain(c)), "{escaped}");
    }

    #[test]
    fn a_listing_cut_short_stays_one_json_array() {
        let items = raw(&odd_objects(5));
        let columns = cols();
        let mut out = Vec::new();
        let mut writer = ReceivedWriter::new(&mut out, Format::Json, &columns, 80);
        writer.page(&items[..2]).unwrap();
        writer.page(&items[2..]).unwrap();
        writer.end_early().unwrap();
        let back: Vec<Value> = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(back.len(), 5);
        let mut out = Vec::new();
        ReceivedWriter::new(&mut out, Format::Json, &columns, 80).end_early().unwrap();
        assert!(out.is_empty(), "nothing read, nothing printed");
    }

    #[test]
    fn a_streamed_table_keeps_the_first_pages_widths() {
        let texts = [
            r#"{"profile":{"login":"b"},"status":"ACTIVE"}"#.to_string(),
            r#"{"profile":{"login":"a.much.longer.login@example.com"},"status":"ACTIVE"}"#.to_string(),
        ];
        let items = raw(&texts);
        let bounded = paged(Format::Table, &items, 1, 80);
        assert_eq!(bounded.lines().nth(2), Some("a.mu…  ACTIVE"), "{bounded}");
        let unbounded = paged(Format::Table, &items, 1, usize::MAX);
        assert_eq!(unbounded.lines().nth(2), Some("a.much.longer.login@example.com  ACTIVE"), "{unbounded}");
        assert_eq!(paged(Format::Table, &items, 2, 80), paged(Format::Table, &items, 2, usize::MAX));
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
