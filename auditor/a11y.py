"""Accessibility artefacts: what the static accessibility rules need, gathered once from the parsed page.

This is the gatherer half of Lighthouse's gatherer/audit split: ``gather`` walks the one lxml tree that
:func:`auditor.page.parse_page` built (before the text extraction mutates it) and keeps, per element of
interest, its semantic role, accessible name and whether it is hidden from the accessibility tree. The
audits in ``checks/accessibility.py`` then decide W3C ACT rules from these rows alone.

Only what HTML itself says is known here: inline ``style`` attributes count, style sheets and scripts do
not, so an element hidden by a CSS class still counts as shown. The role and name logic follows
HTML-AAM, WAI-ARIA 1.2 (presentational-role conflict resolution) and accname 1.2, reduced to the parts a
static parse can decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml.html import HtmlElement

#: Non-abstract roles of WAI-ARIA 1.2, DPUB-ARIA 1.1 and Graphics-ARIA 1.0 (facts from those W3C specs).
_ROLE_NAMES = """
alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox
complementary contentinfo definition deletion dialog directory document emphasis feed figure form generic grid
gridcell group heading img insertion link list listbox listitem log main marquee math menu menubar menuitem
menuitemcheckbox menuitemradio meter navigation none note option paragraph presentation progressbar radio
radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status strong
subscript superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree treegrid
treeitem
doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry doc-bibliography
doc-biblioref doc-chapter doc-colophon doc-conclusion doc-cover doc-credit doc-credits doc-dedication doc-endnote
doc-endnotes doc-epigraph doc-epilogue doc-errata doc-example doc-footnote doc-foreword doc-glossary doc-glossref
doc-index doc-introduction doc-noteref doc-notice doc-pagebreak doc-pagefooter doc-pageheader doc-pagelist
doc-part doc-preface doc-prologue doc-pullquote doc-qna doc-subtitle doc-tip doc-toc
graphics-document graphics-object graphics-symbol
"""
ARIA_ROLES = frozenset(_ROLE_NAMES.split())
#: Roles that inherit from ``link`` (ACT "inheriting semantic" link).
LINK_ROLES = frozenset({"link", "doc-backlink", "doc-biblioref", "doc-glossref", "doc-noteref"})
FORM_FIELD_ROLES = frozenset({"checkbox", "combobox", "listbox", "menuitemcheckbox", "menuitemradio", "radio",
                              "searchbox", "slider", "spinbutton", "switch", "textbox"})
#: Roles whose accessible name may come from their content (WAI-ARIA 1.2 "name from: contents").
NAME_FROM_CONTENT = frozenset({"button", "cell", "checkbox", "columnheader", "gridcell", "heading", "menuitem",
                               "menuitemcheckbox", "menuitemradio", "option", "radio", "row", "rowheader", "switch",
                               "tab", "tooltip", "treeitem"}) | LINK_ROLES
#: Global ARIA attributes: specifying one cancels role="none"/"presentation" (WAI-ARIA 1.2 §9.3).
GLOBAL_ARIA = frozenset({"aria-atomic", "aria-busy", "aria-controls", "aria-current", "aria-describedby",
                         "aria-details", "aria-dropeffect", "aria-flowto", "aria-grabbed", "aria-hidden",
                         "aria-invalid", "aria-keyshortcuts", "aria-label", "aria-labelledby", "aria-live",
                         "aria-owns", "aria-relevant", "aria-roledescription"})
PRESENTATIONAL = frozenset({"none", "presentation"})
INTERESTING_ROLES = frozenset({"img", "button", "heading"}) | LINK_ROLES | FORM_FIELD_ROLES
#: Elements a browser never renders (display: none in the UA style sheet) or whose content is not a DOM tree.
NEVER_RENDERED = frozenset({"head", "script", "style", "template", "title", "noscript", "datalist", "param",
                            "source", "track", "meta", "link", "base"})
INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
                         "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "label", "font"})
LABELABLE = frozenset({"input", "select", "textarea", "button", "meter", "output", "progress"})
#: Input types HTML-AAM gives no widget role that a form-field rule covers.
NO_ROLE_INPUTS = frozenset({"hidden", "file", "color", "date", "datetime-local", "month", "week", "time"})
IMAGE_BUTTON_DEFAULT = "Submit Query"
SNIPPET_CHARS = 160
_SPACE = re.compile(r"\s+")
_ASCII_SPACE = " \t\n\f\r"
_STYLE_DECL = re.compile(r"(?:^|;)\s*(display|visibility)\s*:\s*([a-z-]+)", re.I)


@dataclass
class A11yNode:
    """One element a rule looks at. ``hidden`` means not included in the accessibility tree; the name of a
    hidden element is left empty, since no rule applies to it."""

    tag: str
    role: str
    explicit_role: str
    name: str
    name_source: str
    hidden: bool
    path: str
    snippet: str
    role_attr: str | None = None
    type: str = ""
    tabindex: str | None = None
    href: str | None = None


@dataclass
class MetaRow:
    path: str
    content: str | None
    snippet: str


@dataclass
class DuplicateId:
    id: str
    count: int
    paths: list[str] = field(default_factory=list)


@dataclass
class A11yArtefacts:
    """Everything the static accessibility rules read. ``gathered`` is False for pages not parsed
    (empty or unparseable), so rules can say not applicable instead of judging nothing."""

    gathered: bool = False
    content_type: str = "text/html"
    html_lang: str | None = None
    html_xml_lang: str | None = None
    title: str | None = None
    nodes: list[A11yNode] = field(default_factory=list)
    viewports: list[MetaRow] = field(default_factory=list)
    refreshes: list[MetaRow] = field(default_factory=list)
    id_count: int = 0
    duplicate_ids: list[DuplicateId] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> A11yArtefacts:
        data = {k: v for k, v in data.items() if k in {f.name for f in fields(cls)}}
        data["nodes"] = [A11yNode(**n) for n in data.get("nodes", [])]
        data["viewports"] = [MetaRow(**m) for m in data.get("viewports", [])]
        data["refreshes"] = [MetaRow(**m) for m in data.get("refreshes", [])]
        data["duplicate_ids"] = [DuplicateId(**d) for d in data.get("duplicate_ids", [])]
        return cls(**data)


def gather(root: HtmlElement, base_url: str, content_type: str = "text/html") -> A11yArtefacts:
    """Compute the accessibility artefacts of one parsed page. ``base_url`` resolves link targets for
    evidence; ``content_type`` lets rules that only apply to text/html documents say so."""
    tree = _Tree(root)
    out = A11yArtefacts(gathered=True, content_type=content_type.split(";", 1)[0].strip().lower() or "text/html")
    out.html_lang = root.get("lang") if root.tag == "html" else None
    out.html_xml_lang = root.get("xml:lang", root.get("{http://www.w3.org/XML/1998/namespace}lang"))
    ids: dict[str, list[str]] = {}
    for el in tree.elements:
        tag = el.tag
        if tag == "title" and out.title is None and not tree.in_svg(el):
            out.title = "".join(t for t in el.itertext())
        elif tag == "meta":
            _meta(tree, el, out)
        el_id = el.get("id")
        if el_id:
            ids.setdefault(el_id, []).append(el)
            out.id_count += 1
        node = _node(tree, el, base_url)
        if node is not None:
            out.nodes.append(node)
    out.duplicate_ids = [DuplicateId(id=key, count=len(els), paths=[tree.path(e) for e in els[:5]])
                         for key, els in ids.items() if len(els) > 1]
    return out


def _meta(tree: _Tree, el: HtmlElement, out: A11yArtefacts) -> None:
    name = (el.get("name") or "").strip().lower()
    equiv = (el.get("http-equiv") or "").strip().lower()
    if name == "viewport":
        out.viewports.append(MetaRow(path=tree.path(el), content=el.get("content"), snippet=_snippet(el)))
    if equiv == "refresh":
        out.refreshes.append(MetaRow(path=tree.path(el), content=el.get("content"), snippet=_snippet(el)))


class _Tree:
    """The document tree in order, with each element's hidden state worked out top-down in one pass.

    Elements inside <template> are not part of the document tree and are left out altogether.
    """

    def __init__(self, root: HtmlElement) -> None:
        self.elements: list[HtmlElement] = []
        self.hidden: dict[HtmlElement, bool] = {}
        self.by_id: dict[str, HtmlElement] = {}
        self.labels: dict[str, HtmlElement] = {}
        self.nth_of_type: dict[HtmlElement, str] = {}
        self._svg: set[HtmlElement] = set()
        stack: list[tuple[HtmlElement, bool, bool, bool]] = [(root, False, False, False)]
        while stack:
            el, parent_gone, parent_invisible, in_svg = stack.pop()
            if not isinstance(el.tag, str):
                continue
            self.elements.append(el)
            tag = el.tag
            gone = parent_gone or _removed(el)
            invisible = parent_invisible
            visibility = _style(el).get("visibility")
            if visibility:
                invisible = visibility in ("hidden", "collapse")
            self.hidden[el] = gone or invisible
            if in_svg:
                self._svg.add(el)
            el_id = el.get("id")
            if el_id and el_id not in self.by_id:
                self.by_id[el_id] = el
            if tag == "label" and el.get("for") and el.get("for") not in self.labels:
                self.labels[el.get("for", "")] = el
            if tag == "template":
                continue
            children = [c for c in el if isinstance(c.tag, str)]
            self._number(children)
            if tag == "details" and el.get("open") is None:
                summary = next((c for c in children if c.tag == "summary"), None)
                pushed = [(c, gone or c is not summary, invisible, in_svg or tag == "svg") for c in children]
            else:
                pushed = [(c, gone, invisible, in_svg or tag == "svg") for c in children]
            stack.extend(reversed(pushed))

    def _number(self, children: list[HtmlElement]) -> None:
        """Record ``:nth-of-type(k)`` for children that share their tag with a sibling (for evidence paths)."""
        totals: dict[str, int] = {}
        for child in children:
            totals[child.tag] = totals.get(child.tag, 0) + 1
        seen: dict[str, int] = {}
        for child in children:
            if totals[child.tag] > 1:
                seen[child.tag] = seen.get(child.tag, 0) + 1
                self.nth_of_type[child] = f":nth-of-type({seen[child.tag]})"

    def in_svg(self, el: HtmlElement) -> bool:
        return el in self._svg

    def path(self, el: HtmlElement) -> str:
        """A short CSS-ish path: up to four steps, stopping at the nearest ancestor with an id."""
        steps: list[str] = []
        current: HtmlElement | None = el
        while current is not None and isinstance(current.tag, str) and len(steps) < 4:
            el_id = current.get("id")
            if el_id and " " not in el_id:
                steps.append(f"{current.tag}#{el_id}")
                break
            steps.append(current.tag + self.nth_of_type.get(current, ""))
            if current.tag in ("body", "head", "html"):
                break
            current = current.getparent()
        return " > ".join(reversed(steps))


def _style(el: HtmlElement) -> dict[str, str]:
    style = el.get("style")
    if not style:
        return {}
    return {m.group(1).lower(): m.group(2).lower() for m in _STYLE_DECL.finditer(style)}


def _removed(el: HtmlElement) -> bool:
    """Out of the accessibility tree for the element and all its descendants: display none, the hidden
    attribute, aria-hidden="true", or an element browsers never render."""
    if el.tag in NEVER_RENDERED or el.get("hidden") is not None:
        return True
    if (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if el.tag == "input" and (el.get("type") or "").strip().lower() == "hidden":
        return True
    return _style(el).get("display") == "none"


def _input_type(el: HtmlElement) -> str:
    return (el.get("type") or "").strip().lower() if el.tag == "input" else ""


def explicit_role(el: HtmlElement) -> str:
    """The first recognised token of the role attribute (WAI-ARIA fallback roles), or ''."""
    return next((tok for tok in (el.get("role") or "").lower().split() if tok in ARIA_ROLES), "")


def implicit_role(el: HtmlElement) -> str:
    """The role HTML-AAM maps the element to, for the elements the rules care about."""
    tag = el.tag
    if tag in ("a", "area"):
        return "link" if el.get("href") is not None else ""
    if tag == "button":
        return "button"
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "heading"
    if tag == "img":
        return "presentation" if el.get("alt") == "" else "img"
    if tag == "textarea":
        return "textbox"
    if tag == "select":
        size = (el.get("size") or "").strip()
        return "listbox" if el.get("multiple") is not None or (size.isdigit() and int(size) > 1) else "combobox"
    if tag == "svg":
        return "graphics-document"
    if tag == "input":
        kind = _input_type(el)
        if kind in ("button", "submit", "reset", "image"):
            return "button"
        if kind in ("checkbox", "radio"):
            return kind
        if kind == "range":
            return "slider"
        if kind == "number":
            return "spinbutton"
        if kind == "search":
            return "combobox" if el.get("list") else "searchbox"
        if kind not in NO_ROLE_INPUTS:  # text, email, tel, url, password and unknown types are text fields
            return "combobox" if el.get("list") else "textbox"
    return ""


def _focusable(el: HtmlElement) -> bool:
    if el.get("tabindex") is not None or el.get("contenteditable") is not None:
        return True
    tag = el.tag
    if tag in ("a", "area"):
        return el.get("href") is not None
    if tag in ("button", "select", "textarea", "input"):
        return el.get("disabled") is None and _input_type(el) != "hidden"
    return tag in ("iframe", "summary")


def semantic_role(el: HtmlElement) -> str:
    """Explicit role if valid, else implicit; role none/presentation is ignored on focusable elements or
    elements with a global ARIA attribute (presentational roles conflict resolution)."""
    role = explicit_role(el)
    if role in PRESENTATIONAL and (_focusable(el) or any(a in GLOBAL_ARIA for a in el.attrib)):
        return implicit_role(el)
    return role or implicit_role(el)


def _node(tree: _Tree, el: HtmlElement, base_url: str) -> A11yNode | None:
    role = semantic_role(el)
    role_attr = el.get("role")
    kind = _input_type(el)
    if not (el.tag in ("img", "iframe") or kind == "image" or role in INTERESTING_ROLES
            or (role_attr is not None and role_attr.strip(_ASCII_SPACE))):
        return None
    hidden = tree.hidden.get(el, False)
    name, source = ("", "") if hidden else accessible_name(tree, el, role)  # no rule reads a hidden name
    return A11yNode(tag=el.tag, role=role, explicit_role=explicit_role(el), name=name, name_source=source,
                    hidden=hidden, path=tree.path(el), snippet=_snippet(el), role_attr=role_attr,
                    type=kind, tabindex=el.get("tabindex"),
                    href=_absolute(base_url, el.get("href")) if role in LINK_ROLES else None)


def _absolute(base_url: str, href: str | None) -> str | None:
    if not href:
        return None
    try:
        return urljoin(base_url, href.strip())
    except ValueError:  # malformed URLs such as "http://[" must not stop the gatherer
        return href.strip()


# ---------------------------------------------------------------------------------------------------
# Accessible name (accname 1.2, the parts static HTML decides)
# ---------------------------------------------------------------------------------------------------


def accessible_name(tree: _Tree, el: HtmlElement, role: str) -> tuple[str, str]:
    """The element's accessible name, whitespace-collapsed and trimmed, and where it came from."""
    name, source = _name(tree, el, role, visited=set(), labelledby=False, include_hidden=False, in_content=False)
    return _clean(name), source if _clean(name) else ""


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _name(tree: _Tree, el: HtmlElement, role: str, *, visited: set[HtmlElement], labelledby: bool, include_hidden: bool,
          in_content: bool) -> tuple[str, str]:
    if el in visited:
        return "", ""
    visited.add(el)
    if tree.hidden.get(el, False) and not include_hidden:
        return "", ""
    if not labelledby:
        refs = [tree.by_id[i] for i in (el.get("aria-labelledby") or "").split() if i in tree.by_id]
        if refs:
            parts = [_name(tree, ref, semantic_role(ref), visited=visited, labelledby=True,
                           include_hidden=include_hidden or tree.hidden.get(ref, False), in_content=False)[0]
                     for ref in refs]
            return " ".join(parts), "aria-labelledby"
    label = (el.get("aria-label") or "").strip(_ASCII_SPACE)
    if label:
        return label, "aria-label"
    if role not in PRESENTATIONAL:
        native, source = _native_name(tree, el, visited, include_hidden)
        if _clean(native):
            return native, source
    if role in NAME_FROM_CONTENT or labelledby or in_content:
        text = _content_name(tree, el, visited, include_hidden)
        if _clean(text):
            return text, "contents"
    title = el.get("title") or ""
    if _clean(title):
        return title, "title"
    if el.tag == "input" and _input_type(el) == "image":
        return IMAGE_BUTTON_DEFAULT, "default"
    return "", ""


