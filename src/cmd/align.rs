//! `ende align`: one English/German pair to aligned beads.

use std::io::{BufWriter, Write};

use anyhow::Result;

use super::{pair_options_for, write_options, OutputFile};
use crate::cli::AlignArgs;
use ende::corpus;
use ende::output::{self, Summary};

pub fn run(args: &AlignArgs) -> Result<bool> {
    let (doc, notices) = corpus::align_files(
        &args.en,
        &args.de,
        &pair_options_for(args.presplit, &args.pair, args.format),
    )?;
    for n in &notices.0 {
        eprintln!("ende: notice: {n}");
    }
    let mut summary = Summary::default();
    summary.add(&doc);
    let (file, out): (Option<OutputFile>, Box<dyn Write + Send>) = match &args.output {
        Some(path) => {
            let (f, w) = OutputFile::create(path)?;
            (Some(f), w)
        }
        None => (None, Box::new(BufWriter::new(std::io::stdout()))),
    };
    let mut w = output::writer(args.format, out, &write_options(&args.write));
    w.write_doc(&doc)?;
    w.finish(&summary)?;
    if let Some(f) = file {
        f.commit()?;
    }
    Ok(true)
}
