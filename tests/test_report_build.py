"""A real ``mkdocs build --strict`` of the report: offline assets, navigation, and hostile crawled text.

Builds take about a second each, so the tests share two module-scoped builds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from auditor.errors import BuildError
from auditor.report import build_site, render_site, write_report
from auditor.report.render import page_slug
from tests.report_sample import BASE, sample_audit

REQUEST_TAGS = ("script", "link", "img", "iframe", "source", "audio", "video", "embed", "object", "track")
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def build_with(site: Path, out: Path, plugins: dict[str, object]) -> Path:
    """Build the fixture's MkDocs project into ``out`` with ``plugins`` in place of build_site's own."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(site.parent / "_mkdocs" / "mkdocs.yml"), strict=True, site_dir=str(out))
    for name, plugin in plugins.items():
        config.plugins[name] = plugin  # type: ignore[assignment]
    build(config)
    return out


def assert_same_files(built: Path, expected: Path) -> None:
    """``built`` holds the files ``expected`` holds, byte for byte."""
    names = sorted(p.relative_to(expected) for p in expected.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    for name in names:
        assert (built / name).read_bytes() == (expected / name).read_bytes(), name


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    first = write_report(sample_audit(), out)
    (first / "stale.txt").write_text("from the previous build")
    return write_report(sample_audit(), out)  # rebuild over the old site


INJECTION_TITLE = "<script>alert(1)</script>"
INJECTION_SNIPPET = (
    "{{ 7*7 }} {% raw %} [x](javascript:alert(1)) ![i](http://evil.example/x.png) "
    "<img src=x onerror=alert(1)> {: onclick=alert(1) }"
)
EVIL_PAGE = f"{BASE}/evil/"


def injection_audit() -> dict:
    audit = sample_audit(
        site={"start_url": f"{BASE}/", "name": "no", "host": "example.com"},
        report={"title": "no", "primary_color": "javascript:alert(1)"},
    )
    audit["pages"].append({
        "url": EVIL_PAGE, "status": 200, "touchpoint": "<b>help</b>", "group": "<i>g</i>", "stage": "use",
        "title": INJECTION_TITLE, "lang": "en\"><script>alert(2)</script>", "depth": 1, "click_depth": 1,
        "words": 12, "content_type": "text/html", "error": None,
        "findings": {"fail": 1, "pass": 0, "needs_review": 0},
    })
    finding = dict(audit["findings"][0])
    finding.update(
        id="readability.grade:evil", rule="readability.grade", check="readability", level="enjoyability",
        url=EVIL_PAGE, location=EVIL_PAGE, gain=9.9,
        message="[click](javascript:alert(1)) <svg onload=alert(1)>",
        evidence=[{"url": "javascript:alert(1)", "snippet": INJECTION_SNIPPET, "selector": "a[onclick]",
                   "measured": "<b>16</b>", "target": 8}],
        fix="data:text/html,<script>alert(3)</script>", data={"<x>": "{{ 7*7 }}"},
    )
    site_level = dict(finding, id="links.broken:evil", rule="links.broken", check="links",
                      url="javascript:alert(1)", location="javascript:alert(1)", gain=0.5)
    audit["findings"] += [finding, site_level]
    return audit


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(injection_audit(), tmp_path_factory.mktemp("evil"))


def test_report_site_has_every_page(site: Path) -> None:
    audit = sample_audit()
    expected = ["index.html", "findings.html", "method.html", "pages/index.html",
                "downloads/audit.json", "downloads/findings.csv",
                *(f"levels/{lv['id']}.html" for lv in audit["levels"]),
                *(f"checks/{c['id']}.html" for c in audit["checks"]),
                *(f"pages/{page_slug(p['url'])}.html" for p in audit["pages"])]
    for name in expected:
        assert (site / name).is_file(), name
    assert not (site / "stale.txt").exists()
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".")]  # temp dirs cleaned up
    assert '"schema_version": "1.0"' in (site / "downloads" / "audit.json").read_text()


def test_detail_pages_are_not_in_navigation(site: Path) -> None:
    nav_hrefs = parse(site / "index.html").xpath("//nav[contains(@class,'md-nav--primary')]//a/@href")
    assert "findings.html" in nav_hrefs and "levels/capability.html" in nav_hrefs
    assert not [h for h in nav_hrefs if "pages/p-" in h]
    # ...but they are reachable from the pages index.
    index_links = parse(site / "pages" / "index.html").xpath("//article//a/@href")
    assert len([h for h in index_links if h.startswith("p-")]) == len(sample_audit()["pages"])


def test_built_site_references_no_external_resource(site: Path) -> None:
    for path in html_files(site):
        doc = parse(path)
        for el in doc.iter(*REQUEST_TAGS):
            for attr in ("src", "href", "srcset", "data"):
                value = el.get(attr)
                assert not (value and EXTERNAL.match(value)), f"{path.name}: <{el.tag} {attr}={value!r}>"
        # The only absolute URLs allowed are links into the audited site.
        for href in doc.xpath("//a/@href"):
            if EXTERNAL.match(href):
                assert href.startswith(BASE), f"{path.name}: external link {href}"
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css.read_text()), css.name
    assert not (site / "assets" / "fonts").exists()


