//! Reading one side of a crawl: a folder of text files (searched recursively) or a JSON-lines
//! file of `{"id", "url"?, "text"}` records. Each page becomes evidence at once, in parallel,
//! and its text is dropped: memory holds the evidence, not the crawl. A page that cannot be
//! paired (unreadable, binary, empty, in another language) is kept aside with the reason and
//! the run goes on.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use super::evidence::{Extractor, Interner, RawEvidence};
use super::pages::{Evidence, Pages};
use crate::error::{Error, Result};
use crate::lang::{self, Code, Lang};
use crate::text::{refuse_wordless, Document, ReadLimits};

/// Where a page's text is, to read it again for output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file of a folder input.
    File(PathBuf),
    /// A record of a JSON-lines input: its line number (from 1), byte offset and length.
    Record {
        /// Line number, from 1.
        line: u64,
        /// Byte offset of the line in the file.
        offset: u64,
        /// Length of the line in bytes.
        len: u64,
    },
    /// A page handed over in memory ([`pair_texts`](super::pair_texts)): its place in the list,
    /// from 0.
    Given(usize),
}

/// A page that was read and can be paired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSource {
    /// Its id: the path below the input folder, or the record's `id`.
    pub id: String,
    /// Where its text is.
    pub location: Location,
}

/// A page left out, and why.
#[derive(Debug)]
pub struct Skipped {
    /// The page's id, or `FILE:LINE` for a record without one.
    pub page: String,
    /// Why; its message is one line that names the page.
    pub reason: SkipReason,
}

/// Why a page cannot be paired. A crawl has bad pages, and one must not stop the run: each is
/// listed with its reason (on standard error and in `--unmatched`) and the others are paired.
/// Each message names the page: its file, or `FILE:LINE (ID)` for a record.
#[derive(Debug, thiserror::Error)]
pub enum SkipReason {
    /// What ende says of such an input anywhere: unreadable, binary, not UTF-8, too large,
    /// blank, without letters, or in a language other than English and German.
    #[error(transparent)]
    Input(#[from] Error),
    /// A JSON line longer than `--max-file-size`, left unread (so its id is unknown).
    #[error("{at}: longer than {} (--max-file-size)", crate::error::bytes(*.limit))]
    LineTooLong {
        /// `FILE:LINE`.
        at: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A JSON line that is no record `{"id", "url", "text"}`.
    #[error("{at}: not a JSON record {{\"id\", \"url\", \"text\"}}: {message}")]
    NotARecord {
        /// `FILE:LINE`.
        at: String,
        /// What the JSON parser said.
        message: String,
    },
    /// A file holding `ende pair`'s own output: an earlier run's `-o` inside an input folder,
    /// which would otherwise be paired as a page.
    #[error(
        "{page}: looks like ende pair's own output, not a page (an earlier run's -o inside \
         the input folder?)"
    )]
    OwnOutput {
        /// The page.
        page: String,
    },
    /// A page in the other side's language: most likely a page put in the wrong input. Only
    /// when whatlang is sure, since a short page of names often looks like either.
    #[error(
        "{page}: the text looks {}, not {} (is it in the right input?)",
        .found.name(),
        .expected.name()
    )]
    OtherSide {
        /// The page.
        page: String,
        /// The language it is in.
        found: Code,
        /// The side's language.
        expected: Code,
    },
    /// An id already read on this side: a manifest row must name one page, so only the first
    /// page with it is paired.
    #[error("{}the id {id:?} is given twice ({first}); only the first is read", prefix(.input))]
    IdTwice {
        /// The input, empty for pages in memory.
        input: PathBuf,
        /// The id.
        id: String,
        /// Where the page that is read is.
        first: String,
    },
}

/// `INPUT: `, or nothing for pages in memory.
fn prefix(input: &Path) -> String {
    if input.as_os_str().is_empty() {
        String::new()
    } else {
        format!("{}: ", input.display())
    }
}

/// One side of a crawl, read.
#[derive(Debug)]
pub struct Side {
    /// The input as given.
    pub input: PathBuf,
    /// Whether it is a JSON-lines file (else a folder).
    pub jsonl: bool,
    /// The pages that can be paired, sorted by id; `evidence` is parallel to it.
    pub pages: Vec<PageSource>,
    /// Their evidence.
    pub evidence: Pages,
    /// The pages left out, sorted by id.
    pub skipped: Vec<Skipped>,
}

