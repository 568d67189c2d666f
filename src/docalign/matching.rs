//! From scored candidates to pairs: each page in at most one pair (an English page in several
//! with `--many`), the best scores first.
//!
//! Greedy by score is what document aligners for web crawls use (Buck & Koehn 2016): an
//! optimal assignment would trade one confident pair for two doubtful ones, and the pairs a
//! corpus builder wants are the confident ones. Ties go to the English, then the German page
//! that comes first by name, so the result never depends on the order pages were read in.
//!
//! A pair must clear three tests when the greedy pass reaches it. Its score must reach the
//! threshold. It must beat each page's best other candidate by a margin: a page whose partner
//! is missing still has a best candidate, and on a site of look-alikes (the chapters of one
//! talk, the reports of one season) that candidate scores high, but not far above the next
//! look-alike, while a translation stands out from them. Two kinds of other candidates are
//! no rivals: lower-scoring versions of the tested page (near-duplicates), and candidates whose
//! other page has a better partner of its own when the tested pair scores nearly as well as
//! that partner and clearly above the rival (two look-alike pages, each with its translation,
//! must not block each other). And addresses, when they agree, help a pair but cannot make it
//! alone; when most pages of a crawl have a partner at the matching address, a pair whose
//! addresses disagree needs a higher score. The tests depend on the scores alone, so running
//! them only for the candidates the greedy pass reaches changes no result.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::index::{Index, Scored, Scratch, UrlMatch};

/// How pairs are chosen.
#[derive(Debug, Clone)]
pub struct MatchOptions {
    /// Pairs scoring below this are not made: their pages stay unmatched.
    pub threshold: f64,
    /// A pair must score this many times the best other candidate of either page.
    pub margin: f64,
    /// A rival whose other page has a better partner does not count when the pair scores at
    /// least this share of that partner's score.
    pub explained: f64,
    /// Two pages of one side this similar (the score's content share between them) are
    /// versions of one page: neither is the other's rival.
    pub duplicate: f64,
    /// A pair supported by the addresses still needs its content to agree: an address is one
    /// signal, never the only one (a site may put unrelated pages at matching addresses). The
    /// content agrees when this much of one page is found on the other ([`Scored::cover`]; a
    /// translation cut short at the right address is still its page's translation), or when a
    /// third of this much is, and no other candidate of either page has more content in common.
    pub url_cover: f64,
    /// When at least this share of the English pages with an address have a candidate at the
    /// matching address, the crawl's addresses follow a scheme...
    pub url_scheme: f64,
    /// ... and a pair whose addresses disagree needs this much more than the threshold.
    pub url_against: f64,
    /// An English page may have several German versions.
    pub many: bool,
    /// With `many`, a further German version must score at least this share of the English
    /// page's best pair: a page on the same topic is not a second version.
    pub many_share: f64,
}

impl Default for MatchOptions {
    fn default() -> MatchOptions {
        MatchOptions {
            threshold: 0.25,
            margin: 1.2,
            explained: 0.8,
            duplicate: 0.8,
            url_cover: 0.3,
            url_scheme: 0.5,
            url_against: 0.1,
            many: false,
            many_share: 0.6,
        }
    }
}

/// Why a candidate did not become a pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Refusal {
    /// Its score is below the threshold.
    Threshold,
    /// Another candidate of one of its pages scores nearly as high (that score).
    Rival(f64),
    /// Only the addresses agree; the content does not.
    AddressOnly,
    /// The crawl's addresses follow a scheme that this pair's addresses do not.
    AddressScheme,
    /// It passed, but one of its pages went to a better pair.
    Taken,
}

/// A page's best candidate, and why it did not become a pair (`None` when it did).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Best {
    /// The candidate pair.
    pub pair: Scored,
    /// Why it is not a pair.
    pub refusal: Option<Refusal>,
}

/// The outcome: the pairs, and for every page the best candidate it had (to say why a page
/// stayed unmatched).
#[derive(Debug, Clone, Default)]
pub struct Matching {
    /// The pairs, by English page, then by score (best first).
    pub pairs: Vec<Scored>,
    /// Per page of each side (0 English, 1 German): its best-scoring candidate, if any.
    pub best: [Vec<Option<Best>>; 2],
    /// How many candidate pairs were scored.
    pub scored: usize,
    /// Whether the addresses were found to follow a scheme.
    pub url_scheme: bool,
}

/// The score order: higher first, then the English and German page that come first.
fn order(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then(a.en.cmp(&b.en))
        .then(a.de.cmp(&b.de))
}

/// Each page's candidates (indices into the scored pairs), best first.
struct Lists {
    start: Vec<usize>,
    items: Vec<u32>,
}

