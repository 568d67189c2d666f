//! `cargo fuzz run align`: see ende_fuzz::align_target and docs/fuzzing.md.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ende_fuzz::align_target(data);
});
