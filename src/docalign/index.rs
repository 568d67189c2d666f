//! Pages as numbered evidence, the weights of their concepts, the inverted index that proposes
//! candidates, and the score of a candidate pair.
//!
//! Nothing here is N × M: each page looks up its rarest keys in the other side's postings,
//! keeps its best few candidates, and only those are scored in full.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::evidence::{Interner, RawEvidence, KINDS};
use super::url::{url_keys, UrlKeys};

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

/// Appends `v` as a LEB128 varint.
fn put(buf: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        buf.push(v as u8 | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

/// A page's (key, concept) entries, decoded from their varint stream, keys ascending.
#[derive(Clone)]
struct Entries<'a> {
    buf: &'a [u8],
    at: usize,
    key: u32,
}

impl Entries<'_> {
    fn get(&mut self) -> u32 {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = self.buf[self.at];
            self.at += 1;
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }
}

impl Iterator for Entries<'_> {
    type Item = (u32, u16);

    #[inline]
    fn next(&mut self) -> Option<(u32, u16)> {
        if self.at >= self.buf.len() {
            return None;
        }
        self.key += self.get();
        let c = self.get() as u16;
        Some((self.key, c))
    }
}

/// One page's evidence, numbered, as a reader makes it: its (key, concept) entries sorted by
/// key (a key held by two concepts appears twice) as varint deltas, about three bytes an entry
/// rather than six, and the kind of each concept. It joins its side's [`Pages`] at once.
#[derive(Debug, Clone)]
pub struct Evidence {
    entries: Vec<u8>,
    kind: Vec<u8>,
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
        let mut entries = Vec::with_capacity(pairs.len() * 3);
        let mut last = 0;
        for (k, c) in pairs {
            put(&mut entries, k - last);
            put(&mut entries, u32::from(c));
            last = k;
        }
        Evidence {
            entries,
            kind: raw.concepts.iter().take(n).map(|c| c.kind as u8).collect(),
            chars: raw.chars,
            url: url.and_then(url_keys),
        }
    }
}

/// Where one page's evidence is in its side's arenas.
#[derive(Debug, Clone, Copy)]
struct Meta {
    at: usize,
    len: u32,
    concepts_at: usize,
    concepts: u16,
    total: u64,
    chars: u32,
    url: Option<UrlKeys>,
}

/// The evidence of all pages of one side, in two arenas (entries; kinds, then weights), so that
/// a page costs no allocation of its own: a hundred thousand pages' buffers of a few kilobytes,
/// allocated while millions of short-lived strings come and go, made glibc's allocator spend
/// half the run sorting its free lists.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    bytes: Vec<u8>,
    kinds: Vec<u8>,
    weights: Vec<u16>,
    meta: Vec<Meta>,
}

/// A view of one page's evidence.
#[derive(Clone, Copy)]
pub struct PageRef<'a> {
    entries: &'a [u8],
    kind: &'a [u8],
    weight: &'a [u16],
    total: u64,
    chars: u32,
    url: Option<UrlKeys>,
}

impl Pages {
    /// Adds a page; returns its number.
    pub fn push(&mut self, ev: Evidence) -> usize {
        self.meta.push(Meta {
            at: self.bytes.len(),
            len: ev.entries.len() as u32,
            concepts_at: self.kinds.len(),
            concepts: ev.kind.len() as u16,
            total: 0,
            chars: ev.chars,
            url: ev.url,
        });
        self.bytes.extend_from_slice(&ev.entries);
        self.kinds.extend_from_slice(&ev.kind);
        self.meta.len() - 1
    }

    /// Puts the pages in a new order: page `k` becomes the one that was page `order[k]`. Pages
    /// left out of `order` are dropped (their bytes stay until the arenas go).
    pub fn reorder(&mut self, order: &[usize]) {
        self.meta = order.iter().map(|&k| self.meta[k]).collect();
    }

    /// How many pages there are.
    pub fn len(&self) -> usize {
        self.meta.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
            + self.kinds.capacity()
            + self.weights.capacity() * 2
            + self.meta.capacity() * std::mem::size_of::<Meta>()
    }

