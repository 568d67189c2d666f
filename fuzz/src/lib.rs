//! The checks behind the fuzz targets, shared with `tests/fuzz_regressions.rs`.
//!
//! Every target is a function from raw bytes to nothing that panics when `ende` panics or
//! breaks one of its promises. The regression test includes this file with `#[path]`, so it
//! may only use crates that `ende` itself depends on (`csv`, `serde_json`, `quick_xml`).
//!
//! Inputs that hold two documents (`align`, `pipeline`) are read as
//! `EN [0xFF DE [0xFF OPTIONS]]`: 0xFF never occurs in UTF-8, so the separator cannot be part
//! of a valid text. Without a 0xFF the bytes are cut in the middle (moved forward to the start
//! of a character) and the options byte is 0. See docs/fuzzing.md.

use std::ops::Range;

use ende::align::{self, Bead, Options};
use ende::corpus::{self, PairOptions};
use ende::output::{self, Format, Summary, WriteOptions};
use ende::pair::AlignedDoc;
use ende::{split, Document, Lang, LangPair, Sentence};

// The white-space-free view and the in-memory writer, shared with the tests. The explicit
// path resolves the same when the tests include this file from tests/util/.
#[path = "common.rs"]
pub mod common;
use common::{no_space, Shared};

/// The byte between the two documents and before the options byte.
pub const SEP: u8 = 0xFF;

/// The fuzz targets, by the name that prefixes a saved input's file name.
pub const TARGETS: [&str; 3] = ["split", "align", "pipeline"];

/// Runs the target `name` on `data`; panics on a bug.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "split" => split_target(data),
        "align" => align_target(data),
        "pipeline" => pipeline_target(data),
        other => panic!("unknown fuzz target {other:?} (expected one of {TARGETS:?})"),
    }
}

/// Bytes to a document with the checks `ende` runs on a file; `None` when the tool would
/// refuse the file. Either way nothing may panic, and an accepted text is the file's bytes.
pub fn decode(name: &str, bytes: &[u8]) -> Option<Document> {
    match Document::from_bytes(name.to_string(), bytes.to_vec()) {
        Ok(d) => {
            assert!(d.bom == 0 || d.bom == 3, "bom length {}", d.bom);
            assert_eq!(
                d.text.as_bytes(),
                &bytes[d.bom..],
                "text is the bytes after the BOM"
            );
            let _ = d.is_blank();
            Some(d)
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains(name), "error names the file: {msg}");
            None
        }
    }
}

/// Splits `text` and checks the promises of `src/split` (the same as its property tests):
/// spans are ordered, non-empty, on character boundaries and trimmed; paragraph numbers start
/// at 1 and never decrease; the sentences hold all of the text but its white space; and
/// `one_line` only turns line-break white space into a space.
pub fn check_split(text: &str, lang: Lang) -> Vec<Sentence> {
    let got = split::split(text, lang);
    let mut joined = String::with_capacity(text.len());
    let mut last = 0;
    let mut para = 1;
    for (k, s) in got.iter().enumerate() {
        assert!(
            s.start >= last && s.end > s.start && s.end <= text.len(),
            "sentence {k}: span {}..{} after {last} in a text of {} bytes",
            s.start,
            s.end,
            text.len()
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "sentence {k}: span {}..{} cuts a character",
            s.start,
            s.end
        );
        assert!(
            s.paragraph >= para,
            "sentence {k}: paragraph {} after {para}",
            s.paragraph
        );
        para = s.paragraph;
        let t = s.text(text);
        assert_eq!(t.trim(), t, "sentence {k} is not trimmed");
        let one = split::one_line(t);
        assert!(
            !one.contains(['\n', '\r']),
            "one_line left a line break: {one:?}"
        );
        assert_eq!(
            no_space(&one),
            no_space(t),
            "one_line changed more than white space"
        );
        joined.push_str(t);
        last = s.end;
    }
    assert_eq!(
        no_space(&joined),
        no_space(text),
        "the sentences do not hold the whole text"
    );
    got
}

/// `split`: one document, split as English and as German. Bytes the tool would refuse are
/// still split after a lossy decode: `split::split` takes any `&str`.
pub fn split_target(data: &[u8]) {
    let text = match decode("fuzz.txt", data) {
        Some(d) => d.text,
        None => String::from_utf8_lossy(data).into_owned(),
    };
    for lang in [Lang::En, Lang::De] {
        check_split(&text, lang);
    }
    let _ = ende::lang::detect_en_de(&text);
    let _ = ende::lang::foreign_language(&text);
}

