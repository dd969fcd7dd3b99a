"""The intent-coverage accuracy benchmark runs on its labelled corpus and meets its F1 target."""

from __future__ import annotations

from benchmarks.accuracy.intents import TARGET_F1, evaluate, load_cases


def test_corpus_is_large_and_spans_every_industry() -> None:
    cases = load_cases()
    assert sum(len(case["expected"]) for case in cases) >= 60
    assert {case["industry"] for case in cases} == {"retail", "saas", "telecom", "banking", "travel"}
    statuses = {status for case in cases for status in case["expected"].values()}
    assert statuses == {"covered", "partial", "missing"}


def test_evaluate_reports_precision_recall_and_f1() -> None:
    (row,) = evaluate()
    assert row["family"] == "intent coverage" and row["cases"] >= 60
    assert 0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1
    assert row["f1"] >= TARGET_F1 and row["met"]
