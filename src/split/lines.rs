//! Sentence ends at line breaks, and inline list items.
//!
//! Inside a paragraph a single line break is either layout (a hard-wrapped paragraph, a PDF
//! line) or structure (a headline, a list item, a boilerplate line with no final punctuation).
//! The deciding evidence is local: what the line ends with, what the next begins with, and
//! whether the next line's first word would have fitted on this line had the writer not
//! meant to break it — the test any greedy line-wrapper fails.

use super::chars::{is_bullet, is_closer, is_dash_bullet, is_opener, is_terminator, skip_ws};
use super::rules::Rules;

/// Line lengths (in chars) a hard wrap is made at. Narrower "paragraphs" are lists of short
/// lines; wider ones are not wrapped at all.
const MIN_WRAP: usize = 40;
const MAX_WRAP: usize = 160;

/// Pushes the start of every line in `lines` that begins a new sentence whatever its
/// punctuation says.
pub(super) fn line_breaks(
    text: &str,
    lines: &[(usize, usize)],
    rules: &Rules,
    out: &mut Vec<usize>,
) {
    if lines.len() < 2 {
        return;
    }
    let width = |&(s, e): &(usize, usize)| text[s..e].trim_end().chars().count();
    let widths: Vec<usize> = lines.iter().map(width).collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    let non_final = widths.len() - 1;
    let long_lines = widths[..non_final]
        .iter()
        .filter(|&&w| w * 4 >= max * 3)
        .count();
    // A hard-wrapped paragraph has nearly all its lines but the last close to the wrap width;
    // a block of one-line paragraphs (web text, e-mail) has lines of every length.
    // It also shows at least one break that is plainly mid-sentence; a block of a headline,
    // a subtitle and a byline of similar widths shows none.
    let mid_sentence = (0..non_final).any(|k| {
        let a = text[lines[k].0..lines[k].1].trim_end();
        let b = text[lines[k + 1].0..lines[k + 1].1].trim_start();
        b.starts_with(char::is_lowercase)
            || a.ends_with([',', '-', '‐'])
            || ends_with_function_word(a, rules)
    });
    let wrapped = (MIN_WRAP..=MAX_WRAP).contains(&max)
        && long_lines >= 2
        && long_lines * 3 >= non_final * 2
        && mid_sentence;

    for k in 0..non_final {
        let (a_start, a_end) = lines[k];
        let (b_start, b_end) = lines[k + 1];
        let a = text[a_start..a_end].trim_end();
        // PDF extraction leaves a space before the line break of a wrapped line ("It was a
        // cold \nnight"); editors and web text do not.
        let pdf_line = text[a_start..a_end]
            .trim_end_matches('\r')
            .ends_with([' ', '\t']);
        let b_first = skip_ws(text, b_start, b_end);
        let b = &text[b_first..b_end];
        if list_marker(b) {
            out.push(b_first);
            continue;
        }
        let lower_b = b.chars().next().is_some_and(char::is_lowercase);
        // A line that starts with punctuation finishes the one before: "for pricing\n. Pricing"
        let punct_b = b.starts_with([',', ';', ':', '!', '?'])
            || (b.starts_with('.') && !b.starts_with(".."));
        let starts_link = b.starts_with("http") || b.starts_with("www.");
        let last = a.chars().next_back().unwrap_or(' ');
        let function_word = ends_with_function_word(a, rules);
        let hyphen = matches!(last, '-' | '‐') && {
            let mut cs = a.chars().rev();
            cs.next();
            cs.next().is_some_and(char::is_alphabetic)
        };
        let next_word = b.split_whitespace().next().map_or(0, |w| w.chars().count());
        let overflows = max <= MAX_WRAP && widths[k] + 1 + next_word > max;
        let soft = if wrapped {
            function_word
                || hyphen
                || lower_b
                || matches!(last, ',' | '/' | '&' | '(' | '[' | '„')
                || overflows
        } else {
            let unfinished = !(is_terminator(last) || is_closer(last) || last == ':');
            // A long line that stops on a lower-case word with no punctuation is cut
            // mid-sentence even when the paragraph has only two lines to show a wrap width,
            // provided the next line finishes the sentence (a subtitle followed by a byline
            // does not).
            let b_last = b.trim_end().chars().next_back().unwrap_or(' ');
            let b_finishes = is_terminator(b_last) || is_closer(b_last) || b_last == ':';
            let open_end = widths[k] >= 60 && last.is_lowercase() && overflows && b_finishes;
            function_word
                || (hyphen && lower_b)
                || (lower_b && unfinished && !starts_link && (widths[k] >= 40 || pdf_line))
                || open_end
        };
        if !soft && !punct_b {
            out.push(b_first);
        }
    }
}

