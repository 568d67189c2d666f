//! From files to aligned pairs: one pair (`align_files`), and many (`discover`, `run_batch`).
//!
//! Everything a pair needs — reading, the language check, splitting, aligning, flagging — is
//! here once, so `ende align`, `ende check` and `ende batch` behave the same on the same files.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::align::{self, learn, Options};
use crate::anchors::lexicon::Dictionary;
use crate::error::{Error, Result};
use crate::lang::{self, Lang, LangPair};
use crate::pair::AlignedDoc;
use crate::text::{Document, ReadLimits, MAX_FILE_SIZE};
use crate::{boilerplate, check, split};

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

/// Reads, checks, splits, aligns and flags one pair of files.
pub fn align_files(en: &Path, de: &Path, opts: &PairOptions) -> Result<(AlignedDoc, Notices)> {
    let name = doc_name(en);
    let limits = ReadLimits {
        max_bytes: opts.max_file_size,
        regular_only: false,
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
    for d in [&en, &de] {
        // A blank side is an error wherever a pair comes from (files, a batch, a stream line):
        // aligning it would report every sentence of the other side as unpaired and exit 0,
        // which reads as a finished job rather than a missing translation.
        if d.is_blank() {
            return Err(Error::Empty {
                path: PathBuf::from(&d.name),
            });
        }
        if !d.text.chars().any(char::is_alphabetic) {
            return Err(Error::NoWords {
                path: PathBuf::from(&d.name),
            });
        }
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
    let (sb, tb) = (boilerplate::mark(&s), boilerplate::mark(&t));
    let mut ao = Options::new(langs);
    ao.realign = opts.realign;
    ao.no_learn = opts.no_learn;
    ao.dictionary = opts.lexicon.clone();
    ao.keys = !opts.no_flags;
    let (beads, keys) = align::align_keyed(&s, &t, &sb, &tb, &ao);
    drop((s, t));
    let mut doc = AlignedDoc::with_marks(name, langs, (src, sb), (tgt, tb), beads);
    doc.keys = keys.map(Box::new);
    if !opts.no_flags {
        check::flag(&mut doc);
        check::mark_parts(&mut doc, &opts.template);
    }
    Ok((doc, notices))
}

/// One pair of a corpus: its name and the two files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairSource {
    /// The document name (the `doc` column).
    pub name: String,
    /// The English (source) file.
    pub en: PathBuf,
    /// The German (target) file. For a file with no partner this is the path the partner was
    /// expected at, so reading it reports "no such file" with the name the user should create.
    pub de: PathBuf,
}

/// The names in `dir` that are not folders, sorted. Named pipes, devices and links to them are
/// kept: reading them as a pair reports what they are, rather than leaving them out unsaid.
fn names_sorted(dir: &Path) -> Result<Vec<String>> {
    let read = |e: std::io::Error| Error::Read {
        path: dir.to_path_buf(),
        cause: e,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read)? {
        let entry = entry.map_err(read)?;
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        out.push(entry.file_name().to_string_lossy().into_owned());
    }
    out.sort();
    Ok(out)
}

/// Finds the pairs of a corpus. `input` is a folder holding `NAME.en.txt` and `NAME.de.txt`
/// (or `NAME.en`/`NAME.de`), a folder holding `en/NAME.txt` and `de/NAME.txt`, or a manifest
/// CSV with columns `doc,en,de` (paths relative to the manifest). Pairs come sorted by name
/// (manifest: in its order), so output order never depends on the file system.
pub fn discover(input: &Path) -> Result<Vec<PairSource>> {
    let meta = std::fs::metadata(input).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound {
            path: input.to_path_buf(),
        },
        _ => Error::Read {
            path: input.to_path_buf(),
            cause: source,
        },
    })?;
    if meta.is_file() {
        return manifest(input);
    }
    let (en_dir, de_dir) = (input.join("en"), input.join("de"));
    if en_dir.is_dir() && de_dir.is_dir() {
        let mut names: Vec<String> = Vec::new();
        for dir in [&en_dir, &de_dir] {
            names.extend(names_sorted(dir)?);
        }
        names.sort();
        names.dedup();
        return Ok(names
            .into_iter()
            .map(|f| PairSource {
                name: doc_name(Path::new(&f)),
                en: en_dir.join(&f),
                de: de_dir.join(&f),
            })
            .collect());
    }
    // Only names are kept while the folder is read (a corpus folder may hold millions of files);
    // paths are made for the pairs at the end.
    let mut stems: std::collections::BTreeMap<String, (Option<String>, Option<String>, &str)> =
        Default::default();
    let read = |e: std::io::Error| Error::Read {
        path: input.to_path_buf(),
        cause: e,
    };
    for entry in std::fs::read_dir(input).map_err(read)? {
        let entry = entry.map_err(read)?;
        let Ok(file) = entry.file_name().into_string() else {
            continue; // not UTF-8: cannot be NAME.en.txt
        };
        for (lang, is_en) in [("en", true), ("de", false)] {
            for ext in [".txt", ""] {
                let Some(stem) = file
                    .strip_suffix(ext)
                    .and_then(|f| f.strip_suffix(lang))
                    .and_then(|f| f.strip_suffix('.'))
                    .filter(|s| !s.is_empty())
                else {
                    continue;
                };
                let e = stems.entry(stem.to_string()).or_insert((None, None, ext));
                if is_en {
                    e.0 = Some(file.clone());
                } else {
                    e.1 = Some(file.clone());
                }
            }
        }
    }
    Ok(stems
        .into_iter()
        .map(|(stem, (en, de, ext))| PairSource {
            en: input.join(en.unwrap_or_else(|| format!("{stem}.en{ext}"))),
            de: input.join(de.unwrap_or_else(|| format!("{stem}.de{ext}"))),
            name: stem,
        })
        .collect())
}

