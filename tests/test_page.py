"""The page model: one parse gives every field the checks read."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from auditor.crawl.record import FetchRecord
from auditor.page import Page, _resolve, clean_text, decode_html, parse_page
from tests.pages import make_page

CHROME = """
<header><a href="/">Logo</a><nav><a href="/help/">Help centre</a><a href="/contact/">Contact us</a></nav></header>
<main>{main}</main>
<footer><p>Call 0808 157 0192</p><a href="/returns/">Returns</a><a href="tel:+448081570192">Call us</a></footer>
"""

ARTICLE = " ".join(
    f"Sentence number {i} explains how you can return an item within thirty days of delivery." for i in range(30)
)


def test_fields_come_from_one_parse() -> None:
    html = f"""<!doctype html><html lang="en-GB"><head><title>Returns &amp; refunds</title>
    <meta name="description" content="How to return things"><meta name="viewport" content="width=device-width">
    <link rel="canonical" href="/returns/#top"></head><body>
    {CHROME.format(main=f"<h1>Returns</h1><h2>How do I send an item back?</h2><p>{ARTICLE}</p>")}
    <form role="search" action="/search"><input type="search" name="q" aria-label="Search"></form>
    <script src="https://widget.intercom.io/widget/abc"></script></body></html>"""
    page = make_page(html, "returns/")
    assert page.title == "Returns & refunds"
    assert page.lang == "en-GB"
    assert page.meta_description == "How to return things"
    assert page.canonical == "https://shop.example/returns/"
    assert page.viewport == "width=device-width"
    assert [(h.level, h.text) for h in page.headings] == [(1, "Returns"), (2, "How do I send an item back?")]
    regions = {link.url: link.region for link in page.links}
    assert regions["https://shop.example/help/"] == "nav"
    assert regions["https://shop.example/returns/"] == "footer"
    assert regions["tel:+448081570192"] == "footer"
    assert page.forms[0].is_search
    assert page.scripts[0].src == "https://widget.intercom.io/widget/abc"
    assert page.questions[0].text == "How do I send an item back?"
    assert page.touchpoint == "returns"


def test_main_text_drops_navigation_and_footer() -> None:
    page = make_page(f"<html><body>{CHROME.format(main=f'<article><p>{ARTICLE}</p></article>')}</body></html>")
    assert "Sentence number 3" in page.main_text
    assert "Help centre" not in page.main_text
    assert "0808 157 0192" not in page.main_text
    assert "0808 157 0192" in page.body_text
    assert page.words > 300


def test_short_page_falls_back_without_chrome() -> None:
    page = make_page(f"<html><body>{CHROME.format(main='<p>Gift cards never expire.</p>')}</body></html>")
    assert page.main_text == "Gift cards never expire."
    assert page.main_text_method == "fallback"


def test_faq_from_json_ld_details_and_microdata() -> None:
    html = """<html><body><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
      {"@type": "Question", "name": "Can I track my parcel?",
       "acceptedAnswer": {"@type": "Answer", "text": "<p>Yes, from your account.</p>"}}]}</script>
    <details><summary>Do you deliver abroad?</summary><p>We ship to 30 countries.</p></details>
    <div itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Brightwell</span></div>
    </body></html>"""
    page = make_page(html, "faq/")
    questions = {q.text: (q.answer, q.source) for q in page.questions}
    assert questions["Can I track my parcel?"] == ("Yes, from your account.", "structured_data")
    assert questions["Do you deliver abroad?"] == ("We ship to 30 countries.", "details")
    assert {"FAQPage", "Question", "Organization"} <= page.structured_types()
    assert page.touchpoint == "faq"


def test_invalid_json_ld_is_recorded_not_raised() -> None:
    page = make_page('<html><body><script type="application/ld+json">{"@type": "FAQPage",</script></body></html>')
    assert page.structured_data == []
    assert page.structured_data_errors and "invalid JSON-LD" in page.structured_data_errors[0]


def test_charset_from_meta_when_header_is_silent() -> None:
    body = '<html><head><meta charset="iso-8859-1"><title>Café</title></head><body></body></html>'.encode("latin-1")
    assert "Café" in decode_html(body, None)
    record = FetchRecord(url="https://a.example/", final_url="https://a.example/", status=200,
                         content_type="text/html", body=body)
    assert parse_page(record).title == "Café"


def test_broken_and_empty_markup_never_raise() -> None:
    for body in (b"", b"\x00\xff\xfe garbage", b"<html><body><div><div><p>unclosed", b"<" * 10_000,
                 b'<?xml version="1.0" encoding="utf-8"?><html><title>x</title></html>'):
        record = FetchRecord(url="https://a.example/", final_url="https://a.example/", status=200,
                             content_type="text/html", body=body)
        page = parse_page(record)
        assert isinstance(page, Page)


@pytest.mark.parametrize("markup", ["<p>&#1 in a text</p>", "<p><b>bold</b> and &#2 in a tail</p>",
                                    "<p>a text</p><div>&#11 <script>x</script> before a dropped script</div>"])
def test_control_characters_libxml2_makes_are_removed(markup: str) -> None:
    # "&#1" without its ";" becomes U+0001 in libxml2's tree, where lxml refuses to write it back
    page = make_page(f"<html><body>{markup}<script>y</script></body></html>")
    assert page.parse_error is None
    assert not any(chr(c) in page.body_text for c in range(1, 9))
    assert "in a" in page.body_text or "before a dropped script" in page.body_text


def test_round_trips_through_a_dict() -> None:
    page = make_page(f"<html lang='en'><body>{CHROME.format(main='<h1>Hi</h1><p>Text</p>')}</body></html>")
    assert Page.from_dict(page.to_dict()) == page


def test_javascript_links_are_not_links() -> None:
    page = make_page('<html><body><a href="javascript:alert(1)">x</a><a href="mailto:a@b.example">m</a></body></html>')
    assert [link.url for link in page.links] == ["mailto:a@b.example"]


def test_adjacent_elements_do_not_run_together() -> None:
    page = make_page("<html><body><footer><a href='/c'>Contact us</a><a href='/p'>Press office</a>"
                     "<p>help@shop.example</p><p>Enter</p><table><tr><td>Monday</td><td>9:00</td></tr></table>"
                     "</footer></body></html>")
    assert "Contact us Press office" in page.body_text
    assert "help@shop.example Enter" in page.body_text
    assert "Monday 9:00" in page.region_text["footer"]


def test_unparseable_urls_are_skipped_not_raised() -> None:
    page = make_page('<html><body><a href="http://[">bad</a><a href="/ok">ok</a><form action="http://[::1"></form>'
                     '<script src="http://["></script><iframe src="https://[x"></iframe></body></html>')
    assert [link.url for link in page.links] == ["https://shop.example/ok"]


def test_questions_in_plain_div_accordions() -> None:
    page = make_page("""<html><body><div class="faq">
      <div class="faq-item"><div class="faq-q">How long does delivery take?</div>
        <div class="faq-a">Three to five working days.</div></div>
      <div class="faq-item"><a href="#a2" aria-expanded="false">Can I pay by invoice?</a>
        <div id="a2">Yes, for business accounts.</div></div>
      <div class="intro">Why choose us? We care.</div></div></body></html>""", "help/")
    questions = {q.text: q.answer for q in page.questions}
    assert questions["How long does delivery take?"] == "Three to five working days."
    assert questions["Can I pay by invoice?"] == "Yes, for business accounts."
    assert not any("Why choose us" in q for q in questions)


def test_link_region_is_the_nearest_region_ancestor() -> None:
    page = make_page("""<html><body><a href="/0">top</a>
      <header><a href="/1">h</a><nav><a href="/2">n</a><div role="main"><a href="/3">m</a></div></nav>
        <a href="/4">h again</a></header>
      <div role="ContentInfo"><a href="/5">f</a><aside><a href="/6">a</a></aside></div>
      <nav role="main"><a href="/7">tag first</a></nav><div role="navigation "><a href="/8">not a role</a></div>
      <a role="navigation" href="/9">own role does not count</a></body></html>""")
    assert [(link.url.rsplit("/", 1)[1], link.region) for link in page.links] == [
        ("0", "body"), ("1", "header"), ("2", "nav"), ("3", "main"), ("4", "header"), ("5", "footer"),
        ("6", "aside"), ("7", "nav"), ("8", "body"), ("9", "body")]


def test_form_field_labels_by_for_wrapping_and_attributes() -> None:
    page = make_page("""<html><body><label for="e">First</label><label for="e">Second</label>
      <form><input id="e" name="email"><label>Wrapped <input name="n"></label>
      <input name="p" placeholder="Hint"><input id="x" name="x" aria-label="Aria"></form></body></html>""")
    assert [f.label for f in page.forms[0].fields] == ["First", "Wrapped", "Hint", "Aria"]


@pytest.mark.parametrize("base", ["https://shop.example/a/b?q=1#f", "http://user:pw@shop.example:8080/x;p/y",
                                  "https://shop.example", "mailto:a@b.example", "http://[", "", "/relative/only",
                                  "https://SHOP.example/%7Ea/"])
def test_resolving_against_the_origin_is_urljoin(base: str) -> None:
    """Root-relative hrefs resolve against a cached origin: the result must be urljoin's, for any base."""
    for href in ["/", "/x/../y", "/a;b?c#d", "//other.example/z", "/./", "/ü", "/x:y", "rel", "?q", "#f"]:
        try:
            expected: str | None = urljoin(base, href)
        except ValueError:
            expected = None
        assert _resolve(base, href) == expected, (base, href)


