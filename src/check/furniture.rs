//! Page furniture beyond the word list, and the headline.
//!
//! [`crate::boilerplate`] knows phrases ("Related Stories", "We use cookies"); a web page has
//! many more lines that no list can hold: a site's menu word, a template placeholder the
//! exporter left in (`{{share_button}}`), a source link, a comment form's prompts, a newsletter
//! teaser. None of them is translated, and counted as missing they bury the real omissions.
//! What gives them away is what a list cannot know:
//!
//! - **position**: they sit in the unpaired runs before the first and after the last paired
//!   sentence of the article (the *edges*), rarely inside it;
//! - **shape**: short, no final punctuation, no finite verb, words of an interface
//!   (`data/interface-*.txt`), the prompts and credits of forms (`data/prompts.txt`),
//!   identifiers and placeholders (`snake_case`, `{{…}}`), links;
//! - **repetition**: in a batch, a line found in many documents is the site's template
//!   ([`Template`], learned per batch).
//!
//! Only sentences left unpaired are judged (a paired line was translated, whatever it is),
//! except the listed boilerplate, which is furniture paired or not. The **headline** is its own
//! part: the line(s) without final punctuation before the article body. Unpaired, it is a real
//! omission of a different kind than a body sentence, so the report lists it apart.
//!
//! The weights below were set on pages built from the shared clean pairs with furniture and
//! headlines of our own writing (`.ci/furniture-eval`, figures in docs/check.md).

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::lang::Lang;
use crate::pair::{AlignedDoc, Part, Why};

/// Above this score an unpaired line is furniture. The cues add up (see [`score`]): a line needs
/// two independent signs (say, an edge position and the shape of a label) to get there, so a
/// dropped article sentence, which shows at most one, stays counted.
const THRESHOLD: f64 = 3.0;

/// A line of at most this many words is short (a label, a button, a menu word).
const SHORT_WORDS: usize = 4;

/// Lines longer than this are never headlines nor labels: they are paragraphs.
const MAX_TITLE_WORDS: usize = 24;

/// Prompts and credits have at most this many words (`Translated by Anna Berger`).
const PROMPT_WORDS: usize = 8;

/// A line counts as repeated in a batch when it is found in at least this many documents. Three
/// rather than two: two articles of one site may well quote the same sentence, three documents
/// sharing a line word for word is a template. Lines of more than [`TEMPLATE_MAX_WORDS`] are not
/// counted at all, so memory stays small on a large corpus (a hash per short line).
pub const TEMPLATE_MIN_DOCS: u32 = 3;

/// A punctuated line of more words than this is article text even when repeated.
const TEMPLATE_PUNCTUATED_WORDS: usize = 12;

/// Only lines up to this many words are counted for the template.
pub const TEMPLATE_MAX_WORDS: usize = 16;

fn words_of(data: &'static str) -> HashSet<&'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
}

fn lines_of(data: &'static str) -> Vec<Vec<&'static str>> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
        .collect()
}

/// Interface words of both languages together: English buttons turn up on German sites.
static INTERFACE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut w = words_of(include_str!("../../data/interface-en.txt"));
    w.extend(words_of(include_str!("../../data/interface-de.txt")));
    w
});

static PROMPTS: LazyLock<Vec<Vec<&'static str>>> =
    LazyLock::new(|| lines_of(include_str!("../../data/prompts.txt")));

/// Function words, which neither count as content nor tell one text from another.
static FUNCTION: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut w = words_of(include_str!("../../data/function-words-en.txt"));
    w.extend(words_of(include_str!("../../data/function-words-de.txt")));
    w
});

/// Finite verbs that follow a subject: a line holding one is a clause, not a label. Per
/// language, since German `was` is no verb.
static VERBS_EN: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| words_of(include_str!("../../data/verbs-en.txt")));
static VERBS_DE: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| words_of(include_str!("../../data/verbs-de.txt")));

fn is_verb(w: &str, lang: Option<Lang>) -> bool {
    match lang {
        Some(Lang::En) => VERBS_EN.contains(w),
        Some(Lang::De) => VERBS_DE.contains(w),
        _ => VERBS_EN.contains(w) || VERBS_DE.contains(w),
    }
}

