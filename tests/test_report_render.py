"""Rendering an audit dict into a MkDocs project (no build here; see test_report_build.py)."""

from __future__ import annotations

import csv
import io
import json
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
from auditor.report.render import brand_css, build_report, environment, findings_csv, page_slug
from tests.report_sample import sample_audit


def test_render_writes_every_page_and_a_safe_config(tmp_path: Path) -> None:
    audit = sample_audit()
    config_path = render_site(audit, tmp_path)
    docs = tmp_path / "docs"
    config = yaml.safe_load(config_path.read_text())

    levels = [lv["id"] for lv in audit["levels"]]
    checks = [c["id"] for c in audit["checks"]]
    for name in ["index.md", "findings.md", "method.md", "pages/index.md", "touchpoints.md", "insights.md",
                 *(f"levels/{lv}.md" for lv in levels), *(f"checks/{c}.md" for c in checks)]:
        assert (docs / name).is_file(), name
    details = sorted(p.name for p in (docs / "pages").glob("p-*.md"))
    assert details == sorted(f"{page_slug(p['url'])}.md" for p in audit["pages"])
    assert (docs / "downloads" / "audit.json").is_file()
    for asset in ("report.css", "print.css", "findings-table.js"):
        assert (docs / "assets" / asset).is_file(), asset

    assert config["not_in_nav"] == "/pages/p-*.md"
    assert "pages/p-" not in yaml.safe_dump(config["nav"])
    assert config["use_directory_urls"] is False
    assert config["theme"]["font"] is False
    assert config["plugins"] == ["search"]
    assert config["extra_javascript"] == ["assets/findings-table.js"]  # our own file, no CDN
    assert "assets/print.css" in config["extra_css"]
    assert config["theme"]["palette"]["primary"] == "indigo"


@pytest.mark.parametrize("title", ["no", "off", "yes", "{{x}}", "null", "1e3", "Tom & <Jerry>"])
def test_site_name_survives_yaml_as_an_escaped_string(tmp_path: Path, title: str) -> None:
    config_path = render_site(sample_audit(report={"title": title, "primary_color": "red"}), tmp_path)
    config = yaml.safe_load(config_path.read_text())
    # MkDocs writes site_name into HTML unescaped, so it is stored HTML-escaped.
    assert config["site_name"] == title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert config["theme"]["palette"]["primary"] == "red"


@pytest.mark.parametrize(("given", "used"), [("deep-purple", "deep purple"), ("Blue Grey", "blue grey"),
                                             ("#FF0000", "custom"), ("#f00", "indigo"), ("custom", "indigo"),
                                             ("red;}body{x", "indigo"), (None, "indigo")])
def test_primary_colour_is_validated(given: str | None, used: str) -> None:
    assert build_report(sample_audit(report={"title": "", "primary_color": given})).primary_color == used


def test_hex_brand_colour_becomes_material_css_variables(tmp_path: Path) -> None:
    config = yaml.safe_load(render_site(sample_audit(report={"title": "Acme", "primary_color": "#F5D000"}),
                                        tmp_path).read_text())
    assert config["theme"]["palette"]["primary"] == "custom"
    assert "assets/brand.css" in config["extra_css"]
    css = (tmp_path / "docs" / "assets" / "brand.css").read_text()
    assert "--md-primary-fg-color: #f5d000;" in css
    assert "--md-primary-bg-color: #000000de;" in css  # a light brand colour gets dark header text
    with pytest.raises(ValueError):
        brand_css("#fff;} body{")


def test_top_fixes_are_failing_findings_by_gain_and_link_to_evidence(tmp_path: Path) -> None:
    audit = sample_audit()
    report = build_report(audit)
    expected = sorted((f for f in audit["findings"] if f["status"] == "fail"), key=lambda f: -f["gain"])[:5]
    assert [f.id for f in report.top_fixes] == [f["id"] for f in expected]
    render_site(audit, tmp_path)
    index = (tmp_path / "docs" / "index.md").read_text()
    top = index.split("## Top fixes", 1)[1].split("## Strengths", 1)[0]
    assert "**Example Co** scores **71 out of 100**" in index
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
    assert text.startswith("---\nsearch:\n  exclude: true\n---\n\n# Page detail\n")  # front matter, then the heading
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# Page detail", "## Findings on this page"]
    assert 'href="../touchpoints.html"' in text  # raw-HTML links name the built file
    html = markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])
    assert "# Evil &lt;b&gt;title&lt;/b&gt;" in html


def test_pages_index_groups_pages_and_includes_failed_fetches(tmp_path: Path) -> None:
    render_site(sample_audit(), tmp_path)
    text = (tmp_path / "docs" / "pages" / "index.md").read_text()
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Home { #type-home }", "## Help { #type-help }", "## FAQ { #type-faq }",
                        "## Contact { #type-contact }", "## Policies { #type-policy }",
                        "## Not analysed (errors and other files)"]
    assert "https://example.com/slow/" in text


