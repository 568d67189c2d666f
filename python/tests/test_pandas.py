"""to_pandas, the datasets one-liner of docs/python.md, and the message without pandas."""
import subprocess
import sys

import ende
import pytest
from conftest import NAMES, pair


def test_to_pandas_has_the_csv_columns():
    pd = pytest.importorskip("pandas")
    en, de = pair("flood")
    beads = ende.align(en, de)
    df = ende.to_pandas(beads)
    assert list(df.columns) == ["en_ids", "de_ids", "en", "de", "score", "status", "flags"]
    assert len(df) == len(beads)
    assert df.iloc[3].to_dict() == beads[3].to_dict()
    corpus = ende.to_pandas(ende.align_many((n, *pair(n)) for n in NAMES))
    assert list(corpus.columns) == ende.COLUMNS
    assert list(corpus["doc"].unique()) == NAMES
    assert isinstance(corpus, pd.DataFrame)
    assert list(ende.to_pandas([]).columns) == ende.COLUMNS[1:]


def test_without_pandas_the_import_error_says_what_to_install():
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import ende\n"
        "try:\n"
        "    ende.to_pandas([])\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ende.to_pandas needs pandas, which is not installed: pip install pandas"


def test_the_datasets_one_liner():
    datasets = pytest.importorskip("datasets")
    results = ende.align_many((n, *pair(n)) for n in NAMES)
    ds = datasets.Dataset.from_list(list(ende.records(results)))
    assert ds.column_names == ende.COLUMNS
    assert ds[0]["doc"] == "breach"


def test_reprs_and_dicts():
    en, de = pair("flood")
    b = ende.align(en, de)[1]
    assert repr(b).startswith("Bead(en_ids=[2], de_ids=[")
    assert "status='" in repr(b)
    assert b == ende.align(en, de)[1]
    assert list(b.to_dict()) == ["en_ids", "de_ids", "en", "de", "score", "status", "flags"]
    r = ende.check(en, de)
    assert repr(r).startswith("Report(name='-', coverage_sentences=")
    assert r.missing and repr(r.missing[0]).startswith("Line(id=")
