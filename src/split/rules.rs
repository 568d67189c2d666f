//! The rule data the splitter consults: abbreviations, sentence starters, function words,
//! month names and nouns that follow German ordinals.
//!
//! The lists live in `data/*.txt`, included at compile time, so that a linguist can extend them
//! without reading Rust and the binary still needs no files at run time.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::lang::Lang;

/// How an abbreviation behaves at a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Stands before a name or title (`Dr.`, `Mr.`, `Prof.`): never ends a sentence.
    Prefix,
    /// An abbreviation only when a number follows (`No. 5`, `S. 225`); otherwise a plain word.
    Number,
    /// Occurs only inside a sentence (`e.g.`, `z. B.`, `bzw.`).
    Inner,
    /// Usually inside, but may end a sentence (`Inc.`, `U.S.`, `usw.`): ends one only when a
    /// typical sentence starter follows.
    Any,
    /// Often ends a sentence (`a.m.`, `etc.`): ends one before any capitalised word, unless
    /// the sentence would be a fragment of three words or fewer.
    Final,
}

/// All lists for one language.
#[derive(Debug, Default)]
pub struct Rules {
    abbrev: HashMap<String, Kind>,
    starters: HashSet<String>,
    continuation: HashSet<String>,
    months: HashSet<String>,
    ordinal_nouns: HashSet<String>,
    verbs: HashSet<String>,
}

fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn lower_set(data: &'static str) -> HashSet<String> {
    entries(data).map(str::to_lowercase).collect()
}

fn parse_abbrev(data: &'static str) -> HashMap<String, Kind> {
    entries(data)
        .map(|line| {
            let mut parts = line.split_whitespace();
            let word = parts.next().expect("non-empty line");
            let kind = match parts.next() {
                Some("prefix") => Kind::Prefix,
                Some("number") => Kind::Number,
                Some("inner") => Kind::Inner,
                Some("any") => Kind::Any,
                Some("final") => Kind::Final,
                other => panic!("abbreviation list: bad kind {other:?} in line {line:?}"),
            };
            (word.trim_end_matches('.').to_lowercase(), kind)
        })
        .collect()
}

impl Rules {
    fn build(
        abbrev: &'static str,
        starters: &'static str,
        continuation: &'static str,
        months: &'static str,
        ordinal_nouns: &'static str,
        verbs: &'static str,
    ) -> Rules {
        Rules {
            abbrev: parse_abbrev(abbrev),
            starters: entries(starters).map(str::to_string).collect(),
            continuation: lower_set(continuation),
            months: lower_set(months),
            ordinal_nouns: lower_set(ordinal_nouns),
            verbs: lower_set(verbs),
        }
    }

    /// The rules for `lang`, parsed once per process.
    pub fn get(lang: Lang) -> &'static Rules {
        static EN: LazyLock<Rules> = LazyLock::new(|| {
            Rules::build(
                include_str!("../../data/abbrev-en.txt"),
                include_str!("../../data/starters-en.txt"),
                include_str!("../../data/continuation-en.txt"),
                include_str!("../../data/months-en.txt"),
                // German league and century names turn up in English news ("2. Bundesliga").
                include_str!("../../data/ordinal-nouns-de.txt"),
                include_str!("../../data/verbs-en.txt"),
            )
        });
        static DE: LazyLock<Rules> = LazyLock::new(|| {
            Rules::build(
                include_str!("../../data/abbrev-de.txt"),
                include_str!("../../data/starters-de.txt"),
                include_str!("../../data/continuation-de.txt"),
                include_str!("../../data/months-de.txt"),
                include_str!("../../data/ordinal-nouns-de.txt"),
                include_str!("../../data/verbs-de.txt"),
            )
        });
        match lang {
            Lang::En => &EN,
            Lang::De => &DE,
        }
    }

    /// Looks up an abbreviation written without its final period, any case (`u.s`, `Dr`).
    pub fn abbrev(&self, word: &str) -> Option<Kind> {
        if word.bytes().all(|b| b.is_ascii_lowercase() || b == b'.') {
            return self.abbrev.get(word).copied();
        }
        self.abbrev.get(&word.to_lowercase()).copied()
    }

    /// A word that typically opens a sentence (`The`, `Die`), exact case.
    pub fn is_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }

    /// A function word after which neither a sentence nor a headline can end (`the`, `der`).
    pub fn is_continuation(&self, word: &str) -> bool {
        self.continuation.contains(&word.to_lowercase())
    }

    /// A finite verb that typically follows a subject (`has`, `sagte`), exact lower case.
    pub fn is_verb(&self, word: &str) -> bool {
        self.verbs.contains(word)
    }

    /// A month name or its abbreviation.
    pub fn is_month(&self, word: &str) -> bool {
        self.months.contains(&word.to_lowercase())
    }

    /// A noun that typically follows a German ordinal (`Bundesliga`, `Jh`), also inflected
    /// (`Jahrhunderts`) or as the head of a compound (`Jubiläumsjahr`).
    pub fn is_ordinal_noun(&self, word: &str) -> bool {
        if word.is_empty() || !word.starts_with(char::is_uppercase) {
            return false;
        }
        let w = word.to_lowercase();
        let stems = [
            Some(w.as_str()),
            w.strip_suffix("es"),
            w.strip_suffix('s'),
            w.strip_suffix("en"),
            w.strip_suffix('n'),
        ];
        if stems
            .into_iter()
            .flatten()
            .any(|s| self.ordinal_nouns.contains(s))
        {
            return true;
        }
        // Compounds: the last noun carries the meaning ("Jubiläums|jahr", "Heim|spieltag").
        w.char_indices().skip(1).any(|(k, _)| {
            let tail = &w[k..];
            tail.chars().count() >= 4 && self.ordinal_nouns.contains(tail)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse_and_hold_the_basics() {
        let en = Rules::get(Lang::En);
        assert_eq!(en.abbrev("Dr"), Some(Kind::Prefix));
        assert_eq!(en.abbrev("u.s"), Some(Kind::Any));
        assert_eq!(en.abbrev("U.S.A"), Some(Kind::Any));
        assert_eq!(en.abbrev("e.g"), Some(Kind::Inner));
        assert_eq!(en.abbrev("No"), Some(Kind::Number));
        assert!(en.is_starter("The"));
        assert!(en.is_continuation("the"));
        let de = Rules::get(Lang::De);
        assert_eq!(de.abbrev("z.B"), Some(Kind::Inner));
        assert_eq!(de.abbrev("bzw"), Some(Kind::Inner));
        assert_eq!(de.abbrev("Nr"), Some(Kind::Number));
        assert!(de.is_month("Oktober"));
        assert!(de.is_ordinal_noun("Bundesliga"));
        assert!(de.is_continuation("vom"));
    }
}
