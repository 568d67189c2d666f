//! `ende align`: one English/German pair to aligned beads.

use std::io::{BufWriter, Write};

use anyhow::{Context, Result};

use super::{open_direct, pair_options_for, write_options, OutputFile};
use crate::cli::AlignArgs;
use ende::corpus;
use ende::output::target::{OutputLock, Target};
use ende::output::{self, Summary};

pub fn run(args: &AlignArgs) -> Result<bool> {
    super::refuse_two_stdins(&args.en, &args.de)?;
    // The output is checked and locked before any work: it must not be one of the inputs.
    let target = match &args.output {
        Some(path) => {
            let t = Target::resolve(path)?;
            t.refuse_inputs(path, [args.en.as_path(), args.de.as_path()])?;
            Some(t)
        }
        None => None,
    };
    let _lock = match (&target, &args.output) {
        (Some(Target::File(real)), Some(path)) => Some(OutputLock::acquire(real, path)?),
        _ => None,
    };
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
    let (file, out): (Option<OutputFile>, Box<dyn Write + Send>) = match &target {
        Some(Target::File(real)) => {
            let (f, w) = OutputFile::create(real)?;
            (Some(f), w)
        }
        Some(t) => (None, open_direct(t)?),
        None => (None, Box::new(BufWriter::new(std::io::stdout()))),
    };
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
    if let Some(f) = file {
        f.commit()?;
    }
    Ok(true)
}
