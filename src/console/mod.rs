//! The console's shell: opening it ([`launch`]: the config read once, the client, the look),
//! the event loop that joins the terminal, `app/`'s pure update and its effect dispatcher to
//! `ui/`'s drawing ([`runtime`]), the terminal's raw mode ([`terminal`]) and what a panic
//! does ([`panics`]). The layers point one way: `console/` uses `app/` and `ui/`, `ui/`
//! draws from `app/`, and `app/` uses neither.

pub mod launch;
pub mod panics;
pub mod runtime;
pub mod terminal;
