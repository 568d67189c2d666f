//! Many pairs at once: the ordered parallel pipeline every batch runs on, and the passes over a
//! corpus that come before it (its site template, its word pairs).

use std::sync::Arc;

use super::{align_source, Notices, PairOptions, PairSource};
use crate::align::learn;
use crate::anchors::lexicon::Dictionary;
use crate::check;
use crate::error::{Error, Result};
use crate::lang::LangPair;
use crate::pair::AlignedDoc;
use crate::text::{Document, ReadLimits};

/// Aligns many pairs in parallel on `pool` and hands each result to `emit`, on the calling
/// thread, in the order of `sources` (see [`ordered_map`]). A pair whose alignment panics (a
/// bug) becomes that pair's [`Error::Internal`], so one input cannot take a batch down.
/// `emit` returns false to stop early (the output failed; aligning more would be wasted).
pub fn run_batch<F>(
    sources: &[PairSource],
    opts: &PairOptions,
    pool: &rayon::ThreadPool,
    mut emit: F,
) where
    F: FnMut(&PairSource, Result<(AlignedDoc, Notices)>) -> bool,
{
    let in_flight = pool.current_num_threads().max(1) * 4;
    ordered_map(
        sources.iter(),
        pool,
        in_flight,
        |source| {
            let result = caught(&source.name, || align_source(source, opts));
            (source, result)
        },
        |(source, result)| emit(source, result),
    );
}

/// Runs `work`, turning a panic in it (a bug) into [`Error::Internal`] for the pair `name`:
/// one input that trips a bug must not take the other pairs of a batch, or a Python process,
/// down with it.
pub fn caught<T>(name: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into());
        Err(Error::Internal {
            name: name.to_string(),
            message,
        })
    })
}

/// Runs `work` on every item on `pool` and hands the results to `emit`, on the calling thread,
/// in the order of the items.
///
/// A pipeline rather than fixed windows: a new item starts as soon as a result is handed over,
/// so one long item does not leave the other threads idle at a window's end, and `emit`
/// (writing the output) runs while the pool works on the next items. At most `in_flight` items
/// are being worked on or waiting for an earlier one, so memory is bounded by them, not by the
/// input, and the output never depends on the thread count. Items are taken from the iterator
/// on the calling thread, which must not be one of the pool's (it waits for results). `emit`
/// returns false to stop: no new item starts; those in flight finish and are dropped. A panic
/// in `work` is raised again here.
pub fn ordered_map<I, R, W, E>(
    items: I,
    pool: &rayon::ThreadPool,
    in_flight: usize,
    work: W,
    mut emit: E,
) where
    I: Iterator,
    I::Item: Send,
    R: Send,
    W: Fn(I::Item) -> R + Sync,
    E: FnMut(R) -> bool,
{
    let (tx, rx) = std::sync::mpsc::channel();
    let work = &work;
    let mut items = items.enumerate();
    pool.in_place_scope(|scope| {
        let mut start = || -> bool {
            let Some((k, item)) = items.next() else {
                return false;
            };
            let tx = tx.clone();
            scope.spawn(move |_| {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)));
                // The receiver outlives the scope, so this cannot fail.
                let _ = tx.send((k, result));
            });
            true
        };
        let mut running = 0;
        while running < in_flight.max(1) && start() {
            running += 1;
        }
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        while running > 0 {
            let Ok((k, result)) = rx.recv() else {
                return; // unreachable: `tx` is alive
            };
            waiting.insert(k, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                running -= 1;
                let result = result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                if !emit(result) {
                    return;
                }
                if start() {
                    running += 1;
                }
            }
        }
    });
}

/// Learns a batch's site template: the short lines found in at least
/// [`check::furniture::TEMPLATE_MIN_DOCS`] of its documents. A pass of its own over the files,
/// before any pair is aligned, so that every pair is judged against the same template whatever
/// the order the pairs finish in, and a resumed run learns the same one. Reading is a small part
/// of a pair's cost; a file that cannot be read is passed over here and reported when its pair
/// is aligned. Lines are the file's lines (a furniture line stands on a line of its own), so no
/// splitting is needed.
pub fn learn_template(
    sources: &[PairSource],
    opts: &PairOptions,
    pool: &rayon::ThreadPool,
) -> check::Template {
    use rayon::prelude::*;
    let limits = ReadLimits {
        max_bytes: opts.max_file_size,
        regular_only: true,
    };
    let counter = pool.install(|| {
        sources
            .par_iter()
            .fold(check::TemplateCounter::default, |mut c, s| {
                let texts: Vec<String> = [&s.en, &s.de]
                    .into_iter()
                    .filter_map(|p| Document::read_with(p, limits).ok())
                    .map(|d| d.text)
                    .collect();
                c.add_doc(texts.iter().flat_map(|t| t.lines()));
                c
            })
            .reduce(check::TemplateCounter::default, |mut a, b| {
                a.merge(b);
                a
            })
    });
    counter.finish()
}

