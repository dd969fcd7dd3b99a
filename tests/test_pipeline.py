"""End to end: a real crawl of a fixture site on 127.0.0.1, real checks, audit.json, a real report build.

The session-wide network guard in conftest.py blocks every non-loopback address, so these tests also
prove that an audit needs no internet (textstat downloads nothing, the report build fetches nothing).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.ci.cache import STATE_FILE
from auditor.config import AuditConfig, CrawlConfig, ReportConfig, SiteConfig
from auditor.crawl import CrawlSummary
from auditor.crawl.store import PageStore
from auditor.errors import Interrupted, SiteError
from auditor.page import Page
from auditor.pipeline import STORE_DIR, _load_site, run_audit
from auditor.result import load_audit


def config_for(url: str, *, build_site: bool = False, **crawl: object) -> AuditConfig:
    return AuditConfig(site=SiteConfig(start_url=url, name="Oakfield Goods"),
                       crawl=CrawlConfig(allow_private_addresses=True, timeout=5, retries=0, **crawl),
                       report=ReportConfig(build_site=build_site))


def by_url(audit: dict, path: str) -> dict:
    return next(p for p in audit["pages"] if p["url"].endswith(path))


def test_audit_of_a_small_shop(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    url = serve_site("shop")
    outcome = run_audit(config_for(url, build_site=True), tmp_path)
    audit = load_audit(outcome.audit_path)  # validates against the shipped JSON Schema

    assert audit["site"]["start_url"] == url
    assert audit["crawl"]["stopped_reason"] == "complete"
    assert audit["crawl"]["pages_analysed"] == 7
    assert by_url(audit, "/missing-page/")["status"] == 404
    assert by_url(audit, "/assets/brochure.pdf")["touchpoint"] is None
    blocked = by_url(audit, "/private/")
    assert (blocked["status"], blocked["error"]) == (0, "blocked_by_robots"), "robots.txt disallows /private/"
    assert by_url(audit, "/faq/")["touchpoint"] == "faq"
    assert by_url(audit, "/contact/")["click_depth"] == 1

    for key in ("overall", "capability", "accessibility", "enjoyability"):
        assert 0 <= audit["scores"][key] <= 100
    assert [level["weight"] for level in audit["levels"]] == [1.0, 1.0, 1.0]
    ids = [f["id"] for f in audit["findings"]]
    assert len(ids) == len(set(ids)), "finding ids are unique"
    statuses = {f["rule"]: f["status"] for f in audit["findings"] if f["location"] == "site"}
    assert statuses["contact.phone"] == "pass"
    assert statuses["contact.email"] == "pass"
    assert statuses["coverage.search"] == "pass"

    site = outcome.site_dir
    assert site is not None and (site / "index.html").is_file()
    assert "Oakfield Goods" in (site / "index.html").read_text(encoding="utf-8")


def test_same_site_gives_same_scores_and_ids(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    url = serve_site("shop")
    first = run_audit(config_for(url), tmp_path / "a").audit
    second = run_audit(config_for(url), tmp_path / "b").audit
    for audit in (first, second):
        for key in ("started_at", "finished_at"):
            audit.pop(key)
        audit["crawl"].pop("duration_seconds")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_disabled_rules_are_not_run(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    config = config_for(serve_site("shop"))
    config = replace(config, checks=replace(config.checks, disable=["tone", "contact.email"]))
    audit = run_audit(config, tmp_path).audit
    rules = {f["rule"] for f in audit["findings"]}
    assert not any(rule.startswith("tone.") for rule in rules)
    assert "contact.email" not in rules and "contact.phone" in rules


def test_interrupted_audit_keeps_pages_and_resumes(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    url = serve_site("shop")
    stop = threading.Event()

    class StopAfterTwo:
        def stage(self, name: str, total: int | None = None) -> None: ...
        def log(self, message: str) -> None: ...
        def close(self) -> None: ...

        def advance(self, done: int, total: int | None = None, detail: str = "") -> None:
            if done >= 2:
                stop.set()

    with pytest.raises(Interrupted, match="run the same command again to resume"):
        run_audit(config_for(url, concurrency=1), tmp_path, reporter=StopAfterTwo(), stop=stop)
    assert not (tmp_path / "audit.json").exists()
    outcome = run_audit(config_for(url, concurrency=1), tmp_path)
    assert outcome.crawl.reused >= 2
    assert outcome.audit["crawl"]["pages_analysed"] == 7


def test_resume_parses_pages_stored_before_their_parse(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    url = serve_site("shop")
    first = run_audit(config_for(url), tmp_path)
    assert {"crawl", "parse", "load"} <= set(first.stage_seconds)
    peaks = list(first.stage_peak_mb.values())  # a running peak: it never falls from one stage to the next
    assert list(first.stage_peak_mb) == list(first.stage_seconds) and peaks == sorted(peaks) and peaks[0] > 0
    # What kill -9 leaves when it lands after pages were stored with their links but before their parses
    # were: every record, no parsed page, the store still marked as crawling.
    (tmp_path / STORE_DIR / STATE_FILE).unlink()
    (tmp_path / "audit.json").unlink()
    with sqlite3.connect(tmp_path / STORE_DIR / "store.sqlite") as db:
        db.execute("DELETE FROM pages")
        db.execute("UPDATE meta SET value = 'crawling' WHERE key = 'state'")
    resumed = run_audit(config_for(url), tmp_path)
    assert resumed.crawl.fetched == 0  # nothing fetched again: every page parsed from the store
    assert resumed.audit["crawl"]["pages_analysed"] == 7
    for audit in (first.audit, resumed.audit):
        for key in ("started_at", "finished_at"):
            audit.pop(key)
        audit["crawl"].pop("duration_seconds")
    assert json.dumps(resumed.audit, sort_keys=True) == json.dumps(first.audit, sort_keys=True)


def test_loaded_pages_share_equal_parts_and_equal_the_stored_pages(serve_site: Callable[[str], str],
                                                                   tmp_path: Path) -> None:
    url = serve_site("shop")
    run_audit(config_for(url), tmp_path)
    with PageStore(tmp_path / STORE_DIR / "store.sqlite") as store:
        site, _ = _load_site(store, url, CrawlSummary(url, 0, 0, "complete"))
        stored = {page.url: page for page in (Page.from_dict(data) for _, data in store.pages())}
    assert site.pages == [stored[page.url] for page in site.pages]  # sharing is invisible to the checks
    links = [{(link.url, link.text, link.region, link.rel): link for link in page.links} for page in site.pages]
    common = set(links[0]).intersection(*links[1:])
    assert common  # the shop's menu is on every page: its links are one object each
    assert all(len({id(page_links[key]) for page_links in links}) == 1 for key in common)


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("http://127.0.0.1:9/", "cannot connect"),
        ("http://no-such-host.invalid/", "cannot resolve host"),
    ],
)
def test_unreachable_sites_raise_site_error(tmp_path: Path, target: str, fragment: str) -> None:
    with pytest.raises(SiteError, match=fragment):
        run_audit(config_for(target), tmp_path)


def test_non_html_start_page(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    with pytest.raises(SiteError, match="not an HTML page"):
        run_audit(config_for(serve_site("shop") + "assets/brochure.pdf"), tmp_path)


def test_robots_disallowing_everything(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    with pytest.raises(SiteError, match=r"robots\.txt"):
        run_audit(config_for(serve_site("robots_all")), tmp_path)


def test_loopback_needs_explicit_permission(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    config = replace(config_for(serve_site("shop")), crawl=CrawlConfig(allow_private_addresses=False))
    with pytest.raises(SiteError, match="allow_private_addresses"):
        run_audit(config, tmp_path)


def _fork_servers() -> list[int]:
    """This process's children running multiprocessing's fork server."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == os.getpid() \
                    and b"forkserver" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):  # ended while read
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_the_parse_pools_fork_server_ends_with_the_parse(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    # The pages are parsed in workers forked from a server process; the checks and the report, where an
    # audit's memory peaks, must not carry it along.
    run_audit(config_for(serve_site("shop")), tmp_path)
    assert _fork_servers() == []
