//! Standard output for a command's results, noticing when its reader goes away.
//!
//! `oktui users --format csv | head` closes the pipe after ten lines; oktui's next write then
//! fails with `BrokenPipe` (Rust ignores `SIGPIPE`). That is a normal end, not an error: the
//! reader has what it wanted. The failure reaches `main` wrapped in whatever the writer in
//! between made of it (a CSV or JSON error, an error context), so instead of recognising it
//! there, every command writes through [`Results`], which records that the reader is gone;
//! `main` then ends quietly with exit 0. `logs --follow` ends the same way.

use std::io::{self, ErrorKind, Write};

/// A writer that records whether a write failed because its reader went away.
#[derive(Debug)]
pub struct Results<W: Write> {
    inner: W,
    reader_gone: bool,
}

impl<W: Write> Results<W> {
    /// Results written to `inner` (standard output, in `main`).
    pub fn new(inner: W) -> Results<W> {
        Results { inner, reader_gone: false }
    }

    /// Whether a write or flush failed because the reader closed its end.
    pub fn reader_gone(&self) -> bool {
        self.reader_gone
    }

    fn note<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            if e.kind() == ErrorKind::BrokenPipe {
                self.reader_gone = true;
            }
        }
        result
    }
}

impl<W: Write> Write for Results<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pipe whose reader has gone after `room` bytes.
    struct Pipe {
        room: usize,
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_noticed_however_the_error_is_wrapped() {
        let mut out = Results::new(Pipe { room: 10 });
        let mut csv = crate::output::csv::CsvWriter::new(&mut out);
        csv.row(["a long enough cell", "another"]).unwrap();
        assert!(csv.flush().is_err());
        drop(csv);
        assert!(out.reader_gone());
    }

    #[test]
    fn other_failures_are_not_a_closed_pipe() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(ErrorKind::StorageFull.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = Results::new(Full);
        assert!(writeln!(out, "x").is_err());
        assert!(!out.reader_gone());
        let mut out = Results::new(Pipe { room: 100 });
        writeln!(out, "fits").unwrap();
        assert!(!out.reader_gone());
    }
}
