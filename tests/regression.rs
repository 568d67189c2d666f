//! One test per reported defect, named after what was wrong; each names its issue item.

mod util;

use predicates::prelude::*;
use util::{repo, Workdir};

/// The scores `ende eval` prints on standard output.
fn eval(wd: &Workdir, gold: &std::path::Path, pred: &std::path::Path) -> serde_json::Value {
    let out = wd
        .ende()
        .arg("eval")
        .arg(gold)
        .arg(pred)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("scores as JSON")
}

/// Issue 10, item 10: `ende eval` pooled the beads of all documents of a batch CSV, so an
/// alignment with every document's beads swapped for another's scored F1 = 1.
#[test]
fn eval_matches_beads_per_document() {
    let wd = Workdir::new();
    let dir = wd.path("c");
    std::fs::create_dir(&dir).unwrap();
    for name in ["flood", "breach"] {
        for lang in ["en", "de"] {
            let f = format!("{name}.{lang}.txt");
            std::fs::copy(repo(&format!("corpora/{f}")), dir.join(f)).unwrap();
        }
    }
    let gold = wd.path("gold.csv");
    wd.ende()
        .args(["batch", "--quiet", "-o"])
        .arg(&gold)
        .arg(&dir)
        .assert()
        .success();
    let same = eval(&wd, &gold, &gold);
    assert_eq!(
        (same["strict_f1"].as_f64(), same["lax_f1"].as_f64()),
        (Some(1.0), Some(1.0))
    );

    // The same rows with the two documents' names swapped: every bead in the wrong document.
    let text = std::fs::read_to_string(&gold).unwrap();
    let swapped: String = text
        .lines()
        .map(|l| match l.split_once(',') {
            Some(("flood", rest)) => format!("breach,{rest}\n"),
            Some(("breach", rest)) => format!("flood,{rest}\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    let pred = wd.write("pred.csv", swapped);
    let s = eval(&wd, &gold, &pred);
    assert!(s["strict_f1"].as_f64().unwrap() < 0.2, "{s}");
    assert!(s["lax_f1"].as_f64().unwrap() < 0.5, "{s}");

    // A prediction that lacks a document, or holds another, is refused with the names.
    let only_flood: String = text
        .lines()
        .filter(|l| !l.starts_with("breach,"))
        .map(|l| format!("{}\n", l.replacen("flood,", "fl00d,", 1)))
        .collect();
    let other = wd.write("other.csv", only_flood);
    wd.ende()
        .arg("eval")
        .arg(&gold)
        .arg(&other)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("hold different documents")
                .and(predicate::str::contains(
                    r#"only in the gold file: "breach", "flood""#,
                ))
                .and(predicate::str::contains(
                    r#"only in the prediction: "fl00d""#,
                )),
        );
}

/// A folder `name` holding the team's flood pair.
fn flood_folder(wd: &Workdir, name: &str) -> std::path::PathBuf {
    let dir = wd.path(name);
    std::fs::create_dir(&dir).unwrap();
    for lang in ["en", "de"] {
        let f = format!("flood.{lang}.txt");
        std::fs::copy(repo(&format!("corpora/{f}")), dir.join(f)).unwrap();
    }
    dir
}

/// Issue 10, item 4: a named pipe called `x.en.txt` in a corpus folder made `batch` and
/// `check --batch` wait forever for a writer, and a link to `/dev/zero` was read until memory
/// ran out. Both are now skipped with a message naming them; the other pairs finish.
#[cfg(unix)]
#[test]
fn special_files_in_an_input_folder_are_skipped_by_name() {
    let wd = Workdir::new();
    for layout in ["suffix", "folders"] {
        let dir = flood_folder(&wd, layout);
        let (fifo, zero, partner) = if layout == "suffix" {
            (
                dir.join("x.en.txt"),
                dir.join("z.en.txt"),
                ["x.de.txt", "z.de.txt"].map(|f| dir.join(f)),
            )
        } else {
            // en/ + de/ layout: move the flood pair in and add the special files there.
            for d in ["en", "de"] {
                std::fs::create_dir(dir.join(d)).unwrap();
                std::fs::rename(
                    dir.join(format!("flood.{d}.txt")),
                    dir.join(d).join("flood.txt"),
                )
                .unwrap();
            }
            (
                dir.join("en/x.txt"),
                dir.join("en/z.txt"),
                ["de/x.txt", "de/z.txt"].map(|f| dir.join(f)),
            )
        };
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        for p in partner {
            std::fs::copy(repo("corpora/flood.de.txt"), p).unwrap();
        }
        let out = wd.path(&format!("{layout}.csv"));
        wd.ende()
            .args(["batch", "--quiet", "-o"])
            .arg(&out)
            .arg(&dir)
            .timeout(std::time::Duration::from_secs(120))
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("x: skipped")
                    .and(predicate::str::contains(
                        "a named pipe (FIFO), not a regular file",
                    ))
                    .and(predicate::str::contains("z: skipped"))
                    .and(predicate::str::contains(
                        "a character device, not a regular file",
                    )),
            );
        assert_eq!(util::docs_in(&std::fs::read(&out).unwrap()), ["flood"]);
        wd.ende()
            .args(["check", "--batch"])
            .arg(&dir)
            .timeout(std::time::Duration::from_secs(120))
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("a named pipe (FIFO), not a regular file").and(
                    predicate::str::contains("a character device, not a regular file"),
                ),
            );
    }
    // Named on the command line, /dev/zero is binary at its first byte, not read to the end.
    wd.ende()
        .arg("align")
        .arg("/dev/zero")
        .arg(repo("corpora/flood.de.txt"))
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/dev/zero: binary content"));
}

