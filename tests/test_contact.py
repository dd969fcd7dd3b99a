"""Contact accessibility check, on small inline sites. Numbers are fictional (Ofcom drama ranges)."""

from __future__ import annotations

import json
import re

from auditor.config import AuditConfig
from auditor.crawl.record import FetchRecord
from auditor.findings import Finding, Severity, Status
from auditor.page import parse_page
from auditor.site import Site
from auditor.touchpoints import classify
from checks import contact

START = "https://shop.example/"
NAV = ("<header><nav><a href='/'>Home</a> <a href='/help/'>Help</a> <a href='/contact/'>Contact us</a></nav>"
       "</header>")
FOOTER = "<footer><a href='https://www.facebook.com/shop'>Facebook</a></footer>"
CONTACT = (
    NAV + "<main><h1>Contact us</h1>"
    "<p>Customer service: call free on <a href='tel:08081570192'>0808 157 0192</a>. Lines are open Monday to "
    "Friday 8am to 8pm (UK time).</p>"
    "<p>Email <a href='mailto:help@shop.example'>help@shop.example</a>. We reply within 1 working day.</p>"
    "<p>Our address: 1 High Street, London SW1A 1AA.</p>"
    "<form action='/send' method='post'><label for='e'>Your email</label><input id='e' type='email' name='email'>"
    "<label for='m'>Message</label><textarea id='m' name='message'></textarea><button>Send</button></form>"
    "</main>" + FOOTER
)
HOME = NAV + "<main><h1>Welcome</h1><p>Shop with us.</p></main>" + FOOTER
HELP = NAV + "<main><h1>Help centre</h1><p>Answers to common questions.</p></main>" + FOOTER


def build_site(pages: dict[str, str], statuses: dict[str, int] | None = None) -> Site:
    built = []
    for path, body in pages.items():
        url = START.rstrip("/") + path
        html = f"<html lang='en-GB'><head><title>{path}</title></head><body>{body}</body></html>"
        status = (statuses or {}).get(path, 200)
        page = parse_page(FetchRecord(url=url, final_url=url, status=status, content_type="text/html",
                                      body=html.encode()))
        page.touchpoint = classify(page, START)
        built.append(page)
    return Site(START, built)


def run(site: Site) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for finding in contact.run(site, AuditConfig()):
        found.setdefault(finding.rule, []).append(finding)
    return found


def one(findings: dict[str, list[Finding]], rule: str) -> Finding:
    (finding,) = findings[rule]
    return finding


def test_a_well_served_site_passes_every_rule() -> None:
    findings = run(build_site({"/": HOME, "/contact/": CONTACT, "/help/": HELP}))
    phone = one(findings, "contact.phone")
    assert phone.status is Status.PASS
    assert "toll-free" in phone.message
    assert phone.data["phones"][0] == {"number": "+448081570192", "display": "0808 157 0192", "kind": "toll_free",
                                       "purpose": "service", "url": "https://shop.example/contact/",
                                       "source": "tel_link"}
    assert one(findings, "contact.email").status is Status.PASS
    form = one(findings, "contact.form")
    assert form.status is Status.PASS and form.evidence[0].url == "https://shop.example/contact/"
    assert one(findings, "contact.chat").status is Status.NOT_APPLICABLE
    channels = one(findings, "contact.channels")
    assert channels.status is Status.PASS and channels.score == 1.0
    assert channels.data["channels"] == ["phone", "email", "form", "social", "postal"]
    hours = one(findings, "contact.hours")
    assert hours.status is Status.PASS and "UK time" in hours.message
    assert hours.evidence[0].measured == "Monday to Friday 8am to 8pm"
    response = one(findings, "contact.response_time")
    assert response.status is Status.PASS and response.evidence[0].measured == "1 working day"
    depth = one(findings, "contact.click_depth")
    assert (depth.status, depth.data["clicks"], depth.evidence[0].measured) == (Status.PASS, 1, 1)
    assert one(findings, "contact.help_click_depth").status is Status.PASS
    per_page = findings["contact.link_every_page"]
    assert [f.location for f in per_page] == [START, START + "contact/", START + "help/"]
    assert all(f.status is Status.PASS for f in per_page)


def test_premium_rate_number_fails_as_costly() -> None:
    body = NAV + "<main><h1>Contact us</h1><p>Helpline: 0906 123 4567 (calls cost £1.50 a minute).</p></main>"
    phone = one(run(build_site({"/": HOME, "/contact/": body})), "contact.phone")
    assert phone.status is Status.FAIL
    assert phone.severity is Severity.HIGH
    assert "costly to call" in phone.message


def test_press_number_alone_is_not_customer_service_and_no_phone_means_no_hours_needed() -> None:
    body = NAV + "<main><h1>Contact us</h1><p>Press office: 020 7946 0999.</p></main>"
    findings = run(build_site({"/": HOME, "/contact/": body}))
    phone = one(findings, "contact.phone")
    assert phone.status is Status.FAIL
    assert phone.data["phones"][0]["purpose"] == "press"
    assert one(findings, "contact.hours").status is Status.NOT_APPLICABLE
    assert one(findings, "contact.response_time").status is Status.NOT_APPLICABLE


def test_phone_without_hours_fails_and_email_without_promise_fails() -> None:
    body = NAV + "<main><h1>Contact us</h1><p>Call 020 7946 0321 or email help@shop.example.</p></main>"
    findings = run(build_site({"/": HOME, "/contact/": body}))
    assert one(findings, "contact.hours").status is Status.FAIL
    assert one(findings, "contact.response_time").status is Status.FAIL


def test_channels_score_counts_distinct_channels() -> None:
    body = NAV + "<main><h1>Contact us</h1><p>Email help@shop.example.</p></main>"
    channels = one(run(build_site({"/": NAV + "<p>Hi</p>", "/contact/": body})), "contact.channels")
    assert channels.status is Status.FAIL
    assert channels.data["channels"] == ["email"]
    assert channels.score == 0.3333


def test_chat_signatures_tag_managers_and_possible_widgets() -> None:
    def chat(script: str) -> Finding:
        return one(run(build_site({"/": HOME + script, "/contact/": CONTACT})), "contact.chat")

    intercom = chat("<script src='https://widget.intercom.io/widget/abc123'></script>")
    assert intercom.status is Status.PASS and intercom.evidence[0].measured == "Intercom"
    inline = chat("<script>(function(){var s=document.createElement('script');"
                  "s.src='https://embed.tawk.to/123/default';})();</script>")
    assert inline.status is Status.PASS
    hubspot = chat("<script src='https://js.hs-scripts.com/123.js'></script>")
    assert hubspot.status is Status.NEEDS_REVIEW
    gtm = chat("<script>(function(w,d){j.src='https://www.googletagmanager.com/gtm.js?id='+i;})"
               "(window,document);</script>")
    assert gtm.status is Status.UNKNOWN
    assert "tag manager may load a chat widget" in gtm.message
    assert gtm.score is None
    none = chat("")
    assert none.status is Status.NOT_APPLICABLE and none.message == "No chat widget found."


def test_chat_counts_as_a_channel() -> None:
    body = NAV + "<main><h1>Contact us</h1><p>Hi</p></main><script src='https://code.tidio.co/x.js'></script>"
    channels = one(run(build_site({"/": NAV, "/contact/": body})), "contact.channels")
    assert channels.data["channels"] == ["chat"]


def test_search_and_newsletter_forms_are_not_contact_forms() -> None:
    body = (NAV + "<main><h1>Contact us</h1>"
            "<form role='search'><input type='search' name='q'></form>"
            "<form><p>Sign up for our newsletter</p><input type='email' name='email'><input name='name'></form>"
            "<p>Messaging: <a href='https://wa.me/447700900123'>WhatsApp</a> or <a href='sms:+447700900123'>text"
            "</a></p></main>")
    findings = run(build_site({"/": HOME, "/contact/": body}))
    assert one(findings, "contact.form").status is Status.FAIL
    assert "messaging" in one(findings, "contact.channels").data["channels"]


