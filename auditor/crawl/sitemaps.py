"""Sitemaps as extra crawl seeds: sitemap.xml, those robots.txt names, index files, gzip, plain text.

Sitemaps come from the site and may be hostile: the XML parser resolves no entities, loads no DTD,
touches no network, refuses huge trees, and gzip is unpacked to at most ``max_bytes``.
"""

from __future__ import annotations

import logging
import zlib
from collections import deque
from collections.abc import Callable

from lxml import etree

from auditor.crawl.fetch import Fetcher, FetchHalted
from auditor.crawl.scope import normalise_url

log = logging.getLogger(__name__)

MAX_SITEMAP_FILES = 100  # index files can nest and fan out; this bounds the requests spent on them


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           recover=True, remove_comments=True, remove_pis=True)


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Unpack gzip data, stopping at ``max_bytes`` of output (a gzip bomb stays small)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, max_bytes)
    except zlib.error:
        return b""


def parse_sitemap(data: bytes, max_bytes: int) -> tuple[bool, list[str]]:
    """Whether this is a sitemap index, and the ``<loc>`` values it lists, in document order.

    Only ``<loc>`` directly under ``<url>`` or ``<sitemap>`` counts (image and video extensions have
    their own ``<loc>``). A file that is not XML is read as a text sitemap: one URL per line.
    """
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, max_bytes)
    data = data[:max_bytes]
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        text = data.decode("utf-8", errors="replace")
        return False, [line.strip() for line in text.splitlines() if line.strip().startswith(("http://", "https://"))]
    is_index = etree.QName(root).localname == "sitemapindex"
    locs = []
    for loc in root.iter("{*}loc"):
        parent = loc.getparent()
        if parent is not None and etree.QName(parent).localname in ("url", "sitemap") and loc.text:
            locs.append(loc.text.strip())
    return is_index, locs


def read_sitemaps(fetcher: Fetcher, sitemaps: list[str], accept: Callable[[str], bool], limit: int,
                  max_bytes: int, halted: Callable[[], bool] = lambda: False) -> list[str]:
    """Page URLs listed in ``sitemaps`` (index files followed), normalised, deduplicated, in order.

    Only URLs ``accept`` takes (in scope) are kept, at most ``limit``. Unreadable sitemaps are skipped:
    a missing sitemap is normal. ``halted`` is asked before each file (Ctrl-C, time budget).
    """
    found: list[str] = []
    seen: set[str] = set()
    queue = deque(u for u in (normalise_url(s) for s in sitemaps) if u)
    visited: set[str] = set()
    while queue and len(found) < limit and len(visited) < MAX_SITEMAP_FILES and not halted():
        sitemap = queue.popleft()
        if sitemap in visited:
            continue
        visited.add(sitemap)
        try:
            record = fetcher.fetch(sitemap, keep_body=True, max_bytes=max_bytes, use_guard=False)
        except FetchHalted:
            break
        if not record.ok or not record.body:
            log.debug("sitemap %s not read: %s", sitemap, record.error or f"HTTP {record.status}")
            continue
        is_index, locs = parse_sitemap(record.body, max_bytes)
        for loc in locs:
            url = normalise_url(loc)
            if url is None:
                continue
            if is_index:
                queue.append(url)
            elif url not in seen and accept(url):
                seen.add(url)
                found.append(url)
                if len(found) >= limit:
                    break
    return found
