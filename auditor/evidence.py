"""Supplied evidence: what the consultant measured that a crawler cannot (DESIGN §1) — survey scores and
mystery-shopping observations — read from a YAML or CSV file, validated, and shown beside the measured
findings, always labelled *supplied* with its source.

The YAML file::

    evidence:
      - metric: csat                # see METRICS below
        value: 78
        scale: 0-100                # csat: 0-100 or 1-5, as the survey stated it
        date: 2025-03-04
        source: Q1 customer survey (n=412)
      - metric: phone_wait
        value: 4
        unit: minutes               # times: seconds (default), minutes, hours or days
        date: 2025-03-05
        channel: phone
        source: Mystery call 3 (Ana)

The CSV file has a header row naming the same fields (metric, value, date and source are required).

By default (``evidence.weight: 0``) supplied evidence is shown and not scored. With a weight above 0 each
item becomes a finding of rule ``supplied.<metric>`` in the level the metric drives, scored 0–1 by the
rules below and weighted ``evidence.weight``; it passes when it meets the metric's target.

====================== ============== ======================================== ===========================
metric                 level          score 0–1                                passes when
====================== ============== ======================================== ===========================
csat                   enjoyability   0-100: value/100; 1-5: (value−1)/4       ≥ 80 (0-100), ≥ 4 (1-5)
nps                    enjoyability   (value+100)/200                          ≥ 30
ces                    capability     1-7: (value−1)/6; 1-5: (value−1)/4       ≥ 5 (1-7), ≥ 4 (1-5)
first_contact_resolution capability   yes 1, no 0; a percentage: value/100     yes, or ≥ 70 %
answer_accuracy        capability     yes 1, no 0; a percentage: value/100     yes, or ≥ 90 %
phone_wait             accessibility  1 at ≤ 60 s, 0 at ≥ 600 s, linear        ≤ 180 s
chat_response          accessibility  1 at ≤ 60 s, 0 at ≥ 600 s, linear        ≤ 120 s
email_response         accessibility  1 at ≤ 4 h, 0 at ≥ 72 h, linear          ≤ 24 h
====================== ============== ======================================== ===========================

CES is read as agreement with "the company made it easy to handle my issue" (CES 2.0): higher is easier.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from auditor.config import AuditConfig
from auditor.errors import ConfigError
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.yamlfile import line_of, list_entries, read_text, scalars

CHECK_ID = "supplied"
FIELDS = frozenset({"metric", "value", "scale", "unit", "date", "channel", "source", "note"})
REQUIRED = ("metric", "value", "date", "source")
TIME_UNITS = {"seconds": 1, "second": 1, "s": 1, "minutes": 60, "minute": 60, "min": 60, "hours": 3600,
              "hour": 3600, "h": 3600, "days": 86400, "day": 86400}
YES = frozenset({"yes", "y", "true"})
NO = frozenset({"no", "n", "false"})


@dataclass(frozen=True)
class Metric:
    """What one kind of supplied evidence means and how it maps to a 0–1 score (module table)."""

    id: str
    title: str
    level: Level
    kind: str  # "survey" or "mystery shopping"
    channel: str  # the channel it is about unless the item says otherwise ("" = the item must say)
    description: str
    scales: tuple[str, ...] = ()  # survey ranges, first the default ("" = the item must state one)
    good: float = 0.0  # times: seconds scoring 1
    poor: float = 0.0  # times: seconds scoring 0
    pass_at: float = 0.0  # times: seconds at most; rates: percent at least
    default_unit: str = "seconds"

    @property
    def is_time(self) -> bool:
        return self.poor > 0

    @property
    def is_rate(self) -> bool:
        return self.scales == ("yes/no", "%")


# Survey ranges: (lowest, highest, pass at) in the survey's own numbers.
SCALES = {
    ("csat", "0-100"): (0.0, 100.0, 80.0), ("csat", "1-5"): (1.0, 5.0, 4.0),
    ("nps", "-100-100"): (-100.0, 100.0, 30.0),
    ("ces", "1-7"): (1.0, 7.0, 5.0), ("ces", "1-5"): (1.0, 5.0, 4.0),
}
_SURVEY = "survey"
_MYSTERY = "mystery shopping"
METRICS = {m.id: m for m in (
    Metric("csat", "Customer satisfaction (CSAT)", Level.ENJOYABILITY, _SURVEY, "survey",
           "How satisfied surveyed customers say they are.", scales=("", "0-100", "1-5")),
    Metric("nps", "Net Promoter Score (NPS)", Level.ENJOYABILITY, _SURVEY, "survey",
           "How likely surveyed customers are to recommend the company (promoters minus detractors).",
           scales=("-100-100",)),
    Metric("ces", "Customer effort score (CES)", Level.CAPABILITY, _SURVEY, "survey",
           "How easy surveyed customers found it to get their issue handled (higher is easier).",
           scales=("1-7", "1-5")),
    Metric("first_contact_resolution", "First-contact resolution", Level.CAPABILITY, _MYSTERY, "",
           "Whether the question was resolved in the first contact.", scales=("yes/no", "%"), pass_at=70.0),
    Metric("answer_accuracy", "Accuracy of answers", Level.CAPABILITY, _MYSTERY, "",
           "Whether the answer given was correct.", scales=("yes/no", "%"), pass_at=90.0),
    Metric("phone_wait", "Phone wait time", Level.ACCESSIBILITY, _MYSTERY, "phone",
           "How long a caller waited to speak to someone.", good=60, poor=600, pass_at=180),
    Metric("chat_response", "Chat response time", Level.ACCESSIBILITY, _MYSTERY, "chat",
           "How long a chat took to get its first reply.", good=60, poor=600, pass_at=120),
    Metric("email_response", "E-mail response time", Level.ACCESSIBILITY, _MYSTERY, "email",
           "How long an e-mail took to be answered.", good=4 * 3600, poor=72 * 3600, pass_at=24 * 3600,
           default_unit="hours"),
)}


@dataclass(frozen=True)
class SuppliedItem:
    """One validated piece of supplied evidence; ``value`` is normalised (times in seconds)."""

    metric: str
    value: float | bool
    shown: str  # the value as the consultant gave it, with its unit or scale
    scale: str
    date: str
    channel: str
    source: str
    note: str
    line: int  # line of a YAML entry, row of a CSV file (header = row 1)
    score: float
    meets_target: bool
    target: str

    @property
    def info(self) -> Metric:
        return METRICS[self.metric]

    @property
    def location(self) -> str:
        """Stable across re-audits: what was observed, where and when, and who says so — never the value."""
        return f"supplied/{self.metric}/{self.channel}/{self.date}/{self.source}"


def load_evidence(path: Path) -> list[SuppliedItem]:
    """Read and validate a YAML or CSV evidence file; a ConfigError names the file and its line (CSV: row)."""
    text = read_text(path, "supplied evidence", "evidence.file")
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path, text)
    else:
        rows = [(line_of(node), "line", scalars(path, node, FIELDS)) for node in list_entries(path, text, "evidence")]
    return [_item(path, number, word, values) for number, word, values in rows]


def _csv_rows(path: Path, text: str) -> list[tuple[int, str, dict[str, tuple[Any, int]]]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    unknown = [name for name in header if name not in FIELDS]
    if unknown:
        raise ConfigError(f"{path} row 1: unknown column '{unknown[0]}'", f"use: {', '.join(sorted(FIELDS))}")
    missing = [name for name in REQUIRED if name not in header]
    if header and missing:
        raise ConfigError(f"{path} row 1: no '{missing[0]}' column", f"the header needs {', '.join(REQUIRED)}")
    rows = []
    for number, cells in enumerate(reader, 2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise ConfigError(f"{path} row {number}: {len(cells)} cells for {len(header)} columns",
                              "quote cells that contain commas")
        rows.append((number, "row", {name: (cell.strip(), number) for name, cell in zip(header, cells, strict=False)
                                     if cell.strip()}))
    return rows


def _item(path: Path, number: int, word: str, values: dict[str, tuple[Any, int]]) -> SuppliedItem:
    def fail(field: str | None, problem: str, fix: str) -> ConfigError:
        where = values[field][1] if field in values else number
        return ConfigError(f"{path} {word} {where}: {problem}", fix)

    for name in REQUIRED:
        if name not in values or values[name][0] in (None, ""):
            raise fail(None, f"the entry has no '{name}'", f"add '{name}' (every item needs {', '.join(REQUIRED)})")
    metric_id = str(values["metric"][0]).strip().lower()
    metric = METRICS.get(metric_id)
    if metric is None:
        raise fail("metric", f"unknown metric '{metric_id}'", f"use one of: {', '.join(sorted(METRICS))}")
    when = _date(values["date"][0])
    if when is None:
        raise fail("date", f"'{values['date'][0]}' is not a date", "write it as YYYY-MM-DD, e.g. 2025-03-04")
    source = str(values["source"][0]).strip()
    channel = str(values.get("channel", ("", 0))[0] or "").strip() or metric.channel
    if not channel:
        raise fail(None, f"a {metric.id} observation needs a 'channel'", "say where it was observed: phone, chat…")
    raw = values["value"][0]
    if metric.is_time:
        value, shown, scale, score, passed, target = _time(metric, raw, values, fail)
    elif metric.is_rate:
        value, shown, scale, score, passed, target = _rate(metric, raw, values, fail)
    else:
        value, shown, scale, score, passed, target = _survey(metric, raw, values, fail)
    return SuppliedItem(metric.id, value, shown, scale, when, channel, source,
                        str(values.get("note", ("", 0))[0] or "").strip(), number, round(score, 4), passed, target)


def _date(raw: Any) -> str | None:
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    try:
        return date.fromisoformat(str(raw).strip()).isoformat()
    except ValueError:
        return None


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw) if math.isfinite(raw) else None
    try:
        value = float(str(raw).strip().rstrip("%").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _numeric(metric: Metric, raw: Any, fail: Any) -> float:
    value = _number(raw)
    if value is None:
        raise fail("value", f"{metric.id} value must be a number, got {raw!r}", "write the number alone, e.g. 42")
    return value


def _time(metric: Metric, raw: Any, values: dict[str, tuple[Any, int]], fail: Any) -> tuple[Any, ...]:
    unit = str(values.get("unit", (metric.default_unit, 0))[0] or metric.default_unit).strip().lower()
    if unit not in TIME_UNITS:
        raise fail("unit", f"unknown time unit '{unit}'", "use seconds, minutes, hours or days")
    number = _numeric(metric, raw, fail)
    if number < 0:
        raise fail("value", f"{metric.id} cannot be negative, got {number:g}", "give the time it took, 0 or more")
    seconds = number * TIME_UNITS[unit]
    score = min(1.0, max(0.0, (metric.poor - seconds) / (metric.poor - metric.good)))
    return (seconds, f"{number:g} {unit}", unit, score, seconds <= metric.pass_at,
            f"{_span(metric.pass_at)} or less")


def _rate(metric: Metric, raw: Any, values: dict[str, tuple[Any, int]], fail: Any) -> tuple[Any, ...]:
    word = raw if isinstance(raw, bool) else str(raw).strip().lower()
    if word is True or word in YES or word is False or word in NO:
        yes = word is True or word in YES
        return yes, "yes" if yes else "no", "yes/no", 1.0 if yes else 0.0, yes, "yes"
    number = _numeric(metric, raw, fail)
    if not 0 <= number <= 100:
        raise fail("value", f"{metric.id} must be yes, no or a percentage 0-100, got {number:g}",
                   "give yes/no for one observation or the share resolved, 0-100")
    return number, f"{number:g} %", "%", number / 100, number >= metric.pass_at, f"{metric.pass_at:g} % or more"


def _survey(metric: Metric, raw: Any, values: dict[str, tuple[Any, int]], fail: Any) -> tuple[Any, ...]:
    allowed = [s for s in metric.scales if s]
    scale = str(values.get("scale", (metric.scales[0], 0))[0] or "").strip().replace(" ", "")
    scale = {"%": "0-100", "percent": "0-100", "-100to100": "-100-100"}.get(scale, scale)
    if not scale:
        raise fail(None, f"a {metric.id} score needs its 'scale'", f"state the survey's scale: {' or '.join(allowed)}")
    if scale not in allowed:
        raise fail("scale", f"{metric.id} scale '{scale}' is not supported", f"use {' or '.join(allowed)}")
    number = _numeric(metric, raw, fail)
    low, high, pass_at = SCALES[(metric.id, scale)]
    if not low <= number <= high:
        raise fail("value", f"{metric.id.upper()} must be between {low:g} and {high:g}, got {number:g}",
                   f"check the value: on the {scale} scale it cannot be outside {low:g}…{high:g}")
    shown = f"{number:g}" if metric.id == "nps" else f"{number:g} on {scale}"
    return number, shown, scale, (number - low) / (high - low), number >= pass_at, f"{pass_at:g} or more"


def _span(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


def supplied_rule(metric: Metric, weight: float) -> Rule:
    return Rule(
        id=f"{CHECK_ID}.{metric.id}",
        title=f"Supplied: {metric.title} meets its target",
        failure_title=f"Supplied: {metric.title} misses its target",
        description=f"{metric.description} Supplied by the consultant ({metric.kind}), not measured by the crawl.",
        level=metric.level,
        severity=Severity.MEDIUM,
        weight=weight,
        fix=f"Work on what drives {metric.title.lower()}; the measured findings of this level show where to start.",
    )


def supplied_findings(items: list[SuppliedItem], weight: float) -> tuple[list[Rule], list[Finding]]:
    """The ``supplied.<metric>`` rules (weight ``weight``) and one finding per item, labelled supplied."""
    rules = {m.id: supplied_rule(m, weight) for m in METRICS.values() if any(i.metric == m.id for i in items)}
    findings, used = [], set()
    for item in items:
        location, n = item.location, 2
        while location in used:  # two identical observations stay two findings
            location, n = f"{item.location}/{n}", n + 1
        used.add(location)
        status = Status.PASS if item.meets_target else Status.FAIL
        message = (f"Supplied by {item.source}: {item.info.title} {item.shown} ({item.channel}, {item.date}); "
                   f"target {item.target}.")
        findings.append(rules[item.metric].finding(
            status, message, location=location, score=item.score,
            evidence=[Evidence(snippet=f"supplied: {item.source}", measured=item.shown, target=item.target)],
            data={"supplied": True, "source": item.source, "date": item.date, "channel": item.channel}))
    return list(rules.values()), findings


def fold_supplied(config: AuditConfig, checks: list[Any], findings: list[Finding]) -> tuple[list[Any], list[Finding]]:
    """The pipeline's hook: with ``evidence.weight`` > 0, add the supplied check and its findings, so they
    are scored like any rule. Earlier supplied findings (a cached run's) are dropped first: the file, not
    the cache, is the truth."""
    from checks.registry import Check

    kept = [f for f in findings if f.check != CHECK_ID]
    if config.evidence.weight <= 0 or not config.evidence.file:
        return checks, kept
    rules, supplied = supplied_findings(load_evidence(config.resolve_path(config.evidence.file)),
                                        config.evidence.weight)
    check = Check(CHECK_ID, "Supplied evidence (not measured)",
                  "Survey scores and mystery-shopping observations the consultant supplied, with their source; "
                  "scored because evidence.weight is set.", tuple(rules), lambda site, cfg: supplied)
    return [*checks, check], [*kept, *supplied]


def evidence_section(config: AuditConfig, items: list[SuppliedItem]) -> dict[str, Any]:
    """The audit's ``supplied_evidence`` section: every item, always labelled supplied, with its source."""
    weight = config.evidence.weight
    ids = [f.id for f in supplied_findings(items, weight)[1]] if weight > 0 else [None] * len(items)
    out = []
    for item, fid in zip(items, ids, strict=True):
        out.append({
            "label": "supplied", "metric": item.metric, "title": item.info.title, "kind": item.info.kind,
            "level": str(item.info.level), "value": item.value, "shown": item.shown, "scale": item.scale,
            "date": item.date, "channel": item.channel, "source": item.source, "note": item.note, "line": item.line,
            "score": item.score, "meets_target": item.meets_target, "target": item.target, "finding_id": fid,
        })
    return {"file": config.evidence.file, "weight": weight, "scored": weight > 0, "items": out}

