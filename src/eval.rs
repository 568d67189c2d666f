//! Scoring an alignment against gold, for research users comparing aligners.
//!
//! The measures are those of the Text+Berg evaluations (Sennrich & Volk 2010, and the
//! Vecalign and Bertalign papers after them) as `../shared/eval/score_align.py` computes them:
//! strict (a predicted bead counts when it equals a gold bead) and lax (when it shares at least
//! one sentence with a gold bead on both sides) precision, recall and F1 over beads with
//! sentences on both sides; and "gaps", the same for sentences reported as having no
//! counterpart. Beads are compared as sets, because gold files may hold crossing beads, and only
//! within their document: a batch output numbers each document's sentences from 1, so beads of
//! two documents that look alike are unrelated (matching across documents once scored a
//! completely wrong alignment at F1 = 1).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::text::Document;

/// One bead as 0-based sentence numbers of each side.
pub type Ids = (Vec<usize>, Vec<usize>);

/// Precision, recall and F1 of each measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Strict precision.
    pub strict_p: f64,
    /// Strict recall.
    pub strict_r: f64,
    /// Strict F1.
    pub strict_f1: f64,
    /// Lax precision.
    pub lax_p: f64,
    /// Lax recall.
    pub lax_r: f64,
    /// Lax F1.
    pub lax_f1: f64,
    /// Gap precision.
    pub gaps_p: f64,
    /// Gap recall.
    pub gaps_r: f64,
    /// Gap F1.
    pub gaps_f1: f64,
    /// Gold beads with sentences on both sides.
    pub gold_beads: usize,
    /// Predicted beads with sentences on both sides.
    pub pred_beads: usize,
}

fn parse_list(s: &str) -> Option<Vec<usize>> {
    let inner = s.trim().strip_prefix('[')?.strip_suffix(']')?;
    inner
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().ok())
        .collect()
}

/// The beads of one document of an alignment file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocBeads {
    /// The `doc` column's value; `None` for a file without one (vecalign, or a CSV without a
    /// `doc` column), which holds a single document.
    pub doc: Option<String>,
    /// The beads, in file order.
    pub beads: Vec<Ids>,
}

/// Reads the beads of a file holding one document: a vecalign file (`[0, 1]:[2]`) or a CSV
/// whose first two columns named `*_ids` hold 1-based numbers separated by spaces (as
/// `ende align` writes). A CSV of several documents is refused: their sentence numbers each
/// start again at 1, so pooling them would compare unrelated beads; use [`read_docs`].
pub fn read_beads(path: &Path) -> Result<Vec<Ids>> {
    let mut docs = read_docs(path)?;
    if docs.len() > 1 {
        return Err(Error::Alignment {
            path: path.to_path_buf(),
            message: format!("holds {} documents; expected one", docs.len()),
        });
    }
    Ok(docs.pop().map(|d| d.beads).unwrap_or_default())
}

/// Reads the documents of an alignment file: one unnamed document for vecalign or a CSV
/// without a `doc` column, else one per value of `doc`, in order of first appearance (rows of
/// one document need not be next to each other).
pub fn read_docs(path: &Path) -> Result<Vec<DocBeads>> {
    let doc = Document::read(path)?;
    let bad = |message: String| Error::Alignment {
        path: path.to_path_buf(),
        message,
    };
    if doc.text.trim_start().starts_with('[') {
        let mut out = Vec::new();
        for (k, line) in doc
            .text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let (a, b) = line
                .split_once(':')
                .ok_or_else(|| bad(format!("line {}: expected [..]:[..]", k + 1)))?;
            let (a, b) = (parse_list(a), parse_list(b));
            match (a, b) {
                (Some(a), Some(b)) => out.push((a, b)),
                _ => return Err(bad(format!("line {}: expected [..]:[..]", k + 1))),
            }
        }
        return Ok(vec![DocBeads {
            doc: None,
            beads: out,
        }]);
    }
    let mut reader = csv::Reader::from_reader(doc.text.as_bytes());
    let headers = reader.headers().map_err(|e| bad(e.to_string()))?.clone();
    let cols: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.ends_with("_ids"))
        .map(|(k, _)| k)
        .take(2)
        .collect();
    if cols.len() != 2 {
        return Err(bad(
            "needs two columns named LANG_ids (e.g. en_ids, de_ids)".into(),
        ));
    }
    let doc_col = headers
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}').trim() == "doc");
    let ids = |cell: &str| -> std::result::Result<Vec<usize>, String> {
        cell.replace([';', ','], " ")
            .split_whitespace()
            .map(|x| match x.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n - 1),
                _ => Err(format!("bad sentence number {x:?}")),
            })
            .collect()
    };
    let mut out: Vec<DocBeads> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    if doc_col.is_none() {
        out.push(DocBeads {
            doc: None,
            beads: Vec::new(),
        });
    }
    for (k, row) in reader.records().enumerate() {
        let row = row.map_err(|e| bad(format!("row {}: {e}", k + 2)))?;
        let a =
            ids(row.get(cols[0]).unwrap_or("")).map_err(|e| bad(format!("row {}: {e}", k + 2)))?;
        let b =
            ids(row.get(cols[1]).unwrap_or("")).map_err(|e| bad(format!("row {}: {e}", k + 2)))?;
        let at = match doc_col {
            None => 0,
            Some(c) => {
                let name = row.get(c).unwrap_or("");
                match index.get(name) {
                    Some(&at) => at,
                    None => {
                        index.insert(name.to_string(), out.len());
                        out.push(DocBeads {
                            doc: Some(name.to_string()),
                            beads: Vec::new(),
                        });
                        out.len() - 1
                    }
                }
            }
        };
        out[at].beads.push((a, b));
    }
    Ok(out)
}

