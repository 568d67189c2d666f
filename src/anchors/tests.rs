//! Tests of the anchors of a pair: numbers, acronyms, links, names, lexicon words, cognates.

use super::names::*;
use super::tokens::*;
use super::*;

/// Ids shared by source sentence `s` and target sentence `t`.
fn shared(a: &PairAnchors, s: usize, t: usize) -> Vec<u32> {
    a.src
        .get(s)
        .iter()
        .copied()
        .filter(|id| a.tgt.get(t).contains(id))
        .collect()
}

fn kinds(a: &PairAnchors, ids: &[u32]) -> Vec<AnchorKind> {
    ids.iter().map(|&i| a.kind[i as usize]).collect()
}

fn pair(en: &str, de: &str) -> PairAnchors {
    pair_anchors(&[en], &[de], LangPair::EN_DE)
}

fn has(a: &PairAnchors, kind: AnchorKind) -> bool {
    kinds(a, &shared(a, 0, 0)).contains(&kind)
}

fn numbers(text: &str, lang: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut ex = Extractor::new(None);
    let side = Side {
        english: lang == "en",
        lex: None,
        compounds: false,
        elision: false,
        numbers: None,
    };
    ex.side(&[text], side, SRC);
    let mut entries: Vec<(&str, u32)> = ex.table.spaces[Space::Numbers as usize].iter().collect();
    entries.sort_by_key(|&(_, id)| id);
    for (k, _) in entries {
        keys.push(k.to_string());
    }
    keys
}

#[test]
fn number_formats() {
    assert_eq!(numbers("It cost 260,000 dollars.", "en"), ["260000"]);
    assert_eq!(numbers("Es kostete 260.000 Dollar.", "de"), ["260000"]);
    assert_eq!(numbers("3.5 and $1.2bn", "en"), ["3.5", "1.2"]);
    assert_eq!(numbers("3,5 und 3.500 und 3.50", "de"), ["3.5", "3500"]);
    assert_eq!(numbers("5.300,25 Euro", "de"), ["5300.25"]);
    assert_eq!(numbers("€5,300.25", "en"), ["5300.25"]);
    assert_eq!(numbers("3,500 and 3,5", "en"), ["3500", "3.5"]);
    assert_eq!(
        numbers("at 9:30 a.m. and 2 p.m.", "en"),
        ["9:30", "2", "14"]
    );
    assert_eq!(numbers("um 9.30 Uhr", "de"), ["9:30"]);
    assert_eq!(numbers("at 2:30 p.m.", "en"), ["14:30"]);
    assert_eq!(numbers("à 9h30", "fr"), ["9:30"]);
    assert_eq!(numbers("am 3. Oktober und am 01. Mai", "de"), ["3", "1"]);
    assert_eq!(numbers("the 3rd, 21st and 4th", "en"), ["3", "21", "4"]);
    assert_eq!(numbers("11.4% and 11.4 percent", "en"), ["11.4"]);
    assert_eq!(numbers("11,4 % oder 11,4 Prozent", "de"), ["11.4"]);
    assert_eq!(
        numbers("mid-2022, 2019-2021 and 2019–2021", "en"),
        ["2022", "2019", "2021"]
    );
    assert_eq!(numbers("12 500 personnes", "fr"), ["12500"]);
    assert_eq!(numbers("12\u{202f}500,5 €", "fr"), ["12500.5"]);
    assert_eq!(numbers("1 234 567 Menschen", "de"), ["1234567"]);
    assert_eq!(numbers("Im Jahr 2020 130 Menschen", "de"), ["2020", "130"]);
    assert_eq!(numbers("call 0301234567", "en"), ["0301234567"]);
    assert_eq!(numbers("the 1990s", "en"), ["1990"]);
    assert_eq!(numbers("version 1.2.3", "en"), ["1.2.3"]);
}

