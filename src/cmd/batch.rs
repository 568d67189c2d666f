//! `ende batch`: a corpus of pairs, aligned in parallel into one streamed output.

use std::io::IsTerminal;
use std::time::Instant;

use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{pair_options_for, write_options, OutputFile};
use crate::cli::BatchArgs;
use ende::corpus;
use ende::output::{self, Summary};

pub fn run(args: &BatchArgs) -> Result<bool> {
    let sources = corpus::discover(&args.input)?;
    if sources.is_empty() {
        bail!(
            "{}: no pairs found (expected NAME.en.txt + NAME.de.txt, en/ + de/ folders, or a doc,en,de manifest)",
            args.input.display()
        );
    }
    let jobs = args.jobs.unwrap_or_else(rayon::current_num_threads).max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let (file, out) = OutputFile::create(&args.output)?;
    let mut writer = output::writer(args.format, out, &write_options(&args.write));
    let opts = pair_options_for(args.presplit, &args.pair, args.format);

    let progress = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar =
            ProgressBar::with_draw_target(Some(sources.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} pairs, {msg} ({per_sec}, ETA {eta})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar
    };
    let start = Instant::now();
    let mut summary = Summary::default();
    let mut write_error = None;
    pool.install(|| {
        corpus::run_batch(&sources, &opts, jobs, |source, result| {
            progress.inc(1);
            match result {
                Ok((doc, notices)) => {
                    for n in &notices.0 {
                        progress.suspend(|| eprintln!("ende: notice: {n}"));
                    }
                    summary.add(&doc);
                    progress.set_message(format!(
                        "{} + {} sentences",
                        summary.src_sentences, summary.tgt_sentences
                    ));
                    if let Err(e) = writer.write_doc(&doc) {
                        write_error = Some(e);
                        return false;
                    }
                }
                Err(e) => {
                    progress.suspend(|| eprintln!("ende: {}: skipped: {e}", source.name));
                    summary.failed.push((source.name.clone(), e.to_string()));
                }
            }
            true
        })
    });
    progress.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e.into()); // the temporary file is removed; nothing half-written remains
    }
    summary.seconds = start.elapsed().as_secs_f64();
    writer.finish(&summary)?;
    file.commit()?;
    if !args.quiet {
        let share = |a: usize, n: usize| {
            if n == 0 {
                0.0
            } else {
                100.0 * a as f64 / n as f64
            }
        };
        eprintln!(
            "ende: {} pairs aligned, {} failed; {} English and {} German sentences, {:.1}% and {:.1}% aligned; {:.1} s -> {}",
            summary.pairs,
            summary.failed.len(),
            summary.src_sentences,
            summary.tgt_sentences,
            share(summary.src_aligned, summary.src_sentences),
            share(summary.tgt_aligned, summary.tgt_sentences),
            summary.seconds,
            args.output.display()
        );
    }
    Ok(summary.failed.is_empty())
}