def test_deep_and_unreachable_contact_pages_fail_click_depth() -> None:
    deep = {
        "/": "<main><a href='/a/'>A</a></main>",
        "/a/": "<main><a href='/a/b/'>B</a></main>",
        "/a/b/": "<main><a href='/contact/'>Get in touch</a></main>",
        "/contact/": CONTACT,
        "/help/": HELP,
    }
    findings = run(build_site(deep))
    depth = one(findings, "contact.click_depth")
    assert (depth.status, depth.data["clicks"], depth.evidence[0].measured) == (Status.FAIL, 3, 3)
    assert depth.score == 0.5
    # /help/ is linked from the contact page, so it is one click further.
    assert one(findings, "contact.help_click_depth").data["clicks"] == 4

    orphan = run(build_site({"/": "<main><p>No links</p></main>", "/contact/": CONTACT}))
    unreachable = one(orphan, "contact.click_depth")
    assert unreachable.status is Status.FAIL and unreachable.data["clicks"] is None
    assert one(orphan, "contact.help_click_depth").status is Status.FAIL


def test_help_click_depth_prefers_the_index_page() -> None:
    pages = {"/": HOME, "/contact/": CONTACT, "/help/": HELP + "<a href='/help/returns'>Returns help</a>",
             "/help/returns": NAV + "<main><h1>How to return</h1></main>"}
    depth = one(run(build_site(pages)), "contact.help_click_depth")
    assert depth.data == {"clicks": 1, "url": "https://shop.example/help/"}


def test_every_page_needs_a_help_link_in_its_chrome() -> None:
    pages = {
        "/": HOME,
        "/contact/": CONTACT,
        "/landing": "<main><p>Big offer. <a href='/contact/'>Contact us</a></p></main>",
        "/support-footer": "<main><p>Text</p></main><footer><a href='/x'>Customer service</a></footer>",
        "/gone": NAV,
    }
    findings = run(build_site(pages, statuses={"/gone": 404}))
    by_location = {f.location: f for f in findings["contact.link_every_page"]}
    assert START + "gone" not in by_location
    landing = by_location[START + "landing"]
    assert landing.status is Status.FAIL and landing.url == START + "landing"
    assert by_location[START + "support-footer"].status is Status.PASS
    assert by_location[START + "support-footer"].data["link"]["region"] == "footer"


def test_page_channels_cover_every_channel_type() -> None:
    page = build_site({"/contact/": (
        "<main><h1>Contact</h1><p>Call 020 7946 0321. Fax: 020 7946 0322.</p>"
        "<p>Email help [at] shop [dot] example.</p>"
        "<p><a href='https://bcrw.apple.com/urn:biz:abc'>Apple Messages</a> <a href='https://t.me/shop'>Telegram</a></p>"
        "<p>Write to us: 1 High Street, London SW1A 1AA.</p><p><a href='/stores'>Find a store</a></p></main>"
        "<footer><a href='https://www.facebook.com/sharer/sharer.php?u=x'>Share</a>"
        "<a href='https://www.pinterest.co.uk/shop/'>Pinterest</a></footer>"
        "<script src='https://www.googletagmanager.com/gtm.js?id=GTM-1'></script>")}).pages[0]
    found = {(c.type, c.value) for c in contact.page_channels(page)}
    assert found == {("phone", "+442079460321"), ("email", "help@shop.example"), ("messaging", "Apple Messages"),
                     ("messaging", "Telegram"), ("postal", "SW1A 1AA"), ("in_person", "in person"),
                     ("social", "Pinterest"), ("chat", "unknown")}


def test_customer_delivery_address_is_not_a_postal_channel() -> None:
    page = build_site({"/order": "<main><h2>Delivery address</h2><p>14 Acacia Avenue, London SW1A 2AA</p></main>"}
                      ).pages[0]
    assert contact.postal_addresses(page) == []


def test_site_channels_list_pages_per_channel() -> None:
    rows = contact.site_channels(build_site({"/": HOME, "/contact/": CONTACT, "/help/": HELP}))
    by_type = {(r["type"], r["value"]): r["urls"] for r in rows}
    assert by_type[("social", "Facebook")] == [START, START + "contact/", START + "help/"]
    assert by_type[("phone", "+448081570192")] == [START + "contact/"]
    assert [r["type"] for r in rows] == sorted((r["type"] for r in rows), key=contact.CHANNELS.index)


def test_call_cost_needed_for_paid_numbers_only() -> None:
    free = one(run(build_site({"/": HOME, "/contact/": CONTACT})), "contact.call_cost")
    assert free.status is Status.NOT_APPLICABLE
    silent = NAV + "<main><h1>Contact us</h1><p>Customer service: 0345 777 0123.</p></main>"
    fail = one(run(build_site({"/": HOME, "/contact/": silent})), "contact.call_cost")
    assert fail.status is Status.FAIL
    assert "geographic-rate" in fail.message and fail.evidence[0].measured == "0345 777 0123 (geographic-rate)"
    stated = NAV + ("<main><h1>Contact us</h1><p>Customer service: 0345 777 0123. Calls cost the same as a call "
                    "to an 01 or 02 number.</p></main>")
    ok = one(run(build_site({"/": HOME, "/contact/": stated})), "contact.call_cost")
    assert ok.status is Status.PASS and ok.evidence[0].snippet == "Calls cost"


def _chrome(order: list[str]) -> str:
    links = {"home": "<a href='/'>Home</a>", "shop": "<a href='/shop'>Shop</a>",
             "help": "<a href='/help/'>Help</a>", "about": "<a href='/about'>About</a>"}
    return "<header><nav>" + " ".join(links[name] for name in order) + "</nav></header>"


def test_consistent_help_passes_when_order_is_stable_and_fails_naming_the_moved_page() -> None:
    same = ["home", "shop", "help", "about"]
    pages = {"/": _chrome(same) + "<main>Hi</main>", "/shop": _chrome(same), "/about": _chrome(same),
             "/help/": _chrome(same)}
    assert one(run(build_site(pages)), "contact.consistent_help").status is Status.PASS
    pages["/about"] = _chrome(["home", "shop", "about", "help"])
    moved = one(run(build_site(pages)), "contact.consistent_help")
    assert moved.status is Status.FAIL
    assert [e.url for e in moved.evidence] == [START + "about"]
    assert moved.evidence[0].measured == "nav link 4 of 4" and moved.evidence[0].target.startswith("nav link 3")


def test_consistent_help_on_a_different_template_needs_review() -> None:
    same = ["home", "shop", "help", "about"]
    landing = ("<header><nav><a href='/offer'>Offer</a> <a href='/terms'>Terms</a> <a href='/faq'>FAQ</a> "
               "<a href='/help/'>Help</a></nav></header>")
    pages = {"/": _chrome(same), "/shop": _chrome(same), "/help/": _chrome(same), "/landing": landing}
    review = one(run(build_site(pages)), "contact.consistent_help")
    assert review.status is Status.NEEDS_REVIEW
    assert [e.url for e in review.evidence] == [START + "landing"]
    assert one(run(build_site({"/": "<main>No chrome</main>"})), "contact.consistent_help").status is (
        Status.NOT_APPLICABLE)


def test_bad_pages_give_clean_results() -> None:
    pages = {
        "/": "",
        "/images": "<main><img src='/a.png'><img src='/b.png' alt=''></main>",
        "/broken": "<div><p>Call <b>020 7946 0654<p>or <table><tr><td>Sunday closed",
        "/mixed": "<p lang='en'>UK customers: call 020 7946 0111.</p><p lang='de'>Montag bis Freitag 8–18 Uhr</p>",
    }
    findings = run(build_site(pages))
    assert all(f.status in Status for group in findings.values() for f in group)
    assert one(findings, "contact.consistent_help").status is Status.NOT_APPLICABLE
    assert one(findings, "contact.click_depth").status is Status.FAIL
    empty = run(build_site({"/": ""}))
    assert one(empty, "contact.call_cost").status is Status.NOT_APPLICABLE
    assert one(empty, "contact.hours").status is Status.NOT_APPLICABLE


def _channels_of(body: str, path: str = "/contact/", head: str = "", lang: str = "en-GB") -> set[tuple[str, str]]:
    url = START.rstrip("/") + path
    html = f"<html lang='{lang}'><head><title>t</title>{head}</head><body>{body}</body></html>"
    page = parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html", body=html.encode()))
    return {(c.type, c.value) for c in contact.page_channels(page)}


def test_billing_delivery_and_web_host_addresses_are_not_the_business_address() -> None:
    assert _channels_of("<main><p>Delivering to: 3 Mill Lane, Leeds LS2 7HY</p>"
                        "<p>Bill to: 9 Rose Street, Leeds LS6 2AB</p><p>Billing address 4 Elm Road, York YO1 7HH"
                        "</p></main>", "/checkout") == set()
    legal = _channels_of(
        "<main><h1>Mentions légales</h1><p>Éditeur : Maison Test SAS, 10 rue des Lilas, 75011 Paris.</p>"
        "<p>Hébergeur : Hôte Exemple SAS, 2 rue du Serveur, 59100 Roubaix.</p>"
        "<p>Hosted by Example Cloud Ltd, 1 Data Way, Slough SL1 4AX.</p></main>", "/legal", lang="fr-FR")
    assert {value for kind, value in legal if kind == "postal"} == {"75011"}


