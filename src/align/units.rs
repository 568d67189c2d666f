//! The units the dynamic program runs over: sentences, or at coarse levels merged runs of
//! them, stored flat with their lengths, anchor ids and prefix sums so that any run's length
//! and evidence is a subtraction; the anchor weights by id; and what two id lists share.

use crate::anchors::Lists;

/// A sequence of units (sentences, or merged runs of sentences at coarse levels) with their
/// lengths and anchor ids, stored flat: one allocation per level, not per unit.
#[derive(Debug, Clone, Default)]
pub struct Units {
    /// Length of each unit in characters.
    pub len: Vec<f64>,
    /// `prefix[k]`: total length of units `0..k`, so any run's length is one subtraction.
    pub prefix: Vec<f64>,
    /// `sentences[k]`: how many sentences units `0..k` hold (one each at full resolution).
    pub sentences: Vec<f64>,
    /// Strong anchor weight (numbers, acronyms) of each unit.
    pub strong: Vec<f32>,
    /// Total anchor weight of each unit.
    pub total: Vec<f32>,
    /// Anchor ids of unit k are `ids[off[k]..off[k + 1]]`, sorted.
    pub ids: Vec<u32>,
    /// Offsets into `ids`, one more than there are units.
    pub off: Vec<u32>,
    /// Whether the unit is web boilerplate (all of it, for merged units).
    pub boiler: Vec<bool>,
    /// Whether the unit is a line without final punctuation (a title, a label, a teaser).
    pub title: Vec<bool>,
    /// `weak[k]`: how many of the boundaries between units `0..k` are weak (the unit before
    /// the boundary ends in `;` or `:`, a clause mark), as prefix sums: `weak[k + 1] -
    /// weak[k]` is 1 when the boundary before unit k is weak. Zero at coarse levels.
    pub weak: Vec<f64>,
    /// `base[k]`: the (≤ 0) word evidence against pairing units `0..k` that their own words
    /// must earn back (see `anchors::words`), as prefix sums. Zero at coarse levels.
    pub base: Vec<f64>,
    /// `own[k]`: the most word evidence units `0..k` can earn, as prefix sums: the weight of
    /// their own word ids.
    pub own: Vec<f64>,
    /// `trans[k]`: the weight of the other side's word ids that units `0..k` translate, as
    /// prefix sums: the most word evidence they can give the other side's sentences.
    pub trans: Vec<f64>,
}

impl Units {
    /// Builds units from per-unit lengths, id lists and word bases (empty when there is no
    /// word evidence); `side` is the owner bit of this side's words.
    pub fn new(
        len: Vec<f64>,
        lists: Lists,
        boiler: Vec<bool>,
        base: &[f32],
        side: u8,
        weights: &Weights,
    ) -> Units {
        let n = lists.len();
        let mut u = Units {
            sentences: (0..=n).map(|k| k as f64).collect(),
            prefix: Vec::new(),
            len,
            boiler,
            total: Vec::with_capacity(n),
            strong: Vec::with_capacity(n),
            ids: Vec::new(),
            off: Vec::new(),
            base: Vec::new(),
            own: Vec::new(),
            trans: Vec::new(),
            title: Vec::new(),
            weak: Vec::new(),
        };
        let mut own = Vec::with_capacity(n);
        let mut trans = Vec::with_capacity(n);
        for l in lists.iter() {
            let (mut o, mut tr) = (0.0, 0.0);
            for &id in l {
                let owner = weights.owner[id as usize];
                if owner == side {
                    o += f64::from(weights.weight[id as usize]);
                } else if owner != 0 {
                    tr += f64::from(weights.weight[id as usize]);
                }
            }
            own.push(o);
            trans.push(tr);
            u.strong.push(l.iter().map(|&id| weights.strong(id)).sum());
            u.total.push(l.iter().map(|&id| weights.anchor(id)).sum());
        }
        u.ids = lists.ids;
        u.off = if lists.off.is_empty() {
            vec![0]
        } else {
            lists.off
        };
        u.prefix = prefixes(&u.len);
        u.title = vec![false; u.len.len()];
        u.weak = vec![0.0; u.len.len() + 1];
        u.own = prefixes(&own);
        u.trans = prefixes(&trans);
        let base: Vec<f64> = if base.is_empty() {
            vec![0.0; u.len.len()]
        } else {
            base.iter().map(|&b| f64::from(b)).collect()
        };
        u.base = prefixes(&base);
        u
    }

    /// Word evidence against pairing units `from..to` (≤ 0).
    pub(super) fn base(&self, from: usize, to: usize) -> f64 {
        self.base[to] - self.base[from]
    }