fn manifest(path: &Path) -> Result<Vec<PairSource>> {
    let doc = Document::read(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let bad = |row: Option<usize>, message: String| Error::Manifest {
        path: path.to_path_buf(),
        row,
        message,
    };
    let mut reader = csv::Reader::from_reader(doc.text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| bad(None, e.to_string()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                bad(
                    None,
                    format!("manifest needs a column {name:?} (doc,en,de)"),
                )
            })
    };
    let (d, e, g) = (col("doc")?, col("en")?, col("de")?);
    let mut out = Vec::new();
    for (k, row) in reader.records().enumerate() {
        let row = row.map_err(|e| bad(Some(k + 2), e.to_string()))?;
        let field = |i: usize| row.get(i).unwrap_or("").trim().to_string();
        let rel = |p: String| {
            let p = PathBuf::from(p);
            if p.is_absolute() {
                p
            } else {
                base.join(p)
            }
        };
        let en = rel(field(e));
        let name = match field(d) {
            n if n.is_empty() => doc_name(&en),
            n => n,
        };
        out.push(PairSource {
            name,
            en,
            de: rel(field(g)),
        });
    }
    Ok(out)
}

/// Aligns many pairs in parallel on `pool` and hands each result to `emit`, on the calling
/// thread, in the order of `sources` (see [`ordered_map`]). A pair whose alignment panics (a
/// bug) becomes that pair's [`Error::Internal`], so one input cannot take a batch down.
/// `emit` returns false to stop early (the output failed; aligning more would be wasted).
pub fn run_batch<F>(
    sources: &[PairSource],
    opts: &PairOptions,
    pool: &rayon::ThreadPool,
    mut emit: F,
) where
    F: FnMut(&PairSource, Result<(AlignedDoc, Notices)>) -> bool,
{
    let in_flight = pool.current_num_threads().max(1) * 4;
    ordered_map(
        sources.iter(),
        pool,
        in_flight,
        |source| {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                align_files_named(source, opts)
            }))
            .unwrap_or_else(|panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".into());
                Err(Error::Internal {
                    name: source.name.clone(),
                    message,
                })
            });
            (source, result)
        },
        |(source, result)| emit(source, result),
    );
}

