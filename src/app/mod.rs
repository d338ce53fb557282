//! The interactive console's state machine: messages, the pure update, effects and the
//! runtime that connects them to the terminal and the Okta client.

pub mod command;
pub mod detail;
pub mod effect;
pub mod keys;
pub mod launch;
pub mod lists;
pub mod mfa;
pub mod msg;
pub mod runtime;
pub mod state;
pub mod tasks;
pub mod terminal;
pub mod update;
