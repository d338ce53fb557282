//! Hostile answers for the fault injector: a `next` link that cycles, a body of 100 MiB,
//! a body dripped a byte at a time, and a 429 whose rate-limit headers are absurd. Each is
//! valid HTTP; only what it says is hostile.

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::stream;

use crate::error::SimError;

/// Size of the huge body: 100 MiB.
pub const HUGE_BODY_BYTES: usize = 100 * 1024 * 1024;

/// Time between two bytes of a dripped body.
pub const DRIP_INTERVAL: Duration = Duration::from_millis(100);

/// `X-Rate-Limit-Reset` and `Retry-After` pairs of the absurd 429s, taken in turn: the
/// largest u64 (too many seconds for a float-to-`Duration` conversion), 10^19 (a valid
/// `Duration` that overflows `Instant` when added), and a number beyond u64.
pub const ABSURD_RESETS: [(&str, &str); 3] = [
    ("18446744073709551615", "99999999999999999999"),
    ("10000000000000000000", "18446744073709551615"),
    ("99999999999999999999", "10000000000000000000"),
];

/// A list answer whose `next` link points back at the list's first page (the `self` link
/// without its `after` cursor): following links never ends. Other answers are unchanged.
pub fn cycle_next(mut resp: Response) -> Response {
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let Some(first) = self_link(resp.headers()).map(|url| without_after(&url)) else { return resp };
    let kept: Vec<HeaderValue> = resp
        .headers()
        .get_all("link")
        .iter()
        .filter(|v| v.to_str().map_or(true, |s| !s.contains("rel=\"next\"")))
        .cloned()
        .collect();
    let headers = resp.headers_mut();
    headers.remove("link");
    for v in kept {
        headers.append("link", v);
    }
    crate::paging::add_link(headers, &first, "next");
    resp
}

/// The `rel="self"` URL among the `Link` lines.
fn self_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("rel=\"self\""))
        .and_then(|v| Some(v.split_once('<')?.1.split_once('>')?.0.to_string()))
}

/// `url` without its `after` query parameter.
fn without_after(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else { return url.to_string() };
    let kept: Vec<(String, String)> = parsed.query_pairs().into_owned().filter(|(k, _)| k != "after").collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    parsed.to_string()
}

/// A 200 whose body is a JSON array of user-shaped objects [`HUGE_BODY_BYTES`] long, sent
/// in chunks without a `Content-Length` (the sim never holds it whole).
pub fn huge_body() -> Response {
    let one = format!(
        r#"{{"id":"00uhugebodyfiller00","status":"ACTIVE","profile":{{"login":"filler@acme.example","firstName":"{}"}}}}"#,
        "x".repeat(4000)
    );
    let chunk = Bytes::from(format!("{one},").repeat(16));
    let chunks = HUGE_BODY_BYTES / chunk.len();
    let body = stream::iter(
        std::iter::once(Bytes::from_static(b"["))
            .chain(std::iter::repeat_n(chunk, chunks))
            .chain(std::iter::once(Bytes::from(format!("{one}]"))))
            .map(Ok::<Bytes, std::io::Error>),
    );
    (StatusCode::OK, [("content-type", "application/json")], Body::from_stream(body)).into_response()
}

/// `resp` with its body sent one byte every [`DRIP_INTERVAL`].
pub async fn drip(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.headers.remove("content-length");
    let drops = stream::unfold(0usize, move |at| {
        let bytes = bytes.clone();
        async move {
            if at >= bytes.len() {
                return None;
            }
            if at > 0 {
                tokio::time::sleep(DRIP_INTERVAL).await;
            }
            Some((Ok::<Bytes, std::io::Error>(bytes.slice(at..at + 1)), at + 1))
        }
    });
    Response::from_parts(parts, Body::from_stream(drops))
}

/// A 429 `E0000047` whose `X-Rate-Limit-Reset` and `Retry-After` are the `turn`th pair of
/// [`ABSURD_RESETS`] (the bucket spent: limit 600, none remaining).
pub fn absurd_reset(turn: u64) -> Response {
    let (reset, retry_after) = ABSURD_RESETS[(turn % ABSURD_RESETS.len() as u64) as usize];
    let mut resp = SimError::okta(
        StatusCode::TOO_MANY_REQUESTS,
        "E0000047",
        "API call exceeded rate limit due to too many requests.",
    )
    .into_response();
    let headers = resp.headers_mut();
    headers.insert("x-rate-limit-limit", HeaderValue::from_static("600"));
    headers.insert("x-rate-limit-remaining", HeaderValue::from_static("0"));
    headers.insert("x-rate-limit-reset", HeaderValue::from_static(reset));
    headers.insert("retry-after", HeaderValue::from_static(retry_after));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycled_next_points_at_the_first_page() {
        let mut headers = HeaderMap::new();
        crate::paging::add_link(&mut headers, "http://h/api/v1/users?limit=2&after=00u2", "self");
        crate::paging::add_link(&mut headers, "http://h/api/v1/users?limit=2&after=00u4", "next");
        let mut resp = (StatusCode::OK, "[]").into_response();
        *resp.headers_mut() = headers;
        let resp = cycle_next(resp);
        let links: Vec<&str> = resp.headers().get_all("link").iter().map(|v| v.to_str().unwrap()).collect();
        assert_eq!(
            links,
            [
                "<http://h/api/v1/users?limit=2&after=00u2>; rel=\"self\"",
                "<http://h/api/v1/users?limit=2>; rel=\"next\""
            ]
        );
    }

    #[tokio::test]
    async fn the_huge_body_is_a_json_array_of_its_size() {
        let body = axum::body::to_bytes(huge_body().into_body(), usize::MAX).await.unwrap();
        assert!(body.len() >= HUGE_BODY_BYTES - 70_000 && body.len() <= HUGE_BODY_BYTES + 70_000, "{}", body.len());
        let items: Vec<serde_json::Value> = serde_json::from_slice(&body).unwrap();
        assert_eq!(items.len(), HUGE_BODY_BYTES / (16 * (items[0].to_string().len() + 1)) * 16 + 1);
    }

    #[test]
    fn absurd_resets_go_round() {
        let a = absurd_reset(0);
        let b = absurd_reset(1);
        assert_eq!(a.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_ne!(a.headers()["x-rate-limit-reset"], b.headers()["x-rate-limit-reset"]);
        assert_eq!(absurd_reset(3).headers()["retry-after"], a.headers()["retry-after"]);
    }
}
