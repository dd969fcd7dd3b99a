"""Baselines: the earlier audit a run is compared with, and what the comparison says.

Loading never raises: a missing, corrupt, older-schema or other-site baseline comes back with a
``problem`` in plain words, and the regression gate is then reported as skipped (or failed, with
``ci.regression.require_baseline``) — never silently passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError
from auditor.result import load_audit

SCORE_KEYS = ("overall", "capability", "accessibility", "enjoyability")


@dataclass
class Baseline:
    source: str
    audit: dict[str, Any] | None = None
    problem: str | None = None


def load_baseline(path: Path, *, host: str | None = None) -> Baseline:
    """The audit at ``path`` as a baseline, or a Baseline whose ``problem`` says why it cannot be one."""
    if not path.exists():
        return Baseline(str(path), problem=f"baseline {path} does not exist")
    try:
        audit = load_audit(path)  # checks JSON, schema version and schema
    except ConfigError as exc:
        return Baseline(str(path), problem=f"baseline unusable: {exc.problem}")
    if host is not None and audit["site"]["host"] != host:
        return Baseline(str(path), problem=f"baseline {path} is an audit of {audit['site']['host']}, not {host}")
    return Baseline(str(path), audit=audit)


def gating_failures(audit: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Failing findings that are not (validly) suppressed, by stable id."""
    return {f["id"]: f for f in audit["findings"] if f["status"] == "fail" and "suppressed" not in f}


@dataclass
class Comparison:
    """Current run versus baseline: score deltas, and findings that newly fail or were fixed."""

    baseline_source: str
    baseline_finished_at: str
    scores: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)  # key -> (before, now)
    new_failures: list[dict[str, Any]] = field(default_factory=list)
    fixed: list[dict[str, Any]] = field(default_factory=list)
    checks_worse: list[tuple[str, float, float]] = field(default_factory=list)
    checks_better: list[tuple[str, float, float]] = field(default_factory=list)

    def delta(self, key: str) -> float | None:
        before, now = self.scores[key]
        return None if before is None or now is None else round(now - before, 1)

    def to_changes(self) -> dict[str, Any]:
        """The ``history.changes`` section of audit.json."""
        return {
            "since": self.baseline_finished_at,
            "score_deltas": {key: self.delta(key) for key in SCORE_KEYS},
            "new_failures": [f["id"] for f in self.new_failures],
            "fixed": [f["id"] for f in self.fixed],
            "checks_worse": [c[0] for c in self.checks_worse],
            "checks_better": [c[0] for c in self.checks_better],
        }


def compare(current: dict[str, Any], baseline: Baseline) -> Comparison:
    assert baseline.audit is not None
    before = baseline.audit
    result = Comparison(baseline.source, before.get("finished_at", ""))
    result.scores = {key: (before["scores"].get(key), current["scores"].get(key)) for key in SCORE_KEYS}
    old, new = gating_failures(before), gating_failures(current)
    result.new_failures = sorted((f for fid, f in new.items() if fid not in old),
                                 key=lambda f: (-f.get("gain", 0), f["id"]))
    result.fixed = sorted((f for fid, f in old.items() if fid not in new), key=lambda f: f["id"])
    old_checks = {c["id"]: c.get("score") for c in before.get("checks", [])}
    for check in current.get("checks", []):
        was, now = old_checks.get(check["id"]), check.get("score")
        if was is None or now is None or abs(now - was) < 0.05:
            continue
        (result.checks_worse if now < was else result.checks_better).append((check["id"], was, now))
    return result
