"""Competitor comparison: several audits side by side, and where the client leads or trails each competitor.

A pure function of audit dicts (the audit.json contract), so a comparison can be rebuilt from saved
audits without crawling again. The first audit is the client's. Everything compared is read from what each
audit already states: scores, ``facts.intents``, ``facts.contact_channels``, ``facts.opening_hours`` and
the data of ``readability.grade`` findings.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from auditor.touchpoints import touchpoint_group

SCORE_KEYS = ("overall", "capability", "accessibility", "enjoyability")
COVERAGE_RANK = {"missing": 0, "partial": 1, "covered": 2}
CHANNEL_ORDER = ("phone", "email", "form", "chat", "messaging", "social", "postal", "in_person")
# Score deltas smaller than this (in points) are "even": one point is within what page order can move.
EVEN_POINTS = 1.0
# Median reading grades closer than this are "even".
EVEN_GRADE = 0.5


def compare(audits: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``comparison`` section: ``audits[0]`` is the client, the rest its competitors, in config order."""
    if not audits:
        raise ValueError("compare() needs at least the client's audit")
    sites = [site_summary(audit, "client" if i == 0 else "competitor") for i, audit in enumerate(audits)]
    titles: dict[str, str] = {}
    for audit in audits:
        for item in _list(_mapping(audit.get("facts")).get("intents")):
            if isinstance(item, Mapping) and item.get("intent"):
                titles.setdefault(str(item["intent"]), str(item.get("title") or item["intent"]))
    client = sites[0]
    return {
        "client": client["name"],
        "sites": sites,
        "intents": [{"id": key, "title": title} for key, title in titles.items()],
        "versus": [versus(client, other) for other in sites[1:]],
    }


def site_summary(audit: Mapping[str, Any], role: str) -> dict[str, Any]:
    """What the comparison shows of one site."""
    site = _mapping(audit.get("site"))
    facts = _mapping(audit.get("facts"))
    scores = _mapping(audit.get("scores"))
    channels: dict[str, list[str]] = {}
    for item in _list(facts.get("contact_channels")):
        if isinstance(item, Mapping) and item.get("type"):
            values = channels.setdefault(str(item["type"]), [])
            if item.get("value") and str(item["value"]) not in values:
                values.append(str(item["value"]))
    ordered = sorted(channels, key=lambda c: (CHANNEL_ORDER.index(c) if c in CHANNEL_ORDER else 99, c))
    hours = [{key: item.get(key) for key in ("text", "days", "opens", "closes", "timezone")}
             for item in _list(facts.get("opening_hours")) if isinstance(item, Mapping)]
    return {
        "name": str(site.get("name") or site.get("host") or site.get("start_url") or ""),
        "start_url": str(site.get("start_url") or ""),
        "role": role,
        "scores": {key: _number(scores.get(key)) for key in SCORE_KEYS},
        "intents": {str(item["intent"]): str(item.get("status") or "missing")
                    for item in _list(facts.get("intents")) if isinstance(item, Mapping) and item.get("intent")},
        "channels": [{"type": kind, "values": channels[kind]} for kind in ordered],
        "hours": hours,
        "readability": readability_medians(audit),
    }


def readability_medians(audit: Mapping[str, Any]) -> dict[str, dict[str, float | int]]:
    """Median reading grade per touchpoint group, from the scored ``readability.grade`` findings."""
    group_of = {str(p.get("url")): p.get("group") for p in _list(audit.get("pages")) if isinstance(p, Mapping)}
    grades: dict[str, list[float]] = {}
    for finding in _list(audit.get("findings")):
        if not isinstance(finding, Mapping) or finding.get("rule") != "readability.grade":
            continue
        if finding.get("status") not in ("pass", "fail"):
            continue
        data = _mapping(finding.get("data"))
        grade = _number(data.get("grade"))
        if grade is None:
            continue
        group = group_of.get(str(finding.get("url"))) or touchpoint_group(str(data.get("touchpoint") or "other"))
        grades.setdefault(str(group), []).append(grade)
    return {group: {"median": round(statistics.median(values), 1), "pages": len(values)}
            for group, values in sorted(grades.items())}


def versus(client: Mapping[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    """Where ``client`` leads or trails ``other``: per score, per intent, per channel, per page type."""
    levels = []
    for key in SCORE_KEYS:
        mine, theirs = client["scores"][key], other["scores"][key]
        delta = None if mine is None or theirs is None else round(mine - theirs, 1)
        levels.append({"level": key, "client": mine, "competitor": theirs, "delta": delta,
                       "verdict": _verdict(delta, EVEN_POINTS)})
    intents: dict[str, list[str]] = {"leads": [], "trails": []}
    for intent in sorted(set(client["intents"]) | set(other["intents"])):
        mine_rank = COVERAGE_RANK.get(client["intents"].get(intent, "missing"), 0)
        theirs_rank = COVERAGE_RANK.get(other["intents"].get(intent, "missing"), 0)
        if mine_rank != theirs_rank:
            intents["leads" if mine_rank > theirs_rank else "trails"].append(intent)
    mine_channels = {c["type"] for c in client["channels"]}
    theirs_channels = {c["type"] for c in other["channels"]}
    readability = []
    for group in sorted(set(client["readability"]) & set(other["readability"])):
        mine_grade = client["readability"][group]["median"]
        theirs_grade = other["readability"][group]["median"]
        delta = round(theirs_grade - mine_grade, 1)  # positive: the client reads easier (a lower grade)
        readability.append({"group": group, "client": mine_grade, "competitor": theirs_grade,
                            "verdict": _verdict(delta, EVEN_GRADE)})
    return {
        "competitor": other["name"],
        "start_url": other["start_url"],
        "levels": levels,
        "intents_leads": intents["leads"],
        "intents_trails": intents["trails"],
        "channels_only_client": [c for c in CHANNEL_ORDER if c in mine_channels - theirs_channels],
        "channels_only_competitor": [c for c in CHANNEL_ORDER if c in theirs_channels - mine_channels],
        "readability": readability,
    }


def _verdict(delta: float | None, even: float) -> str:
    if delta is None:
        return "not_comparable"
    if abs(delta) < even:
        return "even"
    return "leads" if delta > 0 else "trails"


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