#[test]
fn numeric_dates_give_day_month_and_year() {
    let a = pair("on October 3, 2022", "am 03.10.2022");
    let ids = shared(&a, 0, 0);
    assert_eq!(ids.len(), 3, "{:?}", kinds(&a, &ids));
    assert!(has(&a, AnchorKind::Lexicon));
}

#[test]
fn numbers_meet_across_languages() {
    let cases = [
        (
            "About 260,000 people were affected.",
            "Etwa 260.000 Menschen waren betroffen.",
        ),
        ("It rose 3.5 points.", "Er stieg um 3,5 Punkte."),
        (
            "It cost €5,300.25 in total.",
            "Es kostete insgesamt 5.300,25 Euro.",
        ),
        (
            "The meeting began at 9:30 a.m. sharp.",
            "Die Sitzung begann um 9.30 Uhr.",
        ),
        (
            "Prices rose by 11.4%.",
            "Die Preise stiegen um 11,4 Prozent.",
        ),
        (
            "The plan is due by mid-2022.",
            "Der Plan soll bis Mitte 2022 stehen.",
        ),
    ];
    for (en, de) in cases {
        let a = pair(en, de);
        let ids = shared(&a, 0, 0);
        assert!(
            kinds(&a, &ids).contains(&AnchorKind::Number),
            "{en:?} / {de:?}: {:?}",
            kinds(&a, &ids)
        );
    }
}

#[test]
fn dates_share_number_and_month() {
    let a = pair(
        "The vote is on October 3.",
        "Die Abstimmung ist am 3. Oktober.",
    );
    let k = kinds(&a, &shared(&a, 0, 0));
    assert!(k.contains(&AnchorKind::Number), "{k:?}");
    assert!(k.contains(&AnchorKind::Lexicon), "{k:?}");
}

#[test]
fn one_sided_ids_are_dropped_and_small_numbers_are_weak() {
    let a = pair_anchors(
        &["Chapter 1 counts 260,000 words.", "There were 77 of them."],
        &["Kapitel 1 zählt 260.000 Wörter.", "Es waren viele."],
        LangPair::EN_DE,
    );
    // `77` has no partner: no id anywhere.
    assert!(a.src.get(1).is_empty(), "{:?}", kinds(&a, a.src.get(1)));
    for (id, k) in a.kind.iter().enumerate() {
        let id = id as u32;
        assert!(a.src.iter().any(|l| l.contains(&id)), "{k:?} not in src");
        assert!(a.tgt.iter().any(|l| l.contains(&id)), "{k:?} not in tgt");
    }
    let ids = shared(&a, 0, 0);
    let num: Vec<f32> = ids
        .iter()
        .filter(|&&i| a.kind[i as usize] == AnchorKind::Number)
        .map(|&i| a.weight[i as usize])
        .collect();
    assert_eq!(num.len(), 2);
    // Ids follow first occurrence, so `1` comes first; it counts for less than `260000`.
    assert_eq!(num, [W_SMALL_NUMBER, W_NUMBER]);
    assert!(num[0] < num[1]);
    assert!(a.weight.iter().all(|&w| w > 0.0));
}

#[test]
fn lists_are_sorted_and_deduplicated() {
    let a = pair(
        "OFAC, OFAC and OFAC met 2022 in 2022 in Washington.",
        "OFAC und OFAC trafen sich 2022 in Washington.",
    );
    for l in a.src.iter().chain(a.tgt.iter()) {
        assert!(l.windows(2).all(|w| w[0] < w[1]), "{l:?}");
    }
    // OFAC, 2022, the name Washington and its two cognate keys (prefix and long stem).
    assert_eq!(a.src.get(0).len(), 5, "{:?}", kinds(&a, a.src.get(0)));
}

