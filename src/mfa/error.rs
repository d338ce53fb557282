//! Why a sweep or refresh failed.

use super::cache::CacheError;
use crate::okta::error::OktaError;

/// A sweep or refresh that could not finish.
#[derive(Debug, thiserror::Error)]
pub enum MfaError {
    #[error(transparent)]
    Okta(#[from] OktaError),
    #[error("no group is named '{0}': check the name with `oktui groups --q NAME`, or pass the group's id")]
    NoSuchGroup(String),
    /// Reading factors failed for a reason other than 403/404, after the client's retries.
    #[error("{source}. The {read} answers read so far are saved: run the same command again to resume")]
    Interrupted { source: OktaError, read: usize },
    #[error(transparent)]
    Cache(#[from] CacheError),
}
