"""Fetching one URL into a FetchRecord: redirects hop by hop, address guard, retries, caps, pacing.

Redirects are followed by hand (not by requests) so every hop passes the address guard and the
robots check, and loops are named as such. Bodies are streamed and cut at ``max_bytes``. One Session
(with a connection pool as large as the worker pool) serves every thread; nothing here holds a
shared lock while on the network.
"""

from __future__ import annotations

import email.utils
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from auditor import __version__
from auditor.config import CrawlConfig
from auditor.crawl.record import FetchRecord
from auditor.crawl.scope import host_allowed, normalise_url

MAX_REDIRECTS = 10
MAX_RETRY_WAIT = 30.0  # seconds; a longer Retry-After is cut to this
BACKOFF = 0.5  # first retry waits this long, then twice as long each time
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
_DRAIN = 64 * 1024  # bodies we do not keep are still read up to this size, so the connection is reused
_RETRYABLE = frozenset({"timeout", "connection"})

class FetchHalted(Exception):
    """The crawl was stopped while a request waited for its crawl-delay slot; it was not sent."""


# Refuses a URL (before it is requested) with an error code, or lets it pass with None.
Guard = Callable[[str], str | None]


def user_agent(config: CrawlConfig) -> str:
    return config.user_agent.replace("{version}", __version__)


def make_session(config: CrawlConfig) -> requests.Session:
    """One pooled session for the whole crawl: a connection per worker, kept alive between requests."""
    session = requests.Session()
    # Reading proxy and CA settings from os.environ on every request costs ~20% of a request's CPU;
    # read them once here (CA bundle) and once per origin (proxies, see Fetcher._proxies_for).
    session.trust_env = False
    session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=config.concurrency, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": user_agent(config),
                            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    return session


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header (the page parser sniffs <meta> itself)."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            return value.strip().strip("\"'").lower()
    return None


def is_html_type(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date), or None when absent/garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def retry_wait(attempt: int, retry_after: float | None, remaining: float) -> float | None:
    """How long to wait before retry number ``attempt + 1``, or None when no time budget is left.

    Exponential backoff, replaced by the server's Retry-After when it gave one; never more than
    30 s, never past the crawl's time budget.
    """
    if remaining <= 0:
        return None
    wanted = retry_after if retry_after is not None else BACKOFF * 2**attempt
    return min(wanted, MAX_RETRY_WAIT, remaining)


