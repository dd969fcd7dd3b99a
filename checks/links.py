"""Links: broken internal links, error pages, redirect chains, dead ends, and requests the site refused.

Every internal URL the crawl fetched is known with its outcome (``Site.pages`` for pages analysed,
``Site.other_fetches`` for the rest, ``Site.redirected`` for pages reached through redirects), so a
link is judged by what its target actually returned. Three outcomes are not the site's fault and are
never called broken: URLs robots.txt told us not to fetch, URLs the crawler's own address guard
refused, and 403/429 answers from a bot wall — those pages are reported as not audited, not as empty.

Page-model fields read: ``links``, ``url``, ``status``, ``parse_error``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from auditor.config import AuditConfig
from auditor.crawl.scope import normalise_url
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.page import Link, Page
from auditor.site import FetchSummary, Site
from checks.registry import register

MAX_EVIDENCE = 10
MIN_CHAIN_HOPS = 2
BOT_WALL_STATUSES = frozenset({403, 429})
#: Fetch errors that say nothing about the target: we chose not to fetch it, or it was too big to keep.
NOT_SITE_ERRORS = frozenset({"blocked_by_robots", "address_not_allowed", "too_large"})

E = Level.ENJOYABILITY
RULES = [
    Rule("links.broken", "The page has no broken internal links", "The page links to pages that do not work",
         "A link that leads to an error page stops customers mid-task and makes the site look neglected.",
         E, Severity.MEDIUM, fix="Fix or remove links to pages that return an error, or redirect the old URLs."),
    Rule("links.error_pages", "Internal URLs work", "Some internal URLs return errors",
         "Every error page a customer meets is a dead stop; the share of fetched URLs that failed shows how "
         "well the site is kept.", E, Severity.MEDIUM,
         fix="Restore or redirect URLs that return 4xx/5xx, and fix the server errors."),
    Rule("links.redirect_chains", "Links reach their page in at most one redirect",
         "Some URLs go through chains of redirects",
         "Each redirect hop adds a round trip before the page starts to load; chains of two or more slow "
         "customers down, especially on mobile, and tend to break over time.", E, Severity.LOW,
         fix="Point links (and the first redirect) straight at the final URL."),
    Rule("links.dead_ends", "The page offers a way on to other pages of the site",
         "The page is a dead end: it links to no other page of the site",
         "A page with no links onward (no navigation, no related links) leaves customers stuck with only "
         "the back button.", E, Severity.MEDIUM,
         fix="Give every page the site navigation, or at least a link to the home page and to help."),
    Rule("links.bot_wall", "The site answered every request of the audit",
         "The site blocked some requests of the audit",
         "A 403 or 429 answer to an ordinary crawler usually comes from a bot wall. Those pages could not be "
         "audited, so they are reported for review, never counted as empty or broken.", E, Severity.LOW,
         fix="Allow the audit's user agent (or run it from an allowed address), then audit again."),
]
_RULE = {rule.id: rule for rule in RULES}


@dataclass(frozen=True)
class Outcome:
    """What fetching one requested internal URL gave: ok, error, bot_wall or not_fetched."""

    requested: str
    fetch: FetchSummary | None
    kind: str

    @property
    def measured(self) -> str:
        if self.fetch is None:
            return "ok"
        return f"HTTP {self.fetch.status}" if self.fetch.status else (self.fetch.error or "no response")


def classify_fetch(fetch: FetchSummary) -> str:
    """ok | error | bot_wall | not_fetched for a fetch that was not analysed as a page."""
    if fetch.error == "bot_wall" or fetch.status in BOT_WALL_STATUSES:
        return "bot_wall"
    if fetch.error in NOT_SITE_ERRORS:
        return "not_fetched"
    if fetch.error or fetch.status >= 400 or fetch.status == 0:
        return "error"
    return "ok"


def requested_url(fetch: FetchSummary) -> str:
    return fetch.redirect_chain[0] if fetch.redirect_chain else fetch.url


def outcomes(site: Site) -> dict[str, Outcome]:
    """Requested URL → outcome, for every URL the crawl fetched (analysed pages are ok)."""
    found: dict[str, Outcome] = {page.url: Outcome(page.url, None, "ok") for page in site.pages}
    for fetch in site.redirected:
        found.setdefault(requested_url(fetch), Outcome(requested_url(fetch), fetch, "ok"))
    for fetch in site.other_fetches:
        found.setdefault(requested_url(fetch), Outcome(requested_url(fetch), fetch, classify_fetch(fetch)))
    return found


def _target(link: Link) -> str:
    return normalise_url(link.url) or link.url


@lru_cache(maxsize=16384)
def _host(url: str) -> str:
    """The URL's lower-cased host, once per distinct URL: the header and footer repeat the same links on
    every page, so a site has a few hundred distinct URLs among tens of thousands of links."""
    return (urlsplit(url).hostname or "").lower()


def _readable(page: Page) -> bool:
    return page.status == 200 and page.parse_error is None


@register("links", title="Links",
          description="Broken internal links, error pages, redirect chains, dead-end pages and requests the "
                      "site refused.",
          rules=RULES)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    known = outcomes(site)
    pages = sorted((p for p in site.pages if p.status == 200), key=lambda p: p.url)
    yield from _broken(pages, known)
    yield _error_pages(site, known)
    yield _redirect_chains(site, known)
    yield from _dead_ends(site, pages)
    yield _bot_wall(site, known)


def _broken(pages: list[Page], known: dict[str, Outcome]) -> Iterator[Finding]:
    rule = _RULE["links.broken"]
    for page in pages:
        if not _readable(page):
            yield rule.finding(Status.NOT_APPLICABLE, "The page could not be read, so its links were not checked.",
                               location=page.url, url=page.url, data={"broken": []})
            continue
        broken: dict[str, dict[str, Any]] = {}
        for link in page.http_links():
            outcome = known.get(_target(link))
            if outcome is not None and outcome.kind == "error":
                broken.setdefault(outcome.requested, {"url": outcome.requested, "text": link.text,
                                                      "region": link.region, "result": outcome.measured})
        rows = list(broken.values())
        if not rows:
            yield rule.finding(Status.PASS, "No link on this page leads to an error.", location=page.url,
                               url=page.url, data={"broken": []})
            continue
        yield rule.finding(
            Status.FAIL, f"{len(rows)} link(s) lead to an error: "
                         + ", ".join(f"“{r['text'] or r['url']}” ({r['result']})" for r in rows[:3]) + ".",
            location=page.url, url=page.url, data={"broken": rows},
            evidence=[Evidence(url=r["url"], snippet=r["text"] or None, measured=r["result"])
                      for r in rows[:MAX_EVIDENCE]])


def _referrers(site: Site, targets: set[str]) -> dict[str, list[str]]:
    """Target URL → pages linking to it."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.pages, key=lambda p: p.url):
        for link in page.http_links():
            target = _target(link)
            if target in targets:
                referrers = found.setdefault(target, [])
                if not referrers or referrers[-1] != page.url:  # pages come one at a time: only the last can repeat
                    referrers.append(page.url)
    return found


