//! XLSX: a `Summary` sheet first, then one sheet per pair with the CSV columns.
//!
//! This is the format to hand untrusted text to a spreadsheet user: every cell is written as a
//! string or a number, never as a formula, so a sentence starting with `=`, `+`, `-` or `@` stays
//! text. Ids are strings (`"1 2"`), the score a number shown with three decimals.
//!
//! **Memory.** The workbook is built in memory and written to the output in `finish`:
//! rust_xlsxwriter writes its ZIP only to a seekable target, which a pipe is not, and the
//! summary sheet, which comes first, is known only at the end. rust_xlsxwriter's constant-memory mode was not used: it opens a temporary file for
//! every sheet, which a batch of thousands of pairs would run out of, and it panics when it
//! cannot. Memory grows with the text, about ten times its size (3,000 news-article pairs,
//! 37 MB as CSV: 385 MB; about 1.5 MB per 1,000 beads of news text); for batches larger than
//! that, use CSV or JSONL.
//!
//! **Many pairs.** A sheet costs about 21 KB of memory however few rows it has, so a batch of
//! more than [`super::XLSX_ONE_SHEET_ABOVE`] pairs puts all of them on one sheet `Pairs` (with
//! `Pairs (2)`… past a sheet's rows), the `doc` column telling them apart and the header taken
//! from the first pair, as in a CSV; the summary still lists every pair.
//!
//! **Printing.** LibreOffice and Excel print what the file says: without row heights wrapped
//! sentences print on top of each other, and a sheet of 60-character columns prints four
//! portrait pages wide. So every sheet is set to landscape, one page wide, with the header row
//! repeated on each page; column widths follow the content (text columns up to
//! [`table::TEXT_WIDTH`]), and each row is as high as its longest wrapped text needs ([`table::row_lines`]).
//! The summary sheet has a legend of the status colours.
//!
//! **Limits.** Sheet names are cut to Excel's 31 characters, lose `[]:*?/\` and control
//! characters, and get ` (2)`, ` (3)`… when names collide (Excel compares them ignoring case). A
//! pair with more beads than a sheet has rows continues on a sheet `name (2)`, with the header
//! repeated. A cell holds at most 32,767 characters in Excel; longer text is cut, ends with
//! `[…]`, gets a note saying how long the text was, and the cut is reported as a notice
//! ([`DocWriter::take_notices`]).

use std::collections::HashSet;
use std::io::Write;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

mod limits;
mod table;

use limits::{cell, sheet_base, with_suffix, MAX_ROWS};
use table::{column_width, header_widths, side, start_sheet, write_rows, Side};

use super::{check, header, write_error, DocWriter, Summary};
use crate::error::{Error, Result};
use crate::lang::LangPair;
use crate::pair::AlignedDoc;

const FORMAT: &str = "xlsx";

/// Fills of the statuses, shared by the cells and the legend.
const GREEN: (u32, u32) = (0xC6EFCE, 0x006100);
const RED: (u32, u32) = (0xFFC7CE, 0x9C0006);
const AMBER: (u32, u32) = (0xFFEB9C, 0x9C5700);
const GREY: (u32, u32) = (0xEDEDED, 0x595959);
const LILAC: (u32, u32) = (0xE4DFEC, 0x5B3F86);
const ORANGE: (u32, u32) = (0xFCE4D6, 0x833C0B);

const SUMMARY: &str = "Summary";

/// What the summary sheet lists for one pair; the only thing kept per pair besides its sheets.
struct PairStats {
    doc: String,
    sheet: String,
    src: usize,
    tgt: usize,
    aligned: usize,
    src_only: usize,
    tgt_only: usize,
    flagged: usize,
}

/// The cell styles, made once and shared by every sheet.
struct Styles {
    header: Format,
    cell: Format,
    text: Format,
    score: Format,
    aligned: Format,
    src_only: Format,
    tgt_only: Format,
    furniture: Format,
    headline: Format,
    flagged: Format,
    bold: Format,
    share: Format,
    seconds: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new().set_align(FormatAlign::Top);
        let tinted = |(fill, font): (u32, u32)| {
            cell.clone()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font))
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_border_bottom(FormatBorder::Thin),
            text: cell.clone().set_text_wrap(),
            score: cell.clone().set_num_format("0.000"),
            aligned: tinted(GREEN),
            // A source sentence with no translation is the finding a reviewer looks for first.
            src_only: tinted(RED),
            tgt_only: tinted(AMBER),
            furniture: tinted(GREY),
            headline: tinted(LILAC),
            flagged: tinted(ORANGE),
            bold: Format::new().set_bold(),
            share: Format::new().set_num_format("0.0%"),
            seconds: Format::new().set_num_format("0.00"),
            cell,
        }
    }
}

