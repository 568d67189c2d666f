//! The translation lexicon: which words of one language translate which words of the other, at
//! the level of dictionary keys (Snowball stems; see `anchors::fold`).
//!
//! For English–German the binary carries one built from Wiktionary and the Unicode CLDR
//! (`data/lexicon/`, compiled by `build.rs`). A [`Dictionary`] is that table seen from one
//! language pair, with the user's own entries (`--lexicon`) and the word pairs learned from a
//! corpus added on top; for any other pair it starts empty.

use std::sync::LazyLock;

use fst::raw::Output;
use fst::Map;

use super::fold::{entry_links, Keyer};
use super::FxMap;
use crate::lang::{Code, Lang, LangPair};

static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin"));

/// Links from the ids of one language to the ids of the other, stored as in `lexicon.bin`.
struct Links {
    data: &'static [u8],
    count: u32,
}

impl Links {
    fn new(data: &'static [u8]) -> Links {
        Links {
            count: read_u32(data, 0),
            data,
        }
    }

    fn get(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let off = |k: u32| read_u32(self.data, 4 + 4 * k as usize);
        let (from, to) = if id < self.count {
            (off(id), off(id + 1))
        } else {
            (0, 0)
        };
        let base = 4 + 4 * (self.count as usize + 1);
        (from..to).map(move |k| read_u32(self.data, base + 4 * k as usize))
    }
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

/// The English–German table compiled into the binary.
struct Builtin {
    en: Map<&'static [u8]>,
    de: Map<&'static [u8]>,
    /// German words as written (folded) → German key id: the parts of compounds.
    forms: Map<&'static [u8]>,
    en_de: Links,
    de_en: Links,
}

static BUILTIN: LazyLock<Builtin> = LazyLock::new(|| {
    assert_eq!(&TABLE[..8], b"ENDELEX1", "lexicon.bin: bad header");
    let mut at = 8;
    let mut section = || {
        let len = u64::from_le_bytes(TABLE[at..at + 8].try_into().expect("8 bytes")) as usize;
        let s = &TABLE[at + 8..at + 8 + len];
        at += 8 + len;
        s
    };
    let map = |s| Map::new(s).expect("lexicon.bin: fst");
    Builtin {
        en: map(section()),
        de: map(section()),
        forms: map(section()),
        en_de: Links::new(section()),
        de_en: Links::new(section()),
    }
});

/// The text without notes in braces, brackets or parentheses (`Haus {n}` → `Haus`).
fn strip_notes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Counts of the built-in table, for the docs and tests: (English keys, German keys, links).
pub fn builtin_size() -> (usize, usize, usize) {
    let b = &*BUILTIN;
    let links = (0..b.en_de.count).map(|i| b.en_de.get(i).count()).sum();
    (b.en.len(), b.de.len(), links)
}

/// Folded words and the built-in ids they stand for.
type Readings = FxMap<Box<str>, Box<[u32]>>;

thread_local! {
    /// Words looked up in the built-in table, per language (German, English).
    static SEEN: std::cell::RefCell<[Readings; 2]> = Default::default();
}

/// Words a thread remembers before it starts over: a few megabytes.
const SEEN_MAX: usize = 100_000;

/// Shortest compound part (a German word as written) and shortest last part.
const MIN_HEAD: usize = 3;
const MIN_TAIL: usize = 4;
/// Joints between the parts of a German compound (`Arbeit-s-markt`, `Sonne-n-schein`).
const LINKS: [&str; 6] = ["", "s", "es", "n", "en", "e"];

/// One side of a [`Dictionary`].
#[derive(Clone)]
struct Side {
    keyer: &'static Keyer,
    /// The built-in keys of this language, if the pair is English–German.
    builtin: Option<&'static Map<&'static [u8]>>,
    /// Number of built-in ids; added keys are numbered from here.
    base: u32,
    extra: FxMap<String, u32>,
    extra_links: FxMap<u32, Vec<u32>>,
    /// German: look for unknown words' parts.
    compounds: bool,
}

/// Word translations for one language pair, side 0 (source) and side 1 (target).
#[derive(Clone)]
pub struct Dictionary {
    langs: LangPair,
    sides: [Side; 2],
    /// Whether side 0 is English in the built-in table's sense.
    english_first: bool,
    builtin: bool,
}

impl Dictionary {
    /// The dictionary of a language pair: the built-in table for English–German in either
    /// order, empty otherwise.
    pub fn new(langs: LangPair) -> Dictionary {
        let builtin = langs.is_en_de();
        let b = &*BUILTIN;
        let side = |code: Code| {
            let map = match code.lang() {
                Some(Lang::En) if builtin => Some(&b.en),
                Some(Lang::De) if builtin => Some(&b.de),
                _ => None,
            };
            Side {
                keyer: Keyer::of(code.as_str()),
                builtin: map,
                base: map.map_or(0, |m| m.len() as u32),
                extra: FxMap::default(),
                extra_links: FxMap::default(),
                compounds: builtin && code == Code::DE,
            }
        };
        Dictionary {
            langs,
            sides: [side(langs.src), side(langs.tgt)],
            english_first: langs.src == Code::EN,
            builtin,
        }
    }

