//! From files to aligned pairs: one pair here ([`align_files`], [`align_documents`]), many in
//! [`discover()`] (which pairs a folder or a manifest holds) and the batch pipeline
//! ([`run_batch`], [`ordered_map`], and the passes that learn a corpus's site template and word
//! pairs first).
//!
//! Everything a pair needs — reading, the language check, splitting, aligning, flagging — is
//! here once, so `ende align`, `ende check`, `ende batch`, `ende stream` and the Python package
//! behave the same on the same files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::align::{self, Options};
use crate::anchors::lexicon::Dictionary;
use crate::error::{Error, Result};
use crate::lang::{self, Lang, LangPair};
use crate::pair::AlignedDoc;
use crate::text::{refuse_wordless, Document, ReadLimits, MAX_FILE_SIZE};
use crate::{boilerplate, check, split};

mod discover;
mod pipeline;

pub use discover::{discover, PairSource};
pub use pipeline::{
    caught, learn_from, learn_lexicon, learn_sample, learn_template, ordered_map, run_batch,
    LEARN_SAMPLE,
};

/// How to read and align a pair.
#[derive(Debug, Clone)]
pub struct PairOptions {
    /// The files hold one sentence per line; do not split.
    pub presplit: bool,
    /// Align these two languages without the English/German check.
    pub langs: Option<LangPair>,
    /// Run the second, learning pass.
    pub realign: bool,
    /// Never learn word pairs, not even for a pair without a dictionary.
    pub no_learn: bool,
    /// Skip the completeness check's per-bead flags (for outputs that do not show them, such
    /// as vecalign and TMX: the check costs a fifth of the time on long pairs).
    pub no_flags: bool,
    /// Refuse input files larger than this (bytes), before reading them.
    pub max_file_size: u64,
    /// The translation dictionary: the built-in lexicon with the user's entries (`--lexicon`)
    /// or a corpus's learned word pairs added; `None` for the built-in one.
    pub lexicon: Option<Arc<Dictionary>>,
    /// The lines a batch's documents share (its site template), which the check takes for page
    /// furniture; empty for a single pair. See [`learn_template`].
    pub template: std::sync::Arc<check::Template>,
}

impl PairOptions {
    /// Whether a corpus of such pairs learns word pairs first: when asked (`realign`), and
    /// always for a language pair without a dictionary, which has no other word evidence.
    pub fn learns(&self) -> bool {
        let builtin = self.langs.is_none_or(LangPair::is_en_de);
        !self.no_learn && (self.realign || (!builtin && self.lexicon.is_none()))
    }
}

impl Default for PairOptions {
    fn default() -> PairOptions {
        PairOptions {
            presplit: false,
            langs: None,
            realign: false,
            no_learn: false,
            no_flags: false,
            max_file_size: MAX_FILE_SIZE,
            lexicon: None,
            template: Default::default(),
        }
    }
}

/// What happened on the way, for the user to see (a swapped pair, a suspicious language).
#[derive(Debug, Clone, Default)]
pub struct Notices(pub Vec<String>);

/// The document name for the `doc` column: the file stem without a language suffix
/// (`flood.en.txt` → `flood`, `en/flood.txt` → `flood`).
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

/// Sentences of a document as one-line strings: split, or its lines with `presplit`.
pub fn sentences(doc: &Document, lang: Option<Lang>, presplit: bool) -> Vec<String> {
    if presplit {
        let mut lines: Vec<String> = doc
            .text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
            .collect();
        if doc.text.ends_with('\n') || doc.text.is_empty() {
            lines.pop();
        }
        return lines;
    }
    split::split(&doc.text, lang.unwrap_or(Lang::En))
        .iter()
        .map(|s| split::one_line(s.text(&doc.text)).into_owned())
        .collect()
}

/// Checks an English/German pair's languages and puts the sides in (English, German) order.
fn check_languages(
    en: Document,
    de: Document,
    notices: &mut Notices,
) -> Result<(Document, Document)> {
    let mut found = [None, None];
    for (d, f) in [&en, &de].into_iter().zip(&mut found) {
        match lang::classify(&d.text) {
            lang::Verdict::Foreign(found) => {
                return Err(Error::Language {
                    path: PathBuf::from(&d.name),
                    found,
                })
            }
            lang::Verdict::EnDe(l) => *f = l,
        }
    }
    let [le, ld] = found;
    if le == Some(Lang::De) && ld == Some(Lang::En) {
        notices.0.push(format!(
            "{} looks German and {} English; aligning them the other way round",
            en.name, de.name
        ));
        return Ok((de, en));
    }
    if le == Some(Lang::De) || ld == Some(Lang::En) {
        notices.0.push(format!(
            "{} and {}: both sides look {}: is the translation missing?",
            en.name,
            de.name,
            if le == Some(Lang::De) {
                "German"
            } else {
                "English"
            }
        ));
    }
    Ok((en, de))
}

/// Reads, checks, splits, aligns and flags one pair of files named by the user (`ende align`,
/// `ende check`): see [`read_and_align`] for what may be read.
pub fn align_files(en: &Path, de: &Path, opts: &PairOptions) -> Result<(AlignedDoc, Notices)> {
    read_and_align(doc_name(en), en, de, Files::Named, opts)
}

/// [`align_files`] for one pair of a batch, under its name.
pub fn align_source(s: &PairSource, opts: &PairOptions) -> Result<(AlignedDoc, Notices)> {
    read_and_align(s.name.clone(), &s.en, &s.de, Files::Discovered, opts)
}

/// Where the two files of a pair came from, which decides what may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Files {
    /// Named on the command line: a pipe or a device is what the user asked for
    /// (`<(curl …)`, `/dev/stdin`), so anything readable is read.
    Named,
    /// Found in a folder or a manifest: only regular files, since a named pipe in a corpus
    /// folder would wait forever and a link to `/dev/zero` would never end.
    Discovered,
}

