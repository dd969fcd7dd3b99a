"""CI gates: absolute thresholds from ``ci.thresholds`` and regression against a baseline.

Each gate passes, fails or is skipped with its reason; the run fails when any gate fails. Failing
findings count only when not suppressed.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

from auditor.ci.baseline import SCORE_KEYS, Baseline, Comparison, gating_failures
from auditor.config import CIConfig
from auditor.errors import ConfigError
from auditor.findings import Level, Severity


@dataclass
class Gate:
    name: str
    status: str  # "pass" | "fail" | "skipped"
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "status": self.status, "detail": self.detail}


def check_config(ci: CIConfig) -> None:
    """Reject level and severity names the gates would never match (a typo must not become a silent pass)."""
    levels, severities = {str(lv) for lv in Level}, {str(s) for s in Severity}
    for key in ci.thresholds.min_levels:
        if key not in levels:
            raise ConfigError(f"ci.thresholds.min_levels: '{key}' is not a level",
                              f"use one of: {', '.join(sorted(levels))}")
    for key in ci.thresholds.max_failing:
        if key not in severities:
            raise ConfigError(f"ci.thresholds.max_failing: '{key}' is not a severity",
                              f"use one of: {', '.join(sorted(severities))}")


def _fmt(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.1f}"


def evaluate(audit: dict[str, Any], ci: CIConfig, baseline: Baseline | None,
             comparison: Comparison | None) -> list[Gate]:
    """Every configured gate's verdict, thresholds first, then regression."""
    gates: list[Gate] = []
    t = ci.thresholds
    scores = audit["scores"]
    wanted = ([("overall", t.min_overall)] if t.min_overall is not None else []) + sorted(t.min_levels.items())
    for key, minimum in wanted:
        score = scores.get(key)
        ok = score is not None and score >= minimum
        gates.append(Gate(f"min {key} score", "pass" if ok else "fail", f"{_fmt(score)} (minimum {minimum:g})"))
    failing = list(gating_failures(audit).values())
    for severity, limit in sorted(t.max_failing.items()):
        count = sum(1 for f in failing if f["severity"] == severity)
        gates.append(Gate(f"max failing {severity}", "pass" if count <= limit else "fail",
                          f"{count} failing (allowed {limit})"))
    for pattern, limit in sorted(t.max_failing_per_rule.items()):
        count = sum(1 for f in failing if fnmatch.fnmatchcase(f["rule"], pattern))
        gates.append(Gate(f"max failing {pattern}", "pass" if count <= limit else "fail",
                          f"{count} failing (allowed {limit})"))
    gates.extend(_regression(ci, baseline, comparison))
    return gates


def _regression(ci: CIConfig, baseline: Baseline | None, comparison: Comparison | None) -> list[Gate]:
    r = ci.regression
    if comparison is None:
        reason = baseline.problem if baseline is not None and baseline.problem else "no baseline given"
        if r.require_baseline:
            return [Gate("regression", "fail", f"{reason}; ci.regression.require_baseline is true")]
        return [Gate("regression", "skipped", f"no baseline: regression gate skipped ({reason})")]
    drops = []
    for key in SCORE_KEYS:
        delta = comparison.delta(key)
        if delta is not None and -delta > r.max_score_drop:
            drops.append(f"{key} {delta:+.1f}")
    gates = [Gate("score drop", "fail" if drops else "pass",
                  ("; ".join(drops) if drops else "no score") + f" dropped by more than {r.max_score_drop:g} points")]
    if r.fail_on_new_failures:
        count = len(comparison.new_failures)
        gates.append(Gate("new failing findings", "fail" if count else "pass",
                          f"{count} finding(s) fail that did not fail in the baseline"))
    return gates


def passed(gates: list[Gate]) -> bool:
    return all(g.status != "fail" for g in gates)
