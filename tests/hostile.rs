//! Hostile input and hostile surroundings: each case must end with a clear message (naming the
//! file and what is wrong) or a correct result, never a panic, and must lose nothing that was
//! already finished.

use std::path::Path;

use predicates::prelude::*;

use crate::util::{self, corpus, no_space, repo, Workdir};

/// `ende split --lang en FILE`'s output.
fn split_en(wd: &Workdir, file: &Path) -> String {
    util::stdout(wd.ende().args(["split", "--lang", "en"]).arg(file))
}

fn batch_to(wd: &Workdir, input: &Path, out: &Path) -> Vec<u8> {
    wd.batch(out, input).assert().success();
    std::fs::read(out).unwrap()
}

#[test]
fn one_line_of_100_mb_splits_and_aligns() {
    let wd = Workdir::new();
    let words = ["river", "town", "council", "bridge", "water", "mayor"];
    let mut line = String::with_capacity(100_000_100);
    let mut k = 0usize;
    while line.len() < 100_000_000 {
        line.push_str(words[k % words.len()]);
        line.push(' ');
        k = k.wrapping_mul(31).wrapping_add(7) % 1009;
    }
    let en = wd.write("line.en.txt", &line);
    assert_eq!(no_space(&split_en(&wd, &en)), no_space(&line));

    let de = repo("corpora/flood.de.txt");
    let csv_out = wd.path("line.csv");
    wd.ende()
        .args(["align", "-o"])
        .arg(&csv_out)
        .arg(&en)
        .arg(&de)
        .assert()
        .success();
    let mut r = csv::Reader::from_path(&csv_out).unwrap();
    let mut english = String::new();
    for row in r.records() {
        english.push_str(&row.unwrap()[3]);
    }
    assert_eq!(
        english.len(),
        line.trim_end().len(),
        "the 100 MB sentence is written whole"
    );
}

#[test]
fn a_file_of_only_punctuation_is_refused_by_name() {
    let wd = Workdir::new();
    let junk = "!?.,;:…“”„–—()[]{} ...!!!???\n".repeat(50);
    let en = wd.write("junk.en.txt", &junk);
    wd.ende()
        .arg("align")
        .arg(&en)
        .arg(repo("corpora/flood.de.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("junk.en.txt").and(predicate::str::contains("no words")));
    // Splitting it is fine: every character comes back.
    assert_eq!(no_space(&split_en(&wd, &en)), no_space(&junk));
}

#[test]
fn mixed_scripts_and_right_to_left_names_align() {
    let wd = Workdir::new();
    let en = wd.write(
        "m.en.txt",
        "The mayor of Kyiv, Віталій Кличко, met officials from 北京 on Monday. He said the talks \
         went well.\nThe envoy, \u{200F}عبد الله\u{200F}, arrived from Tel Aviv (תל אביב) at 9 a.m.\n",
    );
    let de = wd.write(
        "m.de.txt",
        "Der Bürgermeister von Kiew, Віталій Кличко, traf am Montag Vertreter aus 北京.\nEr sagte, \
         die Gespräche seien gut verlaufen.\nDer Gesandte, \u{200F}عبد الله\u{200F}, kam um 9 Uhr \
         aus Tel Aviv (תל אביב) an.\n",
    );
    let out = util::stdout(wd.ende().arg("align").arg(&en).arg(&de));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "three 1-1 beads: {rows:?}");
    assert!(rows.iter().all(|row| &row[6] == "aligned"), "{rows:?}");
    assert!(rows[2][3].contains("\u{200F}عبد الله\u{200F}"));
}

#[test]
fn a_side_in_a_right_to_left_script_is_named() {
    let wd = Workdir::new();
    let he = wd.write(
        "rtl.de.txt",
        "בדיקה של טקסט בעברית. זה משפט שני.\n".repeat(20),
    );
    let ar = wd.write("ar.de.txt", "هذا نص عربي. جملة ثانية في النص.\n".repeat(20));
    for f in [he, ar] {
        wd.ende()
            .arg("align")
            .arg(repo("corpora/flood.en.txt"))
            .arg(&f)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(f.file_name().unwrap().to_str().unwrap())
                    .and(predicate::str::contains("not English or German")),
            );
    }
}

