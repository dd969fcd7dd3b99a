"""The site model: all analysed pages plus what only the whole crawl knows (link graph, click depth,
sitemap membership, failed fetches). Site-wide checks read this; it is built once per audit."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from auditor.page import Page

T = TypeVar("T")


@dataclass
class FetchSummary:
    """A URL that was fetched but not analysed (error status, non-HTML, blocked, failed)."""

    url: str
    status: int
    content_type: str = ""
    error: str | None = None
    depth: int = 0
    redirect_chain: list[str] = field(default_factory=list)


@dataclass
class Site:
    start_url: str
    pages: list[Page]
    other_fetches: list[FetchSummary] = field(default_factory=list)
    sitemap_urls: frozenset[str] = frozenset()
    robots_disallowed: frozenset[str] = frozenset()
    #: Fetches of analysed pages that arrived through redirects (``url`` is the page, ``redirect_chain``
    #: starts at the URL requested), for redirect-chain and link-resolution checks.
    redirected: list[FetchSummary] = field(default_factory=list)
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, key: str, compute: Callable[[Site], T]) -> T:
        """``compute(self)``, worked out once per site: several checks share costly derived data
        (e.g. the contact facts) without computing it again or knowing about each other."""
        if key not in self._derived:
            self._derived[key] = compute(self)
        return self._derived[key]

    def per_page(self, key: str, page: Page, compute: Callable[[Page], T]) -> T:
        """``compute(page)``, worked out once per site and page under ``key``: the per-page form of
        :meth:`derived`. The pipeline may fill it ahead, for many pages at once (:meth:`preset`)."""
        cache: dict[str, Any] = self._derived.setdefault(f"page:{key}", {})
        if page.url not in cache:
            cache[page.url] = compute(page)
        return cache[page.url]

    def preset(self, key: str, values: dict[str, Any]) -> None:
        """Values of a per-page derivation (page URL → value) computed elsewhere, e.g. in another process."""
        self._derived.setdefault(f"page:{key}", {}).update(values)

    @cached_property
    def by_url(self) -> dict[str, Page]:
        return {page.url: page for page in self.pages}

    def page(self, url: str) -> Page | None:
        return self.by_url.get(url)

    @property
    def home(self) -> Page | None:
        return self.by_url.get(self.start_url) or (self.pages[0] if self.pages else None)

    def by_touchpoint(self, *touchpoints: str) -> list[Page]:
        return [page for page in self.pages if page.touchpoint in touchpoints]

    @cached_property
    def click_depth(self) -> dict[str, int]:
        """Fewest clicks from the start page to each page, by breadth-first search over http links.

        Computed from the link graph, not from crawl order, so it is the same however the crawl
        was scheduled.
        """
        home = self.home
        if home is None:
            return {}
        depth = {home.url: 0}
        queue = deque([home.url])
        while queue:
            url = queue.popleft()
            page = self.by_url.get(url)
            if page is None:
                continue
            for link in page.http_links():
                if link.url not in depth and link.url in self.by_url:
                    depth[link.url] = depth[url] + 1
                    queue.append(link.url)
        return depth
