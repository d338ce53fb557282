//! RFC 8288 `Link` pagination as Okta does it: one header line per relation (`self`,
//! `next`), absolute URLs, opaque `after` cursors, and a list that ends when `next` is absent.

use axum::http::{HeaderMap, HeaderValue};
use url::form_urlencoded;

use super::error::SimError;

/// Builds the absolute URL of `path` with the given query pairs (empty values dropped).
pub fn page_url(base: &str, path: &str, query: &[(&str, String)]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in query {
        if !v.is_empty() {
            ser.append_pair(k, v);
        }
    }
    let q = ser.finish();
    if q.is_empty() {
        format!("{base}{path}")
    } else {
        format!("{base}{path}?{q}")
    }
}

/// Appends a `Link: <url>; rel="REL"` header line.
pub fn add_link(headers: &mut HeaderMap, url: &str, rel: &str) {
    if let Ok(v) = HeaderValue::from_str(&format!("<{url}>; rel=\"{rel}\"")) {
        headers.append("link", v);
    }
}

/// One page of a list: the items and the cursor of the next page, if any.
#[derive(Debug)]
pub struct Page<'a, T> {
    pub items: Vec<&'a T>,
    pub next_after: Option<String>,
}

/// Slices `items` (already filtered and in their stable order) after the item whose key is
/// `after`. Okta's cursors for directory lists are the last item's id; an unknown cursor is
/// `E0000029`.
pub fn paginate<'a, T>(
    items: Vec<&'a T>,
    key: impl Fn(&T) -> &str,
    after: Option<&str>,
    limit: usize,
) -> Result<Page<'a, T>, SimError> {
    let start = match after {
        None => 0,
        Some(cursor) => match items.iter().position(|i| key(i) == cursor) {
            Some(p) => p + 1,
            None => {
                return Err(SimError::okta(axum::http::StatusCode::BAD_REQUEST, "E0000029", "Invalid paging request."))
            }
        },
    };
    let end = (start + limit).min(items.len());
    let next_after = (end < items.len() && end > start).then(|| key(items[end - 1]).to_string());
    Ok(Page { items: items[start..end].to_vec(), next_after })
}

/// Parses a `limit` parameter: absent → `default`; above `max` → `max`; not a number → 400.
pub fn parse_limit(raw: Option<&str>, default: usize, max: usize) -> Result<usize, SimError> {
    match raw {
        None => Ok(default),
        Some(s) => match s.trim().parse::<i64>() {
            Ok(n) if n >= 0 => Ok((n as usize).min(max)),
            _ => Err(SimError::validation(format!("limit: '{s}' is not a valid page size"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_cursors_to_the_end() {
        let ids: Vec<String> = (0..5).map(|i| format!("id{i}")).collect();
        let all: Vec<&String> = ids.iter().collect();
        let p1 = paginate(all.clone(), |s| s.as_str(), None, 2).unwrap();
        assert_eq!(p1.items.len(), 2);
        let p2 = paginate(all.clone(), |s| s.as_str(), p1.next_after.as_deref(), 2).unwrap();
        assert_eq!(p2.items[0].as_str(), "id2");
        let p3 = paginate(all.clone(), |s| s.as_str(), p2.next_after.as_deref(), 2).unwrap();
        assert_eq!(p3.items.len(), 1);
        assert!(p3.next_after.is_none());
        assert!(paginate(all, |s| s.as_str(), Some("nope"), 2).is_err());
    }

    #[test]
    fn exact_multiple_has_no_dangling_next() {
        let ids: Vec<String> = (0..4).map(|i| format!("id{i}")).collect();
        let all: Vec<&String> = ids.iter().collect();
        let p2 = paginate(all, |s| s.as_str(), Some("id1"), 2).unwrap();
        assert!(p2.next_after.is_none());
    }

    #[test]
    fn limits_parse_and_clamp() {
        assert_eq!(parse_limit(None, 200, 200).unwrap(), 200);
        assert_eq!(parse_limit(Some("500"), 200, 200).unwrap(), 200);
        assert!(parse_limit(Some("ten"), 200, 200).is_err());
        assert!(parse_limit(Some("-1"), 200, 200).is_err());
    }

    #[test]
    fn urls_encode_queries() {
        let u =
            page_url("http://h", "/api/v1/users", &[("search", "status eq \"ACTIVE\"".into()), ("q", String::new())]);
        assert_eq!(u, "http://h/api/v1/users?search=status+eq+%22ACTIVE%22");
    }
}
