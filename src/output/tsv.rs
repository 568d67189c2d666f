//! TSV: the CSV columns separated by tabs, one row per bead, the header once per output.
//!
//! TSV has no quoting, so a tab or a line break inside a field would shift the columns or start a
//! new row; each is written as one space instead (a CR LF pair counts as one line break). Quotes
//! are ordinary characters here: read the file back without quote handling (pandas:
//! `quoting=csv.QUOTE_NONE`, see docs/formats.md). With `--bom`, cells that a spreadsheet would
//! take for formulas get a leading `'`, as in CSV.

use std::io::{BufWriter, Write};

use super::{check, header, write_error, DocWriter, Row, Summary, BOM, BUFFER};
use crate::error::Result;
use crate::lang::LangPair;
use crate::pair::AlignedDoc;

const FORMAT: &str = "tsv";

/// Streams beads as tab-separated lines.
pub(super) struct TsvWriter {
    out: BufWriter<Box<dyn Write + Send>>,
    bom: bool,
    started: bool,
    /// One line, reused for every row so a long batch does not allocate per row.
    line: String,
}

impl TsvWriter {
    pub(super) fn new(out: Box<dyn Write + Send>, bom: bool, append: bool) -> TsvWriter {
        TsvWriter {
            out: BufWriter::with_capacity(BUFFER, out),
            bom,
            started: append,
            line: String::new(),
        }
    }

    /// The BOM and the header before the first row, named after the first pair's languages.
    fn start(&mut self, langs: LangPair) -> Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        if self.bom {
            self.out.write_all(BOM).map_err(write_error(FORMAT))?;
        }
        let h = header(langs);
        self.write_line(h.iter().map(String::as_str))
    }

    fn write_line<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) -> Result<()> {
        self.line.clear();
        for (k, f) in fields.into_iter().enumerate() {
            if k > 0 {
                self.line.push('\t');
            }
            push_field(&mut self.line, f);
        }
        self.line.push('\n');
        self.out
            .write_all(self.line.as_bytes())
            .map_err(write_error(FORMAT))
    }
}

/// Appends a field with its tabs and line breaks turned into spaces.
fn push_field(line: &mut String, field: &str) {
    let mut rest = field;
    while let Some(at) = rest.find(['\t', '\n', '\r']) {
        line.push_str(&rest[..at]);
        line.push(' ');
        let skip = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[at + skip..];
    }
    line.push_str(rest);
}

impl DocWriter for TsvWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> Result<()> {
        check(doc, FORMAT)?;
        self.start(doc.langs)?;
        for (k, b) in doc.beads.iter().enumerate() {
            let r = Row::new(doc, k, b);
            let cells = r.text_cells(&doc.name, self.bom);
            self.write_line(cells.iter().map(|c| &**c))?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(write_error(FORMAT))
    }

    fn finish(mut self: Box<Self>, _summary: &Summary) -> Result<()> {
        // As in CSV: a run without pairs still gets the default pair's header.
        self.start(LangPair::EN_DE)?;
        self.out.flush().map_err(write_error(FORMAT))
    }
}

#[cfg(test)]
mod tests {
    use super::push_field;

    fn field(s: &str) -> String {
        let mut line = String::new();
        push_field(&mut line, s);
        line
    }

    #[test]
    fn tabs_and_line_breaks_become_one_space_each() {
        assert_eq!(field("a\tb\nc\r\nd\re"), "a b c d e");
        assert_eq!(field("\t\t"), "  ");
        assert_eq!(field("x\"y,z"), "x\"y,z");
        assert_eq!(field("Grüße\r\n"), "Grüße ");
    }
}
