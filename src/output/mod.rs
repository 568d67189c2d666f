//! Writing aligned pairs: one writer per format behind one trait, fed pair by pair in a stable
//! order, so a batch streams its output instead of holding the corpus in memory.
//!
//! Every format except XLSX writes each pair as it arrives and keeps nothing of it; XLSX has to
//! hold the workbook until [`DocWriter::finish`] (see the `xlsx` module for why). The rules that
//! hold for all formats:
//!
//! - Columns and keys are named after the pair's language codes (`en_ids`, `de`, …). A format
//!   with one header for the whole output (CSV, TSV) takes it from the first pair, so a run that
//!   mixes language pairs should use JSONL, XLSX or TMX, which label every pair on its own.
//! - A pair whose beads point past its sentences, or whose score is not a number, is refused
//!   with [`Error::Format`] before anything of it is written: the output never holds half a pair
//!   and the writer never panics on such data. Missing flags count as no flags.
//! - I/O failures become [`Error::Write`] with the [`std::io::Error`] kept as the source, so the
//!   binary can tell a closed pipe (`ende … | head`) from a real failure.

use std::borrow::Cow;
use std::io::{self, Write};
use std::ops::Range;

use crate::align::Bead;
use crate::error::{Error, Result};
use crate::lang::LangPair;
use crate::pair::AlignedDoc;

mod csv;
pub mod html;
mod jsonl;
pub mod resume;
pub mod target;
mod tmx;
mod tsv;
mod vecalign;
mod xlsx;

/// Output formats of `ende align` and `ende batch`. [`Format::ALL`] is the one list of them:
/// the command line's choices and help, the list of resumable formats and the tests derive
/// from it, so a new format is added in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated, one row per bead.
    Csv,
    /// Tab-separated, the same columns.
    Tsv,
    /// JSON lines, one object per bead.
    Jsonl,
    /// vecalign's bead lines.
    Vecalign,
    /// An Excel workbook.
    Xlsx,
    /// A TMX translation memory.
    Tmx,
    /// A reviewer's HTML page.
    Html,
}

/// Options that some formats read.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Start CSV/TSV with a UTF-8 byte order mark (for Excel).
    pub bom: bool,
    /// TMX: leave out beads scoring below this.
    pub min_score: f64,
    /// The output already holds earlier pairs (a resumed batch): write no BOM, header or
    /// prolog again, only the pairs and what closes the file.
    pub append: bool,
    /// How many pairs the run will write, when known (0 when not). XLSX puts them all on one
    /// sheet when there are more than [`XLSX_ONE_SHEET_ABOVE`]; vecalign marks each pair with a
    /// `# doc NAME` line when there is more than one.
    pub pairs: usize,
}

/// Above this many pairs an XLSX workbook holds one sheet `Pairs` for all of them (the `doc`
/// column tells them apart) instead of one sheet each: a sheet costs about 21 KB of memory
/// beyond its rows (20,000 one-sentence pairs peaked at 525 MB as 20,000 sheets, at 98 MB on
/// one), and nobody finds their way around thousands of sheets anyway.
pub const XLSX_ONE_SHEET_ABOVE: usize = 1_000;

/// Totals of a run, for the XLSX summary sheet and the batch summary line.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Pairs aligned.
    pub pairs: usize,
    /// Pairs that failed, with the reason.
    pub failed: Vec<(String, String)>,
    /// Source sentences in all pairs.
    pub src_sentences: usize,
    /// Target sentences in all pairs.
    pub tgt_sentences: usize,
    /// Source sentences in aligned beads.
    pub src_aligned: usize,
    /// Target sentences in aligned beads.
    pub tgt_aligned: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl Summary {
    /// Counts one aligned pair in.
    pub fn add(&mut self, doc: &AlignedDoc) {
        self.pairs += 1;
        self.src_sentences += doc.src.len();
        self.tgt_sentences += doc.tgt.len();
        for b in doc
            .beads
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        {
            self.src_aligned += b.src.len();
            self.tgt_aligned += b.tgt.len();
        }
    }
}

