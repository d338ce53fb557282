//! Starting the simulated org: building its state, binding loopback, the request gate
//! (faults, concurrency and rate limits, request ids, authentication) and the live log.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use chrono::Utc;
use rand::Rng;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::error::SimError;
use super::faults::{self, Fault};
use super::logs::bulk::BulkHistory;
use super::logs::generator::{History, LogGenerator};
use super::logs::store::{from_millis, LogStore};
use super::oauth::OAuthState;
use super::org::generate::{generate, override_roles};
use super::org::Org;
use super::ratelimit::{bucket_for, RateLimiter};
use super::requests::{RecordedRequest, RequestLog};
use super::sessions::SessionClears;
use super::state::SimState;
use super::{admin_roles, hostile, keys, resource_auth, routes, Credentials, SimConfig};

/// The display name of the sim's OAuth service app, as the System Log shows it.
pub const SERVICE_APP_NAME: &str = "oktui service app";

/// Why a simulated org could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimStartError {
    #[error("refusing to serve the simulated org on {0}: it binds only to loopback (127.0.0.1 or ::1)")]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr}: {source}. Pick another address with --addr")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

/// A running simulated org. Dropping it stops the server and the live log.
#[derive(Debug)]
pub struct SimServer {
    state: Arc<SimState>,
    tasks: Vec<JoinHandle<()>>,
}

/// A simulated org's listening socket, bound but not yet serving: its URL is known, and
/// connections wait in the backlog until [`BoundSim::serve`] has built the org.
#[derive(Debug)]
pub struct BoundSim {
    listener: TcpListener,
    url: String,
    history: watch::Sender<HistoryProgress>,
}

/// How much of the System Log's history is written. [`BoundSim::serve`] writes it all
/// before serving; [`BoundSim::serve_early`] (`oktui demo`) writes it behind the running
/// server, newest first, and says how far it has got on [`BoundSim::history`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HistoryProgress {
    /// Seconds of history written so far, back from when it started.
    pub written_secs: u64,
    /// Seconds of history there will be (0 until the directory exists).
    pub total_secs: u64,
    /// Everything is written: the log now only grows live.
    pub complete: bool,
}

impl HistoryProgress {
    /// Whether what was read when the history stood at `before` is worth reading again
    /// now: the first stretch (the last hour and the seeded attacks) has landed since, or
    /// the history is all written.
    pub fn read_again_after(&self, before: &HistoryProgress) -> bool {
        self.complete || (before.written_secs == 0 && self.written_secs > 0)
    }
}

impl BoundSim {
    /// The org URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How far the System Log's history is written, as it changes; `complete` once it is.
    pub fn history(&self) -> watch::Receiver<HistoryProgress> {
        self.history.subscribe()
    }

