//! Where an output file really goes, that it is none of the inputs, and that only one ende
//! writes it at a time.
//!
//! Finished outputs are written under a temporary name and renamed onto the final path (see
//! [`super::resume`]). That is only safe when the final path is a regular file that nobody
//! else writes: an adversarial run found `-o` replacing the input it named, a rename replacing
//! the symlink `-o` pointed through (and, as root, the `/dev/stdout` link itself), and a second
//! run on the same output writing into the first one's partial file.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Links followed before giving up, as the kernel does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `-`: standard output.
    Stdout,
    /// Written in place, as given: not a regular file (a device, a named pipe), or reached
    /// through a link in `/dev` or `/proc` (`/dev/stdout`, `/dev/fd/3`), which stands for an
    /// open file and must never be renamed over.
    Direct(PathBuf),
    /// A regular file, or a path where none is yet, with every symlink on the way resolved:
    /// temporary files go beside this path and are renamed onto it, so a link stays a link.
    File(PathBuf),
}

impl Target {
    /// Decides where `path` (as given to `-o`) goes. A directory is refused here, with its
    /// name, rather than failing later with a message about a temporary file.
    pub fn resolve(path: &Path) -> Result<Target> {
        if path.as_os_str() == "-" {
            return Ok(Target::Stdout);
        }
        let shown = || path.to_path_buf();
        let mut p = path.to_path_buf();
        let mut special = false;
        for _ in 0..MAX_LINKS {
            match std::fs::symlink_metadata(&p) {
                Ok(m) if m.file_type().is_symlink() => {
                    special |= is_special(&p);
                    let to = std::fs::read_link(&p).map_err(write_err(path))?;
                    // A relative target is relative to the link's folder; an absolute one
                    // replaces the whole path when joined.
                    p = match p.parent() {
                        Some(dir) => dir.join(to),
                        None => to,
                    };
                }
                Ok(m) if m.is_dir() => return Err(Error::OutputIsDir { path: shown() }),
                Ok(m) if special || !m.is_file() => return Ok(Target::Direct(shown())),
                Ok(_) => return Ok(Target::File(p)),
                Err(e) if e.kind() == io::ErrorKind::NotFound && special => {
                    return Ok(Target::Direct(shown()))
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::File(p)),
                Err(e) => return Err(write_err(path)(e)),
            }
        }
        Err(write_err(path)(io::Error::other(
            "too many levels of symbolic links",
        )))
    }

