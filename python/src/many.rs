//! `ende.align_many`: the library's ordered pipeline fed from a Python iterable on the calling
//! thread, its results handed back in input order as they finish.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Mutex;
use std::time::Duration;

use ende::corpus::{self, Notices, PairOptions};
use ende::pair::AlignedDoc;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyList, PyMapping, PyTuple};

use crate::{align_pair, beads_of, exc, pair_options, py_err, warn, Bead, Input};

/// One pair of `align_many`, taken from the Python iterable on the calling thread.
struct Job {
    name: String,
    en: Input,
    de: Input,
}

/// What the workers hand back for a job.
type Done = ende::Result<(Vec<Bead>, Notices)>;

impl Job {
    /// The pair aligned under its name, as the command line would.
    fn align(&self, opts: &PairOptions) -> ende::Result<(AlignedDoc, Notices)> {
        align_pair(
            Some(self.name.clone()),
            self.en.clone(),
            self.de.clone(),
            opts,
        )
    }
}

fn run_job(job: &Job, opts: &PairOptions) -> Done {
    job.align(opts)
        .map(|(doc, notices)| (beads_of(&doc), notices))
}

/// What `align_many` does with a pair that fails.
#[derive(Clone, Copy, PartialEq)]
enum OnError {
    Raise,
    Skip,
    Return,
}

/// The iterator `align_many` returns: `(doc, beads)` for every pair, in input order.
///
/// Pairs are taken from your iterable on the thread that iterates (so a database cursor or a
/// generator bound to its thread works), handed to a driver thread running the library's
/// ordered pipeline (`corpus::ordered_map`) on a rayon pool, and their beads come back in
/// input order as soon as each one and all before it are done. The GIL is released while
/// waiting. At most a few pairs per thread are read ahead, so memory does not grow with the
/// corpus.
#[pyclass(module = "ende")]
pub(crate) struct AlignMany {
    source: Py<PyIterator>,
    opts: Option<PairOptions>,
    jobs: usize,
    on_error: OnError,
    /// Pairs taken from the source so far.
    taken: usize,
    /// The source is exhausted.
    exhausted: bool,
    /// A pair taken but not yet accepted by the full queue.
    pending: Option<Job>,
    /// The `doc` values of the pairs handed on, in order, given back with their results.
    docs: VecDeque<Py<PyAny>>,
    /// Pairs to the driver; dropped when the source is exhausted.
    to_driver: Option<SyncSender<Job>>,
    /// Results from the driver, in input order. In a mutex only because a Python class must
    /// be `Sync`; `__next__` holds the object mutably anyway.
    results: Mutex<Option<Receiver<Done>>>,
    /// With `errors="skip"`: the pairs left out, as `(doc, exception)`.
    failed: Vec<(Py<PyAny>, Py<PyAny>)>,
    started: bool,
}

