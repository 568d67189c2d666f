//! Anchors: tokens that survive translation (numbers, acronyms, names, links, quoted titles,
//! words from a small bilingual lexicon, cognates), mapped to integer ids shared by both sides.
//!
//! The aligner scores thousands of candidate beads per sentence, so its inner loop must only
//! intersect short sorted integer lists. All string work therefore happens here, once per
//! document pair: every anchor is normalised to a key (`260.000` and `260,000` both become
//! `260000`), keys are interned into ids, names are matched fuzzily across the two sides, and
//! ids that occur on only one side are dropped because they can never match.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

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
}

/// Anchors of a pair of documents, with ids shared across the two sides.
pub struct PairAnchors {
    /// Per source sentence: sorted, deduplicated anchor ids.
    pub src: Vec<Vec<u32>>,
    /// Per target sentence: sorted, deduplicated anchor ids.
    pub tgt: Vec<Vec<u32>>,
    /// Weight per id (index = id), > 0.
    pub weight: Vec<f32>,
    /// Kind per id (index = id).
    pub kind: Vec<AnchorKind>,
}

/// Extracts anchors for both sides. `src_lang`/`tgt_lang` are ISO 639-1 codes ("en", "de",
/// "fr", …); number formats and the lexicon depend on them (lexicon only for en/de pairs, either
/// direction).
pub fn pair_anchors(src: &[&str], src_lang: &str, tgt: &[&str], tgt_lang: &str) -> PairAnchors {
    let (src_lang, tgt_lang) = (primary(src_lang), primary(tgt_lang));
    let lexicon = match (src_lang.as_str(), tgt_lang.as_str()) {
        ("en", "de") | ("de", "en") => Some(&*LEXICON),
        _ => None,
    };
    let side = |lang: &str| Side {
        english: lang == "en",
        lex: lexicon.map(|lex| if lang == "en" { &lex.en } else { &lex.de }),
        compounds: lang == "de",
        elision: lang != "en" && lang != "de",
    };
    let mut ex = Extractor::new(lexicon);
    let src_flat = ex.side(src, side(&src_lang), SRC);
    let tgt_flat = ex.side(tgt, side(&tgt_lang), TGT);
    ex.finish(&src_flat, &tgt_flat)
}

/// The primary subtag of a language code, lower-cased: `en-GB` → `en`.
fn primary(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
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

const SRC: u8 = 1;
const TGT: u8 = 2;
/// A name seen inside a sentence at least once, not only as its first word. Only such names are
/// matched fuzzily: a capitalised opener is too often an ordinary word (`Pumping` ~ `Pumpen`).
const INNER: u8 = 4;
const NONE: u32 = u32::MAX;

// ---------------------------------------------------------------------------------------------
// A fast hash for short keys. Keys come from the documents being aligned, not from an attacker
// who could choose colliding strings, and SipHash would dominate the run time on large inputs.

#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    /// The multiply-rotate rounds leave the low bits, which pick the bucket, poorly mixed;
    /// fold the high bits down.
    #[inline]
    fn finish(&self) -> u64 {
        let x = self.0 ^ (self.0 >> 32);
        let x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^ (x >> 29)
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

// ---------------------------------------------------------------------------------------------
// Word lists

/// Words that often open a sentence and are capitalised only for that reason. A first word is a
/// name candidate unless it is listed here; the list covers English, German and French function
/// words of three letters or more that are spelt the same in another language ("Also", "Man").
const SENTENCE_OPENERS: &str = "
    the this that these those there here then than they them their what which who whom whose
    when where while why how and but for nor yet not all any both each every few many most much
    more some such our his her its she you your was were are has have had will would can could
    should may might must shall does did also just even still only now today after before since
    until because although though however meanwhile despite during from with without into onto
    over under about above below between among against according instead later earlier once
    one two three first last next other another again yes
    der die das den dem des ein eine einen einem einer eines dies diese dieser dieses diesen
    dass und oder aber doch denn sondern als wenn weil damit dabei dort hier heute gestern jetzt
    nun auch noch schon nur nicht kein keine keinen was wer wie warum welche welcher welches
    alle viele einige manche jeder jede jedes sein seine ihre ihr unser unsere man sie wir ich
    mit nach von vom vor zum zur für über unter durch gegen ohne seit bis bei beim auf aus
    laut trotz während wegen also zudem außerdem inzwischen bereits mehr hat haben ist sind war
    waren wird werden wurde wurden kann können soll sollen muss will wollen dann zwar
    les des une que qui quoi mais donc car quand dans sur pour par avec sans selon depuis
    pendant après avant alors puis aussi encore déjà plus tous toutes tout chaque son ses leur
    leurs notre nos votre vos cette ces cet comment pourquoi cela ceci lors ainsi elle elles ils
    nous vous est sont était
";

/// Long function words that would otherwise make random cognate matches.
const COGNATE_STOP: &str = "
    between because through without should however another against during within whether
    already nothing something anything
    zwischen werden wurden worden welche welcher welches sollen sollte sollten sondern wieder
    nachdem bereits während dieser dieses diesen einmal deshalb darüber außerdem können könnte
    müssen würden andere anderen
    depuis pendant encore toujours comme autres contre
";

/// The longest entry of `COGNATE_STOP` in bytes, after folding.
const COGNATE_STOP_MAX: usize = 9;

/// All-capitals words that are ordinary words written in capitals (headlines), not acronyms.
const ACRONYM_STOP: &[&str] = &[
    "THE", "AND", "FOR", "BUT", "NOT", "YOU", "ARE", "WAS", "HAS", "HIS", "HER", "WITH", "THIS",
    "THAT", "FROM", "HAVE", "WILL", "NEWS", "LIVE", "ALERT", "UPDATE", "OF", "TO", "IN", "ON",
    "AT", "BY", "IS", "AS", "OR", "IF", "SO", "DO", "NO", "BE", "WE", "HE", "ME", "MY", "UP",
    "UND", "DER", "DIE", "DAS", "DEN", "DEM", "DES", "FÜR", "MIT", "VON", "EIN", "EINE", "IST",
    "NICHT", "AUCH", "ODER", "WIR", "SIE", "LES", "UNE", "POUR", "DANS", "AVEC", "EST", "QUI",
    "QUE",
];

fn word_set(list: &'static str) -> FxSet<&'static str> {
    list.split_whitespace().collect()
}

static OPENERS: LazyLock<FxSet<&'static str>> = LazyLock::new(|| {
    // Folded like the words they are compared with: `für` becomes `fur`.
    let set = word_set(SENTENCE_OPENERS);
    set.into_iter()
        .map(|w| &*Box::leak(fold_owned(w).into_boxed_str()))
        .collect()
});

static COGNATE_STOPS: LazyLock<FxSet<&'static str>> = LazyLock::new(|| {
    word_set(COGNATE_STOP)
        .into_iter()
        .map(|w| &*Box::leak(fold_owned(w).into_boxed_str()))
        .collect()
});

// ---------------------------------------------------------------------------------------------
// Folding

/// The base letter(s) of a lower-case Latin letter with a diacritic, so that `Müller`, `Muller`
/// and `Mùller` meet. Other letters (including other scripts) stay as they are.
fn fold_char(c: char, out: &mut String) {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ķ' => "k",
        'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`' | '´')
}

/// Appends `word` lower-cased and without diacritics; apostrophes are dropped (`O'Brien` →
/// `obrien`), digits kept only if `digits`. Returns the number of characters appended, or
/// `None` (leaving `out` in an unspecified state) if the word holds anything else.
fn fold_word(word: &str, digits: bool, out: &mut String) -> Option<usize> {
    let mut n = 0;
    for c in word.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                out.push(c.to_ascii_lowercase());
            } else if digits && c.is_ascii_digit() {
                out.push(c);
            } else if c == '\'' || c == '`' {
                continue;
            } else {
                return None;
            }
            n += 1;
        } else if c.is_alphabetic() {
            for l in c.to_lowercase() {
                fold_char(l, out);
            }
            n += 1;
        } else if is_apostrophe(c) {
            continue;
        } else {
            return None;
        }
    }
    Some(n)
}

fn fold_owned(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        fold_char(c, &mut s);
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Lexicon

/// One language's half of the lexicon.
#[derive(Default)]
struct LexSide {
    /// Folded form → (concept, form was capitalised in the file).
    forms: FxMap<Box<str>, (u32, bool)>,
    /// First and last `COMPOUND_MIN_FORM` bytes of long forms → forms, for German compounds.
    heads: FxMap<u64, Vec<(Box<str>, u32, bool)>>,
    tails: FxMap<u64, Vec<(Box<str>, u32, bool)>>,
    /// Bit sets over the first three bytes of all forms and the last `COMPOUND_MIN_FORM` bytes
    /// of long forms: most words of a text match no form, and two bit tests say so without
    /// the half-dozen hash lookups that the endings and compound parts would otherwise cost.
    starts: Bits,
    ends: Bits,
}

/// A 65536-bit set of hashed keys; a clear bit means "certainly absent".
struct Bits(Box<[u64; 1024]>);

impl Default for Bits {
    fn default() -> Bits {
        Bits(Box::new([0; 1024]))
    }
}

impl Bits {
    fn slot(key: u64) -> (usize, u64) {
        let h = (key.wrapping_mul(FX_SEED) >> 48) as usize;
        (h >> 6, 1 << (h & 63))
    }
    fn insert(&mut self, key: u64) {
        let (i, bit) = Bits::slot(key);
        self.0[i] |= bit;
    }
    fn has(&self, key: u64) -> bool {
        let (i, bit) = Bits::slot(key);
        self.0[i] & bit != 0
    }
}

/// `w` ends with the short ASCII ending `e` (a byte loop: `ends_with` would call `memcmp`).
#[inline]
fn ends_with(w: &[u8], e: &[u8]) -> bool {
    w.len() >= e.len() && w[w.len() - e.len()..].iter().zip(e).all(|(a, b)| a == b)
}

struct Lexicon {
    en: LexSide,
    de: LexSide,
    weight: Vec<f32>,
    /// Concept of each month (January = index 0), for numeric dates like `3.10.2022`.
    months: [u32; 12],
}

static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::parse(include_str!("../data/lexicon-en-de.tsv")));