    /// Page `k`.
    pub fn page(&self, k: usize) -> PageRef<'_> {
        let m = &self.meta[k];
        let c = m.concepts_at..m.concepts_at + usize::from(m.concepts);
        PageRef {
            entries: &self.bytes[m.at..m.at + m.len as usize],
            kind: self.kinds.get(c.clone()).unwrap_or(&[]),
            weight: self.weights.get(c).unwrap_or(&[]),
            total: m.total,
            chars: m.chars,
            url: m.url,
        }
    }

    fn iter(&self) -> impl Iterator<Item = PageRef<'_>> + '_ {
        (0..self.len()).map(|k| self.page(k))
    }
}

impl<'a> PageRef<'a> {
    fn entries(&self) -> Entries<'a> {
        Entries {
            buf: self.entries,
            at: 0,
            key: 0,
        }
    }

    /// How many concepts the page has.
    pub fn concepts(&self) -> usize {
        self.kind.len().max(self.weight.len())
    }

    /// The page's length in characters.
    pub fn chars(&self) -> u32 {
        self.chars
    }

    /// Whether the page has a web address.
    pub fn has_url(&self) -> bool {
        self.url.is_some()
    }

    /// The distinct keys, in order.
    fn distinct_keys(&self) -> impl Iterator<Item = u32> + 'a {
        let mut last = None;
        self.entries().filter_map(move |(k, _)| {
            let new = last != Some(k);
            last = Some(k);
            new.then_some(k)
        })
    }
}

