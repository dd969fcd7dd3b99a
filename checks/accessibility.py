"""Page accessibility (static): the W3C ACT rules that HTML alone can decide, one finding per page per rule.

Each audit is a pure function of ``page.a11y`` (gathered once by :mod:`auditor.a11y`) that returns how
many elements the rule applies to and which of them fail. The rules are implemented against the ACT
rules' published test cases (tests/act/, DESIGN §4). A static check is not a full WCAG audit: style
sheets, scripts, rendering, colour and keyboard behaviour are out of its reach, so a pass here means
"nothing found that HTML alone shows to be wrong".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from auditor.a11y import ARIA_ROLES, FORM_FIELD_ROLES, LINK_ROLES, PRESENTATIONAL, A11yArtefacts, A11yNode
from auditor.config import AuditConfig
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.page import Page
from auditor.site import Site
from checks.registry import register

# ---------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------

LANGUAGE_SUBTAGS_FILE = Path(__file__).parent / "data" / "language_subtags.yml"
MAX_EVIDENCE = 5
#: A refresh delay longer than this (20 hours) is not a time limit a user has to beat (ACT bc659a).
REFRESH_LIMIT_SECONDS = 72000
#: Pages must allow zooming to at least 200 % (WCAG SC 1.4.4).
MIN_MAXIMUM_SCALE = 2.0
STATIC = ("A static check is not a full WCAG audit: it reads the HTML only, so style sheets, scripts and "
          "rendering are not taken into account.")
_ACT = "https://www.w3.org/WAI/standards-guidelines/act/rules/{}/"
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)")
_VIEWPORT_PAIR = re.compile(r"([^\s=,;]+)\s*=\s*([^\s,;]*)")
_ASCII_SPACE = " \t\n\f\r"


@lru_cache(maxsize=1)
def language_subtags() -> frozenset[str]:
    """Registered primary language subtags (checks/data/language_subtags.yml: ISO 639 via iso-codes)."""
    data = yaml.safe_load(LANGUAGE_SUBTAGS_FILE.read_text(encoding="utf-8"))
    return frozenset(str(data["subtags"]).lower().split())


# ---------------------------------------------------------------------------------------------------
# Audits: pure functions of the artefacts
# ---------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """How many targets a rule applies to on one page and the failing ones (evidence rows)."""

    applicable: int = 0
    failing: int = 0
    rows: list[Evidence] = field(default_factory=list)

    def add(self, ok: bool, selector: str, snippet: str, measured: str) -> None:
        self.applicable += 1
        if not ok:
            self.failing += 1
            if len(self.rows) < MAX_EVIDENCE:
                self.rows.append(Evidence(selector=selector, snippet=snippet, measured=measured))


def _name_outcome(nodes: Iterable[A11yNode], ok: Callable[[A11yNode], bool]) -> Outcome:
    out = Outcome()
    for node in nodes:
        out.add(ok(node), node.path, node.snippet, f"accessible name: {node.name!r}")
    return out


def _shown(a: A11yArtefacts) -> list[A11yNode]:
    return [node for node in a.nodes if not node.hidden]


def image_name(a: A11yArtefacts) -> Outcome:
    """ACT 23a2a8: img elements and role=img have a name unless they are presentational (decorative)."""
    return _name_outcome((n for n in _shown(a) if n.tag == "img" or n.role == "img"),
                         lambda n: bool(n.name) or n.role in PRESENTATIONAL)


def image_button_name(a: A11yArtefacts) -> Outcome:
    """ACT 59796f: <input type=image> has a name other than the browser default "Submit Query"."""
    return _name_outcome((n for n in _shown(a) if n.tag == "input" and n.type == "image"),
                         lambda n: bool(n.name) and n.name_source != "default")


def link_name(a: A11yArtefacts) -> Outcome:
    """ACT c487ae: every link (and role inheriting from link) has a non-empty name."""
    return _name_outcome((n for n in _shown(a) if n.role in LINK_ROLES), lambda n: bool(n.name))


def button_name(a: A11yArtefacts) -> Outcome:
    """ACT 97a4e1: every button except image buttons (59796f) has a non-empty name."""
    return _name_outcome((n for n in _shown(a) if n.role == "button" and not (n.tag == "input" and n.type == "image")),
                         lambda n: bool(n.name))


def form_field_name(a: A11yArtefacts) -> Outcome:
    """ACT e086e5: text boxes, checkboxes, selects, sliders… have a non-empty name."""
    return _name_outcome((n for n in _shown(a) if n.role in FORM_FIELD_ROLES), lambda n: bool(n.name))


def heading_name(a: A11yArtefacts) -> Outcome:
    """ACT ffd0e9: headings are not empty for assistive technology."""
    return _name_outcome((n for n in _shown(a) if n.role == "heading"), lambda n: bool(n.name))


def _negative_tabindex(value: str | None) -> bool:
    match = re.match(r"[ \t\n\f\r]*-(\d+)", value or "")
    return bool(match) and int(match.group(1)) > 0


def iframe_name(a: A11yArtefacts) -> Outcome:
    """ACT cae760: iframes have a name, except decorative ones and ones taken out of the tab order."""
    frames = (n for n in _shown(a) if n.tag == "iframe" and not _negative_tabindex(n.tabindex)
              and n.explicit_role not in PRESENTATIONAL)
    return _name_outcome(frames, lambda n: bool(n.name))


def document_title(a: A11yArtefacts) -> Outcome:
    """ACT 2779a5: the first <title> of the document has text."""
    out = Outcome()
    title = a.title or ""
    out.add(bool(title.strip()), "title", f"<title>{title}</title>" if a.title is not None else "",
            "no <title> element" if a.title is None else f"title: {title!r}")
    return out


def _primary(tag: str | None) -> str:
    return (tag or "").strip(_ASCII_SPACE).split("-", 1)[0].lower()


def html_lang(a: A11yArtefacts) -> Outcome:
    """ACT b5c3f8: the html element has a lang attribute that is not empty (xml:lang alone does not count)."""
    out = Outcome()
    out.add(bool((a.html_lang or "").strip(_ASCII_SPACE)), "html", _html_snippet(a),
            "no lang attribute" if a.html_lang is None else f"lang={a.html_lang!r}")
    return out


def html_lang_valid(a: A11yArtefacts) -> Outcome:
    """ACT bf051a: the html lang value starts with a registered primary language subtag."""
    out = Outcome()
    if (a.html_lang or "").strip(_ASCII_SPACE):
        out.add(_primary(a.html_lang) in language_subtags(), "html", _html_snippet(a), f"lang={a.html_lang!r}")
    return out


def html_xml_lang_match(a: A11yArtefacts) -> Outcome:
    """ACT 5b7ae0: on text/html pages, lang and xml:lang of the html element name the same language."""
    out = Outcome()
    if (a.content_type == "text/html" and _primary(a.html_lang) in language_subtags()
            and (a.html_xml_lang or "").strip(_ASCII_SPACE)):
        out.add(_primary(a.html_lang) == _primary(a.html_xml_lang), "html", _html_snippet(a),
                f"lang={a.html_lang!r}, xml:lang={a.html_xml_lang!r}")
    return out


def _html_snippet(a: A11yArtefacts) -> str:
    attrs = "".join(f' {key}="{value}"' for key, value in (("lang", a.html_lang), ("xml:lang", a.html_xml_lang))
                    if value is not None)
    return f"<html{attrs}>"


def _number(value: str) -> float | None:
    match = _NUMBER.match(value)
    return float(match.group(0)) if match else None


def _zoom_allowed(key: str, value: str) -> bool:
    """user-scalable / maximum-scale values that keep zoom to 200 % possible (ACT b4f0c3 expectations)."""
    value = value.lower()
    if value in ("device-width", "device-height"):
        return True
    number = 1.0 if value == "yes" else _number(value)
    if key == "user-scalable":
        return number is not None and (number <= -1 or number >= 1)
    return number is not None and (number < 0 or number >= MIN_MAXIMUM_SCALE)


def viewport_zoom(a: A11yArtefacts) -> Outcome:
    """ACT b4f0c3: a viewport meta element does not disable zoom or cap it below 200 %."""
    out = Outcome()
    for meta in a.viewports:
        pairs = {key.lower(): value for key, value in _VIEWPORT_PAIR.findall(meta.content or "")}
        keys = [key for key in ("user-scalable", "maximum-scale") if key in pairs]
        if keys:
            out.add(all(_zoom_allowed(key, pairs[key]) for key in keys), meta.path, meta.snippet,
                    ", ".join(f"{key}={pairs[key]}" for key in keys))
    return out


def refresh_delay(content: str | None) -> int | None:
    """The delay of a meta refresh per HTML's "shared declarative refresh steps"; None when invalid."""
    text = (content or "").lstrip(_ASCII_SPACE)
    digits = text[:len(text) - len(text.lstrip("0123456789"))]
    rest = text[len(digits):]
    if not digits and not rest.startswith("."):
        return None
    rest = rest.lstrip("0123456789.")
    if rest and rest[0] not in ";," + _ASCII_SPACE:
        return None
    return int(digits) if digits else 0