/// Pairs a corpus-wide learning pass aligns first: the first pairs of the corpus, a quarter of
/// it at most, so the pass costs at most a quarter more time, and its memory is bounded by
/// [`learn::MAX_BEADS`] whatever the corpus size.
pub const LEARN_SAMPLE: usize = 2_000;

/// Word pairs learned from a first pass over the corpus's first pairs (see [`crate::align::learn`]),
/// added to the dictionary the pairs would be aligned with; `None` when nothing was learned.
/// Deterministic: the same corpus gives the same dictionary whatever the thread count, so a
/// resumed batch aligns as the interrupted one did.
pub fn learn_lexicon(
    sources: &[PairSource],
    opts: &PairOptions,
    pool: &rayon::ThreadPool,
) -> Option<Arc<Dictionary>> {
    let n = learn_sample(sources.len());
    learn_from(sources[..n].iter(), opts, pool, |s, first| {
        super::align_source(s, first).ok().map(|(doc, _)| doc)
    })
}

/// How many of `total` pairs a learning pass aligns first: a quarter, at least 20 (or all),
/// at most [`LEARN_SAMPLE`].
pub fn learn_sample(total: usize) -> usize {
    (total / 4).max(total.min(20)).min(LEARN_SAMPLE)
}

/// [`learn_lexicon`] over any pairs: `align` aligns one item with the first pass's options.
pub fn learn_from<I, F>(
    items: I,
    opts: &PairOptions,
    pool: &rayon::ThreadPool,
    align: F,
) -> Option<Arc<Dictionary>>
where
    I: Iterator,
    I::Item: Send,
    F: Fn(I::Item, &PairOptions) -> Option<AlignedDoc> + Sync,
{
    // The first pass learns nothing itself: what it would learn per pair is what the corpus
    // learns here.
    let first = PairOptions {
        no_flags: true,
        realign: false,
        no_learn: true,
        ..opts.clone()
    };
    let base = match &opts.lexicon {
        Some(d) => (**d).clone(),
        None => Dictionary::new(opts.langs.unwrap_or(LangPair::EN_DE)),
    };
    let mut learner = learn::Learner::default();
    ordered_map(
        items,
        pool,
        pool.current_num_threads().max(1) * 4,
        |item| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| align(item, &first)))
                .ok()
                .flatten()
        },
        |result| {
            if let Some(doc) = result {
                let s: Vec<&str> = doc.src.iter().map(String::as_str).collect();
                let t: Vec<&str> = doc.tgt.iter().map(String::as_str).collect();
                learner.observe(&base, &s, &t, &doc.beads);
            }
            learner.observed() < learn::MAX_BEADS
        },
    );
    let pairs = learner.pairs(&base);
    if pairs.is_empty() {
        return None;
    }
    let mut dict = base;
    for (a, b) in &pairs {
        dict.add_keys(a, b);
    }
    Some(Arc::new(dict))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_map_keeps_order_bounds_work_in_flight_and_stops_early() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let (live, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let mut out = Vec::new();
        ordered_map(
            0..200u64,
            &pool,
            5,
            |k| {
                // Uneven work, so results arrive out of order.
                std::thread::sleep(std::time::Duration::from_micros((k * 37) % 500));
                let now = live.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                k * k
            },
            |r| {
                live.fetch_sub(1, Ordering::SeqCst);
                out.push(r);
                true
            },
        );
        assert_eq!(out, (0..200u64).map(|k| k * k).collect::<Vec<_>>());
        assert!(peak.load(Ordering::SeqCst) <= 5, "{peak:?}");

        let mut seen = 0;
        ordered_map(
            0..1000,
            &pool,
            4,
            |k| k,
            |_| {
                seen += 1;
                seen < 10
            },
        );
        assert_eq!(seen, 10);
    }

    #[test]
    #[should_panic(expected = "item 7")]
    fn ordered_map_raises_a_worker_panic_instead_of_waiting_forever() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        ordered_map(
            0..20,
            &pool,
            4,
            |k| {
                assert!(k != 7, "item 7");
                k
            },
            |_| true,
        );
    }
}
