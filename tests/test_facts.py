"""Contact-fact extraction: phones, e-mails, return windows, response times (hours: test_opening_hours.py).

All numbers are fictional: Ofcom drama ranges (020 7946 0xxx, 0808 157 0xxx) and US 555-01xx.
"""

from __future__ import annotations

import json

import pytest

from auditor.page import Page
from checks import facts
from tests.pages import body_page


def numbers(page: Page, region: str = "GB") -> dict[str, facts.PhoneFact]:
    return {fact.number: fact for fact in facts.phone_numbers(page, region)}


def test_footer_phone_found_but_order_number_price_and_date_are_not() -> None:
    page = body_page(
        "<main><p>Order 12345678 was placed on 12/03/2024 and cost £1,299.00.</p>"
        "<p>Delivery to SW1A 1AA. Reference 020-7946-0999.</p></main>"
        "<footer><p>Customer service: 020 7946 0321</p></footer>")
    found = numbers(page)
    assert list(found) == ["+442079460321"]
    fact = found["+442079460321"]
    assert fact.display == "020 7946 0321"
    assert fact.kind == "fixed_line"
    assert fact.source == "text"
    assert fact.purpose == "service"
    assert "Customer service" in fact.context


def test_labelled_order_numbers_with_dashes_are_not_phones_but_an_orders_line_is() -> None:
    assert numbers(body_page("<p>Order no. 212-555-0123 has shipped.</p>"), "US") == {}
    assert list(numbers(body_page("<p>Orders: (212) 555-0123</p>"), "US")) == ["+12125550123"]


def test_undivided_digits_count_only_after_a_phone_word() -> None:
    assert numbers(body_page("<p>Item 02079460321 is in stock.</p>")) == {}
    assert list(numbers(body_page("<p>Call 02079460321 today.</p>"))) == ["+442079460321"]


def test_uk_freephone_premium_and_international_format_are_classified() -> None:
    page = body_page("<p>Freephone 0808 157 0192. Premium line 0906 123 4567. From abroad +44 20 7946 0321.</p>")
    found = numbers(page)
    assert found["+448081570192"].kind == "toll_free"
    assert found["+449061234567"].kind == "premium"
    assert found["+442079460321"].kind == "fixed_line"
    assert found["+442079460321"].purpose == "international"


def test_us_toll_free_number_needs_the_us_region() -> None:
    page = body_page("<p>Call us at 1-800-555-0199 or (212) 555-0123.</p>", url="https://shop.example/help",
                     lang="en-US")
    region = facts.page_region(page)
    assert region == "US"
    found = numbers(page, region)
    assert found["+18005550199"].kind == "toll_free"
    assert found["+12125550123"].kind == "fixed_line"


def test_region_falls_back_to_home_page_then_tld_then_us() -> None:
    plain = body_page("<p>x</p>", lang="en", url="https://shop.example/a")
    assert facts.page_region(plain, body_page("<p>x</p>", lang="de-DE")) == "DE"
    assert facts.page_region(plain) == "US"
    assert facts.page_region(body_page("<p>x</p>", lang="en", url="https://shop.co.uk/a")) == "GB"


def test_tel_link_gives_number_even_with_word_link_text() -> None:
    page = body_page("<footer><a href='tel:+448081570192'>Call us free</a></footer>")
    fact = numbers(page)["+448081570192"]
    assert fact.source == "tel_link"
    assert fact.kind == "toll_free"


def test_labels_separate_purposes() -> None:
    page = body_page("<p>Sales: 020 7946 0001 | Press office: 020 7946 0002 | Fax 020 7946 0003 | "
                     "Returns team 0808 157 0193</p>")
    purposes = {f.number[-4:]: f.purpose for f in facts.phone_numbers(page, "GB")}
    assert purposes == {"0001": "sales", "0002": "press", "0003": "fax", "0193": "service"}


