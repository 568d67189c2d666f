//! The Python package's native part, `ende._ende`: the library's functions with Python values.
//!
//! The library stays the one implementation. This crate converts between Python and Rust,
//! releases the GIL around the work (so other Python threads run while a pair is aligned), and
//! turns the library's typed errors into the exceptions of `ende.errors`, with the messages the
//! command line prints. The Python package (`python/ende/`) re-exports what is here.

use std::collections::VecDeque;
use std::ffi::CString;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ende::anchors::lexicon::Dictionary;
use ende::check as completeness;
use ende::corpus::{self, Notices, PairOptions};
use ende::pair::AlignedDoc;
use ende::{lang, split as splitter, Code, Document, Error, Lang, LangPair};
use pyo3::conversion::IntoPyObjectExt;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyIterator, PyList, PyMapping, PyString, PyTuple};
use pyo3::BoundObject;

/// The exception classes, defined in Python (`ende/errors.py`) so that they can also derive
/// from `ValueError` and `OSError`.
mod exc {
    pyo3::import_exception!(ende.errors, Error);
    pyo3::import_exception!(ende.errors, NotUtf8Error);
    pyo3::import_exception!(ende.errors, WideEncodingError);
    pyo3::import_exception!(ende.errors, BinaryError);
    pyo3::import_exception!(ende.errors, EmptyError);
    pyo3::import_exception!(ende.errors, NoWordsError);
    pyo3::import_exception!(ende.errors, LanguageError);
    pyo3::import_exception!(ende.errors, LexiconError);
    pyo3::import_exception!(ende.errors, ReadError);
    pyo3::import_exception!(ende.errors, InternalError);
    pyo3::import_exception!(ende.errors, NoticeWarning);
}

/// The exception for a library error, carrying the message the command line prints.
fn py_err(e: Error) -> PyErr {
    let msg = e.to_string();
    match e {
        Error::NotUtf8 { .. } => exc::NotUtf8Error::new_err(msg),
        Error::WideEncoding { .. } => exc::WideEncodingError::new_err(msg),
        Error::Binary { .. } => exc::BinaryError::new_err(msg),
        Error::Empty { .. } => exc::EmptyError::new_err(msg),
        Error::NoWords { .. } => exc::NoWordsError::new_err(msg),
        Error::Language { .. } => exc::LanguageError::new_err(msg),
        Error::Lexicon { .. } => exc::LexiconError::new_err(msg),
        Error::NotFound { .. }
        | Error::Read { .. }
        | Error::NotRegular { .. }
        | Error::TooLarge { .. }
        | Error::OwnOutput { .. } => exc::ReadError::new_err(msg),
        Error::Internal { .. } => exc::InternalError::new_err(msg),
        _ => exc::Error::new_err(msg),
    }
}

/// Shows the library's notices (a swapped pair, both sides in one language) as Python
/// warnings: the command line prints them on standard error, where a notebook would lose them.
fn warn(py: Python<'_>, notices: &Notices) -> PyResult<()> {
    let category = py.get_type::<exc::NoticeWarning>();
    for n in &notices.0 {
        let message = CString::new(n.replace('\0', "")).expect("NUL bytes removed");
        PyErr::warn(py, category.as_any(), &message, 1)?;
    }
    Ok(())
}

/// One side of a pair as Python gave it: text (checked as the command line checks a file's
/// bytes) or a path to read.
#[derive(Clone)]
enum Input {
    Text { name: String, bytes: Vec<u8> },
    File(PathBuf),
}