/// Runs `work` on every item on `pool` and hands the results to `emit`, on the calling thread,
/// in the order of the items.
///
/// A pipeline rather than fixed windows: a new item starts as soon as a result is handed over,
/// so one long item does not leave the other threads idle at a window's end, and `emit`
/// (writing the output) runs while the pool works on the next items. At most `in_flight` items
/// are being worked on or waiting for an earlier one, so memory is bounded by them, not by the
/// input, and the output never depends on the thread count. Items are taken from the iterator
/// on the calling thread, which must not be one of the pool's (it waits for results). `emit`
/// returns false to stop: no new item starts; those in flight finish and are dropped. A panic
/// in `work` is raised again here.
pub fn ordered_map<I, R, W, E>(
    items: I,
    pool: &rayon::ThreadPool,
    in_flight: usize,
    work: W,
    mut emit: E,
) where
    I: Iterator,
    I::Item: Send,
    R: Send,
    W: Fn(I::Item) -> R + Sync,
    E: FnMut(R) -> bool,
{
    let (tx, rx) = std::sync::mpsc::channel();
    let work = &work;
    let mut items = items.enumerate();
    pool.in_place_scope(|scope| {
        let mut start = || -> bool {
            let Some((k, item)) = items.next() else {
                return false;
            };
            let tx = tx.clone();
            scope.spawn(move |_| {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)));
                // The receiver outlives the scope, so this cannot fail.
                let _ = tx.send((k, result));
            });
            true
        };
        let mut running = 0;
        while running < in_flight.max(1) && start() {
            running += 1;
        }
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        while running > 0 {
            let Ok((k, result)) = rx.recv() else {
                return; // unreachable: `tx` is alive
            };
            waiting.insert(k, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                running -= 1;
                let result = result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                if !emit(result) {
                    return;
                }
                if start() {
                    running += 1;
                }
            }
        }
    });
}

/// Learns a batch's site template: the short lines found in at least
/// [`check::furniture::TEMPLATE_MIN_DOCS`] of its documents. A pass of its own over the files,
/// before any pair is aligned, so that every pair is judged against the same template whatever
/// the order the pairs finish in, and a resumed run learns the same one. Reading is a small part
/// of a pair's cost; a file that cannot be read is passed over here and reported when its pair
/// is aligned. Lines are the file's lines (a furniture line stands on a line of its own), so no
/// splitting is needed.
pub fn learn_template(
    sources: &[PairSource],
    opts: &PairOptions,
    pool: &rayon::ThreadPool,
) -> check::Template {
    use rayon::prelude::*;
    let limits = ReadLimits {
        max_bytes: opts.max_file_size,
        regular_only: true,
    };
    let counter = pool.install(|| {
        sources
            .par_iter()
            .fold(check::TemplateCounter::default, |mut c, s| {
                let texts: Vec<String> = [&s.en, &s.de]
                    .into_iter()
                    .filter_map(|p| Document::read_with(p, limits).ok())
                    .map(|d| d.text)
                    .collect();
                c.add_doc(texts.iter().flat_map(|t| t.lines()));
                c
            })
            .reduce(check::TemplateCounter::default, |mut a, b| {
                a.merge(b);
                a
            })
    });
    counter.finish()
}

/// A pair of a batch: its files must be regular files (a named pipe in a corpus folder would
/// wait forever, a link to `/dev/zero` would never end).
/// Pairs a corpus-wide learning pass aligns first: the first pairs of the corpus, a quarter of
/// it at most, so the pass costs at most a quarter more time, and its memory is bounded by
/// [`learn::MAX_BEADS`] whatever the corpus size.
pub const LEARN_SAMPLE: usize = 2_000;

/// Word pairs learned from a first pass over the corpus's first pairs (see [`align::learn`]),
/// added to the dictionary the pairs would be aligned with; `None` when nothing was learned.
/// Deterministic: the same corpus gives the same dictionary whatever the thread count, so a
/// resumed batch aligns as the interrupted one did.
pub fn learn_lexicon(
    sources: &[PairSource],
    opts: &PairOptions,
    pool: &rayon::ThreadPool,
) -> Option<Arc<Dictionary>> {
    let n = learn_sample(sources.len());
    learn_from(sources[..n].iter(), opts, pool, |s, first| {
        align_files_named(s, first).ok().map(|(doc, _)| doc)
    })
}

/// How many of `total` pairs a learning pass aligns first: a quarter, at least 20 (or all),
/// at most [`LEARN_SAMPLE`].
pub fn learn_sample(total: usize) -> usize {
    (total / 4).max(total.min(20)).min(LEARN_SAMPLE)
}