    /// Builds the org for `config` (off the async threads: a large backfill takes a while)
    /// and starts serving.
    pub async fn serve(self, config: SimConfig) -> SimServer {
        let url = self.url.clone();
        let history = self.history.clone();
        let state = match tokio::task::spawn_blocking(move || build_state(url, config, &history)).await {
            Ok(state) => Arc::new(state),
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
        let server = self.spawn_server(state.clone());
        let live = tokio::spawn(live_log(state.clone()));
        SimServer { state, tasks: vec![server, live] }
    }

    /// Serves as soon as the directory exists; the System Log's history is written behind
    /// it, newest first (log queries see it grow back in time; [`BoundSim::history`] says
    /// how far it has got), then the live log starts. `oktui demo` uses this so the console
    /// shows users at once and the last hour's events within a second.
    pub async fn serve_early(self, config: SimConfig) -> SimServer {
        let url = self.url.clone();
        let state = match tokio::task::spawn_blocking(move || build_directory(url, config)).await {
            Ok(state) => Arc::new(state),
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
        let progress = self.history.clone();
        let server = self.spawn_server(state.clone());
        let history = state.clone();
        let log = tokio::spawn(async move {
            let filled = history.clone();
            if tokio::task::spawn_blocking(move || backfill(&filled, &progress)).await.is_ok() {
                live_log(history).await;
            }
        });
        SimServer { state, tasks: vec![server, log] }
    }

    fn spawn_server(self, state: Arc<SimState>) -> JoinHandle<()> {
        let app = router(state);
        let listener = self.listener;
        tokio::spawn(async move {
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            if let Err(e) = axum::serve(listener, service).await {
                tracing::error!("simulated org stopped: {e}");
            }
        })
    }
}

impl SimServer {
    /// Binds `addr` (loopback only) without serving yet.
    pub async fn bind(addr: SocketAddr) -> Result<BoundSim, SimStartError> {
        if !addr.ip().is_loopback() {
            return Err(SimStartError::NotLoopback(addr));
        }
        let listener = TcpListener::bind(addr).await.map_err(|source| SimStartError::Bind { addr, source })?;
        let local = listener.local_addr().map_err(|source| SimStartError::Bind { addr, source })?;
        let (history, _) = watch::channel(HistoryProgress::default());
        Ok(BoundSim { listener, url: format!("http://{local}"), history })
    }

    /// Builds the org for `config`, binds `addr` (loopback only) and starts serving.
    pub async fn start(addr: SocketAddr, config: SimConfig) -> Result<SimServer, SimStartError> {
        Ok(SimServer::bind(addr).await?.serve(config).await)
    }

    /// The credentials the org accepts, with its URL.
    pub fn credentials(&self) -> &Credentials {
        &self.state.credentials
    }

    /// The org URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.state.base_url
    }

    /// Stops (or restarts) the live log: once this returns, nothing more is appended until
    /// it is restarted (a burst under way has been written).
    pub fn pause_live_log(&self, paused: bool) {
        self.state.live_log_paused.store(paused, Ordering::SeqCst);
        drop(self.state.live_log_turn.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// The org's state, for tests that look behind the API.
    pub fn state(&self) -> &Arc<SimState> {
        &self.state
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// The org without its history: directory, credentials, authorization server, limits.
fn build_directory(base_url: String, config: SimConfig) -> SimState {
    let secrets = keys::issue(config.seed);
    let client_key = keys::client_key(config.seed, config.key_type, &secrets.key_id);
    let mut org = generate(config.seed, config.users, config.anchor);
    override_roles(&mut org, config.seed, config.token_owner_roles.as_deref(), config.service_app_roles.as_deref());
    if config.hostile {
        hostile::data::directory(&mut org);
    }
    if config.token_owner_deactivated {
        let owner = org.api_token_owner_id.clone();
        if let Some(user) = org.find_user_mut(&owner) {
            user.status = "DEPROVISIONED".to_string();
        }
    }
    let credentials = Credentials {
        url: base_url.clone(),
        api_token: secrets.api_token.clone(),
        client_id: secrets.client_id.clone(),
        client_secret: secrets.client_secret.clone(),
        private_key_pem: client_key.private_key_pem.clone(),
        key_id: secrets.key_id.clone(),
    };
    SimState {
        oauth: Mutex::new(OAuthState::new(&config, &secrets, &client_key.public_jwk)),
        limiter: RateLimiter::new(&config.rate_limits),
        requests: RequestLog::default(),
        sessions_cleared: SessionClears::default(),
        sessions: crate::sessions::Sessions::default(),
        risks: std::sync::Mutex::new(std::collections::BTreeMap::new()),
        live_log_paused: AtomicBool::new(false),
        log_query_timeout_over: AtomicU64::new(config.faults.log_query_timeout_over_secs.unwrap_or(0)),
        log_cursor_timeouts: Mutex::new(None),
        live_log_turn: Mutex::new(()),
        factors_denied: RwLock::new(config.factors_denied.iter().map(|u| u.to_lowercase()).collect()),
        org: RwLock::new(org),
        logs: LogStore::default(),
        credentials,
        base_url,
        config,
    }
}

/// Writes the configured hours of System Log history, ending now: newest first, a stretch
/// at a time ([`History`]), saying how far it has got on `progress`; in an org whose log
/// lives, each stretch's sign-ins move their users' `lastLogin`.
fn backfill(state: &SimState, progress: &watch::Sender<HistoryProgress>) {
    let config = &state.config;
    let total_secs = config.log_backfill_secs;
    let now = Utc::now();
    let span = chrono::Duration::seconds(i64::try_from(total_secs).unwrap_or(0));
    let per_hour = config.log_events_per_minute * 60.0;
    let mut history = History::new(config.seed, now - span, now, per_hour)
        .with_service(&state.credentials.client_id, SERVICE_APP_NAME);
    progress.send_replace(HistoryProgress { written_secs: 0, total_secs, complete: false });
    let mut written = 0;
    // (The directory's read guard goes before the stretch is written and lastLogin moved.)
    loop {
        let Some(mut stretch) = history.next_stretch(&state.org()) else { break };
        if config.hostile {
            hostile::data::events(&mut stretch, written);
        }
        written += stretch.len();
        if config.live_log {
            record_sign_ins(&mut state.org_mut(), &stretch);
        }
        state.logs.append_history(stretch);
        let written_secs = u64::try_from((now - history.written_back_to()).num_seconds()).unwrap_or(0);
        progress.send_replace(HistoryProgress { written_secs, total_secs, complete: false });
    }
    if config.bulk_log_events > 0 {
        let bulk = BulkHistory::new(&state.org(), config.seed, now - span, now, config.bulk_log_events);
        state.logs.set_bulk(bulk);
    }
    progress.send_replace(HistoryProgress { written_secs: total_secs, total_secs, complete: true });
}

/// Moves the `lastLogin` of everyone who signed in (a successful `user.session.start`) in
/// `events` up to when they did, as Okta does; never back. Only an org whose log lives
/// ([`SimConfig::live_log`]) does: a still one keeps its directory as generated.
fn record_sign_ins(org: &mut Org, events: &[Value]) {
    for e in events {
        let signed_in = e["eventType"] == "user.session.start" && e["outcome"]["result"] == "SUCCESS";
        let (Some(id), Some(at)) = (e["actor"]["id"].as_str(), e["published"].as_str()) else { continue };
        let Ok(at) = chrono::DateTime::parse_from_rfc3339(at) else { continue };
        let at = from_millis(at.timestamp_millis());
        if let Some(user) = org.find_user_mut(id).filter(|_| signed_in) {
            if user.last_login.is_none_or(|last| last < at) {
                user.last_login = Some(at);
            }
        }
    }
}

fn build_state(base_url: String, config: SimConfig, progress: &watch::Sender<HistoryProgress>) -> SimState {
    let state = build_directory(base_url, config);
    backfill(&state, progress);
    state.logs.settle_history();
    state
}

fn router(state: Arc<SimState>) -> Router {
    let resources = routes::resources().route_layer(middleware::from_fn_with_state(state.clone(), authenticate));
    Router::new()
        .merge(routes::token())
        .merge(routes::public())
        .merge(resources)
        .fallback(routes::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), gate))
        .with_state(state)
}

/// Every request: the concurrency limit, then latency and faults, then the bucket's rate
/// limit, then the handler; every response gets `X-Okta-Request-Id` and, past the concurrency
/// check, the bucket's `X-Rate-Limit-*` headers; every answer is recorded.
async fn gate(State(state): State<Arc<SimState>>, req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let target = req.uri().path_and_query().map_or_else(|| req.uri().path().to_string(), |p| p.to_string());
    let mut resp = match state.limiter.enter() {
        None => {
            let mut r = faults::too_many_requests();
            state.limiter.concurrency_exceeded().write_headers(r.headers_mut());
            r
        }
        Some(_in_flight) => serve_in_flight(&state, req, next).await,
    };
    if state.config.hostile {
        resp = hostile::errors::garble(resp).await;
    }
    let request_id = super::ids::base62(&mut rand::thread_rng(), 27);
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        resp.headers_mut().insert("x-okta-request-id", v);
    }
    let status = resp.status().as_u16();
    let late = state.config.faults.late_change_answer_ms;
    let changes = !matches!(method.as_str(), "GET" | "HEAD");
    state.requests.push(RecordedRequest { at: Utc::now(), method, target, status, request_id });
    if late > 0 && changes {
        tokio::time::sleep(Duration::from_millis(late)).await;
    }
    resp
}

/// A request that holds a place under the concurrency limit.
async fn serve_in_flight(state: &SimState, req: Request, next: Next) -> Response {
    let f = &state.config.faults;
    if f.latency_ms > 0 {
        tokio::time::sleep(faults::latency(f)).await;
    }
    let fault = faults::draw(f, &mut rand::thread_rng());
    let bucket = bucket_for(req.method(), req.uri().path());
    match fault {
        Fault::TooManyRequests => {
            // As a real 429 would, it reports its bucket spent until a reset a second away.
            let mut r = faults::too_many_requests();
            state.limiter.spent(bucket).write_headers(r.headers_mut());
            return r;
        }
        Fault::ServerError => {
            // A 503 carries the bucket's `X-Rate-Limit-*` headers as Okta's do (clients retry it
            // on them); a 500 stays bare: clients must not retry it.
            let mut r = faults::server_error(&mut rand::thread_rng());
            if r.status() == StatusCode::SERVICE_UNAVAILABLE {
                state.limiter.peek(bucket).write_headers(r.headers_mut());
            }
            return r;
        }
        Fault::Drop => return faults::dropped(),
        Fault::HugeBody => return hostile::transport::huge_body(),
        Fault::AbsurdReset => return hostile::transport::absurd_reset(state.requests.count()),
        Fault::None | Fault::Malformed | Fault::CycleNext | Fault::Drip => {}
    }
    let decision = state.limiter.check(bucket);
    let mut r = if decision.allowed {
        let r = next.run(req).await;
        match fault {
            Fault::Malformed if r.status() == StatusCode::OK => faults::truncate(r).await,
            Fault::CycleNext => hostile::transport::cycle_next(r),
            Fault::Drip => hostile::transport::drip(r).await,
            _ => r,
        }
    } else {
        faults::too_many_requests()
    };
    decision.write_headers(r.headers_mut());
    r
}

/// Resource routes: the caller's credential, the endpoint's scope, then the caller's admin roles.
async fn authenticate(State(state): State<Arc<SimState>>, mut req: Request, next: Next) -> Response {
    let path = percent_encoding::percent_decode_str(req.uri().path()).decode_utf8_lossy().into_owned();
    let principal = match resource_auth::authenticate(&state, req.method(), &path, req.headers()) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    if let Some(scope) = resource_auth::required_scope(req.method(), &path) {
        if let Err(e) = resource_auth::check_scope(&principal, scope, &state.base_url, &path) {
            return e.into_response();
        }
    }
    if let Err(e) = admin_roles::check(&state.org(), &principal, req.method(), &path) {
        return e.into_response();
    }
    req.extensions_mut().insert(Arc::new(principal));
    next.run(req).await
}

/// Appends ordinary traffic to the log at about `log_events_per_minute`.
async fn live_log(state: Arc<SimState>) {
    let rate = state.config.log_events_per_minute;
    if !state.config.live_log || rate <= 0.0 {
        return;
    }
    let mut generator = LogGenerator::new(state.config.seed ^ 0x5eed_11fe)
        .with_service_app(&state.credentials.client_id, SERVICE_APP_NAME);
    loop {
        let appended = {
            let _turn = state.live_log_turn.lock().unwrap_or_else(|e| e.into_inner());
            if state.live_log_paused.load(Ordering::SeqCst) {
                None
            } else {
                let now = Utc::now();
                let mut events = generator.live(&state.org(), now);
                if state.config.hostile {
                    hostile::data::events(&mut events, state.logs.len());
                }
                let n = events.len();
                record_sign_ins(&mut state.org_mut(), &events);
                state.logs.append(events, now);
                Some(n)
            }
        };
        let Some(n) = appended else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let n = n.max(1) as f64;
        let mean = n * 60.0 / rate;
        let jitter: f64 = rand::thread_rng().gen_range(0.5..1.5);
        tokio::time::sleep(Duration::from_secs_f64(mean * jitter)).await;
    }
}

/// The answer for a path the org does not have.
pub fn unknown_path(path: &str) -> SimError {
    SimError::not_found(path, "Page")
}
