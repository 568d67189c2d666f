//! `ende split`: sentences of one or more texts.

use std::io::Write;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use crate::cli::{LangArg, SplitArgs, SplitFormat};
use ende::text::ReadLimits;
use ende::{lang, split, Document, Lang};

#[derive(Serialize)]
struct JsonSentence<'a> {
    doc: &'a str,
    paragraph: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

/// Splits every file; a file that cannot be read is reported and skipped. Returns whether all
/// files were read.
pub fn run(args: &SplitArgs, out: &mut dyn Write) -> Result<bool> {
    let limits = ReadLimits {
        max_bytes: args.read.max_file_size,
        regular_only: false,
    };
    let docs: Vec<_> = args
        .files
        .iter()
        .map(|p| Document::read_with(p, limits))
        .collect();
    let langs: Vec<Lang> = docs
        .iter()
        .map(|d| match (args.lang, d) {
            (LangArg::En, _) => Lang::En,
            (LangArg::De, _) => Lang::De,
            (LangArg::Auto, Ok(d)) => lang::detect_en_de(&d.text).unwrap_or(Lang::En),
            (LangArg::Auto, Err(_)) => Lang::En,
        })
        .collect();
    let results: Vec<_> = docs
        .par_iter()
        .zip(langs.par_iter())
        .map(|(d, &l)| d.as_ref().ok().map(|d| split::split(&d.text, l)))
        .collect();
    let mut ok = true;
    for (doc, sentences) in docs.iter().zip(results) {
        let (doc, sentences) = match (doc, sentences) {
            (Ok(d), Some(s)) => (d, s),
            (Err(e), _) => {
                out.flush()?;
                eprintln!("ende: {e}");
                ok = false;
                continue;
            }
            (Ok(_), None) => unreachable!("sentences exist for every readable document"),
        };
        for s in &sentences {
            match args.format {
                SplitFormat::Lines => {
                    out.write_all(split::one_line(s.text(&doc.text)).as_bytes())?;
                    out.write_all(b"\n")?;
                }
                SplitFormat::Jsonl => {
                    let rec = JsonSentence {
                        doc: &doc.name,
                        paragraph: s.paragraph,
                        start: s.start + doc.bom,
                        end: s.end + doc.bom,
                        text: s.text(&doc.text),
                    };
                    serde_json::to_writer(&mut *out, &rec)?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ok)
}
