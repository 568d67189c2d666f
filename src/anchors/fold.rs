//! The forms under which the words of two languages meet: folded (case, accents, umlauts, `ß`)
//! and reduced to a dictionary key (irregular forms to their base, then the Snowball stem).
//!
//! The build script compiles the bilingual lexicon with this very file (`build.rs` includes it
//! by path), so the keys of the shipped lexicon and the keys read from a text can never drift
//! apart. It therefore depends on nothing but the standard library and `rust-stemmers`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

/// The base letter(s) of a lower-case Latin letter with a diacritic, so that `Müller`, `Muller`
/// and `Mùller` meet. Other letters (including other scripts) stay as they are.
pub(super) fn fold_char(c: char, out: &mut String) {
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

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`' | '´')
}

/// Appends `word` lower-cased and without diacritics; apostrophes are dropped (`O'Brien` →
/// `obrien`), digits kept only if `digits`. Returns the number of characters appended, or
/// `None` (leaving `out` in an unspecified state) if the word holds anything else.
pub(super) fn fold_word(word: &str, digits: bool, out: &mut String) -> Option<usize> {
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

pub(crate) fn fold_owned(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        fold_char(c, &mut s);
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Dictionary keys

/// How the content words of one language become dictionary keys.
pub(crate) struct Keyer {
    stemmer: Option<Stemmer>,
    function: HashSet<String>,
    irregular: HashMap<String, String>,
    /// German: weak verb forms (`sagte`, `gesagt`) are tried as their infinitive.
    german: bool,
}

fn folded_words(list: &str) -> impl Iterator<Item = String> + '_ {
    list.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(fold_owned)
}

fn irregular(list: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for line in list.lines().filter(|l| !l.starts_with('#')) {
        let Some((base, forms)) = line.split_once(':') else {
            continue;
        };
        let base = fold_owned(base.trim());
        for f in forms.split_whitespace() {
            map.insert(fold_owned(f), base.clone());
        }
    }
    map
}

static ENGLISH: LazyLock<Keyer> = LazyLock::new(|| Keyer {
    stemmer: Some(Stemmer::create(Algorithm::English)),
    function: folded_words(include_str!("../../data/function-words-en.txt")).collect(),
    irregular: irregular(include_str!("../../data/irregular-en.txt")),
    german: false,
});

static GERMAN: LazyLock<Keyer> = LazyLock::new(|| Keyer {
    stemmer: Some(Stemmer::create(Algorithm::German)),
    function: folded_words(include_str!("../../data/function-words-de.txt")).collect(),
    irregular: irregular(include_str!("../../data/irregular-de.txt")),
    german: true,
});

/// Languages with a Snowball stemmer but no word lists of ours: stems only.
fn stem_only(code: &str) -> Option<Algorithm> {
    Some(match code {
        "fr" => Algorithm::French,
        "it" => Algorithm::Italian,
        "es" => Algorithm::Spanish,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "da" => Algorithm::Danish,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "fi" => Algorithm::Finnish,
        "hu" => Algorithm::Hungarian,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

impl Keyer {
    /// The keyer of a language (an ISO 639-1 code, lower case). Languages without a stemmer
    /// key a word by its folded form.
    pub(super) fn of(code: &str) -> &'static Keyer {
        static OTHERS: LazyLock<HashMap<&'static str, Keyer>> = LazyLock::new(|| {
            let codes = [
                "fr", "it", "es", "pt", "nl", "sv", "da", "no", "nb", "nn", "fi", "hu", "ro", "ru",
                "tr",
            ];
            codes
                .into_iter()
                .map(|c| {
                    let k = Keyer {
                        stemmer: stem_only(c).map(Stemmer::create),
                        function: HashSet::new(),
                        irregular: HashMap::new(),
                        german: false,
                    };
                    (c, k)
                })
                .collect()
        });
        static PLAIN: LazyLock<Keyer> = LazyLock::new(|| Keyer {
            stemmer: None,
            function: HashSet::new(),
            irregular: HashMap::new(),
            german: false,
        });
        match code {
            "en" => &ENGLISH,
            "de" => &GERMAN,
            c => OTHERS.get(c).unwrap_or(&PLAIN),
        }
    }

    /// Whether a folded word is a function word (`the`, `und`): never a key.
    pub(super) fn is_function(&self, folded: &str) -> bool {
        self.function.contains(folded)
    }

    /// The Snowball stem of a folded word (the word itself without a stemmer).
    pub(super) fn stem(&self, folded: &str) -> String {
        match &self.stemmer {
            Some(s) => s.stem(folded).into_owned(),
            None => folded.to_string(),
        }
    }

    /// The keys a folded content word may stand for: the stem of the base form of an irregular
    /// word, its own stem, and (German) the stem of the infinitive of a weak verb form. Snowball
    /// leaves `said` as `said` and `sagte` as `sagt`, while dictionaries list `say` and `sagen`.
    pub(super) fn candidates(&self, folded: &str, out: &mut Vec<String>) {
        out.clear();
        if let Some(base) = self.irregular.get(folded) {
            out.push(self.stem(base));
        }
        let own = self.stem(folded);
        if !out.contains(&own) {
            out.push(own);
        }
        if self.german {
            for inf in weak_infinitives(folded) {
                let s = self.stem(&inf);
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }

    /// The keys of a dictionary phrase's content words (`wine cellar` → `wine`, `cellar`),
    /// split and folded as a text's tokens are.
    pub(super) fn phrase_keys(&self, phrase: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut folded = String::new();
        for token in phrase.split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/'))
        {
            let token = token.trim_matches(|c: char| !c.is_alphanumeric());
            let token = token
                .strip_suffix("'s")
                .or_else(|| token.strip_suffix("’s"))
                .unwrap_or(token);
            folded.clear();
            if token.is_empty() || fold_word(token, false, &mut folded).is_none() {
                continue;
            }
            if folded.chars().count() < 2 || self.is_function(&folded) {
                continue;
            }
            out.push(self.stem(&folded));
        }
        out
    }
}

/// Infinitives a German weak verb form may come from: past `-te`, `-ten`, `-test`, `-tet`
/// (`sagte` → `sagen`) and participle `ge-…-t` (`gesagt` → `sagen`), also after a separable
/// prefix (`angekündigt` → `ankündigen`).
fn weak_infinitives(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |s: String| {
        if s.len() >= 5 && !out.contains(&s) {
            out.push(s);
        }
    };
    if let Some(ending) = ["etest", "etet", "eten", "ete", "test", "tet", "ten", "te"]
        .into_iter()
        .find(|e| w.ends_with(e))
    {
        push(format!("{}en", &w[..w.len() - ending.len()]));
    }
    if let Some(body) = w.strip_suffix('t') {
        // `verhaftet`, `informiert`: a participle without `ge-`, or the third person.
        push(format!("{}en", body.strip_suffix('e').unwrap_or(body)));
        if let Some(at) = body.find("ge") {
            let (prefix, rest) = (&body[..at], &body[at + 2..]);
            if at <= 5 && rest.len() >= 3 {
                push(format!(
                    "{prefix}{}en",
                    rest.strip_suffix('e').unwrap_or(rest)
                ));
            }
        }
    }
    out
}

/// The word pairs a dictionary entry links: every content word of one side with every content
/// word of the other, when one side is a single word (`wine cellar` – `Weinkeller`) and neither
/// has more than three. Phrase-to-phrase entries (`make up one's mind` – `sich entscheiden`)
/// are idioms whose words do not translate one by one; their single words have entries of their
/// own.
pub(super) fn entry_links(src: &[String], tgt: &[String]) -> Vec<(String, String)> {
    let fits = (src.len() == 1 || tgt.len() == 1) && src.len() <= 3 && tgt.len() <= 3;
    if !fits {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(src.len() * tgt.len());
    for s in src {
        for t in tgt {
            out.push((s.clone(), t.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(lang: &str, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        Keyer::of(lang).candidates(&fold_owned(word), &mut out);
        out
    }

    #[test]
    fn words_are_folded_and_stemmed_in_their_language() {
        assert_eq!(fold_owned("Straße"), "strasse");
        assert_eq!(fold_owned("Müller"), "muller");
        assert_eq!(keys("en", "refugees"), ["refuge"]);
        assert_eq!(keys("de", "Flüchtlinge"), ["fluchtling"]);
    }

    #[test]
    fn irregular_forms_reach_their_base() {
        assert_eq!(keys("en", "said")[0], "say");
        assert_eq!(keys("en", "children")[0], "child");
        assert_eq!(keys("de", "ging")[0], "geh");
    }

    #[test]
    fn german_weak_verb_forms_are_tried_as_infinitives() {
        assert!(keys("de", "sagte").contains(&"sag".to_string()));
        assert!(keys("de", "gesagt").contains(&"sag".to_string()));
        assert!(keys("de", "verhaftet").contains(&"verhaft".to_string()));
        assert!(keys("de", "angekündigt").contains(&"ankund".to_string()));
    }

    #[test]
    fn function_words_have_no_key_and_phrases_their_content_words() {
        assert!(Keyer::of("en").is_function("the"));
        assert!(Keyer::of("de").is_function(&fold_owned("über")));
        assert_eq!(
            Keyer::of("en").phrase_keys("the wine cellar"),
            ["wine", "cellar"]
        );
        assert_eq!(
            Keyer::of("de").phrase_keys("sich entscheiden"),
            ["entscheid"]
        );
    }

    #[test]
    fn entries_link_single_words_to_short_phrases_only() {
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            entry_links(&w(&["wine", "cellar"]), &w(&["weinkell"])).len(),
            2
        );
        assert!(entry_links(&w(&["make", "mind"]), &w(&["entscheid", "sich"])).is_empty());
        assert!(entry_links(&w(&["a", "b", "c", "d"]), &w(&["x"])).is_empty());
    }
}
