//! An event's JSON exactly as Okta sent it, without a copy per event: a range of the page it
//! came in, which its events share. A page is freed once none of its events' JSON is held.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// One event's JSON text: a range of a shared page (or a text of its own).
#[derive(Clone, PartialEq, Eq)]
pub struct RawJson {
    page: Arc<str>,
    range: Range<usize>,
}

impl RawJson {
    /// The JSON at `range` of `page`; `None` if the range is not a slice of it (out of
    /// bounds or inside a character).
    pub fn in_page(page: &Arc<str>, range: Range<usize>) -> Option<RawJson> {
        page.get(range.clone())?;
        Some(RawJson { page: page.clone(), range })
    }

    /// Bytes of text this keeps alive: its whole page.
    #[cfg(test)]
    pub(crate) fn held_bytes(&self) -> usize {
        self.page.len()
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // `in_page` checked the range and the page never changes.
        &self.page[self.range.clone()]
    }
}

impl From<&str> for RawJson {
    fn from(text: &str) -> RawJson {
        RawJson::from(Arc::<str>::from(text))
    }
}

impl From<String> for RawJson {
    fn from(text: String) -> RawJson {
        RawJson::from(Arc::<str>::from(text))
    }
}

impl From<Arc<str>> for RawJson {
    /// The whole text.
    fn from(page: Arc<str>) -> RawJson {
        RawJson { range: 0..page.len(), page }
    }
}

impl Deref for RawJson {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for RawJson {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_share_their_page_until_the_last_is_dropped() {
        let page: Arc<str> = Arc::from(r#"[{"a":1},{"b":2}]"#);
        let first = RawJson::in_page(&page, 1..8).unwrap();
        let second = RawJson::in_page(&page, 9..16).unwrap();
        assert_eq!((first.as_str(), &*second), (r#"{"a":1}"#, r#"{"b":2}"#));
        assert!(RawJson::in_page(&page, 9..40).is_none());
        drop(page);
        drop(first);
        assert_eq!(second.to_string(), r#"{"b":2}"#);
        assert_eq!(Arc::strong_count(&second.page), 1);
        assert_eq!(&*RawJson::from("é".to_string()), "é");
    }
}
