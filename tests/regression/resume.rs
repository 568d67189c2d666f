//! One test per reported defect in resuming a stopped batch (`--resume`) and in guarding an
//! output that another run is writing.

use super::*;

/// Waits (at most a minute) until `cond` holds.
fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !cond() {
        assert!(start.elapsed().as_secs() < 60, "waited a minute for {what}");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// Issue 10, item 3: a second batch on the same `-o` while the first ran was told to add
/// `--resume`, which put two writers on one file. With two real processes: the second is
/// refused with the first one's process id, with or without `--resume`, and the first
/// finishes untouched.
#[cfg(unix)]
#[test]
fn a_second_run_on_the_same_output_is_refused_while_the_first_runs() {
    let wd = Workdir::new();
    let dir = corpus(&wd, 20);
    let out = wd.path("out.csv");
    let lock = wd.path("out.csv.lock");
    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("ende"))
        .args(["batch", "--quiet", "--jobs", "1", "-o"])
        .arg(&out)
        .arg(&dir)
        .spawn()
        .unwrap();
    let pid = first.id();
    wait_for("the lock", || {
        std::fs::read_to_string(&lock).is_ok_and(|t| t.trim() == pid.to_string())
    });
    // Stopped, so it cannot finish while the second run tries.
    // SAFETY: signals our own child.
    assert_eq!(unsafe { libc::kill(pid as i32, libc::SIGSTOP) }, 0);
    for extra in [&[][..], &["--resume"][..]] {
        wd.ende()
            .args(["batch", "--quiet"])
            .args(extra)
            .arg("-o")
            .arg(&out)
            .arg(&dir)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "out.csv is being written by another ende (pid {pid})"
            )));
    }
    // SAFETY: as above.
    assert_eq!(unsafe { libc::kill(pid as i32, libc::SIGCONT) }, 0);
    assert!(first.wait().unwrap().success());
    assert_eq!(util::docs_in(&std::fs::read(&out).unwrap()).len(), 60);
    assert!(!lock.exists() && !wd.path("out.csv.partial").exists());
}

/// Issue 10, item 6: a resumed TMX was not byte for byte an uninterrupted one (indentation
/// restarted, `</tu><tu>` shared a line). Every resumable format, stopped by a full disk and
/// resumed, equals an uninterrupted run.
#[cfg(unix)]
#[test]
fn tmx_resume_is_byte_identical() {
    let wd = Workdir::new();
    let dir = corpus(&wd, 12);
    for (format, blocks) in [
        ("tmx", 200),
        ("csv", 200),
        ("tsv", 200),
        ("jsonl", 200),
        ("vecalign", 8),
    ] {
        let reference = wd.path(&format!("ref.{format}"));
        wd.ende()
            .args(["batch", "--quiet", "--format", format, "-o"])
            .arg(&reference)
            .arg(&dir)
            .assert()
            .success();
        let out = wd.path(&format!("out.{format}"));
        let run = util::batch_with_file_size_limit(&out, &dir, blocks, &["--format", format]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{format}: {err}");
        assert!(err.contains("finished pairs (of 36)"), "{format}: {err}");
        wd.ende()
            .args(["batch", "--quiet", "--resume", "--format", format, "-o"])
            .arg(&out)
            .arg(&dir)
            .assert()
            .success();
        assert!(
            std::fs::read(&out).unwrap() == std::fs::read(&reference).unwrap(),
            "{format}: the resumed output differs from an uninterrupted run"
        );
    }
}

/// The `done` count of a resume record.
fn done_in(record: &Path) -> usize {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(record).unwrap()).expect("a record");
    v["done"].as_u64().unwrap() as usize
}

/// Issue 10, item 7: the checkpoint was first written a second after each start, so runs
/// killed sooner (80 kills at 50–400 ms) stayed at `"done": 0`. Each run is killed here as
/// soon as it has written its second pair: the first must be checkpointed by then, so every
/// kill moves the record on.
#[cfg(unix)]
#[test]
fn resume_progresses_under_frequent_kills() {
    let wd = Workdir::new();
    let dir = corpus(&wd, 20);
    let reference = wd.path("ref.csv");
    wd.batch(&reference, &dir).assert().success();
    // Pairs in name order: breach000 … breach019, flood000, …
    let names: Vec<String> = (0..20).map(|k| format!("breach{k:03}")).collect();
    let (out, partial, record) = (
        wd.path("out.csv"),
        wd.path("out.csv.partial"),
        wd.path("out.csv.resume"),
    );
    let mut done = 0;
    for kill in 0..4 {
        let mut run = std::process::Command::new(assert_cmd::cargo::cargo_bin("ende"));
        run.args(["batch", "--quiet", "--jobs", "1"]);
        if kill > 0 {
            run.arg("--resume");
        }
        if kill > 0 {
            // What the resumed run does first; done here so that pairs the killed run wrote
            // past its record are not taken for this run's.
            let recorded: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
            std::fs::OpenOptions::new()
                .write(true)
                .open(&partial)
                .unwrap()
                .set_len(recorded["bytes"].as_u64().unwrap())
                .unwrap();
        }
        let mut child = run.arg("-o").arg(&out).arg(&dir).spawn().unwrap();
        let second = format!("\n{},", names[done + 1]);
        wait_for("the second pair", || {
            std::fs::read(&partial).is_ok_and(|b| String::from_utf8_lossy(&b).contains(&second))
        });
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = done_in(&record);
        assert!(now > done, "kill {kill}: the record stayed at {now}");
        done = now;
    }
    wd.ende()
        .args(["batch", "--resume", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "resuming after {done} of 60"
        )));
    assert!(std::fs::read(&out).unwrap() == std::fs::read(&reference).unwrap());
}

