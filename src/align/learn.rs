//! Word pairs learned from the corpus: the idea of Moore's aligner (2002) and of hunalign's
//! second pass. A first pass with the lexicon, lengths and anchors gets most 1-1 beads right;
//! words that keep turning up together in its confident beads are translations the lexicon
//! lacks (names of things, a field's vocabulary, or for a language pair without a lexicon, all
//! of it). They join the dictionary and the pair is aligned again.
//!
//! Pairs are chosen by competitive linking (Melamed 2000): the candidate pairs are ranked by
//! their Dice coefficient and taken best first, each word at most once, so a word that merely
//! co-occurs with its true translation's neighbours is not linked to them. The lexicon's own
//! pairs compete too, which keeps known words from being linked to anything else. Counting is
//! bounded: at most [`MAX_BEADS`] beads are observed, spread evenly over the input.

use std::collections::BTreeMap;

use super::Bead;
use crate::anchors::lexicon::Dictionary;
use crate::anchors::{content_keys, FxMap};

/// Beads observed at most: enough for the vocabulary of a book, a bounded table for a corpus.
pub const MAX_BEADS: usize = 50_000;
/// Content words taken from a sentence at most (the first ones).
const MAX_WORDS: usize = 40;
/// A pair must occur together this often to be learned.
const MIN_COUNT: u32 = 2;
/// Dice coefficient a pair needs: `2·c(a, b) / (c(a) + c(b))`.
const MIN_DICE: f64 = 0.4;
/// A word found in more than this share of the observed beads is a function word of its
/// language for our purposes (a stop list we lack for most languages).
const MAX_SHARE: f64 = 0.25;
/// A bead is observed if it is 1-1 and at least this confident.
pub const MIN_SCORE: f64 = 0.8;

/// Counts of co-occurring word keys in confident beads.
#[derive(Default)]
pub struct Learner {
    keys: [FxMap<String, u32>; 2],
    names: [Vec<String>; 2],
    count: [Vec<u32>; 2],
    pairs: FxMap<(u32, u32), u32>,
    beads: usize,
}

impl Learner {
    /// Observes the confident 1-1 beads of one aligned pair (`src`, `tgt` in the dictionary's
    /// side order), every `stride`-th one (1 = all), until [`MAX_BEADS`] are counted.
    pub fn observe(&mut self, dict: &Dictionary, src: &[&str], tgt: &[&str], beads: &[Bead]) {
        let confident = beads
            .iter()
            .filter(|b| b.src.len() == 1 && b.tgt.len() == 1 && b.score >= MIN_SCORE);
        let n = confident.clone().count();
        let stride = n
            .div_ceil(MAX_BEADS.saturating_sub(self.beads).max(1))
            .max(1);
        for b in confident.step_by(stride) {
            if self.beads >= MAX_BEADS {
                return;
            }
            self.beads += 1;
            let a = self.ids(0, content_keys(src[b.src.start], dict.keyer(0)));
            let t = self.ids(1, content_keys(tgt[b.tgt.start], dict.keyer(1)));
            for &x in &a {
                for &y in &t {
                    *self.pairs.entry((x, y)).or_default() += 1;
                }
            }
        }
    }

    fn ids(&mut self, side: usize, mut keys: Vec<String>) -> Vec<u32> {
        keys.truncate(MAX_WORDS);
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter()
            .map(|k| {
                let next = self.names[side].len() as u32;
                let id = *self.keys[side].entry(k.clone()).or_insert(next);
                if id == next {
                    self.names[side].push(k);
                    self.count[side].push(0);
                }
                self.count[side][id as usize] += 1;
                id
            })
            .collect()
    }

    /// How many beads were observed.
    pub fn observed(&self) -> usize {
        self.beads
    }

