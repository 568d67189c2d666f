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
pub mod pages;
pub mod url;
mod weights;

pub use evidence::{Extractor, Interner};
pub use index::{Index, Params, Scored, UrlMatch};
pub use input::{Location, PageSource, Reader, Side, SkipReason, Skipped};
pub use matching::{match_pages, Best, MatchOptions, Matching, Refusal};
pub use pages::{Evidence, PageRef, Pages};

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
#[derive(Debug, Default)]
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
        let reader = Reader {
            lang,
            extractor: &extractor,
            interner: &interner,
            max_bytes: u64::MAX,
            progress: &|_| {},
            other_df,
        };
        reader.given(pages)
    };
    let mut en = read(en, Lang::En, None);
    let en_df = pages::document_frequencies(&en.evidence, interner.len());
    let mut de = read(de, Lang::De, Some(&en_df));
    let index = Index::build(
        std::mem::take(&mut en.evidence),
        std::mem::take(&mut de.evidence),
        interner.len(),
        opts.params.clone(),
    );
    let m = match_pages(&index, &opts.matching, &|_| {});
    let id = |side: &Side, k: u32| side.pages[k as usize].id.clone();
    TextPairing {
        pairs: m
            .pairs
            .iter()
            .map(|s| TextPair {
                en: id(&en, s.en),
                de: id(&de, s.de),
                score: s.score,
            })
            .collect(),
        skipped: en.skipped.into_iter().chain(de.skipped).collect(),
    }
}
