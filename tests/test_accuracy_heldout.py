"""The held-out benchmark runs the development benchmarks' scoring on tests/accuracy/heldout*/ and
reports one row per family and corpus. It is a measurement, so nothing here asserts its scores reach a target."""

from __future__ import annotations

from benchmarks.accuracy import __main__ as runner
from benchmarks.accuracy import contact, heldout

FAMILIES = ["contact channels (held-out)", "opening hours (held-out)", "intent coverage (held-out)"]
FAMILIES2 = ["contact channels (held-out 2)", "opening hours (held-out 2)", "intent coverage (held-out 2)"]
FAMILIES3 = ["contact channels (held-out 3)", "opening hours (held-out 3)", "intent coverage (held-out 3)"]
FAMILIES4 = ["contact channels (held-out 4)", "opening hours (held-out 4)", "intent coverage (held-out 4)"]
FAMILIES5 = ["contact channels (held-out 5)", "opening hours (held-out 5)", "intent coverage (held-out 5)"]


def test_heldout_returns_a_row_per_family_with_scores() -> None:
    rows = [row for row in heldout.evaluate() if row["family"] in FAMILIES]
    assert [row["family"] for row in rows] == FAMILIES
    sizes = {row["family"]: row["cases"] for row in rows}
    assert sizes[FAMILIES[0]] >= 30 and sizes[FAMILIES[1]] >= 20 and sizes[FAMILIES[2]] >= 40
    for row in rows:
        assert row["gate"] is False
        assert all(0.0 <= row[key] <= 1.0 for key in ("precision", "recall", "f1"))
        assert isinstance(row["errors"], list)


def test_second_heldout_corpus_is_reported_after_the_first_with_its_own_pages() -> None:
    rows = heldout.evaluate()
    assert [row["family"] for row in rows][:6] == FAMILIES + FAMILIES2
    first, second = rows[:3], rows[3:6]
    assert [row["cases"] for row in second] != [row["cases"] for row in first]
    sizes = {row["family"]: row["cases"] for row in second}
    assert sizes[FAMILIES2[0]] >= 30 and sizes[FAMILIES2[1]] >= 20 and sizes[FAMILIES2[2]] >= 40
    for row in second:
        assert row["gate"] is False
        assert all(0.0 <= row[key] <= 1.0 for key in ("precision", "recall", "f1"))


def test_third_heldout_corpus_is_reported_after_the_second_with_its_own_pages() -> None:
    rows = heldout.evaluate()
    assert [row["family"] for row in rows][:9] == FAMILIES + FAMILIES2 + FAMILIES3
    sizes_by_corpus = [[row["cases"] for row in rows[start:start + 3]] for start in (0, 3, 6)]
    assert sizes_by_corpus[2] not in sizes_by_corpus[:2]
    third = rows[6:9]
    sizes = {row["family"]: row["cases"] for row in third}
    assert sizes[FAMILIES3[0]] >= 30 and sizes[FAMILIES3[1]] >= 20 and sizes[FAMILIES3[2]] >= 40
    for row in third:
        assert row["gate"] is False
        assert all(0.0 <= row[key] <= 1.0 for key in ("precision", "recall", "f1"))


def test_fourth_heldout_corpus_is_reported_after_the_third_with_its_own_pages() -> None:
    rows = heldout.evaluate()
    assert [row["family"] for row in rows][:12] == FAMILIES + FAMILIES2 + FAMILIES3 + FAMILIES4
    sizes_by_corpus = [[row["cases"] for row in rows[start:start + 3]] for start in (0, 3, 6, 9)]
    assert sizes_by_corpus[3] not in sizes_by_corpus[:3]
    fourth = rows[9:12]
    sizes = {row["family"]: row["cases"] for row in fourth}
    assert sizes[FAMILIES4[0]] >= 30 and sizes[FAMILIES4[1]] >= 20 and sizes[FAMILIES4[2]] >= 40
    for row in fourth:
        assert row["gate"] is False
        assert all(0.0 <= row[key] <= 1.0 for key in ("precision", "recall", "f1"))


def test_fifth_heldout_corpus_is_reported_last_with_its_own_pages() -> None:
    rows = heldout.evaluate()
    assert [row["family"] for row in rows] == FAMILIES + FAMILIES2 + FAMILIES3 + FAMILIES4 + FAMILIES5
    sizes_by_corpus = [[row["cases"] for row in rows[start:start + 3]] for start in (0, 3, 6, 9, 12)]
    assert sizes_by_corpus[4] not in sizes_by_corpus[:4]
    fifth = rows[12:]
    sizes = {row["family"]: row["cases"] for row in fifth}
    assert sizes[FAMILIES5[0]] >= 30 and sizes[FAMILIES5[1]] >= 20 and sizes[FAMILIES5[2]] >= 40
    for row in fifth:
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
