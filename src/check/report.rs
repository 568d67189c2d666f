//! The completeness report of one pair: body coverage, the body's omissions and additions, the
//! headline and the page furniture apart, and the flagged beads.

use serde::Serialize;

use super::furniture;
use super::reasons::reasons;
use crate::lang::Code;
use crate::pair::{AlignedDoc, Part};

/// One sentence in a report: its 1-based number on its side and its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// 1-based sentence number, as in the `*_ids` columns of `ende align`.
    pub id: usize,
    /// The sentence.
    pub text: String,
}

/// A page furniture line left unpaired, with why it was taken for furniture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Furniture {
    /// 1-based sentence number.
    pub id: usize,
    /// The line.
    pub text: String,
    /// `listed`, `repeated`, `code`, `link`, `prompt`, `shape` or `other story`.
    pub why: &'static str,
}

/// Lines of both sides. The report's JSON keys say `en` and `de` whatever the languages (its
/// format predates other language pairs, and readers of it rely on the names); the fields say
/// source and target like the rest of the library.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sides<T> {
    /// Source side.
    #[serde(rename = "en")]
    pub src: Vec<T>,
    /// Target side.
    #[serde(rename = "de")]
    pub tgt: Vec<T>,
}

impl<T> Default for Sides<T> {
    fn default() -> Self {
        Sides {
            src: Vec::new(),
            tgt: Vec::new(),
        }
    }
}

impl<T> Sides<T> {
    /// Both sides are empty.
    pub fn is_empty(&self) -> bool {
        self.src.is_empty() && self.tgt.is_empty()
    }
}

/// A pairing bead with at least one flag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flagged {
    /// 1-based source sentence numbers.
    #[serde(rename = "en_ids")]
    pub src_ids: Vec<usize>,
    /// 1-based target sentence numbers.
    #[serde(rename = "de_ids")]
    pub tgt_ids: Vec<usize>,
    /// Flag names, in the order of [`crate::pair::Flags::names`].
    pub flags: Vec<&'static str>,
    /// What the `numbers` and `names` flags found: each number or name of one side that the
    /// other lacks (`number 260,000 not in DE`).
    pub reasons: Vec<String>,
    /// Source text of the bead.
    #[serde(rename = "en")]
    pub src: String,
    /// Target text of the bead.
    #[serde(rename = "de")]
    pub tgt: String,
    /// The aligner's confidence.
    pub score: f64,
}

/// How complete one translation is. Coverage and the missing and added lists are about the
/// article body; the headline and the page furniture are listed apart and not counted. Field
/// names say `en` and `de` for the source and target side whatever the languages (`src_lang`
/// and `tgt_lang` say which they are), so that one schema serves every pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The document name.
    pub name: String,
    /// Source language code.
    pub src_lang: Code,
    /// Target language code.
    pub tgt_lang: Code,
    /// Share of the source body sentences that have a counterpart (1 when there are none).
    pub coverage_sentences: f64,
    /// The same share, weighted by characters.
    pub coverage_chars: f64,
    /// Source body sentences: all but the headline and the furniture.
    #[serde(rename = "en_sentences")]
    pub src_sentences: usize,
    /// Of those, the ones with a counterpart.
    #[serde(rename = "en_translated")]
    pub src_translated: usize,
    /// Characters of the source body sentences.
    #[serde(rename = "en_chars")]
    pub src_chars: usize,
    /// Characters of the source body sentences with a counterpart.
    #[serde(rename = "en_translated_chars")]
    pub src_translated_chars: usize,
    /// Target body sentences.
    #[serde(rename = "de_sentences")]
    pub tgt_sentences: usize,
    /// Furniture lines on the source side, paired or not.
    #[serde(rename = "en_furniture")]
    pub src_furniture: usize,
    /// Furniture lines on the target side, paired or not.
    #[serde(rename = "de_furniture")]
    pub tgt_furniture: usize,
    /// Source body sentences without a counterpart.
    pub missing: Vec<Line>,
    /// Target body sentences without a counterpart.
    pub added: Vec<Line>,
    /// Unpaired headlines: `en` is a headline not translated, `de` one the source lacks.
    pub headline: Sides<Line>,
    /// Page furniture left unpaired (not counted).
    pub furniture: Sides<Furniture>,
    /// Pairing beads with a flag.
    pub flagged: Vec<Flagged>,
    /// Pairing beads (no furniture) in all.
    pub paired_beads: usize,
    /// Pairing beads flagged `untranslated`.
    pub untranslated: usize,
}

