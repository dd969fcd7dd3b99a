"""The crawler: from a start URL to a page store holding every in-scope URL's response.

Scheduling is a breadth-first search whose *fetches* run ahead in a thread pool while its *bookkeeping*
(committing a page's links to the queue) happens in queue order on the calling thread. The queue, the
depth of every URL and the cut at ``max_pages`` are therefore exactly those of a sequential BFS —
the same every run — while up to ``concurrency`` requests are in flight.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from auditor.config import CrawlConfig
from auditor.crawl.fetch import MAX_COMPRESSION_RATIO, Fetcher, FetchHalted, user_agent
from auditor.crawl.record import FetchRecord
from auditor.crawl.robots import RobotsRules, fetch_robots, is_definitive, origin_of, robots_url
from auditor.crawl.scope import in_scope, normalise_url
from auditor.crawl.sitemaps import read_sitemaps
from auditor.crawl.store import PageStore
from auditor.errors import ConfigError, CxauditError, SiteError, UsageError

__all__ = ["CrawlProgress", "CrawlSummary", "FetchRecord", "PageStore", "crawl"]

log = logging.getLogger(__name__)

_UNREACHABLE = frozenset({"dns", "connection", "address_not_allowed", "tls"})
_POLL = 0.1  # seconds between checks of the stop event and the time budget while requests are in flight


@dataclass
class CrawlProgress:
    """Passed to ``on_progress`` after every URL fetched."""

    fetched: int
    queued: int
    errors: int
    elapsed: float
    last_url: str


@dataclass
class CrawlSummary:
    start_url: str
    fetched: int
    reused: int
    stopped_reason: str  # "complete" | "max_pages" | "max_seconds" | "interrupted"
    sitemap_urls: list[str] = field(default_factory=list)
    robots_disallowed: list[str] = field(default_factory=list)
    robots_ignored: bool = False


def crawl(start_url: str, config: CrawlConfig, store: PageStore, analyse: Callable[[FetchRecord], list[str]],
          *, on_progress: Callable[[CrawlProgress], None] | None = None,
          stop: threading.Event | None = None,
          previous: Callable[[str], FetchRecord | None] | None = None,
          on_stored: Callable[[str], None] | None = None) -> CrawlSummary:
    """Crawl the site at ``start_url`` into ``store``; resumes from what ``store`` already holds.

    ``analyse`` runs in a worker thread for each successful in-scope HTML response and returns the
    absolute URLs the page links to (``auditor.page.page_links``: cheap, so the crawl moves at network
    speed); the record is then stored with those links in one write — a resumed crawl re-queues them —
    and ``on_stored(url)`` is called, where the caller starts the page's full parse without waiting for it.
    Non-HTML and failed responses are stored, not analysed. Setting ``stop`` ends the crawl after the
    requests in hand. ``previous`` returns a URL's record from an earlier run (a page cache): the request
    becomes conditional and a 304 answer reuses that record.
    Raises SiteError when the start page cannot be crawled, UsageError for a URL that is not http(s).
    """
    return _Crawl(start_url, config, store, analyse, on_progress, stop, previous, on_stored).run()


@dataclass
class _Item:
    url: str
    depth: int


class _Crawl:
    def __init__(self, start_url: str, config: CrawlConfig, store: PageStore,
                 analyse: Callable[[FetchRecord], list[str]],
                 on_progress: Callable[[CrawlProgress], None] | None, stop: threading.Event | None,
                 previous: Callable[[str], FetchRecord | None] | None = None,
                 on_stored: Callable[[str], None] | None = None) -> None:
        start = normalise_url(start_url)
        if start is None:
            raise UsageError(f"{start_url!r} is not an http(s) URL", "give a full URL such as https://www.example.com/")
        for key in ("include", "exclude"):
            for pattern in getattr(config, key):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(f"crawl.{key} pattern {pattern!r} is not a valid regular expression: {exc}",
                                      "fix the pattern (it is a Python regular expression)") from None
        self.start = start
        self.config = config
        self.scope = config  # widened when the start page redirects to another host
        self.store = store
        self.analyse = analyse
        self.on_stored = on_stored
        self.on_progress = on_progress
        self.stop = stop or threading.Event()
        self.previous = previous  # a URL's record from an earlier run, for conditional requests
        self.halt = threading.Event()  # set on stop or when the time budget runs out; workers watch it
        self.began = time.monotonic()
        self.deadline = self.began + config.max_seconds
        self.user_agent = user_agent(config)
        self.fetcher = Fetcher(config, deadline=self.deadline, stop=self.halt, guard=self._robots_guard)
        self.robots: dict[str, RobotsRules] = {}
        self.robots_locks: dict[str, threading.Lock] = {}
        self.robots_lock = threading.Lock()
        self.queue: list[_Item] = []
        self.seen: set[str] = set()
        self.links_judged: set[str] = set()
        self.limited = False
        self.fetched = self.reused = self.errors = 0
        self.sitemap_urls: list[str] = []
        self.robots_disallowed: list[str] = []
        self.started = False  # until the start page is in, an unreachable host is the user's error
        self.start_links: list[str] = []

    # robots.txt

    def _rules(self, url: str) -> RobotsRules:
        """The robots.txt rules of ``url``'s origin: from memory, the store (resume), or fetched once."""
        origin = origin_of(url)
        with self.robots_lock:
            if origin in self.robots:
                return self.robots[origin]
            lock = self.robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin in self.robots:
                return self.robots[origin]
            key = f"robots {origin}"
            text = self.store.get_meta(key)
            if text is not None:
                rules = RobotsRules(robots_url(url), text, self.user_agent)
            else:
                rules, record = fetch_robots(self.fetcher, url, self.user_agent)
                if is_definitive(record):
                    self.store.set_meta(key, rules.text)
                elif not self.started and record.error in _UNREACHABLE:
                    raise _start_error(self.start, record, self.config) or SiteError(record.error or "")
                else:
                    log.warning("robots.txt at %s could not be read (%s); crawling as if it had no rules",
                                rules.url, record.error or f"HTTP {record.status}")
            delay = rules.crawl_delay
            if delay and self.config.respect_robots:
                log.info("robots.txt asks for %g s between requests to %s; honouring it", delay, origin)
                self.fetcher.set_crawl_delay(origin, max(delay, 0.0))
            with self.robots_lock:
                self.robots[origin] = rules
            return rules

    def _halted(self) -> bool:
        return self.stop.is_set() or time.monotonic() >= self.deadline

    def _same_site(self, url: str) -> bool:
        return in_scope(url, self.start, replace(self.scope, include=[], exclude=[]))

    def _robots_guard(self, url: str) -> str | None:
        """Refuses redirect hops into a disallowed path of the site (robots rules apply to every hop)."""
        if not self.config.respect_robots or not self._same_site(url) or self._rules(url).allowed(url):
            return None
        return "blocked_by_robots"

    # the run

    def run(self) -> CrawlSummary:
        if not self.config.respect_robots:
            log.warning("robots.txt ignored by configuration (crawl.respect_robots: false)")
        try:
            try:
                self._start_page()
            except FetchHalted:
                raise SiteError(f"the crawl's time budget ran out before the start page {self.start} arrived",
                                "raise crawl.max_seconds") from None
            self._read_sitemaps()
            reason = self._loop()
        finally:
            self.fetcher.close()
        return CrawlSummary(start_url=self.start, fetched=self.fetched, reused=self.reused, stopped_reason=reason,
                            sitemap_urls=self.sitemap_urls, robots_disallowed=self.robots_disallowed,
                            robots_ignored=not self.config.respect_robots)

    def _start_page(self) -> None:
        """Fetch (or reuse) the start page; any reason it cannot start an audit is a SiteError."""
        refusal = self.fetcher.address_error(self.start)
        if refusal:
            raise _start_error(self.start, FetchRecord(self.start, self.start, 0, error=refusal),
                               self.config) or SiteError(refusal)
        self.store.set_meta("start_url", self.start)
        self.seen.add(self.start)
        self.queue.append(_Item(self.start, 0))
        stored = self.store.get(self.start)
        if stored is not None:
            self.reused += 1
            record = stored
        else:
            if self.config.respect_robots or self.config.use_sitemaps:
                rules = self._rules(self.start)
                if self.config.respect_robots and not rules.allowed(self.start):
                    raise SiteError(f"robots.txt at {rules.url} disallows the start page",
                                    "audit a site you may crawl, or set crawl.respect_robots: false for a site you own")
            record = self.fetcher.fetch(self.start, 0, prior=self.previous(self.start) if self.previous else None)
            problem = _start_error(self.start, record, self.config)
            if problem is not None:
                raise problem
        if not self._same_site(record.final_url):  # the site lives where its start page lands
            final = urlsplit(record.final_url).netloc
            self.scope = replace(self.config, allowed_hosts=[*self.config.allowed_hosts, final])
        self.started = True
        if stored is not None:
            self.start_links = self.store.links(self.start)
        else:
            self.start_links = self._keep(record) or []
            self.fetched += 1
            self._progress(record)

    def _read_sitemaps(self) -> None:
        if not self.config.use_sitemaps:
            return
        stored = self.store.get_meta("sitemap_urls")
        if stored is not None:
            self.sitemap_urls = json.loads(stored)
            return
        try:
            declared = self._rules(self.start).sitemaps
        except FetchHalted:
            return
        candidates = [*declared, origin_of(self.start) + "/sitemap.xml"]
        self.sitemap_urls = read_sitemaps(self.fetcher, candidates, lambda u: in_scope(u, self.start, self.scope),
                                          self.config.max_pages, self.config.max_bytes, halted=self._halted)
        if not self._halted():
            self.store.set_meta("sitemap_urls", json.dumps(self.sitemap_urls))

    def _enqueue(self, link: str, depth: int) -> None:
        # Every verdict on a link is final (BFS meets it first at its least depth), so a link string
        # seen before needs no second normalisation: most links repeat on every page (menus, footers).
        if link in self.links_judged:
            return
        self.links_judged.add(link)
        url = normalise_url(link)
        if url is None or url in self.seen or not in_scope(url, self.start, self.scope):
            return
        self.seen.add(url)
        try:
            allowed = not self.config.respect_robots or self._rules(url).allowed(url)
        except FetchHalted:  # stopped while reading a new origin's robots.txt: a resumed crawl judges it
            allowed = True
        if not allowed:
            self.robots_disallowed.append(url)
            self.store.put(FetchRecord(url, url, 0, depth=depth, error="blocked_by_robots",
                                       fetched_at=datetime.now(UTC).isoformat(timespec="seconds")))
            return
        if len(self.queue) >= self.config.max_pages:
            self.limited = True
            return
        self.queue.append(_Item(url, depth))

    def _commit(self, index: int, links: list[str]) -> None:
        """Queue a finished page's links — called in queue order, which makes the crawl deterministic."""
        depth = self.queue[index].depth + 1
        if depth > self.config.max_depth:
            return
        for link in links:
            self._enqueue(link, depth)
        if index == 0:
            for url in self.sitemap_urls:  # seeds rank right after the start page's own links
                self._enqueue(url, 1)

    def _loop(self) -> str:
        results: dict[int, list[str]] = {0: self.start_links}  # finished, waiting for their turn to commit
        in_flight: dict[Future[tuple[FetchRecord | None, list[str]]], int] = {}
        next_dispatch, next_commit = 1, 0
        reason = ""
        cut_short = False  # a request was abandoned: the crawl is not complete whatever the queue says
        stored = self.store.urls()  # by an earlier, interrupted run (one query, not one per URL)
        with ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="cxaudit-crawl") as pool:
            try:
                while True:
                    while next_commit in results:
                        self._commit(next_commit, results.pop(next_commit))
                        next_commit += 1
                    if not reason:
                        reason = "interrupted" if self.stop.is_set() else (
                            "max_seconds" if time.monotonic() >= self.deadline or cut_short else "")
                    if not in_flight and next_commit >= len(self.queue):
                        return reason if cut_short else "max_pages" if self.limited else "complete"
                    if reason:
                        self.halt.set()  # workers finish the request in hand; nothing new starts
                        if not in_flight:
                            return reason
                    while not reason and next_dispatch < len(self.queue) and len(in_flight) < self.config.concurrency:
                        item = self.queue[next_dispatch]
                        if item.url in stored:  # fetched by an earlier, interrupted run
                            results[next_dispatch] = self.store.links(item.url)
                            self.reused += 1
                        else:
                            in_flight[pool.submit(self._work, item)] = next_dispatch
                        next_dispatch += 1
                    if not in_flight:
                        continue
                    done, _ = wait(in_flight, timeout=_POLL, return_when=FIRST_COMPLETED)
                    for future in done:
                        index = in_flight.pop(future)
                        record, links = future.result()
                        results[index] = links
                        if record is None:  # cut short by a stop or the time budget; a resumed crawl fetches it
                            cut_short = True
                            continue
                        self.fetched += 1
                        self._progress(record, pending=len(self.queue) - next_dispatch + len(in_flight))
            except BaseException:
                self.halt.set()  # a failed write or Ctrl-C without a handler: let the workers wind down fast
                raise

    def _work(self, item: _Item) -> tuple[FetchRecord | None, list[str]]:
        """Fetch, analyse and store one URL (in a worker thread). None when stopped before sending it."""
        try:
            prior = self.previous(item.url) if self.previous else None
            record = self.fetcher.fetch(item.url, item.depth, prior=prior)
        except FetchHalted:
            return None, []
        links = self._keep(record) or []
        if self.config.delay:
            self.halt.wait(self.config.delay)
        return record, links

    def _keep(self, record: FetchRecord) -> list[str] | None:
        """Store ``record`` with its links (None when it is no page of the audit) and report a page stored."""
        links = self._analyse(record)
        self.store.put(record, links)
        if links is not None and self.on_stored is not None:
            self.on_stored(record.url)
        return links

    def _analyse(self, record: FetchRecord) -> list[str] | None:
        """Links of a successful in-scope HTML page, None for any other response; a page whose links cannot
        be read is logged, not fatal."""
        if not (record.ok and record.is_html and record.body is not None):
            return None
        if record.url != self.start and not in_scope(record.final_url, self.start, self.scope):
            return None  # redirected off the site: recorded, but not part of the audit
        try:
            return list(self.analyse(record))
        except CxauditError:
            raise
        except Exception:
            log.exception("could not analyse %s", record.url)
            return None

    def _progress(self, record: FetchRecord, pending: int = 0) -> None:
        if record.error or record.status >= 400:
            self.errors += 1
        if self.on_progress is not None:
            self.on_progress(CrawlProgress(fetched=self.fetched, queued=pending, errors=self.errors,
                                           elapsed=time.monotonic() - self.began, last_url=record.url))


