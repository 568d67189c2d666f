//! `ende pair`: which German page of a crawl translates which English page, as a manifest for
//! `ende batch` (or JSON lines with the texts for `ende stream`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Claim;
use crate::cli::{PairFormat, PairPagesArgs};
use ende::docalign::{
    self, input, Best, Extractor, Index, Interner, MatchOptions, Matching, Options, Reader,
    Refusal, Scored, Side,
};
use ende::lang::{Lang, LangPair};
use ende::output::target::Target;

fn bar(quiet: bool, template: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
    bar
}

/// The folder an output file is in, absolute; `None` for standard output and devices.
fn output_dir(path: &Path) -> Result<Option<PathBuf>> {
    if path.as_os_str() == "-" || matches!(Target::resolve(path)?, Target::Direct(_)) {
        return Ok(None);
    }
    let abs =
        std::path::absolute(path).with_context(|| format!("{}: cannot resolve", path.display()))?;
    Ok(abs.parent().map(Path::to_path_buf))
}

/// Refuses an output inside an input folder: the next run would take it for a page. (An
/// output that is an input file is refused by its [`Claim`].)
fn refuse_in_folders(out: &Path, inputs: [&Path; 2]) -> Result<()> {
    if out.as_os_str() == "-" {
        return Ok(());
    }
    let Ok(abs) = std::path::absolute(out) else {
        return Ok(());
    };
    let abs = match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir).unwrap_or(dir.into()).join(name),
        _ => abs,
    };
    for input in inputs {
        if let Ok(dir) = std::fs::canonicalize(input) {
            if dir.is_dir() && abs.starts_with(&dir) {
                bail!(
                    "{}: inside the input folder {}: the next run would read it as a page; \
                     write it elsewhere",
                    out.display(),
                    input.display()
                );
            }
        }
    }
    Ok(())
}

/// How a page's file is named in the manifest: relative to the manifest's folder when below
/// it, else absolute; for standard output, as found (relative to the current folder).
fn manifest_path(path: &Path, dir: Option<&Path>) -> String {
    let Some(dir) = dir else {
        return path.display().to_string();
    };
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match abs.strip_prefix(dir) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => abs.display().to_string(),
    }
}

/// The `doc` name of a pair: the English page's id without its extension and language suffix
/// (`news/flood.en.txt` → `news/flood`), as `ende batch` names a folder's pairs.
fn doc_name(id: &str, file: bool) -> String {
    if !file {
        return id.to_string();
    }
    let (dir, name) = match id.rsplit_once('/') {
        Some((d, n)) => (Some(d), n),
        None => (None, id),
    };
    let stem = ende::corpus::doc_name(Path::new(name));
    match dir {
        Some(d) => format!("{d}/{stem}"),
        None => stem,
    }
}

/// Names of all pairs, unique: a second German version of a page is `doc#2`, and two English
/// pages whose names agree without their extensions keep their full ids.
fn doc_names(pairs: &[Scored], en: &Side) -> Vec<String> {
    let base: Vec<String> = pairs
        .iter()
        .map(|p| doc_name(&en.pages[p.en as usize].id, !en.jsonl))
        .collect();
    let mut owners: std::collections::HashMap<&str, u32> = Default::default();
    let mut clash = std::collections::HashSet::new();
    for (b, p) in base.iter().zip(pairs) {
        if let Some(&o) = owners.get(b.as_str()) {
            if o != p.en {
                clash.insert(b.as_str());
            }
        } else {
            owners.insert(b, p.en);
        }
    }
    let mut out = Vec::with_capacity(pairs.len());
    for (k, (b, p)) in base.iter().zip(pairs).enumerate() {
        let name = if clash.contains(b.as_str()) {
            en.pages[p.en as usize].id.clone()
        } else {
            b.clone()
        };
        let version = pairs[..k].iter().rev().take_while(|q| q.en == p.en).count();
        out.push(if version == 0 {
            name
        } else {
            format!("{name}#{}", version + 1)
        });
    }
    out
}

