//! The interactive console's state machine: messages, the pure update, effects and the
//! runtime that connects them to the terminal and the Okta client.

pub mod action_tasks;
pub mod approval;
pub mod audit;
pub mod clipboard;
pub mod command;
pub mod context;
pub mod describe;
pub mod detail;
pub mod effect;
pub mod effects;
pub mod event;
pub mod findings_tasks;
pub mod hunt;
pub mod investigation;
pub mod ip;
pub mod keys;
pub mod launch;
pub mod lists;
pub mod logs;
pub mod mfa;
pub mod msg;
pub mod panics;
pub mod runtime;
pub mod state;
pub mod tasks;
pub mod terminal;
pub mod update;
pub mod update_logs;
pub mod viewport;