/// A line that stops on a function word ("the", "der") cannot end a sentence or a headline.
fn ends_with_function_word(a: &str, rules: &Rules) -> bool {
    let word = a
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default();
    !word.is_empty() && a.ends_with(word) && rules.is_continuation(word)
}

/// `• item`, `- item`, `1. item`, `2) item`, `a) item` at the start of a line.
pub(super) fn list_marker(b: &str) -> bool {
    let mut chars = b.chars();
    let Some(c) = chars.next() else { return false };
    if is_bullet(c) {
        return true;
    }
    if is_dash_bullet(c) {
        return chars.next().is_some_and(char::is_whitespace);
    }
    let bytes = b.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        let rest = &b[digits..];
        let rest = rest
            .strip_prefix(".)")
            .or_else(|| rest.strip_prefix(')'))
            .or_else(|| rest.strip_prefix('.'));
        return rest.is_some_and(|r| r.starts_with(char::is_whitespace));
    }
    if c.is_ascii_lowercase() {
        if let Some(r) = b[1..].strip_prefix(')') {
            return r.starts_with(char::is_whitespace);
        }
        if let Some(r) = b[1..].strip_prefix(". ") {
            // "z. B." is an abbreviation, not item z.
            let mut rc = r.chars();
            return !(rc.next().is_some_and(char::is_alphabetic) && rc.next() == Some('.'));
        }
    }
    false
}

/// Inline enumerations: "1.) first item 2.) second item", "• one • two", "a. one b. two",
/// also after a sentence ("Finally, this. 1. The first item 2. The second item").
///
/// A strong bullet (`•`, `⁃`, …) after white space always starts an item. A number or letter
/// marker starts one only as part of a chain that begins at 1 (or a) and counts up in the same
/// style, each marker after white space, not after a function word ("der 1. FC Köln … in der
/// 2. Bundesliga" is no list) and before a capital or an opening quote.
pub(super) fn inline_items(
    text: &str,
    start: usize,
    end: usize,
    rules: &Rules,
    out: &mut Vec<usize>,
) {
    let seg = &text[start..end];
    let first = skip_ws(text, start, end);
    let mut cuts = Vec::new();
    // Every bullet character starts with byte 0xE2 or 0xC2; look only there.
    for k in memchr::memchr2_iter(0xE2, 0xC2, seg.as_bytes()) {
        let is_item = seg[k..].chars().next().is_some_and(is_bullet)
            && start + k > first
            && seg[..k].ends_with(char::is_whitespace);
        if is_item {
            cuts.push(start + k);
        }
    }
    let markers = markers(seg, rules);
    let mut chain: Vec<&Marker> = Vec::new();
    for m in &markers {
        let continues = chain
            .last()
            .is_some_and(|last| last.style == m.style && last.value + 1 == m.value);
        if continues {
            chain.push(m);
        } else {
            flush(&chain, start, first, &mut cuts);
            chain.clear();
            // A chain opens a sentence ("Finally, this. 1. The first item", not "Figure 1."),
            // or follows another list ("1) one 2) two 1) again 2) again").
            let opening = seg[..m.at].trim_end();
            let after_list = cuts.last().is_some_and(|&c| c < start + m.at);
            let starts = m.value == 1 || m.style.0;
            if starts && (opening.is_empty() || opening.ends_with(['.', '!', '?']) || after_list) {
                chain.push(m);
            }
        }
    }
    flush(&chain, start, first, &mut cuts);
    cuts.sort_unstable();
    cuts.dedup();
    out.extend(cuts);
}

