//! The detection engine (`oktui::investigate`) against the simulated org's seeded attacks
//! and ordinary traffic, against Panther's labelled rule tests, and against arbitrary
//! events.

mod fuzz;
mod panther;
mod scenarios;