/// The key of a compound index: up to `COMPOUND_MIN_FORM` bytes packed into an integer.
fn pack(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

impl LexSide {
    fn add(&mut self, form: &str, concept: u32) {
        let capital = form.chars().next().is_some_and(char::is_uppercase);
        let folded = fold_owned(form);
        assert!(
            !folded.is_empty() && !folded.contains(char::is_whitespace),
            "lexicon: bad form {form:?}"
        );
        if let Some(&(other, _)) = self.forms.get(folded.as_str()) {
            assert_eq!(other, concept, "lexicon: form {form:?} in two concepts");
            return;
        }
        let b = folded.as_bytes();
        self.starts.insert(pack(&b[..b.len().min(3)]));
        if folded.len() >= COMPOUND_MIN_FORM {
            self.ends.insert(pack(&b[b.len() - COMPOUND_MIN_FORM..]));
            let entry = (folded.clone().into_boxed_str(), concept, capital);
            self.heads
                .entry(pack(&b[..COMPOUND_MIN_FORM]))
                .or_default()
                .push(entry.clone());
            self.tails
                .entry(pack(&b[b.len() - COMPOUND_MIN_FORM..]))
                .or_default()
                .push(entry);
        }
        self.forms
            .insert(folded.into_boxed_str(), (concept, capital));
    }

    fn exact(&self, folded: &str, capital: bool) -> Option<u32> {
        match self.forms.get(folded) {
            Some(&(concept, needs_capital)) if capital || !needs_capital => Some(concept),
            _ => None,
        }
    }

    /// The concepts a folded word belongs to: the word itself or the word without an inflection
    /// ending, and (German) the first and last part of a compound (`Außenministerium` is both
    /// `foreign` and `ministry`). Up to three distinct concepts, `NONE` for empty slots.
    fn lookup(&self, w: &str, capital: bool, english: bool, compounds: bool, out: &mut [u32; 3]) {
        *out = [NONE; 3];
        let b = w.as_bytes();
        // Every match (exact, stem, first part of a compound) shares the first three bytes.
        let start = self.starts.has(pack(&b[..b.len().min(3)]));
        if start {
            out[0] = self.exact(w, capital).unwrap_or(NONE);
        }
        if start && out[0] == NONE {
            let endings: &[&str] = if english {
                &["s", "es"]
            } else {
                &["en", "er", "es", "em", "e", "n", "s"]
            };
            for e in endings {
                if !ends_with(b, e.as_bytes()) || b.len() < e.len() + 4 {
                    continue;
                }
                let Some(&(c, noun)) = self.forms.get(&w[..w.len() - e.len()]) else {
                    continue;
                };
                // German `-er`/`-em` inflect adjectives (written in lower case in the file);
                // on a noun they make another word (`Stürmer` is not `Sturm`).
                let adjective_only = !english && (*e == "er" || *e == "em");
                if !noun || (capital && !adjective_only) {
                    out[0] = c;
                    break;
                }
            }
        }
        if !compounds || w.len() < COMPOUND_MIN_FORM + COMPOUND_MIN_REST {
            return;
        }
        // Forms that `part` (the whole word, or the word without an inflection ending) starts or
        // ends with, leaving at least `COMPOUND_MIN_REST` letters for the other part.
        let part_of = |part: &str, list: Option<&Vec<(Box<str>, u32, bool)>>, head: bool| {
            let fits = |f: &str, needs_capital: bool| {
                (capital || !needs_capital)
                    && part.len() >= f.len() + COMPOUND_MIN_REST
                    && if head {
                        part.starts_with(f)
                    } else {
                        part.ends_with(f)
                    }
            };
            list.map_or(NONE, |l| {
                longest(l.iter().filter(|(f, _, cap)| fits(f, *cap)))
            })
        };
        let head = if start {
            part_of(w, self.heads.get(&pack(&b[..COMPOUND_MIN_FORM])), true)
        } else {
            NONE
        };
        // The last part of a German compound carries the inflection.
        let mut tail = NONE;
        for e in ["", "s", "n", "en", "es"] {
            if !ends_with(b, e.as_bytes()) || b.len() < e.len() + COMPOUND_MIN_FORM {
                continue;
            }
            let t = &w[..w.len() - e.len()];
            let last = pack(&t.as_bytes()[t.len() - COMPOUND_MIN_FORM..]);
            if !self.ends.has(last) {
                continue;
            }
            tail = part_of(t, self.tails.get(&last), false);
            if tail != NONE {
                break;
            }
        }
        let mut slot = 1;
        for c in [head, tail] {
            if c != NONE && !out[..slot].contains(&c) {
                out[slot] = c;
                slot += 1;
            }
        }
    }
}

/// The concept of the longest form in `forms`, or `NONE`.
fn longest<'a>(forms: impl Iterator<Item = &'a (Box<str>, u32, bool)>) -> u32 {
    forms
        .max_by_key(|(f, _, _)| f.len())
        .map_or(NONE, |&(_, c, _)| c)
}

impl Lexicon {
    fn parse(data: &str) -> Lexicon {
        let mut lex = Lexicon {
            en: LexSide::default(),
            de: LexSide::default(),
            weight: Vec::new(),
            months: [NONE; 12],
        };
        for line in data.lines() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(en), Some(de)) = (cols.next(), cols.next()) else {
                panic!("lexicon: expected english<TAB>german in {line:?}");
            };
            let weight = cols.next().map_or(W_LEXICON, |w| {
                w.trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("lexicon: bad weight in {line:?}"))
            });
            let concept = lex.weight.len() as u32;
            lex.weight.push(weight);
            for form in en.split('|').map(str::trim) {
                lex.en.add(form, concept);
            }
            for form in de.split('|').map(str::trim) {
                lex.de.add(form, concept);
            }
        }
        const MONTHS: [&str; 12] = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        for (slot, m) in lex.months.iter_mut().zip(MONTHS) {
            *slot = lex.en.forms.get(m).map_or(NONE, |&(c, _)| c);
        }
        lex
    }
}

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

/// The keys of one namespace.
#[derive(Default)]
struct Keys {
    short: FxMap<Inline, u32>,
    long: FxMap<Box<str>, u32>,
}

impl Keys {
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        let short = self.short.iter().map(|(k, &id)| (k.as_str(), id));
        short.chain(self.long.iter().map(|(k, &id)| (&**k, id)))
    }
}

/// Ids are handed out in order of first occurrence, one namespace per family of keys so that
/// the maps stay small and `3` the number never meets `3` the acronym.
#[derive(Default)]
struct Table {
    spaces: [Keys; 4],
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
struct Flat {
    ids: Vec<u32>,
    ends: Vec<usize>,
}

/// How one side is read.
#[derive(Clone, Copy)]
struct Side<'l> {
    /// English number format (`,` thousands, `.` decimals); otherwise the continental one.
    english: bool,
    lex: Option<&'l LexSide>,
    /// German: match lexicon forms inside compounds.
    compounds: bool,
    /// French, Italian, …: `l'expédition` is `expédition`.
    elision: bool,
}

struct Extractor {
    table: Table,
    /// The lexicon if the pair is English-German; concept `c` has id `c`.
    lex: Option<&'static Lexicon>,
    /// Scratch buffers, reused from word to word: a folded key, a number's digits.
    key: String,
    num: String,
    /// Number keys of the current token, one per line (see `parse_number`).
    keys: String,
    ids: Vec<u32>,
    bit: u8,
}

/// Context of a number token that decides how it is read.
#[derive(Clone, Copy, Default)]
struct NumCtx {
    /// Followed by `Uhr`, `h`, `a.m.` or `p.m.`: `9.30` is a time.
    clock: bool,
    /// `p.m.`: `2:30` is `14:30`.
    pm: bool,
    /// A period followed the number: German `3.10.` is a date.
    dot_after: bool,
}

impl Extractor {
    fn new(lex: Option<&'static Lexicon>) -> Extractor {
        let mut table = Table::default();
        if let Some(lex) = lex {
            // Concept c gets id c.
            for &w in &lex.weight {
                table.new_id(AnchorKind::Lexicon, w);
            }
        }
        Extractor {
            table,
            lex,
            key: String::new(),
            num: String::new(),
            keys: String::new(),
            ids: Vec::new(),
            bit: 0,
        }
    }

    #[inline]
    fn push(&mut self, id: u32) {
        self.table.seen[id as usize] |= self.bit;
        self.ids.push(id);
    }

    fn side(&mut self, sentences: &[&str], side: Side<'_>, bit: u8) -> Flat {
        self.bit = bit;
        let bytes: usize = sentences.iter().map(|s| s.len()).sum();
        self.ids = Vec::with_capacity(bytes / 8);
        let mut ends = Vec::with_capacity(sentences.len());
        let mut toks: Vec<&str> = Vec::new();
        for s in sentences {
            self.sentence(s, side, &mut toks);
            ends.push(self.ids.len());
        }
        Flat {
            ids: std::mem::take(&mut self.ids),
            ends,
        }
    }

