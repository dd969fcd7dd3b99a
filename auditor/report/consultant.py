"""The consultant's pages of the report: engagement, competitor comparison, supplied evidence and notes.

Like the rest of the renderer, these views read only the audit dict (its optional ``engagement``,
``comparison``, ``supplied_evidence`` and ``notes`` sections) and hand the templates plain values, which
the templates escape. The one pre-rendered value is the executive summary: the consultant's Markdown,
rendered and passed through the allow-list sanitiser of :mod:`auditor.engagement` before it is marked safe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.report import charts
from auditor.report.escape import Md

LEVEL_WORDS = {"overall": "Overall", "capability": "Capability", "accessibility": "Accessibility",
               "enjoyability": "Enjoyability"}
VERDICT_WORDS = {"leads": "Leads", "trails": "Trails", "even": "Level", "not_comparable": "Not comparable"}
NOTE_STATUS_WORDS = {"open": "Open", "accepted": "Accepted", "fixed": "Fixed", "wont_fix": "Won't fix"}
PRIORITY_WORDS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low"}
PAGES = {"engagement": "engagement.md", "comparison": "comparison.md", "supplied": "supplied.md",
         "notes": "notes.md"}


@dataclass
class FindingNote:
    """A consultant's note on one finding, in words (from ``findings[].note``)."""

    commentary: str
    priority: str  # "" when the note does not override it
    owner: str
    status: str
    status_id: str
    match: str  # "finding id" or "rule"


def finding_note(raw: Any) -> FindingNote | None:
    if not isinstance(raw, Mapping):
        return None
    status = _str(raw.get("status")) or "open"
    return FindingNote(_str(raw.get("commentary")), PRIORITY_WORDS.get(_str(raw.get("priority")), ""),
                       _str(raw.get("owner")), NOTE_STATUS_WORDS.get(status, status), status,
                       "rule" if raw.get("match") == "rule" else "finding id")


@dataclass
class EngagementView:
    client: str
    consultant: str
    dates: str
    scope: str
    method: str
    summary: Md  # sanitised HTML


@dataclass
class SiteColumn:
    name: str
    start_url: str
    role: str
    scores: dict[str, float | None]


@dataclass
class Versus:
    competitor: str
    levels: list[tuple[str, float | None, float | None, float | None, str]]  # level words, client, them, delta, verdict
    intents_leads: list[str]
    intents_trails: list[str]
    channels_only_client: list[str]
    channels_only_competitor: list[str]
    readability: list[tuple[str, float, float, str]]  # group, client grade, their grade, verdict


@dataclass
class ComparisonView:
    client: str
    sites: list[SiteColumn]
    intents: list[tuple[str, list[str]]]  # intent title, status per site
    channels: list[tuple[str, list[list[str]]]]  # channel type, values per site ([] = not offered)
    hours: list[list[str]]  # per site: the statements of opening hours
    readability: list[tuple[str, list[float | None]]]  # touchpoint group, median grade per site
    versus: list[Versus]

    @property
    def score_chart(self) -> Md:
        groups = [(LEVEL_WORDS[key], [site.scores.get(key) for site in self.sites]) for key in LEVEL_WORDS]
        return charts.grouped_bars(groups, [site.name for site in self.sites], "Scores per level, side by side")

    @property
    def intent_chart(self) -> Md:
        columns = [(str(i), site.name) for i, site in enumerate(self.sites)]
        rows = [(title, statuses[0], {str(i): s for i, s in enumerate(statuses) if s in ("covered", "partial")})
                for title, statuses in self.intents]
        return charts.coverage_matrix(rows, columns, f"Customer intents answered by each site (status: "
                                                     f"{self.client})")


@dataclass
class SuppliedRow:
    title: str
    shown: str
    target: str
    meets_target: bool
    level: str
    date: str
    channel: str
    source: str
    note: str
    kind: str
    href: str | None


@dataclass
class SuppliedView:
    file: str
    weight: float
    scored: bool
    rows: list[SuppliedRow]


@dataclass
class NoteRow:
    finding_id: str
    title: str
    message: str
    href: str
    severity: str
    status: str  # the finding's measured status
    note: FindingNote


@dataclass
class NotesView:
    file: str
    rows: list[NoteRow]
    orphaned: list[tuple[str, FindingNote]]  # the id or rule pattern that matched nothing, and its note


@dataclass
class ConsultantPages:
    engagement: EngagementView | None = None
    comparison: ComparisonView | None = None
    supplied: SuppliedView | None = None
    notes: NotesView | None = None
    nav_after_summary: list[dict[str, str]] = field(default_factory=list)

    @property
    def nav_first(self) -> list[dict[str, str]]:
        """The engagement page leads the navigation when there is one."""
        return [{"Engagement": PAGES["engagement"]}] if self.engagement else []

    def write(self, write: Callable[..., None]) -> None:
        """Render each page there is content for (``write(template, target)`` from render_project)."""
        for key, template in (("engagement", "engagement.md.j2"), ("comparison", "comparison.md.j2"),
                              ("supplied", "supplied.md.j2"), ("notes", "notes.md.j2")):
            if getattr(self, key) is not None:
                write(template, PAGES[key])