def _native_name(tree: _Tree, el: HtmlElement, visited: set[HtmlElement], include_hidden: bool) -> tuple[str, str]:
    """Names HTML gives through attributes and associated elements (HTML-AAM), before content and title."""
    tag, kind = el.tag, _input_type(el)
    if tag in ("img", "area") or kind == "image":
        return el.get("alt") or "", "alt"
    if tag == "input" and kind in ("button", "submit", "reset"):
        value = el.get("value")
        if value is not None:
            return value, "value"
        return {"submit": "Submit", "reset": "Reset"}.get(kind, ""), "default"
    if tag in LABELABLE:
        labels = _labels(tree, el)
        if labels:
            text = " ".join(_content_name(tree, lab, visited, include_hidden, skip=el) for lab in labels)
            if _clean(text):
                return text, "label"
        if tag in ("input", "textarea") and not el.get("title", "").strip():
            return el.get("placeholder") or "", "placeholder"
    if tag == "svg":
        title = next((c for c in el if c.tag == "title"), None)
        if title is not None:
            return title.text_content(), "svg title"
    return "", ""


def _labels(tree: _Tree, el: HtmlElement) -> list[HtmlElement]:
    found = []
    el_id = el.get("id")
    if el_id and el_id in tree.labels and tree.by_id.get(el_id) is el:
        found.append(tree.labels[el_id])
    for ancestor in el.iterancestors("label"):
        if ancestor.get("for") is None and ancestor not in found and _first_labelable(ancestor) is el:
            found.append(ancestor)
        break
    return found


