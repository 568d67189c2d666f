//! The completeness check: is the translation complete, and which beads look wrong?
//!
//! [`flag`] runs on every aligned pair, whatever the command, so that every output format can
//! carry the flags; [`report`] sums a pair up for `ende check`. Both treat web boilerplate
//! (see [`crate::boilerplate`]) apart: a translator is not expected to translate a cookie banner,
//! so an unpaired one is neither an omission nor an addition, and a bead holding one is never
//! flagged.
//!
//! Every flag compares what survives translation: numbers and names stay, and the length of a
//! translation keeps to a narrow ratio. The keys come from [`crate::anchors::sentence_keys`], so
//! the check normalises `260,000` and `260.000` exactly as the aligner does and never flags a
//! difference that the aligner itself treats as a match.

use serde::Serialize;

use crate::align::Bead;
use crate::anchors::{sentence_keys, SentenceKeys};
use crate::lang::{self, Lang};
use crate::pair::{AlignedDoc, Flags};

/// A bead whose target/source character ratio falls outside this range is flagged `length`
/// (values for English→German, where the normal ratio is [`crate::align::DE_PER_EN`]). A faithful bead
/// rarely strays below half or above twice the normal length; past that, a clause or a sentence
/// has usually been lost or added. For other language pairs the range is scaled to the
/// document's own ratio.
const LENGTH_RANGE: (f64, f64) = (0.5, 2.2);

/// The length ratio is judged only when the longer side has this many characters: between
/// short headings and labels (`Sport` / `Sports news`), a ratio says nothing.
const LENGTH_MIN_CHARS: usize = 20;

/// Beads the aligner is less sure of than this are flagged `low_score`; its scores are
/// calibrated (see docs/accuracy.md), so below one half the bead is more likely wrong than right.
const LOW_SCORE: f64 = 0.5;

/// whatlang needs a few words to tell English from German; shorter target sides are not
/// language-checked (names and numbers alone read as anything).
const LANG_MIN_CHARS: usize = 30;

/// A target identical to its source is flagged only with at least this many words: one- and
/// two-word lines (a name, a title, `Angela Merkel`) are legitimately the same in both languages.
const COPY_MIN_WORDS: usize = 3;

/// An English name counts as present in the German sentence when a German word is this similar
/// (Jaro-Winkler on folded strings): `Navalny`/`Nawalny`, `Keller`/`Kellers`. A little looser
/// than the aligner's 0.90, because here a false "missing" costs a reviewer's time while a false
/// match only hides one name among several.
const NAME_SIMILARITY: f64 = 0.85;

/// ... or when both share their first this many letters (`Dresden`/`Dresdner`), or a German
/// compound contains a name this long (`Hospital`/`Hospitalbrücke`).
const NAME_PREFIX: usize = 5;

/// Small numbers that one side writes as digits and the other spells out (`3` / `drei`) are
/// not a difference; index = value.
const EN_SMALL: [&[&str]; 13] = [
    &["zero", "no", "none"],
    &["one", "a", "an", "single", "once"],
    &["two", "both", "pair", "twice"],
    &["three"],
    &["four"],
    &["five"],
    &["six"],
    &["seven"],
    &["eight"],
    &["nine"],
    &["ten"],
    &["eleven"],
    &["twelve", "dozen"],
];

/// English ordinals and multiples, index = value.
const EN_ORDINAL: [&str; 13] = [
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth",
];

/// German ordinal stems (`erst` + `e`, `en`, `mals` …), folded; index = value.
const DE_ORDINAL: [&str; 13] = [
    "", "erst", "zweit", "dritt", "viert", "funft", "sechst", "siebt", "acht", "neunt", "zehnt",
    "elft", "zwolft",
];

/// German spelled numbers, folded as the anchor keys are (`fünf` → `funf`); `ein*` is also the
/// indefinite article, which is where a `1` usually goes.
const DE_SMALL: [&[&str]; 13] = [
    &["null", "kein", "keine", "keinen", "keiner"],
    &[
        "eins", "ein", "eine", "einen", "einem", "einer", "eines", "einzige", "einzigen",
    ],
    &["zwei", "zwo", "beide", "beiden", "paar", "zweimal"],
    &["drei"],
    &["vier"],
    &["funf"],
    &["sechs"],
    &["sieben"],
    &["acht"],
    &["neun"],
    &["zehn"],
    &["elf"],
    &["zwolf", "dutzend"],
];

