//! Pages as numbered evidence, the weights of their concepts, the inverted index that proposes
//! candidates, and the score of a candidate pair.
//!
//! Nothing here is N × M: each page looks up its rarest keys in the other side's postings,
//! keeps its best few candidates, and only those are scored in full.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::evidence::{Interner, RawEvidence, KINDS};
use super::url::{url_keys, UrlKeys};

/// Concept weights and sums are fixed point (this many units per nat), so that a score is the
/// same whatever order its terms are added in: input order and thread count never change a
/// result.
const UNIT: f64 = 65536.0;

/// One page's evidence, numbered: its keys sorted (a key held by two concepts appears twice)
/// with the concept each belongs to, and each concept's weight once the index knows how rare
/// its keys are.
#[derive(Debug, Clone)]
pub struct Evidence {
    keys: Box<[u32]>,
    concept: Box<[u16]>,
    kind: Box<[u8]>,
    weight: Box<[u32]>,
    total: u64,
    chars: u32,
    url: Option<UrlKeys>,
}

impl Evidence {
    /// Numbers a page's keys. A page with more concepts than a `u16` counts (a book, not a
    /// web page) keeps the first 65,535.
    pub fn new(raw: RawEvidence, url: Option<&str>, interner: &Interner) -> Evidence {
        let n = raw.concepts.len().min(usize::from(u16::MAX));
        let mut flat = Vec::new();
        let mut owner = Vec::new();
        for (c, concept) in raw.concepts.iter().take(n).enumerate() {
            flat.extend_from_slice(&concept.keys);
            owner.extend(std::iter::repeat_n(c as u16, concept.keys.len()));
        }
        let mut ids = Vec::with_capacity(flat.len());
        interner.intern(&flat, &mut ids);
        let mut pairs: Vec<(u32, u16)> = ids.into_iter().zip(owner).collect();
        pairs.sort_unstable();
        pairs.dedup();
        Evidence {
            keys: pairs.iter().map(|p| p.0).collect(),
            concept: pairs.iter().map(|p| p.1).collect(),
            kind: raw.concepts.iter().take(n).map(|c| c.kind as u8).collect(),
            weight: vec![0; n].into_boxed_slice(),
            total: 0,
            chars: raw.chars,
            url: url.and_then(url_keys),
        }
    }

    /// How many concepts the page has.
    pub fn concepts(&self) -> usize {
        self.weight.len()
    }

    /// The page's length in characters.
    pub fn chars(&self) -> u32 {
        self.chars
    }

    /// Bytes held, for the memory estimate in the docs.
    pub fn heap_bytes(&self) -> usize {
        self.keys.len() * 4 + self.concept.len() * 2 + self.weight.len() * 5
    }

    /// Whether the page has a web address.
    pub fn has_url(&self) -> bool {
        self.url.is_some()
    }

    /// The distinct keys, in order.
    fn distinct_keys(&self) -> impl Iterator<Item = u32> + '_ {
        self.keys
            .iter()
            .enumerate()
            .filter(|&(i, k)| i == 0 || self.keys[i - 1] != *k)
            .map(|(_, &k)| k)
    }
}

/// Parameters of the score and of the candidate search.
#[derive(Debug, Clone)]
pub struct Params {
    /// Candidates kept per page from the index (each direction).
    pub candidates: usize,
    /// Postings read per page at most while looking for candidates (whole weight levels are
    /// read, so the cut never depends on the order of equal weights).
    pub budget: usize,
    /// Keys on more pages than this (per side) get no postings list: they are too common to
    /// propose a candidate, and their lists would be the bulk of the index. The larger of this
    /// and `common_share` of the side's pages.
    pub common_min: usize,
    /// See `common_min`.
    pub common_share: f64,
    /// The German/English length ratio of a translation (in characters).
    pub length_ratio: f64,
    /// Standard deviation of the natural log of that ratio.
    pub length_sigma: f64,
    /// How much of the score the length prior can take away (0: none, 1: all).
    pub length_weight: f64,
    /// Added to the score when the addresses agree after their language markers are removed.
    pub url_page: f64,
    /// Added when only their last parts (slugs) agree.
    pub url_slug: f64,
    /// A slug on more pages than this (per side) is not a page's own.
    pub slug_max_pages: usize,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            candidates: 10,
            budget: 8192,
            common_min: 200,
            common_share: 0.02,
            length_ratio: 1.1,
            length_sigma: 0.35,
            length_weight: 0.5,
            url_page: 0.3,
            url_slug: 0.15,
            slug_max_pages: 2,
        }
    }
}

