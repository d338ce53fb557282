//! Fuzz target: `oktui::fuzzing::published`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oktui::fuzzing::published(data));
