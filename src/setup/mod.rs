//! `oktui init`: connects oktui to an org by asking, on a terminal, what
//! `docs/connect-okta.md` explains: the org URL, the method and its details. Each answer is
//! checked as it is given (URL rules, where the secret lives and its file's permissions, the
//! key, then a real token request); the profile is written to the config file with a
//! reference to its secret (environment variable, private file or command), never the secret;
//! and `oktui doctor` runs on it last.
//!
//! `prompt` asks and reads (secrets with echo off), `profile` renders and writes the TOML,
//! `wizard` is the order of the questions and what each answer is checked against.

mod profile;
mod prompt;
mod wizard;

use std::io::IsTerminal;

use anyhow::{Context, Result};

use crate::cli::GlobalArgs;
use crate::config::Paths;

/// Runs `oktui init`; true when doctor passed on the new profile. Without a terminal it
/// refuses and exits 2: answers cannot be checked, and secrets cannot be read unseen.
pub async fn run(global: &GlobalArgs) -> Result<bool> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!(
            "error: oktui init asks questions and needs a terminal: run it in one, or write the profile by hand \
             (config.example.toml and docs/connect-okta.md show how)"
        );
        std::process::exit(2);
    }
    let path = match &global.config {
        Some(path) => path.clone(),
        None => Paths::discover().context("cannot find where the config file goes")?.config_file,
    };
    let timeout = std::time::Duration::from_secs(global.timeout);
    let stdin = std::io::stdin();
    let mut prompt = prompt::Prompt::new(stdin.lock(), std::io::stdout());
    wizard::Wizard::new(&mut prompt, path, timeout)?.run().await
}
