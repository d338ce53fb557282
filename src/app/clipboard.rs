//! Copying to the user's clipboard. A terminal sets its own clipboard on OSC 52, so copying
//! works over SSH with no clipboard tool on the remote host. Inside tmux a plain OSC 52 is
//! ignored unless `set-clipboard` is `on` (its default, `external`, refuses applications'),
//! and the passthrough wrapper is dropped unless `allow-passthrough` is on (tmux 3.3): so in
//! tmux oktui asks tmux for those options, puts the text in tmux's paste buffer with
//! `tmux load-buffer` (whatever the options), has tmux pass it on to the outer terminal where
//! tmux will (`-w`), and says which of these happened. GNU screen gets the sequence split
//! into DCS strings it passes through.
//!
//! [`plan`] decides from the environment and tmux's options (pure, tested); [`copy`] asks
//! tmux, carries the plan out and says what was done.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use thiserror::Error;

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::sanitize::{clean, clean_with_limit};

/// The largest base64 payload sent; many terminals drop longer OSC 52 sequences.
pub const MAX_ENCODED: usize = 74_994;

/// GNU screen passes at most this many bytes per DCS string, so longer ones are split.
const SCREEN_CHUNK: usize = 76;

/// The longest a `tmux` command may take before oktui gives up on it.
const TMUX_TIMEOUT: Duration = Duration::from_millis(1_500);

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
    /// Inside tmux, tmux could not be asked, and no sequence would get through it.
    #[error(
        "tmux did not take the text ({0}), and it passes no clipboard sequence from programs: \
         `set -g set-clipboard on` in tmux lets it through"
    )]
    Tmux(String),
    /// The terminal could not be written to.
    #[error("cannot write to the terminal: {0}")]
    Terminal(String),
}

/// tmux's options that decide what gets through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmuxOptions {
    /// `set-clipboard`: `on` takes a program's OSC 52 into a buffer and passes it on,
    /// `external` (the default) only sets the outer clipboard from tmux's own copies, `off`
    /// neither.
    pub set_clipboard: String,
    /// `allow-passthrough` (tmux 3.3): whether a wrapped sequence reaches the outer terminal.
    pub allow_passthrough: bool,
}

impl TmuxOptions {
    /// Whether tmux sets the outer terminal's clipboard when it is given a buffer with `-w`.
    fn forwards(&self) -> bool {
        matches!(self.set_clipboard.as_str(), "on" | "external")
    }
}

/// How a copy is carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Write these bytes to the terminal (no tmux).
    Terminal(String),
    /// Inside tmux: load the (sanitised) text into tmux's paste buffer, `-w` to have tmux
    /// pass it to the outer terminal's clipboard, then write `passthrough` to the terminal
    /// if tmux lets wrapped sequences through.
    Tmux {
        /// The sanitised text.
        text: String,
        /// Whether tmux is asked to set the outer terminal's clipboard too.
        forward: bool,
        /// The wrapped OSC 52, when tmux does not forward but passes sequences through.
        passthrough: Option<String>,
    },
}

/// How to copy `text` from here: `env` reads an environment variable, `tmux` is what tmux
/// said of its options (`None` outside tmux, or when tmux could not be asked).
pub fn plan(
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
    tmux: Option<&TmuxOptions>,
) -> Result<Plan, ClipboardError> {
    let in_tmux = env("TMUX").is_some_and(|v| !v.is_empty());
    let sequence = osc52_for(text, env)?;
    match (in_tmux, tmux) {
        (true, Some(options)) => Ok(Plan::Tmux {
            text: clean_with_limit(text, usize::MAX).into_owned(),
            forward: options.forwards(),
            passthrough: (!options.forwards() && options.allow_passthrough).then_some(sequence),
        }),
        // tmux could not be asked: the buffer is still worth a try, and the wrapped sequence
        // gets through where passthrough is allowed.
        (true, None) => Ok(Plan::Tmux {
            text: clean_with_limit(text, usize::MAX).into_owned(),
            forward: false,
            passthrough: Some(sequence),
        }),
        (false, _) => Ok(Plan::Terminal(sequence)),
    }
}

/// Copies `text` from the terminal this process runs in, asking tmux when inside it, and
/// says what was done (`copied …`). Blocks on `tmux` for at most a few seconds: run it off
/// the async runtime.
pub fn copy(text: &str) -> Result<String, ClipboardError> {
    let env = |key: &str| std::env::var(key).ok();
    let in_tmux = env("TMUX").is_some_and(|v| !v.is_empty());
    let options = if in_tmux { tmux_options() } else { None };
    let shown = clean(text);
    match plan(text, &env, options.as_ref())? {
        Plan::Terminal(bytes) => {
            write_terminal(&bytes)?;
            Ok(format!("copied {shown}"))
        }
        Plan::Tmux { text, forward, passthrough } => {
            let loaded = load_buffer(&text, forward);
            if let Some(bytes) = &passthrough {
                write_terminal(bytes)?;
            }
            match (loaded, forward, passthrough.is_some()) {
                (Ok(()), true, _) => Ok(format!("copied {shown} to tmux's buffer and the clipboard")),
                (Ok(()), false, true) => Ok(format!("copied {shown} to tmux's buffer and the terminal")),
                (Ok(()), false, false) => Ok(format!("copied {shown} to tmux's buffer only (tmux: set-clipboard on)")),
                (Err(e), _, true) if options.as_ref().is_some_and(|o| o.allow_passthrough) => {
                    tracing::debug!("tmux load-buffer failed: {e}");
                    Ok(format!("copied {shown} (sent through tmux to the terminal)"))
                }
                (Err(e), _, _) => Err(ClipboardError::Tmux(e)),
            }
        }
    }
}

