//! One test per reported defect, named after what was wrong; each names its issue item.

use predicates::prelude::*;
use std::path::Path;

use ende::output::Format;

use crate::util::{self, corpus, repo, Workdir};

// The defects of resuming a batch and of two runs on one output.
mod resume;

/// The scores `ende eval` prints on standard output.
fn eval(wd: &Workdir, gold: &Path, pred: &Path) -> serde_json::Value {
    let out = util::stdout(wd.ende().arg("eval").arg(gold).arg(pred));
    serde_json::from_str(&out).expect("scores as JSON")
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
    wd.batch(&gold, &dir).assert().success();
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
        wd.batch(&out, &dir)
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

/// Issue 10, item 1: `-o` could name one of the inputs: `ende batch small -o
/// small/flood.en.txt` replaced the English input with the CSV, and `align` and XLSX did the
/// same. Now refused (exit 2, the path named) for a pair file, through a link, for a manifest
/// entry and for the manifest itself, and the input is left as it was.
#[test]
fn output_is_an_input_refused() {
    let wd = Workdir::new();
    let dir = flood_folder(&wd, "small");
    let en = dir.join("flood.en.txt");
    let de = dir.join("flood.de.txt");
    let original = std::fs::read(&en).unwrap();
    let refused = |args: &[&str], out: &Path, shown: &str| {
        let mut c = wd.ende();
        c.args(args).arg("-o").arg(out);
        c.assert().code(2).stderr(
            predicate::str::contains(format!("{shown}: the output is also an input"))
                .and(predicate::str::contains("choose another output")),
        );
    };
    refused(&["batch", "small"], &en, "small/flood.en.txt");
    for format in ["csv", "xlsx"] {
        refused(
            &[
                "align",
                "small/flood.en.txt",
                "small/flood.de.txt",
                "--format",
                format,
            ],
            &de,
            "small/flood.de.txt",
        );
    }
    let manifest = wd.write(
        "m.csv",
        "doc,en,de\nflood,small/flood.en.txt,small/flood.de.txt\n",
    );
    refused(&["batch", "m.csv"], &de, "small/flood.de.txt");
    refused(&["batch", "m.csv", "--format", "xlsx"], &manifest, "m.csv");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&en, wd.path("link.csv")).unwrap();
        refused(&["batch", "m.csv"], &wd.path("link.csv"), "link.csv");
    }
    assert_eq!(std::fs::read(&en).unwrap(), original);
    assert!(std::fs::read_to_string(&manifest)
        .unwrap()
        .starts_with("doc,en,de"));
}

/// Issue 10, item 1: an output inside the input folder, named like a pair, was picked up by
/// the next run as that pair's text. ende's own outputs are now skipped, saying why.
#[test]
fn an_output_inside_the_input_folder_is_not_aligned_as_a_pair() {
    let wd = Workdir::new();
    let dir = flood_folder(&wd, "small");
    // The formats written record by record as text, which a later run could read as a pair
    // (XLSX is a zip and is refused as binary, HTML is a report, not a batch output).
    let formats: Vec<&str> = Format::ALL
        .into_iter()
        .filter(|f| f.resumable())
        .map(Format::name)
        .collect();
    for &format in &formats {
        // Written beside the folder first, so that each run sees only the flood pair, then
        // moved in as if `-o` had named the folder.
        let name = format!("all-{format}.en.txt");
        wd.ende()
            .args(["batch", "--quiet", "--format", format, "small", "-o", &name])
            .assert()
            .success();
    }
    for format in &formats {
        let name = format!("all-{format}.en.txt");
        std::fs::rename(wd.path(&name), dir.join(&name)).unwrap();
        std::fs::copy(
            repo("corpora/flood.de.txt"),
            dir.join(format!("all-{format}.de.txt")),
        )
        .unwrap();
    }
    let out = wd.path("next.csv");
    let run = wd
        .ende()
        .args(["batch", "--quiet", "small", "-o"])
        .arg(&out)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    for (format, name) in [
        ("csv", "CSV"),
        ("tsv", "TSV"),
        ("jsonl", "JSONL"),
        ("tmx", "TMX"),
        ("vecalign", "vecalign"),
    ] {
        let said = format!(
            "all-{format}: skipped: small/all-{format}.en.txt: looks like ende's own {name} output"
        );
        assert!(err.contains(&said), "{said:?} not in {err}");
    }
    assert_eq!(util::docs_in(&std::fs::read(&out).unwrap()), ["flood"]);
}