/// Month names (both languages) and weekdays: a short unpunctuated line holding one is a
/// dateline (`Posted on Tuesday, 14 May`), not a title.
static DATES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut w: HashSet<String> = words_of(include_str!("../../data/months-en.txt"))
        .into_iter()
        .chain(words_of(include_str!("../../data/months-de.txt")))
        .map(str::to_lowercase)
        .collect();
    w.extend(
        [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "montag",
            "dienstag",
            "mittwoch",
            "donnerstag",
            "freitag",
            "samstag",
            "sonntag",
            "today",
            "yesterday",
            "ago",
            "heute",
            "gestern",
        ]
        .map(String::from),
    );
    w
});

/// The lines shared by many documents of a batch: the site template. Empty for a single pair.
#[derive(Debug, Clone, Default)]
pub struct Template {
    lines: FxHashSet<u64>,
}

impl Template {
    /// Whether `line` (a sentence) is one of the template's lines.
    pub fn contains(&self, line: &str) -> bool {
        !self.lines.is_empty() && key(line).is_some_and(|k| self.lines.contains(&k))
    }

    /// How many lines the template holds.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// Counts the lines of a batch's documents, one document at a time, in any order: the result
/// depends only on which documents hold which lines, so it is the same for every thread count
/// and every resumed run.
#[derive(Debug, Default)]
pub struct TemplateCounter {
    counts: FxHashMap<u64, u32>,
}

impl TemplateCounter {
    /// Counts the lines of one document (both of its sides together: a line on both sides is
    /// counted once).
    pub fn add_doc<'a>(&mut self, lines: impl IntoIterator<Item = &'a str>) {
        let mut seen = FxHashSet::default();
        for l in lines {
            if let Some(k) = key(l) {
                if seen.insert(k) {
                    *self.counts.entry(k).or_insert(0) += 1;
                }
            }
        }
    }

    /// Adds the counts of another counter (the documents are disjoint).
    pub fn merge(&mut self, other: TemplateCounter) {
        for (k, n) in other.counts {
            *self.counts.entry(k).or_insert(0) += n;
        }
    }

    /// The lines found in at least [`TEMPLATE_MIN_DOCS`] documents.
    pub fn finish(self) -> Template {
        Template {
            lines: self
                .counts
                .into_iter()
                .filter(|&(_, n)| n >= TEMPLATE_MIN_DOCS)
                .map(|(k, _)| k)
                .collect(),
        }
    }
}

/// A line's identity for the template: its words without the punctuation around them, lower
/// case; `None` for a line without letters or too long to be a template line.
fn key(line: &str) -> Option<u64> {
    let mut h = FxHasher::default();
    let mut n = 0;
    for w in line.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        n += 1;
        if n > TEMPLATE_MAX_WORDS {
            return None;
        }
        for c in w.chars().flat_map(char::to_lowercase) {
            c.hash(&mut h);
        }
        ' '.hash(&mut h);
    }
    (n > 0).then(|| h.finish())
}

/// What the judgement of a line looks at.
struct Shape {
    /// Words with the punctuation around them removed, lower case.
    words: Vec<String>,
    /// Ends like a sentence (`.`, `!`, `?`, `…`, also inside a closing quote or bracket), or
    /// is wholly in brackets (`(Applause)`).
    punctuated: bool,
    /// Holds a finite verb of the lists.
    verb: bool,
    /// Words of an interface, and content words (not function words).
    interface: usize,
    content: usize,
    /// Holds a month, a weekday or a clock time.
    date: bool,
}