/// How a side is read.
pub struct Reader<'a> {
    /// The language the side's pages must be in.
    pub lang: Lang,
    /// Turns texts into evidence.
    pub extractor: &'a Extractor,
    /// Numbers keys for both sides.
    pub interner: &'a Interner,
    /// Refuse files (and records) larger than this many bytes.
    pub max_bytes: u64,
    /// Told of every page read.
    pub progress: &'a (dyn Fn(u64) + Sync),
    /// For the side read second: how many pages of the first side hold each key (see
    /// [`Extractor::page_against`]).
    pub other_df: Option<&'a [u32]>,
}

/// whatlang judges from a sample: half a kilobyte is a few sentences, enough to tell a
/// language, and a quarter of the work of the two kilobytes an alignment looks at (language
/// detection was a fifth of the time per page here).
const LANG_SAMPLE: usize = 512;

/// Pages of a JSON-lines input are read in batches of about this many bytes, and each batch is
/// turned into evidence in parallel.
const BATCH_BYTES: usize = 8 << 20;

/// Files of a folder input are read in batches of this many.
const BATCH_FILES: usize = 2048;

/// The first output line of `ende pair` (manifest or unmatched list): a file holding it is an
/// earlier run's output inside an input folder, not a page.
const OWN_HEADERS: [&str; 2] = ["doc,en,de,score", "side,page,reason"];

impl Reader<'_> {
    /// Reads a side: `input` is a folder or a JSON-lines file.
    pub fn read(&self, input: &Path) -> Result<Side> {
        let meta = std::fs::metadata(input).map_err(Error::reading(input))?;
        let mut read = Gathered::default();
        let jsonl = !meta.is_dir();
        if jsonl {
            self.jsonl(input, &mut read)?;
        } else {
            self.folder(input, &mut read)?;
        }
        Ok(read.into_side(input, jsonl))
    }

    /// Reads pages held in memory, as [`Reader::read`] reads files: each checked and turned
    /// into evidence in parallel, then numbered by id.
    pub fn given(&self, pages: &[super::Page]) -> Side {
        let results = pages
            .par_iter()
            .enumerate()
            .map(|(k, p)| {
                let r = self.evidence(p.id, p.text, p.url);
                (self.progress)(1);
                match r {
                    Ok(ev) => Ok((
                        PageSource {
                            id: p.id.to_string(),
                            location: Location::Given(k),
                        },
                        ev,
                    )),
                    Err(reason) => Err(Skipped {
                        page: p.id.to_string(),
                        reason,
                    }),
                }
            })
            .collect();
        let mut read = Gathered::default();
        read.add(results);
        read.into_side(Path::new(""), false)
    }

    /// Every file below `root` (hidden ones and folders' links excepted), read in parallel.
    fn folder(&self, root: &Path, read: &mut Gathered) -> Result<()> {
        let mut files = Vec::new();
        list(root, root, &mut files)?;
        let limits = ReadLimits {
            max_bytes: self.max_bytes,
            regular_only: true,
        };
        let mut files = files.into_iter().peekable();
        while files.peek().is_some() {
            let batch: Vec<(String, PathBuf)> = files.by_ref().take(BATCH_FILES).collect();
            let results: Vec<std::result::Result<(PageSource, Evidence), Skipped>> = batch
                .into_par_iter()
                .map(|(id, path)| {
                    let r = Document::read_with(&path, limits)
                        .map_err(SkipReason::from)
                        .and_then(|doc| self.evidence(&doc.name, &doc.text, None));
                    (self.progress)(1);
                    match r {
                        Ok(ev) => Ok((
                            PageSource {
                                id,
                                location: Location::File(path),
                            },
                            ev,
                        )),
                        Err(reason) => Err(Skipped { page: id, reason }),
                    }
                })
                .collect();
            read.add(results);
        }
        Ok(())
    }

    /// The records of a JSON-lines file, in batches.
    fn jsonl(&self, path: &Path, read: &mut Gathered) -> Result<()> {
        let read_err = |e: std::io::Error| Error::Read {
            path: path.to_path_buf(),
            cause: e,
        };
        let file = std::fs::File::open(path).map_err(read_err)?;
        let mut reader = BufReader::with_capacity(1 << 20, file);
        let (mut line_no, mut offset) = (0u64, 0u64);
        loop {
            let mut batch: Vec<(u64, u64, Option<Vec<u8>>)> = Vec::new();
            let mut bytes = 0;
            while bytes < BATCH_BYTES {
                let mut buf = Vec::new();
                let n = (&mut reader)
                    .take(self.max_bytes.saturating_add(1))
                    .read_until(b'\n', &mut buf)
                    .map_err(read_err)?;
                if n == 0 {
                    break;
                }
                line_no += 1;
                let at = offset;
                offset += n as u64;
                if n as u64 > self.max_bytes && !buf.ends_with(b"\n") {
                    let rest = reader.skip_until(b'\n').map_err(read_err)?;
                    offset += rest as u64;
                    batch.push((line_no, at, None));
                    continue;
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                bytes += buf.len();
                batch.push((line_no, at, Some(buf)));
            }
            if batch.is_empty() {
                break;
            }
            let results: Vec<_> = batch
                .into_par_iter()
                .map(|(line, at, buf)| {
                    let r = self.record(path, line, at, buf);
                    (self.progress)(1);
                    r
                })
                .collect();
            read.add(results);
        }
        Ok(())
    }

    fn record(
        &self,
        path: &Path,
        line: u64,
        offset: u64,
        buf: Option<Vec<u8>>,
    ) -> std::result::Result<(PageSource, Evidence), Skipped> {
        let here = format!("{}:{line}", path.display());
        let bad = |reason: SkipReason| Skipped {
            page: here.clone(),
            reason,
        };
        // `None`: the line was longer than the limit, and left unread.
        let buf = buf.ok_or_else(|| {
            bad(SkipReason::LineTooLong {
                at: here.clone(),
                limit: self.max_bytes,
            })
        })?;
        let len = buf.len() as u64;
        let rec: Record = serde_json::from_slice(&buf).map_err(|e| {
            bad(SkipReason::NotARecord {
                at: here.clone(),
                message: e.to_string(),
            })
        })?;
        let id = rec.id.into_string();
        let name = format!("{here} ({id})");
        let ev = self
            .evidence(&name, &rec.text, rec.url.as_deref())
            .map_err(|reason| Skipped {
                page: id.clone(),
                reason,
            })?;
        Ok((
            PageSource {
                id,
                location: Location::Record { line, offset, len },
            },
            ev,
        ))
    }

    /// A page's evidence, or why it cannot be paired (the message names the page as `name`).
    fn evidence(
        &self,
        name: &str,
        text: &str,
        url: Option<&str>,
    ) -> std::result::Result<Evidence, SkipReason> {
        check_text(name, text)?;
        let raw = self.extractor.page_against(text, self.lang, self.other_df);
        check_language(name, text, self.lang, &raw)?;
        Ok(Evidence::new(raw, url, self.interner))
    }
}

