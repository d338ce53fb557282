//! The interactive console's state machine: messages, the pure update, the effects and the
//! one dispatcher that carries them out, the panes' state and the view types `ui/` draws
//! from. The runtime that joins them to the terminal is [`crate::console`].

pub mod action_tasks;
pub mod alerts;
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
pub mod filter;
pub mod finding_road;
pub mod findings_tasks;
pub mod help;
pub mod history;
pub mod hunt;
pub mod investigation;
pub mod ip;
pub mod judge_task;
pub mod keys;
pub mod layout;
pub mod lists;
pub mod logs;
pub mod masking;
pub mod mfa;
pub mod msg;
pub mod sort;
pub mod state;
pub mod tasks;
pub mod update;

pub mod viewport;