def test_clean_text_collapses_every_unicode_space() -> None:
    spaces = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
    assert clean_text(f"{spaces}a{spaces}b\u200bc{spaces}") == "a b\u200bc"  # zero-width space is not a space


def test_cloudflare_address_with_control_characters_is_left_alone() -> None:
    key = 0x10
    encoded = bytes([key] + [c ^ key for c in b"a\x01@b.example"]).hex()
    page = make_page(f'<html><body><span data-cfemail="{encoded}">[email protected]</span></body></html>')
    assert "[email protected]" in page.body_text


def test_block_elements_break_words_wherever_text_is_read() -> None:
    """A card link or heading wrapping blocks reads as a browser shows it; inline elements still join."""
    page = make_page("""<html><body><main>
      <a href="/help/check-in"><h3>Check in online</h3><p>From 24 hours before you fly.</p></a>
      <a href="/help/bags">Bags<div>What you can bring</div></a>
      <a href="/contact"><span>Con</span>tact <b>us</b></a>
      <h2>Opening<br>hours</h2>
      <details><summary>Do you deliver abroad?</summary><p>Yes, to 30 countries.</p><p>Duties are included.</p>
      </details>
      <form action="/s"><div>Find</div><div>an answer</div><input name="q"></form>
      </main></body></html>""", "help/")
    assert [link.text for link in page.links] == [
        "Check in online From 24 hours before you fly.", "Bags What you can bring", "Contact us"]
    assert [h.text for h in page.headings] == ["Check in online", "Opening hours"]
    assert page.questions[0].answer == "Yes, to 30 countries. Duties are included."
    assert page.forms[0].text == "Find an answer"
    assert "Check in online From 24 hours" in page.body_text


