//! The second pass: word pairs that keep turning up together in confident beads become anchors.
//!
//! This is the idea of Moore's aligner and of hunalign's bootstrap: the first pass, with length
//! and anchors alone, is right on most 1-1 beads; co-occurrence statistics over those beads
//! find the pair's everyday vocabulary ("Brücke"/"bridge", "und"/"and"), which no fixed lexicon
//! covers and which works for any language pair.

use std::collections::{BTreeMap, HashMap};

use super::dp::{Units, Weights};
use super::Bead;
use crate::anchors::{PairAnchors, SRC, TGT};

/// A word must occur this often in confident beads to be counted.
const MIN_COUNT: u32 = 2;
/// Dice coefficient a pair needs to become an anchor.
const MIN_DICE: f64 = 0.4;

fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Units of a second pass with learned word-pair anchors added, or `None` when the first pass
/// gave too little to learn from.
pub fn learn(
    src: &[&str],
    tgt: &[&str],
    beads: &[Bead],
    anchors: &PairAnchors,
    weights: &Weights,
    su: &Units,
    tu: &Units,
) -> Option<(Units, Units, Weights)> {
    let confident: Vec<&Bead> = beads
        .iter()
        .filter(|b| b.src.len() == 1 && b.tgt.len() == 1 && b.score >= 0.5)
        .collect();
    if confident.len() < 10 {
        return None;
    }
    let mut sc: HashMap<String, u32> = HashMap::new();
    let mut tc: HashMap<String, u32> = HashMap::new();
    // Ordered maps: ties between candidate partners are broken the same way on every run.
    let mut pc: BTreeMap<(String, String), u32> = BTreeMap::new();
    for b in &confident {
        let sw = words(src[b.src.start]);
        let tw = words(tgt[b.tgt.start]);
        for w in &sw {
            *sc.entry(w.clone()).or_default() += 1;
        }
        for w in &tw {
            *tc.entry(w.clone()).or_default() += 1;
        }
        for a in &sw {
            for t in &tw {
                *pc.entry((a.clone(), t.clone())).or_default() += 1;
            }
        }
    }
    // Best partner per source word by Dice.
    let mut best: BTreeMap<&str, (&str, f64)> = BTreeMap::new();
    for ((a, t), &c) in &pc {
        if c < MIN_COUNT {
            continue;
        }
        let dice = 2.0 * f64::from(c) / f64::from(sc[a] + tc[t]);
        if dice < MIN_DICE {
            continue;
        }
        let e = best.entry(a.as_str()).or_insert((t.as_str(), 0.0));
        if dice > e.1 {
            *e = (t.as_str(), dice);
        }
    }
    if best.is_empty() {
        return None;
    }
    let mut weight = weights.weight.clone();
    let mut is_strong = weights.is_strong.clone();
    let mut src_id: HashMap<&str, u32> = HashMap::new();
    let mut tgt_id: HashMap<&str, u32> = HashMap::new();
    for (a, (t, dice)) in &best {
        let id = weight.len() as u32;
        weight.push((0.6 * dice) as f32);
        is_strong.push(false);
        src_id.insert(a, id);
        tgt_id.insert(t, id);
    }
    let extend = |lists: &[Vec<u32>], texts: &[&str], ids: &HashMap<&str, u32>| -> Vec<Vec<u32>> {
        lists
            .iter()
            .zip(texts)
            .map(|(l, t)| {
                let mut v = l.clone();
                v.extend(words(t).iter().filter_map(|w| ids.get(w.as_str()).copied()));
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect()
    };
    let mut w2 = Weights {
        weight,
        is_strong,
        weak_mismatch: weights.weak_mismatch,
        freq: weights.freq.clone(),
        owner: weights.owner.clone(),
        word_scale: weights.word_scale,
    };
    let src_lists = extend(&anchors.src, src, &src_id);
    let tgt_lists = extend(&anchors.tgt, tgt, &tgt_id);
    // Learned ids occur in many sentences; count them, so coarse levels do not take them for
    // the rare anchors they keep.
    w2.freq.resize(w2.weight.len(), 0);
    w2.owner.resize(w2.weight.len(), 0);
    for &id in src_lists.iter().chain(&tgt_lists).flatten() {
        if id as usize >= weights.weight.len() {
            w2.freq[id as usize] += 1;
        }
    }
    let su2 = Units::new(
        su.len.clone(),
        &src_lists,
        su.boiler.clone(),
        &anchors.src_base,
        SRC,
        &w2,
    );
    let tu2 = Units::new(
        tu.len.clone(),
        &tgt_lists,
        tu.boiler.clone(),
        &anchors.tgt_base,
        TGT,
        &w2,
    );
    Some((su2, tu2, w2))
}
