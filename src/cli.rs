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
