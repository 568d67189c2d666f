//! Output formats read back with independent readers (csv, serde_json, calamine, quick-xml) and
//! compared field by field with the pair that was written.

use std::io::{self, Cursor, Write};
use std::path::Path;

use calamine::{Data, DataType, Reader, Xlsx};
use ende::align::Bead;
use ende::output::{self, Format, Summary, WriteOptions};
use ende::pair::{AlignedDoc, Flags};
use ende::LangPair;

use crate::util::Shared;

// TMX, read back with quick-xml.
mod tmx;

use tmx::read_tmx;

fn write_with(
    format: Format,
    opts: &WriteOptions,
    docs: &[&AlignedDoc],
    summary: &Summary,
) -> Vec<u8> {
    let buf = Shared::default();
    let mut w = output::writer(format, Box::new(buf.clone()), opts);
    for d in docs {
        w.write_doc(d).unwrap();
    }
    w.finish(summary).unwrap();
    buf.bytes()
}

fn write(format: Format, docs: &[&AlignedDoc]) -> Vec<u8> {
    write_with(format, &WriteOptions::default(), docs, &Summary::default())
}

fn bead(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>, score: f64) -> Bead {
    Bead { src, tgt, score }
}

/// Four English and three German sentences: a 2-1 bead, an English gap whose text starts like a
/// formula, a German gap, and a 1-1 bead; quotes, separators, umlauts and markup in the text.
fn fixture(name: &str) -> AlignedDoc {
    let mut d = AlignedDoc::new(
        name.into(),
        LangPair::EN_DE,
        vec![
            "The dam held, \"for now\"; engineers said.".into(),
            "It was built in 1911.".into(),
            "=SUM(A1) and <b>tags</b> & more".into(),
            "@home +1 -2 it's 'fine'".into(),
        ],
        vec![
            "Der Damm hielt, \"vorerst\"; er wurde 1911 gebaut.".into(),
            "+49 Grüße aus Köln".into(),
            "Öl & <Äpfel> \"süß\"; 'gut', ja".into(),
        ],
        vec![
            bead(0..2, 0..1, 0.973),
            bead(2..3, 1..1, 0.412),
            bead(3..3, 1..2, 0.655),
            bead(3..4, 2..3, 0.9951),
        ],
    );
    d.flags[0] = Flags {
        numbers: true,
        length: true,
        ..Flags::default()
    };
    d.flags[3].low_score = true;
    d
}

