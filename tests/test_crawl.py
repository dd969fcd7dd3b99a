"""The crawler against fixture sites on 127.0.0.1: links, limits, robots, sitemaps, redirects, errors,
resume and interruption. Edge cases (redirects, 429, slow answers) use a small scripted server that
also counts the requests it receives."""

from __future__ import annotations

import functools
import gzip
import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import lxml.html
import pytest

from auditor import __version__
from auditor.config import CrawlConfig
from auditor.crawl import CrawlProgress, crawl
from auditor.crawl.fetch import Fetcher, parse_retry_after, retry_wait
from auditor.crawl.record import FetchRecord
from auditor.crawl.robots import RobotsRules
from auditor.crawl.sitemaps import gunzip, parse_sitemap
from auditor.crawl.store import PageStore
from auditor.errors import SiteError, UsageError

SITES = Path(__file__).parent / "sites"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def cfg(**kwargs: object) -> CrawlConfig:
    """Test configs allow loopback (the fixture servers) and retry quickly."""
    kwargs.setdefault("allow_private_addresses", True)
    kwargs.setdefault("retries", 0)
    return CrawlConfig(**kwargs)  # type: ignore[arg-type]


def page(*links: str, title: str = "Page") -> bytes:
    anchors = "".join(f'<a href="{href}">{href}</a>' for href in links)
    return f"<!doctype html><html><head><title>{title}</title></head><body>{anchors}</body></html>".encode()


class Analyser:
    """Stands in for the pipeline's analyse: extracts <a href> links and stores the page, as the lead's does."""

    def __init__(self, store: PageStore) -> None:
        self.store = store
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, record: FetchRecord) -> list[str]:
        assert record.body is not None
        doc = lxml.html.fromstring(record.body)
        doc.make_links_absolute(record.final_url)
        links = [a.get("href") for a in doc.iter("a") if a.get("href")]
        self.store.put_page(record.url, {"url": record.url, "title": doc.findtext(".//title")}, links)
        with self.lock:
            self.calls.append(record.url)
        return links


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PageStore]:
    with PageStore(tmp_path / "crawl.sqlite") as page_store:
        yield page_store


def fetched(store: PageStore) -> dict[str, FetchRecord]:
    """Records of URLs actually requested (robots-blocked ones are recorded without a request)."""
    return {r.url: r for r in store.records() if r.error != "blocked_by_robots"}


# A scripted server: fixed answers per path (a list gives successive answers), files from a directory
# otherwise, and a count of every request.


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: dict(HTML))
    delay: float = 0.0
    hold: threading.Event | None = None  # send half the body, then wait for this before sending the rest
    half_sent: threading.Event = field(default_factory=threading.Event)


@dataclass
class ScriptedSite:
    base: str
    routes: dict[str, Answer | list[Answer]]
    hits: Counter[str] = field(default_factory=Counter)
    agents: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def answer(self, path: str) -> Answer | None:
        with self.lock:
            self.hits[path] += 1
            route = self.routes.get(path)
            if isinstance(route, list):
                return route[min(self.hits[path], len(route)) - 1]
            return route


