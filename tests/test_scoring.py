"""Scoring: transparent weighted means, not-applicable weighs nothing, gains add up."""

from __future__ import annotations

import pytest

from auditor.config import ScoringConfig
from auditor.findings import Level, Rule, Severity, Status
from auditor.scoring import band, score_findings

PHONE = Rule("contact.phone", "Phone given", "No phone", "why", Level.ACCESSIBILITY, Severity.HIGH, weight=2.0)
EMAIL = Rule("contact.email", "Email given", "No email", "why", Level.ACCESSIBILITY)
GRADE = Rule("readability.grade", "Readable", "Hard to read", "why", Level.ENJOYABILITY)
INTENT = Rule("coverage.intent", "Covered", "Not covered", "why", Level.CAPABILITY)
RULES = {r.id: r for r in (PHONE, EMAIL, GRADE, INTENT)}


def test_rule_level_and_overall_scores_are_weighted_means() -> None:
    findings = [
        PHONE.finding(Status.PASS, "ok", location="site"),
        EMAIL.finding(Status.FAIL, "none", location="site"),
        GRADE.finding(Status.FAIL, "hard", location="https://a.example/1", score=0.5),
        GRADE.finding(Status.PASS, "fine", location="https://a.example/2"),
        GRADE.finding(Status.NOT_APPLICABLE, "too short", location="https://a.example/3"),
        INTENT.finding(Status.NEEDS_REVIEW, "unsure", location="cancel_order"),
    ]
    scores = score_findings(findings, RULES, ScoringConfig())
    assert scores.rules["readability.grade"].score == pytest.approx(0.75)
    assert scores.levels[Level.ACCESSIBILITY] == pytest.approx(66.7)  # (2*1 + 1*0) / 3
    assert scores.levels[Level.ENJOYABILITY] == 75.0
    assert scores.levels[Level.CAPABILITY] is None  # needs review is never scored
    assert scores.overall == pytest.approx((66.6667 + 75) / 2, abs=0.1)
    assert scores.checks == {"contact": pytest.approx(66.7), "coverage": None, "readability": 75.0}


def test_gain_is_what_passing_would_add() -> None:
    findings = [
        PHONE.finding(Status.PASS, "ok", location="site"),
        EMAIL.finding(Status.FAIL, "none", location="site"),
        GRADE.finding(Status.PASS, "fine", location="u"),
    ]
    before = score_findings(findings, RULES, ScoringConfig())
    email = findings[1]
    fixed = [findings[0], EMAIL.finding(Status.PASS, "ok", location="site"), findings[2]]
    after = score_findings(fixed, RULES, ScoringConfig())
    assert email.gain == pytest.approx(after.overall - before.overall, abs=0.1)
    assert findings[0].gain == 0.0


def test_config_weights_change_the_result() -> None:
    findings = [EMAIL.finding(Status.FAIL, "none", location="site"), GRADE.finding(Status.PASS, "ok", location="u")]
    even = score_findings(findings, RULES, ScoringConfig())
    tilted = score_findings(findings, RULES, ScoringConfig(level_weights={"accessibility": 1, "enjoyability": 3}))
    assert even.overall == 50.0
    assert tilted.overall == 75.0
    assert tilted.level_weights[Level.ENJOYABILITY] == 3.0
    muted = score_findings(findings, RULES, ScoringConfig(rule_weights={"contact.email": 0}))
    assert muted.levels[Level.ACCESSIBILITY] is None


def test_same_input_same_scores() -> None:
    findings = [GRADE.finding(Status.FAIL, "hard", location=f"u{i}", score=i / 7) for i in range(7)]
    assert score_findings(findings, RULES, ScoringConfig()) == score_findings(findings, RULES, ScoringConfig())


@pytest.mark.parametrize(("score", "expected"), [(100, "good"), (90, "good"), (89.9, "needs_work"), (50, "needs_work"),
                                                 (49.9, "poor"), (0, "poor"), (None, None)])
def test_bands(score: float | None, expected: str | None) -> None:
    assert band(score) == expected