impl Shape {
    fn of(s: &str, lang: Option<Lang>) -> Shape {
        let words: Vec<String> = s
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect();
        let t = s.trim();
        let bracketed =
            (t.starts_with('(') && t.ends_with(')')) || (t.starts_with('[') && t.ends_with(']'));
        let end = t.trim_end_matches(['"', '\'', '”', '“', '’', '»', '«', ')', ']', '*']);
        let punctuated = bracketed || end.ends_with(['.', '!', '?', '…', ';']);
        let content: Vec<&String> = words
            .iter()
            .filter(|w| !FUNCTION.contains(w.as_str()) && w.chars().any(char::is_alphabetic))
            .collect();
        // `4 min read`, `Lesezeit: 3 Minuten`.
        let reading = s.chars().any(|c| c.is_ascii_digit())
            && words.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "min" | "mins" | "minute" | "minutes" | "minuten"
                )
            });
        let clock = s.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_ascii_digit());
            w.split_once(':').is_some_and(|(h, m)| {
                (1..=2).contains(&h.len())
                    && m.len() == 2
                    && (h.to_owned() + m).bytes().all(|b| b.is_ascii_digit())
            })
        });
        Shape {
            date: words.len() <= PROMPT_WORDS
                && (clock || reading || words.iter().any(|w| DATES.contains(w.as_str()))),
            verb: words.iter().any(|w| is_verb(w, lang)),
            interface: content
                .iter()
                .filter(|w| INTERFACE.contains(w.as_str()))
                .count(),
            content: content.len(),
            punctuated,
            words,
        }
    }

    fn interface_share(&self) -> f64 {
        if self.content == 0 {
            0.0
        } else {
            self.interface as f64 / self.content as f64
        }
    }
}

/// Placeholders of template languages and identifiers of code: `{{share_button}}`,
/// `{% block ad %}`, `${title}`, `social_share_bar`, `shareButton`, `article.share.title`.
fn is_code(s: &str) -> bool {
    let t = s.trim();
    let wrapped = |open: &str, close: &str| t.starts_with(open) && t.ends_with(close);
    if wrapped("{{", "}}")
        || wrapped("{%", "%}")
        || wrapped("{#", "#}")
        || wrapped("${", "}")
        || wrapped("<%", "%>")
        || wrapped("[[", "]]")
        || wrapped("%%", "%%")
        || (wrapped("{", "}") && !t.contains(' '))
    {
        return true;
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > 3 {
        return false;
    }
    tokens.iter().all(|w| {
        let w = w.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';' | '"' | '\''));
        let ident = !w.is_empty()
            && w.chars().all(|c| c.is_alphanumeric() || "_.-".contains(c))
            && w.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_');
        let snake = w.contains('_') && w.chars().any(char::is_alphabetic);
        // `shareButton`: a lower-case start and a capital inside.
        let camel = w.chars().next().is_some_and(char::is_lowercase)
            && w.chars().skip(1).any(char::is_uppercase)
            && w.chars().all(char::is_alphanumeric);
        // `article.share.title`: dotted lower-case names (not `U.S.`, not `3.5`).
        let dotted = w.matches('.').count() >= 2
            && !w.ends_with('.')
            && w.split('.')
                .all(|p| p.len() >= 2 && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        ident && (snake || camel || dotted)
    })
}

/// A link line: a bare address, or a short line holding one (`Source: https://…`,
/// `Originally published at example.com`).
fn is_link(s: &str, words: usize) -> bool {
    let is_address = |w: &str| {
        let w = w.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | ',' | '"' | '.'));
        if w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.") {
            return true;
        }
        // `example.com/region/story`: a dotted host followed by a path.
        match w.split_once('/') {
            Some((host, _)) => {
                host.contains('.')
                    && host.rsplit('.').next().is_some_and(|tld| {
                        tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_lowercase())
                    })
                    && host
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
            }
            None => false,
        }
    };
    words <= PROMPT_WORDS && s.split_whitespace().any(is_address)
}