def test_json_ld_answer_paragraphs_do_not_run_together() -> None:
    page = make_page("""<html><body><script type="application/ld+json">{"@type": "FAQPage", "mainEntity": [
      {"@type": "Question", "name": "Can I return a sale item?",
       "acceptedAnswer": {"text": "<p>Yes, within 30 days.</p><p>Refunds take 5 days.</p>"}}]}</script>
      </body></html>""", "faq/")
    assert page.questions[0].answer == "Yes, within 30 days. Refunds take 5 days."


def _accordion(*labels: str) -> str:
    """An ARIA accordion of ``labels``, each opening a panel of answer prose."""
    return "".join(
        f'<div class="item"><h3><button aria-expanded="false" aria-controls="{label[:4]}">{label}'
        f'</button></h3><div id="{label[:4]}" hidden><p>Here is the answer to {label.lower()}, in a sentence.</p>'
        f'</div></div>' for label in labels)


def test_topic_worded_accordion_toggles_are_questions_in_an_faq_context() -> None:
    # an accordion of several toggles is an FAQ context wherever it is
    group = make_page(f"<html><body><main><h1>Mobile</h1><div class='accordion'>"
                      f"{_accordion('Bringing your number with you', 'Delivery times', 'Heading overseas?')}"
                      f"</div></main></body></html>", "mobile/")
    questions = {q.text: q.answer for q in group.questions}
    assert questions["Bringing your number with you"] == (
        "Here is the answer to bringing your number with you, in a sentence.")
    assert "Delivery times" in questions and "Heading overseas?" in questions
    # one toggle is enough on a help page, under an FAQ heading, or with FAQPage data
    single = _accordion("Bringing your number with you")
    assert [q.text for q in make_page(f"<html><body><main>{single}</main></body></html>", "help/mobile/").questions] \
        == ["Bringing your number with you"]
    assert make_page(f"<html><body><main><h2>FAQs</h2>{single}</main></body></html>", "mobile/").questions
    faq_data = '<script type="application/ld+json">{"@type": "FAQPage", "mainEntity": []}</script>'
    assert make_page(f"<html><body>{faq_data}<main>{single}</main></body></html>", "mobile/").questions
    # <details> and CMS accordion classes without ARIA, in their place among the page's questions
    page = make_page("""<html><body><main><h1>Orders</h1>
      <details><summary>Delivery times</summary><p>Orders placed by 2pm arrive the next working day.</p></details>
      <details><summary>Can I change my order?</summary><p>Yes, until it is packed.</p></details>
      <div class="faq-item"><div class="faq-item__question">Paying by invoice</div>
        <div class="faq-item__answer">Business accounts can pay within 30 days.</div></div>
      </main></body></html>""", "help/orders/")
    assert [(q.text, q.source) for q in page.questions] == [
        ("Delivery times", "details"), ("Can I change my order?", "details"), ("Paying by invoice", "accordion")]
    assert page.questions[0].answer == "Orders placed by 2pm arrive the next working day."


