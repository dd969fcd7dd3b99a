"""Help & FAQ coverage: intent matching on real parsed pages, taxonomy loading, FAQ/search rules."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor.config import AuditConfig, CoverageConfig, load_config
from auditor.errors import ConfigError
from auditor.findings import Finding, Severity, Status
from auditor.page import Page
from auditor.site import Site
from checks.coverage import (
    Matcher,
    _contains,
    available_industries,
    fold,
    load_intents,
    load_taxonomy,
    run,
    stem,
    stem_in,
)
from checks.registry import all_checks
from tests.pages import START
from tests.pages import make_page as parse_html

RETAIL_INTENTS = [
    "track_order", "cancel_order", "change_order", "return_item", "get_refund", "refund_policy",
    "delivery_options", "delivery_time", "change_shipping_address", "payment_methods", "payment_issue",
    "create_account", "reset_password", "delete_account", "edit_account", "contact_customer_service",
    "complaint", "get_invoice", "newsletter_unsubscribe", "warranty_claim", "troubleshoot_product",
    "discount_code", "gift_cards", "product_availability", "international_shipping",
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
    ("Where do I enter my discount code when ordering?", {"discount_code"}),
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
                           "matched": "How do I cancel my order?", "source": "question", "urls": [FAQ_PAGE.url]}
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
        "synonyms:\n  match: [beat]\n"
        "intents:\n"
        "  - id: track_order\n    title: Find my parcel\n    keywords: [[whereabouts, order]]\n"
        "  - id: price_match\n    title: Ask for a price match\n    keywords: [[price, match]]\n",
        encoding="utf-8")
    config = AuditConfig()
    config = replace(config, checks=replace(config.checks, coverage=CoverageConfig(intents_file=str(user))))
    intents = {intent.id: intent for intent in load_intents(config)}
    assert len(intents) == len(RETAIL_INTENTS) + 1
    assert intents["track_order"].title == "Find my parcel"
    page = make_page("/faq", "<h1>FAQ</h1><h2>Will you beat a cheaper price?</h2><p>Yes.</p>"
                     "<h2>Where is my order?</h2><p>See your account.</p>", title="FAQ")
    found = by_rule(run_coverage(page, config=config), "coverage.intent")
    assert found["price_match"].status is Status.PASS
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
                                            "coverage.faq_structured_data", "coverage.self_service",
                                            "coverage.help_findable"]
    for rule in check.rules:
        assert rule.title and rule.failure_title and rule.description and rule.fix


# --- all industries ---------------------------------------------------------------------------------------

def config_for(industry: str = "retail", intents_file: str = "") -> AuditConfig:
    config = AuditConfig()
    return replace(config, checks=replace(config.checks, coverage=CoverageConfig(industry=industry,
                                                                                 intents_file=intents_file)))


@pytest.mark.parametrize("industry", ["retail", "saas", "telecom", "banking", "travel"])
def test_every_industry_has_twenty_well_formed_intents_and_self_service_tasks(industry: str) -> None:
    assert industry in available_industries()
    taxonomy = load_taxonomy(config_for(industry))
    assert len(taxonomy.intents) >= 20 and len(taxonomy.self_service) == 4
    assert len({i.id for i in taxonomy.intents}) == len(taxonomy.intents)
    matcher = Matcher(taxonomy)
    for intent in taxonomy.intents:
        assert intent.title and intent.keywords and intent.phrasings, intent.id
        for phrasing in intent.phrasings:
            assert intent in matcher.match(phrasing), (industry, intent.id, phrasing)
    assert taxonomy.synonyms
    header = (Path(__file__).parent.parent / "checks" / "data" / "intents" / f"{industry}.yml").read_text()
    assert "Sources" in header.split("industry:")[0]  # where the facts came from, at the top


def test_intents_file_is_resolved_from_the_config_files_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "intents.yml").write_text("intents:\n  - id: price_match\n    keywords: [[price, match]]\n",
                                         encoding="utf-8")
    (project / "audit.yml").write_text("checks:\n  coverage:\n    intents_file: intents.yml\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # run from elsewhere: the path must still resolve next to audit.yml
    config = load_config(project / "audit.yml")
    assert Path(config.config_dir) == project.resolve()
    assert "price_match" in {i.id for i in load_intents(config)}
    assert AuditConfig().config_dir == "."


# --- HowTo, search boxes ------------------------------------------------------------------------------------

def test_howto_names_and_steps_are_answer_units_in_json_ld_and_microdata() -> None:
    howto = {"@context": "https://schema.org", "@type": "HowTo", "name": "Reset your password",
             "step": [{"@type": "HowToStep", "name": "Cancel your order from the account page", "text": "..."},
                      {"@type": "HowToStep", "name": ["not", "text"]}]}
    page = make_page("/guides/one", "<h1>Guide</h1><p>Steps.</p>",
                     head=f"<script type='application/ld+json'>{json.dumps(howto)}</script>")
    intents = by_rule(run_coverage(page), "coverage.intent")
    assert intents["reset_password"].data["coverage"] == "covered"
    assert intents["reset_password"].data["source"] == "howto"
    assert intents["cancel_order"].data["coverage"] == "covered"
    micro = make_page("/guides/two", "<div itemscope itemtype='https://schema.org/HowTo'>"
                      "<h1 itemprop='name'>How to track your parcel</h1><div itemprop='step' itemscope "
                      "itemtype='https://schema.org/HowToStep'><span itemprop='name'>Open the email</span></div></div>")
    assert by_rule(run_coverage(micro), "coverage.intent")["track_order"].data["source"] == "howto"


@pytest.mark.parametrize("markup", [
    "<search><input name='q'></search>",
    "<div class='box'><input type='search' name='q' aria-label='Search'></div>",
    "<div role='search'><input name='q'><button>Go</button></div>",
])
def test_search_boxes_outside_forms_count(markup: str) -> None:
    page = make_page("/", f"<h1>Shop</h1>{markup}")
    assert by_rule(run_coverage(page), "coverage.search")["site"].status is Status.PASS


# --- self-service -------------------------------------------------------------------------------------------

def test_self_service_tasks_from_links_and_forms() -> None:
    home = make_page("/", "<h1>Shop</h1><p><a href='/orders/track'>Track my parcel</a> "
                     "<a href='/returns/start'>Start a return</a></p>")
    account = make_page("/account", "<h1>Sign in</h1><form action='/account' method='post'>"
                        "<label for='e'>Email</label><input id='e' type='email' name='email'>"
                        "<label for='p'>Password</label><input id='p' type='password' name='pw'>"
                        "<button>Continue</button></form><a href='/account/forgot'>Forgotten your password?</a>",
                        title="Sign in")
    found = by_rule(run_coverage(home, account), "coverage.self_service")["site"]
    assert found.status is Status.PASS and found.score == 1.0
    tasks = found.data["tasks"]
    assert tasks["account"]["via"] == "form" and tasks["account"]["url"] == account.url
    assert tasks["order_tracking"]["via"] == "link" and tasks["order_tracking"]["text"] == "Track my parcel"
    assert tasks["password_reset"]["url"] == account.url
    assert any("Start a return" in (e.snippet or "") for e in found.evidence)

    partial = by_rule(run_coverage(home), "coverage.self_service")["site"]
    assert partial.status is Status.FAIL and partial.score == pytest.approx(0.5)
    assert partial.data["found"] == 2 and not partial.data["tasks"]["password_reset"]["found"]
    assert "password reset" in partial.message


def test_returns_policy_link_is_not_a_returns_portal() -> None:
    home = make_page("/", "<h1>Shop</h1><p><a href='/returns'>Returns policy</a> <a href='/faq'>Return to top</a></p>")
    tasks = by_rule(run_coverage(home), "coverage.self_service")["site"].data["tasks"]
    assert not tasks["returns_portal"]["found"]


# --- help findability ---------------------------------------------------------------------------------------

def test_help_findable_checks_each_condition() -> None:
    good = make_page("/help/returns", "<h1>Returns</h1><p>How to return.</p>", title="Returns",
                     head="<meta name='description' content='How to send an item back.'>")
    hidden = make_page("/help/secret", "<h1>Secret</h1><p>Hidden.</p>", title="",
                       head="<meta name='robots' content='noindex'>")
    site = Site(start_url=START, pages=[HOME, good, hidden], sitemap_urls=frozenset({good.url}),
                robots_disallowed=frozenset({START + "help/private/"}))
    found = by_rule(list(run(site, AuditConfig())), "coverage.help_findable")
    assert found[good.url].status is Status.PASS and found[good.url].score == 1.0
    bad = found[hidden.url]
    assert bad.status is Status.FAIL and bad.severity is Severity.HIGH
    assert bad.data["missing"] == ["indexable", "sitemap", "title", "description"]
    assert bad.score == pytest.approx(1 / 5)
    assert {e.snippet for e in bad.evidence} == {"marked noindex", "not in the sitemap", "no title",
                                                 "no meta description"}
    blocked = found[START + "help/private/"]
    assert blocked.status is Status.FAIL and "blocked by robots.txt" in blocked.message
    # without a sitemap, that condition does not apply
    no_sitemap = by_rule(run_coverage(HOME, good), "coverage.help_findable")[good.url]
    assert no_sitemap.status is Status.PASS and no_sitemap.data["conditions"]["sitemap"] is None
    assert by_rule(run_coverage(HOME, ABOUT_PAGE), "coverage.help_findable")["site"].status is Status.NOT_APPLICABLE


# --- bad input ----------------------------------------------------------------------------------------------

def test_bad_input_pages_give_clean_results() -> None:
    """Empty, image-only, mixed-language and invalid-structured-data pages never crash coverage."""
    from checks import readability, tone

    empty = parse_html("", "empty")
    images = make_page("/help/pictures", "<img src='a.png'><img src='b.png' alt=''>", title="")
    mixed = make_page("/faq", "<h2>Where is my order?</h2><p>Suivez votre colis.</p><h2>¿Dónde está mi pedido?</h2>"
                      "<p>Sehen Sie nach.</p>", title="FAQ")
    broken = make_page("/help/broken", "<h1>Help</h1>", title="Help",
                       head="<script type='application/ld+json'>{\"@type\": \"FAQPage\", mainEntity: [}</script>"
                            "<script type='application/ld+json'>{\"@type\": \"HowTo\", \"name\": {\"x\": 1}, "
                            "\"step\": \"nonsense\"}</script><script type='application/ld+json'>[1, \"x\", null]"
                            "</script>")
    assert broken.structured_data_errors
    site = Site(start_url=START, pages=[empty, images, mixed, broken])
    findings = run_coverage(empty, images, mixed, broken)
    assert by_rule(findings, "coverage.intent")["track_order"].status is Status.PASS
    assert by_rule(findings, "coverage.faq_structured_data")["site"].status is Status.FAIL
    grades = [f for f in readability.run(site, AuditConfig()) if f.rule == "readability.grade"]
    assert {f.status for f in grades} == {Status.NOT_APPLICABLE}
    assert next(f for f in readability.run(site, AuditConfig()) if f.rule == "readability.site").status \
        is Status.NOT_APPLICABLE
    tones = list(tone.run(site, AuditConfig()))
    assert {f.status for f in tones if f.rule == "tone.consistency"} == {Status.NOT_APPLICABLE}
    assert next(f for f in tones if f.rule == "tone.voice" and f.url == empty.url).status is Status.NOT_APPLICABLE


def test_ten_thousand_faq_entries_are_matched_linearly() -> None:
    """10,000 questions on one page: every intent still found, and matching work grows with the number
    of questions, not with its square (counted as matcher calls)."""
    topics = ["Where is my order number {n}?", "Can I pay with card number {n}?", "Question about colour {n}?"]
    items = "".join(f"<details><summary>{topics[n % 3].format(n=n)}</summary><p>Answer {n}.</p></details>"
                    for n in range(10_000))
    page = make_page("/faq", f"<h1>FAQ</h1>{items}", title="FAQ")
    assert len(page.questions) == 10_000

    calls = 0

    class Counting(Matcher):
        def match(self, text: str) -> list:  # type: ignore[type-arg]
            nonlocal calls
            calls += 1
            return super().match(text)

    from checks.coverage import find_coverage
    found = find_coverage(Site(start_url=START, pages=[page]), Counting(load_taxonomy(AuditConfig())))
    assert found["track_order"].text == "Where is my order number 0?"
    assert found["payment_methods"].source == "question"
    assert calls <= 10_000 + 50 + len(page.main_text.splitlines())


def _coverage(pages: list[Page], industry: str = "retail") -> dict[str, str]:
    """Intent id → covered / partial for ``pages`` audited against ``industry``'s taxonomy."""
    from checks.coverage import find_coverage, intent_matcher

    config = AuditConfig()
    config = replace(config, checks=replace(config.checks, coverage=CoverageConfig(industry=industry)))
    found = find_coverage(Site(start_url=START, pages=pages), intent_matcher(load_taxonomy(config)))
    return {key: "partial" if answer.source == "text" else "covered" for key, answer in found.items()}


