"""Render an audit (the audit.json dict) into a MkDocs project: mkdocs.yml plus Markdown pages.

The audit dict is first normalised into small view dataclasses (missing optional keys get defaults,
hrefs and anchors are computed once), then Jinja2 templates from ``site_template/pages`` turn them into
Markdown. Templates run with ``StrictUndefined`` and a ``finalize`` hook that refuses any value not
produced by an escaping filter, so crawled text can only reach Markdown escaped.
"""

from __future__ import annotations

import concurrent.futures
import csv
import functools
import hashlib
import html
import io
import multiprocessing
import os
import posixpath
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

import jinja2
import yaml

from auditor.errors import ConfigError
from auditor.report import charts
from auditor.report.charts import (
    BAND_WORDS,
    COVERAGE_WORDS,
    DAY_ORDER,
    STATUS_ORDER,
    STATUS_WORDS,
    ScoreBar,
    Spread,
    band_for,
)
from auditor.report.consultant import ConsultantPages, FindingNote, consultant_pages, finding_note
from auditor.report.escape import Md, html_link, html_text, md_cell, md_link, md_text
from auditor.report.trend import TREND_PAGE, TrendView, trend_view
from auditor.result import write_audit_json

LEVEL_ORDER = ("capability", "accessibility", "enjoyability")
LEVEL_MEANING = {
    "capability": "Whether customers can find answers and get common tasks done on their own: help and FAQ "
    "coverage, self-service, site search and information that agrees everywhere.",
    "accessibility": "How easy it is to reach the company and do business with it: contact channels, opening "
    "hours, help links on every page and pages that work for everyone.",
    "enjoyability": "Whether dealing with the company is pleasant: plain, friendly and consistent writing, "
    "invitations to give feedback, and no broken links or dead ends.",
}
SEVERITY_WORDS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low", "info": "Info"}
STOPPED_WORDS = {
    "complete": "the crawl finished: every page in scope was fetched",
    "max_pages": "the page limit was reached",
    "max_seconds": "the time limit was reached",
    "interrupted": "the run was interrupted",
}
GROUP_WORDS = {
    "home": "Home",
    "help": "Help",
    "faq": "FAQ",
    "contact": "Contact",
    "policy": "Policies",
    "product": "Products",
    "blog": "Blog",
    "other": "Other pages",
}
# Journey stages in the order a customer meets them; audit files spell after-sales with - or _.
STAGE_WORDS = {"awareness": "Awareness", "purchase": "Purchase", "use": "Use", "after-sales": "After-sales"}
STAGE_MEANING = {
    "awareness": "finding out about the company: home page, blog, privacy",
    "purchase": "deciding and buying: products, delivery, payment, terms",
    "use": "using what they bought: help articles and FAQ",
    "after-sales": "returns, warranty and getting in touch",
}
CHANNEL_WORDS = {
    "phone": "Phone", "email": "E-mail", "form": "Contact form", "chat": "Chat", "messaging": "Messaging",
    "social": "Social media", "postal": "Post", "in_person": "In person",
}
# Tone features (checks/tone.py) in words; an unknown feature is shown by its id.
TONE_FEATURE_WORDS = {
    "you_rate": "'you/your' per 100 words",
    "we_rate": "'we/our/us' per 100 words",
    "third_person_customer": "'the customer' per 100 words",
    "contraction_rate": "contractions per 100 words",
    "passive_share": "share of passive sentences",
    "mean_sentence_words": "words per sentence",
    "long_word_share": "share of long words",
    "exclamation_rate": "exclamation marks per 100 words",
    "caps_shouting": "share of words in capitals",
    "jargon_rate": "jargon words per 100 words",
}
# Material for MkDocs' named primary colours (theme.palette.primary).
MATERIAL_COLOURS = frozenset(
    {
        "red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal", "green",
        "light green", "lime", "yellow", "amber", "orange", "deep orange", "brown", "grey", "blue grey",
        "black", "white",
    }
)
NOT_IN_NAV = "/pages/p-*.md"
TOP_FIXES = 5
STRENGTHS = 10
WORST_PAGES = 5
TONE_PAGES = 6
_HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
_HREF = re.compile(r"^[a-z0-9/_.-]+\.(md|json|csv)(#[a-z0-9_-]+)?$")
_LOGO_SUFFIXES = frozenset({".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp"})
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
ASSETS = ("report.css", "print.css", "findings-table.js")


@dataclass
class FindingView:
    id: str
    anchor: str
    rule: str
    rule_title: str
    check: str
    check_title: str
    level: str
    status: str
    severity: str
    score: float | None
    gain: float
    url: str | None
    location: str
    message: str
    fix: str
    evidence: list[dict[str, Any]]
    data: list[tuple[str, str]]
    check_href: str
    page_href: str | None = None
    raw_data: Mapping[str, Any] = field(default_factory=dict)
    note: FindingNote | None = None  # the consultant's note (auditor/notes.py)

    @property
    def href(self) -> str:
        """Where a summary links for the evidence: the page detail if the finding has a page."""
        return self.page_href or self.check_href

    @cached_property
    def page_label(self) -> str:
        """The page's path, shown in every table that lists the finding."""
        if self.url:
            return urlsplit(self.url).path or self.url
        return self.location


@dataclass
class RuleView:
    id: str
    title: str
    failure_title: str
    description: str
    level: str
    weight: float
    score: float | None
    counts: dict[str, int]
    check_title: str
    check_href: str

    @property
    def shown_title(self) -> str:
        """The pass-case title when nothing failed, else the failure title (as Lighthouse does)."""
        return self.failure_title if self.counts["fail"] and self.failure_title else self.title


