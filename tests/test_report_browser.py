"""The built report in a real headless Chromium: self-contained, inert, searchable.

Audits a hostile fixture site (script tags, event handlers, javascript:/data: URLs, template syntax,
Markdown link/image injection, a site called "no" and pages titled "no"/"yes", a title of 1,400 characters,
RTL and emoji), builds its report, serves it on 127.0.0.1 and opens every page with request interception.
Uses Debian's chromium (playwright cannot download a browser here), as DESIGN §5 describes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from auditor.config import AuditConfig, CrawlConfig, SiteConfig
from auditor.demo.server import serve_directory
from auditor.pipeline import run_audit

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """Audit the hostile site, serve the built report; yields its base URL and every HTML page's path."""
    out = tmp_path_factory.mktemp("hostile-report")
    with serve_directory(Path(__file__).parent / "sites" / "hostile") as site_url:
        config = AuditConfig(site=SiteConfig(start_url=site_url, name="no"),
                             crawl=CrawlConfig(allow_private_addresses=True, retries=0, timeout=5))
        outcome = run_audit(config, out)
    assert outcome.site_dir is not None
    pages = sorted(p.relative_to(outcome.site_dir).as_posix() for p in outcome.site_dir.rglob("*.html"))
    with serve_directory(outcome.site_dir) as report_url:
        yield report_url, pages


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def test_every_report_page_is_self_contained_and_inert(hostile_report: tuple[str, list[str]], browser: object) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    report_url, html_files = hostile_report
    origin = urlsplit(report_url).netloc
    assert len(html_files) >= 6

    context = browser.new_context()
    outside: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []

    def route(route: object) -> None:
        request_url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(request_url).netloc != origin:
            outside.append(request_url)
            route.abort()  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    shown_as_text = 0
    for path in html_files:
        page.goto(report_url + path, wait_until="load")
        page.wait_for_timeout(50)
        shown_as_text += "<script>alert(1)</script>" in page.inner_text("body")
    assert outside == [], "the report requested something outside its own origin"
    assert dialogs == [], "a script from the crawled site ran in the report"
    assert errors == []
    assert shown_as_text >= 1, "the hostile page title is shown, as text"
    assert any(path.startswith("pages/p-") for path in html_files) and "touchpoints.html" in html_files

    page.goto(report_url + "index.html")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-home.png"), full_page=True)
    context.close()


def test_search_works_offline(hostile_report: tuple[str, list[str]], browser: object) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context()
    page = context.new_page()
    page.goto(hostile_report[0] + "index.html")
    query = page.locator("input[data-md-component='search-query']")
    query.click()
    query.press_sequentially("readability", delay=20)  # Material searches on key events
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 1
    context.close()



def test_findings_table_filters_sorts_and_searches(hostile_report: tuple[str, list[str]], browser: object) -> None:
    """The vendored findings-table.js: a status filter and the search box reduce the rows, sorting reorders."""
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(hostile_report[0] + "findings.html")
    status = page.locator(".cx-table-controls select[data-cx-column='0']")
    status.wait_for(timeout=10_000)
    rows = page.locator("[data-cx-table] tbody tr")
    visible = page.locator("[data-cx-table] tbody tr:not([hidden])")
    total = rows.count()
    assert total >= 5 and visible.count() == total

    status.select_option("Pass")
    passing = visible.count()
    assert 0 < passing < total
    assert set(visible.locator("td:first-child").all_inner_texts()) == {"Pass"}
    assert page.locator(".cx-table-count").inner_text() == f"{passing} of {total} rows"

    status.select_option("")
    search = page.locator(".cx-table-controls input[type='search']")
    search.fill("readability")
    assert 0 < visible.count() < total
    assert all("readab" in text.lower() for text in visible.all_inner_texts())
    search.fill("")

    page.locator("th button.cx-sort", has_text="Gain").click()  # ascending, numeric
    gains = [float(text.strip() or 0) for text in visible.locator("td:last-child").all_inner_texts()]
    assert gains == sorted(gains)
    assert page.locator("th[aria-sort='ascending']").count() == 1
    assert errors == []
    context.close()