/// Issue 10, item 2: the finished file was renamed over a symlink given as `-o`, so the link's
/// target was never written and the link became a regular file; as root, `-o /dev/stdout >
/// out.csv` left `out.csv` empty and replaced the `/dev/stdout` link. The link's target is
/// written now, and `/dev/…` paths are written in place.
#[cfg(unix)]
#[test]
fn output_through_a_symlink_writes_its_target() {
    let wd = Workdir::new();
    let dir = flood_folder(&wd, "small");
    std::fs::create_dir(wd.path("real")).unwrap();
    for (k, args) in [
        vec!["batch", "small"],
        vec!["batch", "small", "--format", "xlsx"],
        vec!["align", "small/flood.en.txt", "small/flood.de.txt"],
    ]
    .into_iter()
    .enumerate()
    {
        let link = wd.path(&format!("link{k}"));
        // A relative, dangling link: its target does not exist yet.
        std::os::unix::fs::symlink(format!("real/out{k}"), &link).unwrap();
        wd.ende()
            .args(&args)
            .arg("-o")
            .arg(&link)
            .assert()
            .success();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(
            std::fs::metadata(wd.path(&format!("real/out{k}")))
                .unwrap()
                .len()
                > 1000
        );
        // Written again through the link: still a link, the target replaced.
        wd.ende()
            .args(&args)
            .arg("-o")
            .arg(&link)
            .assert()
            .success();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }
    let reference = std::fs::read(wd.path("real/out0")).unwrap();
    let out = wd.path("out.csv");
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("ende"))
        .current_dir(wd.path(""))
        .args(["batch", "--quiet", "-o", "/dev/stdout"])
        .arg(&dir)
        .stdout(std::fs::File::create(&out).unwrap())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(&out).unwrap(), reference);
    assert!(std::fs::symlink_metadata("/dev/stdout")
        .unwrap()
        .file_type()
        .is_symlink());
}

/// Issue 10, item 14: XLSX gave every pair its own sheet, at about 21 KB of memory a sheet
/// (20,000 one-sentence pairs peaked at 508 MB). Above 1,000 pairs they now share one sheet
/// `Pairs`, told apart by the `doc` column; up to 1,000 each keeps its own.
#[test]
fn xlsx_of_many_pairs_goes_on_one_sheet() {
    use calamine::{Reader, Xlsx};
    let wd = Workdir::new();
    for n in [1_000, 1_001] {
        let dir = wd.path(&format!("pairs{n}"));
        std::fs::create_dir(&dir).unwrap();
        for k in 0..n {
            std::fs::write(
                dir.join(format!("p{k:04}.en.txt")),
                format!("The council met on Monday, case {k}."),
            )
            .unwrap();
            std::fs::write(
                dir.join(format!("p{k:04}.de.txt")),
                format!("Der Rat tagte am Montag, Fall {k}."),
            )
            .unwrap();
        }
        let out = wd.path(&format!("out{n}.xlsx"));
        wd.ende()
            .args(["batch", "--quiet", "--format", "xlsx", "-o"])
            .arg(&out)
            .arg(&dir)
            .assert()
            .success();
        let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
        let names = book.sheet_names();
        if n == 1_000 {
            assert_eq!(names.len(), 1_001);
            assert_eq!(names[1], "p0000");
            continue;
        }
        assert_eq!(names, ["Summary", "Pairs"]);
        let sheet = book.worksheet_range("Pairs").unwrap();
        let rows: Vec<_> = sheet.rows().collect();
        assert_eq!(rows.len(), 1 + n);
        assert_eq!(rows[0][0].to_string(), "doc");
        for (k, row) in rows[1..].iter().enumerate() {
            assert_eq!(row[0].to_string(), format!("p{k:04}"));
            assert_eq!(
                row[3].to_string(),
                format!("The council met on Monday, case {k}.")
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Issue 11: what trying ende as a new user turned up.

/// An empty or white-space-only side was aligned silently (exit 0, everything unpaired) by
/// `align`, `check` and `stream`, while `batch` refused it.
#[test]
fn an_empty_side_is_an_error_in_align_check_and_stream() {
    let wd = Workdir::new();
    wd.write("a.en.txt", "The river rose overnight. Nobody was hurt.");
    wd.write("blank.de.txt", " \n\t\n");
    wd.write("empty.de.txt", "");
    for de in ["blank.de.txt", "empty.de.txt"] {
        for cmd in ["align", "check"] {
            wd.ende()
                .args([cmd, "a.en.txt", de])
                .assert()
                .code(2)
                .stderr(predicate::str::contains(format!("{de}: empty (no text)")));
        }
    }
    wd.ende()
        .arg("stream")
        .write_stdin(
            "{\"doc\":\"ok\",\"en\":\"The river rose.\",\"de\":\"Der Fluss stieg.\"}\n\
             {\"doc\":\"b\",\"en\":\"The river rose.\",\"de\":\" \\n \"}\n",
        )
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"doc\":\"ok\""))
        .stdout(predicate::str::contains("\"doc\":\"b\"").not())
        .stderr(predicate::str::contains("line 2: b (de): empty (no text)"));
}

#[test]
fn both_sides_from_standard_input_are_refused() {
    let wd = Workdir::new();
    for cmd in ["align", "check"] {
        wd.ende()
            .args([cmd, "-", "-"])
            .write_stdin("The river rose.")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "standard input can be read only once",
            ));
    }
}

