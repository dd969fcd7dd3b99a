"""The engagement page's content: the config section, and the sanitiser the consultant's Markdown passes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from auditor.config import AuditConfig, EngagementConfig, load_config
from auditor.engagement import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, engagement_section, sanitise, summary_html
from auditor.errors import ConfigError

FIXTURES = Path(__file__).parent / "consultant"


def parsed(fragment: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(fragment or "<p></p>", create_parent="div")


def test_scripts_handlers_and_javascript_links_are_stripped() -> None:
    html = summary_html(
        "# Findings\n\n**Bold** and *calm*.\n\n<script>alert(1)</script>\n"
        '<img src="https://tracker.example/p.gif" onerror="alert(2)">\n'
        '<a href="https://ok.example/" onclick="alert(3)" style="color:red">ok</a>\n\n'
        "[js](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox)\n\n"
        "[mail](mailto:team@northgate.example) <iframe src=\"https://evil.example/\">x</iframe>\n\n"
        "<svg><script>alert(5)</script></svg><!-- hidden --><form action=\"https://evil.example\"><input></form>"
    )
    lowered = html.lower()
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:", "data:", "vbscript:", "<img", "<iframe",
                "<svg", "<form", "<input", "style=", "hidden", "tracker.example", "evil.example"):
        assert bad not in lowered, bad
    root = parsed(html)
    assert root.xpath("//h2")[0].text == "Findings"  # the summary's headings sit below the page title
    assert root.xpath("//strong")[0].text == "Bold"
    hrefs = sorted(a.get("href") for a in root.xpath("//a[@href]"))
    assert hrefs == ["https://ok.example/", "mailto:team@northgate.example"]
    assert {a.text for a in root.xpath("//a")} >= {"js", "data", "vb"}  # the text stays, the link goes


def test_tables_and_lists_survive() -> None:
    root = parsed(summary_html("1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
    assert [li.text for li in root.xpath("//ol/li")] == ["one", "two"]
    assert [td.text for td in root.xpath("//td")] == ["1", "2"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*"<>/=\"' ab\n:[]()!*#-&;{}", "<script>", "<img src=x ", "<a href=", "onload=",
                                  "javascript:", "mailto:", "https://x.example/", "</", "<svg", "<!--", "<p "]),
                max_size=40).map("".join))
@example('<p {>')  # an attribute named "{": lxml cannot look it up by name (it crashed the sanitiser)
@example('<a href="https://x.example/" }="1" onload=x>')
def test_any_markdown_comes_out_allow_listed(text: str) -> None:
    root = parsed(summary_html(text))
    for element in root.iterdescendants():
        assert isinstance(element.tag, str) and element.tag in ALLOWED_TAGS
        allowed = ALLOWED_ATTRIBUTES.get(element.tag, frozenset()) | ({"rel"} if element.tag == "a" else set())
        assert set(element.attrib) <= allowed
        href = element.get("href")
        assert href is None or href.startswith(("http://", "https://", "mailto:"))


def test_sanitise_keeps_text_before_the_first_element() -> None:
    assert sanitise("lead <b>bold</b> &amp; tail") == "lead <b>bold</b> &amp; tail"
    assert sanitise("") == ""


def test_section_from_config_and_summary_file(tmp_path: Path) -> None:
    assert engagement_section(AuditConfig()) is None
    (tmp_path / "summary.md").write_text("**Short** summary", encoding="utf-8")
    (tmp_path / "audit.yml").write_text("engagement:\n  consultant: Northgate\n  summary_file: summary.md\n",
                                        encoding="utf-8")
    section = engagement_section(load_config(tmp_path / "audit.yml"))
    assert section is not None and section["summary"] == "**Short** summary"
    assert section["consultant"] == "Northgate" and section["client"] == ""
    config = replace(AuditConfig(), engagement=EngagementConfig(client="Fernhill"))
    assert engagement_section(config) == {"client": "Fernhill", "consultant": "", "dates": "", "scope": "",
                                          "method": "", "summary": ""}
    missing = replace(config, engagement=EngagementConfig(summary_file=str(tmp_path / "nope.md")))
    with pytest.raises(ConfigError, match=r"engagement\.summary_file"):
        engagement_section(missing)


def test_fixture_summary_renders_without_its_hostile_lines() -> None:
    html = summary_html((FIXTURES / "summary.md").read_text(encoding="utf-8"))
    assert "<strong>clear and friendly</strong>" in html
    assert "alert" not in html and "<img" not in html and "pixel.gif" not in html
