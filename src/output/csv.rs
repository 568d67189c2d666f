//! CSV (RFC 4180, via the `csv` crate): one row per bead, the header once per output.
//!
//! Text is written as it is, quoted where RFC 4180 needs it, so the file is an exact copy of the
//! text for programs. With `--bom`, the flag for spreadsheet users, a text cell that a
//! spreadsheet would take for a formula gets a leading `'` ([`super::spreadsheet_safe`], as OWASP
//! advises; see docs/formats.md).

use std::io::{self, Write};

use super::{check, header, write_error, DocWriter, Row, Summary};
use crate::error::{Error, Result};
use crate::lang::LangPair;
use crate::pair::AlignedDoc;

const FORMAT: &str = "csv";

/// Streams beads as CSV rows.
pub(super) struct CsvWriter {
    out: ::csv::Writer<Box<dyn Write + Send>>,
    bom: bool,
    started: bool,
}

impl CsvWriter {
    pub(super) fn new(out: Box<dyn Write + Send>, bom: bool, append: bool) -> CsvWriter {
        CsvWriter {
            out: ::csv::WriterBuilder::new()
                .terminator(::csv::Terminator::Any(b'\n'))
                .from_writer(out),
            bom,
            started: append,
        }
    }

    /// Writes the BOM and the header before the first row; the header names follow the first
    /// pair's languages, because one CSV file has one header.
    fn start(&mut self, langs: LangPair) -> Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let mut head = header(langs);
        if self.bom {
            // The BOM goes in as the start of the first field: the csv writer offers no way to
            // write raw bytes first, and U+FEFF needs no quoting, so the bytes are the same.
            head[0].insert(0, '\u{FEFF}');
        }
        self.out.write_record(head).map_err(csv_error)
    }
}

impl DocWriter for CsvWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> Result<()> {
        check(doc, FORMAT)?;
        self.start(doc.langs)?;
        for (k, b) in doc.beads.iter().enumerate() {
            let r = Row::new(doc, k, b);
            self.out
                .write_record(
                    r.text_cells(&doc.name, self.bom)
                        .iter()
                        .map(|c| c.as_bytes()),
                )
                .map_err(csv_error)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(write_error(FORMAT))
    }

    fn finish(mut self: Box<Self>, _summary: &Summary) -> Result<()> {
        // A run without pairs still gets a header, so a consumer sees the columns it expects;
        // with no pair to name them, they are the default pair's.
        self.start(LangPair::EN_DE)?;
        self.out.flush().map_err(write_error(FORMAT))
    }
}

/// Unwraps the csv crate's error so that an I/O failure keeps its io::Error (and its kind).
fn csv_error(e: ::csv::Error) -> Error {
    if !e.is_io_error() {
        return Error::Format {
            format: FORMAT,
            message: e.to_string(),
        };
    }
    match e.into_kind() {
        ::csv::ErrorKind::Io(source) => write_error(FORMAT)(source),
        other => write_error(FORMAT)(io::Error::other(format!("{other:?}"))),
    }
}