/// The CSV rows the fixture must produce, spelled out by hand.
fn fixture_rows(name: &str) -> Vec<Vec<String>> {
    [
        [
            name,
            "1 2",
            "1",
            "The dam held, \"for now\"; engineers said. It was built in 1911.",
            "Der Damm hielt, \"vorerst\"; er wurde 1911 gebaut.",
            "0.973",
            "aligned",
            "numbers length",
        ],
        [
            name,
            "3",
            "",
            "=SUM(A1) and <b>tags</b> & more",
            "",
            "0.412",
            "en_only",
            "",
        ],
        [
            name,
            "",
            "2",
            "",
            "+49 Grüße aus Köln",
            "0.655",
            "de_only",
            "",
        ],
        [
            name,
            "4",
            "3",
            "@home +1 -2 it's 'fine'",
            "Öl & <Äpfel> \"süß\"; 'gut', ja",
            "0.995",
            "aligned",
            "low_score",
        ],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect()
}

const HEADER: [&str; 8] = [
    "doc", "en_ids", "de_ids", "en", "de", "score", "status", "flags",
];

/// The rows a pair must produce, derived from its beads (for real aligner output).
fn expected_rows(d: &AlignedDoc) -> Vec<Vec<String>> {
    let join = |r: &std::ops::Range<usize>, side: &[String]| {
        r.clone()
            .map(|k| side[k].clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let ids = |r: &std::ops::Range<usize>| {
        r.clone()
            .map(|k| (k + 1).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    d.beads
        .iter()
        .zip(&d.flags)
        .map(|(b, f)| {
            let status = match (b.src.is_empty(), b.tgt.is_empty()) {
                (false, false) => "aligned".to_string(),
                (false, true) => format!("{}_only", d.langs.src),
                _ => format!("{}_only", d.langs.tgt),
            };
            vec![
                d.name.clone(),
                ids(&b.src),
                ids(&b.tgt),
                join(&b.src, &d.src),
                join(&b.tgt, &d.tgt),
                format!("{:.3}", b.score),
                status,
                f.names().join(" "),
            ]
        })
        .collect()
}

fn flood() -> AlignedDoc {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (doc, _) = ende::corpus::align_files(
        &root.join("corpora/flood.en.txt"),
        &root.join("corpora/flood.de.txt"),
        &ende::corpus::PairOptions::default(),
    )
    .unwrap();
    doc
}

/// Header and rows of CSV or TSV bytes; TSV is read without quote handling, as it has none.
fn read_table(bytes: &[u8], tsv: bool) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .quoting(!tsv)
        .from_reader(bytes);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_rows_are_the_beads() {
    let d = fixture("dam");
    let bytes = write(Format::Csv, &[&d]);
    let (header, rows) = read_table(&bytes, false);
    assert_eq!(header, HEADER);
    assert_eq!(rows, fixture_rows("dam"));
    // The formula-like text is written as it is (see docs/formats.md), not defused.
    assert!(String::from_utf8(bytes)
        .unwrap()
        .contains("\ndam,3,,=SUM(A1) and <b>tags</b> & more,,0.412,en_only,\n"));
}

#[test]
fn csv_of_a_real_pair_matches_its_alignment() {
    let d = flood();
    assert!(d.beads.len() > 50);
    let (header, rows) = read_table(&write(Format::Csv, &[&d]), false);
    assert_eq!(header, HEADER);
    assert_eq!(rows, expected_rows(&d));
}

#[test]
fn csv_header_follows_the_language_codes() {
    let mut d = fixture("dam");
    d.langs = "fr,it".parse().unwrap();
    let (header, rows) = read_table(&write(Format::Csv, &[&d]), false);
    assert_eq!(
        header,
        ["doc", "fr_ids", "it_ids", "fr", "it", "score", "status", "flags"]
    );
    assert_eq!(rows[1][6], "fr_only");
    assert_eq!(rows[2][6], "it_only");
}

#[test]
fn tsv_has_the_csv_rows() {
    for d in [fixture("dam"), flood()] {
        let csv = read_table(&write(Format::Csv, &[&d]), false);
        let tsv = read_table(&write(Format::Tsv, &[&d]), true);
        assert_eq!(tsv, csv);
    }
}

#[test]
fn tsv_turns_tabs_and_line_breaks_into_spaces() {
    let mut d = fixture("dam");
    d.src[2] = "a\tb\nc\r\nd".into();
    let text = String::from_utf8(write(Format::Tsv, &[&d])).unwrap();
    assert_eq!(text.lines().count(), 5);
    let (_, rows) = read_table(text.as_bytes(), true);
    assert_eq!(rows[1][3], "a b c d");
    assert!(rows.iter().all(|r| r.len() == 8));
}

#[test]
fn bom_starts_csv_and_tsv_and_changes_nothing_else() {
    let d = fixture("dam");
    let opts = WriteOptions {
        bom: true,
        ..WriteOptions::default()
    };
    for (format, tsv) in [(Format::Csv, false), (Format::Tsv, true)] {
        let plain = write(format, &[&d]);
        let with = write_with(format, &opts, &[&d], &Summary::default());
        assert_eq!(&with[..3], b"\xEF\xBB\xBF", "{format:?}");
        // The only other change: cells a spreadsheet would run as formulas start with `'`.
        let ((ha, a), (hb, b)) = (read_table(&with[3..], tsv), read_table(&plain, tsv));
        assert_eq!((ha, a.len()), (hb, b.len()));
        for (x, y) in a.iter().zip(&b) {
            for (u, v) in x.iter().zip(y) {
                if v.starts_with(['=', '+', '-', '@']) {
                    assert_eq!(*u, format!("'{v}"), "{format:?}");
                } else {
                    assert_eq!(u, v, "{format:?}");
                }
            }
        }
        assert!(!plain.starts_with(b"\xEF\xBB\xBF"));
    }
}

#[test]
fn jsonl_objects_hold_the_csv_fields() {
    for d in [fixture("dam"), flood()] {
        let (_, rows) = read_table(&write(Format::Csv, &[&d]), false);
        let text = String::from_utf8(write(Format::Jsonl, &[&d])).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), rows.len());
        let ids = |v: &serde_json::Value| {
            v.as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for (line, row) in lines.iter().zip(&rows) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let o = v.as_object().unwrap();
            assert_eq!(o.len(), 10);
            assert_eq!(o["doc"], row[0].as_str());
            assert_eq!(o["src_lang"], "en");
            assert_eq!(o["tgt_lang"], "de");
            assert_eq!(ids(&o["en_ids"]), row[1]);
            assert_eq!(ids(&o["de_ids"]), row[2]);
            assert_eq!(o["en"], row[3].as_str());
            assert_eq!(o["de"], row[4].as_str());
            assert_eq!(format!("{:.3}", o["score"].as_f64().unwrap()), row[5]);
            assert_eq!(o["status"], row[6].as_str());
            let flags: Vec<&str> = o["flags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect();
            assert_eq!(flags.join(" "), row[7]);
            // Keys come in the documented order.
            let keys = [
                "\"doc\":",
                "\"src_lang\":",
                "\"tgt_lang\":",
                "\"en_ids\":",
                "\"de_ids\":",
                "\"en\":",
                "\"de\":",
                "\"score\":",
                "\"status\":",
                "\"flags\":",
            ];
            let at: Vec<usize> = keys.iter().map(|k| line.find(k).unwrap()).collect();
            assert!(at.windows(2).all(|w| w[0] < w[1]), "{line}");
        }
    }
}

#[test]
fn jsonl_scores_are_the_rounded_numbers() {
    let text = String::from_utf8(write(Format::Jsonl, &[&fixture("dam")])).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["score"].as_f64(), Some(0.973));
    assert_eq!(first["en_ids"], serde_json::json!([1, 2]));
    assert_eq!(first["flags"], serde_json::json!(["numbers", "length"]));
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["score"].as_f64(), Some(0.995));
}

#[test]
fn vecalign_lines_are_the_beads() {
    let d = fixture("dam");
    assert_eq!(
        String::from_utf8(write(Format::Vecalign, &[&d])).unwrap(),
        "[0, 1]:[0]\n[2]:[]\n[]:[1]\n[3]:[2]\n"
    );
    let d = flood();
    let text = String::from_utf8(write(Format::Vecalign, &[&d])).unwrap();
    let list = |r: &std::ops::Range<usize>| {
        r.clone()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let want: Vec<String> = d
        .beads
        .iter()
        .map(|b| format!("[{}]:[{}]", list(&b.src), list(&b.tgt)))
        .collect();
    assert_eq!(text.lines().collect::<Vec<_>>(), want);
}

fn open_xlsx(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

/// A cell as the CSV would print it; blank cells are empty fields.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => panic!("expected a string cell, got {other:?}"),
    }
}

/// Compares a pair sheet with CSV rows: strings as strings, the score as a number.
fn assert_sheet_is(
    book: &mut Xlsx<Cursor<Vec<u8>>>,
    sheet: &str,
    header: &[&str],
    rows: &[Vec<String>],
) {
    let range = book.worksheet_range(sheet).unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    let got: Vec<&[Data]> = range.rows().collect();
    assert_eq!(got.len(), rows.len() + 1, "{sheet}");
    let head: Vec<String> = got[0].iter().map(cell_text).collect();
    assert_eq!(head, header);
    for (g, want) in got[1..].iter().zip(rows) {
        assert_eq!(g.len(), 8);
        for col in [0, 1, 2, 3, 4, 6, 7] {
            assert_eq!(cell_text(&g[col]), want[col], "{sheet} column {col}");
        }
        match &g[5] {
            Data::Float(f) => assert_eq!(format!("{f:.3}"), want[5]),
            other => panic!("score is not a number: {other:?}"),
        }
    }
}

#[test]
fn xlsx_sheets_hold_the_csv_rows_as_text_and_numbers() {
    let d = fixture("dam");
    let summary = Summary {
        pairs: 1,
        src_sentences: 4,
        tgt_sentences: 3,
        src_aligned: 3,
        tgt_aligned: 2,
        seconds: 1.25,
        failed: vec![("broken".into(), "broken.en.txt: empty (no text)".into())],
    };
    let bytes = write_with(Format::Xlsx, &WriteOptions::default(), &[&d], &summary);
    let mut book = open_xlsx(bytes);
    assert_eq!(book.sheet_names(), ["Summary", "dam"]);
    let (_, rows) = read_table(&write(Format::Csv, &[&d]), false);
    assert_sheet_is(&mut book, "dam", &HEADER, &rows);

    // The exact scores, not only their rounding.
    let range = book.worksheet_range("dam").unwrap();
    let scores: Vec<f64> = range
        .rows()
        .skip(1)
        .map(|r| r[5].as_f64().unwrap())
        .collect();
    assert_eq!(scores, [0.973, 0.412, 0.655, 0.9951]);

    // Formula-like text is a string cell, and no cell holds a formula.
    assert_eq!(
        range.get_value((2, 3)),
        Some(&Data::String("=SUM(A1) and <b>tags</b> & more".into()))
    );
    assert_eq!(
        range.get_value((3, 4)),
        Some(&Data::String("+49 Grüße aus Köln".into()))
    );
    let formulas = book.worksheet_formula("dam").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a formula was written"
    );
    assert!(formulas.get_value((2, 3)).is_none_or(|f| f.is_empty()));

    let s = book.worksheet_range("Summary").unwrap();
    let label = |r: u32| cell_text(s.get_value((r, 0)).unwrap());
    let num = |r: u32, c: u32| s.get_value((r, c)).and_then(|v| v.as_f64());
    let totals = [
        ("pairs", 1.0),
        ("failed pairs", 1.0),
        ("en sentences", 4.0),
        ("de sentences", 3.0),
        ("en sentences aligned", 3.0),
        ("de sentences aligned", 2.0),
    ];
    for (r, (name, value)) in (0..).zip(totals) {
        assert_eq!(label(r), name);
        assert_eq!(num(r, 1), Some(value), "{name}");
    }
    assert_eq!(num(4, 2), Some(0.75));
    assert_eq!(label(6), "aligned share");
    assert_eq!(num(6, 1), Some(5.0 / 7.0));
    assert_eq!(label(7), "seconds");
    assert_eq!(num(7, 1), Some(1.25));
    // The per-pair table: doc, sheet, sentences per side, aligned beads, gaps per side, flagged.
    let table_head: Vec<String> = (0..8)
        .map(|c| cell_text(s.get_value((9, c)).unwrap()))
        .collect();
    assert_eq!(
        table_head,
        [
            "doc",
            "sheet",
            "en sentences",
            "de sentences",
            "aligned beads",
            "en_only",
            "de_only",
            "flagged beads"
        ]
    );
    assert_eq!(cell_text(s.get_value((10, 0)).unwrap()), "dam");
    assert_eq!(cell_text(s.get_value((10, 1)).unwrap()), "dam");
    let counts: Vec<f64> = (2..8).map(|c| num(10, c).unwrap()).collect();
    assert_eq!(counts, [4.0, 3.0, 2.0, 1.0, 1.0, 2.0]);
    // The failed pair with its reason, after the table.
    assert_eq!(cell_text(s.get_value((13, 0)).unwrap()), "broken");
    assert_eq!(
        cell_text(s.get_value((13, 1)).unwrap()),
        "broken.en.txt: empty (no text)"
    );
}

#[test]
fn xlsx_of_a_real_pair_matches_its_csv() {
    let d = flood();
    let (header, rows) = read_table(&write(Format::Csv, &[&d]), false);
    let mut book = open_xlsx(write(Format::Xlsx, &[&d]));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    assert_sheet_is(&mut book, "flood", &header, &rows);
}

#[test]
fn two_pairs_get_one_csv_header_and_unique_sheets() {
    let a = fixture("dam");
    let b = fixture("dam");
    let c = fixture("Summary");
    let mut long = fixture(&format!("{}:{}", "x".repeat(30), "tail"));
    long.beads.truncate(1);
    long.flags.truncate(1);
    // Cut to 31 characters, the colon replaced.
    let long_sheet = format!("{}_", "x".repeat(30));

    let bytes = write(Format::Csv, &[&a, &b]);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(text.matches("doc,en_ids").count(), 1);
    let (_, rows) = read_table(&bytes, false);
    assert_eq!(rows, [fixture_rows("dam"), fixture_rows("dam")].concat());

    let tsv = String::from_utf8(write(Format::Tsv, &[&a, &b])).unwrap();
    assert_eq!(tsv.matches("doc\ten_ids").count(), 1);
    assert_eq!(tsv.lines().count(), 9);

    let mut book = open_xlsx(write(Format::Xlsx, &[&a, &b, &c, &long]));
    let names = book.sheet_names();
    assert_eq!(
        names,
        ["Summary", "dam", "dam (2)", "Summary (2)", &long_sheet]
    );
    assert_sheet_is(&mut book, "dam", &HEADER, &fixture_rows("dam"));
    assert_sheet_is(&mut book, "dam (2)", &HEADER, &fixture_rows("dam"));
    assert_sheet_is(&mut book, "Summary (2)", &HEADER, &fixture_rows("Summary"));
    // The doc column keeps the real name; only the sheet name is cut.
    let r = book.worksheet_range(&long_sheet).unwrap();
    assert_eq!(
        cell_text(r.get_value((1, 0)).unwrap()),
        format!("{}:tail", "x".repeat(30))
    );
    // The summary lists each pair with the sheet it went to.
    let s = book.worksheet_range("Summary").unwrap();
    let sheets: Vec<String> = (10..14)
        .map(|r| cell_text(s.get_value((r, 1)).unwrap()))
        .collect();
    assert_eq!(sheets, ["dam", "dam (2)", "Summary (2)", &long_sheet]);
}

#[test]
fn jsonl_labels_each_pair_with_its_languages() {
    let a = fixture("dam");
    let mut b = fixture("lac");
    b.langs.src = "fr".parse().unwrap();
    let text = String::from_utf8(write(Format::Jsonl, &[&a, &b])).unwrap();
    let objs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objs.len(), 8);
    assert_eq!(
        objs[0]["en"],
        "The dam held, \"for now\"; engineers said. It was built in 1911."
    );
    assert_eq!(objs[4]["doc"], "lac");
    assert_eq!(objs[4]["src_lang"], "fr");
    assert_eq!(objs[4]["fr"], objs[0]["en"]);
    assert_eq!(objs[5]["status"], "fr_only");
}