def _start_error(url: str, record: FetchRecord, config: CrawlConfig) -> SiteError | None:
    """Why the start page cannot begin an audit, as a one-line problem and fix; None when it can."""
    host = urlsplit(record.final_url or url).hostname or url
    error = record.error
    messages = {
        "dns": (f"cannot resolve host {host}", "check the URL's spelling"),
        "connection": (f"cannot connect to {host}", "check the site is up and the URL is right"),
        "timeout": (f"{host} did not answer within {config.timeout:g} s",
                    "check the site is up, or raise crawl.timeout"),
        "address_not_allowed": (f"{host} is a loopback, private or reserved address",
                                "set crawl.allow_private_addresses: true to audit a site on this machine or network"),
        "tls": (f"the secure (TLS) connection to {host} failed", "check the site's certificate or the URL's scheme"),
        "redirect_loop": (f"the start URL {url} redirects in a loop", "give the URL the site finally lands on"),
        "too_many_redirects": (f"the start URL {url} redirects too many times", "give the URL the site lands on"),
        "blocked_by_robots": (f"the start URL redirects to {record.final_url}, which robots.txt disallows",
                              "audit a site you may crawl, or set crawl.respect_robots: false for a site you own"),
        "bot_wall": (f"{host} refused the crawler (HTTP {record.status}, a bot wall)",
                     "ask the site owner to allow the cxaudit user agent, or audit from an allowed network"),
        "too_slow": (f"{host} was still sending the start page after {config.response_seconds:g} s",
                     "check the site is healthy, or raise crawl.response_seconds"),
        "decompression_bomb": (f"the start page of {host} decompresses to more than "
                               f"{MAX_COMPRESSION_RATIO} times its size (a decompression bomb)",
                               "audit a site that serves ordinary pages"),
    }
    if error in messages:
        return SiteError(*messages[error])
    if error:
        return SiteError(f"cannot fetch the start URL {url} ({error})", "check the URL and that the site is up")
    if not 200 <= record.status < 300:
        return SiteError(f"the start URL {url} answered HTTP {record.status}", "give the URL of a page that exists")
    if not record.is_html:
        ctype = record.content_type.split(";", 1)[0].strip() or "of no declared type"
        return SiteError(f"start URL is {ctype}, not an HTML page", "give the URL of an HTML page")
    return None
