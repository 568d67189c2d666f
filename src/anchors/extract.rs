//! The extractor: reads each sentence's tokens once and turns them into anchor ids (numbers,
//! links, acronyms, names, lexicon concepts, cognates, quoted titles).

use super::concepts::{LexSide, Lexicon};
use super::fold::{fold_char, fold_word};
use super::names::match_names;
use super::numbers::{clock_word, is_group, number_weight, parse_number, NumCtx, NumberWords};
use super::tokens::{
    acronym_key, split_white, strip_elision, strip_possessive, trim_junk, trim_token,
    COGNATE_STOPS, COGNATE_STOP_MAX, OPENERS,
};
use super::*;

pub(super) struct Flat {
    /// Each sentence's words (folded, alphabetic), as indices into `vocab`: collected only when
    /// the pair has a translation dictionary.
    pub(super) words: Vec<u32>,
    pub(super) word_ends: Vec<usize>,
    pub(super) vocab: Vec<Box<str>>,
    /// Positions in `ids` of numbers read from words (`zwei`), when marked.
    pub(super) spelled: Vec<usize>,
    pub(super) ids: Vec<u32>,
    pub(super) ends: Vec<usize>,
}

/// How one side is read.
#[derive(Clone, Copy)]
pub(super) struct Side<'l> {
    /// English number format (`,` thousands, `.` decimals); otherwise the continental one.
    pub(super) english: bool,
    pub(super) lex: Option<&'l LexSide>,
    /// German: match lexicon forms inside compounds.
    pub(super) compounds: bool,
    /// French, Italian, …: `l'expédition` is `expédition`.
    pub(super) elision: bool,
    /// Number words of the side's language (`two`, `zwei`), read as numbers.
    pub(super) numbers: Option<&'static NumberWords>,
}

pub(super) struct Extractor {
    pub(super) table: Table,
    /// The lexicon if the pair is English-German; concept `c` has id `c`.
    pub(super) lex: Option<&'static Lexicon>,
    /// Scratch buffers, reused from word to word: a folded key, a number's digits.
    pub(super) key: String,
    pub(super) num: String,
    /// Number keys of the current token, one per line (see `parse_number`).
    pub(super) keys: String,
    pub(super) ids: Vec<u32>,
    pub(super) bit: u8,
    /// Collect each sentence's words for the translation dictionary.
    pub(super) collect_words: bool,
    /// Note where spelled numbers are (for the check's keys, which read them differently).
    pub(super) mark_spelled: bool,
    spelled: Vec<usize>,
    words: Vec<u32>,
    vocab: FxMap<Box<str>, u32>,
}

impl Extractor {
    pub(super) fn new(lex: Option<&'static Lexicon>) -> Extractor {
        let mut table = Table::default();
        if let Some(lex) = lex {
            // Concept c gets id c.
            for &w in &lex.weight {
                table.new_id(AnchorKind::Lexicon, w);
            }
        }
        Extractor {
            table,
            lex,
            key: String::new(),
            num: String::new(),
            keys: String::new(),
            ids: Vec::new(),
            bit: 0,
            collect_words: false,
            mark_spelled: false,
            spelled: Vec::new(),
            words: Vec::new(),
            vocab: FxMap::default(),
        }
    }

    #[inline]
    pub(super) fn push(&mut self, id: u32) {
        self.table.seen[id as usize] |= self.bit;
        self.ids.push(id);
    }

    pub(super) fn side(&mut self, sentences: &[&str], side: Side<'_>, bit: u8) -> Flat {
        self.bit = bit;
        let bytes: usize = sentences.iter().map(|s| s.len()).sum();
        self.ids = Vec::with_capacity(bytes / 8);
        let mut ends = Vec::with_capacity(sentences.len());
        let mut word_ends = Vec::new();
        let mut toks: Vec<&str> = Vec::new();
        for s in sentences {
            self.sentence(s, side, &mut toks);
            ends.push(self.ids.len());
            if self.collect_words {
                word_ends.push(self.words.len());
            }
        }
        let mut vocab: Vec<(Box<str>, u32)> = std::mem::take(&mut self.vocab).into_iter().collect();
        vocab.sort_unstable_by_key(|&(_, i)| i);
        Flat {
            ids: std::mem::take(&mut self.ids),
            ends,
            words: std::mem::take(&mut self.words),
            word_ends,
            vocab: vocab.into_iter().map(|(w, _)| w).collect(),
            spelled: std::mem::take(&mut self.spelled),
        }
    }

