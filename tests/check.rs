//! `ende check` end to end: the real binary on the damaged test articles.

use serde_json::Value;

use crate::util::{repo, Workdir};

const FLOOD_EN: &str = "corpora/damaged/flood.en.txt";
const FLOOD_DE: &str = "corpora/damaged/flood.de.txt";

/// The two English sentences the damaged German drops, and its translator's note.
const DROPPED: [&str; 2] = [
    "Volunteers brought shovels, buckets, dry clothes, etc. to a collection point on the market square.",
    "Residents have been demanding a permanent flood wall for years, most recently in a petition that 9,000 people signed in 2019.",
];
const NOTE: &str =
    "(Anm. d. Übers.: Die Wortbeiträge aus der Versammlung sind sinngemäß wiedergegeben.)";

fn run(args: &[&str]) -> (i32, String, String) {
    let w = Workdir::new();
    let out = w.ende().args(args).output().expect("run ende");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

fn flood(extra: &[&str]) -> (i32, String, String) {
    let (en, de) = (repo(FLOOD_EN), repo(FLOOD_DE));
    let mut args = vec!["check", en.to_str().unwrap(), de.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

/// The lines of the report section that starts with `title`, up to the next blank line.
fn section<'a>(report: &'a str, title: &str) -> Vec<&'a str> {
    report
        .lines()
        .skip_while(|l| *l != title)
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn text_report_lists_what_is_missing_and_added() {
    let (code, out, _) = flood(&[]);
    assert_eq!(code, 0, "{out}");
    let header = out.lines().next().unwrap();
    assert!(
        header.starts_with("flood: ") && header.contains("English body sentences translated"),
        "{header}"
    );
    let missing = section(&out, "Missing in German:");
    for s in DROPPED {
        assert!(
            missing.iter().any(|l| l.ends_with(s)),
            "{s:?} not in {missing:#?}"
        );
    }
    let added = section(&out, "Added in German:");
    assert!(added.iter().any(|l| l.ends_with(NOTE)), "{added:#?}");
    // Problems come first, the boilerplate last.
    let at = |t: &str| out.find(t).unwrap_or_else(|| panic!("no {t:?} in\n{out}"));
    assert!(at("Missing in German:") < at("Added in German:"));
    assert!(at("Added in German:") < at("Page furniture (not counted):"));
}

#[test]
fn boilerplate_is_listed_apart_and_not_counted() {
    let (_, out, _) = flood(&[]);
    let boiler = section(&out, "Page furniture (not counted):").join("\n");
    assert!(boiler.contains("Leave A Reply"), "{boiler}");
    assert!(boiler.contains("Kommentar schreiben"), "{boiler}");
    let missing = section(&out, "Missing in German:").join("\n");
    assert!(!missing.contains("Leave A Reply"), "{missing}");
    assert!(!missing.contains("Related Stories"), "{missing}");

    let (_, json, _) = flood(&["--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let texts = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|l| l["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(texts(&v["furniture"]["en"]).contains(&"Leave A Reply".to_string()));
    assert!(!texts(&v["missing"]).contains(&"Leave A Reply".to_string()));
    // Counted sentences and boilerplate lines add up to all English sentences (60 in the gold).
    let n = |k: &str| v[k].as_u64().unwrap();
    assert_eq!(n("en_sentences") + n("en_furniture"), 60);
    assert_eq!(
        n("en_translated") + v["missing"].as_array().unwrap().len() as u64,
        n("en_sentences")
    );
}

#[test]
fn json_agrees_with_the_text() {
    let (code, json, _) = flood(&["--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&json).expect("one JSON document");
    let (_, text, _) = flood(&[]);
    let header = text.lines().next().unwrap();
    let cs = v["coverage_sentences"].as_f64().unwrap();
    let cc = v["coverage_chars"].as_f64().unwrap();
    let expected = format!(
        "flood: {} of {} English body sentences translated ({:.1}%, {:.1}% of characters); {} missing, {} added, {} flagged",
        v["en_translated"],
        v["en_sentences"],
        cs * 100.0,
        cc * 100.0,
        v["missing"].as_array().unwrap().len(),
        v["added"].as_array().unwrap().len(),
        v["flagged"].as_array().unwrap().len(),
    );
    assert_eq!(header, expected);
    let ratio = v["en_translated"].as_f64().unwrap() / v["en_sentences"].as_f64().unwrap();
    assert!((cs - ratio).abs() < 1e-12);
    assert!(cs > 0.85 && cs < 1.0, "{cs}");
    let missing: Vec<&str> = v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    for s in DROPPED {
        assert!(missing.contains(&s), "{missing:#?}");
    }
    for f in v["flagged"].as_array().unwrap() {
        assert!(!f["en_ids"].as_array().unwrap().is_empty());
        assert!(!f["de_ids"].as_array().unwrap().is_empty());
        assert!(!f["flags"].as_array().unwrap().is_empty());
        assert!(f["score"].is_f64());
    }
}

#[test]
fn min_coverage_sets_the_exit_status() {
    let (code, _, err) = flood(&["--min-coverage", "0.99"]);
    assert_eq!(code, 1);
    assert!(err.contains("flood") && err.contains("below"), "{err}");
    let (code, _, _) = flood(&["--min-coverage", "0.5"]);
    assert_eq!(code, 0);
    let (code, _, err) = flood(&["--min-coverage", "95"]);
    assert_eq!(code, 2);
    assert!(err.contains("--min-coverage"), "{err}");
}

#[test]
fn a_copied_translation_is_flagged_untranslated() {
    let w = Workdir::new();
    let en = std::fs::read_to_string(repo("corpora/flood.en.txt")).unwrap();
    w.write("copy.en.txt", &en);
    w.write("copy.de.txt", &en);
    let out = w
        .ende()
        .args(["check", "copy.en.txt", "copy.de.txt", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let flagged = v["flagged"].as_array().unwrap();
    let untranslated = flagged
        .iter()
        .filter(|f| {
            f["flags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x == "untranslated")
        })
        .count();
    assert!(untranslated >= 30, "{untranslated} of {}", flagged.len());
    assert!(String::from_utf8_lossy(&out.stderr).contains("both sides look English"));

    let out = w
        .ende()
        .args(["check", "copy.en.txt", "copy.de.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().nth(1).unwrap().starts_with("warning: "),
        "{text}"
    );
    assert!(text.contains("untranslated"));
}

#[test]
fn a_missing_file_exits_2_naming_it() {
    let (code, out, err) = run(&["check", &repo(FLOOD_EN).to_string_lossy(), "nowhere.de.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("nowhere.de.txt"), "{err}");
}

#[test]
fn batch_checks_every_pair_and_reports_bad_ones() {
    let w = Workdir::new();
    for name in ["flood", "match"] {
        for lang in ["en", "de"] {
            let text = std::fs::read(repo(&format!("corpora/damaged/{name}.{lang}.txt"))).unwrap();
            w.write(&format!("{name}.{lang}.txt"), text);
        }
    }
    let flood_en = std::fs::read(repo(FLOOD_EN)).unwrap();
    w.write("lonely.en.txt", flood_en);
    let out = w
        .ende()
        .args(["check", "--batch", ".", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a failed pair fails the run");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("lonely") && err.contains("lonely.de.txt"),
        "{err}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    assert_eq!(v["failed"][0]["name"], "lonely");
    let t = &v["totals"];
    assert_eq!(t["pairs"], 2);
    assert_eq!(t["failed"], 1);
    let sum = |k: &str| pairs.iter().map(|p| p[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(t["en_sentences"].as_u64().unwrap(), sum("en_sentences"));
    assert_eq!(t["en_translated"].as_u64().unwrap(), sum("en_translated"));
    // Worst coverage first.
    let cov: Vec<f64> = pairs
        .iter()
        .map(|p| p["coverage_sentences"].as_f64().unwrap())
        .collect();
    assert!(cov.windows(2).all(|w| w[0] <= w[1]), "{cov:?}");

    // The text report: a table, worst first, then the totals, then each pair.
    std::fs::remove_file(w.path("lonely.en.txt")).unwrap();
    let out = w.ende().args(["check", "--batch", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("pair"), "{text}");
    let first = pairs[0]["name"].as_str().unwrap();
    assert!(lines[1].starts_with(first), "{text}");
    assert!(lines[3].starts_with("total"), "{text}");
    assert!(
        text.contains("\nflood: ") && text.contains("\nmatch: "),
        "{text}"
    );
    let out = w
        .ende()
        .args(["check", "--batch", ".", "--min-coverage", "0.99"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// The page of issue 11: fourteen article sentences wrapped in a menu word, a headline, a
/// source line, a template placeholder, a comment form and a newsletter teaser; the German side
/// holds the fourteen sentences only.
fn kirchau(extra: &[&str]) -> (i32, String, String) {
    let (en, de) = (
        repo("tests/data/furniture/kirchau.en.txt"),
        repo("tests/data/furniture/kirchau.de.txt"),
    );
    let mut args = vec!["check", en.to_str().unwrap(), de.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn page_furniture_and_headline_are_set_apart_from_the_body() {
    let (code, json, _) = kirchau(&["--format", "json", "--min-coverage", "0.95"]);
    assert_eq!(code, 0, "{json}");
    let v: Value = serde_json::from_str(&json).unwrap();
    let n = |k: &str| v[k].as_u64().unwrap();
    assert_eq!((n("en_sentences"), n("en_translated")), (14, 14));
    assert_eq!(v["coverage_sentences"].as_f64(), Some(1.0));
    assert_eq!(v["coverage_chars"].as_f64(), Some(1.0));
    assert!(v["missing"].as_array().unwrap().is_empty(), "{json}");
    assert!(v["added"].as_array().unwrap().is_empty(), "{json}");
    let headline = v["headline"]["en"].as_array().unwrap();
    assert_eq!(headline.len(), 1, "{json}");
    assert_eq!(
        headline[0]["text"],
        "Kirchau's old river bridge to close for a year of repairs"
    );
    let furniture: Vec<(u64, &str)> = v["furniture"]["en"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["id"].as_u64().unwrap(), l["text"].as_str().unwrap()))
        .collect();
    let ids: Vec<u64> = furniture.iter().map(|f| f.0).collect();
    assert_eq!(ids, [1, 3, 4, 19, 20, 21, 22, 23, 24], "{furniture:#?}");
    assert_eq!(furniture[2].1, "{{share_button}}");
    assert_eq!(n("en_furniture"), 9);

    let (_, text, _) = kirchau(&[]);
    assert!(
        text.starts_with("kirchau: 14 of 14 English body sentences translated (100.0%"),
        "{text}"
    );
    assert_eq!(
        section(&text, "Headline not translated:"),
        ["  EN 2  Kirchau's old river bridge to close for a year of repairs"]
    );
    assert!(!text.contains("Missing in German:"), "{text}");
}

#[test]
fn a_line_repeated_across_a_batch_is_site_template() {
    let w = Workdir::new();
    let line = "Our reporters are on the ground.";
    let bodies = [
        (
            "The river rose by two metres overnight.",
            "Der Fluss stieg über Nacht um zwei Meter.",
            "Schools stayed closed on Monday.",
            "Die Schulen blieben am Montag geschlossen.",
        ),
        (
            "The council met in the town hall on Tuesday.",
            "Der Stadtrat traf sich am Dienstag im Rathaus.",
            "It approved the new budget.",
            "Er billigte den neuen Haushalt.",
        ),
        (
            "A fire destroyed an old barn near Kirchau.",
            "Ein Feuer zerstörte eine alte Scheune bei Kirchau.",
            "Nobody was hurt.",
            "Niemand wurde verletzt.",
        ),
    ];
    std::fs::create_dir(w.path("pages")).unwrap();
    for (k, (e1, d1, e2, d2)) in bodies.iter().enumerate() {
        w.write(
            &format!("pages/p{k}.en.txt"),
            format!("{e1}\n\n{line}\n\n{e2}\n"),
        );
        w.write(&format!("pages/p{k}.de.txt"), format!("{d1}\n\n{d2}\n"));
    }
    // Alone, the line is an omission inside the article.
    let alone = w
        .ende()
        .args([
            "check",
            "--format",
            "json",
            "pages/p0.en.txt",
            "pages/p0.de.txt",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&alone.stdout).unwrap();
    assert_eq!(v["missing"][0]["text"], line, "{v}");
    // In the batch, three documents share it: it is the site's.
    let out = w
        .ende()
        .args(["check", "--format", "json", "--batch", "pages"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for pair in v["pairs"].as_array().unwrap() {
        assert!(pair["missing"].as_array().unwrap().is_empty(), "{pair}");
        assert_eq!(pair["furniture"]["en"][0]["text"], line, "{pair}");
        assert_eq!(pair["furniture"]["en"][0]["why"], "repeated", "{pair}");
    }
}

#[test]
fn html_report_is_self_contained_and_escapes_every_text() {
    let w = Workdir::new();
    w.write(
        "x.en.txt",
        "The <script>alert(\"pwned\")</script> tag & the 'quotes' were in the text.\n\n\
         The council met on Monday \u{202E}gnitteem\u{202C} in Kirchau.\n\n\
         Nobody expected the vote to pass by 260,000 to 12.\n",
    );
    w.write(
        "x.de.txt",
        "Das <script>alert(\"pwned\")</script>-Tag & die 'Anführungszeichen' standen im Text.\n\n\
         Der Stadtrat tagte am Montag \u{202E}gnutis\u{202C} in Kirchau.\n",
    );
    w.ende()
        .args([
            "check", "--format", "html", "-o", "r.html", "x.en.txt", "x.de.txt",
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(w.path("r.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Exactly ende's own script; the input's is shown as text.
    assert_eq!(html.matches("<script>").count(), 1, "{html}");
    assert!(html.contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"));
    assert!(html.contains("&amp; the &#39;quotes&#39;"));
    // Bidi controls are shown, not obeyed.
    assert!(!html.contains('\u{202E}') && !html.contains('\u{202C}'));
    assert!(html.contains("⟨U+202E⟩"));
    // Nothing is fetched.
    for fetch in ["src=", "<link", "@import", "url(", "http://", "https://"] {
        assert!(!html.contains(fetch), "{fetch} in the report");
    }
    // The summary comes before the table; the finding carries its reason.
    let summary = html.find("class=\"summary\"").unwrap();
    assert!(summary < html.find("<table").unwrap());
    assert!(html.contains("body sentences translated"));
    assert!(html.contains("missing: no German counterpart"), "{html}");
    for needle in [
        "data-f=\"missing\"",
        "data-f=\"flagged\"",
        "data-f=\"low\"",
        "@media print",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
}

#[test]
fn html_of_a_batch_has_a_summary_of_all_pairs() {
    let w = Workdir::new();
    let out = w.path("b.html");
    w.ende()
        .args(["check", "--format", "html", "--batch"])
        .arg(repo("corpora"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<h2>All pairs</h2>"));
    assert_eq!(html.matches("<section class=\"doc\"").count(), 3);
    // The same page from `ende align`.
    let a = w
        .ende()
        .args(["align", "--format", "html"])
        .arg(repo(FLOOD_EN))
        .arg(repo(FLOOD_DE))
        .output()
        .unwrap();
    let page = String::from_utf8(a.stdout).unwrap();
    assert!(page.contains("<section class=\"doc\" id=\"doc1\">"));
    assert!(page.ends_with("</html>\n"));
}