def test_emails_from_mailto_and_text_lowercased_without_placeholders() -> None:
    page = body_page(
        "<p>Write to <a href='mailto:Help@Shop.Example?subject=Order'>our help team</a> "
        "or Press@shop.example.</p><p>Enter it like name@example.com.</p>"
        "<form><input type='email' placeholder='you@example.com'></form><img src='logo@2x.png' alt=''>")
    found = {f.address: f for f in facts.emails(page)}
    assert set(found) == {"help@shop.example", "press@shop.example"}
    assert found["help@shop.example"].source == "mailto"
    assert found["help@shop.example"].purpose == "service"
    assert found["press@shop.example"].source == "text"
    assert found["press@shop.example"].purpose == "press"


def test_return_windows_30_vs_14_days_but_not_refund_times() -> None:
    page = body_page("<main><p>You have 30 days to return an unwanted item. Sale items can be sent back within "
                     "14 days of delivery. Refunds are processed within 5 working days of receiving your "
                     "return.</p></main>")
    windows = facts.return_windows(page)
    assert [w.value for w in windows] == [30, 14]
    assert windows[0].text == "You have 30 days to return an unwanted item."
    assert all(w.url == page.url for w in windows)


def test_return_window_in_words_and_weeks() -> None:
    page = body_page("<main><p>Enjoy our twenty-eight day returns on everything.</p>"
                     "<p>Exchanges are possible within two weeks.</p></main>")
    assert [w.value for w in facts.return_windows(page)] == [28, 14]


def test_response_times() -> None:
    page = body_page("<main><p>We reply to every email within 1 working day.</p><p>Our team will respond in "
                     "24 hours.</p><p>Delivery takes 3 days.</p></main>")
    found = [(f.value, f.unit) for f in facts.response_times(page)]
    assert found == [(1, "working days"), (24, "hours")]


def test_uk_03_numbers_are_geographic_rate_and_telefax_is_fax() -> None:
    found = numbers(body_page("<p>Call 0345 777 0123. Telefax: 020 7946 0790</p>"))
    assert found["+443457770123"].kind == "geographic_rate"
    assert found["+442079460790"].purpose == "fax"


def test_a_country_word_lets_a_number_from_another_plan_parse() -> None:
    page = body_page("<p>UK customers: call 020 7946 0111.</p>", lang="en-US")
    assert "+442079460111" in numbers(page, "US")


def test_obfuscated_emails() -> None:
    found = {f.address for f in facts.emails(body_page("<p>help [at] shop [dot] example or press(at)shop.example</p>"))}
    assert found == {"help@shop.example", "press@shop.example"}


def test_bare_language_tag_gives_its_country_and_english_reads_the_domain_or_the_page() -> None:
    assert facts.page_region(body_page("<p>x</p>", lang="de", url="https://laden.example/kontakt")) == "DE"
    assert facts.page_region(body_page("<p>x</p>", lang="nl", url="https://winkel.example/")) == "NL"
    assert facts.page_region(body_page("<p>x</p>", lang="fr", url="https://boutique.be/")) == "BE"
    assert facts.page_region(body_page("<p>x</p>", lang="de", url="https://laden.io/")) == "DE"
    british = body_page("<p>Prices in £, VAT included. Freephone from anywhere in the UK.</p>", lang="en",
                        url="https://shop.example/")
    assert facts.page_region(british) == "GB"
    german = body_page("<p>Rufen Sie uns an: 030 23125456</p>", lang="de", url="https://laden.example/kontakt")
    assert list(numbers(german, facts.page_region(german))) == ["+493023125456"]


def test_business_structured_data_gives_phones_and_emails_but_a_persons_does_not() -> None:
    data = [{"@type": "Organization", "name": "Shop", "telephone": "+44 20 7946 0321",
             "email": "mailto:Help@Shop.Example",
             "contactPoint": {"@type": "ContactPoint", "telephone": "+44 20 7946 0555", "contactType": "sales"}},
            {"@type": "Person", "name": "Founder", "telephone": "+44 20 7946 0999", "email": "ceo@shop.example"}]
    page = body_page("<p>Hello</p>", head=f"<script type='application/ld+json'>{json.dumps(data)}</script>")
    found = numbers(page)
    assert set(found) == {"+442079460321", "+442079460555"}
    assert found["+442079460321"].source == "structured_data"
    assert found["+442079460555"].purpose == "sales"
    assert [(e.address, e.source) for e in facts.emails(page)] == [("help@shop.example", "structured_data")]


