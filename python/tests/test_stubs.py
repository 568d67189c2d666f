"""The type stubs match the compiled module, and code using the package type-checks."""
import subprocess
import sys

import pytest

USAGE = '''
import pathlib
import ende

beads: list[ende.Bead] = ende.align("The river rose.", "Der Fluss stieg.", langs=("en", "de"))
ids: list[int] = beads[0].en_ids
report: ende.Report = ende.check(pathlib.Path("a.en.txt"), b"Der Fluss stieg.")
missing: list[ende.Line] = report.missing
for doc, result in ende.align_many([("a", "x", "y")], jobs=2, errors="return"):
    if isinstance(result, BaseException):
        continue
    score: float = result[0].score
sentences: list[str] = ende.split("Dr. Meier kam. Er blieb.", lang="de")
rows = list(ende.records(beads))
'''


def mypy(*args, cwd):
    config = cwd / "mypy.ini"
    config.write_text("[mypy]\nignore_missing_imports = True\n")
    return subprocess.run(
        [sys.executable, "-m", *args, "--mypy-config-file" if args[0] == "mypy.stubtest" else "--config-file", str(config)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def test_stubtest_finds_no_difference(tmp_path):
    pytest.importorskip("mypy")
    out = mypy("mypy.stubtest", "ende", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_typical_use_type_checks(tmp_path):
    pytest.importorskip("mypy")
    (tmp_path / "use.py").write_text(USAGE)
    out = mypy("mypy", "--strict", "use.py", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
