//! vecalign: `[0, 1]:[2]`, one bead a line, 0-based sentence numbers, `[]` for an empty side —
//! the format of vecalign's gold files, for scoring against them.
//!
//! The format has no notion of a document, so several pairs in one run follow each other with
//! nothing in between: it is meant for a single pair (`ende align`), and a batch that needs to
//! tell pairs apart should use JSONL or CSV.

use std::io::{BufWriter, Write};
use std::ops::Range;

use super::{check, write_error, DocWriter, Summary, BUFFER};
use crate::error::Result;
use crate::pair::AlignedDoc;

const FORMAT: &str = "vecalign";

/// Streams beads as vecalign lines.
pub(super) struct VecalignWriter {
    out: BufWriter<Box<dyn Write + Send>>,
}

impl VecalignWriter {
    pub(super) fn new(out: Box<dyn Write + Send>) -> VecalignWriter {
        VecalignWriter {
            out: BufWriter::with_capacity(BUFFER, out),
        }
    }
}

fn list(r: &Range<usize>) -> String {
    r.clone()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl DocWriter for VecalignWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> Result<()> {
        check(doc, FORMAT)?;
        for b in &doc.beads {
            writeln!(self.out, "[{}]:[{}]", list(&b.src), list(&b.tgt))
                .map_err(write_error(FORMAT))?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(write_error(FORMAT))
    }

    fn finish(mut self: Box<Self>, _summary: &Summary) -> Result<()> {
        self.out.flush().map_err(write_error(FORMAT))
    }
}