def _error_pages(site: Site, known: dict[str, Outcome]) -> Finding:
    rule = _RULE["links.error_pages"]
    judged = [o for o in known.values() if o.kind in ("ok", "error")]
    errors = sorted((o for o in judged if o.kind == "error"), key=lambda o: o.requested)
    data: dict[str, Any] = {"fetched": len(judged), "errors": len(errors)}
    if not judged:
        return rule.finding(Status.NOT_APPLICABLE, "No internal URL could be judged.", location="site", data=data)
    if not errors:
        return rule.finding(Status.PASS, f"All {len(judged)} internal URLs fetched worked.", location="site",
                            data=data)
    share = len(errors) / len(judged)
    linked_from = _referrers(site, {o.requested for o in errors})
    data["urls"] = [{"url": o.requested, "result": o.measured, "linked_from": linked_from.get(o.requested, [])}
                    for o in errors]
    return rule.finding(Status.FAIL, f"{len(errors)} of {len(judged)} internal URLs fetched ({share:.0%}) returned "
                        "an error.", location="site", score=1 - share, data=data,
                        evidence=[Evidence(url=o.requested, snippet=", ".join(linked_from.get(o.requested, [])[:3])
                                           or None, measured=o.measured) for o in errors[:MAX_EVIDENCE]])


