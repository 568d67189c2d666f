//! `ende stream`: JSON lines of pairs in, JSON lines of beads out — the map step for Spark's
//! `RDD.pipe`, Hadoop Streaming or GNU parallel over shards (see docs/scale.md).

use std::io::{BufRead, BufWriter};

use anyhow::Result;
use rayon::prelude::*;
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

/// Lines aligned at once: enough to keep every core busy, few enough to bound memory.
const WINDOW: usize = 64;

pub fn run(args: &StreamArgs) -> Result<bool> {
    let opts = pair_options(args.presplit, &args.pair);
    let stdout = Box::new(BufWriter::new(std::io::stdout()));
    let mut writer = output::writer(Format::Jsonl, stdout, &WriteOptions::default());
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines().enumerate();
    let mut ok = true;
    let mut summary = Summary::default();
    loop {
        let batch: Vec<(usize, std::io::Result<String>)> = lines.by_ref().take(WINDOW).collect();
        if batch.is_empty() {
            break;
        }
        let results: Vec<_> = batch
            .into_par_iter()
            .filter(|(_, l)| l.as_ref().map_or(true, |l| !l.trim().is_empty()))
            .map(|(k, line)| {
                let input: Input = serde_json::from_str(&line?).map_err(|e| {
                    anyhow::anyhow!(
                        "line {}: not a {{\"doc\", \"en\", \"de\"}} object: {e}",
                        k + 1
                    )
                })?;
                let name = input.doc.unwrap_or_else(|| format!("line{}", k + 1));
                let en = Document::from_string(format!("{name} (en)"), input.en);
                let de = Document::from_string(format!("{name} (de)"), input.de);
                corpus::align_documents(name, en, de, &opts)
                    .map(|(doc, _)| doc)
                    .map_err(|e| anyhow::anyhow!("line {}: {e}", k + 1))
            })
            .collect();
        for r in results {
            match r {
                Ok(doc) => {
                    summary.add(&doc);
                    writer.write_doc(&doc)?;
                }
                Err(e) => {
                    eprintln!("ende: {e:#}");
                    ok = false;
                }
            }
        }
    }
    writer.finish(&summary)?;
    Ok(ok)
}
