"""The site model: click depth from the link graph, and derived data computed once."""

from __future__ import annotations

from auditor.site import Site
from tests.pages import START, make_page


def test_click_depth_follows_the_fewest_clicks() -> None:
    home = make_page('<a href="/a/">a</a><a href="/b/">b</a>', "")
    a = make_page('<a href="/c/">c</a>', "a/")
    b = make_page('<a href="/c/">c</a><a href="/">home</a>', "b/")
    c = make_page("<p>end</p>", "c/")
    orphan = make_page("<p>nobody links here</p>", "orphan/")
    site = Site(start_url=START, pages=[c, orphan, b, a, home])
    assert site.click_depth == {START: 0, START + "a/": 1, START + "b/": 1, START + "c/": 2}


def test_derived_data_is_computed_once_per_site() -> None:
    site = Site(start_url=START, pages=[make_page("<p>x</p>", "")])
    calls: list[int] = []

    def count_pages(s: Site) -> int:
        calls.append(1)
        return len(s.pages)

    assert site.derived("pages", count_pages) == 1
    assert site.derived("pages", count_pages) == 1
    assert len(calls) == 1
    assert Site(start_url=START, pages=[]).derived("pages", count_pages) == 0
