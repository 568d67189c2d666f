//! Anchors: tokens that survive translation (numbers, acronyms, names, links, quoted titles,
//! words from a small bilingual lexicon, cognates), mapped to integer ids shared by both sides.
//!
//! The aligner scores thousands of candidate beads per sentence, so its inner loop must only
//! intersect short sorted integer lists. All string work therefore happens here, once per
//! document pair: every anchor is normalised to a key (`260.000` and `260,000` both become
//! `260000`), keys are interned into ids, names are matched fuzzily across the two sides, and
//! ids that occur on only one side are dropped because they can never match.

mod extract;
mod fold;
mod keys;
pub mod lexicon;
mod words;
pub(crate) use fold::fold_owned;

/// Whether `folded` (a word as [`fold_owned`] gives it: `für` is `fur`) is one of `lang`'s
/// function words, from the same lists the keys leave out.
pub(crate) fn is_function_word(lang: Code, folded: &str) -> bool {
    fold::Keyer::of(lang.as_str()).is_function(folded)
}
pub(crate) use words::content_keys;

/// Nats of alignment cost per nat of word evidence (see `words`).
pub const WORD_SCALE: f64 = words::SCALE;
mod concepts;
mod names;
mod numbers;
mod tokens;

#[cfg(test)]
mod tests;

pub use keys::{sentence_keys, SentenceKeys};

use crate::lang::{Code, Lang, LangPair};
use concepts::LEXICON;
use extract::{Extractor, Flat, Side};
use lexicon::Dictionary;

/// Keys come from the documents being aligned, not from an attacker who could choose colliding
/// strings, and SipHash would dominate the run time on large inputs.
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;
pub(crate) type FxSet<K> = rustc_hash::FxHashSet<K>;

/// What an anchor is; decides its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnchorKind {
    /// A number, normalised by its language's separators (`3,5` in German is `3.5`); weak when
    /// small because small integers are everywhere.
    Number,
    /// An all-capitals token such as `FBI` or `U.S.`; translators keep them.
    Acronym,
    /// A capitalised word found on both sides, matched after folding case and accents and
    /// allowing small spelling differences (`Kellers`/`Keller`, `Nawalny`/`Navalny`).
    Name,
    /// A web address; copied verbatim by translators.
    Url,
    /// An e-mail address; copied verbatim by translators.
    Email,
    /// A short capitalised text in quotation marks, usually a title kept untranslated.
    Quoted,
    /// A concept from the English-German lexicon (`October`/`Oktober`, `police`/`Polizei`).
    Lexicon,
    /// Two long words sharing their first five letters (`expedition`/`Expedition`); weak.
    Cognate,
    /// A content word of one side that the translation lexicon finds translated on the other
    /// (see `anchors::words` for its weight, and for the `base` that pays for words not translated).
    Word,
}

/// Per-sentence id lists stored flat: one allocation per side, not one per sentence, which on
/// a book of a million sentences is a few hundred megabytes of allocator overhead.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lists {
    /// The ids of all lists, one after another.
    pub ids: Vec<u32>,
    /// List k is `ids[off[k]..off[k + 1]]`; one more offset than there are lists.
    pub off: Vec<u32>,
}

impl Lists {
    /// Appends a list, sorted and deduplicated; `list` is left empty for reuse.
    pub fn push(&mut self, list: &mut Vec<u32>) {
        list.sort_unstable();
        list.dedup();
        if self.off.is_empty() {
            self.off.push(0);
        }
        self.ids.extend_from_slice(list);
        self.off.push(self.ids.len() as u32);
        list.clear();
    }

    /// List k.
    pub fn get(&self, k: usize) -> &[u32] {
        &self.ids[self.off[k] as usize..self.off[k + 1] as usize]
    }

    /// The number of lists.
    pub fn len(&self) -> usize {
        self.off.len().saturating_sub(1)
    }

    /// Whether there are no lists.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The lists in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u32]> {
        (0..self.len()).map(|k| self.get(k))
    }
}

/// Anchors of a pair of documents, with ids shared across the two sides.
pub struct PairAnchors {
    /// Per source sentence: sorted, deduplicated anchor ids.
    pub src: Lists,
    /// Per target sentence: sorted, deduplicated anchor ids.
    pub tgt: Lists,
    /// Weight per id (index = id), > 0.
    pub weight: Vec<f32>,
    /// Kind per id (index = id).
    pub kind: Vec<AnchorKind>,
    /// For a `Word` id, the side whose word it is (`1` source, `2` target); `0` otherwise.
    pub owner: Vec<u8>,
    /// Per source sentence: the evidence against pairing it that its translatable words give
    /// until the other side translates them (≤ 0, in the same units as `weight`).
    pub src_base: Vec<f32>,
    /// Per target sentence, likewise.
    pub tgt_base: Vec<f32>,
    /// Each sentence's keys for the completeness check, source side then target side, when
    /// asked for (see [`pair_anchors_with`]).
    pub keys: Option<[Vec<SentenceKeys>; 2]>,
}

