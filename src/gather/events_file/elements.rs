//! A file of exported events read element by element, streamed through a bounded buffer:
//! JSON Lines (one event a line, as `oktui logs --format jsonl` writes them), or JSON
//! documents (a JSON array of events, one event pretty-printed, an event hook's delivery
//! with its `data.events`, or several of these one after the other). Which of the two is
//! told from the start: a first line that is a whole JSON object is JSON Lines.
//!
//! A line that is not one JSON object is counted and skipped (the lines around it are read);
//! in a document, where a broken element leaves no way to tell where the next one starts,
//! the read stops with an error naming the byte.

use std::collections::VecDeque;
use std::io::Read;
use std::ops::Range;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;

/// The largest event read (Okta's are a few KB).
pub const MAX_EVENT: usize = 16 << 20;

/// [`MAX_EVENT`] in words.
pub const MAX_EVENT_WORDS: &str = "16 MiB";

/// How much is read from the file at a time.
const CHUNK: usize = 256 << 10;

/// Where in the file something is: a line of JSON Lines, a byte of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Line(u64),
    Byte(u64),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::Byte(n) => write!(f, "byte {n}"),
        }
    }
}

/// Why the file cannot be read on.
#[derive(Debug, thiserror::Error)]
pub enum BrokenFile {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is neither JSON Lines nor JSON ({why} at {at})")]
    NotJson { at: Place, why: String },
    #[error("an event at {0} is larger than {MAX_EVENT_WORDS}")]
    TooLarge(Place),
}

/// What the next element was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// An event (a JSON object), appended to the caller's buffer at this range.
    Event(Range<usize>),
    /// Something that is not an event (a line that is not one JSON object, an array item
    /// that is not an object), skipped.
    Malformed(Place),
}

/// Where the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not yet told which kind of file this is.
    Start,
    Lines,
    /// Between documents.
    Documents,
    /// Inside a document's array; `first` before its first item.
    Array {
        first: bool,
    },
}

/// The elements of a file, one at a time.
pub struct Elements<R> {
    reader: R,
    buf: Vec<u8>,
    /// Where the unread part of `buf` starts.
    at: usize,
    /// Bytes of the file before `buf[0]`.
    offset: u64,
    eof: bool,
    state: State,
    /// Lines of JSON Lines read so far.
    line: u64,
    /// An event hook's delivery being handed on: its text and its events' ranges.
    hook: Option<(Vec<u8>, VecDeque<Range<usize>>)>,
}

impl<R: Read> Elements<R> {
    /// The elements read from `reader`.
    pub fn new(reader: R) -> Elements<R> {
        Elements { reader, buf: Vec::new(), at: 0, offset: 0, eof: false, state: State::Start, line: 0, hook: None }
    }

    /// Whether the file is JSON Lines (known once the first element was read).
    pub fn is_lines(&self) -> bool {
        self.state == State::Lines
    }

    /// Reads the next element: an event is appended to `out`. `None` at the end of the file.
    pub fn next(&mut self, out: &mut Vec<u8>) -> Result<Option<Found>, BrokenFile> {
        loop {
            if let Some((text, ranges)) = &mut self.hook {
                if let Some(range) = ranges.pop_front() {
                    return Ok(Some(Found::Event(append(out, &text[range]))));
                }
                self.hook = None;
            }
            match self.state {
                State::Start => {
                    if !self.skip_space()? {
                        return Ok(None);
                    }
                    self.state = if self.first_line_is_an_object()? { State::Lines } else { State::Documents };
                }
                State::Lines => return self.next_line(out),
                State::Documents => {
                    if !self.skip_space()? {
                        return Ok(None);
                    }
                    match self.buf[self.at] {
                        b'[' => {
                            self.at += 1;
                            self.state = State::Array { first: true };
                        }
                        b'{' => {
                            let place = self.place();
                            let len = self.value_len()?;
                            let found = self.document(out, len, place)?;
                            self.at += len;
                            if let Some(found) = found {
                                return Ok(Some(found));
                            }
                        }
                        _ => return Err(self.not_json("it holds no JSON array or object")),
                    }
                }
                State::Array { first } => {
                    if !self.skip_space()? {
                        return Err(self.not_json("it ends inside an array"));
                    }
                    if self.buf[self.at] == b']' {
                        self.at += 1;
                        self.state = State::Documents;
                        continue;
                    }
                    if !first {
                        if self.buf[self.at] != b',' {
                            return Err(self.not_json("a comma is missing between the array's items"));
                        }
                        self.at += 1;
                        if !self.skip_space()? {
                            return Err(self.not_json("it ends inside an array"));
                        }
                    }
                    self.state = State::Array { first: false };
                    let place = self.place();
                    let len = self.value_len()?;
                    let item = &self.buf[self.at..self.at + len];
                    let found = if item.first() == Some(&b'{') {
                        Found::Event(append(out, item))
                    } else {
                        Found::Malformed(place)
                    };
                    self.at += len;
                    return Ok(Some(found));
                }
            }
        }
    }

