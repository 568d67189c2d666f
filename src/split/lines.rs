//! Sentence ends at line breaks, and inline list items.
//!
//! Inside a paragraph a single line break is either layout (a hard-wrapped paragraph, a PDF
//! line) or structure (a headline, a list item, a boilerplate line with no final punctuation).
//! The deciding evidence is local: what the line ends with, what the next begins with, and
//! whether the next line's first word would have fitted on this line had the writer not
//! meant to break it — the test any greedy line-wrapper fails.

use super::chars::{
    char_at, is_bullet, is_closer, is_dash_bullet, is_opener, is_terminator, skip_ws,
};
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
        let b_first = skip_ws(text, b_start, b_end);
        let b = &text[b_first..b_end];
        if list_marker(b) {
            out.push(b_first);
            continue;
        }
        let lower_b = b.chars().next().is_some_and(char::is_lowercase);
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
                || (lower_b && unfinished && widths[k] >= 40)
                || open_end
        };
        if !soft {
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

/// Inline enumerations: "1.) first item 2.) second item", "• one • two", "a. one b. two".
/// The segment must open with the first marker; later markers must continue its sequence.
pub(super) fn inline_items(
    text: &str,
    start: usize,
    end: usize,
    rules: &Rules,
    out: &mut Vec<usize>,
) {
    let first = skip_ws(text, start, end);
    let seg = &text[first..end];
    let Some(c) = seg.chars().next() else { return };
    if is_bullet(c) {
        let mut pat = [0u8; 5];
        let pat = format!(" {}", c.encode_utf8(&mut pat));
        let mut from = c.len_utf8();
        while let Some(k) = memchr::memmem::find(&seg.as_bytes()[from..], pat.as_bytes()) {
            out.push(first + from + k + 1);
            from += k + pat.len();
        }
        return;
    }
    let digits = seg.bytes().take_while(u8::is_ascii_digit).count();
    let (mut n, style) = if (1..=3).contains(&digits) {
        let rest = &seg[digits..];
        let style = [".)", ")", "."].into_iter().find(|s| rest.starts_with(s));
        (seg[..digits].parse::<u32>().ok(), style)
    } else if c.is_ascii_lowercase() {
        let rest = &seg[1..];
        (
            Some(c as u32),
            [")", "."].into_iter().find(|s| rest.starts_with(s)),
        )
    } else {
        return;
    };
    let (Some(mut num), Some(style)) = (n.take(), style) else {
        return;
    };
    let lettered = digits == 0;
    let mut from = 1;
    loop {
        num += 1;
        let label = if lettered {
            match char::from_u32(num) {
                Some(l) if l.is_ascii_lowercase() => l.to_string(),
                _ => return,
            }
        } else {
            num.to_string()
        };
        let pat = format!(" {label}{style} ");
        let Some(k) = memchr::memmem::find(&seg.as_bytes()[from..], pat.as_bytes()) else {
            return;
        };
        let at = from + k + 1;
        let before = seg[..at - 1].trim_end();
        let prev_word = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or_default();
        let after = char_at(seg, at + pat.len() - 1);
        let plausible = after.is_some_and(|c| c.is_uppercase() || is_opener(c))
            && !(before.ends_with(prev_word) && rules.is_continuation(prev_word));
        if !plausible {
            return;
        }
        out.push(first + at);
        from = at + pat.len() - 1;
    }
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
