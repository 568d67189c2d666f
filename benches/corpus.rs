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

#[path = "../tests/util/damage.rs"]
mod damage;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn generate(root: &Path, pairs: usize) -> PathBuf {
    let dir = root.join(format!("pairs-{pairs}"));
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("corpus folder");
    let gold = damage::Gold::load(Path::new(env!("CARGO_MANIFEST_DIR")));
    for k in 0..pairs {
        let p = damage::pair(&gold, k as u64, 1 + k % 3);
        std::fs::write(dir.join(format!("a{k:06}.en.txt")), p.en).expect("write");
        std::fs::write(dir.join(format!("a{k:06}.de.txt")), p.de).expect("write");
    }
    std::fs::write(done, b"").expect("marker");
    dir
}

struct Run {
    seconds: f64,
    cpu: f64,
    peak_mb: f64,
    sentences: usize,
    bytes: u64,
}

/// Runs the real binary and takes its own resource use from `wait4`, so the figures are the
/// process's, not the benchmark's. Its messages go to a file: a pipe left unread could fill up
/// and stall it.
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which std cannot do
fn run(dir: &Path, out: &Path) -> Run {
    let log = out.with_extension("log");
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_ende"))
        .arg("batch")
        .arg(dir)
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
        "ende batch failed"
    );
    let err = std::fs::read_to_string(&log).expect("log");
    let _ = std::fs::remove_file(&log);
    // "ende: N pairs aligned, 0 failed; X English and Y German sentences, …"
    let words: Vec<&str> = err.split_whitespace().collect();
    let num = |w: &str| w.parse::<usize>().ok();
    let en = words
        .iter()
        .position(|w| *w == "English")
        .and_then(|i| num(words[i - 1]));
    let de = words
        .iter()
        .position(|w| *w == "German")
        .and_then(|i| num(words[i - 1]));
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Run {
        seconds,
        cpu: (tv(usage.ru_utime) + tv(usage.ru_stime)) / seconds,
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
        sentences: en.unwrap_or(0) + de.unwrap_or(0),
        bytes: std::fs::metadata(out).map(|m| m.len()).unwrap_or(0),
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 20_000]
    } else {
        sizes
    };
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
