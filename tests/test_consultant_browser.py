"""The consultant workflow end to end: a client and two competitors served on 127.0.0.1, supplied evidence,
notes, an engagement summary and branding, audited with ``cxaudit audit --config`` (report built with
``mkdocs build --strict``), then the comparison, engagement and supplied-evidence pages opened in headless
Chromium with every request outside the report aborted."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.demo.server import serve_directory
from tests.browser import watched_page
from tests.conftest import SITES
from tests.test_report_browser import ARTIFACTS, browser  # noqa: F401  (the shared Chromium fixture)

FIXTURES = Path(__file__).parent / "consultant"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def engagement(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Run the whole consultant audit once; yields the output directory and the served report's URL."""
    work = tmp_path_factory.mktemp("consultant")
    for name in ("evidence.yml", "notes.yml", "summary.md", "logo.svg"):
        (work / name).write_bytes((FIXTURES / name).read_bytes())
    with ExitStack() as stack:
        client, rival_a, rival_b = (stack.enter_context(serve_directory(SITES / name))
                                    for name in ("compare_client", "compare_rival_a", "compare_rival_b"))
        (work / "audit.yml").write_text(f"""site:
  start_url: {client}
  name: Fernhill Home
competitors:
  - start_url: {rival_a}
    name: Brookside Living
  - start_url: {rival_b}
    name: Cedar and Co
crawl:
  allow_private_addresses: true
  retries: 0
  timeout: 5
report:
  title: Fernhill Home CX review
  primary_color: "#1b5e20"
  logo: logo.svg
evidence:
  file: evidence.yml
  weight: 1
notes:
  file: notes.yml
engagement:
  client: Fernhill Home
  consultant: Northgate CX Consulting
  dates: 3-14 March 2025
  scope: Public website, help centre and contact channels.
  method: A crawl of the public site plus five mystery-shopping contacts.
  summary_file: summary.md
""", encoding="utf-8")
        out = work / "out"
        assert main(["audit", "--config", str(work / "audit.yml"), "--out", str(out), "--quiet"]) == 0
    with serve_directory(out / "site") as report_url:
        yield out, report_url


def test_audit_json_carries_the_consultant_sections(engagement: tuple[Path, str]) -> None:
    out, _ = engagement
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    for slug in ("brookside-living", "cedar-and-co"):
        competitor = json.loads((out / "sites" / slug / "audit.json").read_text(encoding="utf-8"))
        assert "comparison" not in competitor and "supplied_evidence" not in competitor
        assert not (out / "sites" / slug / "site").exists()
    comparison = audit["comparison"]
    assert [s["name"] for s in comparison["sites"]] == ["Fernhill Home", "Brookside Living", "Cedar and Co"]
    brookside, cedar = comparison["versus"]
    assert "cancel_order" in brookside["intents_trails"] and "messaging" in brookside["channels_only_competitor"]
    assert cedar["channels_only_client"] == ["phone", "email"]
    assert {r["group"]: r["verdict"] for r in cedar["readability"]}["policy"] == "leads"
    assert {i["label"] for i in audit["supplied_evidence"]["items"]} == {"supplied"}
    supplied = [f for f in audit["findings"] if f["rule"].startswith("supplied.")]
    assert len(supplied) == 5 and all(f["data"]["supplied"] for f in supplied)
    notes = {f["id"]: f["note"] for f in audit["findings"] if "note" in f}
    assert notes["coverage.intent:8442359c5b"]["status"] == "accepted"
    assert any(n["match"] == "rule" and n["status"] == "fixed" for n in notes.values())
    assert [o["pattern"] for o in audit["notes"]["orphaned"]] == ["contact.hours:0000000000"]
    assert audit["engagement"]["client"] == "Fernhill Home"
    rows = list(csv.DictReader(io.StringIO((out / "site" / "downloads" / "findings.csv").read_text("utf-8"))))
    assert next(r for r in rows if r["id"] == "coverage.intent:8442359c5b")["note_owner"] == "Content team (Priya)"


def test_consultant_pages_in_the_browser(engagement: tuple[Path, str], browser: object) -> None:  # noqa: F811
    _, report_url = engagement
    watched = watched_page(browser, report_url)
    page = watched.page

    page.goto(report_url + "comparison.html", wait_until="load")
    article = page.locator("article")
    for name in ("Fernhill Home", "Brookside Living", "Cedar and Co"):
        assert article.locator("table").first.get_by_text(name, exact=True).count() == 1
    assert article.locator("figure.cx-chart svg[role='img']").count() == 2  # grouped scores, intent matrix
    assert "Cancel an order" in article.inner_text() and "Versus Cedar and Co" in article.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "consultant-comparison.png"), full_page=True)

    page.goto(report_url + "engagement.html", wait_until="load")
    summary = page.locator(".cx-exec-summary")
    assert summary.locator("strong", has_text="clear and friendly").count() == 1
    assert summary.locator("script, img, iframe").count() == 0
    assert summary.locator("a[href^='javascript:']").count() == 0
    assert summary.locator("a[href='mailto:consultant@northgate.example']").count() == 1
    nav_first = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item").first.inner_text()
    assert "Engagement" in nav_first

    page.goto(report_url + "supplied.html", wait_until="load")
    table = page.locator("article table").first
    assert table.locator("tbody tr").count() == 5
    assert set(table.locator("tbody td:first-child").all_inner_texts()) == {"Supplied"}
    assert "Mystery call 1 (A. Rahman)" in table.inner_text()

    page.goto(report_url + "index.html", wait_until="load")
    assert page.title().endswith("Fernhill Home CX review")
    logo = page.locator("header img[src$='logo.svg']").first
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.evaluate("getComputedStyle(document.body).getPropertyValue('--md-primary-fg-color').trim()") \
        == "#1b5e20"

    assert watched.outside == [], "a consultant page requested something outside the report"
    assert watched.dialogs == [], "a script from the executive summary ran"
    assert watched.errors == []
    watched.close()
