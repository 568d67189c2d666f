//! The command line: subcommands and their flags (clap derive). No logic lives here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use ende::output::Format;
use ende::LangPair;

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
    /// Align a whole corpus: a folder of pairs or a manifest, in parallel, into one output.
    Batch(BatchArgs),
    /// Is the translation complete? Coverage, unpaired sentences and suspicious pairs.
    Check(CheckArgs),
    /// Align pairs read as JSON lines on standard input ({"doc", "en", "de"}), one JSON object
    /// per bead on standard output: the map step of a distributed job.
    Stream(StreamArgs),
    /// Score an alignment against gold: strict and lax precision, recall, F1, and gaps.
    Eval(EvalArgs),
    /// Find which German page translates which English page in a crawl: a manifest that
    /// `ende batch` reads (`ende pair en/ de/ | ende batch - -o aligned.csv`).
    Pair(PairPagesArgs),
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
    #[arg(long, default_value = "csv", value_parser = format_parser())]
    pub format: Format,
    #[command(flatten)]
    pub pair: PairArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// How pairs are read and aligned (shared by align, batch, check and stream).
#[derive(Debug, Clone, clap::Args)]
pub struct PairArgs {
    /// Align any two languages (ISO 639-1 codes, e.g. `de,fr`) and skip the English/German
    /// check; the column names follow the codes.
    #[arg(long, value_name = "XX,YY", value_parser = clap::value_parser!(LangPair))]
    pub langs: Option<LangPair>,
    /// Learn word pairs from the confident beads of a first pass and align again (always done
    /// for a language pair without a dictionary; a batch or stream learns from its first pairs).
    #[arg(long)]
    pub realign: bool,
    /// Never learn word pairs, not even for a language pair without a dictionary.
    #[arg(long, conflicts_with = "realign")]
    pub no_realign: bool,
    /// Your own dictionary, added to the built-in English-German lexicon: one entry per line,
    /// `english<TAB>german` (further columns ignored; with --langs, the first language first)
    /// or Ding's `german :: english`; `#` starts a comment.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Limits on reading input (shared by every command that reads texts).
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// Refuse input files larger than this, before reading them (`stream`: lines longer than
    /// this): bytes, or with K, M, G (powers of 1024) or KB, MB, GB (powers of 1000).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub max_file_size: u64,
}

/// A score threshold: scores are in [0, 1], so anything else (NaN kept every bead, 2 or `inf`
/// gave an empty translation memory without a word) is a mistake to report.
fn parse_score(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a score between 0 and 1, got {s:?}")),
    }
}

/// A size in bytes: `1G`, `500M`, `64KiB`, `2GB`, `1000`.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => return Err(format!("expected a size like 500M or 2G, got {s:?}")),
    };
    match number.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 1.0 && n * (scale as f64) < u64::MAX as f64 => {
            Ok((n * scale as f64) as u64)
        }
        _ => Err(format!("expected a size like 500M or 2G, got {s:?}")),
    }
}

/// Options of the output formats.
#[derive(Debug, Clone, clap::Args)]
pub struct WriteArgs {
    /// Start CSV and TSV with a UTF-8 byte order mark, so Excel reads umlauts correctly.
    #[arg(long)]
    pub bom: bool,
    /// TMX: leave out beads whose score is below this (0–1).
    #[arg(long, value_name = "SCORE", default_value_t = 0.0, value_parser = parse_score)]
    pub min_score: f64,
}

/// Arguments of `ende batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// A folder of pairs (`NAME.en.txt` + `NAME.de.txt`, or `en/NAME.txt` + `de/NAME.txt`) or
    /// a manifest CSV with columns `doc,en,de` (paths relative to the manifest; `-` reads it
    /// from standard input, as `ende pair` writes it).
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// The output file, `-` for standard output. It grows as OUT.partial (with a checkpoint in
    /// OUT.resume) and is renamed to OUT only when complete.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Continue a run that stopped (a full disk, a killed process) after its last finished pair,
    /// from OUT.partial and OUT.resume; needs the same input and options.
    #[arg(long)]
    pub resume: bool,
    /// Output format.
    #[arg(long, default_value = "csv", value_parser = format_parser())]
    pub format: Format,
    /// Pairs aligned at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// No progress bar and no summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// The files hold one sentence per line already; do not split them.
    #[arg(long)]
    pub presplit: bool,
    #[command(flatten)]
    pub pair: PairArgs,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// Report formats of `ende check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// A readable report: a short table, problems first.
    Text,
    /// One JSON document with every figure and list.
    Json,
    /// One self-contained HTML page: the summary, both texts side by side, each finding with
    /// its reason, filters and keyboard navigation (best with -o report.html).
    Html,
}

