//! A secret value (API token, client secret, private key) that never shows itself: its
//! `Debug` and `Display` print `<redacted>`, so it cannot leak through logs or error messages.

use std::fmt;

/// A secret string. Read it only where it is sent or used, with [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send or use it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_itself() {
        let s = Secret::new("canary-7f3a");
        assert!(!format!("{s:?} {s} {:?}", Some(&s)).contains("canary"));
        assert_eq!(s.expose(), "canary-7f3a");
    }
}
