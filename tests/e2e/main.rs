//! End-to-end tests of the console: the real `oktui` binary in a pseudo-terminal, in a
//! clean environment, against simulated orgs, read back through a vt100 parser.

#[path = "../common/mod.rs"]
mod common;

mod alerts;
mod approval;
mod busy_log_pane;
mod catalog;
mod console;
mod copy;
mod harness;
mod hunt_progress;
mod init;
mod investigate;
mod mfa;
mod panels;
mod respond;
mod sgr;
mod sort;
mod untrusted;
