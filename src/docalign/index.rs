//! The inverted index that proposes candidates, and the score of a candidate pair (the pages'
//! evidence is stored in `pages.rs` and weighed in `weights.rs`).
//!
//! Nothing here is N × M: each page looks up its rarest keys in the other side's postings,
//! keeps its best few candidates, and only those are scored in full.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::pages::{document_frequencies, PageRef, Pages};
use super::weights::weigh_side;

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
            weigh_side(&mut sides[s], &df[s], &df[1 - s], n[s], n[1 - s]);
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
    use crate::docalign::evidence::{Extractor, Interner};
    use crate::docalign::pages::tests::pages;
    use crate::lang::Lang;

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
}