impl PairAnchors {
    /// Appends the word evidence: its ids follow the anchors' ids.
    fn add_words(&mut self, mut w: words::WordEvidence<'_>) {
        let off = self.weight.len() as u32;
        self.weight.extend_from_slice(&w.weight);
        self.kind.resize(self.weight.len(), AnchorKind::Word);
        self.owner.resize(off as usize, 0);
        self.owner.extend_from_slice(&w.owner);
        let mut v = Vec::new();
        for (s, lists) in [&mut self.src, &mut self.tgt].into_iter().enumerate() {
            let mut merged = Lists::default();
            merged.ids.reserve(lists.ids.len() * 4);
            for k in 0..lists.len() {
                v.extend_from_slice(lists.get(k));
                let at = v.len();
                w.sentence(s, k, &mut v);
                for id in &mut v[at..] {
                    *id += off;
                }
                merged.push(&mut v);
            }
            merged.ids.shrink_to_fit();
            *lists = merged;
        }
        let [src_base, tgt_base] = std::mem::take(&mut w.base);
        self.src_base = src_base;
        self.tgt_base = tgt_base;
    }
}

/// Extracts anchors for both sides. Number formats and the lexicon depend on the languages
/// (the lexicon only for English-German, either direction).
pub fn pair_anchors(src: &[&str], tgt: &[&str], langs: LangPair) -> PairAnchors {
    pair_anchors_with(src, tgt, langs, &Dictionary::new(langs), false)
}

/// Documents beyond this many sentences a side get no stored keys: a book's keys would take
/// gigabytes, and the check reads them bead by bead instead, in parallel.
const KEYS_MAX_SENTENCES: usize = 50_000;

/// [`pair_anchors`] with a given translation dictionary (the user's entries or learned word
/// pairs added to the built-in lexicon), whose sides are `langs` in this order.
/// With `keys`, each sentence's [`SentenceKeys`] are read from the same extraction, so that the
/// completeness check does not extract every number and acronym a second time.
pub fn pair_anchors_with(
    src: &[&str],
    tgt: &[&str],
    langs: LangPair,
    dict: &Dictionary,
    keys: bool,
) -> PairAnchors {
    let lexicon = langs.is_en_de().then_some(&*LEXICON);
    // As the check reads a side, with the lexicon only for English-German and the aligner's
    // own reading of spelled numbers.
    let side = |lang: Code| Side {
        lex: lexicon.and(keys::key_side(lang).lex),
        numbers: match lang.lang() {
            Some(Lang::En) => Some(&*numbers::ENGLISH_NUMBERS),
            Some(Lang::De) => Some(&*numbers::GERMAN_NUMBERS),
            None => None,
        },
        ..keys::key_side(lang)
    };
    let mut ex = Extractor::new(lexicon);
    ex.collect_words = !dict.is_empty();
    let keys = keys && src.len().max(tgt.len()) <= KEYS_MAX_SENTENCES;
    ex.mark_spelled = keys;
    let mut src_flat = ex.side(src, side(langs.src), SRC);
    let mut tgt_flat = ex.side(tgt, side(langs.tgt), TGT);
    let sentence_keys = keys.then(|| {
        [
            keys::side_keys(src, langs.src, &src_flat, &ex.table),
            keys::side_keys(tgt, langs.tgt, &tgt_flat, &ex.table),
        ]
    });
    let words = words::evidence(dict, &mut src_flat, &mut tgt_flat);
    let mut anchors = ex.finish(&src_flat, &tgt_flat);
    anchors.keys = sentence_keys;
    if let Some(w) = words {
        anchors.add_words(w);
    }
    anchors
}

// ---------------------------------------------------------------------------------------------
// Weights

const W_SMALL_NUMBER: f32 = 0.6;
const W_YEAR: f32 = 1.2;
const W_NUMBER: f32 = 1.5;
const W_ACRONYM: f32 = 1.5;
const W_LINK: f32 = 2.0;
const W_QUOTED: f32 = 1.5;
const W_NAME: f32 = 1.0;
const W_LEXICON: f32 = 0.8;
const W_COGNATE: f32 = 0.3;