/// A form prompt or a credit: a short line starting with a phrase of `data/prompts.txt`, which
/// either ends there, goes on after a colon, or is a line without final punctuation.
fn is_prompt(s: &str, shape: &Shape) -> bool {
    if shape.words.len() > PROMPT_WORDS {
        return false;
    }
    // Credits: an interface word, then `by`/`von` or a colon (`Photo by …`, `Grafik: …`).
    let first = s.split_whitespace().next().unwrap_or("");
    // Bylines: `By Clara Wendt`, `Von Anna Meier`: capitalised words after `by`.
    if !shape.punctuated
        && (3..=5).contains(&shape.words.len())
        && matches!(shape.words[0].as_str(), "by" | "von")
        && s.split_whitespace()
            .skip(1)
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return true;
    }
    if shape.words.len() >= 2
        && INTERFACE.contains(shape.words[0].as_str())
        && (matches!(shape.words[1].as_str(), "by" | "von") || first.ends_with(':'))
    {
        return true;
    }
    PROMPTS.iter().any(|p| {
        shape.words.len() >= p.len()
            && shape.words.iter().zip(p).all(|(w, q)| w == q)
            && (!shape.punctuated || shape.words.len() == p.len() || s.contains(':'))
    })
}

/// The content words of a text, for telling whether a title belongs to the article.
fn content_words<'a>(s: &'a str) -> impl Iterator<Item = String> + 'a {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !FUNCTION.contains(w.as_str()))
}

/// Whether a line belongs to the article (a headline or a subheading of it, not another
/// story's title): at least half its content words are in the article, or, where only names
/// are capitalised (not German), a name of it is.
fn belongs(s: &str, article: &FxHashSet<String>, lang: Option<Lang>) -> bool {
    let (mut n, mut found) = (0, 0);
    for w in content_words(s) {
        n += 1;
        found += usize::from(article.contains(&w));
    }
    let name = lang != Some(Lang::De)
        && s.split_whitespace().skip(1).any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().count() >= 3
                && article.contains(&w.to_lowercase())
        });
    name || (n > 0 && found * 2 >= n)
}

/// Where an unpaired line stands on its side.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Before the first paired sentence.
    Top,
    /// Inside the article.
    Inside,
    /// After the last paired sentence.
    Bottom,
    /// The side has no paired sentence at all: position says nothing.
    Nowhere,
}

/// How much an unpaired line looks like furniture. The cues:
///
/// - no final punctuation: +1, and +1 more when also short; +0.5 more with no finite verb;
///   +1.5 more for a date or a clock time (a dateline);
/// - interface words: +1.5 for any, plus twice their share of the content words; in a
///   punctuated line only when there are two of them or they are a third of its content words
///   (`A recycled Twitter joke from two months ago.` is article text);
/// - a finite verb in a punctuated line: −1 (a clause is article text);
/// - standing at an edge: +1.5;
/// - a title-like line (unpunctuated, three words or more) that does not belong to the article
///   (see [`belongs`]): +2 (another story's headline, a teaser).
fn score(shape: &Shape, place: Place, belongs: bool) -> f64 {
    let n = shape.words.len();
    let mut x = 0.0;
    if !shape.punctuated {
        x += 1.0;
        if n <= SHORT_WORDS {
            x += 1.0;
        }
        if !shape.verb {
            x += 0.5;
        }
        if shape.date {
            x += 1.5;
        }
        if n >= 3 && !belongs {
            x += 2.0;
        }
    } else if shape.verb {
        x -= 1.0;
    }
    let share = shape.interface_share();
    if shape.interface > 0 && (!shape.punctuated || shape.interface >= 2 || share >= 0.34) {
        x += 1.5 + 2.0 * share;
    }
    if matches!(place, Place::Top | Place::Bottom) {
        x += 1.5;
    }
    x
}

/// Furniture whatever its place and whether paired or not: listed, code, a link, a prompt or a
/// credit.
fn strong(s: &str, listed: bool, lang: Option<Lang>) -> Option<Why> {
    if listed {
        return Some(Why::Listed);
    }
    // Links and prompts have at most `PROMPT_WORDS` words, code three tokens: a longer sentence
    // is none of them, and most sentences are longer (measuring its shape was a tenth of a
    // batch's time).
    let words = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(PROMPT_WORDS + 1)
        .count();
    if words > PROMPT_WORDS {
        return is_code(s).then_some(Why::Code);
    }
    let shape = Shape::of(s, lang);
    if is_code(s) {
        Some(Why::Code)
    } else if is_link(s, shape.words.len()) {
        Some(Why::Link)
    } else if is_prompt(s, &shape) {
        Some(Why::Prompt)
    } else {
        None
    }
}

