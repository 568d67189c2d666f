//! Properties of the whole pipeline (read → split → align → check) over generated article pairs
//! with random damage (`util::damage`): nothing is lost, scores are probabilities, and the
//! thread count never changes a result.

use std::path::Path;

use ende::corpus::{self, PairOptions, PairSource};
use ende::pair::AlignedDoc;
use ende::text::Document;
use proptest::prelude::*;

use crate::util::damage::{self, Gold};
use crate::util::no_space;

fn gold() -> &'static Gold {
    static GOLD: std::sync::OnceLock<Gold> = std::sync::OnceLock::new();
    GOLD.get_or_init(|| Gold::load(Path::new(env!("CARGO_MANIFEST_DIR"))))
}

fn align(en: &str, de: &str) -> AlignedDoc {
    corpus::align_documents(
        "doc".into(),
        Document::from_string("doc.en", en),
        Document::from_string("doc.de", de),
        &PairOptions::default(),
    )
    .expect("a generated pair aligns")
    .0
}

/// Every sentence of both sides in exactly one bead, in order; every score in [0, 1]; one
/// flags entry per bead.
fn check_complete(doc: &AlignedDoc) -> Result<(), TestCaseError> {
    let (mut s, mut t) = (0, 0);
    for b in &doc.beads {
        prop_assert!(
            !(b.src.is_empty() && b.tgt.is_empty()),
            "empty bead {:?}",
            b
        );
        prop_assert_eq!(b.src.start, s, "source gap or overlap at {:?}", b);
        prop_assert_eq!(b.tgt.start, t, "target gap or overlap at {:?}", b);
        prop_assert!(b.src.end >= b.src.start && b.tgt.end >= b.tgt.start);
        prop_assert!(
            (0.0..=1.0).contains(&b.score),
            "score {} out of [0, 1]",
            b.score
        );
        s = b.src.end;
        t = b.tgt.end;
    }
    prop_assert_eq!(s, doc.src.len());
    prop_assert_eq!(t, doc.tgt.len());
    prop_assert_eq!(doc.flags.len(), doc.beads.len());
    Ok(())
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Nothing is lost from read to output: the sentences hold all of the input text but white
    /// space, and the beads hold every sentence once, in order.
    #[test]
    fn damaged_pairs_lose_nothing(seed in any::<u64>(), articles in 1usize..4) {
        let p = damage::pair(gold(), seed, articles);
        let doc = align(&p.en, &p.de);
        check_complete(&doc)?;
        prop_assert_eq!(no_space(&doc.src.concat()), no_space(&p.en));
        prop_assert_eq!(no_space(&doc.tgt.concat()), no_space(&p.de));
    }

    /// One thread or four: the same sentences, beads, scores and flags, including for
    /// documents long enough to be split in parallel chunks.
    #[test]
    fn thread_count_does_not_change_the_result(seed in any::<u64>(), big in prop::bool::weighted(0.15)) {
        let p = damage::pair(gold(), seed, if big { 60 } else { 2 });
        let one = in_pool(1, || align(&p.en, &p.de));
        let four = in_pool(4, || align(&p.en, &p.de));
        check_complete(&one)?;
        prop_assert_eq!(&one.src, &four.src);
        prop_assert_eq!(&one.tgt, &four.tgt);
        prop_assert_eq!(&one.beads, &four.beads);
        prop_assert_eq!(&one.flags, &four.flags);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A batch run gives the same results in the same order with one job or with several,
    /// broken pairs included.
    #[test]
    fn batch_results_do_not_depend_on_jobs(seed in any::<u64>(), pairs in 2usize..14) {
        let dir = tempfile::tempdir().unwrap();
        let mut sources = Vec::new();
        for k in 0..pairs {
            let p = damage::pair(gold(), seed.wrapping_add(k as u64), 1);
            let en = dir.path().join(format!("{k}.en.txt"));
            let de = dir.path().join(format!("{k}.de.txt"));
            let mut en_bytes = p.en.into_bytes();
            if k == 1 {
                en_bytes.insert(10, 0xff); // invalid UTF-8 in the middle of the batch
            }
            std::fs::write(&en, en_bytes).unwrap();
            std::fs::write(&de, p.de).unwrap();
            sources.push(PairSource { name: k.to_string(), en, de });
        }
        let run = |jobs: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().unwrap();
            let mut out = Vec::new();
            corpus::run_batch(&sources, &PairOptions::default(), &pool, |s, r| {
                out.push(match r {
                    Ok((doc, _)) => Ok((s.name.clone(), doc.src, doc.tgt, doc.beads, doc.flags)),
                    Err(e) => Err(e.to_string()),
                });
                true
            });
            out
        };
        let one = run(1);
        let three = run(3);
        prop_assert_eq!(one.len(), pairs);
        prop_assert!(one[1].as_ref().is_err_and(|e| e.contains("not UTF-8")));
        prop_assert_eq!(one.iter().filter(|r| r.is_ok()).count(), pairs - 1);
        prop_assert_eq!(one, three);
    }
}
