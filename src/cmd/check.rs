//! `ende check`: is the translation complete? Coverage, unpaired sentences and flagged beads,
//! for one pair or every pair of a corpus, as a readable report or one JSON document.
//!
//! The report puts problems first because it is read by a person deciding whether a translation
//! can ship; `--min-coverage` turns the same figure into an exit status for a pipeline.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{ensure, Result};
use serde::Serialize;

use super::{pair_options, Claim};
use crate::cli::{CheckArgs, CheckFormat};
use ende::check::{self, percent, BatchTotals, Gate, Line, Report};
use ende::corpus::{self, PairOptions};
use ende::output::{self, Format, Summary, WriteOptions};
use ende::pair::AlignedDoc;
use ende::Code;

/// Flagged beads show this many characters of each side: enough to find the sentence again,
/// short enough for one terminal line.
const SHOWN_CHARS: usize = 80;

/// Boilerplate lines are listed compactly, this many characters each.
const BOILER_CHARS: usize = 40;

/// Width of the wrapped boilerplate list.
const WIDTH: usize = 100;

/// Returns false (exit 1) for a finding — a pair below `--min-coverage`, a batch pair that
/// failed — and an error (exit 2) when a single pair cannot be read at all.
pub fn run(args: &CheckArgs) -> Result<bool> {
    if let Some(min) = args.min_coverage {
        ensure!(
            (0.0..=1.0).contains(&min),
            "--min-coverage takes a share between 0 and 1, got {min}"
        );
    }
    let opts = pair_options(args.presplit, &args.pair)?;
    // The report goes to -o as a whole (under a temporary name until complete), or to
    // standard output.
    let inputs = args.batch.iter().chain(&args.en).chain(&args.de);
    let mut output = Claim::new(args.output.as_deref(), inputs.map(PathBuf::as_path))?.open()?;
    let out = &mut output.w;
    let ok = match (&args.batch, &args.en, &args.de) {
        (Some(input), _, _) => batch(input, &opts, args, out)?,
        (None, Some(en), Some(de)) => {
            super::refuse_two_stdins(en, de)?;
            single(en, de, &opts, args, out)?
        }
        _ => anyhow::bail!("ende check: give EN_FILE and DE_FILE, or --batch INPUT"),
    };
    output.finish()?;
    Ok(ok)
}

/// The HTML report: the output module's HTML writer (the one `ende align --format html` uses),
/// which works out each pair's report itself. The writer takes its output for good, so it gets
/// `out` itself (a sink is left in its place), and the page streams to it.
fn html(docs: Vec<AlignedDoc>, summary: &Summary, out: &mut Box<dyn Write + Send>) -> Result<()> {
    let out = std::mem::replace(out, Box::new(std::io::sink()));
    let mut w = output::writer(Format::Html, out, &WriteOptions::default());
    for d in &docs {
        w.write_doc(d)?;
    }
    w.finish(summary)?;
    Ok(())
}

fn single(
    en: &Path,
    de: &Path,
    opts: &PairOptions,
    args: &CheckArgs,
    out: &mut Box<dyn Write + Send>,
) -> Result<bool> {
    let (doc, notices) = corpus::align_files(en, de, opts)?;
    for n in &notices.0 {
        eprintln!("ende: notice: {n}");
    }
    let report = check::report(&doc);
    match args.format {
        CheckFormat::Text => write_report(out, &report)?,
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        CheckFormat::Html => {
            let mut summary = Summary::default();
            summary.add(&doc);
            html(vec![doc], &summary, out)?;
        }
    }
    Ok(passes(&report, args.min_coverage))
}

/// Whether a pair passes the `--min-coverage` gate ([`Report::gate`]); says why on standard
/// error when it does not, so that a pipeline log shows why the step failed even when the
/// report goes to a file.
fn passes(r: &Report, min: Option<f64>) -> bool {
    match r.gate(min) {
        Gate::Pass => true,
        Gate::BelowCoverage { coverage, min } => {
            eprintln!(
                "ende: {}: coverage {} is below --min-coverage {}",
                r.name,
                percent(coverage),
                percent(min)
            );
            false
        }
        Gate::LooksUntranslated {
            untranslated,
            paired,
        } => {
            eprintln!(
                "ende: {}: {untranslated} of {paired} paired sentences look untranslated; failing --min-coverage",
                r.name
            );
            false
        }
    }
}

