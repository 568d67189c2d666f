//! TMX 1.4b: a translation memory of the aligned beads, for CAT tools.
//!
//! Only beads with sentences on both sides and a score of at least `min_score` become `<tu>`s:
//! a gap is not a translation unit, and a translation memory is only as good as its worst
//! unit. Each `<tu>` names its document and score in `<prop>`s so a reviewer can trace it back.
//!
//! The prolog is written with the first pair and the closing tags in `finish`, so the `<tu>`s
//! stream. The header's `srclang` is the first pair's source language (`*all*` for an empty
//! run): TMX has one per file. A resumed batch appends to a file that already holds the
//! prolog: the writer then writes the prolog into nothing, so that its indentation state is
//! what it would be after the prolog, and every `<tu>` after the resume point is byte for byte
//! what an uninterrupted run writes (without that, indentation restarted at the left margin
//! and `</tu><tu>` shared a line).
//!
//! XML 1.0 cannot hold most C0 control characters even as character references, so those are
//! dropped (tab, line feed and carriage return stay; a carriage return is written as `&#13;`
//! because a parser would otherwise turn it into a line feed).

use std::io::{BufWriter, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{check, write_error, DocWriter, Row, Summary, BUFFER};
use crate::error::Result;
use crate::pair::AlignedDoc;

const FORMAT: &str = "tmx";

/// A writer that can be shut: what is written while it is shut is dropped.
struct Gate {
    out: BufWriter<Box<dyn Write + Send>>,
    open: bool,
}

impl Write for Gate {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.open {
            self.out.write(buf)
        } else {
            Ok(buf.len())
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Streams aligned beads as TMX translation units.
pub(super) struct TmxWriter {
    xml: Writer<Gate>,
    min_score: f64,
    started: bool,
}

impl TmxWriter {
    pub(super) fn new(out: Box<dyn Write + Send>, min_score: f64, append: bool) -> TmxWriter {
        let gate = Gate {
            out: BufWriter::with_capacity(BUFFER, out),
            open: !append,
        };
        let mut w = TmxWriter {
            xml: Writer::new_with_indent(gate, b' ', 2),
            min_score,
            started: false,
        };
        if append {
            // The file holds the prolog: write it into nothing for the writer's state.
            w.start("*all*").expect("a shut gate cannot fail");
            w.xml.get_mut().open = true;
        }
        w
    }

    fn start(&mut self, srclang: &str) -> std::io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        let srclang = xml_chars(srclang);
        let w = &mut self.xml;
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.write_event(Event::Start(
            BytesStart::new("tmx").with_attributes([("version", "1.4")]),
        ))?;
        w.write_event(Event::Empty(BytesStart::new("header").with_attributes([
            ("creationtool", "ende"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "ende"),
            ("adminlang", "en"),
            ("srclang", srclang.as_str()),
            ("datatype", "plaintext"),
        ])))?;
        w.write_event(Event::Start(BytesStart::new("body")))
    }

    fn write_tu(
        &mut self,
        doc: &str,
        score: &str,
        langs: [&str; 2],
        texts: [&str; 2],
    ) -> std::io::Result<()> {
        let w = &mut self.xml;
        w.write_event(Event::Start(BytesStart::new("tu")))?;
        for (kind, value) in [("x-doc", doc), ("x-score", score)] {
            w.write_event(Event::Start(
                BytesStart::new("prop").with_attributes([("type", kind)]),
            ))?;
            w.write_event(Event::Text(text(value)))?;
            w.write_event(Event::End(BytesEnd::new("prop")))?;
        }
        for (lang, seg) in langs.into_iter().zip(texts) {
            w.write_event(Event::Start(
                BytesStart::new("tuv").with_attributes([("xml:lang", lang)]),
            ))?;
            w.write_event(Event::Start(BytesStart::new("seg")))?;
            w.write_event(Event::Text(text(seg)))?;
            w.write_event(Event::End(BytesEnd::new("seg")))?;
            w.write_event(Event::End(BytesEnd::new("tuv")))?;
        }
        w.write_event(Event::End(BytesEnd::new("tu")))
    }
}

/// Drops what XML 1.0 does not allow in a document at all.
fn xml_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| !matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

/// Element text, escaped, with the characters XML cannot hold dropped and CR kept as a reference.
fn text(s: &str) -> BytesText<'static> {
    let escaped = quick_xml::escape::escape(xml_chars(s)).replace('\r', "&#13;");
    BytesText::from_escaped(escaped)
}

impl DocWriter for TmxWriter {
    fn write_doc(&mut self, doc: &AlignedDoc) -> Result<()> {
        check(doc, FORMAT)?;
        self.start(doc.langs.src.as_str())
            .map_err(write_error(FORMAT))?;
        let name = xml_chars(&doc.name);
        let langs = [
            xml_chars(doc.langs.src.as_str()),
            xml_chars(doc.langs.tgt.as_str()),
        ];
        for b in &doc.beads {
            if b.src.is_empty() || b.tgt.is_empty() || b.score < self.min_score {
                continue;
            }
            let (src, tgt) = (doc.src_text(b), doc.tgt_text(b));
            self.write_tu(
                &name,
                &Row::score_text(b.score),
                [&langs[0], &langs[1]],
                [&src, &tgt],
            )
            .map_err(write_error(FORMAT))?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.xml.get_mut().flush().map_err(write_error(FORMAT))
    }

    fn finish(mut self: Box<Self>, _summary: &Summary) -> Result<()> {
        let close = |w: &mut TmxWriter| -> std::io::Result<()> {
            w.start("*all*")?;
            w.xml.write_event(Event::End(BytesEnd::new("body")))?;
            w.xml.write_event(Event::End(BytesEnd::new("tmx")))?;
            w.xml.get_mut().write_all(b"\n")?;
            w.xml.get_mut().flush()
        };
        close(&mut self).map_err(write_error(FORMAT))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_dropped_and_the_rest_escaped() {
        let t = text("a\u{1}b\u{0}<c>&\"d\te\r\nf\u{FFFF}");
        assert_eq!(
            &*t.into_inner(),
            b"ab&lt;c&gt;&amp;&quot;d\te&#13;\nf".as_slice()
        );
    }
}
