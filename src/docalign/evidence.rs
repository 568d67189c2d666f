//! What of a page survives translation, as keys in one space shared by both languages.
//!
//! Every piece of evidence becomes a *concept*: a small set of keys, any one of which found on
//! the other side counts as the concept being there. An English word is the set of its
//! dictionary ids (`said` as `said` and as `say`); a German word is the set of English ids its
//! dictionary ids translate to (`Bären` → `bear`), so that both languages meet in the English
//! id space without a German-to-English table per pair of pages. Numbers (normalised, so that
//! `260,000` meets `260.000`), the anchor lexicon's concepts (`USA` meets `U.S.`), names and
//! words the dictionary does not know (as written, folded), and web and e-mail addresses in the
//! text are concepts of one key each.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::anchors::lexicon::Dictionary;
use crate::anchors::{is_function_word, sentence_keys};
use crate::lang::{Code, Lang, LangPair};
use crate::split;

/// What a key stands for; part of the key, so that the number `7` and the word `7` differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Tag {
    /// An English dictionary id.
    Word = 1,
    /// A word as written (folded): names, and words the dictionary does not know.
    Surface = 2,
    /// A normalised number.
    Number = 3,
    /// A concept of the anchor lexicon (`lex:N` in [`crate::anchors::SentenceKeys`]).
    Lexicon = 4,
    /// A web or e-mail address in the text.
    Link = 5,
}

const TAG_SHIFT: u32 = 56;
const VALUE_MASK: u64 = (1 << TAG_SHIFT) - 1;

fn key(tag: Tag, value: u64) -> u64 {
    ((tag as u64) << TAG_SHIFT) | (value & VALUE_MASK)
}

fn text_key(tag: Tag, s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    key(tag, h.finish())
}

/// The English dictionary id of a [`Tag::Word`] key.
pub(crate) fn word_id(key: u64) -> Option<u32> {
    (key >> TAG_SHIFT == Tag::Word as u64).then_some((key & VALUE_MASK) as u32)
}

/// A German word that translates to more English words than this says nothing about a page
/// (`machen` has 87): it would match every English page and cost memory in each.
const MAX_FANOUT: usize = 48;

/// What kind of evidence a concept is. Kinds survive translation differently (a name nearly
/// always, a word the dictionary does not know rarely), and the index learns how well each
/// kind does on each side of the crawl at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Kind {
    /// A number.
    Number = 0,
    /// A web or e-mail address.
    Link = 1,
    /// A name or an acronym the dictionary does not translate.
    Name = 2,
    /// A word the dictionary knows.
    Word = 3,
    /// Any other word the dictionary does not know.
    Unknown = 4,
}

/// How many kinds there are.
pub const KINDS: usize = 5;

/// One concept: its keys (sorted, distinct) and its kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Concept {
    /// The keys, any of which found on the other side is the concept found.
    pub keys: Vec<u64>,
    /// What it is.
    pub kind: Kind,
}

/// The keys of a page before they are numbered: the concepts sorted and distinct (`Bär` and
/// `Bären` are one concept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawEvidence {
    /// The concepts.
    pub concepts: Vec<Concept>,
    /// The text's length in characters, for the length-ratio prior.
    pub chars: u32,
    /// How many of the page's distinct words are English and German function words: a page
    /// full of one side's and nearly free of the other's is in that language, and needs no
    /// slower detection.
    pub function_words: [u32; 2],
    /// How many distinct words the page has.
    pub words: u32,
}

/// Turns page texts into evidence; shared by all threads (it holds only the dictionary).
pub struct Extractor {
    dict: Dictionary,
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor with the built-in English–German dictionary.
    pub fn new() -> Extractor {
        Extractor {
            dict: Dictionary::new(LangPair::EN_DE),
        }
    }

    /// The evidence of one page in `lang`.
    pub fn page(&self, text: &str, lang: Lang) -> RawEvidence {
        self.page_against(text, lang, None)
    }

