//! `ende pair`: which German page translates which English page, on small crawls of our own
//! writing (a page among look-alikes on the same topic with other numbers, a page with no
//! partner, two German versions of one page, bad pages), the manifest fed to `ende batch`, and
//! the properties of the matching (one-to-one, independent of input order and thread count).

use std::path::{Path, PathBuf};

use crate::util::{crawl, damage, docs_in, Workdir};
use ende::docalign::{pair_texts, MatchOptions, Options, Page};
use predicates::prelude::*;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const EN: &[(&str, &str)] = &[
    (
        "news/flood-dresden.txt",
        "The Elbe rose to 8.76 metres in Dresden on Monday night, the highest level since 2013. \
         About 1,200 residents of the old town were evacuated, and the city opened two emergency \
         shelters at the trade fair and at the Technical University. Mayor Dirk Hilbert said the \
         fire brigade had filled 40,000 sandbags. Trains between Dresden and Prague were \
         cancelled until Wednesday.\n",
    ),
    (
        "news/zoo.txt",
        "The Hamburg zoo Hagenbeck welcomed twelve penguins from Chile on Friday. The birds \
         arrived on a flight from Santiago and will live in a new enclosure that cost 3.5 million \
         euros. Keeper Anna Lindqvist said they were healthy and curious.\n",
    ),
    (
        "sport/final.txt",
        "Bayern Munich beat Borussia Dortmund 3-1 in the cup final in Berlin on Saturday. Harry \
         Kane scored twice before half-time, and 74,000 spectators filled the Olympic Stadium. \
         Dortmund coach Nuri Sahin said his team had lacked courage.\n",
    ),
    (
        "about.txt",
        "Our newsroom was founded in 1998 in Leipzig. We publish independent reporting on \
         science, culture and local politics, and we never accept money from the companies we \
         cover. Write to editors@example.org with corrections.\n",
    ),
];

/// The translations under names that say nothing, two look-alikes of the flood report (the
/// same story from other towns, with other numbers and names) and a page with no partner.
const DE: &[(&str, &str)] = &[
    (
        "a17.txt",
        "Die Elbe stieg am Montagabend in Dresden auf 8,76 Meter, den höchsten Stand seit 2013. \
         Rund 1.200 Bewohner der Altstadt wurden evakuiert, die Stadt öffnete zwei \
         Notunterkünfte in der Messe und an der Technischen Universität. Oberbürgermeister Dirk \
         Hilbert sagte, die Feuerwehr habe 40.000 Sandsäcke gefüllt. Die Züge zwischen Dresden \
         und Prag fallen bis Mittwoch aus.\n",
    ),
    (
        "b02.txt",
        "Die Elbe stieg am Dienstagabend in Meißen auf 9,12 Meter, den höchsten Stand seit 2002. \
         Rund 800 Bewohner der Altstadt wurden evakuiert, die Stadt öffnete eine Notunterkunft in \
         der Stadthalle. Oberbürgermeister Olaf Raschke sagte, die Feuerwehr habe 15.000 \
         Sandsäcke gefüllt. Die Züge zwischen Meißen und Leipzig fallen bis Donnerstag aus.\n",
    ),
    (
        "c31.txt",
        "Die Elbe stieg am Sonntagabend in Pirna auf 7,40 Meter, den höchsten Stand seit 2006. \
         Rund 350 Bewohner der Altstadt wurden evakuiert, die Stadt öffnete eine Notunterkunft in \
         der Schule. Oberbürgermeister Tim Lochner sagte, die Feuerwehr habe 9.000 Sandsäcke \
         gefüllt. Die Züge zwischen Pirna und Dresden fallen bis Dienstag aus.\n",
    ),
    (
        "x/zoo-de.txt",
        "Der Hamburger Zoo Hagenbeck hat am Freitag zwölf Pinguine aus Chile begrüßt. Die Vögel \
         kamen mit einem Flug aus Santiago und leben künftig in einem neuen Gehege, das 3,5 \
         Millionen Euro gekostet hat. Tierpflegerin Anna Lindqvist sagte, sie seien gesund und \
         neugierig.\n",
    ),
    (
        "x/final-de.txt",
        "Bayern München hat am Samstag im Pokalfinale in Berlin Borussia Dortmund mit 3:1 \
         geschlagen. Harry Kane traf vor der Pause zweimal, 74.000 Zuschauer füllten das \
         Olympiastadion. Dortmunds Trainer Nuri Sahin sagte, seiner Mannschaft habe der Mut \
         gefehlt.\n",
    ),
    (
        "impressum.txt",
        "Impressum: Verantwortlich für den Inhalt ist die Redaktion in Köln. Alle Rechte \
         vorbehalten. Nachdruck nur mit Genehmigung des Verlags. Kontakt: info@beispiel.de\n",
    ),
];