impl Report {
    /// Most pairing beads look untranslated: the target file is probably a copy of the source
    /// or still in the source language, whatever the coverage says.
    pub fn looks_untranslated(&self) -> bool {
        self.untranslated > 0 && self.untranslated * 2 >= self.paired_beads
    }

    /// Whether the pair passes a `--min-coverage` gate of `min`. A pair whose target side is
    /// mostly a copy of the source (or still in its language) aligns perfectly, so coverage
    /// alone would let it through; a gate on a translation job must not, so such a pair fails
    /// too.
    pub fn gate(&self, min: Option<f64>) -> Gate {
        match min {
            Some(min) if self.coverage_sentences < min => Gate::BelowCoverage {
                coverage: self.coverage_sentences,
                min,
            },
            Some(_) if self.looks_untranslated() => Gate::LooksUntranslated {
                untranslated: self.untranslated,
                paired: self.paired_beads,
            },
            _ => Gate::Pass,
        }
    }
}

/// Counts summed over several pairs' reports, for a batch's totals. Coverage is pooled (the
/// sentences of all pairs together), so a long article counts for more than a short one.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    /// Source body sentences.
    #[serde(rename = "en_sentences")]
    pub src_sentences: usize,
    /// Of those, the ones with a counterpart.
    #[serde(rename = "en_translated")]
    pub src_translated: usize,
    /// Characters of the source body sentences.
    #[serde(rename = "en_chars")]
    pub src_chars: usize,
    /// Characters of the source body sentences with a counterpart.
    #[serde(rename = "en_translated_chars")]
    pub src_translated_chars: usize,
    /// Target body sentences.
    #[serde(rename = "de_sentences")]
    pub tgt_sentences: usize,
    /// Source body sentences without a counterpart.
    pub missing: usize,
    /// Target body sentences without a counterpart.
    pub added: usize,
    /// Pairing beads with a flag.
    pub flagged: usize,
}

impl Tally {
    /// Counts one more pair.
    pub fn add(&mut self, r: &Report) {
        self.src_sentences += r.src_sentences;
        self.src_translated += r.src_translated;
        self.src_chars += r.src_chars;
        self.src_translated_chars += r.src_translated_chars;
        self.tgt_sentences += r.tgt_sentences;
        self.missing += r.missing.len();
        self.added += r.added.len();
        self.flagged += r.flagged.len();
    }

    /// Pooled share of source body sentences with a counterpart (1 when there are none).
    pub fn coverage_sentences(&self) -> f64 {
        super::ratio(self.src_translated, self.src_sentences)
    }

    /// The same share, weighted by characters.
    pub fn coverage_chars(&self) -> f64 {
        super::ratio(self.src_translated_chars, self.src_chars)
    }
}

/// A batch's figures: how many pairs were checked, failed and fell below `--min-coverage`, and
/// the [`Tally`] of the checked ones with its pooled coverage.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BatchTotals {
    /// Pairs checked.
    pub pairs: usize,
    /// Pairs that could not be read or aligned.
    pub failed: usize,
    /// Checked pairs that do not pass the gate (see [`Report::gate`]).
    pub below_min_coverage: usize,
    /// Pooled share of source body sentences with a counterpart.
    pub coverage_sentences: f64,
    /// The same share, weighted by characters.
    pub coverage_chars: f64,
    /// The sums the shares come from.
    #[serde(flatten)]
    pub counts: Tally,
}

impl BatchTotals {
    /// The totals of `reports`, beside `failed` pairs that have no report, under the gate `min`.
    pub fn new(reports: &[Report], failed: usize, min: Option<f64>) -> BatchTotals {
        let mut counts = Tally::default();
        let mut below = 0;
        for r in reports {
            counts.add(r);
            below += usize::from(r.gate(min) != Gate::Pass);
        }
        BatchTotals {
            pairs: reports.len(),
            failed,
            below_min_coverage: below,
            coverage_sentences: counts.coverage_sentences(),
            coverage_chars: counts.coverage_chars(),
            counts,
        }
    }
}

