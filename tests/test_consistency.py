"""Information consistency: contradictions fail with both sources quoted; ambiguity asks for review.

Numbers are fictional (Ofcom drama ranges 020 7946 0xxx and 0808 157 0xxx).
"""

from __future__ import annotations

from auditor.config import AuditConfig
from auditor.crawl.record import FetchRecord
from auditor.findings import Finding, Status
from auditor.page import parse_page
from auditor.site import Site
from auditor.touchpoints import classify
from checks import consistency

START = "https://shop.example/"


def build_site(pages: dict[str, str]) -> Site:
    built = []
    for path, body in pages.items():
        url = START.rstrip("/") + path
        html = f"<html lang='en-GB'><head><title>{path}</title></head><body><main>{body}</main></body></html>"
        page = parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html",
                                      body=html.encode()))
        page.touchpoint = classify(page, START)
        built.append(page)
    return Site(START, built)


def finding(pages: dict[str, str], rule: str) -> Finding:
    (found,) = [f for f in consistency.run(build_site(pages), AuditConfig()) if f.rule == rule]
    assert found.location == "site"
    return found


def test_same_service_number_everywhere_passes_and_labelled_other_numbers_are_fine() -> None:
    result = finding({
        "/": "<p>Welcome. Customer service 0808 157 0192.</p>",
        "/contact/": "<h1>Contact us</h1><p>Customer service: 0808 157 0192.</p><p>Press office: 020 7946 0999.</p>",
        "/returns/": "<h1>Returns</h1><p>Call our returns team on 0808 157 0192.</p>",
        "/about": "<p>Sales enquiries: 020 7946 0001.</p>",
    }, "consistency.phone")
    assert result.status is Status.PASS
    values = {row["value"]: row for row in result.data["values"]}
    assert values["+448081570192"]["pages"] == 3
    assert values["+442079460999"]["purpose"] == "press"


def test_two_numbers_for_the_same_purpose_fail_quoting_both_pages() -> None:
    result = finding({
        "/contact/": "<h1>Contact us</h1><p>Customer service: 0808 157 0192.</p>",
        "/returns/": "<h1>Returns</h1><p>Returns helpline: 0808 157 0199.</p>",
    }, "consistency.phone")
    assert result.status is Status.FAIL
    assert [e.url for e in result.evidence] == [START + "contact/", START + "returns/"]
    assert "0808 157 0192" in result.evidence[0].snippet
    assert "0808 157 0199" in result.evidence[1].snippet


def test_service_number_that_differs_from_the_contact_page_fails() -> None:
    result = finding({
        "/contact/": "<h1>Contact us</h1><p>Call us on 020 7946 0321.</p>",
        "/faq": "<h1>FAQ</h1><p>For help with your order call 0808 157 0195.</p>",
    }, "consistency.phone")
    assert result.status is Status.FAIL
    assert {e.measured for e in result.evidence} == {"020 7946 0321", "0808 157 0195"}


def test_unlabelled_different_numbers_need_review_not_fail() -> None:
    result = finding({
        "/a": "<p>Ring 020 7946 0011 today.</p>",
        "/b": "<p>Ring 020 7946 0012 today.</p>",
    }, "consistency.phone")
    assert result.status is Status.NEEDS_REVIEW
    assert len(result.evidence) == 2


def test_no_numbers_is_not_applicable() -> None:
    assert finding({"/": "<p>Hello.</p>"}, "consistency.phone").status is Status.NOT_APPLICABLE


def test_emails_same_mailbox_on_two_domains_fail_but_different_mailboxes_are_fine() -> None:
    conflict = finding({
        "/contact/": "<h1>Contact us</h1><p>Write to support@shop.example.</p>",
        "/faq": "<h1>FAQ</h1><p>Write to support@shop-help.example.</p>",
    }, "consistency.email")
    assert conflict.status is Status.FAIL
    assert [e.measured for e in conflict.evidence] == ["support@shop.example", "support@shop-help.example"]
    fine = finding({
        "/contact/": "<h1>Contact us</h1><p>Email help@shop.example.</p>",
        "/returns/": "<h1>Returns</h1><p>Email returns@shop.example.</p>",
    }, "consistency.email")
    assert fine.status is Status.PASS