/// Parameters of the score and of the candidate search.
#[derive(Debug, Clone)]
pub struct Params {
    /// Candidates kept per page from the index (each direction).
    pub candidates: usize,
    /// A page is indexed by the keys of this many of its heaviest concepts.
    pub indexed_concepts: usize,
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
            candidates: 8,
            indexed_concepts: 64,
            budget: 4096,
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

/// Postings lists of one side: for each key, the pages that hold it among their heaviest
/// concepts (in page order), if it is rare enough to have a list.
struct Postings {
    start: Vec<u32>,
    pages: Vec<u32>,
}

impl Postings {
    fn build(pages: &Pages, df: &[u32], cap: u32, heaviest: usize) -> Postings {
        let indexed: Vec<Vec<u32>> = (0..pages.len())
            .into_par_iter()
            .map(|p| pages.page(p).indexed_keys(df, cap, heaviest))
            .collect();
        let mut start = vec![0u32; df.len() + 1];
        for keys in &indexed {
            for &k in keys {
                start[k as usize + 1] += 1;
            }
        }
        for k in 0..df.len() {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut out = vec![0u32; start[df.len()] as usize];
        for (p, keys) in indexed.iter().enumerate() {
            for &k in keys {
                out[fill[k as usize] as usize] = p as u32;
                fill[k as usize] += 1;
            }
        }
        Postings { start, pages: out }
    }

    fn get(&self, key: u32) -> &[u32] {
        let (a, b) = (self.start[key as usize], self.start[key as usize + 1]);
        &self.pages[a as usize..b as usize]
    }
}

impl PageRef<'_> {
    /// The keys this page is found by: those of its `heaviest` concepts (by weight, then
    /// concept number) that are on at most `cap` pages. A page is found by what is rare in it;
    /// indexing its common words too would make the index as large as the evidence.
    fn indexed_keys(&self, df: &[u32], cap: u32, heaviest: usize) -> Vec<u32> {
        let mut order: Vec<u16> = (0..self.concepts() as u16).collect();
        order.sort_unstable_by(|&a, &b| {
            self.weight[usize::from(b)]
                .cmp(&self.weight[usize::from(a)])
                .then(a.cmp(&b))
        });
        let mut chosen = vec![false; self.concepts()];
        for &c in order.iter().take(heaviest) {
            chosen[usize::from(c)] = true;
        }
        let mut keys: Vec<u32> = self
            .entries()
            .filter(|&(k, c)| chosen[usize::from(c)] && df[k as usize] <= cap)
            .map(|(k, _)| k)
            .collect();
        keys.dedup();
        keys
    }
}

/// Both sides' evidence, weighted, with the index over it.
pub struct Index {
    sides: [Pages; 2],
    postings: [Postings; 2],
    /// Address and slug hashes → pages, per side.
    urls: [FxHashMap<u64, Vec<u32>>; 2],
    slugs: [FxHashMap<u64, Vec<u32>>; 2],
    params: Params,
}

/// How many pages of a side hold each key (`keys` is the interner's count).
pub fn document_frequencies(pages: &Pages, keys: usize) -> Vec<u32> {
    let df: Vec<std::sync::atomic::AtomicU32> = (0..keys)
        .map(|_| std::sync::atomic::AtomicU32::new(0))
        .collect();
    (0..pages.len()).into_par_iter().for_each(|p| {
        for k in pages.page(p).distinct_keys() {
            df[k as usize].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    });
    df.into_iter().map(|a| a.into_inner()).collect()
}

impl Index {
    /// Weighs every concept and builds the postings. `keys` is the interner's count.
    pub fn build(en: Pages, de: Pages, keys: usize, params: Params) -> Index {
        let mut sides = [en, de];
        let df = [
            document_frequencies(&sides[0], keys),
            document_frequencies(&sides[1], keys),
        ];
        let n = [sides[0].len().max(1) as f64, sides[1].len().max(1) as f64];
        for s in 0..2 {
            let (own, other) = (&df[s], &df[1 - s]);
            let pages = &sides[s];
            let counts = (0..pages.len())
                .into_par_iter()
                .map(|p| survival(pages.page(p), own, other))
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
                prior[k] = (*found as f64 + SURVIVAL_WEIGHT * SURVIVAL[k])
                    / (*all as f64 + SURVIVAL_WEIGHT);
            }
            weigh(&mut sides[s], own, other, n[s], n[1 - s], &prior);
        }
        let postings = [0, 1].map(|s| {
            let cap = (params.common_share * n[s]).max(params.common_min as f64) as u32;
            Postings::build(&sides[s], &df[s], cap, params.indexed_concepts)
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
    pub fn pages(&self, side: usize) -> &Pages {
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
        let p = self.sides[side].page(page as usize);
        let other = 1 - side;
        let postings = &self.postings[other];
        let n_other = self.sides[other].len();
        scratch.acc.resize(n_other, 0);
        scratch.stamp.resize(n_other, u32::MAX);
        // Concepts by weight, heaviest first (their keys are the rarest), each concept's keys
        // together so that a page holding two of them is counted once.
        let mut order: Vec<(u16, u16, u32)> = p
            .entries()
            .map(|(k, c)| (p.weight[usize::from(c)], c, k))
            .filter(|&(w, _, _)| w > 0)
            .collect();
        order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut read = 0;
        let mut level = u16::MAX;
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
                (a as f64 / (p.total + pages.meta[i].total).max(1) as f64, q)
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
        let (e, g) = (
            self.sides[0].page(en as usize),
            self.sides[1].page(de as usize),
        );
        // Pairs come in order of their English page, so its entries are decoded once for all
        // its candidates.
        if scratch.decoded_for != Some(en) {
            scratch.decoded.clear();
            scratch.decoded.extend(e.entries());
            scratch.decoded_for = Some(en);
        }
        let decoded = std::mem::take(&mut scratch.decoded);
        let (me, mg, shared) = matched(&decoded, &e, &g, scratch);
        scratch.decoded = decoded;
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
        let url = self.url_match(&e, &g);
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
        let (a, b) = (
            self.sides[side].page(p as usize),
            self.sides[side].page(q as usize),
        );
        let decoded: Vec<(u32, u16)> = a.entries().collect();
        let (ma, mb, _) = matched(&decoded, &a, &b, scratch);
        let total = a.total + b.total;
        if total == 0 {
            0.0
        } else {
            (ma + mb) as f64 / total as f64
        }
    }

    fn url_match(&self, e: &PageRef, g: &PageRef) -> UrlMatch {
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
    decoded: Vec<(u32, u16)>,
    decoded_for: Option<u32>,
    acc: Vec<u64>,
    stamp: Vec<u32>,
    touched: Vec<u32>,
    marks: [Vec<bool>; 2],
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

/// The summed weights of the concepts of `e` found in `g` and of those of `g` found in `e`, and
/// how many of `e`'s were found. `ea` is `e`'s entries, decoded. Both entry lists are sorted by
/// key, so one merge finds every shared key.
fn matched(ea: &[(u32, u16)], e: &PageRef, g: &PageRef, scratch: &mut Scratch) -> (u64, u64, u32) {
    let [me, mg] = &mut scratch.marks;
    me.clear();
    me.resize(e.concepts(), false);
    mg.clear();
    mg.resize(g.concepts(), false);
    let (mut se, mut sg, mut n) = (0u64, 0u64, 0u32);
    let mut b = g.entries();
    let mut i = 0;
    let mut y = b.next();
    while let (Some(&(ka, _)), Some((kb, _))) = (ea.get(i), y) {
        if ka < kb {
            i += 1;
        } else if ka > kb {
            y = b.next();
        } else {
            while let Some(&(_, c)) = ea.get(i).filter(|x| x.0 == ka) {
                let c = usize::from(c);
                if !me[c] {
                    me[c] = true;
                    n += u32::from(e.weight[c] > 0);
                    se += u64::from(e.weight[c]);
                }
                i += 1;
            }
            while let Some((_, c)) = y.filter(|&(k, _)| k == kb) {
                let c = usize::from(c);
                if !mg[c] {
                    mg[c] = true;
                    sg += u64::from(g.weight[c]);
                }
                y = b.next();
            }
        }
    }
    (se, sg, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docalign::evidence::Extractor;
    use crate::lang::Lang;

    #[test]
    fn entries_survive_their_varint_encoding() {
        let mut buf = Vec::new();
        let pairs = [
            (0u32, 3u16),
            (0, 9),
            (127, 1),
            (128, 0),
            (70_000, 65_535),
            (u32::MAX, 2),
        ];
        let mut last = 0;
        for (k, c) in pairs {
            put(&mut buf, k - last);
            put(&mut buf, u32::from(c));
            last = k;
        }
        let got: Vec<(u32, u16)> = Entries {
            buf: &buf,
            at: 0,
            key: 0,
        }
        .collect();
        assert_eq!(got, pairs);
    }

    fn pages(texts: &[&str], lang: Lang, x: &Extractor, i: &Interner) -> Pages {
        let mut p = Pages::default();
        for t in texts {
            p.push(Evidence::new(x.page(t, lang), None, i));
        }
        p
    }

    #[test]
    fn a_translation_scores_above_a_page_on_another_topic() {
        let (x, i) = (Extractor::new(), Interner::new());
        let en = pages(
            &[
                "The Elbe rose to 8.76 metres in Dresden on Monday; 1,200 people left their homes.",
                "The zoo in Hamburg welcomed 12 penguins from Chile on Friday.",
            ],
            Lang::En,
            &x,
            &i,
        );
        let de = pages(
            &[
                "Die Elbe stieg am Montag in Dresden auf 8,76 Meter; 1.200 Menschen verließen ihre Häuser.",
                "Der Zoo in Hamburg begrüßte am Freitag 12 Pinguine aus Chile.",
            ],
            Lang::De,
            &x,
            &i,
        );
        let index = Index::build(en, de, i.len(), Params::default());
        let mut s = Scratch::default();
        let (right, wrong) = (index.score(0, 0, &mut s), index.score(0, 1, &mut s));
        assert!(right.score > 2.0 * wrong.score, "{right:?} {wrong:?}");
        for x in [right, wrong] {
            assert!((0.0..=1.0).contains(&x.score) && (0.0..=1.0).contains(&x.content));
            // The larger of two shares is at least their weighted mean.
            assert!(x.cover >= x.content && x.cover <= 1.0, "{x:?}");
        }
        // Scored again after another page, the same to the last bit.
        assert_eq!(
            index.score(1, 1, &mut s).score,
            index.score(1, 1, &mut Scratch::default()).score
        );
        assert_eq!(index.score(0, 0, &mut s), right);
        assert_eq!(index.candidates(0, 0, &mut s)[0], 0);
        assert_eq!(index.candidates(1, 1, &mut s)[0], 1);
    }

    #[test]
    fn reordered_pages_keep_their_evidence() {
        let (x, i) = (Extractor::new(), Interner::new());
        let mut p = pages(
            &["One page about Leipzig.", "Another about Paris in 1999."],
            Lang::En,
            &x,
            &i,
        );
        let before: Vec<Vec<(u32, u16)>> = (0..2).map(|k| p.page(k).entries().collect()).collect();
        p.reorder(&[1, 0]);
        assert_eq!(p.page(0).entries().collect::<Vec<_>>(), before[1]);
        assert_eq!(p.page(1).entries().collect::<Vec<_>>(), before[0]);
        p.reorder(&[1]);
        assert_eq!(p.len(), 1);
        assert_eq!(p.page(0).entries().collect::<Vec<_>>(), before[0]);
    }
}