def test_a_terse_question_is_read_with_the_start_of_its_answer() -> None:
    page = make_page("/faq", "<h1>FAQ</h1><h2>Refunds?</h2><p>Your refund takes up to 5 working days to reach "
                             "your card. Orders placed with a voucher are refunded as store credit.</p>"
                             "<h2>Our story</h2><p>We started in a shed. Today you can track your order online.</p>")
    found = _coverage([page])
    assert found["get_refund"] == "covered"
    assert found.get("track_order") == "partial"  # the answer alone never makes a heading an answer


def test_the_answer_cannot_override_an_exclusion_in_the_heading() -> None:
    page = make_page("/faq", "<h1>FAQ</h1><h2>Refund policy</h2><p>Where is my refund? It takes 5 days.</p>")
    assert "get_refund" not in {k for k, v in _coverage([page]).items() if v == "covered"}


def test_accordion_buttons_worded_as_questions_count_without_a_question_mark() -> None:
    page = make_page("/faq", "<h1>Help</h1>"
                             "<button aria-expanded='false' aria-controls='a1'>How do I track my order</button>"
                             "<div id='a1'><p>Use the link in your dispatch e-mail.</p></div>"
                             "<button aria-expanded='false' aria-controls='menu'>Menu</button>")
    assert [q.text for q in page.questions] == ["How do I track my order"]
    assert _coverage([page])["track_order"] == "covered"


