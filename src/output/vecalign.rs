//! vecalign: `[0, 1]:[2]`, one bead a line, 0-based sentence numbers, `[]` for an empty side —
//! the format of vecalign's gold files, for scoring against them.
//!
//! The format has no notion of a document. A single pair (`ende align`) is written as the plain
//! format; a run of several pairs (`ende batch`) starts each pair with a line `# doc NAME`, since
//! the numbers start again at 0 with every pair and the pairs could not be told apart otherwise.
//! vecalign's readers do not know that line: split the file at it (docs/formats.md).

use std::io::{BufWriter, Write};
use std::ops::Range;

use super::{check, write_error, DocWriter, Summary, BUFFER};
use crate::error::Result;
use crate::pair::AlignedDoc;

const FORMAT: &str = "vecalign";

/// Streams beads as vecalign lines.
pub(super) struct VecalignWriter {
    out: BufWriter<Box<dyn Write + Send>>,
    /// Start every pair with `# doc NAME`.
    markers: bool,
}

impl VecalignWriter {
    pub(super) fn new(out: Box<dyn Write + Send>, markers: bool) -> VecalignWriter {
        VecalignWriter {
            out: BufWriter::with_capacity(BUFFER, out),
            markers,
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
        if self.markers {
            // One line: a line break in the name would start a bead line.
            let name: String = doc
                .name
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            writeln!(self.out, "# doc {name}").map_err(write_error(FORMAT))?;
        }
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
