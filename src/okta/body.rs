//! Reading a response body with a ceiling: the body is read chunk by chunk and the read stops
//! as soon as it passes the cap, whatever `Content-Length` claims, so a hostile or broken
//! server cannot make oktui hold more than the cap. Past [`LARGE_BODY`] a read goes on only
//! while it holds the process's one permit for a large body: the console reads several
//! things at once (a list, the log pane's tail, the live judge's), and without the permit
//! each could hold nearly the cap at the same time.

use bytes::{Bytes, BytesMut};
use tokio::sync::Semaphore;

/// The most one response body may hold: 64 MiB (a page of 1,000 System Log events is a few
/// MiB; nothing Okta sends comes near).
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// A body larger than this (4 MiB) is read only by one request at a time.
pub const LARGE_BODY: usize = 4 * 1024 * 1024;

/// The permit to read past [`LARGE_BODY`].
static LARGE: Semaphore = Semaphore::const_new(1);

/// Why a body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// The body is larger than the cap; what was read is dropped.
    TooLarge,
    /// The connection broke or timed out mid-body.
    Transport(reqwest::Error),
}

/// The body of `resp`, at most `cap` bytes.
pub async fn read_capped(mut resp: reqwest::Response, cap: usize) -> Result<Bytes, BodyError> {
    let announced = resp.content_length().map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    if announced.is_some_and(|n| n > cap) {
        return Err(BodyError::TooLarge);
    }
    let mut large = None;
    if announced.is_some_and(|n| n > LARGE_BODY) {
        large = LARGE.acquire().await.ok();
    }
    let mut body = BytesMut::with_capacity(announced.unwrap_or(0));
    while let Some(chunk) = resp.chunk().await.map_err(BodyError::Transport)? {
        let len = body.len().saturating_add(chunk.len());
        if len > cap {
            return Err(BodyError::TooLarge);
        }
        if len > LARGE_BODY && large.is_none() {
            large = LARGE.acquire().await.ok();
        }
        body.extend_from_slice(&chunk);
    }
    drop(large);
    Ok(body.freeze())
}

/// `cap` in whole MiB, for messages.
pub fn mib(cap: usize) -> usize {
    cap / (1024 * 1024)
}
