//! The dynamic program: the cheapest sequence of beads through two sequences of units, in a
//! band around a guide, found coarse-to-fine so that time and memory grow linearly.
//!
//! A full DP over n × m cells is what makes other aligners slow (hunalign: 1.9 GB for
//! 48,000 × 28,000) or refuse large inputs. Here, when n × m is small the DP is full; otherwise
//! both sides are halved by merging neighbouring units, the halves are aligned recursively, and
//! the fine DP only visits cells within a margin of the coarse path. Each level costs
//! O((n + m) · margin), and there are log₂(n / 500) levels.

use super::cost::{length_cost, Params, BEADS, MAX_SPAN};
use super::units::{shared, Shared, Units, Weights};

/// For each boundary i (source units consumed), the allowed target boundaries `lo[i]..=hi[i]`.
#[derive(Debug, Clone)]
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
}

impl Band {
    fn full(n: usize, m: usize) -> Band {
        Band {
            lo: vec![0; n + 1],
            hi: vec![m; n + 1],
        }
    }

    /// Widens each row by `margin` and makes the band monotone and anchored at both corners.
    fn finish(mut self, m: usize, margin: usize) -> Band {
        let n = self.lo.len() - 1;
        for i in 0..=n {
            self.lo[i] = self.lo[i].saturating_sub(margin);
            self.hi[i] = (self.hi[i] + margin).min(m);
        }
        self.lo[0] = 0;
        self.hi[n] = m;
        for i in 1..=n {
            self.lo[i] = self.lo[i].max(self.lo[i - 1]);
        }
        for i in (0..n).rev() {
            self.hi[i] = self.hi[i].min(self.hi[i + 1]);
        }
        for i in 0..=n {
            if self.lo[i] > self.hi[i] {
                self.lo[i] = self.hi[i];
            }
        }
        self
    }
}

/// Cells a full DP may have before the coarse-to-fine search takes over.
const FULL_CELLS: usize = 224 * 224;
/// Units either side of the coarse path the fine level may still move.
const MARGIN: usize = 8;

/// One step of the path: how many units of each side the bead takes, and its cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Source units.
    pub src: usize,
    /// Target units.
    pub tgt: usize,
    /// The bead's own cost (not the path's).
    pub cost: f64,
}

/// Aligns `src` with `tgt`: the cheapest path of beads from (0, 0) to (n, m).
pub fn align(src: &Units, tgt: &Units, w: &Weights, p: &Params) -> Vec<Step> {
    level(src, tgt, w, p, BEADS.len())
}

/// Shapes the coarse levels consider: 1-1, skips, 2-1, 1-2, 2-2. They only have to find the
/// neighbourhood of the path; the long shapes matter at full resolution.
const COARSE_BEADS: usize = 6;

fn level(src: &Units, tgt: &Units, w: &Weights, p: &Params, shapes: usize) -> Vec<Step> {
    let (n, m) = (src.count(), tgt.count());
    if (n + 1) * (m + 1) <= FULL_CELLS || n < 4 || m < 4 {
        return run(src, tgt, &Band::full(n, m), w, p, shapes);
    }
    let coarse = level(&src.halve(w), &tgt.halve(w), w, p, COARSE_BEADS);
    let mut band = Band {
        lo: vec![usize::MAX; n + 1],
        hi: vec![0; n + 1],
    };
    let (mut ci, mut cj) = (0usize, 0usize);
    for s in &coarse {
        let (i0, i1) = ((2 * ci).min(n), (2 * (ci + s.src)).min(n));
        let (j0, j1) = ((2 * cj).min(m), (2 * (cj + s.tgt)).min(m));
        for i in i0..=i1 {
            band.lo[i] = band.lo[i].min(j0);
            band.hi[i] = band.hi[i].max(j1);
        }
        ci += s.src;
        cj += s.tgt;
    }
    for i in 0..=n {
        if band.lo[i] == usize::MAX {
            band.lo[i] = 0;
            band.hi[i] = m;
        }
    }
    run(src, tgt, &band.finish(m, MARGIN), w, p, shapes)
}

