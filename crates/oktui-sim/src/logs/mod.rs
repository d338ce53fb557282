//! The simulated System Log: event builders, the generator (ordinary traffic and attack
//! scenarios), and the store that answers `GET /api/v1/logs`.

pub mod bulk;
pub mod catalog_scenarios;
pub mod events;
pub mod generator;
pub mod scenarios;
pub mod store;