def test_score_chart_is_inline_svg_with_text_alternative(site: Path) -> None:
    doc = parse(site / "index.html")
    svgs = doc.xpath("//article//svg")
    assert len(svgs) >= 3
    for svg in svgs:
        assert svg.get("role") == "img" and svg.get("aria-label")
    labels = [svg.get("aria-label") for svg in svgs]
    assert labels[0] == "Overall score. Score 71 out of 100 (needs work)."
    assert "Capability score. Score 65 out of 100 (needs work)." in labels  # one gauge per level card
    assert any("Overall: 71 (needs work); Capability: 65 (needs work)" in label for label in labels)


def test_hostile_crawled_text_stays_text(evil_site: Path) -> None:
    for path in html_files(evil_site):
        doc = parse(path)
        for script in doc.iter("script"):
            src = script.get("src")
            if src:
                assert re.match(r"^(/|(\.\./)*)assets/(javascripts/|findings-table\.js$)", src), f"{path.name}: {src}"
            else:
                assert "alert" not in (script.text or ""), path.name
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), f"{path.name}: <{el.tag} {name}>"
                if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                    assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (
                        f"{path.name}: <{el.tag} {name}={value!r}>"
                    )
        assert not doc.xpath("//img[contains(@src,'evil.example')]")

    detail = parse(evil_site / "pages" / f"{page_slug(EVIL_PAGE)}.html")
    body = detail.xpath("//article")[0].text_content()
    assert INJECTION_TITLE in body
    assert detail.findtext(".//title").startswith("Page detail - no")
    cells = [" ".join(el.text_content().split()) for el in detail.xpath("//article//td | //article//li")]
    snippet = " ".join(INJECTION_SNIPPET.split())
    assert any(f"“{snippet}”" in cell for cell in cells)  # literally, with {{ 7*7 }} not evaluated
    assert "49" not in " ".join(cells)
    assert "javascript:alert(1)" in body  # the bad evidence URL is shown, as text


def test_site_title_is_the_string_no(evil_site: Path) -> None:
    doc = parse(evil_site / "index.html")
    assert doc.findtext(".//title") == "no"  # Material titles the home page with site_name alone
    header = doc.xpath("//*[contains(@class,'md-header__topic')]")[0].text_content()
    assert "no" in header.split() and "False" not in header


def test_build_error_names_the_problem(tmp_path: Path) -> None:
    render_site(sample_audit(), tmp_path / "project")
    with (tmp_path / "project" / "docs" / "method.md").open("a") as f:
        f.write("\n[broken](missing-page.md)\n")
    with pytest.raises(BuildError) as info:
        build_site(tmp_path / "project", tmp_path / "site")
    message = str(info.value)
    assert "missing-page.md" in message and "\n" not in message


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    """Raw-HTML tables and cards are outside MkDocs' --strict link check, so check the built site here."""
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(parse(path).xpath("//@id"))
        return ids[path]

    checked = 0
    for path in html_files(site):
        for href in parse(path).xpath("//article//a/@href"):
            if EXTERNAL.match(href) or href.startswith(("mailto:", "tel:")):
                continue
            target, _, fragment = href.partition("#")
            resolved = (path.parent / target).resolve() if target else path
            assert resolved.is_file(), f"{path.relative_to(site)}: {href}"
            if fragment and resolved.suffix == ".html":
                assert fragment in anchors(resolved), f"{path.relative_to(site)}: {href}"
            checked += 1
    assert checked > 100


def test_findings_table_is_plain_html_that_works_without_javascript(site: Path) -> None:
    doc = parse(site / "findings.html")
    wrapper = doc.xpath("//*[@data-cx-table]")[0]
    assert wrapper.get("data-cx-filters") == "0,1,2,3,5"
    rows = wrapper.xpath(".//tbody/tr")
    assert len(rows) == len(sample_audit()["findings"])  # every finding is in the page, no script needed
    assert [th.text_content() for th in wrapper.xpath(".//thead//th")][:4] == ["Status", "Severity", "Level", "Check"]
    scripts = doc.xpath("//script/@src")
    assert "assets/findings-table.js" in scripts
    search_index = (site / "search" / "search_index.json").read_text()
    assert '"location":"findings.html"' not in search_index  # the table has its own search box