def test_lone_disclosures_controls_and_chrome_are_not_questions() -> None:
    # a single topic toggle outside any FAQ context: a product page's details, a blog's aside
    product = make_page(f"<html><body><main><h1>Trail shoe</h1>{_accordion('Delivery and returns')}"
                        f"<details><summary>Materials</summary><p>Recycled mesh upper and a rubber sole.</p>"
                        f"</details></main></body></html>", "products/trail-shoe/")
    assert product.questions == []
    # a product page's accordion describes the product, however many items it has
    specs = make_page(f"<html><body><main><h1>Trail shoe</h1>{_accordion('Fit and sizing', 'Materials', 'Care')}"
                      f"{_accordion('Delivery and returns')}</main></body></html>", "products/trail-shoe/")
    assert specs.questions == []
    # control labels, even on a help page and in a group
    controls = make_page(f"<html><body><main>{_accordion('Show more', 'Read more', 'Menu')}</main></body></html>",
                         "help/")
    assert controls.questions == []
    # menus in the header, a consent banner's sections, tabs and menu buttons, even in groups of three
    menu_buttons = _accordion("Account", "Orders", "Wishlist").replace(
        "aria-expanded", 'aria-haspopup="menu" aria-expanded')
    menus = make_page(f"""<html><body><header><nav>{_accordion('Sofas', 'Beds', 'Bedding')}</nav></header>
      <div id="cookie-banner">{_accordion('Strictly necessary', 'Analytics', 'Marketing')}</div>
      <main><div role="tablist">{_accordion('Description', 'Specifications', 'Delivery')}</div>
      {menu_buttons}
      </main></body></html>""", "help/")
    assert menus.questions == []
    # a panel that is a list of links (a mega menu) or a category holding its own toggles is no answer
    links = make_page("""<html><body><main>
      <button aria-expanded="false">Our ranges</button><div><a href="/a">Sofas and armchairs</a>
        <a href="/b">Beds and mattresses</a></div>
      <div class="accordion"><div class="accordion-header">Delivery</div><div class="accordion-body">
        <button aria-controls="d1">Next day delivery</button><div id="d1">Order by 2pm for delivery tomorrow.</div>
      </div></div></main></body></html>""", "help/")
    assert [q.text for q in links.questions] == ["Next day delivery"]


