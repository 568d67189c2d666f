//! `cargo fuzz run split`: see ende_fuzz::split_target and docs/fuzzing.md.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ende_fuzz::split_target(data);
});