#[test]
fn acronyms() {
    let a = pair("OFAC said so.", "Laut OFAC ist das so.");
    assert!(has(&a, AnchorKind::Acronym));
    let a = pair("The U.S. agreed.", "Die US-Regierung stimmte zu.");
    assert!(has(&a, AnchorKind::Acronym));
    let a = pair("COVID-19 spread.", "COVID-19 breitete sich aus.");
    assert!(has(&a, AnchorKind::Acronym));
    let mut buf = String::new();
    assert_eq!(acronym_key("U.S.", &mut buf), Some("US"));
    assert_eq!(acronym_key("COVID-19", &mut buf), Some("COVID19"));
    assert_eq!(acronym_key("G7", &mut buf), Some("G7"));
    assert_eq!(acronym_key("THE", &mut buf), None);
    assert_eq!(acronym_key("Fbi", &mut buf), None);
    assert_eq!(acronym_key("A", &mut buf), None);
    // German `USA` for English `US`: the lexicon joins them.
    let a = pair("The US responded.", "Die USA reagierten.");
    assert!(has(&a, AnchorKind::Lexicon));
}

#[test]
fn lexicon_and_names() {
    let a = pair(
        "Officials in California warned of “Flax Typhoon”.",
        "Behörden in Kalifornien warnten vor „Flax Typhoon“.",
    );
    let k = kinds(&a, &shared(&a, 0, 0));
    assert!(k.contains(&AnchorKind::Lexicon), "{k:?}");
    assert!(k.contains(&AnchorKind::Quoted), "{k:?}");
    assert!(k.contains(&AnchorKind::Name), "{k:?}");
    // Inflection and compounds; `-er` only inflects adjectives.
    let a = pair("the storm", "der Stürmer");
    assert!(!has(&a, AnchorKind::Lexicon));
    let a = pair("French wine", "französischer Wein");
    assert!(has(&a, AnchorKind::Lexicon));
    let a = pair(
        "Police closed the bridge.",
        "Die Polizeisprecherin sprach von der Brücke.",
    );
    assert_eq!(kinds(&a, &shared(&a, 0, 0)), [AnchorKind::Lexicon; 2]);
    let a = pair("the foreign ministry", "das Außenministeriums");
    assert_eq!(kinds(&a, &shared(&a, 0, 0)), [AnchorKind::Lexicon; 2]);
    let a = pair("German exports", "deutschen Exporte");
    assert!(has(&a, AnchorKind::Lexicon));
    // `may` the verb is not the month.
    let a = pair("It may rain.", "Im Mai regnet es.");
    assert!(!has(&a, AnchorKind::Lexicon));
    // Not for other pairs.
    let a = pair_anchors(
        &["Kalifornien"],
        &["California"],
        "de,fr".parse::<LangPair>().unwrap(),
    );
    assert!(a.kind.is_empty());
}

#[test]
fn lexicon_file_is_consistent() {
    let lex = &*LEXICON;
    assert!(lex.weight.len() >= 250, "{}", lex.weight.len());
    assert!(lex.months.iter().all(|&m| m != NONE));
    assert_eq!(
        lex.en.forms.get("october").map(|f| f.0),
        lex.de.forms.get("oktober").map(|f| f.0)
    );
}

#[test]
fn links() {
    let a = pair(
        "See https://www.example.com/report. or write to press@example.org.",
        "Siehe www.example.com/report oder schreiben Sie an Press@Example.org!",
    );
    let k = kinds(&a, &shared(&a, 0, 0));
    assert!(k.contains(&AnchorKind::Url), "{k:?}");
    assert!(k.contains(&AnchorKind::Email), "{k:?}");
}

#[test]
fn names_match_fuzzily_but_not_loosely() {
    let a = pair(
        "Mayor Keller’s plan failed.",
        "Bürgermeister Kellers Plan scheiterte.",
    );
    assert!(has(&a, AnchorKind::Name));
    let a = pair(
        "Then Navalny was arrested.",
        "Dann wurde Nawalny verhaftet.",
    );
    assert!(has(&a, AnchorKind::Name));
    let a = pair("Then Müller spoke.", "Es sprach Mueller.");
    assert!(has(&a, AnchorKind::Name));
    let a = pair("Then Smith spoke.", "Es sprach Meier.");
    assert!(shared(&a, 0, 0).is_empty());
    // Sentence openers are not names.
    let a = pair("Also, it rained.", "Also regnete es.");
    assert!(shared(&a, 0, 0).is_empty());
    // A capitalised first word is matched only exactly: it is often an ordinary word.
    let a = pair("Pumping stopped.", "Die Pumpen standen still.");
    assert!(shared(&a, 0, 0).is_empty());
    let a = pair("Keller agreed.", "Dem stimmte Keller zu.");
    assert!(has(&a, AnchorKind::Name));
}

