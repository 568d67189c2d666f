//! `ende batch`: a corpus of pairs, aligned in parallel into one streamed output.

use std::io::{BufWriter, IsTerminal, Write};
use std::time::Instant;

use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{open_direct, pair_options_for, write_options, OutputFile};
use crate::cli::BatchArgs;
use ende::corpus::{self, PairSource};
use ende::error::Error;
use ende::output::resume::{PartialOutput, Resumed, RunId};
use ende::output::target::{OutputLock, Target};
use ende::output::{self, Format, Summary};

/// Where the output goes. A regular file is written as a resumable partial file (or, for XLSX,
/// which cannot be continued, under a temporary name); standard output and devices are written
/// directly, since they cannot be renamed or cut back.
enum Sink {
    Partial(Box<PartialOutput>),
    Whole(OutputFile),
    Direct,
}

fn run_id(args: &BatchArgs, sources: &[PairSource]) -> RunId {
    let options = format!(
        "presplit={} langs={:?} realign={} no_realign={} lexicon={:?} bom={} min_score={}",
        args.presplit,
        args.pair.langs,
        args.pair.realign,
        args.pair.no_realign,
        args.pair.lexicon,
        args.write.bom,
        args.write.min_score
    );
    RunId::new(
        &args.input,
        args.format.name(),
        options,
        sources.iter().map(|s| {
            [
                s.name.as_bytes(),
                s.en.as_os_str().as_encoded_bytes(),
                s.de.as_os_str().as_encoded_bytes(),
            ]
        }),
    )
}

/// The io::Error at the bottom of a write failure, for a one-line message.
fn cause(e: &Error) -> String {
    match std::error::Error::source(e) {
        Some(io) => io.to_string(),
        None => e.to_string(),
    }
}

