//! A batch output that an overnight run can lose nothing of: not to a full disk, a killed
//! process or a closed terminal.
//!
//! The output grows as `OUT.partial`, flushed after every pair, and `OUT.resume` records how
//! many pairs (and bytes of the partial file) are finished. The record is written after the
//! first finished pair of each run (so a run killed again and again still gets further each
//! time: it once stayed at zero under kills every 50–400 ms), then at most once a second, and
//! always when the run stops on an error, so it can lag the partial file but never run ahead of
//! it: a resumed run cuts the partial file back to the recorded length and
//! carries on with the next pair, and what it writes is byte for byte what one uninterrupted
//! run would have written. Only a finished run renames `OUT.partial` to `OUT`, so a file under
//! the final name is always complete.
//!
//! The record names the run (input, format, options, the list of pairs) so that a resume
//! against changed inputs is refused instead of splicing two different corpora together.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::Summary;
use crate::error::{Error, Result};

/// How often the record is rewritten while a run goes well (after its first pair): often enough
/// that a killed run redoes at most a second of work, rarely enough to cost nothing next to the
/// alignment.
const SAVE_EVERY: Duration = Duration::from_secs(1);

/// What makes two runs the same run, so one may continue the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunId {
    /// The input folder or manifest, as given.
    pub input: String,
    /// The output format (`csv`, …).
    pub format: String,
    /// Every flag that changes the output, in one string.
    pub options: String,
    /// Number of pairs in the input.
    pub pairs: usize,
    /// A hash of the pairs' names and paths in order: a corpus that gained, lost or renamed a
    /// pair is a different run.
    pub fingerprint: u64,
}

