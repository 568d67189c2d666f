//! Tokens and folding: white-space tokens, their punctuation, possessives and elisions, acronym
//! keys, and the folding (case, accents, umlauts, `ß`) under which the two languages' words meet.

use std::sync::LazyLock;

use super::fold::{fold_owned, is_apostrophe};
use super::FxSet;

// ---------------------------------------------------------------------------------------------
// Tokens

/// Characters around a token that are not part of it: quotes, brackets, punctuation, currency.
pub(super) fn is_junk(c: char) -> bool {
    !c.is_alphanumeric()
}

/// Pushes the white-space separated tokens of `s`, like `split_whitespace` but decoding only
/// the lead bytes that can start a non-ASCII space (NBSP, narrow NBSP, thin space, …).
pub(super) fn split_white<'s>(s: &'s str, out: &mut Vec<&'s str>) {
    let b = s.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (white, len) = match c {
            b' ' | b'\t'..=b'\r' => (true, 1),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let ch = s[i..].chars().next().unwrap_or('x');
                (ch.is_whitespace(), ch.len_utf8())
            }
            _ => (false, 1),
        };
        if white {
            if let Some(st) = start.take() {
                out.push(&s[st..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += len;
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
}

pub(super) fn trim_junk(s: &str) -> &str {
    s.trim_matches(is_junk)
}

/// The token without surrounding punctuation, and what followed it.
pub(super) fn trim_token(t: &str) -> (&str, &str) {
    let start = t.trim_start_matches(is_junk);
    let core = start.trim_end_matches(is_junk);
    (core, &start[core.len()..])
}

pub(super) fn strip_possessive(w: &str) -> &str {
    for suffix in ["'s", "’s"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if stem.chars().next_back().is_some_and(char::is_alphanumeric) {
                return stem;
            }
        }
    }
    w
}

/// Romance articles and particles that lose their vowel before a vowel (`l'État`, `dell'Italia`).
pub(super) const ELIDED: &[&str] = &[
    "l", "d", "j", "n", "s", "c", "m", "t", "qu", "lorsqu", "puisqu", "jusqu", "quelqu", "dell",
    "nell", "dall", "sull", "all", "un",
];

/// `w` without an elided article: `l'expédition` → `expédition`; `O'Brien` stays.
pub(super) fn strip_elision(w: &str) -> &str {
    let Some((at, c)) = w.char_indices().take(8).find(|&(_, c)| is_apostrophe(c)) else {
        return w;
    };
    let (prefix, rest) = (&w[..at], &w[at + c.len_utf8()..]);
    let elided = ELIDED.iter().any(|e| e.eq_ignore_ascii_case(prefix));
    if elided && rest.chars().next().is_some_and(char::is_alphabetic) {
        rest
    } else {
        w
    }
}

/// Acronym key (letters and digits, upper case) of `w`, built in `buf`: 2–6 capital letters,
/// or one capital and digits (`G7`, `A380`); dots and hyphens inside are dropped (`U.S.` → `US`,
/// `COVID-19` → `COVID19`).
pub(super) fn acronym_key<'b>(w: &str, buf: &'b mut String) -> Option<&'b str> {
    if w.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return None;
    }
    buf.clear();
    let (mut letters, mut digits) = (0, 0);
    for c in w.chars() {
        if c.is_uppercase() {
            letters += 1;
            buf.push(c);
        } else if c.is_ascii_digit() {
            digits += 1;
            buf.push(c);
        } else if c == '.' || c == '-' {
            continue;
        } else {
            return None;
        }
        if letters > 6 || letters + digits > 10 {
            return None;
        }
    }
    let starts_with_letter = buf.chars().next().is_some_and(char::is_uppercase);
    let ok = letters >= 2 || (letters == 1 && digits >= 1 && starts_with_letter);
    (ok && !ACRONYM_STOP.contains(&buf.as_str())).then_some(buf.as_str())
}

// Word lists (data/*.txt)

fn folded_set(list: &'static str) -> FxSet<String> {
    list.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(fold_owned)
        .collect()
}

/// Words capitalised only because they open a sentence, folded like the words they are
/// compared with (`für` is `fur`).
pub(super) static OPENERS: LazyLock<FxSet<String>> =
    LazyLock::new(|| folded_set(include_str!("../../data/openers.txt")));

/// Long function words that would make random cognate matches.
pub(super) static COGNATE_STOPS: LazyLock<FxSet<String>> =
    LazyLock::new(|| folded_set(include_str!("../../data/cognate-stop.txt")));

/// The longest entry of `COGNATE_STOPS` in bytes: longer words need no lookup.
pub(super) static COGNATE_STOP_MAX: LazyLock<usize> =
    LazyLock::new(|| COGNATE_STOPS.iter().map(String::len).max().unwrap_or(0));

/// All-capitals words that are ordinary words (headlines), not acronyms.
static ACRONYM_STOP: LazyLock<FxSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/acronym-stop.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
});
