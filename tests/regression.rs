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