@dataclass
class CheckView:
    id: str
    slug: str
    title: str
    description: str
    score: float | None
    band: str | None
    rules: list[RuleView]
    findings: list[FindingView] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"checks/{self.slug}.md"

    @property
    def gauge(self) -> Md:
        return charts.gauge(self.score, f"{self.title} score")

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for f in self.findings:
            counts[f.status] = counts.get(f.status, 0) + 1
        return counts


@dataclass
class LevelView:
    id: str
    slug: str
    title: str
    question: str
    meaning: str
    score: float | None
    band: str | None
    rules: list[RuleView]
    failing: list[FindingView]

    @property
    def href(self) -> str:
        return f"levels/{self.slug}.md"

    @property
    def gauge(self) -> Md:
        return charts.gauge(self.score, f"{self.title} score")


@dataclass
class PageView:
    url: str
    slug: str
    title: str
    status: int | None
    touchpoint: str | None
    group: str | None
    stage: str | None
    lang: str | None
    depth: int | None
    click_depth: int | None
    words: int | None
    content_type: str | None
    error: str | None
    counts: dict[str, int]
    findings: list[FindingView] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"pages/{self.slug}.md"

    @cached_property
    def score(self) -> float | None:
        """The page's own 0-100 score: the mean score of its pass/fail findings (others weigh nothing)."""
        return _mean_score(self.findings)

    @property
    def band(self) -> str | None:
        return band_for(self.score)

    @property
    def stage_id(self) -> str | None:
        return self.stage.replace("_", "-") if self.stage else None


def _mean_score(findings: Iterable[FindingView]) -> float | None:
    scores = [f.score for f in findings if f.status in ("pass", "fail") and f.score is not None]
    return 100 * sum(scores) / len(scores) if scores else None


@dataclass
class Segment:
    """A set of pages seen together: one touchpoint type, or one journey stage."""

    id: str
    anchor: str
    label: str
    meaning: str
    pages: list[PageView]

    @cached_property
    def score(self) -> float | None:
        """Pooled over the segment's findings, so a page with many findings counts for more."""
        return _mean_score(f for p in self.pages for f in p.findings)

    @property
    def band(self) -> str | None:
        return band_for(self.score)

    @property
    def fails(self) -> int:
        return sum(p.counts["fail"] for p in self.pages)

    @property
    def worst(self) -> list[PageView]:
        scored = [p for p in self.pages if p.score is not None]
        return sorted(scored, key=lambda p: (p.score, p.url))[:WORST_PAGES]


@dataclass
class IntentRow:
    id: str
    title: str
    status: str
    groups: dict[str, str]
    urls: list[str]
    matched: str
    href: str | None


@dataclass
class ChannelRow:
    type: str
    values: list[str]
    urls: list[str]


@dataclass
class HoursRow:
    text: str
    days: list[str]
    opens: str | None
    closes: str | None
    timezone: str
    url: str


@dataclass
class ToneOutlier:
    page_label: str
    href: str
    features: list[tuple[str, float, float, float]]  # (feature words, value, site median, z)


