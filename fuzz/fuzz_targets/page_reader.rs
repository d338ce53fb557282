//! Fuzz target: `oktui::fuzzing::page_reader`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oktui::fuzzing::page_reader(data));