def test_australian_and_return_addresses_with_unit_lines() -> None:
    found = _channels_of("<main><p>Our office: Level 3, 100 George Street, Sydney NSW 2000</p>"
                         "<p>Post returns to: Returns Dept, Unit 7, Parkside Industrial Estate, Leeds LS11 5QR</p>"
                         "<p>Send it to Suite 12, Harbour House, Cork T12 X2Y3</p></main>")
    assert {value for kind, value in found if kind == "postal"} == {"2000", "LS11 5QR", "T12 X2Y3"}


def test_invitations_to_visit_a_store_in_several_languages() -> None:
    for body, lang in [("<p>Visit a Larkspur store for a fitting.</p>", "en-GB"),
                       ("<p>Pop in to your local branch and ask.</p>", "en-GB"),
                       ("<p>Kom langs in de winkel in Utrecht.</p>", "nl-NL"),
                       ("<p>Bezoekadres: Oudegracht 1, Utrecht</p>", "nl-NL"),
                       ("<p>Besuchen Sie uns in unserer Filiale am Markt.</p>", "de-DE"),
                       ("<p>Retrait gratuit en magasin. Venez nous voir !</p>", "fr-FR")]:
        assert ("in_person", "in person") in _channels_of(f"<main>{body}</main>", lang=lang), body
    for body in ("<p>Visit our online store for the full range.</p>", "<p>Besuchen Sie uns auf Facebook.</p>",
                 "<p>Notre filiale du groupe est à Lyon.</p>"):
        assert ("in_person", "in person") not in _channels_of(f"<main>{body}</main>"), body


def test_structured_data_phone_email_and_same_as_profiles_count() -> None:
    data = {"@context": "https://schema.org", "@type": "LocalBusiness", "name": "Shop",
            "telephone": "+44 20 7946 0321", "email": "care@shop.example",
            "sameAs": ["https://www.instagram.com/shop/", "https://www.linkedin.com/company/shop"]}
    found = _channels_of("<main><p>Hello</p></main>", "/about",
                         head=f"<script type='application/ld+json'>{json.dumps(data)}</script>")
    assert {("phone", "+442079460321"), ("email", "care@shop.example"), ("social", "Instagram"),
            ("social", "LinkedIn")} <= found


def test_share_links_videos_and_posts_are_not_contact_channels() -> None:
    found = _channels_of(
        "<main><a href='https://wa.me/?text=Look%20at%20this'>Share on WhatsApp</a>"
        "<a href='https://api.whatsapp.com/send?text=hi'>Send</a>"
        "<a href='https://www.youtube.com/watch?v=abc123'>Our video</a><a href='https://youtu.be/abc123'>Video</a>"
        "<a href='https://www.instagram.com/p/Cx123/'>Post</a><a href='https://x.com/shop/status/123'>Tweet</a>"
        "<a href='https://www.facebook.com/dialog/share?href=x'>Share</a></main>")
    assert found == set()
    assert _channels_of("<main><a href='https://wa.me/447700900123?text=Hi'>WhatsApp us</a>"
                        "<a href='https://www.youtube.com/@shop'>YouTube</a></main>") == {
        ("messaging", "WhatsApp"), ("social", "YouTube")}


def test_apple_messages_for_business_host() -> None:
    assert contact.link_channel("https://bcrw.apple.com/urn:biz:1234") == ("messaging", "Apple Messages")


def test_canadian_postcodes_and_street_words_glued_or_first() -> None:
    found = _channels_of("<main><p>Head office: 123 Front Street West, Toronto, ON M5J 2M2</p>"
                         "<p>Bureau de Montréal : 1000, rue Sherbrooke Ouest, Montréal (Québec) H3A 3G4</p></main>")
    assert {value for kind, value in found if kind == "postal"} == {"M5J 2M2", "H3A 3G4"}
    dutch = _channels_of("<footer><p>Fietsplaats B.V. · Prinsengracht 263 · 1016 GV Amsterdam</p>"
                         "<p>Magazijn · Havenkade 4 · 3011 AB Rotterdam</p></footer>", lang="nl-NL")
    assert {value for kind, value in dutch if kind == "postal"} == {"1016 GV", "3011 AB"}
    iberian = _channels_of("<main><p>Passeig de Gràcia 55, 08007 Barcelona</p><p>Avinguda Diagonal 400, 08037 "
                           "Barcelona</p><p>C/ Mayor 12, 28013 Madrid</p></main>", lang="es-ES")
    assert {value for kind, value in iberian if kind == "postal"} == {"08007", "08037", "28013"}
    # a postcode-shaped code with no address around it is not an address
    assert not any(kind == "postal" for kind, _ in _channels_of("<main><p>Voucher code K1A 0B1 saves 10%.</p></main>"))


def test_walk_in_wording_agencies_and_pharmacies_are_places_to_visit() -> None:
    for body, lang in [("<p>Drop in for a free blood-pressure check.</p>", "en-IE"),
                       ("<p>Walk-ins welcome every morning.</p>", "en-GB"),
                       ("<p>Visit us in person and try the beds.</p>", "en-GB"),
                       ("<a href='/pharmacies'>Find a pharmacy</a>", "en-GB"),
                       ("<p>Nos conseillers vous reçoivent en agence, sur rendez-vous.</p>", "fr-FR"),
                       ("<p>Atención personal en oficina de lunes a viernes.</p>", "es-ES")]:
        assert ("in_person", "in person") in _channels_of(f"<main>{body}</main>", lang=lang), body
    for body in ("<p>We saw a drop in prices for the new range.</p>", "<p>Our walk-in shower trays ship free.</p>",
                 "<p>Ouvrez votre compte avec notre agence en ligne.</p>"):
        assert ("in_person", "in person") not in _channels_of(f"<main>{body}</main>"), body


def test_regional_chat_hosts_match_their_vendor() -> None:
    def chat(src: str) -> set[tuple[str, str]]:
        return {c for c in _channels_of("<main><p>Hi</p></main>", head=f"<script src='{src}'></script>")
                if c[0] == "chat"}

    assert chat("//js-eu1.hs-scripts.com/25123456.js") == {("chat", "possible:HubSpot")}
    assert chat("https://js-eu1.usemessages.com/conversations-embed.js") == {("chat", "HubSpot")}
    assert chat("https://wchat.in.freshchat.com/js/widget.js") == {("chat", "Freshchat")}
    assert chat("https://salesiq.zoho.eu/widget") == {("chat", "Zoho SalesIQ")}


def test_four_digit_and_portuguese_postcodes_need_an_evident_address() -> None:
    assert ("postal", "3011") in _channels_of("<main><p>Bundesgasse 12, 3011 Bern</p></main>", lang="de-CH")
    assert ("postal", "4000-123") in _channels_of("<main><p>Rua das Flores 5, 4000-123 Porto</p></main>",
                                                  lang="pt-PT")
    assert ("postal", "3010") in _channels_of("<main><p>8 Queen Street, Hamilton Central, Hamilton 3010</p>"
                                              "</main>", lang="en-NZ")
    assert ("postal", "10115") in _channels_of("<main><p>Lindenhof 3<br>10115 Berlin</p></main>", lang="de")
    years = _channels_of("<main><p>Founded 1998 Brighton. Tickets 2024 London from £5. Call 0161 496 0123 "
                         "Monday.</p></main>")
    assert not {value for kind, value in years if kind == "postal"}


def test_a_place_described_in_its_own_words_or_marked_up_as_a_local_business_is_in_person() -> None:
    visits = ["<p>Call in to our front office on Mill Road, no appointment needed.</p>",
              "<h2>Contatti</h2><p>Vieni a trovarci presso la nostra sede di Torino.</p>",
              "<h2>Loja</h2><p>Balcão de atendimento: Rua Nova 3, Braga.</p>",
              "<h2>Anfahrt</h2><p>Mit der S-Bahn bis Hauptbahnhof.</p>",
              "<p>Visitor parking for patients behind the surgery.</p>",
              "<h1>Succursale de Fribourg</h1>"]
    for body in visits:
        assert ("in_person", "in person") in _channels_of(f"<main>{body}</main>"), body
    microdata = ("<main><div itemscope itemtype='https://schema.org/ExerciseGym'><span itemprop='name'>Gym</span>"
                 "<div itemprop='address' itemscope itemtype='https://schema.org/PostalAddress'>"
                 "<span itemprop='postalCode'>LS1 4AP</span></div></div></main>")
    assert ("in_person", "in person") in _channels_of(microdata)
    assert ("in_person", "in person") not in _channels_of("<main><p>Find us on Instagram.</p></main>")


