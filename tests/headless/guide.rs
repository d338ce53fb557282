//! Acceptance 3 of issue 9: the troubleshooting table of `docs/connect-okta.md` has a row for
//! every error oktui can print while connecting. What can be printed is read from the source
//! itself, so a new error without a row fails here:
//!
//! - every Okta `errorCode` (`E0000…`) named anywhere in the client, config, doctor or init;
//! - every OAuth `error` value the client or doctor branches on (match arms, `Some("…")`
//!   patterns, `== "…"` comparisons);
//! - every `#[error("…")]` message of the URL, auth, key and config errors (by its longest
//!   literal stretch between placeholders);
//! - every lead doctor starts a failure or warning with (`doctor::diagnoses::ALL`).

use std::path::{Path, PathBuf};

use crate::common::rust_files;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A file's code before its unit tests.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.split("#[cfg(test)]").next().unwrap_or_default().to_string()
}

fn sources(dirs: &[&str]) -> Vec<(PathBuf, String)> {
    dirs.iter().flat_map(|d| rust_files(&Path::new(ROOT).join(d))).map(|p| (p.clone(), code(&p))).collect()
}

/// The guide's troubleshooting section, whitespace collapsed.
fn table() -> String {
    let guide = std::fs::read_to_string(Path::new(ROOT).join("docs/connect-okta.md")).unwrap();
    let start = guide.find("## Troubleshooting").expect("the guide has a Troubleshooting section");
    collapse(&guide[start..])
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `E0000011`-style codes anywhere in `text`.
fn okta_codes(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut codes = Vec::new();
    for (i, _) in text.match_indices("E000") {
        let end = i + 8;
        let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let word_end = bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
        if end <= bytes.len() && word_start && word_end && bytes[i + 1..end].iter().all(u8::is_ascii_digit) {
            codes.push(text[i..end].to_string());
        }
    }
    codes
}

/// OAuth error values the code branches on: `"x_y" =>`, `"x_y" |`, `Some("x_y")`, `== "x_y"`.
fn oauth_errors(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split('"').collect();
        for i in (1..parts.len().saturating_sub(1)).step_by(2) {
            let literal = parts[i];
            let snake = literal.contains('_') && literal.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            let (before, after) = (parts[i - 1].trim_end(), parts[i + 1].trim_start());
            let pattern = after.starts_with("=>")
                || after.starts_with('|')
                || (before.ends_with("Some(") && after.starts_with(')'))
                || before.ends_with("==");
            if snake && pattern {
                found.push(literal.to_string());
            }
        }
    }
    found
}

/// The messages of `#[error("…")]` attributes, continuation lines joined.
fn error_messages(text: &str) -> Vec<String> {
    let mut messages = Vec::new();
    for (i, _) in text.match_indices("#[error(") {
        let rest = text[i + 8..].trim_start();
        let Some(body) = rest.strip_prefix('"') else { continue };
        let mut message = String::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('\n') => {
                        while chars.peek().is_some_and(|c| c.is_whitespace()) {
                            chars.next();
                        }
                    }
                    Some(escaped) => message.push(escaped),
                    None => {}
                },
                c => message.push(c),
            }
        }
        messages.push(message);
    }
    messages
}