    /// The languages of side 0 and side 1.
    pub fn langs(&self) -> LangPair {
        self.langs
    }

    /// The same dictionary with its sides swapped.
    pub fn reversed(&self) -> Dictionary {
        let [a, b] = self.sides.clone();
        Dictionary {
            langs: self.langs.reversed(),
            sides: [b, a],
            english_first: !self.english_first,
            builtin: self.builtin,
        }
    }

    /// How many entries were added to the built-in table (by the user or by learning): links
    /// between keys, counted once.
    pub fn added(&self) -> usize {
        self.sides[0].extra_links.values().map(Vec::len).sum()
    }

    /// The keyer of a side (0 source, 1 target).
    pub(crate) fn keyer(&self, side: usize) -> &'static Keyer {
        self.sides[side].keyer
    }

    /// Adds an entry given as text (`wine cellar`, `Weinkeller`), linked as the built-in
    /// entries are. Returns whether it linked anything.
    pub fn add_entry(&mut self, src: &str, tgt: &str) -> bool {
        let s = self.sides[0].keyer.phrase_keys(src);
        let t = self.sides[1].keyer.phrase_keys(tgt);
        let pairs = entry_links(&s, &t);
        for (a, b) in &pairs {
            self.add_keys(a, b);
        }
        !pairs.is_empty()
    }

    /// Adds the entries of a user's dictionary file: one entry per line, either
    /// `source<TAB>target[<TAB>anything]` (the tab-separated form most dictionaries export,
    /// dict.cc's among them) or `target :: source` with alternatives separated by `|` or `;`
    /// (Ding's form; German first). Words in `{}`, `[]` or `()` are notes and left out; empty
    /// lines and lines starting with `#` are skipped. Source and target are in this
    /// dictionary's side order (English, then German). Returns how many entries linked words.
    pub fn add_file(&mut self, path: &std::path::Path) -> crate::Result<usize> {
        let doc = crate::Document::read(path)?;
        let mut added = 0;
        let bad = |line: usize, message: &str| crate::Error::Lexicon {
            path: path.to_path_buf(),
            line,
            message: message.to_string(),
        };
        for (k, raw) in doc.text.lines().enumerate() {
            let line = k + 1;
            let l = raw.trim_end_matches('\r');
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            let (src, tgt) = if let Some((a, b)) = l.split_once('\t') {
                let b = b.split('\t').next().unwrap_or("");
                (a, b)
            } else if let Some((de, en)) = l.split_once(" :: ") {
                (en, de)
            } else {
                return Err(bad(
                    line,
                    "expected source<TAB>target (or German :: English); no tab found",
                ));
            };
            let (src, tgt) = (strip_notes(src), strip_notes(tgt));
            if src.trim().is_empty() || tgt.trim().is_empty() {
                return Err(bad(line, "one side of the entry is empty"));
            }
            // Ding lines pair alternatives position by position: `Haus | Häuser :: house | houses`.
            let alts = |s: &str| -> Vec<String> {
                s.split(['|', ';'])
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect()
            };
            let (s, t) = (alts(&src), alts(&tgt));
            let mut linked = false;
            if s.len() == t.len() {
                for (a, b) in s.iter().zip(&t) {
                    linked |= self.add_entry(a, b);
                }
            } else {
                for a in &s {
                    for b in &t {
                        linked |= self.add_entry(a, b);
                    }
                }
            }
            added += usize::from(linked);
        }
        Ok(added)
    }

