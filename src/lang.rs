//! Which language a text is in, restricted to what `ende` knows: English and German.

use std::fmt;
use std::str::FromStr;

use whatlang::{Detector, Lang as WLang};

/// A language the splitter has rules for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// German.
    De,
}

impl Lang {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Ok(Lang::En),
            "de" | "deu" | "ger" | "german" => Ok(Lang::De),
            other => Err(format!("unknown language {other:?} (expected en or de)")),
        }
    }
}

/// A language as ende names it: the primary subtag of a language tag, lower case, two or three
/// ASCII letters (`en-GB` and `EN_gb` are `en`). Every part of ende that looks at a language
/// looks at this, so a library call with `en-GB` gets exactly what `--langs en,de` gets: the
/// lexicon, the English-German length model, the check's settings. Copy, and no allocation:
/// it travels with every pair.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    letters: [u8; 3],
    len: u8,
}

impl Code {
    /// English.
    pub const EN: Code = Code::known(b"en");
    /// German.
    pub const DE: Code = Code::known(b"de");

    const fn known(letters: &[u8; 2]) -> Code {
        Code {
            letters: [letters[0], letters[1], 0],
            len: 2,
        }
    }

    /// The code as text: `en`.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.letters[..self.len as usize]).unwrap_or("")
    }

    /// The language, when it is one the splitter has rules for.
    pub fn lang(self) -> Option<Lang> {
        match self {
            Code::EN => Some(Lang::En),
            Code::DE => Some(Lang::De),
            _ => None,
        }
    }

    /// Its English name for a sentence of a report (`English`, `German`), or the code in
    /// capitals for a language ende has no name for.
    pub fn name(self) -> String {
        match self.lang() {
            Some(Lang::En) => "English".into(),
            Some(Lang::De) => "German".into(),
            None => self.as_str().to_uppercase(),
        }
    }
}

impl From<Lang> for Code {
    fn from(l: Lang) -> Code {
        match l {
            Lang::En => Code::EN,
            Lang::De => Code::DE,
        }
    }
}

impl FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Code, String> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or("");
        let b = primary.as_bytes();
        if !(2..=3).contains(&b.len()) || !b.iter().all(u8::is_ascii_alphabetic) {
            return Err(format!("expected a language code like de or fr, got {s:?}"));
        }
        let mut letters = [0; 3];
        for (k, c) in b.iter().enumerate() {
            letters[k] = c.to_ascii_lowercase();
        }
        // English and German by any of their codes (`eng`, `deu`, `ger`) are the same languages.
        Ok(match primary.parse::<Lang>() {
            Ok(lang) => Code::from(lang),
            Err(_) => Code {
                letters,
                len: b.len() as u8,
            },
        })
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The two languages of a pair, source first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct LangPair {
    /// The source side (the `en` columns of the output when it is English).
    pub src: Code,
    /// The target side.
    pub tgt: Code,
}

impl LangPair {
    /// English to German, ende's own pair.
    pub const EN_DE: LangPair = LangPair {
        src: Code::EN,
        tgt: Code::DE,
    };

    /// The pair with its sides swapped.
    pub fn reversed(self) -> LangPair {
        LangPair {
            src: self.tgt,
            tgt: self.src,
        }
    }

    /// English and German, in either direction: the pair the lexicon, the length model and the
    /// splitter's rules are made for.
    pub fn is_en_de(self) -> bool {
        self == LangPair::EN_DE || self.reversed() == LangPair::EN_DE
    }
}

impl FromStr for LangPair {
    type Err = String;
    /// `de,fr`: two codes, comma-separated.
    fn from_str(s: &str) -> Result<LangPair, String> {
        let bad = || format!("expected two language codes like de,fr, got {s:?}");
        let mut parts = s.split(',');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), None) => Ok(LangPair {
                src: a.parse().map_err(|_| bad())?,
                tgt: b.parse().map_err(|_| bad())?,
            }),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for LangPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.src, self.tgt)
    }
}

/// whatlang's trigram model is reliable after a few hundred characters; reading more only costs
/// time (at 4 KiB it was a ninth of a batch's instructions, measured with callgrind), so
/// detection looks at the first 2 KiB: still a few paragraphs of article after a page's
/// boilerplate head.
const SAMPLE: usize = 2 * 1024;

fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE {
        return text;
    }
    let mut end = SAMPLE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// English or German, whichever the text is closer to; `None` when there are no letters to judge.
pub fn detect_en_de(text: &str) -> Option<Lang> {
    let detector = Detector::with_allowlist(vec![WLang::Eng, WLang::Deu]);
    match detector.detect_lang(sample(text))? {
        WLang::Deu => Some(Lang::De),
        _ => Some(Lang::En),
    }
}

/// What whatlang thinks the text is, among all languages it knows, when it is reliably
/// neither English nor German: `Some("French")`. Short or mixed texts give `None`.
pub fn foreign_language(text: &str) -> Option<String> {
    let info = whatlang::detect(sample(text))?;
    if info.script() != whatlang::Script::Latin {
        // Neither English nor German, whichever language of that script it is: whatlang may
        // hesitate between Arabic and Persian, but not about the script.
        return Some(if info.is_reliable() {
            info.lang().eng_name().to_string()
        } else {
            format!("{}-script", info.script().name())
        });
    }
    if matches!(info.lang(), WLang::Eng | WLang::Deu) || !info.is_reliable() {
        return None;
    }
    Some(info.lang().eng_name().to_string())
}

