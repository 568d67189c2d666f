//! Page pairs for document-pairing tests and the pairing benchmark (`benches/pair.rs`): article
//! pairs from the corpus generator (`damage.rs`), each made its own as real pages are. Three
//! gold articles make pages that are near-copies of each other, which no crawl is; so each pair
//! gets its numbers' digits permuted (the same permutation on both sides, so that `260,000`
//! and `260.000` still agree) and a byline with a made-up name.

use super::damage::{self, Gold, Rng};

const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "ren", "dus", "vel", "tor", "sa", "bri", "no", "gal", "fen", "ti", "mar",
    "os", "ul",
];

fn capital(w: String) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A made-up name for page `k`: two syllables and three, a million combinations.
pub fn name(k: u64) -> String {
    let s = |i: u64| SYLLABLES[(i % 16) as usize];
    let first = capital(format!("{}{}", s(k), s(k >> 4)));
    let last = capital(format!("{}{}{}", s(k >> 8), s(k >> 12), s(k >> 16)));
    format!("{first} {last}")
}

/// Page pair `k` (English, German): one to three articles, digits permuted alike on both
/// sides, a byline under the first line.
pub fn page(gold: &Gold, k: u64) -> (String, String) {
    let p = damage::pair(gold, k, 1 + (k % 3) as usize);
    let mut rng = Rng::new(k.wrapping_mul(0x9e37_79b9) ^ 0xd161_7500);
    let mut digits: Vec<char> = ('0'..='9').collect();
    for i in (1..digits.len()).rev() {
        digits.swap(i, rng.below(i + 1));
    }
    let permute = |s: &str| -> String {
        s.chars()
            .map(|c| c.to_digit(10).map_or(c, |d| digits[d as usize]))
            .collect()
    };
    let n = name(k);
    let byline = |text: String, by: &str| match text.split_once('\n') {
        Some((first, rest)) => format!("{first}\n{by}\n{rest}"),
        None => format!("{by}\n{text}"),
    };
    (
        byline(permute(&p.en), &format!("By {n}, staff reporter")),
        byline(permute(&p.de), &format!("Von {n}, Redaktion")),
    )
}

/// An id for German page `k` that does not reveal its partner (ids are sorted before pairing,
/// so `d0001` beside `e0001` would line the sides up).
pub fn de_id(k: u64) -> String {
    let mut r = Rng::new(k ^ 0x5eed_0fde);
    format!("d{:016x}", r.next())
}

/// A seeded shuffle.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = Rng::new(seed);
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}
