use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::investigate::{FindingKind, Origins};

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, day, 12, 0, 0).single().unwrap()
}

fn finding(kind: FindingKind, users: &[&str], ips: &[&str]) -> Finding {
    Finding::sample(kind, users, ips)
}

/// The rules of a config file's `[detections]` table (`[[suppress.rule]]`…), or why not.
pub(crate) fn rules(toml_text: &str) -> Result<Suppressions, String> {
    #[derive(serde::Deserialize)]
    struct File {
        suppress: Suppressions,
    }
    toml::from_str::<File>(toml_text).map(|f| f.suppress).map_err(|e| e.to_string())
}

fn ip_rule(ip: &str) -> SuppressRule {
    let when = Conditions { networks: vec![Network::parse(ip).unwrap()], ..Conditions::default() };
    SuppressRule::new("r", "pentest", when, None).unwrap()
}

#[test]
fn networks_hold_their_addresses_v4_and_v6() {
    let block = Network::parse("203.0.113.0/24").unwrap();
    assert!(block.contains_text("203.0.113.255") && block.contains_text("203.0.113.0"));
    assert!(!block.contains_text("203.0.114.1") && !block.contains_text("not an ip"));
    assert!(block.contains_text("::ffff:203.0.113.7"), "an IPv4-mapped address is its IPv4 one");
    let one = Network::parse("198.51.100.7").unwrap();
    assert!(one.contains_text("198.51.100.7") && !one.contains_text("198.51.100.8"));
    assert_eq!(one.to_string(), "198.51.100.7");
    let v6 = Network::parse("2001:db8::/32").unwrap();
    assert!(v6.contains_text("2001:db8:ffff::1") && !v6.contains_text("2001:db9::1"));
    assert!(!v6.contains_text("203.0.113.7") && !block.contains_text("2001:db8::1"), "families never mix");
    assert!(Network::parse("0.0.0.0/0").unwrap().contains_text("8.8.8.8"));
    for bad in ["10.0.0/8", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/+8", "", "host.example"] {
        assert_eq!(Network::parse(bad), None, "{bad}");
    }
}

#[test]
fn a_spray_from_a_suppressed_ip_is_suppressed_and_one_naming_another_ip_is_not() {
    let rule = ip_rule("203.0.113.0/24");
    let spray = finding(FindingKind::PasswordSpray, &["a@x.io", "b@x.io", "c@x.io"], &["203.0.113.7"]);
    assert!(rule.covers(&spray), "the logins do not matter to a rule on the IP");
    let wider = finding(FindingKind::PasswordSpray, &["a@x.io"], &["203.0.113.7", "198.51.100.1"]);
    assert!(!rule.covers(&wider), "a finding that also names an unsuppressed IP is kept");
    assert!(!rule.covers(&finding(FindingKind::NewDevice, &["a@x.io"], &[])), "no IP: no cover");
}

#[test]
fn a_user_rule_covers_only_findings_about_its_users() {
    let when = Conditions {
        kinds: vec![FindingKind::NewDevice],
        users: vec!["Svc-Backup@X.io".into(), "ops@x.io".into()],
        ..Conditions::default()
    };
    let rule = SuppressRule::new("svc", "the backup robot", when, None).unwrap();
    assert!(rule.covers(&finding(FindingKind::NewDevice, &["svc-backup@x.io"], &["1.2.3.4"])));
    assert!(rule.covers(&finding(FindingKind::NewDevice, &["ops@x.io", "svc-backup@x.io"], &[])));
    assert!(!rule.covers(&finding(FindingKind::NewDevice, &["ops@x.io", "eve@x.io"], &[])), "eve is not covered");
    assert!(!rule.covers(&finding(FindingKind::NewCountry, &["ops@x.io"], &[])), "another kind");
}

