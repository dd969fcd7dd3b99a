"""Fetching one URL into a FetchRecord: redirects hop by hop, address guard, retries, caps, pacing.

Redirects are followed by hand (not by requests) so every hop passes the address guard and the
robots check, and loops are named as such. Bodies are streamed and cut at ``max_bytes``. One Session
(with a connection pool as large as the worker pool) serves every thread; nothing here holds a
shared lock while on the network.

Responses come from sites nobody here controls, so every one is bounded: bodies are decompressed by
us, a chunk at a time, so ``max_bytes`` counts *decoded* bytes and a gzip bomb is cut by its
compression ratio; a response that keeps dripping bytes is cut by a total per-response deadline
(``requests``' timeout only bounds each single read); and when private addresses are not allowed, every
new connection checks the address it actually reached, which closes the DNS-rebinding gap between the
address guard's lookup and the connect (and covers every redirect hop).
"""

from __future__ import annotations

import email.utils
import os
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from auditor import __version__
from auditor.config import CrawlConfig
from auditor.crawl.record import FetchRecord
from auditor.crawl.scope import Resolver, address_allowed, host_allowed, normalise_url

MAX_REDIRECTS = 10
MAX_RETRY_WAIT = 30.0  # seconds; a longer Retry-After is cut to this
BACKOFF = 0.5  # first retry waits this long, then twice as long each time
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
_DRAIN = 64 * 1024  # bodies we do not keep are still read up to this size, so the connection is reused
_RETRYABLE = frozenset({"timeout", "connection", "incomplete"})
# A decoded body more than this many times its compressed size (once past _RATIO_FLOOR bytes) is a
# decompression bomb: real HTML compresses 5-20x; a run of zeros compresses ~1000x.
MAX_COMPRESSION_RATIO = 100
_RATIO_FLOOR = 1_000_000

class FetchHalted(Exception):
    """The crawl stopped (or ran out of time) before this request's answer was complete.

    Nothing is recorded for it: a part-read body or a retry cut short is no answer, and a resumed crawl
    must request the URL again rather than reuse a fragment whose links are missing."""


class AddressRefused(urllib3.exceptions.NewConnectionError):
    """A connection reached a loopback, private or reserved address (DNS rebinding): closed unused."""


class _PeerCheck:
    """Mixin for urllib3 connections: refuse the socket unless its peer address is allowed.

    The check runs on the connected socket, so it judges the address actually reached, whatever DNS
    answered to the address guard a moment before. Proxied connections use urllib3's own classes.
    """

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        try:
            peer = str(sock.getpeername()[0])
        except OSError:
            peer = ""
        if not address_allowed(peer, allow_private=False):
            sock.close()
            raise AddressRefused(self, f"refused to talk to {peer or 'an unknown address'}: not a public address")
        return sock