/// What the flags of one document depend on beyond a single bead.
struct Setting {
    /// Both language codes, primary subtags, lower case.
    src_lang: String,
    tgt_lang: String,
    /// The length ratio range for this pair.
    range: (f64, f64),
    /// Names of a side are checked unless it is German, where every noun is capitalised.
    src_names: bool,
    tgt_names: bool,
    /// The language whatlang must not find on the target side (English/German pairs only).
    wrong_lang: Option<Lang>,
}

fn primary(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

impl Setting {
    fn new(doc: &AlignedDoc) -> Setting {
        let (src_lang, tgt_lang) = (primary(&doc.src_lang), primary(&doc.tgt_lang));
        let range = if (src_lang.as_str(), tgt_lang.as_str()) == ("en", "de") {
            LENGTH_RANGE
        } else {
            // Centre the English→German range on this document's own ratio.
            let (mut s, mut t) = (0usize, 0usize);
            for b in &doc.beads {
                if !b.src.is_empty() && !b.tgt.is_empty() && !is_boilerplate(doc, b) {
                    s += chars(&doc.src_text(b));
                    t += chars(&doc.tgt_text(b));
                }
            }
            let ratio = if s == 0 || t == 0 {
                1.0
            } else {
                t as f64 / s as f64
            };
            (
                LENGTH_RANGE.0 / crate::align::DE_PER_EN * ratio,
                LENGTH_RANGE.1 / crate::align::DE_PER_EN * ratio,
            )
        };
        let wrong_lang = match (src_lang.parse::<Lang>(), tgt_lang.parse::<Lang>()) {
            (Ok(s), Ok(t)) if s != t => Some(s),
            _ => None,
        };
        Setting {
            src_names: src_lang != "de",
            tgt_names: tgt_lang != "de",
            range,
            wrong_lang,
            src_lang,
            tgt_lang,
        }
    }
}

/// Whether any sentence of the bead is web boilerplate.
fn is_boilerplate(doc: &AlignedDoc, b: &Bead) -> bool {
    b.src
        .clone()
        .any(|k| doc.src_boiler.get(k).copied().unwrap_or(false))
        || b.tgt
            .clone()
            .any(|k| doc.tgt_boiler.get(k).copied().unwrap_or(false))
}

/// Fills `doc.flags`, one entry per bead. Gaps get at most `low_score` (being unpaired is
/// reported by [`report`], not as a flag); beads holding boilerplate get none.
pub fn flag(doc: &mut AlignedDoc) {
    use rayon::prelude::*;
    let setting = Setting::new(doc);
    // About as costly per sentence as aligning it; a book-length pair is worth spreading over
    // the cores (in a batch, the pool is shared with the other pairs).
    let flags = doc
        .beads
        .par_iter()
        .with_min_len(256)
        .map(|b| bead_flags(doc, b, &setting))
        .collect();
    doc.flags = flags;
}

fn bead_flags(doc: &AlignedDoc, b: &Bead, set: &Setting) -> Flags {
    if is_boilerplate(doc, b) {
        return Flags::default();
    }
    let mut f = Flags {
        low_score: b.score < LOW_SCORE,
        ..Flags::default()
    };
    if b.src.is_empty() || b.tgt.is_empty() {
        return f;
    }
    let src: Vec<&str> = b.src.clone().map(|k| doc.src[k].as_str()).collect();
    let tgt: Vec<&str> = b.tgt.clone().map(|k| doc.tgt[k].as_str()).collect();
    let ks = Keys::of(&src, &set.src_lang);
    let kt = Keys::of(&tgt, &set.tgt_lang);
    f.numbers = !ks.numbers_in(&kt, &set.tgt_lang) || !kt.numbers_in(&ks, &set.src_lang);
    f.names = !ks.acronyms_in(&kt)
        || !kt.acronyms_in(&ks)
        || (set.src_names && !ks.names_in(&kt))
        || (set.tgt_names && !kt.names_in(&ks));
    let (s, t) = (src.join(" "), tgt.join(" "));
    f.untranslated = untranslated(&s, &t, set.wrong_lang, &kt.words);
    f.length = length_odd(&s, &t, set.range);
    f
}

/// The target is the source copied (same text but for case and white space, and long enough
/// not to be a name), or is in the source language. `words` are the target's folded words.
fn untranslated(src: &str, tgt: &str, wrong_lang: Option<Lang>, words: &[String]) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    if tgt.split_whitespace().count() >= COPY_MIN_WORDS && norm(src) == norm(tgt) {
        return true;
    }
    let Some(l) = wrong_lang else {
        return false;
    };
    // whatlang costs more than all other checks together; a sentence without a single function
    // word of the wrong language is not in it, and most are ruled out this way.
    let marks = match l {
        Lang::En => EN_MARKS,
        Lang::De => DE_MARKS,
    };
    chars(tgt) >= LANG_MIN_CHARS
        && words.iter().any(|w| marks.contains(&w.as_str()))
        && lang::detect_en_de(tgt) == Some(l)
}