def test_no_reply_senders_and_example_addresses_are_not_contact_emails() -> None:
    page = body_page("<p>Order e-mails come from noreply@shop.example and no-reply@mail.shop.example; do not "
                     "write to donotreply@shop.example.</p><p>Enter your address (e.g. jo.bloggs@mailbox.example) "
                     "or for example: sam@provider.example.</p><p>Questions? care@shop.example</p>")
    assert {f.address for f in facts.emails(page)} == {"care@shop.example"}


def test_cloudflare_protected_emails_are_decoded() -> None:
    def encode(address: str, key: int = 0x5A) -> str:
        return f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in address)

    protection = "/cdn-cgi/l/email-protection"
    page = body_page(
        f"<p>Write to <a href='{protection}' class='__cf_email__' data-cfemail='{encode('help@shop.example')}'>"
        "[email&#160;protected]</a></p>"
        f"<p><a href='{protection}#{encode('press@shop.example', 0x21)}'>Press office</a></p>"
        f"<p>Or <span class='__cf_email__' data-cfemail='{encode('care@shop.example', 0x7f)}'>[email protected]"
        "</span></p>")
    found = {f.address: f for f in facts.emails(page)}
    assert set(found) == {"help@shop.example", "press@shop.example", "care@shop.example"}
    assert found["help@shop.example"].source == "mailto"
    assert found["press@shop.example"].purpose == "press"


def test_a_number_shown_as_an_example_of_an_identifier_is_not_a_phone() -> None:
    page = body_page("<main><p>Keep your client number ready (9 digits, for example 0161 496 088).</p>"
                     "<p>Call us on 0161 496 0123.</p></main>")
    assert set(numbers(page)) == {"+441614960123"}


def test_fax_words_of_other_languages_mark_a_fax_number() -> None:
    page = body_page("<p>Téléphone : 514 555-0167 Télécopieur : 514 555-0169</p>", lang="fr-CA")
    found = numbers(page, "CA")
    assert found["+15145550169"].purpose == "fax"
    assert found["+15145550167"].purpose != "fax"
    assert numbers(body_page("<p>Tel. 030 23125 310 · Telefax 030 23125 311</p>"), "DE")["+493023125311"].purpose \
        == "fax"


def test_registry_and_licence_numbers_are_not_phones() -> None:
    assert numbers(body_page("<p>Voyages Sablon SRL – BCE 0456.123.789</p>", lang="fr-BE"), "BE") == {}
    assert numbers(body_page("<p>Lahdenrannan kaupunki · Y-tunnus 0201256-6</p>", lang="fi"), "FI") == {}


def test_digits_glued_to_an_identifier_are_not_a_phone() -> None:
    page = body_page("<p>Elevated error rates (INC-20250311-04) were resolved.</p>", lang="en-US")
    assert numbers(page, "US") == {}


def test_short_codes_are_not_phones_but_the_full_number_beside_them_is() -> None:
    page = body_page("<p>Bel 14 020. Belt u vanuit het buitenland? Bel dan +31 20 555 0191.</p>", lang="nl")
    assert set(numbers(page, "NL")) == {"+31205550191"}


def test_a_number_quoted_in_a_scam_warning_is_not_a_phone_but_the_fraud_line_is() -> None:
    page = body_page("<p>Scam warning: if you receive a call from 0118 496 0678 claiming to be us, hang up. "
                     "To report fraud, call us on 0808 157 0192.</p>")
    assert set(numbers(page)) == {"+448081570192"}


def test_a_number_that_is_only_a_messaging_links_text_is_not_a_phone() -> None:
    whatsapp = body_page("<p>WhatsApp us on <a href='https://wa.me/27825550199'>082 555 0199</a>.</p>",
                         lang="en-ZA")
    assert numbers(whatsapp, "ZA") == {}
    sms = body_page("<p>Call (614) 555-0126. Text us at <a href='sms:+16145550127'>(614) 555-0127</a>.</p>",
                    lang="en-US")
    assert set(numbers(sms, "US")) == {"+16145550126"}
    both = body_page("<p>Call or text <a href='tel:+16145550127'>(614) 555-0127</a> or "
                     "<a href='sms:+16145550127'>(614) 555-0127</a>.</p>", lang="en-US")
    assert set(numbers(both, "US")) == {"+16145550127"}