def _redirect_chains(site: Site, known: dict[str, Outcome]) -> Finding:
    rule = _RULE["links.redirect_chains"]
    fetches = sorted((o.fetch for o in known.values() if o.fetch is not None), key=requested_url)
    chains = [f for f in fetches if len(f.redirect_chain) >= MIN_CHAIN_HOPS]
    judged = sum(1 for o in known.values() if o.kind in ("ok", "error"))
    data: dict[str, Any] = {"fetched": judged, "chains": len(chains)}
    if not judged:
        return rule.finding(Status.NOT_APPLICABLE, "No internal URL could be judged.", location="site", data=data)
    if not chains:
        return rule.finding(Status.PASS, "No URL went through more than one redirect.", location="site", data=data)
    linked_from = _referrers(site, {requested_url(f) for f in chains})
    data["urls"] = [{"url": requested_url(f), "hops": len(f.redirect_chain), "chain": [*f.redirect_chain, f.url],
                     "linked_from": linked_from.get(requested_url(f), [])} for f in chains]
    return rule.finding(
        Status.FAIL, f"{len(chains)} URL(s) reach their page only after {MIN_CHAIN_HOPS} or more redirects.",
        location="site", score=1 - len(chains) / max(judged, len(chains)), data=data,
        evidence=[Evidence(url=requested_url(f), snippet=" → ".join([*f.redirect_chain, f.url]),
                           measured=f"{len(f.redirect_chain)} hops", target=f"≤ {MIN_CHAIN_HOPS - 1}")
                  for f in chains[:MAX_EVIDENCE]])


def _site_hosts(site: Site) -> set[str]:
    return {(urlsplit(url).hostname or "").lower() for url in [site.start_url, *(p.url for p in site.pages)]}


def _dead_ends(site: Site, pages: list[Page]) -> Iterator[Finding]:
    rule = _RULE["links.dead_ends"]
    hosts = _site_hosts(site)
    for page in pages:
        if not _readable(page):
            yield rule.finding(Status.NOT_APPLICABLE, "The page could not be read.", location=page.url, url=page.url)
            continue
        onward = sorted({t for t in (_target(link) for link in page.http_links())
                         if t != page.url and _host(t) in hosts})
        if onward:
            yield rule.finding(Status.PASS, f"{len(onward)} link(s) to other pages of the site.", location=page.url,
                               url=page.url, data={"onward_links": len(onward)})
        else:
            yield rule.finding(Status.FAIL, "The page links to no other page of the site.", location=page.url,
                               url=page.url, data={"onward_links": 0}, evidence=[Evidence(url=page.url, measured=0,
                                                                                          target="≥ 1")])


def _bot_wall(site: Site, known: dict[str, Outcome]) -> Finding:
    rule = _RULE["links.bot_wall"]
    walled = sorted((o for o in known.values() if o.kind == "bot_wall"), key=lambda o: o.requested)
    data: dict[str, Any] = {"blocked": [{"url": o.requested, "result": o.measured} for o in walled]}
    if not walled:
        return rule.finding(Status.NOT_APPLICABLE, "No request was refused by the site.", location="site", data=data)
    return rule.finding(Status.NEEDS_REVIEW, f"The site blocked {len(walled)} request(s) (bot wall: HTTP 403/429); "
                        "those pages could not be audited.", location="site", data=data,
                        evidence=[Evidence(url=o.requested, measured=o.measured) for o in walled[:MAX_EVIDENCE]])
