"""Touchpoint classification: which kind of customer touchpoint a page is.

Signals, strongest first: schema.org types, the URL path, then the title and first heading. Each
touchpoint also belongs to a group (all policies are 'policy') and a journey stage.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the page model reads touchpoints while it parses a page
    from auditor.page import Page

#: Touchpoint → (group, journey stage). Groups are what per-type targets and report sections use.
TOUCHPOINTS: dict[str, tuple[str, str]] = {
    "home": ("home", "awareness"),
    "help": ("help", "use"),
    "faq": ("faq", "use"),
    "contact": ("contact", "after-sales"),
    "returns": ("policy", "after-sales"),
    "shipping": ("policy", "purchase"),
    "warranty": ("policy", "after-sales"),
    "payment": ("policy", "purchase"),
    "privacy": ("policy", "awareness"),
    "terms": ("policy", "purchase"),
    "product": ("product", "purchase"),
    "blog": ("blog", "awareness"),
    "other": ("other", "awareness"),
}

_STRUCTURED: list[tuple[str, str]] = [
    ("FAQPage", "faq"), ("QAPage", "faq"), ("ContactPage", "contact"), ("Product", "product"),
    ("BlogPosting", "blog"), ("NewsArticle", "blog"), ("HowTo", "help"),
]

# (touchpoint, pattern over the URL path, pattern over title + h1). Order matters: first match wins; a page
# under /help/ is a help article whatever its topic.
_RULES: list[tuple[str, str, str]] = [
    ("faq", r"\bfaqs?\b|frequently-asked|/questions\b", r"\bfaqs?\b|frequently asked"),
    ("contact", r"\bcontact|get-in-touch|/support/contact|customer-service$",
     r"^contact\b|\bcontact us\b|get in touch|customer service"),
    ("help", r"^/(help|support|kb|knowledge-?base|help-?cent(er|re))\b", r"$^"),
    # product and API documentation is self-service help (DESIGN: "product docs")
    ("help", r"^/(docs?|documentation|developers?|api-?(docs|reference))\b",
     r"\b(api|developer|product) (reference|docs|documentation)\b"),
    # help centres and FAQs in the languages the intent taxonomies read (checks/data/intents/<language>/)
    ("faq", r"haeufige-fragen|haufige-fragen|questions-frequentes|preguntas-frecuentes|domande-frequenti|"
            r"veelgestelde-vragen|perguntas-frequentes|vanliga-fragor",
     r"häufige fragen|questions fréquentes|preguntas frecuentes|domande frequenti|veelgestelde vragen"),
    ("help", r"^/(hilfe|hilfe-?center|kundenservice|aide|centre-d-aide|ayuda|centro-de-ayuda|aiuto|assistenza|"
             r"centro-assistenza|hulp|klantenservice|ajuda|hjalp|kundservice)\b", r"$^"),
    ("returns", r"\breturns?\b|refund|exchange", r"\breturns?\b|\brefunds?\b|exchanges"),
    ("shipping", r"shipping|delivery", r"\bshipping\b|\bdelivery\b"),
    ("warranty", r"warrant|guarantee", r"\bwarrant|\bguarantee"),
    ("payment", r"\bpayments?\b|\bbilling\b", r"\bpayment (methods|options)\b|ways to pay"),
    ("privacy", r"privacy|cookie-policy|gdpr", r"\bprivacy\b|cookie policy"),
    ("terms", r"\bterms\b|conditions|\blegal\b|\btos\b", r"terms (and|&) conditions|terms of (service|use|sale)"),
    ("help", r"\bhelp\b|\bsupport\b|knowledge-?base|\bkb\b|/guides?/|how-to|troubleshoot",
     r"\bhow (do|to|can)\b|\bhelp\b|troubleshoot"),
    ("blog", r"\bblog\b|\bnews\b|\barticles?\b|press", r"\bblog\b"),
    ("product", r"\bproducts?\b|/shop/|/store/|/p/|/item/", r"$^"),
]


def classify(page: Page, start_url: str) -> str:
    """The touchpoint id of ``page`` (a key of :data:`TOUCHPOINTS`)."""
    path = urlsplit(page.url).path.lower().rstrip("/")
    if page.url.rstrip("/") == start_url.rstrip("/") or path in ("", "/index.html", "/index.htm", "/home"):
        return "home"
    types = page.structured_types()
    for kind, touchpoint in _STRUCTURED:
        if kind in types:
            return touchpoint
    words = path.replace("_", "-")
    heading = f"{page.title} {page.h1}".lower()
    for touchpoint, path_pattern, _ in _RULES:
        if re.search(path_pattern, words):
            return touchpoint
    for touchpoint, _, heading_pattern in _RULES:
        if re.search(heading_pattern, heading):
            return touchpoint
    if len(page.questions) >= 5:
        return "faq"
    return "other"


def touchpoint_group(touchpoint: str) -> str:
    return TOUCHPOINTS.get(touchpoint, ("other", "awareness"))[0]


def journey_stage(touchpoint: str) -> str:
    return TOUCHPOINTS.get(touchpoint, ("other", "awareness"))[1]
