//! Pairing by what sentences say (part 5): orphans beside orphans stay apart, a dropped
//! sentence is not absorbed by a similar neighbour, a teaser line is not glued to the article,
//! and a user's dictionary is read (or refused with its line). The texts are the team's own.

use crate::util::{self, Workdir};

/// An invented article, one sentence per paragraph, in both languages.
const EN: [&str; 6] = [
    "The city library in Lindenau reopened on Saturday after two years of renovation.",
    "The old reading room now has new windows, a wooden floor and space for children.",
    "Readers waited in a long queue before the doors opened at ten o'clock.",
    "The renovation cost the town almost four million euros.",
    "Most of the money came from a regional fund for cultural buildings.",
    "The librarian thanked the builders and the neighbours for their patience.",
];
const DE: [&str; 6] = [
    "Die Stadtbibliothek in Lindenau hat am Samstag nach zwei Jahren Renovierung wieder geöffnet.",
    "Der alte Lesesaal hat jetzt neue Fenster, einen Holzboden und Platz für Kinder.",
    "Leser warteten in einer langen Schlange, bevor sich die Türen um zehn Uhr öffneten.",
    "Die Renovierung kostete die Stadt fast vier Millionen Euro.",
    "Das meiste Geld kam aus einem regionalen Fonds für Kulturbauten.",
    "Die Bibliothekarin dankte den Bauarbeitern und den Nachbarn für ihre Geduld.",
];

/// The CSV rows (`en_ids`, `de_ids`, `status`, `score`) of aligning two texts.
fn align(wd: &Workdir, en: &str, de: &str, extra: &[&str]) -> Vec<(String, String, String, f64)> {
    let e = wd.write("a.en.txt", en);
    let d = wd.write("a.de.txt", de);
    let mut args: Vec<std::ffi::OsString> = extra.iter().map(Into::into).collect();
    args.extend([e.into_os_string(), d.into_os_string()]);
    let rows = util::align_csv(wd, &args);
    let h = &rows[0];
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (ei, di, st, sc) = (col("en_ids"), col("de_ids"), col("status"), col("score"));
    rows[1..]
        .iter()
        .map(|row| {
            (
                row[ei].to_string(),
                row[di].to_string(),
                row[st].to_string(),
                row[sc].parse().unwrap(),
            )
        })
        .collect()
}

fn paragraphs(lines: &[&str]) -> String {
    lines.join("\n\n") + "\n"
}

fn has(rows: &[(String, String, String, f64)], en: &str, de: &str, status: &str) -> bool {
    rows.iter()
        .any(|(e, d, s, _)| e == en && d == de && s == status)
}

#[test]
fn an_orphan_beside_an_orphan_stays_unpaired() {
    let wd = Workdir::new();
    let mut en = EN.to_vec();
    en.insert(
        3,
        "The weather service expects heavy snow in the mountains this week.",
    );
    let mut de = DE.to_vec();
    de.insert(
        3,
        "Die Busfahrer der Region wollen ab Montag erneut streiken.",
    );
    let rows = align(&wd, &paragraphs(&en), &paragraphs(&de), &[]);
    assert!(has(&rows, "4", "", "en_only"), "{rows:?}");
    assert!(has(&rows, "", "4", "de_only"), "{rows:?}");
    for k in [1, 2, 3, 5, 6, 7] {
        let k = k.to_string();
        assert!(has(&rows, &k, &k, "aligned"), "{k}: {rows:?}");
    }
}

#[test]
fn a_dropped_sentence_is_not_absorbed_by_a_similar_neighbour() {
    let wd = Workdir::new();
    // A short remark about the cost, which the translator left out, between two sentences
    // about money; the German of the first is a little longer than usual, so that lengths
    // alone would take the remark into its bead.
    let mut en = EN.to_vec();
    en.insert(4, "Some readers said it was too much.");
    let mut de = DE.to_vec();
    de[3] =
        "Die Renovierung kostete die Stadt nach Angaben der Verwaltung fast vier Millionen Euro.";
    let rows = align(&wd, &paragraphs(&en), &paragraphs(&de), &[]);
    assert!(has(&rows, "4", "4", "aligned"), "{rows:?}");
    assert!(has(&rows, "5", "", "en_only"), "{rows:?}");
    assert!(has(&rows, "6", "5", "aligned"), "{rows:?}");
    assert!(
        rows.iter()
            .all(|(e, d, _, _)| !e.contains(' ') && !d.contains(' ')),
        "{rows:?}"
    );
}

