"""audit.json: schema validation and the one-line errors of load_audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.config import ScoringConfig
from auditor.errors import ConfigError
from auditor.findings import Level, Rule, Status
from auditor.result import CrawlFacts, build_audit, load_audit, write_json_atomic
from auditor.scoring import score_findings
from checks.site_facts import empty_facts
from tests.report_sample import sample_audit


def test_sample_audit_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "audit.json"
    write_json_atomic(sample_audit(), path)
    assert load_audit(path)["site"]["name"] == sample_audit()["site"]["name"]


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda a: a["scores"].update(overall=130), "at scores.overall"),
        (lambda a: a["findings"][0].update(status="maybe"), "at findings[0].status"),
        (lambda a: a.pop("pages"), "top level"),
        (lambda a: a.update(schema_version="0.9"), "schema version 0.9"),
    ],
)
def test_broken_audits_are_refused_with_the_place(tmp_path: Path, mutate, fragment: str) -> None:
    audit = sample_audit()
    mutate(audit)
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(audit))
    with pytest.raises(ConfigError) as caught:
        load_audit(path)
    assert fragment in str(caught.value)


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "audit.json"
    path.write_text("{half")
    with pytest.raises(ConfigError, match="not a readable audit JSON"):
        load_audit(path)


def test_build_audit_lists_findings_in_order_and_empties_the_list_it_was_given() -> None:
    rule_b = Rule("zz.b", "B ok", "B not ok", "b", Level.CAPABILITY)
    rule_a = Rule("zz.a", "A ok", "A not ok", "a", Level.CAPABILITY)
    # Two findings at one location: the listing keeps them in the order the checks produced them.
    findings = [rule_b.finding(Status.PASS, "b", location="site"), rule_a.finding(Status.FAIL, "second", location="x"),
                rule_a.finding(Status.FAIL, "a", location="site"), rule_a.finding(Status.PASS, "third", location="x")]
    scores = score_findings(findings, {"zz.a": rule_a, "zz.b": rule_b}, ScoringConfig())
    audit = build_audit(start_url="https://shop.example/", site_name="Shop", pages=[], findings=findings,
                        scores=scores, checks=[], crawl=CrawlFacts(0, 0, "complete", True, 1.0, 0), report={},
                        started_at="2026-01-01T00:00:00Z", finished_at="2026-01-01T00:00:01Z", facts=empty_facts())

    assert [(f["rule"], f["location"], f["message"]) for f in audit["findings"]] == [
        ("zz.a", "site", "a"), ("zz.a", "x", "second"), ("zz.a", "x", "third"), ("zz.b", "site", "b")]
    assert findings == [], "the finding objects are given up as they become JSON"
    assert audit["site"] == {"start_url": "https://shop.example/", "name": "Shop", "host": "shop.example"}
