"""Per-page work computed across processes gives exactly what the checks compute alone."""

from __future__ import annotations

import os
from dataclasses import asdict

from auditor.config import AuditConfig, SiteConfig
from auditor.parallel import precompute
from auditor.pipeline import run_checks
from auditor.site import Site
from checks.facts import page_facts
from checks.registry import all_checks, page_work
from checks.tone import page_tone
from tests.pages import START, make_page

FOOTER = ("<footer><p>Call us on 020 7946 0{n:03d}, Monday to Friday 9am to 5pm. "
          "Email help@shop.example. Returns accepted within {days} days.</p></footer>")


def site_of(count: int) -> Site:
    pages = [make_page(f"<html lang='en-GB'><head><title>Page {n}</title></head><body><main><h1>Page {n}</h1>"
                       f"<p>Standard delivery takes 3-5 working days.</p></main>"
                       f"{FOOTER.format(n=n % 7, days=30 if n % 5 else 14)}</body></html>", f"p{n}/")
             for n in range(count)]
    return Site(start_url=START, pages=[make_page("<html><body><a href='p0/'>p0</a></body></html>", ""), *pages])


def test_precomputed_page_facts_equal_those_computed_on_demand() -> None:
    ahead, alone = site_of(40), site_of(40)
    precompute(ahead, {"facts.page": page_facts.__wrapped__}, workers=2, min_pages=1)  # type: ignore[attr-defined]
    preset = ahead._derived["page:facts.page"]
    assert set(preset) == {page.url for page in ahead.pages}  # every page, half of them from the other process
    for page, twin in zip(ahead.pages, alone.pages, strict=True):
        assert asdict(preset[page.url]) == asdict(page_facts(alone, twin))


def test_findings_are_the_same_with_and_without_the_work_done_ahead() -> None:
    config = AuditConfig(site=SiteConfig(start_url=START))
    checks = all_checks()
    ahead, alone = site_of(30), site_of(30)
    precompute(ahead, page_work(config), workers=2, min_pages=1)
    assert [f.to_dict() for f in run_checks(checks, ahead, config)] == \
        [f.to_dict() for f in run_checks(checks, alone, config)]


def test_a_worker_that_dies_loses_nothing_its_pages_are_computed_when_asked() -> None:
    parent = os.getpid()

    def dies_in_the_child(site: Site, page: object) -> object:
        if os.getpid() != parent:
            os._exit(3)  # killed mid-work, as by the out-of-memory killer
        return page_facts.__wrapped__(site, page)  # type: ignore[attr-defined]

    site = site_of(20)
    precompute(site, {"facts.page": dies_in_the_child}, workers=2, min_pages=1)
    preset = site._derived["page:facts.page"]
    assert 0 < len(preset) < len(site.pages)  # this process's share only
    missing = [page for page in site.pages if page.url not in preset]
    assert all(page_facts(site, page).phones for page in missing if page.url != START)  # computed on demand


def test_too_few_pages_or_one_core_means_no_extra_process() -> None:
    site = site_of(5)
    precompute(site, {"facts.page": page_facts.__wrapped__}, workers=2)  # type: ignore[attr-defined]
    precompute(site, {"facts.page": page_facts.__wrapped__}, workers=1, min_pages=1)  # type: ignore[attr-defined]
    assert "page:facts.page" not in site._derived


def test_config_dependent_work_is_done_ahead_for_the_audits_config_and_read_by_no_other() -> None:
    config = AuditConfig(site=SiteConfig(start_url=START))
    site = site_of(30)
    precompute(site, page_work(config), workers=2, min_pages=1)
    keyed = [key for key in site._derived if key.startswith("page:tone.page@")]
    assert len(keyed) == 1 and set(site._derived[keyed[0]]) == {page.url for page in site.pages}
    other = AuditConfig(site=SiteConfig(start_url=START))
    other.checks.tone.min_words = 5  # every page now long enough to compare
    assert page_tone(site, site.pages[1], config).features is None
    assert page_tone(site, site.pages[1], other).features is not None
    assert len([key for key in site._derived if key.startswith("page:tone.page@")]) == 2
