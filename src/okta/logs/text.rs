//! A JSON string read for the fast path: borrowed from the page when it has no escapes,
//! unescaped into a copy of its own only when it does.
//!
//! serde's `Cow<str>` cannot be used for this: `#[serde(borrow)]` makes it borrow only as
//! a field's whole type, so an `Option<Cow<str>>` is always a copy (serde-rs/serde#2016).

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::de::{Deserialize, Deserializer, Error, Visitor};

/// A string of the page, borrowed where it can be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Text<'a>(Cow<'a, str>);

impl Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: Error>(self, text: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E: Error>(self, text: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(text)))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text<'a>, D::Error> {
        d.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strings_are_borrowed_and_escaped_ones_unescaped() {
        let read: Vec<Option<Text>> = serde_json::from_str(r#"["plain", "tab\there", null]"#).unwrap();
        assert!(matches!(read[0], Some(Text(Cow::Borrowed("plain")))));
        assert_eq!(read[1].as_deref(), Some("tab\there"));
        assert!(matches!(read[1], Some(Text(Cow::Owned(_)))));
        assert!(read[2].is_none());
        assert!(serde_json::from_str::<Text>("42").is_err());
    }
}
