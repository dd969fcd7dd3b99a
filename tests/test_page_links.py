"""The crawler's cheap link extraction (``page_links``) against the page model's links: on every fixture page
and on the edge cases of base hrefs, URL resolution and scheme filtering, they must be the same set, or the
crawl would follow different pages than the audit models."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.crawl.record import FetchRecord
from auditor.page import page_links, parse_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIRS = [ROOT / "tests" / "sites", ROOT / "tests" / "accuracy", ROOT / "auditor" / "demo" / "site"]
ORIGIN = "http://127.0.0.1:8123/"


def _fixture_pages() -> list[Path]:
    return sorted(p for d in FIXTURE_DIRS for p in d.rglob("*") if p.suffix in (".html", ".htm") and p.is_file())


def _record(body: bytes, url: str, final_url: str | None = None, charset: str | None = None) -> FetchRecord:
    return FetchRecord(url=url, final_url=final_url or url, status=200, content_type="text/html",
                       charset=charset, body=body)


def _model_links(record: FetchRecord) -> list[str]:
    return sorted({link.url for link in parse_page(record).http_links()})


def test_every_fixture_page_gives_the_page_models_links() -> None:
    pages = _fixture_pages()
    assert len(pages) > 300  # every fixture site, accuracy corpus and demo page
    with_links = 0
    for path in pages:
        relative = path.relative_to(ROOT).as_posix()
        url = ORIGIN + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        record = _record(path.read_bytes(), url)
        expected = _model_links(record)
        assert page_links(record) == expected, relative
        with_links += bool(expected)
    assert with_links > 150


EDGE_CASES = {
    "base href, absolute": '<base href="https://other.example/sub/"><a href="a">x</a><a href="/b">y</a>',
    "base href, path only": '<base href="/deep/dir/"><a href="page">x</a>',
    "base href ignored when relative": '<base href="rel/"><a href="page">x</a>',
    "fragments dropped, anchors skipped": '<a href="/a#top">x</a><a href="#here">y</a><a href="  /b#c ">z</a>',
    "other schemes are not http links": '<a href="mailto:a@b.c">m</a><a href="tel:1">t</a><a href="ftp://x/">f</a>'
                                        '<a href="javascript:void(0)">j</a>',
    "upper-case scheme on another scheme": '<a href="HTTPS://Example.com/A">x</a><a href="HTTP://example.com/b">y</a>',
    "unparseable URL": '<a href="http://[bad">x</a><a href="/ok">ok</a>',
    "duplicates and empty hrefs": '<a href="/a">1</a><a href="/a">2</a><a href="">3</a><a>4</a>',
    "cloudflare-protected address": '<a href="/cdn-cgi/l/email-protection#4f3b2a3c3b0f2a372e223f232a612c2022">e</a>'
                                    '<a href="/cdn-cgi/l/email-protection#zz">bad</a>',
    "xml declaration and control characters": '<?xml version="1.0" encoding="utf-8"?><a href="/x\x01y">x</a>',
    "empty document": "",
    "not html at all": "\x00\x00",
}


@pytest.mark.parametrize("markup", EDGE_CASES.values(), ids=EDGE_CASES.keys())
@pytest.mark.parametrize("url,final_url", [("https://shop.example/help/", None),
                                           ("http://shop.example/old", "https://shop.example/new/page")])
def test_edge_cases_give_the_page_models_links(markup: str, url: str, final_url: str | None) -> None:
    record = _record(f"<html><head></head><body>{markup}</body></html>".encode(), url, final_url)
    assert page_links(record) == _model_links(record)


def test_links_resolve_against_the_final_url_and_base() -> None:
    record = _record(b'<a href="next">n</a><a href="/top#x">t</a>', "http://a.example/old", "http://a.example/d/p")
    assert page_links(record) == ["http://a.example/d/next", "http://a.example/top"]
    based = _record(b'<base href="https://b.example/x/"><a href="y">y</a>', "http://a.example/")
    assert page_links(based) == ["https://b.example/x/y"]


def test_charset_is_decoded_as_the_page_model_decodes_it() -> None:
    body = '<a href="/caf\u00e9">x</a>'.encode("latin-1")
    record = _record(body, "http://a.example/", charset="iso-8859-1")
    assert page_links(record) == _model_links(record) == ["http://a.example/caf\u00e9"]


def test_root_relative_links_resolve_against_each_pages_origin() -> None:
    """A root-relative href is looked up by the page's origin: pages of two sites, and a page under a
    deeper path, each get their own origin's URL."""
    for url in ("http://one.test/a/b/", "http://two.test:8080/c", "http://one.test/"):
        record = _record(b'<html><body><a href="/help/#top">Help</a><a href=" /x?q=1 ">X</a></body></html>', url)
        origin = url[:url.index("/", len("http://"))]
        assert _model_links(record) == [f"{origin}/help/", f"{origin}/x?q=1"]
        assert page_links(record) == _model_links(record)
