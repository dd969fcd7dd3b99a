"""The ``facts`` section of audit.json: built from the checks' own extractors, valid against the schema."""

from __future__ import annotations

import json
import logging

import jsonschema
import pytest

from auditor.config import AuditConfig, ChecksConfig, CoverageConfig
from auditor.result import SCHEMA_PATH
from auditor.site import Site
from checks.site_facts import empty_facts, site_facts
from tests.bad_input import bad_input_pages
from tests.pages import START, make_page

NAV = ("<header><nav><a href='/'>Home</a> <a href='/faq/'>FAQ</a> <a href='/contact/'>Contact us</a></nav>"
       "<form role='search' action='/search/'><input type='search' name='q'></form></header>")
PAGES = {
    "": f"<html lang='en-GB'><body>{NAV}<main><h1>Welcome</h1><p>Homeware.</p></main></body></html>",
    "contact/": (
        f"<html lang='en-GB'><head><title>Contact us</title></head><body>{NAV}<main><h1>Contact us</h1>"
        "<p>Customer service: call free on <a href='tel:08081570192'>0808 157 0192</a>. Lines are open Monday to "
        "Friday 8am to 8pm (UK time).</p>"
        "<p>Email <a href='mailto:help@shop.example'>help@shop.example</a>. We reply within 1 working day.</p>"
        "<form action='/send' method='post'><label for='e'>Your email</label><input id='e' type='email' name='email'>"
        "<label for='m'>Message</label><textarea id='m' name='message'></textarea></form></main></body></html>"),
    "faq/": (
        f"<html lang='en-GB'><head><title>FAQ</title></head><body>{NAV}<main><h1>FAQ</h1>"
        "<details><summary>How do I track my order?</summary><p>Sign in and open My orders.</p></details>"
        "<details><summary>How do I return something?</summary><p>You have 14 days to return it.</p></details>"
        "</main></body></html>"),
    "returns/": (
        f"<html lang='en-GB'><head><title>Returns</title></head><body>{NAV}<main><h1>Returns policy</h1>"
        "<p>You have 30 days to return anything you bought.</p></main></body></html>"),
}


def facts_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["properties"]["facts"]


def build() -> Site:
    return Site(START, [make_page(body, path) for path, body in PAGES.items()])


def test_facts_of_a_small_shop() -> None:
    facts = site_facts(build(), AuditConfig())
    jsonschema.validate(facts, facts_schema())
    channels = {(c["type"], c["value"]): c["urls"] for c in facts["contact_channels"]}
    assert channels[("phone", "+448081570192")] == [START + "contact/"]
    assert channels[("email", "help@shop.example")] == [START + "contact/"]
    assert ("form", "contact form") in channels
    (hours,) = facts["opening_hours"]
    assert (hours["days"], hours["opens"], hours["closes"], hours["timezone"]) == (
        ["Mo", "Tu", "We", "Th", "Fr"], "08:00", "20:00", "UK time")
    assert facts["response_times"][0]["text"] == "We reply within 1 working day."
    intents = {row["intent"]: row for row in facts["intents"]}
    assert intents["track_order"]["status"] == "covered"
    assert intents["track_order"]["evidence"][0]["text"] == "How do I track my order?"
    assert intents["cancel_order"] == {"intent": "cancel_order", "title": intents["cancel_order"]["title"],
                                       "status": "missing", "urls": [], "evidence": []}
    assert facts["search"] == {"present": True, "urls": sorted(START + p for p in PAGES)}
    (contradiction,) = facts["contradictions"]
    assert contradiction["fact"] == "return_window" and contradiction["status"] == "fail"
    assert {(v["value"], v["url"]) for v in contradiction["values"]} == {
        ("30 days", START + "returns/"), ("14 days", START + "faq/")}


def test_empty_site_has_every_key_and_validates() -> None:
    facts = site_facts(Site(START, []), AuditConfig())
    jsonschema.validate(facts, facts_schema())
    assert facts["search"] == {"present": False, "urls": []}
    assert facts["contact_channels"] == facts["contradictions"] == []
    jsonschema.validate(empty_facts(), facts_schema())


def test_a_failing_section_is_left_empty_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    config = AuditConfig(checks=ChecksConfig(coverage=CoverageConfig(industry="no-such-industry")))
    with caplog.at_level(logging.ERROR, logger="cxaudit"):
        facts = site_facts(build(), config)
    assert facts["intents"] == []
    assert facts["contact_channels"], "the other sections are still filled"
    assert "facts.intents" in caplog.text


def test_bad_input_gives_valid_facts() -> None:
    # the 10,000-question FAQ goes through the same extractors in test_business_info
    pages = [page for page in bad_input_pages() if not page.url.endswith("/help/faq/")]
    facts = site_facts(Site(START, pages), AuditConfig())
    jsonschema.validate(facts, facts_schema())
    assert facts["contact_channels"] == facts["opening_hours"] == facts["contradictions"] == []
    assert {row["status"] for row in facts["intents"]} == {"missing"}


def test_intents_on_help_pages_in_an_unsupported_language_are_unknown_not_missing() -> None:
    # the taxonomy is written in English: a Polish help centre's answers cannot be read, so facts.intents
    # abstains exactly as the coverage check's findings do
    help_page = make_page('<html lang="pl"><head><title>Centrum pomocy</title></head><body><main>'
                          "<h1>Centrum pomocy</h1><h2>Jak zwrócić zamówienie?</h2><p>Masz 30 dni na zwrot.</p>"
                          "</main></body></html>", "help/")
    facts = site_facts(Site(START, [help_page]), AuditConfig())
    jsonschema.validate(facts, facts_schema())
    assert help_page.touchpoint == "help"
    assert {row["status"] for row in facts["intents"]} == {"unknown"}
