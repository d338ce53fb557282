//! The sweep: list the scope's users, learn the admins, then read each sign-in-capable
//! user's factors with as many requests in flight as the client allows, paced by the
//! client's shared rate limiter at background priority (in the console, interactive calls
//! keep a reserve of the bucket; an unattended client spends it all). Answers are checkpointed to the cache every couple of seconds, so a
//! cancelled sweep (its future dropped) resumes where it stopped.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::StreamExt;

use super::admins;
use super::cache::{CacheStore, SweepRecord, UserMfa};
use super::classify::{classify, is_swept_status, FactorBrief, MfaClass};
use super::error::MfaError;
use super::progress::{Phase, Progress};
use super::scope::Scope;
use crate::okta::api::users;
use crate::okta::client::Client;
use crate::okta::error::OktaError;
use crate::okta::model::{Factor, User};
use crate::okta::ratelimit::{Priority, MAX_IN_FLIGHT};

/// How often answers are written to the cache while a sweep runs.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);

/// Where progress goes (a progress line, the console's gauge).
pub type Reporter<'a> = &'a mut (dyn FnMut(&Progress) + Send);

/// A full sweep of `scope`, continuing `resume` when it is an unfinished sweep of the same
/// scope and org (its answers are kept, only the rest is read).
pub async fn full(
    client: &Client,
    scope: &Scope,
    resume: Option<SweepRecord>,
    store: Option<&CacheStore>,
    report: Reporter<'_>,
) -> Result<SweepRecord, MfaError> {
    let org = client.org().as_str().to_string();
    let resume = resume.filter(|r| !r.is_complete() && &r.scope == scope && r.org == org);
    let mut record = SweepRecord::new(&org, scope.clone(), resume.as_ref().map_or_else(Utc::now, |r| r.started_at));
    let kept: HashMap<String, UserMfa> = resume
        .map(|r| r.users.into_iter().filter(|u| u.class.is_some()).map(|u| (u.id.clone(), u)).collect())
        .unwrap_or_default();
    gather(client, &mut record, &kept, &HashSet::new(), store, report).await?;
    let now = Utc::now();
    record.completed_at = Some(now);
    record.log_checked_until = Some(record.started_at);
    if let Some(store) = store {
        store.save(&record)?;
    }
    Ok(record)
}

