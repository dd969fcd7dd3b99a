"""Baselines: unusable ones say why (never raise, never pass silently); comparisons by stable id."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from auditor.ci.baseline import Baseline, compare, load_baseline
from auditor.ci.gates import evaluate
from auditor.config import CIConfig, CIRegressionConfig
from tests.ci_audits import sample_audit


def test_missing_corrupt_old_and_foreign_baselines(tmp_path: Path) -> None:
    assert "does not exist" in (load_baseline(tmp_path / "none.json").problem or "")
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text("{not json", encoding="utf-8")
    assert "not a readable audit JSON" in (load_baseline(corrupt).problem or "")
    old = tmp_path / "old.json"
    old.write_text(json.dumps({**sample_audit(), "schema_version": "0.9"}), encoding="utf-8")
    assert "schema version 0.9" in (load_baseline(old).problem or "")
    other = tmp_path / "other.json"
    other.write_text(json.dumps(sample_audit()), encoding="utf-8")
    problem = load_baseline(other, host="www.elsewhere.test").problem or ""
    assert "not www.elsewhere.test" in problem


@pytest.mark.parametrize("require", [False, True])
def test_no_baseline_skips_or_fails_the_regression_gate(require: bool) -> None:
    ci = CIConfig(regression=CIRegressionConfig(require_baseline=require))
    gates = evaluate(sample_audit(), ci, Baseline("x.json", problem="baseline x.json does not exist"), None)
    (gate,) = gates
    assert gate.status == ("fail" if require else "skipped")
    assert "x.json does not exist" in gate.detail
    if not require:
        assert gate.detail.startswith("no baseline: regression gate skipped")


def test_comparison_lists_new_and_fixed_findings_and_score_changes() -> None:
    before = sample_audit()
    now = copy.deepcopy(before)
    now["scores"]["overall"] = before["scores"]["overall"] - 5
    now["findings"][0]["status"] = "pass"  # fixed
    now["findings"][1]["status"] = "fail"  # newly failing
    comparison = compare(now, Baseline("b.json", audit=before))
    assert [f["id"] for f in comparison.fixed] == [before["findings"][0]["id"]]
    assert [f["id"] for f in comparison.new_failures] == [before["findings"][1]["id"]]
    assert comparison.delta("overall") == -5
    gates = {g.name: g for g in evaluate(now, CIConfig(), None, comparison)}
    assert gates["score drop"].status == "fail" and "overall -5.0" in gates["score drop"].detail
    assert gates["new failing findings"].status == "fail"


def test_suppressed_failures_are_not_new_failures() -> None:
    before = sample_audit()
    now = copy.deepcopy(before)
    now["findings"][1]["status"] = "fail"
    now["findings"][1]["suppressed"] = {"reason": "accepted", "expires": None, "by": None}
    assert compare(now, Baseline("b.json", audit=before)).new_failures == []
