//! What "nothing raw gets through" means for each sink: a terminal's byte stream and
//! screen, plain text (tables, reports, stderr), JSON, CSV; and how a run may end.

use std::panic::{catch_unwind, AssertUnwindSafe};

use oktui::sim::hostile::text::INJECTED;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::run::Run;

/// The longest line an error may be: one line, not a 10 KB name.
pub const MAX_ERROR_LINE: usize = 1100;

/// Characters that reorder text or hide it: bidi controls, zero-width and invisible format
/// characters (this test's own list, not the product's).
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// What is wrong with `c` in text meant for a file, a pipe or a screen's cells: a control
/// character (C0 but the line feed, DEL, C1) or a hidden one.
fn raw_kind(c: char) -> Option<&'static str> {
    if c.is_control() && c != '\n' {
        Some("a raw control character")
    } else if is_hidden(c) {
        Some("a bidi or invisible character")
    } else {
        None
    }
}

/// The text around byte `at` of `text`, escaped for a message.
fn around(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 40).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{:?}", &text[start..end])
}

/// `bytes` as UTF-8, or a failure naming `what`.
fn utf8<'a>(what: &str, bytes: &'a [u8]) -> &'a str {
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8: {e}"))
}

/// Asserts text for a file or a pipe (a table, a report, a CSV, stderr) holds no control
/// character but line feeds and no bidi or invisible character.
pub fn plain(what: &str, bytes: &[u8]) {
    let text = utf8(what, bytes);
    if let Some((at, c, kind)) = text.char_indices().find_map(|(at, c)| raw_kind(c).map(|k| (at, c, k))) {
        panic!("{what}: {kind} {c:?} at byte {at}: {}", around(text, at));
    }
}

/// Asserts a table: one header line and `rows` lines, none wider than `width`. (That it
/// holds no raw control character is [`plain`].)
pub fn table(what: &str, bytes: &[u8], rows: usize, width: usize) {
    let text = utf8(what, bytes);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rows + 1, "{what}: a header and {rows} rows, one line each:\n{text}");
    for line in lines {
        assert!(line.width() <= width, "{what}: a line {} columns wide (at most {width}): {line:?}", line.width());
    }
}

/// Asserts `--format json` output is one valid JSON document, and returns it. (That every
/// control, bidi and invisible character in it is escaped as `\uXXXX` is [`plain`].)
pub fn json(what: &str, bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{what}: not valid JSON: {e}"))
}

/// Asserts `--format jsonl` output is one valid JSON object per line, and returns them.
pub fn jsonl(what: &str, bytes: &[u8]) -> Vec<Value> {
    utf8(what, bytes)
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let v: Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{what}: line {} is not JSON: {e}", i + 1));
            assert!(v.is_object(), "{what}: line {} is not an object", i + 1);
            v
        })
        .collect()
}

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Asserts every cell of CSV output, as a CSV reader sees it, is defused: none starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (a cell that must, starts with `'`).
/// Returns the records (a `user` prints several tables, so records may differ in length).
/// (That the file holds no raw control character is [`plain`].)
pub fn csv(what: &str, bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap_or_else(|e| panic!("{what}: record {} is not CSV: {e}", i + 1));
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        for cell in &cells {
            if let Some(first) = cell.chars().next().filter(|c| FORMULA_STARTS.contains(c)) {
                panic!("{what}: record {} has a cell starting with {first:?}, a live formula: {cell:?}", i + 1);
            }
        }
        records.push(cells);
    }
    records
}

/// Asserts the bytes a terminal received are the console's own drawing: printable text
/// without bidi, invisible or C1 characters, CR and LF, CSI sequences and the two-byte
/// escapes a drawing uses (`ESC 7`, `ESC 8`, `ESC =`, `ESC >`); no OSC, DCS, APC, PM or
/// SOS string, no other C0 control (BEL, BS, …), and none of the injected sequences.
pub fn terminal_stream(raw: &[u8]) {
    let text = utf8("the terminal's byte stream", raw);
    for (what, seq) in INJECTED {
        if let Some(at) = text.find(seq) {
            panic!("the terminal received {what} at byte {at}: {}", around(text, at));
        }
    }
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                Some((_, '[')) => {
                    let ok = loop {
                        match chars.next() {
                            Some((_, '\u{30}'..='\u{3f}' | '\u{20}'..='\u{2f}')) => continue,
                            Some((_, '\u{40}'..='\u{7e}')) => break true,
                            // The capture may stop in the middle of a drawing's sequence.
                            None => break true,
                            _ => break false,
                        }
                    };
                    assert!(ok, "the terminal received a malformed CSI at byte {at}: {}", around(text, at));
                }
                Some((_, '7' | '8' | '=' | '>')) => {}
                other => panic!(
                    "the terminal received ESC {:?} at byte {at}, not a sequence a drawing uses: {}",
                    other.map(|(_, c)| c),
                    around(text, at)
                ),
            },
            '\r' | '\n' => {}
            c if c.is_control() || is_hidden(c) => {
                panic!("the terminal received {c:?} at byte {at}: {}", around(text, at))
            }
            _ => {}
        }
    }
}