/// The two documents and the options byte of an input (see the module documentation).
pub fn two_sides(data: &[u8]) -> (&[u8], &[u8], Option<u8>) {
    match data.iter().position(|&b| b == SEP) {
        Some(i) => {
            let (en, rest) = (&data[..i], &data[i + 1..]);
            match rest.iter().position(|&b| b == SEP) {
                Some(j) => (en, &rest[..j], Some(rest.get(j + 1).copied().unwrap_or(0))),
                None => (en, rest, None),
            }
        }
        None => {
            let mut mid = data.len() / 2;
            while mid < data.len() && (0x80..0xC0).contains(&data[mid]) {
                mid += 1;
            }
            (&data[..mid], &data[mid..], None)
        }
    }
}

/// Every sentence of both sides in exactly one bead, in order, no empty bead, every score a
/// number in [0, 1] (the promise of `align::align`, as in its property tests).
pub fn check_beads(beads: &[Bead], n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for (k, b) in beads.iter().enumerate() {
        assert_eq!(
            (b.src.start, b.tgt.start),
            (i, j),
            "bead {k} {b:?} does not start where bead {} ended",
            k.wrapping_sub(1)
        );
        assert!(
            b.src.start <= b.src.end && b.tgt.start <= b.tgt.end,
            "bead {k} {b:?} runs backwards"
        );
        assert!(!(b.src.is_empty() && b.tgt.is_empty()), "bead {k} is empty");
        assert!(
            b.score.is_finite() && (0.0..=1.0).contains(&b.score),
            "bead {k}: score {}",
            b.score
        );
        i = b.src.end;
        j = b.tgt.end;
    }
    assert_eq!((i, j), (n, m), "the beads do not cover both sides");
}

/// Language pairs the options byte picks from (bits 0–2); `en`/`de` is the default.
const LANGS: [&str; 6] = ["en,de", "de,en", "en,en", "de,de", "fr,de", "en,xx"];

/// Aligns two sentence lists, checks the cover, and checks that swapping the sides mirrors the
/// result (promised by `align::align`'s documentation).
pub fn check_align(src: &[String], tgt: &[String], opts: &Options) -> Vec<Bead> {
    let s: Vec<&str> = src.iter().map(String::as_str).collect();
    let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
    let beads = align::align(&s, &t, opts);
    check_beads(&beads, s.len(), t.len());
    let swapped = Options {
        langs: opts.langs.reversed(),
        ..opts.clone()
    };
    let mirrored: Vec<Bead> = align::align(&t, &s, &swapped)
        .into_iter()
        .map(Bead::swapped)
        .collect();
    assert_eq!(
        mirrored, beads,
        "swapping the sides does not mirror the beads"
    );
    beads
}

/// `align`: two documents, each decoded and split, aligned as sentence lists; then the same
/// documents read as one sentence per line (`--presplit`). Options byte: bits 0–2 pick the
/// language pair (mod 6), bit 3 turns on the second pass; without an options byte both passes
/// run for English/German.
pub fn align_target(data: &[u8]) {
    let (a, b, o) = two_sides(data);
    let (Some(en), Some(de)) = (decode("en.txt", a), decode("de.txt", b)) else {
        return;
    };
    let runs: Vec<Options> = match o {
        Some(o) => {
            let langs = LANGS[usize::from(o & 7) % LANGS.len()];
            let mut opts = Options::new(langs.parse().expect("a listed pair"));
            opts.realign = o & 8 != 0;
            vec![opts]
        }
        None => {
            let mut second = Options::new(LangPair::EN_DE);
            second.realign = true;
            vec![Options::new(LangPair::EN_DE), second]
        }
    };
    let src = corpus::sentences(&en, Some(Lang::En), false);
    let tgt = corpus::sentences(&de, Some(Lang::De), false);
    let src_lines = corpus::sentences(&en, None, true);
    let tgt_lines = corpus::sentences(&de, None, true);
    for opts in &runs {
        check_align(&src, &tgt, opts);
        check_align(&src_lines, &tgt_lines, opts);
    }
}

/// Writes `doc` in `format`; every sound pair must be written without an error.
pub fn write(doc: &AlignedDoc, format: Format) -> Vec<u8> {
    let buf = Shared::default();
    let mut summary = Summary::default();
    summary.add(doc);
    let mut w = output::writer(format, Box::new(buf.clone()), &WriteOptions::default());
    if let Err(e) = w.write_doc(doc) {
        panic!("{format:?}: writing a pair from the aligner failed: {e}");
    }
    if let Err(e) = w.finish(&summary) {
        panic!("{format:?}: finishing failed: {e}");
    }
    buf.bytes()
}

/// 1-based ids as CSV, TSV and JSONL print them.
fn ids(r: &Range<usize>) -> Vec<usize> {
    r.clone().map(|k| k + 1).collect()
}

fn parse_ids(field: &str) -> Vec<usize> {
    field
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or_else(|_| panic!("bad id {s:?}")))
        .collect()
}