/// Which address evidence a pair has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UrlMatch {
    /// None, or no addresses.
    None,
    /// The last path parts agree.
    Slug,
    /// The addresses agree after their language markers are removed.
    Page,
}

/// A scored candidate pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// English page (its index).
    pub en: u32,
    /// German page.
    pub de: u32,
    /// The final score, 0–1: content, length prior and address evidence.
    pub score: f64,
    /// The content alone, 0–1: the share of both pages' weighted concepts found on the other.
    pub content: f64,
    /// The larger of the two pages' own shares found on the other: near 1 when one page holds
    /// the other (a teaser, a translation cut short), whatever their lengths.
    pub cover: f64,
    /// The address evidence.
    pub url: UrlMatch,
    /// How many concepts of the English page were found on the German one.
    pub shared: u32,
}

/// Postings lists of one side: for each key, the pages holding it (in page order), if it is
/// rare enough to have a list.
struct Postings {
    start: Vec<u32>,
    pages: Vec<u32>,
}

impl Postings {
    fn build(pages: &[Evidence], df: &[u32], cap: u32) -> Postings {
        let mut start = vec![0u32; df.len() + 1];
        for (k, &d) in df.iter().enumerate() {
            start[k + 1] = start[k] + if d <= cap { d } else { 0 };
        }
        let mut fill = start.clone();
        let mut out = vec![0u32; start[df.len()] as usize];
        for (p, page) in pages.iter().enumerate() {
            for k in page.distinct_keys() {
                if df[k as usize] <= cap {
                    out[fill[k as usize] as usize] = p as u32;
                    fill[k as usize] += 1;
                }
            }
        }
        Postings { start, pages: out }
    }

    fn get(&self, key: u32) -> &[u32] {
        let (a, b) = (self.start[key as usize], self.start[key as usize + 1]);
        &self.pages[a as usize..b as usize]
    }
}

/// Both sides' evidence, weighted, with the index over it.
pub struct Index {
    sides: [Vec<Evidence>; 2],
    postings: [Postings; 2],
    /// Address and slug hashes → pages, per side.
    urls: [FxHashMap<u64, Vec<u32>>; 2],
    slugs: [FxHashMap<u64, Vec<u32>>; 2],
    params: Params,
}

impl Index {
    /// Weighs every concept and builds the postings. `keys` is the interner's count.
    pub fn build(en: Vec<Evidence>, de: Vec<Evidence>, keys: usize, params: Params) -> Index {
        let mut sides = [en, de];
        let df: Vec<Vec<u32>> = sides
            .iter()
            .map(|pages| {
                let mut df = vec![0u32; keys];
                for p in pages {
                    for k in p.distinct_keys() {
                        df[k as usize] += 1;
                    }
                }
                df
            })
            .collect();
        let n = [sides[0].len().max(1) as f64, sides[1].len().max(1) as f64];
        for s in 0..2 {
            let (own, other) = (&df[s], &df[1 - s]);
            let counts = sides[s]
                .par_iter()
                .map(|page| survival(page, own, other))
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
            let prior = counts.map(|[found, all]| (found as f64 + 1.0) / (all as f64 + 2.0));
            if std::env::var_os("ENDE_PAIR_DEBUG").is_some() {
                eprintln!("side {s}: survival by kind {prior:.3?} from {counts:?}");
            }
            let (n_own, n_other) = (n[s], n[1 - s]);
            sides[s].par_iter_mut().for_each(|page| {
                weigh(page, own, other, n_own, n_other, &prior);
            });
        }
        let postings = [0, 1].map(|s| {
            let cap = (params.common_share * n[s]).max(params.common_min as f64) as u32;
            Postings::build(&sides[s], &df[s], cap)
        });
        let mut urls: [FxHashMap<u64, Vec<u32>>; 2] = Default::default();
        let mut slugs: [FxHashMap<u64, Vec<u32>>; 2] = Default::default();
        for s in 0..2 {
            for (p, page) in sides[s].iter().enumerate() {
                if let Some(u) = page.url {
                    urls[s].entry(u.page).or_default().push(p as u32);
                    if let Some(slug) = u.slug {
                        slugs[s].entry(slug).or_default().push(p as u32);
                    }
                }
            }
        }
        Index {
            sides,
            postings,
            urls,
            slugs,
            params,
        }
    }