#[test]
fn asn_and_agent_rules_read_the_evidence_origins() {
    let when = Conditions { asns: vec![64500], user_agents: vec!["HealthCheck".into()], ..Conditions::default() };
    let rule = SuppressRule::new("probe", "our uptime probe", when, None).unwrap();
    let mut f = finding(FindingKind::BruteForce, &["a@x.io"], &["1.2.3.4"]);
    assert!(!rule.covers(&f), "no ASN or agent known: not covered");
    f.origins = Origins { asns: vec![64500], user_agents: vec!["acme-healthcheck/2.1 (linux)".into()] };
    assert!(rule.covers(&f), "substring, any case");
    f.origins.user_agents.push("Mozilla/5.0".into());
    assert!(!rule.covers(&f), "an agent outside the rule");
    f.origins.user_agents.pop();
    f.origins.asns.push(64501);
    assert!(!rule.covers(&f), "an ASN outside the rule");
}

#[test]
fn expired_rules_suppress_nothing_and_are_listed() {
    let set = rules(
        r#"
        [[suppress.rule]]
        name = "pentest"
        reason = "the June pentest"
        ip = "203.0.113.7"
        expires = "2025-06-10T00:00:00Z"
        [[suppress.rule]]
        name = "vpn"
        reason = "office egress"
        ip = ["198.51.100.0/24", "2001:db8::/32"]
        expires = 2025-06-20T00:00:00+02:00
        "#,
    )
    .unwrap();
    let spray = finding(FindingKind::PasswordSpray, &["a@x.io"], &["203.0.113.7"]);
    let vpn = finding(FindingKind::NewCountry, &["a@x.io"], &["2001:db8::9"]);
    let (kept, suppressed) = set.sift(vec![spray.clone(), vpn.clone()], at(5));
    assert!(kept.is_empty());
    assert_eq!(suppressed.by_rule_text().as_deref(), Some("1 by pentest, 1 by vpn"));
    assert!(suppressed.expired_rules.is_empty());
    let (kept, suppressed) = set.sift(vec![spray.clone(), vpn], at(15));
    assert_eq!(kept, vec![spray]);
    assert_eq!((suppressed.count, suppressed.findings[0].rule.as_str()), (1, "vpn"));
    assert_eq!(suppressed.expired_text().as_deref(), Some("pentest (expired 2025-06-10T00:00:00Z)"));
    let json = serde_json::to_value(&suppressed).unwrap();
    assert_eq!(json["findings"][0]["rule"], "vpn");
    assert_eq!(json["findings"][0]["kind"], "new_country", "the finding's own fields beside the rule");
    assert_eq!(json["expired_rules"][0]["name"], "pentest");
}

#[test]
fn bad_rules_are_refused_saying_which_and_what_to_write() {
    let refused = |body: &str| rules(&format!("[[suppress.rule]]\n{body}\n")).unwrap_err();
    let e = refused("name = \"x\"\nreason = \"r\"");
    assert!(e.contains("rule x has no condition") && e.contains("give kind, user, ip"), "{e}");
    let e = refused("name = \"x\"\nreason = \"r\"\nip = \"10.0.0/8\"");
    assert!(e.contains("rule x: ip 10.0.0/8 is neither") && e.contains("203.0.113.0/24"), "{e}");
    let e = refused("name = \"x\"\nreason = \"r\"\nip = \"10.0.0.1\"\nexpires = \"next friday\"");
    assert!(e.contains("rule x: expires next friday") && e.contains("2025-07-01T00:00:00Z"), "{e}");
    let e = refused("name = \"x\"\nreason = \"r\"\nip = \"10.0.0.1\"\nexpires = 2025-07-01T00:00:00");
    assert!(e.contains("with its offset"), "a time without offset: {e}");
    let e = refused("name = \"x\"\nreason = \"r\"\nkind = \"spray\"");
    assert!(e.contains("kind spray is not a finding kind"), "{e}");
    let e = refused("reason = \"r\"\nip = \"10.0.0.1\"");
    assert!(e.contains("needs a name"), "{e}");
    let e = refused("name = \"a b\"\nreason = \"r\"\nip = \"10.0.0.1\"");
    assert!(e.contains("name a b is not usable"), "{e}");
    let e = refused("name = \"x\"\nip = \"10.0.0.1\"");
    assert!(e.contains("rule x has no reason"), "{e}");
    let e = refused("name = \"x\"\nreason = \"r\"\nuser = \" \"");
    assert!(e.contains("empty user"), "{e}");
    let e = refused("name = \"x\"\nreason = \"r\"\nip = \"10.0.0.1\"\ncidr = \"10.0.0.0/8\"");
    assert!(e.contains("unknown field `cidr`"), "{e}");
    let e = rules("[[suppress.rule]]\nname = \"x\"\nreason = \"r\"\nasn = 1\n[[suppress.rule]]\nname = \"x\"\nreason = \"r\"\nasn = 2\n")
        .unwrap_err();
    assert!(e.contains("two suppression rules are named x"), "{e}");
}