/// The one way a pair of files becomes an [`AlignedDoc`]: each side read within
/// `--max-file-size` (and, for [`Files::Discovered`], only from a regular file), refused when
/// it is an output of ende itself, then [`align_documents`] — which refuses a blank side
/// wherever the pair came from.
pub fn read_and_align(
    name: String,
    en: &Path,
    de: &Path,
    files: Files,
    opts: &PairOptions,
) -> Result<(AlignedDoc, Notices)> {
    let limits = ReadLimits {
        max_bytes: opts.max_file_size,
        regular_only: files == Files::Discovered,
    };
    let en = read_input(en, limits)?;
    let de = read_input(de, limits)?;
    align_documents(name, en, de, opts)
}

/// Reads one side of a pair, refusing a file that ende wrote itself.
fn read_input(path: &Path, limits: ReadLimits) -> Result<Document> {
    let doc = Document::read_with(path, limits)?;
    match own_output(&doc.text) {
        Some(format) => Err(Error::OwnOutput {
            path: path.to_path_buf(),
            format,
        }),
        None => Ok(doc),
    }
}

/// The format, when `text` is an output of ende rather than an article: an earlier run's `-o`
/// inside the input folder (`-o corpus/all.en.txt`) is found again as a pair by the next run,
/// and aligning a CSV as if it were English helps nobody. Only the start is looked at, for the
/// header or first record each format begins with.
fn own_output(text: &str) -> Option<&'static str> {
    let first = text.lines().next().unwrap_or("").trim_end();
    let ids_header = |sep: char| {
        let mut fields = first.split(sep);
        fields.next() == Some("doc")
            && fields.next().is_some_and(|f| f.ends_with("_ids"))
            && fields.next().is_some_and(|f| f.ends_with("_ids"))
    };
    if ids_header(',') {
        return Some("CSV");
    }
    if ids_header('\t') {
        return Some("TSV");
    }
    if first.starts_with("{\"doc\":") && first.contains("\"src_lang\":") {
        return Some("JSONL");
    }
    let cut = (0..=text.len().min(512))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let head = &text[..cut];
    if head.starts_with("<?xml") && head.contains("creationtool=\"ende\"") {
        return Some("TMX");
    }
    let list = |s: &str| {
        s.strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .is_some_and(|s| {
                s.bytes()
                    .all(|b| b.is_ascii_digit() || b == b',' || b == b' ')
            })
    };
    match first.split_once("]:[") {
        Some((a, b)) if list(&format!("{a}]")) && list(&format!("[{b}")) => Some("vecalign"),
        _ => None,
    }
}

/// Checks, splits, aligns and flags one pair already in memory.
pub fn align_documents(
    name: String,
    en: Document,
    de: Document,
    opts: &PairOptions,
) -> Result<(AlignedDoc, Notices)> {
    let mut notices = Notices::default();
    // Wherever a pair comes from (files, a batch, a stream line).
    for d in [&en, &de] {
        refuse_wordless(&d.name, &d.text)?;
    }
    let (langs, en, de) = match opts.langs {
        Some(langs) => (langs, en, de),
        None => {
            let (en, de) = check_languages(en, de, &mut notices)?;
            (LangPair::EN_DE, en, de)
        }
    };
    let src = sentences(&en, langs.src.lang(), opts.presplit);
    let tgt = sentences(&de, langs.tgt.lang(), opts.presplit);
    // The sentences are copies; the texts are not needed any more, and on a million-sentence
    // book they are a fifth of the peak memory.
    drop((en, de));
    let s: Vec<&str> = src.iter().map(String::as_str).collect();
    let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
    let (src_boiler, tgt_boiler) = (boilerplate::mark(&s), boilerplate::mark(&t));
    let mut align_opts = Options::new(langs);
    align_opts.realign = opts.realign;
    align_opts.no_learn = opts.no_learn;
    align_opts.dictionary = opts.lexicon.clone();
    align_opts.keys = !opts.no_flags;
    let (beads, keys) = align::align_keyed(&s, &t, &src_boiler, &tgt_boiler, &align_opts);
    drop((s, t));
    let mut doc = AlignedDoc::with_marks(name, langs, (src, src_boiler), (tgt, tgt_boiler), beads);
    doc.keys = keys.map(Box::new);
    if !opts.no_flags {
        check::flag(&mut doc);
        check::mark_parts(&mut doc, &opts.template);
    }
    Ok((doc, notices))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ende_outputs_are_recognised_and_articles_are_not() {
        assert_eq!(
            own_output("doc,en_ids,de_ids,en,de,score,status,flags\nx,1,1,a,b,1,aligned,\n"),
            Some("CSV")
        );
        assert_eq!(own_output("doc\tde_ids\tfr_ids\tde\n"), Some("TSV"));
        assert_eq!(
            own_output("{\"doc\":\"a\",\"src_lang\":\"en\",\"tgt_lang\":\"de\"}\n"),
            Some("JSONL")
        );
        assert_eq!(
            own_output(
                "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n  <header creationtool=\"ende\"/>"
            ),
            Some("TMX")
        );
        assert_eq!(own_output("[0]:[0]\n[1, 2]:[]\n"), Some("vecalign"));
        assert_eq!(own_output("[]:[3]\n"), Some("vecalign"));
        for article in [
            "The council met on Monday.",
            "doc, the dog, ran.",
            "[1] See the footnote: [2] here.",
            "<?xml version=\"1.0\"?><html/>",
            "",
        ] {
            assert_eq!(own_output(article), None, "{article}");
        }
    }
}
