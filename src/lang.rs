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
}