    /// Links two keys (stems), adding either to its side's vocabulary if need be.
    pub fn add_keys(&mut self, src: &str, tgt: &str) {
        let a = self.intern(0, src);
        let b = self.intern(1, tgt);
        for (side, from, to) in [(0, a, b), (1, b, a)] {
            let list = self.sides[side].extra_links.entry(from).or_default();
            if !list.contains(&to) {
                list.push(to);
            }
        }
    }

    fn intern(&mut self, side: usize, key: &str) -> u32 {
        if let Some(id) = self.key_id(side, key) {
            return id;
        }
        let s = &mut self.sides[side];
        let id = s.base + s.extra.len() as u32;
        s.extra.insert(key.to_string(), id);
        id
    }

    /// The id of a key on a side.
    fn key_id(&self, side: usize, key: &str) -> Option<u32> {
        let s = &self.sides[side];
        s.builtin
            .and_then(|m| m.get(key))
            .map(|v| v as u32)
            .or_else(|| s.extra.get(key).copied())
    }

    /// The ids a folded content word stands for on a side, appended to `out`: every reading
    /// the dictionary knows (`said` as itself and as `say`), or for an unknown German compound
    /// the keys of its parts (`außenministerium` → `außen`, `ministerium`). `scratch` is reused
    /// between calls.
    pub(super) fn lookup(
        &self,
        side: usize,
        folded: &str,
        scratch: &mut Vec<String>,
        out: &mut Vec<u32>,
    ) {
        // What a word means in the built-in table never changes, and a batch meets the same
        // words in every pair: each thread remembers them (stemming and splitting were a tenth
        // of a batch's time). Added entries can change a word's ids, so they bypass the cache.
        let s = &self.sides[side];
        if s.extra.is_empty() && s.builtin.is_some() {
            let english = (side == 0) == self.english_first;
            let hit = SEEN.with(|c| {
                let c = c.borrow();
                c[usize::from(english)]
                    .get(folded)
                    .map(|ids| out.extend_from_slice(ids))
            });
            if hit.is_none() {
                let before = out.len();
                self.lookup_uncached(side, folded, scratch, out);
                SEEN.with(|c| {
                    let mut c = c.borrow_mut();
                    let map = &mut c[usize::from(english)];
                    if map.len() >= SEEN_MAX {
                        map.clear();
                    }
                    map.insert(folded.into(), out[before..].into());
                });
            }
            return;
        }
        self.lookup_uncached(side, folded, scratch, out);
    }

    fn lookup_uncached(
        &self,
        side: usize,
        folded: &str,
        scratch: &mut Vec<String>,
        out: &mut Vec<u32>,
    ) {
        let s = &self.sides[side];
        s.keyer.candidates(folded, scratch);
        let before = out.len();
        for k in scratch.iter() {
            if let Some(id) = self.key_id(side, k) {
                if !out[before..].contains(&id) {
                    out.push(id);
                }
            }
        }
        if out.len() > before || !s.compounds {
            return;
        }
        if let Some(parts) = self.split(folded, 0) {
            for p in parts {
                if !out[before..].contains(&p) {
                    out.push(p);
                }
            }
        }
    }