/// Pairs the documents of a gold and a predicted file by name, in gold's order, for [`score`].
///
/// The two must hold the same documents: a document missing on one side would otherwise count
/// as all wrong (or be silently left out), and beads of different documents must never be
/// compared, since sentence numbers start again in each. A file without a `doc` column holds
/// one document, which matches the other file's only document whatever its name.
pub fn pair_docs(
    gold_path: &Path,
    gold: Vec<DocBeads>,
    pred_path: &Path,
    pred: Vec<DocBeads>,
) -> Result<Vec<(Vec<Ids>, Vec<Ids>)>> {
    let differ = |only_gold: Vec<String>, only_pred: Vec<String>| Error::DocsDiffer {
        gold: gold_path.to_path_buf(),
        pred: pred_path.to_path_buf(),
        only_gold: names(&only_gold),
        only_pred: names(&only_pred),
    };
    let label = |d: &DocBeads| d.doc.clone().unwrap_or_else(|| "(no doc column)".into());
    if gold.len() == 1 && pred.len() == 1 && (gold[0].doc.is_none() || pred[0].doc.is_none()) {
        let (g, p) = (gold.into_iter().next(), pred.into_iter().next());
        return Ok(vec![(g.unwrap().beads, p.unwrap().beads)]);
    }
    if gold.iter().chain(&pred).any(|d| d.doc.is_none()) {
        return Err(differ(
            gold.iter().map(label).collect(),
            pred.iter().map(label).collect(),
        ));
    }
    let mut by_name: HashMap<String, Vec<Ids>> = pred
        .into_iter()
        .map(|d| (d.doc.unwrap_or_default(), d.beads))
        .collect();
    let mut out = Vec::with_capacity(gold.len());
    let mut only_gold = Vec::new();
    for g in gold {
        let name = g.doc.unwrap_or_default();
        match by_name.remove(&name) {
            Some(p) => out.push((g.beads, p)),
            None => only_gold.push(name),
        }
    }
    if !only_gold.is_empty() || !by_name.is_empty() {
        let mut only_pred: Vec<String> = by_name.into_keys().collect();
        only_pred.sort();
        return Err(differ(only_gold, only_pred));
    }
    Ok(out)
}

