"""Information consistency: the facts a customer relies on say the same thing on every page.

Customers rank accurate information first; a returns page that says 14 days while the FAQ says 30, or
two different customer-service numbers, costs trust and creates contacts. Facts come from
:mod:`checks.facts`. A contradiction is only a failure when both statements are clearly about the same
thing; when the wording leaves room for two purposes (sales vs service, showroom vs phone lines, sale
items vs everything else) the finding asks for review instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    rows = []
    for first in first_by(statements, lambda s: (s.value, s.purpose)):
        pages = {s.url for s in statements if s.value == first.value and s.purpose == first.purpose}
        rows.append({"value": first.value, "purpose": first.purpose, "url": first.url, "snippet": first.snippet,
                     "pages": len(pages)})
    return {"values": rows}


def _by_page(statements: list[Statement], purpose: str | None) -> dict[str, set[str]]:
    pages: dict[str, set[str]] = {}
    for s in statements:
        if s.purpose == purpose:
            pages.setdefault(s.url, set()).add(s.value)
    return pages


def _pick(statements: list[Statement], url: str, values: set[str], purpose: str | None) -> Statement:
    return next(s for s in statements if s.url == url and s.value in values and s.purpose == purpose)


def _disjoint_pages(statements: list[Statement], purpose: str | None) -> tuple[Statement, Statement] | None:
    """Two pages whose values for ``purpose`` share nothing (a page listing both numbers agrees with each)."""
    pages = list(_by_page(statements, purpose).items())
    for i, (url_a, values_a) in enumerate(pages):
        for url_b, values_b in pages[i + 1:]:
            if not values_a & values_b:
                return _pick(statements, url_a, values_a, purpose), _pick(statements, url_b, values_b, purpose)
    return None


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
    for a, b in _pairs(first_by(statements, lambda s: (s.value, s.url))):
        if a.value == b.value or any(c.first.value == b.value or c.second.value == b.value for c in conflicts):
            continue
        unsure = a.url == b.url or RETURN_QUALIFIERS.search(a.snippet) or RETURN_QUALIFIERS.search(b.snippet)
        if unsure:
            conflicts.append(Conflict(Status.NEEDS_REVIEW, f"Return windows of {a.display} and {b.display} are "
                                      "stated; check whether each applies to different goods.", a, b))
        else:
            conflicts.append(Conflict(Status.FAIL, f"One page says {a.display} to return, another "
                                      f"{b.display}.", a, b))
    values = sorted({f.value for f in windows})
    return _verdict(rule, conflicts, data, f"Every page states the same return window ({values[0]} days).")


def _pairs(items: list[Statement]) -> Iterable[tuple[Statement, Statement]]:
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            yield a, b


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
    groups = first_by(hours, lambda h: (tuple(h.days), _hours_value(h), hours_label(h.context)))
    urls: dict[int, set[str]] = {
        i: {h.url for h in hours if (h.days, _hours_value(h), hours_label(h.context))
            == (g.days, _hours_value(g), hours_label(g.context))} for i, g in enumerate(groups)}
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
    conflicts: list[Conflict] = []
    for a, b in _pairs(first_by(statements, lambda s: (s.value, s.url))):
        if a.url == b.url or a.value == b.value or a.value.split(":")[0] != b.value.split(":")[0]:
            continue
        if any({c.first.value, c.second.value} == {a.value, b.value} for c in conflicts):
            continue
        if _agrees_elsewhere(statements, a, b):
            continue
        if a.purpose is not None and a.purpose == b.purpose:
            conflicts.append(Conflict(Status.FAIL, f"One page says {a.display} for {a.purpose} delivery, another "
                                      f"{b.display}.", a, b))
        elif a.purpose is None and b.purpose is None:
            conflicts.append(Conflict(Status.NEEDS_REVIEW, f"Pages state {what}s of {a.display} and {b.display}; "
                                      "check whether they are different delivery options.", a, b))
    distinct = len({s.value for s in statements})
    return _verdict(rule, conflicts, data, f"{distinct} distinct {what}(s), consistent across pages.")


def _agrees_elsewhere(statements: list[Statement], a: Statement, b: Statement) -> bool:
    """True when the page of ``b`` also states ``a``'s value (or the reverse): it lists both options."""
    return any(s.url == b.url and s.value == a.value for s in statements) or any(
        s.url == a.url and s.value == b.value for s in statements)