CHROME_LAYOUTS = [
    CHROME,
    # tails after chrome, chrome as the first child, an aside inside the article
    "<nav><a href='/a/'>A</a></nav>tail text<main>{main}<aside>Related: gift cards</aside>after</main>"
    "<footer>Footer</footer>end",
    # a nav holding an h1, a nav inside a figure, nested navs: trafilatura reads these before deleting them
    "<nav><h1>Brand</h1></nav><figure><nav>Figure nav</nav></figure><main>{main}</main>"
    "<footer><nav><nav>Deep</nav></nav></footer>",
    # a JSON-LD script in the footer (trafilatura's forum detection reads it)
    "<main>{main}</main><footer><script type='application/ld+json'>{{}}</script>Footer</footer>",
]


@pytest.mark.parametrize("layout", CHROME_LAYOUTS)
def test_main_text_is_trafilaturas_own_and_the_tree_is_left_as_it_was(layout: str) -> None:
    """Chrome is taken out before trafilatura sees the tree (it would delete it anyway, after costly passes
    over it): the text must be exactly what trafilatura gives for the whole tree, and the tree whole again."""
    import copy

    import trafilatura
    from lxml import html as lxml_html

    from auditor.page import _main_text, _paragraphs, _trafilatura_options

    root = lxml_html.document_fromstring(f"<html><body>{layout.format(main=f'<p>{ARTICLE}</p>')}</body></html>")
    before = lxml_html.tostring(root)
    expected = trafilatura.extract(copy.deepcopy(root), options=_trafilatura_options())
    text, method = _main_text(root, root.find("body"))
    assert method == "trafilatura"
    assert text == _paragraphs(expected)
    assert lxml_html.tostring(root) == before


def test_stored_form_is_the_dataclass_fields_as_plain_data() -> None:
    """to_dict walks the model itself (asdict deep-copied every leaf): the stored form must stay what asdict
    gives, field for field, and read back to an equal page."""
    from dataclasses import asdict, replace

    from auditor.a11y import A11yArtefacts

    html = f"""<html lang="en"><head><title>FAQ</title><script type="application/ld+json">
    {{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [{{"@type": "Question",
      "name": "Can I return it?", "acceptedAnswer": {{"@type": "Answer", "text": "Yes, within 30 days."}}}}]}}
    </script></head><body>{CHROME.format(main=f"<h1>FAQ</h1><p>{ARTICLE}</p>")}
    <form action="/contact"><label>Email <input type="email" name="email"></label></form>
    <img src="/logo.png" alt="Logo"></body></html>"""
    page = make_page(html, "faq/")
    expected = asdict(replace(page, a11y=A11yArtefacts()))
    expected["a11y"] = page.a11y.to_dict()
    stored = page.to_dict()
    assert stored == expected and list(stored) == list(expected)
    assert page.forms and page.questions and page.structured_data
    assert Page.from_dict(stored) == page
