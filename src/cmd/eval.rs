//! `ende eval`: strict/lax precision, recall, F1 and gaps of alignments against gold.

use anyhow::Result;

use crate::cli::EvalArgs;
use ende::eval;

pub fn run(args: &EvalArgs) -> Result<bool> {
    if !args.files.len().is_multiple_of(2) {
        anyhow::bail!("ende eval: give files in pairs: GOLD PRED [GOLD PRED ...]");
    }
    let mut docs = Vec::new();
    for pair in args.files.chunks(2) {
        let (gold, pred) = (eval::read_docs(&pair[0])?, eval::read_docs(&pair[1])?);
        docs.extend(eval::pair_docs(&pair[0], gold, &pair[1], pred)?);
    }
    let s = eval::score(&docs);
    println!("{}", serde_json::to_string(&s)?);
    eprintln!(
        "strict P/R/F1 {:.4} {:.4} {:.4} | lax {:.4} {:.4} {:.4} | gaps {:.4} {:.4} {:.4} | {} gold, {} predicted beads",
        s.strict_p, s.strict_r, s.strict_f1, s.lax_p, s.lax_r, s.lax_f1, s.gaps_p, s.gaps_r, s.gaps_f1,
        s.gold_beads, s.pred_beads
    );
    Ok(true)
}
