//! Fuzz target: `oktui::fuzzing::config_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oktui::fuzzing::config_file(data));
