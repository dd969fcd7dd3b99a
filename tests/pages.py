"""Build page models from inline HTML, the way the pipeline does, for tests of checks and models."""

from __future__ import annotations

from auditor.crawl.record import FetchRecord
from auditor.page import Page, parse_page
from auditor.touchpoints import classify

START = "https://shop.example/"


def make_page(html: str, path: str = "page/", *, start_url: str = START, charset: str | None = "utf-8",
              headers: dict[str, str] | None = None) -> Page:
    """Parse ``html`` as if fetched from ``start_url + path`` and classify its touchpoint."""
    url = start_url + path
    record = FetchRecord(url=url, final_url=url, status=200, content_type="text/html", charset=charset,
                         headers=headers or {}, body=html.encode(charset or "utf-8"))
    page = parse_page(record)
    page.touchpoint = classify(page, start_url)
    return page


def body_page(body: str, url: str = "https://shop.example/contact", lang: str = "en-GB", head: str = "") -> Page:
    """A page of ``body`` in language ``lang``, unclassified: for the fact extractors, which read any page."""
    html = f"<html lang='{lang}'><head><title>Page</title>{head}</head><body>{body}</body></html>"
    return parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html",
                                  body=html.encode()))