/// Collects pairs into a workbook and writes it in `finish`.
pub(super) struct XlsxWriter {
    out: Box<dyn Write + Send>,
    book: Workbook,
    styles: Styles,
    /// Sheet names in use, lowercased, because Excel treats names that differ in case as equal.
    names: HashSet<String>,
    pairs: Vec<PairStats>,
    /// The first pair's language codes, to label the summary's totals.
    langs: Option<LangPair>,
    summary_added: bool,
    /// Rows per sheet; a parameter so tests can reach the overflow without a million beads.
    max_rows: u32,
    /// Every pair on the shared sheets below instead of one sheet each.
    one_sheet: bool,
    /// The shared sheets so far: index in the workbook, name, rows used (the header included).
    shared: Vec<(usize, String, u32)>,
    /// Sheets in the workbook, the summary included.
    sheets: usize,
    /// The widest content of each column, per sheet index, for the widths set in `finish`.
    widths: std::collections::HashMap<usize, [usize; 8]>,
    /// Cells cut to Excel's limit, for the user to hear about.
    notices: Vec<String>,
}

impl XlsxWriter {
    pub(super) fn new(out: Box<dyn Write + Send>, one_sheet: bool) -> XlsxWriter {
        XlsxWriter::with_max_rows(out, MAX_ROWS, one_sheet)
    }

    fn with_max_rows(out: Box<dyn Write + Send>, max_rows: u32, one_sheet: bool) -> XlsxWriter {
        XlsxWriter {
            out,
            book: Workbook::new(),
            styles: Styles::new(),
            names: HashSet::from([SUMMARY.to_lowercase()]),
            pairs: Vec::new(),
            langs: None,
            summary_added: false,
            max_rows: max_rows.max(2),
            one_sheet,
            shared: Vec::new(),
            sheets: 0,
            widths: Default::default(),
            notices: Vec::new(),
        }
    }

    /// Adds the summary sheet before any pair sheet, since sheets keep the order they were added
    /// in; it is filled in `finish`, when the totals are known.
    fn add_summary(&mut self) -> Result<()> {
        if !self.summary_added {
            self.book
                .add_worksheet()
                .set_name(SUMMARY)
                .map_err(xlsx_error)?;
            self.summary_added = true;
            self.sheets += 1;
        }
        Ok(())
    }

    /// `base`, or `base (2)`, `base (3)`… — the first that no sheet uses yet.
    fn unique(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while self.names.contains(&name.to_lowercase()) {
            name = with_suffix(base, n);
            n += 1;
        }
        self.names.insert(name.to_lowercase());
        name
    }

    /// Puts `doc` on sheets of its own (more than one when it has more beads than a sheet has
    /// rows); returns the first one's name.
    fn add_own_sheets(&mut self, doc: &AlignedDoc) -> Result<String> {
        let per_sheet = (self.max_rows - 1) as usize;
        let first = self.unique(&sheet_base(&doc.name));
        let head = header(doc.langs);
        // An empty pair still gets its (header-only) sheet, so every pair is visible.
        let mut start = 0;
        let mut part = 1;
        loop {
            let end = (start + per_sheet).min(doc.beads.len());
            let name = if part == 1 {
                first.clone()
            } else {
                self.unique(&with_suffix(&first, part))
            };
            let index = self.sheets;
            let ws = self.book.add_worksheet();
            self.sheets += 1;
            ws.set_name(name).map_err(xlsx_error)?;
            start_sheet(ws, &self.styles, &head).map_err(xlsx_error)?;
            let w = self
                .widths
                .entry(index)
                .or_insert_with(|| header_widths(&head));
            let cut = write_rows(ws, &self.styles, doc, start..end, 1, w).map_err(xlsx_error)?;
            self.notices.extend(cut);
            ws.autofilter(0, 0, (end - start) as u32, 7)
                .map_err(xlsx_error)?;
            start = end;
            part += 1;
            if start >= doc.beads.len() {
                break;
            }
        }
        Ok(first)
    }

