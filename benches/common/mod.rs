//! What the end-to-end benchmarks share: inputs generated once and reused, and the real `ende`
//! binary run with its own resource use measured.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// A folder of generated input, made by `make` unless an earlier run finished it (a marker file
/// says so): generating 100,000 pages takes longer than pairing them, and a run stopped half
/// way must not leave half an input that later runs would take for a whole one.
pub fn cached(dir: &Path, make: impl FnOnce(&Path)) {
    let done = dir.join(".complete");
    if done.exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("input folder");
    make(dir);
    std::fs::write(done, b"").expect("marker");
}

/// What one run of `ende` cost, as the process's own figures, not the benchmark's.
pub struct Measured {
    /// Wall-clock seconds.
    pub seconds: f64,
    /// CPU seconds (user and system).
    pub cpu_seconds: f64,
    /// Peak resident set size in MB.
    pub peak_mb: f64,
    /// What it wrote to standard error.
    pub stderr: String,
}

/// Runs `ende ARGS` and takes its resource use from `wait4` (std cannot reap a child with its
/// rusage). Its messages go to `log`, not a pipe: a pipe left unread could fill up and stall it.
/// Panics, with those messages, unless it exits with status 0.
#[allow(clippy::zombie_processes)] // reaped by wait4 below
pub fn run_ende(args: &[&std::ffi::OsStr], log: &Path) -> Measured {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_ende"))
        .args(args)
        .stderr(std::fs::File::create(log).expect("log file"))
        .spawn()
        .expect("ende runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `usage` is a valid, writable rusage.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    let seconds = start.elapsed().as_secs_f64();
    let stderr = std::fs::read_to_string(log).unwrap_or_default();
    let _ = std::fs::remove_file(log);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "ende {:?} failed: {stderr}",
        args
    );
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Measured {
        seconds,
        cpu_seconds: tv(usage.ru_utime) + tv(usage.ru_stime),
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
        stderr,
    }
}

/// The sizes named on the command line (`cargo bench --bench NAME -- 1000 2000`), or `default`.
pub fn sizes(default: &[usize]) -> Vec<usize> {
    let given: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if given.is_empty() {
        default.to_vec()
    } else {
        given
    }
}
