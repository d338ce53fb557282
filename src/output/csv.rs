//! The one CSV writer: every CSV oktui writes (`--format csv` of every headless command,
//! `logs --follow` included, the console's exports and the MFA gaps) goes through it.
//!
//! CSV files are opened in spreadsheets, which run a cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return as a formula (OWASP's "CSV injection" list): a name like
//! `=HYPERLINK(…)` set by an attacker would become a live link or a command. Each cell is
//! first cleaned by the sanitiser (controls, escape sequences, bidi and invisible
//! characters removed, line breaks made spaces; never cut, since a CSV is data), then a
//! cell that would run as a formula, leading spaces aside, gets a leading `'`, which
//! spreadsheets show as text.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::sanitize::clean_with_limit;

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: cleaned, and defused when a spreadsheet would run it as a formula.
pub fn cell(text: &str) -> Cow<'_, str> {
    let cleaned = clean_with_limit(text, usize::MAX);
    if cleaned.trim_start_matches(' ').starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cleaned}"))
    } else {
        cleaned
    }
}

/// Writes rows of cells as CSV (RFC 4180 quoting), each cell passed through [`cell`].
pub struct CsvWriter<W: Write> {
    inner: ::csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// A writer to `out`; rows are buffered until [`CsvWriter::flush`] or
    /// [`CsvWriter::into_inner`].
    pub fn new(out: W) -> CsvWriter<W> {
        CsvWriter { inner: ::csv::Writer::from_writer(out) }
    }

    /// Writes one row (the header row too).
    pub fn row<I, T>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for text in cells {
            self.inner.write_field(cell(text.as_ref()).as_bytes()).map_err(io_error)?;
        }
        self.inner.write_record(None::<&[u8]>).map_err(io_error)
    }

    /// Writes the buffered rows to the underlying writer and flushes it.
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    /// Writes the buffered rows and returns the underlying writer.
    pub fn into_inner(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

/// The I/O error inside a CSV error (a closed pipe stays a `BrokenPipe`).
fn io_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(io) => io,
        kind => io::Error::other(format!("cannot write CSV: {kind:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_of(rows: &[&[&str]]) -> String {
        let mut w = CsvWriter::new(Vec::new());
        for row in rows {
            w.row(row.iter()).unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("ana@acme.example"), "ana@acme.example");
    }

    #[test]
    fn every_formula_start_is_defused_with_a_leading_quote() {
        for (text, want) in [
            ("=HYPERLINK(\"https://x.example\")", "'=HYPERLINK(\"https://x.example\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("  =1+1", "'  =1+1"),
            ("\t=1+1", "' =1+1"),
            ("\r=1+1", "' =1+1"),
            ("\x1b[31m=1+1", "'=1+1"),
            ("\u{202e}@x", "'@x"),
        ] {
            assert_eq!(cell(text), want, "{text:?}");
        }
    }

    #[test]
    fn plain_cells_are_kept_and_borrowed() {
        for text in ["ana@acme.example", "Zoë O'Brien", "2026-11-23T10:00:00.000Z", "a=b", "", "1-2"] {
            assert!(matches!(cell(text), Cow::Borrowed(t) if t == text), "{text:?}");
        }
    }

    #[test]
    fn cells_are_cleaned_but_never_cut() {
        assert_eq!(cell("Eve\x1b]0;pwned\x07\u{9b}2J Smith\nline"), "Eve Smith line");
        assert_eq!(cell(&"x".repeat(5_000)).len(), 5_000);
    }

    #[test]
    fn rows_are_quoted_as_rfc_4180() {
        let text = csv_of(&[&["login", "name"], &["ana@acme.example", "Ana, \"Admin\""], &["e", "=1"]]);
        assert_eq!(text, "login,name\nana@acme.example,\"Ana, \"\"Admin\"\"\"\ne,'=1\n");
    }

    #[test]
    fn a_closed_reader_stays_a_broken_pipe() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut w = CsvWriter::new(Closed);
        w.row(["a"]).unwrap();
        assert_eq!(w.flush().unwrap_err().kind(), io::ErrorKind::BrokenPipe);
    }
}