def test_liveperson_chat_is_recognised_by_its_tag() -> None:
    head = "<script>window.lpTag = window.lpTag || {};</script>"
    assert ("chat", "LivePerson") in _channels_of("<main><p>Chat with us.</p></main>", head=head)


def test_visits_invited_in_other_languages_count_as_in_person() -> None:
    for body, lang in [("<main><p>Ven a vernos a la academia o llámanos.</p></main>", "es-ES"),
                       ("<main><p>Komm einfach vorbei, die Anmeldung ist im Büro möglich.</p></main>", "de-AT"),
                       ("<main><h2>Besøg os</h2><p>Rådhuspladsen 1</p></main>", "da-DK"),
                       ("<main><p>Du finner oss i Storgata 5, 0155 Oslo.</p></main>", "nb-NO"),
                       ("<main><p>Välkommen till vårt kundcenter på Drottninggatan 2.</p></main>", "sv-SE"),
                       ("<main><p>Nous vous recevons sur rendez-vous dans nos bureaux.</p></main>", "fr-FR"),
                       ("<main><h2>Visit us</h2><p>12 High Street, Leeds LS1 4AB</p></main>", "en-GB"),
                       ("<main><p>Or visit a customer service centre near you.</p></main>", "en-AU")]:
        assert ("in_person", "in person") in _channels_of(body, lang=lang), body


def test_visit_us_online_in_nordic_languages_is_not_in_person() -> None:
    assert ("in_person", "in person") not in _channels_of("<main><p>Besøk oss på Facebook.</p></main>", lang="nb-NO")


def test_giosg_genesys_and_trengo_chat_and_xing_are_recognised() -> None:
    head = ("<script src='https://service.giosg.com/live2/abc'></script>"
            "<script src='https://apps.mypurecloud.ie/genesys-bootstrap/genesys.min.js'></script>"
            "<script>var s=document.createElement('script');s.src='https://static.widget.trengo.eu/embed.js';</script>")
    found = _channels_of("<main><a href='https://www.xing.com/pages/acme'>XING</a></main>", head=head)
    assert {("chat", "giosg"), ("chat", "Genesys"), ("chat", "Trengo"), ("social", "XING")} <= found


def test_hours_on_a_site_in_an_unsupported_language_are_not_reported_missing() -> None:
    html = ("<html lang='cs'><head><title>Kontakt</title></head><body><main><h1>Kontakt</h1>"
            "<p>Zavolejte: +420 222 123 456</p><p>Pondělí–pátek 8–16</p></main></body></html>")
    url = START.rstrip("/") + "/kontakt"
    page = parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html", body=html.encode()))
    page.touchpoint = classify(page, START)
    found = contact.run(Site(start_url=START, pages=[page]), AuditConfig())
    hours = next(f for f in found if f.rule == "contact.hours")
    assert hours.status is Status.NEEDS_REVIEW
    assert "page language cs not supported" in hours.message


def test_chat_vendors_of_local_services_and_libraries_are_recognised() -> None:
    head = ("<script src='https://connect.podium.com/widget.js#ORG_TOKEN=abc' id='podium-widget'></script>"
            "<script src='https://library.libanswers.com/load_chat.php?hash=abc'></script>"
            "<script src='https://oc-cdn-public.azureedge.net/livechatwidget/scripts/LiveChatBootstrapper.js'></script>")
    found = _channels_of("<main><p>Ask us.</p></main>", head=head)
    assert {("chat", "Podium"), ("chat", "LibAnswers"), ("chat", "Microsoft Dynamics 365")} <= found


def _postcodes(body: str, lang: str = "en-GB") -> set[str]:
    return {value for kind, value in _channels_of(f"<main>{body}</main>", lang=lang) if kind == "postal"}


def test_postcodes_are_read_with_the_grammar_of_the_pages_country() -> None:
    assert _postcodes("<p>Norrsken Energi AB · Box 1234, 111 52 Stockholm</p>", "sv") == {"111 52"}
    assert _postcodes("<p>Du finner oss i Økernveien 94, 0579 Oslo.</p>", "nb") == {"0579"}
    assert _postcodes("<p>181 Orchard Road, #03-18, Singapore 238896</p>", "en-SG") == {"238896"}
    assert _postcodes("<p>Registered Office: Sahyadri Towers, Senapati Bapat Marg, Mumbai 400013.</p>",
                      "en-IN") == {"400013"}
    assert _postcodes("<p>Head office: Fynbos House, 8 Bree Street, Cape Town, 8001</p>", "en-ZA") == {"8001"}
    assert _postcodes("<p>Åboulevarden 41, 1. sal 8000 Aarhus C</p>", "da") == {"8000"}
    assert _postcodes("<p>Visit us 14 Leith Walk Edinburgh EH6 5DT</p>") == {"EH6 5DT"}
    assert _postcodes("<p>Kranich Paket GmbH · Frankfurter Straße 12 · 65760 Eschborn</p>", "de") == {"65760"}
    # a Swedish-looking code on an English page is not read as one
    assert _postcodes("<p>Ticket 111 35 Stockholm Road</p>") == set()


def test_box_suite_and_licence_numbers_are_not_postcodes() -> None:
    assert _postcodes("<p>Send claims to: Attn: Appeals, P.O. Box 30412 Tampa, FL 33630</p>", "en-US") == {"33630"}
    assert _postcodes("<p>Ledgerly, Inc. · 500 Boylston St, Suite 1300 · Boston, MA 02116</p>", "en-US") == {"02116"}
    assert _postcodes("<p>2201 S Lamar Blvd · TX License 31245 Request an appointment</p>", "en-US") == set()


def test_a_guarantors_or_regulators_address_is_not_the_business_address() -> None:
    body = ("<p>Agence Erdre, 2 quai de la Fosse, 44000 Nantes.</p><p>Garantie financière : Galian, 89 rue La "
            "Boétie, 75008 Paris.</p>")
    assert _postcodes(body, "fr") == {"44000"}


def test_visit_invitations_of_every_supported_language_are_in_person() -> None:
    for body, lang in [("<p>L'accueil vous reçoit au rez-de-chaussée du bâtiment A.</p>", "fr-FR"),
                       ("<h2>Passez nous voir</h2><p>Rue de la Régence 58, Bruxelles.</p>", "fr-BE"),
                       ("<p>Visite a nossa loja no Chiado para assinar contrato.</p>", "pt-PT"),
                       ("<h2>Besök ett kontor</h2><p>Våra kontor tar emot besök efter bokad tid.</p>", "sv"),
                       ("<p>Du er altid velkommen til at kigge forbi klinikken.</p>", "da"),
                       ("<h2>Langskomen</h2><p>U bent welkom in het Stadhuis, alleen op afspraak.</p>", "nl"),
                       ("<p>Stikk innom verkstedet når det passer.</p>", "nb"),
                       ("<p>Voit noutaa verkkotilauksesi varastolta.</p>", "fi"),
                       ("<p>Schauen Sie gerne vorbei.</p>", "de"),
                       ("<p>Passate a trovarci in negozio.</p>", "it"),
                       ("<p>Te esperamos en nuestra tienda de Valencia.</p>", "es"),
                       ("<p>Meetings at our offices are by appointment.</p>", "en-GB"),
                       ("<p>Visit Student Hub at the Gold Coast campus, Building G, Level 1.</p>", "en-AU"),
                       ("<ul><li>Visit: any reference desk at Central Library.</li></ul>", "en-US"),
                       ("<p>Free parking behind the building; enter from Bluebonnet Ln.</p>", "en-US"),
                       ("<p>Metro Saldanha (linhas amarela e vermelha)</p>", "pt-PT")]:
        assert ("in_person", "in person") in _channels_of(f"<main>{body}</main>", lang=lang), body


def test_ways_to_reach_us_and_parcel_shops_are_not_an_invitation_to_visit() -> None:
    for body, lang in [("<p>If you'd rather talk to someone, here's how to reach us.</p>", "en-GB"),
                       ("<p>Vi sender med GLS til pakkeshop eller til døren.</p>", "da"),
                       ("<p>Visit: www.shop.example for our full range.</p>", "en-GB")]:
        assert ("in_person", "in person") not in _channels_of(f"<main>{body}</main>", lang=lang), body


