//! Corpus throughput, end to end: a generated corpus of damaged article pairs (built from the
//! team's gold articles by `tests/util/damage.rs`: dropped, merged and added sentences,
//! boilerplate, headlines, different paragraphing) is read, split, aligned, checked and written
//! as CSV by the real `ende batch` process with all cores. Reports pairs/s, sentences/s, CPU use
//! and the process's peak RSS, for each size, so that doubling the corpus shows time doubling
//! and memory staying flat.
//!
//! `cargo bench --bench corpus` (sizes 10,000 and 20,000 pairs), or
//! `cargo bench --bench corpus -- 1000 2000` for other sizes. The corpora are generated once
//! into `target/bench-corpus/` and reused.

mod common;
#[path = "../tests/util/damage.rs"]
mod damage;

use std::path::{Path, PathBuf};

fn generate(root: &Path, pairs: usize) -> PathBuf {
    let dir = root.join(format!("pairs-{pairs}"));
    common::cached(&dir, |dir| {
        let gold = damage::Gold::load(Path::new(env!("CARGO_MANIFEST_DIR")));
        for k in 0..pairs {
            let p = damage::pair(&gold, k as u64, 1 + k % 3);
            std::fs::write(dir.join(format!("a{k:06}.en.txt")), p.en).expect("write");
            std::fs::write(dir.join(format!("a{k:06}.de.txt")), p.de).expect("write");
        }
    });
    dir
}

struct Run {
    seconds: f64,
    cpu: f64,
    peak_mb: f64,
    sentences: usize,
    bytes: u64,
}

/// Runs `ende batch` on the corpus and reads how many sentences it aligned from its summary.
fn run(dir: &Path, out: &Path) -> Run {
    let m = common::run_ende(
        &[
            "batch".as_ref(),
            dir.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        &out.with_extension("log"),
    );
    // "ende: N pairs aligned, 0 failed; X English and Y German sentences, …"
    let words: Vec<&str> = m.stderr.split_whitespace().collect();
    let num = |w: &str| w.parse::<usize>().ok();
    let en = words
        .iter()
        .position(|w| *w == "English")
        .and_then(|i| num(words[i - 1]));
    let de = words
        .iter()
        .position(|w| *w == "German")
        .and_then(|i| num(words[i - 1]));
    Run {
        seconds: m.seconds,
        cpu: m.cpu_seconds / m.seconds,
        peak_mb: m.peak_mb,
        sentences: en.unwrap_or(0) + de.unwrap_or(0),
        bytes: std::fs::metadata(out).map(|m| m.len()).unwrap_or(0),
    }
}

fn main() {
    let sizes = common::sizes(&[10_000, 20_000]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    println!("| pairs | sentences | input MB | seconds | pairs/s | sentences/s | CPU (cores busy) | peak RSS MB | CSV MB |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let dir = generate(&root, n);
        let input: u64 = std::fs::read_dir(&dir)
            .expect("corpus")
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        let out = root.join(format!("out-{n}.csv"));
        let r = run(&dir, &out);
        println!(
            "| {n} | {} | {:.1} | {:.2} | {:.0} | {:.0} | {:.2} | {:.0} | {:.1} |",
            r.sentences,
            input as f64 / 1e6,
            r.seconds,
            n as f64 / r.seconds,
            r.sentences as f64 / r.seconds,
            r.cpu,
            r.peak_mb,
            r.bytes as f64 / 1e6
        );
        let _ = std::fs::remove_file(out);
    }
}
