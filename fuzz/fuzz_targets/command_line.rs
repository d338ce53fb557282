//! Fuzz target: `oktui::fuzzing::command_line`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| oktui::fuzzing::command_line(data));