def test_postcodes_after_a_box_line_a_dash_or_in_malay_finnish_polish_and_uk_addresses() -> None:
    assert _postcodes("<p>Write to us: Private Bag 92001 Symonds Street Auckland 1142</p>", "en-NZ") == {"1142"}
    assert _postcodes("<p>Write to us: PO Box 77 Leeds LS1 9XY</p>") == {"LS1 9XY"}
    assert _postcodes("<p>Registered office: 12 Park Street, Kolkata - 700016</p>", "en-IN") == {"700016"}
    assert _postcodes("<p>Kedai Kami, No. 8, Jalan Ampang, 50450 Kuala Lumpur</p>", "en-MY") == {"50450"}
    assert _postcodes("<p>Postiosoite Kuopion Sähkö Oy, PL 45, 70101 Kuopio</p>", "fi") == {"70101"}
    assert _postcodes("<p>Sklep Bałtyk, ul. Długa 12, 80-831 Gdańsk · NIP 584-025-35-71</p>", "pl") == {"80-831"}
    assert _postcodes("<p>Admissions, Clock Tower, Castle Hill Lancaster LA1 1YN</p>") == {"LA1 1YN"}
    # a dash-separated code is Polish only on a Polish page
    assert _postcodes("<p>Stand 10-150 Hall Gdańsk, ul. Długa 12</p>") == set()


def test_a_swiss_postfach_with_only_a_postcode_but_a_box_number_before_another_code_is_not_one() -> None:
    assert _postcodes("<p>Postadresse: Alpina Versicherung AG, Postfach 3001 Bern</p>", "de-CH") == {"3001"}
    assert _postcodes("<p>Postadresse: Alpina Versicherung AG, Postfach 1234, 8000 Zürich</p>", "de-CH") == {"8000"}
    assert _postcodes("<p>Send claims to: P.O. Box 30412 Tampa, FL 33630</p>", "en-US") == {"33630"}
    # a product's box is no PO box
    assert _postcodes("<p>Gift Box 2024 Christmas Edition, 12 Mill Lane</p>", "de-CH") == set()


def test_more_invitations_to_visit_and_their_negations() -> None:
    visits = [("<p>You may also visit any of our Service Centres on weekdays.</p>", "en-PH"),
              ("<h2>Find the garage</h2><p>Unit 3, Mill Road, Leeds.</p>", "en-GB"),
              ("<p>Just turn up for a tyre check.</p>", "en-GB"),
              ("<p>Renew your permit in person at the Town Hall.</p>", "en-US"),
              ("<p>Forgotten something on the tram? Ask at the lost property counter.</p>", "en-GB"),
              ("<p>Bring photo ID to collect a parcel.</p>", "en-NZ"),
              ("<p>You don't need to book – just drop in for a chat.</p>", "en-GB"),
              ("<p>Le secrétariat accueille le public du lundi au vendredi.</p>", "fr-BE"),
              ("<p>Encuentra tu sucursal más cercana.</p>", "es"),
              ("<p>Zapraszamy do naszego sklepu na Starym Mieście.</p>", "pl"),
              ("<p>Odbiór osobisty w magazynie po wcześniejszym zamówieniu.</p>", "pl")]
    for body, lang in visits:
        assert ("in_person", "in person") in _channels_of(f"<main>{body}</main>", lang=lang), body
    for body, lang in [("<p>We're online only, so we don't have a shop and can't offer click &amp; collect.</p>",
                        "en-GB"),
                       ("<p>Sorry, we no longer offer in-person appointments.</p>", "en-GB"),
                       ("<p>Ask your local garage to fit it.</p>", "en-GB")]:
        assert ("in_person", "in person") not in _channels_of(f"<main>{body}</main>", lang=lang), body


def test_a_visit_heading_the_main_text_dropped_counts_but_a_footers_find_us_does_not() -> None:
    html = ("<html lang='en-AU'><body><main><h1>Contact</h1><p>Call 03 7010 5500.</p>"
            "<div><h2>Getting here</h2><p>Shire Offices, 2 Main Road, Lilydale VIC 3140</p></div></main>"
            "<footer><h3>Find us</h3><a href='https://www.instagram.com/shire'>Instagram</a></footer></body></html>")
    url = START + "contact/"
    page = parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html", body=html.encode()))
    page.main_text = "Contact\nCall 03 7010 5500."  # the extractor judged the address column boilerplate
    assert ("in_person", "in person") in {(c.type, c.value) for c in contact.page_channels(page)}
    shop = html.replace("<div><h2>Getting here</h2><p>Shire Offices, 2 Main Road, Lilydale VIC 3140</p></div>", "")
    page = parse_page(FetchRecord(url=url, final_url=url, status=200, content_type="text/html", body=shop.encode()))
    assert ("in_person", "in person") not in {(c.type, c.value) for c in contact.page_channels(page)}


def test_iadvize_inbenta_salesforce_live_agent_and_brevo_chat_are_recognised() -> None:
    head = ("<script>var s=document.createElement('script');s.src='//halc.iadvize.com/iadvize.js?sid=1';</script>"
            "<script src='https://sdk.inbenta.io/chatbot/1/inbenta-chatbot-sdk.js'></script>"
            "<script src='https://c.la1-c2-fra.salesforceliveagent.com/content/g/js/59.0/deployment.js'></script>"
            "<script>window.BrevoConversationsID = 'abc';</script>")
    found = _channels_of("<main><p>Ask us.</p></main>", head=head)
    assert {("chat", "iAdvize"), ("chat", "Inbenta"), ("chat", "Salesforce"), ("chat", "Brevo")} <= found


def test_every_po_box_word_of_the_table_marks_a_box_number_not_a_postcode() -> None:
    # one table serves every reader: the number after any box word is the box's, in every language
    assert _postcodes("<p>Postiosoite: Postilokero 12345 Helsinki</p>", "fi") == set()
    assert _postcodes("<p>Skrytka pocztowa 12345 Warszawa</p>", "pl") == set()
    assert _postcodes("<p>Correo: Apdo. 12345 Madrid</p>", "es") == set()
    assert _postcodes("<p>Write to: Private Bag 12345 Wellington</p>", "en-NZ") == set()
    # ... and a numbered box still makes the postcode after it an address's
    assert _postcodes("<p>Kuopion Sähkö Oy, Postilokero 45, 70101 Kuopio</p>", "fi") == {"70101"}
    assert _postcodes("<p>Société Lumière, BP 40123, 69003 Lyon</p>", "fr") == {"69003"}
    # Finnish "PL" is also Poland's country prefix: the code after it stays a postcode
    assert _postcodes("<p>Adres: ul. Długa 12, PL 80-831 Gdańsk</p>", "pl") == {"80-831"}
    assert set(contact.POSTCODE_ONLY_BOXES) <= {w for words in contact.PO_BOX_WORDS.values() for w in words}


def test_postcodes_of_luxembourg_quebec_puerto_rico_kenya_nigeria_and_the_alps() -> None:
    assert _postcodes("<p>Siège : 12, rue de la Gare, L-1616 Luxembourg</p>", "fr-LU") == {"L-1616"}
    assert _postcodes("<p>Atelier Moselle · 4, route d'Arlon · 8008 Strassen</p>", "fr-LU") == {"8008"}
    assert _postcodes("<p>1234, rue Sainte-Catherine Ouest, Montréal (Québec) H3G 1P1</p>", "fr-CA") == {"H3G 1P1"}
    assert _postcodes("<p>Oficina: 250 Calle Fortaleza, San Juan, PR 00901</p>", "es-US") == {"00901"}
    assert _postcodes("<p>Head office: Mara House, P.O. Box 30123-00100, Nairobi</p>", "en-KE") == {"00100"}
    assert _postcodes("<p>Head office: 14 Adeola Odeku Street, Victoria Island, Lagos 101241</p>",
                      "en-NG") == {"101241"}
    assert _postcodes("<p>Studio Ceresio, Via Nassa 5, 6900 Lugano</p>", "it-CH") == {"6900"}
    assert _postcodes("<p>Kundenservice: Mariahilfer Straße 12, A-1070 Wien</p>", "de-AT") == {"1070"}
    # a country letter before a number with no street or address around it is no postcode
    assert _postcodes("<p>Ersatzteil A-1070 Wien-Edition, 4 Stück</p>", "de-AT") == set()
    # a six-digit number after a word is a Nigerian postcode only on a Nigerian page
    assert _postcodes("<p>Head office: 14 Adeola Odeku Street, Victoria Island, Lagos 101241</p>") == set()
    # Hong Kong has no postcodes: an address there gives none
    assert _postcodes("<p>Shop 12, G/F, 88 Queen's Road Central, Central, Hong Kong</p>", "en-HK") == set()