impl AlignMany {
    /// Takes the next pair from the source; `None` at its end.
    fn pull(&mut self, py: Python<'_>) -> PyResult<Option<Job>> {
        if self.exhausted {
            return Ok(None);
        }
        let Some(item) = self.source.bind(py).clone().next() else {
            self.exhausted = true;
            return Ok(None);
        };
        let item = item?;
        let k = self.taken;
        self.taken += 1;
        let bad = || {
            PyTypeError::new_err(format!(
                "align_many: item {k}: expected (doc, en, de) or a dict with keys \"doc\", \"en\", \"de\""
            ))
        };
        let (doc, en, de) = if let Ok(m) = item.cast::<PyMapping>() {
            let get = |key: &str| -> PyResult<Bound<'_, PyAny>> {
                match m.contains(key)? {
                    true => m.get_item(key),
                    false => Err(bad()),
                }
            };
            let doc = match m.contains("doc")? {
                true => m.get_item("doc")?,
                false => py.None().into_bound(py),
            };
            (doc, get("en")?, get("de")?)
        } else if item.is_instance_of::<PyTuple>() || item.is_instance_of::<PyList>() {
            let v: Vec<Bound<'_, PyAny>> = item.extract()?;
            match <[_; 3]>::try_from(v) {
                Ok([doc, en, de]) => (doc, en, de),
                Err(_) => return Err(bad()),
            }
        } else {
            return Err(bad());
        };
        let name = if doc.is_none() {
            format!("pair{}", k + 1)
        } else {
            doc.str()?.to_string()
        };
        let job = Job {
            en: Input::extract(&en, &format!("{name} (en)"))?,
            de: Input::extract(&de, &format!("{name} (de)"))?,
            name,
        };
        self.docs.push_back(doc.unbind());
        Ok(Some(job))
    }

    /// Starts the driver: with learning (another language pair without a dictionary, or
    /// `realign`), first learns word pairs from the first pairs as `ende batch` and `ende
    /// stream` do, so the results are theirs.
    fn start(&mut self, py: Python<'_>) -> PyResult<()> {
        self.started = true;
        let mut opts = self.opts.take().expect("options until started");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .thread_name(|k| format!("ende-align-{k}"))
            .build()
            .map_err(|e| exc::Error::new_err(e.to_string()))?;
        let mut head = Vec::new();
        if opts.learns() {
            while head.len() < corpus::LEARN_SAMPLE {
                match self.pull(py)? {
                    Some(job) => head.push(job),
                    None => break,
                }
            }
            let n = corpus::learn_sample(head.len());
            let sample = &head[..n];
            let (opts_ref, pool_ref) = (&opts, &pool);
            let dict = py.detach(|| {
                corpus::learn_from(sample.iter(), opts_ref, pool_ref, |job, first| {
                    job.align(first).ok().map(|(doc, _)| doc)
                })
            });
            if let Some(dict) = dict {
                opts.lexicon = Some(dict);
            }
            opts.realign = false;
        }
        // As `ende batch`: four pairs in flight per thread; as many again may wait in each
        // queue, so memory holds a dozen pairs per thread at most.
        let in_flight = self.jobs * 4;
        let (to_driver, jobs) = mpsc::sync_channel::<Job>(in_flight);
        let (done, results) = mpsc::sync_channel::<Done>(in_flight);
        std::thread::Builder::new()
            .name("ende-align-many".into())
            .spawn(move || {
                corpus::ordered_map(
                    head.into_iter().chain(jobs),
                    &pool,
                    in_flight,
                    |job| run_job(&job, &opts),
                    // The iterator was dropped: stop starting pairs.
                    |result| done.send(result).is_ok(),
                );
            })
            .map_err(|e| exc::Error::new_err(format!("cannot start a thread: {e}")))?;
        self.to_driver = Some(to_driver);
        *self.results.lock().unwrap_or_else(|e| e.into_inner()) = Some(results);
        Ok(())
    }

    /// Hands pairs on until the queue is full or the source ends. Called before every wait,
    /// so the driver never waits for a pair while this thread waits for a result.
    fn top_up(&mut self, py: Python<'_>) -> PyResult<()> {
        while self.to_driver.is_some() {
            let job = match self.pending.take() {
                Some(job) => job,
                None => match self.pull(py)? {
                    Some(job) => job,
                    None => {
                        self.to_driver = None;
                        break;
                    }
                },
            };
            let tx = self.to_driver.as_ref().expect("checked above");
            match tx.try_send(job) {
                Ok(()) => {}
                Err(TrySendError::Full(job)) => {
                    self.pending = Some(job);
                    break;
                }
                Err(TrySendError::Disconnected(_)) => {
                    self.to_driver = None;
                    break;
                }
            }
        }
        Ok(())
    }
}

