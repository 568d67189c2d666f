//! The anchor lexicon (`data/lexicon-en-de.tsv`): hand-picked concepts whose names differ
//! between English and German but which a translator always renders the same way (months,
//! weekdays, countries and their people, cities), matched as anchors like numbers and names.
//! Each form is looked up with inflection endings and, for German, inside compounds. The broad
//! translation lexicon that compares every content word is [`super::lexicon`].

use std::sync::LazyLock;

use super::fold::fold_owned;
use super::{FxMap, COMPOUND_MIN_FORM, COMPOUND_MIN_REST, NONE, W_LEXICON};

/// One language's half of the lexicon.
#[derive(Default)]
pub(super) struct LexSide {
    /// Folded form → (concept, form was capitalised in the file).
    pub(super) forms: FxMap<Box<str>, (u32, bool)>,
    /// First and last `COMPOUND_MIN_FORM` bytes of long forms → forms, for German compounds.
    pub(super) heads: FxMap<u64, Vec<(Box<str>, u32, bool)>>,
    pub(super) tails: FxMap<u64, Vec<(Box<str>, u32, bool)>>,
    /// Bit sets over the first three bytes of all forms and the last `COMPOUND_MIN_FORM` bytes
    /// of long forms: most words of a text match no form, and two bit tests say so without
    /// the half-dozen hash lookups that the endings and compound parts would otherwise cost.
    pub(super) starts: Bits,
    pub(super) ends: Bits,
}

/// A 65536-bit set of hashed keys; a clear bit means "certainly absent".
pub(super) struct Bits(Box<[u64; 1024]>);

impl Default for Bits {
    fn default() -> Bits {
        Bits(Box::new([0; 1024]))
    }
}

impl Bits {
    pub(super) fn slot(key: u64) -> (usize, u64) {
        let h = (key.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95) >> 48) as usize;
        (h >> 6, 1 << (h & 63))
    }
    pub(super) fn insert(&mut self, key: u64) {
        let (i, bit) = Bits::slot(key);
        self.0[i] |= bit;
    }
    pub(super) fn has(&self, key: u64) -> bool {
        let (i, bit) = Bits::slot(key);
        self.0[i] & bit != 0
    }
}

/// `w` ends with the short ASCII ending `e` (a byte loop: `ends_with` would call `memcmp`).
#[inline]
pub(super) fn ends_with(w: &[u8], e: &[u8]) -> bool {
    w.len() >= e.len() && w[w.len() - e.len()..].iter().zip(e).all(|(a, b)| a == b)
}

pub(super) struct Lexicon {
    pub(super) en: LexSide,
    pub(super) de: LexSide,
    pub(super) weight: Vec<f32>,
    /// Concept of each month (January = index 0), for numeric dates like `3.10.2022`.
    pub(super) months: [u32; 12],
}

pub(super) static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::parse(include_str!("../../data/lexicon-en-de.tsv")));

/// The key of a compound index: up to `COMPOUND_MIN_FORM` bytes packed into an integer.
pub(super) fn pack(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

impl LexSide {
    pub(super) fn add(&mut self, form: &str, concept: u32) {
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

    pub(super) fn exact(&self, folded: &str, capital: bool) -> Option<u32> {
        match self.forms.get(folded) {
            Some(&(concept, needs_capital)) if capital || !needs_capital => Some(concept),
            _ => None,
        }
    }

    /// The concepts a folded word belongs to: the word itself or the word without an inflection
    /// ending, and (German) the first and last part of a compound (`Außenministerium` is both
    /// `foreign` and `ministry`). Up to three distinct concepts, `NONE` for empty slots.
    pub(super) fn lookup(
        &self,
        w: &str,
        capital: bool,
        english: bool,
        compounds: bool,
        out: &mut [u32; 3],
    ) {
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
pub(super) fn longest<'a>(forms: impl Iterator<Item = &'a (Box<str>, u32, bool)>) -> u32 {
    forms
        .max_by_key(|(f, _, _)| f.len())
        .map_or(NONE, |&(_, c, _)| c)
}

impl Lexicon {
    pub(super) fn parse(data: &str) -> Lexicon {
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
