//! An aligned document pair: what the stages after alignment — check and write — work on.
//!
//! One type carries a pair from the aligner to the completeness check (which adds flags) and to
//! every output format, so a batch of thousands of pairs and a single `ende align` go through
//! the same code.

use serde::Serialize;

use crate::align::Bead;
use crate::boilerplate;
use crate::lang::LangPair;

/// Problems the completeness check found in one bead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// A number on one side is missing or different on the other (after format normalisation).
    pub numbers: bool,
    /// An acronym or a name on one side is missing on the other.
    pub names: bool,
    /// The target side is in the source language, or equal to the source.
    pub untranslated: bool,
    /// The length ratio is far outside the normal range.
    pub length: bool,
    /// The aligner is not confident in this bead.
    pub low_score: bool,
}

impl Flags {
    /// The names of the flags that are set, in a fixed order.
    pub fn names(&self) -> Vec<&'static str> {
        [
            (self.numbers, "numbers"),
            (self.names, "names"),
            (self.untranslated, "untranslated"),
            (self.length, "length"),
            (self.low_score, "low_score"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }

    /// No flag is set.
    pub fn is_empty(&self) -> bool {
        *self == Flags::default()
    }
}

/// What a sentence is on its page, as the completeness check sees it: article text, the
/// headline, or page furniture around the article (menus, share bars, comment forms, credits),
/// which nobody expects a translator to carry over.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Part {
    /// Article text: counted for coverage, reported when it has no counterpart.
    #[default]
    Body,
    /// The headline above the article, unpaired: reported apart, not counted.
    Headline,
    /// Page furniture, with the reason it was taken for furniture; never counted.
    Furniture(Why),
}

/// Why a line was taken for page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The boilerplate word list knows it ([`crate::boilerplate`]).
    Listed,
    /// It recurs in many documents of the batch: the site's template.
    Repeated,
    /// A template placeholder or a code identifier (`{{share_button}}`, `social_share_bar`).
    Code,
    /// A link or a source line (`Source: https://…`).
    Link,
    /// A form prompt or a credit (`Your name`, `Translated by …`).
    Prompt,
    /// Its words are those of an interface (`Browse`, `Join the discussion`), or it sits around
    /// the article with the shape of a label or a teaser rather than of a sentence.
    Shape,
    /// A title that shares no word with the article: another story's headline.
    OtherStory,
}

impl Why {
    /// The reason's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Why::Listed => "listed",
            Why::Repeated => "repeated",
            Why::Code => "code",
            Why::Link => "link",
            Why::Prompt => "prompt",
            Why::Shape => "shape",
            Why::OtherStory => "other story",
        }
    }
}

impl Part {
    /// Whether the sentence is page furniture (for any reason).
    pub fn is_furniture(self) -> bool {
        matches!(self, Part::Furniture(_))
    }
}

/// A document pair after alignment.
#[derive(Debug, Clone)]
pub struct AlignedDoc {
    /// The document's name (the `doc` column).
    pub name: String,
    /// The languages of the two sides (`en`, `de`).
    pub langs: LangPair,
    /// Source sentences, one line each.
    pub src: Vec<String>,
    /// Target sentences, one line each.
    pub tgt: Vec<String>,
    /// The beads, covering both sides in order.
    pub beads: Vec<Bead>,
    /// One entry per bead; all empty until [`crate::check::flag`] fills them.
    pub flags: Vec<Flags>,
    /// Which source sentences are web boilerplate.
    pub src_boiler: Vec<bool>,
    /// Which target sentences are web boilerplate.
    pub tgt_boiler: Vec<bool>,
    /// What each source sentence is on its page; empty until [`crate::check::flag`] or
    /// [`crate::check::mark_parts`] fills it, and then read as all [`Part::Body`] but the
    /// listed boilerplate.
    pub src_parts: Vec<Part>,
    /// The same for the target sentences.
    pub tgt_parts: Vec<Part>,
    /// Each sentence's keys (numbers, acronyms, names, words) as the aligner read them, for
    /// [`crate::check::flag`], which takes them; `None` when the aligner was not asked for them
    /// (the check then reads each sentence itself).
    pub keys: Option<Box<crate::align::PairKeys>>,
}

impl AlignedDoc {
    /// Wraps an alignment; flags start empty.
    pub fn new(
        name: String,
        langs: LangPair,
        src: Vec<String>,
        tgt: Vec<String>,
        beads: Vec<Bead>,
    ) -> AlignedDoc {
        let refs = |v: &[String]| -> Vec<bool> {
            let r: Vec<&str> = v.iter().map(String::as_str).collect();
            boilerplate::mark(&r)
        };
        let (src_boiler, tgt_boiler) = (refs(&src), refs(&tgt));
        AlignedDoc::with_marks(name, langs, (src, src_boiler), (tgt, tgt_boiler), beads)
    }

    /// [`AlignedDoc::new`] with the boilerplate marks the aligner was given, so they are made
    /// once per pair.
    pub fn with_marks(
        name: String,
        langs: LangPair,
        (src, src_boiler): (Vec<String>, Vec<bool>),
        (tgt, tgt_boiler): (Vec<String>, Vec<bool>),
        beads: Vec<Bead>,
    ) -> AlignedDoc {
        AlignedDoc {
            flags: vec![Flags::default(); beads.len()],
            src_boiler,
            tgt_boiler,
            src_parts: Vec::new(),
            tgt_parts: Vec::new(),
            keys: None,
            name,
            langs,
            src,
            tgt,
            beads,
        }
    }

    /// The flags of bead `k`; a flags vector shorter than the beads (a pair built by hand, not
    /// checked yet) means no flags rather than a panic.
    pub fn flags_of(&self, k: usize) -> Flags {
        self.flags.get(k).copied().unwrap_or_default()
    }

    /// The bead's status: `aligned`, `{src}_only` or `{tgt}_only`.
    pub fn status(&self, b: &Bead) -> String {
        match (b.src.is_empty(), b.tgt.is_empty()) {
            (false, false) => "aligned".to_string(),
            (false, true) => format!("{}_only", self.langs.src),
            _ => format!("{}_only", self.langs.tgt),
        }
    }

    /// The texts of a run of source sentences, joined by one space.
    pub fn src_text(&self, b: &Bead) -> String {
        b.src
            .clone()
            .map(|k| self.src[k].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The texts of a run of target sentences, joined by one space.
    pub fn tgt_text(&self, b: &Bead) -> String {
        b.tgt
            .clone()
            .map(|k| self.tgt[k].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// What source sentence `k` is: its mark from the check, or (not checked yet) furniture
    /// when the word list knows it and body otherwise.
    pub fn src_part(&self, k: usize) -> Part {
        part(&self.src_parts, &self.src_boiler, k)
    }

    /// The same for target sentence `k`.
    pub fn tgt_part(&self, k: usize) -> Part {
        part(&self.tgt_parts, &self.tgt_boiler, k)
    }

    /// 1-based sentence numbers separated by one space (empty for none).
    pub fn ids(range: &std::ops::Range<usize>) -> String {
        range
            .clone()
            .map(|k| (k + 1).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn part(parts: &[Part], boiler: &[bool], k: usize) -> Part {
    match parts.get(k) {
        Some(&p) => p,
        None if boiler.get(k).copied().unwrap_or(false) => Part::Furniture(Why::Listed),
        None => Part::Body,
    }
}
