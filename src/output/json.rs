//! The one JSON writer: every JSON and JSON Lines output of oktui (the headless commands'
//! `--format json|jsonl`, `logs --follow`, the reports, the console's exports) goes through
//! it.
//!
//! JSON from Okta is printed as received, but it is read in terminals and pagers, which act
//! on a raw C1 control (`U+009B` is CSI) and reorder text around a bidi override. JSON
//! itself only requires `"`, `\` and C0 controls escaped, so this writer also writes every
//! other character the sanitiser would not keep as it is (DEL, C1 controls, line and
//! paragraph separators, bidi controls and invisible format characters; see
//! [`crate::sanitize::is_plain`]) as a `\uXXXX` escape (a surrogate pair above `U+FFFF`).
//! The output is valid JSON with the same data: a parser reads back the identical strings.
//!
//! It takes any serde value, and JSON text passed through as received ([`write_raw_line`],
//! or a `serde_json::value::RawValue` inside a value): such text is escaped the same way,
//! which is safe without parsing it because these characters can only stand inside its
//! strings.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter, Serializer};

use crate::sanitize::is_plain;

/// Writes `value` as indented JSON, then a line break.
pub fn write_pretty<W: Write + ?Sized, T: Serialize + ?Sized>(out: &mut W, value: &T) -> io::Result<()> {
    serialize(&mut *out, value, Escaping(PrettyFormatter::new()))?;
    out.write_all(b"\n")
}

/// Writes `value` as one line of compact JSON (a JSON Lines record), then a line break.
pub fn write_line<W: Write + ?Sized, T: Serialize + ?Sized>(out: &mut W, value: &T) -> io::Result<()> {
    serialize(&mut *out, value, Escaping(CompactFormatter))?;
    out.write_all(b"\n")
}

/// Writes JSON text as received (one object of a page, say) on one line, then a line
/// break, with the characters this writer escapes written as `\uXXXX`.
pub fn write_raw_line<W: Write + ?Sized>(out: &mut W, raw: &str) -> io::Result<()> {
    write_raw(&mut *out, raw)?;
    out.write_all(b"\n")
}

/// Writes JSON text as received, or a piece of a longer JSON text (a page of one streamed
/// array), escaped as [`write_raw_line`] does, without a line break. A piece may end or
/// begin anywhere between tokens, and inside a string too: the escaping is per character.
pub fn write_raw<W: Write + ?Sized>(out: &mut W, raw: &str) -> io::Result<()> {
    write_escaped(out, raw, keep_in_raw_text)
}

fn serialize<W: Write, T: Serialize + ?Sized, F: Formatter>(out: W, value: &T, formatter: F) -> io::Result<()> {
    let mut serializer = Serializer::with_formatter(out, formatter);
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// Whether a character inside a JSON string is written as it is.
fn keep_in_string(c: char) -> bool {
    is_plain(c)
}

/// Whether a character of raw JSON text is written as it is: JSON's whitespace stands
/// between tokens, so it is kept; anything else the sanitiser would not keep can only be
/// inside a string, where its escape means the same.
fn keep_in_raw_text(c: char) -> bool {
    is_plain(c) || matches!(c, '\t' | '\n' | '\r')
}

/// Writes `text`, each character `keep` refuses as a `\uXXXX` escape.
fn write_escaped<W: Write + ?Sized>(out: &mut W, text: &str, keep: fn(char) -> bool) -> io::Result<()> {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return out.write_all(text.as_bytes());
    }
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if keep(c) {
            continue;
        }
        out.write_all(&text.as_bytes()[start..i])?;
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            write!(out, "\\u{unit:04x}")?;
        }
        start = i + c.len_utf8();
    }
    out.write_all(&text.as_bytes()[start..])
}

/// serde_json's formatter `F` (compact or pretty), escaping what [`keep_in_string`] refuses
/// in strings and keys, and what [`keep_in_raw_text`] refuses in raw JSON text.
struct Escaping<F>(F);

impl<F: Formatter> Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        write_escaped(writer, fragment, keep_in_string)
    }

    fn write_raw_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        write_escaped(writer, fragment, keep_in_raw_text)
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use serde_json::{json, Value};

    use super::*;

    /// A string with one of everything a terminal acts on or that reorders text.
    const HOSTILE: &str =
        "a\u{1b}]0;t\u{7}\u{9b}31m\u{85}\u{7f}\u{202e}b\u{200b}\u{2066}\u{2028}\u{feff}\u{e0041}\"\\\n\tc";

    fn plain_text(out: &str) -> bool {
        out.chars().all(|c| c == '\n' || is_plain(c))
    }

    #[test]
    fn strings_and_keys_are_escaped_and_read_back_identical() {
        let value = json!({"name": HOSTILE, HOSTILE: [HOSTILE, 1, -2.5, null, true]});
        for pretty in [false, true] {
            let mut out = Vec::new();
            if pretty {
                write_pretty(&mut out, &value).unwrap();
            } else {
                write_line(&mut out, &value).unwrap();
            }
            let text = String::from_utf8(out).unwrap();
            assert!(plain_text(&text), "{text:?}");
            for escape in
                ["\\u001b", "\\u009b", "\\u0085", "\\u007f", "\\u202e", "\\u200b", "\\u2028", "\\udb40\\udc41"]
            {
                assert!(text.contains(escape), "{escape} in {text}");
            }
            assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
            assert!(text.ends_with("}\n"), "{text}");
            assert_eq!(text.lines().count() > 1, pretty, "{text}");
        }
    }

    #[test]
    fn the_formatting_is_serde_jsons() {
        let value = json!({"a": [1, {"b": "Zoë 東 🎉"}], "c": {}, "d": []});
        let mut out = Vec::new();
        write_pretty(&mut out, &value).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), format!("{}\n", serde_json::to_string_pretty(&value).unwrap()));
        let mut out = Vec::new();
        write_line(&mut out, &value).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), format!("{value}\n"));
    }

    #[test]
    fn raw_text_is_escaped_the_same_way() {
        let raw = "{\"a\": \"x\u{9b}2J\u{202e}y\",\n \"b\":\t[1, \"\\u001b\", \"\u{e0041}\"]}";
        let mut out = Vec::new();
        write_raw_line(&mut out, raw).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "{\"a\": \"x\\u009b2J\\u202ey\",\n \"b\":\t[1, \"\\u001b\", \"\\udb40\\udc41\"]}\n");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(raw).unwrap());
    }

    #[test]
    fn random_strings_come_back_identical_and_plain() {
        let mut rng = ChaCha8Rng::seed_from_u64(14);
        for _ in 0..2_000 {
            let s: String = (0..rng.gen_range(0..40))
                .map(|_| match rng.gen_range(0..4) {
                    0 => char::from_u32(rng.gen_range(0..0x100)).unwrap_or('a'),
                    1 => char::from_u32(rng.gen_range(0x2000..0x2070)).unwrap_or('a'),
                    2 => char::from_u32(rng.gen_range(0..0x11_0000)).unwrap_or('a'),
                    _ => 'x',
                })
                .collect();
            let mut out = Vec::new();
            write_line(&mut out, &json!({"s": s})).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(plain_text(&text), "{s:?} -> {text:?}");
            assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["s"], s.as_str());
            let mut raw_out = Vec::new();
            write_raw_line(&mut raw_out, &json!({"s": s}).to_string()).unwrap();
            assert_eq!(String::from_utf8(raw_out).unwrap(), text, "raw and value agree");
        }
    }
}
