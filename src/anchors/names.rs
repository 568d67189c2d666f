//! Names seen on one side only, matched to the most similar name of the other side
//! (`Nawalny`/`Navalny`, `Kellers`/`Keller`).

use super::{FxMap, Space, Table, FUZZY_MIN_CHARS, INNER, NAME_SIMILARITY, NONE, SRC, TGT};

/// A name prepared for fast comparison: its first three characters (the block it is compared
/// within), its length and a histogram of its letters.
pub(super) struct NameEntry<'a> {
    pub(super) head: [char; 3],
    pub(super) chars: u32,
    pub(super) hist: [u8; 32],
    pub(super) name: &'a str,
    pub(super) id: u32,
}

pub(super) fn name_entry(name: &str, id: u32) -> NameEntry<'_> {
    let mut head = ['\0'; 3];
    let mut hist = [0u8; 32];
    let mut chars = 0;
    for (i, c) in name.chars().enumerate() {
        if i < 3 {
            head[i] = c;
        }
        let lane = if c.is_ascii_lowercase() {
            (c as u8 - b'a') as usize
        } else {
            26 + c as usize % 6
        };
        hist[lane] = hist[lane].saturating_add(1);
        chars += 1;
    }
    NameEntry {
        head,
        chars,
        hist,
        name,
        id,
    }
}

/// An upper bound of the Jaro-Winkler similarity of two names that share their first three
/// letters. Jaro counts characters that occur in both names, so it cannot exceed what their
/// letter histograms share, and the Winkler bonus is at most four letters. A few vector
/// instructions, so most pairs are rejected without computing the real similarity.
pub(super) fn jw_bound(a: &NameEntry<'_>, b: &NameEntry<'_>) -> f64 {
    let shared: u32 = a
        .hist
        .iter()
        .zip(&b.hist)
        .map(|(&x, &y)| u32::from(x.min(y)))
        .sum();
    let m = f64::from(shared);
    let jaro = (m / f64::from(a.chars) + m / f64::from(b.chars) + 1.0) / 3.0;
    jaro + 0.4 * (1.0 - jaro)
}

/// `name` without its third character: names that differ only there (`navalny`/`nawalny`,
/// `mueller`/`muller`) meet under this key.
pub(super) fn without_third(name: &str) -> Option<String> {
    let (at, c) = name.char_indices().nth(2)?;
    Some(format!("{}{}", &name[..at], &name[at + c.len_utf8()..]))
}

/// For each name seen only on the target side, the most similar source name: same first two
/// letters, both at least `FUZZY_MIN_CHARS` long, Jaro-Winkler ≥ `NAME_SIMILARITY`.
///
/// Near-linear: names sharing their first three letters are compared within that block, in a
/// length window and after a cheap bound; names sharing exactly two letters can only reach the
/// threshold if they are nearly identical, and the usual case of that (the third letter
/// replaced, inserted or dropped) is found by hash lookups instead of comparing the whole block.
pub(super) fn match_names(table: &Table) -> Vec<(u32, u32)> {
    let mut src: Vec<NameEntry<'_>> = Vec::new();
    let mut tgt: Vec<NameEntry<'_>> = Vec::new();
    for (name, id) in table.spaces[Space::Names as usize].iter() {
        let seen = table.seen[id as usize];
        if seen & INNER == 0 {
            continue;
        }
        let list = if seen & SRC != 0 {
            &mut src
        } else if seen & TGT != 0 {
            &mut tgt
        } else {
            continue;
        };
        let e = name_entry(name, id);
        // (Beyond 64 letters a "name" is garbage, and the histogram could saturate.)
        if (FUZZY_MIN_CHARS..=64).contains(&(e.chars as usize)) {
            list.push(e);
        }
    }
    if src.is_empty() || tgt.is_empty() {
        return Vec::new();
    }
    src.sort_unstable_by(|a, b| (a.head, a.chars, a.name).cmp(&(b.head, b.chars, b.name)));
    tgt.sort_unstable_by_key(|e| e.id);
    let mut by_name: FxMap<&str, usize> = FxMap::default();
    let mut by_skip: FxMap<String, Vec<usize>> = FxMap::default();
    for (i, s) in src.iter().enumerate() {
        by_name.insert(s.name, i);
        if let Some(k) = without_third(s.name) {
            by_skip.entry(k).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for t in &tgt {
        let mut best = (NAME_SIMILARITY, NONE);
        let mut consider = |s: &NameEntry<'_>| {
            if s.head[..2] != t.head[..2] {
                return;
            }
            let sim = strsim::jaro_winkler(s.name, t.name);
            if sim > best.0 || (sim == best.0 && best.1 == NONE) {
                best = (sim, s.id);
            }
        };
        // Same first three letters. JW ≥ 0.9 needs Jaro ≥ 0.83 even with the full prefix
        // bonus, so the shorter name is at least half as long as the longer.
        let lo = src.partition_point(|s| s.head < t.head);
        let hi = lo + src[lo..].partition_point(|s| s.head == t.head);
        let block = &src[lo..hi];
        let from = block.partition_point(|s| s.chars * 2 < t.chars);
        for s in &block[from..] {
            if s.chars > t.chars * 2 {
                break;
            }
            // The bound may round differently from the exact value; keep a margin.
            if jw_bound(s, t) + 1e-9 >= NAME_SIMILARITY {
                consider(s);
            }
        }
        // Different third letter.
        if let Some(k) = without_third(t.name) {
            for &i in by_skip.get(&k).into_iter().flatten() {
                consider(&src[i]);
            }
            if let Some(&i) = by_name.get(k.as_str()) {
                consider(&src[i]);
            }
        }
        for &i in by_skip.get(t.name).into_iter().flatten() {
            consider(&src[i]);
        }
        if best.1 != NONE {
            out.push((t.id, best.1));
        }
    }
    out
}
