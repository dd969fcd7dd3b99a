"""The engagement front page: who the audit is for, by whom, when, what it covered, and the consultant's
executive summary in Markdown.

The summary is written by a person but published on a site others open, so it is treated as untrusted:
Python-Markdown renders it, then an allow-list sanitiser keeps only plain formatting. Anything else —
scripts, styles, event handlers, images (they would load from outside the report), forms, iframes,
links other than http(s)/mailto — is dropped (dangerous elements with their content, unknown wrappers
keeping their text).
"""

from __future__ import annotations

import html
import re
from typing import Any

import lxml.html
import markdown
from lxml import etree

from auditor.config import AuditConfig
from auditor.report.escape import safe_url
from auditor.yamlfile import read_text

FIELDS = ("client", "consultant", "dates", "scope", "method")
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "code",
    "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h2", "h3", "h4", "h5", "h6", "a", "abbr",
    "table", "thead", "tbody", "tr", "th", "td",
})
# Elements removed with everything inside them (their text is code, not prose).
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
    "svg", "math", "form", "input", "button", "select", "textarea", "img", "picture", "video", "audio",
    "source", "track", "canvas", "link", "meta", "base", "title", "head",
})
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title"}), "abbr": frozenset({"title"}),
                      "th": frozenset({"colspan", "rowspan"}), "td": frozenset({"colspan", "rowspan"}),
                      "ol": frozenset({"start"})}
_MAILTO = re.compile(r"^mailto:[^\s<>\"'`]+@[^\s<>\"'`]+$", re.I)
_NUMBER = re.compile(r"^\d{1,4}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def engagement_section(config: AuditConfig) -> dict[str, Any] | None:
    """The audit's ``engagement`` section, or None when the config names no client and no summary.

    The summary is kept as the consultant wrote it (Markdown); renderers sanitise it (:func:`summary_html`).
    """
    cfg = config.engagement
    summary = cfg.summary
    if cfg.summary_file:
        summary = read_text(config.resolve_path(cfg.summary_file), "executive summary", "engagement.summary_file")
    if not (cfg.client or summary.strip()):
        return None
    return {**{name: getattr(cfg, name) for name in FIELDS}, "summary": summary}


def summary_html(text: str) -> str:
    """The consultant's Markdown as sanitised HTML (allow-listed tags and attributes only)."""
    rendered = markdown.markdown(_CONTROL.sub("", text), extensions=["tables", "sane_lists"], output_format="html")
    return sanitise(rendered)


def sanitise(fragment: str) -> str:
    """Keep only ALLOWED_TAGS with ALLOWED_ATTRIBUTES; links only to http(s) and mailto targets."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for node in list(root.iterdescendants()):
        if node.getparent() is None:  # inside a subtree dropped already
            continue
        tag = node.tag.lower()
        if tag == "h1":  # the page has its own title; the summary's headings sit below it
            node.tag = tag = "h2"
        if tag in DROPPED_WITH_CONTENT:
            node.drop_tree()
        elif tag not in ALLOWED_TAGS:
            node.drop_tag()
        else:
            _clean_attributes(node, tag)
    parts = [html.escape(root.text or "", quote=False)]
    parts += [etree.tostring(child, encoding="unicode", method="html") for child in root]
    return "".join(parts).strip()


def _clean_attributes(node: Any, tag: str) -> None:
    """Keep only allowed attributes with safe values. The attributes are read as pairs, cleared and the kept
    ones set again: a name lxml cannot look up (``<p {>`` gives an attribute named "{") must still go."""
    allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset())
    kept: list[tuple[str, str]] = []
    for name, value in node.attrib.items():
        name = name.lower()
        if name not in allowed:
            continue
        if name == "href":
            value = safe_url(value) or (value.strip() if _MAILTO.match(value.strip()) else None)
            if value is None:
                continue
        if name in ("colspan", "rowspan", "start") and not _NUMBER.match(value.strip()):
            continue
        kept.append((name, value))
    node.attrib.clear()
    for name, value in kept:
        node.set(name, value)
    if tag == "a" and "href" in node.attrib:
        node.set("rel", "noopener noreferrer nofollow")