    /// Appends `doc`'s beads to the shared sheets, starting a new one when the last is full;
    /// returns the name of the sheet its first bead is on.
    fn add_to_shared(&mut self, doc: &AlignedDoc) -> Result<String> {
        let mut k = 0;
        let mut first = None;
        loop {
            if self.shared.last().is_none_or(|s| s.2 >= self.max_rows) {
                let name = match self.shared.len() {
                    0 => self.unique("Pairs"),
                    n => self.unique(&with_suffix("Pairs", n + 1)),
                };
                // One header for all pairs, from the first pair's languages, as in a CSV.
                let langs = self.langs.unwrap_or(doc.langs);
                let head = header(langs);
                let ws = self.book.add_worksheet();
                ws.set_name(&name).map_err(xlsx_error)?;
                start_sheet(ws, &self.styles, &head).map_err(xlsx_error)?;
                self.widths.insert(self.sheets, header_widths(&head));
                self.shared.push((self.sheets, name, 1));
                self.sheets += 1;
            }
            let (index, name, rows) = self.shared.last_mut().expect("a shared sheet");
            first.get_or_insert_with(|| name.clone());
            let take = (doc.beads.len() - k).min((self.max_rows - *rows) as usize);
            let ws = self.book.worksheet_from_index(*index).map_err(xlsx_error)?;
            let w = self.widths.entry(*index).or_insert([0; 8]);
            let cut =
                write_rows(ws, &self.styles, doc, k..k + take, *rows, w).map_err(xlsx_error)?;
            self.notices.extend(cut);
            *rows += take as u32;
            k += take;
            if k >= doc.beads.len() {
                break;
            }
        }
        Ok(first.expect("set in the first round"))
    }

    fn write_summary(&mut self, s: &Summary) -> std::result::Result<(), XlsxError> {
        let (src, tgt) = match self.langs {
            Some(l) => (l.src.to_string(), l.tgt.to_string()),
            None => ("source".to_string(), "target".to_string()),
        };
        let st = &self.styles;
        let ws = self.book.worksheet_from_index(0)?;
        let doc_width = self
            .pairs
            .iter()
            .map(|p| p.doc.chars().count().max(p.sheet.chars().count()))
            .max()
            .unwrap_or(0);
        ws.set_column_width(0, (doc_width.max(24) + 2).min(50) as f64)?;
        ws.set_column_width(1, (doc_width.max(22) + 2).min(40) as f64)?;
        for col in 2..8 {
            ws.set_column_width(col, 14)?;
        }
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        let share = |part: usize, whole: usize| Some(crate::check::ratio(part, whole));
        let totals: [(String, f64, Option<f64>); 6] = [
            ("pairs".into(), s.pairs as f64, None),
            ("failed pairs".into(), s.failed.len() as f64, None),
            (format!("{src} sentences"), s.src_sentences as f64, None),
            (format!("{tgt} sentences"), s.tgt_sentences as f64, None),
            (
                format!("{src} sentences aligned"),
                s.src_aligned as f64,
                share(s.src_aligned, s.src_sentences),
            ),
            (
                format!("{tgt} sentences aligned"),
                s.tgt_aligned as f64,
                share(s.tgt_aligned, s.tgt_sentences),
            ),
        ];
        let mut row = 0;
        for (label, value, part) in totals {
            ws.write_string_with_format(row, 0, label, &st.bold)?;
            ws.write_number(row, 1, value)?;
            if let Some(p) = part {
                ws.write_number_with_format(row, 2, p, &st.share)?;
            }
            row += 1;
        }
        ws.write_string_with_format(row, 0, "aligned share", &st.bold)?;
        let all = crate::check::ratio(
            s.src_aligned + s.tgt_aligned,
            s.src_sentences + s.tgt_sentences,
        );
        ws.write_number_with_format(row, 1, all, &st.share)?;
        row += 1;
        ws.write_string_with_format(row, 0, "seconds", &st.bold)?;
        ws.write_number_with_format(row, 1, s.seconds, &st.seconds)?;
        row += 2;

        // The legend: what the colours of the pair sheets mean.
        // Beside the totals (columns E and F), so the tables below keep their places.
        ws.write_string_with_format(0, 4, "colour", &st.header)?;
        ws.write_string_with_format(0, 5, "meaning", &st.header)?;
        let legend = [
            (
                "aligned",
                &st.aligned,
                "status: sentences on both sides".to_string(),
            ),
            (
                &*format!("{src}_only"),
                &st.src_only,
                format!("status: no {tgt} counterpart (missing in the translation)"),
            ),
            (
                &*format!("{tgt}_only"),
                &st.tgt_only,
                format!("status: no {src} counterpart (added in the translation)"),
            ),
            (
                "headline",
                &st.headline,
                "status: the page's headline, unpaired (not counted)".to_string(),
            ),
            (
                "furniture",
                &st.furniture,
                "status: page furniture (menus, share bars, forms), not counted".to_string(),
            ),
            (
                "flags",
                &st.flagged,
                "flags: numbers, names, untranslated, length, low_score (docs/check.md)"
                    .to_string(),
            ),
        ];
        for (at, (label, style, meaning)) in (1..).zip(legend) {
            ws.write_string_with_format(at, 4, label, style)?;
            ws.write_string(at, 5, meaning)?;
        }

        let columns = [
            "doc".to_string(),
            "sheet".to_string(),
            format!("{src} sentences"),
            format!("{tgt} sentences"),
            "aligned beads".to_string(),
            format!("{src}_only"),
            format!("{tgt}_only"),
            "flagged beads".to_string(),
        ];
        for (col, name) in (0..).zip(columns) {
            ws.write_string_with_format(row, col, name, &st.header)?;
        }
        row += 1;
        for p in &self.pairs {
            ws.write_string(row, 0, cell(&p.doc))?;
            ws.write_string(row, 1, &p.sheet)?;
            let counts = [p.src, p.tgt, p.aligned, p.src_only, p.tgt_only, p.flagged];
            for (col, n) in (2..).zip(counts) {
                ws.write_number(row, col, n as f64)?;
            }
            row += 1;
        }
        if !s.failed.is_empty() {
            row += 1;
            ws.write_string_with_format(row, 0, "failed pair", &st.header)?;
            ws.write_string_with_format(row, 1, "reason", &st.header)?;
            row += 1;
            for (doc, reason) in &s.failed {
                ws.write_string(row, 0, cell(doc))?;
                ws.write_string(row, 1, cell(reason))?;
                row += 1;
            }
        }
        Ok(())
    }
}