/// A pair that could not be checked, and why.
#[derive(Serialize)]
struct Failed {
    name: String,
    error: String,
}

#[derive(Serialize)]
struct BatchReport<'a> {
    pairs: &'a [Report],
    failed: &'a [Failed],
    totals: BatchTotals,
}

fn batch(
    input: &Path,
    opts: &PairOptions,
    args: &CheckArgs,
    out: &mut Box<dyn Write + Send>,
) -> Result<bool> {
    let sources = corpus::discover(input)?;
    let mut reports = Vec::new();
    let mut failed = Vec::new();
    // The HTML report shows every bead, so it keeps the pairs (in input order).
    let mut docs = Vec::new();
    let mut summary = Summary::default();
    // Only the small reports are kept; `run_batch` drops each aligned pair once it is summed up.
    let pool = rayon::ThreadPoolBuilder::new().build()?;
    // Lines that recur across the batch's documents are its site template (page furniture).
    let mut opts = opts.clone();
    opts.template = std::sync::Arc::new(corpus::learn_template(&sources, &opts, &pool));
    let opts = &opts;
    corpus::run_batch(&sources, opts, &pool, |source, result| {
        match result {
            Ok((doc, notices)) => {
                for n in &notices.0 {
                    eprintln!("ende: notice: {n}");
                }
                reports.push(check::report(&doc));
                if args.format == CheckFormat::Html {
                    summary.add(&doc);
                    docs.push(doc);
                }
            }
            Err(e) => {
                eprintln!("ende: {}: {e}", source.name);
                failed.push(Failed {
                    name: source.name.clone(),
                    error: e.to_string(),
                });
            }
        }
        true
    });
    check::worst_first(&mut reports);
    for r in &reports {
        // Each pair below the gate says why.
        passes(r, args.min_coverage);
    }
    let t = BatchTotals::new(&reports, failed.len(), args.min_coverage);
    let ok = failed.is_empty() && t.below_min_coverage == 0;
    match args.format {
        CheckFormat::Json => {
            let doc = BatchReport {
                pairs: &reports,
                failed: &failed,
                totals: t,
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        CheckFormat::Html => {
            summary.failed = failed
                .iter()
                .map(|f| (f.name.clone(), f.error.clone()))
                .collect();
            html(docs, &summary, out)?
        }
        CheckFormat::Text => {
            write_table(out, &reports, &failed, &t)?;
            for r in &reports {
                writeln!(out)?;
                write_report(out, r)?;
            }
        }
    }
    Ok(ok)
}

/// At most `max` characters of `s`, with `…` where it was cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.truncate(t.trim_end().len());
    t.push('…');
    t
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One pair: a header line with the body's figures, then what is missing, added and flagged in
/// the body, then the headline and the page furniture that were set aside.
fn write_report(out: &mut impl Write, r: &Report) -> Result<()> {
    let (src, tgt) = (r.src_lang.name(), r.tgt_lang.name());
    writeln!(
        out,
        "{}: {} of {} {src} body sentences translated ({}, {} of characters); {} missing, {} added, {} flagged",
        r.name,
        r.src_translated,
        r.src_sentences,
        percent(r.coverage_sentences),
        percent(r.coverage_chars),
        r.missing.len(),
        r.added.len(),
        r.flagged.len()
    )?;
    if r.looks_untranslated() {
        writeln!(
            out,
            "warning: {} of {} paired sentences look untranslated: is the {tgt} file a copy of the {src} one, or still in {src}?",
            r.untranslated, r.paired_beads
        )?;
    }
    let tag = |code: Code| code.as_str().to_uppercase();
    let list = |out: &mut dyn Write, title: String, code: Code, lines: &[Line]| -> Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{title}")?;
        let width = lines.last().map_or(1, |l| l.id.to_string().len());
        for l in lines {
            writeln!(out, "  {} {:>width$}  {}", tag(code), l.id, l.text)?;
        }
        Ok(())
    };
    list(out, format!("Missing in {tgt}:"), r.src_lang, &r.missing)?;
    list(out, format!("Added in {tgt}:"), r.tgt_lang, &r.added)?;
    if !r.flagged.is_empty() {
        writeln!(out, "\nFlagged:")?;
        for f in &r.flagged {
            let ids = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
            writeln!(
                out,
                "  {} {} / {} {}  {}  (score {:.2}){}",
                tag(r.src_lang),
                ids(&f.src_ids),
                tag(r.tgt_lang),
                ids(&f.tgt_ids),
                f.flags.join(", "),
                f.score,
                if f.reasons.is_empty() {
                    String::new()
                } else {
                    format!(": {}", f.reasons.join("; "))
                }
            )?;
            writeln!(
                out,
                "    {}: {}",
                tag(r.src_lang),
                shorten(&f.src, SHOWN_CHARS)
            )?;
            writeln!(
                out,
                "    {}: {}",
                tag(r.tgt_lang),
                shorten(&f.tgt, SHOWN_CHARS)
            )?;
        }
    }
    for (title, code, lines) in [
        (
            "Headline not translated:".to_string(),
            r.src_lang,
            &r.headline.src,
        ),
        (
            format!("Headline not in {src}:"),
            r.tgt_lang,
            &r.headline.tgt,
        ),
    ] {
        list(out, title, code, lines)?;
    }
    let f = &r.furniture;
    if !f.is_empty() {
        writeln!(out, "\nPage furniture (not counted):")?;
        for (code, lines) in [(r.src_lang, &f.src), (r.tgt_lang, &f.tgt)] {
            if !lines.is_empty() {
                let lines: Vec<Line> = lines
                    .iter()
                    .map(|l| Line {
                        id: l.id,
                        text: l.text.clone(),
                    })
                    .collect();
                compact(out, &tag(code), &lines)?;
            }
        }
    }
    Ok(())
}

/// `EN 1 Skip to main content · 2 We use cookies …`, wrapped at [`WIDTH`].
fn compact(out: &mut impl Write, tag: &str, lines: &[Line]) -> Result<()> {
    let lead = format!("  {tag} ");
    let mut line = lead.clone();
    let mut first = true;
    for l in lines {
        let item = format!("{} {}", l.id, shorten(&l.text, BOILER_CHARS));
        let sep = if first { "" } else { " · " };
        if !first && line.chars().count() + sep.len() + item.chars().count() > WIDTH {
            writeln!(out, "{}", line.trim_end())?;
            line = " ".repeat(lead.len());
        } else {
            line.push_str(sep);
        }
        line.push_str(&item);
        first = false;
    }
    writeln!(out, "{line}")?;
    Ok(())
}

/// The batch overview: one line per pair, worst coverage first, then the totals.
fn write_table(
    out: &mut impl Write,
    reports: &[Report],
    failed: &[Failed],
    t: &BatchTotals,
) -> Result<()> {
    let name_width = reports
        .iter()
        .map(|r| r.name.chars().count())
        .chain([5])
        .max()
        .unwrap_or(5);
    writeln!(
        out,
        "{:<name_width$}  {:>10}  {:>8}  {:>9}  {:>7}  {:>5}  {:>7}",
        "pair", "translated", "of chars", "sentences", "missing", "added", "flagged"
    )?;
    let row = |out: &mut dyn Write, name: &str, cs: f64, cc: f64, n, m, a, f, note| {
        writeln!(
            out,
            "{name:<name_width$}  {:>10}  {:>8}  {n:>9}  {m:>7}  {a:>5}  {f:>7}{note}",
            percent(cs),
            percent(cc)
        )
    };
    for r in reports {
        let note = if r.looks_untranslated() {
            "  looks untranslated"
        } else {
            ""
        };
        row(
            out,
            &r.name,
            r.coverage_sentences,
            r.coverage_chars,
            r.src_sentences,
            r.missing.len(),
            r.added.len(),
            r.flagged.len(),
            note,
        )?;
    }
    row(
        out,
        "total",
        t.coverage_sentences,
        t.coverage_chars,
        t.counts.src_sentences,
        t.counts.missing,
        t.counts.added,
        t.counts.flagged,
        "",
    )?;
    writeln!(
        out,
        "{} checked, {} failed{}",
        plural(t.pairs, "pair", "pairs"),
        t.failed,
        if t.below_min_coverage > 0 {
            format!(", {} below --min-coverage", t.below_min_coverage)
        } else {
            String::new()
        }
    )?;
    for f in failed {
        writeln!(out, "failed: {}: {}", f.name, f.error)?;
    }
    Ok(())
}
