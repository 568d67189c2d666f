//! Document alignment: which German page of a crawl translates which English page.
//!
//! `ende batch` needs pairs someone has matched; a crawl of a bilingual site or two dumps have
//! none. Every page is reduced to what survives translation ([`evidence`]: numbers, names,
//! acronyms, addresses, and its words as English dictionary ids, German words through the
//! translation lexicon), all in one key space. An inverted index over the rare keys proposes a
//! few candidates per page, which are scored in full ([`index`]: the weighted share of both
//! pages' concepts found on the other, a length-ratio prior, and agreeing web addresses as one
//! more signal), and a greedy one-to-one matching keeps the best pairs above a threshold
//! ([`matching`]). Memory is bounded by the index, time grows with the pages, never with their
//! product, and no result depends on input order or thread count.
//!
//! ```
//! use ende::docalign::{pair_texts, Options, Page};
//! let en = [
//!     Page { id: "flood", url: None, text: "The Elbe rose to 8.76 metres in Dresden on Monday; 1,200 people left their homes." },
//!     Page { id: "zoo", url: None, text: "The zoo in Hamburg welcomed 12 penguins from Chile." },
//! ];
//! let de = [
//!     Page { id: "b", url: None, text: "Der Zoo in Hamburg begrüßte 12 Pinguine aus Chile." },
//!     Page { id: "a", url: None, text: "Die Elbe stieg am Montag in Dresden auf 8,76 Meter; 1.200 Menschen verließen ihre Häuser." },
//! ];
//! let p = pair_texts(&en, &de, &Options::default());
//! let ids: Vec<(&str, &str)> = p.pairs.iter().map(|x| (x.en.as_str(), x.de.as_str())).collect();
//! assert_eq!(ids, [("flood", "a"), ("zoo", "b")]);
//! ```

pub mod evidence;
pub mod index;
pub mod input;
pub mod matching;
pub mod url;

pub use evidence::{Extractor, Interner};
pub use index::{Evidence, Index, PageRef, Pages, Params, Scored, UrlMatch};
pub use input::{Location, PageSource, Reader, Side, Skipped};
pub use matching::{match_pages, Best, MatchOptions, Matching, Refusal};

use crate::lang::Lang;

/// Everything that decides a pairing.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The score and the candidate search.
    pub params: Params,
    /// The matching.
    pub matching: MatchOptions,
}

/// A page in memory.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its address, if known.
    pub url: Option<&'a str>,
    /// Its text.
    pub text: &'a str,
}

/// A pair found by [`pair_texts`].
#[derive(Debug, Clone, PartialEq)]
pub struct TextPair {
    /// The English page's id.
    pub en: String,
    /// The German page's id.
    pub de: String,
    /// Its score, 0–1.
    pub score: f64,
}

/// The result of [`pair_texts`].
#[derive(Debug, Clone, Default)]
pub struct TextPairing {
    /// The pairs, by English id, then best first.
    pub pairs: Vec<TextPair>,
    /// Pages left out, with the reason (empty, no words, another language, an id twice).
    pub skipped: Vec<Skipped>,
}

/// Pairs pages held in memory (on the current rayon pool). The same as `ende pair` on files
/// holding these texts.
pub fn pair_texts(en: &[Page], de: &[Page], opts: &Options) -> TextPairing {
    let extractor = Extractor::new();
    let interner = Interner::new();
    let read = |pages: &[Page], lang: Lang, other_df: Option<&[u32]>| {
        use rayon::prelude::*;
        let mut ok: Vec<(String, Evidence)> = Vec::new();
        let mut skipped = Vec::new();
        let results: Vec<_> = pages
            .par_iter()
            .map(|p| {
                input::check_text(p.id, p.text)?;
                let raw = extractor.page_against(p.text, lang, other_df);
                input::check_language(p.id, p.text, lang, &raw)?;
                Ok(Evidence::new(raw, p.url, &interner))
            })
            .collect();
        for (p, r) in pages.iter().zip(results) {
            match r {
                Ok(ev) => ok.push((p.id.to_string(), ev)),
                Err(reason) => skipped.push(Skipped {
                    page: p.id.to_string(),
                    reason,
                }),
            }
        }
        // By id (stable: of two pages with one id, the first given stays).
        ok.sort_by(|a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(String, Evidence)> = Vec::with_capacity(ok.len());
        for (id, ev) in ok {
            if unique.last().is_some_and(|(last, _)| *last == id) {
                skipped.push(Skipped {
                    reason: format!("{id}: the id is given twice; only the first is read"),
                    page: id,
                });
            } else {
                unique.push((id, ev));
            }
        }
        let ok = unique;
        let mut pages = Pages::default();
        let mut ids = Vec::with_capacity(ok.len());
        for (id, ev) in ok {
            ids.push(id);
            pages.push(ev);
        }
        (ids, pages, skipped)
    };
    let (en_ids, en_ev, mut skipped) = read(en, Lang::En, None);
    let en_df = index::document_frequencies(&en_ev, interner.len());
    let (de_ids, de_ev, de_skipped) = read(de, Lang::De, Some(&en_df));
    skipped.extend(de_skipped);
    let index = Index::build(en_ev, de_ev, interner.len(), opts.params.clone());
    let m = match_pages(&index, &opts.matching, &|_| {});
    TextPairing {
        pairs: m
            .pairs
            .iter()
            .map(|s| TextPair {
                en: en_ids[s.en as usize].clone(),
                de: de_ids[s.de as usize].clone(),
                score: s.score,
            })
            .collect(),
        skipped,
    }
}
