"""Scoring: findings → rule scores → level scores → overall 0–100.

Transparent and deterministic (DESIGN §3): a rule's score is the mean score of its pass/fail findings;
findings that are not applicable, unknown or need review weigh nothing; a level's score is the
weighted mean of its rules; the overall score is the weighted mean of the levels that have a score.
Each failing finding also gets its ``gain``: the overall points it would add if it passed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.config import ScoringConfig
from auditor.findings import Finding, Level, Rule, Status

BANDS = ((90.0, "good"), (50.0, "needs_work"), (0.0, "poor"))


@dataclass
class RuleScore:
    rule: Rule
    weight: float
    score: float | None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Scores:
    overall: float | None
    levels: dict[Level, float | None]
    rules: dict[str, RuleScore]
    checks: dict[str, float | None]
    level_weights: dict[Level, float] = field(default_factory=dict)


def band(score: float | None) -> str | None:
    """Plain-word band of a 0–100 score: good (≥90), needs_work (50–89), poor (<50)."""
    if score is None:
        return None
    return next(name for floor, name in BANDS if score >= floor)


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum > 0 else None


def score_findings(findings: list[Finding], rules: dict[str, Rule], config: ScoringConfig) -> Scores:
    """Score ``findings`` of the given ``rules``; sets each finding's ``gain`` as a side effect."""
    by_rule: dict[str, list[Finding]] = {rule_id: [] for rule_id in rules}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)

    rule_scores: dict[str, RuleScore] = {}
    for rule_id, rule in rules.items():
        scored = [f.score for f in by_rule[rule_id] if f.status in (Status.PASS, Status.FAIL) and f.score is not None]
        counts = Counter(str(f.status) for f in by_rule[rule_id])
        rule_scores[rule_id] = RuleScore(
            rule=rule,
            weight=float(config.rule_weights.get(rule_id, rule.weight)),
            score=sum(scored) / len(scored) if scored else None,
            counts={str(s): counts.get(str(s), 0) for s in Status},
        )

    level_scores: dict[Level, float | None] = {}
    level_weight_sums: dict[Level, float] = {}
    for level in Level:
        members = [rs for rs in rule_scores.values() if rs.rule.level is level and rs.score is not None]
        mean = _weighted_mean((rs.score, rs.weight) for rs in members if rs.score is not None)
        level_scores[level] = None if mean is None else round(mean * 100, 1)
        level_weight_sums[level] = sum(rs.weight for rs in members)

    level_weight = {level: float(config.level_weights.get(str(level), 1.0)) for level in Level}
    overall_mean = _weighted_mean((s, level_weight[lv]) for lv, s in level_scores.items() if s is not None)
    overall = None if overall_mean is None else round(overall_mean, 1)

    check_ids = sorted({rs.rule.check for rs in rule_scores.values()})
    check_scores: dict[str, float | None] = {}
    for check_id in check_ids:
        mean = _weighted_mean((rs.score, rs.weight) for rs in rule_scores.values()
                              if rs.rule.check == check_id and rs.score is not None)
        check_scores[check_id] = None if mean is None else round(mean * 100, 1)

    scored_level_weight = sum(level_weight[lv] for lv, s in level_scores.items() if s is not None)
    for finding in findings:
        finding.gain = _gain(finding, rule_scores, level_weight_sums, level_weight, scored_level_weight)
    return Scores(overall=overall, levels=level_scores, rules=rule_scores, checks=check_scores,
                  level_weights=level_weight)


def _gain(finding: Finding, rule_scores: dict[str, RuleScore], level_weight_sums: dict[Level, float],
          level_weight: dict[Level, float], scored_level_weight: float) -> float:
    """Overall points gained if this finding scored 1: its share of the rule, of the level, of the total."""
    rule_score = rule_scores.get(finding.rule)
    if finding.status is not Status.FAIL or finding.score is None or rule_score is None or scored_level_weight <= 0:
        return 0.0
    scored_count = rule_score.counts[str(Status.PASS)] + rule_score.counts[str(Status.FAIL)]  # counted once per rule
    level_sum = level_weight_sums[finding.level]
    if scored_count == 0 or level_sum <= 0:
        return 0.0
    rule_delta = (1.0 - finding.score) / scored_count
    level_delta = rule_score.weight * rule_delta / level_sum
    return round(100 * level_weight[finding.level] * level_delta / scored_level_weight, 3)