# Where each embed signature was confirmed (the vendor's embed code as public sites use it). "find_string" marks a
# signature seen verbatim in several public sites' templates through an exact-string search whose hits carry no
# repository name.
FORM_EMBEDS = [
    # js.hsforms.net/forms/v2.js + hbspt.forms.create: georgiaabarnes/haystackLanding _hubspot_form.js,
    # TYPO3GmbH/ext-hubspot Resources/Public/JavaScript/Frontend/HubspotForms.js
    ("<script src='//js-eu1.hsforms.net/forms/embed/v2.js'></script><script>hbspt.forms.create({region: 'eu1', "
     "portalId: '1234', formId: 'abc'});</script>", "HubSpot"),
    # embed.typeform.com/next/embed.js: joelrowley/jaredferrazzano script.js
    ("<div data-tf-live='01HX'></div><script src='//embed.typeform.com/next/embed.js'></script>", "Typeform"),
    # iframe form.jotform.com/<id>: find_string "form.jotform.com/"
    ("<iframe src='https://form.jotform.com/241234567890' title='Form'></iframe>", "Jotform"),
    # docs.google.com/forms/d/e/…/viewform?embedded=true: behavai/behavai-landing src/components/GoogleFormEmbed.tsx
    ("<iframe src='https://docs.google.com/forms/d/e/1FAIpQLSe_x/viewform?embedded=true'></iframe>", "Google Forms"),
    # forms.office.com/Pages/ResponsePage.aspx?id=…&embed=true: soilsoftcodebase/soilsoft_website
    # src/components/MicrosoftForm.jsx
    ("<iframe src='https://forms.office.com/Pages/ResponsePage.aspx?id=XWw&embed=true'></iframe>", "Microsoft Forms"),
    # <account>.formstack.com/forms/js.php/<form>: find_string "formstack.com/forms/"
    ("<script src='https://acme.formstack.com/forms/js.php/contact_us'></script>", "Formstack"),
    # www.cognitoforms.com/f/seamless.js and /f/<key>/<id> iframes: search "cognitoforms.com/f/seamless.js"
    ("<script src='https://www.cognitoforms.com/f/seamless.js' data-key='EKm' data-form='1'></script>",
     "Cognito Forms"),
    # secure.wufoo.com/scripts/embed/form.js: dmille83/littleapplerenaissance templates/forms-wufoo.php
    ("<script>s.src = 'https://secure.wufoo.com/scripts/embed/form.js';</script>", "Wufoo"),
    # forms.zohopublic.com/<user>/form/<name>/formperma/<id>: INOCcent-afk/zoho-form app.js
    ("<iframe src='https://forms.zohopublic.eu/acme/form/Contact/formperma/n-OF'></iframe>", "Zoho Forms"),
    # tally.so/widgets/embed.js: FireTheBox/firevently components/shared/frame/tally-frame.tsx
    ("<iframe data-tally-src='https://tally.so/embed/mVp6M6'></iframe><script src='https://tally.so/widgets/embed.js'>"
     "</script>", "Tally"),
    # paperform.co/__embed.min.js: jlsodai/tbra app/components/PaperForm.jsx
    ("<div data-paperform-id='acme'></div><script src='https://paperform.co/__embed.min.js'></script>", "Paperform"),
    # iframe www.123formbuilder.com/form-<id>/<name>: find_string "123formbuilder.com/form-"
    ("<iframe src='https://www.123formbuilder.com/form-3282738/Contact'></iframe>", "123FormBuilder"),
    # webforms.pipedrive.com/f/loader: search "webforms.pipedrive.com/f/loader" (a site's PipedriveForm component)
    ("<div class='pipedriveWebForms' data-pd-webforms='https://webforms.pipedrive.com/f/6iJ'></div>"
     "<script src='https://webforms.pipedrive.com/f/loader'></script>", "Pipedrive"),
    # MktoForms2.loadForm + <instance>/js/forms2/js/forms2.min.js: cso-interchange/website site/pages/register/index.js,
    # Jackyfirst/Tradeshift wp-content/themes/Tradeshift/components/marketo-form.php, visitscotland/vs-design-system
    # …/embedded-form/embedded-form.ftl (the old signature "mktoForms2" had the wrong case and never matched)
    ("<script src='//app-sj08.marketo.com/js/forms2/js/forms2.min.js'></script><form id='mktoForm_2636'></form>"
     "<script>MktoForms2.loadForm('//app-sj08.marketo.com', '797-ENI-742', 2636);</script>", "Marketo"),
    # iframe go.pardot.com/l/<account>/<date>/<id>: find_string "go.pardot.com/l/"
    ("<iframe src='https://go.pardot.com/l/472112/2018-04-19/61bsm'></iframe>", "Pardot"),
    # <helpdesk>/widgets/feedback_widget/new?widgetType=embedded: routedapp/routedapp.github.io
    # src/components/FeedbackForm.js (a help desk on its own domain keeps the path)
    ("<iframe src='https://help.acme.example/widgets/feedback_widget/new?&widgetType=embedded'></iframe>", "Freshdesk"),
]


def test_a_form_builders_embedded_form_is_a_contact_form_where_the_page_calls_it_one() -> None:
    for embed, vendor in FORM_EMBEDS:
        assert ("form", "contact form") in _channels_of(f"<main><h2>Send us a message</h2>{embed}</main>"), vendor
        page = parse_page(FetchRecord(url=START + "contact/", final_url=START + "contact/", status=200,
                                      content_type="text/html",
                                      body=f"<main><h2>Contact form</h2>{embed}</main>".encode()))
        form = contact.embedded_contact_form(page)
        assert form is not None and form.text == vendor, vendor
    typeform, jotform = FORM_EMBEDS[1][0], FORM_EMBEDS[2][0]
    assert ("form", "contact form") in _channels_of(f"<main><p>Fill in the form below.</p>{typeform}</main>")
    assert ("form", "contact form") in _channels_of(f"<main><h2>Kontaktformular</h2>{jotform}</main>")
    # the same builders run surveys and sign-ups: without contact wording the embed is no contact form
    assert ("form", "contact form") not in _channels_of(f"<main><h2>Tell us about your visit</h2>{typeform}</main>")
    site = build_site({"/": HOME, "/contact/": NAV + f"<main><h1>Contact form</h1>{jotform}</main>"})
    form = one(run(site), "contact.form")
    assert form.status is Status.PASS and form.evidence[0].measured == "Jotform"


def test_guessed_or_too_broad_form_signatures_are_gone() -> None:
    """A Gravity Forms form is written into the page (its fields are read as they are), Jotform's AI chat agent
    loads from its CDN, and Shopify themes' own scripts may say "shopify-chat": none is an embedded contact form
    or Shopify Inbox."""
    agent = ("<script src='https://cdn.jotfor.ms/s/umd/latest/for-embedded-agent.js'></script><script>"
             "AgentInitializer.init({domain: 'https://www.jotform.com'});</script>")
    gravity = "<div class='gform_wrapper' id='gform_wrapper_1'><script>jQuery('#gform_wrapper_1')</script></div>"
    for embed in (agent, gravity):
        assert ("form", "contact form") not in _channels_of(f"<main><h2>Contact form</h2>{embed}</main>")
    theme = "<script>window.__shopify_chat_widget_loaded = true; root.id = 'shopify-chat-widget-root';</script>"
    assert not any(kind == "chat" for kind, _ in _channels_of("<main><p>Hi</p></main>", head=theme))


