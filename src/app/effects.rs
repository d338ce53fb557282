//! The one effect dispatcher: every [`Effect`] `update` asks for is carried out here, by one
//! exhaustive `match` (no wildcard arm: a new kind of effect does not compile until it is
//! dispatched).
//!
//! Work that reads runs in a [`Slot`], one per kind of work: starting a task in a slot
//! aborts the task that slot was running (a superseded read sends no further request), and
//! a profile switch aborts every slot (nothing read from the old org arrives after it).
//! Two kinds of work run outside the slots, to their end: an approved change to the org or
//! containment plan (cut midway, its outcome would never reach the audit journal; the approval gate's
//! in-flight set keeps it from running twice) and the files the operator asked for
//! (exports and case files, each wanted on its own).

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::Sender;
use tokio::sync::watch;
use tokio::task::AbortHandle;

use super::effect::Effect;
use super::findings_tasks::{self, CasePlace, HuntSettings};
use super::history::HistoryProgress;
use super::judge_task::{self, JudgeSettings};
use super::lists::ListKind;
use super::msg::Msg;
use super::state::HeaderInfo;
use super::{action_tasks, tasks};
use crate::config::Config;
use crate::mfa::Scope;
use crate::okta::client::Client;
use crate::okta::logs::TailConfig;

/// A kind of work that runs one task at a time: a new one aborts the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// Streaming one list's pages (each list its own slot).
    List(ListKind),
    /// The users search that runs beside the users listing.
    Search,
    /// Reading one object for the detail view.
    Detail,
    /// The System Log tail.
    Tail,
    /// Asking Okta whether it accepts a log query.
    LogQuery,
    /// Reading one event back by uuid.
    Event,
    /// The approval dialog's re-read of its user.
    Preflight,
    /// Reading the audit journal.
    Audit,
    /// The MFA sweep.
    Mfa,
    /// An investigation of one user.
    Investigation,
    /// The IP view's read of one address.
    Ip,
    /// The org-wide hunt.
    Hunt,
    /// Following how far the demo org's System Log history is written.
    History,
    /// The live judge.
    Judge,
}

/// The connection and the places the dispatcher works with; a profile switch replaces the
/// profile's part.
pub struct Setup {
    pub client: Client,
    /// The profile's name (the MFA cache is kept per name, as `oktui mfa-gaps` keeps it).
    pub profile_name: String,
    /// The profile as the header names it (label and name), recorded in plans and case files.
    pub profile_label: String,
    /// Whether this is the demo org (it keeps its own audit journal).
    pub demo: bool,
    /// The config the console read when it opened: the profiles a switch resolves.
    pub config: Arc<Config>,
    /// `--timeout`: how long each request waits, on the profile in use and any switched to.
    pub timeout: Duration,
    /// Where exports, case files and the journal go.
    pub data_dir: PathBuf,
    /// How hunts and investigations judge, and the memory a hunt may hold.
    pub hunt: HuntSettings,
    /// How often the console's tails (the System Log pane's, the live judge's) poll once
    /// caught up (`[console] poll_interval_secs`).
    pub poll_interval: Duration,
}

/// Carries out effects: starts their tasks, in their slots, answering on `tx`.
pub struct Dispatcher {
    setup: Setup,
    tx: Sender<Msg>,
    running: HashMap<Slot, AbortHandle>,
    /// Where the live judge takes the System Log pane's tail as its feed, while it runs.
    judge_feeds: Option<Sender<judge_task::PaneFeed>>,
}

impl Dispatcher {
    /// A dispatcher whose tasks answer on `tx`.
    pub fn new(setup: Setup, tx: Sender<Msg>) -> Dispatcher {
        Dispatcher { setup, tx, running: HashMap::new(), judge_feeds: None }
    }