    /// The parts of a German compound, each a known word: the head found as written (walking
    /// the table of forms once along the word), then a joint, then a tail that is a known word
    /// in any inflection or itself a compound. Of several splits the one with the fewest parts
    /// and then the longest last part wins: German puts the word's meaning last.
    fn split(&self, w: &str, depth: usize) -> Option<Vec<u32>> {
        if w.len() < MIN_HEAD + MIN_TAIL || depth > 2 {
            return None;
        }
        let forms = &BUILTIN.forms;
        let fst = forms.as_fst();
        let mut node = fst.root();
        let mut out = Output::zero();
        let mut best: Option<Vec<u32>> = None;
        let bytes = w.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let Some(t) = node.find_input(b) else {
                break;
            };
            let t = node.transition(t);
            out = out.cat(t.out);
            node = fst.node(t.addr);
            let head_len = i + 1;
            if !node.is_final() || head_len < MIN_HEAD {
                continue;
            }
            let head = out.cat(node.final_output()).value() as u32;
            for joint in LINKS {
                let rest = &w[head_len..];
                let Some(tail) = rest.strip_prefix(joint) else {
                    continue;
                };
                if tail.len() < MIN_TAIL || !w.is_char_boundary(w.len() - tail.len()) {
                    continue;
                }
                let de = self.german_side();
                let mut keys = Vec::new();
                self.sides[de].keyer.candidates(tail, &mut keys);
                let parts = match keys.iter().find_map(|k| self.key_id(de, k)) {
                    Some(t) => vec![head, t],
                    None => match self.split(tail, depth + 1) {
                        Some(mut p) => {
                            p.insert(0, head);
                            p
                        }
                        None => continue,
                    },
                };
                // Heads come shortest first, so on a tie the longest last part is kept.
                if best.as_ref().is_none_or(|b| parts.len() < b.len()) {
                    best = Some(parts);
                }
            }
        }
        best
    }

    fn german_side(&self) -> usize {
        usize::from(self.english_first)
    }

    /// The dictionary ids a word of a side stands for (folded first; none for a function
    /// word or a word the dictionary does not know), appended to `out`.
    pub fn word_ids(&self, side: usize, word: &str, out: &mut Vec<u32>) {
        let folded = super::fold::fold_owned(word);
        if folded.is_empty() || self.sides[side].keyer.is_function(&folded) {
            return;
        }
        self.lookup(side, &folded, &mut Vec::new(), out);
    }

    /// The ids of the other side that id `id` of `side` translates to, appended to `out`.
    pub fn links(&self, side: usize, id: u32, out: &mut Vec<u32>) {
        let s = &self.sides[side];
        if self.builtin && id < s.base {
            let b = &*BUILTIN;
            let english = (side == 0) == self.english_first;
            let table = if english { &b.en_de } else { &b.de_en };
            out.extend(table.get(id));
        }
        if let Some(extra) = s.extra_links.get(&id) {
            out.extend_from_slice(extra);
        }
    }

    /// Whether key `a` of side 0 and key `b` of side 1 are linked already.
    pub fn links_keys(&self, a: &str, b: &str) -> bool {
        let (Some(x), Some(y)) = (self.key_id(0, a), self.key_id(1, b)) else {
            return false;
        };
        let mut l = Vec::new();
        self.links(0, x, &mut l);
        l.contains(&y)
    }

    /// Whether the built-in English–German table is part of this dictionary.
    pub fn has_builtin(&self) -> bool {
        self.builtin
    }

    /// Whether any word of a side can be translated at all.
    pub fn is_empty(&self) -> bool {
        !self.builtin && self.sides.iter().all(|s| s.extra.is_empty())
    }
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("langs", &self.langs)
            .field("builtin", &self.builtin)
            .field("added", &self.added())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchors::fold::fold_owned;

    /// The German keys an English word translates to (or the reverse), by stem.
    fn translations(dict: &Dictionary, side: usize, word: &str) -> Vec<String> {
        let mut ids = Vec::new();
        dict.lookup(side, &fold_owned(word), &mut Vec::new(), &mut ids);
        let other = &dict.sides[1 - side];
        let mut out = Vec::new();
        for id in ids {
            let mut l = Vec::new();
            dict.links(side, id, &mut l);
            for t in l {
                out.push(key_of(other, t));
            }
        }
        out.sort();
        out
    }

    fn key_of(side: &Side, id: u32) -> String {
        if let Some(m) = side.builtin {
            if id < side.base {
                let mut s = m.stream();
                use fst::Streamer;
                while let Some((k, v)) = s.next() {
                    if v as u32 == id {
                        return String::from_utf8(k.to_vec()).unwrap();
                    }
                }
            }
        }
        side.extra
            .iter()
            .find(|(_, &v)| v == id)
            .map(|(k, _)| k.clone())
            .unwrap_or_default()
    }

    #[test]
    #[cfg_attr(not(feature = "wiktionary"), ignore = "needs the Wiktionary part")]
    fn english_words_find_their_german_translations() {
        let d = Dictionary::new(LangPair::EN_DE);
        let has = |w: &str, key: &str| translations(&d, 0, w).iter().any(|k| k == key);
        assert!(has("police", "polizei"));
        assert!(has("hotel", "hotel"));
        // Inflected and irregular forms reach the dictionary's base form.
        assert!(has("refugees", "fluchtling"));
        assert!(has("said", "sag"));
        assert!(has("arrested", "verhaft"));
        assert!(
            translations(&d, 0, "the").is_empty(),
            "function words have no key"
        );
    }

    #[test]
    #[cfg_attr(not(feature = "wiktionary"), ignore = "needs the Wiktionary part")]
    fn german_words_find_their_english_translations() {
        let d = Dictionary::new(LangPair::EN_DE);
        let has = |w: &str, key: &str| translations(&d, 1, w).iter().any(|k| k == key);
        assert!(has("Polizei", "polic"));
        // Weak verbs by rule, strong verbs by the list.
        assert!(has("sagte", "say"));
        assert!(has("gesagt", "say"));
        assert!(has("verhaftet", "arrest"));
        assert!(has("ging", "go"));
        // Umlauts and ß folded.
        assert!(has("Bären", "bear"));
        assert!(has("Straße", "street"));
    }

    #[test]
    #[cfg_attr(not(feature = "wiktionary"), ignore = "needs the Wiktionary part")]
    fn german_compounds_split_into_known_words() {
        let d = Dictionary::new(LangPair::EN_DE.reversed());
        let has = |w: &str, key: &str| translations(&d, 0, w).iter().any(|k| k == key);
        assert!(has("Finanzsanktionen", "financ") && has("Finanzsanktionen", "sanction"));
        assert!(has("Schwarzbären", "black") && has("Schwarzbären", "bear"));
        assert!(has("Flüchtlingsunterkunft", "refuge"));
        // A joint between the parts.
        assert!(has("Arbeitsmarktreform", "reform"));
        // Words the table has whole are not split.
        assert!(has("Außenministerium", "foreign") && has("Außenministerium", "ministri"));
    }

    #[test]
    fn added_entries_link_both_ways_and_extend_other_pairs() {
        let mut d = Dictionary::new("de,fr".parse::<LangPair>().unwrap());
        assert!(d.is_empty());
        assert!(d.add_entry("Gletscher", "glacier"));
        assert!(!d.is_empty());
        assert_eq!(translations(&d, 0, "Gletschers"), ["glaci"]);
        assert_eq!(translations(&d, 1, "glaciers"), ["gletsch"]);
        let mut d = Dictionary::new(LangPair::EN_DE);
        assert!(d.add_entry("zorblat", "Zorblatt"));
        assert_eq!(translations(&d, 0, "zorblats"), ["zorblatt"]);
    }

    #[test]
    #[cfg_attr(not(feature = "wiktionary"), ignore = "needs the Wiktionary part")]
    fn the_builtin_table_has_its_size() {
        let (en, de, links) = builtin_size();
        assert!(
            en > 30_000 && de > 50_000 && links > 120_000,
            "{en} {de} {links}"
        );
    }
}