pub fn run(args: &PairPagesArgs) -> Result<bool> {
    let start = Instant::now();
    let inputs = [args.en.as_path(), args.de.as_path()];
    let claim = |path: &Path| -> Result<Claim> {
        let c = Claim::new(Some(path), inputs)?;
        refuse_in_folders(path, inputs)?;
        Ok(c)
    };
    let out = claim(&args.output)?;
    if args.unmatched.as_ref() == Some(&args.output) && args.output.as_os_str() != "-" {
        bail!("--unmatched and -o name the same file");
    }
    let unmatched = args.unmatched.as_deref().map(claim).transpose()?;
    let jobs = args.jobs.unwrap_or_else(rayon::current_num_threads).max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
    let mut out = out.open()?;
    let mut unmatched_out = unmatched.map(Claim::open).transpose()?;

    let extractor = Extractor::new();
    let interner = Interner::new();
    let reading = bar(
        args.quiet,
        "{elapsed_precise} reading {msg}: {pos} pages ({per_sec})",
    );
    let tick = |n: u64| reading.inc(n);
    let side = |lang: Lang, path: &Path, other_df: Option<&[u32]>| -> Result<Side> {
        reading.set_message(format!("{} ({})", path.display(), lang.code()));
        let r = Reader {
            lang,
            extractor: &extractor,
            interner: &interner,
            max_bytes: args.read.max_file_size,
            progress: &tick,
            other_df,
        };
        Ok(pool.install(|| r.read(path))?)
    };
    let mut en = side(Lang::En, &args.en, None)?;
    let en_df =
        pool.install(|| docalign::pages::document_frequencies(&en.evidence, interner.len()));
    let mut de = side(Lang::De, &args.de, Some(&en_df))?;
    drop(en_df);
    reading.finish_and_clear();
    for s in en.skipped.iter().chain(&de.skipped) {
        if !args.quiet {
            eprintln!("ende: skipped: {}", s.reason);
        }
    }
    if en.pages.is_empty() || de.pages.is_empty() {
        let empty = if en.pages.is_empty() { &en } else { &de };
        bail!(
            "{}: no page to pair ({} skipped)",
            empty.input.display(),
            empty.skipped.len()
        );
    }
    let opts = Options {
        matching: MatchOptions {
            threshold: args.threshold,
            many: args.many,
            ..MatchOptions::default()
        },
        ..Options::default()
    };
    let keys = interner.len();
    let evidence = (
        std::mem::take(&mut en.evidence),
        std::mem::take(&mut de.evidence),
    );
    let scoring = bar(
        args.quiet,
        "{elapsed_precise} [{bar:30}] {pos}/{len} pages scored ({per_sec}, ETA {eta})",
    );
    let index = pool.install(|| Index::build(evidence.0, evidence.1, keys, opts.params.clone()));
    scoring.set_length((index.len(0) + index.len(1)) as u64);
    let tick = |n: u64| scoring.inc(n);
    let m = pool.install(|| docalign::match_pages(&index, &opts.matching, &tick));
    scoring.finish_and_clear();

    let dir = output_dir(&args.output)?;
    match args.format {
        PairFormat::Csv => write_manifest(&mut out.w, &m, &en, &de, dir.as_deref())?,
        PairFormat::Jsonl => write_jsonl(&mut out.w, &m, &en, &de, args, &pool)?,
    }
    if let Some(u) = &mut unmatched_out {
        write_unmatched(&mut u.w, &m, &en, &de, args.threshold)?;
    }
    out.finish()?;
    if let Some(u) = unmatched_out {
        u.finish()?;
    }
    if !args.quiet {
        let paired = |side: usize| {
            let mut v: Vec<u32> = m
                .pairs
                .iter()
                .map(|p| if side == 0 { p.en } else { p.de })
                .collect();
            v.dedup();
            v.len()
        };
        if args.format == PairFormat::Csv && (en.jsonl || de.jsonl) {
            eprintln!(
                "ende: note: the en and de columns hold the JSON-lines records' ids, which ende \
                 batch cannot read; --format jsonl writes the texts for ende stream"
            );
        }
        if m.url_scheme {
            eprintln!(
                "ende: note: most English pages have a partner at the matching address, so a \
                 pair whose addresses disagree needed a score of {:.2}",
                opts.matching.threshold + opts.matching.url_against
            );
        }
        eprintln!(
            "ende: {} English and {} German pages ({} skipped); {} pairs, {} English and {} \
             German pages unmatched; {:.1} s -> {}",
            index.len(0),
            index.len(1),
            en.skipped.len() + de.skipped.len(),
            m.pairs.len(),
            index.len(0) - paired(0),
            index.len(1) - paired(1),
            start.elapsed().as_secs_f64(),
            args.output.display()
        );
    }
    Ok(en.skipped.is_empty() && de.skipped.is_empty())
}