def meta_refresh(a: A11yArtefacts) -> Outcome:
    """ACT bc659a: the first valid meta refresh redirects at once or after more than 20 hours."""
    out = Outcome()
    for meta in a.refreshes:
        delay = refresh_delay(meta.content)
        if delay is not None:
            out.add(delay == 0 or delay > REFRESH_LIMIT_SECONDS, meta.path, meta.snippet, f"delay: {delay} s")
            break
    return out


def role_valid(a: A11yArtefacts) -> Outcome:
    """ACT 674b10: a role attribute has at least one token that is a WAI-ARIA role."""
    out = Outcome()
    for node in _shown(a):
        if node.role_attr is not None and node.role_attr.strip(_ASCII_SPACE):
            ok = any(token in ARIA_ROLES for token in node.role_attr.lower().split())
            out.add(ok, node.path, node.snippet, f"role={node.role_attr!r}")
    return out


def duplicate_id(a: A11yArtefacts) -> Outcome:
    """ACT 3ea0c8 (deprecated): id values are unique; duplicates break label and aria-labelledby references."""
    out = Outcome(applicable=a.id_count)
    for dup in a.duplicate_ids:
        out.failing += dup.count
        if len(out.rows) < MAX_EVIDENCE:
            out.rows.append(Evidence(selector=", ".join(dup.paths), snippet=f'id="{dup.id}"',
                                     measured=f"{dup.count} elements"))
    return out