# Where each chat signature was confirmed (see FORM_EMBEDS for "find_string").
CHAT_SNIPPETS = [
    # window.intercomSettings: ngwwm/myWebApp myWebApp/Scripts/Intercom.js, Green25Dev/emporix_devportal
    # static/scripts/intercom.js
    ("<script>window.intercomSettings = {app_id: 'ab12'};</script>", "Intercom"),
    # var Tawk_API=Tawk_API||{}: tawk/tawk-prestashop prestashop1.7/views/templates/hook/widget.tpl
    ("<script>var Tawk_API=Tawk_API||{}, Tawk_LoadStart=new Date();</script>", "Tawk.to"),
    # window.CRISP_WEBSITE_ID: uetchy/namae web/src/util/crip.ts, vue-stripe/vuestripe.com plugins/crisp.js
    ("<script>window.$crisp=[];window.CRISP_WEBSITE_ID = 'x';</script>", "Crisp"),
    # window.__lc.license: hunghoxuan/smartads-php common/widgets/fsocialshare/views/chat_livechat.php,
    # craftercms/chatbot-plugin …/plugin/liveChat/body_bottom.ftl
    ("<script>window.__lc = window.__lc || {};\nwindow.__lc.license = 8142171;</script>", "LiveChat"),
    # drift.load(: louislow81/louislow81.github.io assets/js/scripts.js, joseph-farruggio/chatbot-lazy-loader
    # src/js/drift-init.js
    ("<script>drift.SNIPPET_VERSION = '0.3.1';\ndrift.load('9ad3433dnnis');</script>", "Drift"),
    # olark.identify(: reed/turbolinks-compatibility content/libraries_t3/olark.md, coderaiser/cloudcmd
    # modules/olark/README.md
    ("<script>olark.identify('1234-567-89-0123');</script>", "Olark"),
    # Beacon('init' and beacon-v2.helpscout.net: GravityKit/GravityView assets/js/support.js, XZNT/WPRocketOptimizer
    # views/settings/beacon.php, CuBoulder/ucb_site_configuration js/admin-helpscout-beacon.js
    ("<script>window.Beacon('init', 'b4f6255a')</script>", "Help Scout"),
    ("<script>!function(e,t,n){n.src=\"https://beacon-v2.helpscout.net\"}(window,document)</script>", "Help Scout"),
    # api.glia.com/salemove_integration.js: salemove/examples js_sdk/install_glia_with_site_id.js
    ("<script src='https://api.glia.com/salemove_integration.js?site_id=1'></script>", "Glia"),
    # chatserver.comm100.com/livechat.ashx and vue.comm100.com/livechat.ashx: find_string "comm100.com/livechat.ashx"
    # (the comm100.io variant had no public example and is gone)
    ("<script>e(\"https://vue.comm100.com/livechat.ashx?siteId=\")</script>", "Comm100"),
    # vmss.boldchat.com/aid/<id>/bc.vms4/vms.js: waffle-iron/EDDM CCustom/BoldChatConversion.ascx
    ("<script>vms.src = 'https://vmss.boldchat.com/aid/45/bc.vms4/vms.js';</script>", "Bold360"),
    # cdn.yellowmessenger.com/plugin/widget-v2/…: yellowmessenger/documentation
    # docs/platform_concepts/channelConfiguration/web.md
    ("<script src='https://cdn.yellowmessenger.com/plugin/widget-v2/latest/dist/main.min.js'></script>", "Yellow.ai"),
    # toolassets.haptikapi.com/platform/javascript-xdk/production/loader.js: find_string "haptikapi.com" (the bare
    # domain also serves Haptik's images and APIs, so the signature is its tool-assets host)
    ("<script src='https://toolassets.haptikapi.com/platform/javascript-xdk/production/loader.js'></script>", "Haptik"),
    # <account>.verloop.io/livechat/script.min.js: find_string "verloop.io/livechat"
    ("<script>j.src = 'https://acme.verloop.io/livechat/script.min.js';</script>", "Verloop"),
    # widget.kommunicate.io/v2/kommunicate.app: hib-code/dmsre my-nextjs-app/src/components/KommunicateChat.tsx,
    # zubyrai/ChatDemo src/chat.js
    ("<script>s.src = 'https://widget.kommunicate.io/v2/kommunicate.app';</script>", "Kommunicate"),
    # cdn.botpress.cloud/webchat/v…/inject.js: gardeniaflow/GardeniaBroker README.md, gardeniaflow/GardeniaWeb README.md
    ("<script src='https://cdn.botpress.cloud/webchat/v2/inject.js'></script>", "Botpress"),
    # cdn.voiceflow.com/widget/bundle.mjs: krisgodina/krisgodina.github.io companies/demo/voiceflow.js,
    # Ready-Bot-One/widget rbo.js
    ("<script>v.src = 'https://cdn.voiceflow.com/widget/bundle.mjs';</script>", "Voiceflow"),
    # app.chaport.com/javascripts/insert.js: find_string "app.chaport.com" (the vendor's "Chaport Live Chat code")
    ("<script>s.src='https://app.chaport.com/javascripts/insert.js';</script>", "Chaport"),
    # assets.flex.twilio.com/releases/flex-webchat-ui/<version>/twilio-flex-webchat.min.js:
    # https://twilio.com/docs/flex/installing-and-using-flex-webchat
    ("<script src='https://assets.flex.twilio.com/releases/flex-webchat-ui/2.9.1/twilio-flex-webchat.min.js'></script>",
     "Twilio Flex"),
    # <id>.cloudfront.net/amazon-connect-chat-interface-client.js: vladislav-gavrikov/amplify-react-graphql src/App.js,
    # Anedre/Novasysweb src/components/AmazonConnectChat/AmazonConnectChat.jsx
    ("<script src='https://d1x.cloudfront.net/amazon-connect-chat-interface-client.js'></script>", "Amazon Connect"),
    # conversations-widget.brevo.com/brevo-conversations.js: QCCareerSchool-Org/shopping-cart-next
    # public/writing/chat.js; conversations-widget.sendinblue.com/sib-conversations.js: find_string
    ("<script>s.src = 'https://conversations-widget.brevo.com/brevo-conversations.js';</script>", "Brevo"),
    ("<script>s.src = 'https://conversations-widget.sendinblue.com/sib-conversations.js';</script>", "Brevo"),
    # cdn.shopify.com/shopifycloud/shopify_chat/storefront/shopifyChatV1.js: juanpprieto/hydrogen-chat-inbox
    # app/components/ShopifyInbox.tsx; cdn.shopify.com/extensions/<id>/inbox-<n>/assets/inbox-chat-loader.js:
    # find_string "inbox-chat-loader.js" (storefront pages)
    ("<script src='https://cdn.shopify.com/shopifycloud/shopify_chat/storefront/shopifyChatV1.js?v=V1'></script>",
     "Shopify Inbox"),
    ("<script src='https://cdn.shopify.com/extensions/10143583/inbox-1177/assets/inbox-chat-loader.js' defer></script>",
     "Shopify Inbox"),
]


def test_chat_vendors_known_by_their_inline_snippet_or_documented_loader() -> None:
    for script, vendor in CHAT_SNIPPETS:
        assert ("chat", vendor) in _channels_of("<main><p>Hi</p></main>", head=script), vendor


def test_the_invitation_pattern_dispatched_on_first_characters_finds_what_the_plain_alternation_finds() -> None:
    plain = re.compile(f"{contact._IN_PERSON}|{contact._VISIT}")
    assert contact._INVITATION.pattern != plain.pattern  # the rewrite applied
    texts = ["visit us in-store or pop in to your local branch. find us at the front desk",
             "free parking for customers behind the building; walk-ins welcome. getting here by metro x (line 2)",
             "besuchen sie uns in unserer filiale. l'accueil vous reçoit. kom gerust langs! passa a trovarci",
             "drop in for a chat; the drop in prices. store locator, our stores, nos agences en ligne",
             "we do not have a showroom. visit: www.example.com. te esperamos en nuestra tienda",
             "collect it from our warehouse. ophalen in de winkel. hämta i butiken. stikk innom"]
    for text in texts:
        assert [m.span() for m in contact._INVITATION.finditer(text)] == [m.span() for m in plain.finditer(text)], text
    # a leading group, optional or not, is distributed in the order the engine tries it; an alternative that does
    # not start with a word boundary leaves the pattern as it is
    dispatched = contact.first_character_dispatch(r"\b(?:free |paid )?parking\b|\bpop in\b|\b(?:pa|po)st\b")
    assert dispatched == r"\b(?:f(?:ree parking\b)|p(?:aid parking\b|arking\b|op in\b|ast\b|ost\b))"
    assert contact.first_character_dispatch(r"\bpop|[ab]c") == r"\bpop|[ab]c"


