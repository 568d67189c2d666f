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
use super::lexicon::Dictionary;
use super::{FxMap, SRC, TGT};

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

/// The word evidence of a pair of documents, in side-local ids until merged with the anchors.
pub(super) struct WordEvidence {
    /// Per sentence, sorted ids into `weight`.
    pub(super) src: Vec<Vec<u32>>,
    pub(super) tgt: Vec<Vec<u32>>,
    /// Scaled evidence of a match on each id, > 0.
    pub(super) weight: Vec<f32>,
    /// The side whose word each id is (`SRC` or `TGT`).
    pub(super) owner: Vec<u8>,
    /// Per sentence, the scaled sum of its words' misses, ≤ 0.
    pub(super) src_base: Vec<f32>,
    pub(super) tgt_base: Vec<f32>,
}

/// One side's sentences as dictionary ids: its own words, and the other side's words they
/// translate to.
struct SideWords {
    /// The ids of each distinct word of the side (several readings: `said` is `said` and `say`).
    found: Vec<Vec<u32>>,
    /// Per sentence, its distinct translatable words (indices into `found`).
    words: Vec<Vec<u32>>,
    own: Vec<Vec<u32>>,
    trans: Vec<Vec<u32>>,
}

fn side_words(dict: &Dictionary, side: usize, flat: &Flat) -> SideWords {
    let keyer = dict.keyer(side);
    // Each distinct word is looked up once.
    let mut scratch = Vec::new();
    let mut found: Vec<Vec<u32>> = Vec::with_capacity(flat.vocab.len());
    for w in &flat.vocab {
        let mut ids = Vec::new();
        if !keyer.is_function(w) {
            dict.lookup(side, w, &mut scratch, &mut ids);
        }
        found.push(ids);
    }
    let mut translations: FxMap<u32, Vec<u32>> = FxMap::default();
    let mut own = Vec::with_capacity(flat.word_ends.len());
    let mut trans = Vec::with_capacity(flat.word_ends.len());
    let mut words = Vec::with_capacity(flat.word_ends.len());
    let mut start = 0;
    for &end in &flat.word_ends {
        let mut ws: Vec<u32> = flat.words[start..end]
            .iter()
            .copied()
            .filter(|&w| !found[w as usize].is_empty())
            .collect();
        ws.sort_unstable();
        ws.dedup();
        let mut o: Vec<u32> = ws
            .iter()
            .flat_map(|&w| found[w as usize].iter().copied())
            .collect();
        words.push(ws);
        o.sort_unstable();
        o.dedup();
        let mut t = Vec::new();
        for &id in &o {
            let links = translations.entry(id).or_insert_with(|| {
                let mut l = Vec::new();
                dict.links(side, id, &mut l);
                l
            });
            t.extend_from_slice(links);
        }
        t.sort_unstable();
        t.dedup();
        own.push(o);
        trans.push(t);
        start = end;
    }
    SideWords {
        found,
        words,
        own,
        trans,
    }
}

/// How often each word of one side is translated by the sentences of the other: `df[w]` is the
/// number of other-side sentences whose translations include `w`.
fn coverage(other: &SideWords) -> FxMap<u32, u32> {
    let mut df: FxMap<u32, u32> = FxMap::default();
    for t in &other.trans {
        for &w in t {
            *df.entry(w).or_default() += 1;
        }
    }
    df
}

/// The evidence of both sides, or `None` when the dictionary knows none of their words.
pub(super) fn evidence(dict: &Dictionary, src: &Flat, tgt: &Flat) -> Option<WordEvidence> {
    if dict.is_empty() {
        return None;
    }
    let sides = [side_words(dict, 0, src), side_words(dict, 1, tgt)];
    let df = [coverage(&sides[1]), coverage(&sides[0])];
    let miss_p1 = (1.0 - P1).ln();
    // Global ids: each word of a side that the other side can match.
    let mut gid: [FxMap<u32, u32>; 2] = Default::default();
    let mut weight = Vec::new();
    let mut owner = Vec::new();
    let mut bases: [Vec<f32>; 2] = Default::default();
    for s in 0..2 {
        let n_other = sides[1 - s].own.len() as f64;
        let p0 = |w: u32| {
            let d = df[s].get(&w).copied().unwrap_or(0);
            ((f64::from(d) + 0.5) / (n_other + 1.0)).max(P0_MIN)
        };
        for (words, own) in sides[s].words.iter().zip(&sides[s].own) {
            // A word misses when none of its readings is translated; the likeliest reading
            // decides how much that says.
            let mut base = 0.0;
            for &w in words {
                let p = sides[s].found[w as usize]
                    .iter()
                    .map(|&id| p0(id))
                    .fold(0.0, f64::max);
                if p < P1 {
                    base += miss_p1 - (1.0 - p).ln();
                }
            }
            bases[s].push((base * SCALE) as f32);
            for &w in own {
                let p = p0(w);
                let seen = df[s].get(&w).is_some_and(|&d| d > 0);
                if p < P1 && seen && !gid[s].contains_key(&w) {
                    gid[s].insert(w, weight.len() as u32);
                    let (hit, miss) = ((P1 / p).ln(), miss_p1 - (1.0 - p).ln());
                    weight.push(((hit - miss) * SCALE) as f32);
                    owner.push(if s == 0 { SRC } else { TGT });
                }
            }
        }
    }
    let lists = |s: usize| -> Vec<Vec<u32>> {
        let other = 1 - s;
        sides[s]
            .own
            .iter()
            .zip(&sides[s].trans)
            .map(|(own, trans)| {
                let mut v: Vec<u32> = own
                    .iter()
                    .filter_map(|w| gid[s].get(w).copied())
                    .chain(trans.iter().filter_map(|w| gid[other].get(w).copied()))
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect()
    };
    let [src_base, tgt_base] = bases;
    Some(WordEvidence {
        src: lists(0),
        tgt: lists(1),
        weight,
        owner,
        src_base,
        tgt_base,
    })
}