def test_another_organisations_line_is_not_a_phone_but_our_number_after_a_relay_prefix_is() -> None:
    page = body_page("<p>Textphone: Relay UK 18001 then 0161 496 0623.</p>"
                     "<p>Interpreting service: 0161 496 0888, then ask for us on 0161 496 0123.</p>"
                     "<p>Call the local police on 0161 496 0999 and then tell us on 0161 496 0124.</p>")
    assert sorted(numbers(page)) == ["+441614960123", "+441614960124", "+441614960623"]
    us = body_page("<p>Poison Control: 1-800-555-0150. Our pharmacy: <a href='tel:+12125550123'>(212) 555-0123</a>"
                   "</p>", lang="en-US")
    assert list(numbers(us, "US")) == ["+12125550123"]
    de = body_page("<p>Polizei (Bürgertelefon): 089 23125 700. Unser Kundenservice: 089 23125 710</p>", lang="de")
    assert list(numbers(de, "DE")) == ["+498923125710"]
    pt = body_page("<p>Fora de horas ligue para a Linha SNS 24: 808 24 24 24. Clínica: 22 555 0178</p>", lang="pt-PT")
    assert list(numbers(pt, "PT")) == ["+351225550178"]


def test_a_test_number_of_an_api_is_not_a_phone() -> None:
    page = body_page("<p>In the sandbox, use the test number +1 500-555-0001 to force a failure. "
                     "Sales: (212) 555-0142</p>", lang="en-US")
    assert list(numbers(page, "US")) == ["+12125550142"]


def test_our_own_number_after_a_mention_of_the_police_is_still_ours() -> None:
    page = body_page("<p>Report a stolen card to the police and then to us on 0161 496 0125.</p>")
    assert list(numbers(page)) == ["+441614960125"]


@pytest.mark.parametrize("text", [
    "Write to help@shop.example or press@shop.example.", "a@b.co-x@c.de", "a@b.com.x@y.com", "x.@y.com@@z.io",
    "mail:+tag.me@sub.shop.example.Enter now", "@start and end@", "ünï@shop.example", "two@@a.bc", "",
    "help [at] shop [dot] example, help(at)shop.example", "(a@b.cd)e@f.gh",
])
def test_e_mail_matches_are_those_of_a_plain_scan(text: str) -> None:
    assert [m.span() for m in facts._email_matches(text)] == [m.span() for m in facts._EMAIL.finditer(text)]
    assert facts._deobfuscate(text) == (facts._DOT.sub(".", facts._AT.sub("@", text)) if "at" in text.lower()
                                        else text)


@pytest.mark.parametrize("sentence", [
    "We reply within 2 working days.", "We reply within 2 WEEKS.", "We reply within 2 wee\u212as.",
    "Answers in 24 hours.", "We answer every message.", "24 hour response guaranteed", "Réponse sous 2 jours.",
])
def test_the_cheap_response_test_never_hides_a_promise(sentence: str) -> None:
    found, plain = facts._response(sentence), facts._RESPONSE.search(sentence)
    assert (found and found.span()) == (plain and plain.span())


def test_poison_centres_in_other_languages_are_another_organisations_line() -> None:
    page = body_page("<p>Farmacia: (305) 555-0177. En caso de intoxicación, llame al Centro de Control de "
                     "Envenenamientos al 1-800-222-1222.</p>", lang="es-US")
    assert list(numbers(page, "US")) == ["+13055550177"]
    page = body_page("<p>Appelez le centre antipoison au 01 40 05 48 48. Pharmacie : 03 53 01 12 36</p>", lang="fr")
    assert list(numbers(page, "FR")) == ["+33353011236"]


