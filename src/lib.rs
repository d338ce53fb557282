//! oktui: a terminal console for investigating and responding to identity threats in an
//! Okta org. See README.md for the architecture.

pub mod actions;
pub mod app;
pub mod case;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod console;
pub mod files;
#[doc(hidden)]
pub mod fuzzing;
pub mod gather;
pub mod headless;
pub mod investigate;
pub mod mask;
pub mod mfa;
pub mod okta;
pub mod output;
pub mod sanitize;
pub mod secret;
pub mod setup;
pub mod ui;
pub mod when;

/// The simulated Okta org, its own crate (`crates/oktui-sim`), behind `oktui demo` and
/// `oktui sim serve`; re-exported so the tests and benches reach it as `oktui::sim`.
pub use oktui_sim as sim;
