"""Information consistency: the facts a customer relies on say the same thing on every page.

Customers rank accurate information first; a returns page that says 14 days while the FAQ says 30, or
two different customer-service numbers, costs trust and creates contacts. Facts come from
:mod:`checks.facts`. A contradiction is only a failure when both statements are clearly about the same
thing; when the wording leaves room for two purposes (sales vs service, showroom vs phone lines, sale
items vs everything else) the finding asks for review instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from auditor.config import AuditConfig
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.site import Site
from checks.facts import MAILBOX_PURPOSES, DeliveryFact, EmailFact, Fact, PhoneFact, collect, first_by
from checks.opening_hours import HoursFact
from checks.registry import register

#: Words that show a return window applies to a subset of goods or a season, not the general policy.
RETURN_QUALIFIERS = re.compile(
    r"\b(sale|clearance|outlet|faulty|damaged|defective|christmas|holiday|festive|gift|extended|personali[sz]ed|"
    r"custom|made[- ]to[- ]order|business|trade|furniture|large items?|perishable|food|hygiene|earrings|"
    r"underwear|opened|software|members?|premium|vip|cancel\w*|cooling[- ]off)\b",
    re.I,
)
#: What stated hours are for; hours with different labels may legitimately differ.
HOURS_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("chat", re.compile(r"\b(live )?chat\b", re.I)),
    ("store", re.compile(r"\b(stores?|shops?|showrooms?|branch(es)?|warehouse|collection|click (&|and) collect|"
                         r"visit)\b", re.I)),
    ("office", re.compile(r"\boffices?\b", re.I)),
    ("service", re.compile(r"\b(phones?|lines|call\w*|customers?|services?|support|help\w*|team|contact)\b",
                           re.I)),
]
MAX_CONFLICTS = 3

C = Level.CAPABILITY
RULES = [
    Rule("consistency.phone", "Customer-service phone numbers agree across pages",
         "Pages give different phone numbers for the same purpose",
         "Customers call the first number they find; two numbers for the same service cause misrouted calls "
         "and doubt about which is real.", C, Severity.HIGH,
         fix="Use one customer-service number everywhere, and label numbers for other purposes."),
    Rule("consistency.email", "Contact e-mail addresses agree across pages",
         "Pages give different e-mail addresses for the same purpose",
         "Two addresses for the same purpose split conversations and leave customers unsure where to write.",
         C, Severity.MEDIUM, fix="Use one address per purpose everywhere, and label the others."),
    Rule("consistency.return_window", "Return windows agree across pages", "Pages state different return windows",
         "The return window is a promise; stating two different windows causes disputes and contacts.",
         C, Severity.HIGH, fix="State one return window everywhere, and say clearly when an exception applies."),
    Rule("consistency.hours", "Opening hours agree across pages", "Pages state different opening hours",
         "Customers plan calls and visits around stated hours; different hours for the same service send "
         "them to a closed line.", C, Severity.MEDIUM,
         fix="State the same hours everywhere, and label hours that belong to another service (store, chat)."),
]
RULES += [
    Rule("consistency.delivery_time", "Delivery times agree across pages",
         "Pages state different delivery times for the same service",
         "A delivery promise is what customers plan around; \"3-5 working days\" on one page and \"7-10 days\" "
         "on another for the same service creates \"where is my order?\" contacts.", C, Severity.MEDIUM,
         fix="State each delivery option's time once (a delivery page) and repeat it word for word elsewhere."),
    Rule("consistency.delivery_cost", "Delivery costs agree across pages",
         "Pages state different delivery costs or free-delivery thresholds",
         "A delivery charge or free-delivery threshold that differs between pages looks like a bait and switch "
         "at checkout.", C, Severity.MEDIUM,
         fix="State each delivery option's price and the free-delivery threshold the same way everywhere."),
]
_RULE = {rule.id: rule for rule in RULES}
#: Delivery services; statements about different services may differ (standard vs express).
DELIVERY_SERVICES: list[tuple[str, re.Pattern[str]]] = [
    ("next day", re.compile(r"\bnext[- ](?:working[- ])?day\b|\bexpress\b|\bpremium\b|\bpriority\b", re.I)),
    ("same day", re.compile(r"\bsame[- ]day\b", re.I)),
    ("named day", re.compile(r"\bnamed[- ]day\b|\bnominated[- ]day\b", re.I)),
    ("international", re.compile(r"\binternational\b|\boverseas\b|\bworldwide\b|\babroad\b|\beurope\b", re.I)),
    ("collection", re.compile(r"\bclick (?:&|and) collect\b|\bcollect(?:ion)? (?:in|from) store\b", re.I)),
    ("large items", re.compile(r"\blarge\b|\bbulky\b|\bfurniture\b|\btwo[- ]person\b", re.I)),
    ("standard", re.compile(r"\bstandard\b|\beconomy\b|\bregular\b", re.I)),
]


@register("consistency", title="Information consistency",
          description="Phone numbers, e-mail addresses, opening hours, return windows, delivery times and "
                      "delivery costs agree across pages.",
          rules=RULES)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    facts = collect(site)
    contact_urls = {page.url for page in site.by_touchpoint("contact") if page.status == 200}
    yield _statements(_RULE["consistency.phone"], "phone number", [_phone(f) for f in facts.phones], contact_urls)
    yield _statements(_RULE["consistency.email"], "e-mail address", [_email(f) for f in facts.emails],
                      contact_urls)
    yield _return_window(facts.return_windows)
    yield _hours(facts.hours)
    yield _delivery(_RULE["consistency.delivery_time"], "delivery time", facts.delivery, ("time",))
    yield _delivery(_RULE["consistency.delivery_cost"], "delivery cost", facts.delivery, ("cost", "free"))


@dataclass(frozen=True)
class Statement:
    """One page stating one value for one purpose (None: not labelled)."""

    value: str
    display: str
    purpose: str | None
    url: str
    snippet: str


@dataclass(frozen=True)
class Conflict:
    status: Status
    message: str
    first: Statement
    second: Statement


def _phone(fact: PhoneFact) -> Statement:
    return Statement(fact.number, fact.display, fact.purpose, fact.url, fact.context)


def _email(fact: EmailFact) -> Statement:
    """A known mailbox name (returns@, press@) is its own purpose, so returns@ and help@ never conflict."""
    mailbox = fact.address.split("@", 1)[0]
    purpose = mailbox if mailbox in MAILBOX_PURPOSES else fact.purpose
    return Statement(fact.address, fact.address, purpose, fact.url, fact.context)


def _values_data(statements: list[Statement]) -> dict[str, Any]:
    firsts: dict[tuple[str, str | None], Statement] = {}
    pages: dict[tuple[str, str | None], set[str]] = {}
    for s in statements:  # one pass: footer facts repeat on every page of a large site
        key = (s.value, s.purpose)
        firsts.setdefault(key, s)
        pages.setdefault(key, set()).add(s.url)
    return {"values": [{"value": first.value, "purpose": first.purpose, "url": first.url, "snippet": first.snippet,
                        "pages": len(pages[key])} for key, first in firsts.items()]}


def _by_page(statements: list[Statement], purpose: str | None) -> dict[str, set[str]]:
    pages: dict[str, set[str]] = {}
    for s in statements:
        if s.purpose == purpose:
            pages.setdefault(s.url, set()).add(s.value)
    return pages


def _pick(statements: list[Statement], url: str, values: set[str], purpose: str | None) -> Statement:
    return next(s for s in statements if s.url == url and s.value in values and s.purpose == purpose)


def _disjoint_pages(statements: list[Statement], purpose: str | None) -> tuple[Statement, Statement] | None:
    """The first two pages (in page order) whose values for ``purpose`` share nothing (a page listing both
    numbers agrees with each). Pages stating the same set of values are alike, so the pairs compared are
    pairs of distinct sets — a handful, however many pages repeat the footer."""
    values_of = _by_page(statements, purpose)
    first_page: dict[frozenset[str], tuple[int, str]] = {}
    for index, (url, values) in enumerate(values_of.items()):
        first_page.setdefault(frozenset(values), (index, url))
    groups = list(first_page.items())
    best: tuple[tuple[int, str], tuple[int, str]] | None = None
    for i, (values_a, page_a) in enumerate(groups):
        for values_b, page_b in groups[i + 1:]:
            if not values_a & values_b:
                pair = (min(page_a, page_b), max(page_a, page_b))
                best = pair if best is None or pair < best else best
    if best is None:
        return None
    (_, url_a), (_, url_b) = best
    return (_pick(statements, url_a, values_of[url_a], purpose), _pick(statements, url_b, values_of[url_b], purpose))


def _conflicts(statements: list[Statement], contact_urls: set[str], what: str) -> list[Conflict]:
    """Contradictions: first a service value that the contact page does not give (the contact page is
    the reference customers are sent to), then pages whose values for one purpose share nothing."""
    found: list[Conflict] = []

    def covered(*values: str) -> bool:
        return all(any(v in (c.first.value, c.second.value) for c in found) for v in values)

    on_contact = [s for s in statements if s.url in contact_urls]
    contact_values = {s.value for s in on_contact}
    reference = next((s for s in on_contact if s.purpose in ("service", None)), None)
    for s in statements:
        if s.purpose != "service" or not on_contact or s.value in contact_values or covered(s.value):
            continue
        if reference is not None:
            found.append(Conflict(Status.FAIL, f"{s.url} gives {s.display} for customer service, but the contact "
                                  f"page gives {reference.display}.", reference, s))
        else:
            found.append(Conflict(Status.NEEDS_REVIEW, f"{s.url} gives {s.display} for customer service, which "
                                  "is not on the contact page.", on_contact[0], s))
    for purpose in dict.fromkeys(s.purpose for s in statements):
        pair = _disjoint_pages(statements, purpose)
        if pair is None or covered(pair[0].value, pair[1].value):
            continue
        if purpose is None:
            found.append(Conflict(Status.NEEDS_REVIEW, f"Pages give different unlabelled {what}s "
                                  f"({pair[0].display} and {pair[1].display}); check whether both are current.",
                                  *pair))
        else:
            found.append(Conflict(Status.FAIL, f"Pages give different {what}s for {purpose} "
                                  f"({pair[0].display} and {pair[1].display}).", *pair))
    return found


def _evidence(conflicts: list[Conflict]) -> list[Evidence]:
    rows: list[Evidence] = []
    for conflict in conflicts[:MAX_CONFLICTS]:
        for s in (conflict.first, conflict.second):
            rows.append(Evidence(url=s.url, snippet=s.snippet, measured=s.display))
    return rows


def _verdict(rule: Rule, conflicts: list[Conflict], data: dict[str, Any], agree: str) -> Finding:
    failing = [c for c in conflicts if c.status is Status.FAIL]
    shown = failing or conflicts
    if not shown:
        return rule.finding(Status.PASS, agree, location="site", data=data)
    status = Status.FAIL if failing else Status.NEEDS_REVIEW
    message = " ".join(c.message for c in shown[:MAX_CONFLICTS])
    return rule.finding(status, message, location="site", evidence=_evidence(shown), data=data)


def _statements(rule: Rule, what: str, statements: list[Statement], contact_urls: set[str]) -> Finding:
    data = _values_data(statements)
    if not statements:
        return rule.finding(Status.NOT_APPLICABLE, f"No {what} is stated.", location="site", data=data)
    distinct = len({s.value for s in statements})
    return _verdict(rule, _conflicts(statements, contact_urls, what), data,
                    f"{distinct} distinct {what}(s), used consistently across {len({s.url for s in statements})} "
                    "page(s).")


def _return_window(windows: list[Fact]) -> Finding:
    rule = _RULE["consistency.return_window"]
    statements = [Statement(str(f.value), f"{f.value} days", None, f.url, f.text) for f in windows]
    data = _values_data(statements)
    if not windows:
        return rule.finding(Status.NOT_APPLICABLE, "No return window is stated.", location="site", data=data)
    conflicts: list[Conflict] = []
    for a, b in _first_pairs_by_second_value(first_by(statements, lambda s: (s.value, s.url))):
        unsure = a.url == b.url or RETURN_QUALIFIERS.search(a.snippet) or RETURN_QUALIFIERS.search(b.snippet)
        if unsure:
            conflicts.append(Conflict(Status.NEEDS_REVIEW, f"Return windows of {a.display} and {b.display} are "
                                      "stated; check whether each applies to different goods.", a, b))
        else:
            conflicts.append(Conflict(Status.FAIL, f"One page says {a.display} to return, another "
                                      f"{b.display}.", a, b))
    values = sorted({f.value for f in windows})
    return _verdict(rule, conflicts, data, f"Every page states the same return window ({values[0]} days).")


def _first_pairs_by_second_value(items: list[Statement]) -> list[tuple[Statement, Statement]]:
    """In pair order (a before b), each pair of different values whose ``b`` value no earlier pair has
    reached (as either side): every such value, met at its first occurrence after each ``a``. Indexed by value, so a
    window repeated on thousands of pages costs one look-up per page, not one comparison per pair."""
    positions: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        positions.setdefault(item.value, []).append(index)
    reached: set[str] = set()
    pairs: list[tuple[Statement, Statement]] = []
    for i, a in enumerate(items):
        if len(reached | {a.value}) == len(positions):
            continue
        nexts = sorted((after[bisect_right(after, i)], value) for value, after in positions.items()
                       if value != a.value and value not in reached and after[-1] > i)
        for j, value in nexts:
            pairs.append((a, items[j]))
            reached.update((a.value, value))  # a value met in a pair, on either side, is reached
    return pairs


def hours_label(context: str) -> str | None:
    """What hours are for (service, chat, store, office), from the words before them."""
    return next((name for name, pattern in HOURS_LABELS if pattern.search(context)), None)


def _hours_value(fact: HoursFact) -> str:
    return "closed" if fact.closed else f"{fact.opens}-{fact.closes}"


def _hours(hours: list[HoursFact]) -> Finding:
    rule = _RULE["consistency.hours"]
    statements = [Statement(f"{','.join(h.days)} {_hours_value(h)}", h.text, hours_label(h.context), h.url,
                            h.context or h.text) for h in hours]
    data = _values_data(statements)
    if not hours:
        return rule.finding(Status.NOT_APPLICABLE, "No opening hours are stated.", location="site", data=data)
    pages: dict[tuple[Any, ...], set[str]] = {}
    firsts: dict[tuple[Any, ...], HoursFact] = {}
    for h in hours:  # one pass: footer hours repeat on every page
        key = (tuple(h.days), _hours_value(h), hours_label(h.context))
        firsts.setdefault(key, h)
        pages.setdefault(key, set()).add(h.url)
    groups = list(firsts.values())
    urls = dict(enumerate(pages.values()))
    conflicts: list[Conflict] = []
    for i, a in enumerate(groups):
        for j in range(i + 1, len(groups)):
            b = groups[j]
            shared = [d for d in a.days if d in b.days]
            if not shared or _hours_value(a) == _hours_value(b) or urls[i] | urls[j] == urls[i] & urls[j]:
                continue
            conflicts.append(_hours_conflict(a, b, shared, _other_url(urls[i], urls[j])))
    return _verdict(rule, conflicts, data, f"{len(groups)} opening-hours statement(s), consistent across pages.")


def _other_url(first: set[str], second: set[str]) -> tuple[str, str]:
    """A page for each side, different where possible (footer hours repeat on every page)."""
    a = sorted(first)[0]
    b = next((u for u in sorted(second) if u != a), sorted(second)[0])
    return a, b


def _hours_conflict(a: HoursFact, b: HoursFact, days: list[str], urls: tuple[str, str]) -> Conflict:
    label_a, label_b = hours_label(a.context), hours_label(b.context)
    first = Statement(_hours_value(a), a.text, label_a, urls[0], a.context or a.text)
    second = Statement(_hours_value(b), b.text, label_b, urls[1], b.context or b.text)
    day_text = ", ".join(days)
    always = _is_always(a) or _is_always(b)
    if label_a is not None and label_a == label_b and not always:
        return Conflict(Status.FAIL, f"Different {label_a} hours for {day_text}: “{a.text}” and “{b.text}”.",
                        first, second)
    return Conflict(Status.NEEDS_REVIEW, f"Different hours for {day_text}: “{a.text}” and “{b.text}”; check "
                    "whether they belong to different services.", first, second)


def _is_always(fact: HoursFact) -> bool:
    return fact.opens == "00:00" and fact.closes == "24:00"


def delivery_service(sentence: str) -> str | None:
    """Which delivery service a sentence is about (standard, next day, international…), or None."""
    return next((name for name, pattern in DELIVERY_SERVICES if pattern.search(sentence)), None)


def _delivery(rule: Rule, what: str, facts: list[DeliveryFact], kinds: tuple[str, ...]) -> Finding:
    """Different values for one service on two pages fail; unlabelled differences need review, because a
    shop may rightly offer several speeds and prices. A page's own list of options is never a conflict."""
    chosen = [f for f in facts if f.kind in kinds]
    statements = [Statement(f"{f.kind}:{f.value}", f.value, delivery_service(f.text), f.url, f.text) for f in chosen]
    data = _values_data(statements)
    if not statements:
        return rule.finding(Status.NOT_APPLICABLE, f"No {what} is stated.", location="site", data=data)
    conflicts = [conflict for _, conflict in sorted(_delivery_conflicts(statements, what), key=lambda c: c[0])]
    distinct = len({s.value for s in statements})
    return _verdict(rule, conflicts, data, f"{distinct} distinct {what}(s), consistent across pages.")