    fn sentence<'s>(&mut self, s: &'s str, side: Side<'_>, toks: &mut Vec<&'s str>) {
        toks.clear();
        split_white(s, toks);
        self.quoted(s);
        let mut seen_word = false;
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            i += 1;
            let (core, after) = trim_token(t);
            if core.is_empty() {
                continue;
            }
            // One pass over the bytes decides which of the rarer paths can apply.
            let (mut link, mut whole) = (false, true);
            for &b in core.as_bytes() {
                link |= b == b'@' || b == b':';
                // Hyphens, slashes and dashes (`–`, `—` start with 0xE2) separate parts.
                whole &= b != b'-' && b != b'/' && b != 0xE2;
            }
            link |= core.len() > 4 && core.as_bytes()[..4].eq_ignore_ascii_case(b"www.");
            if link && self.link(core) {
                seen_word = true;
                continue;
            }
            // `12 500` in French or German: digit groups separated by (narrow) spaces.
            if !side.english && after.is_empty() && is_group(core, 1) {
                let used = self.grouped(core, &toks[i..]);
                if used > 0 {
                    i += used;
                    continue;
                }
            }
            if let Some(acronym) = acronym_key(core, &mut self.key) {
                let acronym = acronym.to_string();
                self.acronym(&acronym, side);
                seen_word = true;
                continue;
            }
            let seps: &[char] = if whole {
                &[]
            } else {
                &['-', '–', '—', '/']
            };
            let mut parts = core.split(seps).peekable();
            while let Some(part) = parts.next() {
                let part = if whole { part } else { trim_junk(part) };
                let part = strip_possessive(part);
                let part = if side.elision {
                    strip_elision(part)
                } else {
                    part
                };
                let Some(c0) = part.chars().next() else {
                    continue;
                };
                if c0.is_ascii_digit() {
                    let mut ctx = NumCtx::default();
                    if parts.peek().is_none() {
                        ctx.dot_after = after.starts_with('.');
                        if let Some(next) = toks.get(i) {
                            clock_word(trim_token(next).0, side.english, &mut ctx);
                        }
                    }
                    self.number(part, side.english, ctx);
                } else if c0.is_alphabetic() {
                    // A whole token was already tried as an acronym above.
                    let acronym = if whole && part.len() == core.len() {
                        None
                    } else {
                        acronym_key(part, &mut self.key)
                    };
                    if let Some(acronym) = acronym {
                        let acronym = acronym.to_string();
                        self.acronym(&acronym, side);
                    } else {
                        self.word(part, !seen_word, side);
                    }
                    seen_word = true;
                }
            }
        }
    }

    /// URLs and e-mail addresses; true if `core` was one.
    fn link(&mut self, core: &str) -> bool {
        if core.len() < 5 {
            return false;
        }
        let b = core.as_bytes();
        let url = core.contains("://") || b[..4].eq_ignore_ascii_case(b"www.");
        let email = !url
            && memchr::memchr(b'@', b).is_some_and(|at| {
                at > 0 && core[at + 1..].contains('.') && !core[at + 1..].contains('@')
            });
        if !url && !email {
            return false;
        }
        self.key.clear();
        self.key.push_str(&core.to_lowercase());
        let mut k = self.key.as_str();
        if url {
            if let Some(p) = k.find("://") {
                k = &k[p + 3..];
            }
            k = k.strip_prefix("www.").unwrap_or(k);
        } else {
            k = k.strip_prefix("mailto:").unwrap_or(k);
        }
        let k = k
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        if k.is_empty() {
            return true;
        }
        let kind = if url {
            AnchorKind::Url
        } else {
            AnchorKind::Email
        };
        let prefix = if url { "u:" } else { "e:" };
        let id = self
            .table
            .intern(Space::Words, &format!("{prefix}{k}"), kind, W_LINK);
        self.push(id);
        true
    }

    /// French/German digit groups: `core` has 1–3 digits and the next tokens 3 each (the last
    /// possibly with decimals: `12 500,50`). Returns how many following tokens were used.
    fn grouped(&mut self, core: &str, rest: &[&str]) -> usize {
        let mut joined = String::from(core);
        let mut used = 0;
        for t in rest {
            let b = t.as_bytes();
            if b.len() < 3 || !b[..3].iter().all(u8::is_ascii_digit) {
                break;
            }
            if b.len() > 3 && b[3].is_ascii_digit() {
                break;
            }
            joined.push_str(&t[..3]);
            used += 1;
            if b.len() > 3 {
                // Decimals or trailing punctuation end the number.
                let tail = &t[3..];
                if let Some(dec) = tail.strip_prefix(',') {
                    let digits: String = dec.chars().take_while(char::is_ascii_digit).collect();
                    if !digits.is_empty() {
                        joined.push(',');
                        joined.push_str(&digits);
                    }
                }
                break;
            }
        }
        if used > 0 {
            self.number(&joined, false, NumCtx::default());
        }
        used
    }

    fn acronym(&mut self, key: &str, side: Side<'_>) {
        let id = self
            .table
            .intern(Space::Words, key, AnchorKind::Acronym, W_ACRONYM);
        self.push(id);
        // `USA` and `US`, `AI` and `KI` are the same thing.
        if let Some(lex) = side.lex {
            self.key.clear();
            self.key.push_str(&key.to_lowercase());
            let mut found = [NONE; 3];
            lex.lookup(&self.key, true, side.english, false, &mut found);
            if found[0] != NONE {
                self.push(found[0]);
            }
        }
    }

    /// A word starting with a letter: lexicon concept, name, cognate.
    fn word(&mut self, w: &str, first: bool, side: Side<'_>) {
        self.key.clear();
        let Some(chars) = fold_word(w, false, &mut self.key) else {
            return;
        };
        let mut it = w.chars();
        let capital = it.next().is_some_and(char::is_uppercase);
        if let Some(lex) = side.lex {
            let mut found = [NONE; 3];
            lex.lookup(&self.key, capital, side.english, side.compounds, &mut found);
            for c in found {
                if c != NONE {
                    self.push(c);
                }
            }
        }
        if capital
            && chars >= 3
            && it.any(char::is_lowercase)
            && !(first && OPENERS.contains(self.key.as_str()))
        {
            let id = self
                .table
                .intern(Space::Names, &self.key, AnchorKind::Name, W_NAME);
            self.push(id);
            if !first {
                self.table.seen[id as usize] |= INNER;
            }
        }
        if chars >= COGNATE_MIN_CHARS
            && !(self.key.len() <= COGNATE_STOP_MAX && COGNATE_STOPS.contains(self.key.as_str()))
        {
            let end = self
                .key
                .char_indices()
                .nth(COGNATE_PREFIX)
                .map_or(self.key.len(), |(i, _)| i);
            let id = self.table.intern(
                Space::Cognates,
                &self.key[..end],
                AnchorKind::Cognate,
                W_COGNATE,
            );
            self.push(id);
            // A long shared stem is near-certain: "Kindergartens"/"Kindergärten",
            // "Ingenieure"/"engineers" do not, "Hochwasserschutz"/"Hochwasserplan" do.
            if chars >= STEM_MIN_CHARS {
                let end = self
                    .key
                    .char_indices()
                    .nth(STEM_PREFIX)
                    .map_or(self.key.len(), |(i, _)| i);
                let id = self.table.intern(
                    Space::Cognates,
                    &self.key[..end],
                    AnchorKind::Cognate,
                    W_STEM,
                );
                self.push(id);
            }
        }
    }

    /// A token part starting with a digit.
    fn number(&mut self, p: &str, english: bool, mut ctx: NumCtx) {
        self.num.clear();
        let mut end = p.len();
        for (i, c) in p.char_indices() {
            match c {
                '0'..='9' | '.' | ',' | ':' => self.num.push(c),
                '\'' | '’' => self.num.push('\''),
                _ => {
                    end = i;
                    break;
                }
            }
        }
        while self.num.ends_with(|c: char| !c.is_ascii_digit()) {
            if self.num.ends_with('.') {
                ctx.dot_after = true;
            }
            self.num.pop();
        }
        let tail = &p[end..];
        if !tail.is_empty() {
            clock_word(tail, english, &mut ctx);
            // French `9h30`: a time.
            if !english && !self.num.contains([':', '.', ',']) {
                if let Some(min) = tail.strip_prefix('h') {
                    if min.len() == 2 && min.bytes().all(|b| b.is_ascii_digit()) {
                        self.num.push(':');
                        self.num.push_str(min);
                    }
                }
            }
        }
        let num = std::mem::take(&mut self.num);
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        parse_number(&num, english, ctx, &mut keys);
        for line in keys.lines() {
            let (tag, key) = line.split_at(1);
            match tag {
                "N" => {
                    let id = self.table.intern(
                        Space::Numbers,
                        key,
                        AnchorKind::Number,
                        number_weight(key),
                    );
                    self.push(id);
                }
                _ => {
                    // Month of a numeric date.
                    let month: usize = key.parse().unwrap_or(0);
                    if let Some(lex) = self.lex {
                        if (1..=12).contains(&month) && lex.months[month - 1] != NONE {
                            self.push(lex.months[month - 1]);
                        }
                    }
                }
            }
        }
        self.keys = keys;
        self.num = num;
    }

    /// Text in quotation marks that looks like a title or name.
    fn quoted(&mut self, s: &str) {
        let b = s.as_bytes();
        // Quotation marks are `"` or multi-byte characters starting with 0xC2 or 0xE2.
        if memchr::memchr3(b'"', 0xC2, 0xE2, b).is_none() {
            return;
        }
        let mut i = 0;
        while let Some(at) = memchr::memchr3(b'"', 0xC2, 0xE2, &b[i..]) {
            let at = i + at;
            let Some(c) = s[at..].chars().next() else {
                break;
            };
            let open_end = at + c.len_utf8();
            i = open_end;
            let closers: &[char] = match c {
                '"' => &['"'],
                '“' => &['”'],
                '„' => &['“', '”'],
                '»' => &['«'],
                '«' => &['»'],
                '‚' => &['‘', '’'],
                '‘' => &['’'],
                _ => continue,
            };
            let mut limit = (open_end + QUOTED_MAX_BYTES).min(s.len());
            while !s.is_char_boundary(limit) {
                limit -= 1;
            }
            let Some(rel) = s[open_end..limit].find(closers) else {
                continue;
            };
            let inner = &s[open_end..open_end + rel];
            let close_len = s[open_end + rel..].chars().next().map_or(1, char::len_utf8);
            i = open_end + rel + close_len;
            self.title(inner);
        }
    }

    fn title(&mut self, inner: &str) {
        self.key.clear();
        let (mut words, mut capitalised) = (0, 0);
        for w in inner.split_whitespace() {
            let w = trim_junk(w);
            if w.is_empty() {
                continue;
            }
            words += 1;
            if words > QUOTED_MAX_WORDS {
                return;
            }
            if w.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
                capitalised += 1;
            }
            if !self.key.is_empty() {
                self.key.push(' ');
            }
            for c in w.chars().filter(|c| c.is_alphanumeric()) {
                for l in c.to_lowercase() {
                    fold_char(l, &mut self.key);
                }
            }
        }
        if words == 0 || capitalised * 2 < words || !self.key.chars().any(char::is_alphabetic) {
            return;
        }
        let key = format!("q:{}", self.key);
        let id = self
            .table
            .intern(Space::Words, &key, AnchorKind::Quoted, W_QUOTED);
        self.push(id);
    }

    /// Matches names across sides, drops one-sided ids, renumbers and builds the lists.
    fn finish(self, src: &Flat, tgt: &Flat) -> PairAnchors {
        let table = self.table;
        let n = table.kind.len();
        let mut remap: Vec<u32> = (0..n as u32).collect();
        for (from, to) in match_names(&table) {
            remap[from as usize] = to;
        }
        let mut sides = vec![0u8; n];
        for (p, &s) in table.seen.iter().enumerate() {
            sides[p] |= s & SRC;
            if s & TGT != 0 {
                sides[remap[p] as usize] |= TGT;
            }
        }
        let mut final_id = vec![NONE; n];
        let (mut weight, mut kind) = (Vec::new(), Vec::new());
        for p in 0..n {
            if sides[p] == SRC | TGT {
                final_id[p] = weight.len() as u32;
                weight.push(table.weight[p]);
                kind.push(table.kind[p]);
            }
        }
        for p in 0..n {
            remap[p] = final_id[remap[p] as usize];
        }
        PairAnchors {
            src: lists(src, &final_id),
            tgt: lists(tgt, &remap),
            weight,
            kind,
        }
    }
}

