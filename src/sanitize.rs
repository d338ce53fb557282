//! The one sanitiser for text from Okta. Every string Okta returns is untrusted: names,
//! logins, user agents and log messages can echo what an attacker typed. Before such text
//! is drawn, exported or copied it passes [`clean`], which removes everything a terminal
//! would interpret instead of print (C0/C1 controls and escape sequences) and everything
//! that can make text read differently from what it is (bidi overrides, invisible format
//! characters), and caps its length. [`clean_line`] also cuts it to a display width.

use std::borrow::Cow;
use std::iter::Peekable;
use std::str::Chars;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The most characters [`clean`] keeps; longer text is cut and ends in `…`.
pub const MAX_CHARS: usize = 1_000;

/// The mark that ends cut text.
const ELLIPSIS: char = '…';

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// CAN and SUB abort an escape sequence in progress.
const CAN: char = '\u{18}';
const SUB: char = '\u{1a}';
/// String Terminator, 8-bit form.
const ST: char = '\u{9c}';

/// `text` made safe to show, export or copy: C0 controls, DEL, C1 controls, escape
/// sequences (CSI, OSC, DCS, SOS, PM, APC, two-byte and 8-bit forms), bidi controls and
/// invisible format characters removed; tabs and line breaks become spaces; cut to
/// [`MAX_CHARS`] characters ending in `…`. Borrowed when nothing changes, which is the
/// common case and is checked cheaply.
pub fn clean(text: &str) -> Cow<'_, str> {
    clean_with_limit(text, MAX_CHARS)
}

/// Like [`clean`], with another length cap: at most `max_chars` characters (the last one
/// `…` when cut). `usize::MAX` keeps the whole text.
pub fn clean_with_limit(text: &str, max_chars: usize) -> Cow<'_, str> {
    if is_clean(text, max_chars) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(rebuild(text, max_chars))
    }
}

/// One display line: [`clean`], then cut to at most `max_width` terminal columns (CJK and
/// most emoji count two), ending in `…` when cut.
pub fn clean_line(text: &str, max_width: usize) -> String {
    fit_width(&clean(text), max_width, "…").into_owned()
}

/// Cuts already clean `text` to at most `max_width` terminal columns, ending in `ellipsis`
/// when cut (`…`, or `...` for ASCII terminals). Borrowed when it fits.
pub fn fit_width<'a>(text: &'a str, max_width: usize, ellipsis: &str) -> Cow<'a, str> {
    if text.width() <= max_width {
        return Cow::Borrowed(text);
    }
    if ellipsis.width() > max_width {
        return Cow::Owned(String::new());
    }
    let room = max_width - ellipsis.width();
    let mut out = String::with_capacity(room * 4);
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    // A sequence can be wider than its characters (an emoji with a presentation selector).
    while out.width() > room && out.pop().is_some() {}
    out.push_str(ellipsis);
    Cow::Owned(out)
}

/// The characters [`markdown`] escapes wherever they stand: they open links, HTML tags,
/// entities, emphasis, code, table cells and email autolinks (`@`). (`(` and `!` mean
/// something only next to a `[`, which is escaped.)
const MARKDOWN_SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '@'];