/// A page's text as ende can pair it: not blank, with words, not ende's own output.
fn check_text(name: &str, text: &str) -> std::result::Result<(), SkipReason> {
    refuse_wordless(name, text)?;
    if OWN_HEADERS.iter().any(|h| text.starts_with(h)) {
        return Err(SkipReason::OwnOutput {
            page: name.to_string(),
        });
    }
    Ok(())
}

/// Distinct function words of its side a page must hold to be taken as in its language
/// without asking whatlang (with at least four times as many as of the other side's, and a
/// tenth of its distinct words): whatlang compares every page with all the languages it
/// knows, and was a seventh of the time per page.
const SURE_FUNCTION_WORDS: u32 = 12;

/// A page is in the side's language: English or German, and not reliably the other one.
fn check_language(
    name: &str,
    text: &str,
    lang: Lang,
    raw: &RawEvidence,
) -> std::result::Result<(), SkipReason> {
    let side = usize::from(lang == Lang::De);
    let (own, other) = (raw.function_words[side], raw.function_words[1 - side]);
    if own >= SURE_FUNCTION_WORDS && own >= 4 * other && own * 10 >= raw.words {
        return Ok(());
    }
    let mut cut = text.len().min(LANG_SAMPLE);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let sample = &text[..cut];
    match lang::classify(sample) {
        lang::Verdict::Foreign(found) => Err(Error::Language {
            path: PathBuf::from(name),
            found,
        }
        .into()),
        lang::Verdict::EnDe(Some(l)) if l != lang && reliably_other(sample, l) => {
            Err(SkipReason::OtherSide {
                page: name.to_string(),
                found: l.into(),
                expected: lang.into(),
            })
        }
        _ => Ok(()),
    }
}

/// Whether whatlang is sure the text is `l` (between English and German): a short page of
/// names and numbers is often taken for the wrong one, and must not be left out for it.
fn reliably_other(sample: &str, l: Lang) -> bool {
    let want = match l {
        Lang::En => whatlang::Lang::Eng,
        Lang::De => whatlang::Lang::Deu,
    };
    whatlang::Detector::with_allowlist(vec![whatlang::Lang::Eng, whatlang::Lang::Deu])
        .detect(sample)
        .is_some_and(|i| i.lang() == want && i.is_reliable())
}

/// A record's `id` may be a string or a number.
#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
}

