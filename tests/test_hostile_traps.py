"""Crawl traps and robots.txt: each trap is bounded by a documented limit (``max_pages``, ``max_depth``,
the redirect cap) and the crawl reports which one stopped it; robots rules, crawl-delay and the override.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from auditor.config import AuditConfig, CrawlConfig, ReportConfig, SiteConfig
from auditor.crawl import crawl
from auditor.crawl.fetch import MAX_REDIRECTS, Fetcher
from auditor.crawl.record import FetchRecord
from auditor.crawl.store import PageStore
from auditor.page import parse_page
from auditor.pipeline import run_audit
from tests.hostile_server import (
    HostileServer,
    Request,
    calendar,
    deep_path,
    fixed,
    many_links,
    page,
    redirect,
    redirect_chain,
    session_ids,
    soft_404,
)


def cfg(**kwargs: object) -> CrawlConfig:
    kwargs.setdefault("allow_private_addresses", True)
    kwargs.setdefault("retries", 0)
    kwargs.setdefault("timeout", 2.0)
    kwargs.setdefault("use_sitemaps", False)
    return CrawlConfig(**kwargs)  # type: ignore[arg-type]


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer({"/robots.txt": fixed(b"", 404)}) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PageStore]:
    with PageStore(tmp_path / "s.sqlite") as page_store:
        yield page_store


def analyse_into(store: PageStore) -> Callable[[FetchRecord], list[str]]:
    def analyse(record: FetchRecord) -> list[str]:
        links = sorted({link.url for link in parse_page(record).http_links()})
        store.put_page(record.url, {"url": record.url}, links)
        return links

    return analyse


def requested(store: PageStore) -> list[FetchRecord]:
    return [r for r in store.records() if r.error != "blocked_by_robots"]


# Redirect traps


def test_redirect_loop_is_named_and_bounded(hostile: HostileServer) -> None:
    hostile.routes.update({"/a": redirect("/b"), "/b": redirect("/c"), "/c": redirect("/a")})
    record = Fetcher(cfg()).fetch(hostile.url("a"))
    assert (record.status, record.error) == (0, "redirect_loop")
    assert record.redirect_chain == [hostile.url(p) for p in ("a", "b", "c")]
    assert sum(hostile.hits.values()) == 3


def test_thirty_hop_redirect_chain_stops_at_the_redirect_cap(hostile: HostileServer) -> None:
    hostile.prefixes["/hop/"] = redirect_chain("/hop/", 30)
    record = Fetcher(cfg()).fetch(hostile.url("hop/0"))
    assert record.error == "too_many_redirects"
    assert len(record.redirect_chain) == MAX_REDIRECTS + 1  # the first URL and every hop it was sent on
    assert hostile.hits_under("/hop/") == MAX_REDIRECTS + 1


def test_redirect_chain_within_the_cap_lands(hostile: HostileServer) -> None:
    hostile.prefixes["/hop/"] = redirect_chain("/hop/", MAX_REDIRECTS)
    record = Fetcher(cfg()).fetch(hostile.url("hop/0"))
    assert record.ok and record.final_url == hostile.url(f"hop/{MAX_REDIRECTS}")


def test_self_redirect_with_changing_query_is_bounded(hostile: HostileServer) -> None:
    def forever(req: Request) -> None:
        req.send(302, b"", headers={"Location": f"/moving?n={hostile.hits_under('/moving')}"})

    hostile.routes["/moving"] = forever
    record = Fetcher(cfg()).fetch(hostile.url("moving"))
    assert record.error == "too_many_redirects" and hostile.hits_under("/moving") == MAX_REDIRECTS + 1


# Infinite spaces


def test_infinite_calendar_is_cut_at_max_pages(hostile: HostileServer, store: PageStore) -> None:
    hostile.routes["/"] = fixed(page("/calendar?m=0"))
    hostile.routes["/calendar"] = calendar
    summary = crawl(hostile.base, cfg(max_pages=15), store, analyse_into(store))
    assert summary.stopped_reason == "max_pages"
    assert summary.fetched == 15 and len(requested(store)) == 15


def test_infinite_calendar_is_cut_at_max_depth(hostile: HostileServer, store: PageStore) -> None:
    hostile.routes["/"] = fixed(page("/calendar?m=0"))
    hostile.routes["/calendar"] = calendar
    summary = crawl(hostile.base, cfg(max_depth=4), store, analyse_into(store))
    assert summary.stopped_reason == "complete"
    assert max(r.depth for r in requested(store)) == 4
    assert len(requested(store)) == 1 + 1 + 2 + 2 + 2  # home, m=0, then one month each way per level


def test_exclude_pattern_tames_a_calendar(hostile: HostileServer, store: PageStore) -> None:
    hostile.routes["/"] = fixed(page("/calendar?m=0", "/about"))
    hostile.routes["/calendar"] = calendar
    hostile.routes["/about"] = fixed(page(title="About"))
    summary = crawl(hostile.base, cfg(exclude=[r"/calendar\?"]), store, analyse_into(store))
    assert summary.stopped_reason == "complete" and hostile.hits_under("/calendar") == 0


def test_session_ids_in_urls_are_bounded(hostile: HostileServer, store: PageStore) -> None:
    hostile.routes["/"] = fixed(page("/session"))
    hostile.routes["/session"] = session_ids
    hostile.prefixes["/session;"] = session_ids
    summary = crawl(hostile.base, cfg(max_pages=20), store, analyse_into(store))
    assert summary.stopped_reason == "max_pages" and len(requested(store)) == 20


def test_soft_404_maze_is_bounded(hostile: HostileServer, store: PageStore) -> None:
    hostile.routes["/"] = fixed(page("/nowhere"))
    hostile.prefixes["/nowhere"] = soft_404
    summary = crawl(hostile.base, cfg(max_pages=15), store, analyse_into(store))
    assert summary.stopped_reason == "max_pages"
    assert all(r.status == 200 for r in requested(store)) and len(requested(store)) == 15


def test_deep_path_recursion_is_cut_at_max_depth(hostile: HostileServer, store: PageStore) -> None:
    hostile.routes["/"] = fixed(page("/deep/"))
    hostile.prefixes["/deep/"] = deep_path
    summary = crawl(hostile.base, cfg(max_depth=6), store, analyse_into(store))
    assert summary.stopped_reason == "complete"
    deepest = max(requested(store), key=lambda r: r.depth)
    assert deepest.depth == 6 and deepest.url.count("/a") == 5


def test_page_with_a_million_links_is_bounded(hostile: HostileServer, store: PageStore) -> None:
    hostile.routes["/"] = many_links(1_000_000)
    hostile.prefixes["/l/"] = fixed(page(title="Leaf"))
    summary = crawl(hostile.base, cfg(max_pages=30, max_bytes=200_000), store, analyse_into(store))
    home = store.get(hostile.base)
    assert home is not None and home.truncated  # 1,000,000 links do not fit in max_bytes
    assert summary.stopped_reason == "max_pages" and len(requested(store)) == 30
    assert hostile.hits_under("/l/") == 29


def test_traps_are_reported_in_the_audit(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.routes["/"] = fixed(page("/calendar?m=0", title="Home", body="Welcome. " * 30))
    hostile.routes["/calendar"] = calendar
    config = AuditConfig(site=SiteConfig(start_url=hostile.base), crawl=cfg(max_pages=12),
                         report=ReportConfig(build_site=False))
    audit = run_audit(config, tmp_path / "out").audit
    assert audit["crawl"]["stopped_reason"] == "max_pages" and audit["crawl"]["pages_fetched"] == 12


# robots.txt


def test_robots_disallow_is_honoured_for_links_and_redirect_hops(hostile: HostileServer, store: PageStore) -> None:
    hostile.routes["/robots.txt"] = fixed(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    hostile.routes["/"] = fixed(page("/private/a", "/sneaky"))
    hostile.routes["/sneaky"] = redirect("/private/b")
    hostile.prefixes["/private/"] = fixed(page(title="Private"))
    summary = crawl(hostile.base, cfg(), store, analyse_into(store))
    assert hostile.hits_under("/private/") == 0
    assert summary.robots_disallowed == [hostile.url("private/a")]
    assert store.get(hostile.url("sneaky")).error == "blocked_by_robots"  # type: ignore[union-attr]


def test_crawl_delay_is_honoured(hostile: HostileServer, store: PageStore, caplog: pytest.LogCaptureFixture) -> None:
    # The server refuses (503) any request that comes sooner than the delay after the previous one,
    # so a complete crawl of 200s proves the pacing without timing anything here.
    last: list[float] = []
    lock = threading.Lock()

    def paced(body: bytes) -> Callable[[Request], None]:
        def answer(req: Request) -> None:
            with lock:
                now = time.monotonic()
                early = bool(last) and now - last[-1] < 0.25
                last.append(now)
            req.send(503 if early else 200, body)

        return answer

    hostile.routes["/robots.txt"] = fixed(b"User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain")
    hostile.routes["/"] = paced(page("/a", "/b", "/c"))
    for path in ("/a", "/b", "/c"):
        hostile.routes[path] = paced(page(title=path))
    with caplog.at_level(logging.INFO, logger="auditor.crawl"):
        crawl(hostile.base, cfg(concurrency=4), store, analyse_into(store))
    assert "asks for 0.3 s between requests" in caplog.text
    assert [r.status for r in requested(store)] == [200, 200, 200, 200]


def test_robots_override_is_explicit_and_logged(hostile: HostileServer, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    hostile.routes["/robots.txt"] = fixed(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    hostile.routes["/"] = fixed(page("/inside", title="Home", body="Welcome. " * 30))
    hostile.routes["/inside"] = fixed(page(title="Inside"))
    config = AuditConfig(site=SiteConfig(start_url=hostile.base), crawl=cfg(respect_robots=False),
                         report=ReportConfig(build_site=False))
    with caplog.at_level(logging.WARNING, logger="auditor.crawl"):
        audit = run_audit(config, tmp_path / "out").audit
    assert "robots.txt ignored by configuration (crawl.respect_robots: false)" in caplog.text
    assert audit["crawl"]["robots_respected"] is False  # the report says so too
    assert hostile.hits["/inside"] == 1