/// `text` for a Markdown document (a case file's note), to stand inline after other text on
/// its line: [`clean`] (so no line break: nothing can start a heading, list or block), then
/// a backslash before every character that could start a Markdown or HTML construct, before
/// the `:` of `://` and the `.` of `www.` (autolinks) and before a leading `#`, `+`, `-` or
/// `=`. An attacker-chosen name then renders as the text it is: never a link, an image, a
/// tag or an entity.
pub fn markdown(text: &str) -> String {
    let cleaned = clean(text);
    let mut out = String::with_capacity(cleaned.len() + 8);
    for (i, c) in cleaned.char_indices() {
        let leading = i == 0 && matches!(c, '#' | '+' | '-' | '=');
        let www_dot = c == '.' && out.get(out.len().saturating_sub(3)..).is_some_and(|t| t.eq_ignore_ascii_case("www"));
        let scheme = c == ':' && cleaned[i + 1..].starts_with('/');
        if leading || www_dot || scheme || MARKDOWN_SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `text` is already within `max_chars` and holds only characters kept as they are.
fn is_clean(text: &str, max_chars: usize) -> bool {
    if text.len() <= max_chars && text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return true;
    }
    let mut count = 0usize;
    text.chars().all(|c| {
        count += 1;
        count <= max_chars && is_plain(c)
    })
}

/// Whether [`clean`] keeps `c` as it is: printable, neither a control nor a bidi or
/// invisible format character.
pub fn is_plain(c: char) -> bool {
    match c {
        ' '..='~' => true,
        '\0'..='\u{9f}' | '\u{2028}' | '\u{2029}' => false,
        c => !is_hidden_format(c),
    }
}

/// Bidi controls and invisible format characters: they reorder or hide text, so what is
/// shown would differ from what is there.
fn is_hidden_format(c: char) -> bool {
    matches!(c,
        '\u{061c}'                      // Arabic letter mark
        | '\u{180e}'                    // Mongolian vowel separator
        | '\u{200b}'..='\u{200f}'       // zero-width space, ZWNJ, ZWJ, LRM, RLM
        | '\u{202a}'..='\u{202e}'       // LRE, RLE, PDF, LRO, RLO
        | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
        | '\u{2066}'..='\u{206f}'       // LRI, RLI, FSI, PDI, deprecated format controls
        | '\u{feff}'                    // zero-width no-break space (BOM)
        | '\u{fff9}'..='\u{fffb}'       // interlinear annotation
        | '\u{e0000}'..='\u{e007f}'     // tag characters (invisible text)
    )
}

/// The slow path: rebuilds `text` without what is unsafe, at most `max_chars` characters.
fn rebuild(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars.saturating_mul(4)));
    let mut kept = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let shown = match c {
            ESC => {
                skip_after_esc(&mut chars);
                continue;
            }
            '\u{9b}' => {
                skip_csi(&mut chars);
                continue;
            }
            '\u{9d}' => {
                skip_string(&mut chars, true);
                continue;
            }
            '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                skip_string(&mut chars, false);
                continue;
            }
            '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => ' ',
            c if is_plain(c) => c,
            _ => continue,
        };
        if kept == max_chars {
            if out.pop().is_some() {
                out.push(ELLIPSIS);
            }
            break;
        }
        out.push(shown);
        kept += 1;
    }
    out
}

/// Skips what follows an ESC: a CSI, a control string (OSC, DCS, SOS, PM, APC), or an
/// escape sequence of intermediates and one final character. An ESC before anything else
/// is dropped alone.
fn skip_after_esc(chars: &mut Peekable<Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') => {
            chars.next();
            skip_string(chars, true);
        }
        Some('P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars, false);
        }
        Some(' '..='/') => {
            while chars.next_if(|c| matches!(c, ' '..='/')).is_some() {}
            chars.next_if(|c| matches!(c, '0'..='~'));
        }
        Some('0'..='~') => {
            chars.next();
        }
        _ => {}
    }
}

/// Skips a CSI's parameter and intermediate characters and its final character. Anything
/// else ends the sequence early and is left for the caller.
fn skip_csi(chars: &mut Peekable<Chars<'_>>) {
    while chars.next_if(|c| matches!(c, ' '..='?')).is_some() {}
    chars.next_if(|c| matches!(c, '@'..='~'));
}

