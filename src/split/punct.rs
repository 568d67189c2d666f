//! Sentence ends at punctuation: the decision at every `.`, `!`, `?` and `…`.
//!
//! The scanner visits only bytes that can start a terminator, so plain text streams through at
//! memory speed; all linguistic work happens at the few candidate positions, and every look
//! back or ahead there is bounded, so no input makes it quadratic.

use super::chars::{
    char_at, char_before, is_closer, is_opener, is_strong, is_terminator, skip_ws, TERMINATOR_LEAD,
};
use super::rules::{Kind, Rules};
use crate::lang::Lang;

/// How far the scanner looks back for the word before a period. Abbreviations are short; a
/// longer token (a URL, a 100 MB run of letters) is simply not one.
const MAX_TOKEN: usize = 48;

/// What follows a terminator cluster.
struct Cluster {
    end: usize,
    dots: usize,
    ellipsis: bool,
    strong: bool,
    spaced: bool,
    closers: bool,
    /// A closing quotation mark follows the terminator: a strong sign the sentence ends.
    quoted: bool,
}

/// The word after a candidate boundary.
struct Next<'a> {
    /// Its first letter or digit, after any opening quotes or brackets.
    first: Option<char>,
    /// Its leading letters (for starter and month look-ups).
    word: &'a str,
    /// It starts in lower case.
    lower: bool,
    /// Opening quotes or brackets stand before it.
    opened: bool,
}

impl Next<'_> {
    fn digit(&self) -> bool {
        self.first.is_some_and(|c| c.is_ascii_digit())
    }
    fn upper(&self) -> bool {
        self.first.is_some_and(char::is_uppercase)
    }
    fn all_caps(&self) -> bool {
        self.word.chars().count() >= 2 && self.word.chars().all(char::is_uppercase)
    }
}

pub(super) struct Scanner<'a> {
    pub text: &'a str,
    pub rules: &'a Rules,
    pub lang: Lang,
}

