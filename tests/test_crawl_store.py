"""The SQLite page store: round trips, ordering, persistence across reopen, concurrent writers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from auditor.crawl.record import FetchRecord
from auditor.crawl.store import PageStore, encode_page
from auditor.errors import OutputError


def _record(url: str, **kwargs: object) -> FetchRecord:
    fields: dict = {"final_url": url, "status": 200, "content_type": "text/html; charset=utf-8",
                    "charset": "utf-8", "headers": {"content-type": "text/html; charset=utf-8"},
                    "body": b"<html><body>" + url.encode() * 50 + b"</body></html>", "depth": 1,
                    "fetched_at": "2025-01-01T00:00:00+00:00", "elapsed_ms": 12}
    fields.update(kwargs)
    return FetchRecord(url=url, **fields)


def test_record_round_trip(tmp_path: Path) -> None:
    record = _record("https://example.com/a", redirect_chain=["https://example.com/old"], truncated=True)
    failed = FetchRecord(url="https://example.com/down", final_url="https://example.com/down", status=0,
                         error="timeout", body=None)
    with PageStore(tmp_path / "store.sqlite") as store:
        store.put(record)
        store.put(failed)
        assert store.get("https://example.com/a") == record
        assert store.get("https://example.com/down") == failed
        assert store.get("https://example.com/never") is None
        assert store.has("https://example.com/a")
        assert not store.has("https://example.com/never")


def test_body_is_compressed_on_disk(tmp_path: Path) -> None:
    record = _record("https://example.com/a", body=b"x" * 100_000)
    with PageStore(tmp_path / "store.sqlite") as store:
        store.put(record)
    with sqlite3.connect(tmp_path / "store.sqlite") as db:
        (stored,) = db.execute("SELECT body FROM records").fetchone()
    assert len(stored) < 10_000


def test_put_replaces_earlier_record(tmp_path: Path) -> None:
    with PageStore(tmp_path / "store.sqlite") as store:
        store.put(_record("https://example.com/a", status=500, body=None))
        store.put(_record("https://example.com/a", status=200))
        assert store.get("https://example.com/a").status == 200  # type: ignore[union-attr]
        assert len(list(store.records())) == 1


def test_records_and_pages_are_ordered_by_url(tmp_path: Path) -> None:
    urls = [f"https://example.com/p{i:03d}" for i in range(150)]  # more than one read batch
    with PageStore(tmp_path / "store.sqlite") as store:
        for url in reversed(urls):
            store.put(_record(url))
            store.put_page(url, {"url": url, "title": f"Title {url[-3:]}"}, [url + "/next"])
        assert [r.url for r in store.records()] == urls
        assert [u for u, _ in store.pages()] == urls
        assert all(page["url"] == url for url, page in store.pages())


def test_page_and_links_round_trip(tmp_path: Path) -> None:
    page = {"url": "https://example.com/", "title": "Café — help", "headings": [{"level": 1, "text": "Hi"}],
            "words": 3, "ratio": 0.5, "flag": None}
    links = ["https://example.com/a", "https://example.com/b"]
    with PageStore(tmp_path / "store.sqlite") as store:
        store.put_page("https://example.com/", page, links)
        assert store.page("https://example.com/") == page
        assert store.links("https://example.com/") == links
        assert store.page("https://example.com/none") is None
        assert store.links("https://example.com/none") == []


def test_meta(tmp_path: Path) -> None:
    with PageStore(tmp_path / "store.sqlite") as store:
        assert store.get_meta("start_url") is None
        store.set_meta("start_url", "https://example.com/")
        store.set_meta("start_url", "https://example.org/")
        assert store.get_meta("start_url") == "https://example.org/"


def test_store_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "out" / "crawl.sqlite"  # the parent directory is created
    with PageStore(path) as store:
        store.put(_record("https://example.com/a"))
        store.put_page("https://example.com/a", {"title": "A"}, ["https://example.com/b"])
        store.set_meta("k", "v")
    with PageStore(path) as store:
        assert store.get("https://example.com/a") == _record("https://example.com/a")
        assert store.page("https://example.com/a") == {"title": "A"}
        assert store.links("https://example.com/a") == ["https://example.com/b"]
        assert store.get_meta("k") == "v"


def test_concurrent_writers(tmp_path: Path) -> None:
    with PageStore(tmp_path / "store.sqlite") as store:

        def write(worker: int) -> None:
            for i in range(50):
                url = f"https://example.com/w{worker}/{i:02d}"
                store.put(_record(url))
                store.put_page(url, {"n": i}, [])
                assert store.has(url)

        threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(list(store.records())) == 400
        assert len(list(store.pages())) == 400


def test_unwritable_path_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(OutputError, match="cannot open the page store"):
        PageStore(blocker / "crawl.sqlite")


def test_a_record_stored_with_links_is_a_page_to_parse_until_its_page_is_stored(tmp_path: Path) -> None:
    links = ["https://example.com/b", "https://example.com/c"]
    with PageStore(tmp_path / "store.sqlite") as store:
        store.put(_record("https://example.com/a"), links)
        store.put(_record("https://example.com/file.pdf", content_type="application/pdf"))  # no links: no page
        assert store.links("https://example.com/a") == links  # the crawl's resume reads them from the record
        assert store.unparsed() == ["https://example.com/a"]
        assert store.page_count() == 1
        assert store.urls() == {"https://example.com/a", "https://example.com/file.pdf"}
        store.put_page("https://example.com/a", {"title": "A"}, links)
        assert store.unparsed() == []
        assert store.page_count() == 1
        assert store.page("https://example.com/a") == {"title": "A"}


def test_encoded_page_is_stored_as_put_page_stores_it(tmp_path: Path) -> None:
    page = {"title": "Caf\u00e9", "links": [{"url": "https://example.com/b"}]}
    with PageStore(tmp_path / "store.sqlite") as store:
        store.put_page("https://example.com/a", page, ["https://example.com/b"])
        store.put_page_row("https://example.com/x", encode_page(page, ["https://example.com/b"]))
        assert store.page_row("https://example.com/a") == store.page_row("https://example.com/x")
        assert store.page("https://example.com/x") == page


def test_a_store_of_the_earlier_layout_gains_the_links_column(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with sqlite3.connect(path) as db:  # the layout before records kept their links
        db.executescript("CREATE TABLE records (url TEXT PRIMARY KEY, meta TEXT NOT NULL, body BLOB);"
                         "CREATE TABLE pages (url TEXT PRIMARY KEY, page BLOB NOT NULL, links TEXT NOT NULL);")
    with PageStore(path) as store:
        store.put(_record("https://example.com/a"), ["https://example.com/b"])
        assert store.links("https://example.com/a") == ["https://example.com/b"]
        assert store.unparsed() == ["https://example.com/a"]
