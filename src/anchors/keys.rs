//! The keys of one sentence (numbers, acronyms, names, words), for the completeness check.

use super::concepts::LEXICON;
use super::extract::{Extractor, Flat, Side};
use super::fold::{fold_owned, fold_word};
use super::tokens::{
    acronym_key, split_white, strip_elision, strip_possessive, trim_junk, trim_token, OPENERS,
};
use super::{AnchorKind, Space, Table, NONE, QUOTED_MAX_WORDS, SRC};
use crate::lang::{Code, Lang};

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
/// bead after alignment. `pair_anchors` cannot serve the completeness check: it drops every
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

/// The normalised numbers, acronyms and names of one sentence in language `lang`, and its
/// folded words.
pub fn sentence_keys(text: &str, lang: Code) -> SentenceKeys {
    let side = key_side(lang);
    // Numbers and acronyms do not depend on the lexicon, and leaving it out of the extractor
    // saves a lookup per word; the few lookups needed here are made below.
    let mut ex = Extractor::new(None);
    let flat = ex.side(&[text], Side { lex: None, ..side }, SRC);
    let key_of = key_names(&ex.table);
    keys_of(text, side, &flat.ids, &ex.table, &key_of, &[])
}

/// The keys of every sentence of a side, from the aligner's extraction of it.
pub(super) fn side_keys(
    sentences: &[&str],
    lang: Code,
    flat: &Flat,
    table: &Table,
) -> Vec<SentenceKeys> {
    use rayon::prelude::*;
    let side = key_side(lang);
    let key_of = key_names(table);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(flat.ends.iter().copied())
        .collect();
    (0..sentences.len())
        .into_par_iter()
        .with_min_len(256)
        .map(|k| {
            let (a, b) = (starts[k], starts[k + 1]);
            let lo = flat.spelled.partition_point(|&p| p < a);
            let hi = flat.spelled.partition_point(|&p| p < b);
            let spelled: Vec<usize> = flat.spelled[lo..hi].iter().map(|p| p - a).collect();
            keys_of(
                sentences[k],
                side,
                &flat.ids[a..b],
                table,
                &key_of,
                &spelled,
            )
        })
        .collect()
}

/// How the check reads a side: as the aligner does, but spelled numbers are left to the check,
/// which reads them more leniently (`both` is two).
pub(super) fn key_side(lang: Code) -> Side<'static> {
    let l = lang.lang();
    Side {
        english: l == Some(Lang::En),
        lex: l.map(|l| match l {
            Lang::En => &LEXICON.en,
            Lang::De => &LEXICON.de,
        }),
        compounds: l == Some(Lang::De),
        elision: l.is_none(),
        numbers: None,
    }
}

/// The key of each number and word id of a table (the rest `None`).
pub(super) fn key_names(table: &Table) -> Vec<Option<&str>> {
    let mut key_of: Vec<Option<&str>> = vec![None; table.kind.len()];
    for space in [Space::Numbers, Space::Words] {
        for (k, id) in table.spaces[space as usize].iter() {
            key_of[id as usize] = Some(k);
        }
    }
    key_of
}