    /// The next line of JSON Lines that holds anything: an event when it is one JSON object.
    fn next_line(&mut self, out: &mut Vec<u8>) -> Result<Option<Found>, BrokenFile> {
        loop {
            let end = match self.line_end() {
                Ok(Some(end)) => end,
                Ok(None) => return Ok(None),
                Err(BrokenFile::TooLarge(place)) => {
                    self.skip_line()?;
                    return Ok(Some(Found::Malformed(place)));
                }
                Err(e) => return Err(e),
            };
            self.line += 1;
            let line = self.buf[self.at..end].trim_ascii();
            let found = if line.is_empty() {
                None
            } else if line.first() == Some(&b'{') && whole_value(line) {
                Some(Found::Event(append(out, line)))
            } else {
                Some(Found::Malformed(Place::Line(self.line)))
            };
            self.at = (end + 1).min(self.buf.len());
            if found.is_some() {
                return Ok(found);
            }
        }
    }

    /// Where the current line ends (its `\n`, or the end of the file); `None` when nothing
    /// is left; an error for a line longer than [`MAX_EVENT`].
    fn line_end(&mut self) -> Result<Option<usize>, BrokenFile> {
        let mut searched = 0;
        loop {
            if let Some(n) = self.buf[self.at + searched..].iter().position(|&b| b == b'\n') {
                return Ok(Some(self.at + searched + n));
            }
            searched = self.buf.len() - self.at;
            if searched > MAX_EVENT {
                return Err(BrokenFile::TooLarge(Place::Line(self.line + 1)));
            }
            if !self.fill()? {
                return Ok((self.at < self.buf.len()).then_some(self.buf.len()));
            }
        }
    }

    /// Skips the rest of the current line, however long.
    fn skip_line(&mut self) -> Result<(), BrokenFile> {
        self.line += 1;
        loop {
            if let Some(n) = self.buf[self.at..].iter().position(|&b| b == b'\n') {
                self.at += n + 1;
                return Ok(());
            }
            self.at = self.buf.len();
            if !self.fill()? {
                return Ok(());
            }
        }
    }

