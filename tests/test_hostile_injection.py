"""Injection into the report: a site whose titles, headings, FAQ questions, JSON-LD, link text, URLs and
HTTP headers carry script tags, event handlers, javascript:/data: URLs, Markdown/HTML, Jinja/MkDocs
template syntax and YAML-special values. The real report is built once; every built HTML page is parsed
with lxml and each category is checked to appear only as text, never as markup, script or link.
(tests/test_report_browser.py proves in Chromium that no script runs.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
import pytest

from auditor.config import AuditConfig, CrawlConfig, SiteConfig
from auditor.pipeline import run_audit
from tests.hostile_server import HostileServer, fixed

MARK = "cxpwn"  # every payload carries it, so any trace of it in markup is an injection
HOME = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>&lt;script&gt;alert('{MARK}-title')&lt;/script&gt; {{{{ 7*7 }}}} {{% raw %}} !!python/object:os.system</title>
<meta name="description" content="[x](javascript:alert('{MARK}-md'))"></head>
<body><main>
<h1><img src=x onerror="alert('{MARK}-h1')">Welcome {{{{ config.site_name }}}} {{% include "/etc/passwd" %}}</h1>
<h2 onclick="alert('{MARK}-h2')">| col | col |\n|---|---|\n# not a heading ---</h2>
<h2>How do I &lt;b onmouseover=alert('{MARK}-q')&gt;return&lt;/b&gt; an item?</h2>
<p>Return it within 30 days. Call 020 7946 0999 for help. This is how returns work for every order.</p>
<p><a href="javascript:alert('{MARK}-js')">Contact &lt;svg onload=alert('{MARK}-linktext')&gt;</a>
<a href="data:text/html,&lt;script&gt;alert('{MARK}-data')&lt;/script&gt;">data</a>
<a href="/help/?q=&quot;&gt;&lt;script&gt;alert('{MARK}-url')&lt;/script&gt;">odd url</a>
<a href="/yes">no</a> <a href="/null">~</a></p>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
 {{"@type": "Question", "name": "<script>alert('{MARK}-faq')</script> How do I {{{{ track }}}} my order?",
  "acceptedAnswer": {{"@type": "Answer", "text": "<img src=x onerror=alert('{MARK}-answer')> Use the link."}}}}]}}
</script>
</main></body></html>"""
YAML_TITLE = "yes: no\n- &anchor *alias ! %TAG @ `x` ---"
HELP = (f"<!doctype html><html><head><title>{YAML_TITLE}</title></head><body><main><h1>Help</h1>"
        f"<p>Help text for customers who need to return an order or track a delivery today.</p>"
        f"<a href='/'>home</a></main></body></html>")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict, list[lxml.html.HtmlElement], str]]:
    """Audit the injection site once; yields audit.json, every built page parsed, and all visible text."""
    routes = {
        "/": fixed(HOME.encode(), headers={"X-Robots-Tag": f"<script>{MARK}</script>"}),
        "/help/": fixed(HELP.encode(), headers={"Content-Language": f"en\"><script>alert('{MARK}-header')</script>"}),
        "/yes": fixed(HELP.encode()),
        "/null": fixed(HELP.encode()),
        "/robots.txt": fixed(b"", 404),
    }
    out = tmp_path_factory.mktemp("injection")
    with HostileServer(routes) as server:
        config = AuditConfig(site=SiteConfig(start_url=server.base, name="no"),
                             crawl=CrawlConfig(allow_private_addresses=True, retries=0, timeout=5,
                                               use_sitemaps=False))
        outcome = run_audit(config, out)
    assert outcome.site_dir is not None
    docs = [lxml.html.fromstring(p.read_bytes()) for p in sorted(outcome.site_dir.rglob("*.html"))]
    text = "\n".join(doc.text_content() for doc in docs)
    yield outcome.audit, docs, text


def test_no_script_element_carries_crawled_content(report: tuple) -> None:
    _, docs, _ = report
    for doc in docs:
        for script in doc.iter("script"):
            assert MARK not in (script.text or "") and MARK not in script.get("src", "")


def test_no_event_handler_attribute_anywhere(report: tuple) -> None:
    _, docs, _ = report
    for doc in docs:
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                assert not (name.lower().startswith("on") and MARK in value), (el.tag, name, value)
            assert el.tag.lower() not in ("iframe", "object", "embed", "base", "svg") or MARK not in str(el.attrib)


def test_no_javascript_or_data_urls_become_links(report: tuple) -> None:
    _, docs, _ = report
    for doc in docs:
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            for name in ("href", "src", "action", "formaction", "xlink:href"):
                value = re.sub(r"\s", "", el.get(name, "")).lower()
                assert not value.startswith(("javascript:", "data:text", "vbscript:")), (el.tag, name, value)


def test_titles_and_headings_appear_as_text(report: tuple) -> None:
    audit, _, text = report
    titles = [p["title"] for p in audit["pages"]]
    assert any(f"<script>alert('{MARK}-title')</script>" in t for t in titles)
    assert f"<script>alert('{MARK}-title')</script>" in text  # shown literally, as the site wrote it


def test_template_syntax_is_not_evaluated(report: tuple) -> None:
    _, _, text = report
    assert "{{ 7*7 }}" in text and "{% raw %}" in text
    assert "49" not in re.findall(r"\S+", text.split("{{ 7*7 }}")[0])[-1:]  # nothing rendered in its place


def test_yaml_special_values_survive_as_text(report: tuple) -> None:
    audit, _, text = report
    assert audit["site"]["name"] == "no"  # not False, as YAML 1.1 would read it
    assert "!!python/object:os.system" in text
    assert "&anchor *alias" in text


def test_markdown_injection_stays_literal(report: tuple) -> None:
    _, docs, _ = report
    assert f"[x](javascript:alert('{MARK}-md'))" not in "".join(
        lxml.html.tostring(a, encoding="unicode") for doc in docs for a in doc.iter("a"))
    for doc in docs:  # "| col | col |" from a heading must not become a table in the report
        for table in doc.iter("table"):
            assert "col" not in [c.text_content().strip() for c in table.iter("th")]


def test_http_header_values_appear_only_as_text(report: tuple) -> None:
    audit, docs, _ = report
    assert any(MARK in p["lang"] for p in audit["pages"])  # the header reached the audit (help has no lang)
    for doc in docs:
        for el in doc.iter():
            if isinstance(el.tag, str):
                for name, value in el.attrib.items():
                    if MARK in value and name != "title":  # a title attribute is text; a link is percent-encoded
                        assert name == "href" and not set("<>\"' ") & set(value), (name, value)
