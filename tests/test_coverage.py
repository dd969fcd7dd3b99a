"""Help & FAQ coverage: intent matching on real parsed pages, taxonomy loading, FAQ/search rules."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.config import AuditConfig, CoverageConfig
from auditor.errors import ConfigError
from auditor.findings import Finding, Severity, Status
from auditor.page import Page
from auditor.site import Site
from checks.coverage import Matcher, available_industries, load_intents, load_taxonomy, run, stem
from checks.registry import all_checks
from tests.pages import START
from tests.pages import make_page as parse_html

RETAIL_INTENTS = [
    "track_order", "cancel_order", "change_order", "return_item", "get_refund", "refund_policy",
    "delivery_options", "delivery_time", "change_shipping_address", "payment_methods", "payment_issue",
    "create_account", "reset_password", "delete_account", "edit_account", "contact_customer_service",
    "complaint", "get_invoice", "newsletter_unsubscribe", "warranty_claim", "troubleshoot_product",
    "international_shipping",
]


def make_page(path: str, body: str, *, title: str = "Page", head: str = "") -> Page:
    html = (f"<!doctype html><html lang='en'><head><title>{title}</title>{head}</head>"
            f"<body><header><nav><a href='/'>Home</a></nav></header><main>{body}</main>"
            "<footer><p>© Shop</p></footer></body></html>")
    return parse_html(html, path.lstrip("/"))


def faq_json_ld(questions: list[tuple[str, str]]) -> str:
    data = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in questions]}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def by_rule(findings: list[Finding], rule: str) -> dict[str, Finding]:
    return {f.location: f for f in findings if f.rule == rule}


HOME = make_page("/", "<h1>Welcome to Shop</h1><p>Great shoes at fair prices.</p>", title="Shop")
FAQ_PAGE = make_page(
    "/faq",
    "<h1>Frequently asked questions</h1>"
    "<h2>How do I cancel my order?</h2><p>Open your account and choose Cancel.</p>"
    "<details><summary>Where is my parcel?</summary><p>Use the tracking link in your email.</p></details>"
    "<h3>What do I get in return for writing a review?</h3><p>Ten loyalty points.</p>"
    "<h3>How do I place an order?</h3><p>Add items to your basket and check out.</p>",
    title="FAQ | Shop",
)
RETURNS_PAGE = make_page(
    "/help/returns",
    "<h1>Returns</h1><h2>How to send an item back</h2><p>Print the free label and drop the parcel off.</p>",
    title="Returns | Shop",
)
ABOUT_PAGE = make_page(
    "/about",
    "<h1>About us</h1><p>We started in a garage in 2009.</p>"
    "<p>Since then we have kept things simple. You can pay by card or PayPal at checkout.</p>",
    title="About us",
)


def run_coverage(*pages: Page, config: AuditConfig | None = None) -> list[Finding]:
    return list(run(Site(start_url=START, pages=list(pages)), config or AuditConfig()))


def test_retail_taxonomy_has_exactly_the_agreed_intent_ids() -> None:
    assert [intent.id for intent in load_intents(AuditConfig())] == RETAIL_INTENTS
    assert all(intent.title and intent.keywords for intent in load_intents(AuditConfig()))
    assert "retail" in available_industries()


def test_every_intent_matches_its_own_phrasings_and_nothing_excludes_them() -> None:
    matcher = Matcher(load_taxonomy(AuditConfig()))
    for intent in matcher.intents:
        for phrasing in intent.phrasings:
            assert intent in matcher.match(phrasing), (intent.id, phrasing)


@pytest.mark.parametrize(("text", "expected"), [
    ("Where is my order?", {"track_order"}),
    ("How do I cancel my order?", {"cancel_order"}),
    ("Can I change my delivery address?", {"change_shipping_address"}),
    ("Which payment methods do you accept?", {"payment_methods"}),
    ("My card was declined at checkout", {"payment_issue"}),
    ("I forgot my password", {"reset_password"}),
    ("How do I unsubscribe from marketing emails?", {"newsletter_unsubscribe"}),
    ("Which countries do you deliver to?", {"international_shipping"}),
    ("Is my product covered by warranty?", {"warranty_claim"}),
    ("My lamp flickers or won't switch on", {"troubleshoot_product"}),
    # tricky: none of these is about the intent its words suggest
    ("What do I get in return for my loyalty points?", set()),
    ("How do I place an order?", set()),
    ("Order history", set()),
    ("Return to the homepage", set()),
    ("Do you offer pay by invoice?", set()),
    ("Where can I return my order?", {"return_item"}),
    ("How long do I have to cancel my order?", {"cancel_order"}),
    ("Where do I enter my discount code when ordering?", set()),
])
def test_matching_is_precise(text: str, expected: set[str]) -> None:
    matcher = Matcher(load_taxonomy(AuditConfig()))
    assert {intent.id for intent in matcher.match(text)} == expected


def test_stemming_joins_word_forms() -> None:
    assert {stem(w) for w in ("order", "orders", "ordered", "ordering", "order's")} == {"order"}
    assert {stem(w) for w in ("cancel", "cancelled", "cancelling", "canceled")} == {"cancel"}
    assert {stem(w) for w in ("change", "changes", "changed", "changing")} == {"chang"}
    assert stem("deliveries") == stem("delivery")
    assert stem("addresses") == stem("address")
    assert stem("status") == "status"


def test_covered_partial_and_missing_intents_with_evidence() -> None:
    findings = run_coverage(HOME, FAQ_PAGE, RETURNS_PAGE, ABOUT_PAGE)
    intents = by_rule(findings, "coverage.intent")
    assert sorted(intents) == sorted(RETAIL_INTENTS)

    cancel = intents["cancel_order"]
    assert cancel.status is Status.PASS and cancel.score == 1.0
    assert cancel.url == FAQ_PAGE.url
    assert cancel.data == {"intent": "cancel_order", "title": "Cancel an order", "coverage": "covered",
                           "matched": "How do I cancel my order?", "source": "question"}
    assert cancel.evidence[0].snippet == "How do I cancel my order?"

    # a synonym (parcel → order) inside a <details> question
    assert intents["track_order"].data["coverage"] == "covered"
    assert intents["track_order"].data["matched"] == "Where is my parcel?"

    # a help page's H2 answers returns; "in return for a review" on the FAQ did not count for it
    returns = intents["return_item"]
    assert returns.data["coverage"] == "covered" and returns.url == RETURNS_PAGE.url

    # only mentioned in the running text of the about page
    payment = intents["payment_methods"]
    assert payment.status is Status.FAIL and payment.score == 0.5 and payment.severity is Severity.MEDIUM
    assert payment.data["coverage"] == "partial" and payment.url == ABOUT_PAGE.url
    assert payment.evidence[0].snippet == "You can pay by card or PayPal at checkout."

    missing = intents["delete_account"]
    assert missing.status is Status.FAIL and missing.score == 0.0 and missing.severity is Severity.HIGH
    assert missing.url is None and missing.data["coverage"] == "missing" and missing.data["matched"] is None
    assert missing.fix

    # "How do I place an order?" must not make any order intent covered
    assert intents["change_order"].data["coverage"] == "missing"


def test_headings_of_ordinary_pages_do_not_answer_intents() -> None:
    blog = make_page("/blog/our-new-range", "<h1>Our new range</h1><h2>Free delivery options for everyone</h2>"
                     "<p>Nice shoes.</p>", title="Our new range")
    assert blog.touchpoint == "blog"
    intents = by_rule(run_coverage(HOME, blog), "coverage.intent")
    assert intents["delivery_options"].data["coverage"] == "partial"


def test_finding_ids_do_not_depend_on_page_order() -> None:
    a = run_coverage(HOME, FAQ_PAGE, RETURNS_PAGE, ABOUT_PAGE)
    b = run_coverage(ABOUT_PAGE, RETURNS_PAGE, FAQ_PAGE, HOME)
    assert [(f.id, f.status, f.url, f.data) for f in a] == [(f.id, f.status, f.url, f.data) for f in b]


def test_faq_rule() -> None:
    assert by_rule(run_coverage(HOME, FAQ_PAGE), "coverage.faq")["site"].status is Status.PASS
    assert by_rule(run_coverage(HOME, ABOUT_PAGE), "coverage.faq")["site"].status is Status.FAIL
    questions = "".join(f"<h2>Question number {n}?</h2><p>Answer {n}.</p>" for n in range(5))
    help_page = make_page("/help/guide", f"<h1>Guide</h1>{questions}", title="Guide")
    assert help_page.touchpoint == "help" and len(help_page.questions) == 5
    assert by_rule(run_coverage(HOME, help_page), "coverage.faq")["site"].status is Status.PASS


def test_search_rule_from_form_or_search_action() -> None:
    assert by_rule(run_coverage(HOME, ABOUT_PAGE), "coverage.search")["site"].status is Status.FAIL
    with_form = make_page("/", "<h1>Shop</h1><form role='search' action='/search'><input name='q'></form>")
    found = by_rule(run_coverage(with_form), "coverage.search")["site"]
    assert found.status is Status.PASS and found.url == with_form.url
    action = {"@context": "https://schema.org", "@type": "WebSite", "url": START, "potentialAction": {
        "@type": "SearchAction", "target": START + "search?q={q}", "query-input": "required name=q"}}
    with_action = make_page("/", "<h1>Shop</h1>",
                            head=f"<script type='application/ld+json'>{json.dumps(action)}</script>")
    assert by_rule(run_coverage(with_action), "coverage.search")["site"].status is Status.PASS


def test_faq_structured_data_rule() -> None:
    assert by_rule(run_coverage(HOME), "coverage.faq_structured_data")["site"].status is Status.NOT_APPLICABLE
    plain = by_rule(run_coverage(HOME, FAQ_PAGE), "coverage.faq_structured_data")["site"]
    assert plain.status is Status.FAIL and plain.severity is Severity.LOW and plain.url == FAQ_PAGE.url
    marked = make_page("/faq", "<h1>FAQ</h1><p>Answers.</p>", title="FAQ",
                       head=faq_json_ld([("How do I reset my password?", "Use the link on the sign-in page.")]))
    found = run_coverage(HOME, marked)
    assert by_rule(found, "coverage.faq_structured_data")["site"].status is Status.PASS
    # questions from FAQPage JSON-LD are answer units too
    assert by_rule(found, "coverage.intent")["reset_password"].data["coverage"] == "covered"


def test_unknown_industry_names_the_available_ones() -> None:
    config = AuditConfig()
    config = replace(config, checks=replace(config.checks, coverage=CoverageConfig(industry="spaceflight")))
    with pytest.raises(ConfigError, match="retail"):
        load_intents(config)


def test_user_intents_file_replaces_and_extends_by_id(tmp_path: Path) -> None:
    user = tmp_path / "intents.yml"
    user.write_text(
        "synonyms:\n  gift: [voucher]\n"
        "intents:\n"
        "  - id: track_order\n    title: Find my parcel\n    keywords: [[whereabouts, order]]\n"
        "  - id: gift_cards\n    title: Buy a gift card\n    keywords: [[gift, card]]\n",
        encoding="utf-8")
    config = AuditConfig()
    config = replace(config, checks=replace(config.checks, coverage=CoverageConfig(intents_file=str(user))))
    intents = {intent.id: intent for intent in load_intents(config)}
    assert len(intents) == len(RETAIL_INTENTS) + 1
    assert intents["track_order"].title == "Find my parcel"
    page = make_page("/faq", "<h1>FAQ</h1><h2>Can I buy a voucher card?</h2><p>Yes.</p>"
                     "<h2>Where is my order?</h2><p>See your account.</p>", title="FAQ")
    found = by_rule(run_coverage(page, config=config), "coverage.intent")
    assert found["gift_cards"].status is Status.PASS
    # the replaced track_order no longer matches "where is my order"
    assert found["track_order"].data["coverage"] != "covered"


def test_bad_intents_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("intents:\n  - id: x\n    keywords: track order\n", encoding="utf-8")
    config = AuditConfig()
    config = replace(config, checks=replace(config.checks, coverage=CoverageConfig(intents_file=str(bad))))
    with pytest.raises(ConfigError, match="keywords"):
        load_intents(config)
    missing = replace(config, checks=replace(config.checks, coverage=CoverageConfig(
        intents_file=str(tmp_path / "nope.yml"))))
    with pytest.raises(ConfigError, match="not found"):
        load_intents(missing)


def test_registered_with_rule_texts() -> None:
    check = next(c for c in all_checks() if c.id == "coverage")
    assert [r.id for r in check.rules] == ["coverage.intent", "coverage.faq", "coverage.search",
                                            "coverage.faq_structured_data"]
    for rule in check.rules:
        assert rule.title and rule.failure_title and rule.description and rule.fix
