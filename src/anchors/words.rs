//! Translated words as evidence: how much more likely two runs of sentences are to be
//! translations of each other than unrelated, judged by the content words one side has and the
//! other side translates.
//!
//! Each content word `w` of a sentence that the dictionary can translate is a small test: in a
//! translation, some translation of `w` turns up on the other side with probability `P1`; in an
//! unrelated sentence with probability `p0(w)`, the share of the other document's sentences that
//! hold a translation of `w` (a word whose translations are everywhere proves little). A match
//! adds `ln(P1 / p0)` nats to the log-likelihood ratio of "translation" against "unrelated", a
//! miss adds `ln((1 - P1) / (1 - p0))`, which is negative.
//!
//! The aligner gets this in the shape of its anchors, so one sorted-list intersection serves
//! both: a sentence carries an id for each of its translatable words (owned by its side) and an
//! id for each word of the other document its words translate to (owned by the other side).
//! Two runs share an id exactly where a word of one is translated by the other. Every sentence
//! also carries its `base`, the sum of the misses of all its words: pairing it costs that much
//! until its own words are matched, so a sentence absorbed into a neighbour's bead has to pay
//! its own way, and two orphans that share nothing cost more paired than left apart.

use super::extract::Flat;
use super::fold::{fold_word, Keyer};
use super::lexicon::Dictionary;
use super::tokens::{split_white, strip_possessive, trim_junk, trim_token};
use super::{FxMap, FxSet, Lists, SRC, TGT};

/// Probability that a translatable content word has a translation on the other side of a true
/// pair, measured with the built-in lexicon on the 1-1 gold pairs of the shared sets (see
/// docs/algorithm.md).
pub(super) const P1: f64 = 0.6;
/// Least chance that an unrelated sentence holds a translation of a given word: even a rare
/// word's translation turns up by accident, and a document of three sentences cannot tell.
const P0_MIN: f64 = 0.02;
/// Nats of alignment cost per nat of evidence: the words of a sentence are not independent
/// tests (a translator who paraphrases one word paraphrases its neighbours), so their sum
/// overstates the evidence.
pub(super) const SCALE: f64 = 0.5;

/// The word evidence of a pair of documents: what each sentence carries, produced sentence by
/// sentence when the anchors' lists are written (see [`WordEvidence::sentence`]), so the
/// whole document's word lists never exist twice.
pub(super) struct WordEvidence<'d> {
    /// Per sentence of each side, its words' dictionary ids; a word's first reading carries
    /// [`CANON`], so that each word's miss is counted once.
    own: [Lists; 2],
    gid: [FxMap<u32, u32>; 2],
    links: [Translations<'d>; 2],
    /// Scaled evidence of a match on each id (> 0), and the side whose word it is.
    pub(super) weight: Vec<f32>,
    pub(super) owner: Vec<u8>,
    /// Per sentence, the scaled sum of its words' misses, ≤ 0.
    pub(super) base: [Vec<f32>; 2],
}

/// Marks the first reading of a word in a sentence's own ids.
const CANON: u32 = 1 << 31;

/// Each sentence's words as dictionary ids (a word's first reading marked with [`CANON`]).
/// The flat's words are consumed.
fn own_words(dict: &Dictionary, side: usize, flat: &mut Flat) -> Lists {
    let keyer = dict.keyer(side);
    let vocab = std::mem::take(&mut flat.vocab);
    let words = std::mem::take(&mut flat.words);
    // Each distinct word is looked up once.
    let mut scratch = Vec::new();
    let found: Vec<Vec<u32>> = vocab
        .iter()
        .map(|w| {
            let mut ids = Vec::new();
            if !keyer.is_function(w) {
                dict.lookup(side, w, &mut scratch, &mut ids);
            }
            ids
        })
        .collect();
    drop(vocab);
    let mut own = Lists::default();
    let mut o = Vec::new();
    let mut start = 0;
    for &end in &flat.word_ends {
        for &w in &words[start..end] {
            if let Some((&first, rest)) = found[w as usize].split_first() {
                o.push(first | CANON);
                o.extend_from_slice(rest);
            }
        }
        own.push(&mut o);
        start = end;
    }
    own
}

/// The words of the other side that a side's words translate to, keeping only those that
/// occur there; computed once per id.
struct Translations<'d> {
    dict: &'d Dictionary,
    side: usize,
    present: FxSet<u32>,
    cache: FxMap<u32, Vec<u32>>,
}

