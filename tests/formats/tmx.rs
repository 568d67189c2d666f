//! TMX read back by an XML parser (quick-xml) and compared with the CSV rows, unit by unit.

use super::*;

/// One `<tu>` as read back: its props, and (xml:lang, seg) per `<tuv>`.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Tu {
    pub(super) doc: String,
    score: String,
    tuvs: Vec<(String, String)>,
}

/// Parses TMX with quick-xml, resolving references as an XML parser would, and checks the
/// frame (declaration, `<tmx>`, `<header>`).
pub(super) fn read_tmx(bytes: &[u8]) -> (Vec<(String, String)>, Vec<Tu>) {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(bytes).unwrap();
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        "{text}"
    );
    let mut r = quick_xml::Reader::from_str(text);
    let mut header = Vec::new();
    let mut tus: Vec<Tu> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut prop = String::new();
    let mut buf = String::new();
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> String {
        e.try_get_attribute(name)
            .unwrap()
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .unwrap()
                    .into_owned()
            })
            .unwrap_or_default()
    };
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                match name.as_str() {
                    "tmx" => assert_eq!(attr(&e, "version"), "1.4"),
                    "tu" => tus.push(Tu::default()),
                    "tuv" => tus
                        .last_mut()
                        .unwrap()
                        .tuvs
                        .push((attr(&e, "xml:lang"), String::new())),
                    "prop" => prop = attr(&e, "type"),
                    _ => {}
                }
                buf.clear();
                path.push(name);
            }
            Event::Empty(e) => {
                assert_eq!(e.name().as_ref(), b"header");
                assert_eq!(path, ["tmx"]);
                for a in e.attributes() {
                    let a = a.unwrap();
                    header.push((
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                            .unwrap()
                            .into_owned(),
                    ));
                }
            }
            Event::Text(t) => buf.push_str(&t.xml10_content().unwrap()),
            Event::GeneralRef(g) => match g.resolve_char_ref().unwrap() {
                Some(c) => buf.push(c),
                None => buf.push_str(
                    quick_xml::escape::resolve_predefined_entity(&g.decode().unwrap()).unwrap(),
                ),
            },
            Event::End(e) => {
                let name = path.pop().unwrap();
                assert_eq!(e.name().as_ref(), name.as_bytes());
                match name.as_str() {
                    "seg" => tus.last_mut().unwrap().tuvs.last_mut().unwrap().1 = buf.clone(),
                    "prop" if prop == "x-doc" => tus.last_mut().unwrap().doc = buf.clone(),
                    "prop" if prop == "x-score" => tus.last_mut().unwrap().score = buf.clone(),
                    "prop" => panic!("unknown prop {prop}"),
                    _ => {}
                }
                buf.clear();
            }
            Event::Eof => break,
            Event::Decl(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(path.is_empty());
    (header, tus)
}

/// The `<tu>`s that CSV rows say a TMX should hold.
fn tus_from_rows(rows: &[Vec<String>], min_score: f64, scores: &[f64]) -> Vec<Tu> {
    rows.iter()
        .zip(scores)
        .filter(|(r, &s)| r[6] == "aligned" && s >= min_score)
        .map(|(r, _)| Tu {
            doc: r[0].clone(),
            score: r[5].clone(),
            tuvs: vec![("en".into(), r[3].clone()), ("de".into(), r[4].clone())],
        })
        .collect()
}

#[test]
fn tmx_holds_the_aligned_beads_escaped() {
    for d in [fixture("dam"), flood()] {
        let (_, rows) = read_table(&write(Format::Csv, &[&d]), false);
        let scores: Vec<f64> = d.beads.iter().map(|b| b.score).collect();
        let (header, tus) = read_tmx(&write(Format::Tmx, &[&d]));
        let h: std::collections::HashMap<_, _> = header.into_iter().collect();
        assert_eq!(h["creationtool"], "ende");
        assert_eq!(h["creationtoolversion"], env!("CARGO_PKG_VERSION"));
        assert_eq!(h["segtype"], "sentence");
        assert_eq!(h["o-tmf"], "ende");
        assert_eq!(h["adminlang"], "en");
        assert_eq!(h["srclang"], "en");
        assert_eq!(h["datatype"], "plaintext");
        let aligned = d
            .beads
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .count();
        assert_eq!(tus.len(), aligned);
        assert_eq!(tus, tus_from_rows(&rows, 0.0, &scores));
    }
}

#[test]
fn tmx_round_trips_markup_characters() {
    let d = fixture("a<b>&\"c\"");
    let bytes = write(Format::Tmx, &[&d]);
    let raw = String::from_utf8(bytes.clone()).unwrap();
    assert!(raw.contains("&lt;Äpfel&gt;"), "{raw}");
    let (_, tus) = read_tmx(&bytes);
    assert_eq!(tus.len(), 2);
    assert_eq!(tus[0].doc, "a<b>&\"c\"");
    assert_eq!(tus[0].score, "0.973");
    assert_eq!(
        tus[1].tuvs[0],
        ("en".to_string(), "@home +1 -2 it's 'fine'".to_string())
    );
    assert_eq!(
        tus[1].tuvs[1],
        (
            "de".to_string(),
            "Öl & <Äpfel> \"süß\"; 'gut', ja".to_string()
        )
    );
}

#[test]
fn tmx_min_score_leaves_out_weaker_beads() {
    let d = fixture("dam");
    let opts = WriteOptions {
        min_score: 0.99,
        ..WriteOptions::default()
    };
    let (_, tus) = read_tmx(&write_with(Format::Tmx, &opts, &[&d], &Summary::default()));
    assert_eq!(tus.len(), 1);
    assert_eq!(tus[0].score, "0.995");

    let d = flood();
    let all = read_tmx(&write(Format::Tmx, &[&d])).1.len();
    let opts = WriteOptions {
        min_score: 0.95,
        ..WriteOptions::default()
    };
    let (_, strict) = read_tmx(&write_with(Format::Tmx, &opts, &[&d], &Summary::default()));
    let want = d
        .beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty() && b.score >= 0.95)
        .count();
    assert_eq!(strict.len(), want);
    assert!(
        want < all,
        "the threshold should matter on this pair ({want} of {all})"
    );
}

#[test]
fn tmx_drops_characters_xml_cannot_hold() {
    let mut d = fixture("dam");
    d.src[3] = "bell\u{7} and\u{0} escape\u{1b}; tab\tand\rcr".into();
    let (_, tus) = read_tmx(&write(Format::Tmx, &[&d]));
    assert_eq!(tus[1].tuvs[0].1, "bell and escape; tab\tand\rcr");
}

#[test]
fn tmx_languages_follow_the_pair() {
    let mut d = fixture("dam");
    d.langs = "fr,it".parse().unwrap();
    let (header, tus) = read_tmx(&write(Format::Tmx, &[&d]));
    assert!(header.contains(&("srclang".to_string(), "fr".to_string())));
    let langs: Vec<&str> = tus[0].tuvs.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(langs, ["fr", "it"]);
}