def _first_labelable(label: HtmlElement) -> HtmlElement | None:
    """A label without ``for`` labels its first labelable descendant only (HTML "labeled control")."""
    return next((d for d in label.iterdescendants(*LABELABLE) if _input_type(d) != "hidden"), None)


def _content_name(tree: _Tree, el: HtmlElement, visited: set[HtmlElement], include_hidden: bool,
                  skip: HtmlElement | None = None) -> str:
    """Text of the element's subtree as accname step 2F builds it: text nodes plus each child's own name."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child is not skip and child.tag not in NEVER_RENDERED:
            child_role = semantic_role(child)
            text, _ = _name(tree, child, child_role, visited=visited, labelledby=False,
                            include_hidden=include_hidden, in_content=True)
            parts.append(text if child.tag in INLINE_TAGS else f" {text} ")
        parts.append(child.tail or "")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------------
# Evidence
# ---------------------------------------------------------------------------------------------------


def _snippet(el: HtmlElement) -> str:
    try:
        html = lxml.html.tostring(el, encoding="unicode", with_tail=False)
    except (ValueError, TypeError):
        return f"<{el.tag}>"
    html = _SPACE.sub(" ", html).strip()
    return html if len(html) <= SNIPPET_CHARS else html[:SNIPPET_CHARS - 1] + "…"