@dataclass
class Report:
    """Everything the templates see, derived from the audit dict alone."""

    title: str
    site_name: str
    start_url: str
    tool: str
    started_at: str
    duration_seconds: float | None
    scores: dict[str, float | None]
    crawl: dict[str, Any]
    levels: list[LevelView]
    checks: list[CheckView]
    findings: list[FindingView]
    pages: list[PageView]
    primary_color: str
    brand_colour: str | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    level_weights: dict[str, float] = field(default_factory=dict)
    consultant: ConsultantPages = field(default_factory=ConsultantPages)  # engagement, comparison, supplied, notes
    trend: TrendView | None = None  # scores over earlier runs (audit.json's history section), if any

    @property
    def overall(self) -> float | None:
        return self.scores.get("overall")

    @property
    def top_fixes(self) -> list[FindingView]:
        failing = [f for f in self.findings if f.status == "fail"]
        return sorted(failing, key=lambda f: (-f.gain, f.id))[:TOP_FIXES]

    @property
    def strengths(self) -> list[RuleView]:
        rules = [
            r for c in self.checks for r in c.rules if r.counts["pass"] and not r.counts["fail"]
        ]
        return sorted(rules, key=lambda r: (-r.weight, r.title))[:STRENGTHS]

    @property
    def overall_band(self) -> str | None:
        return band_for(self.overall)

    @property
    def overall_gauge(self) -> Md:
        return charts.gauge(self.overall, "Overall score")

    @property
    def score_chart(self) -> Md:
        bars = [ScoreBar("Overall", self.overall, band_for(self.overall))]
        bars += [ScoreBar(lv.title, lv.score, lv.band) for lv in self.levels]
        return charts.score_bars(bars, "Overall and level scores")

    @property
    def status_chart(self) -> Md:
        rows = [(c.title, c.status_counts()) for c in self.checks]
        return charts.status_bars(rows, "Findings by status for each check")

    @property
    def page_groups(self) -> list[tuple[str, list[PageView]]]:
        groups: dict[str, list[PageView]] = {}
        for page in self.pages:
            groups.setdefault(page.group or "", []).append(page)
        known = [g for g in GROUP_WORDS if g in groups]
        rest = sorted(g for g in groups if g not in GROUP_WORDS and g)
        ordered = known + rest + ([""] if "" in groups else [])
        return [(g, groups[g]) for g in ordered]

    # --- touchpoints -----------------------------------------------------------------------------------

    @cached_property
    def type_segments(self) -> list[Segment]:
        """Analysed pages by touchpoint type (help, FAQ, contact, policy…), in GROUP_WORDS order."""
        groups = [(g, pages) for g, pages in self.page_groups if g]
        anchors = _slugs(f"type-{g}" for g, _ in groups)
        return [Segment(g, a, GROUP_WORDS.get(g, g), "", pages) for (g, pages), a in zip(groups, anchors, strict=True)]

    @cached_property
    def stage_segments(self) -> list[Segment]:
        """Analysed pages by journey stage, awareness → purchase → use → after-sales, then any other stage."""
        stages: dict[str, list[PageView]] = {}
        for page in self.pages:
            if page.stage_id:
                stages.setdefault(page.stage_id, []).append(page)
        ordered = [s for s in STAGE_WORDS if s in stages] + sorted(s for s in stages if s not in STAGE_WORDS)
        anchors = _slugs(f"stage-{s}" for s in ordered)
        return [Segment(s, a, STAGE_WORDS.get(s, s), STAGE_MEANING.get(s, ""), stages[s])
                for s, a in zip(ordered, anchors, strict=True)]

    @property
    def type_chart(self) -> Md:
        return charts.score_bars([ScoreBar(s.label, s.score, s.band) for s in self.type_segments],
                                 "Score by touchpoint type")

    @property
    def stage_chart(self) -> Md:
        return charts.score_bars([ScoreBar(s.label, s.score, s.band) for s in self.stage_segments],
                                 "Score by journey stage")

    # --- insights: read facts when the audit has them, else the findings that carry the same data --------

    def _findings_of(self, rule: str) -> list[FindingView]:
        return [f for f in self.findings if f.rule == rule]

    @cached_property
    def intents(self) -> list[IntentRow]:
        by_id: dict[str, FindingView] = {}
        for f in self._findings_of("coverage.intent"):
            by_id.setdefault(_str(f.raw_data.get("intent")) or f.location, f)
        groups_of = {p.url: p.group or "other" for p in self.pages}
        rows = []
        facts = [i for i in self.facts.get("intents") or [] if isinstance(i, Mapping)]
        if facts:
            for item in facts:
                intent_id = _str(item.get("intent"))
                finding = by_id.get(intent_id)
                title = _str(finding.raw_data.get("title")) if finding else ""
                urls = [u for u in _list(item.get("urls")) if isinstance(u, str)]
                rows.append(IntentRow(intent_id, title or intent_id.replace("_", " ").capitalize(),
                                      _coverage(item.get("status"), None), {}, urls,
                                      _evidence_text(item.get("evidence")), finding.href if finding else None))
        else:
            for intent_id, f in by_id.items():
                status = _coverage(f.raw_data.get("coverage"), f.status)
                rows.append(IntentRow(intent_id, _str(f.raw_data.get("title")) or f.rule_title, status, {},
                                      [f.url] if f.url else [], _str(f.raw_data.get("matched")), f.href))
        for row in rows:
            if row.status in ("covered", "partial"):
                for url in row.urls:
                    row.groups.setdefault(groups_of.get(url, "elsewhere"), row.status)
        order = {"missing": 0, "partial": 1, "unknown": 2, "covered": 3}
        return sorted(rows, key=lambda r: (order.get(r.status, 2), r.title.lower()))

    @property
    def intent_columns(self) -> list[tuple[str, str]]:
        used = {g for row in self.intents for g in row.groups}
        known = [g for g in GROUP_WORDS if g in used]
        return [(g, GROUP_WORDS.get(g, g)) for g in known + sorted(used - set(known))]

    @property
    def intent_chart(self) -> Md:
        return charts.coverage_matrix([(r.title, r.status, r.groups) for r in self.intents], self.intent_columns,
                                      "Customer intents and the page types that answer them")

    @property
    def intent_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(COVERAGE_WORDS, 0)
        for row in self.intents:
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    @cached_property
    def channels(self) -> list[ChannelRow]:
        rows: dict[str, ChannelRow] = {}
        facts = [c for c in self.facts.get("contact_channels") or [] if isinstance(c, Mapping)]
        for item in facts:
            row = rows.setdefault(_str(item.get("type")), ChannelRow(_str(item.get("type")), [], []))
            _add(row.values, _str(item.get("value")))
            for url in _list(item.get("urls")):
                _add(row.urls, _str(url))
        if not facts:
            for f in self._findings_of("contact.channels"):
                for kind in _list(f.raw_data.get("channels")):
                    row = rows.setdefault(_str(kind), ChannelRow(_str(kind), [], []))
                    for e in f.evidence:
                        if _str(e.get("measured")) == row.type:
                            _add(row.urls, _str(e.get("url")))
            details = (("phone", "contact.phone", "phones", "display"), ("email", "contact.email", "emails", "address"))
            for kind, rule, key, field_name in details:
                for f in self._findings_of(rule):
                    for item in _list(f.raw_data.get(key)):
                        if isinstance(item, Mapping) and kind in rows:
                            _add(rows[kind].values, _str(item.get(field_name)))
        for row in rows.values():  # first occurrence of each, in order (a footer channel lists every page)
            row.values, row.urls = list(dict.fromkeys(row.values)), list(dict.fromkeys(row.urls))
        order = list(CHANNEL_WORDS)
        return sorted(rows.values(), key=lambda r: (order.index(r.type) if r.type in order else len(order), r.type))

    @cached_property
    def hours(self) -> list[HoursRow]:
        raw = self.facts.get("opening_hours")
        if not isinstance(raw, list):
            raw = [h for f in self._findings_of("contact.hours") for h in _list(f.raw_data.get("hours"))]
        rows, seen = [], set()
        for item in raw:
            if not isinstance(item, Mapping):
                continue
            row = HoursRow(_str(item.get("text")), [_str(d) for d in _list(item.get("days"))],
                           _opt_str(item.get("opens")), _opt_str(item.get("closes")),
                           _str(item.get("timezone")), _str(item.get("url")))
            key = (row.text, tuple(row.days), row.opens, row.closes)
            if key not in seen:
                seen.add(key)
                rows.append(row)
        return rows

    @property
    def hours_chart(self) -> Md:
        spans = [(d, h.opens, h.closes) for h in self.hours for d in h.days if d in DAY_ORDER]
        return charts.week_hours(spans, "When the stated opening hours say someone is available")

    @cached_property
    def response_times(self) -> list[tuple[str, str]]:
        raw = self.facts.get("response_times")
        if not isinstance(raw, list):
            raw = [r for f in self._findings_of("contact.response_time")
                   for r in _list(f.raw_data.get("response_times"))]
        out: list[tuple[str, str]] = []
        for item in raw:
            if isinstance(item, Mapping) and (_str(item.get("text")), _str(item.get("url"))) not in out:
                out.append((_str(item.get("text")), _str(item.get("url"))))
        return out

    @cached_property
    def readability(self) -> tuple[list[Spread], float | None]:
        """Reading grades of the scored pages, grouped by touchpoint type, and the (most common) target."""
        group_of = {p.url: p.group for p in self.pages}
        values: dict[str, list[float]] = {}
        targets: list[float] = []
        for f in self._findings_of("readability.grade"):
            grade = _number(f.raw_data.get("grade"))
            if grade is None:
                continue
            group = (group_of.get(f.url) if f.url else None) or _str(f.raw_data.get("touchpoint")) or "other"
            values.setdefault(group, []).append(grade)
            target = _number(f.raw_data.get("target"))
            if target is not None:
                targets.append(target)
        order = [g for g in GROUP_WORDS if g in values] + sorted(g for g in values if g not in GROUP_WORDS)
        spreads = [charts.spread(GROUP_WORDS.get(g, g), values[g]) for g in order]
        target = max(set(targets), key=targets.count) if targets else None
        return spreads, target

    @property
    def readability_chart(self) -> Md:
        spreads, target = self.readability
        return charts.box_plot(spreads, "Reading grade of the main text, by touchpoint type", unit="grade",
                               target=target)

    @property
    def readability_site(self) -> list[tuple[str, str]]:
        """Scalar facts of a site-wide readability finding (``data.by_touchpoint``) if a check reports one."""
        pairs: list[tuple[str, str]] = []
        for f in self._findings_of("readability.site"):
            by_touchpoint = f.raw_data.get("by_touchpoint")
            if isinstance(by_touchpoint, Mapping):
                for key, value in by_touchpoint.items():
                    if isinstance(value, Mapping):
                        value = "; ".join(f"{k}: {v}" for k, v in _data_pairs(value))
                    pairs.append((GROUP_WORDS.get(_str(key), _str(key)), _str(value)))
        return pairs

    @cached_property
    def tone_outliers(self) -> list[ToneOutlier]:
        out = []
        for f in self._findings_of("tone.consistency"):
            if f.status != "fail":
                continue
            features = []
            for item in _list(f.raw_data.get("outlying")):
                if isinstance(item, Mapping) and _number(item.get("z")) is not None:
                    name = _str(item.get("feature"))
                    features.append((TONE_FEATURE_WORDS.get(name, name), _number(item.get("value")) or 0.0,
                                     _number(item.get("median")) or 0.0, _number(item.get("z")) or 0.0))
            if features:
                out.append(ToneOutlier(f.page_label, f.href, features))
        return sorted(out, key=lambda o: (-max(abs(z) for *_, z in o.features), o.page_label))

    @property
    def tone_chart(self) -> Md:
        groups = [(o.page_label, [(name, z) for name, _, _, z in o.features]) for o in self.tone_outliers[:TONE_PAGES]]
        return charts.deviation_bars(groups, "How far the outlying pages' tone is from the site median")

    # --- summary and method ----------------------------------------------------------------------------

    @property
    def unanalysed(self) -> list[PageView]:
        return [p for p in self.pages if not p.group]

    @property
    def pages_analysed(self) -> int:
        return sum(1 for p in self.pages if p.group)

    @property
    def weakest_level(self) -> LevelView | None:
        scored = [lv for lv in self.levels if lv.score is not None]
        return min(scored, key=lambda lv: lv.score or 0.0) if scored else None

    @property
    def weights(self) -> list[tuple[LevelView, list[tuple[RuleView, float]]]]:
        """Each level's rules with their weight and share of the level (when every rule has a score)."""
        out = []
        for level in self.levels:
            total = sum(r.weight for r in level.rules)
            out.append((level, [(r, 100 * r.weight / total if total else 0.0) for r in level.rules]))
        return out

    @property
    def check_pages(self) -> list[tuple[CheckView, int]]:
        return [(c, len(c.findings)) for c in self.checks]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _add(items: list[str], value: str) -> None:
    """Collect a non-empty value; the caller removes repeats once (a membership test per value is quadratic)."""
    if value:
        items.append(value)


