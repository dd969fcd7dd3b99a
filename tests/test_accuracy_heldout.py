"""The held-out benchmark runs the development benchmarks' scoring on tests/accuracy/heldout*/ and
reports one row per family and corpus. It is a measurement, so nothing here asserts its scores reach a target."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.accuracy import __main__ as runner
from benchmarks.accuracy import contact, heldout

SETS = ["", " 2", " 3", " 4", " 5", " 6", " 7", " 8", " 9"]  # each written blind after the one before had been measured


def families(label: str) -> list[str]:
    return [f"{family} (held-out{label})" for family in ("contact channels", "opening hours", "intent coverage")]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return heldout.evaluate()


def test_every_heldout_corpus_is_reported_in_the_order_it_was_written(rows: list[dict[str, Any]]) -> None:
    assert [row["family"] for row in rows] == [family for label in SETS for family in families(label)]


@pytest.mark.parametrize("index", range(len(SETS)))
def test_each_heldout_corpus_has_its_own_pages_and_ungated_scores(rows: list[dict[str, Any]], index: int) -> None:
    corpus = rows[3 * index:3 * index + 3]
    sizes = [row["cases"] for row in corpus]
    earlier = [[row["cases"] for row in rows[3 * i:3 * i + 3]] for i in range(index)]
    assert sizes not in earlier  # its own pages, not an earlier set's counted again
    assert sizes[0] >= 30 and sizes[1] >= 20 and sizes[2] >= 40
    for row in corpus:
        assert row["gate"] is False
        assert all(0.0 <= row[key] <= 1.0 for key in ("precision", "recall", "f1"))


def test_heldout_rows_are_reported_but_never_fail_the_run() -> None:
    measured = {"family": "x (held-out)", "cases": 3, "precision": 0.5, "recall": 0.5, "f1": 0.5,
                "target": "P, R ≥ 0.95", "met": False, "gate": False}
    gated = {**measured, "family": "x", "gate": True}
    assert runner.table([measured]).splitlines()[2].rstrip().endswith("not met (no gate)")
    assert runner.table([gated]).splitlines()[2].rstrip().endswith("not met")
    assert runner.exit_status([measured]) == 0
    assert runner.exit_status([measured, gated]) == 1


def test_development_benchmark_keeps_its_own_corpus_by_default() -> None:
    (row,) = contact.evaluate()
    (held,) = contact.evaluate("heldout/contact", "contact channels (held-out)")
    assert row["family"] == "contact channels" and held["family"] == "contact channels (held-out)"
    assert row["cases"] != held["cases"]
