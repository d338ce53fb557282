//! Bad input of every kind: exit 1 with one clear line (what failed, Okta's code, what to do),
//! exit 2 for usage errors (flags, environment, config and the credentials it names), never a
//! panic, never a secret in the output or the log.

use oktui::sim::{Faults, SimConfig};
use tokio::io::AsyncReadExt;

use crate::common::{small_config, start};
use crate::run::{oktui, ssws_env, Home, CANARY};

fn env(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

#[tokio::test]
async fn org_urls_that_cannot_be_right() {
    let home = Home::new();
    for (url, needle) in [
        ("http://acme.okta.com", "https"),
        ("https://acme-admin.okta.com", "acme.okta.com"),
        ("https://{yourOktaDomain}", "placeholder"),
        ("https://acme.okta.com/oauth2/default", "https://acme.okta.com"),
    ] {
        let run = oktui(&home, &["users"], &env(&[("OKTA_CLIENT_ORGURL", url), ("OKTA_CLIENT_TOKEN", CANARY)])).await;
        run.fails_as_usage(&[needle]);
        run.keeps_the_canary();
    }
}

#[tokio::test]
async fn a_wrong_token_is_refused_without_showing_it() {
    let sim = start(small_config(10)).await;
    let home = Home::new();
    let run = oktui(&home, &["users"], &env(&[("OKTA_CLIENT_ORGURL", sim.url()), ("OKTA_CLIENT_TOKEN", CANARY)])).await;
    run.fails_with(&["401", "E0000011", "oktui doctor"]);
    run.keeps_the_canary();
}

#[tokio::test]
async fn a_wrong_client_secret_is_refused_without_showing_it() {
    let sim = start(small_config(10)).await;
    let home = Home::new();
    let c = sim.credentials();
    let run = oktui(
        &home,
        &["users"],
        &env(&[
            ("OKTA_CLIENT_ORGURL", &c.url),
            ("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret"),
            ("OKTA_CLIENT_CLIENTID", &c.client_id),
            ("OKTA_CLIENT_CLIENTSECRET", CANARY),
        ]),
    )
    .await;
    run.fails_with(&["invalid_client"]);
    run.keeps_the_canary();
}

#[tokio::test]
async fn key_files_and_key_types() {
    let sim = start(small_config(10)).await;
    let home = Home::new();
    let c = sim.credentials();
    let base = |key: &str| {
        env(&[
            ("OKTA_CLIENT_ORGURL", &c.url),
            ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey"),
            ("OKTA_CLIENT_CLIENTID", &c.client_id),
            ("OKTA_CLIENT_PRIVATEKEY", key),
        ])
    };
    let missing = home.path().join("no-such-key.pem");
    let run = oktui(&home, &["users"], &base(missing.to_str().unwrap())).await;
    run.fails_as_usage(&["OKTA_CLIENT_PRIVATEKEY", "key file"]);

    let public = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
    let run = oktui(&home, &["users"], &base(public)).await;
    run.fails_as_usage(&["private key"]);

    let p384 = r#"{"kty":"EC","crv":"P-384","x":"AAAA","y":"AAAA","d":"canary-5ecret-7f3a9c"}"#;
    let run = oktui(&home, &["users"], &base(p384)).await;
    run.fails_as_usage(&["P-384"]);
    run.keeps_the_canary();

    let loose = home.file("loose.pem", &c.private_key_pem, 0o644);
    let run = oktui(&home, &["users"], &base(loose.to_str().unwrap())).await;
    run.fails_as_usage(&["chmod 600"]);
}

#[tokio::test]
async fn an_insecure_secret_file_named_in_the_config_is_refused() {
    let sim = start(small_config(10)).await;
    let home = Home::new();
    let secret = home.file("token", CANARY, 0o644);
    let config = format!(
        "default_profile = \"sim\"\n[profiles.sim]\norg_url = \"{}\"\nauth = \"ssws\"\ntoken_file = \"{}\"\n",
        sim.url(),
        secret.display()
    );
    let config_file = home.file("config.toml", &config, 0o600);
    let run = oktui(&home, &["users", "--config", config_file.to_str().unwrap()], &[]).await;
    run.fails_as_usage(&["chmod 600", "token"]);
    run.keeps_the_canary();
}

#[tokio::test]
async fn forbidden_and_not_found() {
    let sim = start(small_config(30)).await;
    let home = Home::new();
    let c = sim.credentials();
    let run = oktui(
        &home,
        &["logs"],
        &env(&[
            ("OKTA_CLIENT_ORGURL", &c.url),
            ("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret"),
            ("OKTA_CLIENT_CLIENTID", &c.client_id),
            ("OKTA_CLIENT_CLIENTSECRET", &c.client_secret),
            ("OKTA_CLIENT_SCOPES", "okta.users.read"),
        ]),
    )
    .await;
    run.fails_with(&["403", "scope"]);
    let run = oktui(&home, &["user", "nobody@acme.example"], &ssws_env(&sim)).await;
    run.fails_with(&["404", "E0000007"]);
    let run = oktui(&home, &["users", "--search", "status eq"], &ssws_env(&sim)).await;
    run.fails_with(&["400", "E0000031"]);
}

#[tokio::test]
async fn storms_of_429_and_5xx_and_broken_bodies_end_in_one_line() {
    let storms = [
        (Faults { rate_429: 1.0, ..Faults::default() }, vec!["429", "E0000047", "rate limit"]),
        (Faults { rate_5xx: 1.0, ..Faults::default() }, vec!["Okta had a problem"]),
        (Faults { rate_malformed: 1.0, ..Faults::default() }, vec!["not valid Okta JSON"]),
        (Faults { rate_drop: 1.0, ..Faults::default() }, vec!["no answer"]),
    ];
    // Each storm is an org of its own, and its retries mostly wait: they run side by side.
    let runs = storms.map(|(faults, needles)| async move {
        let sim = start(SimConfig { faults, ..small_config(10) }).await;
        (oktui(&Home::new(), &["users"], &ssws_env(&sim)).await, needles)
    });
    for (run, needles) in futures_util::future::join_all(runs).await {
        run.fails_with(&needles);
    }
}

#[tokio::test]
async fn a_server_that_hangs_or_is_not_okta() {
    let home = Home::new();
    let hang = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hang_url = format!("http://{}", hang.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = hang.accept().await {
            held.push(socket);
        }
    });
    let run = oktui(
        &home,
        &["users", "--timeout", "1"],
        &env(&[("OKTA_CLIENT_ORGURL", &hang_url), ("OKTA_CLIENT_TOKEN", CANARY)]),
    )
    .await;
    run.fails_with(&["timed out"]);
    run.keeps_the_canary();

    let html = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let html_url = format!("http://{}", html.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = html.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let body = "<html>captive portal</html>";
                let resp = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\ncontent-type: text/html\r\n\r\n{body}",
                    body.len()
                );
                let _ = tokio::io::AsyncWriteExt::write_all(&mut socket, resp.as_bytes()).await;
            });
        }
    });
    let run = oktui(&home, &["users"], &env(&[("OKTA_CLIENT_ORGURL", &html_url), ("OKTA_CLIENT_TOKEN", CANARY)])).await;
    run.fails_with(&["not valid Okta JSON"]);
    run.keeps_the_canary();
}