impl Input {
    /// `str`, `bytes`, `bytearray` or an `os.PathLike`; `name` names the side in messages.
    fn extract(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Input> {
        let text = |bytes: Vec<u8>| Input::Text {
            name: name.to_string(),
            bytes,
        };
        if let Ok(s) = obj.cast::<PyString>() {
            if let Ok(s) = s.extract::<String>() {
                return Ok(text(s.into_bytes()));
            }
            // Lone surrogates: a text read with errors="surrogateescape" gets its original
            // bytes back, so the error names the byte and offset of the file; any other
            // surrogate is kept as the invalid bytes it encodes to.
            let encoded = s
                .call_method1("encode", ("utf-8", "surrogateescape"))
                .or_else(|_| s.call_method1("encode", ("utf-8", "surrogatepass")))?;
            return Ok(text(encoded.cast::<PyBytes>()?.as_bytes().to_vec()));
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(text(b.as_bytes().to_vec()));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(text(b.to_vec()));
        }
        if obj.hasattr("__fspath__")? {
            return Ok(Input::File(obj.extract::<PathBuf>()?));
        }
        Err(PyTypeError::new_err(format!(
            "{name}: expected str, bytes or a path (os.PathLike), got {}",
            obj.get_type().name()?
        )))
    }

    /// The checked text: what `ende` would make of the same bytes in a file.
    fn read(self) -> ende::Result<Document> {
        match self {
            Input::Text { name, bytes } => Document::from_bytes(name, bytes),
            Input::File(path) => Document::read(&path),
        }
    }
}

/// Aligns one pair exactly as the command line does: two paths go through `align_files` (the
/// checks of `ende align`, which also refuses a file ende wrote itself), texts through
/// `align_documents`. `name` is the pair's name (`align_many`'s `doc`); without it, that of the
/// English path as on the command line, or `-` for a text. A panic (a bug) becomes the
/// pair's [`Error::Internal`], as in a batch, rather than a `PanicException`.
fn align_pair(
    name: Option<String>,
    en: Input,
    de: Input,
    opts: &PairOptions,
) -> ende::Result<(AlignedDoc, Notices)> {
    let label = name.clone().unwrap_or_else(|| "-".to_string());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match (en, de) {
        (Input::File(en), Input::File(de)) => {
            let (mut doc, notices) = corpus::align_files(&en, &de, opts)?;
            if let Some(name) = &name {
                doc.name.clone_from(name);
            }
            Ok((doc, notices))
        }
        (en, de) => {
            let name = match (&name, &en) {
                (Some(n), _) => n.clone(),
                (None, Input::File(p)) => corpus::doc_name(p),
                (None, Input::Text { .. }) => "-".to_string(),
            };
            corpus::align_documents(name, en.read()?, de.read()?, opts)
        }
    }))
    .unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into());
        Err(Error::Internal {
            name: label,
            message,
        })
    })
}

/// Two language codes as the command line's `--langs` takes them: `"de,fr"` or `("de", "fr")`.
fn parse_langs(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<LangPair>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let codes: Vec<String> = if let Ok(s) = obj.extract::<String>() {
        s.split(',').map(str::to_string).collect()
    } else {
        obj.extract::<Vec<String>>()
            .map_err(|_| PyTypeError::new_err("langs: expected \"de,fr\" or (\"de\", \"fr\")"))?
    };
    let codes: Vec<Option<Code>> = codes.iter().map(|c| c.parse().ok()).collect();
    match codes.as_slice() {
        [Some(src), Some(tgt)] => Ok(Some(LangPair {
            src: *src,
            tgt: *tgt,
        })),
        _ => Err(PyValueError::new_err(format!(
            "langs: expected two language codes like (\"de\", \"fr\"), got {}",
            obj.repr()?
        ))),
    }
}

/// A pair's codes as Python sees them: `("en", "de")`.
fn codes(langs: LangPair) -> (String, String) {
    (langs.src.to_string(), langs.tgt.to_string())
}

/// A translation dictionary: the built-in English–German lexicon with your own entries added,
/// as `--lexicon FILE` gives them to the command line. Build it once and pass it to every call
/// (`lexicon=`) instead of a path that would be read again each time.
#[pyclass(module = "ende", frozen)]
struct Lexicon {
    dict: Arc<Dictionary>,
    langs: LangPair,
}

impl Lexicon {
    fn build(source: &Bound<'_, PyAny>, langs: LangPair) -> PyResult<Lexicon> {
        let mut dict = Dictionary::new(langs);
        if source.is_instance_of::<PyString>() || source.hasattr("__fspath__")? {
            let path: PathBuf = source.extract()?;
            let py = source.py();
            dict = py
                .detach(move || dict.add_file(&path).map(|_| dict))
                .map_err(py_err)?;
        } else {
            let pairs: Bound<'_, PyAny> = match source.cast::<PyMapping>() {
                Ok(m) => m.items()?.into_any(),
                Err(_) => source.clone(),
            };
            for entry in pairs.try_iter()? {
                let (a, b): (String, String) = entry?.extract().map_err(|_| {
                    PyTypeError::new_err(
                        "lexicon: expected a path, a dict, or (source, target) pairs of str",
                    )
                })?;
                dict.add_entry(&a, &b);
            }
        }
        Ok(Lexicon {
            dict: Arc::new(dict),
            langs,
        })
    }
}

#[pymethods]
impl Lexicon {
    /// `Lexicon(source=None, *, langs=None)`: `source` is a dictionary file (one entry per line,
    /// `english<TAB>german`, or Ding's `german :: english`; `#` starts a comment), a `dict`, or
    /// `(source, target)` pairs of words or phrases. `langs` as for `align` (English, German by
    /// default).
    #[new]
    #[pyo3(signature = (source=None, *, langs=None))]
    fn new(source: Option<&Bound<'_, PyAny>>, langs: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let langs = parse_langs(langs)?.unwrap_or(LangPair::EN_DE);
        match source.filter(|s| !s.is_none()) {
            Some(s) => Lexicon::build(s, langs),
            None => Ok(Lexicon {
                dict: Arc::new(Dictionary::new(langs)),
                langs,
            }),
        }
    }

