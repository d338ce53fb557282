//! Fuzz target: `oktui::fuzzing::log_event`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oktui::fuzzing::log_event(data));
