"""The Markdown summary: short, with deltas, gates and linked new problems; crawled text escaped."""

from __future__ import annotations

import copy

from auditor.ci.baseline import Baseline, compare
from auditor.ci.gates import Gate
from auditor.ci.summary import MAX_LINES, markdown_summary
from tests.ci_audits import sample_audit


def test_summary_with_baseline_lists_changes_and_links() -> None:
    before = sample_audit()
    before["findings"][0]["status"] = "pass"
    now = sample_audit()
    for n in range(200):  # many new problems: the summary still fits a PR comment
        extra = copy.deepcopy(now["findings"][0])
        extra["id"] = f"readability.grade:{n:010x}"
        extra["url"] = f"https://shop.test/p{n}/"
        now["findings"].append(extra)
    gates = [Gate(f"gate {n}", "fail", "x") for n in range(30)]
    text = markdown_summary(now, gates, compare(now, Baseline("b.json", audit=before)),
                            report_url="https://reports.test/shop")
    assert len(text.splitlines()) < MAX_LINES
    assert "| overall | 70 | 70 | +0.0 |" in text
    assert "**New problems** (201)" in text
    assert "](https://reports.test/shop/pages/p-" in text
    assert "](javascript:" not in text, "the site name is escaped"
    assert "30 gate(s) failed" in text


def test_summary_without_baseline_says_the_gate_was_skipped() -> None:
    gate = Gate("regression", "skipped", "no baseline: regression gate skipped (baseline b.json does not exist)")
    text = markdown_summary(sample_audit(), [gate], None)
    assert "no baseline: regression gate skipped" in text
    assert "all gates hold" in text and "(site/index.html)" in text
