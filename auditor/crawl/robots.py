"""robots.txt: fetched once per origin, parsed to RFC 9309 by protego, kept in the store for resumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

from auditor.crawl.fetch import Fetcher
from auditor.crawl.record import FetchRecord

ROBOTS_MAX_BYTES = 512_000  # RFC 9309 §2.5: crawlers must parse at least 500 KiB


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def robots_url(url: str) -> str:
    return origin_of(url) + "/robots.txt"


@dataclass
class RobotsRules:
    """The rules of one origin's robots.txt for our user agent."""

    url: str
    text: str
    user_agent: str
    _parser: Protego = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._parser = Protego.parse(self.text)

    def allowed(self, url: str) -> bool:
        return self._parser.can_fetch(url, self.user_agent)

    @property
    def crawl_delay(self) -> float | None:
        delay = self._parser.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    @property
    def sitemaps(self) -> list[str]:
        return list(self._parser.sitemaps)


def fetch_robots(fetcher: Fetcher, url: str, user_agent: str) -> tuple[RobotsRules, FetchRecord]:
    """The robots.txt governing ``url``, and the fetch it came from.

    Only a 2xx gives rules. A 4xx means there are none (RFC 9309 §2.3.1.3). A 5xx or network failure is
    treated as no rules too (see ``is_definitive``): the RFC would have us stop, but then a flaky
    robots.txt would block the audit of a site that is otherwise up.
    """
    where = robots_url(url)
    record = fetcher.fetch(where, keep_body=True, max_bytes=ROBOTS_MAX_BYTES, use_guard=False)
    text = record.body.decode("utf-8", errors="replace") if record.ok and record.body is not None else ""
    return RobotsRules(where, text, user_agent), record


def is_definitive(record: FetchRecord) -> bool:
    """Whether a robots.txt fetch gave a lasting answer (rules, or none by a 4xx), worth keeping."""
    return record.ok or (record.error is None and 400 <= record.status < 500)
