//! `--mask` on the headless commands: standard output through the session's [`Masker`].
//! What is JSON first teaches the masker the users it names, so their names are masked too:
//! a line that is a JSON value (JSON Lines, `logs --follow`) as it comes; a pretty-printed
//! object (from its `{` line to its `}` line) whole, and a pretty-printed array element by
//! element (a listing streams page by page), before any of it is written. Emails, logins of
//! that shape and IP addresses are masked wherever they stand.

use std::io::{self, Write};

use serde_json::Value;

use super::results::Results;
use crate::mask::Masker;

/// A headless command's standard output, told each object before its row is written: under
/// `--mask` the people an object names are learned whatever the format, since a table's or a
/// CSV's name column is text the masker could not tell from any other. Plain output ignores it.
pub trait Sink: Write {
    /// Whether [`Sink::learn`] does anything (a stream parses its objects only then).
    fn learns(&self) -> bool {
        false
    }

    /// Learns what `value` says of users, before its row is written.
    fn learn(&mut self, _value: &Value) {}
}

impl<W: Write> Sink for Results<W> {}

impl Sink for Vec<u8> {}

impl<T: Sink + ?Sized> Sink for &mut T {
    fn learns(&self) -> bool {
        (**self).learns()
    }

    fn learn(&mut self, value: &Value) {
        (**self).learn(value);
    }
}

impl<W: Write> Sink for MaskedWriter<W> {
    fn learns(&self) -> bool {
        true
    }

    fn learn(&mut self, value: &Value) {
        self.masker.learn_json(value);
    }
}

/// A writer that masks each line (or pretty JSON value) before passing it on; what is left
/// on flush.
pub struct MaskedWriter<W: Write> {
    inner: W,
    masker: Masker,
    line: Vec<u8>,
    /// The lines of a pretty-printed JSON value under way: a top-level object, or an
    /// element of a top-level array.
    pending: Vec<u8>,
    /// Inside a pretty-printed top-level array (its `[` line written).
    in_array: bool,
}

impl<W: Write> MaskedWriter<W> {
    /// Masks what is written to `inner` with `masker`.
    pub fn new(inner: W, masker: Masker) -> MaskedWriter<W> {
        MaskedWriter { inner, masker, line: Vec::new(), pending: Vec::new(), in_array: false }
    }

    /// Takes the buffered line: into the value under way, or masked and written.
    fn emit(&mut self) -> io::Result<()> {
        let line = std::mem::take(&mut self.line);
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        // The opening and closing lines of a value, at its indentation.
        let (open, close): (&[&str], &[&str]) =
            if self.in_array { (&["  {", "  ["], &["  }", "  },", "  ]", "  ],"]) } else { (&["{"], &["}"]) };
        if self.pending.is_empty() && !open.contains(&text.as_str()) {
            match text.as_str() {
                "[" if !self.in_array => self.in_array = true,
                "]" if self.in_array => self.in_array = false,
                _ => self.learn_line(&text),
            }
            return self.write_masked(line);
        }
        self.pending.extend_from_slice(&line);
        if close.contains(&text.as_str()) {
            let value = String::from_utf8_lossy(&self.pending).trim_end().trim_end_matches(',').to_string();
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&value) {
                self.masker.learn_json(&value);
                let pending = std::mem::take(&mut self.pending);
                return self.write_masked(pending);
            }
        }
        Ok(())
    }

    /// Learns from a line that is a JSON object or array on its own.
    fn learn_line(&mut self, text: &str) {
        let text = text.trim();
        if text.starts_with(['{', '[']) {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
                self.masker.learn_json(&value);
            }
        }
    }

    fn write_masked(&mut self, bytes: Vec<u8>) -> io::Result<()> {
        let text = String::from_utf8_lossy(&bytes);
        let masked = self.masker.text(&text).into_owned();
        self.inner.write_all(masked.as_bytes())
    }
}

impl<W: Write> Write for MaskedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for chunk in buf.split_inclusive(|b| *b == b'\n') {
            self.line.extend_from_slice(chunk);
            if chunk.ends_with(b"\n") {
                self.emit()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.emit()?;
        }
        // A value that never closed is written as it stands, masked all the same (a page of
        // a listing ends between elements, so this is the end of the output).
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.write_masked(rest)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_masked_and_json_lines_teach_names() {
        let mut out = Vec::new();
        {
            let mut w = MaskedWriter::new(&mut out, Masker::with_key([1; 32], true));
            w.write_all(br#"{"actor":{"type":"User","alternateId":"ana@acme.example","displayName":"Ana Ruiz"}}"#)
                .unwrap();
            w.write_all(b"\nAna Ruiz signed in from 203.0.").unwrap();
            w.write_all(b"113.9\n").unwrap();
            w.write_all(b"no newline ana@acme.example").unwrap();
            w.flush().unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        for real in ["ana@", "Ana", "Ruiz", "203.0.113.9"] {
            assert!(!text.contains(real), "{real} in {text}");
        }
        assert_eq!(text.lines().count(), 3, "{text}");
    }

    #[test]
    fn a_pretty_array_is_learned_element_by_element_across_flushes() {
        let users = [("Astrid Abe", "astrid"), ("Obinna Sokolov", "obinna")];
        let pretty = |(name, login): (&str, &str)| {
            let (first, last) = name.split_once(' ').unwrap();
            let user = serde_json::json!({"id": "00u1", "profile": {"firstName": first, "lastName": last,
                "displayName": name, "login": login}});
            serde_json::to_string_pretty(&user)
                .unwrap()
                .lines()
                .map(|l| format!("  {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut out = Vec::new();
        {
            let mut w = MaskedWriter::new(&mut out, Masker::with_key([3; 32], true));
            // A listing's pages: flushed after each.
            write!(w, "[\n{}", pretty(users[0])).unwrap();
            w.flush().unwrap();
            write!(w, ",\n{}", pretty(users[1])).unwrap();
            w.flush().unwrap();
            w.write_all(b"\n]\n").unwrap();
            w.flush().unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        for real in ["Astrid", "Abe", "Obinna", "Sokolov", "astrid", "obinna"] {
            assert!(!text.contains(real), "{real} in {text}");
        }
        let array: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(array.as_array().map(Vec::len), Some(2), "still the JSON array: {text}");
    }

    #[test]
    fn a_pretty_document_is_learned_whole_before_any_of_it_is_written() {
        let mut out = Vec::new();
        let doc = serde_json::json!({"user": {"name": "Priya Raman", "id": "00u1"},
            "actor": {"type": "User", "alternateId": "priya", "displayName": "Priya Raman"}});
        // The name comes before the object that teaches it.
        let pretty = format!("{}\nPriya Raman again\n", serde_json::to_string_pretty(&doc).unwrap());
        {
            let mut w = MaskedWriter::new(&mut out, Masker::with_key([2; 32], true));
            w.write_all(pretty.as_bytes()).unwrap();
            w.flush().unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("Priya") && !text.contains("Raman"), "{text}");
        assert!(text.contains("00u1"), "ids are no person: {text}");
        assert_eq!(text.lines().count(), pretty.lines().count(), "{text}");
    }
}
