"""docs/python.md runs as written: each ```python cell is run in order in one namespace, from the
repository root, like a notebook, and what it prints (and the value of its last line, when that
is an expression) must be the ```text block that follows it.

After a change to the aligner moves a score or a count, `ENDE_UPDATE_DOCS=1 pytest
python/tests/test_docs.py` writes the new outputs into the page (read the diff before committing).
"""
import ast
import contextlib
import io
import os
import re

import pytest
from conftest import ROOT

CELL = re.compile(r"```python\n(.*?)```\n(?:\s*```text\n(.*?)```\n)?", re.S)
PAGE = ROOT / "docs" / "python.md"


def run_cell(code, namespace):
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<cell>", "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
            if value is not None:
                print(repr(value))
    return out.getvalue()


def test_the_walk_through_gives_the_outputs_it_shows(monkeypatch):
    pytest.importorskip("pandas")
    pytest.importorskip("datasets")
    monkeypatch.chdir(ROOT)
    doc = PAGE.read_text(encoding="utf-8")
    namespace = {}
    if os.environ.get("ENDE_UPDATE_DOCS"):

        def update(m):
            out = run_cell(m.group(1), namespace).rstrip()
            text = f"\n```text\n{out}\n```\n" if out else ""
            return f"```python\n{m.group(1)}```\n{text}"

        PAGE.write_text(CELL.sub(update, doc), encoding="utf-8")
        return
    cells = CELL.findall(doc)
    assert len(cells) > 10
    for code, expected in cells:
        got = run_cell(code, namespace)
        if expected:
            assert got.rstrip() == expected.rstrip(), f"cell:\n{code}\nprinted:\n{got}"
