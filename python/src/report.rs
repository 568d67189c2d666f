//! `ende.check`'s report as Python objects: the fields of `ende check --format json`.

use ende::check as completeness;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::{exc, repr, short};

/// One sentence in a report: its 1-based number on its side and its text.
#[pyclass(module = "ende", frozen, get_all, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct Line {
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
pub(crate) struct Furniture {
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
pub(crate) struct Flagged {
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
pub(crate) struct Report {
    pub(crate) inner: completeness::Report,
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
        self.inner.src_sentences
    }
    /// Of those, the ones with a counterpart.
    #[getter]
    fn en_translated(&self) -> usize {
        self.inner.src_translated
    }
    /// Characters of the source body sentences.
    #[getter]
    fn en_chars(&self) -> usize {
        self.inner.src_chars
    }
    /// Characters of the source body sentences with a counterpart.
    #[getter]
    fn en_translated_chars(&self) -> usize {
        self.inner.src_translated_chars
    }
    /// Target body sentences.
    #[getter]
    fn de_sentences(&self) -> usize {
        self.inner.tgt_sentences
    }
    /// Furniture lines on the source side, paired or not.
    #[getter]
    fn en_furniture(&self) -> usize {
        self.inner.src_furniture
    }
    /// Furniture lines on the target side, paired or not.
    #[getter]
    fn de_furniture(&self) -> usize {
        self.inner.tgt_furniture
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
        sides(py, lines(&h.src), lines(&h.tgt))
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
        sides(
            py,
            f(&self.inner.furniture.src),
            f(&self.inner.furniture.tgt),
        )
    }
    /// Pairing beads with a flag.
    #[getter]
    fn flagged(&self) -> Vec<Flagged> {
        self.inner
            .flagged
            .iter()
            .map(|f| Flagged {
                en_ids: f.src_ids.clone(),
                de_ids: f.tgt_ids.clone(),
                flags: f.flags.iter().map(|s| s.to_string()).collect(),
                reasons: f.reasons.clone(),
                en: f.src.clone(),
                de: f.tgt.clone(),
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
            r.src_sentences,
            r.missing.len(),
            r.added.len(),
            r.flagged.len()
        ))
    }
}
