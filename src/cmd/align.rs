//! `ende align`: one English/German pair to aligned beads.

use anyhow::{Context, Result};

use super::{pair_options_for, write_options, Claim};
use crate::cli::AlignArgs;
use ende::corpus;
use ende::output::{self, Summary};

pub fn run(args: &AlignArgs) -> Result<bool> {
    super::refuse_two_stdins(&args.en, &args.de)?;
    // The output is checked and locked before any work: it must not be one of the inputs.
    let claim = Claim::new(
        args.output.as_deref(),
        [args.en.as_path(), args.de.as_path()],
    )?;
    let (doc, notices) = corpus::align_files(
        &args.en,
        &args.de,
        &pair_options_for(args.presplit, &args.pair, args.format)?,
    )?;
    for n in &notices.0 {
        eprintln!("ende: notice: {n}");
    }
    let mut summary = Summary::default();
    summary.add(&doc);
    let mut output = claim.open()?;
    let out = std::mem::replace(&mut output.w, Box::new(std::io::sink()));
    let mut w = output::writer(args.format, out, &write_options(&args.write));
    let target = match &args.output {
        Some(p) => p.display().to_string(),
        None => "standard output".to_string(),
    };
    w.write_doc(&doc).with_context(|| target.clone())?;
    for n in w.take_notices() {
        eprintln!("ende: notice: {n}");
    }
    w.finish(&summary).with_context(|| target)?;
    output.finish()?;
    Ok(true)
}