/// Asserts the screen's cells hold no control, bidi or invisible character and no window
/// title was set from hostile text.
pub fn screen(screen: &vt100::Screen, titles: &[String], step: &str) {
    let text = screen.contents();
    if let Some((at, c, kind)) = text.char_indices().find_map(|(at, c)| raw_kind(c).map(|k| (at, c, k))) {
        panic!("{step}: the screen shows {kind} {c:?}: {}\n{text}", around(&text, at));
    }
    assert!(titles.iter().all(|t| !t.contains("PWNED")), "{step}: window titles set: {titles:?}");
}

/// Asserts the run ended by itself, without a panic.
pub fn no_panic(run: &Run) {
    assert!(!run.timed_out, "{}: still running after {:.0?}; stderr: {}", run.what, run.elapsed, run.stderr);
    assert_ne!(run.code, Some(101), "{}: exit 101, a panic; stderr: {}", run.what, run.stderr);
    assert!(run.code.is_some(), "{}: ended by a signal; stderr: {}", run.what, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}: a panic on stderr: {}", run.what, run.stderr);
}

/// Asserts the run succeeded: exit 0, stderr plain.
pub fn ok(run: &Run) {
    no_panic(run);
    assert_eq!(run.code, Some(0), "{}: exit code; stderr: {}", run.what, run.stderr);
    plain(&format!("{}: stderr", run.what), run.stderr.as_bytes());
}

/// Asserts the run failed with one clear line: exit 1, a single line on stderr, `error: …`,
/// plain and short.
pub fn one_error_line(run: &Run) {
    no_panic(run);
    assert_eq!(run.code, Some(1), "{}: exit code; stderr: {}", run.what, run.stderr);
    let lines: Vec<&str> = run.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{}: one line on stderr: {:?}", run.what, run.stderr);
    error_line(run, lines[0]);
}

/// Asserts the run failed, its stderr ending in one clear `error: …` line; the lines before
/// it (notices of waits) plain and short too.
pub fn ends_in_one_error_line(run: &Run) {
    no_panic(run);
    assert_eq!(run.code, Some(1), "{}: exit code; stderr: {}", run.what, run.stderr);
    let lines: Vec<&str> = run.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    let Some((last, notices)) = lines.split_last() else { panic!("{}: nothing on stderr", run.what) };
    error_line(run, last);
    for notice in notices {
        assert!(!notice.starts_with("error"), "{}: more than one error line: {:?}", run.what, run.stderr);
        assert!(notice.chars().count() <= MAX_ERROR_LINE, "{}: a notice of {} characters", run.what, notice.len());
    }
    plain(&format!("{}: stderr", run.what), run.stderr.as_bytes());
}

fn error_line(run: &Run, line: &str) {
    assert!(line.starts_with("error: "), "{}: the line says it is an error: {line:?}", run.what);
    assert!(
        line.chars().count() <= MAX_ERROR_LINE,
        "{}: an error line of {} characters",
        run.what,
        line.chars().count()
    );
    plain(&format!("{}: stderr", run.what), run.stderr.as_bytes());
}

/// Failures collected over several checks, so that one test reports every format or
/// command that fails, not only the first.
#[derive(Default)]
pub struct Findings(Vec<String>);

impl Findings {
    /// Runs `check`, recording its failure instead of stopping.
    pub fn check(&mut self, check: impl FnOnce()) {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(check)) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a check failed".to_string());
            self.0.push(message);
        }
    }

    /// Fails with every recorded failure, if any.
    pub fn done(self) {
        assert!(self.0.is_empty(), "{} checks failed:\n- {}", self.0.len(), self.0.join("\n- "));
    }
}

/// The checks themselves can fail: each hostile sample trips them, a drawing does not.
#[test]
fn the_checks_catch_every_hostile_sample() {
    use oktui::sim::hostile::text::{FORMULAS, HIDDEN, TERMINAL};
    let fails = |f: &dyn Fn()| catch_unwind(AssertUnwindSafe(f)).is_err();
    let drawing = "\u{1b}[?1049h\u{1b}[1;1H\u{1b}[38;5;12mUsers │ 1\u{1b}[0m\r\n\u{1b}7\u{1b}8\u{1b}[2 q";
    assert!(!fails(&|| terminal_stream(drawing.as_bytes())), "a drawing passes");
    assert!(!fails(&|| plain("text", "Ada Lovelace 日本 —\n".as_bytes())), "plain text passes");
    for sample in TERMINAL.iter().chain(HIDDEN) {
        let stream = format!("{drawing}{sample}");
        assert!(fails(&|| terminal_stream(stream.as_bytes())), "the stream check misses {sample:?}");
        assert!(fails(&|| plain("text", sample.as_bytes())), "the text check misses {sample:?}");
    }
    for formula in FORMULAS {
        let mut file = Vec::new();
        ::csv::Writer::from_writer(&mut file).write_record(["name", formula]).unwrap();
        assert!(fails(&|| drop(csv("csv", &file))), "the CSV check misses {formula:?}");
        let defused = format!("'{formula}");
        let mut file = Vec::new();
        ::csv::Writer::from_writer(&mut file).write_record(["name", &defused]).unwrap();
        assert!(!fails(&|| drop(csv("csv", &file))), "a defused cell passes: {defused:?}");
    }
}