/// Per-sentence sorted, deduplicated lists through `map` (`NONE` = dropped).
fn lists(flat: &Flat, map: &[u32]) -> Vec<Vec<u32>> {
    let mut out = Vec::with_capacity(flat.ends.len());
    let mut scratch = Vec::new();
    let mut start = 0;
    for &end in &flat.ends {
        scratch.clear();
        scratch.extend(
            flat.ids[start..end]
                .iter()
                .map(|&p| map[p as usize])
                .filter(|&f| f != NONE),
        );
        scratch.sort_unstable();
        scratch.dedup();
        out.push(scratch.clone());
        start = end;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Names

/// A name prepared for fast comparison: its first three characters (the block it is compared
/// within), its length and a histogram of its letters.
struct NameEntry<'a> {
    head: [char; 3],
    chars: u32,
    hist: [u8; 32],
    name: &'a str,
    id: u32,
}

fn name_entry(name: &str, id: u32) -> NameEntry<'_> {
    let mut head = ['\0'; 3];
    let mut hist = [0u8; 32];
    let mut chars = 0;
    for (i, c) in name.chars().enumerate() {
        if i < 3 {
            head[i] = c;
        }
        let lane = if c.is_ascii_lowercase() {
            (c as u8 - b'a') as usize
        } else {
            26 + c as usize % 6
        };
        hist[lane] = hist[lane].saturating_add(1);
        chars += 1;
    }
    NameEntry {
        head,
        chars,
        hist,
        name,
        id,
    }
}

/// An upper bound of the Jaro-Winkler similarity of two names that share their first three
/// letters. Jaro counts characters that occur in both names, so it cannot exceed what their
/// letter histograms share, and the Winkler bonus is at most four letters. A few vector
/// instructions, so most pairs are rejected without computing the real similarity.
fn jw_bound(a: &NameEntry<'_>, b: &NameEntry<'_>) -> f64 {
    let shared: u32 = a
        .hist
        .iter()
        .zip(&b.hist)
        .map(|(&x, &y)| u32::from(x.min(y)))
        .sum();
    let m = f64::from(shared);
    let jaro = (m / f64::from(a.chars) + m / f64::from(b.chars) + 1.0) / 3.0;
    jaro + 0.4 * (1.0 - jaro)
}

/// `name` without its third character: names that differ only there (`navalny`/`nawalny`,
/// `mueller`/`muller`) meet under this key.
fn without_third(name: &str) -> Option<String> {
    let (at, c) = name.char_indices().nth(2)?;
    Some(format!("{}{}", &name[..at], &name[at + c.len_utf8()..]))
}