def _coverage(value: Any, status: str | None) -> str:
    """An intent's coverage word: covered / partial / missing, else derived from the finding's status."""
    if value in ("covered", "partial", "missing"):
        return str(value)
    return {"pass": "covered", "needs_review": "partial", "fail": "missing"}.get(status or "", "unknown")


def _evidence_text(value: Any) -> str:
    """facts.intents[].evidence may be a quote, a list of quotes or a list of evidence rows."""
    if isinstance(value, str):
        return value
    for item in _list(value):
        if isinstance(item, str):
            return item
        if isinstance(item, Mapping) and item.get("snippet"):
            return _str(item.get("snippet"))
    return ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _opt_str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _slugs(ids: Iterable[str]) -> list[str]:
    """File-name-safe, unique slugs for ids that come from the JSON (never trusted as paths)."""
    seen: set[str] = set()
    out = []
    for raw in ids:
        base = re.sub(r"[^a-z0-9_-]+", "-", raw.lower()).strip("-") or "x"
        slug, n = base, 2
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        out.append(slug)
    return out


def page_slug(url: str) -> str:
    """A stable short name for a page's detail file: the same URL gives the same file every run."""
    return "p-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


def _anchor(finding_id: str, used: set[str]) -> str:
    base = "f-" + hashlib.sha256(finding_id.encode("utf-8")).hexdigest()[:10]
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def _counts(raw: Any) -> dict[str, int]:
    raw = raw if isinstance(raw, Mapping) else {}
    return {s: _int(raw.get(s)) or 0 for s in STATUS_ORDER}