    /// The most word evidence units `from..to` can earn.
    pub(super) fn own(&self, from: usize, to: usize) -> f64 {
        self.own[to] - self.own[from]
    }

    /// The anchor weight of units `from..to`, duplicates counted as often as they occur (an
    /// upper bound of their union's).
    pub(super) fn total_of(&self, from: usize, to: usize) -> f32 {
        self.total[from..to].iter().sum()
    }

    /// The most word evidence units `from..to` can give the other side.
    pub(super) fn trans(&self, from: usize, to: usize) -> f64 {
        self.trans[to] - self.trans[from]
    }

    /// How many of the boundaries inside units `from..to` are weak.
    pub(super) fn weak_inside(&self, from: usize, to: usize) -> f64 {
        if to > from + 1 {
            self.weak[to] - self.weak[from + 1]
        } else {
            0.0
        }
    }

    /// Number of units.
    pub fn count(&self) -> usize {
        self.len.len()
    }

    /// How many sentences units `from..to` hold. Costs are per bead, and a bead of merged
    /// units at a coarse level stands for this many sentences: its prior and anchor cap grow
    /// with it, or skipping a unit of 8,000 sentences would cost as little as skipping one.
    pub(super) fn size(&self, from: usize, to: usize) -> f64 {
        self.sentences[to] - self.sentences[from]
    }

    /// The sorted anchor ids of unit k.
    pub fn ids(&self, k: usize) -> &[u32] {
        &self.ids[self.off[k] as usize..self.off[k + 1] as usize]
    }

    /// Merges units two by two (the last one alone when the count is odd). Coarse levels only
    /// look for the neighbourhood of the path, by length and anchors: word ids are left out,
    /// as a dozen kept ids could not earn back the bases of many merged sentences.
    pub(super) fn halve(&self, weights: &Weights) -> Units {
        let n = self.count();
        let mut h = Units {
            sentences: Vec::with_capacity(n.div_ceil(2) + 1),
            prefix: Vec::new(),
            total: Vec::with_capacity(n.div_ceil(2)),
            boiler: Vec::with_capacity(n.div_ceil(2)),
            len: Vec::with_capacity(n.div_ceil(2)),
            strong: Vec::with_capacity(n.div_ceil(2)),
            ids: Vec::with_capacity(self.ids.len()),
            off: Vec::with_capacity(n.div_ceil(2) + 1),
            base: Vec::new(),
            own: Vec::new(),
            trans: Vec::new(),
            title: Vec::new(),
            weak: Vec::new(),
        };
        h.off.push(0);
        let mut k = 0;
        while k < n {
            let pair = (k + 1 < n).then_some(k + 1);
            h.len.push(self.len[k] + pair.map_or(0.0, |p| self.len[p]));
            h.boiler
                .push(self.boiler[k] && pair.is_none_or(|p| self.boiler[p]));
            h.title
                .push(self.title[k] && pair.is_none_or(|p| self.title[p]));
            let start = h.ids.len();
            match pair {
                Some(p) => merge_into(self.ids(k), self.ids(p), &mut h.ids),
                None => h.ids.extend_from_slice(self.ids(k)),
            }
            let mut at = start;
            for i in start..h.ids.len() {
                if weights.owner[h.ids[i] as usize] == 0 {
                    h.ids[at] = h.ids[i];
                    at += 1;
                }
            }
            h.ids.truncate(at);
            thin(&mut h.ids, start, weights);
            h.strong
                .push(h.ids[start..].iter().map(|&id| weights.strong(id)).sum());
            h.total
                .push(h.ids[start..].iter().map(|&id| weights.anchor(id)).sum());
            h.off.push(h.ids.len() as u32);
            k += 2;
        }
        h.sentences = (0..=h.len.len())
            .map(|k| self.sentences[(2 * k).min(n)])
            .collect();
        h.prefix = prefixes(&h.len);
        h.base = vec![0.0; h.len.len() + 1];
        h.own = vec![0.0; h.len.len() + 1];
        h.trans = vec![0.0; h.len.len() + 1];
        h.weak = vec![0.0; h.len.len() + 1];
        h
    }
}

fn prefixes(len: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(len.len() + 1);
    let mut sum = 0.0;
    out.push(0.0);
    for l in len {
        sum += l;
        out.push(sum);
    }
    out
}