/// Arguments of `ende check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The English text.
    #[arg(value_name = "EN_FILE", required_unless_present = "batch")]
    pub en: Option<PathBuf>,
    /// The German translation.
    #[arg(value_name = "DE_FILE", required_unless_present = "batch")]
    pub de: Option<PathBuf>,
    /// Check every pair of a folder or manifest (as `ende batch` reads them) instead.
    #[arg(long, value_name = "INPUT", conflicts_with_all = ["en", "de"])]
    pub batch: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Write the report here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Exit with status 1 when the share of English sentences with a German counterpart is
    /// below this (0–1), so a translation job can be gated on it.
    #[arg(long, value_name = "SHARE")]
    pub min_coverage: Option<f64>,
    /// The files hold one sentence per line already; do not split them.
    #[arg(long)]
    pub presplit: bool,
    #[command(flatten)]
    pub pair: PairArgs,
}

/// Arguments of `ende stream`.
#[derive(Debug, clap::Args)]
pub struct StreamArgs {
    /// The texts are one sentence per line already; do not split them.
    #[arg(long)]
    pub presplit: bool,
    #[command(flatten)]
    pub pair: PairArgs,
}

/// Arguments of `ende eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold and predicted alignments, in pairs: GOLD PRED [GOLD PRED ...]. Each is vecalign
    /// style (`[0, 1]:[2]`) or a CSV with two `*_ids` columns (1-based), as ende writes; a CSV
    /// with a `doc` column is scored document by document, and GOLD and PRED must hold the same
    /// documents.
    #[arg(value_name = "GOLD PRED", required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
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
    #[command(flatten)]
    pub read: ReadArgs,
}

/// `--format`'s choices and their help, from the library's one list of formats.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(Format::ALL.map(|f| PossibleValue::new(f.name()).help(f.help())))
        .map(|name| name.parse::<Format>().expect("a name from Format::ALL"))
}

/// Output formats of `ende pair`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PairFormat {
    /// A manifest `doc,en,de,score` for `ende batch` (paths of the pages' files; for a
    /// JSON-lines input, the records' ids).
    Csv,
    /// One JSON object per pair, `{"doc", "en", "de", "score", "en_id", "de_id"}` with the two
    /// texts, as `ende stream` reads it.
    Jsonl,
}

/// Arguments of `ende pair`.
#[derive(Debug, clap::Args)]
pub struct PairPagesArgs {
    /// The English pages: a folder of text files (searched recursively) or a JSON-lines file
    /// of `{"id", "url", "text"}` records (`url` optional).
    #[arg(value_name = "EN_INPUT")]
    pub en: PathBuf,
    /// The German pages, likewise.
    #[arg(value_name = "DE_INPUT")]
    pub de: PathBuf,
    /// Write the pairs here; `-` (the default) is standard output. Paths in the manifest are
    /// relative to its folder (standard output: to the current folder), as `ende batch` reads
    /// them.
    #[arg(short, long, value_name = "OUT", default_value = "-")]
    pub output: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: PairFormat,
    /// Also write the pages left without a partner, and those skipped, with the reason and
    /// their best candidate, to this CSV (`side,page,reason,best,best_score`).
    #[arg(long, value_name = "FILE")]
    pub unmatched: Option<PathBuf>,
    /// Pairs scoring below this (0–1) are not made; their pages stay unmatched.
    #[arg(long, value_name = "SCORE", default_value_t = ende::docalign::MatchOptions::default().threshold, value_parser = parse_score)]
    pub threshold: f64,
    /// An English page may have several German versions (each German page is still in one
    /// pair at most).
    #[arg(long)]
    pub many: bool,
    /// Threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// No progress bar and no summary.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}
