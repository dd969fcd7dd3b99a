"""Feedback invitations: does the company ask customers what they think, and make it easy to say?

Two signals (DESIGN §1, enjoyability): a "Was this helpful?" prompt (or thumbs / rating widget) on help
articles, which tells the company which answers fail; and a general channel for feedback — a feedback
or complaints page or form, links to a public review site (Trustpilot, Google reviews, Feefo, Reevoo,
Yotpo…) or ratings published as schema.org AggregateRating/Review.

Page-model fields read: ``body_text``, ``forms``, ``links``, ``scripts``, ``title``, ``headings``,
``structured_data``, ``touchpoint``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from auditor.config import AuditConfig
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.page import Page
from auditor.site import Site
from checks.registry import register

HELP_TOUCHPOINTS = ("help", "faq")
#: Share of help and FAQ pages that should invite feedback: most articles, allowing for hub pages.
TARGET_SHARE = 0.75
MAX_EVIDENCE = 5
#: Public review services, by host (a subdomain such as uk.trustpilot.com matches too).
REVIEW_HOSTS: dict[str, str] = {
    "trustpilot.com": "Trustpilot", "feefo.com": "Feefo", "reevoo.com": "Reevoo", "yotpo.com": "Yotpo",
    "reviews.io": "REVIEWS.io", "reviews.co.uk": "REVIEWS.io", "bazaarvoice.com": "Bazaarvoice",
    "judge.me": "Judge.me", "tripadvisor.com": "Tripadvisor", "tripadvisor.co.uk": "Tripadvisor",
    "yelp.com": "Yelp", "g.page": "Google reviews", "ekomi.com": "eKomi", "ekomi.de": "eKomi",
}
#: Google review links live on general Google hosts; only these paths are reviews.
GOOGLE_REVIEW = re.compile(r"^https?://(?:www\.|search\.)?google\.[a-z.]+/(?:maps/|local/writereview|search\?.*review)",
                           re.I)
REVIEW_SCRIPTS: dict[str, str] = {
    "widget.trustpilot.com": "Trustpilot", "api.feefo.com": "Feefo", "yotpo.com": "Yotpo",
    "widget.reviews.io": "REVIEWS.io", "reevoo.com": "Reevoo", "judge.me": "Judge.me",
}
RATING_TYPES = frozenset({"AggregateRating", "Review"})
_HELPFUL = re.compile(
    r"\b(?:was|is) (?:this|the) (?:article |page |answer |information |guide |post |content |faq |reply )?"
    r"(?:helpful|useful)\b"
    r"|\bdid (?:this|the|we) (?:article |page |answer |guide |information )?"
    r"(?:help(?: you)?|answer your question|solve your (?:problem|issue)|resolve your (?:problem|issue))\b"
    r"|\bdid you find (?:this|it|what you (?:were|are) looking for)\b"
    r"|\bhow (?:helpful|useful) (?:was|is|did you find) (?:this|the)\b"
    r"|\brate this (?:article|page|answer|guide)\b"
    r"|\breport a problem with this page\b"
    r"|\b(?:helpful|useful)\?\s*(?:yes|👍)",
    re.I,
)
_VOTE_FIELD = re.compile(r"\b(?:helpful|vote|thumbs|article_?rating|page_?rating)\b", re.I)
_FEEDBACK_WORDS = re.compile(r"\bfeedback\b|\bcomplain\w*|\btell us what you think\b|\brate us\b|\breview us\b|"
                             r"\bleave (?:us )?a review\b|\bwrite a review\b", re.I)

EJ = Level.ENJOYABILITY
RULES = [
    Rule("feedback.helpful_prompt", "Help articles ask whether they helped",
         "Help articles do not ask whether they helped",
         "A \"Was this helpful?\" prompt (yes/no, thumbs, a rating) on each help article tells you which answers "
         "fail customers, and shows customers their view counts.", EJ, Severity.LOW,
         fix="Add a one-click \"Was this helpful?\" prompt to the end of every help and FAQ page."),
    Rule("feedback.channel", "Customers are invited to give feedback or reviews",
         "Customers are not invited to give feedback or reviews",
         "A feedback or complaints page, a form, or links to public reviews (Trustpilot, Google reviews, Feefo…) "
         "show that the company listens, and give unhappy customers a way to be heard other than leaving.",
         EJ, Severity.MEDIUM,
         fix="Publish a feedback or complaints page (with a form) and link to where customers can review you."),
]
_RULE = {rule.id: rule for rule in RULES}


@register("feedback", title="Feedback invitations",
          description="Help articles ask whether they helped; customers are invited to give feedback, complain or "
                      "review the company.",
          rules=RULES)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    pages = sorted((p for p in site.pages if p.status == 200), key=lambda p: p.url)
    yield _helpful_prompt(pages)
    yield _channel(pages)


def helpful_prompt(page: Page) -> str | None:
    """The text (or form field) by which ``page`` asks whether it helped, or None."""
    match = _HELPFUL.search(page.body_text)
    if match:
        return match.group(0)
    for form in page.forms:
        if not form.is_search and any(_VOTE_FIELD.search(f.name) for f in form.fields):
            return form.text[:120] or f"form field {next(f.name for f in form.fields if _VOTE_FIELD.search(f.name))}"
    if "👍" in page.body_text and "👎" in page.body_text:
        return "👍 / 👎"
    return None


def _helpful_prompt(pages: list[Page]) -> Finding:
    rule = _RULE["feedback.helpful_prompt"]
    help_pages = [p for p in pages if p.touchpoint in HELP_TOUCHPOINTS and p.parse_error is None]
    if not help_pages:
        return rule.finding(Status.NOT_APPLICABLE, "No help or FAQ pages, so no \"Was this helpful?\" prompt is "
                            "expected.", location="site", data={"help_pages": 0})
    prompts = {p.url: helpful_prompt(p) for p in help_pages}
    asking = [p for p in help_pages if prompts[p.url]]
    silent = [p.url for p in help_pages if not prompts[p.url]]
    share = len(asking) / len(help_pages)
    data: dict[str, Any] = {"help_pages": len(help_pages), "with_prompt": len(asking), "share": round(share, 3),
                            "without_prompt": silent}
    evidence = [Evidence(url=p.url, snippet=prompts[p.url]) for p in asking[:MAX_EVIDENCE]]
    evidence += [Evidence(url=url, measured="no prompt") for url in silent[:MAX_EVIDENCE]]
    message = f"{len(asking)} of {len(help_pages)} help and FAQ pages ({share:.0%}) ask whether they helped."
    status = Status.PASS if share >= TARGET_SHARE else Status.FAIL
    return rule.finding(status, message, location="site", score=min(1.0, share / TARGET_SHARE), evidence=evidence,
                        data=data)


@lru_cache(maxsize=16384)
def _host_service(url: str) -> str | None:
    """The review service a link goes to, once per distinct URL: the header and footer repeat their links
    on every page."""
    host = (urlsplit(url).hostname or "").lower()
    for suffix, name in REVIEW_HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return name
    return "Google reviews" if GOOGLE_REVIEW.match(url) else None


@lru_cache(maxsize=16384)
def _feedback_words(text: str) -> bool:
    """Whether a link text speaks of feedback, once per distinct text (as :func:`_host_service`)."""
    return bool(_FEEDBACK_WORDS.search(text))


def channels(pages: list[Page]) -> list[dict[str, str]]:
    """Ways to give feedback, one row per kind and service: {kind, detail, url}. Kinds: review_site,
    rating_data, page, form, link."""
    rows: dict[tuple[str, str], dict[str, str]] = {}

    def add(kind: str, detail: str, url: str) -> None:
        rows.setdefault((kind, detail), {"kind": kind, "detail": detail, "url": url})

    for page in pages:
        for link in page.http_links():
            service = _host_service(link.url)
            if service:
                add("review_site", service, page.url)
            elif _feedback_words(link.text):
                add("link", link.text[:80], page.url)
        for script in page.scripts:
            source = f"{script.src or ''} {script.excerpt[:2000]}"
            for signature, service in REVIEW_SCRIPTS.items():
                if signature in source:
                    add("review_site", service, page.url)
        for kind in sorted(page.structured_types() & RATING_TYPES):
            add("rating_data", kind, page.url)
        if _FEEDBACK_WORDS.search(f"{page.title} {page.h1} {urlsplit(page.url).path.replace('-', ' ')}"):
            add("page", page.h1 or page.title or page.url, page.url)
        for form in page.forms:
            if form.is_search or _HELPFUL.search(form.text) or any(_VOTE_FIELD.search(f.name) for f in form.fields):
                continue
            if _FEEDBACK_WORDS.search(f"{form.text} {' '.join(f.name + ' ' + f.label for f in form.fields)}"):
                add("form", form.text[:80] or form.action, page.url)
    order = ("review_site", "rating_data", "page", "form", "link")
    return sorted(rows.values(), key=lambda r: (order.index(r["kind"]), r["url"]))


def _channel(pages: list[Page]) -> Finding:
    rule = _RULE["feedback.channel"]
    found = channels(pages)
    data = {"channels": found}
    if not found:
        return rule.finding(Status.FAIL, "No feedback or complaints page or form, no review-site link and no published "
                            "ratings were found.", location="site", data=data)
    kinds = ", ".join(dict.fromkeys(r["kind"].replace("_", " ") for r in found))
    return rule.finding(Status.PASS, f"Customers can give feedback ({kinds}).", location="site", data=data,
                        evidence=[Evidence(url=r["url"], snippet=r["detail"], measured=r["kind"])
                                  for r in found[:MAX_EVIDENCE]])
