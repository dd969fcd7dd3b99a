"""The page model: each crawled HTML page parsed exactly once into a typed, serialisable object.

Checks read only this model (never HTML), so everything a check needs from the DOM is gathered here:
headings, links with the page region they sit in, forms, scripts, structured data, questions and
answers, and the main text with navigation and footer chrome removed (DESIGN §4).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from auditor.a11y import A11yArtefacts, gather
from auditor.crawl.record import FetchRecord
from auditor.touchpoints import classify

#: Regions a link or text can sit in; used for "help link in header or footer" style rules.
REGION_TAGS = {"header": "header", "nav": "nav", "footer": "footer", "main": "main", "aside": "aside"}
REGION_ROLES = {"banner": "header", "navigation": "nav", "contentinfo": "footer", "main": "main"}
LINK_SCHEMES = ("http://", "https://", "tel:", "mailto:", "sms:")
SCRIPT_EXCERPT_CHARS = 4000
MAX_TEXT_CHARS = 400_000
_CHARSET_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Characters lxml refuses in text (C0 controls but tab/newline/CR): one in a dropped tag's tail would raise.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The same characters one by one: ``in`` finds a character in a page ~30x faster than the regex scans it, and
#: nearly every page has none of them.
_XML_INVALID_CHARS = tuple(chr(c) for c in (*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0xfffe, 0xffff))
#: All text of a subtree as one string (lxml.html's text_content is this XPath with smart strings on).
_STRING = lxml.etree.XPath("string()", smart_strings=False)
#: Nodes whose own text is not a text node of the tree (comment and instruction content, entity names).
_NON_TEXT_NODES = (lxml.etree.Comment, lxml.etree.ProcessingInstruction, lxml.etree.Entity)
#: Elements a link can take its region from (REGION_TAGS, or any element with a role: see REGION_ROLES).
#: Elements with an attribute are selected as the attribute's parent (``//@role/..``): libxml2 then tests no element
#: that lacks the attribute, and ``//*[@role]`` tests all of them (several times slower, the same elements).
_REGION_CONTAINERS = lxml.etree.XPath("//header | //nav | //footer | //main | //aside | //@role/..")
_ROLE_ELEMENTS = lxml.etree.XPath("//@role/..")
_WITH_ID = lxml.etree.XPath("//@id/..")
#: Class words of an accordion item's header as CMS and front-end kits write them ("accordion-header",
#: "accordion__trigger", "faq-item__question", "toggle-title", "collapsible__title", "et_pb_toggle_title").
_TOGGLE_CLASS = re.compile(
    r"(?:accordion|faq|toggle|collaps|disclosure|expand)[\w-]*?(?:header|heading|title|trigger|toggle|button|btn|"
    r"question|head|label|summary)(?![a-z])|(?<![\w-])question(?![\w-])")
#: Labels of interface controls, not topics: "Show more", "Menu", "Close" and their kin in the languages the
#: intent taxonomies read. A toggle so labelled is never a question, whatever it opens.
_CONTROL_LABEL = re.compile(
    r"(?:show|read|see|view|load)(?: (?:more|less|all))?(?: details)?|more|less|details|"
    r"more (?:details|info(?:rmation)?)|"
    r"(?:main )?menu|close|open|(?:expand|collapse)(?: all)?|toggle(?: \w+)?|navigation|search|filters?|sort(?: by)?|"
    r"options|settings|(?:cookie|privacy) settings|manage cookies|(?:accept|reject)(?: all)?(?: cookies)?|"
    r"(?:select )?languages?|(?:my )?account|cart|basket|share|back|next|previous|"
    r"mehr(?: anzeigen| lesen| erfahren)?|weniger(?: anzeigen)?|weiterlesen|alle anzeigen|menü|schließen|öffnen|"
    r"plus|moins|voir (?:plus|moins|tout)|lire la suite|en savoir plus|fermer|ouvrir|"
    r"más|menos|ver (?:más|menos|todo)|leer más|mostrar más|cerrar|abrir|"
    r"altro|mostra (?:di )?(?:più|meno)|leggi (?:di )?più|chiudi|apri|"
    r"meer|minder|(?:lees|toon|bekijk) meer|sluiten|openen|"
    r"mais|(?:ver|ler|mostrar) mais|fechar|"
    r"(?:visa|läs|vis|les|læs) (?:mer|mere|mindre)|stäng|luk|lukk|"
    r"(?:näytä|lue) lisää|lisää|sulje|(?:pokaż|czytaj) więcej|więcej|zamknij")
#: Page chrome and overlays: a disclosure in one is a menu, a banner or a consent dialog, not an FAQ item.
_CHROME_TAGS = frozenset({"header", "nav", "footer", "dialog"})
_CHROME_ROLES = frozenset({"banner", "navigation", "contentinfo", "dialog", "alertdialog", "menu", "menubar",
                           "tablist", "listbox", "tree"})
_CONSENT_MARK = re.compile(r"cookie|consent|gdpr|onetrust|cookiebot|usercentrics")
#: Roles of widgets that open things without being an item's header (tabs, menus, pickers, switches).
_WIDGET_ROLES = frozenset({"tab", "menuitem", "combobox", "option", "switch", "checkbox", "radio", "treeitem"})
#: Headings that name a page section of frequently asked questions, in the taxonomies' languages.
_FAQ_HEADING = re.compile(
    r"\bfaqs?\b|frequently asked|common questions|questions (?:and|&) answers|\bq ?& ?a\b|"
    r"häufig(?:e| gestellte) fragen|questions fréquentes|foire aux questions|preguntas frecuentes|domande frequenti|"
    r"veel ?gestelde vragen|perguntas frequentes|vanliga frågor|ofte stilte spørsmål|ofte stillede spørgsmål|"
    r"usein kysyt|"
    r"(?:najczęściej|często) zadawane pytania", re.I)
#: A topic-worded toggle opens an answer: a few words of prose (not a list of links), not the rest of the page.
MIN_ANSWER_WORDS = 3
MAX_ANSWER_CHARS = 4000
MAX_TOPIC_WORDS = 15
#: Toggles of one accordion: this many sharing an ancestor at most ACCORDION_LEVELS above them.
ACCORDION_GROUP = 3
ACCORDION_LEVELS = 4
#: Class/id words marking a question in script-driven FAQ accordions built from plain elements.
_ACCORDION_MARK = re.compile(r"(faq|question|accordion|toggle|collaps|expand)", re.I)
_ACCORDION_MARK_LOWER = re.compile(r"faq|question|accordion|toggle|collaps|expand")  # 5x faster than re.I
#: Accordion toggle texts worded as a question or a help task though written without "?".
_QUESTION_WORDING = re.compile(
    r"(?:how|what|can|could|do|does|did|where|when|why|is|are|will|which|who|should|may|have|has|am)\s+\w+.*\w|"
    r"(?:track|return|cancel|change|reset|contact|find out|get|make|pay|report|claim|book|check|update|delete|"
    r"close|manage|request|apply for|use|set up|unsubscribe from)\s+(?:a|an|my|your|the|our|for|to|from)\s+\w+.*",
    re.I)
#: Elements HTML renders as blocks (and line breaks): a word boundary wherever one starts or ends, so a card
#: link ``<a><h3>Check in online</h3><p>From 24 hours…</p></a>`` reads "Check in online From 24 hours…" as a
#: browser shows it. Inline elements (span, b, a…) join their neighbours, as "<b>Con</b>tact" does on screen.
_BLOCK_TAGS = ("address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl",
               "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
               "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "search",
               "section", "summary", "table", "td", "th", "tr", "ul")
_BLOCKS = frozenset(_BLOCK_TAGS)
_VOID_TAGS = frozenset({"br", "hr"})
_DROP_TAGS = ("script", "style", "noscript", "template", "svg")
_SEPARATED_TAGS = ("p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "a", "button",
                   "label", "option", "dt", "dd", "section", "article", "header", "footer", "nav", "span", "address")
logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs every short page it declines at WARNING
#: lxml.html's parser picks each element's Python class in a Python callback (FormElement for <form>…), run
#: whenever an element is touched afresh: a fifth of the parse. Nothing here or in the libraries we hand the
#: tree to uses those form classes, so every element is a plain HtmlElement, chosen in C.
_PARSER = lxml.html.HTMLParser()
_PARSER.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))


@dataclass(slots=True)
class Heading:
    level: int
    text: str


@dataclass(slots=True)
class Link:
    """A link as a customer sees it. ``url`` is absolute and fragment-free for http(s) links."""

    url: str
    text: str
    region: str = "body"
    rel: str = ""


@dataclass(slots=True)
class FormField:
    tag: str
    type: str
    name: str
    label: str


@dataclass(slots=True)
class Form:
    action: str
    method: str
    role: str
    fields: list[FormField] = field(default_factory=list)
    text: str = ""

    @property
    def is_search(self) -> bool:
        if self.role == "search" or any(f.type == "search" for f in self.fields):
            return True
        names = " ".join(f.name.lower() for f in self.fields)
        return bool(re.search(r"\b(q|query|search|s)\b", names)) and len(self.fields) <= 3


@dataclass(slots=True)
class Script:
    src: str | None
    excerpt: str = ""


@dataclass(slots=True)
class Question:
    """A question the page answers: from FAQPage data, <details>, <dt> or a heading ending in '?'."""

    text: str
    answer: str
    source: str


@dataclass(slots=True)
class Image:
    src: str
    alt: str | None


@dataclass
class Page:
    url: str
    status: int
    depth: int = 0
    title: str = ""
    lang: str = ""
    meta_description: str = ""
    noindex: bool = False
    canonical: str = ""
    viewport: str | None = None
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    iframes: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    #: Search boxes outside any search form: a bare <input type=search> or a non-form role=search element
    #: (script-driven search), described as "input type=search name=q" / "role=search".
    search_inputs: list[str] = field(default_factory=list)
    structured_data: list[dict[str, Any]] = field(default_factory=list)
    structured_data_errors: list[str] = field(default_factory=list)
    main_text: str = ""
    main_text_method: str = ""
    body_text: str = ""
    region_text: dict[str, str] = field(default_factory=dict)
    touchpoint: str = "other"
    parse_error: str | None = None
    #: Accessibility artefacts (roles, accessible names, hidden state) for the static ACT rules.
    a11y: A11yArtefacts = field(default_factory=A11yArtefacts)

    @property
    def words(self) -> int:
        return len(self.main_text.split())

    @property
    def h1(self) -> str:
        return next((h.text for h in self.headings if h.level == 1), "")

    def http_links(self) -> list[Link]:
        return [link for link in self.links if link.url.startswith(("http://", "https://"))]

    def links_with_scheme(self, scheme: str) -> list[Link]:
        return [link for link in self.links if link.url.lower().startswith(scheme + ":")]

    def structured_types(self) -> set[str]:
        """All schema.org @type values found anywhere in the page's structured data."""
        found: set[str] = set()
        for item in self.structured_data:
            _collect_types(item, found)
        return found

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the page store; the accessibility artefacts in their compact stored form."""
        data = {name: _plain(getattr(self, name)) for name in _field_names(Page) if name != "a11y"}
        data["a11y"] = self.a11y.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Page:
        """The page as stored. Headings, links and scripts largely repeat from page to page (the site's
        navigation, footer and tag snippets), so their strings are interned: a site's pages hold them once."""
        data = dict(data)
        data["headings"] = [_interned(Heading(**h), "text") for h in data.get("headings", [])]
        data["links"] = [_interned(Link(**x), "url", "text", "region", "rel") for x in data.get("links", [])]
        data["forms"] = [
            Form(**{**f, "fields": [FormField(**ff) for ff in f.get("fields", [])]})
            for f in data.get("forms", [])
        ]
        data["scripts"] = [_interned(Script(**s), "src", "excerpt") for s in data.get("scripts", [])]
        data["images"] = [Image(**i) for i in data.get("images", [])]
        data["questions"] = [Question(**q) for q in data.get("questions", [])]
        data["a11y"] = A11yArtefacts.from_dict(data.get("a11y") or {})
        return cls(**data)



