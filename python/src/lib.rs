//! The Python package's native part, `ende._ende`: the library's functions with Python values.
//!
//! The library stays the one implementation. This crate converts between Python and Rust,
//! releases the GIL around the work (so other Python threads run while a pair is aligned), and
//! turns the library's typed errors into the exceptions of `ende.errors`, with the messages the
//! command line prints. The Python package (`python/ende/`) re-exports what is here.

use std::ffi::CString;
use std::path::PathBuf;
use std::sync::Arc;

use ende::anchors::lexicon::Dictionary;
use ende::check as completeness;
use ende::corpus::{self, Notices, PairOptions};
use ende::pair::AlignedDoc;
use ende::{lang, split as splitter, Code, Document, Error, Lang, LangPair};
use pyo3::conversion::IntoPyObjectExt;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyMapping, PyString};
use pyo3::BoundObject;

mod many;
mod report;

use many::{align_many, AlignMany};
use report::{Flagged, Furniture, Line, Report};

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
    corpus::caught(&label, || match (en, de) {
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
                .flags_of(k)
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
    one_pair(py, en, de, opts, |doc| beads_of(&doc))
}

/// What `align` and `check` share: the pair read and aligned with the GIL released, `then`
/// applied to the result there too, and the notices given as Python warnings.
fn one_pair<T: Send>(
    py: Python<'_>,
    en: &Bound<'_, PyAny>,
    de: &Bound<'_, PyAny>,
    opts: PairOptions,
    then: impl FnOnce(AlignedDoc) -> T + Send,
) -> PyResult<T> {
    let (en, de) = (Input::extract(en, "en")?, Input::extract(de, "de")?);
    let (out, notices) = py
        .detach(move || align_pair(None, en, de, &opts).map(|(doc, n)| (then(doc), n)))
        .map_err(py_err)?;
    warn(py, &notices)?;
    Ok(out)
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
    let inner = one_pair(py, en, de, opts, |doc| completeness::report(&doc))?;
    Ok(Report { inner })
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