/// Up to five names for a message, and how many more there are.
fn names(list: &[String]) -> String {
    const SHOWN: usize = 5;
    if list.is_empty() {
        return "none".into();
    }
    let mut s = list
        .iter()
        .take(SHOWN)
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > SHOWN {
        s.push_str(&format!(" and {} more", list.len() - SHOWN));
    }
    s
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// The beads of one side with sentences on both sides, indexed so that "does bead `b` share a
/// sentence on both sides with one of these" costs a few hash look-ups instead of a pass over
/// all of them (which made `ende eval` quadratic: 30 s at 94,000 beads).
struct Overlaps {
    /// Bead numbers holding each source sentence (a sentence may sit in several crossing beads).
    by_src: HashMap<usize, Vec<usize>>,
    /// (bead number, target sentence) for every target sentence of every bead.
    tgt: HashSet<(usize, usize)>,
}

impl Overlaps {
    fn new(beads: &[&Ids]) -> Overlaps {
        let mut by_src: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut tgt = HashSet::new();
        for (k, b) in beads.iter().enumerate() {
            for &s in &b.0 {
                by_src.entry(s).or_default().push(k);
            }
            tgt.extend(b.1.iter().map(|&t| (k, t)));
        }
        Overlaps { by_src, tgt }
    }

    /// Whether `b` shares at least one source and one target sentence with a single bead.
    fn any(&self, b: &Ids) -> bool {
        b.0.iter()
            .filter_map(|s| self.by_src.get(s))
            .flatten()
            .any(|&k| b.1.iter().any(|&t| self.tgt.contains(&(k, t))))
    }
}

/// Scores predicted against gold alignments, pooled over several documents; each entry is one
/// document's (gold, prediction), and beads are only ever compared within their document.
/// Linear in the number of beads.
pub fn score(docs: &[(Vec<Ids>, Vec<Ids>)]) -> Scores {
    let (mut tp_s, mut tp_lp, mut tp_lr, mut n_pred, mut n_gold) = (0, 0, 0, 0, 0);
    let (mut gap_tp, mut gap_pred, mut gap_gold) = (0, 0, 0);
    for (gold, pred) in docs {
        let g_full: Vec<&Ids> = gold
            .iter()
            .filter(|b| !b.0.is_empty() && !b.1.is_empty())
            .collect();
        let p_full: Vec<&Ids> = pred
            .iter()
            .filter(|b| !b.0.is_empty() && !b.1.is_empty())
            .collect();
        let g_set: HashSet<&Ids> = g_full.iter().copied().collect();
        n_gold += g_full.len();
        n_pred += p_full.len();
        tp_s += p_full.iter().filter(|b| g_set.contains(*b)).count();
        let (g_over, p_over) = (Overlaps::new(&g_full), Overlaps::new(&p_full));
        tp_lp += p_full.iter().filter(|b| g_over.any(b)).count();
        tp_lr += g_full.iter().filter(|g| p_over.any(g)).count();
        let gaps = |beads: &[Ids]| -> HashSet<(bool, usize)> {
            let mut s = HashSet::new();
            for b in beads {
                if b.1.is_empty() {
                    s.extend(b.0.iter().map(|&i| (true, i)));
                }
                if b.0.is_empty() {
                    s.extend(b.1.iter().map(|&i| (false, i)));
                }
            }
            s
        };
        let (gg, pg) = (gaps(gold), gaps(pred));
        gap_tp += gg.intersection(&pg).count();
        gap_pred += pg.len();
        gap_gold += gg.len();
    }
    let div = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let (sp, sr) = (div(tp_s, n_pred), div(tp_s, n_gold));
    let (lp, lr) = (div(tp_lp, n_pred), div(tp_lr, n_gold));
    let gp = if gap_pred > 0 {
        div(gap_tp, gap_pred)
    } else {
        1.0
    };
    let gr = if gap_gold > 0 {
        div(gap_tp, gap_gold)
    } else {
        1.0
    };
    Scores {
        strict_p: sp,
        strict_r: sr,
        strict_f1: f1(sp, sr),
        lax_p: lp,
        lax_r: lr,
        lax_f1: f1(lp, lr),
        gaps_p: gp,
        gaps_r: gr,
        gaps_f1: f1(gp, gr),
        gold_beads: n_gold,
        pred_beads: n_pred,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(a: &[usize], c: &[usize]) -> Ids {
        (a.to_vec(), c.to_vec())
    }

    #[test]
    fn scores_strict_lax_and_gaps() {
        let gold = vec![b(&[0], &[0]), b(&[1, 2], &[1]), b(&[3], &[]), b(&[4], &[2])];
        // One exact, one overlapping but wrong (1-1 instead of 2-1), gap found, one wrong pair.
        let pred = vec![
            b(&[0], &[0]),
            b(&[1], &[1]),
            b(&[2], &[]),
            b(&[3], &[]),
            b(&[4], &[3]),
        ];
        let s = score(&[(gold, pred)]);
        assert_eq!((s.gold_beads, s.pred_beads), (3, 3));
        assert!((s.strict_p - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.lax_p - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.lax_r - 2.0 / 3.0).abs() < 1e-9);
        // Gold gaps {s3}; predicted {s2, s3}: precision 1/2, recall 1.
        assert!((s.gaps_p - 0.5).abs() < 1e-9 && (s.gaps_r - 1.0).abs() < 1e-9);
    }

    /// The pairwise definition of lax overlap, which the indexed one must agree with.
    fn lax_pairwise(from: &[Ids], against: &[Ids]) -> usize {
        let full = |b: &&Ids| !b.0.is_empty() && !b.1.is_empty();
        let overlaps = |a: &Ids, b: &Ids| {
            a.0.iter().any(|x| b.0.contains(x)) && a.1.iter().any(|x| b.1.contains(x))
        };
        from.iter()
            .filter(full)
            .filter(|b| against.iter().filter(full).any(|g| overlaps(b, g)))
            .count()
    }

    #[test]
    fn lax_scores_equal_the_pairwise_definition() {
        // Issue 10, item 11: the indexed overlap test replaced a pass over every pair of beads.
        // Small random alignments with crossing and overlapping beads, duplicates and gaps.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n) as usize
        };
        for _ in 0..300 {
            let side = |next: &mut dyn FnMut(u64) -> usize| -> Vec<Ids> {
                (0..next(12))
                    .map(|_| {
                        let a = (0..next(3)).map(|_| next(8)).collect();
                        let b = (0..next(3)).map(|_| next(8)).collect();
                        (a, b)
                    })
                    .collect()
            };
            let gold = side(&mut next);
            let pred = side(&mut next);
            let s = score(&[(gold.clone(), pred.clone())]);
            let (ng, np) = (s.gold_beads.max(1) as f64, s.pred_beads.max(1) as f64);
            assert_eq!((s.lax_p * np).round() as usize, lax_pairwise(&pred, &gold));
            assert_eq!((s.lax_r * ng).round() as usize, lax_pairwise(&gold, &pred));
        }
    }

    #[test]
    fn documents_are_paired_by_name_and_must_be_the_same() {
        let d = |name: Option<&str>, beads: Vec<Ids>| DocBeads {
            doc: name.map(String::from),
            beads,
        };
        let (g, p) = (Path::new("gold.csv"), Path::new("pred.csv"));
        let paired = pair_docs(
            g,
            vec![
                d(Some("a"), vec![b(&[0], &[0])]),
                d(Some("b"), vec![b(&[1], &[1])]),
            ],
            p,
            vec![
                d(Some("b"), vec![b(&[1], &[2])]),
                d(Some("a"), vec![b(&[0], &[0])]),
            ],
        )
        .unwrap();
        assert_eq!(paired[0], (vec![b(&[0], &[0])], vec![b(&[0], &[0])]));
        assert_eq!(paired[1], (vec![b(&[1], &[1])], vec![b(&[1], &[2])]));
        // A file without documents matches a single named one.
        assert_eq!(
            pair_docs(g, vec![d(None, vec![])], p, vec![d(Some("x"), vec![])])
                .unwrap()
                .len(),
            1
        );
        let e = pair_docs(
            g,
            vec![d(Some("a"), vec![]), d(Some("b"), vec![])],
            p,
            vec![d(Some("a"), vec![]), d(Some("c"), vec![])],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("gold.csv and pred.csv hold different documents")
                && e.contains("only in the gold file: \"b\"")
                && e.contains("only in the prediction: \"c\""),
            "{e}"
        );
        let e = pair_docs(
            g,
            vec![d(None, vec![])],
            p,
            vec![d(Some("a"), vec![]), d(Some("c"), vec![])],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("(no doc column)"), "{e}");
    }

    #[test]
    fn reads_vecalign_and_csv() {
        let d = tempfile::tempdir().unwrap();
        let v = d.path().join("a.vec");
        std::fs::write(&v, "[0]:[0]\n[1, 2]:[1]\n[]:[2]\n").unwrap();
        assert_eq!(
            read_beads(&v).unwrap(),
            vec![b(&[0], &[0]), b(&[1, 2], &[1]), b(&[], &[2])]
        );
        let c = d.path().join("a.csv");
        std::fs::write(
            &c,
            "doc,de_ids,fr_ids,de,fr\nx,1,1,a,b\nx,2 3,2,c,d\nx,,3,,e\n",
        )
        .unwrap();
        assert_eq!(read_beads(&c).unwrap(), read_beads(&v).unwrap());
        // Two documents, rows interleaved: grouped by name; read_beads refuses to pool them.
        let two = d.path().join("two.csv");
        std::fs::write(&two, "doc,en_ids,de_ids\nx,1,1\ny,1,2\nx,2,2\n").unwrap();
        let docs = read_docs(&two).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].doc.as_deref(), Some("x"));
        assert_eq!(docs[0].beads, vec![b(&[0], &[0]), b(&[1], &[1])]);
        assert!(read_beads(&two)
            .unwrap_err()
            .to_string()
            .contains("2 documents"));
        let bad = d.path().join("b.vec");
        std::fs::write(&bad, "[0]:[x]\n").unwrap();
        assert!(read_beads(&bad).unwrap_err().to_string().contains("b.vec"));
    }
}
