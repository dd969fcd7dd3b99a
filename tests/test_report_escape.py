"""Escaping of untrusted (crawled) text before it enters Markdown."""

from __future__ import annotations

import html
import re
import unicodedata

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.report.escape import Md, html_link, html_text, md_cell, md_link, md_text, safe_url

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc", "admonition"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def tags(rendered: str) -> set[str]:
    return {m.lower() for m in re.findall(r"</?\s*([a-zA-Z][\w:-]*)", rendered)}


def normalise(text: str) -> str:
    """What md_text promises to keep: the text with control characters and runs of space collapsed."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(text.split())


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![i](http://evil.example/x.png)",
    "<http://evil.example/>",
    "para { onclick=alert(1) }",
    "{: #id .cls onclick=alert(1) }",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "!!! note",
    "***",
    "`code` and **bold** and _em_",
    "[ref]: http://evil.example/",
    '<div markdown="1">*x*</div>',
    "a | b | c",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_renders_hostile_text_as_plain_text(text: str) -> None:
    rendered = render(md_text(text))
    assert tags(rendered) <= {"p"}
    assert html.unescape(re.sub(r"</?p>", "", rendered)) == text


def test_md_text_keeps_template_syntax_literal_and_collapses_newlines() -> None:
    text = "{{ 7*7 }} {% raw %}\n\n# not a heading\n    not code"
    out = md_text(text)
    assert "\n" not in out
    rendered = render(out)
    assert tags(rendered) == {"p"}
    assert "{{ 7*7 }} {% raw %} # not a heading not code" in html.unescape(rendered)


def test_md_text_drops_markdown_placeholder_markers() -> None:
    # Python-Markdown stores raw HTML behind \x02wzxhzdk:N\x03 placeholders; text must not reach them.
    assert "\x02" not in md_text("\x02wzxhzdk:0\x03") and "\x03" not in md_text("\x02wzxhzdk:0\x03")


def test_md_text_of_none_and_numbers() -> None:
    assert md_text(None) == ""
    assert render(md_text(16.2)) == "<p>16.2</p>"
    assert isinstance(md_text("x"), Md)


def test_md_cell_keeps_table_shape() -> None:
    table = "| a | b |\n|---|---|\n| " + md_cell("x | y\n| z") + " | 2 |"
    rendered = render(table)
    assert rendered.count("<td>") == 2
    assert "x | y | z" in html.unescape(rendered)


def test_md_cell_shortens_long_text() -> None:
    out = html.unescape(render(md_cell("word " * 100, limit=40)))
    assert "…" in out and len(re.sub(r"<[^>]+>", "", out)) <= 40


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "/relative/path",
        "//evil.example/x",
        "http:///no-host",
        "https://ex(ample).com/",
    ],
)
def test_md_link_refuses_anything_but_absolute_http(url: str) -> None:
    rendered = render(md_link("click", url))
    assert "<a" not in rendered
    assert tags(rendered) <= {"p"}
    assert safe_url(url) is None


def test_md_link_makes_http_links_with_escaped_targets() -> None:
    rendered = render(md_link("<b>Help</b>", 'https://example.com/a b(c)?q=1&r="x"#top'))
    assert rendered == (
        '<p><a href="https://example.com/a%20b%28c%29?q=1&amp;r=%22x%22#top">&lt;b&gt;Help&lt;/b&gt;</a></p>'
    )


def test_md_link_without_text_shows_the_url() -> None:
    rendered = render(md_link("", "https://example.com/x_y"))
    assert rendered == '<p><a href="https://example.com/x_y">https://example.com/x_y</a></p>'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200))
def test_md_text_property_renders_back_to_the_text(text: str) -> None:
    rendered = markdown.markdown(md_text(text))
    assert tags(rendered) <= {"p"}
    inner = re.sub(r"^<p>|</p>$", "", rendered)
    assert normalise(html.unescape(inner)) == normalise(text)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'`*_{}[]()#+-.!|\\:=/ \nax1")), max_size=60))
def test_md_text_property_on_markdown_syntax_with_extensions(text: str) -> None:
    rendered = render(md_text(text))
    assert tags(rendered) <= {"p"}
    inner = re.sub(r"^<p>|</p>$", "", rendered)
    assert normalise(html.unescape(inner)) == normalise(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_in_a_raw_html_block_renders_as_plain_text(text: str) -> None:
    rendered = render(f'<div class="x">\n<p>{html_text(text)}</p>\n</div>')
    assert tags(rendered) == {"div", "p"}
    assert html.unescape(re.sub(r"</?(div|p)[^>]*>|\n", "", rendered)) == text


def test_html_text_drops_placeholder_markers_and_shortens() -> None:
    assert "\x02" not in html_text("\x02wzxhzdk:0\x03")
    assert html_text("a" * 50, limit=10) == "a" * 9 + "…"
    assert html_text('" onmouseover="x') == "&quot; onmouseover=&quot;x"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/relative", " JaVaScRiPt:x"])
def test_html_link_refuses_anything_but_absolute_http(url: str) -> None:
    assert "<a" not in html_link("click", url)


def test_html_link_escapes_text_and_target() -> None:
    assert html_link("<b>Help</b>", 'https://example.com/a"b?x=1&y=2') == (
        '<a href="https://example.com/a%22b?x=1&amp;y=2">&lt;b&gt;Help&lt;/b&gt;</a>')


@pytest.mark.parametrize(("text", "expected"), [
    ("plain words, as most are", "plain words, as most are"),
    ("  padded  and  doubled ", "padded and doubled"),
    ("no\u00a0break\u3000ideographic\u2028line\x85next", "no break ideographic line next"),
    ("tab\tand\r\nnewline\x0bvertical", "tab and newline vertical"),
    ("bell\x07 and\x9c C1", "bell and C1"),
])
def test_text_is_collapsed_to_single_spaces_whatever_its_whitespace(text: str, expected: str) -> None:
    assert html_text(text) == expected
    assert html.unescape(re.sub(r"</?p>", "", render(md_text(text)))) == expected