impl RunId {
    /// The identity of a run over `pairs` (each a name and its two paths).
    pub fn new<'a>(
        input: &Path,
        format: &str,
        options: String,
        pairs: impl ExactSizeIterator<Item = [&'a [u8]; 3]>,
    ) -> RunId {
        let n = pairs.len();
        // FNV-1a: stable across builds and platforms, unlike std's hasher, and collisions
        // between two real corpora are not a concern at 64 bits.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for field in pairs.flat_map(|p| p.into_iter()) {
            for &b in field.iter().chain(&[0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        RunId {
            input: input.display().to_string(),
            format: format.to_string(),
            options,
            pairs: n,
            fingerprint: h,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    run: RunId,
    /// Pairs finished (aligned and written, or failed and reported), counted from the first.
    done: usize,
    /// Length of the partial file when `done` pairs were finished.
    bytes: u64,
    summary: Summary,
}

/// A batch output in progress; see the module documentation.
#[derive(Debug)]
pub struct PartialOutput {
    path: PathBuf,
    partial: PathBuf,
    record_path: PathBuf,
    record: Record,
    saved: Instant,
    /// No pair finished in this process yet: the next one is checkpointed at once.
    first: bool,
    finished: bool,
}

/// What [`PartialOutput::resume`] found.
#[derive(Debug)]
pub enum Resumed {
    /// The run goes on: the partial output open for appending after its last recorded pair,
    /// the number of pairs to skip and the totals so far.
    Continue {
        /// The output in progress.
        output: Box<PartialOutput>,
        /// The partial file, cut back and positioned at its end.
        file: File,
        /// Pairs already finished.
        done: usize,
        /// Their totals.
        summary: Summary,
    },
    /// The earlier run had finished: its output is in place, and only its record was left (it
    /// was killed between renaming the output and removing the record), now removed.
    Complete,
}

/// What a stopped run left behind, for the error message.
#[derive(Debug, Clone)]
pub struct Kept {
    /// The partial file holding the finished pairs.
    pub partial: PathBuf,
    /// How many pairs it holds (failed pairs included: they were reported and are not redone).
    pub done: usize,
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn write_err(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |source| Error::Write {
        what: path.display().to_string(),
        source,
    }
}

impl PartialOutput {
    /// The partial file and the record that a run writing `path` uses.
    pub fn files(path: &Path) -> (PathBuf, PathBuf) {
        (sibling(path, ".partial"), sibling(path, ".resume"))
    }

    /// Starts a new run. Refuses when an earlier run's unfinished output is there, because
    /// silently starting over could throw away hours of work; an earlier run that finished no
    /// pair, or whose partial file is gone (it finished, or was deleted), leaves nothing to
    /// lose, and its files are cleared away. The caller holds the output's lock, so these are
    /// never a live run's files.
    pub fn create(path: &Path, run: RunId) -> Result<(PartialOutput, File)> {
        let (partial, record_path) = PartialOutput::files(path);
        if record_path.exists() {
            match read_record(&record_path) {
                Ok(r) if r.done == 0 || !partial.exists() => {
                    let _ = std::fs::remove_file(&partial);
                    let _ = std::fs::remove_file(&record_path);
                }
                Ok(r) => {
                    return Err(Error::Resume {
                        path: path.to_path_buf(),
                        message: format!(
                            "an earlier run stopped after {} pairs and left {}; add --resume \
                             to continue it, or delete {} and {} to start over",
                            r.done,
                            partial.display(),
                            partial.display(),
                            record_path.display()
                        ),
                    })
                }
                Err(e) => return Err(e),
            }
        }
        // The error names the output given, not the partial file made beside it.
        let file = File::create(&partial).map_err(write_err(path))?;
        let mut out = PartialOutput {
            path: path.to_path_buf(),
            partial,
            record_path,
            record: Record {
                run,
                done: 0,
                bytes: 0,
                summary: Summary::default(),
            },
            saved: Instant::now(),
            first: true,
            finished: false,
        };
        out.save()?;
        Ok((out, file))
    }

    /// Continues the run recorded beside `path`: cuts the partial file back to its last
    /// recorded pair and returns it open for appending, with the number of pairs to skip and the
    /// totals so far. A record that does not add up (edited, or another program's) is refused
    /// rather than trusted.
    pub fn resume(path: &Path, run: RunId) -> Result<Resumed> {
        let (partial, record_path) = PartialOutput::files(path);
        if !record_path.exists() {
            return Err(Error::Resume {
                path: path.to_path_buf(),
                message: format!(
                    "nothing to resume ({} not found); run without --resume",
                    record_path.display()
                ),
            });
        }
        let record = read_record(&record_path)?;
        if record.run != run {
            let what = if record.run.input != run.input {
                format!("input {:?}", record.run.input)
            } else if record.run.format != run.format {
                format!("format {}", record.run.format)
            } else if record.run.options != run.options {
                format!("options {:?}", record.run.options)
            } else {
                format!("a different list of {} pairs", record.run.pairs)
            };
            return Err(Error::Resume {
                path: path.to_path_buf(),
                message: format!(
                    "the earlier run had {what}; resume it with the same input and options, or \
                     delete {} and {} to start over",
                    partial.display(),
                    record_path.display()
                ),
            });
        }
        let counted = record.summary.pairs + record.summary.failed.len();
        if record.done > record.run.pairs || counted != record.done {
            return Err(Error::Resume {
                path: record_path.clone(),
                message: format!(
                    "not a resume record for this run (it counts {} finished pairs of {}, and \
                     totals for {counted}); delete it and {} to start over",
                    record.done,
                    record.run.pairs,
                    partial.display()
                ),
            });
        }
        if !partial.exists() {
            if path.exists() {
                let _ = std::fs::remove_file(&record_path);
                return Ok(Resumed::Complete);
            }
            return Err(Error::Resume {
                path: path.to_path_buf(),
                message: format!(
                    "nothing to resume ({} is gone); run without --resume to start over",
                    partial.display()
                ),
            });
        }
        let file = OpenOptions::new()
            .write(true)
            .open(&partial)
            .map_err(Error::reading(&partial))?;
        let len = file
            .metadata()
            .map_err(|e| Error::Read {
                path: partial.clone(),
                cause: e,
            })?
            .len();
        if len < record.bytes {
            return Err(Error::Resume {
                path: partial.clone(),
                message: format!(
                    "holds {len} bytes but {} recorded {}; it was changed since, so the run \
                     cannot be continued: delete both to start over",
                    record_path.display(),
                    record.bytes
                ),
            });
        }
        file.set_len(record.bytes).map_err(write_err(&partial))?;
        let mut file = file;
        io::Seek::seek(&mut file, io::SeekFrom::End(0)).map_err(write_err(&partial))?;
        let (done, summary) = (record.done, record.summary.clone());
        Ok(Resumed::Continue {
            output: Box::new(PartialOutput {
                path: path.to_path_buf(),
                partial,
                record_path,
                record,
                saved: Instant::now(),
                first: true,
                finished: false,
            }),
            file,
            done,
            summary,
        })
    }

    /// Counts one more pair as finished. Call it after the writer's flush succeeded, so that
    /// the partial file's length is a pair boundary.
    pub fn pair_done(&mut self, summary: &Summary) -> Result<()> {
        self.record.done += 1;
        self.record.bytes = std::fs::metadata(&self.partial)
            .map_err(write_err(&self.partial))?
            .len();
        self.record.summary = summary.clone();
        if self.first || self.saved.elapsed() >= SAVE_EVERY {
            self.first = false;
            // A failed save keeps the previous record, which is still true (just older); the
            // write that fails next reports the cause.
            let _ = self.save();
        }
        Ok(())
    }

    /// Stops the run and keeps what is finished: the partial file is cut back to the last
    /// finished pair (a write that failed half-way leaves a torn pair) and the record saved.
    /// With nothing finished, both files are removed.
    pub fn keep(mut self) -> Kept {
        self.finished = true;
        let kept = Kept {
            partial: self.partial.clone(),
            done: self.record.done,
        };
        if self.record.done == 0 {
            let _ = std::fs::remove_file(&self.partial);
            let _ = std::fs::remove_file(&self.record_path);
            return kept;
        }
        // Cutting first frees the torn pair's space, which the small record may need.
        if let Ok(f) = OpenOptions::new().write(true).open(&self.partial) {
            let _ = f.set_len(self.record.bytes);
        }
        let _ = self.save();
        kept
    }

    /// Renames the finished output into place and removes the record.
    pub fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.partial, &self.path).map_err(write_err(&self.path))?;
        self.finished = true;
        let _ = std::fs::remove_file(&self.record_path);
        Ok(())
    }

    fn save(&mut self) -> Result<()> {
        // The recorded length must be on disk before the record that names it, or a power cut
        // could leave a record promising more than the partial file kept. Once a second, this
        // costs nothing next to the work.
        if self.record.bytes > 0 {
            File::open(&self.partial)
                .and_then(|f| f.sync_data())
                .map_err(write_err(&self.partial))?;
        }
        let tmp = sibling(&self.record_path, ".tmp");
        let text = serde_json::to_vec_pretty(&self.record).expect("a record serialises");
        std::fs::write(&tmp, text).map_err(write_err(&tmp))?;
        std::fs::rename(&tmp, &self.record_path).map_err(write_err(&self.record_path))?;
        self.saved = Instant::now();
        Ok(())
    }
}

impl Drop for PartialOutput {
    /// A run that ends without `keep` or `commit` (an error elsewhere, a panic) still leaves a
    /// record that matches its partial file, so it can be resumed.
    fn drop(&mut self) {
        if !self.finished && self.record.done > 0 {
            let _ = self.save();
        }
    }
}

fn read_record(path: &Path) -> Result<Record> {
    let text = std::fs::read(path).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        cause: e,
    })?;
    serde_json::from_slice(&text).map_err(|e| Error::Resume {
        path: path.to_path_buf(),
        message: format!(
            "not a resume record ({e}); delete it and the .partial file to start over"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn run(pairs: &[&str]) -> RunId {
        RunId::new(
            Path::new("corpus"),
            "csv",
            "x".into(),
            pairs
                .iter()
                .map(|p| [p.as_bytes(), b"a".as_slice(), b"b".as_slice()])
                .collect::<Vec<_>>()
                .into_iter(),
        )
    }

    #[test]
    fn a_resumed_run_continues_after_the_last_recorded_pair() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out.csv");
        let (mut p, mut f) = PartialOutput::create(&out, run(&["a", "b", "c"])).unwrap();
        let mut s = Summary::default();
        f.write_all(b"head\na1\n").unwrap();
        s.pairs = 1;
        p.pair_done(&s).unwrap();
        // A torn second pair: written in part when the disk filled up.
        f.write_all(b"b1\nb").unwrap();
        let kept = p.keep();
        assert_eq!(kept.done, 1);
        assert_eq!(std::fs::read(&kept.partial).unwrap(), b"head\na1\n");

        // Options differ: refused, nothing touched.
        let other = RunId {
            options: "y".into(),
            ..run(&["a", "b", "c"])
        };
        let e = PartialOutput::resume(&out, other).unwrap_err().to_string();
        assert!(e.contains("options"), "{e}");
        // A fresh start is refused too while the record is there.
        let e = PartialOutput::create(&out, run(&["a", "b", "c"])).unwrap_err();
        assert!(e.to_string().contains("--resume"), "{e}");

        let Resumed::Continue {
            output: mut p,
            file: mut f,
            done,
            summary,
        } = PartialOutput::resume(&out, run(&["a", "b", "c"])).unwrap()
        else {
            panic!("not complete yet")
        };
        assert_eq!((done, summary.pairs), (1, 1));
        f.write_all(b"b1\nc1\n").unwrap();
        p.pair_done(&summary).unwrap();
        p.commit().unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"head\na1\nb1\nc1\n");
        let (partial, record) = PartialOutput::files(&out);
        assert!(!partial.exists() && !record.exists());
    }

    #[test]
    fn a_changed_corpus_is_not_resumed() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out.csv");
        let (mut p, _f) = PartialOutput::create(&out, run(&["a", "b"])).unwrap();
        p.pair_done(&Summary::default()).unwrap();
        p.keep();
        let e = PartialOutput::resume(&out, run(&["a", "b", "c"])).unwrap_err();
        assert!(e.to_string().contains("different list of 2 pairs"), "{e}");
    }

    #[test]
    fn a_run_stopped_before_any_pair_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out.csv");
        let (p, _f) = PartialOutput::create(&out, run(&["a"])).unwrap();
        p.keep();
        let (partial, record) = PartialOutput::files(&out);
        assert!(!partial.exists() && !record.exists());
        assert!(PartialOutput::resume(&out, run(&["a"])).is_err());
    }
    fn record_of(out: &Path) -> Record {
        read_record(&PartialOutput::files(out).1).unwrap()
    }