def _data_pairs(data: Any) -> list[tuple[str, str]]:
    """Scalar facts from a finding's ``data`` (lists joined), for a one-line 'Details' note."""
    if not isinstance(data, Mapping):
        return []
    pairs = []
    for key, value in data.items():
        if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
            value = ", ".join(_str(v) for v in value[:10])
        if isinstance(value, dict | list):
            continue
        pairs.append((_str(key), _str(value)))
    return pairs


def _duration_of(audit: Mapping[str, Any]) -> float | None:
    """The crawl's own duration, else the span between the audit's start and finish times."""
    seconds = _number((audit.get("crawl") or {}).get("duration_seconds"))
    if seconds is not None:
        return seconds
    try:
        span = datetime.fromisoformat(str(audit.get("finished_at"))) - datetime.fromisoformat(
            str(audit.get("started_at"))
        )
    except (TypeError, ValueError):
        return None
    return span.total_seconds()


def build_report(audit: Mapping[str, Any]) -> Report:
    """Normalise the audit dict into view objects; tolerant of missing optional keys."""
    site = audit.get("site") or {}
    report = audit.get("report") or {}
    raw_checks = [c for c in audit.get("checks") or [] if isinstance(c, Mapping)]
    check_slugs = _slugs(_str(c.get("id")) for c in raw_checks)
    checks: list[CheckView] = []
    rule_index: dict[str, RuleView] = {}
    for raw, slug in zip(raw_checks, check_slugs, strict=True):
        title = _str(raw.get("title")) or _str(raw.get("id"))
        check = CheckView(
            id=_str(raw.get("id")),
            slug=slug,
            title=title,
            description=_str(raw.get("description")),
            score=_number(raw.get("score")),
            band=None,
            rules=[],
        )
        check.band = band_for(check.score)
        for r in raw.get("rules") or []:
            rule = RuleView(
                id=_str(r.get("id")),
                title=_str(r.get("title")) or _str(r.get("id")),
                failure_title=_str(r.get("failure_title")),
                description=_str(r.get("description")),
                level=_str(r.get("level")),
                weight=_number(r.get("weight")) or 0.0,
                score=_number(r.get("score")),
                counts=_counts(r.get("counts")),
                check_title=title,
                check_href=check.href,
            )
            check.rules.append(rule)
            rule_index.setdefault(rule.id, rule)
        checks.append(check)
    checks_by_id = {c.id: c for c in checks}

    pages: list[PageView] = []
    pages_by_url: dict[str, PageView] = {}
    for raw in audit.get("pages") or []:
        url = _str(raw.get("url"))
        if not url or url in pages_by_url:
            continue
        page = PageView(
            url=url,
            slug=page_slug(url),
            title=_str(raw.get("title")),
            status=_int(raw.get("status")),
            touchpoint=_opt_str(raw.get("touchpoint")),
            group=_opt_str(raw.get("group")),
            stage=_opt_str(raw.get("stage")),
            lang=_opt_str(raw.get("lang")),
            depth=_int(raw.get("depth")),
            click_depth=_int(raw.get("click_depth")),
            words=_int(raw.get("words")),
            content_type=_opt_str(raw.get("content_type")),
            error=_opt_str(raw.get("error")),
            counts=_counts(raw.get("findings")),
        )
        pages.append(page)
        pages_by_url[url] = page

    findings: list[FindingView] = []
    used_anchors: set[str] = set()
    for raw in audit.get("findings") or []:
        rule_id, check_id = _str(raw.get("rule")), _str(raw.get("check"))
        rule = rule_index.get(rule_id)
        check = checks_by_id.get(check_id)
        status = _str(raw.get("status"))
        fid = _str(raw.get("id")) or f"{rule_id}:{len(findings)}"
        anchor = _anchor(fid, used_anchors)
        url = _opt_str(raw.get("url"))
        page = pages_by_url.get(url) if url else None
        if rule is None:
            rule_title = rule_id
        else:
            rule_title = rule.failure_title if status == "fail" and rule.failure_title else rule.title
        finding = FindingView(
            id=fid,
            anchor=anchor,
            rule=rule_id,
            rule_title=rule_title,
            check=check_id,
            check_title=check.title if check else check_id,
            level=_str(raw.get("level")),
            status=status if status in STATUS_WORDS else "unknown",
            severity=_str(raw.get("severity")),
            score=_number(raw.get("score")),
            gain=_number(raw.get("gain")) or 0.0,
            url=url,
            location=_str(raw.get("location")),
            message=_str(raw.get("message")),
            fix=_str(raw.get("fix")),
            evidence=[e for e in raw.get("evidence") or [] if isinstance(e, Mapping)],
            data=_data_pairs(raw.get("data")),
            check_href=f"{check.href}#{anchor}" if check else "findings.md",
            page_href=f"{page.href}#{anchor}" if page else None,
            raw_data=raw.get("data") if isinstance(raw.get("data"), Mapping) else {},
            note=finding_note(raw.get("note")),
        )
        findings.append(finding)
        if check:
            check.findings.append(finding)
        if page:
            page.findings.append(finding)

    status_rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    findings.sort(key=lambda f: (status_rank[f.status], -f.gain, f.rule, f.id))
    for holder in [*checks, *pages]:
        holder.findings.sort(key=lambda f: (status_rank[f.status], -f.gain, f.rule, f.id))

    raw_levels = [lv for lv in audit.get("levels") or [] if isinstance(lv, Mapping)]
    raw_levels.sort(
        key=lambda lv: LEVEL_ORDER.index(lv.get("id")) if lv.get("id") in LEVEL_ORDER else len(LEVEL_ORDER)
    )
    levels = []
    for raw, slug in zip(raw_levels, _slugs(_str(lv.get("id")) for lv in raw_levels), strict=True):
        level_id = _str(raw.get("id"))
        score = _number(raw.get("score"))
        levels.append(
            LevelView(
                id=level_id,
                slug=slug,
                title=_str(raw.get("title")) or level_id.capitalize(),
                question=_str(raw.get("question")),
                meaning=LEVEL_MEANING.get(level_id, _str(raw.get("question"))),
                score=score,
                band=band_for(score),
                rules=[r for c in checks for r in c.rules if r.level == level_id],
                failing=sorted(
                    (f for f in findings if f.level == level_id and f.status == "fail"),
                    key=lambda f: (-f.gain, f.id),
                ),
            )
        )

    scores = {k: _number(v) for k, v in (audit.get("scores") or {}).items()}
    site_name = _str(site.get("name")) or _str(site.get("host")) or _str(site.get("start_url"))
    tool = audit.get("tool") or {}
    colour = _str(report.get("primary_color")).strip().lower().replace("-", " ").replace("_", " ")
    weights = {_str(lv.get("id")): _number(lv.get("weight")) for lv in raw_levels}
    facts = audit.get("facts")
    return Report(
        title=_str(report.get("title")) or f"{site_name} customer experience audit",
        site_name=site_name,
        start_url=_str(site.get("start_url")),
        tool=f"{_str(tool.get('name')) or 'cxaudit'} {_str(tool.get('version'))}".strip(),
        started_at=_str(audit.get("started_at")),
        duration_seconds=_duration_of(audit),
        scores=scores,
        crawl=dict(audit.get("crawl") or {}),
        levels=levels,
        checks=checks,
        findings=findings,
        pages=pages,
        primary_color=colour if colour in MATERIAL_COLOURS else "custom" if _HEX_COLOUR.match(colour) else "indigo",
        brand_colour=colour if _HEX_COLOUR.match(colour) else None,
        facts=facts if isinstance(facts, Mapping) else {},
        level_weights={k: w for k, w in weights.items() if w is not None},
        consultant=consultant_pages(audit, findings),
        trend=trend_view(audit, findings, checks),
    )


