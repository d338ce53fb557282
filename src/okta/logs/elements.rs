//! Walking a page of `GET /api/v1/logs` (a JSON array) element by element in one pass:
//! each element is read into the reader's own shape straight from the page's text, and
//! handed over with where its JSON is in the page, so an element the shape cannot read is
//! read another way from exactly its text. The tail and the hunts read their pages so.

use std::ops::Range;

use serde::Deserialize;
use serde_json::value::RawValue;

/// Why a page could not be read: it is not a JSON array of values (a truncated answer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the page is not a JSON array of events: {0}")]
pub struct PageError(pub String);

/// Reads the page `text`, handing `each` every element in order with its range in `text`
/// (the element as sent, without the whitespace around it) and the element read as a `T`,
/// or `None` where it is not one. Returns how many elements the page held; fails when the
/// text is not a JSON array (then some elements may have been handed over already).
pub fn walk_page<'t, T: Deserialize<'t>>(
    text: &'t str,
    mut each: impl FnMut(Range<usize>, Option<T>),
) -> Result<usize, PageError> {
    let bytes = text.as_bytes();
    let skip_ws = |mut at: usize| {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        at
    };
    let mut at = skip_ws(0);
    if bytes.get(at) != Some(&b'[') {
        return Err(PageError("it does not start with [".into()));
    }
    at = skip_ws(at + 1);
    let mut elements = 0;
    if bytes.get(at) == Some(&b']') {
        at += 1;
    } else {
        loop {
            let rest = &text[at..];
            let mut fast = serde_json::Deserializer::from_str(rest).into_iter::<T>();
            let (len, read) = match fast.next() {
                Some(Ok(read)) => (fast.byte_offset(), Some(read)),
                Some(Err(_)) => {
                    let mut whole = serde_json::Deserializer::from_str(rest).into_iter::<&RawValue>();
                    match whole.next() {
                        Some(Ok(_)) => (whole.byte_offset(), None),
                        Some(Err(e)) => return Err(PageError(e.to_string())),
                        None => return Err(PageError("it ends inside the array".into())),
                    }
                }
                None => return Err(PageError("it ends inside the array".into())),
            };
            let element = &rest[..len];
            let trimmed = element.trim_start();
            let start = at + (len - trimmed.len());
            each(start..start + trimmed.trim_end().len(), read);
            elements += 1;
            at = skip_ws(at + len);
            match bytes.get(at) {
                Some(b',') => at = skip_ws(at + 1),
                Some(b']') => {
                    at += 1;
                    break;
                }
                _ => return Err(PageError("an element is not followed by , or ]".into())),
            }
        }
    }
    if skip_ws(at) != bytes.len() {
        return Err(PageError("text follows the array".into()));
    }
    Ok(elements)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_are_handed_over_as_sent_read_or_not() {
        let body = r#" [ {"a":1} , 42,{"a":"x"},{"b":1} ] "#;
        #[derive(Deserialize)]
        struct A {
            a: u8,
        }
        let mut seen = Vec::new();
        let n = walk_page::<A>(body, |at, a| seen.push((body[at].to_string(), a.map(|a| a.a)))).unwrap();
        assert_eq!(n, 4);
        let expected = [("{\"a\":1}", Some(1)), ("42", None), ("{\"a\":\"x\"}", None), ("{\"b\":1}", None)];
        assert_eq!(seen, expected.map(|(t, a)| (t.to_string(), a)));
        assert_eq!(walk_page::<A>("[]", |_, _| {}), Ok(0));
        for bad in ["[{\"uuid\":\"a\"}", "{}", "[1,]", "[1] x", "[1 2]"] {
            assert!(walk_page::<A>(bad, |_, _| {}).is_err(), "{bad}");
        }
    }
}