    /// The two language codes, source first.
    #[getter]
    fn langs(&self) -> (String, String) {
        codes(self.langs)
    }

    /// How many word links were added to the built-in lexicon.
    #[getter]
    fn added(&self) -> usize {
        self.dict.added()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Lexicon(langs={}, added={})",
            repr(py, codes(self.langs))?,
            self.dict.added()
        ))
    }
}

/// The options of one call, as `PairOptions`: the same defaults as the command line.
fn pair_options(
    presplit: bool,
    langs: Option<&Bound<'_, PyAny>>,
    lexicon: Option<&Bound<'_, PyAny>>,
    realign: bool,
) -> PyResult<PairOptions> {
    let langs = parse_langs(langs)?;
    let pair = langs.unwrap_or(LangPair::EN_DE);
    let lexicon = match lexicon.filter(|l| !l.is_none()) {
        None => None,
        Some(l) => {
            let lex = match l.cast::<Lexicon>() {
                Ok(lex) => lex.clone().unbind(),
                Err(_) => Py::new(l.py(), Lexicon::build(l, pair)?)?,
            };
            let lex = lex.get();
            if lex.langs != pair {
                return Err(PyValueError::new_err(format!(
                    "lexicon is for {:?}, the pair is {:?}",
                    codes(lex.langs),
                    codes(pair)
                )));
            }
            Some(lex.dict.clone())
        }
    };
    Ok(PairOptions {
        presplit,
        langs,
        realign,
        lexicon,
        ..PairOptions::default()
    })
}

/// One bead: a run of source sentences and the run of target sentences it is paired with;
/// one of the two is empty for a sentence without a counterpart. Attributes are named `en` and
/// `de` whatever the languages (as in `ende check --format json`); `status` names them.
#[pyclass(module = "ende", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
struct Bead {
    /// 1-based numbers of the source sentences (the CSV's `en_ids`).
    en_ids: Vec<usize>,
    /// 1-based numbers of the target sentences.
    de_ids: Vec<usize>,
    /// The source sentences, joined by one space.
    en: String,
    /// The target sentences, joined by one space.
    de: String,
    /// The aligner's confidence in [0, 1] that the bead is exactly right (calibrated).
    score: f64,
    /// `aligned`, `en_only` or `de_only` (with other languages, their codes).
    status: String,
    /// The completeness check's flags: `numbers`, `names`, `untranslated`, `length`,
    /// `low_score`.
    flags: Vec<String>,
}

/// Python's `repr` of a value, so the `repr`s of ende's classes quote as Python does.
fn repr<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    let obj = value.into_pyobject_or_pyerr(py)?.into_any();
    Ok(obj.as_borrowed().repr()?.to_string())
}

/// A text cut short for a `repr`, so a notebook shows one line per bead.
fn short(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

#[pymethods]
impl Bead {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Bead(en_ids={}, de_ids={}, en={}, de={}, score={:.3}, status={}, flags={})",
            repr(py, &self.en_ids)?,
            repr(py, &self.de_ids)?,
            repr(py, short(&self.en))?,
            repr(py, short(&self.de))?,
            self.score,
            repr(py, &self.status)?,
            repr(py, &self.flags)?
        ))
    }

    /// The bead as a plain dict (keys in the CSV's column order), for pandas, `datasets` or
    /// JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("en_ids", &self.en_ids)?;
        d.set_item("de_ids", &self.de_ids)?;
        d.set_item("en", &self.en)?;
        d.set_item("de", &self.de)?;
        d.set_item("score", self.score)?;
        d.set_item("status", &self.status)?;
        d.set_item("flags", &self.flags)?;
        Ok(d)
    }
}

/// The beads of an aligned pair, built off the GIL (texts joined, ids counted from 1).
fn beads_of(doc: &AlignedDoc) -> Vec<Bead> {
    doc.beads
        .iter()
        .enumerate()
        .map(|(k, b)| Bead {
            en_ids: b.src.clone().map(|i| i + 1).collect(),
            de_ids: b.tgt.clone().map(|i| i + 1).collect(),
            en: doc.src_text(b),
            de: doc.tgt_text(b),
            score: b.score,
            status: doc.status(b),
            flags: doc
                .flags
                .get(k)
                .copied()
                .unwrap_or_default()
                .names()
                .into_iter()
                .map(String::from)
                .collect(),
        })
        .collect()
}

