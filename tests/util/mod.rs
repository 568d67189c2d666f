//! A temporary working directory per test and a handle on the real `ende` binary.
#![allow(dead_code)] // each test binary uses a different part of it

use std::path::{Path, PathBuf};

use assert_cmd::Command;

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
}

/// The repository's own files (`corpora/…`).
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}
pub mod damage;
