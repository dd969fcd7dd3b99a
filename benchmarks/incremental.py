"""Incremental re-audit benchmark: a cold audit of a generated 1,000-page local site, then a re-audit of
the unchanged site from the page cache (conditional requests, no re-analysis). Target: ≥ 5× faster.

Run: ``python -m benchmarks.incremental [--pages N]``. It prints both times and their ratio.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from auditor.config import AuditConfig, CrawlConfig, ReportConfig, SiteConfig
from auditor.demo.server import serve_directory
from auditor.pipeline import run_audit

SECTIONS = ("help", "shop", "blog", "faq")
PARAGRAPH = ("You can return any item within 30 days of delivery. We refund the full price to the card you paid "
             "with, usually within five working days. If something arrived damaged, tell us and we will send a "
             "replacement straight away. Our team answers every message within one working day.")


def generate_site(root: Path, pages: int) -> None:
    """Write ``pages`` simple linked HTML pages (home, section indexes, articles) under ``root``."""
    per_section = max(1, (pages - 1 - len(SECTIONS)) // len(SECTIONS))
    nav = "".join(f'<a href="/{s}/">{s.title()}</a> ' for s in SECTIONS) + '<a href="/contact/">Contact</a>'
    for section in SECTIONS:
        links = "".join(f'<li><a href="/{section}/item-{i}/">{section} item {i}</a></li>' for i in range(per_section))
        _page(root / section / "index.html", f"{section.title()} index", nav, f"<ul>{links}</ul>")
        for i in range(per_section):
            body = f"<h1>{section.title()} item {i}</h1>" + f"<p>{PARAGRAPH} Item number {i}.</p>" * 3
            _page(root / section / f"item-{i}" / "index.html", f"{section.title()} item {i}", nav, body)
    _page(root / "contact" / "index.html", "Contact us", nav,
          "<p>Call us on 0800 123 4567 or e-mail help@example.com, Monday to Friday 9am to 5pm.</p>")
    _page(root / "index.html", "Home", nav, f"<h1>Welcome</h1><p>{PARAGRAPH}</p>")


def _page(path: Path, title: str, nav: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
                    f"<body><header><nav>{nav}</nav></header><main>{body}</main>"
                    f"<footer><a href=\"/contact/\">Contact us</a></footer></body></html>", encoding="utf-8")


def run(pages: int) -> tuple[float, float]:
    """Cold audit then warm re-audit of a ``pages``-page site; returns (cold seconds, warm seconds)."""
    with tempfile.TemporaryDirectory(prefix="cxaudit-bench-") as tmp:
        site, out = Path(tmp) / "site", Path(tmp) / "out"
        generate_site(site, pages)
        with serve_directory(site) as url:
            config = AuditConfig(site=SiteConfig(start_url=url, name="Benchmark"),
                                 crawl=replace(CrawlConfig(), allow_private_addresses=True, max_pages=pages + 10,
                                               use_sitemaps=False),
                                 report=ReportConfig(build_site=False))
            started = time.perf_counter()
            cold = run_audit(config, out)
            cold_s = time.perf_counter() - started
            started = time.perf_counter()
            warm = run_audit(config, out)
            warm_s = time.perf_counter() - started
        assert warm.audit["scores"] == cold.audit["scores"], "the re-audit must give the same scores"
        assert [f["id"] for f in warm.audit["findings"]] == [f["id"] for f in cold.audit["findings"]]
        print(f"pages analysed: {cold.audit['crawl']['pages_analysed']}")
        print(f"re-audit: {warm.cache.describe() if warm.cache else 'no page cache'}")
    return cold_s, warm_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    cold, warm = run(args.pages)
    print(f"cold audit: {cold:.2f} s; re-audit of the unchanged site: {warm:.2f} s; ratio {cold / warm:.1f}x "
          f"(target >= 5x)")


if __name__ == "__main__":
    main()