/// For each name seen only on the target side, the most similar source name: same first two
/// letters, both at least `FUZZY_MIN_CHARS` long, Jaro-Winkler ≥ `NAME_SIMILARITY`.
///
/// Near-linear: names sharing their first three letters are compared within that block, in a
/// length window and after a cheap bound; names sharing exactly two letters can only reach the
/// threshold if they are nearly identical, and the usual case of that (the third letter
/// replaced, inserted or dropped) is found by hash lookups instead of comparing the whole block.
fn match_names(table: &Table) -> Vec<(u32, u32)> {
    let mut src: Vec<NameEntry<'_>> = Vec::new();
    let mut tgt: Vec<NameEntry<'_>> = Vec::new();
    for (name, id) in table.spaces[Space::Names as usize].iter() {
        let seen = table.seen[id as usize];
        if seen & INNER == 0 {
            continue;
        }
        let list = if seen & SRC != 0 {
            &mut src
        } else if seen & TGT != 0 {
            &mut tgt
        } else {
            continue;
        };
        let e = name_entry(name, id);
        // (Beyond 64 letters a "name" is garbage, and the histogram could saturate.)
        if (FUZZY_MIN_CHARS..=64).contains(&(e.chars as usize)) {
            list.push(e);
        }
    }
    if src.is_empty() || tgt.is_empty() {
        return Vec::new();
    }
    src.sort_unstable_by(|a, b| (a.head, a.chars, a.name).cmp(&(b.head, b.chars, b.name)));
    tgt.sort_unstable_by_key(|e| e.id);
    let mut by_name: FxMap<&str, usize> = FxMap::default();
    let mut by_skip: FxMap<String, Vec<usize>> = FxMap::default();
    for (i, s) in src.iter().enumerate() {
        by_name.insert(s.name, i);
        if let Some(k) = without_third(s.name) {
            by_skip.entry(k).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for t in &tgt {
        let mut best = (NAME_SIMILARITY, NONE);
        let mut consider = |s: &NameEntry<'_>| {
            if s.head[..2] != t.head[..2] {
                return;
            }
            let sim = strsim::jaro_winkler(s.name, t.name);
            if sim > best.0 || (sim == best.0 && best.1 == NONE) {
                best = (sim, s.id);
            }
        };
        // Same first three letters. JW ≥ 0.9 needs Jaro ≥ 0.83 even with the full prefix
        // bonus, so the shorter name is at least half as long as the longer.
        let lo = src.partition_point(|s| s.head < t.head);
        let hi = lo + src[lo..].partition_point(|s| s.head == t.head);
        let block = &src[lo..hi];
        let from = block.partition_point(|s| s.chars * 2 < t.chars);
        for s in &block[from..] {
            if s.chars > t.chars * 2 {
                break;
            }
            // The bound may round differently from the exact value; keep a margin.
            if jw_bound(s, t) + 1e-9 >= NAME_SIMILARITY {
                consider(s);
            }
        }
        // Different third letter.
        if let Some(k) = without_third(t.name) {
            for &i in by_skip.get(&k).into_iter().flatten() {
                consider(&src[i]);
            }
            if let Some(&i) = by_name.get(k.as_str()) {
                consider(&src[i]);
            }
        }
        for &i in by_skip.get(t.name).into_iter().flatten() {
            consider(&src[i]);
        }
        if best.1 != NONE {
            out.push((t.id, best.1));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Tokens

/// Characters around a token that are not part of it: quotes, brackets, punctuation, currency.
fn is_junk(c: char) -> bool {
    !c.is_alphanumeric()
}

/// Pushes the white-space separated tokens of `s`, like `split_whitespace` but decoding only
/// the lead bytes that can start a non-ASCII space (NBSP, narrow NBSP, thin space, …).
fn split_white<'s>(s: &'s str, out: &mut Vec<&'s str>) {
    let b = s.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (white, len) = match c {
            b' ' | b'\t'..=b'\r' => (true, 1),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let ch = s[i..].chars().next().unwrap_or('x');
                (ch.is_whitespace(), ch.len_utf8())
            }
            _ => (false, 1),
        };
        if white {
            if let Some(st) = start.take() {
                out.push(&s[st..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += len;
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
}

fn trim_junk(s: &str) -> &str {
    s.trim_matches(is_junk)
}

/// The token without surrounding punctuation, and what followed it.
fn trim_token(t: &str) -> (&str, &str) {
    let start = t.trim_start_matches(is_junk);
    let core = start.trim_end_matches(is_junk);
    (core, &start[core.len()..])
}

fn strip_possessive(w: &str) -> &str {
    for suffix in ["'s", "’s"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if stem.chars().next_back().is_some_and(char::is_alphanumeric) {
                return stem;
            }
        }
    }
    w
}

/// Romance articles and particles that lose their vowel before a vowel (`l'État`, `dell'Italia`).
const ELIDED: &[&str] = &[
    "l", "d", "j", "n", "s", "c", "m", "t", "qu", "lorsqu", "puisqu", "jusqu", "quelqu", "dell",
    "nell", "dall", "sull", "all", "un",
];

/// `w` without an elided article: `l'expédition` → `expédition`; `O'Brien` stays.
fn strip_elision(w: &str) -> &str {
    let Some((at, c)) = w.char_indices().take(8).find(|&(_, c)| is_apostrophe(c)) else {
        return w;
    };
    let (prefix, rest) = (&w[..at], &w[at + c.len_utf8()..]);
    let elided = ELIDED.iter().any(|e| e.eq_ignore_ascii_case(prefix));
    if elided && rest.chars().next().is_some_and(char::is_alphabetic) {
        rest
    } else {
        w
    }
}

/// `core` is `min`–3 ASCII digits.
fn is_group(core: &str, min: usize) -> bool {
    (min..=3).contains(&core.len()) && core.bytes().all(|b| b.is_ascii_digit())
}

/// Sets the clock flags if `w` marks a time: `Uhr`/`h` (German, French), `a.m.`/`pm` (English).
fn clock_word(w: &str, english: bool, ctx: &mut NumCtx) {
    if english {
        let w = w.as_bytes();
        let am = w.eq_ignore_ascii_case(b"am") || w.eq_ignore_ascii_case(b"a.m");
        let pm = w.eq_ignore_ascii_case(b"pm") || w.eq_ignore_ascii_case(b"p.m");
        ctx.clock |= am || pm;
        ctx.pm |= pm;
    } else if w.eq_ignore_ascii_case("uhr") || w == "h" {
        ctx.clock = true;
    }
}

/// Acronym key (letters and digits, upper case) of `w`, built in `buf`: 2–6 capital letters,
/// or one capital and digits (`G7`, `A380`); dots and hyphens inside are dropped (`U.S.` → `US`,
/// `COVID-19` → `COVID19`).
fn acronym_key<'b>(w: &str, buf: &'b mut String) -> Option<&'b str> {
    if w.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return None;
    }
    buf.clear();
    let (mut letters, mut digits) = (0, 0);
    for c in w.chars() {
        if c.is_uppercase() {
            letters += 1;
            buf.push(c);
        } else if c.is_ascii_digit() {
            digits += 1;
            buf.push(c);
        } else if c == '.' || c == '-' {
            continue;
        } else {
            return None;
        }
        if letters > 6 || letters + digits > 10 {
            return None;
        }
    }
    let starts_with_letter = buf.chars().next().is_some_and(char::is_uppercase);
    let ok = letters >= 2 || (letters == 1 && digits >= 1 && starts_with_letter);
    (ok && !ACRONYM_STOP.contains(&buf.as_str())).then_some(buf.as_str())
}

// ---------------------------------------------------------------------------------------------
// Numbers

fn number_weight(key: &str) -> f32 {
    if key.contains([':', '.']) || (key.len() > 1 && key.starts_with('0')) || key.len() > 18 {
        return W_NUMBER;
    }
    match key.parse::<u64>() {
        Ok(v) if v < 13 => W_SMALL_NUMBER,
        Ok(v) if (1000..=2100).contains(&v) => W_YEAR,
        _ => W_NUMBER,
    }
}

/// Appends the decimal digits of `n`.
fn push_uint(n: u32, out: &mut String) {
    if n >= 10 {
        push_uint(n / 10, out);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends the number key for the integer `int` (digits, possibly with separators to skip)
/// with decimals `frac`, as a line `N<value>`.
fn push_value(int: &str, frac: &str, out: &mut String) {
    out.push('N');
    let start = out.len();
    let digits = || int.bytes().filter(u8::is_ascii_digit);
    // Long digit strings with a leading zero are phone numbers or codes: keep them whole.
    let keep_zeros = frac.is_empty() && digits().next() == Some(b'0') && digits().count() >= 5;
    let mut leading = !keep_zeros;
    for d in digits() {
        if leading && d == b'0' {
            continue;
        }
        leading = false;
        out.push(char::from(d));
    }
    if out.len() == start {
        out.push('0');
    }
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out.push('\n');
}

/// Appends a time key `N<hour>:<minutes>[:<seconds>]`, on the 24-hour clock if `pm`.
fn push_time(hour: &str, rest: &[&str], pm: bool, out: &mut String) {
    let mut h: u32 = hour.parse().unwrap_or(99);
    if pm && h < 12 {
        h += 12;
    }
    out.push('N');
    push_uint(h, out);
    for r in rest {
        out.push(':');
        out.push_str(r);
    }
    out.push('\n');
}

/// Appends the month of a numeric date as a line `M<month>`.
fn push_month(m: &str, out: &mut String) {
    out.push('M');
    out.push_str(m.trim_start_matches('0'));
    out.push('\n');
}

/// Up to eight digit groups of a number, split at its separators.
struct Groups<'a> {
    g: [&'a str; 8],
    n: usize,
}

impl<'a> Groups<'a> {
    fn split(head: &'a str, seps: &[char]) -> Option<Groups<'a>> {
        let mut g = [""; 8];
        let mut n = 0;
        for part in head.split(seps) {
            if n == 8 || part.is_empty() {
                return None;
            }
            g[n] = part;
            n += 1;
        }
        Some(Groups { g, n })
    }
    fn all(&self) -> &[&'a str] {
        &self.g[..self.n]
    }
}

/// Normalised values of `head` (ASCII digits and the separators `.,:'`, starting and ending
/// with a digit), appended to `out` one per line: `N<value>` for numbers, `M<month>` for the
/// month of a numeric date.
fn parse_number(head: &str, english: bool, ctx: NumCtx, out: &mut String) {
    let (mut dots, mut commas, mut colons, mut other) = (0, 0, 0, 0);
    for b in head.bytes() {
        match b {
            b'.' => dots += 1,
            b',' => commas += 1,
            b':' => colons += 1,
            b'0'..=b'9' => {}
            _ => other += 1,
        }
    }
    if head.is_empty() || (dots + commas + colons + other == 0 && !ctx.pm) {
        // Plain digits, by far the most common case.
        if !head.is_empty() {
            push_value(head, "", out);
        }
        return;
    }
    let Some(groups) = Groups::split(head, &['.', ',', ':', '\'']) else {
        if colons == 0 && other == 0 {
            // Many groups: an identifier of some kind; keep as written.
            out.push('N');
            out.push_str(head);
            out.push('\n');
        }
        return;
    };
    let groups = groups.all();
    if colons > 0 {
        // A time (`9:30`) or a score (`3:2`).
        if groups.len() == colons + 1 && colons <= 2 {
            push_time(groups[0], &groups[1..], ctx.pm, out);
        }
        return;
    }
    let small = |g: &str| g.len() <= 2;
    // `9.30 Uhr`, `9.30 a.m.`
    if ctx.clock
        && dots + commas == 1
        && groups.len() == 2
        && small(groups[0])
        && groups[1].len() == 2
    {
        push_time(groups[0], &groups[1..], ctx.pm, out);
        return;
    }
    let day_month = |d: &str, m: &str| {
        let (d, m) = (d.parse::<u32>().unwrap_or(0), m.parse::<u32>().unwrap_or(0));
        (1..=31).contains(&d) && (1..=12).contains(&m)
    };
    if dots == 2 && commas == 0 && groups.len() == 3 {
        let (d, m, y) = (groups[0], groups[1], groups[2]);
        if small(d) && small(m) && (y.len() == 4 || y.len() == 2) && day_month(d, m) {
            push_value(d, "", out);
            push_month(m, out);
            if y.len() == 4 {
                push_value(y, "", out);
            }
            return;
        }
    }
    if !english && dots == 1 && commas == 0 && groups.len() == 2 && ctx.dot_after {
        let (d, m) = (groups[0], groups[1]);
        if small(d) && small(m) && day_month(d, m) {
            push_value(d, "", out);
            push_month(m, out);
            return;
        }
    }
    if ctx.pm && groups.len() == 1 {
        // `2 p.m.`: keep `2`, and also offer `14` for a translation on the 24-hour clock.
        push_value(head, "", out);
        if let Ok(h @ 1..=11) = head.parse::<u32>() {
            out.push('N');
            push_uint(h + 12, out);
            out.push('\n');
        }
        return;
    }
    // Which separator, if any, is the decimal one.
    let decimal = if dots > 0 && commas > 0 {
        head.rfind(['.', ','])
    } else if dots + commas == 0 {
        None
    } else {
        // One kind of separator (apostrophes, Swiss thousands, are skipped by `push_value`).
        let sep = if dots > 0 { '.' } else { ',' };
        let Some(parts) = Groups::split(head, &[sep]) else {
            return;
        };
        let parts = parts.all();
        let grouped = parts[0].len() <= 3 && parts[1..].iter().all(|g| g.len() == 3);
        if parts.len() > 2 {
            if !grouped {
                // Version numbers, IP addresses: keep as written.
                out.push('N');
                out.push_str(head);
                out.push('\n');
                return;
            }
            None
        } else {
            let thousands = if english { ',' } else { '.' };
            let leading_zero = parts[0].trim_start_matches('0').is_empty();
            if sep == thousands && grouped && parts[1].len() == 3 && !leading_zero {
                None
            } else {
                head.rfind(sep)
            }
        }
    };
    match decimal {
        Some(at) => push_value(&head[..at], &head[at + 1..], out),
        None => push_value(head, "", out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids shared by source sentence `s` and target sentence `t`.
    fn shared(a: &PairAnchors, s: usize, t: usize) -> Vec<u32> {
        a.src[s]
            .iter()
            .copied()
            .filter(|id| a.tgt[t].contains(id))
            .collect()
    }

    fn kinds(a: &PairAnchors, ids: &[u32]) -> Vec<AnchorKind> {
        ids.iter().map(|&i| a.kind[i as usize]).collect()
    }

    fn pair(en: &str, de: &str) -> PairAnchors {
        pair_anchors(&[en], "en", &[de], "de")
    }

    fn has(a: &PairAnchors, kind: AnchorKind) -> bool {
        kinds(a, &shared(a, 0, 0)).contains(&kind)
    }

    fn numbers(text: &str, lang: &str) -> Vec<String> {
        let mut keys = Vec::new();
        let mut ex = Extractor::new(None);
        let side = Side {
            english: lang == "en",
            lex: None,
            compounds: false,
            elision: false,
        };
        ex.side(&[text], side, SRC);
        let mut entries: Vec<(&str, u32)> =
            ex.table.spaces[Space::Numbers as usize].iter().collect();
        entries.sort_by_key(|&(_, id)| id);
        for (k, _) in entries {
            keys.push(k.to_string());
        }
        keys
    }

    #[test]
    fn number_formats() {
        assert_eq!(numbers("It cost 260,000 dollars.", "en"), ["260000"]);
        assert_eq!(numbers("Es kostete 260.000 Dollar.", "de"), ["260000"]);
        assert_eq!(numbers("3.5 and $1.2bn", "en"), ["3.5", "1.2"]);
        assert_eq!(numbers("3,5 und 3.500 und 3.50", "de"), ["3.5", "3500"]);
        assert_eq!(numbers("5.300,25 Euro", "de"), ["5300.25"]);
        assert_eq!(numbers("€5,300.25", "en"), ["5300.25"]);
        assert_eq!(numbers("3,500 and 3,5", "en"), ["3500", "3.5"]);
        assert_eq!(
            numbers("at 9:30 a.m. and 2 p.m.", "en"),
            ["9:30", "2", "14"]
        );
        assert_eq!(numbers("um 9.30 Uhr", "de"), ["9:30"]);
        assert_eq!(numbers("at 2:30 p.m.", "en"), ["14:30"]);
        assert_eq!(numbers("à 9h30", "fr"), ["9:30"]);
        assert_eq!(numbers("am 3. Oktober und am 01. Mai", "de"), ["3", "1"]);
        assert_eq!(numbers("the 3rd, 21st and 4th", "en"), ["3", "21", "4"]);
        assert_eq!(numbers("11.4% and 11.4 percent", "en"), ["11.4"]);
        assert_eq!(numbers("11,4 % oder 11,4 Prozent", "de"), ["11.4"]);
        assert_eq!(
            numbers("mid-2022, 2019-2021 and 2019–2021", "en"),
            ["2022", "2019", "2021"]
        );
        assert_eq!(numbers("12 500 personnes", "fr"), ["12500"]);
        assert_eq!(numbers("12\u{202f}500,5 €", "fr"), ["12500.5"]);
        assert_eq!(numbers("1 234 567 Menschen", "de"), ["1234567"]);
        assert_eq!(numbers("Im Jahr 2020 130 Menschen", "de"), ["2020", "130"]);
        assert_eq!(numbers("call 0301234567", "en"), ["0301234567"]);
        assert_eq!(numbers("the 1990s", "en"), ["1990"]);
        assert_eq!(numbers("version 1.2.3", "en"), ["1.2.3"]);
    }

    #[test]
    fn numeric_dates_give_day_month_and_year() {
        let a = pair("on October 3, 2022", "am 03.10.2022");
        let ids = shared(&a, 0, 0);
        assert_eq!(ids.len(), 3, "{:?}", kinds(&a, &ids));
        assert!(has(&a, AnchorKind::Lexicon));
    }

    #[test]
    fn numbers_meet_across_languages() {
        let cases = [
            (
                "About 260,000 people were affected.",
                "Etwa 260.000 Menschen waren betroffen.",
            ),
            ("It rose 3.5 points.", "Er stieg um 3,5 Punkte."),
            (
                "It cost €5,300.25 in total.",
                "Es kostete insgesamt 5.300,25 Euro.",
            ),
            (
                "The meeting began at 9:30 a.m. sharp.",
                "Die Sitzung begann um 9.30 Uhr.",
            ),
            (
                "Prices rose by 11.4%.",
                "Die Preise stiegen um 11,4 Prozent.",
            ),
            (
                "The plan is due by mid-2022.",
                "Der Plan soll bis Mitte 2022 stehen.",
            ),
        ];
        for (en, de) in cases {
            let a = pair(en, de);
            let ids = shared(&a, 0, 0);
            assert!(
                kinds(&a, &ids).contains(&AnchorKind::Number),
                "{en:?} / {de:?}: {:?}",
                kinds(&a, &ids)
            );
        }
    }

    #[test]
    fn dates_share_number_and_month() {
        let a = pair(
            "The vote is on October 3.",
            "Die Abstimmung ist am 3. Oktober.",
        );
        let k = kinds(&a, &shared(&a, 0, 0));
        assert!(k.contains(&AnchorKind::Number), "{k:?}");
        assert!(k.contains(&AnchorKind::Lexicon), "{k:?}");
    }

    #[test]
    fn one_sided_ids_are_dropped_and_small_numbers_are_weak() {
        let a = pair_anchors(
            &["Chapter 1 counts 260,000 words.", "There were 77 of them."],
            "en",
            &["Kapitel 1 zählt 260.000 Wörter.", "Es waren viele."],
            "de",
        );
        // `77` has no partner: no id anywhere.
        assert!(a.src[1].is_empty(), "{:?}", kinds(&a, &a.src[1]));
        for (id, k) in a.kind.iter().enumerate() {
            let id = id as u32;
            assert!(a.src.iter().any(|l| l.contains(&id)), "{k:?} not in src");
            assert!(a.tgt.iter().any(|l| l.contains(&id)), "{k:?} not in tgt");
        }
        let ids = shared(&a, 0, 0);
        let num: Vec<f32> = ids
            .iter()
            .filter(|&&i| a.kind[i as usize] == AnchorKind::Number)
            .map(|&i| a.weight[i as usize])
            .collect();
        assert_eq!(num.len(), 2);
        // Ids follow first occurrence, so `1` comes first; it counts for less than `260000`.
        assert_eq!(num, [W_SMALL_NUMBER, W_NUMBER]);
        assert!(num[0] < num[1]);
        assert!(a.weight.iter().all(|&w| w > 0.0));
    }

    #[test]
    fn lists_are_sorted_and_deduplicated() {
        let a = pair(
            "OFAC, OFAC and OFAC met 2022 in 2022 in Washington.",
            "OFAC und OFAC trafen sich 2022 in Washington.",
        );
        for l in a.src.iter().chain(&a.tgt) {
            assert!(l.windows(2).all(|w| w[0] < w[1]), "{l:?}");
        }
        // OFAC, 2022, the name Washington and its two cognate keys (prefix and long stem).
        assert_eq!(a.src[0].len(), 5, "{:?}", kinds(&a, &a.src[0]));
    }

    #[test]
    fn acronyms() {
        let a = pair("OFAC said so.", "Laut OFAC ist das so.");
        assert!(has(&a, AnchorKind::Acronym));
        let a = pair("The U.S. agreed.", "Die US-Regierung stimmte zu.");
        assert!(has(&a, AnchorKind::Acronym));
        let a = pair("COVID-19 spread.", "COVID-19 breitete sich aus.");
        assert!(has(&a, AnchorKind::Acronym));
        let mut buf = String::new();
        assert_eq!(acronym_key("U.S.", &mut buf), Some("US"));
        assert_eq!(acronym_key("COVID-19", &mut buf), Some("COVID19"));
        assert_eq!(acronym_key("G7", &mut buf), Some("G7"));
        assert_eq!(acronym_key("THE", &mut buf), None);
        assert_eq!(acronym_key("Fbi", &mut buf), None);
        assert_eq!(acronym_key("A", &mut buf), None);
        // German `USA` for English `US`: the lexicon joins them.
        let a = pair("The US responded.", "Die USA reagierten.");
        assert!(has(&a, AnchorKind::Lexicon));
    }

    #[test]
    fn lexicon_and_names() {
        let a = pair(
            "Officials in California warned of “Flax Typhoon”.",
            "Behörden in Kalifornien warnten vor „Flax Typhoon“.",
        );
        let k = kinds(&a, &shared(&a, 0, 0));
        assert!(k.contains(&AnchorKind::Lexicon), "{k:?}");
        assert!(k.contains(&AnchorKind::Quoted), "{k:?}");
        assert!(k.contains(&AnchorKind::Name), "{k:?}");
        // Inflection and compounds; `-er` only inflects adjectives.
        let a = pair("the storm", "der Stürmer");
        assert!(!has(&a, AnchorKind::Lexicon));
        let a = pair("French wine", "französischer Wein");
        assert!(has(&a, AnchorKind::Lexicon));
        let a = pair(
            "Police closed the bridge.",
            "Die Polizeisprecherin sprach von der Brücke.",
        );
        assert_eq!(kinds(&a, &shared(&a, 0, 0)), [AnchorKind::Lexicon; 2]);
        let a = pair("the foreign ministry", "das Außenministeriums");
        assert_eq!(kinds(&a, &shared(&a, 0, 0)), [AnchorKind::Lexicon; 2]);
        let a = pair("German exports", "deutschen Exporte");
        assert!(has(&a, AnchorKind::Lexicon));
        // `may` the verb is not the month.
        let a = pair("It may rain.", "Im Mai regnet es.");
        assert!(!has(&a, AnchorKind::Lexicon));
        // Not for other pairs.
        let a = pair_anchors(&["Kalifornien"], "de", &["California"], "fr");
        assert!(a.kind.is_empty());
    }

    #[test]
    fn lexicon_file_is_consistent() {
        let lex = &*LEXICON;
        assert!(lex.weight.len() >= 250, "{}", lex.weight.len());
        assert!(lex.months.iter().all(|&m| m != NONE));
        assert_eq!(
            lex.en.forms.get("october").map(|f| f.0),
            lex.de.forms.get("oktober").map(|f| f.0)
        );
    }

    #[test]
    fn links() {
        let a = pair(
            "See https://www.example.com/report. or write to press@example.org.",
            "Siehe www.example.com/report oder schreiben Sie an Press@Example.org!",
        );
        let k = kinds(&a, &shared(&a, 0, 0));
        assert!(k.contains(&AnchorKind::Url), "{k:?}");
        assert!(k.contains(&AnchorKind::Email), "{k:?}");
    }

    #[test]
    fn names_match_fuzzily_but_not_loosely() {
        let a = pair(
            "Mayor Keller’s plan failed.",
            "Bürgermeister Kellers Plan scheiterte.",
        );
        assert!(has(&a, AnchorKind::Name));
        let a = pair(
            "Then Navalny was arrested.",
            "Dann wurde Nawalny verhaftet.",
        );
        assert!(has(&a, AnchorKind::Name));
        let a = pair("Then Müller spoke.", "Es sprach Mueller.");
        assert!(has(&a, AnchorKind::Name));
        let a = pair("Then Smith spoke.", "Es sprach Meier.");
        assert!(shared(&a, 0, 0).is_empty());
        // Sentence openers are not names.
        let a = pair("Also, it rained.", "Also regnete es.");
        assert!(shared(&a, 0, 0).is_empty());
        // A capitalised first word is matched only exactly: it is often an ordinary word.
        let a = pair("Pumping stopped.", "Die Pumpen standen still.");
        assert!(shared(&a, 0, 0).is_empty());
        let a = pair("Keller agreed.", "Dem stimmte Keller zu.");
        assert!(has(&a, AnchorKind::Name));
    }

    #[test]
    fn name_matching_blocks_and_bound() {
        let e = |s| name_entry(s, 0);
        // The bound never undercuts the real similarity.
        for (x, y) in [
            ("kellers", "keller"),
            ("lindenstrasse", "lindenstr"),
            ("hamburg", "hamburger"),
        ] {
            assert!(jw_bound(&e(x), &e(y)) + 1e-9 >= strsim::jaro_winkler(x, y));
        }
        assert_eq!(without_third("navalny").as_deref(), Some("naalny"));
        assert_eq!(without_third("nawalny").as_deref(), Some("naalny"));
        assert_eq!(without_third("ab"), None);
    }

    #[test]
    fn other_language_pairs() {
        let a = pair_anchors(
            &["Die Expedition zählte 12.500 Teilnehmer."],
            "de",
            &["L'expédition comptait 12\u{a0}500 participants."],
            "fr",
        );
        let k = kinds(&a, &shared(&a, 0, 0));
        assert!(k.contains(&AnchorKind::Number), "{k:?}");
        assert!(k.contains(&AnchorKind::Cognate), "{k:?}");
        assert!(!k.contains(&AnchorKind::Lexicon));
    }

    #[test]
    fn more_lexicon_cases() {
        // Weekday inside a German compound, plural and possessive in English.
        let a = pair("on Tuesday evening", "am Dienstagabend");
        assert!(has(&a, AnchorKind::Lexicon));
        let a = pair("Germany's hospitals", "die Krankenhäuser");
        assert!(has(&a, AnchorKind::Lexicon));
        // Either direction, and regional language tags.
        let a = pair_anchors(
            &["Die Polizei kam."],
            "de-AT",
            &["The police came."],
            "en-GB",
        );
        assert!(has(&a, AnchorKind::Lexicon));
    }

    #[test]
    fn french_groups_with_plain_spaces() {
        let a = pair_anchors(
            &["Sie zählten 12.500 Stimmen."],
            "de",
            &["Ils ont compté 12 500 voix."],
            "fr",
        );
        assert!(has(&a, AnchorKind::Number));
    }

    #[test]
    fn empty_inputs() {
        let a = pair_anchors(&[], "en", &[""], "de");
        assert!(a.src.is_empty());
        assert_eq!(a.tgt, [Vec::<u32>::new()]);
        assert!(a.weight.is_empty() && a.kind.is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Keys of one sentence, for the completeness check

/// Courtesy titles, written with or without a period (`Mrs Brandt`): capitalised inside a
/// sentence and translated (`Frau`), so never names.
const HONORIFICS: &[&str] = &[
    "mrs", "miss", "prof", "sir", "dame", "lord", "lady", "herr", "frau", "mme", "mlle",
];

/// Small words inside the name of an institution: `University of Dresden`, `Bundesamt für
/// Sicherheit`. Articles and most prepositions are left out: `Keller in Leipzig` is two names.
const NAME_JOINERS: &[&str] = &["of", "for", "de", "du", "van", "von", "für"];

/// `and` inside a name (`Securities and Exchange Commission`) or between two (`Keller and
/// Brandt`): the two sides are separate names that share the initials of the whole.
const NAME_SPLITTERS: &[&str] = &["and", "und", "&"];

/// The anchors of one sentence, normalised as for alignment, for comparing the two sides of a
/// bead after alignment. [`pair_anchors`] cannot serve the completeness check: it drops every
/// id seen on one side only, and those are exactly what the check looks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceKeys {
    /// One entry per distinct number, listing its readings: the other side carries the number
    /// if it has any of them, because `2 p.m.` may become `14 Uhr` or `2 Uhr nachmittags`.
    /// Keys are those of alignment (`260,000` and `260.000` → `260000`, `9.30 Uhr` → `9:30`).
    /// A leading list marker is not here but in `marker`.
    pub numbers: Vec<Vec<String>>,
    /// The number of a leading list marker (`1.`, `2)`, `(3)`). A German sentence that opens
    /// with a date (`3. Oktober …`) looks the same, so the other side may carry this number
    /// but need not.
    pub marker: Option<String>,
    /// One entry per distinct acronym that stands alone: its key (`U.S.` → `US`) and, when the
    /// lexicon knows it, `lex:<concept>`, so that `US` and `USA` meet. An acronym that is part
    /// of a longer name (`SV Harzblick`, `TU Dresden`) is in that name's entry instead:
    /// translators keep or drop such prefixes freely.
    pub acronyms: Vec<Vec<String>>,
    /// One entry per proper name: a run of capitalised words (`Helga M. Brandt`, `Technical
    /// University of Dresden`) holding at least one clear name — capitalised but not all
    /// capitals, at least three letters, not the first word of the sentence, of a quotation or
    /// after a colon, not a function word, title or abbreviation (`Mrs.`), not inside a short
    /// quoted title (titles are translated), and not in the lexicon (`Saturday` becomes
    /// `Samstag`). The entry lists the run's words folded (lower case, no diacritics), its
    /// acronyms in lower case, its initials when it has two words or more (`tu`, `sec`) and an
    /// acronym in brackets right after it (`bsi`): a translation that keeps any of these has
    /// kept the name, because institutions are translated word by word or abbreviated.
    pub names: Vec<Vec<String>>,
    /// Every word, folded and deduplicated (acronyms in lower case): where the other side's
    /// names, acronyms and spelled numbers are looked up.
    pub words: Vec<String>,
}

/// Opening quotation marks and brackets: the word after one starts a quotation or an aside,
/// so its capital says nothing.
fn opens_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '„' | '»' | '«' | '‘' | '‚' | '\'' | '(' | '['
    )
}

fn closes_quote(c: char) -> bool {
    matches!(c, '"' | '”' | '“' | '«' | '»' | '’' | '‘' | '\'')
}

/// The normalised numbers, acronyms and names of one sentence in language `lang` (an ISO 639-1
/// code), and its folded words.
pub fn sentence_keys(text: &str, lang: &str) -> SentenceKeys {
    let lang = primary(lang);
    let english = lang == "en";
    let lex =
        matches!(lang.as_str(), "en" | "de")
            .then(|| if english { &LEXICON.en } else { &LEXICON.de });
    let side = Side {
        english,
        lex,
        compounds: lang == "de",
        elision: !english && lang != "de",
    };
    // Numbers and acronyms do not depend on the lexicon, and leaving it out of the extractor
    // saves a lookup per word; the few lookups needed here are made below.
    let mut ex = Extractor::new(None);
    let flat = ex.side(&[text], Side { lex: None, ..side }, SRC);
    let table = &ex.table;
    let mut key_of: Vec<Option<&str>> = vec![None; table.kind.len()];
    for space in [Space::Numbers, Space::Words] {
        for (k, id) in table.spaces[space as usize].iter() {
            key_of[id as usize] = Some(k);
        }
    }
    let mut keys = SentenceKeys::default();
    let mut i = 0;
    while i < flat.ids.len() {
        let id = flat.ids[i] as usize;
        i += 1;
        let Some(key) = key_of[id] else {
            continue;
        };
        let mut readings = vec![key.to_string()];
        match table.kind[id] {
            AnchorKind::Number => {
                // `parse_number` emits `2 p.m.` as `2` directly followed by `14`.
                if let (true, Ok(h @ 1..=11), Some(&next)) =
                    (english, key.parse::<u32>(), flat.ids.get(i))
                {
                    let pm = (h + 12).to_string();
                    if key_of[next as usize] == Some(pm.as_str()) {
                        readings.push(pm);
                        i += 1;
                    }
                }
                // Kept in order and with repeats until the list marker is taken out.
                keys.numbers.push(readings);
            }
            AnchorKind::Acronym => {
                if let Some(lex) = lex {
                    let mut found = [NONE; 3];
                    lex.lookup(&key.to_lowercase(), true, english, false, &mut found);
                    if found[0] != NONE {
                        readings.push(format!("lex:{}", found[0]));
                    }
                }
                if !keys.acronyms.contains(&readings) {
                    keys.acronyms.push(readings);
                }
            }
            _ => {}
        }
    }
    let mut toks = Vec::new();
    split_white(text, &mut toks);
    // A leading `1.`, `2)` or `(3)` followed by more text.
    if let (Some(first), true) = (toks.first(), toks.len() > 1) {
        let t = first.strip_prefix('(').unwrap_or(first);
        if let Some(d) = t.strip_suffix(['.', ')']) {
            if (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) {
                let n = d.trim_start_matches('0');
                let n = if n.is_empty() { "0" } else { n };
                if keys.numbers.first().is_some_and(|r| r[0] == n) {
                    keys.numbers.remove(0);
                }
                keys.marker = Some(n.to_string());
            }
        }
    }
    let mut distinct: Vec<Vec<String>> = Vec::with_capacity(keys.numbers.len());
    for r in keys.numbers.drain(..) {
        if !distinct.contains(&r) {
            distinct.push(r);
        }
    }
    keys.numbers = distinct;
    let absorbed = names_and_words(&toks, side, &mut keys);
    keys.acronyms.retain(|r| !absorbed.contains(&r[0]));
    keys
}

/// One name of a run: its readings so far, its initials, how many words they come from and
/// whether one of them is clearly a name.
#[derive(Default)]
struct NamePart {
    readings: Vec<String>,
    initials: String,
    words: usize,
    clear: bool,
}

/// A run of capitalised words being read: one or more names joined by `and`.
#[derive(Default)]
struct NameRun {
    parts: Vec<NamePart>,
    /// Abbreviations of the whole run: `(BSI)` after it.
    extra: Vec<String>,
    acronyms: Vec<String>,
    /// A joiner was read; it belongs to the run only if a capitalised word follows.
    joiner: bool,
    /// ... and it was `and`: the next word starts a new name.
    split: bool,
}

impl NameRun {
    fn open(&self) -> bool {
        !self.parts.is_empty()
    }

    /// The name being read, started if need be (or after `and`).
    fn part(&mut self) -> &mut NamePart {
        if self.parts.is_empty() || self.split {
            self.parts.push(NamePart::default());
        }
        self.joiner = false;
        self.split = false;
        let last = self.parts.len() - 1;
        &mut self.parts[last]
    }

    /// The name being read; there is one after `part` or `add`.
    fn part_mut(&mut self) -> &mut NamePart {
        let last = self.parts.len() - 1;
        &mut self.parts[last]
    }

    fn add(&mut self, reading: &str) {
        let part = self.part();
        if !part.readings.iter().any(|r| r == reading) {
            part.readings.push(reading.to_string());
        }
    }

    /// Ends the run: each part holding a clear name becomes a name. Acronyms in such a run are
    /// moved to `absorbed`.
    fn close(&mut self, keys: &mut SentenceKeys, absorbed: &mut Vec<String>) {
        let run = std::mem::take(self);
        if !run.parts.iter().any(|p| p.clear) {
            return;
        }
        let all: String = run.parts.iter().map(|p| p.initials.as_str()).collect();
        let words: usize = run.parts.iter().map(|p| p.words).sum();
        let whole = run.parts.len() > 1 && words >= 2 && all.chars().count() >= 2;
        for mut p in run.parts.into_iter().filter(|p| p.clear) {
            if p.words >= 2 && p.initials.chars().count() >= 2 {
                p.readings.push(p.initials);
            }
            if whole {
                p.readings.push(all.clone());
            }
            for e in &run.extra {
                if !p.readings.contains(e) {
                    p.readings.push(e.clone());
                }
            }
            if !keys.names.contains(&p.readings) {
                keys.names.push(p.readings);
            }
        }
        absorbed.extend(run.acronyms);
    }
}

/// Fills `names` and `words` from the tokens of one sentence; returns the acronyms that became
/// part of a name.
fn names_and_words(toks: &[&str], side: Side<'_>, keys: &mut SentenceKeys) -> Vec<String> {
    let mut folded = String::new();
    let mut acro = String::new();
    let mut absorbed = Vec::new();
    let mut run = NameRun::default();
    let mut initial = true;
    // Index of the last token of a short quotation being read.
    let mut title_until: Option<usize> = None;
    for (n, t) in toks.iter().enumerate() {
        let (core, after) = trim_token(t);
        let lead = &t[..t.len() - core.len() - after.len()];
        let bracketed = lead.contains('(') && after.starts_with(')');
        if bracketed && run.open() {
            // `Federal Office for Information Security (BSI)`: the name's own abbreviation.
            if let Some(a) = acronym_key(core, &mut acro) {
                run.extra.push(a.to_lowercase());
                run.acronyms.push(a.to_string());
            }
        }
        if lead.chars().any(opens_quote) {
            run.close(keys, &mut absorbed);
            initial = true;
            if title_until.is_none() {
                title_until = toks[n..]
                    .iter()
                    .take(QUOTED_MAX_WORDS)
                    .position(|t| trim_token(t).1.chars().any(closes_quote))
                    .map(|k| n + k);
            }
        }
        let in_title = title_until.is_some_and(|end| n <= end);
        if title_until.is_some_and(|end| n >= end) {
            title_until = None;
        }
        if core.is_empty() {
            run.close(keys, &mut absorbed);
            continue;
        }
        let last = n + 1 == toks.len();
        let short = core.chars().count() <= 4;
        let abbreviation = after.starts_with('.') && !last && short;
        let capital = core.chars().next().is_some_and(char::is_uppercase);
        let joins = |list: &[&str]| list.iter().any(|j| core.eq_ignore_ascii_case(j));
        if !capital && run.open() && !run.joiner && (joins(NAME_SPLITTERS) || joins(NAME_JOINERS)) {
            run.joiner = true;
            run.split = joins(NAME_SPLITTERS);
        } else if !capital || OPENERS.contains(fold_owned(core).as_str()) {
            run.close(keys, &mut absorbed);
        }
        let mut parts = core.split(['-', '–', '—', '/']).peekable();
        let mut word_seen = false;
        while let Some(part) = parts.next() {
            let part = strip_possessive(trim_junk(part));
            let part = if side.elision {
                strip_elision(part)
            } else {
                part
            };
            let mut chars = part.chars();
            let Some(c0) = chars.next() else {
                continue;
            };
            folded.clear();
            let Some(len) = fold_word(part, true, &mut folded) else {
                continue;
            };
            if !c0.is_alphabetic() {
                continue;
            }
            word_seen = true;
            if !keys.words.contains(&folded) {
                keys.words.push(folded.clone());
            }
            if !capital || OPENERS.contains(folded.as_str()) {
                continue;
            }
            if let Some(a) = acronym_key(part, &mut acro) {
                run.add(&folded);
                run.acronyms.push(a.to_string());
                // Its lexicon concept too, so that the other side's `US` still meets `USA`.
                if let Some(lex) = side.lex {
                    let mut found = [NONE; 3];
                    lex.lookup(&folded, true, side.english, false, &mut found);
                    if found[0] != NONE {
                        run.add(&format!("lex:{}", found[0]));
                    }
                }
                continue;
            }
            let title =
                (abbreviation && parts.peek().is_none()) || HONORIFICS.contains(&folded.as_str());
            if len < 3 || title {
                // Initials (`M.`) and titles (`Dr.`) belong to the run but say nothing.
                run.part();
                continue;
            }
            run.add(&folded);
            let p = run.part_mut();
            p.words += 1;
            p.initials.extend(folded.chars().next());
            p.clear |= c0.is_uppercase()
                && chars.any(char::is_lowercase)
                && !initial
                && !in_title
                && !side.lex.is_some_and(|lex| {
                    let mut found = [NONE; 3];
                    lex.lookup(&folded, true, side.english, side.compounds, &mut found);
                    found[0] != NONE
                });
        }
        if word_seen || core.chars().any(char::is_alphanumeric) {
            initial = false;
        }
        if after.contains([':', '!', '?']) {
            initial = true;
        }
        // Punctuation ends a name, except the period of an initial or abbreviation.
        let ends = after.chars().any(|c| c != '.') || (after.starts_with('.') && !short);
        if ends || bracketed {
            run.close(keys, &mut absorbed);
        }
    }
    run.close(keys, &mut absorbed);
    absorbed
}

#[cfg(test)]
mod sentence_keys_tests {
    use super::*;

    fn numbers(k: &SentenceKeys) -> Vec<String> {
        k.numbers.iter().map(|r| r.join("|")).collect()
    }

    fn names(k: &SentenceKeys) -> Vec<String> {
        k.names.iter().map(|r| r.join(" ")).collect()
    }

    #[test]
    fn numbers_keep_their_readings() {
        let en = sentence_keys("About 260,000 people left by 9:30 a.m. on October 3.", "en");
        let de = sentence_keys(
            "Etwa 260.000 Menschen gingen bis 9.30 Uhr am 3. Oktober.",
            "de",
        );
        assert_eq!(numbers(&en), ["260000", "9:30", "3"]);
        assert_eq!(numbers(&de), ["260000", "9:30", "3"]);
        let pm = sentence_keys("It began at 2 p.m. with 3.5 points.", "en");
        assert_eq!(numbers(&pm), ["2|14", "3.5"]);
        let de = sentence_keys("Er stieg um 3,5 Punkte.", "de");
        assert_eq!(numbers(&de), ["3.5"]);
    }

    #[test]
    fn list_markers_are_kept_apart() {
        let k = sentence_keys("2. The second point covers 2 cases.", "en");
        assert_eq!(k.marker.as_deref(), Some("2"));
        assert_eq!(numbers(&k), ["2"]);
        let k = sentence_keys("(3) Nothing else.", "en");
        assert_eq!(k.marker.as_deref(), Some("3"));
        assert!(k.numbers.is_empty());
        let k = sentence_keys("In 2019 it rained.", "en");
        assert_eq!(k.marker, None);
    }

    #[test]
    fn acronyms_meet_through_the_lexicon() {
        let en = sentence_keys("The U.S. and OFAC agreed.", "en");
        let de = sentence_keys("Die USA und OFAC stimmten zu.", "de");
        assert_eq!(en.acronyms[0][0], "US");
        assert_eq!(de.acronyms[0][0], "USA");
        assert_eq!(en.acronyms[0].len(), 2, "{:?}", en.acronyms);
        assert_eq!(en.acronyms[0].get(1), de.acronyms[0].get(1));
        assert_eq!(en.acronyms[1], ["OFAC"]);
    }

    #[test]
    fn only_clear_names() {
        let k = sentence_keys(
            "On Saturday, Mrs. Brandt met Dr. Maria L. Ortega in Leipzig: “Why now?” she asked.",
            "en",
        );
        assert_eq!(names(&k), ["brandt", "maria ortega mo", "leipzig"]);
        let k = sentence_keys(
            "Officials praised the report \"Flood Protection 2030\".",
            "en",
        );
        assert!(k.names.is_empty(), "{:?}", k.names);
        let k = sentence_keys("The pumps came from Ohio.", "en");
        assert_eq!(names(&k), ["ohio"]);
        assert!(k.words.contains(&"pumps".to_string()));
        let k = sentence_keys("Die Bäckerei öffnete, sagte Frau Müller.", "de");
        assert_eq!(names(&k), ["backerei", "muller"]);
        let k = sentence_keys("Then Keller and Brandt spoke.", "en");
        assert_eq!(names(&k), ["keller kb", "brandt kb"]);
    }

    #[test]
    fn names_are_runs_with_initials_and_abbreviations() {
        let k = sentence_keys(
            "She teaches at the Technical University of Dresden and the Federal Office for \
             Information Security (BSI) agreed.",
            "en",
        );
        assert_eq!(
            names(&k),
            [
                "technical university dresden tud",
                "federal office information security fois bsi"
            ]
        );
        assert!(k.acronyms.is_empty(), "{:?}", k.acronyms);
        let k = sentence_keys("Die Spiele des SV Harzblick und der FIFA.", "de");
        assert_eq!(names(&k), ["spiele", "sv harzblick"]);
        assert_eq!(k.acronyms, [["FIFA"]]);
    }
}