/// Splits a text into sentences, as `ende split` prints them (line breaks inside a sentence
/// become one space).
///
/// `text` is a `str`, `bytes` (checked as a file's bytes) or a path. `lang` is `"en"`, `"de"`
/// or `"auto"` (English or German, whichever the text is closer to).
#[pyfunction]
#[pyo3(signature = (text, lang = "auto"))]
fn split(py: Python<'_>, text: &Bound<'_, PyAny>, lang: &str) -> PyResult<Vec<String>> {
    let input = Input::extract(text, "text")?;
    let lang: Option<Lang> = match lang.trim().to_ascii_lowercase().as_str() {
        "auto" => None,
        other => Some(other.parse().map_err(PyValueError::new_err)?),
    };
    py.detach(move || {
        let doc = input.read()?;
        let lang = lang.unwrap_or_else(|| lang::detect_en_de(&doc.text).unwrap_or(Lang::En));
        Ok(splitter::split(&doc.text, lang)
            .iter()
            .map(|s| splitter::one_line(s.text(&doc.text)).into_owned())
            .collect())
    })
    .map_err(py_err)
}

/// Aligns an English text with its German translation, sentence by sentence: every sentence
/// of both sides is in exactly one bead, in order.
///
/// `en` and `de` are `str`, `bytes` or paths (two paths are read and checked as `ende align`
/// reads its files). `presplit`: the texts hold one sentence per line. `langs`: two other
/// language codes (`("de", "fr")`), which skips the English/German check. `lexicon`: your own
/// dictionary (a `Lexicon`, a file, a dict or pairs), added to the built-in one. `realign`:
/// learn word pairs from a first pass and align again.
///
/// Raises an `ende.Error` subclass for an input that is not text, empty, or not English and
/// German, with the command line's message.
#[pyfunction]
#[pyo3(signature = (en, de, *, presplit = false, langs = None, lexicon = None, realign = false))]
fn align(
    py: Python<'_>,
    en: &Bound<'_, PyAny>,
    de: &Bound<'_, PyAny>,
    presplit: bool,
    langs: Option<&Bound<'_, PyAny>>,
    lexicon: Option<&Bound<'_, PyAny>>,
    realign: bool,
) -> PyResult<Vec<Bead>> {
    let opts = pair_options(presplit, langs, lexicon, realign)?;
    let (en, de) = (Input::extract(en, "en")?, Input::extract(de, "de")?);
    let (beads, notices) = py
        .detach(move || align_pair(None, en, de, &opts).map(|(doc, n)| (beads_of(&doc), n)))
        .map_err(py_err)?;
    warn(py, &notices)?;
    Ok(beads)
}

/// Is the translation complete? Aligns the pair and sums it up as `ende check` does.
///
/// The `Report` has the fields of `ende check --format json` (`to_json()` gives that document
/// exactly). Arguments as for `align`; the report's `name` is the document name of an English
/// path (`flood.en.txt` → `flood`), `-` for a text.
#[pyfunction]
#[pyo3(signature = (en, de, *, presplit = false, langs = None, lexicon = None, realign = false))]
fn check(
    py: Python<'_>,
    en: &Bound<'_, PyAny>,
    de: &Bound<'_, PyAny>,
    presplit: bool,
    langs: Option<&Bound<'_, PyAny>>,
    lexicon: Option<&Bound<'_, PyAny>>,
    realign: bool,
) -> PyResult<Report> {
    let opts = pair_options(presplit, langs, lexicon, realign)?;
    let (en, de) = (Input::extract(en, "en")?, Input::extract(de, "de")?);
    let (report, notices) = py
        .detach(move || {
            align_pair(None, en, de, &opts).map(|(doc, n)| (completeness::report(&doc), n))
        })
        .map_err(py_err)?;
    warn(py, &notices)?;
    Ok(Report { inner: report })
}

/// One sentence in a report: its 1-based number on its side and its text.
#[pyclass(module = "ende", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
struct Line {
    /// 1-based sentence number, as in a bead's `en_ids`/`de_ids`.
    id: usize,
    /// The sentence.
    text: String,
}

#[pymethods]
impl Line {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Line(id={}, text={})",
            self.id,
            repr(py, short(&self.text))?
        ))
    }

    /// `{"id": …, "text": …}`, as in the JSON report.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", self.id)?;
        d.set_item("text", &self.text)?;
        Ok(d)
    }
}