/// Where a page is, for the manifest: its file, or its record's id.
fn locator(side: &Side, k: u32, dir: Option<&Path>) -> String {
    let page = &side.pages[k as usize];
    match &page.location {
        input::Location::File(p) => manifest_path(p, dir),
        input::Location::Record { .. } | input::Location::Given(_) => page.id.clone(),
    }
}

fn write_manifest(
    w: &mut dyn Write,
    m: &Matching,
    en: &Side,
    de: &Side,
    dir: Option<&Path>,
) -> Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["doc", "en", "de", "score"])?;
    for (p, doc) in m.pairs.iter().zip(doc_names(&m.pairs, en)) {
        csv.write_record([
            doc,
            locator(en, p.en, dir),
            locator(de, p.de, dir),
            format!("{:.4}", p.score),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

#[derive(serde::Serialize)]
struct JsonPair<'a> {
    doc: &'a str,
    en: &'a str,
    de: &'a str,
    score: f64,
    en_id: &'a str,
    de_id: &'a str,
}

fn write_jsonl(
    w: &mut dyn Write,
    m: &Matching,
    en: &Side,
    de: &Side,
    args: &PairPagesArgs,
    pool: &rayon::ThreadPool,
) -> Result<()> {
    let names = doc_names(&m.pairs, en);
    let max = args.read.max_file_size;
    let mut error = None;
    ende::corpus::ordered_map(
        m.pairs.iter().zip(&names),
        pool,
        pool.current_num_threads() * 4,
        |(p, doc)| {
            let (e, g) = (&en.pages[p.en as usize], &de.pages[p.de as usize]);
            let texts =
                input::page_text(en, e, max).and_then(|a| Ok((a, input::page_text(de, g, max)?)));
            texts.map(|(a, b)| {
                let mut line = serde_json::to_string(&JsonPair {
                    doc,
                    en: &a,
                    de: &b,
                    score: (p.score * 1e4).round() / 1e4,
                    en_id: &e.id,
                    de_id: &g.id,
                })
                .expect("serialisable");
                line.push('\n');
                line
            })
        },
        |r| match r.map_err(anyhow::Error::from).and_then(|line| {
            w.write_all(line.as_bytes())?;
            Ok(())
        }) {
            Ok(()) => true,
            Err(e) => {
                error = Some(e);
                false
            }
        },
    );
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn write_unmatched(
    w: &mut dyn Write,
    m: &Matching,
    en: &Side,
    de: &Side,
    threshold: f64,
) -> Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["side", "page", "reason", "best", "best_score"])?;
    let mut paired = [vec![false; en.pages.len()], vec![false; de.pages.len()]];
    for p in &m.pairs {
        paired[0][p.en as usize] = true;
        paired[1][p.de as usize] = true;
    }
    for (s, side, code) in [
        (0usize, en, LangPair::EN_DE.src),
        (1, de, LangPair::EN_DE.tgt),
    ] {
        let code = code.as_str();
        let other = if s == 0 { de } else { en };
        for (k, page) in side.pages.iter().enumerate() {
            if paired[s][k] {
                continue;
            }
            let (reason, best, score) = match m.best[s][k] {
                None => (
                    "no candidate shares rare evidence".to_string(),
                    String::new(),
                    String::new(),
                ),
                Some(Best { pair: b, refusal }) => {
                    let q = if s == 0 { b.de } else { b.en };
                    let reason = match refusal {
                        Some(Refusal::Threshold) | None => {
                            format!("best candidate below the threshold {threshold}")
                        }
                        Some(Refusal::Rival(r)) => format!(
                            "best candidate does not stand out: another candidate scores {r:.4}"
                        ),
                        Some(Refusal::AddressOnly) => {
                            "best candidate shares the address, not the content".to_string()
                        }
                        Some(Refusal::AddressScheme) => {
                            "best candidate is at an address that does not match".to_string()
                        }
                        Some(Refusal::Taken) => {
                            "best candidate paired with a better match".to_string()
                        }
                    };
                    (
                        reason,
                        other.pages[q as usize].id.clone(),
                        format!("{:.4}", b.score),
                    )
                }
            };
            csv.write_record([code, &page.id, &reason, &best, &score])?;
        }
        for sk in &side.skipped {
            csv.write_record([code, &sk.page, &format!("skipped: {}", sk.reason), "", ""])?;
        }
    }
    csv.flush()?;
    Ok(())
}
