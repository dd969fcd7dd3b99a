"""The labelled contact and opening-hours corpora (tests/accuracy/) meet their accuracy targets, so an
extractor change that trades one page for another shows up here, not in a consultant's report."""

from __future__ import annotations

import pytest

from benchmarks.accuracy import __main__ as runner
from benchmarks.accuracy import contact, hours


@pytest.mark.parametrize("benchmark", [contact, hours], ids=["contact", "hours"])
def test_corpus_meets_target(benchmark: object) -> None:
    (row,) = benchmark.evaluate()  # type: ignore[attr-defined]
    assert row["cases"] >= 30
    assert row["met"], "\n".join(row["errors"])


def test_corpus_sizes() -> None:
    assert contact.evaluate()[0]["cases"] >= 40
    assert hours.evaluate()[0]["cases"] >= 30


def test_runner_table_marks_unmet_targets_and_errors() -> None:
    text = runner.table([
        {"family": "x", "cases": 3, "precision": 1.0, "recall": 0.5, "f1": 0.667, "target": "P ≥ 0.9", "met": False},
        {"family": "act", "cases": 10, "agreement": 1.0, "target": "100 %", "met": True},
        {"family": "broken", "cases": 0, "target": "", "met": False, "error": "boom"},
    ])
    lines = text.splitlines()
    assert lines[0].split(" | ")[0].strip() == "family"
    assert lines[2].rstrip().endswith("not met") and "0.500" in lines[2]
    assert "1.000" in lines[3] and lines[3].rstrip().endswith("met")
    assert lines[4].rstrip().endswith("error")