#[test]
fn a_teaser_line_is_not_glued_to_the_article() {
    let wd = Workdir::new();
    // A teaser for another story, one line break above a paragraph, in no boilerplate list,
    // before a sentence whose German is long enough to hold both.
    let mut en: Vec<String> = EN.iter().map(|s| s.to_string()).collect();
    en[4] = format!("Storm damage closes two schools in the valley\n{}", EN[4]);
    let en: Vec<&str> = en.iter().map(String::as_str).collect();
    let mut de = DE.to_vec();
    de[4] = "Das meiste Geld für die Arbeiten am Gebäude stammte, wie die Verwaltung am Freitag \
             mitteilte, aus einem regionalen Fonds für Kulturbauten.";
    let rows = align(&wd, &paragraphs(&en), &paragraphs(&de), &[]);
    assert!(has(&rows, "5", "", "en_only"), "{rows:?}");
    assert!(has(&rows, "6", "5", "aligned"), "{rows:?}");
    assert!(has(&rows, "4", "4", "aligned"), "{rows:?}");
}

#[test]
fn a_users_dictionary_entry_adds_evidence() {
    let wd = Workdir::new();
    let en = paragraphs(&[EN[0], "The zorblat in the garden was painted red.", EN[5]]);
    let de = paragraphs(&[DE[0], "Der Quibbel im Garten wurde rot gestrichen.", DE[5]]);
    let score = |extra: &[&str]| {
        let rows = align(&wd, &en, &de, extra);
        rows.iter()
            .find(|(e, d, _, _)| e == "2" && d == "2")
            .map(|r| r.3)
            .unwrap_or_else(|| panic!("2-2 not paired: {rows:?}"))
    };
    let lex = wd.write("mine.tsv", "# my words\nzorblat\tQuibbel\n");
    let without = score(&[]);
    let with = score(&["--lexicon", lex.to_str().unwrap()]);
    assert!(with > without, "with {with} without {without}");
}

#[test]
fn a_malformed_dictionary_is_refused_with_its_line() {
    let wd = Workdir::new();
    let e = wd.write("a.en.txt", EN[0]);
    let d = wd.write("a.de.txt", DE[0]);
    let lex = wd.write("bad.tsv", "house\tHaus\n\nno tab on this line\n");
    let out = wd
        .ende()
        .args(["align", "--lexicon"])
        .arg(&lex)
        .arg(&e)
        .arg(&d)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let msg = String::from_utf8_lossy(&out);
    assert!(msg.contains("bad.tsv: line 3:"), "{msg}");
    let empty = wd.write("empty.tsv", "house\t\n");
    wd.ende()
        .args(["align", "--lexicon"])
        .arg(&empty)
        .arg(&e)
        .arg(&d)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "empty.tsv: line 1: one side of the entry is empty",
        ));
    wd.ende()
        .args(["align", "--lexicon", "nowhere.tsv"])
        .arg(&e)
        .arg(&d)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nowhere.tsv: no such file"));
}

#[test]
fn a_batch_learns_the_same_word_pairs_whatever_the_thread_count() {
    let wd = Workdir::new();
    let dir = util::corpus(&wd, 4);
    let run = |jobs: &str, out: &str| {
        wd.ende()
            .args(["batch", "--realign", "-q", "--jobs", jobs, "-o", out])
            .arg(&dir)
            .assert()
            .success();
        std::fs::read(wd.path(out)).unwrap()
    };
    let one = run("1", "one.csv");
    assert!(!one.is_empty());
    assert_eq!(one, run("3", "three.csv"));
}