/// What TSV makes of a field: tabs and line breaks (CR LF counts as one) become a space.
fn tsv_field(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\t', '\n', '\r'], " ")
}

/// What TMX keeps of a text: the characters XML 1.0 can hold.
fn xml_field(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\u{FFFE}' | '\u{FFFF}')
        })
        .collect()
}

/// CSV (or TSV) read back with the csv crate: one row per bead with its ids, texts, score and
/// status, and the ids together name every sentence of both sides once.
pub fn check_table(doc: &AlignedDoc, bytes: &[u8], tsv: bool) {
    let what = if tsv { "tsv" } else { "csv" };
    let mut r = csv::ReaderBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .quoting(!tsv)
        .from_reader(bytes);
    let header: Vec<String> = r
        .headers()
        .unwrap_or_else(|e| panic!("{what}: header: {e}"))
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header.len(), 8, "{what}: header {header:?}");
    assert_eq!(
        header[1],
        format!("{}_ids", doc.langs.src),
        "{what}: header"
    );
    let rows: Vec<csv::StringRecord> = r
        .records()
        .map(|rec| rec.unwrap_or_else(|e| panic!("{what}: does not parse back: {e}")))
        .collect();
    assert_eq!(rows.len(), doc.beads.len(), "{what}: one row per bead");
    let (mut src_ids, mut tgt_ids) = (Vec::new(), Vec::new());
    for (k, (row, b)) in rows.iter().zip(&doc.beads).enumerate() {
        let (s, t) = (doc.src_text(b), doc.tgt_text(b));
        let (s, t) = if tsv {
            (tsv_field(&s), tsv_field(&t))
        } else {
            (s, t)
        };
        assert_eq!(&row[0], doc.name.as_str(), "{what}: row {k}: doc");
        assert_eq!(
            parse_ids(&row[1]),
            ids(&b.src),
            "{what}: row {k}: source ids"
        );
        assert_eq!(
            parse_ids(&row[2]),
            ids(&b.tgt),
            "{what}: row {k}: target ids"
        );
        assert_eq!(&row[3], s.as_str(), "{what}: row {k}: source text");
        assert_eq!(&row[4], t.as_str(), "{what}: row {k}: target text");
        let score: f64 = row[5]
            .parse()
            .unwrap_or_else(|_| panic!("{what}: row {k}: score {:?}", &row[5]));
        assert!(
            (score - b.score).abs() <= 0.0005 + 1e-12,
            "{what}: row {k}: score"
        );
        assert_eq!(&row[6], doc.status(b).as_str(), "{what}: row {k}: status");
        src_ids.extend(parse_ids(&row[1]));
        tgt_ids.extend(parse_ids(&row[2]));
    }
    assert_eq!(
        src_ids,
        ids(&(0..doc.src.len())),
        "{what}: source sentences"
    );
    assert_eq!(
        tgt_ids,
        ids(&(0..doc.tgt.len())),
        "{what}: target sentences"
    );
}

/// JSONL: one parsable object per line and bead, with the bead's ids and texts.
pub fn check_jsonl(doc: &AlignedDoc, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("jsonl is UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), doc.beads.len(), "jsonl: one line per bead");
    for (k, (line, b)) in lines.iter().zip(&doc.beads).enumerate() {
        let v: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("jsonl: line {k} does not parse: {e}"));
        let id_list = |key: String| -> Vec<usize> {
            v[&key]
                .as_array()
                .unwrap_or_else(|| panic!("jsonl: line {k}: no {key}"))
                .iter()
                .map(|n| n.as_u64().expect("an id") as usize)
                .collect()
        };
        assert_eq!(id_list(format!("{}_ids", doc.langs.src)), ids(&b.src));
        assert_eq!(id_list(format!("{}_ids", doc.langs.tgt)), ids(&b.tgt));
        if doc.langs.src != doc.langs.tgt {
            assert_eq!(
                v[doc.langs.src.as_str()],
                doc.src_text(b),
                "jsonl: line {k}: source"
            );
            assert_eq!(
                v[doc.langs.tgt.as_str()],
                doc.tgt_text(b),
                "jsonl: line {k}: target"
            );
        }
        assert!(v["score"].as_f64().is_some(), "jsonl: line {k}: score");
    }
}