def test_templates_refuse_unescaped_values() -> None:
    env = environment()
    with pytest.raises(TypeError, match="unescaped"):
        env.from_string("{{ value }}").render(value="<script>", here="")
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing|md_text }}").render(here="")
    assert env.from_string("{{ value|md_text }} {{ n }}").render(value="<b>", n=3, here="") == "&lt;b&gt; 3"


def test_findings_csv_neutralises_spreadsheet_formulas() -> None:
    audit = sample_audit()
    formulas = ['=HYPERLINK("http://evil.example","x")', "@SUM(1)", "+1+1", "-2+3", "\t=1", " =1+1", "\n=1"]
    for finding, formula in zip(audit["findings"], formulas, strict=False):
        finding["message"] = formula
    audit["findings"][-1]["fix"] = "=cmd|' /C calc'!A0"
    rows = list(csv.DictReader(io.StringIO(findings_csv(build_report(audit)))))
    assert len(rows) == len(audit["findings"])
    messages = {r["message"] for r in rows}
    for formula in formulas:
        assert "'" + formula in messages, formula
    assert "'=cmd|' /C calc'!A0" in {r["fix"] for r in rows}
    assert "A phone number is given: 0800 123 456." in messages  # ordinary text is untouched


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


def test_page_and_touchpoint_scores_come_from_pass_fail_findings() -> None:
    report = build_report(sample_audit())
    returns = next(p for p in report.pages if p.url.endswith("/returns/"))
    # /returns/: consistency fail, html_lang fail, readability fail, tone fail → 0; nothing passes.
    assert returns.score == 0.0
    contact = next(p for p in report.pages if p.url.endswith("/contact/"))
    assert contact.score == pytest.approx(100 * 4 / 5)  # phone, image_alt, readability, links pass; hours fails
    assert next(p for p in report.pages if p.url.endswith("/slow/")).score is None
    types = {s.id: s for s in report.type_segments}
    assert list(types) == ["home", "help", "faq", "contact", "policy"]
    assert types["policy"].score == 0.0 and types["contact"].score == contact.score
    stages = [s.id for s in report.stage_segments]
    assert stages == ["awareness", "use", "after-sales"]  # after_sales in the file, one spelling in the report
    assert report.stage_segments[2].worst[0].url.endswith("/returns/")


def test_touchpoints_page_links_every_listed_page_to_its_detail(tmp_path: Path) -> None:
    render_site(sample_audit(), tmp_path)
    text = (tmp_path / "docs" / "touchpoints.md").read_text()
    assert "### Policies { #type-policy }" in text
    assert f"](pages/{page_slug('https://example.com/returns/')}.md)" in text
    assert "| After-sales |" in text and text.count("<svg") == 2


def test_insights_fall_back_to_findings_when_facts_are_absent() -> None:
    report = build_report(sample_audit())
    intents = {row.id: row for row in report.intents}
    assert [r.status for r in report.intents][:2] == ["missing", "missing"]  # gaps first
    assert intents["return_item"].groups == {"help": "covered"}
    assert intents["cancel_order"].status == "partial" and intents["cancel_order"].href.startswith("pages/p-")
    spreads, target = report.readability
    assert target == 8.0
    assert {s.label: s.count for s in spreads} == {"Help": 2, "FAQ": 1, "Contact": 1, "Policies": 1}
    outlier = report.tone_outliers[0]
    assert outlier.page_label == "/returns/" and outlier.features[1][3] == -4.2
    assert report.channels == [] and report.hours == [] and report.response_times == []


def test_insights_read_the_facts_section_when_present(tmp_path: Path) -> None:
    from tests.report_sample import SAMPLE_FACTS

    audit = sample_audit(facts=SAMPLE_FACTS)
    report = build_report(audit)
    assert [(c.type, c.values) for c in report.channels] == [
        ("phone", ["0800 123 456"]), ("email", ["help@example.com"]), ("chat", ["Intercom"])]
    assert [h.days for h in report.hours] == [["Mo", "Tu", "We", "Th", "Fr"], ["Sa"]]
    assert report.response_times == [("We reply within 2 working days.", "https://example.com/contact/")]
    rows = {r.id: r for r in report.intents}
    assert set(rows) == {"track_order", "return_item"}
    assert rows["return_item"].title == "Return an item"  # the title comes from the coverage finding
    assert rows["return_item"].groups == {"help": "covered", "faq": "covered"}
    render_site(audit, tmp_path)
    text = (tmp_path / "docs" / "insights.md").read_text()
    assert "Monday: 09:00–17:00" in text and "Saturday: 10:00–14:00" in text and "Sunday: no hours stated" in text
    assert "| Europe/London |" in text and "| not stated |" in text
    assert "1 covered, 0 partly covered, 1 missing" in text


