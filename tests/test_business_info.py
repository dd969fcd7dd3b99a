"""Business information check and its fact extractors (payment methods, delivery, warranty), on small
inline sites, including bad input that must give a clean result."""

from __future__ import annotations

import json

from auditor.config import AuditConfig
from auditor.findings import Finding, Status
from auditor.site import Site
from checks import business_info, facts
from tests.bad_input import bad_input_pages
from tests.pages import START, make_page

FOOTER = ("<footer><a href='/delivery/'>Delivery</a> <a href='/returns/'>Returns</a> "
          "<a href='/payment/'>Ways to pay</a> <a href='/warranty/'>Warranty</a></footer>")
HEADER = "<header><nav><a href='/'>Home</a> <a href='/shop/'>Shop</a> <a href='/basket/'>Basket</a></nav></header>"


def html(body: str, title: str = "Page", head: str = "") -> str:
    return (f"<html lang='en-GB'><head><title>{title}</title>{head}</head><body>{HEADER}<main>{body}</main>"
            f"{FOOTER}</body></html>")


SHOP = {
    "": html("<h1>Welcome</h1><p>Homeware we love.</p>", "Home"),
    "delivery/": html("<h1>Delivery</h1><table><tr><td>Standard</td><td>£3.95, free on orders over £50</td>"
                      "<td>3 to 5 working days</td></tr><tr><td>Next-day delivery</td><td>£5.95</td>"
                      "<td>Order by 6pm</td></tr></table>", "Delivery"),
    "returns/": html("<h1>Returns policy</h1><p>You have 30 days from delivery to send something back.</p>",
                     "Returns"),
    "payment/": html("<h1>Ways to pay</h1><p>We take Visa, Mastercard and PayPal.</p>", "Ways to pay"),
    "warranty/": html("<h1>Our 2-year guarantee</h1><p>If something breaks, we put it right.</p>", "Guarantee"),
}


def build(pages: dict[str, str]) -> Site:
    return Site(START, [make_page(body, path) for path, body in pages.items()])


def run(site: Site) -> dict[str, Finding]:
    found = {f.rule: f for f in business_info.run(site, AuditConfig())}
    assert set(found) == {rule.id for rule in business_info.RULES}
    assert all(f.location == "site" for f in found.values())
    return found


def test_a_shop_stating_everything_concretely_passes() -> None:
    found = run(build(SHOP))
    assert {rule: f.status for rule, f in found.items()} == dict.fromkeys(found, Status.PASS)
    payment = found["business_info.payment_methods"]
    assert [row["method"] for row in payment.data["methods"]] == ["Visa", "Mastercard", "PayPal"]
    assert payment.data["methods"][0]["urls"] == [START + "payment/"]
    delivery = found["business_info.delivery_options"].data
    assert {row["value"] for row in delivery["times"]} == {"3-5 working days", "next day"}
    assert {row["value"] for row in delivery["costs"]} == {"£3.95", "free over £50", "£5.95"}
    assert found["business_info.returns_policy"].data["windows"][0]["days"] == 30
    assert "2 years" in found["business_info.warranty"].message
    topics = found["business_info.findable"].data["topics"]
    assert [(t["topic"], t["linked_from"]) for t in topics] == [
        ("delivery", "footer"), ("returns", "footer"), ("payment", "footer"), ("warranty", "footer")]


def test_vague_delivery_and_policy_without_window_need_review() -> None:
    pages = {**SHOP,
             "delivery/": html("<h1>Delivery</h1><p>We offer fast delivery to your door.</p>", "Delivery"),
             "returns/": html("<h1>Returns policy</h1><p>Not happy? Send it back to us.</p>", "Returns"),
             "warranty/": html("<h1>Warranty</h1><p>All our products are covered by a warranty.</p>", "Warranty")}
    found = run(build(pages))
    delivery = found["business_info.delivery_options"]
    assert delivery.status is Status.NEEDS_REVIEW and "fast delivery" in delivery.message
    assert found["business_info.returns_policy"].status is Status.NEEDS_REVIEW
    assert found["business_info.warranty"].status is Status.NEEDS_REVIEW


def test_missing_policies_fail_for_a_shop() -> None:
    found = run(build({"": SHOP[""], "shop/lamp/": html("<h1>Lamp</h1><p>£79.00</p>", "Lamp",
                       head="<script type='application/ld+json'>{\"@type\": \"Product\", \"name\": \"Lamp\"}"
                            "</script>")}))
    for rule in ("payment_methods", "delivery_options", "returns_policy", "warranty", "findable"):
        assert found[f"business_info.{rule}"].status is Status.FAIL, rule
    assert "no delivery or returns page" in found["business_info.findable"].message.lower()


