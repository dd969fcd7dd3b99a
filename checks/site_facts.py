"""The ``facts`` section of audit.json: what the audit read off the site, for CI and consultants to use
directly (contact channels, opening hours, response-time promises, intent coverage, site search and
contradictions between pages).

Nothing is detected here: every section is assembled from the functions the checks themselves use
(:mod:`checks.contact`, :mod:`checks.facts`, :mod:`checks.coverage`, :mod:`checks.consistency`), so the
facts and the findings can never disagree. This module registers no check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from auditor.config import AuditConfig
from auditor.findings import Status
from auditor.site import Site
from checks import consistency
from checks.contact import site_channels
from checks.coverage import coverage_status, find_answers, intent_matcher, load_taxonomy, unassessed_languages
from checks.facts import SiteFacts, collect, first_by

log = logging.getLogger("cxaudit")
SNIPPET_CHARS = 300
CONTRADICTION_STATUSES = (Status.FAIL, Status.NEEDS_REVIEW)


def empty_facts() -> dict[str, Any]:
    """The facts of a site where nothing was found (every key present, as the schema requires)."""
    return {"contact_channels": [], "opening_hours": [], "response_times": [], "intents": [],
            "search": {"present": False, "urls": []}, "contradictions": []}


def site_facts(site: Site, config: AuditConfig) -> dict[str, Any]:
    """Every section of ``facts``. A section whose extraction fails is logged and left empty: the facts
    are a by-product of the audit and must never stop it (the checks report their own errors)."""
    facts = empty_facts()
    extracted = collect(site)
    sections: dict[str, Callable[[], Any]] = {
        "contact_channels": lambda: site_channels(site),
        "opening_hours": lambda: _opening_hours(extracted),
        "response_times": lambda: _response_times(extracted),
        "intents": lambda: _intents(site, config),
        "search": lambda: _search(site),
        "contradictions": lambda: _contradictions(site, config),
    }
    for key, build in sections.items():
        try:
            facts[key] = build()
        except Exception:
            log.exception("could not extract facts.%s", key)
    return facts


def _opening_hours(extracted: SiteFacts) -> list[dict[str, Any]]:
    """One entry per distinct statement (footer hours repeat on every page; the first page is kept)."""
    unique = first_by(extracted.hours, lambda h: (tuple(h.days), h.opens, h.closes, h.closed, h.timezone))
    return [{"text": h.text, "days": list(h.days), "opens": h.opens, "closes": h.closes, "timezone": h.timezone,
             "closed": h.closed, "source": h.source, "url": h.url} for h in unique]


def _response_times(extracted: SiteFacts) -> list[dict[str, Any]]:
    unique = first_by(extracted.response_times, lambda f: (f.value, f.unit, f.text))
    return [{"text": f.text[:SNIPPET_CHARS], "value": f.value, "unit": f.unit, "url": f.url} for f in unique]


def _intents(site: Site, config: AuditConfig) -> list[dict[str, Any]]:
    """Every intent of the taxonomy with its coverage, as the coverage check judges it: covered (an FAQ
    question, title or heading answers it), partial (only mentioned in text), missing, or unknown when the
    answer pages are in a language the taxonomy is not written in."""
    matcher = intent_matcher(load_taxonomy(config))
    found = find_answers(site, matcher)
    unassessed = bool(unassessed_languages(site, matcher.languages))
    rows = []
    for intent in matcher.intents:
        answers = found.get(intent.id, [])
        rows.append({"intent": intent.id, "title": intent.title, "status": coverage_status(answers, unassessed),
                     "urls": [a.page.url for a in answers],
                     "evidence": [{"url": a.page.url, "text": a.text[:SNIPPET_CHARS], "source": a.source}
                                  for a in answers]})
    return rows


def _search(site: Site) -> dict[str, Any]:
    """Pages offering site search: a search form (role=search, input type=search) or a SearchAction."""
    urls = sorted(page.url for page in site.pages
                  if any(form.is_search for form in page.forms) or "SearchAction" in page.structured_types())
    return {"present": bool(urls), "urls": urls}


def _contradictions(site: Site, config: AuditConfig) -> list[dict[str, Any]]:
    """Facts the consistency check found stated differently on different pages, with each value and the
    page that states it; ``status`` is fail for a clear contradiction, needs_review when the wording leaves
    room for two purposes."""
    rows = []
    for finding in consistency.run(site, config):
        if finding.status not in CONTRADICTION_STATUSES:
            continue
        values = first_by((e for e in finding.evidence if e.url and e.measured is not None),
                          lambda e: (str(e.measured), e.url))
        rows.append({"fact": finding.rule.split(".", 1)[1], "status": str(finding.status), "message": finding.message,
                     "values": [{"value": str(e.measured), "url": e.url, "snippet": (e.snippet or "")[:SNIPPET_CHARS]}
                                for e in values]})
    return rows
