//! The Okta API client: the only code that speaks HTTP to Okta. Knows nothing of the UI.
//!
//! `url` validates org URLs; `auth` turns a credential into request headers (SSWS, OAuth
//! client credentials with a secret or private_key_jwt, DPoP); `ratelimit` paces requests
//! from Okta's `X-Rate-Limit-*` headers; `client` sends requests, retries what is safe to
//! retry and pages through `Link` headers; `error` is the one error type callers see;
//! `model` holds lenient typed views of Okta's objects.

pub mod auth;
pub mod client;
pub mod credential;
pub mod error;
pub mod model;
pub mod ratelimit;
pub mod url;

/// Text from Okta made safe for one terminal line: control characters and escape sequences
/// removed, line breaks turned into spaces. Okta's text is untrusted (it can echo user input).
pub fn sanitize_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // Skip an escape sequence: ESC [ … final byte, or ESC + one character.
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for n in chars.by_ref() {
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