    pub(super) fn sentence<'s>(&mut self, s: &'s str, side: Side<'_>, toks: &mut Vec<&'s str>) {
        toks.clear();
        split_white(s, toks);
        self.quoted(s);
        let mut seen_word = false;
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            i += 1;
            let (core, after) = trim_token(t);
            if core.is_empty() {
                continue;
            }
            // One pass over the bytes decides which of the rarer paths can apply.
            let (mut link, mut whole) = (false, true);
            for &b in core.as_bytes() {
                link |= b == b'@' || b == b':';
                // Hyphens, slashes and dashes (`–`, `—` start with 0xE2) separate parts.
                whole &= b != b'-' && b != b'/' && b != 0xE2;
            }
            link |= core.len() > 4 && core.as_bytes()[..4].eq_ignore_ascii_case(b"www.");
            if link && self.link(core) {
                seen_word = true;
                continue;
            }
            // `12 500` in French or German: digit groups separated by (narrow) spaces.
            if !side.english && after.is_empty() && is_group(core, 1) {
                let used = self.grouped(core, &toks[i..]);
                if used > 0 {
                    i += used;
                    continue;
                }
            }
            if let Some(acronym) = acronym_key(core, &mut self.key) {
                let acronym = acronym.to_string();
                self.acronym(&acronym, side);
                seen_word = true;
                continue;
            }
            // `twenty-five` is one number, not twenty and five.
            if !whole {
                if let Some(v) = side.numbers.and_then(|n| n.hyphenated(core)) {
                    self.spelled(v);
                    seen_word = true;
                    continue;
                }
            }
            let seps: &[char] = if whole {
                &[]
            } else {
                &['-', '–', '—', '/']
            };
            let mut parts = core.split(seps).peekable();
            while let Some(part) = parts.next() {
                let part = if whole { part } else { trim_junk(part) };
                let part = strip_possessive(part);
                let part = if side.elision {
                    strip_elision(part)
                } else {
                    part
                };
                let Some(c0) = part.chars().next() else {
                    continue;
                };
                if c0.is_ascii_digit() {
                    let mut ctx = NumCtx::default();
                    if parts.peek().is_none() {
                        ctx.dot_after = after.starts_with('.');
                        if let Some(next) = toks.get(i) {
                            clock_word(trim_token(next).0, side.english, &mut ctx);
                        }
                    }
                    self.number(part, side.english, ctx);
                } else if c0.is_alphabetic() {
                    // A whole token was already tried as an acronym above.
                    let acronym = if whole && part.len() == core.len() {
                        None
                    } else {
                        acronym_key(part, &mut self.key)
                    };
                    if let Some(acronym) = acronym {
                        let acronym = acronym.to_string();
                        self.acronym(&acronym, side);
                    } else {
                        self.word(part, !seen_word, side);
                    }
                    seen_word = true;
                }
            }
        }
    }

    /// URLs and e-mail addresses; true if `core` was one.
    pub(super) fn link(&mut self, core: &str) -> bool {
        if core.len() < 5 {
            return false;
        }
        let b = core.as_bytes();
        let url = core.contains("://") || b[..4].eq_ignore_ascii_case(b"www.");
        let email = !url
            && memchr::memchr(b'@', b).is_some_and(|at| {
                at > 0 && core[at + 1..].contains('.') && !core[at + 1..].contains('@')
            });
        if !url && !email {
            return false;
        }
        self.key.clear();
        self.key.push_str(&core.to_lowercase());
        let mut k = self.key.as_str();
        if url {
            if let Some(p) = k.find("://") {
                k = &k[p + 3..];
            }
            k = k.strip_prefix("www.").unwrap_or(k);
        } else {
            k = k.strip_prefix("mailto:").unwrap_or(k);
        }
        let k = k
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        if k.is_empty() {
            return true;
        }
        let kind = if url {
            AnchorKind::Url
        } else {
            AnchorKind::Email
        };
        let prefix = if url { "u:" } else { "e:" };
        let id = self
            .table
            .intern(Space::Words, &format!("{prefix}{k}"), kind, W_LINK);
        self.push(id);
        true
    }

    /// French/German digit groups: `core` has 1–3 digits and the next tokens 3 each (the last
    /// possibly with decimals: `12 500,50`). Returns how many following tokens were used.
    pub(super) fn grouped(&mut self, core: &str, rest: &[&str]) -> usize {
        let mut joined = String::from(core);
        let mut used = 0;
        for t in rest {
            let b = t.as_bytes();
            if b.len() < 3 || !b[..3].iter().all(u8::is_ascii_digit) {
                break;
            }
            if b.len() > 3 && b[3].is_ascii_digit() {
                break;
            }
            joined.push_str(&t[..3]);
            used += 1;
            if b.len() > 3 {
                // Decimals or trailing punctuation end the number.
                let tail = &t[3..];
                if let Some(dec) = tail.strip_prefix(',') {
                    let digits: String = dec.chars().take_while(char::is_ascii_digit).collect();
                    if !digits.is_empty() {
                        joined.push(',');
                        joined.push_str(&digits);
                    }
                }
                break;
            }
        }
        if used > 0 {
            self.number(&joined, false, NumCtx::default());
        }
        used
    }

    pub(super) fn acronym(&mut self, key: &str, side: Side<'_>) {
        let id = self
            .table
            .intern(Space::Words, key, AnchorKind::Acronym, W_ACRONYM);
        self.push(id);
        // `USA` and `US`, `AI` and `KI` are the same thing.
        if let Some(lex) = side.lex {
            self.key.clear();
            self.key.push_str(&key.to_lowercase());
            let mut found = [NONE; 3];
            lex.lookup(&self.key, true, side.english, false, &mut found);
            if found[0] != NONE {
                self.push(found[0]);
            }
        }
    }

    /// A word starting with a letter: lexicon concept, name, cognate.
    pub(super) fn word(&mut self, w: &str, first: bool, side: Side<'_>) {
        self.key.clear();
        let Some(chars) = fold_word(w, false, &mut self.key) else {
            return;
        };
        if self.collect_words && chars >= 2 {
            let next = self.vocab.len() as u32;
            let id = match self.vocab.get(self.key.as_str()) {
                Some(&id) => id,
                None => {
                    self.vocab.insert(self.key.as_str().into(), next);
                    next
                }
            };
            self.words.push(id);
        }
        if let Some(v) = side.numbers.and_then(|n| n.value(&self.key)) {
            self.spelled(v);
        }
        let mut it = w.chars();
        let capital = it.next().is_some_and(char::is_uppercase);
        if let Some(lex) = side.lex {
            let mut found = [NONE; 3];
            lex.lookup(&self.key, capital, side.english, side.compounds, &mut found);
            for c in found {
                if c != NONE {
                    self.push(c);
                }
            }
        }
        if capital
            && chars >= 3
            && it.any(char::is_lowercase)
            && !(first && OPENERS.contains(self.key.as_str()))
        {
            let id = self
                .table
                .intern(Space::Names, &self.key, AnchorKind::Name, W_NAME);
            self.push(id);
            if !first {
                self.table.seen[id as usize] |= INNER;
            }
        }
        if chars >= COGNATE_MIN_CHARS
            && !(self.key.len() <= *COGNATE_STOP_MAX && COGNATE_STOPS.contains(self.key.as_str()))
        {
            let end = self
                .key
                .char_indices()
                .nth(COGNATE_PREFIX)
                .map_or(self.key.len(), |(i, _)| i);
            let id = self.table.intern(
                Space::Cognates,
                &self.key[..end],
                AnchorKind::Cognate,
                W_COGNATE,
            );
            self.push(id);
            // A long shared stem is near-certain: "Kindergartens"/"Kindergärten",
            // "Ingenieure"/"engineers" do not, "Hochwasserschutz"/"Hochwasserplan" do.
            if chars >= STEM_MIN_CHARS {
                let end = self
                    .key
                    .char_indices()
                    .nth(STEM_PREFIX)
                    .map_or(self.key.len(), |(i, _)| i);
                let id = self.table.intern(
                    Space::Cognates,
                    &self.key[..end],
                    AnchorKind::Cognate,
                    W_STEM,
                );
                self.push(id);
            }
        }
    }

    /// A number written as a word (`zwei`, `dozen`, `Milliarde`): the same key as its digits.
    fn spelled(&mut self, v: u64) {
        if self.mark_spelled {
            self.spelled.push(self.ids.len());
        }
        let key = v.to_string();
        let id = self.table.intern(
            Space::Numbers,
            &key,
            AnchorKind::Number,
            number_weight(&key),
        );
        self.push(id);
    }

    /// A token part starting with a digit.
    pub(super) fn number(&mut self, p: &str, english: bool, mut ctx: NumCtx) {
        self.num.clear();
        let mut end = p.len();
        for (i, c) in p.char_indices() {
            match c {
                '0'..='9' | '.' | ',' | ':' => self.num.push(c),
                '\'' | '’' => self.num.push('\''),
                _ => {
                    end = i;
                    break;
                }
            }
        }
        while self.num.ends_with(|c: char| !c.is_ascii_digit()) {
            if self.num.ends_with('.') {
                ctx.dot_after = true;
            }
            self.num.pop();
        }
        let tail = &p[end..];
        if !tail.is_empty() {
            clock_word(tail, english, &mut ctx);
            // French `9h30`: a time.
            if !english && !self.num.contains([':', '.', ',']) {
                if let Some(min) = tail.strip_prefix('h') {
                    if min.len() == 2 && min.bytes().all(|b| b.is_ascii_digit()) {
                        self.num.push(':');
                        self.num.push_str(min);
                    }
                }
            }
        }
        let num = std::mem::take(&mut self.num);
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        parse_number(&num, english, ctx, &mut keys);
        for line in keys.lines() {
            let (tag, key) = line.split_at(1);
            match tag {
                "N" => {
                    let id = self.table.intern(
                        Space::Numbers,
                        key,
                        AnchorKind::Number,
                        number_weight(key),
                    );
                    self.push(id);
                }
                _ => {
                    // Month of a numeric date.
                    let month: usize = key.parse().unwrap_or(0);
                    if let Some(lex) = self.lex {
                        if (1..=12).contains(&month) && lex.months[month - 1] != NONE {
                            self.push(lex.months[month - 1]);
                        }
                    }
                }
            }
        }
        self.keys = keys;
        self.num = num;
    }

    /// Text in quotation marks that looks like a title or name.
    pub(super) fn quoted(&mut self, s: &str) {
        let b = s.as_bytes();
        // Quotation marks are `"` or multi-byte characters starting with 0xC2 or 0xE2.
        if memchr::memchr3(b'"', 0xC2, 0xE2, b).is_none() {
            return;
        }
        let mut i = 0;
        while let Some(at) = memchr::memchr3(b'"', 0xC2, 0xE2, &b[i..]) {
            let at = i + at;
            let Some(c) = s[at..].chars().next() else {
                break;
            };
            let open_end = at + c.len_utf8();
            i = open_end;
            let closers: &[char] = match c {
                '"' => &['"'],
                '“' => &['”'],
                '„' => &['“', '”'],
                '»' => &['«'],
                '«' => &['»'],
                '‚' => &['‘', '’'],
                '‘' => &['’'],
                _ => continue,
            };
            let mut limit = (open_end + QUOTED_MAX_BYTES).min(s.len());
            while !s.is_char_boundary(limit) {
                limit -= 1;
            }
            let Some(rel) = s[open_end..limit].find(closers) else {
                continue;
            };
            let inner = &s[open_end..open_end + rel];
            let close_len = s[open_end + rel..].chars().next().map_or(1, char::len_utf8);
            i = open_end + rel + close_len;
            self.title(inner);
        }
    }

    pub(super) fn title(&mut self, inner: &str) {
        self.key.clear();
        let (mut words, mut capitalised) = (0, 0);
        for w in inner.split_whitespace() {
            let w = trim_junk(w);
            if w.is_empty() {
                continue;
            }
            words += 1;
            if words > QUOTED_MAX_WORDS {
                return;
            }
            if w.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
                capitalised += 1;
            }
            if !self.key.is_empty() {
                self.key.push(' ');
            }
            for c in w.chars().filter(|c| c.is_alphanumeric()) {
                for l in c.to_lowercase() {
                    fold_char(l, &mut self.key);
                }
            }
        }
        if words == 0 || capitalised * 2 < words || !self.key.chars().any(char::is_alphabetic) {
            return;
        }
        let key = format!("q:{}", self.key);
        let id = self
            .table
            .intern(Space::Words, &key, AnchorKind::Quoted, W_QUOTED);
        self.push(id);
    }

    /// Matches names across sides, drops one-sided ids, renumbers and builds the lists.
    pub(super) fn finish(self, src: &Flat, tgt: &Flat) -> PairAnchors {
        let table = self.table;
        let n = table.kind.len();
        let mut remap: Vec<u32> = (0..n as u32).collect();
        for (from, to) in match_names(&table) {
            remap[from as usize] = to;
        }
        let mut sides = vec![0u8; n];
        for (p, &s) in table.seen.iter().enumerate() {
            sides[p] |= s & SRC;
            if s & TGT != 0 {
                sides[remap[p] as usize] |= TGT;
            }
        }
        let mut final_id = vec![NONE; n];
        let (mut weight, mut kind) = (Vec::new(), Vec::new());
        for p in 0..n {
            if sides[p] == SRC | TGT {
                final_id[p] = weight.len() as u32;
                weight.push(table.weight[p]);
                kind.push(table.kind[p]);
            }
        }
        for p in 0..n {
            remap[p] = final_id[remap[p] as usize];
        }
        PairAnchors {
            src: lists(src, &final_id),
            tgt: lists(tgt, &remap),
            owner: vec![0; weight.len()],
            src_base: vec![0.0; src.ends.len()],
            tgt_base: vec![0.0; tgt.ends.len()],
            keys: None,
            weight,
            kind,
        }
    }
}