/// A line of page furniture left unpaired (a menu, a share bar, a credit), with why it was
/// taken for furniture; never counted as missing or added.
#[pyclass(module = "ende", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
struct Furniture {
    /// 1-based sentence number.
    id: usize,
    /// The line.
    text: String,
    /// `listed`, `repeated`, `code`, `link`, `prompt`, `shape` or `other story`.
    why: String,
}

#[pymethods]
impl Furniture {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Furniture(id={}, text={}, why={})",
            self.id,
            repr(py, short(&self.text))?,
            repr(py, &self.why)?
        ))
    }

    /// `{"id": …, "text": …, "why": …}`, as in the JSON report.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", self.id)?;
        d.set_item("text", &self.text)?;
        d.set_item("why", &self.why)?;
        Ok(d)
    }
}

/// A pairing bead with at least one flag, and what the flags found.
#[pyclass(module = "ende", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
struct Flagged {
    /// 1-based source sentence numbers.
    en_ids: Vec<usize>,
    /// 1-based target sentence numbers.
    de_ids: Vec<usize>,
    /// Flag names: `numbers`, `names`, `untranslated`, `length`, `low_score`.
    flags: Vec<String>,
    /// Each number or name of one side that the other lacks (`number 260,000 not in DE`).
    reasons: Vec<String>,
    /// Source text of the bead.
    en: String,
    /// Target text of the bead.
    de: String,
    /// The aligner's confidence.
    score: f64,
}

#[pymethods]
impl Flagged {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Flagged(en_ids={}, de_ids={}, flags={}, reasons={}, score={:.3})",
            repr(py, &self.en_ids)?,
            repr(py, &self.de_ids)?,
            repr(py, &self.flags)?,
            repr(py, &self.reasons)?,
            self.score
        ))
    }

    /// The flagged bead as in the JSON report.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("en_ids", &self.en_ids)?;
        d.set_item("de_ids", &self.de_ids)?;
        d.set_item("flags", &self.flags)?;
        d.set_item("reasons", &self.reasons)?;
        d.set_item("en", &self.en)?;
        d.set_item("de", &self.de)?;
        d.set_item("score", self.score)?;
        Ok(d)
    }
}

/// How complete a translation is: the fields of `ende check --format json`. Coverage and the
/// `missing` and `added` lists are about the article body; the headline and the page furniture
/// are listed apart and not counted.
#[pyclass(module = "ende", frozen)]
struct Report {
    inner: completeness::Report,
}

fn lines(v: &[completeness::Line]) -> Vec<Line> {
    v.iter()
        .map(|l| Line {
            id: l.id,
            text: l.text.clone(),
        })
        .collect()
}

fn sides<'py, T: IntoPyObject<'py>>(py: Python<'py>, en: T, de: T) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("en", en)?;
    d.set_item("de", de)?;
    Ok(d)
}