/// A writer for one output format.
pub trait DocWriter: Send {
    /// Writes one aligned pair.
    fn write_doc(&mut self, doc: &AlignedDoc) -> Result<()>;
    /// Hands everything written so far to the operating system, so the output ends on a pair
    /// boundary that a resumed batch can continue from. XLSX writes nothing before
    /// [`DocWriter::finish`], so for it this does nothing.
    fn flush(&mut self) -> Result<()>;
    /// What the writer had to change that the user should hear about (an XLSX cell cut to
    /// Excel's limit), since the last call; the binary prints each on standard error.
    fn take_notices(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// Writes what comes after the last pair and flushes.
    fn finish(self: Box<Self>, summary: &Summary) -> Result<()>;
}

/// A writer for `format` onto `out`.
pub fn writer(
    format: Format,
    out: Box<dyn Write + Send>,
    opts: &WriteOptions,
) -> Box<dyn DocWriter> {
    match format {
        Format::Csv => Box::new(csv::CsvWriter::new(out, opts.bom, opts.append)),
        Format::Tsv => Box::new(tsv::TsvWriter::new(out, opts.bom, opts.append)),
        Format::Jsonl => Box::new(jsonl::JsonlWriter::new(out)),
        Format::Vecalign => Box::new(vecalign::VecalignWriter::new(out, opts.pairs > 1)),
        Format::Xlsx => Box::new(xlsx::XlsxWriter::new(
            out,
            opts.pairs > XLSX_ONE_SHEET_ABOVE,
        )),
        Format::Tmx => Box::new(tmx::TmxWriter::new(out, opts.min_score, opts.append)),
        Format::Html => Box::new(html::HtmlWriter::new(out)),
    }
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 7] = [
        Format::Csv,
        Format::Tsv,
        Format::Jsonl,
        Format::Vecalign,
        Format::Xlsx,
        Format::Tmx,
        Format::Html,
    ];

    /// The format's name as the `--format` flag spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
            Format::Vecalign => "vecalign",
            Format::Xlsx => "xlsx",
            Format::Tmx => "tmx",
            Format::Html => "html",
        }
    }

    /// One line on what the format holds, for `--help`.
    pub fn help(self) -> &'static str {
        match self {
            Format::Csv => {
                "doc, en_ids, de_ids, en, de, score, status, flags (see docs/formats.md)"
            }
            Format::Tsv => "The CSV columns, tab-separated",
            Format::Jsonl => "One JSON object per bead",
            Format::Vecalign => "`[0, 1]:[2]` lines, 0-based, for research tools",
            Format::Xlsx => {
                "An Excel workbook: a summary sheet and one sheet per pair (one for all of them \
                 above 1,000 pairs)"
            }
            Format::Tmx => "A TMX 1.4b translation memory of the aligned beads",
            Format::Html => {
                "One self-contained HTML page for a reviewer: summary, both texts side by side, \
                 findings with their reasons, filters and keyboard navigation"
            }
        }
    }

    /// Whether an output in this format can be cut after any pair and continued later: true for
    /// every format but XLSX, which is one zip archive written at the end, and HTML, whose
    /// summary is written at the end.
    pub fn resumable(self) -> bool {
        !matches!(self, Format::Xlsx | Format::Html)
    }

    /// Whether the format shows the page furniture and the headline apart, so that a batch is
    /// worth a pass to learn its site template first.
    pub fn shows_parts(self) -> bool {
        matches!(self, Format::Xlsx | Format::Html)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown format {s:?} (expected one of {})",
                    names.join(", ")
                )
            })
    }
}