impl Scanner<'_> {
    /// Pushes the start of every sentence after the first in `start..end`.
    pub fn scan(&self, start: usize, end: usize, out: &mut Vec<usize>) {
        let bytes = self.text.as_bytes();
        let mut cur = start;
        let mut content = skip_ws(self.text, start, end);
        let mut i = start;
        // The last chain of reference marks walked, so that the terminators inside a long
        // chain (`[...][...][...]`) do not each walk the rest of it again: that was quadratic.
        let mut notes = Vec::new();
        while i < end {
            if !TERMINATOR_LEAD[bytes[i] as usize] {
                i += 1;
                continue;
            }
            let c = char_at(self.text, i).expect("boundary");
            if !is_terminator(c) {
                i += c.len_utf8();
                continue;
            }
            let cl = self.cluster(i, end);
            if let Some(at) = self.decide(i, &cl, start, end, content, &mut notes) {
                if at > cur {
                    out.push(at);
                    cur = at;
                    content = skip_ws(self.text, cur, end);
                }
            }
            i = cl.end.max(i + 1).max(cur);
        }
    }

    /// The run of terminators and closing quotes starting at `i`, with spaced dots (`. . .`).
    fn cluster(&self, i: usize, end: usize) -> Cluster {
        let bytes = self.text.as_bytes();
        let mut cl = Cluster {
            end: i,
            dots: 0,
            ellipsis: false,
            strong: false,
            spaced: false,
            closers: false,
            quoted: false,
        };
        let mut j = i;
        while j < end {
            let c = char_at(self.text, j).expect("boundary");
            if c == '.' {
                cl.dots += 1;
            } else if c == '…' {
                cl.ellipsis = true;
            } else if is_strong(c) || is_terminator(c) {
                cl.strong = true;
            } else if is_closer(c) {
                cl.closers = true;
                cl.quoted |= !matches!(c, ')' | ']' | '}');
            } else if c == ' '
                && cl.dots > 0
                && !cl.strong
                && !cl.closers
                && j + 1 < end
                && bytes[j + 1] == b'.'
            {
                cl.spaced = true;
            } else {
                break;
            }
            j += c.len_utf8();
        }
        cl.end = j;
        cl
    }

    /// Where the next sentence starts, if the cluster at `i` ends one.
    fn decide(
        &self,
        i: usize,
        cl: &Cluster,
        seg_start: usize,
        end: usize,
        content: usize,
        notes: &mut Vec<usize>,
    ) -> Option<usize> {
        let mut after = cl.end;
        if after >= end {
            return None;
        }
        after = self.notes_end(after, end, notes); // "martyr.[1] The", "at large.[7][8] This"

        if after >= end {
            return None;
        }
        if !char_at(self.text, after).is_some_and(char::is_whitespace) {
            if let Some(at) = self.footnote_number(i, after, end) {
                return Some(at);
            }
            let wide = self.text[i..after].contains(['。', '．', '！', '？']);
            let closes = char_at(self.text, after).is_some_and(|c| is_closer(c) || c == ',');
            return (self.glued(i, cl, end) || (wide && !closes)).then_some(after);
        }
        let mut n = skip_ws(self.text, after, end);
        if let Some(note_end) = self.footnote(n, end) {
            // A reference mark after the period belongs to the sentence: "in Dulwich. [17]"
            after = note_end;
            n = skip_ws(self.text, note_end, end);
        }
        if n >= end {
            return None;
        }
        let next = self.next_word(n, end)?;
        let link = self.text[n..end].starts_with("http") || self.text[n..end].starts_with("www.");
        if link
            && !cl.closers
            && char_at(self.text, i) == Some('.')
            && self.abbreviation(i, content).is_none()
        {
            return Some(after); // web text: "any search engine. http://www.google.com"
        }
        if next.lower {
            let shouted = cl.strong && !cl.closers && cl.end - i >= 2;
            return (shouted || self.lower_start(i, cl, &next, content)).then_some(after);
        }
        let before = if i > seg_start {
            char_before(self.text, i)
        } else {
            None
        };
        let attached = before.is_some_and(|c| !c.is_whitespace());
        if cl.ellipsis || cl.dots >= 2 {
            if matches!(before, Some('[' | '(')) {
                return None; // an omission mark: "[...]"
            }
            if !attached && !cl.strong && cl.spaced && cl.dots == 3 {
                return None; // a spaced ellipsis inside a sentence: "weakened . . . was"
            }
            if !attached && self.in_quotation(content, i) {
                return None; // a pause in quoted speech: "“They worked … I cannot say,” he said"
            }
            if attached && cl.spaced && !cl.closers && !cl.strong && self.text.as_bytes()[i] == b'.'
            {
                return Some(i + 1); // "compounds. . . . The": the dots open the next sentence
            }
            return Some(after);
        }
        if cl.strong {
            if !cl.quoted && self.in_quotation(content, i) {
                return None; // an exclamation inside quoted speech: "Oh dear! Oh dear! I shall be late!"
            }
            return Some(after);
        }
        match before {
            Some(c) if c.is_ascii_digit() => self.after_number(i, after, &next, content),
            Some(c) if !c.is_whitespace() && !is_closer(c) => {
                self.after_word(i, (n, end), after, cl, &next, content)
            }
            _ => Some(after),
        }
    }

    /// A footnote number right after a sentence's period: "a consultation.11 12 Take the",
    /// "(type 2).10 This model". Returns where the next sentence starts.
    fn footnote_number(&self, i: usize, after: usize, end: usize) -> Option<usize> {
        let before = char_before(self.text, i)?;
        if !(before.is_alphabetic() || before == ')') || after != i + 1 {
            return None;
        }
        let bytes = self.text.as_bytes();
        let mut j = after;
        let mut groups = 0;
        loop {
            let digits = bytes[j..end.min(j + 4)]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits == 0 || digits > 3 {
                return None;
            }
            j += digits;
            groups += 1;
            let n = skip_ws(self.text, j, end);
            if n == j || n >= end {
                return None;
            }
            let c = char_at(self.text, n)?;
            if c.is_uppercase() {
                return Some(n);
            }
            if !c.is_ascii_digit() || groups == 3 {
                return None;
            }
            j = n;
        }
    }

    /// Sentences typed without a space: "good service.There are", "Drs. Ali help.Neither".
    /// Only a period between a lower-case word of three or more letters and a capitalised
    /// word that ends at a space, so file names, URLs and e-mail addresses stay whole.
    fn glued(&self, i: usize, cl: &Cluster, end: usize) -> bool {
        if cl.end != i + 1 || self.text.as_bytes()[i] != b'.' {
            return false;
        }
        let text = self.text;
        let mut from = i.saturating_sub(24);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let before: String = text[from..i]
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let word_before = before.chars().count() >= 3
            && before.chars().all(char::is_lowercase)
            && !text[..i - before.len()].ends_with(['.', '/', '@', ':', '-', '_']);
        if !word_before {
            return false;
        }
        let mut chars = text[i + 1..end].char_indices();
        if !chars.next().is_some_and(|(_, c)| c.is_uppercase()) {
            return false;
        }
        for (k, c) in chars {
            if c.is_whitespace() {
                return k >= 3;
            }
            if !c.is_lowercase() {
                return matches!(c, ',' | ';' | ':' | '!' | '?') && k >= 3;
            }
        }
        false
    }

    /// The end of a footnote or omission mark at `n` (`[17]`, `[…]`, `[...]`) followed by white
    /// space.
    /// Where the chain of reference marks starting at `from` ends (`from` itself if none
    /// starts there). `notes` holds the boundaries of the chain walked last: a chain's end
    /// depends only on where it starts, so from any of its boundaries the answer is known.
    fn notes_end(&self, from: usize, end: usize, notes: &mut Vec<usize>) -> usize {
        if let (Some(&first), Some(&last)) = (notes.first(), notes.last()) {
            if (first..=last).contains(&from) && notes.binary_search(&from).is_ok() {
                return last;
            }
        }
        notes.clear();
        notes.push(from);
        let mut after = from;
        while let Some(note_end) = self.footnote(after, end) {
            after = note_end;
            notes.push(after);
        }
        after
    }

    fn footnote(&self, n: usize, end: usize) -> Option<usize> {
        let tail = self.text.get(n..end)?;
        for dots in ["...", "…"] {
            // A free-standing ellipsis trails the sentence before it: "meaning? ... There"
            if tail.starts_with(dots)
                && char_at(self.text, n + dots.len()).is_some_and(char::is_whitespace)
            {
                return Some(n + dots.len());
            }
        }
        let rest = tail.strip_prefix('[')?;
        let bytes = rest.as_bytes();
        let close = memchr::memchr(b']', &bytes[..bytes.len().min(8)])?;
        let inner = &rest[..close];
        let ok =
            (!inner.is_empty() && inner.len() <= 4 && inner.bytes().all(|b| b.is_ascii_digit()))
                || inner == "…"
                || inner == "...";
        let note_end = n + 1 + close + 1;
        let spaced = char_at(self.text, note_end).is_none_or(|c| c.is_whitespace() || c == '[');
        (ok && spaced).then_some(note_end)
    }

    /// Reads the word at `n`; `None` when nothing there can open a sentence (`,,`, `-3`).
    fn next_word<'t>(&'t self, n: usize, end: usize) -> Option<Next<'t>> {
        let text = self.text;
        let first = char_at(text, n)?;
        if matches!(first, ',' | ';' | ':' | ')' | ']' | '}') {
            return None;
        }
        if matches!(first, '-' | '–' | '+')
            && char_at(text, n + first.len_utf8()).is_some_and(|c| c.is_ascii_digit())
        {
            return None; // a range or a signed number: "1. -3. Jahrhundert"
        }
        if matches!(first, '-' | '–' | '—') {
            let dash_end = n + text[n..end].find(|c: char| !matches!(c, '-' | '–' | '—'))?;
            let w = skip_ws(text, dash_end, end);
            if char_at(text, w).is_some_and(char::is_lowercase) {
                return None; // the sentence goes on after a dash: "and -- voila! -- you have cake"
            }
        }
        let mut j = n;
        while j < end {
            let c = char_at(text, j)?;
            if !is_opener(c) {
                break;
            }
            j += c.len_utf8();
        }
        let opened = j > n;
        let mut first = char_at(text, j);
        let mut lower = first.is_some_and(char::is_lowercase);
        if lower && text[n..].starts_with('(') {
            // A news agency tag opens the sentence: "(dpa) Die Schweiz ..."
            let mut stop = (j + 16).min(end);
            while !text.is_char_boundary(stop) {
                stop -= 1;
            }
            let window = &text[j..stop];
            if let Some(close) = window.find(')') {
                let rest = skip_ws(text, j + close + 1, end);
                if rest > j + close + 1 && char_at(text, rest).is_some_and(char::is_uppercase) {
                    lower = false;
                    first = char_at(text, rest);
                }
            }
        }
        let mut word_end = j;
        for (k, c) in text[j..end].char_indices() {
            if !c.is_alphabetic() || k > MAX_TOKEN {
                break;
            }
            word_end = j + k + c.len_utf8();
        }
        Some(Next {
            first,
            word: &text[j..word_end],
            lower,
            opened,
        })
    }

    /// A word in lower case after a terminator opens a sentence only in casual text: after a
    /// bare question mark ("grow up? india?"), or after a period when it is a common sentence
    /// opener ("is interested. we are"), in English, where lower-case starts are a web habit.
    fn lower_start(&self, i: usize, cl: &Cluster, next: &Next, content: usize) -> bool {
        if cl.closers || next.opened || cl.ellipsis || cl.dots > 1 {
            return false;
        }
        let c = char_at(self.text, i);
        if matches!(c, Some('?' | '？')) {
            return true;
        }
        if c != Some('.') || cl.strong {
            return false;
        }
        if self.lang != Lang::En {
            // German never starts a sentence in lower case, but translators slip: after a
            // finite verb ("… reflektiert wird. und in der Zeit …") the period cannot be an
            // abbreviation's.
            return self.token_start(i).is_some_and(|s| {
                let w = self.text[s..i].trim_start_matches(|c: char| !c.is_alphabetic());
                self.rules.is_verb(&w.to_lowercase())
            });
        }
        let mut cap = String::with_capacity(next.word.len());
        let mut chars = next.word.chars();
        if let Some(f) = chars.next() {
            cap.extend(f.to_uppercase());
            cap.push_str(chars.as_str());
        }
        let word_before = char_before(self.text, i).is_some_and(char::is_alphanumeric);
        word_before
            && (next.word.chars().count() > 1 || next.word == "i")
            && self.rules.is_starter(&cap)
            && self.abbreviation(i, content).is_none()
    }

    /// A period right after a digit.
    fn after_number(&self, i: usize, after: usize, next: &Next, content: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut ds = i;
        while ds > 0 && i - ds < 16 && bytes[ds - 1].is_ascii_digit() {
            ds -= 1;
        }
        let digits = i - ds;
        match char_before(self.text, ds) {
            Some(c) if c.is_alphabetic() => return Some(after), // "Jahr10." is a footnote mark
            Some('.' | ',') => return Some(after),              // "$100.00." is an amount
            Some(c) if is_opener(c) => return None, // "(65.)", "„1. Renaissance": a rank
            _ => {}
        }
        if digits > 3 {
            return Some(after);
        }
        if self.at_start(content, ds) {
            return None; // a list number: "1. The first item"
        }
        let head = self.text[..ds].trim_end();
        if head.len() < ds && head.ends_with([':', '-', '–', '—']) {
            let before_dash = head.trim_end_matches([':', '-', '–', '—']).trim_end();
            if !before_dash.ends_with(|c: char| c.is_ascii_digit()) {
                return None; // a ranking: "Sonntag: 1. Daniel Huber ... - 2. Kilian Peier"
            }
        }
        if self.rules.is_month(next.word) || self.rules.is_ordinal_noun(next.word) {
            return None; // "am 3. Oktober", "die 2. Bundesliga" (also in English news)
        }
        if self.lang == Lang::De {
            if let Some(w) = self.word_before(ds) {
                if self.rules.is_continuation(w) {
                    return None; // "vom 12. ...", "der 3. ..."
                }
            }
        }
        Some(after)
    }

    /// A period right after a letter or symbol: an abbreviation or a sentence end.
    fn after_word(
        &self,
        i: usize,
        (n, end): (usize, usize),
        after: usize,
        cl: &Cluster,
        next: &Next,
        content: usize,
    ) -> Option<usize> {
        let Some(kind) = self.abbreviation(i, content) else {
            return Some(after);
        };
        if kind == Kind::Inner && next.upper() && self.lone_letter(i, next, content) {
            return Some(after); // "the pronunciation of the letter u. The Assembly"
        }
        let cap = next.upper() || next.first.is_none();
        match kind {
            Kind::Prefix | Kind::Inner => None,
            Kind::Number if next.digit() => None,
            Kind::Number => Some(after),
            _ if next.digit() => None,
            Kind::Any => {
                if self.rules.is_starter(next.word)
                    || (cl.quoted && cap)
                    || (next.upper() && !self.initial(i) && self.subject_then_verb(n, end))
                {
                    Some(after)
                } else {
                    None
                }
            }
            Kind::Final => {
                if self.words_up_to(content, i) <= 3 || next.all_caps() {
                    None
                } else {
                    Some(after)
                }
            }
        }
    }

    /// The period at `i` follows a single lower-case letter that is a word of its own, not
    /// the first part of a spaced abbreviation: the next word is not another letter with a
    /// period ("z. B.", "a. D."), the two do not make a listed abbreviation ("v. Chr."), it is
    /// not between abbreviations ("Anm. d. Übers."), and it does not open the sentence (a list
    /// label: "a. The first item b. The second item").
    fn lone_letter(&self, i: usize, next: &Next, content: usize) -> bool {
        let Some(tok) = self.token_start(i) else {
            return false;
        };
        if self.at_start(content, tok) {
            return false;
        }
        let token = self.text[tok..i].trim_start_matches(is_opener);
        let mut chars = token.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return false;
        };
        let word = next.word.trim_end_matches('.');
        // Inside a chain of abbreviations ("Anm. d. Übers.") the letter is one of them.
        let chained =
            self.text[..tok].trim_end().ends_with('.') || self.rules.abbrev(word).is_some();
        c.is_lowercase()
            && word.chars().count() > 1
            && !chained
            && self.rules.abbrev(&format!("{c}.{word}")).is_none()
    }

    /// The word at `n` is followed by a finite verb: "Harlow has", "Müller sagte".
    fn subject_then_verb(&self, n: usize, end: usize) -> bool {
        let mut stop = (n + 2 * MAX_TOKEN).min(end);
        while !self.text.is_char_boundary(stop) {
            stop -= 1;
        }
        let mut words = self.text[n..stop].split_whitespace();
        let subject = words.next().unwrap_or_default();
        let mut letters = subject.chars();
        letters.next().is_some_and(char::is_uppercase)
            && letters.all(char::is_lowercase)
            && words
                .next()
                .is_some_and(|w| self.rules.is_verb(w.trim_end_matches([',', '.', ';', ':'])))
    }

    /// The period at `i` follows a single capital letter: an initial ("Sven P. Haller").
    fn initial(&self, i: usize) -> bool {
        let mut before = self.text[..i].chars().rev();
        before.next().is_some_and(char::is_uppercase)
            && before
                .next()
                .is_none_or(|c| c.is_whitespace() || is_opener(c))
    }

    /// What kind of abbreviation, if any, ends right before the period at `i`.
    fn abbreviation(&self, i: usize, content: usize) -> Option<Kind> {
        let text = self.text;
        let tok_start = self.token_start(i)?;
        let token = text[tok_start..i].trim_start_matches(|c: char| is_opener(c) || c == '-');
        if token.is_empty() {
            return None;
        }
        if let Some(k) = self.rules.abbrev(token) {
            return Some(k);
        }
        if self.lang == Lang::De && token.len() > 3 && token.ends_with("str") {
            return Some(Kind::Any); // street names: "Lindenstr. 14"
        }
        // Spaced multi-part abbreviations: "z. B", "u. a", "i. d. R".
        let mut key = token.to_string();
        let mut pos = tok_start;
        for _ in 0..3 {
            let Some(prev_end) = pos.checked_sub(1) else {
                break;
            };
            if text.as_bytes()[prev_end] != b' ' || prev_end == 0 {
                break;
            }
            if text.as_bytes()[prev_end - 1] != b'.' {
                break;
            }
            let Some(ps) = self.token_start(prev_end - 1) else {
                break;
            };
            let part = text[ps..prev_end - 1].trim_start_matches(is_opener);
            if part.is_empty() || part.chars().count() > 4 || !part.chars().all(char::is_alphabetic)
            {
                break;
            }
            key = format!("{part}.{key}");
            if let Some(k) = self.rules.abbrev(&key) {
                return Some(k);
            }
            pos = ps;
        }
        let mut parts = token.split('.');
        let single = |p: &str| p.chars().count() == 1 && p.chars().all(char::is_alphabetic);
        if token.contains('.') && parts.all(single) {
            return Some(Kind::Any); // an unlisted acronym: "U.S.A", "E.U"
        }
        let mut chars = token.chars();
        match (chars.next(), chars.next()) {
            // A letter alone is no sentence: "Q. What is his name? A. His name is ..."
            (Some(c), None) if c.is_uppercase() && self.at_start(content, tok_start) => {
                Some(Kind::Inner)
            }
            (Some(c), None) if c.is_uppercase() => Some(Kind::Any), // an initial: "E. Smith"
            (Some(c), None) if c.is_lowercase() => Some(Kind::Inner), // "s. oben"
            _ => None,
        }
    }

    /// Start of the white-space-delimited token ending at `i`; `None` when it is too long to be
    /// an abbreviation.
    fn token_start(&self, i: usize) -> Option<usize> {
        let text = self.text;
        let mut s = i;
        for (k, c) in text[..i].char_indices().rev() {
            if c.is_whitespace() {
                break;
            }
            if i - k > MAX_TOKEN {
                return None;
            }
            s = k;
        }
        Some(s)
    }

    /// The word before the number at `ds` ("vom" in "vom 12."), if it is near.
    fn word_before(&self, ds: usize) -> Option<&str> {
        let text = self.text;
        let mut from = ds.saturating_sub(40);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let head = &text[from..ds];
        let trimmed = head.trim_end();
        if trimmed.len() == head.len() {
            return None; // no space before the number
        }
        let w = trimmed
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .filter(|w| !w.is_empty())?;
        Some(w)
    }

    /// True when a quotation opened in this sentence, not long before `i`, is still open.
    fn in_quotation(&self, content: usize, i: usize) -> bool {
        let mut from = content.max(i.saturating_sub(400));
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        let mut depth = 0i32;
        let mut straight = false;
        for c in self.text[from..i].chars() {
            match c {
                '"' => straight = !straight,
                '“' if self.lang == Lang::En => depth += 1,
                '”' if self.lang == Lang::En => depth -= 1,
                '„' | '»' => depth += 1,
                '“' | '«' => depth -= 1,
                _ => {}
            }
        }
        depth > 0 || straight
    }

    /// True when only white space, bullets and openers stand between `content` and `pos`.
    fn at_start(&self, content: usize, pos: usize) -> bool {
        content >= pos
            || self.text[content..pos].chars().all(|c| {
                c.is_whitespace()
                    || is_opener(c)
                    || super::chars::is_bullet(c)
                    || super::chars::is_dash_bullet(c)
            })
    }

    /// How many words stand in `content..i`, counting no further than four.
    fn words_up_to(&self, content: usize, i: usize) -> usize {
        self.text[content.min(i)..i]
            .split_whitespace()
            .take(4)
            .count()
    }
}