def test_returning_to_an_activity_and_praise_are_not_mentions() -> None:
    page = make_page("/blog/comeback", "<h1>Back on track</h1><p>Returning to running after an injury takes "
                                       "patience.</p><p>It is our least-complained-about shoe.</p>")
    found = _coverage([page])
    assert "return_item" not in found and "complaint" not in found


def test_a_journey_the_operator_cancels_is_a_disruption_not_a_cancellation() -> None:
    page = make_page("/help/disruption", "<h1>Disruption</h1><h2>What happens if my train is cancelled?</h2>"
                                          "<p>We will rebook you.</p><h2>Cancelled flight?</h2><p>See below.</p>")
    found = _coverage([page], "travel")
    assert "cancel_booking" not in found
    assert found["delay_compensation"] == "covered"


def test_product_guarantees_and_pricing_titles_are_mentions() -> None:
    product = make_page("/products/kettle", "<h1>Steel kettle</h1><p>Comes with a 2-year guarantee.</p>")
    assert _coverage([product])["warranty_claim"] == "partial"
    pricing = make_page("/pricing", "<h1>Pricing</h1><p>Start free, upgrade when you grow.</p>", title="Pricing")
    assert _coverage([pricing], "saas")["pricing"] == "partial"


@pytest.mark.parametrize(("industry", "text", "expected"), [
    ("retail", "Cancel or edit an order", {"cancel_order", "change_order"}),
    ("travel", "Check live train times", {"flight_status"}),
    ("travel", "Is my train on time?", {"flight_status"}),
    ("travel", "Service disruption", {"flight_status"}),
    ("travel", "Passenger Assist: book help for your journey", {"special_assistance"}),
    ("saas", "Which browsers work with Planora?", {"system_requirements"}),
    ("telecom", "Moving house? Take your broadband with you", {"move_home"}),
    # "move" alone is not moving home
    ("telecom", "Your number moves across in one working day", set()),
    ("telecom", "Move to a bigger data plan", set()),
])
def test_industry_wording(industry: str, text: str, expected: set[str]) -> None:
    assert {intent.id for intent in Matcher(load_taxonomy(config_for(industry))).match(text)} == expected


