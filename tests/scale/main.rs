//! Tests at a real org's scale, in their own binary: cargo runs test binaries one after
//! another, so a test here has the machine to itself (the client on one core, the simulated
//! org on the other) and its wall-time ratio to the rate-limit floor means what it says.

#[path = "../common/mod.rs"]
mod common;
#[path = "../headless/run.rs"]
#[allow(dead_code)]
mod run;
#[path = "../headless/seeded.rs"]
mod seeded;

mod hunt;