/// The keys of one sentence from the anchor ids the extractor found in it, in order (`ids`;
/// `spelled` lists the positions of ids that came from number words, which the check reads
/// itself), and its text for names and words. The aligner's extraction and
/// [`sentence_keys`] both come here, so the check sees what the aligner saw.
pub(super) fn keys_of(
    text: &str,
    side: Side<'_>,
    ids: &[u32],
    table: &Table,
    key_of: &[Option<&str>],
    spelled: &[usize],
) -> SentenceKeys {
    let english = side.english;
    let mut keys = SentenceKeys::default();
    let mut i = 0;
    while i < ids.len() {
        let pos = i;
        let id = ids[i] as usize;
        i += 1;
        let Some(key) = key_of[id] else {
            continue;
        };
        let mut readings = vec![key.to_string()];
        match table.kind[id] {
            AnchorKind::Number if !spelled.contains(&pos) => {
                // `parse_number` emits `2 p.m.` as `2` directly followed by `14`.
                if let (true, Ok(h @ 1..=11), Some(&next)) =
                    (english, key.parse::<u32>(), ids.get(i))
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
                if let Some(lex) = side.lex {
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
mod tests {
    use super::*;

    fn numbers(k: &SentenceKeys) -> Vec<String> {
        k.numbers.iter().map(|r| r.join("|")).collect()
    }

    fn names(k: &SentenceKeys) -> Vec<String> {
        k.names.iter().map(|r| r.join(" ")).collect()
    }

    #[test]
    fn numbers_keep_their_readings() {
        let en = sentence_keys(
            "About 260,000 people left by 9:30 a.m. on October 3.",
            Code::EN,
        );
        let de = sentence_keys(
            "Etwa 260.000 Menschen gingen bis 9.30 Uhr am 3. Oktober.",
            Code::DE,
        );
        assert_eq!(numbers(&en), ["260000", "9:30", "3"]);
        assert_eq!(numbers(&de), ["260000", "9:30", "3"]);
        let pm = sentence_keys("It began at 2 p.m. with 3.5 points.", Code::EN);
        assert_eq!(numbers(&pm), ["2|14", "3.5"]);
        let de = sentence_keys("Er stieg um 3,5 Punkte.", Code::DE);
        assert_eq!(numbers(&de), ["3.5"]);
    }

    #[test]
    fn list_markers_are_kept_apart() {
        let k = sentence_keys("2. The second point covers 2 cases.", Code::EN);
        assert_eq!(k.marker.as_deref(), Some("2"));
        assert_eq!(numbers(&k), ["2"]);
        let k = sentence_keys("(3) Nothing else.", Code::EN);
        assert_eq!(k.marker.as_deref(), Some("3"));
        assert!(k.numbers.is_empty());
        let k = sentence_keys("In 2019 it rained.", Code::EN);
        assert_eq!(k.marker, None);
    }

    #[test]
    fn acronyms_meet_through_the_lexicon() {
        let en = sentence_keys("The U.S. and OFAC agreed.", Code::EN);
        let de = sentence_keys("Die USA und OFAC stimmten zu.", Code::DE);
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
            Code::EN,
        );
        assert_eq!(names(&k), ["brandt", "maria ortega mo", "leipzig"]);
        let k = sentence_keys(
            "Officials praised the report \"Flood Protection 2030\".",
            Code::EN,
        );
        assert!(k.names.is_empty(), "{:?}", k.names);
        let k = sentence_keys("The pumps came from Ohio.", Code::EN);
        assert_eq!(names(&k), ["ohio"]);
        assert!(k.words.contains(&"pumps".to_string()));
        let k = sentence_keys("Die Bäckerei öffnete, sagte Frau Müller.", Code::DE);
        assert_eq!(names(&k), ["backerei", "muller"]);
        let k = sentence_keys("Then Keller and Brandt spoke.", Code::EN);
        assert_eq!(names(&k), ["keller kb", "brandt kb"]);
    }

    #[test]
    fn names_are_runs_with_initials_and_abbreviations() {
        let k = sentence_keys(
            "She teaches at the Technical University of Dresden and the Federal Office for \
             Information Security (BSI) agreed.",
            Code::EN,
        );
        assert_eq!(
            names(&k),
            [
                "technical university dresden tud",
                "federal office information security fois bsi"
            ]
        );
        assert!(k.acronyms.is_empty(), "{:?}", k.acronyms);
        let k = sentence_keys("Die Spiele des SV Harzblick und der FIFA.", Code::DE);
        assert_eq!(names(&k), ["spiele", "sv harzblick"]);
        assert_eq!(k.acronyms, [["FIFA"]]);
    }
}
