//! Compiles the bilingual lexicon (`data/lexicon/*.tsv`) into the compact table the binary
//! carries: finite-state maps from each language's dictionary keys to ids, and the links between
//! the ids of the two languages. Reading the text form and stemming 120,000 entries takes a tenth
//! of a second, which every `ende align` would otherwise pay at start-up.
//!
//! Layout of `lexicon.bin` (little endian): `ENDELEX1`, then five sections, each a `u64` byte
//! length followed by its bytes: English keys (fst map key → id), German keys, German surface
//! forms (fst map folded word → German key id, for splitting compounds), English → German links
//! and German → English links (each `u32` count n, n + 1 `u32` offsets, then `u32` target ids).

#[allow(dead_code)]
#[path = "src/anchors/fold.rs"]
mod fold;

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fs;
use std::path::PathBuf;

use fold::{entry_links, fold_word, Keyer};

fn main() {
    let watched = [
        "build.rs",
        "src/anchors/fold.rs",
        "data/lexicon/cldr.tsv",
        "data/lexicon/wiktionary.tsv",
        "data/function-words-en.txt",
        "data/function-words-de.txt",
        "data/irregular-en.txt",
        "data/irregular-de.txt",
    ];
    for f in watched {
        println!("cargo:rerun-if-changed={f}");
    }
    let mut sources = vec!["data/lexicon/cldr.tsv"];
    if env::var_os("CARGO_FEATURE_WIKTIONARY").is_some() {
        sources.push("data/lexicon/wiktionary.tsv");
    }
    let mut text = String::new();
    for s in sources {
        text.push_str(&fs::read_to_string(s).unwrap_or_else(|e| panic!("{s}: {e}")));
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR")).join("lexicon.bin");
    fs::write(&out, compile(&text)).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

/// The table of `english<TAB>german[<TAB>…]` lines (`#` starts a comment line).
fn compile(text: &str) -> Vec<u8> {
    let (en, de) = (Keyer::of("en"), Keyer::of("de"));
    let mut links: BTreeSet<(String, String)> = BTreeSet::new();
    let mut forms: BTreeMap<String, String> = BTreeMap::new();
    let mut folded = String::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(e), Some(d)) = (cols.next(), cols.next()) else {
            panic!("lexicon: expected english<TAB>german in {line:?}");
        };
        let (ek, dk) = (en.phrase_keys(e), de.phrase_keys(d));
        let pairs = entry_links(&ek, &dk);
        if pairs.is_empty() {
            continue;
        }
        links.extend(pairs);
        // Each German word of the entry, for finding it inside a compound.
        for w in d.split(|c: char| c.is_whitespace() || c == '-') {
            folded.clear();
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if fold_word(w, false, &mut folded).is_none() || folded.len() < 3 {
                continue;
            }
            if de.is_function(&folded) {
                continue;
            }
            forms
                .entry(folded.clone())
                .or_insert_with(|| de.stem(&folded));
        }
    }
    // Keys get ids in sorted order, as an fst map needs them.
    let en_keys: BTreeMap<&str, u32> = numbered(links.iter().map(|(e, _)| e.as_str()));
    let de_keys: BTreeMap<&str, u32> = numbered(links.iter().map(|(_, d)| d.as_str()));
    let mut en_de = vec![Vec::new(); en_keys.len()];
    let mut de_en = vec![Vec::new(); de_keys.len()];
    for (e, d) in &links {
        let (ei, di) = (en_keys[e.as_str()], de_keys[d.as_str()]);
        en_de[ei as usize].push(di);
        de_en[di as usize].push(ei);
    }
    let forms = forms
        .iter()
        .filter_map(|(f, k)| de_keys.get(k.as_str()).map(|&id| (f.as_str(), id)));
    let mut out = b"ENDELEX1".to_vec();
    for section in [
        fst_map(en_keys.iter().map(|(k, &v)| (*k, v))),
        fst_map(de_keys.iter().map(|(k, &v)| (*k, v))),
        fst_map(forms),
        csr(&en_de),
        csr(&de_en),
    ] {
        out.extend_from_slice(&(section.len() as u64).to_le_bytes());
        out.extend_from_slice(&section);
    }
    out
}

fn numbered<'a>(keys: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, u32> {
    let mut map: BTreeMap<&str, u32> = keys.map(|k| (k, 0)).collect();
    for (i, v) in map.values_mut().enumerate() {
        *v = i as u32;
    }
    map
}

fn fst_map<'a>(sorted: impl Iterator<Item = (&'a str, u32)>) -> Vec<u8> {
    let mut b = fst::MapBuilder::memory();
    for (k, v) in sorted {
        b.insert(k, u64::from(v)).expect("keys in order");
    }
    b.into_inner().expect("fst in memory")
}

fn csr(lists: &[Vec<u32>]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(lists.len() as u32).to_le_bytes());
    let mut off = 0u32;
    out.extend_from_slice(&off.to_le_bytes());
    for l in lists {
        off += l.len() as u32;
        out.extend_from_slice(&off.to_le_bytes());
    }
    for l in lists {
        for &t in l {
            out.extend_from_slice(&t.to_le_bytes());
        }
    }
    out
}
