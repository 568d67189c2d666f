//! `ende stream`: JSON lines of pairs in, JSON lines of beads out — the map step for Spark's
//! `RDD.pipe`, Hadoop Streaming or GNU parallel over shards (see docs/scale.md).

use std::io::{self, BufRead, BufWriter, Read};

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

/// A line of input that cannot be a pair, with why; its line number travels beside it.
type Line = std::result::Result<String, String>;

/// The non-blank lines of the input, numbered from 1. A bad line (not UTF-8, longer than the
/// limit) is handed on as that line's error and the next one is read; an I/O error ends the
/// lines and is kept in `error`: reading again after one (standard input is a directory, the
/// device failed) fails the same way forever, which once printed half a million messages in
/// five seconds and never stopped.
struct Lines<'a, R> {
    reader: R,
    number: usize,
    max: u64,
    error: &'a mut Option<io::Error>,
}

impl<R: BufRead> Iterator for Lines<'_, R> {
    type Item = (usize, Line);

    fn next(&mut self) -> Option<(usize, Line)> {
        loop {
            let mut buf = Vec::new();
            let read = (&mut self.reader)
                .take(self.max.saturating_add(1))
                .read_until(b'\n', &mut buf);
            match read {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    *self.error = Some(e);
                    return None;
                }
            }
            self.number += 1;
            // A byte order mark before the first line, as text readers accept it (Windows
            // editors and PowerShell write one).
            if self.number == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
            }
            if buf.len() as u64 > self.max && !buf.ends_with(b"\n") {
                // Too long: the rest of the line is read past, not kept.
                if let Err(e) = self.reader.skip_until(b'\n') {
                    *self.error = Some(e);
                    return None;
                }
                let e = format!(
                    "longer than {} (--max-file-size); skipped",
                    ende::error::bytes(self.max)
                );
                return Some((self.number, Err(e)));
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some((
                self.number,
                String::from_utf8(buf).map_err(|e| {
                    let at = e.utf8_error().valid_up_to();
                    format!(
                        "not UTF-8: invalid byte 0x{:02x} at byte offset {at} of the line",
                        e.as_bytes()[at]
                    )
                }),
            ));
        }
    }
}

pub fn run(args: &StreamArgs) -> Result<bool> {
    let mut opts = pair_options(args.presplit, &args.pair)?;
    let stdout = Box::new(BufWriter::new(std::io::stdout()));
    let mut writer = output::writer(Format::Jsonl, stdout, &WriteOptions::default());
    let pool = rayon::ThreadPoolBuilder::new().build()?;
    let stdin = std::io::stdin();
    let mut read_error = None;
    let mut lines = Lines {
        reader: stdin.lock(),
        number: 0,
        max: args.pair.read.max_file_size,
        error: &mut read_error,
    };
    // With learning, the first lines are read ahead (at most `LEARN_SAMPLE`, so memory stays
    // bounded), word pairs are learned from them, and every line is aligned with those.
    let mut head: Vec<(usize, Line)> = Vec::new();
    if opts.learns() {
        head.extend(lines.by_ref().take(corpus::LEARN_SAMPLE));
        let n = corpus::learn_sample(head.len());
        if let Some(dict) =
            corpus::learn_from(head[..n].iter(), &opts, &pool, |(k, line), first| {
                align_line(*k, line.clone(), first).ok()
            })
        {
            opts.lexicon = Some(dict);
        }
        opts.realign = false;
    }
    let mut ok = true;
    let mut summary = Summary::default();
    let mut write_error = None;
    let mut seen = 0;
    // Pairs go through the same ordered pipeline as `ende batch`: memory holds four lines per
    // thread, and the output keeps the input's order.
    corpus::ordered_map(
        head.into_iter().chain(lines),
        &pool,
        pool.current_num_threads() * 4,
        |(k, line)| (k, align_line(k, line, &opts)),
        |(k, result)| {
            seen = k;
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
    // What was aligned before a read error is written before the error is reported.
    writer.finish(&summary)?;
    if let Some(e) = read_error {
        if seen == 0 {
            anyhow::bail!("standard input: cannot read: {e}; nothing was aligned");
        }
        anyhow::bail!("standard input: cannot read: {e}; stopped after line {seen}");
    }
    Ok(ok)
}

fn align_line(k: usize, line: Line, opts: &corpus::PairOptions) -> Result<ende::pair::AlignedDoc> {
    let line = line.map_err(|e| anyhow::anyhow!("line {k}: {e}"))?;
    let input: Input = serde_json::from_str(&line)
        .map_err(|e| anyhow::anyhow!("line {k}: not a {{\"doc\", \"en\", \"de\"}} object: {e}"))?;
    let name = input.doc.unwrap_or_else(|| format!("line{k}"));
    let en = Document::from_string(format!("{name} (en)"), input.en);
    let de = Document::from_string(format!("{name} (de)"), input.de);
    corpus::align_documents(name, en, de, opts)
        .map(|(doc, _)| doc)
        .map_err(|e| anyhow::anyhow!("line {k}: {e}"))
}