    /// Number of pages of a side (0 English, 1 German).
    pub fn len(&self, side: usize) -> usize {
        self.sides[side].len()
    }

    /// A side's pages' evidence.
    pub fn pages(&self, side: usize) -> &[Evidence] {
        &self.sides[side]
    }

    /// Bytes held by the postings lists.
    pub fn postings_bytes(&self) -> usize {
        self.postings
            .iter()
            .map(|p| (p.start.len() + p.pages.len()) * 4)
            .sum()
    }

    /// The candidates of page `page` of `side` on the other side, best first (at most
    /// `candidates` from the content index, plus the pages whose addresses agree).
    pub fn candidates(&self, side: usize, page: u32, scratch: &mut Scratch) -> Vec<u32> {
        let p = &self.sides[side][page as usize];
        let other = 1 - side;
        let postings = &self.postings[other];
        let n_other = self.sides[other].len();
        scratch.acc.resize(n_other, 0);
        scratch.stamp.resize(n_other, u32::MAX);
        // Concepts by weight, heaviest first (their keys are the rarest), each concept's keys
        // together so that a page holding two of them is counted once.
        let mut order: Vec<(u32, u16, u32)> = p
            .keys
            .iter()
            .zip(p.concept.iter())
            .map(|(&k, &c)| (p.weight[usize::from(c)], c, k))
            .filter(|&(w, _, _)| w > 0)
            .collect();
        order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut read = 0;
        let mut level = u32::MAX;
        for &(w, c, k) in &order {
            if w != level {
                if read >= self.params.budget {
                    break;
                }
                level = w;
            }
            let list = postings.get(k);
            read += list.len();
            for &q in list {
                let q = q as usize;
                if scratch.stamp[q] == u32::from(c) {
                    continue;
                }
                if scratch.stamp[q] == u32::MAX {
                    scratch.touched.push(q as u32);
                }
                scratch.stamp[q] = u32::from(c);
                scratch.acc[q] += u64::from(w);
            }
        }
        // Ranked as the score will rank them: the weight found over both pages' totals, so
        // that a long page holding a little of everything does not crowd out the partner.
        let pages = &self.sides[other];
        let mut found: Vec<(f64, u32)> = scratch
            .touched
            .drain(..)
            .map(|q| {
                let i = q as usize;
                scratch.stamp[i] = u32::MAX;
                let a = std::mem::take(&mut scratch.acc[i]);
                (a as f64 / (p.total + pages[i].total).max(1) as f64, q)
            })
            .collect();
        let k = self.params.candidates.min(found.len());
        let better = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if k < found.len() && k > 0 {
            found.select_nth_unstable_by(k - 1, better);
            found.truncate(k);
        }
        found.sort_unstable_by(better);
        let mut out: Vec<u32> = found.into_iter().map(|(_, q)| q).collect();
        if let Some(u) = p.url {
            if let Some(list) = self.urls[other].get(&u.page) {
                out.extend(list.iter().take(self.params.candidates));
            }
            if let Some(list) = u.slug.and_then(|s| self.slugs[other].get(&s)) {
                if list.len() <= self.params.slug_max_pages {
                    out.extend(list);
                }
            }
        }
        let mut seen = rustc_hash::FxHashSet::default();
        out.retain(|q| seen.insert(*q));
        out
    }

    /// The score of English page `en` with German page `de`.
    pub fn score(&self, en: u32, de: u32, scratch: &mut Scratch) -> Scored {
        let (e, g) = (&self.sides[0][en as usize], &self.sides[1][de as usize]);
        let (me, mg, shared) = matched(e, g, scratch);
        let total = e.total + g.total;
        let share = |m: u64, t: u64| if t == 0 { 0.0 } else { m as f64 / t as f64 };
        let content = share(me + mg, total);
        let cover = share(me, e.total).max(share(mg, g.total));
        let pr = &self.params;
        let length = if e.chars == 0 || g.chars == 0 {
            0.0
        } else {
            let z = ((g.chars as f64 / e.chars as f64) / pr.length_ratio).ln() / pr.length_sigma;
            (-0.5 * z * z).exp()
        };
        let url = self.url_match(e, g);
        let bonus = match url {
            UrlMatch::Page => pr.url_page,
            UrlMatch::Slug => pr.url_slug,
            UrlMatch::None => 0.0,
        };
        let score = (content * (1.0 - pr.length_weight * (1.0 - length)) + bonus).min(1.0);
        Scored {
            en,
            de,
            score,
            content,
            cover,
            url,
            shared,
        }
    }