/// Issue 10, item 4: input files above `--max-file-size` (default 1 GiB) are refused before
/// they are read.
#[test]
fn input_files_above_the_size_limit_are_refused_unread() {
    let wd = Workdir::new();
    let dir = flood_folder(&wd, "c");
    let big = "The council met again on Monday. ".repeat(100);
    std::fs::write(dir.join("big.en.txt"), &big).unwrap();
    std::fs::write(
        dir.join("big.de.txt"),
        "Der Rat tagte am Montag. ".repeat(100),
    )
    .unwrap();
    let out = wd.path("o.csv");
    wd.ende()
        .args(["batch", "--quiet", "--max-file-size", "3K", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("big: skipped: ").and(predicate::str::contains(
                "big.en.txt: 3.2 KiB is more than the limit of 3.0 KiB (--max-file-size); not read",
            )),
        );
    // The flood pair is 5 KB a side: within 8 KB.
    wd.ende()
        .args(["batch", "--quiet", "--max-file-size", "8K", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .success();
    wd.ende()
        .args(["split", "--max-file-size", "1000"])
        .arg(dir.join("big.en.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the limit of 1000 bytes"));
    // From a pipe the size is not known in advance: reading stops at the limit.
    wd.ende()
        .args(["split", "--max-file-size", "1K", "-"])
        .write_stdin(big)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-: more than 1.0 KiB, the limit"));
    wd.ende()
        .args(["batch", "--max-file-size", "lots", "-o", "x.csv"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a size like 500M"));
}

/// Issue 10, item 12: UTF-16 with a byte order mark was reported as "binary content (a NUL byte
/// at offset 3)".
#[test]
fn utf16_is_named_with_how_to_convert_it() {
    let wd = Workdir::new();
    let text = std::fs::read_to_string(repo("corpora/flood.en.txt")).unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let f = wd.write("wide.en.txt", le);
    wd.ende()
        .arg("align")
        .arg(&f)
        .arg(repo("corpora/flood.de.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "wide.en.txt: UTF-16 text; convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8",
        ));
}

/// Runs `cmd` with its output in files; kills it after `secs` seconds (a defect that hangs
/// fails the test instead of hanging it). Returns the exit status and standard error.
fn run_bounded(wd: &Workdir, mut cmd: std::process::Command, secs: u64) -> (Option<i32>, String) {
    let err = wd.path("bounded.err");
    cmd.stdout(std::fs::File::create(wd.path("bounded.out")).unwrap())
        .stderr(std::fs::File::create(&err).unwrap());
    let mut child = cmd.spawn().expect("ende runs");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed().as_secs() >= secs {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    (status.code(), std::fs::read_to_string(err).unwrap())
}

/// Issue 10, item 5: `ende stream` with a directory as standard input printed "Is a directory"
/// half a million times in five seconds and never ended. A read error now stops it (exit 2);
/// a bad line is still only skipped, and invalid UTF-8 is reported with its line number.
#[cfg(unix)]
#[test]
fn stream_stops_on_a_read_error() {
    let wd = Workdir::new();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("ende"));
    cmd.arg("stream")
        .stdin(std::fs::File::open(wd.path("")).unwrap());
    let (code, err) = run_bounded(&wd, cmd, 60);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("standard input: cannot read: Is a directory"),
        "{err}"
    );

    let mut input = serde_json::json!({"doc": "a", "en": "The river rose by 3.5 metres.", "de": "Der Fluss stieg um 3,5 Meter."})
        .to_string()
        .into_bytes();
    input.extend(b"\n\n{\"doc\": \"b\", \"en\": \"Gr\xfc\xdfe\", \"de\": \"x\"}\n");
    input.extend(
        serde_json::json!({"doc": "c", "en": "Mayor Anna Keller asked Berlin for help.", "de": "B\u{fc}rgermeisterin Anna Keller bat Berlin um Hilfe."})
            .to_string()
            .into_bytes(),
    );
    let out = wd
        .ende()
        .arg("stream")
        .write_stdin(input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 3: not UTF-8: invalid byte 0xfc at byte offset 22 of the line",
        ))
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].clone())
            .collect::<Vec<_>>(),
        ["a", "c"]
    );
}

/// Issue 10, item 13: `--min-score` took any number: NaN kept every bead, 2 or `inf` gave an
/// empty TMX with exit 0.
#[test]
fn min_score_outside_0_to_1_is_refused() {
    let wd = Workdir::new();
    for bad in ["NaN", "2", "inf", "-0.1", "x"] {
        wd.ende()
            .args(["align", "--format", "tmx", &format!("--min-score={bad}")])
            .arg(repo("corpora/flood.en.txt"))
            .arg(repo("corpora/flood.de.txt"))
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "expected a score between 0 and 1, got {bad:?}"
            )));
    }
    for good in ["0", "1", "0.5"] {
        wd.ende()
            .args(["align", "--format", "tmx", "--min-score", good])
            .arg(repo("corpora/flood.en.txt"))
            .arg(repo("corpora/flood.de.txt"))
            .assert()
            .success();
    }
}
