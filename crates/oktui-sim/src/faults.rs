//! Fault injection for the client's resilience tests: latency, spurious 429s and 5xxs,
//! connections dropped mid-response, and truncated bodies; and the hostile answers of
//! `hostile::transport` (cycling `next`, huge and dripped bodies, absurd resets).

use std::time::Duration;

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use rand::Rng;

use super::error::SimError;
use super::Faults;

/// What the fault injector decided for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    TooManyRequests,
    ServerError,
    Drop,
    Malformed,
    CycleNext,
    HugeBody,
    Drip,
    AbsurdReset,
}

/// Draws the fault for one request.
pub fn draw(faults: &Faults, rng: &mut impl Rng) -> Fault {
    let roll: f64 = rng.gen();
    let mut edge = 0.0;
    for (rate, fault) in [
        (faults.rate_429, Fault::TooManyRequests),
        (faults.rate_5xx, Fault::ServerError),
        (faults.rate_drop, Fault::Drop),
        (faults.rate_malformed, Fault::Malformed),
        (faults.rate_cycle_next, Fault::CycleNext),
        (faults.rate_huge_body, Fault::HugeBody),
        (faults.rate_drip, Fault::Drip),
        (faults.rate_absurd_reset, Fault::AbsurdReset),
    ] {
        edge += rate;
        if roll < edge {
            return fault;
        }
    }
    Fault::None
}

/// The configured latency.
pub fn latency(faults: &Faults) -> Duration {
    Duration::from_millis(faults.latency_ms)
}

/// A spurious 429 with Okta's body.
pub fn too_many_requests() -> Response {
    SimError::okta(StatusCode::TOO_MANY_REQUESTS, "E0000047", "API call exceeded rate limit due to too many requests.")
        .into_response()
}

/// A 500 `E0000009` or 503 `E0000010`, half and half.
pub fn server_error(rng: &mut impl Rng) -> Response {
    if rng.gen_bool(0.5) {
        SimError::okta(StatusCode::INTERNAL_SERVER_ERROR, "E0000009", "Internal Server Error").into_response()
    } else {
        SimError::okta(StatusCode::SERVICE_UNAVAILABLE, "E0000010", "Service is in read only mode").into_response()
    }
}

/// Okta's answer to a query that ran past its 30 s: 500 `E0000009` (API-NOTES: "Your last
/// request took too long…", use a smaller range).
pub fn query_timeout() -> SimError {
    SimError::okta(
        StatusCode::INTERNAL_SERVER_ERROR,
        "E0000009",
        "Your last request took too long to complete. This is likely due to a load issue on our side. \
         We recommend that you try again or use a more restrictive request.",
    )
}

/// A 200 whose body stream fails at once: hyper aborts the connection mid-response.
pub fn dropped() -> Response {
    let failing = stream::iter([Err::<bytes::Bytes, std::io::Error>(std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "simulated dropped connection",
    ))]);
    (StatusCode::OK, [("content-type", "application/json")], Body::from_stream(failing)).into_response()
}

/// Cuts a real response body in half, keeping its status and headers.
pub async fn truncate(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let cut = bytes.slice(0..bytes.len() / 2);
    parts.headers.remove("content-length");
    Response::from_parts(parts, Body::from(cut))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn rates_pick_faults_in_proportion() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let faults = Faults { rate_429: 0.25, rate_5xx: 0.25, ..Faults::default() };
        let n = 4000;
        let hits = (0..n).filter(|_| draw(&faults, &mut rng) == Fault::TooManyRequests).count();
        assert!((800..1200).contains(&hits), "{hits}");
        assert_eq!(draw(&Faults::default(), &mut rng), Fault::None);
    }
}