/// The DP proper, restricted to `band`.
fn run(src: &Units, tgt: &Units, band: &Band, w: &Weights, p: &Params, shapes: usize) -> Vec<Step> {
    let n = src.count();
    let width = |i: usize| band.hi[i] - band.lo[i] + 1;
    let mut row_start = Vec::with_capacity(n + 2);
    row_start.push(0usize);
    for i in 0..=n {
        row_start.push(row_start[i] + width(i));
    }
    let mut back = vec![u8::MAX; row_start[n + 1]];
    // Costs of the last rows a bead can reach back to.
    let mut cost: [Vec<f64>; MAX_SPAN + 1] = Default::default();
    let mut runs = SourceRuns::new(w.weight.len());
    let mut seen = Seen::new(w.weight.len());

    for i in 0..=n {
        let (lo, hi) = (band.lo[i], band.hi[i]);
        let mut row = std::mem::take(&mut cost[i % (MAX_SPAN + 1)]);
        row.clear();
        row.resize(hi - lo + 1, f64::INFINITY);
        runs.start_row(i, src, w);
        for j in lo..=hi {
            if i == 0 && j == 0 {
                row[0] = 0.0;
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = u8::MAX;
            for (t, &(di, dj)) in BEADS[..shapes].iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let (pi, pj) = (i - di, j - dj);
                if pj < band.lo[pi] || pj > band.hi[pi] {
                    continue;
                }
                let prev = if di == 0 {
                    row[pj - lo]
                } else {
                    cost[pi % (MAX_SPAN + 1)][pj - band.lo[pi]]
                };
                if !prev.is_finite() {
                    continue;
                }
                if di == 0 || dj == 0 {
                    let c = prev + skip_cost(t, pi, pj, di, src, tgt, p);
                    if c < best {
                        best = c;
                        arg = t as u8;
                    }
                    continue;
                }
                let scale = (src.size(pi, i) + tgt.size(pj, j)) / (di + dj) as f64;
                let boiler = boiler_penalty(pi, i, pj, j, src, tgt, p);
                let unpaid = -(src.base(pi, i) + tgt.base(pj, j));
                // No bead can earn more anchor evidence than its lighter side holds, nor more
                // word evidence than the words one side has and the other translates. The
                // bound spares the length cost and the intersection of most hopeless beads.
                let (s_total, t_total) = (runs.total[di - 1], tgt.total_of(pj, j));
                let bound =
                    (f64::from(s_total.min(t_total)) * p.anchor_weight).min(p.anchor_cap * scale);
                let most =
                    src.own(pi, i).min(tgt.trans(pj, j)) + tgt.own(pj, j).min(src.trans(pi, i));
                let floor = prev + p.prior[t] * scale - clause_bonus(pi, i, pj, j, src, tgt, p);
                if boiler == 0.0 && floor + unpaid - most - bound >= best {
                    continue;
                }
                let ls = src.prefix[i] - src.prefix[pi];
                let lt = tgt.prefix[j] - tgt.prefix[pj];
                let base = floor + p.length_weight * length_cost(ls, lt, scale, p);
                let c = if boiler > 0.0 {
                    base + boiler
                } else {
                    if base + unpaid - most - bound >= best {
                        continue;
                    }
                    let (sh, t_strong) = runs.shared(di, tgt, pj, j, w, &mut seen);
                    base + evidence_cost(sh.all, sh.strong, runs.strong[di - 1], t_strong, scale, p)
                        + unpaid
                        - sh.word_evidence(di, dj, w)
                        + unrelated(&sh, -src.base(pi, i), -tgt.base(pj, j), di + dj, p)
                };
                if c < best {
                    best = c;
                    arg = t as u8;
                }
            }
            row[j - lo] = best;
            back[row_start[i] + j - lo] = arg;
        }
        cost[i % (MAX_SPAN + 1)] = row;
    }

    // Walk back from (n, m).
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, tgt.count());
    while i > 0 || j > 0 {
        let t = back[row_start[i] + j - band.lo[i]];
        let (di, dj) = BEADS[t as usize];
        steps.push(Step {
            src: di,
            tgt: dj,
            cost: 0.0,
        });
        i -= di;
        j -= dj;
    }
    steps.reverse();
    // Each bead's own cost, for confidence scores.
    let (mut i, mut j) = (0, 0);
    for s in &mut steps {
        s.cost = bead_cost((i, i + s.src), (j, j + s.tgt), src, tgt, w, p);
        i += s.src;
        j += s.tgt;
    }
    steps
}