/// Judges the sentences of one side. `strong[k]` is sentence `k`'s [`strong`] reason, if any;
/// `paired[k]` says whether it has a counterpart that is not strong furniture.
fn judge(
    sentences: &[String],
    strong: &[Option<Why>],
    paired: &[bool],
    lang: Option<Lang>,
    template: &Template,
) -> Vec<Part> {
    let body: Vec<usize> = (0..sentences.len())
        .filter(|&k| paired[k] && strong[k].is_none())
        .collect();
    let (first, last) = (body.first().copied(), body.last().copied());
    let article: FxHashSet<String> = body
        .iter()
        .flat_map(|&k| content_words(&sentences[k]))
        .collect();
    let mut parts = vec![Part::Body; sentences.len()];
    // Undecided short lines, looked at again once their neighbours are known.
    let mut near = Vec::new();
    // The headline run: unpaired title-shaped lines before the body, with only furniture
    // before them.
    let mut headline_open = true;
    for (k, s) in sentences.iter().enumerate() {
        if let Some(why) = strong[k] {
            parts[k] = Part::Furniture(why);
            continue;
        }
        if paired[k] {
            headline_open = false;
            continue;
        }
        let shape = Shape::of(s, lang);
        let n = shape.words.len();
        // Repetition across the batch marks only unpaired lines of a furniture's length: a
        // syndicated article found three times in a batch is no template.
        if (!shape.punctuated || n <= TEMPLATE_PUNCTUATED_WORDS) && template.contains(s) {
            parts[k] = Part::Furniture(Why::Repeated);
            continue;
        }
        let place = match (first, last) {
            (Some(f), _) if k < f => Place::Top,
            (_, Some(l)) if k > l => Place::Bottom,
            (Some(_), Some(_)) => Place::Inside,
            _ => Place::Nowhere,
        };
        let title = !shape.punctuated
            && (3..=MAX_TITLE_WORDS).contains(&n)
            && shape.interface_share() < 0.5;
        if place == Place::Top && headline_open && title && !shape.date {
            parts[k] = Part::Headline;
            continue;
        }
        if place != Place::Top {
            headline_open = false;
        }
        let belongs = belongs(s, &article, lang);
        if n <= MAX_TITLE_WORDS + 6 && score(&shape, place, belongs) >= THRESHOLD {
            parts[k] = Part::Furniture(
                if title
                    && !belongs
                    && place != Place::Nowhere
                    && shape.interface == 0
                    && !shape.date
                {
                    Why::OtherStory
                } else {
                    Why::Shape
                },
            );
        } else {
            if place == Place::Top {
                // A body sentence before the body ends the headline run.
                headline_open = false;
            }
            if !shape.punctuated && n <= SHORT_WORDS {
                near.push(k);
            }
        }
    }
    // Short unpunctuated lines next to furniture are part of it: the items of a menu split
    // into lines (`News`, `· Opinion`, `· Culture`), the fields of a form. So is a run of three
    // or more of them by itself.
    for w in near.windows(3) {
        if w[2] == w[0] + 2 {
            for &k in w {
                parts[k] = Part::Furniture(Why::Shape);
            }
        }
    }
    near.retain(|&k| parts[k] == Part::Body);
    let mut changed = true;
    while changed {
        changed = false;
        near.retain(|&k| {
            let furniture = |j: Option<usize>| {
                j.and_then(|j| parts.get(j))
                    .is_some_and(|p| p.is_furniture())
            };
            if furniture(k.checked_sub(1)) || furniture(Some(k + 1)) {
                parts[k] = Part::Furniture(Why::Shape);
                changed = true;
                false
            } else {
                true
            }
        });
    }
    parts
}

/// Marks what each sentence of `doc` is ([`Part`]); `template` is the batch's template, empty
/// for a single pair.
pub fn mark_parts(doc: &mut AlignedDoc, template: &Template) {
    let (src, tgt) = parts(doc, template);
    doc.src_parts = src;
    doc.tgt_parts = tgt;
}

