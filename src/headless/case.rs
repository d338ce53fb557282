//! `--case DIR`: the case file of a headless investigation, with this machine's operator,
//! audit journal and profile.

use std::path::Path;

use anyhow::{Context, Result};

use crate::actions::audit;
use crate::case::{self, CaseContext, CaseSubject, CaseWritten};
use crate::config::Paths;
use crate::okta::client::Client;

/// Writes the case file of `subject` into `dir` (masked with the run's masker under
/// `--mask`); a folder that holds
/// files is a usage error (exit 2), nothing written.
pub async fn write(
    client: &Client,
    profile: &str,
    subject: &CaseSubject,
    dir: &Path,
    mask: Option<crate::mask::Masker>,
) -> Result<CaseWritten> {
    let paths = Paths::discover().context("cannot find the data directory for the audit journal")?;
    let ctx = CaseContext {
        org: client.org().as_str().to_string(),
        profile: profile.to_string(),
        operator: crate::actions::operator::local_operator(),
        journal: paths.data_dir.join(audit::FILE_NAME),
        mask,
    };
    match case::write(client, subject, &ctx, dir).await {
        Ok(written) => Ok(written),
        Err(e) if e.is_refusal() => Err(super::UsageError(e.to_string()).into()),
        Err(e) => Err(e).with_context(|| format!("cannot write the case file in {}", dir.display())),
    }
}