    /// Whether the file's first line (from here) is one whole JSON object.
    fn first_line_is_an_object(&mut self) -> Result<bool, BrokenFile> {
        if self.buf[self.at] != b'{' {
            return Ok(false);
        }
        match self.line_end() {
            Ok(end) => Ok(whole_value(&self.buf[self.at..end.unwrap_or(self.buf.len())])),
            Err(BrokenFile::TooLarge(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The length of the JSON value starting here, reading on until it is whole.
    fn value_len(&mut self) -> Result<usize, BrokenFile> {
        loop {
            let rest = &self.buf[self.at..];
            let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<IgnoredAny>();
            match values.next() {
                // A number at the end of what is read may go on in the next chunk: a value
                // is whole once something follows it.
                Some(Ok(_)) if values.byte_offset() < rest.len() || self.eof => return Ok(values.byte_offset()),
                Some(Err(e)) if !e.is_eof() => {
                    return Err(BrokenFile::NotJson { at: self.place(), why: e.to_string() });
                }
                _ if self.eof => return Err(self.not_json("it ends inside a value")),
                _ => {}
            }
            if rest.len() > MAX_EVENT {
                return Err(BrokenFile::TooLarge(self.place()));
            }
            self.fill()?;
        }
    }

    /// A top-level object of `len` bytes: an event hook's delivery hands on its events,
    /// anything else is one event.
    fn document(&mut self, out: &mut Vec<u8>, len: usize, place: Place) -> Result<Option<Found>, BrokenFile> {
        #[derive(Deserialize)]
        struct Delivery<'a> {
            #[serde(borrow)]
            data: Option<Data<'a>>,
        }
        #[derive(Deserialize)]
        struct Data<'a> {
            #[serde(borrow)]
            events: Option<Vec<&'a RawValue>>,
        }
        let text = &self.buf[self.at..self.at + len];
        let events = serde_json::from_slice::<Delivery<'_>>(text).ok().and_then(|d| d.data?.events);
        let Some(events) = events else { return Ok(Some(Found::Event(append(out, text)))) };
        if events.iter().any(|e| !e.get().starts_with('{')) {
            return Ok(Some(Found::Malformed(place)));
        }
        let base = text.as_ptr() as usize;
        let ranges = events
            .iter()
            .map(|e| (e.get().as_ptr() as usize - base)..(e.get().as_ptr() as usize - base + e.get().len()));
        self.hook = Some((text.to_vec(), ranges.collect()));
        Ok(None)
    }

    /// Skips whitespace (and a byte-order mark at the start); `false` at the end of the file.
    fn skip_space(&mut self) -> Result<bool, BrokenFile> {
        loop {
            if self.offset == 0 && self.at == 0 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.at = 3;
            }
            while self.at < self.buf.len() && self.buf[self.at].is_ascii_whitespace() {
                self.at += 1;
            }
            if self.at < self.buf.len() {
                return Ok(true);
            }
            if !self.fill()? {
                return Ok(false);
            }
        }
    }

    /// Reads the next chunk, first dropping what was read; `false` when the file has ended.
    fn fill(&mut self) -> Result<bool, BrokenFile> {
        if self.eof {
            return Ok(false);
        }
        if self.at > 0 {
            self.buf.drain(..self.at);
            self.offset += self.at as u64;
            self.at = 0;
        }
        // At least what is held already: a long value is read in doubling steps.
        let start = self.buf.len();
        self.buf.resize(start + CHUNK.max(start), 0);
        let read = loop {
            match self.reader.read(&mut self.buf[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(start);
                    return Err(e.into());
                }
            }
        };
        self.buf.truncate(start + read);
        self.eof = read == 0;
        Ok(!self.eof)
    }

    fn place(&self) -> Place {
        Place::Byte(self.offset + self.at as u64)
    }

    fn not_json(&self, why: &str) -> BrokenFile {
        BrokenFile::NotJson { at: self.place(), why: why.to_string() }
    }
}

/// Appends `element` to `out`, returning where it went.
fn append(out: &mut Vec<u8>, element: &[u8]) -> Range<usize> {
    let start = out.len();
    out.extend_from_slice(element);
    start..out.len()
}

/// Whether `text` is exactly one JSON value (whitespace around it aside).
fn whole_value(text: &[u8]) -> bool {
    let mut values = serde_json::Deserializer::from_slice(text).into_iter::<IgnoredAny>();
    matches!(values.next(), Some(Ok(_))) && text[values.byte_offset()..].trim_ascii().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader handing out at most 5 bytes at a time, so values straddle every read.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(5).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Every element of `text` as read through a trickle: events as text, others by place.
    fn read_all(text: &str) -> Result<(Vec<String>, Vec<Place>, bool), BrokenFile> {
        let mut elements = Elements::new(Trickle(text.as_bytes()));
        let (mut events, mut malformed, mut out) = (Vec::new(), Vec::new(), Vec::new());
        while let Some(found) = elements.next(&mut out)? {
            match found {
                Found::Event(range) => events.push(String::from_utf8(out[range].to_vec()).unwrap()),
                Found::Malformed(place) => malformed.push(place),
            }
        }
        Ok((events, malformed, elements.is_lines()))
    }

    #[test]
    fn json_lines_are_read_line_by_line_and_what_is_no_event_is_counted() {
        let text = "\u{feff}{\"uuid\":\"a\"}\r\n\n{\"uuid\":\"b\",\"n\":[1,{\"c\":\"}\\\"\"}]}\n{\"uuid\": \"cut\n7\n{\"uuid\":\"c\"}";
        let (events, malformed, lines) = read_all(text).unwrap();
        assert!(lines);
        assert_eq!(events, [r#"{"uuid":"a"}"#, r#"{"uuid":"b","n":[1,{"c":"}\""}]}"#, r#"{"uuid":"c"}"#]);
        assert_eq!(malformed, [Place::Line(4), Place::Line(5)]);
    }

    #[test]
    fn documents_are_arrays_events_and_hook_deliveries_one_after_the_other() {
        let text = "[\n  {\"uuid\": \"a\"},\n  12,\n  {\"uuid\": \"b\"}\n]\n{\n  \"uuid\": \"c\"\n}\n\
                    {\"eventType\": \"com.okta.event_hook\", \"data\": {\"events\": [{\"uuid\": \"d\"}, {\"uuid\": \"e\"}]}}";
        let (events, malformed, lines) = read_all(text).unwrap();
        assert!(!lines);
        assert_eq!(
            events,
            [r#"{"uuid": "a"}"#, r#"{"uuid": "b"}"#, "{\n  \"uuid\": \"c\"\n}", r#"{"uuid": "d"}"#, r#"{"uuid": "e"}"#]
        );
        assert_eq!(malformed, [Place::Byte(text.find("12").unwrap() as u64)]);
        assert_eq!(read_all("[]").unwrap().0.len(), 0);
        assert_eq!(read_all(" \n").unwrap().0.len(), 0, "an empty file holds no event");
    }

    #[test]
    fn a_broken_document_stops_the_read_naming_the_byte() {
        let e = read_all("[{\"uuid\": \"a\"} {\"uuid\": \"b\"}]").unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is neither JSON Lines nor JSON (a comma is missing between the array's items at byte 15)"
        );
        assert!(matches!(read_all("[{\"uuid\": \"a\"},\n{\"uuid\""), Err(BrokenFile::NotJson { .. })));
        assert!(matches!(read_all("{\n\"uuid\": ]"), Err(BrokenFile::NotJson { at: Place::Byte(0), .. })));
        assert!(matches!(read_all("hello"), Err(BrokenFile::NotJson { .. })));
    }
}
