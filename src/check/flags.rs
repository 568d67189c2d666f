//! Per-bead flags: does a pair of sentences keep the numbers and names, the language and the
//! length that a translation keeps?
//!
//! Every flag compares what survives translation: numbers and names stay, and the length of a
//! translation keeps to a narrow ratio. The keys come from [`crate::anchors::sentence_keys`] (or
//! the aligner's own extraction), so the check normalises `260,000` and `260.000` exactly as the
//! aligner does and never flags a difference that the aligner itself treats as a match.

use std::sync::LazyLock;

use crate::align::Bead;
use crate::anchors::{fold_owned, sentence_keys, SentenceKeys};
use crate::lang::{self, Code, Lang, LangPair};
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
pub const LOW_SCORE: f64 = 0.5;

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

/// What the flags of one document depend on beyond a single bead.
struct Setting {
    /// The two languages.
    langs: LangPair,
    /// The length ratio range for this pair.
    range: (f64, f64),
    /// Names of a side are checked unless it is German, where every noun is capitalised.
    src_names: bool,
    tgt_names: bool,
    /// The language whatlang must not find on the target side (English/German pairs only).
    wrong_lang: Option<Lang>,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

impl Setting {
    fn new(doc: &AlignedDoc) -> Setting {
        let langs = doc.langs;
        let range = if langs == LangPair::EN_DE {
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
        let wrong_lang = match (langs.src.lang(), langs.tgt.lang()) {
            (Some(s), Some(t)) if s != t => Some(s),
            _ => None,
        };
        Setting {
            src_names: langs.src != Code::DE,
            tgt_names: langs.tgt != Code::DE,
            range,
            wrong_lang,
            langs,
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
/// reported by [`super::report()`], not as a flag); beads holding boilerplate get none.
pub fn flag(doc: &mut AlignedDoc) {
    use rayon::prelude::*;
    let setting = Setting::new(doc);
    let keys = doc.keys.take();
    // About as costly per sentence as aligning it; a book-length pair is worth spreading over
    // the cores (in a batch, the pool is shared with the other pairs).
    let flags = doc
        .beads
        .par_iter()
        .with_min_len(256)
        .map(|b| bead_flags(doc, b, &setting, keys.as_deref()))
        .collect();
    doc.flags = flags;
}

fn bead_flags(
    doc: &AlignedDoc,
    b: &Bead,
    set: &Setting,
    keys: Option<&crate::align::PairKeys>,
) -> Flags {
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
    let (ks, kt) = match keys {
        Some([sk, tk]) => (
            SideKeys::gather(b.src.clone().map(|k| &sk[k])),
            SideKeys::gather(b.tgt.clone().map(|k| &tk[k])),
        ),
        None => (
            SideKeys::of(&src, set.langs.src),
            SideKeys::of(&tgt, set.langs.tgt),
        ),
    };
    f.numbers = !ks.numbers_in(&kt, set.langs.tgt) || !kt.numbers_in(&ks, set.langs.src);
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
    let marks = &MARKS[match l {
        Lang::En => 0,
        Lang::De => 1,
    }];
    chars(tgt) >= LANG_MIN_CHARS
        && words.iter().any(|w| marks.contains(w))
        && lang::detect_en_de(tgt) == Some(l)
}

/// Frequent function words of English and of German that the other language does not have
/// (folded); see `data/language-marks-*.txt`.
static MARKS: LazyLock<[Vec<String>; 2]> = LazyLock::new(|| {
    [
        include_str!("../../data/language-marks-en.txt"),
        include_str!("../../data/language-marks-de.txt"),
    ]
    .map(|list| data_words(list).map(fold_owned).collect())
});

/// The words of a data list: all but the `#` comment lines, split at white space.
fn data_words(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
}

/// The numbers 0 to 12 in words, English and German, folded; index = value. See
/// `data/small-numbers-*.txt`: a form ending in `*` is an ordinal stem, taken alone and with
/// each ending of the `*:` line.
static SMALL: LazyLock<[Vec<Vec<String>>; 2]> = LazyLock::new(|| {
    [
        include_str!("../../data/small-numbers-en.txt"),
        include_str!("../../data/small-numbers-de.txt"),
    ]
    .map(small_numbers)
});

fn small_numbers(list: &str) -> Vec<Vec<String>> {
    let lines = list.lines().filter(|l| !l.starts_with('#'));
    let mut endings: Vec<&str> = vec![""];
    let mut forms: Vec<Vec<String>> = Vec::new();
    for line in lines {
        let Some((key, words)) = line.split_once(':') else {
            continue;
        };
        if key == "*" {
            endings.extend(words.split_whitespace());
            continue;
        }
        let value: usize = key
            .trim()
            .parse()
            .expect("small-numbers: a value before the colon");
        if forms.len() <= value {
            forms.resize(value + 1, Vec::new());
        }
        for w in words.split_whitespace() {
            match w.strip_suffix('*') {
                Some(stem) => {
                    forms[value].extend(endings.iter().map(|e| fold_owned(&format!("{stem}{e}"))))
                }
                None => forms[value].push(fold_owned(w)),
            }
        }
    }
    forms
}

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
pub(super) struct SideKeys {
    pub(super) numbers: Vec<Vec<String>>,
    pub(super) markers: Vec<String>,
    pub(super) acronyms: Vec<Vec<String>>,
    pub(super) names: Vec<Vec<String>>,
    pub(super) words: Vec<String>,
}

impl SideKeys {
    pub(super) fn of(sentences: &[&str], lang: Code) -> SideKeys {
        let keys: Vec<SentenceKeys> = sentences.iter().map(|s| sentence_keys(s, lang)).collect();
        SideKeys::gather(keys.iter())
    }

    /// The keys of a run of sentences, from each sentence's.
    fn gather<'a>(sentences: impl Iterator<Item = &'a SentenceKeys>) -> SideKeys {
        let mut k = SideKeys::default();
        for s in sentences {
            k.numbers.extend(s.numbers.iter().cloned());
            k.markers.extend(s.marker.iter().cloned());
            k.acronyms.extend(s.acronyms.iter().cloned());
            k.names.extend(s.names.iter().cloned());
            k.words.extend(s.words.iter().cloned());
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
    pub(super) fn numbers_in(&self, other: &SideKeys, other_lang: Code) -> bool {
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
    pub(super) fn acronyms_in(&self, other: &SideKeys) -> bool {
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
    pub(super) fn names_in(&self, other: &SideKeys) -> bool {
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
fn spelled(w: &str, v: usize, lang: Code) -> bool {
    let side = match lang.lang() {
        Some(Lang::En) => 0,
        Some(Lang::De) => 1,
        None => return false,
    };
    SMALL[side]
        .get(v)
        .is_some_and(|forms| forms.iter().any(|f| f == w))
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
        let mut doc = AlignedDoc::new("t".into(), LangPair::EN_DE, src, tgt, beads);
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
        // Spelled forms come from data/small-numbers-*.txt, ordinal stems with their endings.
        assert!(
            !one(
                "It failed 2 times in 5 days.",
                "Es scheiterte zweimal in fünf Tagen."
            )
            .numbers
        );
        assert!(
            !one(
                "The 3 was the team's 12th goal.",
                "Die Drei war das zwölfte Tor des Teams."
            )
            .numbers
        );
        assert!(
            !one(
                "Schools stay shut for 5 days.",
                "Die Schulen bleiben fünf Tage zu."
            )
            .numbers
        );
        // An ordinal stem alone is not a zero: `es` is not `0` + `es`.
        assert!(
            one(
                "The score was 0 at half time.",
                "Zur Halbzeit stand es torlos."
            )
            .numbers
        );
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
            "de,fr".parse::<LangPair>().unwrap(),
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
            LangPair::EN_DE,
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
            LangPair::EN_DE,
            vec!["Leave A Reply".into(), "Related Stories".into()],
            vec!["Skip to main content now and forever please".into()],
            vec![bead(0..1, 0..1, 0.1), bead(1..2, 1..1, 0.1)],
        );
        flag(&mut doc);
        assert!(doc.flags.iter().all(Flags::is_empty), "{:?}", doc.flags);
    }
}
