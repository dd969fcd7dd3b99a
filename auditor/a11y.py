"""Accessibility artefacts: what the static accessibility rules need, gathered once from the parsed page.

This is the gatherer half of Lighthouse's gatherer/audit split: ``gather`` walks the one lxml tree that
:func:`auditor.page.parse_page` built (before the text extraction mutates it) and keeps, per element of
interest, its semantic role, accessible name and whether it is hidden from the accessibility tree. The
audits in ``checks/accessibility.py`` then decide W3C ACT rules from these rows alone.

The artefacts are stored with every page, so they stay small: a node keeps its evidence (CSS path and
markup snippet) only when a rule can fail it (:func:`needs_evidence`), and rows are stored as short lists.

Only what HTML itself says is known here: inline ``style`` attributes count, style sheets and scripts do
not, so an element hidden by a CSS class still counts as shown. The role and name logic follows
HTML-AAM, WAI-ARIA 1.2 (presentational-role conflict resolution) and accname 1.2, reduced to the parts a
static parse can decide.
"""

from __future__ import annotations

import itertools
import re
import sys
from dataclasses import asdict, dataclass, field, fields, replace
from functools import lru_cache
from typing import Any

import lxml.etree
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
#: Elements that may become a node without a role attribute: those with a rule-relevant implicit role, img and
#: iframe. Any other element needs a non-blank role attribute, so most of the tree is skipped on one lookup.
CANDIDATE_TAGS = frozenset({"a", "area", "button", "h1", "h2", "h3", "h4", "h5", "h6", "img", "iframe", "input",
                            "select", "textarea"})
IMAGE_BUTTON_DEFAULT = "Submit Query"
SNIPPET_CHARS = 160
_ASCII_SPACE = " \t\n\f\r"
_STYLE_DECL = re.compile(r"(?:^|;)\s*(display|visibility)\s*:\s*([a-z-]+)", re.I)

#: The elements that can hide themselves or their content: by tag (HIDING_TAGS), by the hidden or aria-hidden
#: attribute, or by an inline style. Tags are selected with ``iter``, attributes with XPath selecting the
#: attribute's element (``//@style/..``): both run in C, where an XPath testing every element (``//*[@style]``,
#: ``self::a or self::area…``) is several times slower.
HIDING_TAGS = NEVER_RENDERED | {"input", "details"}
_HIDING_ATTRS = [lxml.etree.XPath(f"//@{name}/..") for name in ("style", "hidden", "aria-hidden")]
_WITH_ROLE = lxml.etree.XPath("//@role/..")
_WITH_ID = lxml.etree.XPath("//@id/..")
_LABELS_FOR = lxml.etree.XPath("//label/@for/..")
_TITLES = lxml.etree.XPath("//title[not(ancestor::svg)]")


@dataclass(frozen=True, slots=True)
class A11yNode:
    """One element a rule looks at. ``hidden`` means not included in the accessibility tree; the name of a
    hidden element is left empty, since no rule applies to it. ``path`` and ``snippet`` are the evidence,
    kept only when :func:`needs_evidence` says a rule can fail the node. Fields are ordered so that the
    ones usually at their default come last: a stored row drops its default tail. Frozen, so that pages
    loaded from the store can share one node per distinct row."""

    tag: str
    role: str
    name: str = ""
    name_source: str = ""
    explicit_role: str = ""
    type: str = ""
    tabindex: str | None = None
    role_attr: str | None = None
    hidden: bool = False
    path: str = ""
    snippet: str = ""

    def to_row(self) -> list[Any]:
        """The stored form: the field values in order, without the tail of values at their default."""
        row = [getattr(self, name) for name in _NODE_FIELDS]
        while len(row) > 2 and row[-1] == _NODE_DEFAULTS[len(row) - 1]:
            row.pop()
        return row

    @staticmethod
    def from_row(row: list[Any] | dict[str, Any]) -> A11yNode:
        """A stored row as a node. Dict rows are the earlier stored form (with an ``href`` no rule read)."""
        if isinstance(row, dict):
            row = [row.get(name, default) for name, default in zip(_NODE_FIELDS, _NODE_DEFAULTS, strict=True)]
        return _shared_node(tuple(row))