# --- Jinja filters: each returns Md (escaped, or built only from escaped parts) ---------------------


def _only_escaped(value: Any) -> Any:
    """Jinja ``finalize``: a template may only print escaped Markdown or numbers."""
    if isinstance(value, Md) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise TypeError(
        f"template printed an unescaped {type(value).__name__} {str(value)[:60]!r}; "
        "pass it through md_text, md_cell, md_link or another escaping filter"
    )


@functools.lru_cache(maxsize=16384)
def _relpath(path: str, here: str) -> str:
    """posixpath.relpath, remembered: detail pages link the same few targets thousands of times."""
    return posixpath.relpath(path, here)


@jinja2.pass_context
def _ref(ctx: jinja2.runtime.Context, text: Any, target: str) -> Md:
    """A link to another report page; ``target`` is relative to the docs root, made relative here."""
    if not _HREF.match(target):
        raise ValueError(f"not a report page target: {target!r}")
    path, _, anchor = target.partition("#")
    rel = _relpath(path, ctx["here"] or ".")
    return Md(f"[{md_text(text)}]({rel}{'#' + anchor if anchor else ''})")


@jinja2.pass_context
def _html_ref(ctx: jinja2.runtime.Context, text: Any, target: str, limit: int | None = None) -> Md:
    """Like ``ref``, as an ``<a>`` for raw HTML blocks (tables and cards that would be slow as Markdown)."""
    if not _HREF.match(target):
        raise ValueError(f"not a report page target: {target!r}")
    path, _, anchor = target.partition("#")
    rel = _relpath(path, ctx["here"] or ".")
    if rel.endswith(".md"):  # MkDocs rewrites Markdown links only; raw HTML must name the built file
        rel = rel[:-3] + ".html"
    return Md(f'<a href="{rel}{"#" + anchor if anchor else ""}">{html_text(text, limit)}</a>')


def _score(value: Any) -> Md:
    return Md("—" if value is None else charts.score_text(float(value)))


def _gain(value: Any) -> Md:
    return Md(f"+{float(value):.1f}" if value else "0")


def _count(value: Any) -> Md:
    return Md("—" if value is None else str(int(value)))


def _word(table: Mapping[Any, str]) -> Any:
    def word(value: Any) -> Md:
        return Md(table[value]) if value in table else md_text(value)

    return word


def _yes_no(value: Any) -> Md:
    return Md("not recorded" if value is None else "yes" if value else "no")


def _stopped(value: Any) -> Md:
    return Md(STOPPED_WORDS[value]) if value in STOPPED_WORDS else md_text(value or "not recorded")


def _duration(seconds: Any) -> Md:
    if seconds is None or isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return Md("not recorded")
    minutes, secs = divmod(round(seconds), 60)
    return Md(f"{minutes} min {secs} s" if minutes else f"{seconds:.1f} s")


def _date(value: Any) -> Md:
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return md_text(value or "not recorded")
    return Md(f"{when.day} {when:%B %Y}, {when:%H:%M} {when.tzname() or ''}".rstrip())


def _lower(value: Any) -> Md:
    """Lower-case already escaped Markdown (escapes are unaffected); refuses raw strings."""
    if not isinstance(value, Md):
        raise TypeError(f"lower_md needs escaped Markdown, got {type(value).__name__}")
    return Md(value.lower())