def classify_error(exc: BaseException) -> str:
    """A short error code for a failed request, looking through requests' and urllib3's wrappers."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls"
    if isinstance(exc, requests.exceptions.Timeout):
        return "timeout"
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                        requests.exceptions.MissingSchema, requests.exceptions.InvalidHeader)):
        return "invalid_url"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "decoding"
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        err = stack.pop()
        if id(err) in seen:
            continue
        seen.add(id(err))
        if isinstance(err, (urllib3.exceptions.NameResolutionError, socket.gaierror)):
            return "dns"
        if isinstance(err, urllib3.exceptions.NewConnectionError):  # subclasses ConnectTimeoutError
            return "timeout" if isinstance(err.__context__, TimeoutError) else "connection"
        if isinstance(err, (urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.ConnectTimeoutError,
                            TimeoutError)):
            return "timeout"
        nested = [err.__cause__, err.__context__, getattr(err, "reason", None), *err.args]
        stack.extend(e for e in nested if isinstance(e, BaseException))
    return "connection"


@dataclass
class _Response:
    status: int
    headers: dict[str, str]
    body: bytes | None
    truncated: bool


@dataclass
class Fetcher:
    """Fetches URLs for one crawl. Thread-safe; share one instance between all workers."""

    config: CrawlConfig
    deadline: float = float("inf")  # time.monotonic() value after which no retry waits are started
    stop: threading.Event = field(default_factory=threading.Event)
    guard: Guard | None = None  # extra per-hop check (robots.txt), after the address guard

    def __post_init__(self) -> None:
        self.session = make_session(self.config)
        self._hosts: dict[str, str | None] = {}
        self._delays: dict[str, float] = {}
        self._next_slot: dict[str, float] = {}
        self._pace_lock = threading.Lock()
        self._proxies: dict[str, dict[str, str]] = {}

    def close(self) -> None:
        self.session.close()

    def set_crawl_delay(self, origin: str, seconds: float) -> None:
        """Requests to ``origin`` (scheme://host:port) start at least ``seconds`` apart, across workers."""
        self._delays[origin] = seconds

    def address_error(self, url: str) -> str | None:
        """``address_not_allowed`` or ``dns`` when the URL's host may not be contacted; cached per host."""
        host = urlsplit(url).hostname or ""
        if host not in self._hosts:  # a racing duplicate lookup is harmless and avoids a lock around DNS
            try:
                allowed = host_allowed(host, self.config.allow_private_addresses)
                self._hosts[host] = None if allowed else "address_not_allowed"
            except OSError:
                self._hosts[host] = "dns"
        return self._hosts[host]

    def fetch(self, url: str, depth: int = 0, *, keep_body: bool = False, max_bytes: int | None = None,
              use_guard: bool = True) -> FetchRecord:
        """Fetch a normalised URL, following redirects. Bodies are kept for HTML (or all if ``keep_body``).

        ``use_guard=False`` skips the robots guard (for robots.txt and sitemaps themselves), never the
        address guard. Raises FetchHalted if the crawl stops before the request is sent.
        """
        guard = self.guard if use_guard else None
        started = time.monotonic()
        limit = max_bytes or self.config.max_bytes
        chain: list[str] = []
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            refusal = self.address_error(current) or (guard(current) if guard else None)
            if refusal:
                return self._record(url, current, depth, started, chain, error=refusal)
            response = self._request(current, keep_body, limit)
            if isinstance(response, str):
                return self._record(url, current, depth, started, chain, error=response)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                error = "bot_wall" if response.status in (403, 429) else None
                return self._record(url, current, depth, started, chain, response, error=error)
            chain.append(current)
            target = normalise_url(urljoin(current, location))
            if target is None:
                return self._record(url, current, depth, started, chain, response, error="bad_redirect")
            if target in chain:
                return self._record(url, target, depth, started, chain, error="redirect_loop")
            current = target
        return self._record(url, current, depth, started, chain, error="too_many_redirects")

    def _record(self, url: str, final: str, depth: int, started: float, chain: list[str],
                response: _Response | None = None, error: str | None = None) -> FetchRecord:
        record = FetchRecord(url=url, final_url=final, status=0, depth=depth, redirect_chain=list(chain),
                             fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
                             elapsed_ms=round((time.monotonic() - started) * 1000), error=error)
        if response is not None:
            ctype = response.headers.get("content-type", "")
            record.status = response.status
            record.content_type = ctype
            record.charset = charset_of(ctype)
            record.headers = response.headers
            record.body = response.body
            record.truncated = response.truncated
        return record

    def _request(self, url: str, keep_body: bool, limit: int) -> _Response | str:
        """One URL, no redirects, with retries. Returns the response or an error code."""
        timeout = (self.config.timeout, self.config.timeout)
        attempt = 0
        while True:
            self._pace(url)
            try:
                resp = self.session.get(url, stream=True, allow_redirects=False, timeout=timeout,
                                        proxies=self._proxies_for(url))
            except requests.RequestException as exc:
                code = classify_error(exc)
                delay = self._retry_delay(attempt, code in _RETRYABLE, None)
                if delay is None or self.stop.wait(delay):
                    return code
                attempt += 1
                continue
            status = resp.status_code
            headers = {k.lower(): v for k, v in resp.headers.items()}
            retry_after = parse_retry_after(headers.get("retry-after")) if status in (429, 503) else None
            delay = self._retry_delay(attempt, status == 429 or status >= 500, retry_after)
            if delay is not None:
                _drain(resp)
                if self.stop.wait(delay):
                    return _Response(status, headers, None, False)
                attempt += 1
                continue
            wanted = status not in REDIRECT_STATUSES and (keep_body or is_html_type(headers.get("content-type", "")))
            body: bytes | None = None
            truncated = False
            try:
                if wanted:
                    body, truncated = _read(resp, limit, self.deadline, self.stop)
                else:
                    _drain(resp)
            except requests.RequestException as exc:
                code = classify_error(exc)
                delay = self._retry_delay(attempt, code in _RETRYABLE, None)
                if delay is None or self.stop.wait(delay):
                    return code
                attempt += 1
                continue
            return _Response(status, headers, body, truncated)

    def _proxies_for(self, url: str) -> dict[str, str]:
        """The environment's proxies (HTTP_PROXY, NO_PROXY…) for this URL's origin, looked up once."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._proxies:
            self._proxies[origin] = requests.utils.get_environ_proxies(origin)
        return self._proxies[origin]

    def _retry_delay(self, attempt: int, retryable: bool, retry_after: float | None) -> float | None:
        """Seconds to wait before retrying, or None when we should not (out of retries or time, stopped)."""
        if not retryable or attempt >= self.config.retries or self.stop.is_set():
            return None
        return retry_wait(attempt, retry_after, self.deadline - time.monotonic())

    def _pace(self, url: str) -> None:
        """Honour a robots.txt crawl-delay: reserve the next free slot for this origin, then sleep to it.

        Raises FetchHalted when the crawl stops during the wait: a request not yet sent is not made.
        """
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        interval = self._delays.get(origin)
        if not interval:
            return
        with self._pace_lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(origin, now))
            self._next_slot[origin] = slot + interval
        if slot > now and self.stop.wait(slot - now):
            raise FetchHalted(url)


def _read(resp: requests.Response, limit: int, deadline: float,
          stop: threading.Event) -> tuple[bytes, bool]:
    """Stream a body, stopping after ``limit`` bytes (or when the crawl runs out of time or is stopped)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_content(_CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit or time.monotonic() > deadline or stop.is_set():
            resp.close()
            return b"".join(chunks)[:limit], True
    return b"".join(chunks), False


def _drain(resp: requests.Response) -> None:
    """Discard a body we do not keep; small ones are read so the connection goes back to the pool."""
    length = resp.headers.get("Content-Length", "")
    try:
        if length.isdigit() and int(length) <= _DRAIN:
            resp.content  # noqa: B018 - reading it releases the connection for reuse
    except requests.RequestException:
        pass
    finally:
        resp.close()