#[tokio::test]
async fn usage_errors_exit_2() {
    let home = Home::new();
    let run = oktui(&home, &["users", "--format", "xml"], &[]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = oktui(
        &home,
        &["logs", "--since", "last tuesday"],
        &env(&[("OKTA_CLIENT_ORGURL", "https://acme.okta.com"), ("OKTA_CLIENT_TOKEN", CANARY)]),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.keeps_the_canary();
}

#[tokio::test]
async fn no_configuration_at_all_says_how_to_start() {
    let home = Home::new();
    let run = oktui(&home, &["users"], &[]).await;
    run.fails_as_usage(&["OKTA_CLIENT_ORGURL"]);
}

#[tokio::test]
async fn init_refuses_without_a_terminal() {
    let home = Home::new();
    let run = oktui(&home, &["init"], &[]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("needs a terminal") && run.stderr.contains("config.example.toml"), "{}", run.stderr);
    assert!(!home.path().join(".config/oktui/config.toml").exists(), "nothing is written");
}

#[tokio::test]
async fn config_errors_are_usage_errors() {
    let home = Home::new();
    let config = home.file("config.toml", "default_profile = \"a\"\n[profiles.a\norg_url = 1\n", 0o600);
    let run = oktui(&home, &["users", "--config", config.to_str().unwrap()], &[]).await;
    run.fails_as_usage(&["config.toml", "line"]);
    let missing = home.path().join("no-such-config.toml");
    let run = oktui(&home, &["users", "--config", missing.to_str().unwrap()], &[]).await;
    run.fails_as_usage(&["does not exist"]);
}

#[tokio::test]
async fn each_message_is_said_once() {
    let home = Home::new();
    let run = oktui(
        &home,
        &["users"],
        &env(&[("OKTA_CLIENT_ORGURL", "http://acme.okta.com"), ("OKTA_CLIENT_TOKEN", CANARY)]),
    )
    .await;
    run.fails_as_usage(&["https://acme.okta.com"]);
    assert_eq!(run.stderr.matches("uses http://").count(), 1, "said twice: {}", run.stderr);

    let key = home.path().join("no-such-key.pem");
    let config = format!(
        "default_profile = \"a\"\n[profiles.a]\norg_url = \"https://acme.okta.com\"\nauth = \"private_key\"\n\
         client_id = \"0oa1\"\nprivate_key_file = \"{}\"\n",
        key.display()
    );
    let config = home.file("config.toml", &config, 0o600);
    let run = oktui(&home, &["users", "--config", config.to_str().unwrap()], &[]).await;
    run.fails_as_usage(&["no-such-key.pem"]);
    assert_eq!(run.stderr.matches("No such file").count(), 1, "said twice: {}", run.stderr);

    let p384 = r#"{"kty":"EC","crv":"P-384","x":"AAAA","y":"AAAA","d":"AAAA"}"#;
    let run = oktui(
        &home,
        &["users"],
        &env(&[
            ("OKTA_CLIENT_ORGURL", "https://acme.okta.com"),
            ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey"),
            ("OKTA_CLIENT_CLIENTID", "0oa1"),
            ("OKTA_CLIENT_PRIVATEKEY", p384),
        ]),
    )
    .await;
    run.fails_as_usage(&["P-384"]);
    assert_eq!(run.stderr.matches("P-384").count(), 1, "said twice: {}", run.stderr);
}

#[tokio::test]
async fn an_org_url_error_shows_no_query_fragment_or_user_info() {
    let home = Home::new();
    for url in [
        format!("https://acme.okta.com/oauth2/default?client_secret={CANARY}"),
        format!("http://acme.okta.com/?token={CANARY}#frag"),
        format!("https://acme.okta.com#{CANARY}"),
        format!("acme.okta.com/?token={CANARY}"),
        format!("https://{{yourOktaDomain}}/?token={CANARY}"),
        format!("https://acme-admin.okta.com/?token={CANARY}"),
        format!("ftp://user:{CANARY}@acme.okta.com"),
    ] {
        let run = oktui(&home, &["users"], &env(&[("OKTA_CLIENT_ORGURL", &url), ("OKTA_CLIENT_TOKEN", "x")])).await;
        run.fails_as_usage(&["org URL"]);
        run.keeps_the_canary();
    }
}

#[tokio::test]
async fn absurd_times_are_usage_errors() {
    let home = Home::new();
    let env = env(&[("OKTA_CLIENT_ORGURL", "https://acme.okta.com"), ("OKTA_CLIENT_TOKEN", CANARY)]);
    for args in [
        vec!["logs", "--since", "100000000d"],
        vec!["logs", "--until", "9999999999w"],
        vec!["logs", "--follow", "--since", "100000000d", "--format", "jsonl"],
        vec!["investigate", "ana@acme.example", "--since", "2562047788015d"],
        vec!["hunt", "--since", "100000000d"],
    ] {
        let run = oktui(&home, &args, &env).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("too far"), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    }
}
