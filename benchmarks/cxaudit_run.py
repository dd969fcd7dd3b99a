"""One cxaudit run for the benchmark, in its own process: ``crawl`` (the crawl stage alone as an audit runs
it: fetch, link extraction and storing, with the full parse running alongside in the process pool, then the
wait for the parses still running) or ``audit`` (crawl, checks, audit.json and the report site).

Prints one JSON line: pages fetched and analysed, and the per-stage seconds — in crawl mode ``crawl`` (until
the last page is fetched and stored) and ``parse_drain`` (the wait for the parse after it), separately.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import threading
import time
from pathlib import Path

from auditor.analyse import PageParser
from auditor.config import AuditConfig, CrawlConfig, ReportConfig, SiteConfig
from auditor.crawl import crawl
from auditor.crawl.scope import normalise_url
from auditor.crawl.store import PageStore
from auditor.page import page_links
from auditor.pipeline import run_audit


def bench_config(url: str, concurrency: int, max_pages: int, build_site: bool) -> AuditConfig:
    return AuditConfig(site=SiteConfig(start_url=url, name="Northwind Living"),
                       crawl=CrawlConfig(allow_private_addresses=True, concurrency=concurrency, max_pages=max_pages,
                                         max_depth=50, retries=0),
                       report=ReportConfig(build_site=build_site))


def run_crawl(config: AuditConfig, out: Path) -> dict[str, object]:
    start = normalise_url(config.site.start_url) or ""
    began = time.monotonic()
    with PageStore(out / "store.sqlite") as store, PageParser(store, start) as parser:
        summary = crawl(start, config.crawl, store, page_links, stop=threading.Event(), on_stored=parser.submit)
        crawled = time.monotonic()
        parser.drain()
        drained = time.monotonic()
        parsed = sum(1 for _ in store.page_blobs())
    return {"fetched": summary.fetched, "analysed": parsed, "stopped_reason": summary.stopped_reason,
            "stage_seconds": {"crawl": round(crawled - began, 3), "parse_drain": round(drained - crawled, 3)}}


def run_full(config: AuditConfig, out: Path) -> dict[str, object]:
    outcome = run_audit(config, out)
    crawl_facts = outcome.audit["crawl"]
    return {"fetched": crawl_facts["pages_fetched"], "analysed": crawl_facts["pages_analysed"],
            "stopped_reason": crawl_facts["stopped_reason"], "findings": len(outcome.audit["findings"]),
            "stage_seconds": outcome.stage_seconds, "stage_peak_mb": outcome.stage_peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["crawl", "audit"])
    parser.add_argument("url")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-pages", type=int, default=20_000)
    parser.add_argument("--no-report", action="store_true", help="audit without building the report site")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    config = bench_config(args.url, args.concurrency, args.max_pages, build_site=not args.no_report)
    with tempfile.TemporaryDirectory(prefix="cxaudit-bench-") as tmp:
        out = args.out or Path(tmp)
        result = run_crawl(config, out) if args.mode == "crawl" else run_full(config, out)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
