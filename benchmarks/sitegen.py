"""Deterministic synthetic company sites for the benchmarks: N pages (10 to 10,000) of realistic HTML.

Real company pages are mostly chrome: a mega-menu header, a footer of link columns, inline CSS, SVG
icons, JSON-LD and tracking scripts, around a few kilobytes of content. The crawl and the page parser
spend their time on exactly that, so the generated pages carry it too (30–80 KB each). The link graph
is a shop's: every page links to the hubs through the chrome, hubs list their items on numbered
listing pages, items link to related items. A sitemap.xml lists every page and robots.txt disallows
the cart, as on a real shop. The same ``pages`` and ``seed`` always give the same bytes.

``python -m benchmarks.sitegen 1000 /tmp/site`` writes a site; :func:`site_dir` caches one under /tmp.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BASE_PLACEHOLDER = "{{BASE}}"  # the server replaces it with its own origin in sitemap.xml and robots.txt
CACHE_ROOT = Path(tempfile.gettempdir()) / "cxaudit-bench" / "sites"
PER_LISTING = 30  # items per numbered listing page
GENERATOR_VERSION = "2"  # bump when the output changes, so cached sites are rebuilt

COMPANY = "Northwind Living"
CATEGORIES = ["Sofas", "Beds", "Bedding", "Lighting", "Kitchen", "Dining", "Storage", "Rugs", "Outdoor", "Bath",
              "Desks", "Kids"]
HELP_TOPICS = ["Orders", "Delivery", "Returns", "Refunds", "Payments", "Account", "Assembly", "Warranty",
               "Gift cards", "Product care"]
FIXED = [  # path, kind, title — in the order small sites keep them
    ("/", "home", f"{COMPANY} – furniture and homeware"),
    ("/help/", "help_index", "Help centre"),
    ("/contact/", "contact", "Contact us"),
    ("/faq/", "faq", "Frequently asked questions"),
    ("/returns/", "policy", "Returns policy"),
    ("/shipping/", "policy", "Delivery and shipping"),
    ("/privacy/", "policy", "Privacy notice"),
    ("/terms/", "policy", "Terms and conditions"),
    ("/warranty/", "policy", "Warranty"),
    ("/payment/", "policy", "Payment options"),
    ("/about/", "about", f"About {COMPANY}"),
    ("/shop/", "shop_index", "Shop all"),
    ("/blog/", "blog_index", "Journal"),
]

NOUNS = ["order", "parcel", "refund", "sofa", "mattress", "duvet", "lamp", "table", "rug", "delivery slot",
         "gift card", "voucher", "invoice", "receipt", "account", "password", "warranty claim", "spare part",
         "assembly guide", "return label", "collection", "fabric sample", "cushion cover", "bed frame"]
VERBS = ["track", "change", "cancel", "return", "exchange", "book", "reschedule", "download", "update",
         "check", "confirm", "pay for", "find", "register", "replace", "collect"]
PLACES = ["in your account", "on the order page", "from the confirmation email", "in the app",
          "at any of our stores", "through live chat", "on our help pages", "with our customer team"]
TIMES = ["within 30 days", "at any time before dispatch", "on the day of delivery", "within two working days",
         "before 8pm", "at weekends", "within 14 days of delivery", "as soon as you receive it"]
ADJECTIVES = ["solid oak", "washable", "hand-finished", "recycled", "stain-resistant", "modular", "compact",
              "linen", "velvet", "extendable", "energy-saving", "cordless"]
SENTENCES = [
    "You can {verb} your {noun} {place}.",
    "Most customers {verb} a {noun} {time}, and it only takes a few minutes.",
    "If you need to {verb} your {noun}, sign in and choose the order you want to change.",
    "We will email you {time} to confirm the next steps for your {noun}.",
    "Our {adj} range is made to last, and every {noun} comes with clear care instructions.",
    "To {verb} a {noun}, you need your order number and the email address you used at checkout.",
    "Please keep the original packaging until you are sure you want to keep your {noun}.",
    "There is no charge to {verb} a {noun} {time}.",
    "If something is not right with your {noun}, tell us {time} and we will put it right.",
    "Delivery teams will call ahead on the day, so you know when your {noun} will arrive.",
    "You will find the assembly guide for your {noun} {place}.",
    "We answer most questions about a {noun} {time}; call us if it is urgent.",
    "Some {adj} items are made to order, so it can take longer to {verb} them.",
    "Refunds go back to the card you paid with, usually {time}.",
    "You can also {verb} a {noun} {place}, which is often the quickest way.",
]
QUESTIONS = ["How do I {verb} my {noun}?", "Can I {verb} a {noun} {time}?", "Where can I {verb} my {noun}?",
             "What happens if I need to {verb} a {noun}?", "Is there a charge to {verb} my {noun}?"]
SOCIAL = ["https://www.facebook.com/northwindliving", "https://www.instagram.com/northwindliving",
          "https://www.pinterest.com/northwindliving", "https://www.youtube.com/@northwindliving"]


@dataclass
class PlannedPage:
    path: str
    kind: str
    title: str
    group: str = ""  # category or help topic
    items: list[str] = field(default_factory=list)  # listing pages: the paths they list
    listing: list[str] = field(default_factory=list)  # listing pages: all pages of this listing


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-").replace("--", "-")


def plan_site(pages: int, seed: int = 7) -> list[PlannedPage]:
    """The site's pages in link order: fixed pages, then hubs and their items, exactly ``pages`` of them."""
    if not 10 <= pages <= 100_000:
        raise ValueError("a generated site has 10 to 100,000 pages")
    rng = random.Random(seed)
    fixed = [PlannedPage(path, kind, title) for path, kind, title in FIXED][:pages]
    remaining = pages - len(fixed)
    if remaining <= 0:
        return fixed
    # Shares of the remaining pages; the listing pages that index the items come out of each share.
    n_cats = max(1, min(len(CATEGORIES), remaining // 60))
    n_topics = max(1, min(len(HELP_TOPICS), remaining // 60))
    shares = {"product": 0.45, "article": 0.35, "post": 0.15, "faq_topic": 0.05}
    budget = {kind: int(remaining * share) for kind, share in shares.items()}
    budget["product"] += remaining - sum(budget.values())
    groups = {"product": [f"shop/{slug(c)}" for c in CATEGORIES[:n_cats]],
              "article": [f"help/{slug(t)}" for t in HELP_TOPICS[:n_topics]],
              "post": ["blog"], "faq_topic": ["faq"]}
    out = list(fixed)
    by_path = {p.path: p for p in fixed}
    for kind in ("product", "article", "post", "faq_topic"):
        for page in _section(kind, budget[kind], groups[kind], rng):
            if page.path in by_path:  # /blog/ and /faq/ are the first page of their own listing
                by_path[page.path].items, by_path[page.path].listing = page.items, page.listing
            else:
                out.append(page)
    return out[:pages]


def _section(kind: str, budget: int, groups: list[str], rng: random.Random) -> list[PlannedPage]:
    """Listing pages and items for one kind, ``budget`` pages in all (listings included)."""
    out: list[PlannedPage] = []
    per_group = [budget // len(groups) + (1 if i < budget % len(groups) else 0) for i in range(len(groups))]
    for group, size in zip(groups, per_group, strict=True):
        if size <= 0:
            continue
        # size = items + listings, listings = ceil(items / PER_LISTING); hubs that exist already
        # (/blog/, /faq/) serve as the first listing page.
        first_exists = group in ("blog", "faq")
        items = size
        while items + _listings(items) - first_exists > size:
            items -= 1
        listing_paths = [f"/{group}/" if n == 1 else f"/{group}/page/{n}/" for n in range(1, _listings(items) + 1)]
        group_name = group.split("/")[-1].replace("-", " ").capitalize()
        item_pages = [PlannedPage(f"/{group}/{_item_slug(kind, i, rng)}/", kind, _item_title(kind, group_name, rng),
                                  group=group) for i in range(items)]
        for n, path in enumerate(listing_paths):
            chunk = [p.path for p in item_pages[n * PER_LISTING:(n + 1) * PER_LISTING]]
            listing = PlannedPage(path, "listing", f"{group_name} – page {n + 1}", group=group, items=chunk,
                                  listing=listing_paths)
            out.append(listing)
        out.extend(item_pages)
    return out


def _listings(items: int) -> int:
    return max(1, -(-items // PER_LISTING))


def _item_slug(kind: str, index: int, rng: random.Random) -> str:
    return f"{rng.choice(ADJECTIVES).replace(' ', '-')}-{rng.choice(NOUNS).replace(' ', '-')}-{kind[0]}{index}"


def _item_title(kind: str, group: str, rng: random.Random) -> str:
    noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
    if kind == "product":
        return f"{rng.choice(ADJECTIVES).capitalize()} {noun} – {group}"
    if kind == "article":
        return f"How to {verb} your {noun}"
    if kind == "faq_topic":
        return f"Questions about {noun}s"
    return f"{rng.choice(ADJECTIVES).capitalize()} ideas: {noun}s for every home"


# rendering

def _sentence(rng: random.Random, template: str | None = None) -> str:
    return (template or rng.choice(SENTENCES)).format(
        verb=rng.choice(VERBS), noun=rng.choice(NOUNS), place=rng.choice(PLACES), time=rng.choice(TIMES),
        adj=rng.choice(ADJECTIVES))


def _paragraphs(rng: random.Random, count: int) -> str:
    return "\n".join(f'<p class="mb-4 text-base leading-7 text-slate-700">'
                     f'{" ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))}</p>' for _ in range(count))


_ICON = ('<svg class="h-5 w-5 shrink-0" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.5" '
         'aria-hidden="true"><path stroke-linecap="round" stroke-linejoin="round" d="M{d}"/></svg>')
_ICON_PATHS = ["3 3h2l.4 2M7 13h10l4-8H5.4M7 13 5.4 5M7 13l-2.293 2.293c-.63.63-.184 1.707.707 1.707H17m0 0a2 2 "
               "0 1 0 0 4 2 2 0 0 0 0-4zm-8 2a2 2 0 1 1-4 0 2 2 0 0 1 4 0z",
               "15.75 6a3.75 3.75 0 1 1-7.5 0 3.75 3.75 0 0 1 7.5 0zM4.501 20.118a7.5 7.5 0 0 1 14.998 0A17.933 "
               "17.933 0 0 1 12 21.75c-2.676 0-5.216-.584-7.499-1.632z",
               "21 21l-5.197-5.197m0 0A7.5 7.5 0 1 0 5.196 5.196a7.5 7.5 0 0 0 10.607 10.607z"]
_CSS = ("/*critical*/" + "".join(
    f".c{i}{{display:flex;align-items:center;gap:{i % 7}px;padding:{i % 5}px {i % 9}px;color:#1e293b;"
    f"font:500 {12 + i % 6}px/1.5 system-ui,sans-serif;border-radius:{i % 4}px}}" for i in range(70)))
_DATALAYER = ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
              "gtag('js',new Date());gtag('config','G-BENCH0001',{anonymize_ip:true});" +
              "".join(f"window.__flags=window.__flags||{{}};__flags['exp_{i}']={i % 3};" for i in range(60)))


def _a(path: str, text: str, classes: str = "c3 text-sm font-medium text-slate-700 hover:text-slate-900") -> str:
    return f'<a class="{classes}" href="{html.escape(path)}">{html.escape(text)}</a>'


def _chrome(planned: dict[str, PlannedPage]) -> tuple[str, str]:
    """Header (mega menu) and footer: the same on every page, linking the hubs that exist."""
    def exists(path: str) -> bool:
        return path in planned

    menu = []
    for cat in CATEGORIES:
        path = f"/shop/{slug(cat)}/"
        if not exists(path):
            continue
        firsts = planned[path].items[:8]
        sub = "".join(f'<li class="c5 py-1">{_a(p, planned[p].title.split(" – ")[0])}</li>' for p in firsts)
        menu.append(f'<li class="c4 group relative"><button class="c2 px-3 py-2" aria-expanded="false">'
                    f'{cat}</button><div class="c6 absolute hidden group-hover:block w-96 rounded-lg shadow-lg '
                    f'bg-white p-6"><ul class="grid grid-cols-2 gap-2">{_a(path, "All " + cat.lower())}{sub}</ul>'
                    f'</div></li>')
    top = [(p, t) for p, _, t in FIXED if exists(p) and p in ("/help/", "/contact/", "/blog/", "/shop/")]
    header = (
        '<a class="sr-only focus:not-sr-only" href="#main">Skip to content</a>'
        '<div class="c1 bg-slate-900 text-white text-xs py-2 text-center">Free delivery on orders over £50 · '
        f'30-day returns · {_a("/help/", "Help", "underline")}</div>'
        '<header class="c0 sticky top-0 z-40 border-b border-slate-200 bg-white/95 backdrop-blur">'
        '<div class="mx-auto flex max-w-7xl items-center justify-between px-4 py-3 sm:px-6 lg:px-8">'
        f'<a class="c1 flex items-center gap-2" href="/" aria-label="{COMPANY} home">'
        '<svg width="140" height="28" viewBox="0 0 140 28" role="img" aria-label="logo"><rect width="28" '
        'height="28" rx="6" fill="#0f766e"/><path d="M7 20V8l7 8V8m7 12V8" stroke="#fff" stroke-width="2.5" '
        f'fill="none"/><text x="36" y="19" font-size="15" font-weight="700">{COMPANY}</text></svg></a>'
        '<form class="c7 hidden md:flex flex-1 max-w-md mx-8" role="search" action="/search/" method="get">'
        '<label class="sr-only" for="q">Search products and help</label><input id="q" name="q" type="search" '
        'placeholder="Search products and help" class="c8 w-full rounded-full border border-slate-300 px-4 '
        f'py-2 text-sm"><button class="c9 -ml-10" type="submit">{_ICON.format(d=_ICON_PATHS[2])}</button></form>'
        f'<nav class="c2 flex items-center gap-4" aria-label="Account">{_a("/account/", "Account")}'
        f'{_ICON.format(d=_ICON_PATHS[1])}{_a("/cart/", "Basket")}{_ICON.format(d=_ICON_PATHS[0])}</nav></div>'
        f'<nav class="c3 mx-auto max-w-7xl px-4 sm:px-6 lg:px-8" aria-label="Main"><ul class="flex gap-2">'
        f'{"".join(menu)}{"".join(f"<li>{_a(p, t)}</li>" for p, t in top)}</ul></nav></header>')
    columns = [
        ("Help", [(p, t) for p, k, t in FIXED if k in ("help_index", "faq", "contact", "policy")]
         + [(f"/help/{slug(t)}/", t) for t in HELP_TOPICS]),
        ("Shop", [(f"/shop/{slug(c)}/", c) for c in CATEGORIES]),
        ("Company", [("/about/", "About us"), ("/blog/", "Journal")]),
    ]
    cols = "".join(
        f'<div class="c4"><h2 class="c5 text-sm font-semibold uppercase tracking-wide">{name}</h2>'
        f'<ul class="mt-4 space-y-2">{"".join(f"<li>{_a(p, t)}</li>" for p, t in links if exists(p))}</ul></div>'
        for name, links in columns)
    social = "".join(f'<a class="c6" href="{url}" rel="noopener">{_ICON.format(d=_ICON_PATHS[i % 3])}'
                     f'<span class="sr-only">{url.split(".")[1].title()}</span></a>' for i, url in enumerate(SOCIAL))
    cards = "".join(f'<svg class="h-6 w-10" viewBox="0 0 40 24" role="img" aria-label="{n}"><rect width="40" '
                    f'height="24" rx="3" fill="#e2e8f0"/><text x="6" y="16" font-size="9">{n}</text></svg>'
                    for n in ("Visa", "Mastercard", "Amex", "PayPal", "Klarna", "Apple Pay"))
    footer = (
        '<footer class="c0 mt-16 border-t border-slate-200 bg-slate-50"><div class="mx-auto max-w-7xl px-4 py-12 '
        f'sm:px-6 lg:px-8"><div class="grid grid-cols-2 gap-8 md:grid-cols-4">{cols}'
        '<div class="c4"><h2 class="c5 text-sm font-semibold">Newsletter</h2><form class="mt-4" action="/newsletter/"'
        ' method="post"><label for="email" class="sr-only">Email address</label><input id="email" name="email" '
        'type="email" autocomplete="email" class="c8 w-full rounded-md border px-3 py-2"><button class="c9 mt-2" '
        f'type="submit">Sign up</button></form><div class="mt-6 flex gap-4">{social}</div></div></div>'
        f'<div class="mt-8 flex flex-wrap gap-2">{cards}</div><p class="c1 mt-8 text-xs text-slate-500">'
        f'© 2024 {COMPANY} Ltd. Registered in England and Wales, company number 01234567. '
        'Registered office: 1 Example Street, London EC1A 1AA. VAT number GB123456789.</p></div></footer>')
    return header, footer


def _main(page: PlannedPage, planned: dict[str, PlannedPage], rng: random.Random) -> tuple[str, list[dict]]:
    """The page's own content and its JSON-LD."""
    crumbs = [("/", "Home")]
    if page.group:
        hub = f"/{page.group}/"
        crumbs.append((hub, planned[hub].title.split(" – ")[0] if hub in planned else page.group))
    data: list[dict] = [{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i + 1, "name": name, "item": path} for i, (path, name) in enumerate(crumbs)]}]
    parts = [f'<nav aria-label="Breadcrumb" class="c2 text-sm"><ol class="flex gap-2">'
             f'{"".join(f"<li>{_a(p, t)}</li>" for p, t in crumbs)}</ol></nav>',
             f'<h1 class="c1 mt-4 text-3xl font-bold tracking-tight">{html.escape(page.title)}</h1>']
    kind = page.kind
    if kind == "home":
        data.append({"@context": "https://schema.org", "@type": "Organization", "name": COMPANY, "url": "/",
                     "contactPoint": {"@type": "ContactPoint", "telephone": "+44 20 7946 0000",
                                      "contactType": "customer service"}})
        parts.append(_paragraphs(rng, 3))
        for hub in [p for p in planned.values() if p.kind == "listing" and p.path.count("/") == 3][:12]:
            parts.append(f'<section class="c3 mt-8"><h2 class="c4 text-xl">{html.escape(hub.title.split(" – ")[0])}'
                         f'</h2><p>{_sentence(rng)}</p>{_a(hub.path, "Browse " + hub.title.split(" – ")[0])}</section>')
    elif kind == "contact":
        parts.append('<h2 class="c4 text-xl">Call us</h2><p>Call <a href="tel:+442079460000">020 7946 0000</a>. '
                     'Lines are open Monday to Friday 8am to 8pm, Saturday 9am to 5pm.</p>'
                     '<h2 class="c4 text-xl">Email</h2><p>Write to <a href="mailto:help@northwind.example">'
                     'help@northwind.example</a>; we reply within one working day.</p>'
                     '<h2 class="c4 text-xl">Live chat</h2><p>Chat with us from 8am to 10pm, every day.</p>'
                     '<form action="/contact/send/" method="post"><label for="n">Your name</label>'
                     '<input id="n" name="name"><label for="m">Message</label><textarea id="m" name="message">'
                     '</textarea><button type="submit">Send</button></form>')
        parts.append(_paragraphs(rng, 2))
    elif kind in ("faq", "faq_topic"):
        qas = []
        for _ in range(rng.randint(8, 16)):
            question = _sentence(rng, rng.choice(QUESTIONS))
            answer = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
            qas.append((question, answer))
            parts.append(f'<details class="c5 border-b py-4"><summary class="c6 font-medium">{html.escape(question)}'
                         f'</summary><div class="mt-2"><p>{html.escape(answer)}</p></div></details>')
        data.append({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in qas]})
    elif kind == "product":
        price = f"{rng.randint(15, 1900)}.{rng.choice(['00', '50', '99'])}"
        data.append({"@context": "https://schema.org", "@type": "Product", "name": page.title, "sku": page.path[-8:],
                     "offers": {"@type": "Offer", "price": price, "priceCurrency": "GBP",
                                "availability": "https://schema.org/InStock"}})
        parts.append(f'<p class="c2 text-2xl">£{price}</p><button class="c9" type="button">Add to basket</button>'
                     f'<h2 class="c4">Description</h2>{_paragraphs(rng, rng.randint(2, 4))}'
                     '<h2 class="c4">Dimensions and care</h2><table class="c5"><tbody>' +
                     "".join(f"<tr><th>{k}</th><td>{rng.randint(20, 240)} cm</td></tr>"
                             for k in ("Width", "Depth", "Height", "Seat height")) + "</tbody></table>"
                     f'<h2 class="c4">Delivery and returns</h2><p>{_sentence(rng)} '
                     f'{_a("/shipping/", "Delivery options")} · {_a("/returns/", "Returns policy")}</p>')
    elif kind in ("article", "policy", "about", "post"):
        for _ in range(rng.randint(3, 6) if kind != "policy" else rng.randint(6, 10)):
            parts.append(f'<h2 class="c4 mt-8 text-xl">{html.escape(_sentence(rng, rng.choice(QUESTIONS)))}</h2>'
                         f'{_paragraphs(rng, rng.randint(1, 3))}')
        if kind == "article":
            parts.append(f'<p>Still need help? {_a("/contact/", "Contact us")} or read the {_a("/faq/", "FAQ")}.</p>')
        if kind == "post":
            data.append({"@context": "https://schema.org", "@type": "BlogPosting", "headline": page.title,
                         "datePublished": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"})
    if kind in ("listing", "help_index", "shop_index", "blog_index") or page.items:
        listed = page.items or [p.path for p in planned.values()
                                if p.kind == "listing" and p.path.count("/") == 3 and
                                p.path.startswith({"help_index": "/help/", "shop_index": "/shop/",
                                                   "blog_index": "/blog/"}.get(kind, "/"))]
        parts.append(_paragraphs(rng, 1))
        parts.append('<ul class="c3 grid grid-cols-1 gap-6 sm:grid-cols-2 lg:grid-cols-3">' + "".join(
            f'<li class="c4 rounded-lg border p-4"><h3 class="c5">{_a(p, planned[p].title)}</h3>'
            f'<p class="text-sm">{_sentence(rng)}</p></li>' for p in listed if p in planned) + "</ul>")
        if len(page.listing) > 1:
            parts.append('<nav aria-label="Pagination" class="c6"><ol class="flex gap-1">' + "".join(
                f"<li>{_a(p, str(n + 1))}</li>" for n, p in enumerate(page.listing)) + "</ol></nav>")
    if page.group and kind in ("product", "article", "post", "faq_topic"):
        siblings = _siblings(planned)[(page.group, kind)]
        related = rng.sample(siblings, min(6, len(siblings)))
        parts.append('<aside class="c7 mt-12"><h2 class="c4">You might also like</h2><ul class="grid grid-cols-3">' +
                     "".join(f"<li>{_a(p.path, p.title)}</li>" for p in related if p.path != page.path) +
                     "</ul></aside>")
    return "\n".join(parts), data


_SIBLINGS: dict[int, dict[tuple[str, str], list[PlannedPage]]] = {}


def _siblings(planned: dict[str, PlannedPage]) -> dict[tuple[str, str], list[PlannedPage]]:
    """Items grouped by (group, kind), computed once per plan: related links are drawn from them."""
    key = id(planned)
    if key not in _SIBLINGS:
        _SIBLINGS.clear()
        groups: dict[tuple[str, str], list[PlannedPage]] = {}
        for p in planned.values():
            groups.setdefault((p.group, p.kind), []).append(p)
        _SIBLINGS[key] = groups
    return _SIBLINGS[key]


def render_page(page: PlannedPage, planned: dict[str, PlannedPage], chrome: tuple[str, str], seed: int,
                index: int) -> str:
    rng = random.Random(seed * 1_000_003 + index)
    main, data = _main(page, planned, rng)
    description = html.escape(_sentence(rng))
    json_ld = "".join(f'<script type="application/ld+json">{json.dumps(d)}</script>' for d in data)
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(page.title)} | '
        f'{COMPANY}</title><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="description" content="{description}"><link rel="canonical" href="{page.path}">'
        f'<meta property="og:title" content="{html.escape(page.title)}"><meta property="og:type" content="website">'
        f'<link rel="stylesheet" href="/assets/site.css"><style>{_CSS}</style>{json_ld}'
        f'<script>{_DATALAYER}</script></head>\n<body class="c0 min-h-screen bg-white font-sans antialiased">'
        f'{chrome[0]}\n<main id="main" class="c1 mx-auto max-w-7xl px-4 py-8 sm:px-6 lg:px-8">{main}</main>\n'
        f'{chrome[1]}<script>{_DATALAYER[:1200]}</script></body></html>\n')


def generate(directory: Path, pages: int, seed: int = 7) -> Path:
    """Write a site of ``pages`` HTML pages (``<path>/index.html``), sitemap.xml, robots.txt and a CSS file."""
    directory = Path(directory)
    plan = plan_site(pages, seed)
    planned = {p.path: p for p in plan}
    chrome = _chrome(planned)
    for index, page in enumerate(plan):
        target = directory / page.path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(page, planned, chrome, seed, index), encoding="utf-8")
    (directory / "assets").mkdir(exist_ok=True)
    (directory / "assets" / "site.css").write_text(_CSS, encoding="utf-8")
    urls = "".join(f"<url><loc>{BASE_PLACEHOLDER}{p.path}</loc></url>\n" for p in plan)
    (directory / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
                                           f'"http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n')
    (directory / "robots.txt").write_text(f"User-agent: *\nDisallow: /cart/\nDisallow: /account/\n"
                                          f"Sitemap: {BASE_PLACEHOLDER}/sitemap.xml\n")
    return directory


def site_dir(pages: int, seed: int = 7) -> Path:
    """A generated site in the temp-dir cache, built on first use (a marker file says it is complete)."""
    directory = CACHE_ROOT / f"v{GENERATOR_VERSION}-n{pages}-s{seed}"
    if not (directory / ".complete").exists():
        if directory.exists():
            shutil.rmtree(directory)
        generate(directory, pages, seed)
        (directory / ".complete").write_text("ok\n")
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=int)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.directory, args.pages, args.seed)
    print(f"{args.pages} pages written to {args.directory}")


if __name__ == "__main__":
    main()