    /// Carries out `effect`.
    pub async fn dispatch(&mut self, effect: Effect) {
        let (client, tx) = (self.setup.client.clone(), self.tx.clone());
        match effect {
            Effect::LoadList { kind, generation } => {
                self.start(Slot::List(kind), tasks::load_list(client, tx, kind, generation))
            }
            Effect::SearchUsers { query, generation } => {
                self.start(Slot::Search, tasks::search_users(client, tx, query, generation))
            }
            Effect::LoadDetail { kind, id, generation } => {
                self.start(Slot::Detail, tasks::load_detail(client, tx, kind, id, generation))
            }
            Effect::Copy(text) => tasks::copy(&text, &tx).await,
            Effect::Export { kind, rows, mask } => tasks::export(kind, rows, mask, &self.setup.data_dir, &tx),
            Effect::SwitchProfile(name) => self.switch_profile(&name).await,
            Effect::StartTail { generation, window, query } => {
                let judge = if query.is_empty() { self.feed_judge() } else { None };
                let config = TailConfig { poll_interval: self.setup.poll_interval, ..query.tail_config(window) };
                self.start(Slot::Tail, tasks::run_tail(client, tx, generation, config, judge))
            }
            Effect::CheckLogQuery { generation, query } => {
                self.start(Slot::LogQuery, tasks::check_query(client, tx, query, generation))
            }
            Effect::LoadEvent { generation, uuid, published_ms } => {
                self.start(Slot::Event, tasks::read_event(client, tx, uuid, published_ms, generation))
            }
            Effect::Preflight { request, user, generation } => {
                let profile = self.setup.profile_label.clone();
                self.start(Slot::Preflight, action_tasks::preflight(client, tx, request, user, profile, generation))
            }
            Effect::Execute { approved, generation } => {
                tokio::spawn(action_tasks::execute(client, tx, self.journal(), *approved, generation));
            }
            Effect::ExecutePlan { approved, generation } => {
                tokio::spawn(action_tasks::execute_plan(client, tx, self.journal(), *approved, generation));
            }
            Effect::LoadAudit { generation } => {
                self.start(Slot::Audit, action_tasks::read_audit(tx, self.journal(), generation))
            }
            Effect::MfaSweep { generation, mode } => {
                let org = client.org().as_str().to_string();
                let store =
                    crate::mfa::CacheStore::new(&self.setup.data_dir, &self.setup.profile_name, &org, &Scope::All);
                self.start(Slot::Mfa, tasks::mfa_sweep(client, tx, store, generation, mode))
            }
            Effect::Investigate { generation, user, window } => {
                let detections = self.setup.hunt.detections.clone();
                let task = findings_tasks::investigation(client, tx, detections, generation, user, window);
                self.start(Slot::Investigation, task)
            }
            Effect::InvestigateIp { generation, ip, window } => {
                self.start(Slot::Ip, findings_tasks::ip_view(client, tx, generation, ip, window))
            }
            Effect::Hunt { generation, window } => {
                let settings = self.setup.hunt.clone();
                self.start(Slot::Hunt, findings_tasks::hunt(client, tx, settings, generation, window))
            }
            Effect::CancelHunt => self.abort(Slot::Hunt),
            Effect::StartJudge { generation } => {
                let (feeds, feed_rx) = tokio::sync::mpsc::channel(4);
                self.judge_feeds = Some(feeds);
                let settings = JudgeSettings {
                    detections: self.setup.hunt.detections.clone(),
                    poll_interval: self.setup.poll_interval,
                };
                self.start(Slot::Judge, judge_task::judge(client, tx, settings, generation, feed_rx))
            }
            Effect::ExportMfa { rows, mask } => tasks::export_mfa(rows, mask, &self.setup.data_dir, &tx),
            Effect::MarkBenign { rule, org, profile, operator } => {
                let config = self.setup.config.path().map(Path::to_path_buf);
                let record = crate::actions::audit::SessionRecord::suppression(&rule, org, profile, operator);
                tokio::spawn(action_tasks::mark_benign(tx, config, self.journal(), rule, record));
            }
            Effect::JournalUnmask { org, profile, operator } => {
                tokio::spawn(action_tasks::journal_unmask(tx, self.journal(), org, profile, operator));
            }
            Effect::WriteCase { subject, who, mask } => {
                let place = CasePlace { data_dir: self.setup.data_dir.clone(), journal: self.journal(), mask };
                let profile = self.setup.profile_label.clone();
                tokio::spawn(findings_tasks::write_case(client, tx, *subject, who, profile, place));
            }
        }
    }

    /// A feed for the live judge from an unfiltered System Log pane tail, handed to the judge
    /// (which then makes no request of its own); none when no judge runs.
    fn feed_judge(&mut self) -> Option<Sender<Vec<crate::okta::logs::TailedEvent>>> {
        let (feed, pages) = tokio::sync::mpsc::channel(8);
        self.judge_feeds.as_ref()?.try_send(pages).ok()?;
        Some(feed)
    }

