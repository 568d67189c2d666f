//! The command line: subcommands and their flags (clap derive). No logic lives here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Line up English articles with their German translations, sentence by sentence.
#[derive(Debug, Parser)]
#[command(name = "ende", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Split English or German text into sentences, one per line.
    Split(SplitArgs),
    /// Align an English text with its German translation, sentence by sentence.
    Align(AlignArgs),
}

/// Output formats of `ende align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlignFormat {
    /// One row per bead: doc, en_ids, de_ids, en, de, score, status.
    Csv,
    /// `[0, 1]:[2]` lines with 0-based sentence numbers, as vecalign and its scorers read.
    Vecalign,
}

/// Arguments of `ende align`.
#[derive(Debug, clap::Args)]
pub struct AlignArgs {
    /// The English text (`-` for standard input).
    #[arg(value_name = "EN_FILE")]
    pub en: PathBuf,
    /// The German text.
    #[arg(value_name = "DE_FILE")]
    pub de: PathBuf,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The files hold one sentence per line already; do not split them.
    #[arg(long)]
    pub presplit: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: AlignFormat,
    /// Align any two languages (ISO 639-1 codes, e.g. `de,fr`) and skip the English/German
    /// check; the column names follow the codes.
    #[arg(long, value_name = "XX,YY", value_parser = parse_langs)]
    pub langs: Option<(String, String)>,
    /// Learn word pairs from the confident beads of a first pass and align again.
    #[arg(long)]
    pub realign: bool,
}

fn parse_langs(s: &str) -> Result<(String, String), String> {
    let mut parts = s.split(',').map(|p| p.trim().to_ascii_lowercase());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), None)
            if [&a, &b].iter().all(|c| {
                (2..=3).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_lowercase())
            }) =>
        {
            Ok((a, b))
        }
        _ => Err(format!("expected two language codes like de,fr, got {s:?}")),
    }
}

/// `--lang` values for commands that read one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// German.
    De,
    /// Detect English or German per file (whatlang).
    Auto,
}

/// Output formats of `ende split`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitFormat {
    /// One sentence per line; line breaks inside a sentence become one space.
    Lines,
    /// One JSON object per sentence: doc, paragraph, byte span (start, end) and exact text.
    Jsonl,
}

/// Arguments of `ende split`.
#[derive(Debug, clap::Args)]
pub struct SplitArgs {
    /// Language of the input.
    #[arg(long, value_enum, default_value = "auto")]
    pub lang: LangArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "lines")]
    pub format: SplitFormat,
    /// Text files to split (`-` for standard input); several are split in parallel and
    /// printed in the order given.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}
