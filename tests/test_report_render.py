"""Rendering an audit dict into a MkDocs project (no build here; see test_report_build.py)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import jinja2
import markdown
import pytest
import yaml

from auditor.errors import ConfigError
from auditor.report import render_site
from auditor.report.charts import ScoreBar, gauge, score_bars, status_bars
from auditor.report.escape import md_text
from auditor.report.render import build_report, environment, findings_csv, page_slug
from tests.report_sample import sample_audit


def test_render_writes_every_page_and_a_safe_config(tmp_path: Path) -> None:
    audit = sample_audit()
    config_path = render_site(audit, tmp_path)
    docs = tmp_path / "docs"
    config = yaml.safe_load(config_path.read_text())

    levels = [lv["id"] for lv in audit["levels"]]
    checks = [c["id"] for c in audit["checks"]]
    for name in ["index.md", "findings.md", "method.md", "pages/index.md",
                 *(f"levels/{lv}.md" for lv in levels), *(f"checks/{c}.md" for c in checks)]:
        assert (docs / name).is_file(), name
    details = sorted(p.name for p in (docs / "pages").glob("p-*.md"))
    assert details == sorted(f"{page_slug(p['url'])}.md" for p in audit["pages"])
    assert (docs / "downloads" / "audit.json").is_file()
    assert (docs / "assets" / "report.css").is_file()

    assert config["not_in_nav"] == "/pages/p-*.md"
    assert "pages/p-" not in yaml.safe_dump(config["nav"])
    assert config["use_directory_urls"] is False
    assert config["theme"]["font"] is False
    assert config["plugins"] == ["search"]
    assert "extra_javascript" not in config
    assert config["theme"]["palette"]["primary"] == "indigo"


@pytest.mark.parametrize("title", ["no", "off", "yes", "{{x}}", "null", "1e3", "Tom & <Jerry>"])
def test_site_name_survives_yaml_as_an_escaped_string(tmp_path: Path, title: str) -> None:
    config_path = render_site(sample_audit(report={"title": title, "primary_color": "red"}), tmp_path)
    config = yaml.safe_load(config_path.read_text())
    # MkDocs writes site_name into HTML unescaped, so it is stored HTML-escaped.
    assert config["site_name"] == title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert config["theme"]["palette"]["primary"] == "red"


@pytest.mark.parametrize(("given", "used"), [("deep-purple", "deep purple"), ("Blue Grey", "blue grey"),
                                             ("#ff0000", "indigo"), ("custom", "indigo"), (None, "indigo")])
def test_primary_colour_is_validated(given: str | None, used: str) -> None:
    assert build_report(sample_audit(report={"title": "", "primary_color": given})).primary_color == used


def test_top_fixes_are_failing_findings_by_gain_and_link_to_evidence(tmp_path: Path) -> None:
    audit = sample_audit()
    report = build_report(audit)
    expected = sorted((f for f in audit["findings"] if f["status"] == "fail"), key=lambda f: -f["gain"])[:5]
    assert [f.id for f in report.top_fixes] == [f["id"] for f in expected]
    render_site(audit, tmp_path)
    index = (tmp_path / "docs" / "index.md").read_text()
    top = index.split("## Top fixes", 1)[1].split("## Strengths", 1)[0]
    rows = [line for line in top.splitlines() if re.match(r"\| \d \|", line)]
    assert len(rows) == 5
    for row, fix in zip(rows, report.top_fixes, strict=True):
        assert f"]({fix.href})" in row  # page detail anchor, or the check page for site-level findings
    assert report.top_fixes[1].href.startswith("pages/p-")
    assert report.top_fixes[0].href.startswith("checks/coverage.md#f-")


def test_detail_page_shows_crawled_title_in_body_not_as_heading(tmp_path: Path) -> None:
    audit = sample_audit()
    audit["pages"][1]["title"] = "# Evil <b>title</b>"
    render_site(audit, tmp_path)
    text = (tmp_path / "docs" / "pages" / f"{page_slug(audit['pages'][1]['url'])}.md").read_text()
    assert text.startswith("# Page detail\n")
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# Page detail", "## Findings on this page"]
    html = markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])
    assert "# Evil &lt;b&gt;title&lt;/b&gt;" in html


def test_pages_index_groups_pages_and_includes_failed_fetches(tmp_path: Path) -> None:
    render_site(sample_audit(), tmp_path)
    text = (tmp_path / "docs" / "pages" / "index.md").read_text()
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Home", "## Help", "## FAQ", "## Contact", "## Policies",
                        "## Not analysed (errors and other files)"]
    assert "https://example\\.com/slow/" in text


def test_templates_refuse_unescaped_values() -> None:
    env = environment()
    with pytest.raises(TypeError, match="unescaped"):
        env.from_string("{{ value }}").render(value="<script>", here="")
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing|md_text }}").render(here="")
    assert env.from_string("{{ value|md_text }} {{ n }}").render(value="<b>", n=3, here="") == "&lt;b&gt; 3"


def test_findings_csv_neutralises_spreadsheet_formulas() -> None:
    audit = sample_audit()
    audit["findings"][0]["message"] = '=HYPERLINK("http://evil.example","x")'
    audit["findings"][1]["message"] = "@SUM(1)"
    rows = list(csv.DictReader(io.StringIO(findings_csv(build_report(audit)))))
    assert len(rows) == len(audit["findings"])
    messages = {r["message"] for r in rows}
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in messages and "'@SUM(1)" in messages


def test_missing_logo_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="logo"):
        render_site(sample_audit(), tmp_path, logo=tmp_path / "nope.png")


def test_logo_is_copied_and_configured(tmp_path: Path) -> None:
    logo = tmp_path / "brand.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    config = yaml.safe_load(render_site(sample_audit(), tmp_path / "p", logo=logo).read_text())
    assert config["theme"]["logo"] == "assets/logo.svg"
    assert (tmp_path / "p" / "docs" / "assets" / "logo.svg").is_file()


def test_charts_have_text_alternatives_and_escape_labels() -> None:
    charts = [
        gauge(71.4, "Overall score"),
        gauge(None, "Nothing scored"),
        score_bars([ScoreBar("<b>Cap</b>", 65.0, "needs_work"), ScoreBar("Acc", None, None)], "Levels"),
        status_bars([("Contact & <i>", {"fail": 2, "pass": 3})], "By status"),
    ]
    for svg in charts:
        assert re.search(r'aria-label="[^"]+\d|aria-label="[^"]+not scored', svg)
        assert "<title>" in svg and "<desc>" in svg
        assert "<b>" not in svg and "<i>" not in svg
        assert not re.search(r"(href|src)=", svg)
        assert "\n" not in svg  # one line, so Markdown keeps it a single raw HTML block
    assert "Score 71 out of 100 (needs work)" in charts[0]
    assert "Contact &amp; &lt;i&gt;: 2 fail, 3 pass" in charts[3]


def test_report_tolerates_a_minimal_audit(tmp_path: Path) -> None:
    render_site({"schema_version": "1.0", "site": {"start_url": "https://example.com/"}}, tmp_path)
    index = (tmp_path / "docs" / "index.md").read_text()
    assert "Nothing failed" in index
    assert md_text("https://example.com/") in index