    /// Refuses an output that is one of `inputs` (after following links on both sides): the
    /// finished output would replace it. `shown` is the path as the user gave it.
    pub fn refuse_inputs<'a>(
        &self,
        shown: &Path,
        inputs: impl IntoIterator<Item = &'a Path>,
    ) -> Result<()> {
        let out = match self {
            Target::Stdout => return Ok(()),
            Target::Direct(p) | Target::File(p) => p,
        };
        // An output that does not exist yet cannot be an input that does; a regular file is
        // the only kind both read and replaced.
        let Ok(meta) = std::fs::metadata(out) else {
            return Ok(());
        };
        if !meta.is_file() {
            return Ok(());
        }
        let id = FileId::of(out, &meta);
        for input in inputs {
            if input.as_os_str() == "-" {
                continue;
            }
            if let Ok(m) = std::fs::metadata(input) {
                if m.is_file() && FileId::of(input, &m) == id {
                    return Err(Error::OutputIsInput {
                        path: shown.to_path_buf(),
                        input: input.to_path_buf(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Where a link stands for an open file or a kernel object (`/dev/stdout`, `/proc/self/fd/1`)
/// rather than for a place to put a file. Regular files there (`/dev/shm/out.csv`) are
/// ordinary outputs.
fn is_special(p: &Path) -> bool {
    cfg!(unix) && (p.starts_with("/dev") || p.starts_with("/proc"))
}

fn write_err(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |source| Error::Write {
        what: path.display().to_string(),
        source,
    }
}

/// What makes two paths the same file: device and inode where there are such, else the path
/// with every link resolved.
#[derive(Debug, PartialEq, Eq)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(Option<PathBuf>),
}

impl FileId {
    #[allow(unused_variables)]
    fn of(path: &Path, meta: &std::fs::Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileId::Inode(meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        {
            FileId::Path(std::fs::canonicalize(path).ok())
        }
    }
}

/// An advisory lock on an output for a whole run, held on `OUT.lock` beside it, which names the
/// holder's process id. A second run on the same output is refused with that id instead of
/// writing into the first one's files; a killed run's lock is released by the system, and its
/// leftover `OUT.lock` is simply taken over.
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
    file: Option<File>,
}

impl OutputLock {
    /// Locks the output `file` (a [`Target::File`] path); `shown` is the path as given, for
    /// the message.
    pub fn acquire(file: &Path, shown: &Path) -> Result<OutputLock> {
        let mut name = file.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        let path = file.with_file_name(name);
        // Named after the output the user gave, not the lock file beside it: that is the name
        // they know (`-o /missing/dir/x.csv` fails because the folder is missing).
        let err = write_err(shown);
        // A run that finishes removes its lock file while holding the lock; one that opened
        // the old file just before may then lock a file no longer in the folder, so each lock
        // taken is checked to be the one at the path, and tried again if not.
        for _ in 0..100 {
            let mut f = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(&err)?;
            match f.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Locked {
                        path: shown.to_path_buf(),
                        pid: holder(&mut f),
                    })
                }
                // A file system without locks (some network mounts): run unlocked, as
                // before locks existed, rather than not at all.
                Err(std::fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    return Ok(OutputLock {
                        path: path.clone(),
                        file: None,
                    })
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(err(e)),
            }
            if !still_at(&f, &path) {
                continue;
            }
            f.set_len(0).map_err(&err)?;
            f.write_all(format!("{}\n", std::process::id()).as_bytes())
                .and_then(|()| f.flush())
                .map_err(&err)?;
            return Ok(OutputLock {
                path: path.clone(),
                file: Some(f),
            });
        }
        Err(err(io::Error::other("the lock file keeps being replaced")))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        if self.file.is_some() {
            // Removed while still locked; the lock goes with the handle just after.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether the open lock file `f` is still the file at `path`.
fn still_at(f: &File, path: &Path) -> bool {
    match (f.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => FileId::of(path, &a) == FileId::of(path, &b),
        _ => false,
    }
}

/// The process id a locked lock file names. The holder writes it just after locking, so an
/// empty file is read again for a moment before giving up.
fn holder(f: &mut File) -> Option<u32> {
    for _ in 0..50 {
        let mut text = String::new();
        if f.rewind().is_ok() && f.read_to_string(&mut text).is_ok() {
            if let Ok(pid) = text.trim().parse() {
                return Some(pid);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_resolves_to_its_target_and_dev_stays_direct() {
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real.csv");
        assert_eq!(
            Target::resolve(&real).unwrap(),
            Target::File(real.clone()),
            "a path with no file yet"
        );
        #[cfg(unix)]
        {
            let link = d.path().join("link.csv");
            std::os::unix::fs::symlink("real.csv", &link).unwrap();
            // Dangling: the target does not exist yet, and is still where the output goes.
            assert_eq!(Target::resolve(&link).unwrap(), Target::File(real.clone()));
            std::fs::write(&real, "x").unwrap();
            assert_eq!(Target::resolve(&link).unwrap(), Target::File(real.clone()));
            let outer = d.path().join("outer");
            std::os::unix::fs::symlink(&link, &outer).unwrap();
            assert_eq!(Target::resolve(&outer).unwrap(), Target::File(real.clone()));
            let into_dev = d.path().join("null");
            std::os::unix::fs::symlink("/dev/null", &into_dev).unwrap();
            assert_eq!(
                Target::resolve(&into_dev).unwrap(),
                Target::Direct(into_dev.clone())
            );
            assert_eq!(
                Target::resolve(Path::new("/dev/stdout")).unwrap(),
                Target::Direct("/dev/stdout".into())
            );
            if Path::new("/dev/shm").is_dir() {
                let shm = Path::new("/dev/shm/ende-target-test.csv");
                assert_eq!(Target::resolve(shm).unwrap(), Target::File(shm.into()));
            }
            let looped = d.path().join("loop");
            std::os::unix::fs::symlink("loop", &looped).unwrap();
            assert!(Target::resolve(&looped)
                .unwrap_err()
                .to_string()
                .contains("loop: cannot write"));
        }
        assert_eq!(Target::resolve(Path::new("-")).unwrap(), Target::Stdout);
        assert!(matches!(
            Target::resolve(d.path()).unwrap_err(),
            Error::OutputIsDir { .. }
        ));
    }

    #[test]
    fn an_output_that_is_an_input_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = (d.path().join("a.txt"), d.path().join("b.txt"));
        std::fs::write(&a, "a").unwrap();
        std::fs::write(&b, "b").unwrap();
        let t = Target::resolve(&a).unwrap();
        let e = t.refuse_inputs(&a, [b.as_path(), a.as_path()]).unwrap_err();
        assert!(matches!(e, Error::OutputIsInput { .. }), "{e}");
        assert!(t.refuse_inputs(&a, [b.as_path()]).is_ok());
        let new = d.path().join("new.csv");
        assert!(Target::resolve(&new)
            .unwrap()
            .refuse_inputs(&new, [a.as_path()])
            .is_ok());
    }

    #[test]
    fn a_second_lock_names_the_first_holder_and_a_released_one_is_taken_over() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out.csv");
        let first = OutputLock::acquire(&out, &out).unwrap();
        let e = OutputLock::acquire(&out, &out).unwrap_err();
        assert!(
            e.to_string().contains(&format!(
                "out.csv is being written by another ende (pid {})",
                std::process::id()
            )),
            "{e}"
        );
        drop(first);
        assert!(!d.path().join("out.csv.lock").exists());
        // A leftover lock file (a killed run) is not a lock.
        std::fs::write(d.path().join("out.csv.lock"), "999999\n").unwrap();
        let again = OutputLock::acquire(&out, &out).unwrap();
        drop(again);
    }
}
