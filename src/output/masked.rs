//! `--mask` on the headless commands: standard output through the session's [`Masker`].
//! What is JSON first teaches the masker the users it names, so their names are masked too:
//! a line that is a JSON value (JSON Lines, `logs --follow`) as it comes, a pretty-printed
//! document (from its opening `{` or `[` line to its closing one) whole, before any of it is
//! written. Emails, logins of that shape and IP addresses are masked wherever they stand.

use std::io::{self, Write};

use crate::mask::Masker;

/// A writer that masks each line (or pretty JSON document) before passing it on; the last,
/// unended line on flush.
pub struct MaskedWriter<W: Write> {
    inner: W,
    masker: Masker,
    line: Vec<u8>,
    /// The lines of a pretty-printed JSON document under way.
    document: Vec<u8>,
}

impl<W: Write> MaskedWriter<W> {
    /// Masks what is written to `inner` with `masker`.
    pub fn new(inner: W, masker: Masker) -> MaskedWriter<W> {
        MaskedWriter { inner, masker, line: Vec::new(), document: Vec::new() }
    }

    /// Takes the buffered line: into the document under way, or masked and written.
    fn emit(&mut self) -> io::Result<()> {
        let line = std::mem::take(&mut self.line);
        let trimmed = String::from_utf8_lossy(&line).trim_end().to_string();
        if !self.document.is_empty() || trimmed == "{" || trimmed == "[" {
            self.document.extend_from_slice(&line);
            // A pretty document closes on a line of `}` or `]` at its first column.
            if trimmed == "}" || trimmed == "]" {
                let done = serde_json::from_slice::<serde_json::Value>(&self.document);
                if let Ok(value) = done {
                    self.masker.learn_json(&value);
                    let document = std::mem::take(&mut self.document);
                    return self.write_masked(document);
                }
            }
            return Ok(());
        }
        if trimmed.trim_start().starts_with(['{', '[']) {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&trimmed) {
                self.masker.learn_json(&value);
            }
        }
        self.write_masked(line)
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
        // A document that never closed is written as it stands, masked all the same.
        if !self.document.is_empty() {
            let rest = std::mem::take(&mut self.document);
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