# ---------------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------------

A = Level.ACCESSIBILITY


@dataclass(frozen=True)
class ActRule:
    rule: Rule
    act_id: str
    audit: Callable[[A11yArtefacts], Outcome]
    noun: str


def _rule(rule_id: str, act_id: str, title: str, failure: str, why: str, fix: str, audit: Callable[
        [A11yArtefacts], Outcome], noun: str, severity: Severity = Severity.MEDIUM, weight: float = 1.0) -> ActRule:
    description = f"{why} W3C ACT rule {act_id}: {_ACT.format(act_id)} {STATIC}"
    return ActRule(Rule(f"accessibility.{rule_id}", title, failure, description, A, severity, weight, fix),
                   act_id, audit, noun)


ACT_RULES = [
    _rule("image_name", "23a2a8", "Images have a text alternative", "Images have no text alternative",
          "Screen-reader users hear nothing useful for an image without a text alternative (WCAG SC 1.1.1).",
          "Give informative images an alt text; mark decorative ones with alt=\"\".", image_name, "image",
          Severity.HIGH),
    _rule("image_button_name", "59796f", "Image buttons have a name", "Image buttons have no name",
          "An image button without alt text is announced as \"Submit Query\" or not at all (WCAG SC 1.1.1, 4.1.2).",
          "Give every <input type=\"image\"> an alt text saying what the button does.", image_button_name,
          "image button", Severity.HIGH),
    _rule("document_title", "2779a5", "The page has a title", "The page has no title",
          "The title is the first thing a screen reader announces and names the browser tab (WCAG SC 2.4.2).",
          "Add a <title> that says what the page is about.", document_title, "page"),
    _rule("html_lang", "b5c3f8", "The page declares its language", "The page does not declare its language",
          "Without a lang attribute screen readers may read the page with the wrong voice and pronunciation "
          "(WCAG SC 3.1.1).", "Add lang=\"…\" with the page's language to the <html> element.", html_lang, "page"),
    _rule("html_lang_valid", "bf051a", "The page language is a valid language code",
          "The page language is not a valid language code",
          "A lang value whose primary subtag is not a registered language code is ignored by assistive "
          "technology (WCAG SC 3.1.1).", "Use a BCP 47 tag such as en, en-GB or fr-CA.", html_lang_valid, "page"),
    _rule("html_xml_lang_match", "5b7ae0", "lang and xml:lang agree", "lang and xml:lang name different languages",
          "When lang and xml:lang disagree, assistive technology may pick the wrong language (WCAG SC 3.1.1).",
          "Remove xml:lang or make it name the same language as lang.", html_xml_lang_match, "page",
          Severity.LOW),
    _rule("link_name", "c487ae", "Links have a name", "Links have no name",
          "A link without text or a text alternative is announced as just \"link\" (WCAG SC 2.4.4, 4.1.2).",
          "Give every link text, or an alt text on its image, or an aria-label.", link_name, "link", Severity.HIGH),
    _rule("button_name", "97a4e1", "Buttons have a name", "Buttons have no name",
          "A button without a name is announced as just \"button\" (WCAG SC 4.1.2).",
          "Give every button text content or an aria-label.", button_name, "button", Severity.HIGH),
    _rule("form_field_name", "e086e5", "Form fields have a label", "Form fields have no label",
          "A form field without a label leaves screen-reader users guessing what to enter (WCAG SC 4.1.2).",
          "Associate a <label> with each field (for/id or wrapping), or use aria-label.", form_field_name,
          "form field", Severity.HIGH),
    _rule("heading_name", "ffd0e9", "Headings are not empty", "Some headings are empty",
          "Empty headings appear in screen readers' heading lists with nothing to say (WCAG SC 1.3.1).",
          "Remove empty headings or give them text.", heading_name, "heading", Severity.LOW),
    _rule("iframe_name", "cae760", "Frames have a title", "Frames have no title",
          "Screen-reader users decide whether to enter a frame by its name (WCAG SC 4.1.2).",
          "Give every <iframe> a title attribute that says what it contains.", iframe_name, "frame"),
    _rule("viewport_zoom", "b4f0c3", "The page lets users zoom", "The page stops users from zooming",
          "user-scalable=no or a maximum-scale below 2 stops people with low vision from enlarging text on "
          "phones (WCAG SC 1.4.4).", "Remove user-scalable=no and maximum-scale from the viewport meta element.",
          viewport_zoom, "viewport", Severity.HIGH),
    _rule("meta_refresh", "bc659a", "The page does not refresh on a timer",
          "The page refreshes or redirects on a timer",
          "A timed refresh or redirect can move people on before they have read the page (WCAG SC 2.2.1, 3.2.5).",
          "Redirect on the server, or let the user choose when to move on.", meta_refresh, "refresh"),
    _rule("role_valid", "674b10", "Role attributes are valid", "Role attributes have no valid role",
          "A role value that is not a WAI-ARIA role is ignored, so the element loses the meaning its author "
          "meant to give it (WCAG SC 1.3.1, 4.1.2).", "Fix the spelling or use a role from WAI-ARIA.", role_valid,
          "role attribute"),
    _rule("duplicate_id", "3ea0c8", "id values are unique", "Some id values are used more than once",
          "Duplicate ids make label for= and aria-labelledby point at the wrong element. The ACT rule is "
          "deprecated because WCAG 2.2 removed SC 4.1.1 Parsing, so this rule weighs half and is rated low.",
          "Give each element its own id and update the references to it.", duplicate_id, "id attribute",
          Severity.LOW, 0.5),
]
RULES = [act.rule for act in ACT_RULES]