struct Marker {
    at: usize,
    value: u32,
    style: (bool, &'static str),
}

/// A chain that starts at 1 (or a) needs two markers; a lettered chain starting elsewhere
/// ("w) hello x) hello y) hello") needs three.
fn flush(chain: &[&Marker], start: usize, first: usize, cuts: &mut Vec<usize>) {
    let needed = match chain.first() {
        Some(m) if m.value != 1 => 3,
        _ => 2,
    };
    if chain.len() >= needed {
        cuts.extend(chain.iter().map(|m| start + m.at).filter(|&a| a > first));
    }
}

/// Every plausible list marker in `seg`, in order: a number of one or two digits or a lower
/// case letter, then `.)`, `)` or `.`, white space, and a capital or opening quote.
fn markers(seg: &str, rules: &Rules) -> Vec<Marker> {
    let bytes = seg.as_bytes();
    let mut out = Vec::new();
    // A marker ends in '.' or ')': visit only those, and look back for "1", "12" or "a".
    for stop in memchr::memchr2_iter(b'.', b')', bytes) {
        let digits = bytes[..stop]
            .iter()
            .rev()
            .take(3)
            .take_while(|b| b.is_ascii_digit())
            .count();
        let len = if digits > 0 { digits } else { 1 };
        if digits > 2 || stop < len {
            continue;
        }
        let k = stop - len;
        let b = bytes[k];
        let at_word_start = k == 0 || bytes[k - 1].is_ascii_whitespace();
        if !at_word_start || !(b.is_ascii_digit() || b.is_ascii_lowercase()) {
            continue;
        }
        // ".)" is one style: its ')' is part of the marker found at the '.'.
        if bytes[stop] == b')' && stop > 0 && bytes[stop - 1] == b'.' {
            continue;
        }
        let (value, lettered) = if b.is_ascii_digit() {
            (seg[k..stop].parse::<u32>().unwrap_or(0), false)
        } else {
            (u32::from(b - b'a' + 1), true)
        };
        let rest = &seg[k + len..];
        let Some(style) = [".)", ")", "."].into_iter().find(|s| rest.starts_with(s)) else {
            continue;
        };
        let after = &rest[style.len()..];
        let mut ac = after.chars();
        let spaced = ac.next().is_some_and(char::is_whitespace);
        let next = after.trim_start().chars().next();
        let opens = next.is_some_and(|c| c.is_uppercase() || is_opener(c))
            || (lettered && next.is_some_and(char::is_lowercase));
        let before = seg[..k].trim_end();
        let prev_word = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or_default();
        let after_function_word =
            !lettered && before.ends_with(prev_word) && rules.is_continuation(prev_word);
        // "z. B." is an abbreviation, not item z.
        let abbreviation = lettered && {
            let t = after.trim_start();
            let mut tc = t.chars();
            tc.next().is_some_and(char::is_alphabetic) && tc.next() == Some('.')
        };
        // Rankings in results tables: "Sonntag: 1. Daniel Huber … - 2. Kilian Peier"
        let after_dash = before.ends_with(['-', '–', '—']);
        if spaced && opens && !after_function_word && !abbreviation && !after_dash {
            out.push(Marker {
                at: k,
                value,
                style: (lettered, style),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_markers() {
        for yes in [
            "• item", "- item", "1. Item", "12) Item", "3.) Item", "a) item", "b. Item",
        ] {
            assert!(list_marker(yes), "{yes}");
        }
        for no in [
            "-3 Grad",
            "2019 war",
            "z. B. Äpfel",
            "Item",
            "1.5 million",
            "x.y",
        ] {
            assert!(!list_marker(no), "{no}");
        }
    }
}
