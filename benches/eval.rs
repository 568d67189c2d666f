//! `ende eval`'s scoring, and how its time grows with the number of beads: it must stay linear,
//! since a batch output of a large corpus holds close to a million beads (the first version
//! compared every predicted bead with every gold bead and would have taken 40 minutes there).
//!
//! The alignments are synthetic and deterministic: gold beads mostly 1-1, with 2-1 beads and
//! gaps on either side; the prediction splits some of the 2-1 beads and shifts a few beads, so
//! the strict, lax and gap measures all have work to do. One document of each size, and the
//! largest size again as 1,000 documents, as a batch CSV holds them.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ende::eval::{score, Ids};

/// splitmix64, as in `tests/util/damage.rs`: a deterministic input without a crate.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

/// A gold alignment of `n` beads and a prediction close to it.
fn document(rng: &mut Rng, n: usize) -> (Vec<Ids>, Vec<Ids>) {
    let (mut gold, mut pred) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut s, mut t) = (0, 0);
    for _ in 0..n {
        let (bead, step): (Ids, _) = match rng.below(20) {
            0..=15 => ((vec![s], vec![t]), (1, 1)),
            16 | 17 => ((vec![s, s + 1], vec![t]), (2, 1)),
            18 => ((vec![s], vec![]), (1, 0)),
            _ => ((vec![], vec![t]), (0, 1)),
        };
        match rng.below(20) {
            // A 2-1 bead predicted as a 1-1 and a gap.
            0 if bead.0.len() == 2 => {
                pred.push((vec![s], bead.1.clone()));
                pred.push((vec![s + 1], vec![]));
            }
            // A 1-1 bead predicted one German sentence off.
            1 if bead.0.len() == 1 && bead.1.len() == 1 => pred.push((vec![s], vec![t + 1])),
            _ => pred.push(bead.clone()),
        }
        gold.push(bead);
        s += step.0;
        t += step.1;
    }
    (gold, pred)
}

fn bench_eval(c: &mut Criterion) {
    let mut g = c.benchmark_group("eval");
    g.sample_size(10);
    let mut rng = Rng(7);
    let cases = [
        (8_000usize, 1usize),
        (38_000, 1),
        (94_000, 1),
        (94_000, 1_000),
    ];
    for (beads, docs) in cases {
        let input: Vec<(Vec<Ids>, Vec<Ids>)> = (0..docs)
            .map(|_| document(&mut rng, beads / docs))
            .collect();
        g.throughput(Throughput::Elements(beads as u64));
        let id = BenchmarkId::new("score", format!("{beads}-beads-{docs}-docs"));
        g.bench_with_input(id, &input, |b, input| b.iter(|| score(input)));
    }
    g.finish();
}

criterion_group!(benches, bench_eval);
criterion_main!(benches);
