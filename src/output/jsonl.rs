//! JSONL: one object per bead, one line each, keys in a fixed order:
//! `doc`, `src_lang`, `tgt_lang`, `{src}_ids`, `{tgt}_ids`, `{src}`, `{tgt}`, `score`, `status`,
//! `flags`.
//!
//! U+2028, U+2029 and U+0085 are written as `\u2028`, `\u2029`, `\u0085`: valid JSON either
//! way, but JavaScript before ES2019 and some line readers take the raw characters for line
//! breaks, which would cut an object in two.
//!
//! Every object carries its languages, so unlike CSV a run may mix language pairs. Ids are
//! 1-based integers as in CSV, and the score is the CSV's three-decimal value, so the two
//! formats agree exactly.

use std::io::{BufWriter, Write};
use std::ops::Range;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{check, write_error, DocWriter, Row, Summary, BUFFER};
use crate::error::{Error, Result};
use crate::pair::AlignedDoc;

const FORMAT: &str = "jsonl";

/// Streams beads as JSON lines.
pub(super) struct JsonlWriter {
    out: BufWriter<Box<dyn Write + Send>>,
}

impl JsonlWriter {
    pub(super) fn new(out: Box<dyn Write + Send>) -> JsonlWriter {
        JsonlWriter {
            out: BufWriter::with_capacity(BUFFER, out),
        }
    }
}

/// The key names that depend on the pair's languages, made once per pair rather than per bead.
struct KeyNames {
    src_ids: String,
    tgt_ids: String,
}

/// One bead as a JSON object. Serialized by hand because a map type would sort the keys or
/// need a dependency feature, and a derived struct cannot name keys after the languages.
struct Object<'a> {
    doc: &'a AlignedDoc,
    keys: &'a KeyNames,
    src_ids: Range<usize>,
    tgt_ids: Range<usize>,
    row: Row,
    flags: Vec<&'static str>,
}

/// 1-based ids as a JSON array of numbers.
struct Ids(Range<usize>);

impl Serialize for Ids {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone().map(|k| k + 1))
    }
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        // The parse cannot fail on "{:.3}" of a finite number (check() refused the others);
        // falling back to the raw score keeps even that impossible case panic-free.
        let text = Row::score_text(self.row.score);
        let score: f64 = text.parse().unwrap_or(self.row.score);
        let mut m = s.serialize_map(Some(10))?;
        m.serialize_entry("doc", &self.doc.name)?;
        m.serialize_entry("src_lang", self.doc.langs.src.as_str())?;
        m.serialize_entry("tgt_lang", self.doc.langs.tgt.as_str())?;
        m.serialize_entry(&self.keys.src_ids, &Ids(self.src_ids.clone()))?;
        m.serialize_entry(&self.keys.tgt_ids, &Ids(self.tgt_ids.clone()))?;
        m.serialize_entry(self.doc.langs.src.as_str(), &self.row.src)?;
        m.serialize_entry(self.doc.langs.tgt.as_str(), &self.row.tgt)?;
        m.serialize_entry("score", &score)?;
        m.serialize_entry("status", &self.row.status)?;
        m.serialize_entry("flags", &self.flags)?;
        m.end()
    }
}

impl DocWriter for JsonlWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> Result<()> {
        check(doc, FORMAT)?;
        let keys = KeyNames {
            src_ids: format!("{}_ids", doc.langs.src.as_str()),
            tgt_ids: format!("{}_ids", doc.langs.tgt.as_str()),
        };
        for (k, b) in doc.beads.iter().enumerate() {
            let o = Object {
                doc,
                keys: &keys,
                src_ids: b.src.clone(),
                tgt_ids: b.tgt.clone(),
                row: Row::new(doc, k, b),
                flags: doc.flags_of(k).names(),
            };
            let mut ser = serde_json::Serializer::with_formatter(&mut self.out, LineSafe);
            o.serialize(&mut ser).map_err(json_error)?;
            self.out.write_all(b"\n").map_err(write_error(FORMAT))?;
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

/// serde_json's compact output with the characters that readers take for line breaks escaped.
struct LineSafe;

impl serde_json::ser::Formatter for LineSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['\u{2028}', '\u{2029}', '\u{85}']) {
            w.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or(' ');
            write!(w, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }
}

/// Keeps an I/O failure's io::Error (serde_json wraps it) so a closed pipe is still recognised.
fn json_error(e: serde_json::Error) -> Error {
    if e.is_io() {
        // serde_json gives the io::Error back only through this conversion.
        return write_error(FORMAT)(std::io::Error::from(e));
    }
    Error::Format {
        format: FORMAT,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_separators_are_escaped() {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, LineSafe);
        "a\u{2028}b\u{2029}c\u{85}d\n\"e"
            .serialize(&mut ser)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, r#""a\u2028b\u2029c\u0085d\n\"e""#);
        let back: String = serde_json::from_str(&text).unwrap();
        assert_eq!(back, "a\u{2028}b\u{2029}c\u{85}d\n\"e");
    }
}