/// The UTF-8 byte order mark: Excel reads a CSV file as UTF-8 only when it starts with one.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A text cell made safe for a spreadsheet (OWASP, "CSV Injection"): a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return is taken for a formula by Excel and LibreOffice
/// (`=HYPERLINK(…)` from a web page becomes a live link), so it gets a leading `'`, which they
/// show as text. Only with `--bom`, the flag for spreadsheet users: otherwise CSV and TSV stay
/// an exact copy of the text for programs.
pub(crate) fn spreadsheet_safe(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// [`spreadsheet_safe`] when `safe`, the text as it is otherwise.
pub(crate) fn text_cell(safe: bool, s: &str) -> Cow<'_, str> {
    if safe {
        spreadsheet_safe(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// Buffer size for the streaming writers: the binary already hands over a buffered writer, but
/// a library user may pass a bare file, and one system call per field would crawl.
const BUFFER: usize = 64 * 1024;

/// Wraps an I/O failure so that the io::Error stays reachable in the error chain.
fn write_error(format: &'static str) -> impl Fn(io::Error) -> Error {
    move |source| Error::Write {
        what: format!("{format} output"),
        source,
    }
}

/// Refuses a pair whose beads would make a writer index past its sentences or print a
/// non-number; checked up front so that no format writes part of a broken pair.
fn check(doc: &AlignedDoc, format: &'static str) -> Result<()> {
    let side = |r: &Range<usize>, len: usize, lang: &str, k: usize| -> Result<()> {
        if r.start > r.end || r.end > len {
            return Err(Error::Format {
                format,
                message: format!(
                    "{}: bead {}: {lang} sentences {}..{} out of range (the pair has {len})",
                    doc.name,
                    k + 1,
                    r.start,
                    r.end
                ),
            });
        }
        Ok(())
    };
    for (k, b) in doc.beads.iter().enumerate() {
        side(&b.src, doc.src.len(), doc.langs.src.as_str(), k)?;
        side(&b.tgt, doc.tgt.len(), doc.langs.tgt.as_str(), k)?;
        if !b.score.is_finite() {
            return Err(Error::Format {
                format,
                message: format!(
                    "{}: bead {}: score {} is not a number",
                    doc.name,
                    k + 1,
                    b.score
                ),
            });
        }
    }
    Ok(())
}

/// The column names shared by CSV, TSV and the XLSX pair sheets.
fn header(langs: LangPair) -> [String; 8] {
    let (src_lang, tgt_lang) = (langs.src.as_str(), langs.tgt.as_str());
    [
        "doc".to_string(),
        format!("{src_lang}_ids"),
        format!("{tgt_lang}_ids"),
        src_lang.to_string(),
        tgt_lang.to_string(),
        "score".to_string(),
        "status".to_string(),
        "flags".to_string(),
    ]
}

/// One bead as the text fields of the tabular formats, built in one place so that CSV, TSV and
/// XLSX cannot drift apart.
struct Row {
    /// 1-based source ids, space-separated.
    src_ids: String,
    /// 1-based target ids, space-separated.
    tgt_ids: String,
    /// Source sentences joined by a space.
    src: String,
    /// Target sentences joined by a space.
    tgt: String,
    /// The raw score; each format rounds it its own way (text or a formatted number).
    score: f64,
    /// `aligned`, `{src}_only` or `{tgt}_only`.
    status: String,
    /// Flag names separated by a space.
    flags: String,
}

impl Row {
    fn new(doc: &AlignedDoc, k: usize, b: &Bead) -> Row {
        Row {
            src_ids: AlignedDoc::ids(&b.src),
            tgt_ids: AlignedDoc::ids(&b.tgt),
            src: doc.src_text(b),
            tgt: doc.tgt_text(b),
            score: b.score,
            status: doc.status(b),
            flags: doc.flags_of(k).names().join(" "),
        }
    }

    /// The score as CSV, TSV and TMX print it; JSONL parses this back so all agree to the digit.
    fn score_text(score: f64) -> String {
        format!("{score:.3}")
    }

    /// The row's eight text cells in the order of [`header`], for the two text tables (CSV and
    /// TSV); with `safe`, the cells a spreadsheet would run as formulas become text.
    fn text_cells<'a>(&'a self, doc: &'a str, safe: bool) -> [Cow<'a, str>; 8] {
        [
            text_cell(safe, doc),
            Cow::Borrowed(&self.src_ids),
            Cow::Borrowed(&self.tgt_ids),
            text_cell(safe, &self.src),
            text_cell(safe, &self.tgt),
            Cow::Owned(Row::score_text(self.score)),
            Cow::Borrowed(&self.status),
            Cow::Borrowed(&self.flags),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::lang::LangPair;

    #[test]
    fn every_format_is_found_by_its_name_and_only_by_it() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.name().to_uppercase().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
            assert!(!f.help().is_empty());
        }
        let err = "docx".parse::<Format>().unwrap_err();
        assert!(
            err.contains("csv, tsv, jsonl, vecalign, xlsx, tmx, html"),
            "{err}"
        );
    }

    fn doc() -> AlignedDoc {
        AlignedDoc::new(
            "d".into(),
            LangPair::EN_DE,
            vec!["One.".into(), "Two.".into()],
            vec!["Eins.".into()],
            vec![
                Bead {
                    src: 0..1,
                    tgt: 0..1,
                    score: 0.5,
                },
                Bead {
                    src: 1..2,
                    tgt: 1..1,
                    score: 0.1,
                },
            ],
        )
    }

    #[test]
    fn check_accepts_a_sound_pair() {
        assert!(check(&doc(), "csv").is_ok());
    }

    #[test]
    fn check_refuses_beads_past_the_sentences() {
        let mut d = doc();
        d.beads[1].tgt = 1..2;
        let err = check(&d, "csv").unwrap_err();
        assert!(matches!(err, Error::Format { format: "csv", .. }), "{err}");
        assert!(
            err.to_string()
                .contains("bead 2: de sentences 1..2 out of range"),
            "{err}"
        );
    }

    #[test]
    fn check_refuses_a_nan_score() {
        let mut d = doc();
        d.beads[0].score = f64::NAN;
        assert!(check(&d, "tmx")
            .unwrap_err()
            .to_string()
            .contains("bead 1: score NaN"));
    }

    #[test]
    fn formula_starts_get_a_quote() {
        for (s, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-5 degrees", "'-5 degrees"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Plain text = fine", "Plain text = fine"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(s), want);
        }
    }

    #[test]
    fn missing_flags_count_as_none() {
        let mut d = doc();
        d.flags.clear();
        let b = d.beads[1].clone();
        assert_eq!(Row::new(&d, 1, &b).flags, "");
    }
}