def test_a_site_that_sells_nothing_is_not_applicable() -> None:
    site = Site(START, [make_page("<html><body><h1>Our charity</h1><p>We plant trees.</p>"
                                  "<a href='/about/'>About</a></body></html>", "")])
    found = run(site)
    assert {f.status for f in found.values()} == {Status.NOT_APPLICABLE}


def test_only_times_or_only_costs_is_half_marks() -> None:
    pages = {**SHOP, "delivery/": html("<h1>Delivery</h1><p>Orders arrive in 3 to 5 working days.</p>", "Delivery")}
    delivery = run(build(pages))["business_info.delivery_options"]
    assert (delivery.status, delivery.score) == (Status.FAIL, 0.5)
    assert "no delivery costs" in delivery.message


def test_one_payment_method_fails_and_a_travel_visa_is_not_a_card() -> None:
    pages = {**SHOP, "payment/": html("<h1>Ways to pay</h1><p>You can pay by PayPal.</p>", "Ways to pay"),
             "travel/": html("<h1>Travel</h1><p>Check the visa requirements for your trip.</p>", "Travel")}
    payment = run(build(pages))["business_info.payment_methods"]
    assert (payment.status, payment.score) == (Status.FAIL, 0.5)
    assert [row["method"] for row in payment.data["methods"]] == ["PayPal"]
    travel = make_page("<html><body><p>Check the visa requirements before you travel.</p></body></html>", "trips/")
    assert facts.payment_methods(travel) == []


def test_payment_methods_from_logos_and_structured_data() -> None:
    data = json.dumps({"@context": "https://schema.org", "@type": "Store", "paymentAccepted": "Cash, Klarna",
                       "makesOffer": {"@type": "Offer",
                                      "acceptedPaymentMethod": "http://purl.org/goodrelations/v1#AmericanExpress"}})
    page = make_page(f"<html><head><script type='application/ld+json'>{data}</script></head><body>"
                     "<footer><img src='/i/apple-pay.svg' alt=''><img src='/i/x.png' alt='Mastercard'></footer>"
                     "</body></html>", "")
    methods = {f.method: f.source for f in facts.payment_methods(page)}
    assert methods == {"Apple Pay": "image", "Mastercard": "image", "Klarna": "structured_data",
                       "American Express": "structured_data"}


def test_policy_pages_deep_in_the_site_are_not_findable() -> None:
    chain = {
        "": "<html><body><main><a href='/a/'>A</a></main></body></html>",
        "a/": "<html><body><main><a href='/b/'>B</a></main></body></html>",
        "b/": "<html><body><main><a href='/delivery/'>Delivery</a> <a href='/basket/'>Basket</a></main></body></html>",
        "delivery/": html("<h1>Delivery</h1><p>Delivery costs £3.95 and takes 2 to 3 working days.</p>", "Delivery"),
    }
    findable = run(build(chain))["business_info.findable"]
    assert findable.status is Status.FAIL
    rows = {row["topic"]: row for row in findable.data["topics"]}
    assert rows["delivery"]["clicks"] == 3 and rows["delivery"]["findable"] is False
    assert rows["returns"]["url"] is None
    assert findable.score == 0.0


def test_delivery_extractor_skips_refunds_and_replies() -> None:
    page = make_page(html("<p>Refunds take 5 working days to reach your account.</p>"
                          "<p>We reply to delivery questions within 2 working days.</p>"
                          "<p>Express delivery arrives in 24 hours and costs $9.99.</p>"), "help/x/")
    found = {(f.kind, f.value) for f in facts.delivery_facts(page)}
    assert found == {("time", "24 hours"), ("cost", "$9.99"), ("vague", "express delivery")}


def test_warranty_extractor_reads_durations_not_money_back_promises() -> None:
    page = make_page(html("<p>Every kettle comes with a 12-month manufacturer's warranty.</p>"
                          "<p>Our knives are guaranteed for 5 years.</p>"
                          "<p>Try it with our 30-day money-back guarantee.</p>"
                          "<p>Backpacks carry a lifetime warranty.</p>"), "kettles/")
    found = {(f.value, f.unit) for f in facts.warranty_terms(page)}
    assert found == {(12, "months"), (5, "years"), (0, "lifetime")}


def test_bad_input_gives_clean_results() -> None:
    found = run(Site(START, list(bad_input_pages())))
    assert {f.status for f in found.values()} <= {Status.NOT_APPLICABLE, Status.NEEDS_REVIEW, Status.FAIL}
    assert found["business_info.payment_methods"].status is Status.NOT_APPLICABLE
