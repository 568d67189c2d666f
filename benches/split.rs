//! Splitting throughput in MB/s on one thread, and how time grows with input size.
//!
//! The input is the team's own articles in `corpora/`, repeated to several megabytes, plus the
//! worst case for a naive splitter: one huge line with no punctuation at all.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ende::{split, Lang};

fn corpus(lang: &str) -> String {
    let mut one = String::new();
    for name in ["flood", "breach", "match"] {
        let p = format!("{}/corpora/{name}.{lang}.txt", env!("CARGO_MANIFEST_DIR"));
        one.push_str(&std::fs::read_to_string(p).expect("corpora present"));
        one.push_str("\n\n");
    }
    one
}

fn repeat_to(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
    }
    s
}

fn single_thread<T>(f: impl FnOnce() -> T + Send) -> T
where
    T: Send,
{
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool")
        .install(f)
}

fn bench_split(c: &mut Criterion) {
    let mut g = c.benchmark_group("split");
    g.sample_size(10);
    for (lang, code) in [(Lang::En, "en"), (Lang::De, "de")] {
        let unit = corpus(code);
        for mb in [1usize, 4, 16] {
            let text = repeat_to(&unit, mb << 20);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(
                BenchmarkId::new(format!("{code}-1thread"), mb),
                &text,
                |b, t| b.iter(|| single_thread(|| split::split(t, lang).len())),
            );
        }
        let text = repeat_to(&unit, 16 << 20);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(
            BenchmarkId::new(format!("{code}-all-threads"), 16),
            &text,
            |b, t| b.iter(|| split::split(t, lang).len()),
        );
    }
    for mb in [10usize, 100] {
        let line = repeat_to("word ", mb << 20);
        g.throughput(Throughput::Bytes(line.len() as u64));
        g.bench_with_input(
            BenchmarkId::new("one-line-no-punctuation", mb),
            &line,
            |b, t| b.iter(|| single_thread(|| split::split(t, Lang::En).len())),
        );
    }
    // Worst cases the fuzzers' inputs pointed at: long chains of omission marks, once quadratic
    // (each mark's terminator walked the rest of the chain). Linear means the same throughput
    // at 64 KB and at 1 MB.
    for (name, unit) in [("omission-chain", "[...]"), ("reference-chain", "[12]")] {
        for kb in [64usize, 1024] {
            let text = format!("Text.{}", repeat_to(unit, kb << 10));
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, kb), &text, |b, t| {
                b.iter(|| single_thread(|| split::split(t, Lang::En).len()))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_split);
criterion_main!(benches);