def test_developer_docs_headings_answer_intents() -> None:
    page = make_page("/docs/api/", "<h1>REST API</h1><h2>Authentication with API keys</h2><p>Send a bearer "
                                   "token.</p><h2>Connect to Zapier and Slack</h2><p>No code needed.</p>")
    assert page.touchpoint == "help"
    found = _coverage([page], "saas")
    assert found["api_access"] == "covered" and found["integrations"] == "covered"


def test_match_by_word_index_equals_testing_every_intent() -> None:
    """Matching tests only intents that share a word with the text (and remembers texts it has seen); the
    intents found are those that testing every intent in order finds."""
    from tests.test_scan import corpus_texts

    for industry in available_industries():
        matcher = Matcher(load_taxonomy(config_for(industry)))
        for text in {line for page_text, _ in corpus_texts() for line in page_text.splitlines()[:80]}:
            tokens = matcher.normalise(text)
            bag = frozenset(tokens)
            expected = [intent for intent in matcher.intents if bag & matcher._words_of[intent.id]
                        and not bag & matcher._exclude[intent.id]
                        and (any(group <= bag for group in matcher._groups[intent.id])
                             or any(words <= bag and _contains(tokens, phrase)
                                    for phrase, words in matcher._phrases[intent.id]))]
            assert matcher.match(text) == expected, text
            assert matcher.match(text) == expected  # the remembered answer too


def test_a_help_centre_article_link_is_an_answer_and_everyday_wording_matches() -> None:
    page = make_page("/help/", "<h1>Help centre</h1><h2>Billing</h2><ul><li><a href='/help/invoice'>Download "
                               "a copy of your invoice</a></li></ul>")
    assert _coverage([page], "saas").get("get_invoice") == "covered"
    phone = make_page("/help/", "<h1>Help</h1><h2>Can I bring my number with me?</h2><p>Yes.</p>"
                                "<h2>My handset is locked to another network</h2><p>Ask your old provider.</p>")
    assert {"port_number", "unlock_phone"} <= {k for k, v in _coverage([phone], "telecom").items() if v == "covered"}


def test_an_airport_transfer_is_not_a_money_transfer() -> None:
    page = make_page("/help/", "<h1>Help</h1><h2>Can you book my airport transfer?</h2><p>Yes, at the desk.</p>")
    assert "transfer_money" not in _coverage([page], "banking")


def test_intents_on_help_pages_in_an_unsupported_language_are_unknown_not_missing() -> None:
    page = parse_html("<html lang='pl'><head><title>Pomoc</title></head><body><main><h1>Pomoc</h1>"
                      "<h2>Jak śledzić przesyłkę?</h2><p>Wpisz numer zamówienia.</p></main></body></html>", "help/")
    config = replace(AuditConfig(), checks=replace(AuditConfig().checks, coverage=CoverageConfig(industry="retail")))
    intents = [f for f in run(Site(start_url=START, pages=[page]), config) if f.rule == "coverage.intent"]
    assert intents and all(f.status is Status.UNKNOWN for f in intents)
    assert "page language pl not supported by this check" in intents[0].message


def test_intents_on_english_help_pages_are_still_reported_missing() -> None:
    page = parse_html("<html lang='en-GB'><head><title>Help</title></head><body><main><h1>Help</h1>"
                      "<h2>How do I track my order?</h2><p>Use the link.</p></main></body></html>", "help/")
    config = replace(AuditConfig(), checks=replace(AuditConfig().checks, coverage=CoverageConfig(industry="retail")))
    statuses = {f.data["intent"]: f.status for f in run(Site(start_url=START, pages=[page]), config)
                if f.rule == "coverage.intent"}
    assert statuses["track_order"] is Status.PASS and Status.FAIL in statuses.values()
    assert Status.UNKNOWN not in statuses.values()


@pytest.mark.parametrize(("language", "industry", "text", "expected"), [
    ("de", "retail", "Wo ist meine Bestellung?", {"track_order"}),
    ("de", "retail", "Sendungsverfolgung", {"track_order"}),  # a compound read as its parts
    ("de", "retail", "Rücksendeetikett ausdrucken", {"return_item"}),
    ("de", "retail", "Wie sende ich einen Artikel zurück?", {"return_item"}),  # a separable verb
    ("de", "retail", "Liefern Sie auch nach Österreich?", {"international_shipping"}),
    ("de", "retail", "Newsletter abbestellen", {"newsletter_unsubscribe"}),
    ("fr", "retail", "Suivre ma commande", {"track_order"}),
    ("fr", "retail", "Comment annuler ma commande ?", {"cancel_order"}),
    ("nl", "retail", "Bestelling volgen", {"track_order"}),
    ("nl", "saas", "Ik ben mijn wachtwoord vergeten", {"reset_password"}),
    ("es", "retail", "¿Dónde está mi pedido?", {"track_order"}),
    ("es", "telecom", "¿Cómo mantener mi número si cambio de compañía?", {"port_number"}),
    ("it", "retail", "Traccia il tuo ordine", {"track_order"}),
    ("it", "banking", "Ho smarrito la carta, come la blocco?", {"lost_or_stolen_card"}),
    # tricky: words that look like an intent's words
    ("de", "retail", "Berechnung der Lieferzeit", {"delivery_time"}),  # "Berechnung" is not "Rechnung"
    ("de", "retail", "Zurück zur Startseite", set()),
    ("fr", "retail", "Retour à l'accueil", set()),
])
def test_other_languages_match_through_their_own_words(language: str, industry: str, text: str,
                                                       expected: set[str]) -> None:
    matcher = Matcher(load_taxonomy(config_for(industry))).for_language(language)
    assert matcher.language == language
    assert {intent.id for intent in matcher.match(text)} == expected