def test_an_example_number_after_dutch_zoals_or_a_compound_identifier_word_is_not_a_phone() -> None:
    # a number quoted "such as" in Dutch after the word "nummer", and a German compound "…nummer (z. B. …)"
    page = body_page("<p>Bel ons op 03 555 01 48, niet op een nummer uit een vreemde sms (zoals 0470 55 01 99).</p>",
                     lang="nl-BE")
    assert list(numbers(page, "BE")) == ["+3235550148"]
    page = body_page("<p>Bitte die Auftragsnummer (z. B. 030 2025 4411 789) angeben. Telefon 030 23125 400</p>",
                     lang="de")
    assert list(numbers(page, "DE")) == ["+493023125400"]
    # ... but "Telefonnummer" names the phone itself: its example is no identifier's
    assert facts._IDENTIFIER_WORDS.search("Ihre Telefonnummer") is None


def test_the_last_groups_of_an_iban_are_not_a_phone() -> None:
    page = body_page("<p>Virement : IBAN LU12 0019 4006 4475 1234 · Tél. 26 55 01 77</p>", lang="fr-LU")
    assert list(numbers(page, "LU")) == ["+35226550177"]


def test_complaint_bodies_partners_and_national_shared_lines_are_another_organisations() -> None:
    # an ombudsman named just before its number, or earlier in the number's sentence with its address between
    page = body_page("<p>Call us on 0161 496 0130. If we can't resolve your complaint you can refer it to the "
                     "Financial Ombudsman Service on 0800 023 4567.</p>"
                     "<p>If you remain dissatisfied, refer it to the Pensions Ombudsman, 1 Lincoln Place, Leeds LS1 "
                     "4AB, phone 0113 496 0999.</p>"
                     "<p>Call our glass partner ClearView on 0808 157 0300. The vet hospital at 2 Elm Road is open "
                     "all night: call them at 0161 496 0777.</p>")
    assert list(numbers(page)) == ["+441614960130"]
    # our own number after a complaint body is still ours
    ours = body_page("<p>The Ombudsman asks you to contact us first on 0161 496 0131.</p>")
    assert list(numbers(ours)) == ["+441614960131"]
    # a national shared line, also where it is repeated without its name; Australia's TIS and SES by acronym
    nl = body_page("<p>Klantenservice: 088 555 0120. Storing? Bel het landelijk storingsnummer 0800 9009. "
                   "Ruik je gas? Bel direct 0800 9009.</p>", lang="nl-NL")
    assert list(numbers(nl, "NL")) == ["+31885550120"]
    fr = body_page("<p>Opposition : 09 70 55 01 23 ou le serveur interbancaire d'opposition au 0 892 705 705.</p>",
                   lang="fr-FR")
    assert list(numbers(fr, "FR")) == ["+33970550123"]
    au = body_page("<p>Council: (03) 7010 4470. For SES flood help call 132 500. Need an interpreter? Call TIS "
                   "National on 131 450.</p>", lang="en-AU")
    assert list(numbers(au, "AU")) == ["+61370104470"]


def test_a_belgian_fsma_registration_number_is_not_a_phone() -> None:
    page = body_page("<p>Kantoor: 015 55 01 20 · FSMA 0478.221.904</p>", lang="nl-BE")
    assert list(numbers(page, "BE")) == ["+3215550120"]


def test_structured_address_country_and_british_words_set_a_bare_english_pages_region() -> None:
    nz = body_page("<p>Mobile: <a href='tel:0215550193'>021 555 0193</a>. Office: 09 555 0176</p>", lang="en",
                   head='<script type="application/ld+json">{"@context":"https://schema.org","@type":"Plumber",'
                        '"name":"Kauri","address":{"@type":"PostalAddress","addressCountry":"NZ"}}</script>')
    assert facts.page_region(nz) == "NZ"
    assert sorted(numbers(nz, "NZ")) == ["+64215550193", "+6495550176"]
    gp = body_page("<p>Use NHS 111 online. Call 0116 496 0377. Abbey Park Road, Leicester LE4 5AQ</p>", lang="en",
                   url="https://practice.example/contact")
    assert facts.page_region(gp) == "GB"