    #[test]
    fn the_first_finished_pair_is_checkpointed_at_once() {
        // Issue 10, item 7: the first checkpoint came a second after the start, so runs
        // killed sooner never got further.
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out.csv");
        let (mut p, mut f) = PartialOutput::create(&out, run(&["a", "b", "c"])).unwrap();
        f.write_all(b"head\na1\n").unwrap();
        let s = Summary {
            pairs: 1,
            ..Summary::default()
        };
        p.pair_done(&s).unwrap();
        assert_eq!(record_of(&out).done, 1);
        assert_eq!(record_of(&out).bytes, 8);
        // The second within the second is not: the record lags, as documented.
        f.write_all(b"b1\n").unwrap();
        p.pair_done(&Summary { pairs: 2, ..s }).unwrap();
        assert_eq!(record_of(&out).done, 1);
        std::mem::forget(p); // as a killed process: no last save
        let Resumed::Continue { done, .. } =
            PartialOutput::resume(&out, run(&["a", "b", "c"])).unwrap()
        else {
            panic!("not complete")
        };
        assert_eq!(done, 1);
    }

    #[test]
    fn a_record_that_does_not_add_up_is_refused() {
        // Issue 10, item 8: "done": 600 of 500 pairs panicked the batch.
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out.csv");
        let (mut p, _f) = PartialOutput::create(&out, run(&["a", "b"])).unwrap();
        p.pair_done(&Summary {
            pairs: 1,
            ..Summary::default()
        })
        .unwrap();
        p.keep();
        let (_, record) = PartialOutput::files(&out);
        let text = std::fs::read_to_string(&record).unwrap();
        std::fs::write(&record, text.replace("\"done\": 1", "\"done\": 600")).unwrap();
        let e = PartialOutput::resume(&out, run(&["a", "b"])).unwrap_err();
        assert!(
            e.to_string()
                .contains("not a resume record for this run (it counts 600 finished pairs of 2"),
            "{e}"
        );
    }