class _Handler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map,
                                                ".html": "text/html; charset=utf-8"}

    def do_GET(self) -> None:
        site: ScriptedSite = self.server.site  # type: ignore[attr-defined]
        site.agents.append(self.headers.get("User-Agent", ""))
        answer = site.answer(self.path)
        if answer is None:
            super().do_GET()
            return
        if answer.delay:
            time.sleep(answer.delay)
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if answer.hold is not None:
                half = len(answer.body) // 2
                self.wfile.write(answer.body[:half])
                self.wfile.flush()
                answer.half_sent.set()
                answer.hold.wait(10)
                self.wfile.write(answer.body[half:])
            else:
                self.wfile.write(answer.body)
        except OSError:  # the client gave up (timeout tests)
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def scripted(tmp_path: Path) -> Iterator[Callable[..., ScriptedSite]]:
    servers: list[ThreadingHTTPServer] = []

    def start(routes: dict[str, Answer | list[Answer]] | None = None, root: Path | None = None) -> ScriptedSite:
        directory = root or tmp_path / f"empty{len(servers)}"
        directory.mkdir(exist_ok=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
        server.daemon_threads = True
        site = ScriptedSite(f"http://127.0.0.1:{server.server_address[1]}/", routes or {})
        server.site = site  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return site

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# Link following, scope, limits


def test_follows_in_scope_links_and_records_every_url(serve_site: Callable[[str], str], store: PageStore) -> None:
    base = serve_site("crawl_basic")
    analyse = Analyser(store)
    summary = crawl(base, cfg(), store, analyse)
    records = fetched(store)
    expected = {base, base + "a.html", base + "b.html", base + "index.html", base + "notes.txt",
                base + "missing.html", base + "deep1.html", base + "deep2.html", base + "deep3.html"}
    assert set(records) == expected  # fragments, dot segments and tracking params collapse to one a.html
    assert summary.stopped_reason == "complete"
    assert summary.fetched == len(expected) and summary.reused == 0
    assert summary.start_url == base
    assert records[base + "missing.html"].status == 404
    notes = records[base + "notes.txt"]
    assert notes.ok and not notes.is_html and notes.body is None
    # analyse runs once per successful HTML page, never for text or error pages
    assert sorted(analyse.calls) == sorted(u for u in expected if u.endswith(("/", ".html")) and "missing" not in u)
    assert records[base + "deep3.html"].depth == 4
    assert records[base + "index.html"].depth == 2


def test_robots_disallowed_path_is_skipped_and_reported(serve_site: Callable[[str], str], store: PageStore) -> None:
    base = serve_site("crawl_basic")
    summary = crawl(base, cfg(), store, Analyser(store))
    secret = base + "private/secret.html"
    assert summary.robots_disallowed == [secret]
    assert not summary.robots_ignored
    blocked = store.get(secret)
    assert blocked is not None and blocked.error == "blocked_by_robots" and blocked.status == 0
    assert base + "hidden.html" not in fetched(store)  # linked only from the disallowed page


def test_depth_limit(serve_site: Callable[[str], str], store: PageStore) -> None:
    base = serve_site("crawl_basic")
    crawl(base, cfg(max_depth=2), store, Analyser(store))
    records = fetched(store)
    assert base + "deep1.html" in records
    assert base + "deep2.html" not in records
    assert max(r.depth for r in records.values()) == 2


def test_depth_zero_fetches_only_the_start_page(serve_site: Callable[[str], str], store: PageStore) -> None:
    base = serve_site("crawl_basic")
    summary = crawl(base, cfg(max_depth=0), store, Analyser(store))
    assert set(fetched(store)) == {base}
    assert summary.stopped_reason == "complete"


def test_max_pages_cuts_in_breadth_first_order(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    base = serve_site("crawl_basic")
    runs = []
    for run in range(2):
        with PageStore(tmp_path / f"run{run}.sqlite") as store:
            summary = crawl(base, cfg(max_pages=3, concurrency=8), store, Analyser(store))
            assert summary.stopped_reason == "max_pages"
            assert summary.fetched == 3
            runs.append(set(fetched(store)))
    assert runs[0] == runs[1] == {base, base + "a.html", base + "b.html"}


def test_same_pages_and_depths_every_run(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    base = serve_site("crawl_basic")
    seen = []
    for run in range(3):
        with PageStore(tmp_path / f"run{run}.sqlite") as store:
            crawl(base, cfg(concurrency=8), store, Analyser(store))
            seen.append([(r.url, r.depth, r.status, r.error) for r in store.records()])
    assert seen[0] == seen[1] == seen[2]


def test_include_and_exclude(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    base = serve_site("crawl_basic")
    with PageStore(tmp_path / "include.sqlite") as store:
        crawl(base, cfg(include=[r"/(a|deep\d)\.html$"]), store, Analyser(store))
        assert set(fetched(store)) == {base, base + "a.html", base + "deep1.html", base + "deep2.html",
                                       base + "deep3.html"}  # the start page is always fetched
    with PageStore(tmp_path / "exclude.sqlite") as store:
        crawl(base, cfg(include=[r"/(a|deep\d)\.html$"], exclude=["deep2"]), store, Analyser(store))
        assert set(fetched(store)) == {base, base + "a.html", base + "deep1.html"}


def test_progress_is_reported_after_every_url(serve_site: Callable[[str], str], store: PageStore) -> None:
    base = serve_site("crawl_basic")
    reports: list[CrawlProgress] = []
    summary = crawl(base, cfg(), store, Analyser(store), on_progress=reports.append)
    assert [r.fetched for r in reports] == list(range(1, summary.fetched + 1))
    assert reports[-1].queued == 0
    assert reports[-1].errors == 1  # missing.html
    assert {r.last_url for r in reports} == set(fetched(store))


# robots.txt


def _site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "site"
    root.mkdir(exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


@pytest.mark.parametrize("robots", [
    "User-agent: *\nDisallow: /\n",
    "User-agent: cxaudit\nDisallow: /\n\nUser-agent: *\nAllow: /\n",  # a group for our user agent
])
def test_robots_disallowing_the_start_page_is_a_site_error(serve_site: Callable[[Path], str], tmp_path: Path,
                                                          store: PageStore, robots: str) -> None:
    base = serve_site(_site(tmp_path, {"index.html": page().decode(), "robots.txt": robots}))
    with pytest.raises(SiteError, match=r"robots\.txt at .*/robots\.txt disallows the start page") as err:
        crawl(base, cfg(), store, Analyser(store))
    assert "respect_robots: false" in err.value.fix
    assert list(store.records()) == []


def test_ignoring_robots_is_logged_and_crawls_everything(serve_site: Callable[[str], str], store: PageStore,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    base = serve_site("crawl_basic")
    with caplog.at_level(logging.WARNING, logger="auditor.crawl"):
        summary = crawl(base, cfg(respect_robots=False), store, Analyser(store))
    assert "robots.txt ignored by configuration" in caplog.text
    assert summary.robots_ignored and summary.robots_disallowed == []
    records = fetched(store)
    assert records[base + "private/secret.html"].ok
    assert records[base + "hidden.html"].status == 404


def test_crawl_delay_is_read_for_our_user_agent() -> None:
    ua = f"cxaudit/{__version__} (+customer-experience audit)"
    assert RobotsRules("https://e.com/robots.txt", "User-agent: *\nCrawl-delay: 2.5\n", ua).crawl_delay == 2.5
    specific = "User-agent: cxaudit\nCrawl-delay: 1\n\nUser-agent: *\nCrawl-delay: 9\n"
    assert RobotsRules("https://e.com/robots.txt", specific, ua).crawl_delay == 1.0
    assert RobotsRules("https://e.com/robots.txt", "User-agent: *\nDisallow:\n", ua).crawl_delay is None


def test_crawl_delay_is_honoured(serve_site: Callable[[Path], str], tmp_path: Path, store: PageStore,
                                 caplog: pytest.LogCaptureFixture) -> None:
    root = _site(tmp_path, {"index.html": page("a.html", "b.html").decode(), "a.html": page().decode(),
                            "b.html": page().decode(), "robots.txt": "User-agent: *\nCrawl-delay: 0.01\n"})
    base = serve_site(root)
    with caplog.at_level(logging.INFO, logger="auditor.crawl"):
        summary = crawl(base, cfg(concurrency=4), store, Analyser(store))
    assert "honouring" in caplog.text
    assert summary.stopped_reason == "complete" and summary.fetched == 3


# sitemaps


def _sitemap_site(tmp_path: Path, base: str) -> None:
    """Copy the crawl_sitemaps fixture with its absolute URLs pointing at ``base``; gzip sitemap-b."""
    for source in (SITES / "crawl_sitemaps").iterdir():
        text = source.read_text().replace("{base}", base)
        if source.name == "sitemap-b.xml":
            (tmp_path / "sitemap-b.xml.gz").write_bytes(gzip.compress(text.encode()))
        else:
            (tmp_path / source.name).write_text(text)


def test_sitemaps_seed_the_crawl(serve_site: Callable[[Path], str], tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    base = serve_site(root)
    _sitemap_site(root, base)
    with PageStore(tmp_path / "crawl.sqlite") as store:
        summary = crawl(base, cfg(), store, Analyser(store))
        expected_seeds = {base + "only-in-default.html", base + "only-in-sitemap-a.html", base + "linked.html",
                          base + "only-in-sitemap-b.html"}  # index followed, .gz unpacked, robots.txt named it
        assert set(summary.sitemap_urls) == expected_seeds  # another site's URL and the image are dropped
        assert len(summary.sitemap_urls) == len(expected_seeds)
        records = fetched(store)
        assert set(records) == {base} | expected_seeds
        assert records[base + "only-in-sitemap-b.html"].depth == 1
    with PageStore(tmp_path / "capped.sqlite") as store:
        summary = crawl(base, cfg(max_pages=2), store, Analyser(store))
        assert len(summary.sitemap_urls) == 2
    with PageStore(tmp_path / "off.sqlite") as store:
        summary = crawl(base, cfg(use_sitemaps=False), store, Analyser(store))
        assert summary.sitemap_urls == []
        assert set(fetched(store)) == {base, base + "linked.html"}


def test_sitemap_parser_is_safe(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    hostile = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>'
               '<urlset><url><loc>https://example.com/&xxe;</loc></url></urlset>').encode()
    _, locs = parse_sitemap(hostile, 100_000)
    assert not any("TOPSECRET" in loc for loc in locs)
    bomb = gzip.compress(b"\0" * 5_000_000)
    assert len(gunzip(bomb, 10_000)) == 10_000


def test_text_sitemap_and_index_detection() -> None:
    assert parse_sitemap(b"https://example.com/a\n\nhttps://example.com/b\n", 1000) == (
        False, ["https://example.com/a", "https://example.com/b"])
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc> https://example.com/s1.xml </loc></sitemap></sitemapindex>")
    assert parse_sitemap(index, 1000) == (True, ["https://example.com/s1.xml"])


# One request: redirects, statuses, retries, caps (through the Fetcher the crawler uses)


def test_redirect_chain_is_followed_and_recorded(scripted: Callable[..., ScriptedSite]) -> None:
    site = scripted({"/r1": Answer(301, headers={"Location": "/r2"}),
                     "/r2": Answer(302, headers={"Location": "FINAL.html#x"}),
                     "/FINAL.html": Answer(200, page(title="Final"))})
    record = Fetcher(cfg()).fetch(site.url("r1"))
    assert record.ok and record.body and b"Final" in record.body
    assert record.url == site.url("r1")
    assert record.final_url == site.url("FINAL.html")
    assert record.redirect_chain == [site.url("r1"), site.url("r2")]


def test_redirect_loop_and_too_many_redirects(scripted: Callable[..., ScriptedSite]) -> None:
    routes: dict[str, Answer | list[Answer]] = {
        "/loop1": Answer(302, headers={"Location": "/loop2"}),
        "/loop2": Answer(302, headers={"Location": "/loop1"}),
        **{f"/hop/{i}": Answer(302, headers={"Location": f"/hop/{i + 1}"}) for i in range(20)},
        "/to-mail": Answer(302, headers={"Location": "mailto:x@example.com"}),
    }
    site = scripted(routes)
    fetcher = Fetcher(cfg())
    loop = fetcher.fetch(site.url("loop1"))
    assert (loop.status, loop.error) == (0, "redirect_loop")
    assert site.hits["/loop1"] == 1 and site.hits["/loop2"] == 1
    chain = fetcher.fetch(site.url("hop/0"))
    assert chain.error == "too_many_redirects"
    assert sum(site.hits[f"/hop/{i}"] for i in range(20)) == 11  # the first request and 10 hops
    assert fetcher.fetch(site.url("to-mail")).error == "bad_redirect"


def test_statuses_and_bot_walls(scripted: Callable[..., ScriptedSite]) -> None:
    site = scripted({"/gone": Answer(404, b"<p>nope</p>"), "/wall": Answer(403, b"<p>denied</p>"),
                     "/busy": Answer(429, b"slow down", headers={"Retry-After": "0"}),
                     "/broken": Answer(500, b"oops")})
    fetcher = Fetcher(cfg(retries=1))
    gone = fetcher.fetch(site.url("gone"))
    assert (gone.status, gone.error) == (404, None)
    wall = fetcher.fetch(site.url("wall"))
    assert (wall.status, wall.error) == (403, "bot_wall")
    assert site.hits["/wall"] == 1  # 403 is not retried
    busy = fetcher.fetch(site.url("busy"))
    assert (busy.status, busy.error) == (429, "bot_wall")
    assert site.hits["/busy"] == 2  # retried once, then reported as a bot wall
    broken = fetcher.fetch(site.url("broken"))
    assert (broken.status, broken.error) == (500, None)
    assert site.hits["/broken"] == 2


def test_retry_after_then_success(scripted: Callable[..., ScriptedSite]) -> None:
    site = scripted({"/later": [Answer(429, headers={"Retry-After": "0"}), Answer(200, page())],
                     "/unavailable": [Answer(503, headers={"Retry-After": "0"}), Answer(200, page())]})
    fetcher = Fetcher(cfg(retries=2))
    assert fetcher.fetch(site.url("later")).ok
    assert fetcher.fetch(site.url("unavailable")).ok
    assert site.hits["/later"] == 2 and site.hits["/unavailable"] == 2


def test_retry_wait_caps() -> None:
    assert retry_wait(0, None, 100) == 0.5
    assert retry_wait(2, None, 100) == 2.0  # exponential backoff
    assert retry_wait(0, 7, 100) == 7  # Retry-After wins over backoff
    assert retry_wait(0, 3600, 100) == 30  # never more than 30 s
    assert retry_wait(0, 3600, 4) == 4  # never past the time budget
    assert retry_wait(0, None, 0) is None
    assert parse_retry_after("120") == 120
    assert parse_retry_after(formatdate(1_000_060, usegmt=True), now=1_000_000) == 60
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_non_html_charset_timeout_and_size_cap(scripted: Callable[..., ScriptedSite]) -> None:
    site = scripted({"/doc.pdf": Answer(200, b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"}),
                     "/latin": Answer(200, page(), headers={"Content-Type": "text/html; charset=ISO-8859-1"}),
                     "/plain": Answer(200, page(), headers={"Content-Type": "text/html"}),
                     "/slow": Answer(200, page(), delay=1.0),
                     "/big": Answer(200, b"<html><body>" + b"x" * 5000 + b"</body></html>")})
    fetcher = Fetcher(cfg(timeout=0.3, max_bytes=1024))
    pdf = fetcher.fetch(site.url("doc.pdf"))
    assert pdf.ok and not pdf.is_html and pdf.body is None and pdf.content_type == "application/pdf"
    assert fetcher.fetch(site.url("latin")).charset == "iso-8859-1"
    assert fetcher.fetch(site.url("plain")).charset is None  # <meta charset> is the parser's job
    slow = fetcher.fetch(site.url("slow"))
    assert (slow.status, slow.error) == (0, "timeout")
    big = fetcher.fetch(site.url("big"))
    assert big.truncated and big.body is not None and len(big.body) == 1024
    assert site.agents[0] == f"cxaudit/{__version__} (+customer-experience audit)"


def test_address_guard_refuses_before_any_request(scripted: Callable[..., ScriptedSite]) -> None:
    site = scripted({"/": Answer(200, page())})
    record = Fetcher(CrawlConfig(allow_private_addresses=False)).fetch(site.url("/"))
    assert (record.status, record.error) == (0, "address_not_allowed")
    assert sum(site.hits.values()) == 0


def test_crawl_records_failures_and_does_not_analyse_them(scripted: Callable[..., ScriptedSite],
                                                          store: PageStore) -> None:
    other = scripted({"/elsewhere.html": Answer(200, page("/should-not-follow.html"))})
    site = scripted({"/": Answer(200, page("/r1", "/loop1", "/wall", "/doc.pdf", "/away")),
                     "/r1": Answer(301, headers={"Location": "/landing.html"}),
                     "/landing.html": Answer(200, page("/from-landing.html")),
                     "/from-landing.html": Answer(200, page()),
                     "/loop1": Answer(302, headers={"Location": "/loop1"}),
                     "/wall": Answer(403),
                     "/doc.pdf": Answer(200, b"%PDF", headers={"Content-Type": "application/pdf"}),
                     "/away": Answer(302, headers={"Location": other.url("elsewhere.html")})})
    analyse = Analyser(store)
    crawl(site.base, cfg(), store, analyse)
    records = fetched(store)
    assert records[site.url("r1")].final_url == site.url("landing.html")
    assert site.url("from-landing.html") in records  # links of a redirected page are followed
    assert records[site.url("loop1")].error == "redirect_loop"
    assert records[site.url("wall")].error == "bot_wall"
    assert records[site.url("away")].ok  # recorded (a working link) ...
    assert site.url("away") not in analyse.calls  # ... but another site's page is not analysed
    assert other.hits["/should-not-follow.html"] == 0
    assert set(analyse.calls) == {site.base, site.url("r1"), site.url("from-landing.html")}


def test_start_page_redirect_to_another_host_moves_the_scope(scripted: Callable[..., ScriptedSite],
                                                           store: PageStore) -> None:
    new = scripted({"/": Answer(200, page("/about.html")), "/about.html": Answer(200, page())})
    old = scripted({"/": Answer(301, headers={"Location": new.base})})
    crawl(old.base, cfg(), store, Analyser(store))
    assert new.hits["/about.html"] == 1


# Start-page failures


def test_start_url_that_is_not_http_is_a_usage_error(store: PageStore) -> None:
    for bad in ("ftp://example.com/", "example.com", "javascript:alert(1)"):
        with pytest.raises(UsageError, match="not an http"):
            crawl(bad, cfg(), store, Analyser(store))


@pytest.mark.parametrize("allow_private", [True, False])
def test_start_host_that_does_not_resolve(store: PageStore, allow_private: bool) -> None:
    with pytest.raises(SiteError, match=r"cannot resolve host no-such-host\.invalid") as err:
        crawl("http://no-such-host.invalid/", cfg(allow_private_addresses=allow_private), store, Analyser(store))
    assert err.value.fix == "check the URL's spelling"


def test_start_host_refusing_connections(store: PageStore) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    with pytest.raises(SiteError, match=r"cannot connect to 127\.0\.0\.1") as err:
        crawl(f"http://127.0.0.1:{port}/", cfg(), store, Analyser(store))
    assert err.value.fix == "check the site is up and the URL is right"


def test_start_page_timeout(scripted: Callable[..., ScriptedSite], store: PageStore) -> None:
    site = scripted({"/": Answer(200, page(), delay=1.0), "/robots.txt": Answer(404)})
    with pytest.raises(SiteError, match=r"did not answer within 0\.3 s"):
        crawl(site.base, cfg(timeout=0.3), store, Analyser(store))


def test_start_page_errors(scripted: Callable[..., ScriptedSite], store: PageStore) -> None:
    site = scripted({"/data.json": Answer(200, b"{}", headers={"Content-Type": "application/json"}),
                     "/gone": Answer(404, page()),
                     "/loop": Answer(302, headers={"Location": "/loop"}),
                     "/wall": Answer(403)})
    cases = {"data.json": "start URL is application/json, not an HTML page",
             "gone": "answered HTTP 404", "loop": "redirects in a loop", "wall": "refused the crawler"}
    for path, message in cases.items():
        with pytest.raises(SiteError, match=message):
            crawl(site.url(path), cfg(), store, Analyser(store))


def test_private_start_address_refused_without_a_request(scripted: Callable[..., ScriptedSite],
                                                         store: PageStore) -> None:
    site = scripted({"/": Answer(200, page())})
    with pytest.raises(SiteError, match="loopback, private or reserved") as err:
        crawl(site.base, CrawlConfig(), store, Analyser(store))
    assert "crawl.allow_private_addresses: true" in err.value.fix
    assert sum(site.hits.values()) == 0


# Resume, interruption, time budget


def test_second_crawl_with_the_same_store_fetches_nothing(scripted: Callable[..., ScriptedSite],
                                                          store: PageStore) -> None:
    site = scripted(root=SITES / "crawl_basic")
    first = crawl(site.base, cfg(), store, Analyser(store))
    requests_after_first = sum(site.hits.values())
    second = crawl(site.base, cfg(), store, Analyser(store))
    assert sum(site.hits.values()) == requests_after_first  # not even robots.txt or sitemap.xml again
    assert second.fetched == 0
    assert second.reused == first.fetched
    assert second.robots_disallowed == first.robots_disallowed
    assert second.stopped_reason == "complete"


def test_interrupted_crawl_resumes_where_it_stopped(scripted: Callable[..., ScriptedSite], tmp_path: Path) -> None:
    site = scripted(root=SITES / "crawl_basic")
    stop = threading.Event()
    reported: list[str] = []

    def on_progress(progress: CrawlProgress) -> None:
        reported.append(progress.last_url)
        if progress.fetched >= 3:
            stop.set()  # what Ctrl-C does

    with PageStore(tmp_path / "crawl.sqlite") as store:
        first = crawl(site.base, cfg(concurrency=2), store, Analyser(store), on_progress=on_progress, stop=stop)
        assert first.stopped_reason == "interrupted"
        assert set(reported) <= set(fetched(store))  # nothing reported is lost
        assert 3 <= first.fetched < 9
        kept = set(fetched(store))
    hits_before_resume = dict(site.hits)
    with PageStore(tmp_path / "crawl.sqlite") as store:  # a new process, the same output directory
        second = crawl(site.base, cfg(concurrency=2), store, Analyser(store))
        assert second.stopped_reason == "complete"
        assert second.fetched + first.fetched == 9
        assert len(fetched(store)) == 9
    # No page the first run kept is fetched again. (A request still in flight when the stop came is dropped,
    # not stored half-read, so the resumed run may ask for that one again.)
    asked_again = {site.url(path.lstrip("/")) for path, n in site.hits.items() if n > hits_before_resume.get(path, 0)}
    assert kept and not asked_again & kept


def test_a_page_cut_short_by_the_time_budget_is_not_kept_and_a_resumed_crawl_fetches_it_whole(
        scripted: Callable[..., ScriptedSite], tmp_path: Path) -> None:
    body = b"<!doctype html><html><body><p>" + b"x" * 4000 + b'</p><a href="/child.html">c</a></body></html>'
    slow = Answer(200, body, hold=threading.Event())
    site = scripted({"/": Answer(200, page("/slow.html")), "/slow.html": slow, "/child.html": Answer(200, page())})
    budget = 1.0
    began = time.monotonic()

    def finish_after_the_budget() -> None:  # the page's second half arrives after the crawl's time is up
        slow.half_sent.wait(10)
        time.sleep(max(0.0, began + budget + 0.5 - time.monotonic()))
        assert slow.hold is not None
        slow.hold.set()

    threading.Thread(target=finish_after_the_budget, daemon=True).start()
    with PageStore(tmp_path / "crawl.sqlite") as store:
        first = crawl(site.base, cfg(max_seconds=budget), store, Analyser(store))
        assert first.stopped_reason == "max_seconds"
        assert site.url("slow.html") not in fetched(store)  # half a page is no answer: its links are missing
    with PageStore(tmp_path / "crawl.sqlite") as store:  # resumed with more time
        second = crawl(site.base, cfg(), store, Analyser(store))
        assert second.stopped_reason == "complete"
        assert {site.url("slow.html"), site.url("child.html")} <= set(fetched(store))
        assert store.links(site.url("slow.html")) == [site.url("child.html")]


def test_stop_before_start_returns_interrupted(serve_site: Callable[[str], str], store: PageStore) -> None:
    base = serve_site("crawl_basic")
    stop = threading.Event()
    stop.set()
    summary = crawl(base, cfg(), store, Analyser(store), stop=stop)
    assert summary.stopped_reason == "interrupted"
    assert set(fetched(store)) == {base}


def test_time_budget_stops_the_crawl(scripted: Callable[..., ScriptedSite], store: PageStore) -> None:
    slow = {f"/p{i}.html": Answer(200, page(), delay=0.2) for i in range(10)}
    site = scripted({"/": Answer(200, page(*slow)), **slow})
    summary = crawl(site.base, cfg(max_seconds=0.5, concurrency=1), store, Analyser(store))
    assert summary.stopped_reason == "max_seconds"
    assert summary.fetched < 11


def test_pages_are_stored_with_their_links_before_on_stored_is_called(serve_site: Callable[[str], str],
                                                                      store: PageStore) -> None:
    base = serve_site("crawl_basic")
    seen: dict[str, tuple[FetchRecord | None, list[str]]] = {}

    def links_only(record: FetchRecord) -> list[str]:  # the pipeline's analyse: links, no parsed page
        doc = lxml.html.fromstring(record.body or b"")
        doc.make_links_absolute(record.final_url)
        return sorted({a.get("href") for a in doc.iter("a") if a.get("href")})

    def on_stored(url: str) -> None:
        seen[url] = (store.get(url), store.links(url))

    crawl(base, cfg(concurrency=3), store, links_only, on_stored=on_stored)
    pages = {url for url, record in fetched(store).items() if record.ok and record.is_html}
    assert set(seen) == pages  # called for every page, and for nothing else (robots.txt, notes.txt, 404s)
    for url, (record, links) in seen.items():
        assert record is not None and record.body, url
        assert links == links_only(record)
    assert sorted(store.unparsed()) == sorted(pages)  # each stays a page to parse until its page is stored