#[pymethods]
impl Report {
    /// The document name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// Source language code.
    #[getter]
    fn src_lang(&self) -> &str {
        self.inner.src_lang.as_str()
    }
    /// Target language code.
    #[getter]
    fn tgt_lang(&self) -> &str {
        self.inner.tgt_lang.as_str()
    }
    /// Share of the source body sentences that have a counterpart (1 when there are none).
    #[getter]
    fn coverage_sentences(&self) -> f64 {
        self.inner.coverage_sentences
    }
    /// The same share, weighted by characters.
    #[getter]
    fn coverage_chars(&self) -> f64 {
        self.inner.coverage_chars
    }
    /// Source body sentences: all but the headline and the furniture.
    #[getter]
    fn en_sentences(&self) -> usize {
        self.inner.en_sentences
    }
    /// Of those, the ones with a counterpart.
    #[getter]
    fn en_translated(&self) -> usize {
        self.inner.en_translated
    }
    /// Characters of the source body sentences.
    #[getter]
    fn en_chars(&self) -> usize {
        self.inner.en_chars
    }
    /// Characters of the source body sentences with a counterpart.
    #[getter]
    fn en_translated_chars(&self) -> usize {
        self.inner.en_translated_chars
    }
    /// Target body sentences.
    #[getter]
    fn de_sentences(&self) -> usize {
        self.inner.de_sentences
    }
    /// Furniture lines on the source side, paired or not.
    #[getter]
    fn en_furniture(&self) -> usize {
        self.inner.en_furniture
    }
    /// Furniture lines on the target side, paired or not.
    #[getter]
    fn de_furniture(&self) -> usize {
        self.inner.de_furniture
    }
    /// Source body sentences without a counterpart.
    #[getter]
    fn missing(&self) -> Vec<Line> {
        lines(&self.inner.missing)
    }
    /// Target body sentences without a counterpart.
    #[getter]
    fn added(&self) -> Vec<Line> {
        lines(&self.inner.added)
    }
    /// Unpaired headlines, `{"en": [Line], "de": [Line]}`.
    #[getter]
    fn headline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let h = &self.inner.headline;
        sides(py, lines(&h.en), lines(&h.de))
    }
    /// Page furniture left unpaired, `{"en": [Furniture], "de": [Furniture]}`.
    #[getter]
    fn furniture<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let f = |v: &[completeness::Furniture]| -> Vec<Furniture> {
            v.iter()
                .map(|l| Furniture {
                    id: l.id,
                    text: l.text.clone(),
                    why: l.why.to_string(),
                })
                .collect()
        };
        sides(py, f(&self.inner.furniture.en), f(&self.inner.furniture.de))
    }
    /// Pairing beads with a flag.
    #[getter]
    fn flagged(&self) -> Vec<Flagged> {
        self.inner
            .flagged
            .iter()
            .map(|f| Flagged {
                en_ids: f.en_ids.clone(),
                de_ids: f.de_ids.clone(),
                flags: f.flags.iter().map(|s| s.to_string()).collect(),
                reasons: f.reasons.clone(),
                en: f.en.clone(),
                de: f.de.clone(),
                score: f.score,
            })
            .collect()
    }
    /// Pairing beads (no furniture) in all.
    #[getter]
    fn paired_beads(&self) -> usize {
        self.inner.paired_beads
    }
    /// Pairing beads flagged `untranslated`.
    #[getter]
    fn untranslated(&self) -> usize {
        self.inner.untranslated
    }
    /// Most pairing beads look untranslated: the German side is probably a copy of the English
    /// or still English, whatever the coverage says (`--min-coverage` fails such a pair).
    #[getter]
    fn looks_untranslated(&self) -> bool {
        self.inner.looks_untranslated()
    }

    /// The report as `ende check --format json` prints it (without the final newline).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner).map_err(|e| exc::Error::new_err(e.to_string()))
    }

    /// The report as plain dicts and lists: `json.loads` of `to_json()`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = self.to_json()?;
        py.import("json")?.call_method1("loads", (json,))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let r = &self.inner;
        Ok(format!(
            "Report(name={}, coverage_sentences={:.3}, en_sentences={}, missing={}, added={}, flagged={})",
            repr(py, &r.name)?,
            r.coverage_sentences,
            r.en_sentences,
            r.missing.len(),
            r.added.len(),
            r.flagged.len()
        ))
    }
}

/// One pair of `align_many`, taken from the Python iterable on the calling thread.
struct Job {
    name: String,
    en: Input,
    de: Input,
}

/// What the workers hand back for a job.
type Done = ende::Result<(Vec<Bead>, Notices)>;

fn run_job(job: &Job, opts: &PairOptions) -> Done {
    align_pair(Some(job.name.clone()), job.en.clone(), job.de.clone(), opts)
        .map(|(doc, notices)| (beads_of(&doc), notices))
}

/// What `align_many` does with a pair that fails.
#[derive(Clone, Copy, PartialEq)]
enum OnError {
    Raise,
    Skip,
    Return,
}

/// The iterator `align_many` returns: `(doc, beads)` for every pair, in input order.
///
/// Pairs are taken from your iterable on the thread that iterates (so a database cursor or a
/// generator bound to its thread works), handed to a driver thread running the library's
/// ordered pipeline (`corpus::ordered_map`) on a rayon pool, and their beads come back in
/// input order as soon as each one and all before it are done. The GIL is released while
/// waiting. At most a few pairs per thread are read ahead, so memory does not grow with the
/// corpus.
#[pyclass(module = "ende")]
struct AlignMany {
    source: Py<PyIterator>,
    opts: Option<PairOptions>,
    jobs: usize,
    on_error: OnError,
    /// Pairs taken from the source so far.
    taken: usize,
    /// The source is exhausted.
    exhausted: bool,
    /// A pair taken but not yet accepted by the full queue.
    pending: Option<Job>,
    /// The `doc` values of the pairs handed on, in order, given back with their results.
    docs: VecDeque<Py<PyAny>>,
    /// Pairs to the driver; dropped when the source is exhausted.
    to_driver: Option<SyncSender<Job>>,
    /// Results from the driver, in input order. In a mutex only because a Python class must
    /// be `Sync`; `__next__` holds the object mutably anyway.
    results: Mutex<Option<Receiver<Done>>>,
    /// With `errors="skip"`: the pairs left out, as `(doc, exception)`.
    failed: Vec<(Py<PyAny>, Py<PyAny>)>,
    started: bool,
}