/// Puts the least complete pairs first (by coverage of sentences, then of characters, then by
/// name): whoever reads a batch report looks at the top of the list.
pub fn worst_first(reports: &mut [Report]) {
    reports.sort_by(|a, b| {
        a.coverage_sentences
            .total_cmp(&b.coverage_sentences)
            .then_with(|| a.coverage_chars.total_cmp(&b.coverage_chars))
            .then_with(|| a.name.cmp(&b.name))
    });
}

/// The `--min-coverage` verdict on one pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gate {
    /// There is no gate, or the pair meets it.
    Pass,
    /// Coverage of sentences is below the minimum.
    BelowCoverage {
        /// The pair's coverage of sentences.
        coverage: f64,
        /// The minimum asked for.
        min: f64,
    },
    /// Most pairing beads look untranslated (see [`Report::looks_untranslated`]).
    LooksUntranslated {
        /// Pairing beads flagged `untranslated`.
        untranslated: usize,
        /// Pairing beads in all.
        paired: usize,
    },
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Sums up a flagged pair. A body sentence counts as translated when its bead pairs it with at
/// least one target sentence that is not furniture, and a target body sentence as added when its
/// bead has no source sentence that is not furniture: being paired with a cookie banner is not
/// being translated. The parts come from [`furniture::mark_parts`] when the pair went through
/// it (with the batch's template), and are worked out here for a single pair otherwise.
pub fn report(doc: &AlignedDoc) -> Report {
    let marked = doc.src_parts.len() == doc.src.len() && doc.tgt_parts.len() == doc.tgt.len();
    let (src_parts, tgt_parts) = if marked {
        (doc.src_parts.clone(), doc.tgt_parts.clone())
    } else {
        furniture::parts(doc, &furniture::Template::default())
    };
    let counted = |p: Part| !p.is_furniture();
    let line = |id: usize, text: &str| Line {
        id: id + 1,
        text: text.to_string(),
    };
    let furn = |id: usize, text: &str, p: Part| Furniture {
        id: id + 1,
        text: text.to_string(),
        why: match p {
            Part::Furniture(w) => w.name(),
            _ => "",
        },
    };
    let (mut src_sentences, mut src_translated, mut src_chars, mut src_translated_chars) =
        (0, 0, 0, 0);
    let (mut tgt_sentences, mut paired_beads, mut untranslated) = (0, 0, 0);
    let (mut missing, mut added) = (Vec::new(), Vec::new());
    let mut headline = Sides::default();
    let mut furniture = Sides::default();
    let mut flagged = Vec::new();
    for (i, b) in doc.beads.iter().enumerate() {
        let src_real = b.src.clone().any(|k| counted(src_parts[k]));
        let tgt_real = b.tgt.clone().any(|k| counted(tgt_parts[k]));
        for k in b.src.clone() {
            let text = &doc.src[k];
            match src_parts[k] {
                Part::Body => {
                    src_sentences += 1;
                    src_chars += chars(text);
                    if tgt_real {
                        src_translated += 1;
                        src_translated_chars += chars(text);
                    } else {
                        missing.push(line(k, text));
                    }
                }
                Part::Headline if !tgt_real => headline.src.push(line(k, text)),
                Part::Headline => {}
                p @ Part::Furniture(_) if !tgt_real => furniture.src.push(furn(k, text, p)),
                Part::Furniture(_) => {}
            }
        }
        for k in b.tgt.clone() {
            let text = &doc.tgt[k];
            match tgt_parts[k] {
                Part::Body => {
                    tgt_sentences += 1;
                    if !src_real {
                        added.push(line(k, text));
                    }
                }
                Part::Headline if !src_real => headline.tgt.push(line(k, text)),
                Part::Headline => {}
                p @ Part::Furniture(_) if !src_real => furniture.tgt.push(furn(k, text, p)),
                Part::Furniture(_) => {}
            }
        }
        let furnished = b.src.clone().any(|k| !counted(src_parts[k]))
            || b.tgt.clone().any(|k| !counted(tgt_parts[k]));
        if b.src.is_empty() || b.tgt.is_empty() || furnished {
            continue;
        }
        paired_beads += 1;
        let f = doc.flags_of(i);
        untranslated += usize::from(f.untranslated);
        if !f.is_empty() {
            flagged.push(Flagged {
                src_ids: b.src.clone().map(|k| k + 1).collect(),
                tgt_ids: b.tgt.clone().map(|k| k + 1).collect(),
                flags: f.names(),
                reasons: reasons(doc, b, f),
                src: doc.src_text(b),
                tgt: doc.tgt_text(b),
                score: b.score,
            });
        }
    }
    let count = |parts: &[Part]| parts.iter().filter(|&&p| !counted(p)).count();
    Report {
        name: doc.name.clone(),
        src_lang: doc.langs.src,
        tgt_lang: doc.langs.tgt,
        coverage_sentences: super::ratio(src_translated, src_sentences),
        coverage_chars: super::ratio(src_translated_chars, src_chars),
        src_sentences,
        src_translated,
        src_chars,
        src_translated_chars,
        tgt_sentences,
        src_furniture: count(&src_parts),
        tgt_furniture: count(&tgt_parts),
        missing,
        added,
        headline,
        furniture,
        flagged,
        paired_beads,
        untranslated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::check::flag;
    use crate::lang::LangPair;

    fn bead(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>, score: f64) -> Bead {
        Bead { src, tgt, score }
    }

    #[test]
    fn report_counts_boilerplate_apart() {
        let mut doc = AlignedDoc::new(
            "flood".into(),
            LangPair::EN_DE,
            vec![
                "Leave A Reply".into(),
                "The river rose by 3.5 meters.".into(),
                "Nobody was hurt.".into(),
                "Volunteers brought shovels.".into(),
            ],
            vec![
                "Der Fluss stieg um 4 Meter.".into(),
                "Niemand wurde verletzt.".into(),
                "(Anm. d. Übers.: gekürzt.)".into(),
                "Kommentar schreiben".into(),
            ],
            vec![
                bead(0..1, 0..0, 0.9),
                bead(1..2, 0..1, 0.9),
                bead(2..3, 1..2, 0.9),
                bead(3..4, 2..2, 0.4),
                bead(4..4, 2..3, 0.4),
                bead(4..4, 3..4, 0.9),
            ],
        );
        flag(&mut doc);
        let r = report(&doc);
        assert_eq!(
            (r.src_sentences, r.src_translated, r.tgt_sentences),
            (3, 2, 3)
        );
        assert!((r.coverage_sentences - 2.0 / 3.0).abs() < 1e-12);
        let c = (29.0 + 16.0) / (29.0 + 16.0 + 27.0);
        assert!((r.coverage_chars - c).abs() < 1e-12, "{}", r.coverage_chars);
        assert_eq!(
            r.missing,
            [Line {
                id: 4,
                text: "Volunteers brought shovels.".into()
            }]
        );
        assert_eq!(r.added.len(), 1);
        assert_eq!(r.added[0].id, 3);
        assert_eq!(r.furniture.src[0].text, "Leave A Reply");
        assert_eq!(r.furniture.src[0].why, "listed");
        assert_eq!(r.furniture.tgt[0].text, "Kommentar schreiben");
        assert_eq!(
            r.flagged[0].reasons,
            ["number 3.5 not in DE", "number 4 not in EN"]
        );
        assert_eq!(r.flagged.len(), 1);
        assert_eq!(r.flagged[0].src_ids, [2]);
        assert_eq!(r.flagged[0].flags, ["numbers"]);
        assert_eq!((r.paired_beads, r.untranslated), (2, 0));
        assert!(!r.looks_untranslated());
    }

    #[test]
    fn report_of_an_empty_side_is_complete() {
        let doc = AlignedDoc::new(
            "t".into(),
            LangPair::EN_DE,
            vec!["Leave A Reply".into()],
            vec![],
            vec![bead(0..1, 0..0, 0.9)],
        );
        let r = report(&doc);
        assert_eq!(r.src_sentences, 0);
        assert_eq!(r.coverage_sentences, 1.0);
        assert!(r.missing.is_empty());
    }
}