/// A bead's cost, computed from scratch (for the beads of the final path). The DP computes
/// the same sum in pieces, with cached unions and pruning. Shared anchors are counted once per
/// bead, on the union of each side's ids: summing sentence pairs instead would pay a 2-2 bead
/// for the cross pairs that two 1-1 beads do not see, and merge neighbours that merely mention
/// the same name.
pub(super) fn bead_cost(
    (i0, i1): (usize, usize),
    (j0, j1): (usize, usize),
    src: &Units,
    tgt: &Units,
    w: &Weights,
    p: &Params,
) -> f64 {
    let t = BEADS
        .iter()
        .position(|&b| b == (i1 - i0, j1 - j0))
        .expect("known bead");
    if i0 == i1 || j0 == j1 {
        return skip_cost(t, i0, j0, i1 - i0, src, tgt, p);
    }
    let ls = src.prefix[i1] - src.prefix[i0];
    let lt = tgt.prefix[j1] - tgt.prefix[j0];
    let scale = (src.size(i0, i1) + tgt.size(j0, j1)) / ((i1 - i0) + (j1 - j0)) as f64;
    let base = p.prior[t] * scale + p.length_weight * length_cost(ls, lt, scale, p)
        - clause_bonus(i0, i1, j0, j1, src, tgt, p);
    let boiler = boiler_penalty(i0, i1, j0, j1, src, tgt, p);
    if boiler > 0.0 {
        return base + boiler;
    }
    let run = |u: &Units, a: usize, b: usize| {
        let mut ids: Vec<u32> = (a..b).flat_map(|k| u.ids(k).iter().copied()).collect();
        ids.sort_unstable();
        ids.dedup();
        Run::of(ids, w)
    };
    let (rs, rt) = (run(src, i0, i1), run(tgt, j0, j1));
    let sh = shared(&rs.ids, &rt.ids, w);
    let unpaid = -(src.base(i0, i1) + tgt.base(j0, j1));
    base + evidence_cost(sh.all, sh.strong, rs.strong, rt.strong, scale, p) + unpaid
        - sh.word_evidence(i1 - i0, j1 - j0, w)
        + unrelated(
            &sh,
            -src.base(i0, i1),
            -tgt.base(j0, j1),
            (i1 - i0) + (j1 - j0),
            p,
        )
}

/// Extra cost of a pairing bead that shares nothing at all (no anchor, no translated word)
/// although its sentences have words the lexicon knows: more than leaving each of its
/// `sentences` unpaired, so two orphans that happen to sit side by side with lengths that fit
/// stay apart. Sentences without a known word (`Yes.` – `Ja.`) are left to length and position.
fn unrelated(sh: &Shared, su: f64, tu: f64, sentences: usize, p: &Params) -> f64 {
    let th = p.unrelated_words;
    if sh.all == 0.0 && sh.words == 0.0 && su >= th && tu >= th {
        sentences as f64 * p.prior[1]
    } else {
        0.0
    }
}

/// The anchor part of a pairing bead's cost: shared weight lowers it (up to a cap), strong
/// anchors left unmatched on both sides raise it.
fn evidence_cost(
    all: f32,
    strong: f32,
    src_strong: f32,
    tgt_strong: f32,
    scale: f64,
    p: &Params,
) -> f64 {
    let evidence = (f64::from(all) * p.anchor_weight).min(p.anchor_cap * scale);
    let unmatched = f64::from((src_strong - strong).min(tgt_strong - strong).max(0.0));
    p.mismatch_weight * unmatched - evidence
}

/// A run's anchor ids with their strong weight.
#[derive(Default, Clone)]
struct Run {
    ids: Vec<u32>,
    strong: f32,
}

impl Run {
    fn of(ids: Vec<u32>, w: &Weights) -> Run {
        let strong = ids.iter().map(|&id| w.strong(id)).sum();
        Run { ids, strong }
    }
}

/// The source runs that beads ending in the current row can take (units `i - d .. i` for
/// `d` = 1..=MAX_SPAN), held as one mark per id: `mark[id]` is the smallest `d` whose run holds
/// `id`, so "is `id` in run `d`" is one byte compare. A bead's shared evidence is then a walk
/// over its target run's ids alone, instead of a merge of two sorted lists, and no run's union
/// is ever built.
struct SourceRuns {
    mark: Vec<u8>,
    /// The units marked, to clear them again.
    marked: Vec<u32>,
    /// Anchor and strong anchor weight of each run, duplicates counted once.
    total: [f32; MAX_SPAN],
    strong: [f32; MAX_SPAN],
}

