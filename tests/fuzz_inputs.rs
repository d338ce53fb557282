//! The fuzz targets' inputs as proptests, so `cargo test` tries them on every run: arbitrary
//! bytes, and text built from each parser's own vocabulary, into the page reader, the
//! `published` parser, `Link` headers, the sim's SCIM filter parser, the config file and
//! the `:` command line (`oktui::fuzzing`, which the targets in `fuzz/` call). Events
//! built from Okta's keys go through the page reader and `LogEvent` in
//! `tests/investigate/fuzz.rs`, beside the engine's proptests that use them.

use oktui::fuzzing;
use proptest::prelude::*;

/// Text made of `words` (and a little noise), joined by spaces or nothing.
fn soup(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    let word = prop_oneof![8 => prop::sample::select(words).prop_map(str::to_string), 1 => "\\PC{0,4}"];
    (prop::collection::vec(word, 0..16), any::<bool>())
        .prop_map(|(words, spaced)| words.join(if spaced { " " } else { "" }))
}

const PAGE: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"uuid\"",
    "\"eventType\"",
    "\"published\"",
    "\"actor\"",
    "\"target\"",
    "\"a-b\"",
    "\"2026-11-30T10:00:00.000Z\"",
    "null",
    "true",
    "1e999",
    "-0",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "[]",
    "{}",
    "\"e7a4b0c2-1d2e-4f3a-9b8c-7d6e5f4a3b2c\"",
];

const LINK: &[&str] = &[
    "<",
    ">",
    ";",
    ",",
    "rel=\"next\"",
    "rel=next",
    "rel=\"self\"",
    "https://a.okta.com/api/v1/users?after=00u1",
    "http://127.0.0.1:1/x",
    "\"",
    "=",
    "rel",
    "next",
    "<>",
    "\t",
];

const SCIM: &[&str] = &[
    "eventType",
    "actor.alternateId",
    "target.id",
    "outcome.result",
    "published",
    "eq",
    "ne",
    "co",
    "sw",
    "pr",
    "gt",
    "ge",
    "lt",
    "le",
    "and",
    "or",
    "not",
    "(",
    ")",
    "\"user.session.start\"",
    "\"a\\\"b\"",
    "\"",
    "true",
    "false",
    "null",
    "1",
    "-2.5e3",
    "[",
    "]",
    ".",
];

const CONFIG: &[&str] = &[
    "[profiles.default]",
    "[profiles.\"x y\"]",
    "[detections]",
    "[[profiles]]",
    "default_profile",
    "org_url",
    "auth",
    "client_id",
    "scopes",
    "key_id",
    "read_only",
    "label",
    "token",
    "token_env",
    "token_file",
    "token_command",
    "client_secret",
    "private_key_file",
    "=",
    "\"https://acme.okta.com\"",
    "\"ssws\"",
    "\"private_key\"",
    "true",
    "[\"okta.users.read\"]",
    "\n",
    "#",
    "'''",
    "\"\"\"",
    "1979-05-27",
    "inf",
    "{ a = 1 }",
];

const COMMAND: &[&str] = &[
    ":",
    "users",
    "u",
    "apps",
    "groups",
    "policies",
    "logs",
    "investigate",
    "inv",
    "mfa",
    "hunt",
    "audit",
    "profile",
    "prod",
    "quit",
    "q!",
    "exit",
    "kevin@acme.example",
    "\u{202e}",
    "\u{1b}[2J",
    "\t",
    "İ",
    "ǅ",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_into_every_parser(data in prop::collection::vec(any::<u8>(), 0..300)) {
        fuzzing::page_reader(&data);
        fuzzing::log_event(&data);
        fuzzing::published(&data);
        fuzzing::link_header(&data);
        fuzzing::scim_filter(&data);
        fuzzing::config_file(&data);
        fuzzing::command_line(&data);
    }

    #[test]
    fn pages_from_json_tokens(text in soup(PAGE)) {
        fuzzing::page_reader(text.as_bytes());
        fuzzing::log_event(text.as_bytes());
    }

    #[test]
    fn published_times_of_any_text(text in "\\PC{0,30}") {
        fuzzing::published(text.as_bytes());
    }

    #[test]
    fn link_headers_from_link_tokens(lines in prop::collection::vec(soup(LINK), 0..4)) {
        fuzzing::link_header(lines.join("\n").as_bytes());
    }

    #[test]
    fn scim_filters_from_scim_tokens(text in soup(SCIM)) {
        fuzzing::scim_filter(text.as_bytes());
    }

    #[test]
    fn config_files_from_config_tokens(text in soup(CONFIG)) {
        fuzzing::config_file(text.as_bytes());
    }

    #[test]
    fn command_lines_from_command_words(text in soup(COMMAND)) {
        fuzzing::command_line(text.as_bytes());
    }
}

/// Deeply nested input is refused, not a stack overflow.
#[test]
fn deep_nesting_is_refused() {
    for open in ["[", "{\"a\":", "("] {
        let text = open.repeat(100_000);
        fuzzing::page_reader(text.as_bytes());
        fuzzing::log_event(text.as_bytes());
        fuzzing::scim_filter(text.as_bytes());
        fuzzing::config_file(text.as_bytes());
    }
}
