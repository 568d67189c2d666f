//! Article pairs generated from the team's gold-aligned articles in `corpora/gold`, with the
//! damage real pairs have: dropped, added and merged sentences, web boilerplate on either side,
//! a headline with no twin, English paragraphs against German one-sentence lines. Deterministic
//! for a seed, so a failing property-test case or a benchmark input can be made again.
//!
//! Shared by the property tests (`tests/properties.rs`) and the corpus benchmark
//! (`benches/corpus.rs`, which includes this file by path).

use std::path::Path;

/// splitmix64: a few lines, fast, and good enough to pick damage; no crate needed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

struct Article {
    en: Vec<String>,
    de: Vec<String>,
    /// Gold beads: English and German sentence indices (one side empty for boilerplate).
    beads: Vec<(Vec<usize>, Vec<usize>)>,
}

/// The gold articles, read once.
pub struct Gold {
    articles: Vec<Article>,
}

fn ids(s: &str) -> Vec<usize> {
    s.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .filter(|x| !x.trim().is_empty())
        .map(|x| x.trim().parse().expect("a sentence index"))
        .collect()
}

impl Gold {
    /// Reads `corpora/gold` of the repository at `root`.
    pub fn load(root: &Path) -> Gold {
        let dir = root.join("corpora/gold");
        let read = |f: String| std::fs::read_to_string(dir.join(f)).expect("gold file");
        let lines = |s: String| s.lines().map(str::to_string).collect::<Vec<_>>();
        let articles = ["flood", "breach", "match"]
            .iter()
            .map(|n| Article {
                en: lines(read(format!("{n}.en.sents"))),
                de: lines(read(format!("{n}.de.sents"))),
                beads: read(format!("{n}.align"))
                    .lines()
                    .map(|l| {
                        let (s, t) = l.split_once(':').expect("s:t");
                        (ids(s), ids(t))
                    })
                    .collect(),
            })
            .collect();
        Gold { articles }
    }
}

const EN_BOILER: &[&str] = &[
    "Related Stories",
    "Leave A Reply",
    "We use cookies to give you the best experience. Accept",
    "Share this article",
    "Subscribe to our newsletter",
    "Read more:",
    "Advertisement",
];
const DE_BOILER: &[&str] = &[
    "Weitere Artikel",
    "Kommentar schreiben",
    "Diese Website verwendet Cookies. Akzeptieren",
    "Artikel teilen",
    "Newsletter abonnieren",
    "Mehr zum Thema:",
    "Anzeige",
];
const EN_ADDED: &[&str] = &[
    "This story was updated at 5 p.m. with new figures.",
    "The U.S. embassy did not reply to a request for comment.",
    "Reporting by the newsroom staff; editing by the night desk.",
];
const DE_ADDED: &[&str] = &[
    "Anm. d. Red.: Der Text wurde für die deutsche Ausgabe gekürzt.",
    "Die Zahlen stammen vom 3. Oktober, z. B. aus dem Bericht Nr. 12.",
    "Dr. Weber war für eine Stellungnahme nicht erreichbar.",
];

/// One damaged article pair, as the text of its two files.
pub struct Pair {
    pub en: String,
    pub de: String,
}

fn merge(a: &str, b: &str) -> String {
    let a = a.trim_end_matches(['.', '!', '?']);
    format!("{a}; {b}")
}

/// Lays sentences out as a page does: paragraphs of a few sentences, or one per line. A
/// sentence marked `alone` (boilerplate, a list item, a headline) always gets a line of its own.
fn layout(sentences: &[(String, bool)], max_per_paragraph: usize, rng: &mut Rng) -> String {
    let mut out = String::new();
    let mut k = 0;
    while k < sentences.len() {
        let n = 1 + rng.below(max_per_paragraph);
        let mut end = k + 1;
        while end < (k + n).min(sentences.len()) && !sentences[end].1 && !sentences[k].1 {
            end += 1;
        }
        let line: Vec<&str> = sentences[k..end].iter().map(|(s, _)| s.as_str()).collect();
        out.push_str(&line.join(" "));
        out.push_str(if rng.chance(0.5) { "\n\n" } else { "\n" });
        k = end;
    }
    out
}

/// A pair made from `articles` gold articles (one to three, cut at random places), damaged.
pub fn pair(gold: &Gold, seed: u64, articles: usize) -> Pair {
    let mut rng = Rng::new(seed);
    let (mut en, mut de) = (Vec::new(), Vec::new());
    if rng.chance(0.7) {
        en.push((EN_BOILER[rng.below(EN_BOILER.len())].to_string(), true));
    }
    if rng.chance(0.7) {
        de.push((DE_BOILER[rng.below(DE_BOILER.len())].to_string(), true));
    }
    if rng.chance(0.4) {
        // A headline with no German twin.
        en.push(("Breaking: What We Know So Far".to_string(), true));
    }
    for _ in 0..articles.max(1) {
        let a = &gold.articles[rng.below(gold.articles.len())];
        let start = rng.below(a.beads.len() / 2);
        let end = start + 8 + rng.below(a.beads.len() - start).max(1);
        let beads = &a.beads[start..end.min(a.beads.len())];
        let mut k = 0;
        while k < beads.len() {
            let (s, t) = &beads[k];
            // Unpaired gold sentences are boilerplate; they and list items stand alone.
            let alone = |x: &String| s.is_empty() || t.is_empty() || x.starts_with("- ");
            let e: Vec<(String, bool)> = s
                .iter()
                .map(|&i| (a.en[i].clone(), alone(&a.en[i])))
                .collect();
            let mut g: Vec<(String, bool)> = t
                .iter()
                .map(|&i| (a.de[i].clone(), alone(&a.de[i])))
                .collect();
            let paired = !e.is_empty() && !g.is_empty();
            if paired && rng.chance(0.05) {
                g.clear(); // the translator left it out
            } else if paired && rng.chance(0.03) {
                de.extend(g);
                k += 1;
                continue; // the English was lost (a cut paragraph)
            } else if paired && k + 1 < beads.len() && rng.chance(0.05) {
                // The translator merged this sentence with the next one.
                let (s2, t2) = &beads[k + 1];
                if !s2.is_empty() && t2.len() == 1 && g.len() == 1 {
                    en.extend(e);
                    en.extend(s2.iter().map(|&i| (a.en[i].clone(), false)));
                    de.push((merge(&g[0].0, &a.de[t2[0]]), false));
                    k += 2;
                    continue;
                }
            }
            en.extend(e);
            de.extend(g);
            if rng.chance(0.03) {
                de.push((DE_ADDED[rng.below(DE_ADDED.len())].to_string(), false));
            }
            if rng.chance(0.02) {
                en.push((EN_ADDED[rng.below(EN_ADDED.len())].to_string(), false));
            }
            k += 1;
        }
    }
    if rng.chance(0.6) {
        en.push((EN_BOILER[rng.below(EN_BOILER.len())].to_string(), true));
    }
    if rng.chance(0.6) {
        de.push((DE_BOILER[rng.below(DE_BOILER.len())].to_string(), true));
    }
    Pair {
        en: layout(&en, 3, &mut rng),
        de: layout(&de, 1 + rng.below(2), &mut rng),
    }
}
