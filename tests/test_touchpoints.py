"""Touchpoint classification from URL, structured data and headings."""

from __future__ import annotations

import pytest

from auditor.touchpoints import journey_stage, touchpoint_group
from tests.pages import START, make_page


@pytest.mark.parametrize(
    ("path", "html", "expected"),
    [
        ("", "<title>Shop</title>", "home"),
        ("faq/", "<title>Questions</title>", "faq"),
        ("contact-us/", "<title>Talk to us</title>", "contact"),
        ("returns/", "<title>Returns</title>", "returns"),
        ("help/delivery-times/", "<title>Delivery times</title>", "help"),
        ("delivery/", "<title>Delivery</title>", "shipping"),
        ("legal/privacy-policy/", "<title>Privacy</title>", "privacy"),
        ("shop/oak-lamp/", "<title>Oak lamp</title>", "product"),
        ("blog/winter-news/", "<title>News</title>", "blog"),
        ("about/", "<title>About us</title>", "other"),
        ("docs/api/", "<title>API reference</title>", "help"),
        ("developers/webhooks/", "<title>Webhooks</title>", "help"),
        ("reference/", "<title>Ledgerly API reference</title>", "help"),
        ("x/", "<title>Frequently asked questions</title>", "faq"),
        ("y/", '<script type="application/ld+json">{"@type": "ContactPage"}</script>', "contact"),
        ("z/", '<script type="application/ld+json">{"@type": "Product", "name": "Lamp"}</script>', "product"),
    ],
)
def test_classify(path: str, html: str, expected: str) -> None:
    assert make_page(f"<html><head>{html}</head><body></body></html>", path).touchpoint == expected


def test_groups_and_stages() -> None:
    assert touchpoint_group("returns") == "policy"
    assert journey_stage("returns") == "after-sales"
    assert touchpoint_group("unheard-of") == "other"
    assert START.endswith("/")
