//! One error type for the whole library.
//!
//! Every variant names the file it is about, because a user running a batch of thousands of
//! pairs needs to know *which* input is broken, not just that something is.

use std::path::{Path, PathBuf};

/// Everything that can go wrong between reading an input and writing a result.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file does not exist.
    #[error("{}: no such file", path.display())]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// Any other I/O failure while reading (permissions, a directory, a device error).
    #[error("{}: cannot read: {cause}", path.display())]
    Read {
        /// The path as given.
        path: PathBuf,
        /// The underlying error (part of the message, so one line says it all).
        cause: std::io::Error,
    },
    /// The bytes are not valid UTF-8.
    #[error("{}: not UTF-8: invalid byte 0x{byte:02x} at byte offset {offset}", path.display())]
    NotUtf8 {
        /// The path as given.
        path: PathBuf,
        /// Offset of the first invalid byte, counted in the file as read (a BOM included).
        offset: usize,
        /// The offending byte.
        byte: u8,
    },
    /// The file holds binary data (a NUL byte or many control characters), not text.
    #[error("{}: binary content, not text ({what} at byte offset {offset})", path.display())]
    Binary {
        /// The path as given.
        path: PathBuf,
        /// What gave it away.
        what: &'static str,
        /// Where.
        offset: usize,
    },
    /// The text is UTF-16 or UTF-32, which ende does not convert: byte spans in the output
    /// point into the file as stored, and they would not into a converted copy.
    #[error("{}: {encoding} text; convert it to UTF-8 first, e.g. iconv -f {encoding} -t UTF-8", path.display())]
    WideEncoding {
        /// The path as given.
        path: PathBuf,
        /// `UTF-16` or `UTF-32`.
        encoding: &'static str,
    },
    /// Not a regular file (a named pipe, a device, a directory) where a batch expects one:
    /// reading a named pipe waits forever, reading `/dev/zero` never ends.
    #[error("{}: {kind}, not a regular file", path.display())]
    NotRegular {
        /// The path as given.
        path: PathBuf,
        /// What it is instead (`a named pipe (FIFO)`).
        kind: &'static str,
    },
    /// Larger than `--max-file-size`; refused before reading when the size is known.
    #[error("{}", too_large(path, *size, *limit))]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// The file's size, when known before reading (not for pipes and devices).
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file holds no text at all (only white space).
    #[error("{}: empty (no text)", path.display())]
    Empty {
        /// The path as given.
        path: PathBuf,
    },
    /// The text has not a single letter: only punctuation, digits or symbols. Aligning it
    /// would pair junk with sentences at low scores instead of saying what is wrong.
    #[error("{}: no words (only punctuation, digits or symbols), not a text to align", path.display())]
    NoWords {
        /// The path as given.
        path: PathBuf,
    },
    /// The text is in a language other than the ones asked for.
    #[error("{}: the text looks {found}, not English or German", path.display())]
    Language {
        /// The path as given.
        path: PathBuf,
        /// The language whatlang found, in English ("French").
        found: String,
    },
    /// A bug: aligning this input panicked. In a batch the pair is reported and the others go
    /// on, rather than one input taking the whole run down.
    #[error("{name}: internal error ({message}); this is a bug, please report it with this input")]
    Internal {
        /// The pair's name.
        name: String,
        /// The panic's message.
        message: String,
    },
    /// A gold and a predicted alignment that do not hold the same documents, so they cannot be
    /// scored against each other.
    #[error(
        "{} and {} hold different documents (only in the gold file: {only_gold}; only in the \
         prediction: {only_pred})",
        gold.display(),
        pred.display()
    )]
    DocsDiffer {
        /// The gold file.
        gold: PathBuf,
        /// The predicted file.
        pred: PathBuf,
        /// Documents (quoted, at most five and a count) found only in the gold file.
        only_gold: String,
        /// Documents found only in the prediction.
        only_pred: String,
    },
    /// The output named is one of the inputs (after following links): the finished output
    /// would replace it.
    #[error(
        "{}: the output is also an input ({}); writing it would replace that file: choose another output",
        path.display(),
        input.display()
    )]
    OutputIsInput {
        /// The output as given.
        path: PathBuf,
        /// The input it is, as discovered or given.
        input: PathBuf,
    },
    /// The output named is a folder.
    #[error("{}: is a directory; name a file for the output", path.display())]
    OutputIsDir {
        /// The output as given.
        path: PathBuf,
    },
    /// Another ende process holds the output's lock: two writers would corrupt it.
    #[error(
        "{} is being written by another ende (pid {}); wait for it to finish or stop it",
        path.display(),
        pid.map_or_else(|| "unknown".to_string(), |p| p.to_string())
    )]
    Locked {
        /// The output as given.
        path: PathBuf,
        /// The process holding the lock, when it could be read.
        pid: Option<u32>,
    },
    /// An input file that is an output ende wrote (an earlier run's `-o` inside the input
    /// folder), which would otherwise be aligned as if it were an article.
    #[error(
        "{}: looks like ende's own {format} output, not a text to align (an earlier run's -o inside the input folder?)",
        path.display()
    )]
    OwnOutput {
        /// The path as given.
        path: PathBuf,
        /// The format it looks like.
        format: &'static str,
    },
    /// A line of a user's dictionary (`--lexicon`) that is not an entry.
    #[error("{}: line {line}: {message}", path.display())]
    Lexicon {
        /// The dictionary file.
        path: PathBuf,
        /// The line, counted from 1.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A folder or a manifest that holds no pair: a batch of nothing is a mistake (a wrong
    /// folder, files named otherwise), not a finished job.
    #[error(
        "{}: no pairs found (expected NAME.en.txt + NAME.de.txt, en/ + de/ folders, or a doc,en,de manifest)",
        path.display()
    )]
    NoPairs {
        /// The folder or manifest given.
        path: PathBuf,
    },
    /// A row of a manifest (`doc,en,de`), or the manifest as a whole, that cannot be used.
    #[error("{}: {}{message}", path.display(), row.map(|r| format!("row {r}: ")).unwrap_or_default())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// The CSV row (the header is row 1), when one row is at fault.
        row: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A batch cannot be resumed, or must be resumed rather than started again: the resume
    /// record or the partial output does not fit this run.
    #[error("{}: {message}", path.display())]
    Resume {
        /// The file at fault: the output, its `.partial` or its `.resume` record.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// An alignment file given to the evaluation that is not one.
    #[error("{}: {message}", path.display())]
    Alignment {
        /// The alignment file.
        path: PathBuf,
        /// What is wrong, with its line or row.
        message: String,
    },
    /// Writing output failed (a full disk, a closed pipe, an encoder error).
    #[error("{what}: cannot write")]
    Write {
        /// What was being written: a file name or a format.
        what: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An output format's encoder refused the data.
    #[error("{format}: {message}")]
    Format {
        /// The format (`xlsx`, `tmx`).
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

fn too_large(path: &std::path::Path, size: Option<u64>, limit: u64) -> String {
    match size {
        Some(size) => format!(
            "{}: {} is more than the limit of {} (--max-file-size); not read",
            path.display(),
            bytes(size),
            bytes(limit)
        ),
        None => format!(
            "{}: more than {}, the limit (--max-file-size); stopped reading",
            path.display(),
            bytes(limit)
        ),
    }
}

impl Error {
    /// What a failed read of `path` is: [`Error::NotFound`] when nothing is there (the one case
    /// a user fixes by naming another file, so it says only that), [`Error::Read`] with the
    /// cause otherwise. One mapping, so that every input (a pair, a corpus folder, a crawl, a
    /// checkpoint) is reported the same way.
    pub(crate) fn reading(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
        move |cause| match cause.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: path.to_path_buf(),
            },
            _ => Error::Read {
                path: path.to_path_buf(),
                cause,
            },
        }
    }
}

/// A size for a message: `1.0 GiB`, `512 KiB`, `800 bytes`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