def _num(value: Any) -> Md:
    """A number with at most one decimal (16.0 → 16, 2.54 → 2.5); anything else as escaped text."""
    number = _number(value)
    return md_text(value) if number is None else Md(f"{round(number, 1):g}")


def _pct(value: Any) -> Md:
    number = _number(value)
    return md_text(value) if number is None else Md(f"{number:.0f} %")


def _stage(value: Any) -> Md:
    return Md("—") if not value else _word(STAGE_WORDS)(str(value).replace("_", "-"))


def _anchor_id(value: str) -> Md:
    if not re.fullmatch(r"[a-z0-9_-]+", value):
        raise ValueError(f"not a generated anchor: {value!r}")
    return Md(value)


def _template_dir() -> Path:
    return Path(str(resources.files("site_template")))


def environment() -> jinja2.Environment:
    """The Jinja environment for the page templates (Markdown output, so no HTML autoescape)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_template_dir() / "pages"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=_only_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates don't change during a render; spares a stat per {% include %}
    )
    env.filters.update(
        md_text=md_text,
        md_cell=md_cell,
        md_link=md_link,
        ref=_ref,
        h=html_text,
        h_link=html_link,
        h_ref=_html_ref,
        score=_score,
        gain=_gain,
        count=_count,
        band_word=_word(BAND_WORDS),
        status_word=_word(STATUS_WORDS),
        severity_word=_word(SEVERITY_WORDS),
        group_word=_word({**GROUP_WORDS, "": "Not analysed (errors and other files)"}),
        stopped=_stopped,
        yes_no=_yes_no,
        duration=_duration,
        date=_date,
        anchor_id=_anchor_id,
        lower_md=_lower,
        num=_num,
        pct=_pct,
        stage_word=_stage,
        level_word=_word({lv: lv.capitalize() for lv in LEVEL_ORDER}),
        channel_word=_word(CHANNEL_WORDS),
        coverage_word=_word(COVERAGE_WORDS),
    )
    return env


# --- project writing ---------------------------------------------------------------------------------


def brand_css(colour: str) -> str:
    """Material's CSS variables for a client's hex colour (palette 'custom'), with readable header text."""
    if not _HEX_COLOUR.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    text = "#000000de" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 150 else "#ffffff"
    return (
        ":root, [data-md-color-primary=custom] {\n"
        f"  --md-primary-fg-color: {colour};\n  --md-primary-fg-color--light: {colour};\n"
        f"  --md-primary-fg-color--dark: {colour};\n  --md-primary-bg-color: {text};\n"
        f"  --md-accent-fg-color: {colour};\n  --md-typeset-a-color: {colour};\n}}\n"
    )


def findings_csv(report: Report) -> str:
    """All findings as CSV text (see :func:`write_findings_csv`)."""
    out = io.StringIO()
    write_findings_csv(report, out)
    return out.getvalue()


def write_findings_csv(report: Report, out: TextIO) -> None:
    """All findings as CSV, row by row to ``out`` (a large site's is tens of MB, never held as one string);
    cells that a spreadsheet would run as a formula are prefixed with '."""
    writer = csv.writer(out, lineterminator="\n")
    columns = ["id", "status", "severity", "level", "check", "rule", "url", "location", "message",
               "score", "gain", "fix", "note_status", "note_priority", "note_owner", "note_commentary"]
    writer.writerow(columns)
    for f in report.findings:
        row = [f.id, f.status, f.severity, f.level, f.check, f.rule, f.url or "", f.location, f.message,
               "" if f.score is None else f.score, f.gain, f.fix]
        row += [f.note.status, f.note.priority, f.note.owner, f.note.commentary] if f.note else ["", "", "", ""]
        writer.writerow(
            ["'" + v if isinstance(v, str) and (v.startswith(_CSV_FORMULA) or v.lstrip().startswith(_CSV_FORMULA))
             else v for v in row]
        )


def mkdocs_config(report: Report, *, logo_name: str | None) -> dict[str, Any]:
    """The mkdocs.yml content as a dict (dumped with yaml.safe_dump, so 'no' stays a string).

    MkDocs writes site_name and nav labels into HTML unescaped, hence html.escape; crawled text never
    becomes a page title or a nav label.
    """
    nav: list[Any] = [*report.consultant.nav_first, {"Summary": "index.md"}, *report.consultant.nav_after_summary]
    if report.trend is not None:
        nav.append({"Trend": TREND_PAGE})
    if report.levels:
        nav.append({"Levels": [{html.escape(lv.title): lv.href} for lv in report.levels]})
    if report.checks:
        nav.append({"Checks": [{html.escape(c.title): c.href} for c in report.checks]})
    nav += [{"Touchpoints": "touchpoints.md"}, {"Insights": "insights.md"}, {"All findings": "findings.md"},
            {"Audited pages": "pages/index.md"}, {"Method": "method.md"}]
    theme: dict[str, Any] = {
        "name": "material",
        "font": False,
        "palette": {"primary": report.primary_color, "accent": report.primary_color},
        "features": ["navigation.sections", "navigation.top", "search.highlight"],
    }
    if logo_name:
        theme["logo"] = f"assets/{logo_name}"
        theme["favicon"] = f"assets/{logo_name}"
    return {
        "site_name": html.escape(report.title),
        "docs_dir": "docs",
        "use_directory_urls": False,
        "strict": True,
        "theme": theme,
        "plugins": ["search"],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", {"toc": {"permalink": False}},
                                "admonition"],
        "extra_css": ["assets/report.css", "assets/print.css", *(["assets/brand.css"] if report.brand_colour else [])],
        "extra_javascript": ["assets/findings-table.js"],
        "extra": {"generator": False},
        "not_in_nav": NOT_IN_NAV,
        "nav": nav,
        "validation": {
            "nav": {"omitted_files": "warn", "not_found": "warn", "absolute_links": "warn"},
            "links": {"not_found": "warn", "anchors": "warn", "absolute_links": "warn",
                      "unrecognized_links": "warn"},
        },
    }