/// Skips a control string up to its terminator: ST (8-bit), BEL (OSC only), or CAN/SUB,
/// which abort it. An ESC ends it too and is left for the caller (`ESC \` is the 7-bit ST,
/// any other ESC starts a new sequence), so nested sequences need no recursion.
fn skip_string(chars: &mut Peekable<Chars<'_>>, bel_ends: bool) {
    while let Some(&c) = chars.peek() {
        if c == ESC {
            return;
        }
        chars.next();
        if c == ST || c == CAN || c == SUB || (bel_ends && c == BEL) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn markdown_renders_attacker_text_as_text() {
        for (text, want) in [
            ("Ana Silva", "Ana Silva"),
            ("[click](https://evil.example)", "\\[click\\](https\\://evil.example)"),
            ("![x](http://beacon.example/p.png)", "!\\[x\\](http\\://beacon.example/p.png)"),
            ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
            ("see https://evil.example, at 10:05", "see https\\://evil.example, at 10:05"),
            ("&#x202e;", "\\&#x202e;"),
            ("visit www.evil.example", "visit www\\.evil.example"),
            ("# heading", "\\# heading"),
            ("- item", "\\- item"),
            ("a|b `c` *d* _e_ ~f~", "a\\|b \\`c\\` \\*d\\* \\_e\\_ \\~f\\~"),
            ("ana@acme.example", "ana\\@acme.example"),
            ("two\nlines\u{1b}]8;;https://x\u{7}", "two lines"),
            ("zoë www.é", "zoë www\\.é"),
        ] {
            assert_eq!(super::markdown(text), want, "{text:?}");
        }
    }

    use super::*;

    /// The characters no output may contain.
    fn forbidden(c: char) -> bool {
        c < ' ' || ('\u{7f}'..='\u{9f}').contains(&c) || is_hidden_format(c) || matches!(c, '\u{2028}' | '\u{2029}')
    }

    #[test]
    fn clean_text_is_borrowed() {
        for text in ["", "ana.lopez@acme.example", "Zoë Ångström", "田中 太郎 🎉", "O'Brien (admin)"] {
            assert!(matches!(clean(text), Cow::Borrowed(_)), "{text:?}");
        }
    }

    #[test]
    fn window_title_and_clear_screen_are_removed() {
        assert_eq!(clean("Eve\x1b]0;pwned\x07\x1b[2J Smith"), "Eve Smith");
        assert_eq!(clean("\x1b]0;pwned\x07\x1b[2J"), "");
    }

    #[test]
    fn every_escape_sequence_form_is_removed() {
        let cases = [
            ("a\x1b[1;31mb\x1b[0m", "ab"),
            ("a\x1b[?1049hb", "ab"),
            ("a\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
            ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),
            ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),
            ("a\x1bXsos\x1b\\b", "ab"),
            ("a\x1b^pm\x1b\\b", "ab"),
            ("a\x1b_apc\x1b\\b", "ab"),
            ("a\x1bcb", "ab"),
            ("a\x1b7b\x1b8", "ab"),
            ("a\x1b(Bb", "ab"),
            ("a\x1b#8b", "ab"),
            ("a\u{9b}2Jb", "ab"),
            ("a\u{9d}0;pwned\u{9c}b", "ab"),
            ("a\u{9d}0;pwned\x07b", "ab"),
            ("a\u{90}dcs\u{9c}b", "ab"),
            ("a\u{9f}apc\x1b\\b", "ab"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }

    #[test]
    fn broken_sequences_never_leak_an_escape() {
        assert_eq!(clean("a\x1b"), "a");
        assert_eq!(clean("a\x1b]0;the rest"), "a");
        assert_eq!(clean("a\x1b]0;x\x18b"), "ab");
        assert_eq!(clean("a\x1b[12\nb"), "a b");
        assert_eq!(clean("a\x1b\x1b[2Jb"), "ab");
        assert_eq!(clean("a\x1b]0;x\x1b[2Jb"), "ab");
        assert_eq!(clean("a\x1bé"), "aé");
    }

    #[test]
    fn controls_are_removed_and_breaks_become_spaces() {
        assert_eq!(clean("a\0b\x07c\x08d\x7fe\u{85}f\u{9c}g"), "abcdefg");
        assert_eq!(clean("a\tb\nc\rd\u{2028}e"), "a b c d e");
    }

    #[test]
    fn bidi_and_invisible_characters_are_removed() {
        assert_eq!(clean("\u{202e}nimda\u{202c}"), "nimda");
        assert_eq!(clean("\u{2067}txt.exe\u{2069} \u{2066}x\u{2069}"), "txt.exe x");
        assert_eq!(clean("a\u{200b}b\u{200c}c\u{200d}d\u{2060}e\u{feff}f\u{200e}g\u{200f}h\u{061c}i"), "abcdefghi");
        assert_eq!(clean("a\u{202a}\u{202b}\u{202d}b\u{2068}c"), "abc");
        assert_eq!(clean("admin\u{e0041}\u{e0042}"), "admin");
    }

    #[test]
    fn length_is_capped_with_an_ellipsis() {
        let name = "x".repeat(10_000);
        let out = clean(&name);
        assert_eq!(out.chars().count(), MAX_CHARS);
        assert!(out.ends_with('…'));
        let wide = "東".repeat(10_000);
        assert_eq!(clean(&wide).chars().count(), MAX_CHARS);
        let exact = "é".repeat(MAX_CHARS);
        assert!(matches!(clean(&exact), Cow::Borrowed(_)));
        assert_eq!(clean_with_limit("abcdef", 4), "abc…");
        assert_eq!(clean_with_limit("abc", 0), "");
        assert_eq!(clean_with_limit(&name, usize::MAX).len(), 10_000);
    }

    #[test]
    fn lines_are_cut_by_display_width() {
        assert_eq!(clean_line("ana@acme.example", 40), "ana@acme.example");
        assert_eq!(clean_line("ana@acme.example", 8), "ana@acm…");
        assert_eq!(clean_line("田中太郎", 8), "田中太郎");
        assert_eq!(clean_line("田中太郎", 5), "田中…");
        assert_eq!(clean_line("田中太郎", 6), "田中…");
        assert_eq!(clean_line("a田中", 4), "a田…");
        assert_eq!(clean_line("🎉🎉🎉", 4), "🎉…");
        assert_eq!(clean_line("abc", 0), "");
        assert_eq!(clean_line("abc", 1), "…");
        assert_eq!(clean_line("Eve\x1b]0;pwned\x07 \u{202e}Smith", 40), "Eve Smith");
        let hearts = "❤\u{fe0f}".repeat(5);
        for width in 0..12 {
            assert!(clean_line(&hearts, width).width() <= width, "width {width}");
        }
        let long = clean_line(&"東".repeat(10_000), 30);
        assert_eq!(long, format!("{}…", "東".repeat(14)));
    }

    #[test]
    fn random_input_never_yields_a_control_or_bidi_character() {
        const SNIPPETS: &[&str] = &[
            "\x1b",
            "[",
            "]",
            "\x07",
            "\\",
            "P",
            "_",
            "^",
            "X",
            ";",
            "0",
            "2J",
            "\u{9b}",
            "\u{9c}",
            "\u{9d}",
            "\u{85}",
            "\u{202e}",
            "\u{2066}",
            "\u{200d}",
            "\u{feff}",
            "\u{e0041}",
            "\n",
            "\t",
            "東",
            "🎉",
            "\u{fe0f}",
            "a",
        ];
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for _ in 0..3_000 {
            let mut bytes = Vec::new();
            for _ in 0..rng.gen_range(0..1_200) {
                if rng.gen_bool(0.5) {
                    bytes.push(rng.gen::<u8>());
                } else {
                    bytes.extend_from_slice(SNIPPETS[rng.gen_range(0..SNIPPETS.len())].as_bytes());
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            let out = clean(&text);
            assert!(!out.chars().any(forbidden), "{text:?} -> {out:?}");
            assert!(out.chars().count() <= MAX_CHARS);
            assert!(matches!(clean(&out), Cow::Borrowed(_)), "not idempotent: {out:?}");
            let width = rng.gen_range(0..80);
            let line = clean_line(&text, width);
            assert!(line.width() <= width && !line.chars().any(forbidden));
        }
    }
}