impl DocWriter for XlsxWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> Result<()> {
        check(doc, FORMAT)?;
        self.add_summary()?;
        if self.langs.is_none() {
            self.langs = Some(doc.langs);
        }
        let first = if self.one_sheet {
            self.add_to_shared(doc)?
        } else {
            self.add_own_sheets(doc)?
        };

        let mut p = PairStats {
            doc: doc.name.clone(),
            sheet: first,
            src: doc.src.len(),
            tgt: doc.tgt.len(),
            aligned: 0,
            src_only: 0,
            tgt_only: 0,
            flagged: 0,
        };
        for (k, b) in doc.beads.iter().enumerate() {
            match side(b) {
                Side::Both => p.aligned += 1,
                Side::Src => p.src_only += 1,
                Side::Tgt => p.tgt_only += 1,
            }
            if !doc.flags_of(k).is_empty() {
                p.flagged += 1;
            }
        }
        self.pairs.push(p);
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        Ok(())
    }

    fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    fn finish(mut self: Box<Self>, summary: &Summary) -> Result<()> {
        self.add_summary()?;
        // The filter covers rows known only now.
        for (index, _, rows) in &self.shared {
            let ws = self.book.worksheet_from_index(*index).map_err(xlsx_error)?;
            ws.autofilter(0, 0, rows - 1, 7).map_err(xlsx_error)?;
        }
        for (&index, w) in &self.widths {
            let ws = self.book.worksheet_from_index(index).map_err(xlsx_error)?;
            for (col, &chars) in w.iter().enumerate() {
                ws.set_column_width(col as u16, column_width(col, chars))
                    .map_err(xlsx_error)?;
            }
        }
        self.write_summary(summary).map_err(xlsx_error)?;
        let bytes = self.book.save_to_buffer().map_err(xlsx_error)?;
        self.out.write_all(&bytes).map_err(write_error(FORMAT))?;
        self.out.flush().map_err(write_error(FORMAT))
    }
}