fn is_closed_pipe(e: &Error) -> bool {
    matches!(e, Error::Write { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

pub fn run(args: &BatchArgs) -> Result<bool> {
    let target = Target::resolve(&args.output)?;
    if args.resume {
        let why = match &target {
            Target::Stdout => Some("standard output is written as it goes".to_string()),
            Target::Direct(p) => Some(format!(
                "{} is not a regular file, so it is written as it goes",
                p.display()
            )),
            Target::File(_) if !args.format.resumable() => Some(format!(
                "{} output is written in one piece",
                args.format.name()
            )),
            Target::File(_) => None,
        };
        if let Some(why) = why {
            let resumable: Vec<&str> = Format::ALL
                .into_iter()
                .filter(|f| f.resumable())
                .map(Format::name)
                .collect();
            bail!(
                "--resume needs an output file in a format that can be continued ({}); {why}",
                resumable.join(", ")
            );
        }
    }
    let sources = corpus::discover(&args.input)?;
    // The manifest too: `-o manifest.csv` would replace it.
    let manifest = std::fs::metadata(&args.input).is_ok_and(|m| m.is_file());
    target.refuse_inputs(
        &args.output,
        manifest.then_some(args.input.as_path()).into_iter().chain(
            sources
                .iter()
                .flat_map(|s| [s.en.as_path(), s.de.as_path()]),
        ),
    )?;
    // Held until the run ends, so a second run on the same output is refused instead of
    // writing into this one's files.
    let _lock = match &target {
        Target::File(real) => Some(OutputLock::acquire(real, &args.output)?),
        _ => None,
    };
    let jobs = args.jobs.unwrap_or_else(rayon::current_num_threads).max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;

    let total = sources.len();
    let mut skip = 0;
    let mut summary = Summary::default();
    // Whether the output already holds its header (or prolog): a resumed run whose finished
    // pairs all failed has written nothing yet.
    let mut started = false;
    let (mut sink, out): (Sink, Box<dyn Write + Send>) = match &target {
        Target::Stdout | Target::Direct(_) => (Sink::Direct, open_direct(&target)?),
        Target::File(real) if !args.format.resumable() => {
            let (f, w) = OutputFile::create(real)?;
            (Sink::Whole(f), w)
        }
        Target::File(real) if args.resume => {
            match PartialOutput::resume(real, run_id(args, &sources))? {
                Resumed::Complete => {
                    if !args.quiet {
                        eprintln!(
                            "ende: {}: the earlier run had finished (its output is complete); \
                             nothing to resume",
                            args.output.display()
                        );
                    }
                    return Ok(true);
                }
                Resumed::Continue {
                    output,
                    file,
                    done,
                    summary: s,
                } => {
                    skip = done.min(total);
                    summary = s;
                    started = file.metadata().map(|m| m.len() > 0).unwrap_or(false);
                    (
                        Sink::Partial(output),
                        Box::new(BufWriter::with_capacity(256 * 1024, file)),
                    )
                }
            }
        }
        Target::File(real) => {
            let (p, f) = PartialOutput::create(real, run_id(args, &sources))?;
            (
                Sink::Partial(Box::new(p)),
                Box::new(BufWriter::with_capacity(256 * 1024, f)),
            )
        }
    };
    let mut wopts = write_options(&args.write);
    wopts.append = started;
    wopts.pairs = total;
    let mut writer = output::writer(args.format, out, &wopts);
    let mut opts = pair_options_for(args.presplit, &args.pair, args.format)?;
    if opts.learns() {
        // The corpus's own word pairs, learned once for all pairs; each pair is then aligned
        // once with them rather than learning from itself.
        if let Some(dict) = corpus::learn_lexicon(&sources, &opts, &pool) {
            opts.lexicon = Some(dict);
        }
        opts.realign = false;
    }
    if args.format.shows_parts() {
        // Lines that recur across the batch are its site template, shown as page furniture.
        opts.template = std::sync::Arc::new(corpus::learn_template(&sources, &opts, &pool));
    }

    let progress = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} pairs, {msg} ({per_sec}, ETA {eta})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_position(skip as u64);
        bar
    };
    if skip > 0 && !args.quiet {
        eprintln!(
            "ende: resuming after {skip} of {total} finished pairs ({} pairs left)",
            total - skip
        );
    }
    let start = Instant::now();
    let seconds_before = summary.seconds;
    let mut done = skip;
    let mut write_error = None;
    {
        corpus::run_batch(&sources[skip..], &opts, &pool, |source, result| {
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
                    // One flush per pair puts every finished pair on disk, so a failure later
                    // loses none of them; it costs one system call per pair.
                    if let Err(e) = writer.write_doc(&doc).and_then(|()| writer.flush()) {
                        write_error = Some(e);
                        return false;
                    }
                    for n in writer.take_notices() {
                        progress.suspend(|| eprintln!("ende: notice: {n}"));
                    }
                }
                Err(e) => {
                    progress.suspend(|| eprintln!("ende: {}: skipped: {e}", source.name));
                    summary.failed.push((source.name.clone(), e.to_string()));
                }
            }
            done += 1;
            summary.seconds = seconds_before + start.elapsed().as_secs_f64();
            if let Sink::Partial(p) = &mut sink {
                if let Err(e) = p.pair_done(&summary) {
                    write_error = Some(e);
                    return false;
                }
            }
            true
        })
    }
    progress.finish_and_clear();
    summary.seconds = seconds_before + start.elapsed().as_secs_f64();
    let result = match write_error {
        Some(e) => {
            // Dropped before the partial file is cut back: its buffer would otherwise be
            // flushed past the cut.
            drop(writer);
            Err(e)
        }
        None => writer.finish(&summary),
    };
    if let Err(e) = result {
        return Err(stopped(args, sink, e, done, total));
    }
    match sink {
        Sink::Partial(p) => p.commit()?,
        Sink::Whole(f) => f.commit()?,
        Sink::Direct => {}
    }
    if !args.quiet {
        let share = |a: usize, n: usize| 100.0 * ende::check::ratio(a, n);
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

/// The error for a run whose output failed: says what happened, what of the work is kept and
/// how to go on.
fn stopped(args: &BatchArgs, sink: Sink, e: Error, done: usize, total: usize) -> anyhow::Error {
    let out = args.output.display();
    match sink {
        Sink::Direct if is_closed_pipe(&e) => {
            if !args.quiet {
                eprintln!(
                    "ende: {out}: closed by the reader after {done} of {total} pairs; stopped"
                );
            }
            e.into() // a closed pipe: main exits quietly with success
        }
        Sink::Direct => anyhow::anyhow!(
            "{out}: cannot write: {}; stopped after {done} of {total} pairs",
            cause(&e)
        ),
        Sink::Whole(_) => anyhow::anyhow!(
            "{out}: cannot write: {}; nothing was written ({} output is written in one piece at \
             the end)",
            cause(&e),
            args.format.name()
        ),
        Sink::Partial(p) => {
            let kept = p.keep();
            if kept.done == 0 {
                anyhow::anyhow!("{out}: cannot write: {}; no pair was finished", cause(&e))
            } else {
                anyhow::anyhow!(
                    "{out}: cannot write: {}; the {} finished pairs (of {total}) are kept in {}: \
                     make room and run the same command with --resume to continue",
                    cause(&e),
                    kept.done,
                    kept.partial.display()
                )
            }
        }
    }
}
