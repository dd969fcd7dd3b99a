"""The report's Trend page: scores over the runs kept in a history directory, and what changed since the
previous run.

It reads only the audit's optional ``history`` section (written by :mod:`auditor.ci.history`: earlier runs,
oldest first, and ``changes`` against the previous run) plus this run's own scores, and links changed
findings and checks through the renderer's views. It hands the template plain values, which the template
escapes; the chart escapes its own text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from auditor.report import charts
from auditor.report.escape import Md

TREND_PAGE = "trend.md"
SCORES = (("overall", "Overall"), ("capability", "Capability"), ("accessibility", "Accessibility"),
          ("enjoyability", "Enjoyability"))
LISTED = 100  # new or fixed findings listed by name; audit.json's history.changes has every id


@dataclass
class TrendRun:
    finished_at: str
    scores: dict[str, float | None]
    passed: bool | None  # the CI gates' outcome, when the run had gates
    current: bool = False


@dataclass
class ChangedFinding:
    """A finding that newly fails or was fixed, by stable id; title and link when this audit has it."""

    id: str
    title: str
    message: str
    page_label: str
    href: str | None


@dataclass
class ChangedCheck:
    title: str
    href: str | None


@dataclass
class Changes:
    since: str
    deltas: list[tuple[str, float | None, float | None]]  # score words, score now, change since the previous run
    new_failures: list[ChangedFinding]
    fixed: list[ChangedFinding]
    new_total: int
    fixed_total: int
    checks_worse: list[ChangedCheck] = field(default_factory=list)
    checks_better: list[ChangedCheck] = field(default_factory=list)


@dataclass
class TrendView:
    runs: list[TrendRun]  # earlier runs, then this one
    changes: Changes | None  # None: no earlier run could be compared

    @property
    def chart(self) -> Md:
        labels = [_short_date(run.finished_at) for run in self.runs]
        series = [(words, [run.scores.get(key) for run in self.runs]) for key, words in SCORES]
        title = (f"Overall and level scores over the last {len(self.runs)} runs, this run last" if len(self.runs) > 1
                 else "Overall and level scores of this run, the first in the history")
        return charts.score_trend(labels, series, title)


def trend_view(audit: Mapping[str, Any], findings: Sequence[Any], checks: Sequence[Any]) -> TrendView | None:
    """The Trend page's view, or None when the audit has no history (then the report has no Trend page).

    ``findings`` and ``checks`` are the renderer's FindingViews and CheckViews (``id``, titles, ``href``).
    """
    history = audit.get("history")
    if not isinstance(history, Mapping):
        return None
    runs = [TrendRun(_str(r.get("finished_at")), _scores(r.get("scores")), _bool(r.get("passed")))
            for r in _list(history.get("runs")) if isinstance(r, Mapping)]
    runs.append(TrendRun(_str(audit.get("finished_at")), _scores(audit.get("scores")), None, current=True))
    return TrendView(runs, _changes(history.get("changes"), runs[-1].scores, findings, checks))


def _changes(raw: Any, now: dict[str, float | None], findings: Sequence[Any],
             checks: Sequence[Any]) -> Changes | None:
    if not isinstance(raw, Mapping):
        return None
    deltas_raw = raw.get("score_deltas") if isinstance(raw.get("score_deltas"), Mapping) else {}
    deltas = [(words, now.get(key), _number(deltas_raw.get(key))) for key, words in SCORES]
    by_id = {f.id: f for f in findings}
    by_check = {c.id: c for c in checks}
    new = [_str(i) for i in _list(raw.get("new_failures"))]
    fixed = [_str(i) for i in _list(raw.get("fixed"))]
    return Changes(
        since=_str(raw.get("since")),
        deltas=deltas,
        new_failures=[_finding(i, by_id) for i in new[:LISTED]],
        fixed=[_finding(i, by_id) for i in fixed[:LISTED]],
        new_total=len(new),
        fixed_total=len(fixed),
        checks_worse=[_check(_str(c), by_check) for c in _list(raw.get("checks_worse"))],
        checks_better=[_check(_str(c), by_check) for c in _list(raw.get("checks_better"))],
    )


def _finding(finding_id: str, by_id: Mapping[str, Any]) -> ChangedFinding:
    """A fixed finding is often still in the audit (now passing) and then links to its evidence; one whose
    page or intent is gone is named by its rule, taken from the stable id (``rule:hash``)."""
    view = by_id.get(finding_id)
    if view is None:
        return ChangedFinding(finding_id, finding_id.rsplit(":", 1)[0], "", "", None)
    return ChangedFinding(finding_id, view.rule_title, view.message, view.page_label, view.href)


def _check(check_id: str, by_check: Mapping[str, Any]) -> ChangedCheck:
    view = by_check.get(check_id)
    return ChangedCheck(view.title, view.href) if view is not None else ChangedCheck(check_id, None)


def _short_date(value: str) -> str:
    """An axis label: '23 Nov 09:01' (the table beside the chart has the full date)."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{when.day} {when:%b %H:%M}"


def _scores(raw: Any) -> dict[str, float | None]:
    raw = raw if isinstance(raw, Mapping) else {}
    return {key: _number(raw.get(key)) for key, _ in SCORES}


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return "" if value is None else str(value)
