"""The page parser beside the crawl: pages queued by URL are parsed from the page store (in worker
processes, or in this process with one core or after the workers die) and stored as one parse of each."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from auditor.analyse import PageParser, analyse_record
from auditor.crawl.record import FetchRecord
from auditor.crawl.store import PageStore
from auditor.page import page_links

SHOP = Path(__file__).parent / "sites" / "shop"
START = "http://127.0.0.1:8123/"


def shop_records() -> list[FetchRecord]:
    records = []
    for file in sorted(SHOP.rglob("*.html")):
        path = file.relative_to(SHOP).as_posix()
        url = START + (path[: -len("index.html")] if path.endswith("index.html") else path)
        records.append(FetchRecord(url=url, final_url=url, status=200, content_type="text/html; charset=utf-8",
                                   charset="utf-8", body=file.read_bytes(), depth=1))
    return records


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PageStore]:
    with PageStore(tmp_path / "store.sqlite") as page_store:
        for record in shop_records():
            page_store.put(record, page_links(record))  # as the crawler stores a page before its parse
        yield page_store


def expected(record: FetchRecord) -> dict:
    return json.loads(json.dumps(analyse_record(record, START).to_dict()))


@pytest.mark.parametrize("workers", [2, 1])
def test_queued_pages_are_parsed_once_and_stored(store: PageStore, workers: int) -> None:
    records = shop_records()
    assert len(records) >= 5
    with PageParser(store, START, workers) as parser:
        for record in records:
            parser.submit(record.url)  # returns at once
        parser.drain()
    assert store.unparsed() == []
    for record in records:
        assert store.page(record.url) == expected(record), record.url
        assert store.links(record.url) == page_links(record)


def test_drain_parses_pages_stored_by_an_interrupted_run(store: PageStore) -> None:
    with PageParser(store, START, 2) as parser:  # nothing submitted: the run that stored them was killed
        parser.drain()
    assert store.unparsed() == []
    assert store.page_count() == len(shop_records())


def test_pages_are_still_parsed_after_the_workers_are_killed(store: PageStore) -> None:
    records = shop_records()
    with PageParser(store, START, 2) as parser:
        parser.submit(records[0].url)
        parser.drain()
        pool = parser._pool
        assert pool is not None
        for pid in list(pool._processes):  # what the out-of-memory killer does
            os.kill(pid, signal.SIGKILL)
        for record in records[1:]:
            parser.submit(record.url)
        parser.drain()
        assert parser._broken  # the pool was found dead: the rest were parsed in this process
        workers = list(pool._processes.values())
    for worker in workers:  # a survivor stuck on its killed sibling's queue lock would hang the exit
        worker.join(timeout=10)
        assert worker.exitcode is not None
    assert store.unparsed() == []
    for record in records:
        assert store.page(record.url) == expected(record), record.url


def test_close_keeps_every_page_parsed_or_still_to_parse(store: PageStore) -> None:
    records = shop_records()
    with PageParser(store, START, 2) as parser:
        for record in records:
            parser.submit(record.url)
    parsed = {url for url, _ in store.page_blobs()}
    assert parsed | set(store.unparsed()) == {r.url for r in records}  # none lost: a resumed run parses the rest
    assert not parsed & set(store.unparsed())
