//! Each subcommand end to end (`split`, `align`, `batch`, `stream`, `eval`): the real binary on
//! small files, and on the team's articles against their gold splits and alignments.

use predicates::prelude::*;

use crate::util::{self, align_csv, repo, Workdir};

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
    let out = util::stdout(
        wd.ende()
            .args(["split", "--lang", "en", "--format", "jsonl"])
            .arg(&f),
    );
    let lines: Vec<serde_json::Value> = out
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
    let wd = Workdir::new();
    let big = "A sentence that repeats. ".repeat(200_000);
    let f = wd.write("big.txt", big);
    let (_, status, err) = util::read_then_close(
        [
            std::ffi::OsStr::new("split"),
            "--lang".as_ref(),
            "en".as_ref(),
            f.as_os_str(),
        ],
        16,
    );
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
                let got = util::stdout(
                    Workdir::new()
                        .ende()
                        .args(["split", "--lang", lang])
                        .arg(&text),
                );
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

const EN_TEXT: &str = "Related Stories\n\nThe Mulde rose by 3.5 metres in Kirchau on October 3. About 260,000 people live along the river.\n\nMayor Anna Keller asked Berlin for 12 million euros.\n";
const DE_TEXT: &str = "Die Mulde stieg am 3. Oktober in Kirchau um 3,5 Meter.\nRund 260.000 Menschen leben am Fluss.\n\nBürgermeisterin Anna Keller bat Berlin um 12 Millionen Euro.\n";

#[test]
fn align_writes_csv_with_every_sentence_once() {
    let wd = Workdir::new();
    let en = wd.write("flood.en.txt", EN_TEXT);
    let de = wd.write("flood.de.txt", DE_TEXT);
    let rows = align_csv(&wd, &[en.to_str().unwrap(), de.to_str().unwrap()]);
    assert_eq!(
        &rows[0],
        vec!["doc", "en_ids", "de_ids", "en", "de", "score", "status", "flags"]
    );
    let body: Vec<Vec<&str>> = rows[1..].iter().map(|r| r.iter().collect()).collect();
    assert_eq!(body[0][..5], ["flood", "1", "", "Related Stories", ""]);
    assert_eq!(body[0][6], "en_only");
    assert_eq!(body[1][1..3], ["2", "1"]);
    assert_eq!(body[1][6], "aligned");
    assert_eq!(body[2][1..3], ["3", "2"]);
    assert_eq!(body[3][1..3], ["4", "3"]);
    for r in &body {
        let score: f64 = r[5].parse().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
}

#[test]
fn align_vecalign_format_and_output_file() {
    let wd = Workdir::new();
    let en = wd.write("a.en", "One sentence.\nTwo sentence.\n");
    let de = wd.write("a.de", "Ein Satz.\nZwei Satz.\n");
    let out = wd.path("out.txt");
    wd.ende()
        .args(["align", "--presplit", "--format", "vecalign", "-o"])
        .arg(&out)
        .arg(&en)
        .arg(&de)
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(out).unwrap(), "[0]:[0]\n[1]:[1]\n");
}

