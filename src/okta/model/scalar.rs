//! [`Scalar`]: a value Okta sends as a string in one payload and a number in another.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Number;

/// A JSON string, number or boolean, kept in the form Okta sent so that re-serializing gives
/// back the same JSON. Used where real data varies: `version` (`"0"` or `0`), `postalCode`
/// (`"10013"` or `10013`), `lat`/`lon`, `asNumber`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// Sent as a JSON string.
    Text(String),
    /// Sent as a JSON number.
    Number(Number),
    /// Sent as a JSON boolean.
    Bool(bool),
}

impl Scalar {
    /// The value as a float: numbers as they are, strings parsed (`"43.65"` → 43.65).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Scalar::Text(s) => s.trim().parse().ok(),
            Scalar::Number(n) => n.as_f64(),
            Scalar::Bool(_) => None,
        }
    }

    /// The value as an integer: integral numbers as they are, strings parsed (`"394089"`).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Scalar::Text(s) => s.trim().parse().ok(),
            Scalar::Number(n) => n.as_i64(),
            Scalar::Bool(_) => None,
        }
    }

    /// The string, if Okta sent a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Scalar {
    /// The text of the value: a string as is, a number or boolean as JSON writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Text(s) => f.write_str(s),
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Bool(b) => write!(f, "{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_numbers_read_alike_and_keep_their_form() {
        for (json, f, i, text) in
            [("\"10013\"", 10013.0, Some(10013), "10013"), ("10013", 10013.0, Some(10013), "10013")]
        {
            let s: Scalar = serde_json::from_str(json).unwrap();
            assert_eq!((s.as_f64(), s.as_i64(), s.to_string()), (Some(f), i, text.to_string()));
            assert_eq!(serde_json::to_string(&s).unwrap(), json);
        }
        let lat: Scalar = serde_json::from_str("\"-79.34\"").unwrap();
        assert_eq!(lat.as_f64(), Some(-79.34));
        assert_eq!(lat.as_i64(), None);
        let flag: Scalar = serde_json::from_str("true").unwrap();
        assert_eq!((flag.as_f64(), flag.as_str(), flag.to_string()), (None, None, "true".to_string()));
    }
}
