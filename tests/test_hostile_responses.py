"""Hostile responses: huge bodies, compression bombs, slow drips, silence, resets, broken encodings,
pathological markup, error statuses, rate limits, bot walls, non-HTML, and hostile robots.txt/sitemaps.

Every case runs against tests/hostile_server.py on 127.0.0.1 with tiny limits; each asserts the limit
that stopped it through the record's ``error``/``truncated`` fields, never through wall-clock time.
"""

from __future__ import annotations

import gzip
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from auditor.config import AuditConfig, CrawlConfig, ReportConfig, SiteConfig
from auditor.crawl import crawl
from auditor.crawl.fetch import Fetcher, FetchHalted
from auditor.crawl.record import FetchRecord
from auditor.crawl.robots import ROBOTS_MAX_BYTES
from auditor.crawl.sitemaps import parse_sitemap
from auditor.crawl.store import PageStore
from auditor.page import parse_page
from auditor.pipeline import run_audit
from tests.hostile_server import (
    MB,
    HostileServer,
    compression_bomb,
    fixed,
    huge_body,
    nested,
    never_answers,
    page,
    reset_mid_body,
    retry_after,
    slow_drip,
)


def cfg(**kwargs: object) -> CrawlConfig:
    """Loopback allowed (the fixture server), no retries, short timeouts: every case stays fast."""
    kwargs.setdefault("allow_private_addresses", True)
    kwargs.setdefault("retries", 0)
    kwargs.setdefault("timeout", 2.0)
    return CrawlConfig(**kwargs)  # type: ignore[arg-type]


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


def links_of(store: PageStore) -> Callable[[FetchRecord], list[str]]:
    """A small stand-in for the pipeline's analyse: parse, store, return the links."""
    def analyse(record: FetchRecord) -> list[str]:
        parsed = parse_page(record)
        links = sorted({link.url for link in parsed.http_links()})
        store.put_page(record.url, {"url": parsed.url, "title": parsed.title}, links)
        return links

    return analyse


def html_record(body: bytes, content_type: str = "text/html") -> FetchRecord:
    ctype_charset = content_type.partition("charset=")[2] or None
    return FetchRecord("http://127.0.0.1/x", "http://127.0.0.1/x", 200, content_type=content_type,
                       charset=ctype_charset, body=body)


# Sizes


def test_body_over_a_gigabyte_stops_at_max_bytes(hostile: HostileServer) -> None:
    hostile.routes["/huge"] = huge_body(1100 * MB)
    record = Fetcher(cfg(max_bytes=256 * 1024)).fetch(hostile.url("huge"))
    assert record.ok and record.truncated
    assert record.body is not None and len(record.body) == 256 * 1024
    assert hostile.hits["/huge"] == 1


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compression_bomb_is_refused_by_its_ratio(hostile: HostileServer, encoding: str) -> None:
    hostile.routes["/bomb"] = compression_bomb(encoding, 4096 * MB)  # 4 GB of zeros, about 4 MB on the wire
    record = Fetcher(cfg()).fetch(hostile.url("bomb"))  # default max_bytes (5 MB) would not stop it first
    assert record.error == "decompression_bomb"
    assert record.body is None and record.status == 200


def test_max_bytes_counts_decoded_bytes(hostile: HostileServer) -> None:
    hostile.routes["/bomb"] = compression_bomb("gzip", 64 * MB)
    record = Fetcher(cfg(max_bytes=100_000)).fetch(hostile.url("bomb"))
    assert record.truncated and record.body is not None and len(record.body) == 100_000
    assert record.body.startswith(b"<html><body><p>\0")