def test_other_languages_fold_accents_and_strip_their_own_endings() -> None:
    assert stem_in("de", fold("Rücksendungen")) == stem_in("de", fold("rucksendung"))
    assert stem_in("fr", fold("Commandes")) == stem_in("fr", fold("commande"))
    assert stem_in("es", fold("Devoluciones")) == stem_in("es", fold("devolución"))
    assert stem_in("nl", "pakketten") == stem_in("nl", "pakket")
    assert stem_in("pt", "devolucoes") == stem_in("pt", "devolucao")


def test_the_taxonomy_languages_decide_what_is_assessed() -> None:
    matcher = Matcher(load_taxonomy(AuditConfig()))
    assert {"en", "de", "fr", "nl", "es", "it"} <= matcher.languages and "pl" not in matcher.languages
    german = parse_html("<html lang='de-AT'><head><title>Hilfe</title></head><body><main><h1>Hilfe</h1>"
                        "<h2>Wo ist meine Bestellung?</h2><p>Im Kundenkonto.</p></main></body></html>", "hilfe/")
    assert german.touchpoint == "help"
    statuses = {f.data["intent"]: f.status for f in run_coverage(german) if f.rule == "coverage.intent"}
    assert statuses["track_order"] is Status.PASS
    assert statuses["cancel_order"] is Status.FAIL  # read in German, so missing, not unknown


def test_a_user_file_adds_a_languages_words_like_english_ones(tmp_path: Path) -> None:
    (tmp_path / "intents.yml").write_text(
        "intents: []\n"
        "languages:\n"
        "  de:\n"
        "    synonyms:\n"
        "      parcel: [sendungchen]\n"
        "    intents:\n"
        "      - id: track_order\n"
        "        phrasings: ['wo steckt mein kram']\n"
        "  pl:\n"
        "    synonyms:\n"
        "      order: [zamówienie]\n"
        "      track: [śledzić]\n", encoding="utf-8")
    config = replace(AuditConfig(), config_dir=str(tmp_path),
                     checks=replace(AuditConfig().checks, coverage=CoverageConfig(intents_file="intents.yml")))
    matcher = Matcher(load_taxonomy(config))
    assert "pl" in matcher.languages
    assert [i.id for i in matcher.for_language("pl").match("Jak śledzić zamówienie?")] == ["track_order"]
    german = matcher.for_language("de")
    assert [i.id for i in german.match("Wo steckt mein Kram?")] == ["track_order"]
    assert [i.id for i in german.match("Sendungchen verfolgen")] == ["track_order"]
    assert [i.id for i in german.match("Sendungsverfolgung")] == ["track_order"]  # built-in words stay


def test_a_language_may_only_give_words_for_intents_the_taxonomy_has(tmp_path: Path) -> None:
    (tmp_path / "intents.yml").write_text("languages:\n  de:\n    intents:\n      - id: teleport\n"
                                          "        keywords: [[beamen]]\n", encoding="utf-8")
    config = replace(AuditConfig(), config_dir=str(tmp_path),
                     checks=replace(AuditConfig().checks, coverage=CoverageConfig(intents_file="intents.yml")))
    with pytest.raises(ConfigError, match="teleport"):
        load_taxonomy(config)


@pytest.mark.parametrize(("industry", "text", "expected"), [
    ("saas", "Which payment methods do you accept?", set()),  # accepting a method is not updating one's own
    ("saas", "Update your payment method", {"update_payment_method"}),
    ("banking", "Open or close a savings pot", set()),  # an account's sub-feature, not the account
    ("banking", "How do I close my account?", {"close_account"}),
    ("travel", "When does check-in close for the ferry?", set()),
    ("travel", "Check in online", {"online_check_in"}),
    ("telecom", "Keep your number when you switch", {"port_number"}),
])
def test_english_causes_seen_on_held_out_pages(industry: str, text: str, expected: set[str]) -> None:
    assert {intent.id for intent in Matcher(load_taxonomy(config_for(industry))).match(text)} == expected


def _lang_page(lang: str, path: str, body: str) -> Page:
    return parse_html(f"<html lang='{lang}'><head><title>Ajuda</title></head><body><main>{body}</main></body></html>",
                      path)


def test_short_words_meet_their_inflected_forms() -> None:
    """'adding' meets 'add' (a doubled letter is the word's own below four letters) and 'using' meets 'use'."""
    assert stem("adding") == stem("added") == stem("add") == "add"
    assert stem("using") == stem("used") == stem("uses") == stem("use")
    assert stem("shipping") == stem("ship") and stem("getting") == stem("get")
    assert _coverage([make_page("/help/", "<h1>Help</h1><h2>Adding colleagues to a workspace</h2><p>Invite "
                                          "them.</p><h2>Using a promo voucher</h2><p>Type it in.</p>")],
                     "saas").get("manage_team") == "covered"
    assert _coverage([make_page("/help/", "<h1>Help</h1><h2>Using a promo voucher</h2><p>Type it in at "
                                          "checkout.</p>")]).get("discount_code") == "covered"


