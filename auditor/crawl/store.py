"""The on-disk page store: every fetched URL and every parsed page, in one SQLite file.

It lives in the audit's output directory so an interrupted audit resumes where it stopped, and later
stages read pages from it instead of holding the whole site in memory. One connection guarded by a
lock serves all crawler threads; WAL with ``synchronous=NORMAL`` makes each small write cheap while
surviving a crash of the process, and lets the page-parsing processes read bodies while the crawl writes.

A page's record is stored with the links the crawler follows from it, in one row, before its full parse:
a record with links and no parsed page is a page still to parse (:meth:`PageStore.unparsed`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from auditor.crawl.record import FetchRecord
from auditor.errors import OutputError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (url TEXT PRIMARY KEY, meta TEXT NOT NULL, body BLOB, links TEXT);
CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, page BLOB NOT NULL, links TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_BATCH = 64  # rows read per query when iterating, so iteration never holds the lock for long
_LEVEL = 1  # zlib level: HTML compresses ~5x even at level 1, and it is several times faster than 6


class PageStore:
    """Fetch records, parsed pages (as dicts) with their links, and crawl metadata, keyed by URL."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            if "links" not in {row[1] for row in self._db.execute("PRAGMA table_info(records)")}:
                self._db.execute("ALTER TABLE records ADD COLUMN links TEXT")  # a store of an earlier version
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open the page store {self.path}: {exc}",
                              "check the output directory is writable and not on a full disk") from None

    def __enter__(self) -> PageStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        try:
            with self._lock:
                self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write to the page store {self.path}: {exc}",
                              "free disk space or choose another output directory") from None

    def _one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        with self._lock:
            return self._db.execute(sql, params).fetchone()

    def _batches(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """Rows ordered by url, read a batch at a time (keyset paging: stable while others write)."""
        last = ""
        while True:
            with self._lock:
                rows = self._db.execute(sql, (last, _BATCH)).fetchall()
            yield from rows
            if len(rows) < _BATCH:
                return
            last = rows[-1][0]

    # fetch records

    def put(self, record: FetchRecord, links: list[str] | None = None) -> None:
        """Store ``record``; ``links`` (the URLs the crawl follows from it) mark it as a page to parse."""
        body = zlib.compress(record.body, _LEVEL) if record.body is not None else None
        self._write("INSERT OR REPLACE INTO records (url, meta, body, links) VALUES (?, ?, ?, ?)",
                    (record.url, json.dumps(record.meta_dict()), body, None if links is None else json.dumps(links)))

    def get(self, url: str) -> FetchRecord | None:
        row = self._one("SELECT url, meta, body FROM records WHERE url = ?", (url,))
        return _record(row) if row else None

    def has(self, url: str) -> bool:
        return self._one("SELECT 1 FROM records WHERE url = ?", (url,)) is not None

    def urls(self) -> set[str]:
        """Every stored record's URL."""
        with self._lock:
            return {url for (url,) in self._db.execute("SELECT url FROM records")}

    def records(self) -> Iterator[FetchRecord]:
        for row in self._batches("SELECT url, meta, body FROM records WHERE url > ? ORDER BY url LIMIT ?"):
            yield _record(row)

    def record_metas(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every record's metadata, by URL, without reading its body (the page cache hashes these)."""
        for url, meta in self._batches("SELECT url, meta FROM records WHERE url > ? ORDER BY url LIMIT ?"):
            yield url, json.loads(meta)

    # parsed pages

    def put_page(self, url: str, page: dict[str, Any], links: list[str]) -> None:
        self.put_page_row(url, encode_page(page, links))

    def page(self, url: str) -> dict[str, Any] | None:
        row = self._one("SELECT page FROM pages WHERE url = ?", (url,))
        return _page(row[0]) if row else None

    def pages(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for url, blob in self._batches("SELECT url, page FROM pages WHERE url > ? ORDER BY url LIMIT ?"):
            yield url, _page(blob)

    def page_row(self, url: str) -> tuple[bytes, str] | None:
        """``url``'s page and links as stored, unparsed, for :meth:`put_page_row` into another store."""
        row = self._one("SELECT page, links FROM pages WHERE url = ?", (url,))
        return (row[0], row[1]) if row else None

    def put_page_row(self, url: str, row: tuple[bytes, str]) -> None:
        """Store a :meth:`page_row` of another store, or an :func:`encode_page` result, as it is."""
        self._write("INSERT OR REPLACE INTO pages (url, page, links) VALUES (?, ?, ?)", (url, *row))

    def page_blobs(self) -> Iterator[tuple[str, bytes]]:
        """Every parsed page as stored (compressed JSON), by URL, unparsed: cheap to compare with a cache."""
        yield from self._batches("SELECT url, page FROM pages WHERE url > ? ORDER BY url LIMIT ?")

    def links(self, url: str) -> list[str]:
        """The links stored with ``url``'s record, else with its parsed page (a page copied from a cache)."""
        row = self._one("SELECT links FROM records WHERE url = ?1 AND links IS NOT NULL "
                        "UNION ALL SELECT links FROM pages WHERE url = ?1 LIMIT 1", (url,))
        return json.loads(row[0]) if row else []

    def page_count(self) -> int:
        """Pages kept: stored with their links (parsed or not yet) or parsed."""
        row = self._one("SELECT COUNT(*) FROM records WHERE links IS NOT NULL OR url IN (SELECT url FROM pages)", ())
        return int(row[0]) if row else 0

    def unparsed(self) -> list[str]:
        """Pages whose record is stored but whose parse is not (the parse was pending when the run stopped)."""
        with self._lock:
            rows = self._db.execute("SELECT url FROM records WHERE links IS NOT NULL AND NOT EXISTS "
                                    "(SELECT 1 FROM pages WHERE pages.url = records.url) ORDER BY url").fetchall()
        return [url for (url,) in rows]

    # crawl metadata (robots.txt texts, sitemap URLs, start URL)

    def set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _record(row: tuple[Any, ...]) -> FetchRecord:
    _, meta, body = row
    data = json.loads(meta)
    return FetchRecord(**data, body=zlib.decompress(body) if body is not None else None)


def encode_page(page: dict[str, Any], links: list[str]) -> tuple[bytes, str]:
    """A parsed page and its links encoded as the store keeps them (for :meth:`PageStore.put_page_row`): a
    parsing process encodes its page itself, so only these compact bytes travel back to the crawler."""
    return zlib.compress(json.dumps(page, ensure_ascii=False).encode("utf-8"), _LEVEL), json.dumps(links)


def _page(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob).decode("utf-8"))