/// What a whole document is, from one look at its sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// English or German (which one, when there are letters to judge).
    EnDe(Option<Lang>),
    /// Reliably another language, named as [`foreign_language`] names it.
    Foreign(String),
}

/// [`foreign_language`] and [`detect_en_de`] in one: the same answers, but a text that
/// whatlang finds to be English or German among all its languages needs no second detection
/// (trigram distances do not depend on which languages compete, so the best of all is also the
/// better of the two). Language detection was a fifth of a batch's time before.
pub fn classify(text: &str) -> Verdict {
    let s = sample(text);
    let Some(info) = whatlang::detect(s) else {
        return Verdict::EnDe(detect_en_de(s));
    };
    if info.script() != whatlang::Script::Latin {
        return Verdict::Foreign(if info.is_reliable() {
            info.lang().eng_name().to_string()
        } else {
            format!("{}-script", info.script().name())
        });
    }
    match info.lang() {
        WLang::Eng => Verdict::EnDe(Some(Lang::En)),
        WLang::Deu => Verdict::EnDe(Some(Lang::De)),
        other if info.is_reliable() => Verdict::Foreign(other.eng_name().to_string()),
        _ => Verdict::EnDe(detect_en_de(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_english_from_german() {
        assert_eq!(
            detect_en_de("The river rose overnight and the town was flooded."),
            Some(Lang::En)
        );
        assert_eq!(
            detect_en_de("Der Fluss stieg über Nacht und die Stadt wurde überflutet."),
            Some(Lang::De)
        );
        assert_eq!(detect_en_de("1234 ... !!!"), None);
    }

    #[test]
    fn names_a_foreign_language() {
        let fr = "Le fleuve est monté pendant la nuit et la ville a été inondée par les eaux.";
        assert_eq!(foreign_language(fr).as_deref(), Some("French"));
        assert_eq!(
            foreign_language("The river rose overnight and flooded the town."),
            None
        );
        // A non-Latin script is never English or German, even when whatlang is unsure which
        // language of that script it is.
        let ar = "مرحبا بالعالم. هذه جملة ثانية! ".repeat(20);
        assert!(foreign_language(&ar).is_some());
        assert!(foreign_language("Москва — столица России, крупнейший город страны.").is_some());
    }

    #[test]
    fn classify_agrees_with_the_two_detections() {
        let texts = [
            "The river rose overnight and the town was flooded.",
            "Der Fluss stieg über Nacht und die Stadt wurde überflutet.",
            "Le fleuve est monté pendant la nuit et la ville a été inondée par les eaux.",
            "Москва — столица России, крупнейший город страны.",
            "1234 ... !!!",
            "Bank Hotel Start Plan",
            "De rivier steeg en de stad overstroomde.",
            "",
        ];
        for t in texts {
            let expected = match foreign_language(t) {
                Some(f) => Verdict::Foreign(f),
                None => Verdict::EnDe(detect_en_de(t)),
            };
            assert_eq!(classify(t), expected, "{t}");
        }
    }

    #[test]
    fn parses_codes() {
        assert_eq!("DE".parse::<Lang>(), Ok(Lang::De));
        assert!("fr".parse::<Lang>().is_err());
    }

    #[test]
    fn a_code_is_the_primary_subtag_in_lower_case() {
        for tag in ["en", "EN", "en-GB", "en_us", " en "] {
            assert_eq!(tag.parse::<Code>(), Ok(Code::EN), "{tag}");
        }
        assert_eq!("de-AT".parse::<Code>().map(Code::lang), Ok(Some(Lang::De)));
        let fr: Code = "fr-CA".parse().unwrap();
        assert_eq!(
            (fr.as_str(), fr.lang(), fr.name()),
            ("fr", None, "FR".to_string())
        );
        assert_eq!("gsw".parse::<Code>().unwrap().as_str(), "gsw");
        assert_eq!("deu".parse::<Code>(), Ok(Code::DE));
        assert_eq!("ENG".parse::<Code>(), Ok(Code::EN));
        for bad in ["", "e", "english", "e1", "-de", "dé"] {
            assert!(bad.parse::<Code>().is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&Code::DE).unwrap(), "\"de\"");
        assert_eq!(serde_json::from_str::<Code>("\"de-CH\"").unwrap(), Code::DE);
    }

    #[test]
    fn a_pair_is_two_codes() {
        assert_eq!("en-GB,de".parse::<LangPair>(), Ok(LangPair::EN_DE));
        assert!("de,en".parse::<LangPair>().unwrap().is_en_de());
        assert!(!"de,fr".parse::<LangPair>().unwrap().is_en_de());
        for bad in ["de", "de,fr,it", "de,", "de,french"] {
            assert!(bad.parse::<LangPair>().is_err(), "{bad}");
        }
        assert_eq!(LangPair::EN_DE.to_string(), "en,de");
    }
}