def test_apexchat_and_jivo_are_recognised_by_their_loaders() -> None:
    # www.apexchat.net/scripts/invitation.ashx?company=<account>: law-firm WordPress themes found with find_string
    # "apexchat.net/scripts/" (e.g. a header.php loading ?company=merlinlaw); code.jivosite.com/widget/<id>: Jivo's
    # install snippet ("BEGIN JIVOSITE CODE", pastebin copies and the dmtrmrv/jivosite WordPress plugin). JivoChat
    # now calls itself Jivo (jivo.chat), so that is the vendor's name.
    apex = "<script src='//www.apexchat.net/scripts/invitation.ashx?company=smithlaw' async></script>"
    jivo = "<script src='//code.jivosite.com/widget/Xy12Ab34Cd' async></script>"
    assert ("chat", "ApexChat") in _channels_of("<main><p>Hi</p></main>", head=apex)
    assert ("chat", "Jivo") in _channels_of("<main><p>Hi</p></main>", head=jivo)


def test_more_ways_of_inviting_a_visit_count_as_in_person() -> None:
    visit = ("in_person", "in person")
    invitations = [
        ("<h2>Visit us / Ymwelwch â ni</h2><p>Opposite the station.</p>", "en-GB"),  # a bilingual heading
        ("<p>Walk in, or book an appointment online to skip the queue.</p>", "en-HK"),
        ("<p>Walk-in customers are always welcome at the counter.</p>", "en-IE"),
        ("<p>The service desk is open for walk-ins every weekday.</p>", "en-CA"),
        ("<p>Come to our food pantry on Elm Street for groceries.</p>", "en-US"),
        ("<p>Visit the showroom for a test drive.</p>", "en-ZA"),
        ("<p>Buy your passes in person at the box office.</p>", "en-GB"),
        ("<p>Consultations are strictly by appointment.</p>", "en-US"),
        ("<p>You can drop off and collect parcels at the depot on Ring Road.</p>", "en-NG"),
        ("<p>Die Kasse befindet sich im Erdgeschoss.</p>", "de"),
        ("<p>Selbstabholung möglich: Lager 2.</p>", "de"),
        ("<p>Bitte bringen Sie einen gültigen Ausweis mit.</p>", "de"),
        ("<p>Pida cita previa para el taller.</p>", "es"),
        ("<p>I libri si ritirano al banco.</p>", "it"),
        ("<p>Onze praktijk ontvangt u alleen op afspraak.</p>", "nl-BE"),
    ]
    for body, lang in invitations:
        assert visit in _channels_of(f"<main>{body}</main>", lang=lang), body
    # "nor" in Portuguese, Spanish, French and Italian takes the invitation back
    assert visit not in _channels_of("<main><p>Somos uma loja online: não temos loja física nem atendimento "
                                     "presencial.</p></main>", lang="pt-BR")
    # a walk-in wardrobe, the online shop and a fax are not premises to visit
    for body in ("<p>Three bedrooms, one with a walk-in wardrobe.</p>", "<p>Visit the online shop for offers.</p>"):
        assert visit not in _channels_of(f"<main>{body}</main>", "/flat-12", lang="en-GB"), body


def test_postcodes_with_their_official_prefix_a_cep_a_lettered_unit_and_the_phones_country() -> None:
    # Luxembourg writes its postcodes "L-1234" (Post Luxembourg); other old prefixes are dropped
    assert _postcodes("<p>Bureaux : 4, rue du Marché, L-1728 Luxembourg</p>", "fr-LU") == {"L-1728"}
    assert _postcodes("<p>Büro: Hauptstrasse 5, CH-8001 Zürich</p>", "de-CH") == {"8001"}
    # Brazil's CEP after its own label
    assert _postcodes("<p>Rua Augusta, 500, Consolação, São Paulo – SP, CEP 01305-000</p>", "pt-BR") == {"01305-000"}
    # a unit numbered with a letter still marks a street line
    assert _postcodes("<p>Lower Mall, Unit K12, Riverside Centre, Leeds LS1 4DT</p>") == {"LS1 4DT"}
    # a Nigerian postcode on a bare "en" page whose own phone number is Nigerian
    body = "<p>Call <a href='tel:+2348035550142'>0803 555 0142</a>. Returns: 5 Marina Road, Lagos 101001.</p>"
    assert _postcodes(body, "en") == {"101001"}


def test_a_date_an_example_and_a_listings_address_are_not_postcodes() -> None:
    assert _postcodes("<p>Past incidents</p><p>Jun 3, 2024 Slow exports were resolved.</p>", "en") == set()
    assert _postcodes("<p>Your booking shows the flat (e.g. 9 Elm Row, Bristol BS2 0JA), not our office.</p>") == set()
    assert _postcodes("<p>L'adresse de l'annonce (réf. 118, 4 rue Basse, 59000 Lille) est celle du bien.</p>",
                      "fr-FR") == set()
    # an address in brackets that is the business's own still counts
    assert _postcodes("<p>Our office (2 Queen Street, Cardiff CF10 2BU) is open daily.</p>") == {"CF10 2BU"}


def test_genesys_widgets_9_loader_is_chat() -> None:
    # Genesys Widgets 9 as public sites load it: <script src="https://apps.mypurecloud.ie/widgets/9.0/cxbus.min.js"
    # onload="CXBus.configure({pluginsPath: …/widgets/9.0/plugins/}); CXBus.loadPlugin('widgets-core')">, on every
    # region's host (apps.mypurecloud.com, .de, .com.au, apps.usw2.pure.cloud) — e.g. the WordPress plugin
    # enqueuing 'genesys-v9-base' and the Chisholm Institute student hub page found with the code search tool
    head = "<script src='https://apps.mypurecloud.com.au/widgets/9.0/cxbus.min.js'></script>"
    assert ("chat", "Genesys") in _channels_of("<main><p>Chat with us.</p></main>", head=head)


def test_a_service_area_business_without_a_street_is_not_a_place_to_visit() -> None:
    plumber = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"Plumber","name":"K",'
               '"address":{"@type":"PostalAddress","addressLocality":"Whangārei","addressCountry":"NZ"}}</script>')
    assert ("in_person", "in person") not in _channels_of("<main><p>We come to you.</p></main>", head=plumber)
    dentist = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"Dentist","name":"C",'
               '"address":{"@type":"PostalAddress","streetAddress":"1400 E Whitestone Blvd"}}</script>')
    assert ("in_person", "in person") in _channels_of("<main><p>Book a check-up.</p></main>", head=dentist)


def test_more_invitations_to_visit_count_as_in_person() -> None:
    visit = ("in_person", "in person")
    for body, lang in [
            ("<p>Our offices are not open to the public, but we're happy to meet customers by appointment.</p>",
             "en-IE"),
            ("<ul><li>In person at City Hall (cash, check, card)</li></ul>", "en-US"),
            ("<p>Our service centre is open for face-to-face enquiries on Tuesdays.</p>", "en-GB"),
            ("<h2>In person</h2><p>Reception is at the front of the building.</p>", "en-GB"),
            ("<h2>Customer service centres</h2><ul><li>Civic Centre, 22 Hume Street</li></ul>", "en-AU"),
            ("<p>Notre boutique-atelier vous accueille du mardi au samedi.</p>", "fr-FR"),
            ("<p>Puedes presentar tu reclamación en cualquier tienda.</p>", "es-ES"),
            ("<p>Le nostre agenzie sono a tua disposizione. Trova l'agenzia più vicina.</p>", "it-IT")]:
        assert visit in _channels_of(f"<main>{body}</main>", lang=lang), body
    # the same words where they invite no visit
    for body in ("<p>Our offices are not open to the public and we do not meet customers in person.</p>",
                 "<p>Call our customer service centre on 0161 496 0130.</p>"):
        assert visit not in _channels_of(f"<main>{body}</main>"), body


def test_complaint_bodies_regulators_and_a_shipping_address_are_not_the_business_address() -> None:
    assert _postcodes("<p>Sie können sich an den Versicherungsombudsmann e.V., Postfach 08 06 32, 10006 Berlin "
                      "wenden.</p>", "de-DE") == set()
    assert _postcodes("<p>Se non sei soddisfatto puoi rivolgerti all'IVASS, Via del Quirinale 21, 00187 Roma.</p>",
                      "it-IT") == set()
    assert _postcodes("<p>Er du ikke tilfreds, kan du klage til Center for Klageløsning, Toldboden 2, 8800 Viborg."
                      "</p>", "da-DK") == set()
    assert _postcodes("<p>Shipping to Jordan Nakamura 4418 Meridian Ave N Seattle, WA 98103</p>", "en-US") == set()
    # a French TSA box (La Poste's business reply service) is the business's postal address
    assert _postcodes("<p>Service Relations Clientèle, TSA 41207, 37911 Tours Cedex 9</p>", "fr-FR") == {"37911"}