impl Id {
    fn into_string(self) -> String {
        match self {
            Id::Text(s) => s,
            Id::Number(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
struct Record {
    id: Id,
    #[serde(default)]
    url: Option<String>,
    text: String,
}

/// The text of a page, read again for output.
pub fn page_text(side: &Side, page: &PageSource, max_bytes: u64) -> Result<String> {
    match &page.location {
        Location::File(path) => {
            let limits = ReadLimits {
                max_bytes,
                regular_only: true,
            };
            Ok(Document::read_with(path, limits)?.text)
        }
        Location::Record { offset, len, .. } => {
            let read_err = |e: std::io::Error| Error::Read {
                path: side.input.clone(),
                cause: e,
            };
            let mut f = std::fs::File::open(&side.input).map_err(read_err)?;
            f.seek(SeekFrom::Start(*offset)).map_err(read_err)?;
            let mut buf = vec![0u8; *len as usize];
            f.read_exact(&mut buf).map_err(read_err)?;
            let rec: Record = serde_json::from_slice(&buf).map_err(|e| {
                read_err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("the file changed while it was read: {e}"),
                ))
            })?;
            Ok(rec.text)
        }
        // The caller holds the text; nothing here to read it from.
        Location::Given(k) => Err(Error::Read {
            path: PathBuf::from(&page.id),
            cause: std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                format!("page {} was given in memory, not read from a file", k + 1),
            ),
        }),
    }
}

/// What a location is, for a message.
fn describe(l: &Location) -> String {
    match l {
        Location::File(p) => p.display().to_string(),
        Location::Record { line, .. } => format!("first on line {line}"),
        Location::Given(k) => format!("first as page {}", k + 1),
    }
}

fn order(a: &PageSource, b: &PageSource) -> std::cmp::Ordering {
    match (&a.location, &b.location) {
        (Location::Record { line: x, .. }, Location::Record { line: y, .. }) => x.cmp(y),
        (Location::File(x), Location::File(y)) => x.cmp(y),
        (Location::Given(x), Location::Given(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

/// What a side's reading has gathered so far: the evidence in its arenas, each page with its
/// slot there, and the pages left out.
#[derive(Default)]
struct Gathered {
    evidence: Pages,
    sources: Vec<(PageSource, usize)>,
    skipped: Vec<Skipped>,
}

impl Gathered {
    /// The side read: pages by id, so that nothing downstream depends on the order of the
    /// input; an id seen twice keeps its first page (in file order, in sorted path order for
    /// folders, in list order for pages in memory) and the others are skipped. `input` is what
    /// was read, empty for pages in memory.
    fn into_side(self, input: &Path, jsonl: bool) -> Side {
        let Gathered {
            mut evidence,
            mut sources,
            mut skipped,
        } = self;
        sources.sort_by(|a, b| a.0.id.cmp(&b.0.id).then(order(&a.0, &b.0)));
        let mut pages: Vec<PageSource> = Vec::with_capacity(sources.len());
        let mut slots = Vec::with_capacity(sources.len());
        for (page, slot) in sources {
            match pages.last() {
                Some(last) if last.id == page.id => skipped.push(Skipped {
                    reason: SkipReason::IdTwice {
                        input: input.to_path_buf(),
                        id: page.id.clone(),
                        first: describe(&last.location),
                    },
                    page: page.id,
                }),
                _ => {
                    pages.push(page);
                    slots.push(slot);
                }
            }
        }
        evidence.reorder(&slots);
        skipped.sort_by_cached_key(|s| (s.page.clone(), s.reason.to_string()));
        Side {
            input: input.to_path_buf(),
            jsonl,
            pages,
            evidence,
            skipped,
        }
    }

    /// Takes a batch's results; each page's evidence joins the arenas at once.
    fn add(&mut self, results: Vec<std::result::Result<(PageSource, Evidence), Skipped>>) {
        for r in results {
            match r {
                Ok((page, ev)) => {
                    let slot = self.evidence.push(ev);
                    self.sources.push((page, slot));
                }
                Err(s) => self.skipped.push(s),
            }
        }
    }
}

/// Appends every file below `dir` as (id, path): the id is the path below `root` with `/`
/// between folders. Hidden files and folders (`.git`, an output's temporary file) are left
/// out; a link is listed as a file, so a link to a folder is reported rather than followed
/// (following links could loop).
fn list(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let read = |e: std::io::Error| Error::Read {
        path: dir.to_path_buf(),
        cause: e,
    };
    let mut entries: Vec<(String, PathBuf, bool)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read)? {
        let entry = entry.map_err(read)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        entries.push((name, entry.path(), is_dir));
    }
    entries.sort();
    for (_, path, is_dir) in entries {
        if is_dir {
            list(root, &path, out)?;
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let id = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((id, path));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader<'a>(x: &'a Extractor, i: &'a Interner, lang: Lang) -> Reader<'a> {
        Reader {
            lang,
            extractor: x,
            interner: i,
            max_bytes: 1 << 20,
            progress: &|_| {},
            other_df: None,
        }
    }

    const PAGE: &str = "The council met in Leipzig on Monday and agreed on a new budget of 4.5 \
                        million euros for the city's schools, the mayor said.";

    #[test]
    fn pages_in_memory_are_read_as_files_are() {
        let (x, i) = (Extractor::new(), Interner::new());
        let page = |id, text| crate::docalign::Page {
            id,
            url: None,
            text,
        };
        let side = reader(&x, &i, Lang::En).given(&[
            page("b", PAGE),
            page("a", PAGE),
            page("b", "Another page entirely, about Paris in 1999."),
            page("c", "   "),
        ]);
        let ids: Vec<&str> = side.pages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(
            side.pages[1].location,
            Location::Given(0),
            "the first b stays"
        );
        assert_eq!(side.evidence.len(), 2);
        let reasons: Vec<String> = side.skipped.iter().map(|s| s.reason.to_string()).collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(
            reasons[0].contains("\"b\" is given twice (first as page 1)"),
            "{reasons:?}"
        );
        assert!(reasons[1].starts_with("c: "), "{reasons:?}");
    }

    #[test]
    fn json_lines_keep_good_records_and_name_the_bad_ones() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("en.jsonl");
        let rec = |id: &str| serde_json::json!({"id": id, "text": PAGE}).to_string();
        let lines = [
            rec("b"),
            String::new(),
            "{not json".to_string(),
            serde_json::json!({"id": 7, "url": "https://x.org/en/7", "text": PAGE}).to_string(),
            serde_json::json!({"id": "c", "text": "  "}).to_string(),
            rec("b"),
            serde_json::json!({"text": PAGE}).to_string(),
        ];
        std::fs::write(&f, lines.join("\n") + "\n").unwrap();
        let (x, i) = (Extractor::new(), Interner::new());
        let side = reader(&x, &i, Lang::En).read(&f).unwrap();
        assert!(side.jsonl);
        let ids: Vec<&str> = side.pages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["7", "b"], "sorted by id; numbers are ids too");
        assert_eq!(side.evidence.len(), 2);
        assert!(side.evidence.page(0).has_url());
        assert_eq!(
            side.pages[1].location,
            Location::Record {
                line: 1,
                offset: 0,
                len: lines[0].len() as u64 + 1
            }
        );
        let reasons: Vec<String> = side.skipped.iter().map(|s| s.reason.to_string()).collect();
        assert_eq!(reasons.len(), 4, "{reasons:?}");
        assert!(
            reasons.iter().any(|r| r.contains(":3: not a JSON record")),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains(":7: not a JSON record")),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains("(c): empty")),
            "{reasons:?}"
        );
        assert!(
            reasons
                .iter()
                .any(|r| r.contains("\"b\" is given twice (first on line 1)")),
            "{reasons:?}"
        );
        // The text is read again from where the record is.
        assert_eq!(page_text(&side, &side.pages[1], 1 << 20).unwrap(), PAGE);
    }

    #[test]
    fn folders_are_read_recursively_without_hidden_files() {
        let d = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let p = d.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("z.txt", PAGE);
        write("news/2024/a.txt", PAGE);
        write(".git/config", PAGE);
        write(".partial", PAGE);
        write("news/empty.txt", "");
        let (x, i) = (Extractor::new(), Interner::new());
        let side = reader(&x, &i, Lang::En).read(d.path()).unwrap();
        let ids: Vec<&str> = side.pages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["news/2024/a.txt", "z.txt"]);
        assert_eq!(side.skipped.len(), 1);
        assert_eq!(side.skipped[0].page, "news/empty.txt");
        assert_eq!(page_text(&side, &side.pages[1], 1 << 20).unwrap(), PAGE);
        // A German page among the English ones is left out when whatlang is sure.
        write(
            "de.txt",
            "Der Stadtrat hat sich am Montag in Leipzig auf einen neuen Haushalt von 4,5 \
             Millionen Euro für die Schulen der Stadt geeinigt, sagte der Bürgermeister.",
        );
        let side = reader(&x, &i, Lang::En).read(d.path()).unwrap();
        assert!(side
            .skipped
            .iter()
            .any(|s| s.page == "de.txt"
                && s.reason.to_string().contains("looks German, not English")));
    }
}
