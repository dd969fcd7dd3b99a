"""Findings: what a check says about the site, the unit everything downstream reads.

A finding's id is derived from its rule and location only, so the same site content yields the same
ids run after run (CI suppressions and baselines key on them).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    """Graham Harvey's three abilities: the levels every rule scores into."""

    CAPABILITY = "capability"
    ACCESSIBILITY = "accessibility"
    ENJOYABILITY = "enjoyability"


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NEEDS_REVIEW = "needs_review"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


SCORED_STATUSES = frozenset({Status.PASS, Status.FAIL})


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of proof behind a finding: where it is and what was measured against what. Slotted, as
    :class:`Finding` is: a large audit holds hundreds of thousands of them at once."""

    url: str | None = None
    snippet: str | None = None
    selector: str | None = None
    measured: str | float | int | None = None
    target: str | float | int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Rule:
    """A single thing a check tests, in the spirit of a Lighthouse audit's meta block.

    ``title`` is phrased for the pass case, ``failure_title`` for the fail case.
    """

    id: str
    title: str
    failure_title: str
    description: str
    level: Level
    severity: Severity = Severity.MEDIUM
    weight: float = 1.0
    fix: str = ""

    @property
    def check(self) -> str:
        return self.id.split(".", 1)[0]

    def finding(
        self,
        status: Status,
        message: str,
        *,
        location: str,
        url: str | None = None,
        score: float | None = None,
        evidence: list[Evidence] | None = None,
        fix: str | None = None,
        severity: Severity | None = None,
        data: dict[str, Any] | None = None,
    ) -> Finding:
        """Make a finding of this rule. ``score`` defaults to 1 for pass and 0 for fail.

        ``location`` names what the finding is about (a URL, an intent, 'site') and is what makes
        the id stable: never put measured values or timestamps in it.
        """
        if score is None and status in SCORED_STATUSES:
            score = 1.0 if status is Status.PASS else 0.0
        if status not in SCORED_STATUSES:
            score = None
        elif score is not None:
            score = round(min(1.0, max(0.0, float(score))), 4)
        return Finding(
            rule=self.id,
            check=self.check,
            level=self.level,
            status=status,
            severity=severity or (Severity.INFO if status is Status.PASS else self.severity),
            score=score,
            message=message,
            url=url,
            location=location,
            evidence=list(evidence or []),
            fix="" if status is Status.PASS else (fix if fix is not None else self.fix),
            data=dict(data or {}),
        )


@dataclass(slots=True)
class Finding:
    """Slotted: a 10,000-page audit holds ~200,000 findings beside the site model, and a per-instance
    ``__dict__`` adds ~90 bytes to each (~18 MB)."""

    rule: str
    check: str
    level: Level
    status: Status
    severity: Severity
    score: float | None
    message: str
    url: str | None
    location: str
    evidence: list[Evidence] = field(default_factory=list)
    fix: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    gain: float = 0.0

    @property
    def id(self) -> str:
        return finding_id(self.rule, self.location)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "check": self.check,
            "level": self.level.value,  # the member's own string: str() would copy it for every finding
            "status": self.status.value,
            "severity": self.severity.value,
            "score": self.score,
            "gain": round(self.gain, 3),
            "url": self.url,
            "location": self.location,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
            "fix": self.fix,
            "data": self.data,
        }


_URL_ORIGIN = re.compile(r"^https?://([^/:?#]+)(:\d+)?", re.I)


def finding_id(rule: str, location: str) -> str:
    """``check.rule:hash-of-location`` (DESIGN §3); 10 hex digits keep collisions negligible per rule.

    The scheme and port of a URL location are left out, so the same site served on another port
    (fixture sites, staging) keeps its ids.
    """
    stable = _URL_ORIGIN.sub(lambda m: m.group(1).lower(), location, count=1)
    digest = hashlib.sha256(stable.encode("utf-8")).hexdigest()[:10]
    return f"{rule}:{digest}"
