//! What more than one test module needs: a temporary working directory per test, the real
//! `ende` binary run in it, the repository's own files, and readers for what ende writes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod crawl;
pub mod damage;
/// The fuzz targets' checks (`fuzz/src/lib.rs`), which `fuzz_regressions` runs on the saved
/// inputs; its `common` module holds the helpers both sides use.
#[path = "../../fuzz/src/lib.rs"]
pub mod fuzz;

pub use fuzz::common::{no_space, Shared};

pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }

    pub fn ende(&self) -> Command {
        let mut cmd = Command::cargo_bin("ende").expect("binary");
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// `ende batch --quiet -o OUT INPUT`, the run most batch tests start from; more flags can
    /// follow (clap takes them after the input too).
    pub fn batch(
        &self,
        out: impl AsRef<std::ffi::OsStr>,
        input: impl AsRef<std::ffi::OsStr>,
    ) -> Command {
        let mut cmd = self.ende();
        cmd.args(["batch", "--quiet", "-o"]).arg(out).arg(input);
        cmd
    }
}

/// Runs `cmd`, which must succeed, and returns its standard output: most tests go on to compare
/// or parse it, and all of ende's text outputs are UTF-8.
pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

/// Runs `ende align ARGS` (which must succeed) and reads its CSV: the header row, then the
/// beads.
pub fn align_csv<S: AsRef<std::ffi::OsStr>>(wd: &Workdir, args: &[S]) -> Vec<csv::StringRecord> {
    let out = stdout(wd.ende().arg("align").args(args));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let header = r.headers().unwrap().clone();
    let mut rows = vec![header];
    rows.extend(r.records().map(Result::unwrap));
    rows
}

/// Runs `ende ARGS`, reads the first `n` bytes of its standard output and then closes the
/// pipe, as `| head` does. Returns those bytes, whether it exited with success, and its
/// standard error.
#[cfg(unix)]
pub fn read_then_close<I, S>(args: I, n: usize) -> (Vec<u8>, std::process::ExitStatus, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("ende"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ende runs");
    let mut first = vec![0u8; n];
    // The handle is dropped at the end of this statement: the pipe closes.
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (first, status, err)
}

/// The documents of a CSV output, in the order they appear (each once).
pub fn docs_in(csv: &[u8]) -> Vec<String> {
    let mut docs: Vec<String> = csv::Reader::from_reader(csv)
        .records()
        .map(|r| r.expect("a CSV record")[0].to_string())
        .collect();
    docs.dedup();
    docs
}

/// A folder `corpus` in `wd` with `copies` of each of the team's three article pairs, named
/// `breach000`, `flood000`, `match000`, `breach001`, …
pub fn corpus(wd: &Workdir, copies: usize) -> PathBuf {
    let dir = wd.path("corpus");
    std::fs::create_dir(&dir).unwrap();
    for k in 0..copies {
        for name in ["flood", "breach", "match"] {
            for lang in ["en", "de"] {
                std::fs::copy(
                    repo(&format!("corpora/{name}.{lang}.txt")),
                    dir.join(format!("{name}{k:03}.{lang}.txt")),
                )
                .unwrap();
            }
        }
    }
    dir
}

/// Runs `ende batch --quiet ARGS -o OUT INPUT` with writes failing past `blocks` blocks (512
/// or 1024 bytes, depending on the shell), as on a full disk.
#[cfg(unix)]
pub fn batch_with_file_size_limit(
    out: &Path,
    input: &Path,
    blocks: u32,
    args: &[&str],
) -> std::process::Output {
    // SIGXFSZ is ignored so the write fails instead of the process being killed.
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""
        ))
        .arg(assert_cmd::cargo::cargo_bin("ende"))
        .args(["batch", "--quiet"])
        .args(args)
        .arg("-o")
        .arg(out)
        .arg(input)
        .output()
        .unwrap()
}

/// The repository's own files (`corpora/…`).
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}