def test_honest_gzip_page_is_decoded(hostile: HostileServer) -> None:
    body = page(title="Compressed", body="word " * 2000)
    hostile.routes["/gz"] = fixed(gzip.compress(body), headers={"Content-Encoding": "gzip"})
    hostile.routes["/two"] = fixed(gzip.compress(body[:100]) + gzip.compress(body[100:]),
                                   headers={"Content-Encoding": "gzip"})  # multi-member gzip
    fetcher = Fetcher(cfg())
    for path in ("gz", "two"):
        record = fetcher.fetch(hostile.url(path))
        assert record.ok and not record.truncated and record.body == body


def test_unknown_or_corrupt_content_encoding_is_an_error(hostile: HostileServer) -> None:
    hostile.routes["/br"] = fixed(b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
    hostile.routes["/corrupt"] = fixed(b"\x1f\x8b\x08\x00garbage-not-gzip" * 10, headers={"Content-Encoding": "gzip"})
    fetcher = Fetcher(cfg())
    assert fetcher.fetch(hostile.url("br")).error == "decoding"
    assert fetcher.fetch(hostile.url("corrupt")).error == "decoding"


# Time


def test_slow_drip_is_cut_by_the_per_response_deadline(hostile: HostileServer) -> None:
    hostile.routes["/drip"] = slow_drip(0.05)  # never quiet long enough for the 2 s read timeout
    record = Fetcher(cfg(response_seconds=0.5)).fetch(hostile.url("drip"))
    assert record.error == "too_slow" and record.truncated
    assert record.body is not None and 0 < len(record.body) < 10_000


def test_slow_drip_in_a_crawl_keeps_the_other_pages(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.routes["/"] = fixed(page("/drip", "/fine"))
    hostile.routes["/drip"] = slow_drip(0.05)
    hostile.routes["/fine"] = fixed(page(title="Fine"))
    with PageStore(tmp_path / "s.sqlite") as store:
        summary = crawl(hostile.base, cfg(response_seconds=0.5), store, links_of(store))
        assert summary.stopped_reason == "complete"
        assert store.get(hostile.url("drip")).error == "too_slow"  # type: ignore[union-attr]
        assert store.page(hostile.url("fine")) is not None


def test_server_that_never_answers_times_out(hostile: HostileServer) -> None:
    hostile.routes["/silent"] = never_answers
    record = Fetcher(cfg(timeout=0.3)).fetch(hostile.url("silent"))
    assert (record.status, record.error) == (0, "timeout")


def test_connection_reset_mid_body_is_retried_then_reported(hostile: HostileServer) -> None:
    hostile.routes["/reset"] = reset_mid_body
    record = Fetcher(cfg(retries=1)).fetch(hostile.url("reset"))
    assert (record.status, record.error) == (0, "incomplete")
    assert hostile.hits["/reset"] == 2


# Encodings and markup


def test_wrong_charset_in_header_does_not_break_parsing() -> None:
    body = "<html><head><title>Café crème</title></head><body><p>Prix: 5 €</p></body></html>".encode("cp1252")
    parsed = parse_page(html_record(body, "text/html; charset=utf-8"))  # the header lies
    assert parsed.parse_error is None and parsed.title.startswith("Caf")


def test_missing_charset_falls_back_to_meta() -> None:
    body = ('<html><head><meta charset="windows-1252"><title>Café</title></head><body>x</body></html>'
            .encode("cp1252"))
    assert parse_page(html_record(body, "text/html")).title == "Café"


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    body = b"<html><head><title>ok \xff\xfe\xc3\x28 end</title></head><body>\xed\xa0\x80 text</body></html>"
    parsed = parse_page(html_record(body, "text/html; charset=utf-8"))
    assert parsed.title.startswith("ok ") and parsed.title.endswith(" end")
    assert "text" in parsed.body_text


def test_unknown_charset_label_is_not_fatal() -> None:
    parsed = parse_page(html_record(b"<title>t</title><p>x</p>", "text/html; charset=x-no-such-charset"))
    assert parsed.title == "t"


def test_binary_labelled_html_is_crawled_without_crashing(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.routes["/"] = fixed(page("/binary", "/after"))
    hostile.routes["/binary"] = fixed(os.urandom(300_000) + b"\0" * 1000)
    hostile.routes["/after"] = fixed(page(title="After"))
    with PageStore(tmp_path / "s.sqlite") as store:
        summary = crawl(hostile.base, cfg(), store, links_of(store))
        assert summary.stopped_reason == "complete"
        assert store.get(hostile.url("binary")).ok  # type: ignore[union-attr]
        assert store.page(hostile.url("after")) is not None


def test_100000_nested_tags_neither_crash_nor_recurse() -> None:
    parsed = parse_page(html_record(nested(100_000)))
    # libxml2 stops at its depth limit (256) instead of recursing: the page parses, bounded.
    assert parsed.parse_error is None
    assert parsed.url == "http://127.0.0.1/x"


def test_huge_attribute_values_are_bounded() -> None:
    body = (b"<html><head><title>" + b"T" * 2_000_000 + b"</title></head><body><a title='" + b"A" * 5_000_000
            + b"' href='/x?" + b"q" * 100_000 + b"'>" + b"B" * 100_000 + b"</a><img src='" + b"s" * 1_000_000
            + b"'></body></html>")
    parsed = parse_page(html_record(body))
    assert len(parsed.title) <= 1000
    assert len(parsed.links) == 1 and len(parsed.links[0].text) <= 300
    assert len(parsed.images[0].src) <= 500


# Statuses


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried_then_recorded(hostile: HostileServer, status: int) -> None:
    hostile.routes["/err"] = fixed(b"<html><body>Oops</body></html>", status=status, headers={"Retry-After": "0"})
    record = Fetcher(cfg(retries=2)).fetch(hostile.url("err"))
    assert (record.status, record.error) == (status, None) and not record.ok
    assert hostile.hits["/err"] == 3


def test_429_retry_after_is_honoured(hostile: HostileServer) -> None:
    hostile.routes["/limited"] = retry_after(1, page(title="Served"))  # early retries get 429 again
    record = Fetcher(cfg(retries=1)).fetch(hostile.url("limited"))
    assert record.ok and record.body is not None and b"Served" in record.body
    assert hostile.hits["/limited"] == 2


def test_429_retry_after_is_bounded_by_the_time_budget(hostile: HostileServer) -> None:
    hostile.routes["/limited"] = retry_after(3600, page())
    fetcher = Fetcher(cfg(retries=3), deadline=__import__("time").monotonic() + 1.0)
    record = fetcher.fetch(hostile.url("limited"))
    assert (record.status, record.error) == (429, "bot_wall")
    assert hostile.hits["/limited"] <= 2  # one wait, cut to the budget, then no more


def test_a_stop_during_a_retry_wait_abandons_the_request_instead_of_recording_the_failure(
        hostile: HostileServer) -> None:
    hostile.routes["/busy"] = retry_after(20, page())
    stop = threading.Event()
    fetcher = Fetcher(cfg(retries=3), stop=stop)
    threading.Timer(0.2, stop.set).start()  # Ctrl-C while the fetcher waits to retry
    with pytest.raises(FetchHalted):  # a resumed crawl asks again rather than keep a 429 it meant to retry
        fetcher.fetch(hostile.url("busy"))
    assert hostile.hits["/busy"] == 1


def test_403_bot_wall_is_reported_as_blocked_never_as_an_empty_page(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.routes["/"] = fixed(page("/help", "/wall", title="Home", body="Welcome to the shop. " * 20))
    hostile.routes["/help"] = fixed(page(title="Help", body="How to return an item. " * 20))
    hostile.routes["/wall"] = fixed(b"<html><body>Access denied</body></html>", status=403)
    hostile.routes["/robots.txt"] = fixed(b"", 404)
    config = AuditConfig(site=SiteConfig(start_url=hostile.base), crawl=cfg(),
                         report=ReportConfig(build_site=False))
    audit = run_audit(config, tmp_path / "out").audit
    wall = next(p for p in audit["pages"] if p["url"] == hostile.url("wall"))
    assert (wall["status"], wall["error"]) == (403, "bot_wall")
    assert wall["touchpoint"] is None and wall["words"] == 0  # not analysed as a page with no words
    assert audit["crawl"]["pages_analysed"] == 2 and audit["crawl"]["errors"] == 1


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/pdf", b"%PDF-1.4 <html><a href='/secret'>x</a></html>"),
    ("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 1000),
    ("application/json", b'{"html": "<a href=\\"/secret\\">x</a>"}'),
    ("text/plain", b"<html><a href='/secret'>x</a></html>"),
])
def test_non_html_is_recorded_not_parsed(hostile: HostileServer, tmp_path: Path, content_type: str,
                                         body: bytes) -> None:
    hostile.routes["/"] = fixed(page("/file"))
    hostile.routes["/file"] = fixed(body, content_type=content_type)
    with PageStore(tmp_path / "s.sqlite") as store:
        crawl(hostile.base, cfg(), store, links_of(store))
        record = store.get(hostile.url("file"))
        assert record is not None and record.ok and record.body is None
        assert store.page(hostile.url("file")) is None
    assert hostile.hits["/secret"] == 0


# robots.txt and sitemaps that are huge, bombed or malformed


def test_huge_robots_txt_is_read_up_to_its_cap(hostile: HostileServer, tmp_path: Path) -> None:
    rules = b"User-agent: *\nDisallow: /early\n" + b"# padding\n" * (3 * MB // 10) + b"Disallow: /late\n"
    hostile.routes["/robots.txt"] = fixed(rules, content_type="text/plain")
    hostile.routes["/"] = fixed(page("/early", "/late"))
    hostile.routes["/late"] = fixed(page(title="Late"))
    assert len(rules) > ROBOTS_MAX_BYTES
    with PageStore(tmp_path / "s.sqlite") as store:
        summary = crawl(hostile.base, cfg(), store, links_of(store))
    assert summary.robots_disallowed == [hostile.url("early")]
    assert hostile.hits["/early"] == 0 and hostile.hits["/late"] == 1  # past the cap: not a rule


def test_gzip_bombed_robots_txt_is_cut_and_crawled_past(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.routes["/robots.txt"] = compression_bomb("gzip", 2048 * MB, content_type="text/plain")
    hostile.routes["/"] = fixed(page("/a"))
    hostile.routes["/a"] = fixed(page(title="A"))
    with PageStore(tmp_path / "s.sqlite") as store:
        summary = crawl(hostile.base, cfg(), store, links_of(store))
        kept = store.get_meta("robots " + hostile.base.rstrip("/"))
    assert summary.stopped_reason == "complete" and hostile.hits["/a"] == 1
    assert kept is not None and len(kept) <= ROBOTS_MAX_BYTES  # decoded bytes capped, not 2 GB


def test_gzip_bombed_robots_txt_beyond_the_ratio_means_no_rules(hostile: HostileServer,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    hostile.routes["/robots.txt"] = compression_bomb("gzip", 2048 * MB, content_type="text/plain")
    fetcher = Fetcher(cfg())
    with caplog.at_level(logging.WARNING, logger="auditor.crawl"):
        record = fetcher.fetch(hostile.url("robots.txt"), keep_body=True, max_bytes=8 * MB, use_guard=False)
    assert record.error == "decompression_bomb" and record.body is None


def test_malformed_robots_txt_is_not_fatal(hostile: HostileServer, tmp_path: Path) -> None:
    junk = (os.urandom(5000) + b"\nUser-agent: *\nDisallow: /\xff\xfe\n\0\0Crawl-delay: banana\nCrawl-delay: -5\n"
            b"Sitemap: javascript:alert(1)\nSitemap: file:///etc/passwd\n")
    hostile.routes["/robots.txt"] = fixed(junk, content_type="text/plain")
    hostile.routes["/"] = fixed(page("/a"))
    hostile.routes["/a"] = fixed(page(title="A"))
    with PageStore(tmp_path / "s.sqlite") as store:
        summary = crawl(hostile.base, cfg(), store, links_of(store))
    assert summary.stopped_reason == "complete" and hostile.hits["/a"] == 1


def test_huge_sitemap_is_capped_at_max_pages(hostile: HostileServer, tmp_path: Path) -> None:
    urls = "".join(f"<url><loc>{hostile.base}s/{i}</loc></url>" for i in range(50_000))
    hostile.routes["/sitemap.xml"] = fixed(f"<urlset>{urls}</urlset>".encode(), content_type="application/xml")
    hostile.routes["/"] = fixed(page())
    hostile.prefixes["/s/"] = fixed(page(title="Seeded"))
    with PageStore(tmp_path / "s.sqlite") as store:
        summary = crawl(hostile.base, cfg(max_pages=10), store, links_of(store))
    assert len(summary.sitemap_urls) == 10
    assert summary.stopped_reason == "max_pages" and hostile.hits_under("/s/") == 9


def test_gzip_bombed_sitemap_is_unpacked_only_to_max_bytes(hostile: HostileServer, tmp_path: Path) -> None:
    # a .gz sitemap file whose gzip body is itself a bomb (not Content-Encoding: we unpack it)
    hostile.routes["/robots.txt"] = fixed(f"Sitemap: {hostile.base}map.xml.gz\n".encode(), content_type="text/plain")
    bomb = gzip.compress(b"<urlset>" + b" " * (24 * MB), 1)
    hostile.routes["/map.xml.gz"] = fixed(bomb, content_type="application/gzip")
    hostile.routes["/"] = fixed(page())
    with PageStore(tmp_path / "s.sqlite") as store:
        summary = crawl(hostile.base, cfg(max_bytes=1 * MB), store, links_of(store))
    assert summary.stopped_reason == "complete" and summary.sitemap_urls == []


def test_malformed_sitemaps_are_not_fatal() -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
              b"<urlset><url><loc>https://example.com/&d;</loc></url></urlset>")
    _, locs = parse_sitemap(laughs, MB)
    assert all(len(loc) < 1000 for loc in locs)  # entities are not expanded
    assert parse_sitemap(b"<urlset><url><loc>https://example.com/a</loc>", MB)[1] == ["https://example.com/a"]
    assert parse_sitemap(os.urandom(10_000), MB) == (False, [])
    assert parse_sitemap(b"<" * 100_000, MB) == (False, [])


def test_many_hostile_answers_in_one_crawl_lose_nothing(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.routes["/"] = fixed(page("/huge", "/bomb", "/reset", "/silent", "/e500", "/ok1", "/ok2"))
    hostile.routes["/huge"] = huge_body(1100 * MB)
    hostile.routes["/bomb"] = compression_bomb("gzip", 4096 * MB)
    hostile.routes["/reset"] = reset_mid_body
    hostile.routes["/silent"] = never_answers
    hostile.routes["/e500"] = fixed(b"", 500)
    hostile.routes["/ok1"] = fixed(page(title="One"))
    hostile.routes["/ok2"] = fixed(page(title="Two"))
    done = threading.Event()
    with PageStore(tmp_path / "s.sqlite") as store:
        summary = crawl(hostile.base, cfg(timeout=0.5, max_bytes=MB), store, links_of(store))
        done.set()
        errors = {r.url.rsplit("/", 1)[-1]: (r.error, r.truncated) for r in store.records()}
        assert store.page(hostile.url("ok1")) is not None and store.page(hostile.url("ok2")) is not None
    assert summary.stopped_reason == "complete"
    assert errors["huge"] == (None, True)
    assert errors["bomb"][0] == "decompression_bomb"
    assert errors["reset"][0] == "incomplete" and errors["silent"][0] == "timeout"