/// Lists the scope into `record.users` (answers in `kept` are reused unless their user is in
/// `changed`), learns the admins, and reads the factors of everyone else.
pub(super) async fn gather(
    client: &Client,
    record: &mut SweepRecord,
    kept: &HashMap<String, UserMfa>,
    changed: &HashSet<String>,
    store: Option<&CacheStore>,
    report: Reporter<'_>,
) -> Result<(), MfaError> {
    report(&Progress::start(Phase::Listing));
    let listed: Vec<User> =
        record.scope.list(client).await?.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect();
    record.users = listed
        .iter()
        .filter(|u| u.status().is_some_and(is_swept_status))
        .filter_map(|u| {
            let id = u.id.clone()?;
            let answer = kept.get(&id).filter(|_| !changed.contains(&id));
            Some(UserMfa {
                login: u.login().unwrap_or_default().to_string(),
                name: u.display_name(),
                status: u.status().unwrap_or_default().to_string(),
                last_login: u.last_login.clone(),
                class: answer.and_then(|a| a.class),
                factors: answer.map(|a| a.factors.clone()).unwrap_or_default(),
                admin: None,
                fetched_at: answer.and_then(|a| a.fetched_at),
                id,
            })
        })
        .collect();
    record.users.sort_by(|a, b| a.login.cmp(&b.login));

    report(&Progress { listed: listed.len(), ..Progress::start(Phase::Admins) });
    let admins = match admins::admin_ids(client).await {
        Ok(ids) => Some(ids),
        Err(e) if admins::is_unavailable(&e) => {
            tracing::info!("the list of admins is not available ({e}); checking roles of users with gaps only");
            None
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(ids) = &admins {
        for u in &mut record.users {
            u.admin = Some(ids.contains(&u.id));
        }
    }

    read_factors(client, record, listed.len(), store, report).await?;
    if admins.is_none() {
        roles_of_gaps(client, record).await?;
    }
    Ok(())
}

/// What one factor read came to.
enum Answer {
    Factors(Vec<FactorBrief>),
    Forbidden,
    Deleted,
}

async fn read_one(client: &Client, id: String) -> (String, Result<Answer, OktaError>) {
    let answer = match users::factors(&id).page::<Factor>(client, Priority::Background).await {
        Ok((factors, _)) => Ok(Answer::Factors(factors.iter().map(FactorBrief::of).collect())),
        Err(e) if e.status() == Some(403) => Ok(Answer::Forbidden),
        Err(e) if e.status() == Some(404) => Ok(Answer::Deleted),
        Err(e) => Err(e),
    };
    (id, answer)
}

/// Reads the factors of every user without an answer, checkpointing as it goes.
async fn read_factors(
    client: &Client,
    record: &mut SweepRecord,
    listed: usize,
    store: Option<&CacheStore>,
    report: Reporter<'_>,
) -> Result<(), MfaError> {
    let pending: Vec<String> = record.users.iter().filter(|u| u.class.is_none()).map(|u| u.id.clone()).collect();
    let index: HashMap<String, usize> = record.users.iter().enumerate().map(|(i, u)| (u.id.clone(), i)).collect();
    let started = Instant::now();
    let mut progress = Progress { listed, total: pending.len(), ..Progress::start(Phase::Factors) };
    report(&progress);
    let mut deleted = HashSet::new();
    let mut answers =
        futures_util::stream::iter(pending).map(|id| read_one(client, id)).buffer_unordered(MAX_IN_FLIGHT);
    let mut last_checkpoint = Instant::now();
    while let Some((id, answer)) = answers.next().await {
        let answer = match answer {
            Ok(a) => a,
            Err(source) => {
                drop(answers);
                let read = record.users.iter().filter(|u| u.class.is_some()).count();
                record.users.retain(|u| !deleted.contains(&u.id));
                if let Some(store) = store {
                    store.save(record)?;
                }
                return Err(MfaError::Interrupted { source, read });
            }
        };
        let Some(user) = index.get(&id).and_then(|i| record.users.get_mut(*i)) else { continue };
        match answer {
            Answer::Factors(factors) => {
                user.class = Some(classify(&factors));
                user.factors = factors;
            }
            Answer::Forbidden => {
                user.class = Some(MfaClass::Unknown);
                user.factors.clear();
                progress.forbidden += 1;
            }
            Answer::Deleted => {
                deleted.insert(id);
                progress.deleted += 1;
            }
        }
        user.fetched_at = Some(Utc::now());
        progress.done += 1;
        progress.elapsed = started.elapsed();
        report(&progress);
        if last_checkpoint.elapsed() >= CHECKPOINT_EVERY {
            if let Some(store) = store {
                store.save(record)?;
            }
            last_checkpoint = Instant::now();
        }
    }
    drop(answers);
    record.users.retain(|u| !deleted.contains(&u.id));
    record.deleted += u32::try_from(deleted.len()).unwrap_or(u32::MAX);
    progress.phase = Phase::Done;
    report(&progress);
    Ok(())
}

/// The per-user fallback of `admins`: roles of the users with a gap (or an unknown answer).
async fn roles_of_gaps(client: &Client, record: &mut SweepRecord) -> Result<(), MfaError> {
    let gaps: Vec<String> = record
        .users
        .iter()
        .filter(|u| matches!(u.class, Some(MfaClass::None | MfaClass::WeakOnly | MfaClass::Unknown)))
        .map(|u| u.id.clone())
        .collect();
    let mut answers = futures_util::stream::iter(gaps)
        .map(|id| async move {
            let admin = admins::is_admin(client, &id).await;
            (id, admin)
        })
        .buffer_unordered(MAX_IN_FLIGHT);
    let mut found = HashMap::new();
    while let Some((id, admin)) = answers.next().await {
        match admin {
            Ok(a) => {
                found.insert(id, a);
            }
            Err(e) if admins::is_unavailable(&e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    for u in &mut record.users {
        if let Some(a) = found.get(&u.id) {
            u.admin = Some(*a);
        }
    }
    Ok(())
}