impl Lists {
    fn new(all: &[Scored], pages: usize, side: usize) -> Lists {
        let page = |s: &Scored| if side == 0 { s.en } else { s.de } as usize;
        let mut items: Vec<u32> = (0..all.len() as u32).collect();
        items.sort_unstable_by(|&a, &b| {
            let (x, y) = (&all[a as usize], &all[b as usize]);
            page(x).cmp(&page(y)).then(order(x, y))
        });
        let mut start = vec![0usize; pages + 1];
        for &i in &items {
            start[page(&all[i as usize]) + 1] += 1;
        }
        for p in 0..pages {
            start[p + 1] += start[p];
        }
        Lists { start, items }
    }

    fn of(&self, page: u32) -> &[u32] {
        &self.items[self.start[page as usize]..self.start[page as usize + 1]]
    }
}

/// Scores the candidates of every page of both sides (in parallel on the current rayon pool)
/// and matches them. `progress` is told of every page done.
pub fn match_pages(
    index: &Index,
    opts: &MatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Matching {
    // The candidates of every page of both sides, then each pair scored once.
    let mut found: Vec<(u32, u32)> = (0..2usize)
        .flat_map(|side| {
            (0..index.len(side) as u32)
                .into_par_iter()
                .map_init(Scratch::default, |scratch, p| {
                    let c = index.candidates(side, p, scratch);
                    progress(1);
                    c.into_iter()
                        .map(move |q| if side == 0 { (p, q) } else { (q, p) })
                        .collect::<Vec<_>>()
                })
                .flatten_iter()
                .collect::<Vec<_>>()
        })
        .collect();
    found.par_sort_unstable();
    found.dedup();
    let all: Vec<Scored> = found
        .par_iter()
        .map_init(Scratch::default, |scratch, &(en, de)| {
            index.score(en, de, scratch)
        })
        .collect();
    drop(found);
    let lists = [
        Lists::new(&all, index.len(0), 0),
        Lists::new(&all, index.len(1), 1),
    ];
    let url_scheme = follows_scheme(index, &all, &lists[0], opts);
    // The tests are a function of the scores alone, so they are run only for the candidates
    // the greedy pass reaches with both pages free (about one per page), in score order.
    let mut scratch = Scratch::default();
    let mut memo: FxHashMap<(u32, u32), Option<Refusal>> = FxHashMap::default();
    let mut test = |s: &Scored, scratch: &mut Scratch| {
        *memo
            .entry((s.en, s.de))
            .or_insert_with(|| refusal(s, &all, &lists, index, opts, url_scheme, scratch))
    };
    let mut sorted: Vec<Scored> = all
        .iter()
        .filter(|s| s.score >= opts.threshold)
        .copied()
        .collect();
    sorted.par_sort_unstable_by(order);
    let pairs = greedy(&sorted, index.len(0), index.len(1), opts, |s| {
        test(s, &mut scratch).is_none()
    });
    let made: FxHashSet<(u32, u32)> = pairs.iter().map(|p| (p.en, p.de)).collect();
    let mut best: [Vec<Option<Best>>; 2] = [vec![None; index.len(0)], vec![None; index.len(1)]];
    for (side, list) in lists.iter().enumerate() {
        for (p, slot) in best[side].iter_mut().enumerate() {
            if let Some(&i) = list.of(p as u32).first() {
                let s = all[i as usize];
                let why = if made.contains(&(s.en, s.de)) {
                    None
                } else {
                    Some(test(&s, &mut scratch).unwrap_or(Refusal::Taken))
                };
                *slot = Some(Best {
                    pair: s,
                    refusal: why,
                });
            }
        }
    }
    Matching {
        pairs,
        best,
        scored: all.len(),
        url_scheme,
    }
}

/// Whether most English pages with an address have a candidate at the matching German
/// address (with some content in common).
fn follows_scheme(index: &Index, all: &[Scored], en: &Lists, opts: &MatchOptions) -> bool {
    let (mut with, mut agree) = (0usize, 0usize);
    for p in 0..index.len(0) as u32 {
        if !index.pages(0).page(p as usize).has_url() {
            continue;
        }
        with += 1;
        agree += usize::from(en.of(p).iter().any(|&i| {
            let s = &all[i as usize];
            s.url == UrlMatch::Page && s.cover >= opts.url_cover
        }));
    }
    with > 0 && agree as f64 >= opts.url_scheme * with as f64
}

/// Why candidate `s` cannot be a pair, or `None` if it can.
fn refusal(
    s: &Scored,
    all: &[Scored],
    lists: &[Lists; 2],
    index: &Index,
    opts: &MatchOptions,
    url_scheme: bool,
    scratch: &mut Scratch,
) -> Option<Refusal> {
    if s.score < opts.threshold {
        return Some(Refusal::Threshold);
    }
    if s.url != UrlMatch::None && s.cover < opts.url_cover {
        let first = |side: usize| {
            let page = if side == 0 { s.en } else { s.de };
            lists[side]
                .of(page)
                .iter()
                .map(|&i| &all[i as usize])
                .all(|r| r.content <= s.content || (r.en, r.de) == (s.en, s.de))
        };
        if s.cover < opts.url_cover / 3.0 || !first(0) || !first(1) {
            return Some(Refusal::AddressOnly);
        }
    }
    let both_urls = index.pages(0).page(s.en as usize).has_url()
        && index.pages(1).page(s.de as usize).has_url();
    if url_scheme
        && both_urls
        && s.url == UrlMatch::None
        && s.score < opts.threshold + opts.url_against
    {
        return Some(Refusal::AddressScheme);
    }
    // The best other candidate of each page that is not a version of this pair's other page.
    // With `many`, an English page may have several German versions, so its other candidates
    // are no rivals.
    let sides: &[usize] = if opts.many { &[1] } else { &[0, 1] };
    for &side in sides {
        let (page, other) = if side == 0 {
            (s.en, s.de)
        } else {
            (s.de, s.en)
        };
        for &i in lists[side].of(page) {
            let r = &all[i as usize];
            let q = if side == 0 { r.de } else { r.en };
            if q == other {
                continue;
            }
            if r.score * opts.margin <= s.score {
                break; // no rival: the rest score lower still
            }
            // A rival whose other page has a better partner of its own is explained, if this
            // pair scores as well as that partner nearly does: two look-alike pairs that share
            // their words (the reports of one season, chapters of one talk), each with its
            // translation, must not block each other. A pair scoring well below the partners
            // around it is itself a look-alike pair (of two pages whose partners are missing).
            let q_best = lists[1 - side]
                .of(q)
                .first()
                .map_or(0.0, |&j| all[j as usize].score);
            if q_best > r.score
                && s.score >= opts.explained * q_best
                && s.score >= r.score * opts.margin.sqrt()
            {
                continue;
            }
            // A version of this pair's page that scores lower is no rival; one that scores
            // higher is, whatever it is: the pair would be the lesser of two versions.
            if r.score <= s.score && index.similarity(1 - side, other, q, scratch) >= opts.duplicate
            {
                continue;
            }
            return Some(Refusal::Rival(r.score));
        }
    }
    None
}

/// Takes pairs best first while both pages are free (with `many`, while the German page is
/// free and the pair is close enough to the English page's first) and the pair `passes`.
fn greedy(
    sorted: &[Scored],
    n_en: usize,
    n_de: usize,
    opts: &MatchOptions,
    mut passes: impl FnMut(&Scored) -> bool,
) -> Vec<Scored> {
    let mut first: Vec<Option<f64>> = vec![None; n_en];
    let mut de_taken = vec![false; n_de];
    let mut pairs = Vec::new();
    for s in sorted {
        if de_taken[s.de as usize] {
            continue;
        }
        let free = match first[s.en as usize] {
            None => true,
            Some(top) => opts.many && s.score >= opts.many_share * top,
        };
        if free && passes(s) {
            first[s.en as usize].get_or_insert(s.score);
            de_taken[s.de as usize] = true;
            pairs.push(*s);
        }
    }
    pairs.sort_by(|a, b| a.en.cmp(&b.en).then(order(a, b)));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(en: u32, de: u32, score: f64) -> Scored {
        Scored {
            en,
            de,
            score,
            content: score,
            cover: score,
            url: UrlMatch::None,
            shared: 3,
        }
    }

    #[test]
    fn greedy_takes_the_best_first_and_each_page_once() {
        let mut c = vec![s(0, 0, 0.9), s(0, 1, 0.8), s(1, 0, 0.85), s(1, 1, 0.5)];
        c.sort_by(order);
        let p = greedy(&c, 2, 2, &MatchOptions::default(), |_| true);
        assert_eq!(p, [s(0, 0, 0.9), s(1, 1, 0.5)]);
    }

    #[test]
    fn ties_go_to_the_pages_first_by_name() {
        let mut c = vec![s(1, 0, 0.5), s(0, 1, 0.5), s(0, 0, 0.5)];
        c.sort_by(order);
        let p = greedy(&c, 2, 2, &MatchOptions::default(), |_| true);
        assert_eq!(p, [s(0, 0, 0.5)]);
    }

    #[test]
    fn many_gives_an_english_page_close_seconds_only() {
        let o = MatchOptions {
            many: true,
            ..MatchOptions::default()
        };
        let mut c = vec![s(0, 0, 0.8), s(0, 1, 0.7), s(0, 2, 0.3)];
        c.sort_by(order);
        let p = greedy(&c, 1, 3, &o, |_| true);
        assert_eq!(p, [s(0, 0, 0.8), s(0, 1, 0.7)]);
        let p = greedy(&c, 1, 3, &MatchOptions::default(), |_| true);
        assert_eq!(p, [s(0, 0, 0.8)]);
    }

    #[test]
    fn lists_hold_each_pages_candidates_best_first() {
        let all = vec![s(0, 0, 0.3), s(0, 1, 0.9), s(1, 1, 0.5)];
        let en = Lists::new(&all, 2, 0);
        assert_eq!(en.of(0), [1, 0]);
        assert_eq!(en.of(1), [2]);
        let de = Lists::new(&all, 3, 1);
        assert_eq!(de.of(1), [1, 2]);
        assert!(de.of(2).is_empty());
    }
}
