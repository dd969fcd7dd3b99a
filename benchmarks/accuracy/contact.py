"""Contact-channel extraction accuracy on the hand-labelled pages in tests/accuracy/contact/.

A false "no phone number" costs a consultant their credibility, and so does an order number reported
as a phone: both directions count. Items are (type, value) pairs per page, micro-averaged.
"""

from __future__ import annotations

from typing import Any

from benchmarks.accuracy._corpus import Tally, cases, load_page
from checks.contact import page_channels

CORPUS = "contact"


def expected(case: dict[str, Any]) -> set[tuple[str, str]]:
    items: set[tuple[str, str]] = set()
    for kind in ("phone", "email", "messaging", "social", "postal"):
        items.update((kind, str(value)) for value in case.get(kind) or [])
    if case.get("form"):
        items.add(("form", "contact form"))
    if case.get("in_person"):
        items.add(("in_person", "in person"))
    if case.get("chat"):
        items.add(("chat", str(case["chat"])))
    return items


def evaluate(corpus: str = CORPUS, family: str = "contact channels") -> list[dict[str, Any]]:
    """Score the corpus in tests/accuracy/<corpus>/ (the held-out set reuses this with its own directory)."""
    tally = Tally()
    labelled = cases(corpus)
    for case in labelled:
        page = load_page(corpus, case["page"])
        tally.add(case["page"], expected(case), {(c.type, c.value) for c in page_channels(page)})
    return [tally.row(family, len(labelled))]