impl SourceRuns {
    fn new(ids: usize) -> SourceRuns {
        SourceRuns {
            mark: vec![0; ids],
            marked: Vec::new(),
            total: [0.0; MAX_SPAN],
            strong: [0.0; MAX_SPAN],
        }
    }

    fn start_row(&mut self, i: usize, src: &Units, w: &Weights) {
        for &id in &self.marked {
            self.mark[id as usize] = 0;
        }
        self.marked.clear();
        let (mut total, mut strong) = (0.0, 0.0);
        for d in 1..=MAX_SPAN {
            if d <= i {
                for &id in src.ids(i - d) {
                    let m = &mut self.mark[id as usize];
                    if *m == 0 {
                        *m = d as u8;
                        self.marked.push(id);
                        total += w.anchor(id);
                        strong += w.strong(id);
                    }
                }
            }
            self.total[d - 1] = total;
            self.strong[d - 1] = strong;
        }
    }

    /// What source run `di` shares with target units `pj..j`, and the target run's strong
    /// anchor weight (duplicates counted once).
    fn shared(
        &self,
        di: usize,
        tgt: &Units,
        pj: usize,
        j: usize,
        w: &Weights,
        seen: &mut Seen,
    ) -> (Shared, f32) {
        let mut s = Shared::default();
        let mut t_strong = 0.0;
        let di = di as u8;
        let visit = |id: u32, s: &mut Shared, t_strong: &mut f32| {
            let k = id as usize;
            *t_strong += w.mismatch[k];
            let m = self.mark[k];
            if m != 0 && m <= di {
                match w.owner[k] {
                    0 => {
                        s.all += w.weight[k];
                        s.strong += w.mismatch[k];
                    }
                    1 => {
                        s.words += w.weight[k];
                        s.src_hits = s.src_hits.saturating_add(1);
                    }
                    _ => {
                        s.words += w.weight[k];
                        s.tgt_hits = s.tgt_hits.saturating_add(1);
                    }
                }
            }
        };
        if j - pj == 1 {
            let mut ignored = 0.0;
            for &id in tgt.ids(pj) {
                visit(id, &mut s, &mut ignored);
            }
            t_strong = tgt.strong[pj];
        } else {
            seen.next();
            for l in pj..j {
                for &id in tgt.ids(l) {
                    if seen.first(id) {
                        visit(id, &mut s, &mut t_strong);
                    }
                }
            }
        }
        (s, t_strong)
    }
}

/// Which ids one walk has met already: a stamp per id, so nothing is cleared between walks.
struct Seen {
    stamp: Vec<u32>,
    now: u32,
}

impl Seen {
    fn new(ids: usize) -> Seen {
        Seen {
            stamp: vec![0; ids],
            now: 0,
        }
    }

    fn next(&mut self) {
        self.now = self.now.wrapping_add(1);
        if self.now == 0 {
            self.stamp.fill(0);
            self.now = 1;
        }
    }

    fn first(&mut self, id: u32) -> bool {
        let s = &mut self.stamp[id as usize];
        let new = *s != self.now;
        *s = self.now;
        new
    }
}

/// The cost of a skip bead (one sentence with no counterpart): cheap for boilerplate.
fn skip_cost(
    t: usize,
    i0: usize,
    j0: usize,
    di: usize,
    src: &Units,
    tgt: &Units,
    p: &Params,
) -> f64 {
    let (boiler, title, size) = if di == 0 {
        (tgt.boiler[j0], tgt.title[j0], tgt.size(j0, j0 + 1))
    } else {
        (src.boiler[i0], src.title[i0], src.size(i0, i0 + 1))
    };
    size * if boiler {
        p.boiler_skip
    } else if title {
        p.title_skip
    } else {
        p.prior[t]
    }
}

/// What a pairing bead saves for the weak boundaries (after `;` or `:`) inside it that the
/// other side does not mirror: `p.weak_boundary` per boundary of the difference between the
/// two sides' counts. A split at a clause mark that the translator did not make belongs inside
/// a bead; one that both sides make (`a ; b` – `a' ; b'`) is parallel structure, two beads.
fn clause_bonus(
    i0: usize,
    i1: usize,
    j0: usize,
    j1: usize,
    src: &Units,
    tgt: &Units,
    p: &Params,
) -> f64 {
    p.weak_boundary * (src.weak_inside(i0, i1) - tgt.weak_inside(j0, j1)).abs()
}