impl AlignMany {
    /// Takes the next pair from the source; `None` at its end.
    fn pull(&mut self, py: Python<'_>) -> PyResult<Option<Job>> {
        if self.exhausted {
            return Ok(None);
        }
        let Some(item) = self.source.bind(py).clone().next() else {
            self.exhausted = true;
            return Ok(None);
        };
        let item = item?;
        let k = self.taken;
        self.taken += 1;
        let bad = || {
            PyTypeError::new_err(format!(
                "align_many: item {k}: expected (doc, en, de) or a dict with keys \"doc\", \"en\", \"de\""
            ))
        };
        let (doc, en, de) = if let Ok(m) = item.cast::<PyMapping>() {
            let get = |key: &str| -> PyResult<Bound<'_, PyAny>> {
                match m.contains(key)? {
                    true => m.get_item(key),
                    false => Err(bad()),
                }
            };
            let doc = match m.contains("doc")? {
                true => m.get_item("doc")?,
                false => py.None().into_bound(py),
            };
            (doc, get("en")?, get("de")?)
        } else if item.is_instance_of::<PyTuple>() || item.is_instance_of::<PyList>() {
            let v: Vec<Bound<'_, PyAny>> = item.extract()?;
            match <[_; 3]>::try_from(v) {
                Ok([doc, en, de]) => (doc, en, de),
                Err(_) => return Err(bad()),
            }
        } else {
            return Err(bad());
        };
        let name = if doc.is_none() {
            format!("pair{}", k + 1)
        } else {
            doc.str()?.to_string()
        };
        let job = Job {
            en: Input::extract(&en, &format!("{name} (en)"))?,
            de: Input::extract(&de, &format!("{name} (de)"))?,
            name,
        };
        self.docs.push_back(doc.unbind());
        Ok(Some(job))
    }

    /// Starts the driver: with learning (another language pair without a dictionary, or
    /// `realign`), first learns word pairs from the first pairs as `ende batch` and `ende
    /// stream` do, so the results are theirs.
    fn start(&mut self, py: Python<'_>) -> PyResult<()> {
        self.started = true;
        let mut opts = self.opts.take().expect("options until started");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .thread_name(|k| format!("ende-align-{k}"))
            .build()
            .map_err(|e| exc::Error::new_err(e.to_string()))?;
        let mut head = Vec::new();
        if opts.learns() {
            while head.len() < corpus::LEARN_SAMPLE {
                match self.pull(py)? {
                    Some(job) => head.push(job),
                    None => break,
                }
            }
            let n = corpus::learn_sample(head.len());
            let sample = &head[..n];
            let (opts_ref, pool_ref) = (&opts, &pool);
            let dict = py.detach(|| {
                corpus::learn_from(sample.iter(), opts_ref, pool_ref, |job, first| {
                    align_pair(
                        Some(job.name.clone()),
                        job.en.clone(),
                        job.de.clone(),
                        first,
                    )
                    .ok()
                    .map(|(doc, _)| doc)
                })
            });
            if let Some(dict) = dict {
                opts.lexicon = Some(dict);
            }
            opts.realign = false;
        }
        // As `ende batch`: four pairs in flight per thread; as many again may wait in each
        // queue, so memory holds a dozen pairs per thread at most.
        let in_flight = self.jobs * 4;
        let (to_driver, jobs) = mpsc::sync_channel::<Job>(in_flight);
        let (done, results) = mpsc::sync_channel::<Done>(in_flight);
        std::thread::Builder::new()
            .name("ende-align-many".into())
            .spawn(move || {
                corpus::ordered_map(
                    head.into_iter().chain(jobs),
                    &pool,
                    in_flight,
                    |job| run_job(&job, &opts),
                    // The iterator was dropped: stop starting pairs.
                    |result| done.send(result).is_ok(),
                );
            })
            .map_err(|e| exc::Error::new_err(format!("cannot start a thread: {e}")))?;
        self.to_driver = Some(to_driver);
        *self.results.lock().unwrap_or_else(|e| e.into_inner()) = Some(results);
        Ok(())
    }

    /// Hands pairs on until the queue is full or the source ends. Called before every wait,
    /// so the driver never waits for a pair while this thread waits for a result.
    fn top_up(&mut self, py: Python<'_>) -> PyResult<()> {
        while self.to_driver.is_some() {
            let job = match self.pending.take() {
                Some(job) => job,
                None => match self.pull(py)? {
                    Some(job) => job,
                    None => {
                        self.to_driver = None;
                        break;
                    }
                },
            };
            let tx = self.to_driver.as_ref().expect("checked above");
            match tx.try_send(job) {
                Ok(()) => {}
                Err(TrySendError::Full(job)) => {
                    self.pending = Some(job);
                    break;
                }
                Err(TrySendError::Disconnected(_)) => {
                    self.to_driver = None;
                    break;
                }
            }
        }
        Ok(())
    }
}