    /// The learned pairs (source key, target key) that `dict` does not link yet, in a fixed
    /// order whatever the order of the counting.
    pub fn pairs(&self, dict: &Dictionary) -> Vec<(String, String)> {
        let frequent = (self.beads as f64 * MAX_SHARE).max(MIN_COUNT as f64);
        // Candidates keyed by their names, so ties are broken by text, not by arrival order.
        let mut ranked: Vec<(f64, u32, &str, &str)> = Vec::new();
        for (&(a, b), &c) in &self.pairs {
            let (ca, cb) = (self.count[0][a as usize], self.count[1][b as usize]);
            if c < MIN_COUNT || f64::from(ca) > frequent || f64::from(cb) > frequent {
                continue;
            }
            let dice = 2.0 * f64::from(c) / f64::from(ca + cb);
            if dice >= MIN_DICE {
                ranked.push((
                    dice,
                    c,
                    &self.names[0][a as usize],
                    &self.names[1][b as usize],
                ));
            }
        }
        ranked.sort_by(|x, y| {
            y.0.total_cmp(&x.0)
                .then(y.1.cmp(&x.1))
                .then(x.2.cmp(y.2))
                .then(x.3.cmp(y.3))
        });
        let mut taken: [BTreeMap<&str, ()>; 2] = Default::default();
        let mut out = Vec::new();
        for (_, _, a, b) in ranked {
            if taken[0].contains_key(a) || taken[1].contains_key(b) {
                continue;
            }
            taken[0].insert(a, ());
            taken[1].insert(b, ());
            if !dict.links_keys(a, b) {
                out.push((a.to_string(), b.to_string()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(k: usize) -> Bead {
        Bead {
            src: k..k + 1,
            tgt: k..k + 1,
            score: 1.0,
        }
    }

    /// Sentences where `Gletscher` always faces `glacier` and `Hütte` faces `cabane`, among
    /// others, so that neither is in more than a quarter of them.
    fn corpus() -> (Vec<&'static str>, Vec<&'static str>) {
        (
            vec![
                "Der Gletscher wächst.",
                "Die Hütte steht oben.",
                "Der Gletscher schmilzt.",
                "Die Hütte brennt.",
                "Ein Gletscher und eine Hütte.",
                "Der Bergführer wartet.",
                "Das Seil reißt.",
                "Der Nebel steigt.",
                "Die Lawine donnert.",
                "Der Gipfel lockt.",
                "Das Wetter wechselt.",
                "Die Karte fehlt.",
            ],
            vec![
                "Le glacier grandit.",
                "La cabane est en haut.",
                "Le glacier fond.",
                "La cabane brûle.",
                "Un glacier et une cabane.",
                "Le guide attend.",
                "La corde casse.",
                "Le brouillard monte.",
                "L'avalanche gronde.",
                "Le sommet attire.",
                "Le temps change.",
                "La carte manque.",
            ],
        )
    }

    #[test]
    fn pairs_that_keep_meeting_are_learned_one_partner_each() {
        let (de, fr) = corpus();
        let dict = Dictionary::new("de,fr".parse().unwrap());
        let mut l = Learner::default();
        l.observe(&dict, &de, &fr, &(0..12).map(bead).collect::<Vec<_>>());
        let pairs = l.pairs(&dict);
        assert!(
            pairs.contains(&("gletsch".into(), "glaci".into())),
            "{pairs:?}"
        );
        assert!(
            pairs.contains(&("hutt".into(), "caban".into())),
            "{pairs:?}"
        );
        // Competitive linking: no word twice.
        let mut seen = std::collections::HashSet::new();
        for (a, b) in &pairs {
            assert!(seen.insert(("de", a.clone())) && seen.insert(("fr", b.clone())));
        }
    }

    #[test]
    fn learning_ignores_the_order_beads_are_seen_in_and_unsure_beads() {
        let (de, fr) = corpus();
        let dict = Dictionary::new("de,fr".parse().unwrap());
        let run = |order: &[usize]| {
            let mut l = Learner::default();
            for &k in order {
                l.observe(&dict, &de, &fr, &[bead(k)]);
            }
            l.pairs(&dict)
        };
        assert!(!run(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).is_empty());
        assert_eq!(
            run(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
            run(&[11, 4, 2, 9, 0, 3, 7, 1, 10, 5, 8, 6])
        );
        let mut l = Learner::default();
        let unsure: Vec<Bead> = (0..5)
            .map(|k| Bead {
                score: 0.5,
                ..bead(k)
            })
            .collect();
        l.observe(&dict, &de, &fr, &unsure);
        assert_eq!(l.observed(), 0);
    }
}
