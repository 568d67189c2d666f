//! Every input in `tests/data/fuzz/` run through the checks of the fuzz target its file name
//! starts with (`split-…`, `align-…`, `pipeline-…`): the crashes, timeouts and broken
//! promises the fuzzers found, minimised, plus a few hand-made inputs worth keeping.
//!
//! The checks are the fuzz targets' own (`fuzz/src/lib.rs`, included by `tests/util/`), so a regression
//! test fails exactly when the fuzzer would. See docs/fuzzing.md for adding an input.

use std::panic;
use std::path::{Path, PathBuf};

use crate::util::fuzz;

fn inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn target_of(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    name.split('-').next().unwrap_or("").to_string()
}

#[test]
fn every_file_names_a_target() {
    let files = inputs();
    assert!(!files.is_empty(), "tests/data/fuzz/ holds no inputs");
    for f in files {
        let t = target_of(&f);
        assert!(
            fuzz::TARGETS.contains(&t.as_str()),
            "{}: the name must start with one of {:?} and a dash",
            f.display(),
            fuzz::TARGETS
        );
    }
}

#[test]
fn saved_fuzz_inputs_pass_their_target() {
    let mut failures = Vec::new();
    for f in inputs() {
        let target = target_of(&f);
        if !fuzz::TARGETS.contains(&target.as_str()) {
            continue;
        }
        let data = std::fs::read(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        // Inputs that were slow (a quadratic path) are checked for their results here; their
        // speed is measured in `cargo bench --bench split`, not timed in a test.
        let result = panic::catch_unwind(|| fuzz::run(&target, &data));
        if let Err(e) = result {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let msg: String = msg.chars().take(400).collect();
            failures.push(format!("{name}: panicked: {msg}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fuzz input(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
