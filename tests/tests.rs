//! The integration tests, as one crate: Cargo would build and link every `tests/*.rs` as a
//! binary of its own (with the whole dev-dependency tree each time), so Cargo.toml turns that
//! off (`autotests = false`) and this file names the modules instead. A new file in `tests/`
//! runs only once it has its `mod` line here; it reaches the shared helpers as `crate::util`.

// Helpers shared by the modules below: a working directory, the binary, generated pairs.
mod util;

// `ende check`: the completeness report in text, JSON and HTML, batches and page furniture.
mod check;
// Each subcommand end to end on small files, and the team's articles against their gold.
mod cli;
// Every output format read back by an independent reader and compared field by field.
mod formats;
// The inputs the fuzzers found (tests/data/fuzz/), run through the fuzz targets' own checks.
mod fuzz_regressions;
// Hostile input and surroundings: huge or odd files, a full disk, a closed pipe.
mod hostile;
// Pairing by what sentences say: orphans, dropped sentences, teasers, a user's dictionary.
mod meaning;
// `ende pair`: which German page translates which English page, and its manifest fed to batch.
mod pair;
// Properties of the whole pipeline over generated, randomly damaged article pairs.
mod properties;
// One test per reported defect, named after what was wrong.
mod regression;