/// What tmux says of `set-clipboard` and `allow-passthrough`, or `None` if it cannot be
/// asked (no `tmux` on PATH, an old server, a hung one).
fn tmux_options() -> Option<TmuxOptions> {
    let set_clipboard = run_tmux(&["show-options", "-gqv", "set-clipboard"], None).ok()?;
    // A pane's own setting wins over the global one; tmux before 3.3 has neither.
    let pane = run_tmux(&["show-options", "-pqv", "allow-passthrough"], None).unwrap_or_default();
    let passthrough = if pane.trim().is_empty() {
        run_tmux(&["show-options", "-gqv", "allow-passthrough"], None).unwrap_or_default()
    } else {
        pane
    };
    Some(TmuxOptions {
        set_clipboard: set_clipboard.trim().to_string(),
        allow_passthrough: matches!(passthrough.trim(), "on" | "all"),
    })
}

/// `tmux load-buffer [-w] -` with `text` on its stdin; without `-w` again for a tmux older
/// than 3.2, which does not know it.
fn load_buffer(text: &str, forward: bool) -> Result<(), String> {
    if forward && run_tmux(&["load-buffer", "-w", "-"], Some(text.as_bytes())).is_ok() {
        return Ok(());
    }
    run_tmux(&["load-buffer", "-"], Some(text.as_bytes())).map(|_| ())
}

/// Runs `tmux args…` (the server `TMUX` names), with `input` on its stdin, for at most
/// [`TMUX_TIMEOUT`]; its first 4 KiB of output, or why it failed.
fn run_tmux(args: &[&str], input: Option<&[u8]>) -> Result<String, String> {
    let mut child = Command::new("tmux")
        .args(args)
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run tmux: {e}"))?;
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(bytes).map_err(|e| format!("cannot write to tmux: {e}"))?;
    }
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < TMUX_TIMEOUT => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("tmux did not answer within {} ms", TMUX_TIMEOUT.as_millis()));
            }
            Err(e) => return Err(format!("cannot wait for tmux: {e}")),
        }
    };
    let mut out = String::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = stdout.take(4_096).read_to_string(&mut out);
    }
    if status.success() {
        Ok(out)
    } else {
        Err(format!("tmux {} failed ({status})", args.first().copied().unwrap_or_default()))
    }
}

/// Writes `bytes` to the terminal and flushes.
fn write_terminal(bytes: &str) -> Result<(), ClipboardError> {
    let mut out = std::io::stdout();
    out.write_all(bytes.as_bytes()).and_then(|()| out.flush()).map_err(|e| ClipboardError::Terminal(e.to_string()))
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

    fn tmux(set_clipboard: &str, allow_passthrough: bool) -> TmuxOptions {
        TmuxOptions { set_clipboard: set_clipboard.into(), allow_passthrough }
    }

    const IN_TMUX: &[(&str, &str)] = &[("TMUX", "/tmp/tmux-1000/default,42,0"), ("TERM", "screen-256color")];

    #[test]
    fn outside_tmux_the_terminal_gets_the_sequence() {
        let plan = plan("hi", &env_of(&[("TERM", "xterm")]), Some(&tmux("on", true))).unwrap();
        assert_eq!(plan, Plan::Terminal("\x1b]52;c;aGk=\x07".into()));
    }

    #[test]
    fn in_tmux_the_text_goes_to_its_buffer_and_on_as_far_as_tmux_lets_it() {
        let env = env_of(IN_TMUX);
        let wrapped = "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\".to_string();
        for setting in ["on", "external"] {
            let expected = Plan::Tmux { text: "hi".into(), forward: true, passthrough: None };
            assert_eq!(plan("hi", &env, Some(&tmux(setting, false))).unwrap(), expected, "{setting}");
        }
        let off = Plan::Tmux { text: "hi".into(), forward: false, passthrough: Some(wrapped.clone()) };
        assert_eq!(plan("hi", &env, Some(&tmux("off", true))).unwrap(), off);
        let shut = Plan::Tmux { text: "hi".into(), forward: false, passthrough: None };
        assert_eq!(plan("hi", &env, Some(&tmux("off", false))).unwrap(), shut, "tmux 3.3's defaults drop the wrapper");
        let unknown = Plan::Tmux { text: "hi".into(), forward: false, passthrough: Some(wrapped) };
        assert_eq!(plan("hi", &env, None).unwrap(), unknown);
    }

    #[test]
    fn the_text_tmux_is_given_is_sanitised() {
        let Plan::Tmux { text, .. } =
            plan("eve\x1b]0;x\x07@acme.example", &env_of(IN_TMUX), Some(&tmux("on", false))).unwrap()
        else {
            panic!("not the tmux plan")
        };
        assert_eq!(text, "eve@acme.example");
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
