"""Incremental re-audits: conditional requests, reuse of unchanged pages, --changed-urls, broken caches."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from auditor.ci.cache import CACHE_DIR
from auditor.config import AuditConfig, CrawlConfig, EvidenceConfig, ReportConfig, SiteConfig
from auditor.crawl.fetch import Fetcher
from auditor.crawl.store import PageStore
from auditor.pipeline import run_audit
from auditor.progress import QuietReporter

SHOP = Path(__file__).parent / "sites" / "shop"


def config_for(url: str) -> AuditConfig:
    return AuditConfig(site=SiteConfig(start_url=url, name="Oakfield Goods"),
                       crawl=CrawlConfig(allow_private_addresses=True, timeout=5, retries=0),
                       report=ReportConfig(build_site=False))


def copy_shop(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SHOP, site)
    return site


def touch_later(path: Path, text: str) -> None:
    """Change a page and move its mtime on, so Last-Modified changes even within the same second."""
    path.write_text(text, encoding="utf-8")
    later = time.time() + 10
    os.utime(path, (later, later))


def without_times(audit: dict) -> dict:
    audit = {k: v for k, v in audit.items() if k not in ("started_at", "finished_at")}
    audit["crawl"] = {k: v for k, v in audit["crawl"].items() if k != "duration_seconds"}
    return audit


def test_conditional_request_reuses_the_earlier_record(serve_site: Callable[[str | Path], str]) -> None:
    url = serve_site("shop") + "faq/"
    fetcher = Fetcher(CrawlConfig(allow_private_addresses=True, retries=0))
    first = fetcher.fetch(url)
    assert first.status == 200 and first.headers.get("last-modified")
    first.headers["x-marker"] = "from the cache"
    again = fetcher.fetch(url, 3, prior=first)
    assert again.headers["x-marker"] == "from the cache", "a 304 answer returns the prior record"
    assert (again.depth, again.body) == (3, first.body)
    first.headers["last-modified"] = "Thu, 01 Jan 1970 00:00:00 GMT"  # older than the file: full answer
    fresh = fetcher.fetch(url, prior=first)
    assert fresh.status == 200 and "x-marker" not in fresh.headers
    fetcher.close()


def test_rerun_reuses_unchanged_pages_and_reanalyses_changed_ones(
        serve_site: Callable[[str | Path], str], tmp_path: Path) -> None:
    site = copy_shop(tmp_path)
    config = config_for(serve_site(site))
    cold = run_audit(config, tmp_path / "out")
    assert cold.cache is not None and "no page cache yet" in cold.cache.describe()
    warm = run_audit(config, tmp_path / "out")
    assert warm.cache is not None and warm.cache.findings_reused and warm.cache.audit_reused
    assert (warm.cache.pages_reused, warm.cache.pages_parsed) == (7, 0)
    assert without_times(warm.audit) == without_times(cold.audit)

    faq = site / "faq" / "index.html"
    touch_later(faq, faq.read_text(encoding="utf-8").replace("</main>", "<p>A brand new answer.</p></main>"))
    changed = run_audit(config, tmp_path / "out")
    assert changed.cache is not None and not changed.cache.findings_reused
    assert (changed.cache.pages_reused, changed.cache.pages_parsed) == (6, 1)
    fresh = run_audit(AuditConfig(**{**config.__dict__, "ci": type(config.ci)(incremental=False)}),
                      tmp_path / "cold")
    assert without_times(changed.audit) == without_times(fresh.audit), "incremental equals a cold audit"


def test_changed_urls_refetch_only_the_listed_pages(serve_site: Callable[[str | Path], str], tmp_path: Path) -> None:
    site = copy_shop(tmp_path)
    base = serve_site(site)
    config = config_for(base)
    run_audit(config, tmp_path / "out")
    for name in ("faq", "returns"):
        page = site / name / "index.html"
        touch_later(page, page.read_text(encoding="utf-8").replace("<title>", "<title>Changed "))
    outcome = run_audit(config, tmp_path / "out", changed_urls=frozenset({base + "faq/"}))
    titles = {p["url"].removeprefix(base): p["title"] for p in outcome.audit["pages"]}
    assert titles["faq/"].startswith("Changed "), "a listed URL is fetched again"
    assert not titles["returns/"].startswith("Changed "), "an unlisted URL is reused from the cache"
    assert outcome.cache is not None and "--changed-urls" in outcome.cache.describe()


def test_changed_urls_without_a_cache_audits_everything(
        serve_site: Callable[[str | Path], str], tmp_path: Path, caplog) -> None:
    base = serve_site("shop")
    outcome = run_audit(config_for(base), tmp_path / "out", changed_urls=frozenset({base + "faq/"}))
    assert outcome.audit["crawl"]["pages_analysed"] == 7
    assert "auditing the whole site" in caplog.text


def test_deleted_or_corrupt_cache_falls_back_to_a_full_audit(
        serve_site: Callable[[str | Path], str], tmp_path: Path) -> None:
    config = config_for(serve_site("shop"))
    out = tmp_path / "out"
    cold = run_audit(config, out)
    shutil.rmtree(out / ".cxaudit")  # the completed store that would become the cache
    again = run_audit(config, out)
    assert again.cache is not None and again.cache.pages_reused == 0
    (out / ".cxaudit" / "store.sqlite").write_bytes(b"this is not a database" * 100)
    broken = run_audit(config, out)
    assert broken.cache is not None and broken.cache.pages_reused == 0
    assert "unusable" in broken.cache.describe()
    assert without_times(broken.audit) == without_times(cold.audit)


class WreckCacheOnFirstPage(QuietReporter):
    """Overwrites the cache file while the crawl runs: the cache 'deleted mid-run'."""

    def __init__(self, cache_file: Path) -> None:
        super().__init__()
        self.cache_file = cache_file

    def advance(self, done: int, total: int | None = None, detail: str = "") -> None:
        if self.cache_file.exists():
            with self.cache_file.open("r+b") as handle:
                handle.write(b"\0" * self.cache_file.stat().st_size)
            for extra in self.cache_file.parent.glob("store.sqlite-*"):
                extra.unlink()


def test_cache_destroyed_mid_run_gives_a_full_audit(serve_site: Callable[[str | Path], str], tmp_path: Path) -> None:
    config = config_for(serve_site("shop"))
    out = tmp_path / "out"
    cold = run_audit(config, out)
    run_audit(config, out)
    outcome = run_audit(config, out, reporter=WreckCacheOnFirstPage(out / CACHE_DIR / "store.sqlite"))
    assert outcome.cache is not None and not outcome.cache.findings_reused
    assert "failed mid-run" in outcome.cache.describe()
    assert without_times(outcome.audit) == without_times(cold.audit)


def without_cache(config: AuditConfig) -> AuditConfig:
    return replace(config, ci=replace(config.ci, incremental=False))


def test_unchanged_body_at_a_new_depth_is_parsed_again(serve_site: Callable[[str | Path], str], tmp_path: Path) -> None:
    site = copy_shop(tmp_path)
    base = serve_site(site)
    config = config_for(base)
    run_audit(config, tmp_path / "out")
    home = site / "index.html"  # link a depth-2 page from the home page: its body stays, its depth becomes 1
    touch_later(home, home.read_text(encoding="utf-8").replace(
        "</main>", '<p><a href="/help/reset-password/">Reset your password</a></p></main>'))
    changed = run_audit(config, tmp_path / "out")
    assert changed.cache is not None and (changed.cache.pages_reused, changed.cache.pages_parsed) == (5, 2)
    with PageStore(tmp_path / "out" / ".cxaudit" / "store.sqlite") as store:
        page = store.page(base + "help/reset-password/")
    assert page is not None and page["depth"] == 1
    fresh = run_audit(without_cache(config), tmp_path / "cold")
    assert without_times(changed.audit) == without_times(fresh.audit)


def test_a_changed_setting_is_never_served_from_the_last_audit(
        serve_site: Callable[[str | Path], str], tmp_path: Path) -> None:
    config = config_for(serve_site("shop"))
    run_audit(config, tmp_path / "out")
    renamed = replace(config, site=replace(config.site, name="Oakfield Goods Ltd"))
    outcome = run_audit(renamed, tmp_path / "out")
    assert outcome.cache is not None and outcome.cache.findings_reused, "the site and checks are as they were"
    assert not outcome.cache.audit_reused
    assert outcome.audit["site"]["name"] == "Oakfield Goods Ltd"


def test_a_changed_named_file_is_never_served_from_the_last_audit(
        serve_site: Callable[[str | Path], str], tmp_path: Path) -> None:
    evidence = tmp_path / "evidence.yml"
    survey = ("evidence:\n  - metric: csat\n    value: {}\n    scale: 0-100\n    date: 2026-03-04\n"
              "    source: Q1 survey\n")
    evidence.write_text(survey.format(60), encoding="utf-8")
    config = replace(config_for(serve_site("shop")), evidence=EvidenceConfig(file=str(evidence), weight=1.0))

    def csat(audit: dict) -> str:
        return next(f["status"] for f in audit["findings"] if f["rule"] == "supplied.csat")

    assert csat(run_audit(config, tmp_path / "out").audit) == "fail"
    again = run_audit(config, tmp_path / "out")
    assert again.cache is not None and again.cache.audit_reused and csat(again.audit) == "fail"
    evidence.write_text(survey.format(95), encoding="utf-8")
    changed = run_audit(config, tmp_path / "out")
    assert changed.cache is not None and not changed.cache.audit_reused
    assert csat(changed.audit) == "pass"
    assert without_times(changed.audit) == without_times(run_audit(without_cache(config), tmp_path / "cold").audit)


def test_a_changed_non_page_response_is_never_served_from_the_last_audit(
        serve_site: Callable[[str | Path], str], tmp_path: Path) -> None:
    site = copy_shop(tmp_path)
    config = config_for(serve_site(site))
    run_audit(config, tmp_path / "out")
    (site / "assets" / "brochure.pdf").unlink()  # no page changes; one linked file now answers 404
    changed = run_audit(config, tmp_path / "out")
    assert changed.cache is not None and not changed.cache.audit_reused
    assert changed.cache.pages_parsed == 0, "every page is as it was"
    assert without_times(changed.audit) == without_times(run_audit(without_cache(config), tmp_path / "cold").audit)