def test_romance_infinitives_meet_the_first_person_of_help_titles() -> None:
    assert stem_in("es", "libero") == stem_in("es", "liberar")
    assert stem_in("it", "apro") == stem_in("it", "aprire") and stem_in("it", "chiudo") == stem_in("it", "chiudere")
    assert stem_in("pt", "cancelo") == stem_in("pt", "cancelar")
    page = _lang_page("es", "ayuda/", "<h1>Ayuda</h1><h2>¿Cómo libero mi móvil?</h2><p>Gratis tras 3 meses.</p>")
    assert _coverage([page], "telecom").get("unlock_phone") == "covered"
    italian = _lang_page("it", "aiuto/", "<h1>Domande</h1><h2>Come posso chiudere il conto?</h2><p>Con il modulo "
                                         "firmato.</p>")
    assert _coverage([italian], "banking").get("close_account") == "covered"


def test_an_answer_opening_with_yes_is_read_from_its_next_sentence() -> None:
    """'Can I cancel anytime?' over 'Yes. Your plan runs to the end of the period': the lead is the sentence
    that says something, not 'Yes.'."""
    from checks.coverage import answer_lead

    assert answer_lead("Yes. Your workspace stays on its plan until the end.") == \
        "Yes. Your workspace stays on its plan until the end."[5:]
    assert answer_lead("No problem.") == ""
    page = make_page("/faq/", "<h1>FAQ</h1><details><summary>Can I cancel anytime?</summary><p>Yes. Your "
                              "workspace stays on its plan until the end of the billing period.</p></details>")
    assert _coverage([page], "saas").get("cancel_subscription") == "covered"


def test_two_word_links_count_as_articles_only_inside_the_help_section() -> None:
    """Short titles are common in compounding languages ("Konto löschen"): a link into the page's own help
    section is an article title from two words; a two-word link elsewhere ("/kontakt/") still is not."""
    page = parse_html("<html lang='de'><head><title>Hilfe</title></head><body><main><h1>Konto</h1><ul>"
                      "<li><a href='/hilfe/konto-loeschen/'>Konto löschen</a></li>"
                      "<li><a href='/hilfe/abo/'>Abonnement kündigen</a></li></ul>"
                      "<p><a href='/kontakt/'>Kontakt aufnehmen</a></p></main></body></html>", "hilfe/konto/")
    found = _coverage([page], "saas")
    assert found.get("delete_account") == "covered" and found.get("cancel_subscription") == "covered"
    assert found.get("contact_support") != "covered"
    english = make_page("/help/", "<h1>Help</h1><ul><li><a href='/help/moving-home'>Moving home</a></li></ul>"
                                  "<p><a href='/contact'>Moving home</a></p>")
    assert _coverage([english], "telecom").get("move_home") == "covered"
    elsewhere = make_page("/help/", "<h1>Help</h1><p><a href='/moving'>Moving home</a></p>")
    assert _coverage([elsewhere], "telecom").get("move_home") == "partial"


def test_a_link_inside_a_sentence_is_running_text_not_a_help_title() -> None:
    """"Can't find what you need? Contact us by chat or phone.": a call to action in running text mentions
    contacting; it is no help article about it. The same words as a list item of their own still answer."""
    inline = make_page("/help/", "<h1>Help</h1><ul><li><a href='/help/roaming'>Using your phone abroad</a></li></ul>"
                                 "<p>Can't find what you need? <a href='/help/contact'>Contact us</a> by chat or "
                                 "phone.</p>")
    assert _coverage([inline], "telecom").get("contact_customer_service") == "partial"
    listed = make_page("/help/", "<h1>Help</h1><ul><li><a href='/help/contact'>Contact us</a></li>"
                                 "<li><a href='/help/roaming'>Using your phone abroad</a></li></ul>")
    assert _coverage([listed], "telecom").get("contact_customer_service") == "covered"


@pytest.mark.parametrize("tile", [
    # a tile of inline parts: the link text runs them together ("Account & billingPlans, invoices…")
    "<a href='/help/categories/security'><span>Security &amp; admin</span><span>SSO, two-factor authentication "
    "and permissions</span></a>",
    # a tile of blocks: a heading over its description
    "<a href='/help/categories/security'><h2>Security &amp; admin</h2><p>SSO, two-factor authentication and "
    "permissions.</p></a>",
])
def test_a_help_tile_answers_with_its_title_and_only_mentions_its_description(tile: str) -> None:
    """A help-centre tile is a category title over a description of what it holds: the title counts as a help
    title; the topics its description lists are only mentioned (each is answered inside the category)."""
    page = make_page("/help/", f"<h1>Help Center</h1><ul><li>{tile}</li>"
                               "<li><a href='/help/articles/1'>Download invoices and receipts</a></li></ul>")
    found = _coverage([page], "saas")
    assert found.get("two_factor") == "partial" and found.get("get_invoice") == "covered"
    titled = make_page("/help/", "<h1>Help Center</h1><ul><li><a href='/help/categories/billing'><span>Cancel "
                                 "your subscription</span><span>Stop billing and keep your data</span></a></li></ul>")
    assert _coverage([titled], "saas").get("cancel_subscription") == "covered"


