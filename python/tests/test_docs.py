"""docs/python.md runs as written: each ```python cell is run in order in one namespace, from the
repository root, like a notebook, and what it prints (and the value of its last line, when that
is an expression) must be the ```text block that follows it."""
import ast
import contextlib
import io
import re

import pytest
from conftest import ROOT

CELL = re.compile(r"```python\n(.*?)```\n(?:\s*```text\n(.*?)```\n)?", re.S)


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
    doc = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    cells = CELL.findall(doc)
    assert len(cells) > 10
    namespace = {}
    for code, expected in cells:
        got = run_cell(code, namespace)
        if expected:
            assert got.rstrip() == expected.rstrip(), f"cell:\n{code}\nprinted:\n{got}"
