//! One module per subcommand: each turns parsed flags into library calls and output.

pub mod align;
pub mod batch;
pub mod check;
pub mod eval;
pub mod pair;
pub mod split;
pub mod stream;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::{PairArgs, WriteArgs};
use ende::anchors::lexicon::Dictionary;
use ende::corpus::PairOptions;
use ende::output::target::{OutputLock, Target};
use ende::output::{Format, WriteOptions};
use ende::LangPair;
use std::sync::Arc;

/// An output file written under a temporary name beside its final one and renamed only when
/// complete, so an interrupted run never leaves a file that looks finished.
pub struct OutputFile {
    tmp: PathBuf,
    path: PathBuf,
    done: bool,
}

impl OutputFile {
    /// Creates the temporary file beside `path` (a resolved [`Target::File`] path, whose lock
    /// the caller holds) and returns a buffered handle to it.
    pub fn create(path: &Path) -> Result<(OutputFile, Box<dyn Write + Send>)> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        remove_leftovers(path, &name);
        let tmp = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
        // The message names the output the user gave, not the temporary file beside it.
        let file =
            File::create(&tmp).with_context(|| format!("{}: cannot create", path.display()))?;
        Ok((
            OutputFile {
                tmp,
                path: path.to_path_buf(),
                done: false,
            },
            Box::new(BufWriter::with_capacity(256 * 1024, file)),
        ))
    }

    /// Renames the finished file into place.
    pub fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.tmp, &self.path)
            .with_context(|| format!("{}: cannot rename into place", self.path.display()))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Removes the temporary files (`.NAME.partial-PID`) of earlier runs on `path` that were
/// killed before they could clean up. Only called under the output's lock, so no live run
/// owns one of them.
fn remove_leftovers(path: &Path, name: &str) {
    let prefix = format!(".{name}.partial-");
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// An output claimed before any work: resolved (links followed), refused when it is one of
/// the inputs, and locked when it is a regular file, so that a run which would overwrite its
/// own input, or race another ende on the same file, stops before it spends its time.
pub struct Claim {
    target: Target,
    lock: Option<OutputLock>,
}

impl Claim {
    /// Claims `path` (`None` or `-`: standard output) against `inputs`.
    pub fn new<'a>(
        path: Option<&Path>,
        inputs: impl IntoIterator<Item = &'a Path>,
    ) -> Result<Claim> {
        let Some(path) = path else {
            return Ok(Claim {
                target: Target::Stdout,
                lock: None,
            });
        };
        let target = Target::resolve(path)?;
        target.refuse_inputs(path, inputs)?;
        let lock = match &target {
            Target::File(real) => Some(OutputLock::acquire(real, path)?),
            _ => None,
        };
        Ok(Claim { target, lock })
    }

    /// Opens the output: a regular file under a temporary name (renamed by [`Output::finish`]),
    /// anything else written in place.
    pub fn open(self) -> Result<Output> {
        let (file, w) = match &self.target {
            Target::File(real) => {
                let (f, w) = OutputFile::create(real)?;
                (Some(f), w)
            }
            t => (None, open_direct(t)?),
        };
        Ok(Output {
            file,
            _lock: self.lock,
            w,
        })
    }
}

/// An output being written; the lock is held until it is finished.
pub struct Output {
    file: Option<OutputFile>,
    _lock: Option<OutputLock>,
    /// Where the bytes go.
    pub w: Box<dyn Write + Send>,
}

impl Output {
    /// Flushes, and renames a temporary file into place: only a complete output gets its name.
    pub fn finish(mut self) -> Result<()> {
        self.w.flush()?;
        drop(self.w);
        if let Some(f) = self.file.take() {
            f.commit()?;
        }
        Ok(())
    }
}

/// Opens an output that is written in place: standard output, or a [`Target::Direct`] path.
/// A path is opened for appending: through `/dev/stdout` it reaches whatever standard output
/// is, and a file the shell opened with `>>` must keep what it holds.
pub fn open_direct(target: &Target) -> Result<Box<dyn Write + Send>> {
    let path = match target {
        Target::Direct(p) => p,
        _ => {
            return Ok(Box::new(BufWriter::with_capacity(
                256 * 1024,
                std::io::stdout(),
            )))
        }
    };
    let f = File::options()
        .append(true)
        .open(path)
        .with_context(|| format!("{}: cannot open", path.display()))?;
    Ok(Box::new(BufWriter::with_capacity(256 * 1024, f)))
}

/// Standard input can be read once: `ende align - -` would give the whole text to the English
/// side and an empty German one.
pub fn refuse_two_stdins(en: &Path, de: &Path) -> Result<()> {
    let stdin = |p: &Path| p == Path::new("-");
    anyhow::ensure!(
        !(stdin(en) && stdin(de)),
        "both sides are standard input (-); standard input can be read only once: give at least one side as a file"
    );
    Ok(())
}

/// Pair options from the shared flags; reads the user's dictionary (`--lexicon`) once.
pub fn pair_options(presplit: bool, p: &PairArgs) -> Result<PairOptions> {
    let lexicon = match &p.lexicon {
        None => None,
        Some(path) => {
            let mut dict = Dictionary::new(p.langs.unwrap_or(LangPair::EN_DE));
            dict.add_file(path)?;
            Some(Arc::new(dict))
        }
    };
    Ok(PairOptions {
        presplit,
        langs: p.langs,
        realign: p.realign,
        no_learn: p.no_realign,
        no_flags: false,
        max_file_size: p.read.max_file_size,
        lexicon,
        template: Default::default(),
    })
}

/// Pair options for writing `format`: formats without a flags column skip the check.
pub fn pair_options_for(presplit: bool, p: &PairArgs, format: Format) -> Result<PairOptions> {
    Ok(PairOptions {
        no_flags: matches!(format, Format::Vecalign | Format::Tmx),
        ..pair_options(presplit, p)?
    })
}

/// Write options from the shared flags.
pub fn write_options(w: &WriteArgs) -> WriteOptions {
    WriteOptions {
        bom: w.bom,
        min_score: w.min_score,
        append: false,
        pairs: 0,
    }
}