/// Frequent function words that the other language does not have (folded). An English
/// sentence of [`LANG_MIN_CHARS`] characters or more nearly always holds one.
const EN_MARKS: &[&str] = &[
    "the", "of", "and", "to", "is", "was", "that", "with", "for", "are", "were", "has", "have",
    "it", "by", "this", "from", "on", "at", "be", "not", "they", "he", "she", "we", "you", "his",
    "her", "their", "which", "who", "will", "would", "been", "had",
];

/// The same for German.
const DE_MARKS: &[&str] = &[
    "der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "dem", "des", "ein", "eine",
    "zu", "auf", "fur", "sich", "wurde", "wird", "sind", "war", "auch", "nach", "bei", "aus",
    "sie", "er", "es", "wir", "ich", "hat", "haben",
];

fn length_odd(src: &str, tgt: &str, (lo, hi): (f64, f64)) -> bool {
    let (ls, lt) = (chars(src), chars(tgt));
    if ls.max(lt) < LENGTH_MIN_CHARS {
        return false;
    }
    if ls == 0 {
        return true;
    }
    let r = lt as f64 / ls as f64;
    r < lo || r > hi
}

/// The keys of one side of a bead: the union of its sentences' keys. Taken per sentence, not
/// on the joined text, so that the first word of a second sentence is not mistaken for a name.
#[derive(Default)]
struct Keys {
    numbers: Vec<Vec<String>>,
    markers: Vec<String>,
    acronyms: Vec<Vec<String>>,
    names: Vec<Vec<String>>,
    words: Vec<String>,
}

impl Keys {
    fn of(sentences: &[&str], lang: &str) -> Keys {
        let mut k = Keys::default();
        for s in sentences {
            let SentenceKeys {
                numbers,
                marker,
                acronyms,
                names,
                words,
            } = sentence_keys(s, lang);
            k.numbers.extend(numbers);
            k.markers.extend(marker);
            k.acronyms.extend(acronyms);
            k.names.extend(names);
            k.words.extend(words);
        }
        k
    }

    /// Whether this side has the number `key`, also as one half of a score or time
    /// (`3-2` is read as `3` and `2`, `3:2` as one key).
    fn has_number(&self, key: &str) -> bool {
        self.markers.iter().any(|m| m == key)
            || self.numbers.iter().flatten().any(|r| {
                r == key
                    || r.split_once(':').is_some_and(|(a, b)| a == key || b == key)
                    || key.split_once(':').is_some_and(|(a, b)| {
                        (a == r || b == r) && self.has_plain(a) && self.has_plain(b)
                    })
            })
    }

    fn has_plain(&self, key: &str) -> bool {
        self.numbers.iter().flatten().any(|r| r == key)
    }

    /// Every number of `self` is on the other side, as digits in any of its readings or, for
    /// 0–12, spelled out in the other side's language.
    fn numbers_in(&self, other: &Keys, other_lang: &str) -> bool {
        self.numbers.iter().all(|readings| {
            readings.iter().any(|r| {
                other.has_number(r)
                    || r.parse::<usize>()
                        .is_ok_and(|v| other.words.iter().any(|w| spelled(w, v, other_lang)))
            })
        })
    }

    /// Every acronym of `self` is on the other side: as an acronym with any of its readings
    /// (`US` = `USA` through the lexicon), as a word (`NASA` = `Nasa`), or as the initials of a
    /// name written out (`SEC` = `Securities and Exchange Commission`).
    fn acronyms_in(&self, other: &Keys) -> bool {
        self.acronyms.iter().all(|readings| {
            readings.iter().any(|r| {
                other.acronyms.iter().flatten().any(|o| o == r)
                    || other
                        .words
                        .iter()
                        .chain(other.names.iter().flatten())
                        .any(|w| w.eq_ignore_ascii_case(r))
            })
        })
    }

