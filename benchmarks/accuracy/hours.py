"""Opening-hours extraction accuracy on the hand-labelled pages in tests/accuracy/hours/.

Statements are compared per day ("Mon–Fri 9–5" is five (day, hours) items), so a page that lists
each weekday on its own row scores the same as one that groups them.
"""

from __future__ import annotations

from typing import Any

from benchmarks.accuracy._corpus import Tally, cases, load_page
from checks.opening_hours import HoursFact, hours_language_supported, opening_hours

CORPUS = "hours"


def per_day(days: list[str], hours: str) -> set[tuple[str, str]]:
    return {(day, hours) for day in days}


def found_items(facts: list[HoursFact]) -> set[tuple[str, str]]:
    items: set[tuple[str, str]] = set()
    for fact in facts:
        items |= per_day(fact.days, "closed" if fact.closed else f"{fact.opens}-{fact.closes}")
    return items


def evaluate(corpus: str = CORPUS, family: str = "opening hours") -> list[dict[str, Any]]:
    """Score the corpus in tests/accuracy/<corpus>/ (the held-out set reuses this with its own directory)."""
    tally = Tally()
    abstained = 0
    labelled = cases(corpus)
    for case in labelled:
        page = load_page(corpus, case["page"])
        wanted: set[tuple[str, str]] = set()
        for days, hours in case["hours"]:
            wanted |= per_day(str(days).split(), str(hours))
        found = found_items(opening_hours(page))
        if not found and not hours_language_supported(page.lang or "en"):
            abstained += len(wanted)  # not assessed: counted apart, and still a miss of every label
        tally.add(case["page"], wanted, found)
    return [{**tally.row(family, len(labelled)), "abstained": abstained}]