/// A run of `corpus(wd, 12)` into `out.csv` stopped by a full disk: its partial file and record.
#[cfg(unix)]
fn stopped_run(wd: &Workdir) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = corpus(wd, 12);
    let run = util::batch_with_file_size_limit(&wd.path("out.csv"), &dir, 200, &[]);
    assert_eq!(run.status.code(), Some(2));
    (dir, wd.path("out.csv.resume"))
}

/// Issue 10, item 8: an edited or foreign resume record (`"done": 600` of 500 pairs) panicked
/// the batch (index out of range, exit 101). It is refused now.
#[cfg(unix)]
#[test]
fn an_edited_resume_record_is_refused_not_a_panic() {
    let wd = Workdir::new();
    let (dir, record) = stopped_run(&wd);
    let text = std::fs::read_to_string(&record).unwrap();
    let done = done_in(&record);
    for edited in [
        text.replace(&format!("\"done\": {done}"), "\"done\": 600"),
        text.replace(&format!("\"pairs\": {done}"), "\"pairs\": 7"),
    ] {
        assert_ne!(edited, text);
        std::fs::write(&record, edited).unwrap();
        wd.ende()
            .args(["batch", "--resume", "-o", "out.csv"])
            .arg(&dir)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("out.csv.resume: not a resume record for this run")
                    .and(predicate::str::contains("panicked").not()),
            );
    }
}

/// Issue 10, item 9: killed between the final rename and removing the record, `--resume` said
/// "out.csv.partial: no such file" and a plain rerun named a partial file that did not exist.
/// `--resume` now says the run is complete, and a plain run starts afresh.
#[cfg(unix)]
#[test]
fn a_run_killed_between_rename_and_record_removal_is_complete() {
    let wd = Workdir::new();
    let (dir, record) = stopped_run(&wd);
    let saved = std::fs::read(&record).unwrap();
    wd.ende()
        .args(["batch", "--quiet", "--resume", "-o", "out.csv"])
        .arg(&dir)
        .assert()
        .success();
    let finished = std::fs::read(wd.path("out.csv")).unwrap();
    // The state such a kill leaves: the output in place and the record still beside it.
    std::fs::write(&record, &saved).unwrap();
    wd.ende()
        .args(["batch", "--resume", "-o", "out.csv"])
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "out.csv: the earlier run had finished (its output is complete); nothing to resume",
        ));
    assert!(!record.exists());
    assert_eq!(std::fs::read(wd.path("out.csv")).unwrap(), finished);
    std::fs::write(&record, &saved).unwrap();
    wd.ende()
        .args(["batch", "-o", "out.csv"])
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicate::str::contains("partial").not());
    assert_eq!(std::fs::read(wd.path("out.csv")).unwrap(), finished);
    assert!(!record.exists());
}

/// Issue 10, item 9: `-o DIR --resume` said "DIR is written in one piece".
#[test]
fn resume_into_a_directory_names_the_directory() {
    let wd = Workdir::new();
    flood_folder(&wd, "small");
    std::fs::create_dir(wd.path("outdir")).unwrap();
    for extra in [&["--resume"][..], &[][..]] {
        wd.ende()
            .args(["batch", "small", "-o", "outdir"])
            .args(extra)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "outdir: is a directory; name a file for the output",
            ));
    }
}

/// Issue 10, item 9: a run killed before its first pair left a `"done": 0` record that
/// blocked the next plain run ("add --resume"). Nothing was finished, so it starts afresh.
#[cfg(unix)]
#[test]
fn a_record_of_no_finished_pairs_does_not_block_a_new_run() {
    let wd = Workdir::new();
    let (dir, record) = stopped_run(&wd);
    let text = std::fs::read_to_string(&record).unwrap();
    let done = done_in(&record);
    std::fs::write(
        &record,
        text.replace(&format!("\"done\": {done}"), "\"done\": 0"),
    )
    .unwrap();
    wd.ende()
        .args(["batch", "--quiet", "-o", "out.csv"])
        .arg(&dir)
        .assert()
        .success();
    assert!(!record.exists() && !wd.path("out.csv.partial").exists());
    assert_eq!(
        util::docs_in(&std::fs::read(wd.path("out.csv")).unwrap()).len(),
        36
    );
}

/// Issue 10, item 9: a killed XLSX run left `.out.xlsx.partial-PID` behind for good. The next
/// run on the same output removes it.
#[test]
fn a_killed_xlsx_runs_temporary_file_is_removed() {
    let wd = Workdir::new();
    flood_folder(&wd, "small");
    let left = wd.write(".out.xlsx.partial-4242", "PK half a zip");
    let other = wd.write(".other.xlsx.partial-4242", "not ours");
    wd.ende()
        .args([
            "batch", "--quiet", "--format", "xlsx", "small", "-o", "out.xlsx",
        ])
        .assert()
        .success();
    assert!(!left.exists(), "the leftover is removed");
    assert!(other.exists(), "another output's file is left alone");
    assert!(wd.path("out.xlsx").exists());
}