def consultant_pages(audit: Mapping[str, Any], findings: Sequence[Any]) -> ConsultantPages:
    """The consultant's views of ``audit``; ``findings`` are the renderer's FindingViews (for links)."""
    by_id = {f.id: f for f in findings}
    pages = ConsultantPages(
        engagement=_engagement(audit.get("engagement")),
        comparison=_comparison(audit.get("comparison")),
        supplied=_supplied(audit.get("supplied_evidence"), by_id),
        notes=_notes(audit.get("notes"), findings),
    )
    for label, key in (("Comparison", "comparison"), ("Supplied evidence", "supplied"), ("Consultant notes", "notes")):
        if getattr(pages, key) is not None:
            pages.nav_after_summary.append({label: PAGES[key]})
    return pages


def _engagement(raw: Any) -> EngagementView | None:
    from auditor.engagement import summary_html  # auditor.engagement imports the report package's escape module

    if not isinstance(raw, Mapping):
        return None
    return EngagementView(*(_str(raw.get(k)) for k in ("client", "consultant", "dates", "scope", "method")),
                          summary=Md(summary_html(_str(raw.get("summary")))))


def _comparison(raw: Any) -> ComparisonView | None:
    if not isinstance(raw, Mapping):
        return None
    sites_raw = [s for s in _list(raw.get("sites")) if isinstance(s, Mapping)]
    if not sites_raw:
        return None
    sites = [SiteColumn(_str(s.get("name")), _str(s.get("start_url")), _str(s.get("role")),
                        {k: _number(_map(s.get("scores")).get(k)) for k in LEVEL_WORDS}) for s in sites_raw]
    titles = {_str(i.get("id")): _str(i.get("title")) for i in _list(raw.get("intents")) if isinstance(i, Mapping)}
    intents = [(title or key, [_str(_map(s.get("intents")).get(key)) or "missing" for s in sites_raw])
               for key, title in titles.items()]
    channel_types: list[str] = []
    for s in sites_raw:
        for c in _list(s.get("channels")):
            if isinstance(c, Mapping) and _str(c.get("type")) not in channel_types:
                channel_types.append(_str(c.get("type")))
    channels = []
    for kind in channel_types:
        per_site = []
        for s in sites_raw:
            match = [c for c in _list(s.get("channels")) if isinstance(c, Mapping) and _str(c.get("type")) == kind]
            per_site.append([_str(v) for c in match for v in _list(c.get("values"))] or (["offered"] if match else []))
        channels.append((kind, per_site))
    hours = [[_str(h.get("text")) for h in _list(s.get("hours")) if isinstance(h, Mapping)] for s in sites_raw]
    groups = sorted({g for s in sites_raw for g in _map(s.get("readability"))})
    readability = [(g, [_number(_map(_map(s.get("readability")).get(g)).get("median")) for s in sites_raw])
                   for g in groups]
    versus = []
    for v in _list(raw.get("versus")):
        if not isinstance(v, Mapping):
            continue
        levels = [(LEVEL_WORDS.get(_str(lv.get("level")), _str(lv.get("level"))), _number(lv.get("client")),
                   _number(lv.get("competitor")), _number(lv.get("delta")), _verdict(lv.get("verdict")))
                  for lv in _list(v.get("levels")) if isinstance(lv, Mapping)]
        versus.append(Versus(
            _str(v.get("competitor")), levels,
            [titles.get(_str(i), _str(i)) for i in _list(v.get("intents_leads"))],
            [titles.get(_str(i), _str(i)) for i in _list(v.get("intents_trails"))],
            [_str(c) for c in _list(v.get("channels_only_client"))],
            [_str(c) for c in _list(v.get("channels_only_competitor"))],
            [(_str(r.get("group")), _number(r.get("client")) or 0.0, _number(r.get("competitor")) or 0.0,
              _verdict(r.get("verdict"))) for r in _list(v.get("readability")) if isinstance(r, Mapping)],
        ))
    return ComparisonView(_str(raw.get("client")), sites, intents, channels, hours, readability, versus)


def _supplied(raw: Any, by_id: Mapping[str, Any]) -> SuppliedView | None:
    if not isinstance(raw, Mapping):
        return None
    rows = []
    for item in _list(raw.get("items")):
        if not isinstance(item, Mapping):
            continue
        finding = by_id.get(_str(item.get("finding_id")))
        rows.append(SuppliedRow(
            _str(item.get("title")) or _str(item.get("metric")), _str(item.get("shown")), _str(item.get("target")),
            item.get("meets_target") is True, _str(item.get("level")), _str(item.get("date")),
            _str(item.get("channel")), _str(item.get("source")), _str(item.get("note")), _str(item.get("kind")),
            finding.check_href if finding is not None else None))
    return SuppliedView(_str(raw.get("file")), _number(raw.get("weight")) or 0.0, raw.get("scored") is True, rows)


def _notes(raw: Any, findings: Sequence[Any]) -> NotesView | None:
    if not isinstance(raw, Mapping):
        return None
    rows = [NoteRow(f.id, f.rule_title, f.message, f.href, f.severity, f.status, f.note) for f in findings if f.note]
    rank = {"open": 0, "accepted": 1, "wont_fix": 2, "fixed": 3}
    rows.sort(key=lambda r: (rank.get(r.note.status_id, 0), r.finding_id))
    orphaned = [(_str(o.get("pattern")), note) for o in _list(raw.get("orphaned"))
                if isinstance(o, Mapping) and (note := finding_note(o)) is not None]
    return NotesView(_str(raw.get("file")), rows, orphaned)


def _verdict(value: Any) -> str:
    return VERDICT_WORDS.get(_str(value), _str(value))


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