/// A second German version of the flood report, worded anew.
const DE_SECOND: (&str, &str) = (
    "a17-v2.txt",
    "Hochwasser in Dresden: Am Montagabend erreichte die Elbe in Dresden 8,76 Meter und damit \
     den höchsten Pegel seit 2013. Etwa 1.200 Menschen aus der Altstadt mussten ihre Wohnungen \
     verlassen; Notunterkünfte gibt es in der Messe und in der Technischen Universität. Laut \
     Oberbürgermeister Dirk Hilbert hat die Feuerwehr 40.000 Sandsäcke befüllt. Bis Mittwoch \
     fahren keine Züge zwischen Dresden und Prag.\n",
);

fn write_side(wd: &Workdir, side: &str, pages: &[(&str, &str)]) -> PathBuf {
    let dir = wd.path(side);
    for (name, text) in pages {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn crawl(wd: &Workdir) -> (PathBuf, PathBuf) {
    (write_side(wd, "en", EN), write_side(wd, "de", DE))
}

/// The rows of a CSV as (column → value) maps, in order.
fn rows(csv: &[u8]) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv);
    let head = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// (doc, English file, German file) of each pair, the files relative to their side's folder.
fn pairs(csv: &[u8], en: &Path, de: &Path) -> Vec<(String, String, String)> {
    let rel = |p: &str, root: &Path| {
        let p = Path::new(p);
        let abs = if p.is_absolute() {
            p.to_path_buf()
        } else {
            root.parent().unwrap().join(p)
        };
        let root = std::fs::canonicalize(root).unwrap();
        let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
        abs.strip_prefix(&root).unwrap().display().to_string()
    };
    rows(csv)
        .iter()
        .map(|r| (r["doc"].clone(), rel(&r["en"], en), rel(&r["de"], de)))
        .collect()
}

fn triples(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn a_page_finds_its_translation_among_look_alikes_and_the_rest_stay_unmatched() {
    let wd = Workdir::new();
    let (en, de) = crawl(&wd);
    let out = wd.path("pairs.csv");
    let unmatched = wd.path("unmatched.csv");
    wd.ende()
        .args([
            "pair",
            "en",
            "de",
            "-o",
            "pairs.csv",
            "--unmatched",
            "unmatched.csv",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "3 pairs, 1 English and 3 German pages unmatched",
        ));
    let csv = std::fs::read(&out).unwrap();
    assert_eq!(
        pairs(&csv, &en, &de),
        triples(&[
            ("news/flood-dresden", "news/flood-dresden.txt", "a17.txt"),
            ("news/zoo", "news/zoo.txt", "x/zoo-de.txt"),
            ("sport/final", "sport/final.txt", "x/final-de.txt"),
        ])
    );
    for r in rows(&csv) {
        let score: f64 = r["score"].parse().unwrap();
        assert!(score > 0.5 && score <= 1.0, "{r:?}");
    }
    // The page without a partner, the look-alikes and the imprint are listed with why.
    let un = rows(&std::fs::read(&unmatched).unwrap());
    let listed: Vec<(&str, &str)> = un
        .iter()
        .map(|r| (r["side"].as_str(), r["page"].as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("en", "about.txt"),
            ("de", "b02.txt"),
            ("de", "c31.txt"),
            ("de", "impressum.txt")
        ]
    );
    let look_alike = &un[1];
    assert_eq!(look_alike["best"], "news/flood-dresden.txt");
    assert!(
        look_alike["reason"].contains("does not stand out"),
        "{look_alike:?}"
    );
    assert!(
        un[0]["reason"].contains("below the threshold"),
        "{:?}",
        un[0]
    );
}

#[test]
fn two_german_versions_pair_with_many_and_only_the_better_without() {
    let wd = Workdir::new();
    let (en, de) = crawl(&wd);
    write_side(&wd, "de", &[DE_SECOND]);
    let one = wd.ende().args(["pair", "en", "de"]).output().unwrap();
    assert!(one.status.success());
    let got = pairs(&one.stdout, &en, &de);
    assert_eq!(got.len(), 3);
    assert_eq!(
        got[0],
        triples(&[("news/flood-dresden", "news/flood-dresden.txt", "a17.txt")])[0]
    );
    let many = wd
        .ende()
        .args(["pair", "en", "de", "--many"])
        .output()
        .unwrap();
    assert!(many.status.success());
    assert_eq!(
        pairs(&many.stdout, &en, &de)[..2],
        triples(&[
            ("news/flood-dresden", "news/flood-dresden.txt", "a17.txt"),
            (
                "news/flood-dresden#2",
                "news/flood-dresden.txt",
                "a17-v2.txt"
            ),
        ])[..]
    );
    // Each German page is still in one pair at most, and the look-alikes stay out.
    let all = pairs(&many.stdout, &en, &de);
    assert_eq!(all.len(), 4);
    assert!(all.iter().all(|p| p.2 != "b02.txt" && p.2 != "c31.txt"));
}

#[test]
fn the_manifest_feeds_batch_unchanged_from_a_file_and_through_a_pipe() {
    let wd = Workdir::new();
    crawl(&wd);
    std::fs::create_dir(wd.path("out")).unwrap();
    // A manifest in another folder: its paths are relative to it, as batch reads them.
    wd.ende()
        .args(["pair", "en", "de", "-o", "out/manifest.csv", "-q"])
        .assert()
        .success();
    wd.ende()
        .args(["batch", "out/manifest.csv", "-o", "out/aligned.csv", "-q"])
        .assert()
        .success();
    let aligned = std::fs::read(wd.path("out/aligned.csv")).unwrap();
    assert_eq!(
        docs_in(&aligned),
        ["news/flood-dresden", "news/zoo", "sport/final"]
    );
    // Through a pipe: `ende pair en de | ende batch - -o aligned.csv`.
    let manifest = wd.ende().args(["pair", "en", "de", "-q"]).output().unwrap();
    wd.ende()
        .args(["batch", "-", "-o", "piped.csv", "-q"])
        .write_stdin(manifest.stdout)
        .assert()
        .success();
    let piped = std::fs::read(wd.path("piped.csv")).unwrap();
    assert_eq!(piped, aligned);
    // The flood report aligns sentence by sentence: four English sentences, four German.
    let flood: Vec<_> = rows(&aligned)
        .into_iter()
        .filter(|r| r["doc"] == "news/flood-dresden")
        .collect();
    assert_eq!(flood.len(), 4);
    assert!(flood.iter().all(|r| r["status"] == "aligned"), "{flood:?}");
}

#[test]
fn bad_pages_are_listed_with_the_reason_and_the_run_finishes() {
    let wd = Workdir::new();
    let (en, de) = crawl(&wd);
    std::fs::write(en.join("empty.txt"), "  \n").unwrap();
    std::fs::write(de.join("blob.bin"), b"GIF89a\0\0\x01\x02").unwrap();
    std::fs::write(de.join("latin1.txt"), b"Gr\xfc\xdfe aus K\xf6ln").unwrap();
    std::fs::write(
        de.join("french.txt"),
        "Le gouvernement a annoncé mardi que les impôts augmenteront l'année prochaine. Selon le \
         ministre des Finances, cela est nécessaire pour réduire le déficit du budget.",
    )
    .unwrap();
    std::fs::write(
        de.join("english.txt"),
        "The government announced on Tuesday that taxes will rise next year. According to the \
         finance minister, this is necessary to reduce the budget deficit, and the opposition \
         does not agree with any of it.",
    )
    .unwrap();
    let out = wd
        .ende()
        .args(["pair", "en", "de", "--unmatched", "unmatched.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "skipped pages are a finding");
    let err = String::from_utf8_lossy(&out.stderr);
    for reason in [
        "empty.txt: empty",
        "blob.bin: binary content",
        "latin1.txt: not UTF-8",
        "french.txt: the text looks French",
        "english.txt: the text looks English, not German",
    ] {
        assert!(err.contains(reason), "{reason:?} missing from {err}");
    }
    assert_eq!(
        pairs(&out.stdout, &en, &de).len(),
        3,
        "the good pages are paired"
    );
    let un = std::fs::read_to_string(wd.path("unmatched.csv")).unwrap();
    for page in [
        "empty.txt",
        "blob.bin",
        "latin1.txt",
        "french.txt",
        "english.txt",
    ] {
        assert!(
            un.lines()
                .any(|l| l.contains(page) && l.contains("skipped")),
            "{page} not in {un}"
        );
    }
}

#[test]
fn json_lines_with_addresses_pair_and_feed_stream() {
    let wd = Workdir::new();
    let record = |id: &str, url: &str, text: &str| {
        serde_json::json!({"id": id, "url": url, "text": text}).to_string() + "\n"
    };
    let mut en = String::new();
    for (name, text) in EN {
        let slug = name.trim_end_matches(".txt");
        en += &record(slug, &format!("https://example.org/en/{slug}"), text);
    }
    let mut de = String::new();
    for (k, (name, text)) in DE.iter().enumerate() {
        let slug = match *name {
            "a17.txt" => "news/flood-dresden",
            "x/zoo-de.txt" => "news/zoo",
            "x/final-de.txt" => "sport/final",
            other => other,
        };
        de += &record(
            &format!("g{k}"),
            &format!("https://example.org/de/{slug}"),
            text,
        );
    }
    wd.write("en.jsonl", en);
    wd.write("de.jsonl", de);
    let csv = wd
        .ende()
        .args(["pair", "en.jsonl", "de.jsonl"])
        .output()
        .unwrap();
    assert!(csv.status.success());
    let got: Vec<(String, String)> = rows(&csv.stdout)
        .iter()
        .map(|r| (r["en"].clone(), r["de"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("news/flood-dresden", "g0"),
            ("news/zoo", "g3"),
            ("sport/final", "g4")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // With the texts, for `ende stream`: every English sentence of the three pairs comes out.
    let jsonl = wd
        .ende()
        .args(["pair", "en.jsonl", "de.jsonl", "--format", "jsonl", "-q"])
        .output()
        .unwrap();
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&jsonl.stdout)
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["doc"], "news/flood-dresden");
    assert_eq!(first["en"], EN[0].1);
    assert_eq!(first["de"], DE[0].1);
    let beads = wd
        .ende()
        .arg("stream")
        .write_stdin(jsonl.stdout)
        .output()
        .unwrap();
    assert!(beads.status.success());
    let docs: std::collections::BTreeSet<String> = String::from_utf8_lossy(&beads.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].to_string())
        .collect();
    assert_eq!(docs.len(), 3);
}

#[test]
fn an_address_alone_makes_no_pair() {
    let wd = Workdir::new();
    let en = serde_json::json!({"id": "a", "url": "https://example.org/en/flood", "text": EN[0].1});
    let de = serde_json::json!({"id": "b", "url": "https://example.org/de/flood", "text": DE[3].1});
    wd.write("en.jsonl", format!("{en}\n"));
    wd.write("de.jsonl", format!("{de}\n"));
    let out = wd
        .ende()
        .args(["pair", "en.jsonl", "de.jsonl", "--unmatched", "u.csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        rows(&out.stdout).len(),
        0,
        "the flood report is no zoo story"
    );
    let un = std::fs::read_to_string(wd.path("u.csv")).unwrap();
    assert!(un.contains("shares the address, not the content"), "{un}");
}

#[test]
fn an_output_inside_an_input_folder_is_refused() {
    let wd = Workdir::new();
    crawl(&wd);
    wd.ende()
        .args(["pair", "en", "de", "-o", "de/pairs.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the input folder"));
    assert!(!wd.path("de/pairs.csv").exists());
}

// ---------------------------------------------------------------------------------------------
// Properties

fn gold() -> &'static damage::Gold {
    static GOLD: std::sync::OnceLock<damage::Gold> = std::sync::OnceLock::new();
    GOLD.get_or_init(|| damage::Gold::load(Path::new(env!("CARGO_MANIFEST_DIR"))))
}

type Pairs = Vec<(String, String, u64)>;

fn run(en: &[(String, String)], de: &[(String, String)], many: bool, threads: usize) -> Pairs {
    fn page(p: &(String, String)) -> Page<'_> {
        Page {
            id: p.0.as_str(),
            url: None,
            text: p.1.as_str(),
        }
    }
    let (en, de): (Vec<Page>, Vec<Page>) =
        (en.iter().map(page).collect(), de.iter().map(page).collect());
    let opts = Options {
        matching: MatchOptions {
            many,
            ..MatchOptions::default()
        },
        ..Options::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let p = pool.install(|| pair_texts(&en, &de, &opts));
    p.pairs
        .into_iter()
        .map(|x| (x.en, x.de, x.score.to_bits()))
        .collect()
}

proptest! {
    // The saved failures stay beside this file (tests/pair.proptest-regressions): the
    // default looks for a lib.rs or main.rs above it, finds none in tests/, and says so.
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions"
        ))),
        ..ProptestConfig::default()
    })]

    /// Pages from the corpus generator (look-alikes: all are cut from three articles), some
    /// without a partner on either side: each page is in one pair at most (a German page also
    /// with `--many`), and shuffling the input or changing the thread count changes nothing,
    /// not even a score's last bit.
    #[test]
    fn the_matching_is_one_to_one_and_independent_of_order_and_threads(
        seed in 0u64..1_000_000,
        pairs in 2usize..10,
        en_only in 0usize..3,
        de_only in 0usize..3,
        shuffle in any::<u64>(),
    ) {
        let gold = gold();
        let (mut en, mut de) = (Vec::new(), Vec::new());
        for k in 0..(pairs + en_only + de_only) as u64 {
            let (e, g) = crawl::page(gold, seed + k);
            let k = k as usize;
            if k < pairs + en_only {
                en.push((format!("e{k:03}"), e));
            }
            if k < pairs || k >= pairs + en_only {
                de.push((crawl::de_id(seed + k as u64), g));
            }
        }
        for many in [false, true] {
            let base = run(&en, &de, many, 1);
            let mut de_seen = std::collections::HashSet::new();
            let mut en_seen = std::collections::HashSet::new();
            for (e, g, _) in &base {
                prop_assert!(de_seen.insert(g.clone()), "German page {} twice", g);
                prop_assert!(many || en_seen.insert(e.clone()), "English page {} twice", e);
            }
            let (mut en2, mut de2) = (en.clone(), de.clone());
            crawl::shuffle(&mut en2, shuffle);
            crawl::shuffle(&mut de2, shuffle ^ 1);
            prop_assert_eq!(&run(&en2, &de2, many, 3), &base);
            prop_assert_eq!(&run(&en2, &de2, many, 2), &base);
        }
        // A page whose partner is there never gets another one, and at most one such page
        // misses its partner (they are look-alikes: all are cut from three articles). Two pages
        // without partners may pair: they are cut from the same article, with other numbers.
        let base = run(&en, &de, false, 2);
        let mut right = 0;
        for (e, g, _) in &base {
            let k: u64 = e[1..].parse().unwrap();
            let partnered = (k as usize) < pairs;
            if partnered {
                prop_assert_eq!(g, &crawl::de_id(seed + k), "{} got another partner", e);
                right += 1;
            } else {
                let theirs = (0..pairs as u64).any(|j| *g == crawl::de_id(seed + j));
                prop_assert!(!theirs, "{} took {}, whose partner is there", e, g);
            }
        }
        prop_assert!(right + 1 >= pairs, "{} of {} found", right, pairs);
    }
}