/// Two names this similar (Jaro-Winkler) are taken to be spellings of the same name.
const NAME_SIMILARITY: f64 = 0.90;
/// Fuzzy name matching only for names this long: short names differ by one letter too easily.
const FUZZY_MIN_CHARS: usize = 5;
/// Cognates are words of at least this many letters, keyed by their first `COGNATE_PREFIX`.
const COGNATE_MIN_CHARS: usize = 6;
const COGNATE_PREFIX: usize = 5;
/// Words of at least `STEM_MIN_CHARS` letters also get a key of their first `STEM_PREFIX`,
/// worth `W_STEM` more: eight shared letters are rarely chance.
const STEM_MIN_CHARS: usize = 10;
const STEM_PREFIX: usize = 8;
const W_STEM: f32 = 0.7;
/// German compounds match a lexicon form of at least this many letters at either end.
const COMPOUND_MIN_FORM: usize = 6;
/// ... and must have at least this many other letters, so that an inflected form is not a compound.
const COMPOUND_MIN_REST: usize = 3;
/// Quoted titles: at most this many words, and at most this many bytes between the marks.
const QUOTED_MAX_WORDS: usize = 6;
const QUOTED_MAX_BYTES: usize = 160;

/// Owner bits of the two sides (also `PairAnchors::owner`).
pub(crate) const SRC: u8 = 1;
pub(crate) const TGT: u8 = 2;
/// A name seen inside a sentence at least once, not only as its first word. Only such names are
/// matched fuzzily: a capitalised opener is too often an ordinary word (`Pumping` ~ `Pumpen`).
const INNER: u8 = 4;
const NONE: u32 = u32::MAX;

// ---------------------------------------------------------------------------------------------
// Interning

/// A key of at most 23 bytes, stored inline so that the hash table needs no pointer chase and
/// comparing two keys is a few word compares. Nearly all keys are this short.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Inline([u8; 24]);

impl Inline {
    fn new(key: &str) -> Option<Inline> {
        let b = key.as_bytes();
        if b.len() > 23 {
            return None;
        }
        let mut a = [0u8; 24];
        a[..b.len()].copy_from_slice(b);
        a[23] = b.len() as u8;
        Some(Inline(a))
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0[..usize::from(self.0[23])]).unwrap_or("")
    }
}

/// The ids given out in one namespace (numbers, names, words, …), by key.
#[derive(Default)]
struct Namespace {
    short: FxMap<Inline, u32>,
    long: FxMap<Box<str>, u32>,
}

impl Namespace {
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        let short = self.short.iter().map(|(k, &id)| (k.as_str(), id));
        short.chain(self.long.iter().map(|(k, &id)| (&**k, id)))
    }
}

/// Ids are handed out in order of first occurrence, one namespace per family of keys so that
/// the maps stay small and `3` the number never meets `3` the acronym.
#[derive(Default)]
struct Table {
    spaces: [Namespace; 4],
    kind: Vec<AnchorKind>,
    weight: Vec<f32>,
    /// Which sides (`SRC | TGT`) each id occurred on, and `INNER`.
    seen: Vec<u8>,
}

#[derive(Clone, Copy)]
enum Space {
    Numbers = 0,
    Words = 1,
    Names = 2,
    Cognates = 3,
}

impl Table {
    fn new_id(&mut self, kind: AnchorKind, weight: f32) -> u32 {
        let id = self.kind.len() as u32;
        self.kind.push(kind);
        self.weight.push(weight);
        self.seen.push(0);
        id
    }

    fn intern(&mut self, space: Space, key: &str, kind: AnchorKind, weight: f32) -> u32 {
        let next = self.kind.len() as u32;
        let keys = &mut self.spaces[space as usize];
        let id = match Inline::new(key) {
            Some(k) => *keys.short.entry(k).or_insert(next),
            None => match keys.long.get(key) {
                Some(&id) => id,
                None => *keys.long.entry(key.into()).or_insert(next),
            },
        };
        if id == next {
            self.new_id(kind, weight);
        }
        id
    }
}

/// Anchor ids of one side, sentence after sentence (`ends[i]` closes sentence `i`).
fn lists(flat: &Flat, map: &[u32]) -> Lists {
    let mut out = Lists::default();
    out.off.reserve(flat.ends.len() + 1);
    out.off.push(0);
    let mut scratch = Vec::new();
    let mut start = 0;
    for &end in &flat.ends {
        scratch.extend(
            flat.ids[start..end]
                .iter()
                .map(|&p| map[p as usize])
                .filter(|&f| f != NONE),
        );
        out.push(&mut scratch);
        start = end;
    }
    out
}