/// rust_xlsxwriter reports an I/O failure and its own refusals in one type; the first keeps its
/// io::Error so a closed pipe is still recognised.
fn xlsx_error(e: XlsxError) -> Error {
    match e {
        XlsxError::IoError(source) => write_error(FORMAT)(source),
        other => Error::Format {
            format: FORMAT,
            message: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    #[test]
    fn unique_names_ignore_case_and_the_summary() {
        let mut w = XlsxWriter::new(Box::new(Vec::new()), false);
        assert_eq!(w.unique("summary"), "summary (2)");
        assert_eq!(w.unique("Flood"), "Flood");
        assert_eq!(w.unique("flood"), "flood (2)");
        assert_eq!(w.unique("flood"), "flood (3)");
        assert_eq!(w.unique("flood (2)"), "flood (2) (2)");
    }

    /// A pair of `n` sentences a side, each paired with its twin; texts `{label}S{k}`/`{label}T{k}`.
    fn diagonal(name: &str, label: &str, n: usize) -> AlignedDoc {
        AlignedDoc::new(
            name.into(),
            LangPair::EN_DE,
            (0..n).map(|k| format!("{label}S{k}")).collect(),
            (0..n).map(|k| format!("{label}T{k}")).collect(),
            (0..n)
                .map(|k| Bead {
                    src: k..k + 1,
                    tgt: k..k + 1,
                    score: 0.5,
                })
                .collect(),
        )
    }

    /// Writes `docs` with at most `max_rows` rows a sheet and reads the workbook back.
    fn workbook(
        docs: &[AlignedDoc],
        max_rows: u32,
        one_sheet: bool,
    ) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
        use std::sync::{Arc, Mutex};
        struct Shared(Arc<Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().write(b)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buf = Arc::new(Mutex::new(Vec::new()));
        let mut w = Box::new(XlsxWriter::with_max_rows(
            Box::new(Shared(buf.clone())),
            max_rows,
            one_sheet,
        ));
        for doc in docs {
            w.write_doc(doc).unwrap();
        }
        w.finish(&Summary::default()).unwrap();
        let bytes = buf.lock().unwrap().clone();
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap()
    }

    #[test]
    fn many_pairs_share_sheets_that_continue_when_full() {
        use calamine::Reader;
        let docs = [("a", 2), ("empty", 0), ("b", 3)]
            .map(|(name, n)| diagonal(name, &format!("{name} "), n));
        // Four rows a sheet: a header and three beads.
        let mut book = workbook(&docs, 4, true);
        assert_eq!(book.sheet_names(), ["Summary", "Pairs", "Pairs (2)"]);
        let mut seen = Vec::new();
        for name in ["Pairs", "Pairs (2)"] {
            let range = book.worksheet_range(name).unwrap();
            let rows: Vec<_> = range.rows().collect();
            assert_eq!(rows[0][0].to_string(), "doc");
            seen.extend(
                rows[1..]
                    .iter()
                    .map(|r| (r[0].to_string(), r[3].to_string())),
            );
        }
        let want: Vec<(String, String)> = [("a", 0), ("a", 1), ("b", 0), ("b", 1), ("b", 2)]
            .iter()
            .map(|(d, k)| (d.to_string(), format!("{d} S{k}")))
            .collect();
        assert_eq!(seen, want);
        // The summary names the sheet each pair starts on; the empty pair is listed too.
        let summary = book.worksheet_range("Summary").unwrap();
        let listed: Vec<(String, String)> = summary
            .rows()
            .filter(|r| ["a", "empty", "b"].contains(&r[0].to_string().as_str()))
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        assert_eq!(
            listed,
            [("a", "Pairs"), ("empty", "Pairs"), ("b", "Pairs")]
                .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn a_pair_longer_than_a_sheet_continues_on_the_next() {
        use calamine::Reader;
        // Three rows a sheet: a header and two beads.
        let mut book = workbook(&[diagonal("long", "", 5)], 3, false);
        assert_eq!(
            book.sheet_names(),
            ["Summary", "long", "long (2)", "long (3)"]
        );
        let mut seen = Vec::new();
        for name in ["long", "long (2)", "long (3)"] {
            let range = book.worksheet_range(name).unwrap();
            let rows: Vec<_> = range.rows().collect();
            assert_eq!(rows[0][3].to_string(), "en");
            seen.extend(rows[1..].iter().map(|r| r[3].to_string()));
        }
        assert_eq!(seen, ["S0", "S1", "S2", "S3", "S4"]);
    }
}