    /// The evidence of one page in `lang`, read after the other side: `other_df` is how many
    /// of its pages hold each key. A dictionary key that no page of the other side holds can
    /// never be matched, so it is left out (a German word's English translations are most of
    /// a German page's keys), but a word keeps at least one key, so that how common it is on
    /// its own side can still be counted.
    pub fn page_against(&self, text: &str, lang: Lang, other_df: Option<&[u32]>) -> RawEvidence {
        let code = Code::from(lang);
        let side = usize::from(lang == Lang::De);
        let mut concepts: Vec<Concept> = Vec::new();
        let mut words: FxHashSet<String> = FxHashSet::default();
        let mut names: FxHashSet<String> = FxHashSet::default();
        for s in split::split(text, lang) {
            let keys = sentence_keys(s.text(text), code);
            for readings in &keys.numbers {
                concepts.push(Concept {
                    keys: readings.iter().map(|r| text_key(Tag::Number, r)).collect(),
                    kind: Kind::Number,
                });
            }
            for readings in &keys.acronyms {
                concepts.push(Concept {
                    keys: readings.iter().map(|r| reading_key(r)).collect(),
                    kind: Kind::Name,
                });
            }
            for readings in keys.names.iter().flatten() {
                // The readings also hold initials (`tu`) and lexicon concepts; only the words of
                // the name are names.
                if keys.words.contains(readings) {
                    names.insert(readings.clone());
                }
            }
            words.extend(keys.words);
        }
        // The words are folded (`für` is `fur`), and so are the lists these are looked up in.
        let langs = [Code::EN, Code::DE];
        let mut function_words = [0u32; 2];
        let distinct = words.len() as u32;
        // Counted for both languages, then this side's are dropped: they are no evidence.
        words.retain(|w| {
            let function = langs.map(|lang| is_function_word(lang, w));
            for (count, f) in function_words.iter_mut().zip(function) {
                *count += u32::from(f);
            }
            !function[side]
        });
        WORDS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache[side].len() > WORD_CACHE {
                cache[side].clear();
            }
            for w in words {
                let letters = w.chars().count();
                if letters < 2 {
                    continue;
                }
                let name = names.contains(&w);
                let known = match cache[side].get(&w) {
                    Some(k) => k,
                    None => {
                        let k = self.word(side, &w);
                        cache[side].entry(w.clone()).or_insert(k)
                    }
                };
                let mut keys = match other_df {
                    None => known.keys.to_vec(),
                    Some(df) => {
                        let seen = |&&k: &&u64| {
                            word_id(k).is_some_and(|id| df.get(id as usize).is_some_and(|&d| d > 0))
                        };
                        let mut kept: Vec<u64> = known.keys.iter().filter(seen).copied().collect();
                        if kept.is_empty() {
                            kept.extend(known.keys.first());
                        }
                        kept
                    }
                };
                if (!known.known || name) && letters >= 3 {
                    keys.push(text_key(Tag::Surface, &w));
                }
                let kind = match (known.known, name) {
                    (true, _) => Kind::Word,
                    (false, true) => Kind::Name,
                    (false, false) => Kind::Unknown,
                };
                if !keys.is_empty() {
                    concepts.push(Concept { keys, kind });
                }
            }
        });
        links_in(text, &mut concepts);
        for c in &mut concepts {
            c.keys.sort_unstable();
            c.keys.dedup();
        }
        // Of two concepts with the same keys, the one of the first kind stays.
        concepts.sort_unstable();
        concepts.dedup_by(|a, b| a.keys == b.keys);
        RawEvidence {
            concepts,
            chars: u32::try_from(text.chars().count()).unwrap_or(u32::MAX),
            function_words,
            words: distinct,
        }
    }

    /// The dictionary keys of a word (folded) on a side, in the English id space.
    fn word(&self, side: usize, w: &str) -> CachedWord {
        let (mut ids, mut links) = (Vec::new(), Vec::new());
        self.dict.word_ids(side, w, &mut ids);
        let mut keys: Vec<u64> = Vec::new();
        if side == 0 {
            keys.extend(ids.iter().map(|&id| key(Tag::Word, u64::from(id))));
        } else {
            for &id in &ids {
                links.clear();
                self.dict.links(1, id, &mut links);
                keys.extend(links.iter().map(|&en| key(Tag::Word, u64::from(en))));
            }
        }
        keys.sort_unstable();
        keys.dedup();
        if keys.len() > MAX_FANOUT {
            keys.clear();
        }
        CachedWord {
            keys: keys.into_boxed_slice(),
            known: !ids.is_empty(),
        }
    }
}

/// A word's dictionary keys, remembered: a crawl repeats its vocabulary on every page, and
/// stemming, compound splitting and the look-ups were a fifth of the time per page.
struct CachedWord {
    keys: Box<[u64]>,
    known: bool,
}

/// Words remembered per thread and side before the cache starts again (about 60 MB at most).
const WORD_CACHE: usize = 200_000;

thread_local! {
    static WORDS: std::cell::RefCell<[FxHashMap<String, CachedWord>; 2]> = Default::default();
}

/// The key of an acronym's reading: a lexicon concept (`lex:17`) or the acronym itself.
fn reading_key(r: &str) -> u64 {
    match r.strip_prefix("lex:").and_then(|n| n.parse::<u64>().ok()) {
        Some(n) => key(Tag::Lexicon, n),
        None => text_key(Tag::Surface, &r.to_lowercase()),
    }
}

/// Web and e-mail addresses in the text, one concept each: translators copy them.
fn links_in(text: &str, concepts: &mut Vec<Concept>) {
    for tok in text.split_whitespace() {
        let web = |w: &[u8]| w.eq_ignore_ascii_case(b"www.");
        if !(tok.contains("://") || tok.contains('@') || tok.as_bytes().windows(4).any(web)) {
            continue;
        }
        let t = tok.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
        let lower = t.to_lowercase();
        let link = if let Some(i) = lower.find("://") {
            Some(
                lower[i + 3..]
                    .trim_start_matches("www.")
                    .trim_end_matches('/'),
            )
        } else if let Some(rest) = lower.strip_prefix("www.") {
            Some(rest.trim_end_matches('/'))
        } else {
            lower
                .split_once('@')
                .filter(|(user, host)| !user.is_empty() && host.contains('.'))
                .map(|_| lower.as_str())
        };
        if let Some(l) = link.filter(|l| l.len() >= 4) {
            concepts.push(Concept {
                keys: vec![text_key(Tag::Link, l)],
                kind: Kind::Link,
            });
        }
    }
}