#: Sites with this many pages or more have part of their detail pages written by a second process while this
#: one writes the rest of the report (below it, starting the process costs more than it saves).
PARALLEL_DETAIL_PAGES = 500
_DETAIL_CHUNK = 100  # detail pages per job: small enough to share out evenly, large enough to pickle cheaply


def write_detail_pages(docs: Path, pages: list[PageView]) -> None:
    """Write the detail page of each of ``pages`` into ``docs`` (in a worker process, the job of one chunk)."""
    detail = _detail_template()
    for page in pages:  # the one loop that scales with the site: template compiled once, no relpath work
        (docs / page.href).write_text(detail.render(here="pages", p=page), encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _detail_template() -> jinja2.Template:
    return environment().get_template("page_detail.md.j2")


class _DetailPages:
    """Writes the detail pages — the part of the report that grows with the site — on every core.

    On a large site (and a machine with cores to spare) chunks of them go to a worker process as the block
    starts; at its end this process writes each chunk the worker has not begun, so neither waits long for
    the other. The worker comes from the forkserver, not a fork of this process: it holds only its chunks,
    never the audit. Each page is the same text whichever process writes it (the template reads only the
    page's own view)."""

    def __init__(self, docs: Path, pages: list[PageView], parallel: bool) -> None:
        self.docs = docs
        self.parallel = parallel
        self.chunks = [pages[at:at + _DETAIL_CHUNK] for at in range(0, len(pages), _DETAIL_CHUNK)]
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.jobs: list[concurrent.futures.Future[None]] = []

    def __enter__(self) -> _DetailPages:
        pages = sum(len(chunk) for chunk in self.chunks)
        if self.parallel and pages >= PARALLEL_DETAIL_PAGES and _cores() > 1 and sys.platform == "linux":
            context = multiprocessing.get_context("forkserver")  # a fresh process: never this one's memory
            context.set_forkserver_preload([__name__])  # for a server not running yet (the audit's parse started one)
            self.pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=context)
            self.jobs = [self.pool.submit(write_detail_pages, self.docs, chunk) for chunk in self.chunks]
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: Any) -> None:
        try:
            if kind is not None:
                return
            if self.pool is None:
                write_detail_pages(self.docs, [page for chunk in self.chunks for page in chunk])
                return
            for chunk, job in reversed(list(zip(self.chunks, self.jobs, strict=True))):
                if job.cancel():  # not begun by the worker: written here
                    write_detail_pages(self.docs, chunk)
            for chunk, job in zip(self.chunks, self.jobs, strict=True):
                if job.cancelled():
                    continue
                try:
                    job.result()  # the worker's own exception (a full disk, say) is raised here
                except concurrent.futures.BrokenExecutor:  # the worker died (killed): its chunks are written here
                    write_detail_pages(self.docs, chunk)
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_project(audit: Mapping[str, Any], project_dir: Path, *, logo: Path | None = None,
                   parallel: bool = False) -> Path:
    """Write mkdocs.yml and docs/ for ``audit`` into ``project_dir`` (replacing an old docs/).

    ``parallel`` lets a large site's detail pages be written partly by a worker process. Off by default: the
    worker re-imports the caller's main module, which re-runs a script that lacks the
    ``if __name__ == "__main__":`` guard (and would write this report a second time)."""
    if logo is not None and (not logo.is_file() or logo.suffix.lower() not in _LOGO_SUFFIXES):
        raise ConfigError(
            f"report logo {logo} is not a readable image file",
            "point report.logo at a .png, .svg, .jpg, .gif or .webp file",
        )
    report = build_report(audit)
    env = environment()
    docs = project_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    for sub in ("levels", "checks", "pages", "assets", "downloads"):
        (docs / sub).mkdir(parents=True, exist_ok=True)

    def write(template: str, target: str, **extra: Any) -> None:
        here = posixpath.dirname(target)
        with (docs / target).open("w", encoding="utf-8") as out:  # piece by piece: the findings page of a
            out.writelines(env.get_template(template).generate(r=report, here=here, **extra))  # large site is ~100 MB

    with _DetailPages(docs, report.pages, parallel):  # on a large site, partly written by another process meanwhile
        write("index.md.j2", "index.md")
        for level in report.levels:
            write("level.md.j2", level.href, level=level)
        for check in report.checks:
            write("check.md.j2", check.href, check=check)
        write("touchpoints.md.j2", "touchpoints.md")
        write("insights.md.j2", "insights.md")
        write("findings.md.j2", "findings.md")
        write("pages_index.md.j2", "pages/index.md")
        write("method.md.j2", "method.md")
        report.consultant.write(write)
        if report.trend is not None:
            write("trend.md.j2", TREND_PAGE)

        for asset in ASSETS:
            shutil.copyfile(_template_dir() / "assets" / asset, docs / "assets" / asset)
        if report.brand_colour:
            (docs / "assets" / "brand.css").write_text(brand_css(report.brand_colour), encoding="utf-8")
        logo_name = None
        if logo is not None:
            logo_name = f"logo{logo.suffix.lower()}"
            shutil.copyfile(logo, docs / "assets" / logo_name)
        with (docs / "downloads" / "audit.json").open("w", encoding="utf-8") as download:
            write_audit_json(audit, download)
        with (docs / "downloads" / "findings.csv").open("w", encoding="utf-8") as table:
            write_findings_csv(report, table)

    config_path = project_dir / "mkdocs.yml"
    config_path.write_text(
        yaml.safe_dump(mkdocs_config(report, logo_name=logo_name), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return config_path
