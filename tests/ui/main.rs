//! The console without a terminal or a network (issue 4, acceptance 3 and 4): whole-screen
//! snapshots of every pane on `TestBackend`, and the pure `update` driven by keys and task
//! results, including the key registry.

mod alerts;
mod approval;
mod describe;
mod findings;
mod fixtures;
mod hunt_window;
mod ip;
mod keys;
mod masking;
mod mfa;
mod navigation;
mod respond;
mod rollup;
mod screens;
mod search;
mod small;
mod sort;
mod widths;