#[pymethods]
impl AlignMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let this = &mut *slf;
        if !this.started {
            this.start(py)?;
        }
        loop {
            this.top_up(py)?;
            let taken = this
                .results
                .get_mut()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            let Some(rx) = taken else {
                return Ok(None);
            };
            // Short waits, so Ctrl-C is seen and the queue topped up while a long pair runs.
            let (rx, got) = py.detach(move || {
                let got = rx.recv_timeout(Duration::from_millis(20));
                (rx, got)
            });
            match got {
                Err(RecvTimeoutError::Timeout) => {
                    *this.results.get_mut().unwrap_or_else(|e| e.into_inner()) = Some(rx);
                    py.check_signals()?;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    if !this.docs.is_empty() {
                        return Err(exc::InternalError::new_err(
                            "align_many: the aligning thread stopped before the last pair; this is a bug, please report it",
                        ));
                    }
                    return Ok(None);
                }
                Ok(result) => {
                    *this.results.get_mut().unwrap_or_else(|e| e.into_inner()) = Some(rx);
                    let doc = this.docs.pop_front().expect("a doc per result");
                    match result {
                        Ok((beads, notices)) => {
                            warn(py, &notices)?;
                            let beads = PyList::new(py, beads)?;
                            return Ok(Some((doc, beads).into_pyobject(py)?.into_any().unbind()));
                        }
                        Err(e) => match this.on_error {
                            OnError::Raise => return Err(py_err(e)),
                            OnError::Return => {
                                let e = py_err(e).into_value(py);
                                return Ok(Some((doc, e).into_pyobject(py)?.into_any().unbind()));
                            }
                            OnError::Skip => {
                                this.failed.push((doc, py_err(e).into_value(py).into_any()));
                            }
                        },
                    }
                }
            }
        }
    }

    /// With `errors="skip"`: the pairs left out so far, as `(doc, exception)`.
    #[getter]
    fn failed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            self.failed
                .iter()
                .map(|(d, e)| (d.clone_ref(py), e.clone_ref(py))),
        )
    }
}

/// Aligns many pairs in parallel and yields `(doc, beads)` in input order as they finish.
///
/// `pairs` is any iterable of `(doc, en, de)` tuples or dicts with keys `doc`, `en`, `de` (a
/// `datasets.Dataset`, `df.itertuples(index=False)`, a generator reading files, a database
/// cursor); `doc` is yours and comes back unchanged (`None` is allowed). It is consumed lazily:
/// at most a dozen pairs per thread are held at once, however long it is. `jobs`: threads
/// (default: one per core). The results do not depend on `jobs`.
///
/// `errors`: `"raise"` (default) raises a failed pair's exception in its place (the iteration
/// can go on after it); `"skip"` leaves such pairs out (the iterator's `failed` lists them);
/// `"return"` yields `(doc, exception)` in their place. Other options as for `align`.
#[pyfunction]
#[pyo3(signature = (pairs, jobs = None, *, presplit = false, langs = None, lexicon = None, realign = false, errors = "raise"))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn align_many(
    pairs: &Bound<'_, PyAny>,
    jobs: Option<usize>,
    presplit: bool,
    langs: Option<&Bound<'_, PyAny>>,
    lexicon: Option<&Bound<'_, PyAny>>,
    realign: bool,
    errors: &str,
) -> PyResult<AlignMany> {
    let on_error = match errors {
        "raise" => OnError::Raise,
        "skip" => OnError::Skip,
        "return" => OnError::Return,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors: expected \"raise\", \"skip\" or \"return\", got {other:?}"
            )))
        }
    };
    let jobs = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs: expected at least 1")),
        Some(n) => n,
        None => rayon::current_num_threads().max(1),
    };
    Ok(AlignMany {
        source: pairs.try_iter()?.unbind(),
        opts: Some(pair_options(presplit, langs, lexicon, realign)?),
        jobs,
        on_error,
        taken: 0,
        exhausted: false,
        pending: None,
        docs: VecDeque::new(),
        to_driver: None,
        results: Mutex::new(None),
        failed: Vec::new(),
        started: false,
    })
}