/// Extra cost of a pairing bead per boilerplate line in it. Pairing stays possible (a
/// translated byline is a real pair), but a widget shares words ("cookies", "Cookies") without
/// being a translation, so the bead earns no evidence either.
fn boiler_penalty(
    i0: usize,
    i1: usize,
    j0: usize,
    j1: usize,
    src: &Units,
    tgt: &Units,
    p: &Params,
) -> f64 {
    let n = src.boiler[i0..i1]
        .iter()
        .chain(&tgt.boiler[j0..j1])
        .filter(|&&b| b)
        .count();
    n as f64 * p.boiler_pair
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchors::Lists;

    fn units(lens: &[f64], ids: &[Vec<u32>], w: &Weights) -> Units {
        let mut lists = Lists::default();
        for l in ids {
            lists.push(&mut l.clone());
        }
        Units::new(lens.to_vec(), lists, vec![false; lens.len()], &[], 1, w)
    }

    #[test]
    fn band_is_monotone_and_anchored() {
        let b = Band {
            lo: vec![5, 3, 4, 9],
            hi: vec![6, 2, 8, 9],
        }
        .finish(10, 1);
        assert_eq!(b.lo[0], 0);
        assert_eq!(b.hi[3], 10);
        for i in 1..4 {
            assert!(b.lo[i] >= b.lo[i - 1] && b.hi[i] >= b.hi[i - 1]);
            assert!(b.lo[i] <= b.hi[i]);
        }
    }

    #[test]
    fn halving_merges_neighbours() {
        let w = Weights::new(
            vec![1.0; 4],
            vec![true, false, false, false],
            0.0,
            Vec::new(),
            vec![0; 4],
            0.5,
        );
        let u = units(&[1.0, 2.0, 3.0], &[vec![0, 2], vec![1, 2], vec![3]], &w);
        assert!(u.halve(&w).boiler.iter().all(|b| !b));
        let h = u.halve(&w);
        assert_eq!(h.len, vec![3.0, 3.0]);
        assert_eq!(h.ids(0), &[0, 1, 2]);
        assert_eq!(h.ids(1), &[3]);
        assert_eq!(h.strong, vec![1.0, 0.0]);
    }

    #[test]
    fn only_unmirrored_weak_boundaries_earn_the_clause_bonus() {
        let w = Weights::new(Vec::new(), Vec::new(), 0.0, Vec::new(), Vec::new(), 0.5);
        let mut src = units(&[10.0; 3], &[vec![], vec![], vec![]], &w);
        let mut tgt = units(&[10.0; 3], &[vec![], vec![], vec![]], &w);
        // Source: a weak boundary before units 1 and 2; target: before unit 1 only.
        src.weak = vec![0.0, 0.0, 1.0, 2.0];
        tgt.weak = vec![0.0, 0.0, 1.0, 1.0];
        let p = Params::new(1.0);
        let bonus =
            |i: (usize, usize), j: (usize, usize)| clause_bonus(i.0, i.1, j.0, j.1, &src, &tgt, &p);
        assert_eq!(bonus((0, 1), (0, 1)), 0.0);
        assert_eq!(bonus((0, 2), (0, 1)), p.weak_boundary);
        assert_eq!(bonus((0, 3), (0, 1)), 2.0 * p.weak_boundary);
        // Parallel clauses: both sides split at the same mark.
        assert_eq!(bonus((0, 2), (0, 2)), 0.0);
        assert_eq!(bonus((0, 3), (0, 3)), p.weak_boundary);
    }

    #[test]
    fn coarse_to_fine_agrees_with_the_full_dp_on_a_clean_pair() {
        // 3,000 sentences with a shared id each, target 1.14 times longer.
        let n = 3000;
        let w = Weights::new(
            vec![1.0; n],
            vec![false; n],
            0.0,
            Vec::new(),
            vec![0; n],
            0.5,
        );
        let lens: Vec<f64> = (0..n).map(|k| 40.0 + (k * 37 % 90) as f64).collect();
        let ids: Vec<Vec<u32>> = (0..n).map(|k| vec![k as u32]).collect();
        let src = units(&lens, &ids, &w);
        let tgt = units(&lens.iter().map(|l| l * 1.14).collect::<Vec<_>>(), &ids, &w);
        let p = Params::new(1.14);
        let steps = align(&src, &tgt, &w, &p);
        assert_eq!(steps.len(), n);
        assert!(steps.iter().all(|s| s.src == 1 && s.tgt == 1));
    }
}