#[test]
fn an_empty_run_still_makes_valid_output() {
    let (header, rows) = read_table(&write(Format::Csv, &[]), false);
    assert_eq!((header, rows.len()), (HEADER.map(String::from).to_vec(), 0));
    assert!(write(Format::Jsonl, &[]).is_empty());
    assert!(write(Format::Vecalign, &[]).is_empty());
    let (header, tus) = read_tmx(&write(Format::Tmx, &[]));
    assert!(header.contains(&("srclang".to_string(), "*all*".to_string())));
    assert!(tus.is_empty());
    let book = open_xlsx(write(Format::Xlsx, &[]));
    assert_eq!(book.sheet_names(), ["Summary"]);
}

/// A pipe whose reader has gone away.
struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> io::Result<()> {
        Err(io::ErrorKind::BrokenPipe.into())
    }
}

#[test]
fn a_closed_pipe_is_a_write_error_that_keeps_its_io_error() {
    let d = fixture("dam");
    for format in Format::ALL {
        let mut w = output::writer(format, Box::new(Closed), &WriteOptions::default());
        // Buffered formats notice at the latest when they flush.
        let err = match w.write_doc(&d) {
            Err(e) => e,
            Ok(()) => w.finish(&Summary::default()).unwrap_err(),
        };
        assert!(
            matches!(&err, ende::Error::Write { what, .. } if what == &format!("{} output", format!("{format:?}").to_lowercase())),
            "{format:?}: {err}"
        );
        let source = std::error::Error::source(&err).and_then(|s| s.downcast_ref::<io::Error>());
        assert_eq!(
            source.map(io::Error::kind),
            Some(io::ErrorKind::BrokenPipe),
            "{format:?}"
        );
    }
}

