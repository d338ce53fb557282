//! `oktui doctor` against simulated orgs: a healthy connection passes; missing scopes are
//! named.

use oktui::sim::SimConfig;

use crate::common::{small_config, start};
use crate::run::{oktui, ssws_env, Home};

#[tokio::test]
async fn doctor_passes_on_a_healthy_org() {
    let sim = start(small_config(20)).await;
    let home = Home::new();
    let run = oktui(&home, &["doctor"], &ssws_env(&sim)).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("✓ reach the org"), "{}", run.stdout);
    assert!(run.stdout.contains("✓ read the System Log"), "{}", run.stdout);
    assert!(!run.stdout.contains('✗'), "{}", run.stdout);

    let c = sim.credentials();
    let oauth = vec![
        ("OKTA_CLIENT_ORGURL", c.url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey".to_string()),
        ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
        ("OKTA_CLIENT_PRIVATEKEY", c.private_key_pem.clone()),
        ("OKTA_CLIENT_PRIVATEKEYID", c.key_id.clone()),
    ];
    let run = oktui(&home, &["doctor"], &oauth).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("✓ scopes"), "{}", run.stdout);
}

#[tokio::test]
async fn doctor_names_the_missing_scopes() {
    let granted = ["okta.users.read", "okta.groups.read", "okta.apps.read", "okta.users.manage"];
    let sim =
        start(SimConfig { granted_scopes: granted.iter().map(|s| s.to_string()).collect(), ..small_config(20) }).await;
    let c = sim.credentials();
    let env = vec![
        ("OKTA_CLIENT_ORGURL", c.url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret".to_string()),
        ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
        ("OKTA_CLIENT_CLIENTSECRET", c.client_secret.clone()),
    ];
    let run = oktui(&Home::new(), &["doctor"], &env).await;
    assert_eq!(run.code, 1, "{}", run.stdout);
    for scope in ["okta.policies.read", "okta.roles.read", "okta.logs.read"] {
        assert!(run.stdout.contains(scope), "{scope} named in:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("okta.groups.read,"), "granted scopes are not called missing:\n{}", run.stdout);
}