def test_a_tile_cut_from_the_main_text_still_answers_with_its_heading_only() -> None:
    """A grid of tiles is link-dense and may be cut from the main text as boilerplate; the tile's heading,
    which the page still has, is then its title, and its description answers nothing."""
    tiles = "".join(f"<a class='tile' href='/help/{n}'><h2>{title}</h2><p>{text}</p></a>" for n, (title, text) in
                    enumerate([("Where is my order?", "Track your parcel and see delivery updates."),
                               ("Managing your account", "Update your address, GP surgery or contact details."),
                               ("Returning an item", "Unopened shop items within 14 days."),
                               ("Delivery options and costs", "Royal Mail Tracked 24 and click and collect.")]))
    page = make_page("/help/", f"<h1>Help centre</h1><div class='tiles'>{tiles}</div>")
    found = _coverage([page], "retail")
    assert found.get("track_order") == "covered" and found.get("return_item") == "covered"
    assert found.get("change_shipping_address") != "covered"


def test_a_heading_that_is_only_a_brand_name_is_read_through_the_sentence_that_names_it() -> None:
    """'Airpoints' / 'Earn and use Airpoints Dollars.': a loyalty scheme told by what members do with it.
    The sentence must name the heading again; a brand heading over unrelated text matches nothing."""
    page = make_page("/help/", "<h1>Help</h1><h2>Airpoints</h2><p>Earn and use Airpoints Dollars.</p>"
                               "<h2>Koru</h2><p>Earn and redeem points in our lounges.</p>")
    found = _coverage([page], "travel")
    assert found.get("loyalty_programme") == "covered"
    other = make_page("/help/", "<h1>Help</h1><h2>Koru</h2><p>Earn and redeem in our lounges.</p>")
    assert _coverage([other], "travel").get("loyalty_programme") != "covered"


@pytest.mark.parametrize(("industry", "text", "expected"), [
    ("retail", "Changed your mind?", {"return_item"}),
    ("retail", "Swapping for a different size", {"return_item"}),
    ("retail", "Stopping an order before it leaves our warehouse", {"cancel_order"}),
    ("retail", "Shipping to the EU and beyond", {"international_shipping"}),
    ("saas", "Can I try it before I pay anything?", {"start_trial"}),
    ("saas", "How do I stop being billed?", {"cancel_subscription"}),
    ("saas", "Getting your data out", {"export_data"}),
    ("telecom", "Struggling with bills?", {"payment_difficulty"}),
    ("telecom", "Check for problems in your area", {"report_fault", "report_outage"}),
    ("banking", "Card not turned up?", {"card_arrival"}),
    ("banking", "Paying with your phone", {"mobile_payments"}),
    ("banking", "Can I transfer my points to someone else?", set()),
    ("travel", "We're a party of 12 – is there a discount?", {"group_booking"}),
    ("travel", "Do you provide child seats?", {"travel_with_children"}),
    ("travel", "What time are check-in and check-out?", set()),
    ("travel", "Can you store our luggage?", set()),
])
def test_everyday_english_wording(industry: str, text: str, expected: set[str]) -> None:
    assert {intent.id for intent in Matcher(load_taxonomy(config_for(industry))).match(text)} == expected


@pytest.mark.parametrize(("industry", "language", "text", "expected"), [
    ("retail", "pt", "Onde está a minha encomenda?", {"track_order"}),
    ("retail", "pt", "Como devolver um artigo?", {"return_item"}),
    ("retail", "pt", "Esqueci-me da palavra-passe", {"reset_password"}),
    ("retail", "pt", "Quais os métodos de pagamento aceites?", {"payment_methods"}),
    ("retail", "pt", "Como criar uma conta?", {"create_account"}),
    ("banking", "pt", "Como levantar dinheiro no multibanco?", {"cash_withdrawal"}),
    ("retail", "sv", "Var är min beställning?", {"track_order"}),
    ("retail", "sv", "Hur lång är leveranstiden?", {"delivery_time"}),
    ("retail", "sv", "Vilka betalsätt accepterar ni?", {"payment_methods"}),
    ("retail", "sv", "Jag har glömt mitt lösenord", {"reset_password"}),
    ("banking", "sv", "Jag känner inte igen en transaktion", {"unrecognised_transaction"}),
    ("banking", "sv", "Var hittar jag mina kontoutdrag?", {"statements"}),
    ("travel", "sv", "Kan jag ta med min hund?", {"travel_with_pets"}),
    ("retail", "nl", "Hoe maak ik een account aan?", {"create_account"}),
    ("retail", "nl", "Afmelden voor de nieuwsbrief", {"newsletter_unsubscribe"}),
    ("telecom", "nl", "Een slimme meter aanvragen", {"smart_meter"}),
    ("telecom", "fr", "Que faire si ma connexion ne fonctionne plus ?", {"report_fault"}),
    ("saas", "fr", "Problème de connexion ?", {"login_problem"}),
    ("banking", "it", "Come apro un conto online?", {"open_account"}),
])
def test_words_of_other_languages(industry: str, language: str, text: str, expected: set[str]) -> None:
    """Portuguese and Swedish have word lists like the other languages; a language's industry file
    (fr/telecom.yml: "connexion" is the line) overrides its shared reading for that industry only."""
    matcher = Matcher(load_taxonomy(config_for(industry)))
    assert language in matcher.languages
    assert {intent.id for intent in matcher.match_in(language, text)} == expected