    /// Follows how far the demo org's System Log history is written (`oktui demo`), its
    /// progress sent as messages until it is all written or the console leaves the demo's
    /// org (a profile switch aborts it with every slot).
    pub fn follow_history(&mut self, history: watch::Receiver<HistoryProgress>) {
        let tx = self.tx.clone();
        self.start(Slot::History, tasks::follow_history(history, tx));
    }

    /// The client of the profile in use (its rate-limit state feeds the header).
    pub fn client(&self) -> &Client {
        &self.setup.client
    }

    /// Whether `slot` holds a task that has not finished.
    pub fn is_running(&self, slot: Slot) -> bool {
        self.running.get(&slot).is_some_and(|task| !task.is_finished())
    }

    /// Aborts every slot's task.
    pub fn abort_all(&mut self) {
        for (_, task) in self.running.drain() {
            task.abort();
        }
    }

    /// Runs `task` in `slot`, aborting the task the slot held.
    fn start(&mut self, slot: Slot, task: impl Future<Output = ()> + Send + 'static) {
        self.abort(slot);
        self.running.insert(slot, tokio::spawn(task).abort_handle());
    }

    fn abort(&mut self, slot: Slot) {
        if let Some(task) = self.running.remove(&slot) {
            task.abort();
        }
    }

    /// The audit journal of the profile in use.
    fn journal(&self) -> PathBuf {
        crate::actions::audit::journal_path(&self.setup.data_dir, self.setup.demo)
    }

    /// Connects to another profile; on success every slot's task is aborted, the new header
    /// is sent and every pane reloads from the new org. On failure the old connection stays
    /// and its tasks run on.
    async fn switch_profile(&mut self, name: &str) {
        let (config, timeout, wanted) = (self.setup.config.clone(), self.setup.timeout, name.to_string());
        // Resolving reads the profile's secrets (a file, a command): off the event loop.
        let connected = tokio::task::spawn_blocking(move || {
            let profile = config.profile_named(&wanted).map_err(|e| e.to_string())?;
            let client = profile.client(timeout).map_err(|e| e.to_string())?;
            Ok::<_, String>((HeaderInfo::of(&profile, &client, false), client, profile.name))
        })
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
        match connected {
            Ok((header, client, profile_name)) => {
                self.abort_all();
                self.setup.client = client;
                self.setup.profile_name = profile_name;
                self.setup.profile_label = header.profile.clone();
                self.setup.demo = header.demo;
                let _ = self.tx.send(Msg::Connected(header)).await;
            }
            Err(e) => {
                let _ =
                    self.tx.send(Msg::Flash(format!("cannot switch to {name}: {}", crate::sanitize::clean(&e)))).await;
            }
        }
    }
}

impl Drop for Dispatcher {
    /// The console is quitting: nothing it started reads on.
    fn drop(&mut self) {
        self.abort_all();
    }
}

#[cfg(test)]
mod tests {
    /// The dispatcher's `match`, from `match effect {` to the end of `dispatch`.
    fn dispatch_match() -> &'static str {
        let source = include_str!("effects.rs");
        let start = source.find("        match effect {").expect("dispatch matches on the effect");
        let end = source[start..].find("\n    }\n").expect("dispatch ends");
        &source[start..start + end]
    }

    #[test]
    fn the_dispatch_match_has_no_wildcard_and_ignores_no_effect() {
        let arms = dispatch_match();
        for line in arms.lines() {
            let trimmed = line.trim_start();
            assert!(!trimmed.starts_with("_ =>") && !trimmed.contains("| _ =>"), "a wildcard arm: {line}");
            assert!(!trimmed.contains("=> {}") && !trimmed.contains("=> ()"), "an effect ignored: {line}");
            assert!(!trimmed.starts_with("e @") && !trimmed.contains("other =>"), "a catch-all binding: {line}");
        }
        // Every variant of `Effect` names its own arm.
        let declared = include_str!("effect.rs");
        let body = &declared[declared.find("pub enum Effect {").expect("the enum")..];
        let variants: Vec<&str> = body
            .lines()
            .skip(1)
            .take_while(|line| !line.starts_with('}'))
            .filter(|line| line.starts_with("    ") && !line.trim_start().starts_with("//"))
            .filter_map(|line| line.trim().split(|c: char| !c.is_alphanumeric()).next())
            .filter(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
            .collect();
        assert!(variants.len() >= 18, "the variants of Effect: {variants:?}");
        for variant in variants {
            let named = [" ", "(", ",", " {"].iter().any(|end| arms.contains(&format!("Effect::{variant}{end}")));
            assert!(named, "Effect::{variant} has no arm of its own");
        }
    }
}
