//! Integration tests of the simulated Okta org, over real HTTP on loopback.

#[path = "../common/mod.rs"]
mod common;

mod auth;
mod catalog;
mod directory;
mod lifecycle;
mod logs;
mod ratelimit;
mod respond;
mod serve;
mod shape;
