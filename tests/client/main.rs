//! The Okta client against servers that misbehave: absurd rate-limit headers, endless
//! bodies, cycling `next` links, a proxy in the environment, refused OAuth tokens on a change,
//! numbers that a float would round. Each test talks real HTTP, to the simulated org or to a
//! tiny server made in the test; headless commands run as the real binary.

#[path = "../common/mod.rs"]
mod common;
#[path = "../headless/run.rs"]
#[allow(dead_code)]
mod run;

mod bodies;
mod local;
mod numbers;
mod pace;
mod proxy;
mod renewal;
mod split;
mod superseded;
mod waits;