#[test]
fn a_broken_pair_is_refused_and_nothing_of_it_written() {
    let good = fixture("good");
    let mut bad = fixture("bad");
    bad.beads[2].tgt = 1..7;
    for format in Format::ALL {
        let buf = Shared::default();
        let mut w = output::writer(format, Box::new(buf.clone()), &WriteOptions::default());
        w.write_doc(&good).unwrap();
        let err = w.write_doc(&bad).unwrap_err();
        assert!(
            matches!(err, ende::Error::Format { .. }),
            "{format:?}: {err}"
        );
        w.finish(&Summary::default()).unwrap();
        let bytes = buf.bytes();
        match format {
            Format::Csv => assert_eq!(read_table(&bytes, false).1, fixture_rows("good")),
            Format::Tsv => assert_eq!(read_table(&bytes, true).1, fixture_rows("good")),
            Format::Xlsx => assert_eq!(open_xlsx(bytes).sheet_names(), ["Summary", "good"]),
            Format::Tmx => assert!(read_tmx(&bytes).1.iter().all(|t| t.doc == "good")),
            Format::Jsonl => {
                let docs: Vec<String> = String::from_utf8(bytes)
                    .unwrap()
                    .lines()
                    .map(|l| {
                        serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].to_string()
                    })
                    .collect();
                assert_eq!(docs, ["\"good\""; 4]);
            }
            Format::Vecalign => assert_eq!(String::from_utf8(bytes).unwrap().lines().count(), 4),
            Format::Html => {
                let page = String::from_utf8(bytes).unwrap();
                assert_eq!(page.matches("<section class=\"doc\"").count(), 1);
                assert!(page.ends_with("</html>\n"));
            }
        }
    }
}
