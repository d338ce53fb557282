//! Copying to the user's clipboard with OSC 52: the terminal itself sets its clipboard, so
//! copying works over SSH with no clipboard tool on the remote host. Inside tmux and GNU
//! screen the sequence is wrapped so the multiplexer passes it to the outer terminal (tmux
//! needs `set -g allow-passthrough on`, or `set-clipboard on`, to let it through).
//!
//! This module only builds the bytes; the caller writes them to the terminal.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use thiserror::Error;

use crate::sanitize::clean_with_limit;

/// The largest base64 payload sent; many terminals drop longer OSC 52 sequences.
pub const MAX_ENCODED: usize = 74_994;

/// GNU screen passes at most this many bytes per DCS string, so longer ones are split.
const SCREEN_CHUNK: usize = 76;

/// Why the text cannot be copied.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ClipboardError {
    /// The text is too long for terminals to accept in one OSC 52 sequence.
    #[error(
        "the text is too long to copy through the terminal ({encoded} bytes encoded, at most {MAX_ENCODED}): \
         export the view with `e` instead"
    )]
    TooLong {
        /// The size of the base64 payload.
        encoded: usize,
    },
}

/// The OSC 52 bytes that put `text` on the clipboard, for the terminal this process runs
/// in (reads `TMUX` and `TERM`).
pub fn osc52(text: &str) -> Result<String, ClipboardError> {
    osc52_for(text, &|key| std::env::var(key).ok())
}

/// The OSC 52 bytes that put `text`, sanitised, on the clipboard: `ESC ] 52 ; c ; BASE64 BEL`,
/// wrapped for tmux when `TMUX` is set, or for GNU screen when `TERM` starts with `screen`.
/// `env` reads an environment variable.
pub fn osc52_for(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, ClipboardError> {
    let text = clean_with_limit(text, usize::MAX);
    let encoded = STANDARD.encode(text.as_bytes());
    if encoded.len() > MAX_ENCODED {
        return Err(ClipboardError::TooLong { encoded: encoded.len() });
    }
    let sequence = format!("\x1b]52;c;{encoded}\x07");
    if env("TMUX").is_some_and(|v| !v.is_empty()) {
        Ok(format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b")))
    } else if env("TERM").is_some_and(|t| t.starts_with("screen")) {
        Ok(screen_dcs(&sequence))
    } else {
        Ok(sequence)
    }
}

/// `sequence` split into DCS strings screen passes through unchanged: `ESC P chunk ESC \`…
fn screen_dcs(sequence: &str) -> String {
    let mut out = String::with_capacity(sequence.len() + sequence.len() / SCREEN_CHUNK * 4 + 4);
    // The sequence is ASCII, so any byte offset is a character boundary.
    for chunk in sequence.as_bytes().chunks(SCREEN_CHUNK) {
        out.push_str("\x1bP");
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push_str("\x1b\\");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| vars.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_string())
    }

    #[test]
    fn plain_terminal_gets_bare_osc52() {
        let out = osc52_for("ana@acme.example", &env_of(&[("TERM", "xterm-256color")])).unwrap();
        assert_eq!(out, "\x1b]52;c;YW5hQGFjbWUuZXhhbXBsZQ==\x07");
    }

    #[test]
    fn tmux_gets_passthrough_with_escapes_doubled() {
        let env = env_of(&[("TMUX", "/tmp/tmux-1000/default,42,0"), ("TERM", "screen-256color")]);
        let out = osc52_for("hi", &env).unwrap();
        assert_eq!(out, "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\");
    }

    #[test]
    fn screen_gets_dcs_chunks() {
        let env = env_of(&[("TERM", "screen.xterm-256color")]);
        assert_eq!(osc52_for("hi", &env).unwrap(), "\x1bP\x1b]52;c;aGk=\x07\x1b\\");

        let long = "x".repeat(100);
        let out = osc52_for(&long, &env).unwrap();
        let inner = format!("\x1b]52;c;{}\x07", STANDARD.encode(&long));
        let chunks: Vec<&str> = out.split("\x1b\\").filter(|c| !c.is_empty()).collect();
        assert_eq!(chunks.len(), inner.len().div_ceil(SCREEN_CHUNK));
        assert!(chunks.iter().all(|c| c.starts_with("\x1bP") && c.len() <= SCREEN_CHUNK + 2));
        let joined: String = chunks.iter().map(|c| &c[2..]).collect();
        assert_eq!(joined, inner);
    }

    #[test]
    fn copied_text_is_sanitised() {
        let out = osc52_for("eve\x1b]0;pwned\x07\u{202e}@acme.example", &env_of(&[])).unwrap();
        assert_eq!(out, format!("\x1b]52;c;{}\x07", STANDARD.encode("eve@acme.example")));
    }

    #[test]
    fn long_text_is_copied_whole_until_the_cap() {
        let fits = "a".repeat(MAX_ENCODED / 4 * 3);
        let out = osc52_for(&fits, &env_of(&[])).unwrap();
        assert_eq!(out.len(), MAX_ENCODED / 4 * 4 + 8);
        let too_long = "a".repeat(MAX_ENCODED);
        let err = osc52_for(&too_long, &env_of(&[])).unwrap_err();
        assert_eq!(err, ClipboardError::TooLong { encoded: STANDARD.encode(&too_long).len() });
        assert!(err.to_string().contains("export the view"));
    }
}
