//! Web boilerplate: lines around an article that no translator translates as part of it
//! ("Related Stories", "Leave A Reply", cookie banners, bylines).
//!
//! The aligner lets such lines go unpaired cheaply, and the completeness check reports them
//! apart from real omissions. The phrase lists are `data/boilerplate-*.txt`.

use std::collections::HashSet;
use std::sync::LazyLock;

fn phrases(data: &'static str) -> impl Iterator<Item = String> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
}

/// English and German phrases together: English widgets turn up on German sites and back.
static PHRASES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    phrases(include_str!("../data/boilerplate-en.txt"))
        .chain(phrases(include_str!("../data/boilerplate-de.txt")))
        .collect()
});

/// Longest line, in words, that still counts as a widget when it starts with a listed phrase.
const MAX_WORDS: usize = 8;

/// Whether a sentence is web boilerplate rather than article text.
pub fn is_boilerplate(sentence: &str) -> bool {
    let s = sentence.trim();
    if s.is_empty()
        || s.ends_with(['.', '!', '?', '…', ':', ';', ',']) && s.split_whitespace().count() > 4
    {
        return false;
    }
    // Words without the punctuation around them, so "Wir verwenden Cookies, um ..." starts
    // with the phrase "wir verwenden cookies".
    let norm: String = s
        .split_whitespace()
        .map(|w| match w.trim_matches(|c: char| !c.is_alphanumeric()) {
            "" => w, // "&", "/", "|" stay: "Scores & Fixtures"
            t => t,
        })
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if norm.is_empty() {
        return false;
    }
    if PHRASES.contains(&norm) {
        return true;
    }
    let words: Vec<&str> = norm.split(' ').collect();
    if words.len() > MAX_WORDS + 2 {
        return false;
    }
    // Bylines: "By Jonas E. Smith | October 6, 2024", "Von Anna Meier, 3. Oktober 2024".
    let byline = matches!(words[0], "by" | "von")
        && words.len() <= MAX_WORDS + 2
        && (s.contains('|') || s.chars().any(|c| c.is_ascii_digit()));
    // Captions and credits: "Photo: Reuters", "Foto: dpa".
    let credit = s.split_once(':').is_some_and(|(head, _)| {
        matches!(
            head.trim().to_lowercase().as_str(),
            "photo"
                | "foto"
                | "bild"
                | "image"
                | "credit"
                | "quelle"
                | "source"
                | "tags"
                | "schlagworte"
                | "schlagwörter"
        )
    });
    // Breadcrumbs and footers: "Home / Region / Saxony", "© 2024 Mulde Valley News".
    let breadcrumb =
        s.matches(" / ").count() >= 1 && words.len() <= 6 && !s.ends_with(['.', '!', '?']);
    let footer = s.starts_with('©') || norm.starts_with("copyright");
    if byline || credit || breadcrumb || footer {
        return true;
    }
    words.len() <= MAX_WORDS
        && (1..words.len()).any(|k| PHRASES.contains(&words[..k].join(" ")))
        && !s.ends_with(['.', '!', '?'])
}

/// Headers of link lists: the short lines after them are link titles, not article text.
const LIST_HEADERS: &[&str] = &[
    "related stories",
    "related articles",
    "related",
    "more stories",
    "more from",
    "read more",
    "read next",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "trending",
    "most popular",
    "most read",
    "top stories",
    "latest news",
    "weitere artikel",
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "auch interessant",
    "empfohlen",
    "meistgelesen",
    "meistgelesene artikel",
    "top-themen",
    "aktuelle nachrichten",
];

fn normalized(s: &str) -> String {
    s.trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn unfinished(s: &str) -> bool {
    !s.trim_end()
        .ends_with(['.', '!', '?', '…', '"', '”', '“', '»', '«'])
}

/// Marks the boilerplate among a document's sentences, in order. Besides the lines
/// [`is_boilerplate`] recognises on their own, two kinds are recognised by their neighbours:
/// the titles listed under "Related Stories" (short lines without final punctuation, up to the
/// next sentence that has one), and labels of up to three words without final punctuation
/// that sit between two boilerplate lines ("Subscribe / Tech & Security / This website uses
/// cookies").
pub fn mark(sentences: &[&str]) -> Vec<bool> {
    let mut marks: Vec<bool> = sentences.iter().map(|s| is_boilerplate(s)).collect();
    let mut in_list = false;
    for (k, s) in sentences.iter().enumerate() {
        if marks[k] {
            in_list = LIST_HEADERS.contains(&normalized(s).as_str());
            continue;
        }
        if in_list && unfinished(s) && s.split_whitespace().count() <= 12 {
            marks[k] = true;
        } else {
            in_list = false;
        }
    }
    for k in 1..sentences.len().saturating_sub(1) {
        let label = unfinished(sentences[k]) && sentences[k].split_whitespace().count() <= 3;
        if label && marks[k - 1] && marks[k + 1] {
            marks[k] = true;
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widgets_and_bylines_are_boilerplate() {
        for b in [
            "Related Stories",
            "Leave A Reply",
            "Share this article on Facebook",
            "We use cookies",
            "Wir verwenden Cookies",
            "Alle Cookies akzeptieren",
            "Anzeige",
            "By Jonas E. Smith | October 6, 2024",
            "Foto: dpa",
            "Wir verwenden Cookies, um Ihr Nutzungserlebnis zu verbessern",
            "Home / Region / Saxony",
            "© 2024 Mulde Valley News",
            "Comments (14)",
        ] {
            assert!(is_boilerplate(b), "{b}");
        }
    }

    #[test]
    fn neighbours_make_link_lists_and_labels_boilerplate() {
        let page = [
            "Subscribe",
            "Tech & Security",
            "This website uses cookies",
            "Hackers steal data of 310,000 patients",
            "The attack went unnoticed for eleven days.",
            "Related Stories",
            "Dresden prepares for high water on the Elbe",
            "Why old bridges fail",
            "Leave A Reply",
        ];
        assert_eq!(
            mark(&page),
            [true, true, true, false, false, true, true, true, true]
        );
    }

    #[test]
    fn article_text_is_not() {
        for t in [
            "The river rose overnight.",
            "Share prices fell by 3.5 percent on Monday, the exchange said.",
            "Related stories have appeared in several newspapers this year.",
            "Flood Hits Kirchau",
            "Weitere Artikel über das Hochwasser erschienen gestern in der Zeitung.",
        ] {
            assert!(!is_boilerplate(t), "{t}");
        }
    }
}
