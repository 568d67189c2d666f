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
use super::{FxMap, FxSet, SRC, TGT};

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

/// Per-sentence lists stored flat: one allocation per side, not per sentence.
#[derive(Default)]
struct Lists {
    ids: Vec<u32>,
    off: Vec<usize>,
}

impl Lists {
    fn push(&mut self, list: &mut Vec<u32>) {
        list.sort_unstable();
        list.dedup();
        if self.off.is_empty() {
            self.off.push(0);
        }
        self.ids.extend_from_slice(list);
        self.off.push(self.ids.len());
        list.clear();
    }

    fn get(&self, k: usize) -> &[u32] {
        &self.ids[self.off[k]..self.off[k + 1]]
    }

    fn len(&self) -> usize {
        self.off.len().saturating_sub(1)
    }
}

/// One side's sentences as dictionary ids: its own words, and the other side's words they
/// translate to.
struct SideWords {
    /// The ids of each distinct word of the side (several readings: `said` is `said` and `say`).
    found: Vec<Vec<u32>>,
    /// Per sentence, its distinct translatable words (indices into `found`).
    words: Lists,
    own: Lists,
    trans: Lists,
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
    let (mut words, mut own) = (Lists::default(), Lists::default());
    let (mut ws, mut o) = (Vec::new(), Vec::new());
    let mut start = 0;
    for &end in &flat.word_ends {
        for &w in &flat.words[start..end] {
            let ids = &found[w as usize];
            if !ids.is_empty() {
                ws.push(w);
                o.extend_from_slice(ids);
            }
        }
        words.push(&mut ws);
        own.push(&mut o);
        start = end;
    }
    SideWords {
        found,
        words,
        own,
        trans: Lists::default(),
    }
}

/// Fills each sentence's translations, keeping only the other side's words that occur there.
fn translate(dict: &Dictionary, side: usize, words: &mut SideWords, other: &Lists) {
    let present: FxSet<u32> = other.ids.iter().copied().collect();
    let mut cache: FxMap<u32, Vec<u32>> = FxMap::default();
    let mut scratch = Vec::new();
    let mut t = Vec::new();
    let mut trans = Lists::default();
    for k in 0..words.own.len() {
        for &id in words.own.get(k) {
            let links = cache.entry(id).or_insert_with(|| {
                scratch.clear();
                dict.links(side, id, &mut scratch);
                scratch
                    .iter()
                    .copied()
                    .filter(|l| present.contains(l))
                    .collect()
            });
            t.extend_from_slice(links);
        }
        trans.push(&mut t);
    }
    words.trans = trans;
}

/// How often each word of one side is translated by the sentences of the other: `df[w]` is the
/// number of other-side sentences whose translations include `w`.
fn coverage(other: &SideWords) -> FxMap<u32, u32> {
    let mut df: FxMap<u32, u32> = FxMap::default();
    for &w in &other.trans.ids {
        *df.entry(w).or_default() += 1;
    }
    df
}

/// The evidence of both sides, or `None` when the dictionary knows none of their words.
pub(super) fn evidence(dict: &Dictionary, src: &Flat, tgt: &Flat) -> Option<WordEvidence> {
    if dict.is_empty() {
        return None;
    }
    let mut sides = [side_words(dict, 0, src), side_words(dict, 1, tgt)];
    let [a, b] = &mut sides;
    translate(dict, 0, a, &b.own);
    translate(dict, 1, b, &a.own);
    let df = [coverage(&sides[1]), coverage(&sides[0])];
    let (p1, p0_min, scale) = (
        crate::tune("P1", P1),
        crate::tune("P0MIN", P0_MIN),
        crate::tune("SCALE", SCALE),
    );
    let miss_p1 = (1.0 - p1).ln();
    // Global ids: each word of a side that the other side can match.
    let mut gid: [FxMap<u32, u32>; 2] = Default::default();
    let mut weight = Vec::new();
    let mut owner = Vec::new();
    let mut bases: [Vec<f32>; 2] = Default::default();
    for s in 0..2 {
        let n_other = sides[1 - s].own.len() as f64;
        let p0 = |w: u32| {
            let d = df[s].get(&w).copied().unwrap_or(0);
            ((f64::from(d) + 0.5) / (n_other + 1.0)).max(p0_min)
        };
        for k in 0..sides[s].own.len() {
            let (words, own) = (sides[s].words.get(k), sides[s].own.get(k));
            // A word misses when none of its readings is translated; the likeliest reading
            // decides how much that says.
            let mut base = 0.0;
            for &w in words {
                let p = sides[s].found[w as usize]
                    .iter()
                    .map(|&id| p0(id))
                    .fold(0.0, f64::max);
                if p < p1 {
                    base += miss_p1 - (1.0 - p).ln();
                }
            }
            bases[s].push((base * scale) as f32);
            for &w in own {
                let p = p0(w);
                let seen = df[s].get(&w).is_some_and(|&d| d > 0);
                if p < p1 && seen && !gid[s].contains_key(&w) {
                    gid[s].insert(w, weight.len() as u32);
                    let (hit, miss) = ((p1 / p).ln(), miss_p1 - (1.0 - p).ln());
                    weight.push(((hit - miss) * scale) as f32);
                    owner.push(if s == 0 { SRC } else { TGT });
                }
            }
        }
    }
    let lists = |s: usize| -> Vec<Vec<u32>> {
        let other = 1 - s;
        (0..sides[s].own.len())
            .map(|k| {
                let (own, trans) = (sides[s].own.get(k), sides[s].trans.get(k));
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

#[cfg(test)]
mod measure {
    use super::*;
    use crate::anchors::extract::{Extractor, Side};

    /// Not a test: prints the share of translatable words matched in gold 1-1 pairs.
    #[test]
    #[ignore]
    fn measure_p1() {
        let dir = "/work/shared/data/pud-en-de";
        let mut hits = [0usize; 2];
        let mut total = [0usize; 2];
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.to_str().unwrap().to_string();
            if !name.ends_with(".gold") {
                continue;
            }
            let stem = name.trim_end_matches(".gold");
            let en = std::fs::read_to_string(format!("{stem}.en")).unwrap();
            let de = std::fs::read_to_string(format!("{stem}.de")).unwrap();
            let en: Vec<&str> = en.lines().collect();
            let de: Vec<&str> = de.lines().collect();
            let dict = Dictionary::new("en", "de");
            let side = |english| Side {
                english,
                lex: None,
                compounds: false,
                elision: false,
            };
            let mut ex = Extractor::new(None);
            ex.collect_words = true;
            let sf = ex.side(&en, side(true), SRC);
            let tf = ex.side(&de, side(false), TGT);
            let mut sides = [side_words(&dict, 0, &sf), side_words(&dict, 1, &tf)];
            let [a, b] = &mut sides;
            translate(&dict, 0, a, &b.own);
            translate(&dict, 1, b, &a.own);
            for k in 0..en.len().min(de.len()) {
                for s in 0..2 {
                    let o = 1 - s;
                    let trans: FxSet<u32> = sides[o].trans.get(k).iter().copied().collect();
                    for &w in sides[s].words.get(k) {
                        total[s] += 1;
                        if sides[s].found[w as usize]
                            .iter()
                            .any(|id| trans.contains(id))
                        {
                            hits[s] += 1;
                        }
                    }
                }
            }
        }
        eprintln!(
            "en: {}/{} = {:.3}; de: {}/{} = {:.3}",
            hits[0],
            total[0],
            hits[0] as f64 / total[0] as f64,
            hits[1],
            total[1],
            hits[1] as f64 / total[1] as f64
        );
    }
}
