"""The report's Trend page (auditor/report/trend.py): score trend chart over the history's runs and what
changed since the previous run, only when the audit has a history; escaped, offline, strict-build clean."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml

from auditor.report import render_site, write_report
from auditor.report.charts import score_trend
from auditor.result import validate
from tests.report_sample import sample_audit

HOSTILE = "<script>alert(1)</script>[x](javascript:alert(2)){: onclick=alert(3) }"
EXTERNAL = re.compile(r"(href|src)=|xlink|url\(|https?:", re.I)


def ids(status: str) -> list[str]:
    return [f["id"] for f in sample_audit()["findings"] if f["status"] == status]


def history(**changes: Any) -> dict[str, Any]:
    """Two earlier runs (the second with no capability score) and changes against the second."""
    return {
        "runs": [
            {"finished_at": "2026-11-20T09:00:00Z", "passed": True,
             "scores": {"overall": 60.0, "capability": 55.0, "accessibility": 70.0, "enjoyability": 58.0}},
            {"finished_at": "2026-11-21T09:00:00Z", "passed": False,
             "scores": {"overall": 66.0, "capability": None, "accessibility": 75.0, "enjoyability": 64.0}},
        ],
        "changes": {"since": "2026-11-21T09:00:00Z",
                    "score_deltas": {"overall": 5.4, "capability": None, "accessibility": -2.0, "enjoyability": 0.0},
                    "new_failures": ids("fail")[:2], "fixed": [ids("pass")[0], "links.broken:0123456789"],
                    "checks_worse": ["contact"], "checks_better": ["coverage"], **changes},
    }


def test_sample_with_history_obeys_the_schema() -> None:
    validate(sample_audit(history=history()))


def test_trend_page_shows_every_run_and_what_changed(tmp_path: Path) -> None:
    config = yaml.safe_load(render_site(sample_audit(history=history()), tmp_path).read_text(encoding="utf-8"))
    page = (tmp_path / "docs" / "trend.md").read_text(encoding="utf-8")

    assert {"Trend": "trend.md"} in config["nav"]
    assert "](trend.md)" in (tmp_path / "docs" / "index.md").read_text(encoding="utf-8"), "linked from the home page"
    rows = [line for line in page.splitlines() if line.startswith("| 2")]
    assert len(rows) == 3 and rows[-1].startswith("| 23 November 2026, 09:01 UTC (this run) | 71 |")
    assert "| 21 November 2026, 09:00 UTC | 66 | — | 75 | 64 | failed |" in rows
    assert "| Overall | 71 | +5.4 |" in page and "| Accessibility | 80 | -2 |" in page
    assert "| Capability | 65 | — |" in page

    new_ids = ids("fail")[:2]
    new_part = page.split("### New failing findings")[1].split("### Fixed findings")[0]
    for finding_id in new_ids:
        assert finding_id.replace(".", "\\.") in new_part
    assert "2 findings fail now" in new_part
    assert re.search(r"\]\(checks/coverage\.md#f-[0-9a-f]{10}\)", new_part), "new failures link to their evidence"
    fixed_part = page.split("### Fixed findings")[1]
    assert "](pages/p-" in fixed_part, "a fixed finding still in the audit links to its page"
    assert "| links\\.broken | — | links\\.broken:0123456789 |" in fixed_part, "a vanished one is named by its rule"
    assert "- Worse: [Contact accessibility](checks/contact.md)" in page
    assert "- Better: [Help and FAQ coverage](checks/coverage.md)" in page


def test_trend_chart_is_accessible_and_self_contained(tmp_path: Path) -> None:
    render_site(sample_audit(history=history()), tmp_path)
    page = (tmp_path / "docs" / "trend.md").read_text(encoding="utf-8")
    svg = lxml.html.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))
    assert svg.get("role") == "img"
    assert svg.get("aria-label", "").startswith("Overall and level scores over the last 3 runs")
    desc = svg.find("desc").text_content()
    assert "Overall: 60, 66, 71" in desc and "Capability: 55, not scored, 65" in desc
    assert "Runs, oldest first: 20 Nov 09:00, 21 Nov 09:00, 23 Nov 09:01" in desc
    assert svg.find("title").text_content().startswith("Overall and level scores")
    svg_text = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert not EXTERNAL.search(svg_text.replace('xmlns="http://www.w3.org/2000/svg"', "")), "no external reference"


def test_no_history_means_no_trend_page(tmp_path: Path) -> None:
    config = yaml.safe_load(render_site(sample_audit(), tmp_path).read_text(encoding="utf-8"))
    assert not (tmp_path / "docs" / "trend.md").exists()
    assert "trend.md" not in yaml.safe_dump(config["nav"])
    assert "trend.md" not in (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")


def test_first_run_in_a_history_has_a_trend_of_one_and_no_changes(tmp_path: Path) -> None:
    render_site(sample_audit(history={"runs": [], "changes": None}), tmp_path)
    page = (tmp_path / "docs" / "trend.md").read_text(encoding="utf-8")
    assert "There is no earlier run to compare with" in page and "could not be read" not in page
    assert "<polyline" not in page and page.count("<circle") == 4, "one point per score, no line"
    assert "of this run, the first in the history" in page


def test_hostile_history_values_are_escaped(tmp_path: Path) -> None:
    audit = sample_audit(history=history(since=HOSTILE, new_failures=[HOSTILE], checks_worse=[HOSTILE]))
    audit["history"]["runs"][0]["finished_at"] = HOSTILE
    render_site(audit, tmp_path)
    page = (tmp_path / "docs" / "trend.md").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page
    markdown = re.sub(r"<figure.*?</figure>", "", page, flags=re.S)  # raw HTML: Markdown is not parsed inside
    assert not re.search(r"(?<!\\)\]\(javascript:|(?<!\\)\{: onclick", markdown), "Markdown syntax is escaped"


def test_score_trend_breaks_the_line_at_a_missing_score() -> None:
    chart = score_trend(["a", "b", "c", "d"], [("Overall", [50.0, None, 70.0, 80.0]), ("Level", [1.0, 2.0, 3.0, 4.0])],
                        "Trend")
    assert chart.count("<polyline") == 2, "Overall: one line (c-d) after the gap; Level: one line"
    assert chart.count("<circle") == 7
    assert "Overall: 50, not scored, 70, 80" in chart


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(sample_audit(history=history()), tmp_path_factory.mktemp("trend"))


def test_trend_page_builds_strict_and_is_in_the_navigation(built: Path) -> None:
    trend = lxml.html.fromstring((built / "trend.html").read_bytes())
    assert trend.xpath("//nav//a[@href='trend.html' or @href='./trend.html']"), "Trend is in the navigation"
    home = lxml.html.fromstring((built / "index.html").read_bytes())
    assert home.xpath("//article//a[@href='trend.html']"), "the home page links to the trend"
    assert trend.xpath("//svg[@role='img']/title") and trend.xpath("//table")
    for element in trend.xpath("//article//*[@href or @src]"):
        assert not re.match(r"^\s*(https?:)?//", element.get("href") or element.get("src") or ""), "offline page"