_NODE_FIELDS = tuple(f.name for f in fields(A11yNode))
_NODE_DEFAULTS = tuple(None if f.name in ("tag", "role") else f.default for f in fields(A11yNode))
_INTERNED_FIELDS = 6  # tag, role, name, name_source, explicit_role, type: strings that repeat across rows


@lru_cache(maxsize=1 << 16)
def _shared_node(row: tuple[Any, ...]) -> A11yNode:
    """One node for each distinct stored row. A site's navigation and footer repeat on every page and
    named nodes carry no evidence, so most rows of a page are rows of other pages too: the pages loaded
    from the store share those nodes instead of holding a copy each."""
    return A11yNode(*(sys.intern(value) if i < _INTERNED_FIELDS else value for i, value in enumerate(row)))


@dataclass(slots=True)
class MetaRow:
    path: str
    content: str | None
    snippet: str


@dataclass(slots=True)
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

    def to_dict(self) -> dict[str, Any]:
        return {"gathered": self.gathered, "content_type": self.content_type, "html_lang": self.html_lang,
                "html_xml_lang": self.html_xml_lang, "title": self.title,
                "nodes": [node.to_row() for node in self.nodes],
                "viewports": [asdict(m) for m in self.viewports], "refreshes": [asdict(m) for m in self.refreshes],
                "id_count": self.id_count, "duplicate_ids": [asdict(d) for d in self.duplicate_ids]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> A11yArtefacts:
        data = {k: v for k, v in data.items() if k in {f.name for f in fields(cls)}}
        data["nodes"] = [A11yNode.from_row(n) for n in data.get("nodes", [])]
        data["viewports"] = [MetaRow(**m) for m in data.get("viewports", [])]
        data["refreshes"] = [MetaRow(**m) for m in data.get("refreshes", [])]
        data["duplicate_ids"] = [DuplicateId(**d) for d in data.get("duplicate_ids", [])]
        return cls(**data)


def gather(root: HtmlElement, content_type: str = "text/html") -> A11yArtefacts:
    """Compute the accessibility artefacts of one parsed page. ``content_type`` lets rules that only
    apply to text/html documents say so."""
    tree = _Tree(root)
    out = A11yArtefacts(gathered=True, content_type=content_type.split(";", 1)[0].strip().lower() or "text/html")
    out.html_lang = root.get("lang") if root.tag == "html" else None
    out.html_xml_lang = root.get("xml:lang", root.get("{http://www.w3.org/XML/1998/namespace}lang"))
    if tree.title is not None:
        out.title = "".join(t for t in tree.title.itertext())
    for el in tree.metas:
        _meta(tree, el, out)
    for el in tree.candidates:
        node = _node(tree, el)
        if node is not None:
            out.nodes.append(node)
    out.id_count = sum(len(els) for els in tree.ids.values())
    out.duplicate_ids = [DuplicateId(id=key, count=len(els), paths=[tree.path(e) for e in els[:5]])
                         for key, els in tree.ids.items() if len(els) > 1]
    return out


def _meta(tree: _Tree, el: HtmlElement, out: A11yArtefacts) -> None:
    name = (el.get("name") or "").strip().lower()
    equiv = (el.get("http-equiv") or "").strip().lower()
    if name == "viewport":
        out.viewports.append(MetaRow(path=tree.path(el), content=el.get("content"), snippet=_snippet(el)))
    if equiv == "refresh":
        out.refreshes.append(MetaRow(path=tree.path(el), content=el.get("content"), snippet=_snippet(el)))


class _Tree:
    """The document tree walked once in order, keeping what the artefacts read: each element's hidden
    state, worked out top-down (each element starts from its parent's state; lxml's document-order
    iteration visits parents first), the elements by id, the first label for each id, the document title,
    the meta elements and the elements that may become a node (``candidates``), in document order.

    Elements inside <template> are not part of the document tree and are left out altogether.
    """

    def __init__(self, root: HtmlElement) -> None:
        self.hidden: set[HtmlElement] = set()  # the elements not in the accessibility tree
        self.ids: dict[str, list[HtmlElement]] = {}  # every element with a non-empty id, by id
        self.labels: dict[str, HtmlElement] = {}
        self.title: HtmlElement | None = None  # the first <title> outside an <svg>
        self.metas: list[HtmlElement] = []
        self.candidates: list[HtmlElement] = []
        if not self._select(root):
            self._walk(root)

    def _select(self, root: HtmlElement) -> bool:
        """Fill the tree from XPath selections, evaluated in C, instead of a Python step per element: the
        same elements in the same (document) order. Only the elements that can hide something are looked
        at one by one. A page with a <template> or an inline ``visibility`` (which descendants can undo) is
        left to :meth:`_walk` (False)."""
        if root.getparent() is not None:
            return False
        hiding = []
        for el in itertools.chain(root.iter(*HIDING_TAGS), *(select(root) for select in _HIDING_ATTRS)):  # any order
            style = _style(el) if el.get("style") else None
            if el.tag == "template" or (style and "visibility" in style):
                return False
            hiding.append((el, style))
        for el, style in hiding:  # a union of subtrees, whatever order they come in
            if _removed(el, style):
                self.hidden.update(el.iter(lxml.etree.Element))
            elif el.tag == "details" and el.get("open") is None:
                summary = el.find("summary")
                for child in el.iterchildren(lxml.etree.Element):
                    if child is not summary:
                        self.hidden.update(child.iter(lxml.etree.Element))
        for el in _WITH_ID(root):
            self._index_id(el)
        for el in _LABELS_FOR(root):
            label_for = el.get("for")
            if label_for and label_for not in self.labels:
                self.labels[label_for] = el
        self.metas = list(root.iter("meta"))
        self.title = next(iter(_TITLES(root)), None)
        if all(el.tag in CANDIDATE_TAGS for el in _WITH_ROLE(root)):
            self.candidates = list(root.iter(*CANDIDATE_TAGS))
        else:  # a role on another element: it takes its place among them in document order
            self.candidates = [el for el in root.iter(*CANDIDATE_TAGS, *_roled_tags(root))
                               if el.tag in CANDIDATE_TAGS or el.get("role") is not None]
        return True

    def _index_id(self, el: HtmlElement) -> None:
        """List ``el`` under its id: duplicate ids are kept, since rules report them."""
        el_id = el.get("id")
        if el_id:
            same = self.ids.get(el_id)
            if same is None:
                self.ids[el_id] = [el]
            else:
                same.append(el)

    def _walk(self, root: HtmlElement) -> None:
        """Fill the tree in one walk over every element, working out hidden state top-down."""
        #: per walked element: (gone, invisible, inside svg, for a closed <details> its summary else False)
        #: as its children inherit them; None for a <template>, whose content is skipped
        state: dict[HtmlElement, tuple[bool, bool, bool, HtmlElement | bool | None] | None] = {}
        for el in root.iter(lxml.etree.Element):  # elements only, no comments
            parent = el.getparent()
            if parent is None:
                gone = invisible = in_svg = False
            else:
                inherited = state.get(parent)
                if inherited is None:  # inside a template
                    continue
                gone, invisible, in_svg, summary = inherited
                gone = gone or (summary is not False and el is not summary)
            tag = el.tag
            style = _style(el) if el.get("style") else None  # few elements have one
            gone = gone or _removed(el, style)
            visibility = style and style.get("visibility")
            if visibility:
                invisible = visibility in ("hidden", "collapse")
            if gone or invisible:
                self.hidden.add(el)
            self._index_id(el)
            if tag in CANDIDATE_TAGS or el.get("role") is not None:
                self.candidates.append(el)
            if tag == "label":
                label_for = el.get("for")
                if label_for and label_for not in self.labels:
                    self.labels[label_for] = el
            elif tag == "meta":
                self.metas.append(el)
            elif tag == "title" and self.title is None and not in_svg:
                self.title = el
            closed = tag == "details" and el.get("open") is None
            state[el] = None if tag == "template" else (gone, invisible, in_svg or tag == "svg",
                                                        el.find("summary") if closed else False)

    def by_id(self, el_id: str) -> HtmlElement | None:
        """The first element with this id, as the DOM's getElementById finds it."""
        same = self.ids.get(el_id)
        return same[0] if same is not None else None

    def path(self, el: HtmlElement) -> str:
        """A short CSS-ish path: up to four steps, stopping at the nearest ancestor with an id."""
        steps: list[str] = []
        current: HtmlElement | None = el
        while current is not None and isinstance(current.tag, str) and len(steps) < 4:
            el_id = current.get("id")
            if el_id and " " not in el_id:
                steps.append(f"{current.tag}#{el_id}")
                break
            steps.append(current.tag + _nth_of_type(current))
            if current.tag in ("body", "head", "html"):
                break
            current = current.getparent()
        return " > ".join(reversed(steps))


def _roled_tags(root: HtmlElement) -> set[str]:
    """The tags of the elements with a role attribute."""
    return {el.tag for el in _WITH_ROLE(root)}


def _nth_of_type(el: HtmlElement) -> str:
    """``:nth-of-type(k)`` when the element shares its tag with a sibling, else '' (for evidence paths)."""
    parent = el.getparent()
    if parent is None:
        return ""
    same = [child for child in parent if child.tag == el.tag]
    return f":nth-of-type({same.index(el) + 1})" if len(same) > 1 else ""


def _style(el: HtmlElement) -> dict[str, str]:
    style = el.get("style")
    if not style:
        return {}
    return {m.group(1).lower(): m.group(2).lower() for m in _STYLE_DECL.finditer(style)}


def _removed(el: HtmlElement, style: dict[str, str] | None) -> bool:
    """Out of the accessibility tree for the element and all its descendants: display none (``style`` is
    the element's :func:`_style`, None without a style attribute), the hidden attribute, aria-hidden="true",
    or an element browsers never render."""
    tag = el.tag
    if tag in NEVER_RENDERED or el.get("hidden") is not None:
        return True
    aria_hidden = el.get("aria-hidden")
    if aria_hidden and aria_hidden.strip().lower() == "true":
        return True
    if tag == "input" and (el.get("type") or "").strip().lower() == "hidden":
        return True
    return style is not None and style.get("display") == "none"


def _input_type(el: HtmlElement) -> str:
    return (el.get("type") or "").strip().lower() if el.tag == "input" else ""


def explicit_role(el: HtmlElement) -> str:
    """The first recognised token of the role attribute (WAI-ARIA fallback roles), or ''."""
    role = el.get("role")
    if not role:  # most elements: skip building the token list
        return ""
    return next((tok for tok in role.lower().split() if tok in ARIA_ROLES), "")


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


def semantic_role(el: HtmlElement, explicit: str | None = None) -> str:
    """Explicit role if valid, else implicit; role none/presentation is ignored on focusable elements or
    elements with a global ARIA attribute (presentational roles conflict resolution). ``explicit`` is the
    element's :func:`explicit_role` when the caller has it already."""
    role = explicit_role(el) if explicit is None else explicit
    if role in PRESENTATIONAL and (_focusable(el) or any(a in GLOBAL_ARIA for a in el.attrib)):
        return implicit_role(el)
    return role or implicit_role(el)


#: Nodes of leaf elements by (tag, attributes, text, hidden), a process's pages over: see :func:`_node`.
_LEAF_NODES: dict[tuple[Any, ...], A11yNode | None] = {}
_LEAF_NODES_MAX = 1 << 13  # a site's repeated elements are a few hundred; a few MB at most


def _node(tree: _Tree, el: HtmlElement) -> A11yNode | None:
    """The element's node, or None when no rule looks at it. An element without child nodes, whose name
    comes neither from a label (a labelable element) nor from other elements (aria-labelledby), has a node
    that follows from its tag, attributes, text and hidden state alone; a site repeats such elements (its
    navigation and footer links) on every page, so their nodes are remembered, bar the evidence's place."""
    if len(el) or el.tag in LABELABLE:
        return _new_node(tree, el)
    attrib = el.attrib
    if "aria-labelledby" in attrib:
        return _new_node(tree, el)
    key = (el.tag, tuple(attrib.items()), el.text, el in tree.hidden)
    node = _LEAF_NODES.get(key, _NOT_KNOWN)
    if node is _NOT_KNOWN:
        node = _new_node(tree, el, evidence=False)
        if len(_LEAF_NODES) >= _LEAF_NODES_MAX:
            _LEAF_NODES.clear()
        _LEAF_NODES[key] = node
    if node is not None and needs_evidence(node):
        return replace(node, path=tree.path(el), snippet=_snippet(el))
    return node


_NOT_KNOWN = A11yNode(tag="", role="")


def _new_node(tree: _Tree, el: HtmlElement, evidence: bool = True) -> A11yNode | None:
    explicit = explicit_role(el)
    role = semantic_role(el, explicit)
    role_attr = el.get("role")
    kind = _input_type(el)
    if not (el.tag in ("img", "iframe") or kind == "image" or role in INTERESTING_ROLES
            or (role_attr is not None and role_attr.strip(_ASCII_SPACE))):
        return None
    hidden = el in tree.hidden
    name, source = ("", "") if hidden else accessible_name(tree, el, role)  # no rule reads a hidden name
    node = A11yNode(tag=el.tag, role=role, name=name, name_source=source, explicit_role=explicit, type=kind,
                    tabindex=el.get("tabindex"), role_attr=role_attr, hidden=hidden)
    if evidence and needs_evidence(node):
        return replace(node, path=tree.path(el), snippet=_snippet(el))
    return node


def needs_evidence(node: A11yNode) -> bool:
    """Whether a rule can fail the node, so it must keep its path and snippet: a shown node without a name,
    with the browser's default name, or with a role attribute naming no WAI-ARIA role. The node rules in
    checks/accessibility.py fail nothing else; most nodes pass them all, and their evidence was a third of
    a stored page."""
    if node.hidden:
        return False
    invalid_role = bool(node.role_attr and node.role_attr.strip(_ASCII_SPACE)) and not node.explicit_role
    return not node.name or node.name_source == "default" or invalid_role


# ---------------------------------------------------------------------------------------------------
# Accessible name (accname 1.2, the parts static HTML decides)
# ---------------------------------------------------------------------------------------------------


def accessible_name(tree: _Tree, el: HtmlElement, role: str) -> tuple[str, str]:
    """The element's accessible name, whitespace-collapsed and trimmed, and where it came from."""
    name, source = _name(tree, el, role, visited=set(), labelledby=False, include_hidden=False, in_content=False)
    name = _clean(name)
    return name, source if name else ""


def _clean(text: str) -> str:
    return " ".join(text.split())  # as a \s+ to " " substitution and strip would, several times faster


def _has_text(text: str) -> bool:
    """``bool(_clean(text))`` without building the cleaned string: ``\\s`` and str.isspace agree on whitespace."""
    return bool(text) and not text.isspace()


def _name(tree: _Tree, el: HtmlElement, role: str, *, visited: set[HtmlElement], labelledby: bool, include_hidden: bool,
          in_content: bool) -> tuple[str, str]:
    if el in visited:
        return "", ""
    visited.add(el)
    if el in tree.hidden and not include_hidden:
        return "", ""
    ids = None if labelledby else el.get("aria-labelledby")
    if ids:
        refs = [ref for i in ids.split() if (ref := tree.by_id(i)) is not None]
        if refs:
            parts = [_name(tree, ref, semantic_role(ref), visited=visited, labelledby=True,
                           include_hidden=include_hidden or ref in tree.hidden, in_content=False)[0]
                     for ref in refs]
            return " ".join(parts), "aria-labelledby"
    label = (el.get("aria-label") or "").strip(_ASCII_SPACE)
    if label:
        return label, "aria-label"
    if role not in PRESENTATIONAL:
        native, source = _native_name(tree, el, visited, include_hidden)
        if _has_text(native):
            return native, source
    if role in NAME_FROM_CONTENT or labelledby or in_content:
        text = _content_name(tree, el, visited, include_hidden)
        if _has_text(text):
            return text, "contents"
    title = el.get("title") or ""
    if _has_text(title):
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
            if _has_text(text):
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
    if el_id and el_id in tree.labels and tree.by_id(el_id) is el:
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
    html = _clean(html)
    return html if len(html) <= SNIPPET_CHARS else html[:SNIPPET_CHARS - 1] + "…"