/// [`learn_lexicon`] over any pairs: `align` aligns one item with the first pass's options.
pub fn learn_from<I, F>(
    items: I,
    opts: &PairOptions,
    pool: &rayon::ThreadPool,
    align: F,
) -> Option<Arc<Dictionary>>
where
    I: Iterator,
    I::Item: Send,
    F: Fn(I::Item, &PairOptions) -> Option<AlignedDoc> + Sync,
{
    // The first pass learns nothing itself: what it would learn per pair is what the corpus
    // learns here.
    let first = PairOptions {
        no_flags: true,
        realign: false,
        no_learn: true,
        ..opts.clone()
    };
    let base = match &opts.lexicon {
        Some(d) => (**d).clone(),
        None => Dictionary::new(opts.langs.unwrap_or(LangPair::EN_DE)),
    };
    let mut learner = learn::Learner::default();
    ordered_map(
        items,
        pool,
        pool.current_num_threads().max(1) * 4,
        |item| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| align(item, &first)))
                .ok()
                .flatten()
        },
        |result| {
            if let Some(doc) = result {
                let s: Vec<&str> = doc.src.iter().map(String::as_str).collect();
                let t: Vec<&str> = doc.tgt.iter().map(String::as_str).collect();
                learner.observe(&base, &s, &t, &doc.beads);
            }
            learner.observed() < learn::MAX_BEADS
        },
    );
    let pairs = learner.pairs(&base);
    if pairs.is_empty() {
        return None;
    }
    let mut dict = base;
    for (a, b) in &pairs {
        dict.add_keys(a, b);
    }
    Some(Arc::new(dict))
}

fn align_files_named(s: &PairSource, opts: &PairOptions) -> Result<(AlignedDoc, Notices)> {
    let limits = ReadLimits {
        max_bytes: opts.max_file_size,
        regular_only: true,
    };
    let en = read_input(&s.en, limits)?;
    let de = read_input(&s.de, limits)?;
    align_documents(s.name.clone(), en, de, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, rel: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }

    #[test]
    fn ordered_map_keeps_order_bounds_work_in_flight_and_stops_early() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let (live, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let mut out = Vec::new();
        ordered_map(
            0..200u64,
            &pool,
            5,
            |k| {
                // Uneven work, so results arrive out of order.
                std::thread::sleep(std::time::Duration::from_micros((k * 37) % 500));
                let now = live.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                k * k
            },
            |r| {
                live.fetch_sub(1, Ordering::SeqCst);
                out.push(r);
                true
            },
        );
        assert_eq!(out, (0..200u64).map(|k| k * k).collect::<Vec<_>>());
        assert!(peak.load(Ordering::SeqCst) <= 5, "{peak:?}");

        let mut seen = 0;
        ordered_map(
            0..1000,
            &pool,
            4,
            |k| k,
            |_| {
                seen += 1;
                seen < 10
            },
        );
        assert_eq!(seen, 10);
    }

    #[test]
    #[should_panic(expected = "item 7")]
    fn ordered_map_raises_a_worker_panic_instead_of_waiting_forever() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        ordered_map(
            0..20,
            &pool,
            4,
            |k| {
                assert!(k != 7, "item 7");
                k
            },
            |_| true,
        );
    }

    #[test]
    fn discovers_suffix_pairs_sorted_with_missing_partners() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "b.en.txt", "b.de.txt", "a.en.txt", "a.de.txt", "c.en.txt", "notes.md",
        ] {
            touch(d.path(), f);
        }
        let pairs = discover(d.path()).unwrap();
        let names: Vec<&str> = pairs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(pairs[2].de, d.path().join("c.de.txt"));
        assert!(!pairs[2].de.exists());
    }

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

    #[test]
    fn discovers_language_folders() {
        let d = tempfile::tempdir().unwrap();
        for f in ["en/x.txt", "de/x.txt", "en/y.txt"] {
            touch(d.path(), f);
        }
        let pairs = discover(d.path()).unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].en, d.path().join("en/x.txt"));
        assert_eq!(pairs[1].de, d.path().join("de/y.txt"));
    }

    #[test]
    fn reads_a_manifest_relative_to_itself() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.csv");
        std::fs::write(&m, "doc,en,de\nfirst,a/1.txt,b/1.txt\n,c.en.txt,c.de.txt\n").unwrap();
        let pairs = discover(&m).unwrap();
        assert_eq!(pairs[0].name, "first");
        assert_eq!(pairs[0].en, d.path().join("a/1.txt"));
        assert_eq!(pairs[1].name, "c");
        let bad = d.path().join("bad.csv");
        std::fs::write(&bad, "name,left,right\nx,y,z\n").unwrap();
        assert!(discover(&bad).unwrap_err().to_string().contains("bad.csv"));
    }
}
