//! The headless commands as scripts run them: the real binary, configured through the Okta
//! SDK environment variables or a config file, against simulated orgs over HTTP.

#[path = "../common/mod.rs"]
mod common;

mod actions;
mod bad_input;
mod case;
mod catalog;
mod catalog_classic;
mod doctor;
mod events;
mod events_tail;
mod files;
mod follow;
mod guide;
mod investigate;
mod listing;
mod output;
mod respond;
mod resume;
mod run;
mod seeded;
mod shell;
mod streaming;
mod suppress;
mod watch;
mod windows;