#[test]
fn name_matching_blocks_and_bound() {
    let e = |s| name_entry(s, 0);
    // The bound never undercuts the real similarity.
    for (x, y) in [
        ("kellers", "keller"),
        ("lindenstrasse", "lindenstr"),
        ("hamburg", "hamburger"),
    ] {
        assert!(jw_bound(&e(x), &e(y)) + 1e-9 >= strsim::jaro_winkler(x, y));
    }
    assert_eq!(without_third("navalny").as_deref(), Some("naalny"));
    assert_eq!(without_third("nawalny").as_deref(), Some("naalny"));
    assert_eq!(without_third("ab"), None);
}

#[test]
fn other_language_pairs() {
    let a = pair_anchors(
        &["Die Expedition zählte 12.500 Teilnehmer."],
        &["L'expédition comptait 12\u{a0}500 participants."],
        "de,fr".parse::<LangPair>().unwrap(),
    );
    let k = kinds(&a, &shared(&a, 0, 0));
    assert!(k.contains(&AnchorKind::Number), "{k:?}");
    assert!(k.contains(&AnchorKind::Cognate), "{k:?}");
    assert!(!k.contains(&AnchorKind::Lexicon));
}

#[test]
fn more_lexicon_cases() {
    // Weekday inside a German compound, plural and possessive in English.
    let a = pair("on Tuesday evening", "am Dienstagabend");
    assert!(has(&a, AnchorKind::Lexicon));
    let a = pair("Germany's hospitals", "die Krankenhäuser");
    assert!(has(&a, AnchorKind::Lexicon));
    // Either direction, and regional language tags.
    let a = pair_anchors(
        &["Die Polizei kam."],
        &["The police came."],
        "de-AT,en-GB".parse::<LangPair>().unwrap(),
    );
    assert!(has(&a, AnchorKind::Lexicon));
}

#[test]
fn french_groups_with_plain_spaces() {
    let a = pair_anchors(
        &["Sie zählten 12.500 Stimmen."],
        &["Ils ont compté 12 500 voix."],
        "de,fr".parse::<LangPair>().unwrap(),
    );
    assert!(has(&a, AnchorKind::Number));
}

#[test]
fn empty_inputs() {
    let a = pair_anchors(&[], &[""], LangPair::EN_DE);
    assert!(a.src.is_empty());
    assert_eq!(a.tgt.len(), 1);
    assert!(a.tgt.get(0).is_empty());
    assert!(a.weight.is_empty() && a.kind.is_empty());
}

#[test]
fn number_words_meet_digits_across_languages() {
    let a = pair(
        "Two dozen boats and twenty-five trucks cost 3 billion euros.",
        "24 Boote und fünfundzwanzig Lastwagen kosteten drei Milliarden Euro.",
    );
    let shared: Vec<u32> = shared(&a, 0, 0)
        .into_iter()
        .filter(|&id| a.kind[id as usize] == AnchorKind::Number)
        .collect();
    // Shared: twenty-five = fünfundzwanzig, 3 = drei, billion = Milliarde (10^9). "Two
    // dozen" is read word by word (2, 12) and does not meet 24.
    assert_eq!(shared.len(), 3, "{:?}", kinds(&a, &shared));
    // The German `Billion` is a thousand times more than the English `billion`.
    let b = pair("It costs a billion.", "Es kostet eine Billion.");
    assert!(!has(&b, AnchorKind::Number));
}