def _delivery_conflicts(statements: list[Statement], what: str) -> Iterator[tuple[tuple[int, int], Conflict]]:
    """Per pair of values of one kind, the first pair of pages (in pair order) that contradict each other, with
    its position: two different pages, neither of which also states the other's value (a page listing both is
    offering options), for the same labelled service (fail) or both unlabelled (review). Grouped by value,
    so a delivery line repeated on every product page is compared once per value, not once per page pair."""
    items = first_by(statements, lambda s: (s.value, s.url))
    by_value: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        by_value.setdefault(item.value, []).append(index)
    urls = {value: {items[i].url for i in indices} for value, indices in by_value.items()}
    values = list(by_value)
    for x, value_a in enumerate(values):
        for value_b in values[x + 1:]:
            if value_a.split(":")[0] != value_b.split(":")[0]:
                continue
            left = [i for i in by_value[value_a] if items[i].url not in urls[value_b]]
            right = [i for i in by_value[value_b] if items[i].url not in urls[value_a]]
            best: tuple[int, int] | None = None
            for purpose in {items[i].purpose for i in left} & {items[i].purpose for i in right}:
                first_left = min(i for i in left if items[i].purpose == purpose)
                first_right = min(i for i in right if items[i].purpose == purpose)
                pair = (min(first_left, first_right), max(first_left, first_right))
                best = pair if best is None or pair < best else best
            if best is None:
                continue
            a, b = items[best[0]], items[best[1]]
            if a.purpose is not None:
                yield best, Conflict(Status.FAIL, f"One page says {a.display} for {a.purpose} delivery, another "
                                     f"{b.display}.", a, b)
            else:
                yield best, Conflict(Status.NEEDS_REVIEW, f"Pages state {what}s of {a.display} and {b.display}; "
                                     "check whether they are different delivery options.", a, b)
