"""Business information: can customers find out how to pay, when and for how much goods arrive, how to
send them back and what the guarantee covers — stated concretely, on pages they can find?

DESIGN §1 seed: "a range of payment and delivery options, efficient after-sales back-up, warranties and
guarantees". The facts come from :mod:`checks.facts` (the same extractors feed the consistency check).
"Concrete" means numbers: "3-5 working days", "£3.95", "30 days", "2 years"; "fast delivery" alone
is a claim a person should look at. Sites with no sign of selling online (no product, basket or
policy pages) get not_applicable rather than a failure for what they never needed to say.

Page-model fields read: ``main_text``, ``images``, ``structured_data``, ``links``, ``touchpoint``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from auditor.config import AuditConfig
from auditor.crawl.scope import normalise_url
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.page import Page
from auditor.site import Site
from checks.facts import DeliveryFact, Fact, PaymentFact, SiteFacts, collect, first_by
from checks.registry import register

MIN_PAYMENT_METHODS = 2
MAX_CLICKS = 2
MAX_EVIDENCE = 5
CHROME_REGIONS = ("header", "nav", "footer")
#: (touchpoint, what customers call it, needed by every online shop). Payment and warranty pages are
#: judged only when the site has them: many shops state both at the checkout instead.
POLICY_TOPICS: list[tuple[str, str, bool]] = [
    ("shipping", "delivery", True),
    ("returns", "returns", True),
    ("payment", "payment", False),
    ("warranty", "warranty", False),
]
_SHOP_TOUCHPOINTS = frozenset({"product", "shipping", "returns", "payment", "warranty"})
_SHOP_TYPES = frozenset({"Product", "Offer", "AggregateOffer", "OnlineStore"})
_BASKET = re.compile(r"\b(basket|cart|shopping bag|checkout|check out|add to (basket|cart|bag))\b", re.I)
_BASKET_PATH = re.compile(r"/(cart|basket|checkout|bag)(/|$|\?)", re.I)

A = Level.ACCESSIBILITY
OPQUAST = "https://checklists.opquast.com/en/web-quality-assurance/"
BAYMARD = "https://baymard.com/blog/ecommerce-footer"
RULES = [
    Rule("business_info.payment_methods", "Customers can see how they can pay",
         "Customers cannot see how they can pay",
         "Customers want to know before the checkout that they can pay their preferred way (card brands, "
         f"PayPal, wallets, pay later, bank transfer). Naming at least two methods on a page customers find "
         f"answers that question. Guidance: Opquast checklist, {OPQUAST}", A, Severity.MEDIUM,
         fix="List the payment methods you accept on a payment page linked from the footer, and on the "
             "checkout's first step."),
    Rule("business_info.delivery_options", "Delivery times and costs are stated", "Delivery times or costs are missing",
         "Unexpected delivery costs and unknown delivery times are leading reasons for abandoned orders. "
         "State each option with its time (\"3-5 working days\", \"next day\") and cost (\"£3.95\", "
         f"\"free over £50\"). Guidance: Opquast checklist, {OPQUAST}", A, Severity.MEDIUM,
         fix="Publish a delivery page listing each option with its price and delivery time in numbers."),
    Rule("business_info.returns_policy", "A returns policy states its return window",
         "No returns policy with a return window was found",
         "Customers check the returns policy before they buy; a concrete window (\"30 days from delivery\") "
         "removes doubt and disputes.", A, Severity.HIGH,
         fix="Publish a returns page stating how many days customers have to return goods, and how."),
    Rule("business_info.warranty", "Warranty or guarantee terms state their duration",
         "No warranty or guarantee with a duration was found",
         "After-sales back-up is part of what customers buy; a guarantee with a stated length (\"2 years\") "
         "is a promise customers can rely on.", A, Severity.LOW,
         fix="State how long your warranty or guarantee lasts and what it covers, on a page of its own."),
    Rule("business_info.findable", "Delivery, returns, payment and warranty pages are easy to find",
         "Delivery, returns, payment or warranty pages are hard to find",
         "Shoppers look for returns and delivery information in the page footer. A policy page linked from "
         f"the site's header or footer, or within two clicks of the home page, is found. Guidance: {BAYMARD}",
         A, Severity.MEDIUM,
         fix="Link the delivery, returns, payment and warranty pages from the footer of every page."),
]
_RULE = {rule.id: rule for rule in RULES}


@register("business_info", title="Business information",
          description="Payment methods, delivery times and costs, the returns window and the warranty are "
                      "stated concretely, on pages customers can find.",
          rules=RULES)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    facts = collect(site)
    pages = [page for page in site.pages if page.status == 200]
    shop_signal = selling_signal(site, pages)
    reachable = findable_pages(site)
    yield _payment(facts.payment_methods, reachable, shop_signal)
    yield _delivery(facts.delivery, site, shop_signal)
    yield _returns(facts, site, shop_signal)
    yield _warranty(facts.warranties, site, shop_signal)
    yield _findable(site, reachable, shop_signal)


# ---------------------------------------------------------------------------------------------------
# Shared
# ---------------------------------------------------------------------------------------------------


def selling_signal(site: Site, pages: list[Page]) -> str | None:
    """URL of the first page showing that the site sells online (a product or policy page, product
    structured data, a basket or checkout link), or None."""
    for page in sorted(pages, key=lambda p: p.url):
        if page.touchpoint in _SHOP_TOUCHPOINTS or page.structured_types() & _SHOP_TYPES:
            return page.url
    for page in pages:
        if any(_BASKET.search(link.text) or _BASKET_PATH.search(link.url) for link in page.http_links()):
            return page.url
    return None


def _chrome_links(site: Site) -> dict[str, str]:
    """Normalised URL → region, for links in the home page's header, navigation and footer, resolved
    through any redirects the crawl followed."""
    home = site.home
    if home is None:
        return {}
    redirects = {fetch.redirect_chain[0]: fetch.url for fetch in site.redirected if fetch.redirect_chain}
    found: dict[str, str] = {}
    for link in home.http_links():
        if link.region in CHROME_REGIONS:
            url = normalise_url(link.url) or link.url
            found.setdefault(redirects.get(url, url), link.region)
    return found


def findable_pages(site: Site) -> dict[str, dict[str, Any]]:
    """Every analysed page a customer can find: linked from the home page's chrome or at most
    MAX_CLICKS clicks from the start page. URL → {clicks, linked_from}."""
    chrome = _chrome_links(site)
    depths = site.click_depth
    found: dict[str, dict[str, Any]] = {}
    for page in site.pages:
        clicks, region = depths.get(page.url), chrome.get(page.url)
        if region or (clicks is not None and clicks <= MAX_CLICKS):
            found[page.url] = {"clicks": clicks, "linked_from": region}
    return found


def _not_applicable(rule: Rule, what: str) -> Finding:
    return rule.finding(Status.NOT_APPLICABLE, f"No sign that the site sells online (no product, basket or policy "
                        f"pages), so no {what} is expected.", location="site")


def _urls(items: Iterable[Any]) -> list[str]:
    return sorted({item.url for item in items})


# ---------------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------------


def _payment(found: list[PaymentFact], reachable: dict[str, dict[str, Any]], shop_signal: str | None) -> Finding:
    rule = _RULE["business_info.payment_methods"]
    methods = first_by(found, lambda f: f.method)
    rows = [{"method": m.method, "urls": _urls(f for f in found if f.method == m.method), "source": m.source,
             "text": m.text[:200]} for m in methods]
    data = {"methods": rows}
    evidence = [Evidence(url=m.url, snippet=m.text[:200], measured=m.method) for m in methods[:MAX_EVIDENCE]]
    findable = [row["method"] for row in rows if any(url in reachable for url in row["urls"])]
    names = ", ".join(row["method"] for row in rows)
    if len(findable) >= MIN_PAYMENT_METHODS:
        return rule.finding(Status.PASS, f"{len(rows)} payment method(s) named: {names}.", location="site",
                            evidence=evidence, data=data)
    if len(rows) >= MIN_PAYMENT_METHODS:
        return rule.finding(Status.NEEDS_REVIEW, f"{len(rows)} payment method(s) are named ({names}), but only on "
                            f"pages more than {MAX_CLICKS} clicks from the home page and not linked from its header "
                            "or footer; check that customers find them.", location="site", evidence=evidence,
                            data=data)
    if rows:
        return rule.finding(Status.FAIL, f"Only one payment method is named ({names}).", location="site",
                            score=0.5, evidence=evidence, data=data)
    if shop_signal is None:
        return _not_applicable(rule, "payment information")
    return rule.finding(Status.FAIL, "No page names a payment method (cards, PayPal, wallets, pay later, bank "
                        "transfer…).", location="site", data=data)


def _delivery(found: list[DeliveryFact], site: Site, shop_signal: str | None) -> Finding:
    rule = _RULE["business_info.delivery_options"]
    times = first_by((f for f in found if f.kind == "time"), lambda f: f.value)
    costs = first_by((f for f in found if f.kind in ("cost", "free")), lambda f: f.value)
    vague = first_by((f for f in found if f.kind == "vague"), lambda f: f.value)
    data = {"times": [{"value": f.value, "url": f.url, "text": f.text[:200]} for f in times],
            "costs": [{"value": f.value, "url": f.url, "text": f.text[:200]} for f in costs],
            "vague": [{"value": f.value, "url": f.url, "text": f.text[:200]} for f in vague]}
    evidence = [Evidence(url=f.url, snippet=f.text[:200], measured=f.value)
                for f in [*times[:3], *costs[:3]] or vague[:MAX_EVIDENCE]]
    if times and costs:
        return rule.finding(Status.PASS, f"Delivery times ({', '.join(f.value for f in times[:3])}) and costs "
                            f"({', '.join(f.value for f in costs[:3])}) are stated.", location="site",
                            evidence=evidence, data=data)
    if times or costs:
        missing, given = ("costs", times) if times else ("times", costs)
        return rule.finding(Status.FAIL, f"Delivery {'times' if times else 'costs'} are stated "
                            f"({', '.join(f.value for f in given[:3])}) but no delivery {missing}.",
                            location="site", score=0.5, evidence=evidence, data=data)
    delivery_pages = [p for p in site.by_touchpoint("shipping") if p.status == 200]
    if vague:
        return rule.finding(Status.NEEDS_REVIEW, f"Delivery is only described in general terms (“{vague[0].value}”) "
                            "with no times or costs in numbers.", location="site", evidence=evidence, data=data)
    if delivery_pages:
        return rule.finding(Status.NEEDS_REVIEW, f"The delivery page {delivery_pages[0].url} states no delivery "
                            "times or costs in numbers; check whether they are shown another way.", location="site",
                            url=delivery_pages[0].url, evidence=[Evidence(url=delivery_pages[0].url)], data=data)
    if shop_signal is None:
        return _not_applicable(rule, "delivery information")
    return rule.finding(Status.FAIL, "No delivery times or costs are stated anywhere on the site.", location="site",
                        evidence=[Evidence(url=shop_signal, snippet="the site sells online")], data=data)


def _returns(facts: SiteFacts, site: Site, shop_signal: str | None) -> Finding:
    rule = _RULE["business_info.returns_policy"]
    windows = first_by(facts.return_windows, lambda f: f.value)
    policy_pages = sorted(p.url for p in site.by_touchpoint("returns") if p.status == 200)
    data = {"policy_pages": policy_pages,
            "windows": [{"days": f.value, "url": f.url, "text": f.text[:200]} for f in windows]}
    if windows:
        windows.sort(key=lambda f: f.url not in policy_pages)  # the policy page's own window first
        where = f" on {windows[0].url}" if windows[0].url in policy_pages else " (there is no returns page of its own)"
        others = f" Other pages state {' and '.join(f'{f.value} days' for f in windows[1:])}." if windows[1:] else ""
        return rule.finding(Status.PASS, f"A return window of {windows[0].value} days is stated{where}.{others}",
                            location="site",
                            evidence=[Evidence(url=f.url, snippet=f.text[:200], measured=f"{f.value} days")
                                      for f in windows[:MAX_EVIDENCE]], data=data)
    if policy_pages:
        return rule.finding(Status.NEEDS_REVIEW, f"A returns page exists ({policy_pages[0]}) but states no return "
                            "window in days; check what it promises.", location="site", url=policy_pages[0],
                            evidence=[Evidence(url=u) for u in policy_pages[:MAX_EVIDENCE]], data=data)
    if shop_signal is None:
        return _not_applicable(rule, "returns policy")
    return rule.finding(Status.FAIL, "No returns policy was found: no returns page and no return window stated.",
                        location="site", evidence=[Evidence(url=shop_signal, snippet="the site sells online")],
                        data=data)


def _duration(fact: Fact) -> str:
    if fact.unit == "lifetime":
        return "lifetime"
    unit = fact.unit[:-1] if fact.value == 1 else fact.unit
    return f"{fact.value} {unit}"


def _warranty(found: list[Fact], site: Site, shop_signal: str | None) -> Finding:
    rule = _RULE["business_info.warranty"]
    pages = sorted(p.url for p in site.by_touchpoint("warranty") if p.status == 200)
    data = {"warranty_pages": pages,
            "durations": [{"duration": _duration(f), "url": f.url, "text": f.text[:200]} for f in found]}
    if found:
        reference = next((f for f in found if f.url in pages), found[0])
        return rule.finding(Status.PASS, f"A warranty or guarantee of {_duration(reference)} is stated.",
                            location="site", data=data,
                            evidence=[Evidence(url=f.url, snippet=f.text[:200], measured=_duration(f))
                                      for f in [reference, *(f for f in found if f is not reference)][:MAX_EVIDENCE]])
    if pages:
        return rule.finding(Status.NEEDS_REVIEW, f"A warranty page exists ({pages[0]}) but states no duration; "
                            "check what it covers and for how long.", location="site", url=pages[0],
                            evidence=[Evidence(url=u) for u in pages[:MAX_EVIDENCE]], data=data)
    if shop_signal is None:
        return _not_applicable(rule, "warranty information")
    return rule.finding(Status.FAIL, "No warranty or guarantee with a duration is stated.", location="site",
                        data=data)


def _findable(site: Site, reachable: dict[str, dict[str, Any]], shop_signal: str | None) -> Finding:
    rule = _RULE["business_info.findable"]
    depths = site.click_depth
    rows: list[dict[str, Any]] = []
    for touchpoint, name, required in POLICY_TOPICS:
        candidates = [p for p in site.by_touchpoint(touchpoint) if p.status == 200]
        if not candidates:
            if required and shop_signal is not None:
                rows.append({"topic": name, "url": None, "clicks": None, "linked_from": None, "findable": False})
            continue
        best = min(candidates, key=lambda p: (p.url not in reachable, depths.get(p.url, 10**6), len(p.url), p.url))
        where = reachable.get(best.url, {"clicks": depths.get(best.url), "linked_from": None})
        rows.append({"topic": name, "url": best.url, **where, "findable": best.url in reachable})
    data = {"topics": rows}
    if not rows:
        return _not_applicable(rule, "delivery, returns, payment or warranty page")
    evidence = [Evidence(url=r["url"], snippet=r["topic"],
                         measured=f"linked from the {r['linked_from']}" if r["linked_from"] else
                         ("missing" if r["url"] is None else
                          ("unreachable" if r["clicks"] is None else f"{r['clicks']} clicks")),
                         target=f"linked from the footer or ≤ {MAX_CLICKS} clicks") for r in rows]
    hidden = [r for r in rows if not r["findable"]]
    if not hidden:
        return rule.finding(Status.PASS, f"The {', '.join(r['topic'] for r in rows)} page(s) are linked from the home "
                            f"page's header or footer or within {MAX_CLICKS} clicks.", location="site",
                            evidence=evidence, data=data)
    missing = [r["topic"] for r in hidden if r["url"] is None]
    deep = [r["topic"] for r in hidden if r["url"] is not None]
    parts = ([f"no {' or '.join(missing)} page was found"] if missing else []) + (
        [f"the {' and '.join(deep)} page(s) are more than {MAX_CLICKS} clicks deep and not in the home page's "
         "header or footer"] if deep else [])
    return rule.finding(Status.FAIL, "; ".join(parts).capitalize() + ".", location="site",
                        score=1 - len(hidden) / len(rows), evidence=evidence, data=data)