/// The longest stretch of a message between `{…}` placeholders, cut to at most 40
/// characters at a word boundary, without leading or trailing punctuation.
fn key_of(message: &str) -> String {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut depth = 0;
    for c in message.chars() {
        match c {
            '{' => {
                depth += 1;
                pieces.push(std::mem::take(&mut current));
            }
            '}' => depth -= 1,
            c if depth == 0 => current.push(c),
            _ => {}
        }
    }
    pieces.push(current);
    let longest = pieces.into_iter().max_by_key(|p| p.len()).unwrap_or_default();
    let trimmed = longest.trim_matches(|c: char| !c.is_alphanumeric());
    let mut key = String::new();
    for word in trimmed.split_whitespace() {
        if key.len() + word.len() > 40 && !key.is_empty() {
            break;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key.trim_end_matches(|c: char| !c.is_alphanumeric()).to_string()
}

#[test]
fn every_error_oktui_prints_while_connecting_has_a_row_in_the_guide() {
    let table = table();
    let mut missing = Vec::new();
    let all = sources(&["src/okta", "src/headless", "src/config", "src/setup"]);
    let mut codes: Vec<String> = all.iter().flat_map(|(_, text)| okta_codes(text)).collect();
    codes.sort();
    codes.dedup();
    assert!(codes.len() >= 6, "the extraction finds the codes: {codes:?}");
    let client = sources(&["src/okta", "src/headless"]);
    let mut errors: Vec<String> = client.iter().flat_map(|(_, text)| oauth_errors(text)).collect();
    errors.sort();
    errors.dedup();
    assert!(errors.contains(&"invalid_client".to_string()) && errors.len() >= 8, "{errors:?}");
    for code in codes.iter().chain(&errors) {
        if !table.contains(&format!("`{code}`")) {
            missing.push(format!("code {code}"));
        }
    }
    let mut messages = Vec::new();
    for file in ["src/okta/url.rs", "src/okta/auth/error.rs", "src/okta/error.rs", "src/config/error.rs"] {
        messages.extend(error_messages(&code(&Path::new(ROOT).join(file))));
    }
    assert!(messages.len() >= 40, "the extraction finds the messages: {}", messages.len());
    for message in &messages {
        let key = key_of(message);
        if !key.is_empty() && !table.contains(&collapse(&key)) {
            missing.push(format!("message {message:?} (key {key:?})"));
        }
    }
    for lead in oktui::headless::doctor::diagnoses::ALL {
        if !table.contains(lead) {
            missing.push(format!("doctor lead {lead:?}"));
        }
    }
    assert!(missing.is_empty(), "the troubleshooting table lacks:\n{}", missing.join("\n"));
}

#[test]
fn the_extraction_reads_what_it_should() {
    assert_eq!(okta_codes("x E0000011, (E0000006) E00000123 XE0000001"), ["E0000011", "E0000006"]);
    let code = "match e { \"invalid_client\" => 1, \"a_b\" | \"c_d\" => 2 }\nif x == \"use_dpop_nonce\" {}\n\
                (403, Some(\"insufficient_scope\")) => 3,\nlet v = \"not_a_pattern\";";
    assert_eq!(oauth_errors(code), ["invalid_client", "a_b", "c_d", "use_dpop_nonce", "insufficient_scope"]);
    let attrs = "#[error(\"org URL `{input}` has no scheme: add https://\")]\n#[error(\n    \"the {what} is \\\n     long\"\n)]";
    assert_eq!(error_messages(attrs), ["org URL `{input}` has no scheme: add https://", "the {what} is long"]);
    assert_eq!(key_of("org URL `{input}` has no scheme: add https:// ({fix})"), "has no scheme: add https");
}

/// One bad input: what it is, its environment, what doctor's failure says, the guide row's text.
type BadInput = (&'static str, Vec<(&'static str, String)>, &'static str, &'static str);

/// The bad input: each gets, from doctor, the specific fix the guide's table gives.
#[tokio::test]
async fn bad_input_gets_the_fix_the_guide_gives() {
    use crate::common::{small_config, start};
    use crate::run::{oktui, Home, CANARY};
    use oktui::sim::SimConfig;

    let table = table();
    let home = Home::new();
    let sim = start(small_config(10)).await;
    let c = sim.credentials().clone();
    let key_env = |pem: &str, kid: &str| {
        vec![
            ("OKTA_CLIENT_ORGURL", c.url.clone()),
            ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey".to_string()),
            ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
            ("OKTA_CLIENT_PRIVATEKEY", pem.to_string()),
            ("OKTA_CLIENT_PRIVATEKEYID", kid.to_string()),
        ]
    };
    let relabelled = c.private_key_pem.replace("PRIVATE KEY", "RSA PRIVATE KEY");
    let pasted = vec![
        ("OKTA_CLIENT_ORGURL", c.url.clone()),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret".to_string()),
        ("OKTA_CLIENT_CLIENTID", c.client_id.clone()),
        ("OKTA_CLIENT_CLIENTSECRET", format!("{CANARY} \n")),
    ];
    let admin_url =
        vec![("OKTA_CLIENT_ORGURL", "https://acme-admin.okta.com".to_string()), ("OKTA_CLIENT_TOKEN", CANARY.into())];
    // What it is, its environment, what doctor's failure says, and the guide row's text.
    let mut cases: Vec<BadInput> = vec![
        (
            "an unregistered kid",
            key_env(&c.private_key_pem, "not-registered"),
            "the key id (kid) names no key registered on the app",
            "the key id (kid) names no key registered on the app",
        ),
        (
            "a secret pasted with whitespace",
            pasted,
            "contains whitespace or several lines",
            "contains whitespace or several lines",
        ),
        (
            "a PEM with the wrong header",
            key_env(&relabelled, &c.key_id),
            "its PEM header says RSA PRIVATE KEY but the key inside is a PKCS#8 key: change the BEGIN and END lines to \
             `-----BEGIN PRIVATE KEY-----`",
            "but the key inside is …: change the BEGIN and END lines to",
        ),
        (
            "an -admin URL",
            admin_url,
            "is the admin console host, which the API does not serve",
            "is the admin console host, which the API does not serve",
        ),
    ];
    let deactivated = start(SimConfig { token_owner_deactivated: true, ..small_config(10) }).await;
    let dc = deactivated.credentials();
    cases.push((
        "a deactivated admin's token",
        vec![("OKTA_CLIENT_ORGURL", dc.url.clone()), ("OKTA_CLIENT_TOKEN", dc.api_token.clone())],
        "the org refused the API token",
        "the org refused the API token",
    ));
    let roleless = start(SimConfig { service_app_roles: Some(Vec::new()), ..small_config(10) }).await;
    let rc = roleless.credentials();
    cases.push((
        "a service app with scopes but no role",
        vec![
            ("OKTA_CLIENT_ORGURL", rc.url.clone()),
            ("OKTA_CLIENT_AUTHORIZATIONMODE", "ClientSecret".to_string()),
            ("OKTA_CLIENT_CLIENTID", rc.client_id.clone()),
            ("OKTA_CLIENT_CLIENTSECRET", rc.client_secret.clone()),
        ],
        "no admin role lets this credential read users",
        "no admin role lets this credential read users",
    ));
    for (what, env, fix, row) in cases {
        let run = oktui(&home, &["doctor"], &env).await;
        assert_eq!(run.code, 1, "{what}: doctor fails:\n{}", run.stdout);
        let said = run.stdout.lines().any(|l| l.starts_with('✗') && l.contains(fix));
        assert!(said, "{what}: doctor says {fix:?}:\n{}", run.stdout);
        assert!(table.contains(row), "{what}: the guide's table has {row:?}");
        run.keeps_the_canary();
    }
}

/// Issue 17, acceptance 5: the guide's table of actions names each action with the scope,
/// request and admin role the action itself declares, so the two cannot drift apart.
#[test]
fn the_guide_names_every_actions_scope_and_role() {
    let guide = collapse(&std::fs::read_to_string(Path::new(ROOT).join("docs/connect-okta.md")).unwrap());
    for action in oktui::actions::OrgChange::kinds() {
        let row = format!("| {} | `{}` |", action.name(), action.scope());
        let Some(at) = guide.find(&row) else { panic!("the guide has no row {row:?}") };
        let line = &guide[at..guide[at..].find(" | |").map_or(guide.len(), |end| at + end)];
        let role = action.admin_role().replace("a custom role with ", "custom role with ");
        let first_words: String = role.split(" (").next().unwrap_or_default().to_string();
        let words = first_words.split(' ').next_back().unwrap_or_default();
        assert!(line.contains(words), "the row of {} names its role ({words}): {line}", action.name());
    }
}
