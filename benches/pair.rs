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

#[path = "../tests/util/crawl.rs"]
mod crawl;
#[path = "../tests/util/damage.rs"]
mod damage;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crawl::{de_id, page};

fn generate(root: &Path, n: usize) -> (PathBuf, PathBuf) {
    let dir = root.join(format!("crawl-{n}"));
    let (en, de) = (dir.join("en.jsonl"), dir.join("de.jsonl"));
    let done = dir.join(".complete");
    if done.exists() {
        return (en, de);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("crawl folder");
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
    std::fs::write(done, b"").expect("marker");
    (en, de)
}

struct Run {
    seconds: f64,
    cpu: f64,
    peak_mb: f64,
    pairs: usize,
    correct: usize,
}

/// Runs the real binary and takes its own resource use from `wait4`, as the corpus benchmark
/// does.
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which std cannot do
fn run(en: &Path, de: &Path, out: &Path, n: usize) -> Run {
    let log = out.with_extension("log");
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_ende"))
        .arg("pair")
        .arg(en)
        .arg(de)
        .arg("-o")
        .arg(out)
        .stderr(std::fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("ende runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `usage` is a valid, writable rusage.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "ende pair failed: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let _ = std::fs::remove_file(&log);
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
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Run {
        seconds,
        cpu: (tv(usage.ru_utime) + tv(usage.ru_stime)) / seconds,
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
        pairs,
        correct,
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 30_000, 100_000]
    } else {
        sizes
    };
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
