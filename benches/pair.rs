//! Document pairing at scale: a synthetic crawl of N English and N German pages, paired by the
//! real `ende pair` process with all cores. Reports seconds, CPU seconds (the process's own,
//! from `wait4`: what the run costs when other work shares the machine), peak RSS and how
//! many pages found their partner, for each size, so that the time per page stays flat as the
//! crawl grows.
//!
//! The pages come from the corpus generator of `tests/util/damage.rs` (article pairs cut from
//! the team's three gold articles at random places, with dropped, merged and added sentences,
//! boilerplate and a headline without a twin; one to three articles a page), each pair made its
//! own by `tests/util/crawl.rs` (its digits permuted alike on both sides, a byline with a
//! made-up name). The German side is written in a shuffled order under ids that do not reveal
//! the partner; both sides are JSON-lines files (`{"id", "text"}`).
//!
//! `cargo bench --bench pair` (10,000, 30,000 and 100,000 pages a side), or
//! `cargo bench --bench pair -- 1000 2000` for other sizes. The crawls are generated once into
//! `target/bench-pair/` and reused.

mod common;
#[path = "../tests/util/crawl.rs"]
mod crawl;
#[path = "../tests/util/damage.rs"]
mod damage;

use std::io::Write;
use std::path::{Path, PathBuf};

use crawl::{de_id, page};

fn generate(root: &Path, n: usize) -> (PathBuf, PathBuf) {
    let dir = root.join(format!("crawl-{n}"));
    let (en, de) = (dir.join("en.jsonl"), dir.join("de.jsonl"));
    common::cached(&dir, |_| {
        let gold = damage::Gold::load(Path::new(env!("CARGO_MANIFEST_DIR")));
        let mut order: Vec<u64> = (0..n as u64).collect();
        crawl::shuffle(&mut order, n as u64);
        let mut fe = std::io::BufWriter::new(std::fs::File::create(&en).expect("en.jsonl"));
        let mut fd = std::io::BufWriter::new(std::fs::File::create(&de).expect("de.jsonl"));
        let mut german = Vec::with_capacity(n);
        for k in 0..n as u64 {
            let (e, g) = page(&gold, k);
            let rec = serde_json::json!({"id": format!("e{k:07}"), "text": e});
            writeln!(fe, "{rec}").expect("write");
            german.push(g);
        }
        for &k in &order {
            let rec = serde_json::json!({"id": de_id(k), "text": german[k as usize]});
            writeln!(fd, "{rec}").expect("write");
        }
        fe.flush().expect("write");
        fd.flush().expect("write");
    });
    (en, de)
}

struct Run {
    seconds: f64,
    cpu: f64,
    peak_mb: f64,
    pairs: usize,
    correct: usize,
}

/// Runs `ende pair` on the crawl and counts the pairs it made and those that are right.
fn run(en: &Path, de: &Path, out: &Path, n: usize) -> Run {
    let m = common::run_ende(
        &[
            "pair".as_ref(),
            en.as_os_str(),
            de.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        &out.with_extension("log"),
    );
    // A generated page is never skipped; if one were, the figures would be of a smaller crawl.
    assert!(m.stderr.contains("(0 skipped)"), "{}", m.stderr);
    let truth: std::collections::HashMap<String, String> = (0..n as u64)
        .map(|k| (format!("e{k:07}"), de_id(k)))
        .collect();
    let mut reader = csv::Reader::from_path(out).expect("manifest");
    let (mut pairs, mut correct) = (0, 0);
    for rec in reader.records() {
        let rec = rec.expect("a manifest row");
        pairs += 1;
        correct += usize::from(truth.get(&rec[1]).is_some_and(|g| g == &rec[2]));
    }
    Run {
        seconds: m.seconds,
        cpu: m.cpu_seconds / m.seconds,
        peak_mb: m.peak_mb,
        pairs,
        correct,
    }
}

fn main() {
    let sizes = common::sizes(&[10_000, 30_000, 100_000]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-pair");
    println!("| pages a side | input MB | seconds | CPU seconds | cores busy | CPU µs per page | peak RSS MB | pairs | right |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let (en, de) = generate(&root, n);
        let input = [&en, &de]
            .iter()
            .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum::<u64>();
        let out = root.join(format!("pairs-{n}.csv"));
        let r = run(&en, &de, &out, n);
        let cpu = r.cpu * r.seconds;
        println!(
            "| {n} | {:.0} | {:.1} | {:.1} | {:.2} | {:.0} | {:.0} | {} | {:.4} |",
            input as f64 / 1e6,
            r.seconds,
            cpu,
            r.cpu,
            cpu * 1e6 / (2.0 * n as f64),
            r.peak_mb,
            r.pairs,
            r.correct as f64 / n as f64
        );
        let _ = std::fs::remove_file(out);
    }
}