    #[test]
    fn a_finished_run_whose_record_was_left_is_complete() {
        // Issue 10, item 9: killed between the final rename and removing the record.
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out.csv");
        let (mut p, _f) = PartialOutput::create(&out, run(&["a"])).unwrap();
        p.pair_done(&Summary {
            pairs: 1,
            ..Summary::default()
        })
        .unwrap();
        let (partial, record) = PartialOutput::files(&out);
        std::fs::rename(&partial, &out).unwrap();
        std::mem::forget(p);
        assert!(matches!(
            PartialOutput::resume(&out, run(&["a"])).unwrap(),
            Resumed::Complete
        ));
        assert!(!record.exists() && out.exists());
        // With the record still there, a plain run starts afresh instead of naming a
        // partial file that does not exist.
        std::fs::write(&record, serde_json::to_vec(&record_of_done(1)).unwrap()).unwrap();
        assert!(PartialOutput::create(&out, run(&["a"])).is_ok());
    }

    fn record_of_done(done: usize) -> Record {
        Record {
            run: run(&["a"]),
            done,
            bytes: 0,
            summary: Summary {
                pairs: done,
                ..Summary::default()
            },
        }
    }

    #[test]
    fn a_run_killed_before_its_first_pair_does_not_block_the_next() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out.csv");
        let (p, _f) = PartialOutput::create(&out, run(&["a"])).unwrap();
        std::mem::forget(p); // killed: the done = 0 record stays
        let (partial, record) = PartialOutput::files(&out);
        assert!(partial.exists() && record.exists());
        assert!(PartialOutput::create(&out, run(&["a"])).is_ok());
    }
}