#[pymethods]
impl AlignMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let this = &mut *slf;
        if !this.started {
            this.start(py)?;
        }
        loop {
            this.top_up(py)?;
            let taken = this
                .results
                .get_mut()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            let Some(rx) = taken else {
                return Ok(None);
            };
            // Short waits, so Ctrl-C is seen and the queue topped up while a long pair runs.
            let (rx, got) = py.detach(move || {
                let got = rx.recv_timeout(Duration::from_millis(20));
                (rx, got)
            });
            match got {
                Err(RecvTimeoutError::Timeout) => {
                    *this.results.get_mut().unwrap_or_else(|e| e.into_inner()) = Some(rx);
                    py.check_signals()?;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    if !this.docs.is_empty() {
                        return Err(exc::InternalError::new_err(
                            "align_many: the aligning thread stopped before the last pair; this is a bug, please report it",
                        ));
                    }
                    return Ok(None);
                }
                Ok(result) => {
                    *this.results.get_mut().unwrap_or_else(|e| e.into_inner()) = Some(rx);
                    let doc = this.docs.pop_front().expect("a doc per result");
                    match result {
                        Ok((beads, notices)) => {
                            warn(py, &notices)?;
                            let beads = PyList::new(py, beads)?;
                            return Ok(Some((doc, beads).into_pyobject(py)?.into_any().unbind()));
                        }
                        Err(e) => match this.on_error {
                            OnError::Raise => return Err(py_err(e)),
                            OnError::Return => {
                                let e = py_err(e).into_value(py);
                                return Ok(Some((doc, e).into_pyobject(py)?.into_any().unbind()));
                            }
                            OnError::Skip => {
                                this.failed.push((doc, py_err(e).into_value(py).into_any()));
                            }
                        },
                    }
                }
            }
        }
    }

    /// With `errors="skip"`: the pairs left out so far, as `(doc, exception)`.
    #[getter]
    fn failed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            self.failed
                .iter()
                .map(|(d, e)| (d.clone_ref(py), e.clone_ref(py))),
        )
    }
}

/// Aligns many pairs in parallel and yields `(doc, beads)` in input order as they finish.
///
/// `pairs` is any iterable of `(doc, en, de)` tuples or dicts with keys `doc`, `en`, `de` (a
/// `datasets.Dataset`, `df.itertuples(index=False)`, a generator reading files, a database
/// cursor); `doc` is yours and comes back unchanged (`None` is allowed). It is consumed lazily:
/// at most a dozen pairs per thread are held at once, however long it is. `jobs`: threads
/// (default: one per core). The results do not depend on `jobs`.
///
/// `errors`: `"raise"` (default) raises a failed pair's exception in its place (the iteration
/// can go on after it); `"skip"` leaves such pairs out (the iterator's `failed` lists them);
/// `"return"` yields `(doc, exception)` in their place. Other options as for `align`.
#[pyfunction]
#[pyo3(signature = (pairs, jobs = None, *, presplit = false, langs = None, lexicon = None, realign = false, errors = "raise"))]
#[allow(clippy::too_many_arguments)]
fn align_many(
    pairs: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    presplit: bool,
    langs: Option<&Bound<'_, PyAny>>,
    lexicon: Option<&Bound<'_, PyAny>>,
    realign: bool,
    errors: &str,
) -> PyResult<AlignMany> {
    let on_error = match errors {
        "raise" => OnError::Raise,
        "skip" => OnError::Skip,
        "return" => OnError::Return,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors: expected \"raise\", \"skip\" or \"return\", got {other:?}"
            )))
        }
    };
    let jobs = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs: expected at least 1")),
        Some(n) => n,
        None => rayon::current_num_threads().max(1),
    };
    Ok(AlignMany {
        source: pairs.try_iter()?.unbind(),
        opts: Some(pair_options(presplit, langs, lexicon, realign)?),
        jobs,
        on_error,
        taken: 0,
        exhausted: false,
        pending: None,
        docs: VecDeque::new(),
        to_driver: None,
        results: Mutex::new(None),
        failed: Vec::new(),
        started: false,
    })
}

#[pymodule]
fn _ende(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(split, m)?)?;
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(align_many, m)?)?;
    m.add_class::<Bead>()?;
    m.add_class::<Report>()?;
    m.add_class::<Line>()?;
    m.add_class::<Furniture>()?;
    m.add_class::<Flagged>()?;
    m.add_class::<Lexicon>()?;
    m.add_class::<AlignMany>()?;
    Ok(())
}