#[test]
fn stream_accepts_a_byte_order_mark() {
    let wd = Workdir::new();
    wd.ende()
        .arg("stream")
        .write_stdin(
            "\u{FEFF}{\"doc\":\"a\",\"en\":\"The river rose.\",\"de\":\"Der Fluss stieg.\"}\n",
        )
        .assert()
        .success()
        .stdout(predicate::str::contains("\"status\":\"aligned\""));
}

#[test]
fn batch_vecalign_marks_each_document() {
    let wd = Workdir::new();
    let dir = corpus(&wd, 1);
    let out = wd.path("all.vec");
    wd.ende()
        .args(["batch", "--quiet", "--format", "vecalign", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let docs: Vec<&str> = text.lines().filter(|l| l.starts_with("# doc ")).collect();
    assert!(docs.len() > 1, "{docs:?}");
    assert!(text.starts_with("# doc "), "{text}");
    // A single pair stays plain vecalign, as scorers read it.
    let one = wd
        .ende()
        .args(["align", "--format", "vecalign"])
        .arg(repo("corpora/flood.en.txt"))
        .arg(repo("corpora/flood.de.txt"))
        .output()
        .unwrap();
    assert!(!String::from_utf8(one.stdout).unwrap().contains('#'));
}

#[test]
fn xlsx_reports_cells_cut_to_excels_limit() {
    let wd = Workdir::new();
    wd.write("long.en.txt", format!("{} end.", "Word ".repeat(7_000)));
    wd.write("long.de.txt", format!("{} Ende.", "Wort ".repeat(7_000)));
    wd.ende()
        .args([
            "align",
            "--langs",
            "en,de",
            "--format",
            "xlsx",
            "-o",
            "long.xlsx",
        ])
        .args(["long.en.txt", "long.de.txt"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "a text of 35005 characters was cut to Excel's limit of 32767",
        ));
    // The note is in the workbook (a comments part; its name is stored uncompressed).
    let bytes = std::fs::read(wd.path("long.xlsx")).unwrap();
    assert!(
        String::from_utf8_lossy(&bytes).contains("xl/comments"),
        "no notes in the workbook"
    );
}

#[test]
fn an_output_in_a_missing_folder_is_named_as_given() {
    let wd = Workdir::new();
    for (cmd, format) in [("align", "csv"), ("align", "xlsx"), ("batch", "csv")] {
        let out = format!("missing/dir/x.{format}");
        let mut c = wd.ende();
        if cmd == "align" {
            c.args(["align", "--format", format, "-o", &out])
                .arg(repo("corpora/flood.en.txt"))
                .arg(repo("corpora/flood.de.txt"));
        } else {
            c.args(["batch", "--format", format, "-o", &out])
                .arg(repo("corpora"));
        }
        c.assert()
            .code(2)
            .stderr(predicate::str::contains(format!("{out}: cannot")))
            .stderr(predicate::str::contains("partial").not())
            .stderr(predicate::str::contains(".lock").not());
    }
}

#[test]
fn jsonl_escapes_characters_that_readers_take_for_line_breaks() {
    let wd = Workdir::new();
    wd.write(
        "a.en.txt",
        "The river\u{2028}rose\u{2029}overnight\u{85}today.\n",
    );
    wd.write("a.de.txt", "Der Fluss stieg über Nacht heute.\n");
    let out = wd
        .ende()
        .args([
            "align",
            "--presplit",
            "--format",
            "jsonl",
            "a.en.txt",
            "a.de.txt",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(r"The river\u2028rose\u2029overnight\u0085today."),
        "{text}"
    );
    assert!(!text.contains(['\u{2028}', '\u{2029}', '\u{85}']));
    let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(
        v["en"],
        "The river\u{2028}rose\u{2029}overnight\u{85}today."
    );
}

#[test]
fn csv_with_bom_guards_formula_cells_and_without_stays_exact() {
    let wd = Workdir::new();
    wd.write(
        "a.en.txt",
        "=HYPERLINK(\"http://x.example\",\"click\")\n-5 degrees at night.\n",
    );
    wd.write(
        "a.de.txt",
        "=HYPERLINK(\"http://x.example\",\"klick\")\n-5 Grad in der Nacht.\n",
    );
    let run = |bom: bool| {
        let mut c = wd.ende();
        c.args([
            "align",
            "--presplit",
            "--langs",
            "en,de",
            "a.en.txt",
            "a.de.txt",
        ]);
        if bom {
            c.arg("--bom");
        }
        let out = c.output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
        r.records()
            .map(|row| row.unwrap()[3].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run(false),
        [
            "=HYPERLINK(\"http://x.example\",\"click\")",
            "-5 degrees at night."
        ]
    );
    assert_eq!(
        run(true),
        [
            "'=HYPERLINK(\"http://x.example\",\"click\")",
            "'-5 degrees at night."
        ]
    );
}