def test_vendored_script_never_writes_html() -> None:
    script = (Path(__file__).parent.parent / "site_template" / "assets" / "findings-table.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script, sink
    assert "textContent" in script


def test_build_plugins_give_the_site_a_plain_mkdocs_build_gives(site: Path, tmp_path: Path) -> None:
    """build_site hands the templates' <!-- cx:html --> regions past Python-Markdown (and nosearch ones past
    the search plugin) and renders the theme once for the detail pages; a plain MkDocs build of the same
    project must give the same files, apart from the marker comments, and the same search index."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = site.parent / "_mkdocs"
    detail = (project / "docs" / "pages" / f"{page_slug(BASE + '/contact/')}.md").read_text()
    assert detail.count("<!-- cx:html -->") == 2 and detail.count("<!-- cx:/html -->") == 2
    assert "<!-- cx:html nosearch -->" in (project / "docs" / "checks" / "readability.md").read_text()
    plain = tmp_path / "plain"
    build(load_config(config_file=str(project / "mkdocs.yml"), strict=True, site_dir=str(plain)))

    def normalised(path: Path) -> str:
        return re.sub(r">\s+<", "><", re.sub(r"<!-- cx:/?html( nosearch)? -->", "", path.read_text())).strip()

    pages = html_files(site)
    assert len(pages) == len(html_files(plain)) > 10
    for path in pages:
        assert normalised(path) == normalised(plain / path.relative_to(site)), path.relative_to(site)
    assert "cx:html" not in (site / "pages" / f"{page_slug(BASE + '/contact/')}.html").read_text()
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert index == json.loads((plain / "search" / "search_index.json").read_text())
    assert "How to fix" in json.dumps(index)  # the site-wide finding cards of the check pages stay searchable


def test_detail_pages_and_finding_tables_stay_out_of_search_but_are_linked(site: Path) -> None:
    """Detail pages, and the check and level tables that repeat the findings table, are left out of the
    search index (the findings table has its own search box); every detail page is still linked from the
    audited-pages index and the findings table."""
    index = json.loads((site / "search" / "search_index.json").read_text())
    locations = {doc["location"].partition("#")[0] for doc in index["docs"]}
    assert not {loc for loc in locations if loc.startswith("pages/p-")}
    assert {"index.html", "checks/readability.html", "pages/index.html"} <= locations
    assert parse(site / "checks" / "readability.html").xpath("//table[@data-search-exclude]//tbody/tr")
    text = json.dumps(index)
    assert "Page by page" in text and "Reads at grade 6.8." not in text  # a passing page finding's message
    assert "Reads at grade 6.8." in (site / "checks" / "readability.html").read_text()
    details = {p.name for p in (site / "pages").glob("p-*.html")}
    with_findings = {f"{page_slug(f['url'])}.html" for f in sample_audit()["findings"] if f["url"]}
    assert with_findings and with_findings < details
    for listing, expected in (("pages/index.html", details), ("findings.html", with_findings)):
        linked = {Path(href).name.partition("#")[0] for href in parse(site / listing).xpath("//a/@href")}
        assert expected <= linked, listing


def test_detail_pages_share_one_rendering_of_the_theme(site: Path, tmp_path: Path) -> None:
    """Material's header, navigation and footer are rendered once for all detail pages (checked against a
    second full rendering); every other page, with its own title and table of contents, is rendered in full."""
    from auditor.report.build import _RawHtml, _SharedShell

    shell = _SharedShell()
    build_with(site, tmp_path / "shell", {"cxaudit-raw-html": _RawHtml(),  # as build_site does
                                          "cxaudit-shared-shell": shell})
    shared = [s for s in shell._shells.values() if s is not None and s.verified]
    assert len(shared) == 1
    detail = (tmp_path / "shell" / "pages" / f"{page_slug(BASE + '/contact/')}.html").read_text()
    assert detail.startswith(shared[0].before) and detail.endswith(shared[0].after)
    assert detail == (site / "pages" / f"{page_slug(BASE + '/contact/')}.html").read_text()  # byte for byte


def test_regions_streamed_into_built_pages_give_the_same_site(site: Path, tmp_path: Path) -> None:
    """A large page is read line by line, and a large unsearched region (the findings table of a big site) is
    streamed into its built file after the build instead of being held in the page: with every page read
    so and every such region streamed, the site is byte for byte the same, and the search index too."""
    from auditor.report.build import _RawHtml, _SharedShell

    spliced = build_with(site, tmp_path / "spliced", {"cxaudit-raw-html": _RawHtml(splice_min=0, stream_min=0),
                                                      "cxaudit-shared-shell": _SharedShell()})
    assert_same_files(spliced, site)
    assert "cx:splice" not in (spliced / "findings.html").read_text()


def test_detail_pages_share_one_markdown_conversion(site: Path, tmp_path: Path) -> None:
    """Detail pages whose Markdown (regions cut out) is the same text are converted once (checked against a
    second full conversion): the site is byte for byte the one built with every page converted, and a page
    with links of its own is never given another page's conversion."""
    from auditor.report.build import _RawHtml, _SameMarkdown, _SharedShell

    each = build_with(site, tmp_path / "each", {"cxaudit-raw-html": _RawHtml(),  # as build_site does, less the memo
                                                "cxaudit-shared-shell": _SharedShell()})
    assert_same_files(each, site)

    memo = _SameMarkdown()
    build_with(site, tmp_path / "memo", {"cxaudit-raw-html": _RawHtml(), "cxaudit-same-markdown": memo})
    kept = {key: rendering for key, rendering in memo._renderings.items() if rendering is not None}
    assert any(rendering.verified and directory == "pages" for (directory, _), rendering in kept.items())
    assert all("href=" not in rendering.content for rendering in kept.values())  # pages with links: never shared