#[test]
fn invalid_utf8_deep_in_one_file_of_a_batch_is_reported_and_the_rest_finish() {
    let wd = Workdir::new();
    let dir = corpus(&wd, 2);
    let mut bytes = std::fs::read(repo("corpora/breach.de.txt")).unwrap();
    let at = bytes.len() / 2;
    let at = (at..).find(|&i| bytes[i] == b' ').unwrap();
    bytes.insert(at, 0xC3); // a lead byte followed by a space: invalid
    std::fs::write(dir.join("breach001.de.txt"), bytes).unwrap();
    let out = wd.path("o.csv");
    wd.batch(&out, &dir).assert().code(1).stderr(
        predicate::str::contains("breach001.de.txt")
            .and(predicate::str::contains(format!("byte offset {at}"))),
    );
    let docs = util::docs_in(&std::fs::read(&out).unwrap());
    assert_eq!(
        docs,
        ["breach000", "flood000", "flood001", "match000", "match001"]
    );
}

#[test]
fn a_folder_of_100_000_files() {
    let wd = Workdir::new();
    let dir = wd.path("many");
    std::fs::create_dir(&dir).unwrap();
    for k in 0..50_000 {
        std::fs::write(
            dir.join(format!("p{k:05}.en.txt")),
            format!("The council met on Monday, case {k}. It approved the budget.\n"),
        )
        .unwrap();
        std::fs::write(
            dir.join(format!("p{k:05}.de.txt")),
            format!("Der Rat tagte am Montag, Fall {k}. Er genehmigte den Haushalt.\n"),
        )
        .unwrap();
    }
    let out = wd.path("many.tsv");
    wd.ende()
        .args(["batch", "--quiet", "--format", "tsv", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines().skip(1);
    for k in 0..50_000 {
        for _ in 0..2 {
            let line = lines.next().expect("two beads per pair");
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols[0], format!("p{k:05}"));
            assert_eq!(cols[6], "aligned", "{line}");
        }
    }
    assert!(lines.next().is_none());
}

#[test]
fn a_manifest_with_missing_paths_reports_each_and_finishes_the_rest() {
    let wd = Workdir::new();
    let (en, de) = (repo("corpora/flood.en.txt"), repo("corpora/flood.de.txt"));
    let manifest = wd.write(
        "m.csv",
        format!(
            "doc,en,de\nfirst,{},{}\nno_en,gone/a.en.txt,{}\nno_de,{},gone/b.de.txt\nlast,{},{}\n",
            en.display(),
            de.display(),
            de.display(),
            en.display(),
            en.display(),
            de.display()
        ),
    );
    let out = wd.path("o.csv");
    wd.batch(&out, &manifest).assert().code(1).stderr(
        predicate::str::contains("no_en: skipped")
            .and(predicate::str::contains("gone/a.en.txt: no such file"))
            .and(predicate::str::contains("no_de: skipped"))
            .and(predicate::str::contains("gone/b.de.txt: no such file")),
    );
    let docs = util::docs_in(&std::fs::read(&out).unwrap());
    assert_eq!(docs, ["first", "last"]);
}

/// A disk that fills up mid-run (simulated with a file size limit, which fails a write the same
/// way: an error from `write`) keeps every finished pair, and `--resume` completes the run to
/// exactly the output of an uninterrupted one.
#[cfg(unix)]
#[test]
fn a_full_disk_keeps_finished_pairs_and_resume_completes_the_run() {
    let wd = Workdir::new();
    let dir = corpus(&wd, 12);
    let reference = batch_to(&wd, &dir, &wd.path("ref.csv"));
    let out = wd.path("out.csv");
    let partial = wd.path("out.csv.partial");
    let record = wd.path("out.csv.resume");
    // The limit (100 or 200 KB) is well below the ~400 KB of the full output.
    let run = util::batch_with_file_size_limit(&out, &dir, 200, &[]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(
        err.contains("out.csv: cannot write") && err.contains("--resume"),
        "{err}"
    );
    assert!(
        !out.exists(),
        "no file under the final name until the run is complete"
    );
    let kept = std::fs::read(&partial).unwrap();
    assert!(!kept.is_empty() && kept.len() < reference.len());
    assert_eq!(
        kept,
        reference[..kept.len()],
        "the kept part is the start of the full output"
    );
    // It ends on a pair boundary: the next row belongs to another document.
    let doc_of = |line: &[u8]| {
        String::from_utf8_lossy(line.split(|&b| b == b',').next().unwrap()).into_owned()
    };
    let last = kept[..kept.len() - 1]
        .rsplit(|&b| b == b'\n')
        .next()
        .unwrap();
    let next = reference[kept.len()..]
        .split(|&b| b == b'\n')
        .next()
        .unwrap();
    assert_ne!(doc_of(last), doc_of(next));
    let kept_docs: std::collections::BTreeSet<String> = kept
        .split(|&b| b == b'\n')
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(doc_of)
        .collect();
    let said = format!("the {} finished pairs (of 36)", kept_docs.len());
    assert!(err.contains(&said), "{said:?} not in {err}");

    // Starting over by accident is refused; --resume finishes the job.
    wd.batch(&out, &dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--resume"));
    wd.ende()
        .args(["batch", "--resume", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicate::str::contains("resuming after"));
    assert_eq!(std::fs::read(&out).unwrap(), reference);
    assert!(!partial.exists() && !record.exists());
}

/// The finished pairs before the disk filled up all failed (so nothing, not even the header,
/// was written): the resumed run must still start the file with its header.
#[cfg(unix)]
#[test]
fn a_resume_after_only_failed_pairs_still_writes_the_header() {
    let wd = Workdir::new();
    let dir = wd.path("c");
    std::fs::create_dir(&dir).unwrap();
    for k in 0..3 {
        std::fs::write(
            dir.join(format!("a{k}.en.txt")),
            b"Gr\xfc\xdfe aus K\xf6ln.",
        )
        .unwrap();
        std::fs::write(dir.join(format!("a{k}.de.txt")), "Grüße aus Köln.").unwrap();
    }
    // One pair whose output (~12 KB a copy) passes the limit.
    let en = std::fs::read_to_string(repo("corpora/flood.en.txt")).unwrap();
    let de = std::fs::read_to_string(repo("corpora/flood.de.txt")).unwrap();
    std::fs::write(dir.join("b.en.txt"), en.repeat(12)).unwrap();
    std::fs::write(dir.join("b.de.txt"), de.repeat(12)).unwrap();
    let reference = wd.path("ref.csv");
    wd.batch(&reference, &dir).assert().code(1);
    let out = wd.path("out.csv");
    let run = util::batch_with_file_size_limit(&out, &dir, 200, &[]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(err.contains("the 3 finished pairs (of 4)"), "{err}");
    assert_eq!(std::fs::read(wd.path("out.csv.partial")).unwrap(), b"");
    wd.ende()
        .args(["batch", "--quiet", "--resume", "-o"])
        .arg(&out)
        .arg(&dir)
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&reference).unwrap()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn output_to_a_full_device_names_it() {
    let wd = Workdir::new();
    let dir = corpus(&wd, 1);
    for cmd in [
        vec!["batch", "-o", "/dev/full"],
        vec!["align", "-o", "/dev/full"],
    ] {
        let mut c = wd.ende();
        c.args(&cmd);
        if cmd[0] == "batch" {
            c.arg(&dir);
        } else {
            c.arg(dir.join("flood000.en.txt"))
                .arg(dir.join("flood000.de.txt"));
        }
        c.assert().code(2).stderr(
            predicate::str::contains("/dev/full")
                .and(predicate::str::contains("No space left on device")),
        );
    }
}

#[cfg(unix)]
#[test]
fn batch_to_a_closed_pipe_stops_with_a_notice() {
    let wd = Workdir::new();
    let dir = corpus(&wd, 20);
    let (first, status, err) = util::read_then_close(
        [
            std::ffi::OsStr::new("batch"),
            "--jobs".as_ref(),
            "1".as_ref(),
            "-o".as_ref(),
            "-".as_ref(),
            dir.as_os_str(),
        ],
        64,
    );
    assert!(first.starts_with(b"doc,en_ids,de_ids"));
    assert!(status.success(), "exit {status:?}, stderr {err}");
    assert!(
        err.contains("closed by the reader after") && err.contains("of 60 pairs"),
        "{err}"
    );
}