def test_return_windows_30_vs_14_days_fail_with_both_sentences() -> None:
    result = finding({
        "/returns/": "<h1>Returns</h1><p>You have 30 days to return anything you buy.</p>",
        "/faq": "<h1>FAQ</h1><p>You can return items within 14 days of delivery.</p>",
    }, "consistency.return_window")
    assert result.status is Status.FAIL
    assert [e.snippet for e in result.evidence] == ["You have 30 days to return anything you buy.",
                                                    "You can return items within 14 days of delivery."]
    assert {row["value"] for row in result.data["values"]} == {"30", "14"}


def test_return_window_for_sale_items_needs_review() -> None:
    result = finding({
        "/returns/": "<h1>Returns</h1><p>You have 30 days to return anything you buy.</p>",
        "/sale": "<p>Sale items can be returned within 14 days.</p>",
    }, "consistency.return_window")
    assert result.status is Status.NEEDS_REVIEW


def test_return_windows_agree_or_are_absent() -> None:
    agree = finding({"/returns/": "<p>You have 30 days to return items.</p>",
                     "/faq": "<p>Return it within 30 days.</p>"}, "consistency.return_window")
    assert agree.status is Status.PASS
    assert finding({"/": "<p>Hi.</p>"}, "consistency.return_window").status is Status.NOT_APPLICABLE


def test_phone_line_hours_that_differ_fail() -> None:
    result = finding({
        "/contact/": "<h1>Contact us</h1><p>Phone lines: Monday to Friday 8am to 8pm.</p>",
        "/faq": "<h1>FAQ</h1><p>Our phone lines are open Monday to Friday 9am to 5pm.</p>",
    }, "consistency.hours")
    assert result.status is Status.FAIL
    assert [e.url for e in result.evidence] == [START + "contact/", START + "faq"]
    assert "Mo" in result.message


def test_hours_for_different_services_need_review_and_same_hours_pass() -> None:
    review = finding({
        "/contact/": "<h1>Contact us</h1><p>Phone lines: Monday to Friday 8am to 8pm.</p>",
        "/visit": "<p>Our showroom: Monday to Friday 10am to 4pm.</p>",
    }, "consistency.hours")
    assert review.status is Status.NEEDS_REVIEW
    same = finding({
        "/contact/": "<h1>Contact us</h1><p>Phone lines: Mon–Fri 8am–8pm.</p>",
        "/faq": "<p>Call us Monday to Friday, 08:00 to 20:00.</p>",
    }, "consistency.hours")
    assert same.status is Status.PASS
    assert finding({"/": "<p>Hi.</p>"}, "consistency.hours").status is Status.NOT_APPLICABLE


def test_delivery_times_for_the_same_service_fail_quoting_both_pages() -> None:
    result = finding({
        "/delivery/": "<h1>Delivery</h1><p>Standard delivery takes 3 to 5 working days.</p>",
        "/faq": "<h1>FAQ</h1><p>Standard delivery takes 7 to 10 working days.</p>",
    }, "consistency.delivery_time")
    assert result.status is Status.FAIL
    quoted = {(e.url, e.snippet) for e in result.evidence}
    assert quoted == {(START + "delivery/", "Standard delivery takes 3 to 5 working days."),
                      (START + "faq", "Standard delivery takes 7 to 10 working days.")}


def test_delivery_options_for_different_services_pass_and_unlabelled_differences_need_review() -> None:
    options = finding({
        "/delivery/": "<h1>Delivery</h1><p>Standard delivery costs £3.95.</p><p>Express delivery costs £5.95.</p>",
        "/faq": "<h1>FAQ</h1><p>Express delivery costs £5.95.</p>",
    }, "consistency.delivery_cost")
    assert options.status is Status.PASS
    unsure = finding({
        "/a": "<p>Delivery costs £3.95.</p>",
        "/b": "<p>Delivery costs £4.95.</p>",
    }, "consistency.delivery_cost")
    assert unsure.status is Status.NEEDS_REVIEW
    assert {e.measured for e in unsure.evidence} == {"£3.95", "£4.95"}
    assert finding({"/": "<p>Hi.</p>"}, "consistency.delivery_time").status is Status.NOT_APPLICABLE


def test_bad_input_gives_clean_consistency_results() -> None:
    for rule in ("consistency.phone", "consistency.hours", "consistency.delivery_cost"):
        assert finding({"/": "", "/img": "<img src='a.png'>", "/broken": "<p><b>Call <i>020 7946 06"},
                       rule).status in (Status.NOT_APPLICABLE, Status.NEEDS_REVIEW, Status.PASS)