#[test]
fn a_benign_mark_writes_a_rule_that_reads_back_the_same() {
    let spray = finding(FindingKind::PasswordSpray, &["a@x.io", "b@x.io"], &["203.0.113.7"]);
    let reason = "pentest \"June\"\n\x1b[31mby Acme\\Red";
    let rule = SuppressRule::benign(&spray, reason, Some(at(30)), at(1)).unwrap();
    assert_eq!(rule.name(), "password_spray-20250601T120000Z");
    assert_eq!(rule.reason(), "pentest \"June\" by Acme\\Red", "one printable line");
    assert_eq!(rule.conditions().users, Vec::<String>::new(), "a spray's logins are guesses");
    assert_eq!(rule.conditions_text(), "kind password_spray; ip 203.0.113.7");
    let text = rule.to_toml();
    assert!(text.starts_with("[[detections.suppress.rule]]\n"), "{text}");
    let back = rules(&text.replace("detections.suppress", "suppress")).unwrap();
    assert_eq!(back.rules(), std::slice::from_ref(&rule), "{text}");
    assert!(rule.covers(&spray));
    let device = finding(FindingKind::NewDevice, &["a@x.io"], &["198.51.100.2", "2001:db8::1"]);
    let rule = SuppressRule::benign(&device, "her new laptop", None, at(1)).unwrap();
    assert_eq!(rule.conditions_text(), "kind new_device; user a@x.io; ip 198.51.100.2, 2001:db8::1");
    let back = rules(&rule.to_toml().replace("detections.suppress", "suppress")).unwrap();
    assert_eq!(back.rules(), [rule]);
    let e = SuppressRule::benign(&finding(FindingKind::PolicyWeakened, &[], &[]), "x", None, at(1)).unwrap_err();
    assert_eq!(e, RuleError::Unspecific);
    assert_eq!(
        SuppressRule::benign(&device, " \x07 ", None, at(1)).unwrap_err(),
        RuleError::NoReason("new_device-20250601T120000Z".into())
    );
}

proptest! {
    /// A rule on some IPs covers a finding exactly when every one of its IPs is among them.
    #[test]
    fn an_ip_rule_covers_all_or_nothing(rule_ips in proptest::collection::btree_set(0u8..8, 1..4),
                                        finding_ips in proptest::collection::btree_set(0u8..8, 0..5)) {
        let addr = |n: &u8| format!("192.0.2.{n}");
        let networks = rule_ips.iter().map(|n| Network::parse(&addr(n)).unwrap()).collect();
        let rule = SuppressRule::new("p", "prop", Conditions { networks, ..Conditions::default() }, None).unwrap();
        let ips: Vec<String> = finding_ips.iter().map(addr).collect();
        let ip_refs: Vec<&str> = ips.iter().map(String::as_str).collect();
        let f = finding(FindingKind::PasswordSpray, &["u@x.io"], &ip_refs);
        let expected = !finding_ips.is_empty() && finding_ips.is_subset(&rule_ips);
        prop_assert_eq!(rule.covers(&f), expected);
    }

    /// A block holds an address exactly when their first `len` bits agree.
    #[test]
    fn a_v4_block_holds_what_shares_its_prefix(base in any::<u32>(), ip in any::<u32>(), len in 0u8..=32) {
        let block = Network::parse(&format!("{}/{len}", std::net::Ipv4Addr::from(base))).unwrap();
        let mask = if len == 0 { 0 } else { u32::MAX << (32 - u32::from(len)) };
        prop_assert_eq!(block.contains(std::net::Ipv4Addr::from(ip).into()), base & mask == ip & mask);
    }
}
