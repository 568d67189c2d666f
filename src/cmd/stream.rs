//! `ende stream`: JSON lines of pairs in, JSON lines of beads out — the map step for Spark's
//! `RDD.pipe`, Hadoop Streaming or GNU parallel over shards (see docs/scale.md).

use std::io::{BufRead, BufWriter};

use anyhow::Result;
use serde::Deserialize;

use super::pair_options;
use crate::cli::StreamArgs;
use ende::corpus;
use ende::output::{self, Format, Summary, WriteOptions};
use ende::Document;

#[derive(Deserialize)]
struct Input {
    doc: Option<String>,
    en: String,
    de: String,
}

pub fn run(args: &StreamArgs) -> Result<bool> {
    let opts = pair_options(args.presplit, &args.pair);
    let stdout = Box::new(BufWriter::new(std::io::stdout()));
    let mut writer = output::writer(Format::Jsonl, stdout, &WriteOptions::default());
    let pool = rayon::ThreadPoolBuilder::new().build()?;
    let stdin = std::io::stdin();
    let lines = stdin
        .lock()
        .lines()
        .enumerate()
        .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()));
    let mut ok = true;
    let mut summary = Summary::default();
    let mut write_error = None;
    // Pairs go through the same ordered pipeline as `ende batch`: memory holds four lines per
    // thread, and the output keeps the input's order.
    corpus::ordered_map(
        lines,
        &pool,
        pool.current_num_threads() * 4,
        |(k, line)| align_line(k, line, &opts),
        |result| {
            match result {
                Ok(doc) => {
                    summary.add(&doc);
                    if let Err(e) = writer.write_doc(&doc) {
                        write_error = Some(e);
                        return false;
                    }
                }
                Err(e) => {
                    eprintln!("ende: {e:#}");
                    ok = false;
                }
            }
            true
        },
    );
    if let Some(e) = write_error {
        return Err(e.into());
    }
    writer.finish(&summary)?;
    Ok(ok)
}

fn align_line(
    k: usize,
    line: std::io::Result<String>,
    opts: &corpus::PairOptions,
) -> Result<ende::pair::AlignedDoc> {
    let input: Input = serde_json::from_str(&line?).map_err(|e| {
        anyhow::anyhow!(
            "line {}: not a {{\"doc\", \"en\", \"de\"}} object: {e}",
            k + 1
        )
    })?;
    let name = input.doc.unwrap_or_else(|| format!("line{}", k + 1));
    let en = Document::from_string(format!("{name} (en)"), input.en);
    let de = Document::from_string(format!("{name} (de)"), input.de);
    corpus::align_documents(name, en, de, opts)
        .map(|(doc, _)| doc)
        .map_err(|e| anyhow::anyhow!("line {}: {e}", k + 1))
}
