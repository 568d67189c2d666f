//! The sentence splitter for English and German.
//!
//! A text is cut into paragraphs at blank lines, each paragraph's line breaks are judged
//! (layout or structure, see `split::lines`), inline list items are separated, and the rest is
//! decided at punctuation (see `split::punct`). Every sentence is an exact byte slice of the input,
//! trimmed of white space and nothing else, so callers can map results back to the file.
//!
//! Paragraphs are independent, so long texts are split in parallel with rayon; the result is
//! the same for any number of threads.
//!
//! ```
//! use ende::{split, Lang};
//! let text = "Dr. Meier kam am 3. Oktober. Er blieb bis z. B. Nr. 5.\n\nEnde";
//! let got: Vec<&str> = split::split(text, Lang::De).iter().map(|s| s.text(text)).collect();
//! assert_eq!(got, ["Dr. Meier kam am 3. Oktober.", "Er blieb bis z. B. Nr. 5.", "Ende"]);
//! ```

mod chars;
mod lines;
mod punct;
mod rules;

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use crate::lang::Lang;
pub(crate) use rules::Rules;

/// One sentence: a byte span of the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based number of the paragraph (blank-line-separated block) it belongs to.
    pub paragraph: usize,
}

impl Sentence {
    /// The sentence's text, a slice of `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// A text below this size is split on the calling thread: spawning work costs more than it
/// saves for a news article.
const PARALLEL_MIN: usize = 256 * 1024;
/// Target size of one parallel work unit.
const CHUNK: usize = 128 * 1024;

/// Splits `text` into sentences using the rules for `lang`.
pub fn split(text: &str, lang: Lang) -> Vec<Sentence> {
    let rules = Rules::get(lang);
    let paras = paragraphs(text);
    if text.len() < PARALLEL_MIN || paras.len() < 2 {
        let mut out = Vec::new();
        for p in &paras {
            split_paragraph(text, p, rules, lang, &mut out);
        }
        return out;
    }
    let mut chunks = Vec::new();
    let mut from = 0;
    let mut size = 0;
    for (k, p) in paras.iter().enumerate() {
        size += p.end - p.start;
        if size >= CHUNK {
            chunks.push(&paras[from..=k]);
            from = k + 1;
            size = 0;
        }
    }
    if from < paras.len() {
        chunks.push(&paras[from..]);
    }
    chunks
        .into_par_iter()
        .map(|chunk| {
            let mut out = Vec::new();
            for p in chunk {
                split_paragraph(text, p, rules, lang, &mut out);
            }
            out
        })
        .collect::<Vec<_>>()
        .concat()
}

/// Splits several documents in parallel, each with its own language.
pub fn split_many(docs: &[(&str, Lang)]) -> Vec<Vec<Sentence>> {
    docs.par_iter().map(|&(t, l)| split(t, l)).collect()
}

/// The sentence's text on one line: every run of white space that holds a line break becomes
/// one space (for output formats with one sentence per line); nothing else changes.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.contains(['\n', '\r']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut ws = String::new();
    for c in s.chars() {
        if c.is_whitespace() {
            ws.push(c);
        } else {
            if !ws.is_empty() {
                if ws.contains(['\n', '\r']) {
                    out.push(' ');
                } else {
                    out.push_str(&ws);
                }
                ws.clear();
            }
            out.push(c);
        }
    }
    out.push_str(&ws);
    Cow::Owned(out)
}

struct Paragraph {
    start: usize,
    end: usize,
    number: usize,
}

fn is_blank(line: &str) -> bool {
    for b in line.bytes() {
        if b >= 0x80 {
            return line.chars().all(char::is_whitespace);
        }
        if !b.is_ascii_whitespace() && b != 0x0b {
            return false;
        }
    }
    true
}

/// Maximal runs of non-blank lines.
fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut line_start = 0;
    let mut last_end = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for nl in ends {
        let line = &text[line_start..nl];
        if is_blank(line) {
            if let Some(s) = open.take() {
                out.push(Paragraph {
                    start: s,
                    end: last_end,
                    number: out.len() + 1,
                });
            }
        } else {
            open.get_or_insert(line_start);
            last_end = nl;
        }
        line_start = nl + 1;
    }
    if let Some(s) = open {
        out.push(Paragraph {
            start: s,
            end: last_end,
            number: out.len() + 1,
        });
    }
    out
}

fn split_paragraph(text: &str, p: &Paragraph, rules: &Rules, lang: Lang, out: &mut Vec<Sentence>) {
    // Lines end at "\n", and at a lone "\r" (classic Mac line ends; "\r\n" is one break).
    let bytes = &text.as_bytes()[p.start..p.end];
    let mut lines = Vec::new();
    let mut s = p.start;
    for nl in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[nl] == b'\r' && bytes.get(nl + 1) == Some(&b'\n') {
            continue;
        }
        lines.push((s, p.start + nl));
        s = p.start + nl + 1;
    }
    lines.push((s, p.end));

    let mut cuts = Vec::new();
    lines::line_breaks(text, &lines, rules, &mut cuts);
    cuts.push(p.end);

    let scanner = punct::Scanner { text, rules, lang };
    let mut seg_start = p.start;
    let mut inner = Vec::new();
    for &cut in &cuts {
        inner.clear();
        lines::inline_items(text, seg_start, cut, rules, &mut inner);
        inner.push(cut);
        let mut sub = seg_start;
        for &icut in &inner {
            let mut bounds = Vec::new();
            scanner.scan(sub, icut, &mut bounds);
            bounds.push(icut);
            let mut a = sub;
            for &b in &bounds {
                if let Some((s, e)) = chars::trim_span(text, a, b) {
                    out.push(Sentence {
                        start: s,
                        end: e,
                        paragraph: p.number,
                    });
                }
                a = b;
            }
            sub = icut;
        }
        seg_start = cut;
    }
}

#[cfg(test)]
mod tests;