def test_portuguese_sim_is_yes_not_a_sim_card() -> None:
    """Read as Portuguese, "Sim, …" opens an answer; it is never the English loanword "SIM"."""
    portuguese = Matcher(load_taxonomy(config_for("telecom"))).for_language("pt")
    assert portuguese.match("Sim, claro que pode.") == []
    assert {intent.id for intent in portuguese.match("Como ativar o cartão SIM?")} >= {"sim_card"}


# --- each page's part, worked out ahead ---------------------------------------------------------------------

def _offering_pages() -> list[Page]:
    """Pages with every kind of per-page evidence: questions, help titles and headings, running-text
    mentions, a sign-in form and self-service links, and a help page in German."""
    home = make_page("/", "<h1>Shop</h1><p><a href='/orders/track'>Track my parcel</a> "
                     "<a href='/returns/start'>Start a return</a></p>", title="Shop")
    account = make_page("/account", "<h1>Sign in</h1><form action='/account' method='post'>"
                        "<label for='p'>Password</label><input id='p' type='password' name='pw'>"
                        "<button>Continue</button></form>", title="Sign in")
    german = parse_html("<html lang='de'><head><title>Hilfe</title></head><body><main><h1>Hilfe</h1>"
                        "<h2>Wo ist meine Bestellung?</h2><p>Im Kundenkonto.</p></main></body></html>", "de/hilfe")
    return [home, FAQ_PAGE, RETURNS_PAGE, ABOUT_PAGE, account, german]


def coverage_work(config: AuditConfig) -> dict[str, Any]:
    """The coverage check's part of the per-page work the pipeline does ahead for ``config``."""
    from checks.registry import page_work

    return {key: work for key, work in page_work(config).items() if key.startswith("coverage.")}


def test_what_each_page_offers_is_worked_out_ahead_and_read_as_if_computed_alone() -> None:
    """The pipeline works out each page's answers, mentions and self-service tasks in forked processes
    before the checks run; the check and facts.intents then only choose among pages, and say exactly
    what they say when every page is read here."""
    from auditor.parallel import precompute
    from checks.site_facts import _intents as facts_intents

    config = AuditConfig()
    ahead, alone = Site(start_url=START, pages=_offering_pages()), Site(start_url=START, pages=_offering_pages())
    precompute(ahead, coverage_work(config), workers=2, min_pages=1)
    keys = sorted(key for key in ahead._derived if key.startswith("page:coverage."))
    assert [key.split("@")[0] for key in keys] == ["page:coverage.answers", "page:coverage.mentions",
                                                   "page:coverage.tasks"]
    assert all(set(ahead._derived[key]) == {page.url for page in ahead.pages} for key in keys)  # both processes'

    findings = list(run(ahead, config))
    assert [f.to_dict() for f in findings] == [f.to_dict() for f in run(alone, config)]
    assert facts_intents(ahead, config) == facts_intents(alone, config)
    assert sorted(key for key in ahead._derived if key.startswith("page:coverage.")) == keys  # read, not redone
    intents = by_rule(findings, "coverage.intent")
    assert intents["cancel_order"].data["coverage"] == "covered"
    assert intents["payment_methods"].data["coverage"] == "partial"
    assert intents["track_order"].data["urls"][:2] == [f"{START}de/hilfe", FAQ_PAGE.url]
    tasks = by_rule(findings, "coverage.self_service")["site"].data["tasks"]
    assert tasks["account"]["via"] == "form" and tasks["order_tracking"]["via"] == "link"


def test_work_done_ahead_for_one_taxonomy_is_never_read_under_another(tmp_path: Path) -> None:
    """Each page's part is kept under its taxonomy's identity — its content, the user's intents file
    included — so an audit with another file never reads values worked out for the first."""
    from auditor.parallel import precompute

    faq = make_page("/faq", "<h1>FAQ</h1><h2>Will you beat a cheaper price?</h2><p>Yes, we will.</p>", title="FAQ")
    site = Site(start_url=START, pages=[HOME, faq])
    precompute(site, coverage_work(AuditConfig()), workers=2, min_pages=1)
    assert by_rule(list(run(site, AuditConfig())), "coverage.intent").get("price_match") is None

    first, second = tmp_path / "first.yml", tmp_path / "second.yml"
    first.write_text("intents:\n  - id: price_match\n    keywords: [[beat, price]]\n", encoding="utf-8")
    second.write_text("intents:\n  - id: price_match\n    keywords: [[price, promise]]\n", encoding="utf-8")
    matched = by_rule(list(run(site, config_for(intents_file=str(first)))), "coverage.intent")["price_match"]
    assert matched.data["coverage"] == "covered" and matched.url == faq.url
    unmatched = by_rule(list(run(site, config_for(intents_file=str(second)))), "coverage.intent")["price_match"]
    assert unmatched.data["coverage"] == "missing"
    assert len([key for key in site._derived if key.startswith("page:coverage.answers@")]) == 3


def test_a_taxonomy_that_cannot_be_read_fails_the_check_not_the_work_done_ahead() -> None:
    from checks.registry import page_work

    config = config_for("spaceflight")
    assert any(key.startswith("coverage.answers@unloadable") for key in page_work(config))
    with pytest.raises(ConfigError, match="retail"):
        list(run(Site(start_url=START, pages=[HOME]), config))