/// Anchor weights by id, and which ids are strong (numbers, acronyms, URLs).
#[derive(Debug, Clone, Default)]
pub struct Weights {
    /// Weight of each id.
    pub weight: Vec<f32>,
    /// In how many sentences of the pair each id occurs (for thinning coarse units).
    pub freq: Vec<u32>,
    /// For a word id, the side whose word it is (`1` source, `2` target); `0` for anchors.
    pub owner: Vec<u8>,
    /// Nats of cost per nat of word evidence (the scale of the word weights).
    pub word_scale: f64,
    /// Per id, what [`Weights::strong`] returns, computed once: the inner loop asks for it
    /// for every id it visits.
    pub(super) mismatch: Vec<f32>,
    /// The word ids come from a built-in lexicon (not only from learning): for confidence.
    pub lexicon: bool,
}

impl Weights {
    /// Weights with their derived tables; see the fields for the arguments. `is_strong` says
    /// whether a mismatch on an id speaks fully against a pair (numbers, acronyms, URLs);
    /// `weak_mismatch` how much a mismatch on any other id (a name, a lexicon word) counts
    /// relative to a strong one.
    pub fn new(
        weight: Vec<f32>,
        is_strong: Vec<bool>,
        weak_mismatch: f32,
        freq: Vec<u32>,
        owner: Vec<u8>,
        word_scale: f64,
    ) -> Weights {
        let mismatch = (0..weight.len())
            .map(|k| match (owner[k], is_strong[k]) {
                (0, true) => weight[k],
                (0, false) => weight[k] * weak_mismatch,
                _ => 0.0,
            })
            .collect();
        Weights {
            weight,
            freq,
            owner,
            word_scale,
            mismatch,
            lexicon: false,
        }
    }

    /// The weight an id counts as an anchor: none for word ids, which have their own account.
    pub(super) fn anchor(&self, id: u32) -> f32 {
        if self.owner[id as usize] == 0 {
            self.weight[id as usize]
        } else {
            0.0
        }
    }

    /// The weight an unmatched id adds to the evidence against a pair (none for word ids).
    pub(super) fn strong(&self, id: u32) -> f32 {
        self.mismatch[id as usize]
    }
}

/// Most anchor ids a merged unit keeps. Coarse levels only have to find the right
/// neighbourhood; keeping every id of every merged sentence would make their unions, and so
/// the coarse DP, as slow as the fine one.
const COARSE_IDS: usize = 12;

/// Keeps the `COARSE_IDS` most telling ids of `ids[start..]`, in sorted order: the rarest in
/// the pair first (a number or name found in one sentence pins a unit down; a word on every
/// page says nothing about where the unit belongs), then the heaviest.
fn thin(ids: &mut Vec<u32>, start: usize, weights: &Weights) {
    if ids.len() - start <= COARSE_IDS {
        return;
    }
    let mut run: Vec<u32> = ids.split_off(start);
    let freq = |id: u32| weights.freq.get(id as usize).copied().unwrap_or(0);
    run.sort_by(|a, b| {
        freq(*a)
            .cmp(&freq(*b))
            .then(weights.weight[*b as usize].total_cmp(&weights.weight[*a as usize]))
            .then(a.cmp(b))
    });
    run.truncate(COARSE_IDS);
    run.sort_unstable();
    ids.extend_from_slice(&run);
}

fn merge_into(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// What two sorted id lists share: anchor weight, strong anchor weight, word evidence.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Shared {
    pub(super) all: f32,
    pub(super) strong: f32,
    pub(super) words: f32,
    /// Matched word ids owned by the source side and by the target side.
    pub(super) src_hits: u16,
    pub(super) tgt_hits: u16,
}

impl Shared {
    /// The word evidence of a bead of `di` source and `dj` target units. A word matched
    /// against a run of k sentences could have met a translation by chance k times as often
    /// as against one, so each match is worth ln k less: without this, the union of a long
    /// bead finds accidental matches for sentences that have no counterpart.
    pub(super) fn word_evidence(&self, di: usize, dj: usize, w: &Weights) -> f64 {
        let chance = f64::from(self.src_hits) * (dj as f64).ln()
            + f64::from(self.tgt_hits) * (di as f64).ln();
        f64::from(self.words) - w.word_scale * chance
    }
}

pub(super) fn shared(a: &[u32], b: &[u32], w: &Weights) -> Shared {
    let (mut i, mut j) = (0, 0);
    let mut s = Shared::default();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let id = a[i] as usize;
                if w.owner[id] == 0 {
                    s.all += w.weight[id];
                    s.strong += w.strong(id as u32);
                } else {
                    s.words += w.weight[id];
                    if w.owner[id] == 1 {
                        s.src_hits = s.src_hits.saturating_add(1);
                    } else {
                        s.tgt_hits = s.tgt_hits.saturating_add(1);
                    }
                }
                i += 1;
                j += 1;
            }
        }
    }
    s
}