/// What each source and target sentence of `doc` is, without storing it.
pub fn parts(doc: &AlignedDoc, template: &Template) -> (Vec<Part>, Vec<Part>) {
    let listed = |v: &[bool], k: usize| v.get(k).copied().unwrap_or(false);
    let (sl, tl) = (doc.langs.src.lang(), doc.langs.tgt.lang());
    let src_strong: Vec<Option<Why>> = (0..doc.src.len())
        .map(|k| strong(&doc.src[k], listed(&doc.src_boiler, k), sl))
        .collect();
    let tgt_strong: Vec<Option<Why>> = (0..doc.tgt.len())
        .map(|k| strong(&doc.tgt[k], listed(&doc.tgt_boiler, k), tl))
        .collect();
    let mut src_paired = vec![false; doc.src.len()];
    let mut tgt_paired = vec![false; doc.tgt.len()];
    // A bead pairs article text only when both sides hold a line that is not strong furniture
    // (the aligner may well pair a menu word with a form prompt, and that pairs nothing), and
    // not only labels on both sides (`About us` with `Lesen Sie auch`). The lines of a pair of
    // labels are judged as if unpaired; those found to be body on both sides still count as
    // translated in the report.
    let label = |s: &str| {
        let n = s.split_whitespace().count();
        n <= SHORT_WORDS && !Shape::of(s, None).punctuated
    };
    for b in &doc.beads {
        let src_real = b.src.clone().any(|k| src_strong[k].is_none());
        let tgt_real = b.tgt.clone().any(|k| tgt_strong[k].is_none());
        let labels =
            b.src.clone().all(|k| label(&doc.src[k])) && b.tgt.clone().all(|k| label(&doc.tgt[k]));
        if src_real && tgt_real && !labels {
            for k in b.src.clone() {
                src_paired[k] = true;
            }
            for k in b.tgt.clone() {
                tgt_paired[k] = true;
            }
        }
    }
    (
        judge(&doc.src, &src_strong, &src_paired, sl, template),
        judge(&doc.tgt, &tgt_strong, &tgt_paired, tl, template),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_tokens_and_placeholders() {
        for s in [
            "{{share_button}}",
            "{% include 'ad.html' %}",
            "${article.title}",
            "social_share_bar",
            "shareButton",
            "article.share.title",
            "__NEWSLETTER__",
        ] {
            assert!(is_code(s), "{s}");
        }
        for s in [
            "U.S.",
            "3.5",
            "Merseyside",
            "e-mail",
            "COVID-19",
            "The bar closed.",
        ] {
            assert!(!is_code(s), "{s}");
        }
    }

    #[test]
    fn links_and_prompts() {
        assert!(is_link("Source: https://example.com/a", 2));
        assert!(is_link(
            "Originally published at mulde-news.example/region/bridge",
            4
        ));
        assert!(!is_link(
            "The site example.com was down for hours on Monday",
            9
        ));
        for s in [
            "Your name",
            "Your email address *",
            "Translated by Lena Hofmann",
            "Lektorat: Tobias Krüger",
            "Übersetzt von Lena Hofmann",
        ] {
            assert!(is_prompt(s, &Shape::of(s, Some(Lang::En))), "{s}");
        }
        assert!(!is_prompt(
            "Source code was published on Monday by the researchers.",
            &Shape::of(
                "Source code was published on Monday by the researchers.",
                Some(Lang::En)
            )
        ));
    }

    #[test]
    fn template_needs_three_documents() {
        let mut c = TemplateCounter::default();
        for doc in [
            vec!["Share this idea", "A."],
            vec!["share this idea!", "B."],
            vec!["Share  this idea", "Share this idea"],
            vec!["Only here"],
        ] {
            c.add_doc(doc);
        }
        let t = c.finish();
        assert!(t.contains("SHARE THIS IDEA"));
        assert!(!t.contains("Only here"));
        assert_eq!(t.len(), 1);
    }
}