def test_insight_charts_have_a_data_table_and_text_alternative(tmp_path: Path) -> None:
    render_site(sample_audit(facts={"opening_hours": [{"text": "24/7", "days": ["Mo"], "opens": "00:00",
                                                          "closes": "24:00", "url": "javascript:alert(1)"}]}),
                tmp_path)
    text = (tmp_path / "docs" / "insights.md").read_text()
    svgs = re.findall(r"<svg[^>]*>", text)
    assert len(svgs) == 4  # intent matrix, hours, readability, tone
    for svg in svgs:
        assert 'role="img"' in svg and 'aria-label="' in svg
    sections = text.split("<svg")[1:]
    assert all("\n| " in section.split("</svg>", 1)[1][:2000] for section in sections)  # a table follows
    assert "Track an order: missing" in text
    assert "Monday: 00:00–24:00" in text
    assert "[javascript" not in text and "(javascript:" not in text


def test_method_page_shows_the_weights_of_this_audit(tmp_path: Path) -> None:
    audit = sample_audit()
    for level, weight in zip(audit["levels"], (2, 1, 0.5), strict=True):
        level["weight"] = weight
    render_site(audit, tmp_path)
    text = (tmp_path / "docs" / "method.md").read_text()
    assert "| [Capability](levels/capability.md) | 2 | 65 |" in text
    assert "| Help covers this customer intent | [Help and FAQ coverage](checks/coverage.md) | 2 | 50 % |" in text
    render_site(sample_audit(), tmp_path / "no-weights")
    assert "three levels count equally" in (tmp_path / "no-weights" / "docs" / "method.md").read_text()


def test_new_charts_escape_labels_and_describe_their_numbers() -> None:
    from auditor.report.charts import box_plot, coverage_matrix, deviation_bars, spread, week_hours

    charts = [
        coverage_matrix([("<b>Track</b>", "missing", {}), ("Return", "covered", {"faq": "covered"})],
                        [("faq", "FAQ")], "Intents"),
        week_hours([("Mo", "09:00", "17:30"), ("Xx", "09:00", "10:00"), ("Tu", "bad", "17:00")], "Hours"),
        box_plot([spread("<i>Help</i>", [4.0, 8.0, 12.0])], "Grades", unit="grade", target=8.0),
        deviation_bars([("/p&<q>/", [("words per sentence", 4.2), ("you", -3.6)])], "Tone"),
    ]
    for svg in charts:
        assert "<title>" in svg and "<desc>" in svg and "\n" not in svg
        assert "<b>" not in svg and "<i>" not in svg and "<q>" not in svg
    assert "&lt;b&gt;Track&lt;/b&gt;: missing; Return: covered (answered on FAQ pages)" in charts[0]
    assert "Monday: 09:00–17:30; Tuesday: no hours stated" in charts[1]
    assert "median 8.0 grade, lowest 4.0, highest 12.0; the dashed line marks the target, 8 grade" in charts[2]
    assert "words per sentence 4.2 spreads above the site median, you 3.6 spreads below" in charts[3]


def test_audit_json_download_holds_the_audit_one_record_a_line(tmp_path: Path) -> None:
    audit = sample_audit()
    render_site(audit, tmp_path)
    text = (tmp_path / "docs" / "downloads" / "audit.json").read_text(encoding="utf-8")
    assert json.loads(text) == audit
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and '  "schema_version": "1.0",' in lines
    records = {line.strip().rstrip(",") for line in lines}
    for finding in audit["findings"]:  # each finding on a line of its own, for grep
        assert json.dumps(finding, ensure_ascii=False) in records


def test_detail_pages_written_by_a_second_process_are_the_same(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A large site's detail pages are written partly by a worker process, chunk by chunk: the project is
    file for file what one process writes."""
    from auditor.report import render

    audit = sample_audit()
    render_site(audit, tmp_path / "one")
    monkeypatch.setattr(render, "PARALLEL_DETAIL_PAGES", 1)
    monkeypatch.setattr(render, "_DETAIL_CHUNK", 1)  # a chunk per page: both processes write some
    render_site(audit, tmp_path / "two", parallel=True)
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert one == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert len([p for p in one if p.name.startswith("p-")]) > 3
    for name in one:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_detail_pages_stay_in_this_process_unless_the_caller_allows_a_worker(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker re-imports the caller's main module: a library caller without the ``__main__`` guard would run
    its script again, so only callers that say so (the CLI, run_audit) get one."""
    from auditor.report import render

    monkeypatch.setattr(render, "PARALLEL_DETAIL_PAGES", 1)
    pages = render.build_report(sample_audit()).pages
    (tmp_path / "pages").mkdir()
    with render._DetailPages(tmp_path, pages, parallel=False) as serial:
        assert serial.pool is None
    assert {p.name for p in tmp_path.rglob("p-*")} == {Path(page.href).name for page in pages}