    /// Every name of `self` is on the other side: some word of it, its initials or its
    /// abbreviation, exactly or nearly (see [`name_matches`]).
    fn names_in(&self, other: &Keys) -> bool {
        self.names.iter().all(|readings| {
            readings
                .iter()
                .any(|n| other.words.iter().any(|w| name_matches(n, w)))
        })
    }
}

/// Whether the folded word `w` is a spelling or form of the folded name `n`: equal,
/// Jaro-Winkler ≥ [`NAME_SIMILARITY`], the same first [`NAME_PREFIX`] letters, or (a German
/// compound) containing the name.
fn name_matches(n: &str, w: &str) -> bool {
    let len = |s: &str| s.chars().count();
    if n == w {
        return true;
    }
    // Two-letter initials (`tu`) would resemble too many short words.
    if len(n) < 3 || len(w) < 3 {
        return false;
    }
    if strsim::jaro_winkler(n, w) >= NAME_SIMILARITY {
        return true;
    }
    len(n) >= NAME_PREFIX
        && len(w) >= NAME_PREFIX
        && (n.chars().zip(w.chars()).take_while(|(a, b)| a == b).count() >= NAME_PREFIX
            || w.contains(n))
}

/// Whether the folded word `w` spells the number `v` in language `lang`: a cardinal
/// (`three`, `drei`), an ordinal (`first`, `erste`, `ersten`) or a multiple (`twice`,
/// `zweimal`).
fn spelled(w: &str, v: usize, lang: &str) -> bool {
    let (cardinal, ordinal) = match lang {
        "en" => (EN_SMALL, EN_ORDINAL),
        "de" => (DE_SMALL, DE_ORDINAL),
        _ => return false,
    };
    if cardinal.get(v).is_some_and(|forms| forms.contains(&w)) {
        return true;
    }
    let Some(stem) = ordinal.get(v) else {
        return false;
    };
    match lang {
        "en" => w == *stem,
        _ => w
            .strip_prefix(stem)
            .is_some_and(|rest| ["", "e", "er", "en", "es", "em", "mals", "mal"].contains(&rest)),
    }
}

// ---------------------------------------------------------------------------------------------
// The report

/// One sentence in a report: its 1-based number on its side and its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// 1-based sentence number, as in the `*_ids` columns of `ende align`.
    pub id: usize,
    /// The sentence.
    pub text: String,
}

/// Boilerplate lines left unpaired, per side; not counted as missing or added.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Boilerplate {
    /// Source side.
    pub en: Vec<Line>,
    /// Target side.
    pub de: Vec<Line>,
}

/// A pairing bead with at least one flag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flagged {
    /// 1-based source sentence numbers.
    pub en_ids: Vec<usize>,
    /// 1-based target sentence numbers.
    pub de_ids: Vec<usize>,
    /// Flag names, in the order of [`Flags::names`].
    pub flags: Vec<&'static str>,
    /// Source text of the bead.
    pub en: String,
    /// Target text of the bead.
    pub de: String,
    /// The aligner's confidence.
    pub score: f64,
}

/// How complete one translation is. Field names say `en` and `de` for the source and target
/// side whatever the languages (`src_lang` and `tgt_lang` say which they are), so that one
/// schema serves every pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The document name.
    pub name: String,
    /// Source language code.
    pub src_lang: String,
    /// Target language code.
    pub tgt_lang: String,
    /// Share of counted source sentences that have a counterpart (1 when nothing is counted).
    pub coverage_sentences: f64,
    /// The same share, weighted by characters.
    pub coverage_chars: f64,
    /// Source sentences counted: all but boilerplate.
    pub en_sentences: usize,
    /// Of those, the ones with a counterpart.
    pub en_translated: usize,
    /// Characters of the counted source sentences.
    pub en_chars: usize,
    /// Characters of the counted source sentences with a counterpart.
    pub en_translated_chars: usize,
    /// Target sentences counted: all but boilerplate.
    pub de_sentences: usize,
    /// Boilerplate lines on the source side, paired or not.
    pub en_boilerplate: usize,
    /// Boilerplate lines on the target side, paired or not.
    pub de_boilerplate: usize,
    /// Counted source sentences without a counterpart.
    pub missing: Vec<Line>,
    /// Counted target sentences without a counterpart.
    pub added: Vec<Line>,
    /// Boilerplate lines without a counterpart.
    pub boilerplate: Boilerplate,
    /// Pairing beads with a flag.
    pub flagged: Vec<Flagged>,
    /// Pairing beads (no boilerplate) in all.
    pub paired_beads: usize,
    /// Pairing beads flagged `untranslated`.
    pub untranslated: usize,
}

