"""Where the analysis stage spends its time, per page: the page parse split into its steps, and each
registered check's run over the whole site model.

Pages come straight from a generated site on disk (no HTTP), so the numbers are pure CPU. The parse
split is taken with cProfile (cumulative time of each step, scaled to the unprofiled total); the checks
are timed one by one without a profiler.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from auditor.analyse import PageParser, analyse_record, worker_count
from auditor.config import AuditConfig
from auditor.crawl.record import FetchRecord
from auditor.crawl.store import PageStore
from auditor.page import Page
from auditor.parallel import precompute
from auditor.pipeline import run_checks
from auditor.site import Site
from benchmarks.sitegen import site_dir
from checks.registry import all_checks, page_work

BASE = "http://127.0.0.1:8000"
#: Steps of parse_page, by function name, as cProfile sees them.
PARSE_STEPS = [
    ("lxml parse", "document_fromstring"),
    ("head and meta", "_fill_head"),
    ("links, forms, scripts", "_fill_structure"),
    ("structured data", "_fill_structured_data"),
    ("questions", "_fill_questions"),
    ("accessibility artefacts", "gather"),
    ("text and regions", "_fill_text"),
    ("  of which trafilatura", "extract"),
    ("touchpoint", "classify"),
]


@dataclass
class Timing:
    name: str
    seconds: float
    pages: int

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / max(self.pages, 1)


def records(directory: Path) -> Iterator[FetchRecord]:
    """The site's pages as the crawler would have fetched them."""
    for file in sorted(directory.rglob("index.html")):
        path = "/" + str(file.parent.relative_to(directory)).strip(".") + "/"
        url = BASE + path.replace("//", "/")
        yield FetchRecord(url=url, final_url=url, status=200, content_type="text/html; charset=utf-8",
                          charset="utf-8", body=file.read_bytes())


def profile_parse(recs: list[FetchRecord]) -> tuple[list[Page], float, list[Timing]]:
    """Parse every page once (timed), then again under cProfile for the split between steps."""
    began = time.perf_counter()
    pages = [analyse_record(r, BASE + "/") for r in recs]
    total = time.perf_counter() - began
    profiler = cProfile.Profile()
    profiler.enable()
    for r in recs:
        analyse_record(r, BASE + "/")
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    profiled_total = sum(v[3] for k, v in stats.items() if k[2] == "analyse_record")
    steps = []
    for label, func in PARSE_STEPS:
        cumulative = sum(v[3] for k, v in stats.items() if k[2] == func)
        if cumulative:
            steps.append(Timing(label, total * cumulative / profiled_total, len(recs)))
    return pages, total, steps


def parallel_parse(recs: list[FetchRecord], workers: int) -> float:
    """Seconds to parse every page in a process pool as the pipeline does: workers read each page from the
    page store and store its parse (pool start-up included, storing the records not)."""
    with tempfile.TemporaryDirectory(prefix="cxaudit-profile-") as tmp, \
            PageStore(Path(tmp) / "store.sqlite") as store:
        for record in recs:
            store.put(record, [])
        began = time.perf_counter()
        with PageParser(store, BASE + "/", workers) as parser:
            for record in recs:
                parser.submit(record.url)
            parser.drain()
        return time.perf_counter() - began


def time_checks(site: Site, config: AuditConfig) -> list[Timing]:
    out = []
    for check in all_checks():
        began = time.perf_counter()
        try:
            list(check.run(site, config))
        except Exception as exc:  # a check under development: report it, time the rest
            print(f"  (check {check.id} failed: {type(exc).__name__}: {exc})")
        out.append(Timing(check.id, time.perf_counter() - began, len(site.pages)))
    return sorted(out, key=lambda t: -t.seconds)


def pipeline_checks(pages: list[Page], config: AuditConfig, workers: int) -> float:
    """Wall seconds of the checks as an audit runs them: the per-page work on every core first."""
    site = Site(start_url=BASE + "/", pages=pages)  # a fresh site: no cache of the timing run above
    began = time.perf_counter()
    precompute(site, page_work(config), workers)
    run_checks(all_checks(), site, config)
    return time.perf_counter() - began


def run(pages: int) -> dict[str, float]:
    """Print the profile for a site of ``pages`` pages; returns the headline rates."""
    logging.disable(logging.CRITICAL)
    recs = list(records(site_dir(pages)))
    parsed, parse_total, steps = profile_parse(recs)
    workers = worker_count()
    pooled = parallel_parse(recs, workers)
    site = Site(start_url=BASE + "/", pages=parsed)
    checks = time_checks(site, AuditConfig())
    checks_total = sum(t.seconds for t in checks)
    pipelined = pipeline_checks(parsed, AuditConfig(), workers)
    kb = sum(len(r.body or b"") for r in recs) / len(recs) / 1024
    print(f"\nAnalysis profile: {len(recs)} pages, {kb:.0f} KB of HTML each on average")
    print(f"  page parse, one process:   {1000 * parse_total / len(recs):7.2f} ms/page")
    for step in steps:
        print(f"    {step.name:<26}{step.ms_per_page:7.2f} ms/page")
    print(f"  page parse, {workers} processes:  {1000 * pooled / len(recs):7.2f} ms/page "
          f"({len(recs) / pooled:.0f} pages/s, pool start-up included)")
    print(f"  checks (all, one process): {1000 * checks_total / len(recs):7.2f} ms/page")
    for timing in checks:
        print(f"    {timing.name:<26}{timing.ms_per_page:7.2f} ms/page")
    print(f"  checks as an audit runs them (per-page work on {workers} cores): "
          f"{1000 * pipelined / len(recs):7.2f} ms/page")
    analysis = pooled + pipelined
    print(f"  analysis (parse and checks on {workers} cores): {len(recs) / analysis:.0f} pages/s")
    return {"parse_ms": 1000 * parse_total / len(recs), "pooled_pages_per_s": len(recs) / pooled,
            "checks_ms": 1000 * checks_total / len(recs), "checks_pipelined_ms": 1000 * pipelined / len(recs),
            "analysis_pages_per_s": len(recs) / analysis}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    run(parser.parse_args().pages)


if __name__ == "__main__":
    main()
