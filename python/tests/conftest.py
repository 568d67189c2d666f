"""Shared helpers: the repository's paths and the command-line tool the package is compared with.

The tests compare the package with the `ende` binary of the same checkout (`cargo build
--release`, which `.ci/python` runs first); ENDE_BIN names another one.
"""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPORA = ROOT / "corpora"
NAMES = ["breach", "flood", "match"]


def ende_bin():
    path = pathlib.Path(os.environ.get("ENDE_BIN", ROOT / "target" / "release" / "ende"))
    if not path.exists():
        pytest.fail(f"{path} not found: run `cargo build --release` first (or set ENDE_BIN)")
    return str(path)


def cli(*args, check=True):
    """Runs `ende ARGS` and returns the finished process (stdout as bytes)."""
    proc = subprocess.run([ende_bin(), *map(str, args)], capture_output=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"ende {' '.join(map(str, args))}: {proc.stderr.decode()}")
    return proc


def pair(name, folder=CORPORA):
    """The English and German texts of a sample pair."""
    return (
        (folder / f"{name}.en.txt").read_text(encoding="utf-8"),
        (folder / f"{name}.de.txt").read_text(encoding="utf-8"),
    )
