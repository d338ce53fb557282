//! Fuzz target: `oktui::fuzzing::scim_filter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oktui::fuzzing::scim_filter(data));
