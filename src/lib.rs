//! oktui: a terminal console for investigating and responding to identity threats in an
//! Okta org. See README.md for the architecture.

pub mod cli;
pub mod sim;
