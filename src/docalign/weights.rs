//! What each concept of a page weighs: what it is expected to contribute to the score of the
//! page's true pair, from how rare it is on the other side and how well its kind survives
//! translation in this crawl. Weighed once, after both sides are read; the index and the score
//! only read the weights.

use rayon::prelude::*;

use super::evidence::KINDS;
use super::pages::{PageRef, Pages};

/// Concept weights are fixed point (this many units per nat, in a `u16`: up to 32 nats, an idf
/// no crawl reaches) and sums are integers, so that a score is the same whatever order its
/// terms are added in: input order and thread count never change a result.
const UNIT: f64 = 2048.0;

/// How well rare concepts of each kind (number, address, name, known word, unknown word)
/// survive translation between a page and its true partner, before a crawl says otherwise:
/// about what the PUD documents show (numbers 0.7–0.8, names 0.7–0.8, words 0.75–0.85,
/// unknown words 0.02–0.14). A crawl of a handful of pages cannot tell pages that are poor
/// translations from pages that are no translations; these keep its unmatched concepts
/// weighing what they would in a crawl of translations.
const SURVIVAL: [f64; KINDS] = [0.75, 0.75, 0.75, 0.75, 0.1];

/// How many concepts [`SURVIVAL`] counts as, against the crawl's own.
const SURVIVAL_WEIGHT: f64 = 20.0;

/// Weighs every concept of one side's pages. `own` and `other` are how many pages of this side
/// and of the other hold each key, `n_own` and `n_other` how many pages the sides have.
pub(super) fn weigh_side(pages: &mut Pages, own: &[u32], other: &[u32], n_own: f64, n_other: f64) {
    let view: &Pages = pages;
    let counts = (0..view.len())
        .into_par_iter()
        .map(|p| survival(view.page(p), own, other))
        .reduce(
            || [[0u64; 2]; KINDS],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    x[0] += y[0];
                    x[1] += y[1];
                }
                a
            },
        );
    let mut prior = [0.0; KINDS];
    for (k, [found, all]) in counts.iter().enumerate() {
        prior[k] =
            (*found as f64 + SURVIVAL_WEIGHT * SURVIVAL[k]) / (*all as f64 + SURVIVAL_WEIGHT);
    }
    weigh(pages, own, other, n_own, n_other, &prior);
}

/// Per concept of a page: how many pages of the other side and of its own hold its keys
/// (summed over its keys), and how many keys it has.
fn concept_counts(page: PageRef, own: &[u32], other: &[u32]) -> Vec<[u64; 3]> {
    let mut c = vec![[0u64; 3]; page.concepts()];
    for (k, i) in page.entries() {
        let x = &mut c[usize::from(i)];
        x[0] += u64::from(other[k as usize]);
        x[1] += u64::from(own[k as usize]);
        x[2] += 1;
    }
    c
}

/// For each kind, among the page's concepts found on no other page of its side: how many are
/// found on the other side, and how many there are. Summed over a side, this is how well
/// rare concepts of each kind survive translation in this crawl.
fn survival(page: PageRef, own: &[u32], other: &[u32]) -> [[u64; 2]; KINDS] {
    let mut out = [[0u64; 2]; KINDS];
    for (c, x) in concept_counts(page, own, other).iter().enumerate() {
        if x[1] == x[2] {
            let k = usize::from(page.kind[c]);
            out[k][0] += u64::from(x[0] > 0);
            out[k][1] += 1;
        }
    }
    out
}

/// The weights of a page's concepts: what each is expected to contribute to the score of the
/// page's true pair.
///
/// A concept found on few pages of the other side is strong evidence when matched: its idf,
/// `ln(1 + N_other / (a + 1))`, where `a` counts its keys on the other side's pages. It counts
/// as much as it is likely to survive translation: the ratio of its frequency on the other side
/// to its frequency on its own (at most 1), smoothed towards the survival rate of its kind
/// (`prior`), since for a rare concept that ratio is mostly chance. A name found on no page of
/// the other side thus still weighs about half its idf: a page whose partner is missing keeps
/// its unmatched names in its total, and a chance match of a few common words cannot make it a
/// pair. A German word the dictionary does not know, found on no English page, weighs little:
/// such words rarely survive.
fn weigh(
    pages: &mut Pages,
    own: &[u32],
    other: &[u32],
    n_own: f64,
    n_other: f64,
    prior: &[f64; KINDS],
) {
    // Each page's weights go into its own stretch of one arena, parallel to its kinds.
    let mut weights = vec![0u16; pages.kinds.len()];
    let mut by_place: Vec<usize> = (0..pages.len()).collect();
    by_place.sort_unstable_by_key(|&k| pages.meta[k].concepts_at);
    let mut slices: Vec<(usize, &mut [u16])> = Vec::with_capacity(by_place.len());
    let mut rest: &mut [u16] = &mut weights;
    let mut at = 0;
    for &k in &by_place {
        let m = &pages.meta[k];
        let (_, tail) = std::mem::take(&mut rest).split_at_mut(m.concepts_at - at);
        let (mine, tail) = tail.split_at_mut(usize::from(m.concepts));
        slices.push((k, mine));
        rest = tail;
        at = m.concepts_at + usize::from(m.concepts);
    }
    let view: &Pages = pages;
    let totals: Vec<(usize, u64)> = slices
        .into_par_iter()
        .map(|(k, out)| {
            let page = view.page(k);
            let mut total = 0u64;
            for (c, x) in concept_counts(page, own, other).iter().enumerate() {
                let (a, b) = (x[0] as f64, x[1] as f64);
                let r0 = prior[usize::from(page.kind[c])];
                let survive = ((a * n_own / n_other + r0) / (b + 1.0)).min(1.0);
                let idf = (1.0 + n_other / (a + 1.0)).ln();
                let w = (survive * idf * UNIT).round().min(f64::from(u16::MAX)) as u16;
                out[c] = w;
                total += u64::from(w);
            }
            (k, total)
        })
        .collect();
    for (k, total) in totals {
        pages.meta[k].total = total;
    }
    pages.weights = weights;
    pages.kinds = Vec::new();
}