impl Translations<'_> {
    /// Appends the translations of the own ids `own`.
    fn of(&mut self, own: &[u32], out: &mut Vec<u32>) {
        for &id in own {
            let id = id & !CANON;
            let (dict, side, present) = (self.dict, self.side, &self.present);
            let links = self.cache.entry(id).or_insert_with(|| {
                let mut l = Vec::new();
                dict.links(side, id, &mut l);
                l.retain(|x| present.contains(x));
                l
            });
            out.extend_from_slice(links);
        }
    }
}

/// The evidence of both sides, or `None` when the dictionary knows none of their words.
pub(super) fn evidence<'d>(
    dict: &'d Dictionary,
    src: &mut Flat,
    tgt: &mut Flat,
) -> Option<WordEvidence<'d>> {
    if dict.is_empty() {
        return None;
    }
    let own = [own_words(dict, 0, src), own_words(dict, 1, tgt)];
    let translations = |s: usize| Translations {
        dict,
        side: s,
        present: own[1 - s].ids.iter().map(|&id| id & !CANON).collect(),
        cache: FxMap::default(),
    };
    let mut links = [translations(0), translations(1)];
    // How often each word of a side is translated by the other side's sentences: `df[s][w]`
    // is the number of sentences of side 1 - s whose translations include `w`.
    let mut df: [FxMap<u32, u32>; 2] = Default::default();
    let mut t = Vec::new();
    for s in 0..2 {
        for k in 0..own[s].len() {
            links[s].of(own[s].get(k), &mut t);
            t.sort_unstable();
            t.dedup();
            for &w in &t {
                *df[1 - s].entry(w).or_default() += 1;
            }
            t.clear();
        }
    }
    let miss_p1 = (1.0 - P1).ln();
    // Global ids: each word of a side that the other side can match.
    let mut gid: [FxMap<u32, u32>; 2] = Default::default();
    let mut weight = Vec::new();
    let mut owner = Vec::new();
    let mut base: [Vec<f32>; 2] = Default::default();
    for s in 0..2 {
        let n_other = own[1 - s].len() as f64;
        let df = &df[s];
        let p0 = |w: u32| {
            let d = df.get(&w).copied().unwrap_or(0);
            ((f64::from(d) + 0.5) / (n_other + 1.0)).max(P0_MIN)
        };
        for k in 0..own[s].len() {
            let mut b = 0.0;
            for &entry in own[s].get(k) {
                let w = entry & !CANON;
                let p = p0(w);
                if p >= P1 {
                    continue;
                }
                let miss = miss_p1 - (1.0 - p).ln();
                // A word misses once, by its first reading.
                if entry & CANON != 0 {
                    b += miss;
                }
                if df.get(&w).is_some_and(|&d| d > 0) && !gid[s].contains_key(&w) {
                    gid[s].insert(w, weight.len() as u32);
                    weight.push((((P1 / p).ln() - miss) * SCALE) as f32);
                    owner.push(if s == 0 { SRC } else { TGT });
                }
            }
            base[s].push((b * SCALE) as f32);
        }
    }
    Some(WordEvidence {
        own,
        gid,
        links,
        weight,
        owner,
        base,
    })
}

impl WordEvidence<'_> {
    /// Appends the word ids of sentence `k` of side `s` (0 source, 1 target) to `out`: its own
    /// words the other side can match, and the other side's words it translates.
    pub(super) fn sentence(&mut self, s: usize, k: usize, out: &mut Vec<u32>) {
        let own = self.own[s].get(k);
        out.extend(
            own.iter()
                .filter_map(|&w| self.gid[s].get(&(w & !CANON)).copied()),
        );
        let start = out.len();
        self.links[s].of(own, out);
        let other = &self.gid[1 - s];
        let mut keep = start;
        for i in start..out.len() {
            if let Some(&g) = other.get(&out[i]) {
                out[keep] = g;
                keep += 1;
            }
        }
        out.truncate(keep);
    }
}

/// The dictionary key of each content word of a sentence, in order (for learning word pairs):
/// tokens are read as the anchor extractor reads them, function words are left out, and a word
/// is keyed by its first reading (`said` by `say`).
pub(crate) fn content_keys(sentence: &str, keyer: &Keyer) -> Vec<String> {
    let mut toks = Vec::new();
    split_white(sentence, &mut toks);
    let mut out = Vec::new();
    let (mut folded, mut keys) = (String::new(), Vec::new());
    for t in toks {
        let (core, _) = trim_token(t);
        for part in core.split(['-', '–', '—', '/']) {
            let part = strip_possessive(trim_junk(part));
            folded.clear();
            match fold_word(part, false, &mut folded) {
                Some(n) if n >= 2 && !keyer.is_function(&folded) => {
                    keyer.candidates(&folded, &mut keys);
                    out.extend(keys.drain(..).next());
                }
                _ => {}
            }
        }
    }
    out
}