@register("accessibility", title="Page accessibility (static)",
          description="W3C ACT rules that can be decided from the HTML of each page: text alternatives, names of "
                      "links, buttons, form fields and frames, page title and language, zoom, timed refresh, "
                      f"roles and ids. {STATIC}",
          rules=RULES)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    for page in site.pages:
        if page.status == 200 and page.a11y.gathered:
            for act in ACT_RULES:
                yield page_finding(act, page)


def page_finding(act: ActRule, page: Page) -> Finding:
    """One rule's finding for one page: pass when every applicable element passes, the score is the share
    that passes, not applicable when the page has no element the rule applies to."""
    outcome = act.audit(page.a11y)
    data = {"act_rule": act.act_id, "applicable": outcome.applicable, "failing": outcome.failing}
    if not outcome.applicable:
        return act.rule.finding(Status.NOT_APPLICABLE, f"No {act.noun} on this page that the rule applies to.",
                                location=page.url, url=page.url, data=data)
    passing = outcome.applicable - outcome.failing
    if not outcome.failing:
        return act.rule.finding(Status.PASS, f"{act.rule.title} ({outcome.applicable} checked).", location=page.url,
                                url=page.url, data=data)
    evidence = [Evidence(url=page.url, selector=row.selector, snippet=row.snippet, measured=row.measured)
                for row in outcome.rows]
    return act.rule.finding(Status.FAIL, f"{act.rule.failure_title}: {outcome.failing} of {outcome.applicable} "
                            f"{act.noun}(s) fail.", location=page.url, url=page.url,
                            score=passing / outcome.applicable, evidence=evidence, data=data)
