//! Alignment throughput: pre-split pairs of 1,000 to 50,000 sentences a side, on one thread.
//!
//! The pairs are built from the team's own gold-aligned articles in `corpora/`: English and
//! German sentences in gold order, repeated with a running number so that no two are equal,
//! with every fifth English sentence's German partner dropped — 50,000 English against
//! 40,000 German sentences at the largest size, and 50,000 × 30,000 for the headline case.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ende::align::{align, Options};
use ende::LangPair;

fn gold_pairs() -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut pairs = Vec::new();
    for name in ["flood", "breach", "match"] {
        let read = |f: String| std::fs::read_to_string(f).expect("corpora present");
        let en = read(format!("{root}/corpora/gold/{name}.en.sents"));
        let de = read(format!("{root}/corpora/gold/{name}.de.sents"));
        let (en, de): (Vec<&str>, Vec<&str>) = (en.lines().collect(), de.lines().collect());
        let gold = format!("{root}/corpora/gold/{name}.align");
        for (s, t) in ende::eval::read_beads(gold.as_ref()).expect("gold alignment") {
            if let ([s], [t]) = (s.as_slice(), t.as_slice()) {
                pairs.push((en[*s].to_string(), de[*t].to_string()));
            }
        }
    }
    pairs
}

/// `n` English sentences; German keeps `keep` out of every 10 partners.
fn make(pairs: &[(String, String)], n: usize, keep: usize) -> (Vec<String>, Vec<String>) {
    let mut en = Vec::with_capacity(n);
    let mut de = Vec::with_capacity(n);
    for k in 0..n {
        let (e, d) = &pairs[k % pairs.len()];
        en.push(format!("{e} ({k})"));
        if k % 10 < keep {
            de.push(format!("{d} ({k})"));
        }
    }
    (en, de)
}

fn bench_align(c: &mut Criterion) {
    let pairs = gold_pairs();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut g = c.benchmark_group("align");
    g.sample_size(10);
    for (n, keep) in [(1_000usize, 8usize), (10_000, 8), (50_000, 8), (50_000, 6)] {
        let (en, de) = make(&pairs, n, keep);
        let en: Vec<&str> = en.iter().map(String::as_str).collect();
        let de: Vec<&str> = de.iter().map(String::as_str).collect();
        g.throughput(Throughput::Elements((en.len() + de.len()) as u64));
        let id = BenchmarkId::new("presplit-1thread", format!("{}x{}", en.len(), de.len()));
        g.bench_with_input(id, &(en, de), |b, (en, de)| {
            b.iter(|| pool.install(|| align(en, de, &Options::new(LangPair::EN_DE)).len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_align);
criterion_main!(benches);
