//! Scoring an alignment against gold, for research users comparing aligners.
//!
//! The measures are those of the Text+Berg evaluations (Sennrich & Volk 2010, and the
//! Vecalign and Bertalign papers after them) as `../shared/eval/score_align.py` computes them:
//! strict (a predicted bead counts when it equals a gold bead) and lax (when it shares at least
//! one sentence with a gold bead on both sides) precision, recall and F1 over beads with
//! sentences on both sides; and "gaps", the same for sentences reported as having no
//! counterpart. Beads are compared as sets, because gold files may hold crossing beads.

use std::collections::HashSet;
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

/// Reads beads from a vecalign file (`[0, 1]:[2]`) or a CSV whose first two columns named
/// `*_ids` hold 1-based numbers separated by spaces (as `ende align` writes).
pub fn read_beads(path: &Path) -> Result<Vec<Ids>> {
    let doc = Document::read(path)?;
    let bad = |message: String| Error::Usage(format!("{}: {message}", path.display()));
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
        return Ok(out);
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
    let ids = |cell: &str| -> std::result::Result<Vec<usize>, String> {
        cell.replace([';', ','], " ")
            .split_whitespace()
            .map(|x| match x.parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n - 1),
                _ => Err(format!("bad sentence number {x:?}")),
            })
            .collect()
    };
    let mut out = Vec::new();
    for (k, row) in reader.records().enumerate() {
        let row = row.map_err(|e| bad(format!("row {}: {e}", k + 2)))?;
        let a =
            ids(row.get(cols[0]).unwrap_or("")).map_err(|e| bad(format!("row {}: {e}", k + 2)))?;
        let b =
            ids(row.get(cols[1]).unwrap_or("")).map_err(|e| bad(format!("row {}: {e}", k + 2)))?;
        out.push((a, b));
    }
    Ok(out)
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Scores predicted against gold alignments, pooled over several documents.
pub fn score(docs: &[(Vec<Ids>, Vec<Ids>)]) -> Scores {
    let (mut tp_s, mut tp_lp, mut tp_lr, mut n_pred, mut n_gold) = (0, 0, 0, 0, 0);
    let (mut gap_tp, mut gap_pred, mut gap_gold) = (0, 0, 0);
    let overlaps = |a: &Ids, b: &Ids| {
        a.0.iter().any(|x| b.0.contains(x)) && a.1.iter().any(|x| b.1.contains(x))
    };
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
        tp_lp += p_full
            .iter()
            .filter(|b| g_full.iter().any(|g| overlaps(b, g)))
            .count();
        tp_lr += g_full
            .iter()
            .filter(|g| p_full.iter().any(|b| overlaps(g, b)))
            .count();
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
        let bad = d.path().join("b.vec");
        std::fs::write(&bad, "[0]:[x]\n").unwrap();
        assert!(read_beads(&bad).unwrap_err().to_string().contains("b.vec"));
    }
}