impl Report {
    /// Most pairing beads look untranslated: the target file is probably a copy of the source
    /// or still in the source language, whatever the coverage says.
    pub fn looks_untranslated(&self) -> bool {
        self.untranslated > 0 && self.untranslated * 2 >= self.paired_beads
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Sums up a flagged pair. A sentence counts as translated when its bead pairs it with at least
/// one target sentence that is not boilerplate, and a target sentence as added when its bead
/// has no source sentence that is not boilerplate: being paired with a cookie banner is not
/// being translated. Boilerplate never counts on either side.
pub fn report(doc: &AlignedDoc) -> Report {
    let src_boiler = |k: usize| doc.src_boiler.get(k).copied().unwrap_or(false);
    let tgt_boiler = |k: usize| doc.tgt_boiler.get(k).copied().unwrap_or(false);
    let line = |id: usize, text: &str| Line {
        id: id + 1,
        text: text.to_string(),
    };
    let (mut en_sentences, mut en_translated, mut en_chars, mut en_translated_chars) = (0, 0, 0, 0);
    let (mut de_sentences, mut paired_beads, mut untranslated) = (0, 0, 0);
    let (mut missing, mut added) = (Vec::new(), Vec::new());
    let mut boilerplate = Boilerplate::default();
    let mut flagged = Vec::new();
    for (i, b) in doc.beads.iter().enumerate() {
        let src_real = b.src.clone().any(|k| !src_boiler(k));
        let tgt_real = b.tgt.clone().any(|k| !tgt_boiler(k));
        for k in b.src.clone() {
            let text = &doc.src[k];
            if src_boiler(k) {
                if b.tgt.is_empty() {
                    boilerplate.en.push(line(k, text));
                }
                continue;
            }
            en_sentences += 1;
            en_chars += chars(text);
            if tgt_real {
                en_translated += 1;
                en_translated_chars += chars(text);
            } else {
                missing.push(line(k, text));
            }
        }
        for k in b.tgt.clone() {
            let text = &doc.tgt[k];
            if tgt_boiler(k) {
                if b.src.is_empty() {
                    boilerplate.de.push(line(k, text));
                }
                continue;
            }
            de_sentences += 1;
            if !src_real {
                added.push(line(k, text));
            }
        }
        if b.src.is_empty() || b.tgt.is_empty() || is_boilerplate(doc, b) {
            continue;
        }
        paired_beads += 1;
        let f = doc.flags.get(i).copied().unwrap_or_default();
        untranslated += usize::from(f.untranslated);
        if !f.is_empty() {
            flagged.push(Flagged {
                en_ids: b.src.clone().map(|k| k + 1).collect(),
                de_ids: b.tgt.clone().map(|k| k + 1).collect(),
                flags: f.names(),
                en: doc.src_text(b),
                de: doc.tgt_text(b),
                score: b.score,
            });
        }
    }
    Report {
        name: doc.name.clone(),
        src_lang: doc.src_lang.clone(),
        tgt_lang: doc.tgt_lang.clone(),
        coverage_sentences: share(en_translated, en_sentences),
        coverage_chars: share(en_translated_chars, en_chars),
        en_sentences,
        en_translated,
        en_chars,
        en_translated_chars,
        de_sentences,
        en_boilerplate: doc.src_boiler.iter().filter(|&&x| x).count(),
        de_boilerplate: doc.tgt_boiler.iter().filter(|&&x| x).count(),
        missing,
        added,
        boilerplate,
        flagged,
        paired_beads,
        untranslated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>, score: f64) -> Bead {
        Bead { src, tgt, score }
    }

    /// A flagged document of 1-1 beads scoring 0.9.
    fn pairs(pairs: &[(&str, &str)]) -> AlignedDoc {
        let src = pairs.iter().map(|p| p.0.to_string()).collect();
        let tgt = pairs.iter().map(|p| p.1.to_string()).collect();
        let beads = (0..pairs.len())
            .map(|k| bead(k..k + 1, k..k + 1, 0.9))
            .collect();
        let mut doc = AlignedDoc::new("t".into(), ("en".into(), "de".into()), src, tgt, beads);
        flag(&mut doc);
        doc
    }

    fn one(en: &str, de: &str) -> Flags {
        pairs(&[(en, de)]).flags[0]
    }

    #[test]
    fn faithful_pairs_are_quiet() {
        for (en, de) in [
            (
                "About 260,000 people were affected in Kirchau.",
                "Rund 260.000 Menschen waren in Kirchau betroffen.",
            ),
            (
                "By 9:30 a.m. the water stood 3.5 meters deep.",
                "Bis 9.30 Uhr stand das Wasser 3,5 Meter hoch.",
            ),
            (
                "The vote is on October 3, 2022, in Dresden.",
                "Die Abstimmung ist am 3. Oktober 2022 in Dresden.",
            ),
            (
                "The meeting began at 2 p.m. on Saturday.",
                "Die Sitzung begann am Samstag um 14 Uhr.",
            ),
            (
                "Three pumps failed, said Mrs. Brandt.",
                "Drei Pumpen fielen aus, sagte Frau Brandt.",
            ),
            (
                "The U.S. sent two technicians to Navalny.",
                "Die USA schickten 2 Techniker zu Nawalny.",
            ),
            (
                "OFAC said the bank had paid €5,300.25 in fines.",
                "Laut OFAC hatte die Bank 5.300,25 Euro Strafe gezahlt.",
            ),
        ] {
            assert_eq!(one(en, de), Flags::default(), "{en} / {de}");
        }
    }

    #[test]
    fn numbers() {
        assert!(
            one(
                "About 260,000 people left.",
                "Rund 250.000 Menschen gingen."
            )
            .numbers
        );
        assert!(one("It rose 3.5 meters in 2013.", "Es stieg um 3,5 Meter.").numbers);
        assert!(one("It rose sharply overnight.", "Es stieg 2013 um 3,5 Meter.").numbers);
        // A list marker need not be translated as a number.
        assert!(
            !one(
                "2. Bring dry clothes for everyone.",
                "Trockene Kleidung mitbringen."
            )
            .numbers
        );
        assert!(!one("Send 2 pumps.", "Zwei Pumpen schicken.").numbers);
    }

    #[test]
    fn names() {
        assert!(one("OFAC said", "Die Behörde sagte").names);
        assert!(
            one(
                "OFAC said so on Monday.",
                "Die Behörde sagte das am Montag."
            )
            .names
        );
        assert!(!one("OFAC said so on Monday.", "OFAC sagte das am Montag.").names);
        assert!(
            one(
                "The bank paid, said Anja Lindqvist.",
                "Die Bank zahlte, sagte sie."
            )
            .names
        );
        // Acronyms both ways, names only from English: German capitalises every noun.
        assert!(one("The bank paid.", "Die Bank zahlte an die EZB.").names);
        assert!(!one("The bank paid.", "Die Bank zahlte an die Behörde.").names);
        assert!(
            !one(
                "Ortega met Keller in Leipzig.",
                "Ortega traf Kellers Team in Leipzig."
            )
            .names
        );
    }

    #[test]
    fn untranslated() {
        let en = "The river rose overnight and the town was flooded.";
        assert!(one(en, en).untranslated);
        assert!(one(en, "the river  rose overnight and the town was flooded.").untranslated);
        assert!(
            one(
                en,
                "Firefighters worked through the night to save the bridge."
            )
            .untranslated
        );
        assert!(
            !one(
                en,
                "Der Fluss stieg über Nacht, und die Stadt wurde überflutet."
            )
            .untranslated
        );
        // Short identical lines are names or titles.
        assert!(!one("Angela Merkel", "Angela Merkel").untranslated);
    }

    #[test]
    fn length() {
        let long = "Es regnete den ganzen Tag und die ganze Nacht. ".repeat(5);
        let long = long.trim_end().chars().take(200).collect::<String>();
        assert_eq!((chars("It rained."), chars(&long)), (10, 200));
        assert!(one("It rained.", &long).length);
        let f = one(
            "The river rose overnight and the whole old town was flooded by morning.",
            "Hochwasser.",
        );
        assert!(f.length);
        assert!(!one("It rained.", "Es regnete.").length);
    }

    #[test]
    fn other_pairs_centre_length_on_the_document() {
        // French runs long here; a bead at the document's own ratio is fine.
        let mut doc = AlignedDoc::new(
            "t".into(),
            ("de".into(), "fr".into()),
            vec!["Der Fluss stieg.".into(), "Er stieg.".into()],
            vec![
                "Le fleuve est monté pendant toute la nuit et encore le matin.".into(),
                "Il est monté pendant toute la nuit et encore le lendemain matin.".into(),
            ],
            vec![bead(0..1, 0..1, 0.9), bead(1..2, 1..2, 0.9)],
        );
        flag(&mut doc);
        assert!(
            !doc.flags[0].length && !doc.flags[1].length,
            "{:?}",
            doc.flags
        );
    }

    #[test]
    fn low_score_and_gaps() {
        let doc = AlignedDoc::new(
            "t".into(),
            ("en".into(), "de".into()),
            vec!["It rained 3 days.".into(), "Nobody came.".into()],
            vec!["Es regnete.".into()],
            vec![bead(0..1, 0..1, 0.3), bead(1..2, 1..1, 0.2)],
        );
        let mut doc = doc;
        flag(&mut doc);
        assert!(doc.flags[0].low_score && doc.flags[0].numbers);
        // A gap gets low_score and nothing else.
        assert_eq!(
            doc.flags[1],
            Flags {
                low_score: true,
                ..Flags::default()
            }
        );
    }

    #[test]
    fn boilerplate_is_never_flagged() {
        let mut doc = AlignedDoc::new(
            "t".into(),
            ("en".into(), "de".into()),
            vec!["Leave A Reply".into(), "Related Stories".into()],
            vec!["Skip to main content now and forever please".into()],
            vec![bead(0..1, 0..1, 0.1), bead(1..2, 1..1, 0.1)],
        );
        flag(&mut doc);
        assert!(doc.flags.iter().all(Flags::is_empty), "{:?}", doc.flags);
    }

    #[test]
    fn report_counts_boilerplate_apart() {
        let mut doc = AlignedDoc::new(
            "flood".into(),
            ("en".into(), "de".into()),
            vec![
                "Leave A Reply".into(),
                "The river rose by 3.5 meters.".into(),
                "Nobody was hurt.".into(),
                "Volunteers brought shovels.".into(),
            ],
            vec![
                "Der Fluss stieg um 4 Meter.".into(),
                "Niemand wurde verletzt.".into(),
                "(Anm. d. Übers.: gekürzt.)".into(),
                "Kommentar schreiben".into(),
            ],
            vec![
                bead(0..1, 0..0, 0.9),
                bead(1..2, 0..1, 0.9),
                bead(2..3, 1..2, 0.9),
                bead(3..4, 2..2, 0.4),
                bead(4..4, 2..3, 0.4),
                bead(4..4, 3..4, 0.9),
            ],
        );
        flag(&mut doc);
        let r = report(&doc);
        assert_eq!((r.en_sentences, r.en_translated, r.de_sentences), (3, 2, 3));
        assert!((r.coverage_sentences - 2.0 / 3.0).abs() < 1e-12);
        let c = (29.0 + 16.0) / (29.0 + 16.0 + 27.0);
        assert!((r.coverage_chars - c).abs() < 1e-12, "{}", r.coverage_chars);
        assert_eq!(
            r.missing,
            [Line {
                id: 4,
                text: "Volunteers brought shovels.".into()
            }]
        );
        assert_eq!(r.added.len(), 1);
        assert_eq!(r.added[0].id, 3);
        assert_eq!(r.boilerplate.en[0].text, "Leave A Reply");
        assert_eq!(r.boilerplate.de[0].text, "Kommentar schreiben");
        assert_eq!(r.flagged.len(), 1);
        assert_eq!(r.flagged[0].en_ids, [2]);
        assert_eq!(r.flagged[0].flags, ["numbers"]);
        assert_eq!((r.paired_beads, r.untranslated), (2, 0));
        assert!(!r.looks_untranslated());
    }

    #[test]
    fn report_of_an_empty_side_is_complete() {
        let doc = AlignedDoc::new(
            "t".into(),
            ("en".into(), "de".into()),
            vec!["Leave A Reply".into()],
            vec![],
            vec![bead(0..1, 0..0, 0.9)],
        );
        let r = report(&doc);
        assert_eq!(r.en_sentences, 0);
        assert_eq!(r.coverage_sentences, 1.0);
        assert!(r.missing.is_empty());
    }
}
