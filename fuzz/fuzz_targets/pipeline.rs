//! `cargo fuzz run pipeline`: see ende_fuzz::pipeline_target and docs/fuzzing.md.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ende_fuzz::pipeline_target(data);
});