def _interned(obj: Any, *names: str) -> Any:
    for name in names:
        value = getattr(obj, name)
        if isinstance(value, str):
            setattr(obj, name, sys.intern(value))
    return obj


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` gives for a page model value, without its deep copy of every leaf (the page
    model's leaves are strings, numbers and None, and it took a third of a stored parse's time)."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if is_dataclass(value):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    return value


def _collect_types(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        kind = node.get("@type") or node.get("type")
        for value in kind if isinstance(kind, list) else [kind]:
            if isinstance(value, str) and value:
                found.add(value.rsplit("/", 1)[-1])
        for value in node.values():
            _collect_types(value, found)
    elif isinstance(node, list):
        for value in node:
            _collect_types(value, found)


def decode_html(body: bytes, header_charset: str | None) -> str:
    """Decode with the HTTP charset, else the <meta> charset, else UTF-8; never raise."""
    candidates = [header_charset]
    match = _CHARSET_META.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for charset in candidates:
        if not charset:
            continue
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def clean_text(text: str) -> str:
    """Whitespace runs collapsed to one space, ends trimmed. str.split() splits on exactly the characters
    regex ``\\s`` matches, and is several times faster than a regex substitution."""
    return " ".join(text.split())


def parse_page(record: FetchRecord) -> Page:
    """Build the page model from a fetched HTML response. Malformed markup never raises."""
    page = Page(url=record.final_url or record.url, status=record.status, depth=record.depth)
    root, page.parse_error = _document(record)
    if root is None:
        return page
    _scrub_controls(root)
    _fill_head(page, root, record)
    _fill_structured_data(page, root)  # microdata values as written, before _text spaces blocks
    page.a11y = gather(root, record.content_type)  # before _text spaces blocks and _fill_text mutates the tree
    _fill_structure(page, root)
    _fill_questions(page, root)
    _fill_text(page, root)
    return page


def _has_invalid(text: str) -> bool:
    return any(char in text for char in _XML_INVALID_CHARS)


def _scrub_controls(root: HtmlElement) -> None:
    """Remove control characters libxml2 can leave in the tree from malformed markup: lxml refuses to
    write them back, so a later edit (dropping a script, spacing a tail) would raise (found by fuzzing).
    Every text and tail in the tree is a text node of the root's string value, or the content of a comment,
    instruction or entity, or the root's tail: when none holds one (nearly always), no element is visited."""
    if not (_has_invalid(_STRING(root)) or _has_invalid(root.tail or "")
            or any(_has_invalid(node.text or "") or _has_invalid(node.tail or "")
                   for node in root.iter(*_NON_TEXT_NODES))):
        return
    for el in root.iter():
        if el.text and _XML_INVALID.search(el.text):
            el.text = _XML_INVALID.sub("", el.text)
        if el.tail and _XML_INVALID.search(el.tail):
            el.tail = _XML_INVALID.sub("", el.tail)


#: Cloudflare's e-mail obfuscation: the address hex-encoded after a one-byte XOR key, in a data-cfemail
#: attribute or after the # of a /cdn-cgi/l/email-protection link. Its script decodes it in the browser.
_CF_PROTECTION = "/cdn-cgi/l/email-protection"
_CF_PROTECTED = lxml.etree.XPath(f"boolean(//@data-cfemail | //a/@href[contains(., '{_CF_PROTECTION}#')])")


def _cf_decode(encoded: str) -> str | None:
    try:
        data = bytes.fromhex(encoded.strip())
    except ValueError:
        return None
    if len(data) < 2:
        return None
    address = bytes(b ^ data[0] for b in data[1:]).decode("utf-8", "replace")
    return address if "@" in address and not _XML_INVALID.search(address) else None  # lxml refuses controls


def _decode_cloudflare_emails(root: HtmlElement) -> None:
    """Show Cloudflare-protected addresses as the browser does once Cloudflare's script has run: the
    text reads the address and the link becomes a mailto: link."""
    if not _CF_PROTECTED(root):
        return  # the common case, found in one pass over the tree instead of two
    for el in root.xpath("//*[@data-cfemail]"):
        address = _cf_decode(el.get("data-cfemail") or "")
        if address:
            for child in list(el):
                el.remove(child)
            el.text = address
            if el.tag == "a" and _CF_PROTECTION in (el.get("href") or ""):
                el.set("href", f"mailto:{address}")
    for el in root.xpath(f"//a[contains(@href, '{_CF_PROTECTION}#')]"):
        address = _cf_decode((el.get("href") or "").rsplit("#", 1)[1])
        if address:
            el.set("href", f"mailto:{address}")


def _base_url(root: HtmlElement, page_url: str) -> str:
    base = root.find(".//base[@href]")
    if base is not None:
        href = base.get("href", "").strip()
        if href.startswith(("http://", "https://", "/")):
            return _resolve(page_url, href) or page_url
    return page_url


def _resolve(base: str, href: str) -> str | None:
    """``href`` made absolute, or None for a URL Python cannot parse (``http://[`` raises in urljoin)."""
    if href.startswith("/"):
        origin = _origin(base)
        if origin:
            return _join(origin, href)
    return _join(base, href)


@lru_cache(maxsize=1024)
def _origin(base: str) -> str:
    """``scheme://host/`` of ``base``, or '' when that would not parse back to the same scheme and host.
    urljoin reads only those two parts of the base for a root-relative href, so resolving one against the
    origin gives the same URL; and the origin is the same on every page of a site, whose shared navigation
    is most of its links, so :func:`_join` answers them from its cache."""
    try:
        parts = urlsplit(base)
        origin = f"{parts.scheme}://{parts.netloc}/"
        again = urlsplit(origin)
    except ValueError:
        return ""
    return origin if parts.netloc and (again.scheme, again.netloc) == (parts.scheme, parts.netloc) else ""


@lru_cache(maxsize=16384)
def _join(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def _text(el: HtmlElement) -> str:
    """The element's text content, whitespace-collapsed, words broken where blocks begin and end (see
    _BLOCK_TAGS). Most elements read (links, headings, labels) have no child node: their content is their
    text, read without evaluating an XPath; the few with children are looked through for blocks."""
    try:
        if len(el) == 0:
            return clean_text(el.text or "")
        blocks = [child for child in el.iterdescendants() if child.tag in _BLOCKS]
        for block in blocks:
            _space_block(block)
        return clean_text(_STRING(el))
    except ValueError:
        return ""


def _space_block(el: HtmlElement) -> None:
    """A space at both ends of the block's content (unless whitespace is there already). The tree keeps it:
    the element reads the same, spaced, by every later reader, and the whole body is spaced by _fill_text."""
    tail = el.tail
    if not tail or not tail[0].isspace():
        el.tail = " " + tail if tail else " "
    if el.tag not in _VOID_TAGS:
        text = el.text
        if not text or not text[0].isspace():
            el.text = " " + text if text else " "


def _flat_text(el: HtmlElement) -> str:
    """The element's text content as the tree has it: for the body and its regions once _fill_text has
    spaced every separated element's tail, where looking through the whole page for blocks would be waste."""
    try:
        return clean_text(_STRING(el))
    except ValueError:
        return ""


def _fill_head(page: Page, root: HtmlElement, record: FetchRecord) -> None:
    title = root.find(".//title")
    page.title = _text(title)[:1000] if title is not None else ""
    page.lang = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    if not page.lang:
        page.lang = record.headers.get("content-language", "").split(",")[0].strip()
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        content = meta.get("content") or ""
        if name == "description":
            page.meta_description = clean_text(content)[:1000]
        elif name == "robots" and "noindex" in content.lower():
            page.noindex = True
        elif name == "viewport":
            page.viewport = content
        elif (meta.get("http-equiv") or "").lower() == "content-language" and not page.lang:
            page.lang = content.split(",")[0].strip()
    if "noindex" in record.headers.get("x-robots-tag", "").lower():
        page.noindex = True
    canonical = root.find(".//link[@rel='canonical']")
    if canonical is not None and canonical.get("href"):
        page.canonical = urldefrag(_resolve(page.url, canonical.get("href", "").strip()) or "")[0]


def _link_regions(root: HtmlElement) -> dict[HtmlElement, str]:
    """The region of every link inside a region element: its nearest region ancestor. Region elements come
    in document order, outer before inner, so an inner region overwrites the links of the one around it."""
    regions: dict[HtmlElement, str] = {}
    for container in _REGION_CONTAINERS(root):
        region = REGION_TAGS.get(container.tag) or REGION_ROLES.get((container.get("role") or "").lower())
        if region:
            for link in container.iterdescendants("a"):
                regions[link] = region
    return regions


def _fill_structure(page: Page, root: HtmlElement) -> None:
    base = _base_url(root, page.url)
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        text = _text(el)
        page.headings.append(Heading(level=int(el.tag[1]), text=text[:500]))
    regions = _link_regions(root)
    for el in root.iter("a"):
        absolute = link_url(base, el.get("href") or "")
        if absolute is None:
            continue
        label = _text(el) or (el.get("aria-label") or el.get("title") or "").strip()
        page.links.append(Link(url=absolute, text=label[:300], region=regions.get(el, "body"),
                               rel=el.get("rel") or ""))
    labels: dict[str, HtmlElement] = {}
    for lab in root.iter("label"):
        labels.setdefault(lab.get("for") or "", lab)
    for form in root.iter("form"):
        fields = []
        for ctl in form.iter("input", "textarea", "select"):
            ctype = (ctl.get("type") or ("text" if ctl.tag == "input" else ctl.tag)).lower()
            if ctype == "hidden":
                continue
            fields.append(FormField(tag=ctl.tag, type=ctype, name=ctl.get("name") or ctl.get("id") or "",
                                    label=_label_for(labels, ctl)[:200]))
        page.forms.append(Form(action=_resolve(base, form.get("action") or "") or "",
                               method=(form.get("method") or "get").lower(),
                               role=(form.get("role") or "").lower(), fields=fields,
                               text=_text(form)[:500]))
    for _ in root.iter("search"):
        page.forms.append(Form(action="", method="get", role="search"))
    for el in root.iter("input"):
        if (el.get("type") or "").lower() == "search" and not any(a.tag == "form" for a in el.iterancestors()):
            page.search_inputs.append(f"input type=search name={el.get('name') or el.get('id') or ''}".strip())
    for el in _ROLE_ELEMENTS(root):
        if (el.get("role") or "").lower() == "search" and el.tag != "form":
            page.search_inputs.append("role=search")
    for script in root.iter("script"):
        src = script.get("src")
        excerpt = "" if src else (script.text or "")[:SCRIPT_EXCERPT_CHARS]
        page.scripts.append(Script(src=(_resolve(base, src) or src) if src else None, excerpt=excerpt))
    page.iframes = [_resolve(base, f.get("src") or "") or "" for f in root.iter("iframe") if f.get("src")]
    page.images = [Image(src=(img.get("src") or "")[:500], alt=img.get("alt")) for img in root.iter("img")]


def _label_for(labels: dict[str, HtmlElement], ctl: HtmlElement) -> str:
    """The control's label: the first <label for> its id, else a wrapping <label>, else aria-label or
    placeholder. ``labels`` maps each ``for`` value to its first label."""
    label = ctl.get("aria-label") or ctl.get("placeholder") or ""
    ctl_id = ctl.get("id")
    if ctl_id and ctl_id in labels:
        return _text(labels[ctl_id])
    parent = ctl.getparent()
    while parent is not None:
        if parent.tag == "label":
            return _text(parent)
        parent = parent.getparent()
    return label


def _fill_structured_data(page: Page, root: HtmlElement) -> None:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as exc:
            page.structured_data_errors.append(f"invalid JSON-LD: {str(exc)[:120]}")
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("@graph"), list):
                page.structured_data.extend(x for x in item["@graph"] if isinstance(x, dict))
            elif isinstance(item, dict):
                page.structured_data.append(item)
    if root.find(".//*[@itemscope]") is not None:
        try:
            from extruct.w3cmicrodata import MicrodataExtractor

            items = MicrodataExtractor().extract_items(root, page.url)
            page.structured_data.extend(_microdata_as_jsonld(item) for item in items)
        except Exception as exc:  # extruct raises a variety of errors on odd markup
            page.structured_data_errors.append(f"invalid microdata: {str(exc)[:120]}")


def _microdata_as_jsonld(item: Any) -> Any:
    """Give microdata items JSON-LD shape (``@type``, plain property names) so checks read one form."""
    if isinstance(item, list):
        return [_microdata_as_jsonld(x) for x in item]
    if not isinstance(item, dict):
        return item
    out: dict[str, Any] = {}
    if "type" in item:
        kinds = item["type"] if isinstance(item["type"], list) else [item["type"]]
        out["@type"] = [str(k).rsplit("/", 1)[-1] for k in kinds]
        if len(out["@type"]) == 1:
            out["@type"] = out["@type"][0]
    for key, value in (item.get("properties") or {}).items():
        out[key] = _microdata_as_jsonld(value)
    return out


def _fill_questions(page: Page, root: HtmlElement) -> None:
    seen: set[str] = set()

    def add(question: str, answer: str, source: str) -> None:
        question = clean_text(question)[:500]
        key = question.lower()
        if question and key not in seen:
            seen.add(key)
            page.questions.append(Question(text=question, answer=clean_text(answer)[:2000], source=source))

    for item in page.structured_data:
        for entity in _faq_entities(item):
            answer = entity.get("acceptedAnswer") or entity.get("suggestedAnswer") or {}
            if isinstance(answer, list):
                answer = answer[0] if answer else {}
            text = answer.get("text", "") if isinstance(answer, dict) else str(answer)
            add(str(entity.get("name") or entity.get("text") or ""), _strip_tags(str(text)), "structured_data")
    # disclosure toggles (ARIA, <summary>, accordion classes) met on the way, for the topic-worded policy
    toggles: list[HtmlElement] = []
    summaries: list[tuple[int, HtmlElement]] = []  # where each topic-worded summary's question would go
    for details in root.iter("details"):
        summary = details.find("summary")
        if summary is not None:
            text = _text(summary)
            if text.endswith("?") or _QUESTION_WORDING.match(text):
                add(text, _text(details)[len(text):], "details")
            else:
                summaries.append((len(page.questions), summary))
            toggles.append(summary)
    for dt in root.iter("dt"):
        dd = dt.getnext()
        add(_text(dt), _text(dd) if dd is not None and dd.tag == "dd" else "", "definition_list")
    for heading in root.iter("h2", "h3", "h4", "h5", "button"):
        text = _text(heading)
        if text.endswith("?") and len(text) < 200:
            add(text, _following_text(heading), "heading")
        if heading.get("aria-expanded") is not None or heading.get("aria-controls") is not None \
                or _accordion_marked(heading):
            toggles.append(heading)
    for el in root.iter("div", "span", "p", "a", "li", "strong"):
        if (el.get("aria-expanded") is not None or el.get("aria-controls")
                or _accordion_marked(el)):
            toggles.append(el)
            text = _text(el)
            if text.endswith("?") and len(text) < 200 and not any(
                    _accordion_marked(c) for c in el.iterdescendants() if isinstance(c.tag, str)):
                add(text, _following_text(el), "accordion")
    for el in toggles:
        if el.tag not in ("button", "a") or (el.get("aria-controls") is None and el.get("aria-expanded") is None):
            continue
        # accordion toggles often drop the "?" ("How do I return an item"): a question by its wording
        text = _text(el)
        if not text.endswith("?") and len(text) < 200 and _QUESTION_WORDING.match(text):
            add(text, _following_text(el), "accordion")
    topics = _topic_toggles(page, root, toggles)
    for position, summary in reversed(summaries):  # a summary's question in its place among the details
        if summary in topics:
            text, answer, source = topics.pop(summary)
            if text.lower() not in seen:
                seen.add(text.lower())
                page.questions.insert(position, Question(text=text, answer=clean_text(answer)[:2000], source=source))
    for question in topics.values():
        add(*question)


def _topic_toggles(page: Page, root: HtmlElement,
                   disclosures: list[HtmlElement]) -> dict[HtmlElement, tuple[str, str, str]]:
    """Accordion items labelled by topic, not worded as a question ("Bringing your number with you"): each
    toggle's (question, answer, source); toggles worded as questions are among them, to make up accordions,
    though earlier rules have read them already. Policy: a disclosure toggle (an ARIA button, a
    <summary>, or an element a CMS accordion class names an item header) whose panel holds a few words of
    prose is a question and its answer when it sits in an FAQ or help context: an FAQ or help page, FAQPage
    data, an FAQ heading on the page, or an accordion of several such toggles on a page other than a
    product's. A lone disclosure (a "Show more"), a product page's accordion (details, materials, care), one
    in page chrome or a consent banner, a tab, a menu button or a control label is not."""
    toggles = [el for el in disclosures if _is_toggle(el)]
    if not toggles:
        return {}
    toggle_set = set(toggles)
    ids: dict[str, HtmlElement] | None = None
    chrome: dict[HtmlElement, bool] = {}
    found: list[tuple[HtmlElement, str, str, str]] = []
    for el in toggles:
        text = _text(el)
        if not text or len(text) >= 200 or len(text.split()) > MAX_TOPIC_WORDS \
                or _CONTROL_LABEL.fullmatch(_bare_label(text)) or _in_chrome(el, chrome):
            continue
        target = el.get("aria-controls")
        if target and ids is None:
            ids = {node.get("id"): node for node in _WITH_ID(root)}
        panel = _disclosure_panel(el, target, ids or {})
        if panel is None or panel is el or any(a is el for a in panel.iterancestors()) \
                or (el.tag != "summary" and any(a is panel for a in el.iterancestors())):
            continue
        answer = _text(panel)
        if el.tag == "summary" and answer.startswith(text):
            answer = answer[len(text):].strip()
        if not _reads_as_answer(panel, answer) \
                or any(d in toggle_set and d is not el for d in panel.iterdescendants()):
            continue  # no answer, or a category of the accordion holding its own toggles
        found.append((el, text, answer, "details" if el.tag == "summary" else "accordion"))
    if not found:
        return {}
    context = _question_context(page)
    grouped = _grouped([el for el, *_ in found]) if context != "faq" else set()
    return {el: (text, answer, source) for el, text, answer, source in found
            if context == "faq" or (el in grouped and context != "product")}


def _is_toggle(el: HtmlElement) -> bool:
    """Whether ``el`` is an accordion item's header by its markup: a summary, an element with
    aria-controls or aria-expanded that is no tab, menu button or form control, or one whose class names an
    accordion header."""
    if el.tag == "summary":
        return True
    if (el.get("role") or "").lower() in _WIDGET_ROLES or (el.get("aria-haspopup") or "false").lower() != "false":
        return False
    return el.get("aria-controls") is not None or el.get("aria-expanded") is not None \
        or _TOGGLE_CLASS.search((el.get("class") or "").lower()) is not None


def _in_chrome(el: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """Whether ``el`` sits in page chrome (header, navigation, footer), a dialog or a consent banner.
    ``known`` remembers the answer for every ancestor walked through: a menu's toggles share their way up."""
    path: list[HtmlElement] = []
    found = False
    for anc in el.iterancestors():
        if anc in known:
            found = known[anc]
            break
        path.append(anc)
        cls, anc_id = anc.get("class"), anc.get("id")
        if anc.tag in _CHROME_TAGS or (anc.get("role") or "").lower() in _CHROME_ROLES \
                or anc.get("aria-modal") == "true" \
                or ((cls or anc_id) and _CONSENT_MARK.search(f"{cls or ''} {anc_id or ''}".lower())):
            found = True
            break
    for anc in path:
        known[anc] = found
    return found


def _bare_label(text: str) -> str:
    """The label without the arrows, pluses and punctuation icons put around it, lower-cased."""
    return text.strip(" .…:·›»>+−–—-▾▸▼▲▶︎⌄").lower()


def _disclosure_panel(el: HtmlElement, target: str | None, ids: dict[str, HtmlElement]) -> HtmlElement | None:
    """What the toggle opens: its details element, its aria-controls target, else the element after it
    or after the heading or wrapper it sits in (two levels up at most)."""
    if el.tag == "summary":
        return el.getparent()
    for ref in (target or "").split():
        if ref in ids:
            return ids[ref]
    node: HtmlElement | None = el
    for _ in range(3):
        if node is None:
            return None
        nxt = node.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is not None:
            return nxt
        node = node.getparent()
    return None


def _reads_as_answer(panel: HtmlElement, answer: str) -> bool:
    """A few words of prose: not empty, not the rest of the page, not a list of links (a menu's panel)."""
    if len(answer.split()) < MIN_ANSWER_WORDS or len(answer) > MAX_ANSWER_CHARS:
        return False
    linked = sum(len(_text(a)) for a in panel.iter("a"))
    return linked * 2 <= len(answer)


def _grouped(toggles: list[HtmlElement]) -> set[HtmlElement]:
    """The toggles of an accordion: at least ACCORDION_GROUP of them under one ancestor at most
    ACCORDION_LEVELS above each."""
    counts: dict[HtmlElement, int] = {}
    lineage: list[list[HtmlElement]] = []
    for el in toggles:
        ancestors = []
        for anc in el.iterancestors():
            ancestors.append(anc)
            counts[anc] = counts.get(anc, 0) + 1
            if len(ancestors) == ACCORDION_LEVELS:
                break
        lineage.append(ancestors)
    return {el for el, ancestors in zip(toggles, lineage, strict=True)
            if any(counts[anc] >= ACCORDION_GROUP for anc in ancestors)}


def _question_context(page: Page) -> str:
    """'faq' where the page is about questions and answers: FAQPage or QAPage data, a heading naming FAQs, or
    a help or FAQ page by its address and title (the touchpoint rules, reading the fields filled so far);
    else the page's touchpoint. A product page's accordions (details, materials, care) describe the product."""
    if page.structured_types() & {"FAQPage", "QAPage"} or any(_FAQ_HEADING.search(h.text) for h in page.headings):
        return "faq"
    touchpoint = classify(page, "")
    return "faq" if touchpoint in ("help", "faq") else touchpoint


def _accordion_marked(el: HtmlElement) -> bool:
    """Whether the element's class or id reads like an accordion or FAQ part (``_ACCORDION_MARK``)."""
    cls, el_id = el.get("class"), el.get("id")
    if cls is None and el_id is None:  # most elements: no string to build or search
        return False
    return _marks_accordion(f"{cls or ''} {el_id or ''}")


@lru_cache(maxsize=8192)
def _marks_accordion(marks: str) -> bool:
    """Cached, as a site's templates repeat their class names on every page. ASCII lowercases exactly as
    re.I folds case, so ASCII marks (nearly all) take the faster case-sensitive search."""
    if marks.isascii():
        return _ACCORDION_MARK_LOWER.search(marks.lower()) is not None
    return _ACCORDION_MARK.search(marks) is not None


def _faq_entities(item: Any) -> list[dict[str, Any]]:
    if not isinstance(item, dict):
        return []
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "Question" in kinds:
        return [item]
    found: list[dict[str, Any]] = []
    for key in ("mainEntity", "hasPart", "itemListElement"):
        value = item.get(key)
        for child in value if isinstance(value, list) else [value]:
            found.extend(_faq_entities(child))
    return found


def _strip_tags(text: str) -> str:
    if "<" not in text:
        return text
    try:
        return _text(lxml.html.fragment_fromstring(text, create_parent="div"))
    except (lxml.etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", text)


def _following_text(el: HtmlElement, limit: int = 1500) -> str:
    """Text after a question heading up to the next heading: the answer in a plain FAQ layout."""
    parts: list[str] = []
    size = 0
    for sibling in el.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag in ("h1", "h2", "h3", "h4", "h5", "button"):
            break
        text = _text(sibling)
        parts.append(text)
        size += len(text)
        if size > limit:
            break
    if not parts:
        nxt = el.getparent().getnext() if el.getparent() is not None else None
        if nxt is not None and isinstance(nxt.tag, str):
            parts.append(_text(nxt))
    return " ".join(parts)[:limit]


def _fill_text(page: Page, root: HtmlElement) -> None:
    body = root.find("body")
    if body is None:
        body = root
    for el in list(body.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in body.iter(*_SEPARATED_TAGS):  # "Contact us</a><a>Press" must not read "Contact usPress"
        el.tail = " " + el.tail if el.tail else " "
    page.body_text = _flat_text(body)[:MAX_TEXT_CHARS]
    for region_el in body.iter("header", "nav", "footer", "aside"):
        region = REGION_TAGS[region_el.tag]
        existing = page.region_text.get(region, "")
        page.region_text[region] = (existing + " " + _flat_text(region_el)).strip()[:20000]
    page.main_text, page.main_text_method = _main_text(root, body)


def _main_text(root: HtmlElement, body: HtmlElement) -> tuple[str, str]:
    """Main text without chrome. trafilatura first; for short pages, where it may keep navigation,
    fall back to <main>/<article> or the body minus header/nav/footer/aside (DESIGN §4)."""
    import trafilatura

    extracted = ""
    detached = _detach_chrome(root)
    try:
        extracted = trafilatura.extract(root, options=_trafilatura_options()) or ""
    except Exception:  # trafilatura can fail on pathological trees; fall back below
        extracted = ""
    finally:
        _reattach(detached)
    if len(extracted) >= 250:
        return _paragraphs(extracted), "trafilatura"
    container = next((el for el in (root.find(".//main"), root.find(".//article"), root.find(".//*[@role='main']"))
                      if el is not None), None)
    if container is None:
        container = body
        for el in list(container.iter("header", "nav", "footer", "aside")):
            if el is not container:
                el.drop_tree()
    blocks = [_text(el) for el in container.iter("p", "li", "h1", "h2", "h3", "h4", "td", "dt", "dd", "summary")
              if not _has_block_child(el)]
    fallback = "\n".join(b for b in blocks if b) or _text(container)
    if len(extracted) > len(fallback):
        return _paragraphs(extracted), "trafilatura"
    return fallback[:MAX_TEXT_CHARS], "fallback"


#: Chrome trafilatura deletes whole (tags of its MANUALLY_CLEANED) and that holds most of a page's elements: menus,
#: footers, sidebars. Every step it runs on the whole tree before it deletes them (two copies, XPath pruning that
#: calls back into Python for each div, section and list) costs by the element, so it is handed the tree without
#: them, for the same text (see :func:`_detach_chrome`).
_CHROME_SUBTREES = ("nav", "footer", "aside")


@dataclass(slots=True)
class _Detached:
    """A subtree taken out of the tree and where it goes back: ``holder.attr`` held ``saved`` before the
    subtree's tail was joined to it."""

    element: HtmlElement
    parent: HtmlElement
    index: int
    holder: HtmlElement
    attr: str
    saved: str | None


def _detach_chrome(root: HtmlElement) -> list[_Detached]:
    """Take the outermost nav, footer and aside elements out of the tree as trafilatura deletes them (the
    tail joined to the previous sibling or the parent's text), for :func:`_reattach` to put back. trafilatura
    reads the tree handed to it the same up to where it deletes those subtrees itself, so its text is the same,
    except where a subtree is read before that: it holds the h1 an infinite-scroll container is kept for, or a
    JSON-LD script (forum detection), or it sits in a figure (a figure with a table is kept). And its cleaning
    loop stops early after deleting an element that holds one of the same tag (it walks on into the deleted
    subtree): on such a page, nothing is taken out."""
    from trafilatura.settings import MANUALLY_CLEANED

    cleaned = [tag for tag in MANUALLY_CLEANED if tag != "form"]  # forms: deleted by a separate rule, in a list
    if any(next(el.iterdescendants(el.tag), None) is not None for el in root.iter(*cleaned)):
        return []
    taken: set[HtmlElement] = set()
    detached: list[_Detached] = []
    for el in list(root.iter(*_CHROME_SUBTREES)):
        if any(anc in taken or anc.tag == "figure" for anc in el.iterancestors()) \
                or next(el.iter("h1", "script"), None) is not None:
            continue
        parent = el.getparent()
        previous = el.getprevious()
        holder, attr = (parent, "text") if previous is None else (previous, "tail")
        saved = getattr(holder, attr)
        detached.append(_Detached(el, parent, parent.index(el), holder, attr, saved))
        if el.tail:
            setattr(holder, attr, (saved or "") + el.tail)
        parent.remove(el)  # the tail goes with the element, and comes back with it
        taken.add(el)
    return detached


def _reattach(detached: list[_Detached]) -> None:
    """Put detached subtrees back, last first: the tree is as it was, text and tails included."""
    for item in reversed(detached):
        setattr(item.holder, item.attr, item.saved)
        item.parent.insert(item.index, item.element)


@cache
def _trafilatura_options() -> Any:
    """trafilatura's options (comments off, tables on, precision, no deduplication), built once: it would
    build them from its settings on every call. Extraction reads them and never changes them. ``fast``
    skips trafilatura's second-opinion extractors (readability, jusText): a third of the parse, and every
    accuracy benchmark (main text, contact, hours, intents) scores the same without them; the short pages
    where they mattered get our own fallback below instead."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="txt", precision=True, comments=False, tables=True, dedup=False, fast=True)


def _has_block_child(el: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag in ("p", "li", "ul", "ol", "table", "div") for c in el)


def _paragraphs(text: str) -> str:
    return "\n".join(clean_text(line) for line in text.splitlines() if line.strip())[:MAX_TEXT_CHARS]


def _document(record: FetchRecord) -> tuple[HtmlElement | None, str | None]:
    """The record's HTML as a tree ready to read (or None and why not): the one place both
    :func:`parse_page` and :func:`page_links` build it, so they see the same links."""
    html = decode_html(record.body or b"", record.charset)
    html = _XML_DECL.sub("", html, count=1)
    if _has_invalid(html):
        html = _XML_INVALID.sub("", html)
    try:
        root = lxml.html.document_fromstring(html, parser=_PARSER) if html.strip() else None
    except (lxml.etree.ParserError, ValueError) as exc:
        return None, f"unparseable HTML: {exc}"[:200]
    if root is None:
        return None, "empty document"
    _decode_cloudflare_emails(root)  # before links are read: it turns protected addresses into mailto: links
    return root, None


def link_url(base: str, href: str) -> str | None:
    """Where an ``<a href>`` leads as the page model records it: absolute, fragment-free for http(s); None
    for in-page anchors, URLs Python cannot parse and schemes other than LINK_SCHEMES. A root-relative href
    resolves the same against the page's origin as against the page (see :func:`_origin`), so it is looked
    up by origin: a site's navigation and footer then hit the cache on every page, not only on the first."""
    if href[:1] == "/":
        origin = _origin(base)
        if origin:
            return _link_url(origin, href)
    return _link_url(base, href)


@lru_cache(maxsize=16384)
def _link_url(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    absolute = _resolve(base, href)
    if absolute is None or not absolute.lower().startswith(LINK_SCHEMES):
        return None
    return urldefrag(absolute)[0] if absolute.startswith(("http://", "https://")) else absolute


def page_links(record: FetchRecord) -> list[str]:
    """The URLs of ``parse_page(record).http_links()``, unique and sorted, for a fraction of a full parse
    (one tree, no text or accessibility work): the crawler follows them while the full parse runs elsewhere."""
    root, _ = _document(record)
    if root is None:
        return []
    base = _base_url(root, record.final_url or record.url)
    hrefs = {el.get("href") or "" for el in root.iter("a")}  # menus and footers repeat hrefs: resolve each once
    found = {url for href in hrefs if (url := link_url(base, href)) is not None}
    return sorted(url for url in found if url.startswith(("http://", "https://")))