class _GuardedHTTPConnection(_PeerCheck, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_PeerCheck, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    """An HTTPAdapter whose direct connections check their peer address (see _PeerCheck)."""

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}


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
    adapter_class = HTTPAdapter if config.allow_private_addresses else _GuardedAdapter
    adapter = adapter_class(pool_connections=4, pool_maxsize=config.concurrency, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    # Only the encodings _Decoder unpacks (bounded) are asked for.
    session.headers.update({"User-Agent": user_agent(config), "Accept-Encoding": "gzip, deflate",
                            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    return session


def conditional_headers(prior: FetchRecord) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from an earlier direct, whole, successful response (else none)."""
    if not prior.ok or prior.redirect_chain or prior.body is None or prior.truncated:
        return {}
    headers = {}
    if prior.headers.get("etag"):
        headers["If-None-Match"] = prior.headers["etag"]
    if prior.headers.get("last-modified"):
        headers["If-Modified-Since"] = prior.headers["last-modified"]
    return headers


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
        if isinstance(err, AddressRefused):
            return "address_not_allowed"
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
    error: str | None = None  # the body could not be read whole: too_slow, decompression_bomb, decoding


@dataclass
class Fetcher:
    """Fetches URLs for one crawl. Thread-safe; share one instance between all workers."""

    config: CrawlConfig
    deadline: float = float("inf")  # time.monotonic() value after which no retry waits are started
    stop: threading.Event = field(default_factory=threading.Event)
    guard: Guard | None = None  # extra per-hop check (robots.txt), after the address guard
    resolve: Resolver | None = None  # the address guard's DNS lookup (socket.getaddrinfo); tests pass a stub

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
                allowed = host_allowed(host, self.config.allow_private_addresses, self.resolve or socket.getaddrinfo)
                self._hosts[host] = None if allowed else "address_not_allowed"
            except OSError:
                self._hosts[host] = "dns"
        return self._hosts[host]

    def fetch(self, url: str, depth: int = 0, *, keep_body: bool = False, max_bytes: int | None = None,
              use_guard: bool = True, prior: FetchRecord | None = None) -> FetchRecord:
        """Fetch a normalised URL, following redirects. Bodies are kept for HTML (or all if ``keep_body``).

        ``use_guard=False`` skips the robots guard (for robots.txt and sitemaps themselves), never the
        address guard. ``prior`` is this URL's record from an earlier run (a page cache): its
        ETag/Last-Modified make the request conditional, and a 304 answer returns it, re-dated.
        Raises FetchHalted if the crawl stops before the request is sent.
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
            conditional = conditional_headers(prior) if prior is not None and not chain else {}
            response = self._request(current, keep_body, limit, conditional)
            if isinstance(response, str):
                return self._record(url, current, depth, started, chain, error=response)
            if conditional and prior is not None and response.status == 304:
                return replace(prior, depth=depth, fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
                               elapsed_ms=round((time.monotonic() - started) * 1000))
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                error = response.error or ("bot_wall" if response.status in (403, 429) else None)
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

    def _request(self, url: str, keep_body: bool, limit: int,
                 headers: dict[str, str] | None = None) -> _Response | str:
        """One URL, no redirects, with retries. Returns the response or an error code."""
        timeout = (self.config.timeout, self.config.timeout)
        attempt = 0
        while True:
            self._pace(url)
            response_deadline = time.monotonic() + self.config.response_seconds
            try:
                resp = self.session.get(url, stream=True, allow_redirects=False, timeout=timeout,
                                        proxies=self._proxies_for(url), headers=headers or None)
            except requests.RequestException as exc:
                code = classify_error(exc)
                delay = self._retry_delay(url, attempt, code in _RETRYABLE, None)
                if delay is None or not self._waited_to_retry(url, delay):
                    return code
                attempt += 1
                continue
            status = resp.status_code
            answer = {k.lower(): v for k, v in resp.headers.items()}
            retry_after = parse_retry_after(answer.get("retry-after")) if status in (429, 503) else None
            try:
                delay = self._retry_delay(url, attempt, status == 429 or status >= 500, retry_after)
            except FetchHalted:
                resp.close()
                raise
            if delay is not None:
                _drain(resp)
                if not self._waited_to_retry(url, delay):
                    return _Response(status, answer, None, False)
                attempt += 1
                continue
            wanted = status not in REDIRECT_STATUSES and (keep_body or is_html_type(answer.get("content-type", "")))
            if not wanted:
                _drain(resp)
                return _Response(status, answer, None, False)
            try:
                return _read(resp, status, answer, limit, (response_deadline, self.deadline), self.stop)
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                code = _body_error(exc)
                delay = self._retry_delay(url, attempt, code in _RETRYABLE, None)
                if delay is None or not self._waited_to_retry(url, delay):
                    return code
                attempt += 1
                continue

    def _waited_to_retry(self, url: str, delay: float) -> bool:
        """Wait ``delay`` before a retry; False when the crawl's time is up by then (the last answer stands).

        Raises FetchHalted when the crawl stops during the wait."""
        if self.stop.wait(delay):
            raise FetchHalted(url)
        return time.monotonic() < self.deadline

    def _proxies_for(self, url: str) -> dict[str, str]:
        """The environment's proxies (HTTP_PROXY, NO_PROXY…) for this URL's origin, looked up once."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._proxies:
            self._proxies[origin] = requests.utils.get_environ_proxies(origin)
        return self._proxies[origin]

    def _retry_delay(self, url: str, attempt: int, retryable: bool, retry_after: float | None) -> float | None:
        """Seconds to wait before retrying, or None when we should not (not retryable, out of retries or time).

        Raises FetchHalted when the crawl has stopped: a failure it would have retried is no answer."""
        if not retryable or attempt >= self.config.retries:
            return None
        if self.stop.is_set():
            raise FetchHalted(url)
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


class _Decoder:
    """Undoes a Content-Encoding one chunk at a time, never producing more than it is asked for.

    Ours rather than urllib3's so the output bound and the compression ratio are exact on every
    urllib3 version. Multi-member gzip is followed; ``deflate`` may come with or without its zlib header.
    """

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding.strip().lower()
        if self.encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise ValueError(self.encoding)
        self._obj = self._new() if self.encoding not in ("", "identity") else None
        self._first = True

    def _new(self, raw_deflate: bool = False) -> zlib._Decompress:
        if self.encoding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if raw_deflate else zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes, room: int) -> bytes:
        """Decoded bytes of ``data``, at most ``room`` of them (input past that is dropped: we stop)."""
        if self._obj is None:
            return data
        if self._first and self.encoding == "deflate":
            self._first = False
            try:
                return self._feed(data, room)
            except zlib.error:  # a server sending raw deflate without the zlib header
                self._obj = self._new(raw_deflate=True)
        return self._feed(data, room)

    def _feed(self, data: bytes, room: int) -> bytes:
        assert self._obj is not None
        out = self._obj.decompress(data, room)
        while self._obj.eof and self._obj.unused_data and len(out) < room:  # the next gzip member
            rest = self._obj.unused_data
            self._obj = self._new()
            out += self._obj.decompress(rest, room - len(out))
        return out


def _read(resp: requests.Response, status: int, headers: dict[str, str], limit: int,
          deadlines: tuple[float, float], stop: threading.Event) -> _Response:
    """Stream a body, decoding it ourselves; stop at ``limit`` decoded bytes or at the first deadline.

    ``deadlines`` are the response's own (``crawl.response_seconds`` after it was requested) and the crawl's.

    Raw bytes are read with ``read1`` (whatever one socket read returns), so a slow drip is noticed
    between reads and the per-response deadline holds within one socket timeout. A body past the
    compression ratio is dropped as a bomb; a body cut by the response deadline is kept but marked
    ``too_slow``. Raises FetchHalted when a stop or the crawl's own time budget cuts the body.
    """
    try:
        decoder = _Decoder(headers.get("content-encoding", ""))
    except ValueError:
        resp.close()
        return _Response(status, headers, None, False, error="decoding")
    response_deadline, crawl_deadline = deadlines
    raw = resp.raw
    body = bytearray()
    raw_size = 0
    while True:
        now = time.monotonic()
        if stop.is_set() or now >= crawl_deadline:
            resp.close()
            raise FetchHalted(resp.url)
        if now >= response_deadline:
            resp.close()
            return _Response(status, headers, bytes(body[:limit]), True, error="too_slow")
        data = raw.read1(_CHUNK, decode_content=False)
        if not data:
            break
        raw_size += len(data)
        try:
            body += decoder.feed(data, limit + 1 - len(body))
        except zlib.error:
            resp.close()
            return _Response(status, headers, None, False, error="decoding")
        if len(body) > _RATIO_FLOOR and len(body) > MAX_COMPRESSION_RATIO * raw_size:
            resp.close()
            return _Response(status, headers, None, True, error="decompression_bomb")
        if len(body) > limit:
            resp.close()
            return _Response(status, headers, bytes(body[:limit]), True)
    return _Response(status, headers, bytes(body), False)


def _body_error(exc: BaseException) -> str:
    """Why a body stopped part-way: ``timeout`` when a read timed out, else ``incomplete`` (a reset)."""
    if isinstance(exc, (urllib3.exceptions.ReadTimeoutError, TimeoutError, socket.timeout)):
        return "timeout"
    return "incomplete"


def _drain(resp: requests.Response) -> None:
    """Discard a body we do not keep; small ones are read (raw, undecoded) so the connection is reused."""
    length = resp.headers.get("Content-Length", "")
    try:
        if length.isdigit() and int(length) <= _DRAIN:
            resp.raw.read(_DRAIN + 1, decode_content=False)
    except (urllib3.exceptions.HTTPError, OSError):
        pass
    finally:
        resp.close()
