//! Fuzz target: `oktui::fuzzing::link_header`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oktui::fuzzing::link_header(data));
