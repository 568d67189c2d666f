//! `ende align`: one English/German pair to aligned beads.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{AlignArgs, AlignFormat};
use ende::align::{self, Bead};
use ende::{lang, split, Document, Error, Lang};

/// A side of the pair: its document, language code and sentences (byte spans).
struct Side {
    doc: Document,
    lang: String,
    spans: Vec<(usize, usize)>,
}

impl Side {
    fn sentence(&self, k: usize) -> std::borrow::Cow<'_, str> {
        let (s, e) = self.spans[k];
        split::one_line(&self.doc.text[s..e])
    }
}

fn sentences(doc: &Document, lang: Option<Lang>, presplit: bool) -> Vec<(usize, usize)> {
    if presplit {
        let mut out = Vec::new();
        let mut start = 0;
        let text = &doc.text;
        for (k, _) in text.match_indices('\n') {
            out.push((start, k - usize::from(text[..k].ends_with('\r'))));
            start = k + 1;
        }
        if start < text.len() {
            out.push((start, text.len()));
        }
        return out;
    }
    split::split(&doc.text, lang.unwrap_or(Lang::En))
        .iter()
        .map(|s| (s.start, s.end))
        .collect()
}

/// The document's name for the `doc` column: the file stem without a language suffix
/// (`flood.en.txt` → `flood`).
pub fn doc_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "-".to_string());
    match stem.rsplit_once('.') {
        Some((base, suffix)) if suffix.len() == 2 && !base.is_empty() => base.to_string(),
        _ => stem,
    }
}

/// Checks the languages of an English/German pair; swaps the sides when they were given the
/// wrong way round. Returns the docs in (English, German) order.
fn check_languages(en: Document, de: Document) -> Result<(Document, Document)> {
    for d in [&en, &de] {
        if let Some(found) = lang::foreign_language(&d.text) {
            return Err(Error::Language {
                path: d.name.clone().into(),
                found,
            }
            .into());
        }
    }
    let (le, ld) = (lang::detect_en_de(&en.text), lang::detect_en_de(&de.text));
    if le == Some(Lang::De) && ld == Some(Lang::En) {
        eprintln!(
            "ende: notice: {} looks German and {} English; aligning them the other way round",
            en.name, de.name
        );
        return Ok((de, en));
    }
    if le == Some(Lang::De) || ld == Some(Lang::En) {
        eprintln!(
            "ende: warning: both sides look {}: is the translation missing?",
            if le == Some(Lang::De) {
                "German"
            } else {
                "English"
            }
        );
    }
    Ok((en, de))
}

pub fn run(args: &AlignArgs, stdout: &mut dyn Write) -> Result<bool> {
    let en = Document::read(&args.en)?;
    let de = Document::read(&args.de)?;
    let (src_lang, tgt_lang, en, de) = match &args.langs {
        Some((a, b)) => (a.clone(), b.clone(), en, de),
        None => {
            let (en, de) = check_languages(en, de)?;
            ("en".to_string(), "de".to_string(), en, de)
        }
    };
    let as_lang = |code: &str| code.parse::<Lang>().ok();
    let src = Side {
        spans: sentences(&en, as_lang(&src_lang), args.presplit),
        doc: en,
        lang: src_lang,
    };
    let tgt = Side {
        spans: sentences(&de, as_lang(&tgt_lang), args.presplit),
        doc: de,
        lang: tgt_lang,
    };
    let s_text: Vec<std::borrow::Cow<str>> =
        (0..src.spans.len()).map(|k| src.sentence(k)).collect();
    let t_text: Vec<std::borrow::Cow<str>> =
        (0..tgt.spans.len()).map(|k| tgt.sentence(k)).collect();
    let s_refs: Vec<&str> = s_text.iter().map(|s| s.as_ref()).collect();
    let t_refs: Vec<&str> = t_text.iter().map(|s| s.as_ref()).collect();
    let mut opts = align::Options::new(&src.lang, &tgt.lang);
    opts.realign = args.realign;
    let beads = align::align(&s_refs, &t_refs, &opts);

    let name = doc_name(Path::new(&src.doc.name));
    let mut file;
    let out: &mut dyn Write = match &args.output {
        Some(p) => {
            file = std::io::BufWriter::new(
                std::fs::File::create(p)
                    .with_context(|| format!("{}: cannot create", p.display()))?,
            );
            &mut file
        }
        None => stdout,
    };
    match args.format {
        AlignFormat::Vecalign => write_vecalign(out, &beads)?,
        AlignFormat::Csv => write_csv(out, &name, &src.lang, &tgt.lang, &beads, &s_refs, &t_refs)?,
    }
    out.flush()?;
    Ok(true)
}

fn write_vecalign(out: &mut dyn Write, beads: &[Bead]) -> Result<()> {
    for b in beads {
        let list = |r: &std::ops::Range<usize>| {
            r.clone()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(out, "[{}]:[{}]", list(&b.src), list(&b.tgt))?;
    }
    Ok(())
}

fn write_csv(
    out: &mut dyn Write,
    doc: &str,
    src_lang: &str,
    tgt_lang: &str,
    beads: &[Bead],
    src: &[&str],
    tgt: &[&str],
) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "doc".to_string(),
        format!("{src_lang}_ids"),
        format!("{tgt_lang}_ids"),
        src_lang.to_string(),
        tgt_lang.to_string(),
        "score".to_string(),
        "status".to_string(),
    ])?;
    for b in beads {
        let ids = |r: &std::ops::Range<usize>| {
            r.clone()
                .map(|k| (k + 1).to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let text = |r: &std::ops::Range<usize>, side: &[&str]| {
            r.clone().map(|k| side[k]).collect::<Vec<_>>().join(" ")
        };
        let status = match (b.src.is_empty(), b.tgt.is_empty()) {
            (false, false) => "aligned".to_string(),
            (false, true) => format!("{src_lang}_only"),
            _ => format!("{tgt_lang}_only"),
        };
        w.write_record([
            doc.to_string(),
            ids(&b.src),
            ids(&b.tgt),
            text(&b.src, src),
            text(&b.tgt, tgt),
            format!("{:.3}", b.score),
            status,
        ])?;
    }
    w.flush()?;
    Ok(())
}
