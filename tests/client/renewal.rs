//! A change answered 401 under OAuth: the refused token is replaced and the change sent once
//! more, with the new token only; a second 401 is reported. Never a resend with the refused
//! token.

use std::time::Duration;

use oktui::actions::verify::Watch;
use oktui::actions::{approve, execute, prepare, Confirmation, Journal, OrgChange, Stamp, Verdict};
use oktui::okta::client::Client;
use oktui::okta::credential::Credential;
use oktui::okta::url::OrgUrl;
use oktui::secret::Secret;
use oktui::sim::SimServer;

use crate::common::{now_secs, small_config, start};

const MARCUS: &str = "marcus.oyelaran@acme.example";

fn oauth_client(sim: &SimServer) -> Client {
    let c = sim.credentials();
    let scopes = ["okta.users.read", "okta.users.manage", "okta.logs.read"].map(str::to_string).to_vec();
    let credential = Credential::ClientSecret {
        client_id: c.client_id.clone(),
        secret: Secret::new(c.client_secret.clone()).into(),
        scopes,
    };
    Client::new(OrgUrl::parse(sim.url()).unwrap(), credential).unwrap()
}

/// (status) of every suspend request the sim answered.
fn suspends(sim: &SimServer) -> Vec<u16> {
    sim.state()
        .requests
        .all()
        .into_iter()
        .filter(|r| r.path().ends_with("/lifecycle/suspend"))
        .map(|r| r.status)
        .collect()
}

/// Prepares and approves suspending Marcus, expires every token the org issued, and sends it.
async fn suspend_after_revocation(sim: &SimServer, new_tokens_expired: bool) -> oktui::actions::ChangeOutcome {
    let client = oauth_client(sim);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open_in(dir.path()).unwrap();
    let plan = prepare(&client, OrgChange::Suspend, MARCUS, "p", None).await.unwrap();
    let approved = approve(plan, "r", Confirmation::YesFlag, Stamp::now()).unwrap();
    {
        let mut oauth = sim.state().oauth();
        oauth.expire_tokens(now_secs());
        oauth.issue_expired(new_tokens_expired);
    }
    let watch = Watch { timeout: Duration::from_secs(5), interval: Duration::from_millis(200) };
    execute(&client, &journal, approved, watch).await.unwrap()
}

#[tokio::test]
async fn a_change_refused_401_is_sent_once_more_with_a_new_token() {
    let sim = start(small_config(20)).await;
    let outcome = suspend_after_revocation(&sim, false).await;
    assert!(outcome.is_done(), "{}", outcome.line());
    assert_eq!(suspends(&sim), [401, 200]);
    assert_eq!(sim.state().oauth().tokens_minted(), 2, "the resend carried a new token");
    assert_eq!(sim.state().org().find_user(MARCUS).unwrap().status, "SUSPENDED");
}

#[tokio::test]
async fn a_second_401_is_reported_without_a_third_try() {
    let sim = start(small_config(20)).await;
    let outcome = suspend_after_revocation(&sim, true).await;
    assert_eq!((outcome.verdict, outcome.http_status), (Verdict::Failed, Some(401)), "{}", outcome.line());
    assert_eq!(suspends(&sim), [401, 401]);
    assert_eq!(sim.state().oauth().tokens_minted(), 2, "the resend carried a new token");
    assert_eq!(sim.state().org().find_user(MARCUS).unwrap().status, "ACTIVE");
}
