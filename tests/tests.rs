//! Integration tests: the real binary on real files.

mod util;

use predicates::prelude::*;
use util::{repo, Workdir};

#[test]
fn split_prints_one_sentence_per_line() {
    let wd = Workdir::new();
    let f = wd.write("a.txt", "Dr. Smith came at 9 a.m. on Monday. He left.\n");
    wd.ende()
        .args(["split", "--lang", "en"])
        .arg(&f)
        .assert()
        .success()
        .stdout("Dr. Smith came at 9 a.m. on Monday.\nHe left.\n");
}

#[test]
fn split_detects_german() {
    let wd = Workdir::new();
    let f = wd.write(
        "a.txt",
        "Die Sitzung fand am 3. Oktober statt. Danach sprach die Bürgermeisterin mit der Presse.",
    );
    wd.ende()
        .arg("split")
        .arg(&f)
        .assert()
        .success()
        .stdout("Die Sitzung fand am 3. Oktober statt.\nDanach sprach die Bürgermeisterin mit der Presse.\n");
}

#[test]
fn split_reads_stdin() {
    Workdir::new()
        .ende()
        .args(["split", "--lang", "en", "-"])
        .write_stdin("One. Two.")
        .assert()
        .success()
        .stdout("One.\nTwo.\n");
}

#[test]
fn jsonl_spans_point_into_the_file() {
    let wd = Workdir::new();
    let bytes = "\u{feff}Title\r\n\r\nFirst one. Second one.\r\n".as_bytes();
    let f = wd.write("a.txt", bytes);
    let out = wd
        .ende()
        .args(["split", "--lang", "en", "--format", "jsonl"])
        .arg(&f)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for v in &lines {
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&bytes[s..e], v["text"].as_str().unwrap().as_bytes());
    }
    assert_eq!(lines[0]["paragraph"], 1);
    assert_eq!(lines[2]["paragraph"], 2);
    assert_eq!(lines[2]["text"], "Second one.");
}

#[test]
fn crlf_hard_wrap_is_printed_on_one_line() {
    let wd = Workdir::new();
    let f = wd.write(
        "a.txt",
        "The mayor asked the state government in Dresden for money to repair\r\nthe bridge before winter.\r\n",
    );
    wd.ende()
        .args(["split", "--lang", "en"])
        .arg(&f)
        .assert()
        .success()
        .stdout("The mayor asked the state government in Dresden for money to repair the bridge before winter.\n");
}

#[test]
fn empty_file_gives_nothing_and_succeeds() {
    let wd = Workdir::new();
    let f = wd.write("empty.txt", "");
    wd.ende().arg("split").arg(&f).assert().success().stdout("");
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let wd = Workdir::new();
    let f = wd.write("latin1.txt", b"Gr\xfc\xdfe aus K\xf6ln.");
    wd.ende()
        .arg("split")
        .arg(&f)
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("latin1.txt")
                .and(predicate::str::contains("not UTF-8"))
                .and(predicate::str::contains("offset 2"))
                .and(predicate::str::contains("panicked").not()),
        );
}

#[test]
fn binary_file_is_a_clear_error() {
    let wd = Workdir::new();
    let f = wd.write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    wd.ende()
        .arg("split")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("image.png").and(predicate::str::contains("binary")));
}

#[test]
fn missing_file_is_a_clear_error() {
    let wd = Workdir::new();
    wd.ende()
        .args(["split", "nope.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.txt").and(predicate::str::contains("no such file")));
}

#[test]
fn a_bad_file_does_not_stop_the_others() {
    let wd = Workdir::new();
    let good = wd.write("good.txt", "One. Two.");
    wd.ende()
        .args(["split", "--lang", "en", "missing.txt"])
        .arg(&good)
        .assert()
        .code(2)
        .stdout("One.\nTwo.\n")
        .stderr(predicate::str::contains("missing.txt"));
}

#[cfg(unix)]
#[test]
fn closed_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let wd = Workdir::new();
    let big = "A sentence that repeats. ".repeat(200_000);
    let f = wd.write("big.txt", big);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("ende"))
        .args(["split", "--lang", "en"])
        .arg(&f)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then drop: pipe closes
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "exit {status:?}, stderr {err}");
    assert!(err.is_empty(), "stderr: {err}");
}

/// The team's own articles: the splitter must reproduce the gold split exactly.
#[test]
fn corpora_gold_splits() {
    let mut failures = Vec::new();
    for dir in ["corpora", "corpora/damaged"] {
        for name in ["flood", "breach", "match"] {
            for lang in ["en", "de"] {
                let text = repo(&format!("{dir}/{name}.{lang}.txt"));
                let gold =
                    std::fs::read_to_string(repo(&format!("{dir}/gold/{name}.{lang}.sents")))
                        .unwrap();
                let out = Workdir::new()
                    .ende()
                    .args(["split", "--lang", lang])
                    .arg(&text)
                    .assert()
                    .success()
                    .get_output()
                    .stdout
                    .clone();
                let got = String::from_utf8(out).unwrap();
                if got != gold {
                    let g: Vec<&str> = gold.lines().collect();
                    let p: Vec<&str> = got.lines().collect();
                    let k = g.iter().zip(&p).take_while(|(a, b)| a == b).count();
                    failures.push(format!(
                        "{dir}/{name}.{lang}: first difference at sentence {}:\n  gold: {:?}\n  got:  {:?}",
                        k + 1,
                        g.get(k),
                        p.get(k)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
