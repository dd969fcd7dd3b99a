"""Static accessibility rules: agreement with every W3C ACT test case (tests/act/), the page model
round trip of the artefacts, and the shape of the per-page findings."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import astuple

import lxml.html
import pytest

from auditor.a11y import A11yArtefacts, gather
from auditor.config import AuditConfig
from auditor.crawl.record import FetchRecord
from auditor.findings import Status
from auditor.page import Page, parse_page
from auditor.site import Site
from benchmarks.accuracy.act import EXCLUDED, ActCase, act_cases, outcome
from checks import accessibility
from checks.accessibility import ACT_RULES, language_subtags, refresh_delay

CASES = act_cases()


def page_of(html: str, url: str = "http://127.0.0.1/p") -> Page:
    return parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html",
                                  body=html.encode("utf-8")))


@pytest.mark.parametrize("case", [c for c in CASES if c.key not in EXCLUDED], ids=lambda c: c.key)
def test_act_test_case(case: ActCase) -> None:
    assert outcome(case) == case.expected


def test_every_rule_has_its_act_cases_and_exclusions_are_explained() -> None:
    per_rule = Counter(case.rule.act_id for case in CASES)
    excluded = Counter(key.split("/")[0] for key in EXCLUDED)
    for rule in ACT_RULES:
        print(f"ACT {rule.act_id} {rule.rule.id}: {per_rule[rule.act_id] - excluded[rule.act_id]} included, "
              f"{excluded[rule.act_id]} excluded")
    assert all(per_rule[rule.act_id] >= 5 for rule in ACT_RULES)
    assert sum(per_rule.values()) == 209
    keys = {case.key for case in CASES}
    assert all(key in keys and reason.strip() for key, reason in EXCLUDED.items())


def test_artefacts_survive_the_page_store_round_trip() -> None:
    page = page_of('<html lang="en"><title>T</title><body><a href="/x"><img src="a.png"></a>'
                   '<div id="d"></div><div id="d"></div><meta name="viewport" content="user-scalable=no">'
                   '</body></html>')
    again = Page.from_dict(page.to_dict())
    assert again.a11y == page.a11y
    assert isinstance(again.a11y, A11yArtefacts) and again.a11y.duplicate_ids[0].id == "d"
    link = next(node for node in again.a11y.nodes if node.role == "link")
    assert link.name == "" and link.path == "body > a" and link.snippet.startswith('<a href="/x">')


def test_artefacts_are_stored_compactly() -> None:
    """Named nodes pass every rule, so they keep no evidence and their stored row is four short strings;
    a rich node (every field set) survives the round trip. The byte budget catches a regression to the
    earlier form (a dict per node with a snippet and path each: about 400 bytes a link)."""
    links = "".join(f'<a href="/p{i}" class="nav-link nav-link--{i}">Page {i}</a>' for i in range(100))
    page = page_of(f'<html lang="en"><title>T</title><body><nav>{links}</nav>'
                   '<span role="bogus img" tabindex="-1" style="visibility:hidden"></span>'
                   '<input type="image" src="go.png"></body></html>')
    stored = page.to_dict()["a11y"]
    named = [row for row in stored["nodes"] if row[0] == "a"]
    assert len(named) == 100 and all(row == ["a", "link", f"Page {i}", "contents"] for i, row in enumerate(named))
    assert len(json.dumps(stored)) < 100 * 40 + 1000
    again = Page.from_dict(json.loads(json.dumps(page.to_dict())))
    assert again.a11y == page.a11y
    rich, button = again.a11y.nodes[-2:]
    assert (rich.role_attr, rich.tabindex, rich.hidden, rich.path, rich.snippet) == (
        "bogus img", "-1", True, "", "")  # hidden: no rule reads it, so no evidence
    assert (button.name, button.name_source, button.type, button.path) == (
        "Submit Query", "default", "image", "body > input")


def test_earlier_stored_artefacts_still_load() -> None:
    """Pages stored before the compact form (a dict per node, with an href) load into the same nodes."""
    page = page_of('<html><body><a href="/x"></a><img src="a.png" alt="A"></body></html>')
    rows = [dict(zip(("tag", "role", "name", "name_source", "explicit_role", "type", "tabindex", "role_attr",
                      "hidden", "path", "snippet"), astuple(node), strict=True)) | {"href": "http://127.0.0.1/x"}
            for node in page.a11y.nodes]
    data = page.to_dict()
    data["a11y"]["nodes"] = rows
    assert Page.from_dict(data).a11y == page.a11y


def test_every_failing_act_target_keeps_its_evidence() -> None:
    """A node keeps its path and snippet only if a rule can fail it (needs_evidence): every failure in the
    ACT test cases must still come with both, or the artefacts drop evidence a rule reports."""
    node_rules = {"image_name", "image_button_name", "link_name", "button_name", "form_field_name", "heading_name",
                  "iframe_name", "role_valid"}
    failures = 0
    for case in (c for c in CASES if c.rule.rule.id.split(".")[1] in node_rules):
        record = FetchRecord(url="http://127.0.0.1/act", final_url="http://127.0.0.1/act", status=200,
                             content_type="text/html", body=case.path.read_bytes())
        result = case.rule.audit(parse_page(record).a11y)
        failures += len(result.rows)
        assert all(row.selector and row.snippet for row in result.rows), case.key
    assert failures > 40


def test_old_stored_pages_without_artefacts_are_not_judged() -> None:
    data = page_of("<html><body><img src=x></body></html>").to_dict()
    del data["a11y"]
    page = Page.from_dict(data)
    assert not page.a11y.gathered
    assert list(accessibility.run(Site(start_url=page.url, pages=[page]), AuditConfig())) == []


def test_names_follow_labels_content_and_hidden_state() -> None:
    page = page_of("""<html lang="en"><body>
      <label for="e">E-mail</label><input id="e" type="email">
      <label>Name <input name="n"></label>
      <a href="/a"><span aria-hidden="true">x</span></a>
      <button style="display:none"></button>
      <details><summary>More</summary><a href="/b"></a></details>
      <h2 aria-labelledby="t"><span id="t" hidden>Hidden label</span></h2>
    </body></html>""")
    assert [(node.tag, node.name, node.hidden) for node in page.a11y.nodes] == [
        ("input", "E-mail", False), ("input", "Name", False), ("a", "", False), ("button", "", True),
        ("a", "", True), ("h2", "Hidden label", False)]
    assert [node.path for node in page.a11y.nodes] == ["", "", "body > a", "", "", ""]  # evidence: failing only


def test_findings_one_per_page_and_rule_with_share_score_and_capped_evidence() -> None:
    links = "".join(f'<a href="/{i}"></a>' for i in range(7)) + '<a href="/ok">Fine</a>' * 3
    bad = page_of(f'<html><body>{links}<h1>Title</h1></body></html>', "http://127.0.0.1/bad")
    good = page_of('<html lang="en-GB"><title>Good</title><body><a href="/">Home</a></body></html>',
                   "http://127.0.0.1/good")
    findings = list(accessibility.run(Site(start_url=good.url, pages=[bad, good]), AuditConfig()))
    assert len(findings) == 2 * len(ACT_RULES)
    assert len({f.id for f in findings}) == len(findings)
    by = {(f.rule, f.location): f for f in findings}
    link = by[("accessibility.link_name", bad.url)]
    assert link.status is Status.FAIL and link.score == 0.3 and len(link.evidence) == 5
    first = link.evidence[0]
    assert first.selector == "body > a:nth-of-type(1)" and "accessible name" in str(first.measured)
    assert link.data == {"act_rule": "c487ae", "applicable": 10, "failing": 7}
    assert by[("accessibility.html_lang", bad.url)].status is Status.FAIL
    assert by[("accessibility.document_title", bad.url)].status is Status.FAIL
    assert by[("accessibility.link_name", good.url)].status is Status.PASS
    assert by[("accessibility.html_lang_valid", good.url)].status is Status.PASS
    assert by[("accessibility.image_name", good.url)].status is Status.NOT_APPLICABLE
    assert all("not a full WCAG audit" in act.rule.description for act in ACT_RULES)


def test_gatherer_reads_a_link_with_a_malformed_target() -> None:
    root = lxml.html.document_fromstring("<a href=' http://[ '>x</a>")
    assert gather(root).nodes[0].name == "x"


def test_evidence_paths_number_same_tag_siblings() -> None:
    page = page_of('<html><body><div><p>a</p><a href="/1"></a><p>b</p><a href="/2"></a></div>'
                   '<ul><li><button></button></li></ul><section id="s"><div><img src="x"></div></section>'
                   '<template><a href="/t"></a></template></body></html>')
    assert [node.path for node in page.a11y.nodes] == [
        "body > div > a:nth-of-type(1)", "body > div > a:nth-of-type(2)", "body > ul > li > button",
        "section#s > div > img"]


def test_language_list_and_refresh_parsing() -> None:
    codes = language_subtags()
    assert {"en", "fr", "de", "lb", "yue", "qaa"} <= codes and not {"eng", "fre", "em", "i"} & codes
    assert [refresh_delay(v) for v in ("0; url=/x", "30", " 5,/x", "7.5 /x", "0:/x", "", "+5", "x")] == [
        0, 30, 5, 7, None, None, None, None]


@pytest.mark.parametrize("html", ["", "\x00<<<", "<html lang>", "<a href='/x' role='link button'><b></a>",
                                  "<div role='heading'><div role='heading'>",
                                  "<svg role=img><title></title></svg>" * 3])
def test_bad_markup_gives_clean_results(html: str) -> None:
    page = page_of(html)
    findings = list(accessibility.run(Site(start_url=page.url, pages=[page]), AuditConfig()))
    assert all(f.status in (Status.PASS, Status.FAIL, Status.NOT_APPLICABLE) for f in findings)


def _walked(html: str) -> A11yArtefacts:
    """``gather`` on the page with an element added that sends it down the one-walk path (an inline visibility,
    which descendants can undo): the reference for the selection path, which takes every other page."""
    return gather(lxml.html.document_fromstring(html.replace("</body>", '<b style="visibility:visible"></b></body>')))


@pytest.mark.parametrize("html", [
    '<html><head><title>T</title><meta name="viewport" content="width=device-width"></head><body>'
    '<nav role="navigation"><a href="/a">A</a><a href="/b" aria-hidden="true">B</a><div role="button">Go</div></nav>'
    '<details><summary>More</summary><a href="/in">In</a><img src="x.png"></details>'
    '<details open><summary>Open</summary><button>Press</button></details>'
    '<div hidden><a href="/h">Hidden</a></div><p style="display:none"><img src="y.png" alt="y"></p>'
    '<label for="q">Search</label><input id="q"><input type="hidden" id="q"><svg role="img"><title>S</title></svg>'
    '<span role="bogus">x</span><a href="/a">A</a><a href="/e"></a><a href="/e"></a></body></html>',
    '<html><body><label>Name <input name="n"></label><a href="#" aria-labelledby="l1 l2">x</a>'
    '<span id="l1">First</span><span id="l2" hidden>Second</span><input type="image" src="i.png"></body></html>',
])
def test_selection_path_gathers_what_the_walk_does(html: str) -> None:
    """The selection path (XPath and tag iteration) finds the same nodes, names, hidden state, ids and evidence
    as the walk over every element, with the leaf-node memory warm (the page gathered twice) and cold."""
    walked = _walked(html).to_dict()
    assert gather(lxml.html.document_fromstring(html)).to_dict() == walked
    assert gather(lxml.html.document_fromstring(html)).to_dict() == walked


def test_remembered_leaf_nodes_keep_their_own_evidence() -> None:
    """Two unnamed links alike in everything but their place: each node carries the path of its own element."""
    artefacts = gather(lxml.html.document_fromstring(
        '<html><body><nav><a href="/x"></a></nav><footer><a href="/x"></a></footer></body></html>'))
    assert [node.path for node in artefacts.nodes] == ["body > nav > a", "body > footer > a"]