/// vecalign: one `[..]:[..]` line per bead with its 0-based ids.
pub fn check_vecalign(doc: &AlignedDoc, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("vecalign is UTF-8");
    let want: Vec<String> = doc
        .beads
        .iter()
        .map(|b| {
            let list = |r: &Range<usize>| {
                r.clone()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("[{}]:[{}]", list(&b.src), list(&b.tgt))
        })
        .collect();
    let got: Vec<&str> = text.lines().collect();
    assert_eq!(got, want, "vecalign lines");
}

/// TMX: well-formed XML whose `<tu>`s are the pairing beads (minimum score 0), each with the
/// two texts as XML can hold them.
pub fn check_tmx(doc: &AlignedDoc, bytes: &[u8]) {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(bytes).expect("tmx is UTF-8");
    let mut r = quick_xml::Reader::from_str(text);
    let mut segs: Vec<String> = Vec::new();
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut buf = String::new();
    loop {
        match r
            .read_event()
            .unwrap_or_else(|e| panic!("tmx: not well-formed: {e}"))
        {
            Event::Start(e) => {
                path.push(e.name().as_ref().to_vec());
                buf.clear();
            }
            Event::Text(t) => buf.push_str(&t.xml10_content().expect("tmx: text")),
            Event::GeneralRef(g) => match g.resolve_char_ref().expect("tmx: character reference") {
                Some(c) => buf.push(c),
                None => {
                    let name = g.decode().expect("tmx: reference");
                    buf.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("tmx: unknown entity {name}")),
                    )
                }
            },
            Event::End(e) => {
                let open = path.pop().expect("tmx: closing tag without opening tag");
                assert_eq!(e.name().as_ref(), open.as_slice(), "tmx: tags nest");
                if open == b"seg" {
                    segs.push(std::mem::take(&mut buf));
                }
                buf.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(path.is_empty(), "tmx: unclosed tags");
    let want: Vec<String> = doc
        .beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        .flat_map(|b| [xml_field(&doc.src_text(b)), xml_field(&doc.tgt_text(b))])
        .collect();
    assert_eq!(segs, want, "tmx segments");
}

/// Options byte of `pipeline`: bit 0 `presplit`, bit 1 `realign`, bit 2 `no_flags`, bits 3–4
/// the language pair (none: the English/German check; else en/de, de/en, fr/en), bit 5 also
/// writes XLSX. Without an options byte: `PairOptions::default()` plus XLSX.
fn pair_options(o: Option<u8>) -> (PairOptions, bool) {
    let Some(o) = o else {
        return (PairOptions::default(), true);
    };
    let langs = match (o >> 3) & 3 {
        0 => None,
        1 => Some("en,de"),
        2 => Some("de,en"),
        _ => Some("fr,en"),
    };
    (
        PairOptions {
            presplit: o & 1 != 0,
            realign: o & 2 != 0,
            no_flags: o & 4 != 0,
            langs: langs.map(|l| l.parse().expect("a listed pair")),
            ..PairOptions::default()
        },
        o & 0x20 != 0,
    )
}

/// `pipeline`: two documents through `corpus::align_documents` (language check, split, align,
/// flags), the completeness report, and every output format, each read back and compared with
/// the pair. A pair the language check refuses is aligned again as English/German, so the rest
/// of the pipeline still runs; any other refusal (`Error::NoWords`, …) ends the run.
pub fn pipeline_target(data: &[u8]) {
    let (a, b, o) = two_sides(data);
    let (Some(en), Some(de)) = (decode("en.txt", a), decode("de.txt", b)) else {
        return;
    };
    let (mut opts, xlsx) = pair_options(o);
    // Refusing a pair (no words, a third language, …) is fine; panicking is not. A pair the
    // language check refuses is aligned again with explicit languages, which skips that check.
    let doc = match corpus::align_documents("fuzz".into(), en.clone(), de.clone(), &opts) {
        Ok((doc, _notices)) => doc,
        Err(e @ ende::Error::Language { .. }) => {
            let _ = e.to_string();
            opts.langs = Some(LangPair::EN_DE);
            match corpus::align_documents("fuzz".into(), en, de, &opts) {
                Ok((doc, _)) => doc,
                Err(e) => {
                    assert!(
                        !matches!(e, ende::Error::Language { .. }),
                        "explicit languages still ran the language check: {e}"
                    );
                    return;
                }
            }
        }
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    check_beads(&doc.beads, doc.src.len(), doc.tgt.len());
    assert_eq!(doc.flags.len(), doc.beads.len(), "one flags entry per bead");
    assert_eq!(
        doc.src_boiler.len(),
        doc.src.len(),
        "one boilerplate mark per sentence"
    );
    assert_eq!(
        doc.tgt_boiler.len(),
        doc.tgt.len(),
        "one boilerplate mark per sentence"
    );
    let _ = ende::check::report(&doc);
    check_table(&doc, &write(&doc, Format::Csv), false);
    check_table(&doc, &write(&doc, Format::Tsv), true);
    check_jsonl(&doc, &write(&doc, Format::Jsonl));
    check_vecalign(&doc, &write(&doc, Format::Vecalign));
    check_tmx(&doc, &write(&doc, Format::Tmx));
    if xlsx {
        let bytes = write(&doc, Format::Xlsx);
        assert!(bytes.starts_with(b"PK"), "xlsx is a ZIP file");
    }
}