/// Numbers the keys of all pages: English dictionary ids keep their own number (they are
/// dense and most keys are ones), every other key gets the next free number above them.
pub struct Interner {
    dict_ids: u32,
    map: std::sync::Mutex<FxHashMap<u64, u32>>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner::new()
    }
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Interner {
        Interner {
            dict_ids: crate::anchors::lexicon::builtin_size().0 as u32,
            map: Default::default(),
        }
    }

    /// The numbers of `keys`, in their order. One lock per call: a page's keys at once.
    pub fn intern(&self, keys: &[u64], out: &mut Vec<u32>) {
        out.clear();
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        for &k in keys {
            out.push(match word_id(k) {
                Some(id) if id < self.dict_ids => id,
                _ => {
                    let next = self.dict_ids + map.len() as u32;
                    *map.entry(k).or_insert(next)
                }
            });
        }
    }

    /// How many numbers were handed out: every key is below this.
    pub fn len(&self) -> usize {
        self.dict_ids as usize + self.map.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether only the dictionary's numbers exist so far.
    pub fn is_empty(&self) -> bool {
        self.len() == self.dict_ids as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(en: &str, de: &str) -> usize {
        let x = Extractor::new();
        let (e, g) = (x.page(en, Lang::En), x.page(de, Lang::De));
        e.concepts
            .iter()
            .filter(|c| {
                g.concepts
                    .iter()
                    .any(|d| c.keys.iter().any(|k| d.keys.contains(k)))
            })
            .count()
    }

    #[test]
    fn a_translation_shares_numbers_names_and_words() {
        let en = "About 260,000 people in Leipzig lost power on Monday, the utility said.";
        let de =
            "Rund 260.000 Menschen in Leipzig hatten am Montag keinen Strom, sagte der Versorger.";
        // 260000, Leipzig, people, power, Monday, said.
        assert!(shared(en, de) >= 5, "{}", shared(en, de));
        let other = "Der Zoo in Hamburg bekam 12 neue Pinguine aus Chile.";
        assert!(shared(en, other) <= 1, "{}", shared(en, other));
    }

    #[test]
    fn concepts_are_distinct_and_sorted() {
        let x = Extractor::new();
        let e = x.page(
            "The bear. The bears. A bear saw 3 bears and 3 dogs.",
            Lang::En,
        );
        let mut sorted = e.concepts.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(e.concepts, sorted);
        let numbers = e.concepts.iter().filter(|c| c.kind == Kind::Number).count();
        assert_eq!(numbers, 1);
        assert_eq!(e.chars, 51);
    }

    #[test]
    fn addresses_in_the_text_are_kept_whole() {
        let x = Extractor::new();
        let e = x.page(
            "Write to press@example.org or see https://example.org/a.",
            Lang::En,
        );
        let g = x.page(
            "Schreiben Sie an press@example.org oder besuchen Sie www.example.org/a.",
            Lang::De,
        );
        let links = |r: &RawEvidence| -> Vec<u64> {
            r.concepts
                .iter()
                .filter(|c| c.kind == Kind::Link)
                .map(|c| c.keys[0])
                .collect()
        };
        assert_eq!(links(&e).len(), 2);
        assert_eq!(links(&e), links(&g));
    }

    /// The words are folded before they are looked up, so the lists must be too: `für`,
    /// `über`, `während` were once missed, counted as no function word and kept as concepts.
    #[test]
    fn function_words_with_umlauts_are_recognised() {
        let x = Extractor::new();
        let g = x.page("Für Kinder über zehn, während der Ferien.", Lang::De);
        // für, über, während, der (Kinder, zehn and Ferien are content words).
        assert_eq!(g.function_words, [0, 4]);
        assert_eq!(g.words, 7);
    }

    #[test]
    fn the_interner_keeps_dictionary_ids_and_numbers_the_rest() {
        let i = Interner::new();
        let mut out = Vec::new();
        let w = key(Tag::Word, 5);
        let n = text_key(Tag::Number, "42");
        i.intern(&[w, n, n], &mut out);
        assert_eq!(out[0], 5);
        assert_eq!(out[1], out[2]);
        assert!(out[1] >= i.dict_ids);
        i.intern(&[text_key(Tag::Number, "43"), n], &mut out);
        assert_eq!(out[1], i.dict_ids);
        assert_eq!(out[0], i.dict_ids + 1);
        assert_eq!(i.len(), i.dict_ids as usize + 2);
    }
}