#[test]
fn align_swaps_sides_given_the_wrong_way_round() {
    let wd = Workdir::new();
    let en = wd.write("en.txt", EN_TEXT);
    let de = wd.write("de.txt", DE_TEXT);
    let out = wd
        .ende()
        .arg("align")
        .arg(&de)
        .arg(&en)
        .assert()
        .success()
        .stderr(predicate::str::contains("other way round"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Related Stories"));
    // English text lands in the en column.
    assert!(
        text.lines().nth(2).unwrap().contains(",The Mulde rose"),
        "{text}"
    );
}

#[test]
fn align_rejects_a_third_language() {
    let wd = Workdir::new();
    let en = wd.write("en.txt", EN_TEXT);
    let fr = wd.write(
        "fr.txt",
        "La Mulde est montée de 3,5 mètres à Kirchau le 3 octobre. Environ 260 000 personnes vivent le long de la rivière.",
    );
    wd.ende()
        .arg("align")
        .arg(&en)
        .arg(&fr)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("fr.txt").and(predicate::str::contains("French")));
}

#[test]
fn align_any_language_pair_with_langs() {
    let wd = Workdir::new();
    let de = wd.write(
        "a.de",
        "Der Berg ist 4478 m hoch .\nWir stiegen um 5 Uhr auf .\n",
    );
    let fr = wd.write(
        "a.fr",
        "La montagne mesure 4478 m .\nNous sommes partis à 5 heures .\n",
    );
    let rows = align_csv(
        &wd,
        &[
            "--presplit",
            "--langs",
            "de,fr",
            de.to_str().unwrap(),
            fr.to_str().unwrap(),
        ],
    );
    assert_eq!(
        &rows[0],
        vec!["doc", "de_ids", "fr_ids", "de", "fr", "score", "status", "flags"]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!((&rows[1][1], &rows[1][2]), ("1", "1"));
}

/// A language tag with a region or a three-letter code names the same language: `--langs
/// en-GB,de-AT` and `eng,deu` must give English-German's length model and lexicon, so the
/// output is the default's byte for byte (the columns named `en`/`de` too).
#[test]
fn langs_with_regions_or_three_letters_align_as_english_german() {
    let wd = Workdir::new();
    let en = repo("corpora/damaged/flood.en.txt");
    let de = repo("corpora/damaged/flood.de.txt");
    let run = |langs: Option<&str>| {
        let mut cmd = wd.ende();
        cmd.arg("align");
        if let Some(l) = langs {
            cmd.args(["--langs", l]);
        }
        util::stdout(cmd.arg(&en).arg(&de))
    };
    let default = run(None);
    assert!(default.starts_with("doc,en_ids,de_ids,"), "{default}");
    for langs in ["en-GB,de-AT", "eng,deu", "EN_us,De"] {
        assert_eq!(run(Some(langs)), default, "--langs {langs}");
    }
}

/// The team's own articles, clean and damaged: the alignment must match the gold exactly.
#[test]
fn corpora_gold_alignments() {
    let mut failures = Vec::new();
    for dir in ["corpora", "corpora/damaged"] {
        for name in ["flood", "breach", "match"] {
            let wd = Workdir::new();
            let got = util::stdout(
                wd.ende()
                    .args(["align", "--format", "vecalign"])
                    .arg(repo(&format!("{dir}/{name}.en.txt")))
                    .arg(repo(&format!("{dir}/{name}.de.txt"))),
            );
            let gold = std::fs::read_to_string(repo(&format!("{dir}/gold/{name}.align"))).unwrap();
            let diff: Vec<String> = gold
                .lines()
                .filter(|g| !got.lines().any(|p| p == *g))
                .map(|g| format!("missing {g}"))
                .chain(
                    got.lines()
                        .filter(|p| !gold.lines().any(|g| g == *p))
                        .map(|p| format!("extra {p}")),
                )
                .collect();
            if !diff.is_empty() {
                failures.push(format!("{dir}/{name}: {}", diff.join(", ")));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn batch_aligns_a_folder_in_stable_order_and_reports_bad_pairs() {
    let wd = Workdir::new();
    let dir = wd.path("in");
    std::fs::create_dir(&dir).unwrap();
    for name in ["flood", "breach", "match"] {
        for lang in ["en", "de"] {
            std::fs::copy(
                repo(&format!("corpora/{name}.{lang}.txt")),
                dir.join(format!("{name}.{lang}.txt")),
            )
            .unwrap();
        }
    }
    std::fs::write(dir.join("broken.en.txt"), b"Gr\xfc\xdfe aus K\xf6ln.").unwrap();
    std::fs::write(dir.join("broken.de.txt"), "Grüße aus Köln.").unwrap();
    std::fs::write(dir.join("lonely.en.txt"), "No partner here.").unwrap();
    let out = wd.path("out.csv");
    let run = |jobs: &str| {
        wd.ende()
            .args(["batch", "--quiet", "--jobs", jobs, "-o"])
            .arg(&out)
            .arg(&dir)
            .assert()
            .code(1)
            .stderr(
                predicate::str::contains("broken: skipped")
                    .and(predicate::str::contains("not UTF-8"))
                    .and(predicate::str::contains("lonely: skipped"))
                    .and(predicate::str::contains("lonely.de.txt")),
            );
        std::fs::read_to_string(&out).unwrap()
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(one, two, "output must not depend on the thread count");
    let order = util::docs_in(one.as_bytes());
    assert_eq!(order, ["breach", "flood", "match"]);
    // Same rows as aligning each pair alone.
    let single = util::stdout(
        wd.ende()
            .args(["align"])
            .arg(repo("corpora/match.en.txt"))
            .arg(repo("corpora/match.de.txt")),
    );
    for line in single.lines().skip(1) {
        assert!(one.contains(line), "batch lacks {line}");
    }
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(wd.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn batch_reads_a_manifest() {
    let wd = Workdir::new();
    let manifest = wd.write(
        "m.csv",
        format!(
            "doc,en,de\nfirst,{},{}\n",
            repo("corpora/flood.en.txt").display(),
            repo("corpora/flood.de.txt").display()
        ),
    );
    let out = wd.path("o.jsonl");
    wd.ende()
        .args(["batch", "--quiet", "--format", "jsonl", "-o"])
        .arg(&out)
        .arg(&manifest)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.lines().count() > 50);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["doc"], "first");
    }
}

#[test]
fn stream_maps_json_lines_to_beads() {
    let input = [
        serde_json::json!({"doc": "a", "en": "The river rose by 3.5 metres. Nobody was hurt.", "de": "Der Fluss stieg um 3,5 Meter. Niemand wurde verletzt."}),
        serde_json::json!({"doc": "b", "en": "Mayor Anna Keller asked Berlin for help.", "de": "Bürgermeisterin Anna Keller bat Berlin um Hilfe."}),
    ]
    .iter()
    .map(|v| v.to_string() + "\n")
    .collect::<String>()
        + "not json\n";
    let out = Workdir::new()
        .ende()
        .arg("stream")
        .write_stdin(input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 3"))
        .get_output()
        .stdout
        .clone();
    let rows: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["doc"], "a");
    assert_eq!(rows[2]["doc"], "b");
    assert_eq!(rows[2]["status"], "aligned");
}

#[test]
fn eval_scores_an_alignment_against_gold() {
    let wd = Workdir::new();
    let gold = wd.write("g.vec", "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n");
    let pred = wd.write("p.csv", "doc,en_ids,de_ids,en,de,score,status\nx,1,1,a,b,1,aligned\nx,2,2,c,d,1,aligned\nx,3,,e,,1,en_only\nx,4,,f,,1,en_only\n");
    let out = util::stdout(wd.ende().arg("eval").arg(&gold).arg(&pred));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["gold_beads"], 2);
    assert_eq!(v["strict_p"], 0.5);
    assert_eq!(v["lax_r"], 1.0);
    assert_eq!(v["gaps_r"], 1.0);
    assert_eq!(v["gaps_p"], 0.5);
}