    /// How alike two pages of one side are (the content share of [`Index::score`]): near 1
    /// for two versions of one page.
    pub fn similarity(&self, side: usize, p: u32, q: u32, scratch: &mut Scratch) -> f64 {
        let (a, b) = (&self.sides[side][p as usize], &self.sides[side][q as usize]);
        let (ma, mb, _) = matched(a, b, scratch);
        let total = a.total + b.total;
        if total == 0 {
            0.0
        } else {
            (ma + mb) as f64 / total as f64
        }
    }

    fn url_match(&self, e: &Evidence, g: &Evidence) -> UrlMatch {
        let (Some(a), Some(b)) = (e.url, g.url) else {
            return UrlMatch::None;
        };
        if a.page == b.page {
            return UrlMatch::Page;
        }
        let own = |s: usize, slug: u64| {
            self.slugs[s]
                .get(&slug)
                .is_some_and(|l| l.len() <= self.params.slug_max_pages)
        };
        match (a.slug, b.slug) {
            (Some(x), Some(y)) if x == y && own(0, x) && own(1, y) => UrlMatch::Slug,
            _ => UrlMatch::None,
        }
    }
}

/// Per-thread working memory of the candidate search and the scoring.
#[derive(Default)]
pub struct Scratch {
    acc: Vec<u64>,
    stamp: Vec<u32>,
    touched: Vec<u32>,
    marks: [Vec<bool>; 2],
}

/// Per concept of a page: how many pages of its own side and of the other hold its keys
/// (summed over its keys), and how many keys it has.
fn concept_counts(page: &Evidence, own: &[u32], other: &[u32]) -> Vec<[u64; 3]> {
    let mut c = vec![[0u64; 3]; page.weight.len()];
    for (&k, &i) in page.keys.iter().zip(page.concept.iter()) {
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
fn survival(page: &Evidence, own: &[u32], other: &[u32]) -> [[u64; 2]; KINDS] {
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
    page: &mut Evidence,
    own: &[u32],
    other: &[u32],
    n_own: f64,
    n_other: f64,
    prior: &[f64; KINDS],
) {
    let alpha = crate::tune("PAIR_ALPHA", 1.0);
    let mut total = 0u64;
    for (c, x) in concept_counts(page, own, other).iter().enumerate() {
        let (a, b) = (x[0] as f64, x[1] as f64);
        let r0 = prior[usize::from(page.kind[c])];
        let survive = ((a * n_own / n_other + alpha * r0) / (b + alpha)).min(1.0);
        let idf = (1.0 + n_other / (a + 1.0)).ln();
        let w = (survive * idf * UNIT).round() as u32;
        page.weight[c] = w;
        total += u64::from(w);
    }
    page.total = total;
}

/// The summed weights of the concepts of `e` found in `g` and of those of `g` found in `e`.
/// Both key lists are sorted, so one merge finds every shared key.
fn matched(e: &Evidence, g: &Evidence, scratch: &mut Scratch) -> (u64, u64, u32) {
    let [me, mg] = &mut scratch.marks;
    me.clear();
    me.resize(e.weight.len(), false);
    mg.clear();
    mg.resize(g.weight.len(), false);
    let (mut i, mut j) = (0, 0);
    let (mut se, mut sg, mut n) = (0u64, 0u64, 0u32);
    while i < e.keys.len() && j < g.keys.len() {
        let (a, b) = (e.keys[i], g.keys[j]);
        if a < b {
            i += 1;
        } else if a > b {
            j += 1;
        } else {
            while i < e.keys.len() && e.keys[i] == a {
                let c = usize::from(e.concept[i]);
                if !me[c] {
                    me[c] = true;
                    n += u32::from(e.weight[c] > 0);
                    se += u64::from(e.weight[c]);
                }
                i += 1;
            }
            while j < g.keys.len() && g.keys[j] == a {
                let c = usize::from(g.concept[j]);
                if !mg[c] {
                    mg[c] = true;
                    sg += u64::from(g.weight[c]);
                }
                j += 1;
            }
        }
    }
    (se, sg, n)
}
