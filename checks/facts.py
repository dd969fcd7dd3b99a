"""Facts stated on a page: phone numbers, e-mail addresses, return windows, response-time promises, payment
methods, delivery times and costs, warranty terms; :func:`collect` gathers them (and the opening hours of
:mod:`checks.opening_hours`) for the whole site.

One extractor feeds both the contact check (is there a phone number, are hours stated) and the
consistency check (do the pages agree), so both always see the same facts. This is a helper module,
not a check: it registers nothing. Every function is pure over the page model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import phonenumbers
from phonenumbers import PhoneNumberType

from auditor.page import Page
from auditor.site import Site
from checks import scan
from checks.extract import CONTEXT_CHARS, label_before, node_types, visible_text
from checks.opening_hours import HoursFact, opening_hours
from checks.registry import per_page
from checks.text import sentences

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------------
# Purposes: what a number or address is for, read from the words just before it (or the local part).
# Specific purposes are tried before the catch-all "service", so "press enquiries" is press.
# ---------------------------------------------------------------------------------------------------
PURPOSES: list[tuple[str, str]] = [
    # the fax word in English, German, Dutch, the Nordic languages ("Telefax", "Faxnummer", "Faks", "Telefaks")
    # and French ("Télécopie", Québec's "Télécopieur")
    ("fax", r"\b(?:tele)?fax\w*|\b(?:tele)?faks\w*|\bt[ée]l[ée]copi\w*|\btelekopi\w*"),
    ("press", r"\bpress\b|\bmedia\b|\bjournalists?\b"),
    ("investor", r"\binvestors?\b|\bshareholders?\b"),
    ("careers", r"\bcareers?\b|\bjobs?\b|\brecruit\w*"),
    ("privacy", r"\bprivacy\b|data protection|\bdpo\b|\bgdpr\b"),
    ("accessibility", r"\btextphone\b|\bminicom\b|relay uk|\btext relay\b|\bsign language\b|\bbsl\b"),
    ("international", r"\babroad\b|\boverseas\b|\binternational\b|outside (?:the )?(?:uk|us|usa|eu)\b"),
    ("sales", r"\bsales\b|\bnew business\b"),
    ("billing", r"\bbilling\b|\binvoices?\b|\baccounts? team\b"),
    ("service", r"\bcustomers?\b|\bservices?\b|\bcare\b|\bsupport\b|\bhelp\w*|\breturns?\b|\brefunds?\b"
                r"|\borders?\b|\benquir\w*|\binquir\w*|\bcomplaints?\b|\bquer(?:y|ies)\b"),
]
_PURPOSES = [(name, re.compile(pattern, re.I)) for name, pattern in PURPOSES]
#: Mailbox names that say what an address is for (help@, press@, dpo@…).
MAILBOX_PURPOSES: dict[str, str] = {
    "press": "press", "media": "press", "pr": "press", "investors": "investor", "ir": "investor",
    "jobs": "careers", "careers": "careers", "recruitment": "careers", "hr": "careers",
    "privacy": "privacy", "dpo": "privacy", "gdpr": "privacy", "dataprotection": "privacy",
    "sales": "sales", "billing": "billing", "accounts": "billing", "invoices": "billing",
    "help": "service", "support": "service", "service": "service", "customerservice": "service",
    "customerservices": "service", "care": "service", "returns": "service", "orders": "service",
    "contact": "service", "enquiries": "service", "hello": "service", "info": "service",
}
#: Purposes that are not a customer's way to get help with what they bought.
NON_SERVICE_PURPOSES = frozenset({"fax", "press", "investor", "careers", "privacy"})


def purpose_of(label: str, mailbox: str = "") -> str | None:
    """The purpose a label (text just before a number) or a mailbox name states, or None."""
    key = re.sub(r"[^a-z]", "", mailbox.lower())
    if key in MAILBOX_PURPOSES:
        return MAILBOX_PURPOSES[key]
    for name, pattern in _PURPOSES:
        if pattern.search(label):
            return name
    return None


# ---------------------------------------------------------------------------------------------------
# Facts
# ---------------------------------------------------------------------------------------------------


@dataclass
class PhoneFact:
    number: str  # E.164
    display: str
    kind: str  # toll_free | premium | shared_cost | geographic_rate | fixed_line | mobile | other
    url: str
    context: str
    source: str  # tel_link | text | structured_data
    purpose: str | None = None


@dataclass
class EmailFact:
    address: str
    url: str
    context: str
    source: str  # mailto | text | structured_data
    purpose: str | None = None


@dataclass
class Fact:
    """A stated quantity: a return window (value in days) or a response time (value in ``unit``)."""

    kind: str  # return_window | response_time
    value: int
    unit: str
    text: str
    url: str


@dataclass
class SiteFacts:
    phones: list[PhoneFact] = field(default_factory=list)
    emails: list[EmailFact] = field(default_factory=list)
    hours: list[HoursFact] = field(default_factory=list)
    return_windows: list[Fact] = field(default_factory=list)
    response_times: list[Fact] = field(default_factory=list)
    payment_methods: list[PaymentFact] = field(default_factory=list)
    delivery: list[DeliveryFact] = field(default_factory=list)
    warranties: list[Fact] = field(default_factory=list)


def first_by(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """The first item of each distinct key, in order (footer facts repeat on every page)."""
    seen: dict[Hashable, T] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


#: Pages whose facts are listed first: they are the reference a customer (and a contradiction) starts from.
REFERENCE_TOUCHPOINTS = ("contact", "returns", "faq", "help", "home")


def collect(site: Site) -> SiteFacts:
    """All facts of every successfully fetched page: contact, returns, FAQ, help and home pages first,
    then the rest in crawl order. Extracted once per site and shared by every check: treat as read-only."""
    return site.derived("facts.collect", _collect)


def _collect(site: Site) -> SiteFacts:
    facts = SiteFacts()
    rank = {touchpoint: index for index, touchpoint in enumerate(REFERENCE_TOUCHPOINTS)}
    ordered = sorted(site.pages, key=lambda page: rank.get(page.touchpoint, len(rank)))
    for page in ordered:
        if page.status != 200:
            continue
        found = page_facts(site, page)
        for name in SITE_FACT_LISTS:
            getattr(facts, name).extend(getattr(found, name))
    return facts


SITE_FACT_LISTS = tuple(f.name for f in fields(SiteFacts))


@per_page("facts.page")
def page_facts(site: Site, page: Page) -> SiteFacts:
    """Every fact one page states (the phone numbers read with the page's region): worked out once per
    page for the collected facts, the contact channels and the site facts alike. Read-only."""
    return SiteFacts(phones=phone_numbers(page, page_region(page, site.home)), emails=emails(page),
                     hours=opening_hours(page), return_windows=return_windows(page),
                     response_times=response_times(page), payment_methods=payment_methods(page),
                     delivery=delivery_facts(page), warranties=warranty_terms(page))


def _context(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - CONTEXT_CHARS):end + CONTEXT_CHARS].split())


def _find(text: str, needle: str) -> int:
    """Where a link's text first appears in the page text; -1 for texts too short to place reliably
    ("us", "here")."""
    if len(needle) < 6 and not re.search(r"\d", needle):
        return -1
    match = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text)
    return match.start() if match else -1


#: schema.org types whose ``telephone`` and ``email`` are the business's own contact details (a Person's,
#: an Offer's or an Event's are not); subtypes are recognised by these name endings too.
BUSINESS_TYPES = frozenset({"Organization", "Corporation", "LocalBusiness", "ContactPoint", "OnlineStore",
                            "OnlineBusiness", "NGO", "WebSite"})
_BUSINESS_SUFFIXES = ("Store", "Business", "Organization", "Agency", "Bank", "CreditUnion", "Restaurant", "Hotel",
                      "Shop", "Service", "Office")


def structured_nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in structured data, depth first (JSON-LD graphs nest organisations in pages)."""
    if isinstance(node, list):
        for item in node:
            yield from structured_nodes(item)
    elif isinstance(node, dict):
        yield node
        for value in node.values():
            if isinstance(value, (dict, list)):
                yield from structured_nodes(value)


def is_business_node(node: dict[str, Any]) -> bool:
    types = set(node_types(node))
    return bool(types & BUSINESS_TYPES) or any(t.endswith(_BUSINESS_SUFFIXES) for t in types)


def _structured_contacts(page: Page, key: str) -> Iterator[tuple[str, str]]:
    """(value, label) of a contact property (telephone, email) of the business's structured data; the
    label is a ContactPoint's contactType, so "sales" numbers keep their purpose."""
    for node in structured_nodes(page.structured_data):
        if not is_business_node(node):
            continue
        values = node.get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, (str, int)) and str(value).strip():
                yield str(value).strip(), str(node.get("contactType") or "")


# ---------------------------------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------------------------------

_KINDS: dict[int, str] = {
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium",
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line",
    PhoneNumberType.MOBILE: "mobile",
}
#: A number written without any separator counts only after one of these words (order numbers,
#: references and dates are also digit runs).
_PHONE_WORD = re.compile(r"\b(call|calls|calling|phone|telephone|tel|ring|freephone|helpline|hotline|"
                         r"mobile|whatsapp|text us|sms)\b", re.I)
#: A digit run labelled as something else ("Order no. 123-456-7890", "Ref: 020-7946-0999", "VAT GB 123…").
_NOT_PHONE_LABEL = re.compile(r"\b(order|ref|reference|invoice|account|acct|sku|item|vat|reg|registered|"
                              r"registration|company|iban|sort code|tracking|parcel|serial|model|isbn|po box|"
                              r"postcode|zip)(?:\s*(?:no|number|code|id|ref)\b)?[\s.:#-]*(?:[A-Z]{2}\s*)?$", re.I)
#: National registry, tax, licence and bank identifiers, by language, that label a digit run as not a phone
#: ("BCE 0456.123.789", "Y-tunnus 0201256-6", "Org.nr 556123-4567", "TX License 31245").
REGISTRY_LABELS = (
    r"licen[cs]e|permit|npi|ein|abn|acn|nzbn|gstin|gst|cin|uen|crn|frn|naic|fsp|cricos|charity|routing|aba|swift|"
    r"bic|ifsc|"  # en
    r"hrb|hra|ust-?id(?:nr)?|ust|steuer(?:nummer|nr)?|st\.?-?nr|handelsregister|amtsgericht|ik|"  # de
    r"siret|siren|rcs|tva|neq|bce|rpps|adeli|finess|uai|ape|naf|rna|orias|"  # fr
    r"kvk|btw|kbo|fsma|rsin|agb|big|ondernemingsnummer|"  # nl (and Belgium's FSMA register)
    r"cif|nif|nie|p\.?\s?iva|partita iva|codice fiscale|rea|ivass|nipc|contribuinte|"  # es, it, pt
    r"org\.?\s?nr|organisationsnummer|organisasjonsnummer|bankgiro|plusgiro|clearing(?:nummer)?|ocr|"  # sv, nb
    r"cvr|se-nr|ydernummer|foretaksregisteret|mva|vipps(?:-nummer)?|"  # da, nb
    r"y-tunnus|ly-tunnus|alv")  # fi
_REGISTRY_LABEL = re.compile(rf"\b(?:{REGISTRY_LABELS})(?:[\s.-]*(?:no|nr|n°|number|nummer|numéro|code|id)\b)?"
                             r"[\s.:#°-]*(?:[A-Z]{2}\s*)?$", re.I)
#: A digit run glued to an identifier around it ("INC-20250311-04", "0201256-6"): part of a code, not a phone.
_GLUED_BEFORE = re.compile(r"(?:\d|[A-Za-z\d][-_/])$")
#: The groups of an IBAN just before a digit run ("IBAN LU28 0019 4006 4475 0000"): the run is its last groups.
_IBAN_GROUPS_BEFORE = re.compile(r"\b[A-Z]{2}\d{2}(?: [A-Z\d]{4})+ $")
_GLUED_AFTER = re.compile(r"[-_/]\w")
#: Below this many national digits a number is a short code (112, 116 117, the Dutch municipal 14 020), which
#: the numbering plans publish but which is no phone line of the business.
MIN_NATIONAL_DIGITS = 6
#: Words of a scam or fraud warning, and the words that then name a number as the fraudster's ("a call from
#: 0118 496 0678 claiming to be us"): such a number is quoted as a warning, not offered as a channel.
_SCAM_WORDS = re.compile(
    r"\bscam\w*|\bfraud\w*|\bphishing|\bsmishing|\bvishing|\bimpersonat\w*|\bclaim(?:s|ing)? to be\b|"
    r"\bpretend\w* to be\b|\bfake\b|\bbetr(?:u|ü)g\w*|\barnaque\w*|\bescroquer\w*|\bfraude\w*|\bhameçonnage|"
    r"\boplicht\w*|\bestafa\w*|\btruff\w*|\bgolpe\w*|\bbedr(?:ä|a)g\w*|\bsvindel\w*|\bhuijau\w*|\bhuijari\w*",
    re.I)
_FROM_BEFORE = re.compile(r"(?:\bfrom|\bvon|\bvom|\bvan|\bvanaf|\bdesde|\bdal|\bfrån|\bfra|"
                          r"(?:appels?|sms|messages?)\s+(?:du|de|venant du|provenant du))(?:\s+(?:the\s+)?"
                          r"(?:number|numéro|nummer|numero|numret|nummeret))?\s*:?\s*$", re.I)
SCAM_REACH = 160
#: Complaint and dispute bodies, per language (en, de, fr, nl, es, it, pt, sv, da, nb): ombudsmen (also inside a
#: compound, "Versicherungsombudsmann"), mediators and arbitration boards. Their number is the body's, not the
#: business's.
COMPLAINT_BODIES = (r"ombuds\w*|\bm[ée]diat(?:eur|or|ore)\b|\bschlichtungsstelle\b|\barbitro bancario\b|"
                    r"\bdefensor del (?:cliente|asegurado)\b|\bgeschillencommissie\b|\bklachteninstituut\b|"
                    r"\bprovedor do cliente\b|\breklamationsnämnd\w*|\bankenævn\w*|\bklageløsning\b|"
                    r"\bfinansklagenemnda\b")
#: Another organisation's line named just before a number, with no digits nor "us" between the name and the number:
#: relay and interpreting services ("National Relay Service: TTY 133 677"; "Relay UK: 18001 then 0161 …" is the
#: business's own number reached through the relay prefix), the police and crime lines in the languages the
#: tool reads, poison centres and national health advice lines (NHS 111, Portugal's SNS 24, Australia's
#: healthdirect, Ireland's HSE Live). A page quotes them for the customer to call instead of the business.
_OTHER_ORGANISATION_LINE = re.compile(
    r"(?:\brelay (?:service|uk)\b|\bnational relay\b|\binterpret(?:ing|er|ers)? (?:service|line)s?\b|"
    r"\btranslat\w* (?:and|&) interpret\w*|\bcrime ?stop(?:pers)?\b|\b(?:the|local) police\b|"
    r"\bpolice (?:station|non-emergency|hotline|helpline)|\bpolizei\b|\bpolitie\b|\bpolic[ií]a\b|\bpolizia\b|"
    r"\bpolisen\b|\bpolitiet\b|\bpoliisi\b|\bpoison\w* (?:control|information|help)|\bNHS\s?(?:111|24|direct)\b|"
    # poison centres in the other languages read (es, fr, de, nl, it, pt, sv, da, nb)
    r"\b(?:control|centro|información) (?:de |del )?(?:envenenamientos?|intoxicaci[oó]n|toxicol[oó]gic[oa])\b|"
    r"\bcentre anti-?poison\b|\bgiftinformation\w*|\bgiftnotruf\b|\bantigifcentrum\b|\bcentro antiveleni\b|"
    r"\bcentro (?:de )?informa[cç][aã]o antivenenos\b|\bgiftlinjen\b|"
    r"\bSNS\s?24\b|\bsa[úu]de\s?24\b|\bhealth\s?direct\b|\bHSE\s?live\b|"
    # Australia's interpreting service and state emergency services, by the acronyms they are called by
    r"(?-i:\bTIS\b|\bSES\b)|\bstate emergency service\b|"
    # a partner or contractor the business names ("our glass partner ClearView on …"), a pronoun for the
    # organisation just named ("the emergency centre … or call them at …"), national shared lines (the national
    # gas-emergency line, the Dutch "landelijk storingsnummer", the French interbank card-blocking server)
    r"\b(?:our|their) (?:[\w-]+ )?(?:partner|contractor)s?\b|\b(?:call|ring|phone|contact) them\b|"
    r"\bnational gas emergency\b|\blandelijk\w* storingsnummer\b|\binterbancaire\b|"
    rf"{COMPLAINT_BODIES})"
    r"(?!\D*\b(?:us|our|we|uns|unser\w*|nous|notre|ons|onze|nos|nuestr\w+|noi|nostr\w|oss|vår\w*)\b)\D{0,30}$",
    re.I)
#: The same complaint bodies anywhere earlier in the number's own sentence, when no "us"/"our" follows them:
#: "refer your complaint to the … Ombudsman, Lincoln House, Dublin 2, D02 VH29, phone +353 1 …" names the
#: ombudsman's address between the name and the number.
_COMPLAINT_BODY_SENTENCE = re.compile(
    rf"(?:{COMPLAINT_BODIES})"
    r"(?![^.!?\n]*\b(?:us|our|we|uns|unser\w*|nous|notre|ons|onze|nos|nuestr\w+|noi|nostr\w|oss|vår\w*)\b)"
    r"[^!?\n]*$", re.I)
SENTENCE_REACH = 200
#: A number the page calls a test or example value ("the magic number +1 500-555-0006" of an API's test
#: credentials, "dummy number"): it rings nobody.
_TEST_NUMBER_BEFORE = re.compile(r"\b(?:test|magic|dummy|sample|placeholder|fictitious|fictional)"
                                 r"(?: (?:phone|telephone|mobile))? numbers?\b\D{0,20}$", re.I)
#: Links that open a messaging app on a number (sms:, WhatsApp, Viber, Telegram): their number is that
#: app's channel. Written out as the link's own text ("WhatsApp us on <a href=wa.me/…>082 555 0199</a>"), it
#: is not also a phone line unless the page offers it for calls too (a tel: link).
_MESSAGING_LINK = re.compile(r"^(?:sms:|https?://(?:[\w-]+\.)*(?:wa\.me|whatsapp\.com|viber\.com)/)", re.I)
_SEPARATED = re.compile(r"^\+|[\s\-.()/]")
#: Country-code top-level domains whose country is not the upper-cased code itself.
_TLD_REGIONS = {"uk": "GB"}
#: Country-code domains sold worldwide as generic names (.io, .co, .tv…): they say nothing of the country.
GENERIC_CCTLDS = frozenset({"io", "co", "me", "tv", "ai", "ly", "fm", "am", "to", "gg", "sh", "cc", "ws", "so",
                            "la", "nu", "tk", "gl", "vc"})
#: A bare language tag ("de", "fr") read as its main country's numbering plan. English is absent: it is
#: spoken in too many plans to pick one, so the domain and the page's own words decide.
LANGUAGE_REGIONS = {"de": "DE", "fr": "FR", "nl": "NL", "es": "ES", "it": "IT", "pt": "PT", "pl": "PL",
                    "sv": "SE", "da": "DK", "nb": "NO", "no": "NO", "fi": "FI", "cs": "CZ", "el": "GR",
                    "hu": "HU", "ja": "JP", "ko": "KR", "ga": "IE", "cy": "GB"}
#: Words that tell a British page from an American one when its language tag is a bare "en".
_BRITISH = re.compile(r"£|\+44\b|\bUK\b|United Kingdom|\bEngland\b|\bScotland\b|\bWales\b|\bpostcode|"
                      r"\bLtd\b|\bVAT\b|\bfreephone\b|\bbank holidays?\b|\bcentre\b|\bcolour|\bNHS\b|"
                      # a full British postcode ("LE4 5AQ"), as Royal Mail writes it
                      r"(?-i:\b[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}\b)", re.I)
_AMERICAN = re.compile(r"\$\d|\+1\b|\bUSA?\b|United States|\bZIP\b|\bInc\b|\b[Cc]enter\b|\b[Cc]olor\b|"
                       r"\(\d{3}\) ?\d{3}-\d{4}|\b1-8\d\d-")


def page_region(page: Page, home: Page | None = None) -> str:
    """Default region for numbers written without a country code: the :func:`declared_region`, else GB for
    a page with British markers, else US."""
    declared = declared_region(page, home) or _structured_country(page)
    if declared is not None:
        return declared
    british = len(_BRITISH.findall(page.body_text))
    return "GB" if british > len(_AMERICAN.findall(page.body_text)) else "US"


def _structured_country(page: Page) -> str | None:
    """The country of the business's own structured-data address ("addressCountry": "NZ" or {"name": "NZ"}), for
    an English page that states no region otherwise: a New Zealand plumber's "021 555 0193" is no US number."""
    for node in structured_nodes(page.structured_data):
        address = node.get("address") if "Person" not in node_types(node) else None
        country = address.get("addressCountry") if isinstance(address, dict) else None
        if isinstance(country, dict):
            country = country.get("name")
        code = _TLD_REGIONS.get(str(country or "").lower(), str(country or "").upper())
        if code in phonenumbers.SUPPORTED_REGIONS:
            return code
    return None


def declared_region(page: Page, home: Page | None = None) -> str | None:
    """The region a page states: its (else the home page's) language region ("en-GB"), else the host's
    country-code domain, else the country of a bare language tag ("de" → DE); None for an English page
    that says no more (only its words can tell British from American)."""
    candidates = [candidate for candidate in (page, home) if candidate is not None]
    tags = [candidate.lang.replace("_", "-").split("-") for candidate in candidates]
    for parts in tags:
        if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha():
            return parts[1].upper()
    tld = (urlsplit(page.url).hostname or "").rsplit(".", 1)[-1].lower()
    region = _TLD_REGIONS.get(tld, tld.upper())
    if len(tld) == 2 and tld not in GENERIC_CCTLDS and region in phonenumbers.SUPPORTED_REGIONS:
        return region
    for parts in tags:
        if parts[0].lower() in LANGUAGE_REGIONS:
            return LANGUAGE_REGIONS[parts[0].lower()]
    return None


#: Country words that say which numbering plan a nearby national-format number belongs to.
COUNTRY_CUES: list[tuple[str, str]] = [
    ("GB", r"\bUK\b|united kingdom|great britain|\bengland\b|\bscotland\b|\bwales\b|royaume-uni|großbritannien"),
    ("IE", r"\bireland\b|\birland\b|\birlande\b|\birlanda\b"),
    ("US", r"\bUSA?\b|united states|\bamerica\b"),
    ("DE", r"\bgermany\b|\bdeutschland\b|\ballemagne\b|\balemania\b"),
    ("FR", r"\bfrance\b|\bfrankreich\b|\bfrancia\b"),
    ("ES", r"\bspain\b|\bespaña\b|\bspanien\b|\bespagne\b"),
    ("NL", r"\bnetherlands\b|\bnederland\b|\bholland\b"),
    ("IT", r"\bitaly\b|\bitalia\b|\bitalien\b|\bitalie\b"),
]
_COUNTRY_CUES = [(region, re.compile(pattern)) for region, pattern in COUNTRY_CUES]


def _cued_regions(text: str, default_region: str) -> list[str]:
    """Regions other than the default that the page names, so "UK customers: call 020 …" on a page
    without a UK language tag still parses. (Each cue is tried only where one of its words begins: a
    plain search tried every cue at every character of every page.)"""
    return [region for region, pattern in _COUNTRY_CUES
            if region != default_region and scan.search(pattern, text)]


def _kind(number: phonenumbers.PhoneNumber) -> str:
    """toll_free | premium | shared_cost | geographic_rate | fixed_line | mobile | other. UK 03 numbers
    (non-geographic, charged as a call to an 01/02 number and included in call bundles) are
    geographic_rate, as Ofcom's numbering plan says."""
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UAN and phonenumbers.region_code_for_number(number) == "GB" and str(
            number.national_number).startswith("3"):
        return "geographic_rate"
    if kind == PhoneNumberType.SHARED_COST:
        return "shared_cost"
    return _KINDS.get(kind, "other")


#: Words naming an identifier whose format an example shows ("your member number (10 digits, for example
#: 0457 123 890)"): a number given as such an example is not a phone.
_IDENTIFIER_WORDS = re.compile(r"(?<!telefon)(?<!telefoon)(?<!ruf)(?<!fax)(?<!handy)(?<!mobil)(?<!service)"
                               r"(?<!hotline)(?<=\w)(?:nummer|numret|nummeret)\b|"  # compounds: "Sendungsnummer"
                               r"\b(?:numbers?|no\.|num[ée]ro|nummer|n[úu]mero|codes?|c[óo]digo|codice|ids?|digits|"
                               r"chiffres|ziffern|stellen|cijfers|d[íi]gitos|cifre|references?|r[ée]f[ée]rences?)\b",
                               re.I)
EXAMPLE_REACH = 80


def is_identifier_label(before: str) -> bool:
    """Whether text ends with a label naming an identifier (an order, account, registry, tax, licence or bank
    number), so the digits after it are that identifier, not a phone number or a postcode."""
    return bool(_NOT_PHONE_LABEL.search(before) or _REGISTRY_LABEL.search(before))


def _plausible_in_text(text: str, start: int, raw: str) -> bool:
    before = text[max(0, start - CONTEXT_CHARS):start]
    if is_identifier_label(before):
        return False
    if _GLUED_BEFORE.search(before) or _GLUED_AFTER.match(text, start + len(raw)) or _IBAN_GROUPS_BEFORE.search(before):
        return False
    if _FROM_BEFORE.search(before) and _SCAM_WORDS.search(text, max(0, start - SCAM_REACH), start + SCAM_REACH):
        return False
    if _EXAMPLE_BEFORE.search(before) and _IDENTIFIER_WORDS.search(text[max(0, start - EXAMPLE_REACH):start]):
        return False
    if _TEST_NUMBER_BEFORE.search(before):
        return False
    return bool(_SEPARATED.search(raw)) or bool(_PHONE_WORD.search(before))


def _other_organisation(text: str, start: int, label: str) -> bool:
    """Whether the number at ``start`` is another organisation's: named just before it (``label``), or a complaint
    body named earlier in its own sentence."""
    if _OTHER_ORGANISATION_LINE.search(label):
        return True
    sentence = re.split(r"[.!?]\s|\n", text[max(0, start - SENTENCE_REACH):start])[-1]
    return bool(_COMPLAINT_BODY_SENTENCE.search(sentence))


def _short_code(number: phonenumbers.PhoneNumber) -> bool:
    return len(str(number.national_number)) < MIN_NATIONAL_DIGITS


def _messaging_link_numbers(page: Page, region: str) -> dict[str, int]:
    """E.164 number → how many messaging links (sms:, WhatsApp, Viber) show it as their text."""
    counts: dict[str, int] = {}
    for link in page.links:  # the anchored link test first: a page has hundreds of links, few of them messaging
        if not _MESSAGING_LINK.match(link.url) or sum(c.isdigit() for c in link.text) < MIN_NATIONAL_DIGITS:
            continue
        try:
            parsed = phonenumbers.parse(link.text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            counts[number] = counts.get(number, 0) + 1
    return counts


def _matches(text: str, region: str) -> list[phonenumbers.PhoneNumberMatch]:
    try:
        return list(phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID))
    except Exception:  # the matcher can raise on pathological input; a page without phones is the safe answer
        return []


def phone_numbers(page: Page, default_region: str) -> list[PhoneFact]:
    """Phone numbers from ``tel:`` links, the visible text and the business's structured data (Organization,
    LocalBusiness, ContactPoint ``telephone``), one fact per distinct number.

    Only numbers valid in the numbering plan are kept, and a digit run in text must look like a phone
    number (separators or a leading +) or follow a word such as "call", so order numbers, prices,
    dates and postcodes are not mistaken for phones.
    """
    text = visible_text(page)
    found: dict[str, PhoneFact] = {}
    previous_end = 0
    matches = _matches(text, default_region)
    taken = [(m.start, m.end) for m in matches]
    for region in _cued_regions(text, default_region):
        for match in _matches(text, region):
            cue = dict(_COUNTRY_CUES)[region]
            overlaps = any(match.start < end and start < match.end for start, end in taken)
            if not overlaps and cue.search(label_before(text, match.start)):
                matches.append(match)
                taken.append((match.start, match.end))
    matches.sort(key=lambda m: m.start)
    messaging = _messaging_link_numbers(page, default_region)
    others: set[str] = set()
    for match in matches:
        if _short_code(match.number):
            continue
        number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if messaging.get(number, 0) > 0:
            messaging[number] -= 1  # this occurrence is the text of a messaging link
            previous_end = match.end
            continue
        label = label_before(text, match.start, previous_end)
        if _other_organisation(text, match.start, label):
            others.add(number)  # and its repeats ("Smell gas? Call 0800 9009."): the page named whose it is
        elif _plausible_in_text(text, match.start, match.raw_string) and number not in others:
            found.setdefault(number, PhoneFact(
                number=number, display=match.raw_string, kind=_kind(match.number), url=page.url,
                context=_context(text, match.start, match.end), source="text", purpose=purpose_of(label)))
        previous_end = match.end
    for link in page.links_with_scheme("tel"):
        raw = unquote(link.url.split(":", 1)[1]).split(";", 1)[0].strip()
        try:
            parsed = phonenumbers.parse(raw, default_region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(parsed) or _short_code(parsed):
            continue
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if number in found:
            found[number].source = "tel_link"
            continue
        at = _find(text, link.text)
        context = _context(text, at, at + len(link.text)) if at >= 0 else link.text
        label = label_before(text, at) if at >= 0 else ""
        if number in others or (at >= 0 and _other_organisation(text, at, label)):
            continue
        found[number] = PhoneFact(
            number=number, display=link.text if re.search(r"\d", link.text) else raw, kind=_kind(parsed),
            url=page.url, context=context, source="tel_link", purpose=purpose_of(f"{label} {link.text}"))
    for raw, label in _structured_contacts(page, "telephone"):
        try:
            parsed = phonenumbers.parse(raw.removeprefix("tel:"), default_region)
        except phonenumbers.NumberParseException:
            continue
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(parsed) and not _short_code(parsed) and number not in found:
            found[number] = PhoneFact(number=number, display=raw, kind=_kind(parsed), url=page.url,
                                      context=label or "structured data", source="structured_data",
                                      purpose=purpose_of(label))
    return list(found.values())


# ---------------------------------------------------------------------------------------------------
# E-mail addresses
# ---------------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
#: Addresses that only show the format (form hints, "e.g. name@example.com"), never a real mailbox.
PLACEHOLDER_MAILBOXES = frozenset({"name", "yourname", "your.name", "you", "your", "email", "youremail",
                                   "your.email", "user", "username", "firstname.lastname", "first.last",
                                   "john.doe", "jane.doe", "johndoe", "janedoe", "someone", "me"})
PLACEHOLDER_DOMAINS = frozenset({"domain.com", "yourdomain.com", "yoursite.com", "yourcompany.com", "email.com"})
_FILE_SUFFIX = re.compile(r"\.(png|jpe?g|gif|svg|webp|avif|css|js)$", re.I)


#: Senders nobody can write back to: automated mail, bounces.
_NO_REPLY = re.compile(r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|mailer[-_.]?daemon|bounces?)"
                       r"(?:[-_.+]\w*)?$", re.I)
#: Words that introduce an example ("e.g.", "for example", "such as"), per language (en, de, fr, es, nl, it, pt,
#: sv, da, nb): Dutch "zoals"/"bv.", Spanish "p. ej.", Swedish "t.ex.", Danish and Norwegian "f.eks.".
EXAMPLE_WORDS = (r"\be\.\s?g\.?|\beg\.|\bfor (?:example|instance)|\bsuch as|\bexample|\bformat|"
                 r"\bz\.\s?b\.|\bzum beispiel|\bbeispiel|\bpar ex\w*\.?|\bp\.\s?ex\.|"
                 r"\bpor ejemplo|\bp\.\s?ej\.|\bbijv\.|\bbijvoorbeeld|\bbv\.|\bzoals|\bad esempio|\bes\.|"
                 r"\bpor exemplo|\bex\.|\bt\.\s?ex\.|\bf\.\s?eks\.")
#: An example's words right before a value ("e.g. name@…", "(zoals 0470 …"): the value shows a format.
_EXAMPLE_BEFORE = re.compile(rf"(?:{EXAMPLE_WORDS})\s*[:(\"'“‘]?\s*$", re.I)


def _is_placeholder(address: str) -> bool:
    """A format hint, an image file name or a no-reply sender: not a mailbox a customer can write to."""
    mailbox, _, domain = address.partition("@")
    return (mailbox in PLACEHOLDER_MAILBOXES or domain in PLACEHOLDER_DOMAINS or bool(_FILE_SUFFIX.search(address))
            or bool(_NO_REPLY.match(mailbox)))


def _trim_run_on(address: str) -> str:
    """Drop a capitalised word glued on after the domain ("help@shop.example.Enter"): the page's body
    text joins adjacent blocks without a space."""
    mailbox, _, domain = address.partition("@")
    labels = domain.split(".")
    for index in range(2, len(labels)):
        if re.fullmatch(r"[A-Z][a-z]+", labels[index]) and not labels[0][:1].isupper():
            return f"{mailbox}@{'.'.join(labels[:index])}"
    return address


#: "help [at] shop [dot] example", "press(at)shop.example": addresses written to dodge harvesters.
_AT = re.compile(r"\s*[\[(]\s*at\s*[\])]\s*", re.I)
_DOT = re.compile(r"\s*[\[(]\s*dot\s*[\])]\s*", re.I)
#: The same without the spaces around: found exactly where the above are, but searched for quickly (a
#: pattern opening with a bracket is only tried at brackets; one opening with ``\s*`` at every character).
_AT_CORE = re.compile(r"[\[(]\s*at\s*[\])]", re.I)
_DOT_CORE = re.compile(r"[\[(]\s*dot\s*[\])]", re.I)


def _deobfuscate(text: str) -> str:
    if "at" not in text.lower():
        return text
    text = _AT.sub("@", text) if _AT_CORE.search(text) else text
    return _DOT.sub(".", text) if _DOT_CORE.search(text) else text


_MAILBOX_CHAR = re.compile(r"[\w.+-]")


def _email_matches(text: str) -> Iterator[re.Match[str]]:
    """``_EMAIL.finditer(text)``, trying the pattern only where a match can start: at the first of the mailbox
    characters just before an "@" (its look-behind rules out any other mailbox character, and its mailbox must
    end at an "@"). The pattern opens with a character class, so ``finditer`` tried it at every letter."""
    end = 0
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and _MAILBOX_CHAR.match(text, start - 1):
            start -= 1
        if end <= start < at:
            match = _EMAIL.match(text, start)
            if match:
                end = match.end()
                yield match
        at = text.find("@", at + 1)


def emails(page: Page) -> list[EmailFact]:
    """E-mail addresses from ``mailto:`` links, the visible text (also written as "name [at] domain
    [dot] tld") and the business's structured data, lower-cased; format hints ("e.g. name@…"),
    placeholders and no-reply senders dropped."""
    text = _deobfuscate(visible_text(page))
    found: dict[str, EmailFact] = {}
    previous_end = 0
    for match in _email_matches(text):
        address = _trim_run_on(match.group(0)).lower().strip(".")
        if not _is_placeholder(address) and not _EXAMPLE_BEFORE.search(text[max(0, match.start() - 30):match.start()]):
            found.setdefault(address, EmailFact(
                address=address, url=page.url, context=_context(text, match.start(), match.end()), source="text",
                purpose=purpose_of(label_before(text, match.start(), previous_end), address.split("@")[0])))
        previous_end = match.end()
    for link in page.links_with_scheme("mailto"):
        targets = unquote(link.url.split(":", 1)[1]).split("?", 1)[0]
        for target in targets.split(","):
            address = target.strip().lower()
            if not _EMAIL.fullmatch(address) or _is_placeholder(address):
                continue
            if address in found:
                found[address].source = "mailto"
                continue
            at = _find(text, link.text)
            found[address] = EmailFact(
                address=address, url=page.url,
                context=_context(text, at, at + len(link.text)) if at >= 0 else link.text, source="mailto",
                purpose=purpose_of(f"{label_before(text, at) if at >= 0 else ''} {link.text}", address.split("@")[0]))
    for raw, label in _structured_contacts(page, "email"):
        address = unquote(raw).removeprefix("mailto:").split("?", 1)[0].strip().lower()
        if _EMAIL.fullmatch(address) and not _is_placeholder(address) and address not in found:
            found[address] = EmailFact(address=address, url=page.url, context=label or "structured data",
                                       source="structured_data", purpose=purpose_of(label, address.split("@")[0]))
    return list(found.values())


# ---------------------------------------------------------------------------------------------------
# Return windows and response times
# ---------------------------------------------------------------------------------------------------

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "fourteen": 14, "twenty-one": 21, "twenty one": 21,
                "twenty-eight": 28, "twenty eight": 28, "thirty": 30, "forty-five": 45, "sixty": 60,
                "ninety": 90, "hundred": 100}
_NUMBER = r"(\d{1,3}|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + r")"
_PERIOD = re.compile(rf"\b{_NUMBER}[\s-]+(?:(calendar|working|business)[\s-]+)?(days?|weeks?)\b", re.I)
_RETURN_WORDS = re.compile(r"\breturn\w*|\bsen(?:d|t|ding) (?:\w+ ){0,3}back\b|\bexchang\w*|\bmoney[\s-]back\b|"
                           r"\bchange your mind\b|\bcooling[\s-]off\b", re.I)
_REFUND_WORDS = re.compile(r"\brefund\w*", re.I)
_RESPONSE = re.compile(
    rf"\b(?:reply|replies|respond|responds|response|get back to you|answer|answers|back to you)\b"
    rf"[^.?!]{{0,40}}?\b(?:within|in|inside|in under|under)\s+{_NUMBER}[\s-]+"
    rf"(?:(working|business)[\s-]+)?(minutes?|hours?|days?|weeks?)\b"
    rf"|\b{_NUMBER}[\s-]+(?:(working|business)[\s-]+)?(minutes?|hours?|days?)\s+response\b",
    re.I,
)


#: Every _RESPONSE match names one of these units.
_RESPONSE_UNITS = ("minute", "hour", "day", "week")


def _names_none_of(sentence: str, words: tuple[str, ...]) -> bool:
    """Whether an ASCII sentence contains none of ``words`` (lower case) in any letter case: then a
    case-insensitive pattern that needs one of them cannot match it. A cheap test run before a costly pattern;
    never True for other text, where a case-insensitive match may fold non-ASCII letters ("K", the Kelvin
    sign, matches "k")."""
    if not sentence.isascii():
        return False
    lowered = sentence.lower()
    return not any(word in lowered for word in words)


def _response(sentence: str) -> re.Match[str] | None:
    """``_RESPONSE.search(sentence)``, ruled out cheaply for the many sentences that name no unit of time."""
    return None if _names_none_of(sentence, _RESPONSE_UNITS) else _RESPONSE.search(sentence)


def _may_name(text: str, literals: tuple[str, ...]) -> bool:
    """Whether ``text`` may match a case-insensitive pattern each of whose matches holds one of ``literals``
    (lower case): False only when it is ASCII and holds none of them (see :func:`_names_none_of`)."""
    return not _names_none_of(text, literals)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def return_windows(page: Page) -> list[Fact]:
    """Return windows ("30 days to return", "return within 14 days of delivery", "28-day returns").

    A period counts only when a returns word (return, send back, exchange…) sits closer to it than a
    refund word, so refund processing times ("refunds take 5 working days") are not read as windows.
    """
    found: list[Fact] = []
    for sentence in sentences(page.main_text):
        if not _RETURN_WORDS.search(sentence):
            continue
        for match in _PERIOD.finditer(sentence):
            returns = [abs(m.start() - match.start()) for m in _RETURN_WORDS.finditer(sentence)]
            refunds = [abs(m.start() - match.start()) for m in _REFUND_WORDS.finditer(sentence)]
            if refunds and min(refunds) < min(returns):
                continue
            days = _number(match.group(1)) * (7 if match.group(3).lower().startswith("week") else 1)
            found.append(Fact(kind="return_window", value=days, unit="days", text=sentence, url=page.url))
            break
    return found


def response_times(page: Page) -> list[Fact]:
    """Response-time promises for e-mail and forms ("we reply within 1 working day")."""
    found: list[Fact] = []
    for sentence in sentences(page.main_text):
        match = _response(sentence)
        if not match:
            continue
        number, qualifier, unit = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
            match.group(4), match.group(5), match.group(6))
        unit = unit.lower().rstrip("s") + "s"
        found.append(Fact(kind="response_time", value=_number(number),
                          unit=f"{qualifier.lower()} {unit}" if qualifier else unit, text=sentence, url=page.url))
    return found


# ---------------------------------------------------------------------------------------------------
# Business information: payment methods, delivery times and costs, warranty durations
# ---------------------------------------------------------------------------------------------------


@dataclass
class PaymentFact:
    method: str  # a name of PAYMENT_METHODS
    text: str  # the sentence, image text or structured-data value naming it
    url: str
    source: str  # text | image | structured_data


@dataclass
class DeliveryFact:
    """A delivery promise: a time ("3-5 working days", "next day"), a cost ("£3.95"), free delivery
    ("free over £50", "free") or a vague claim with no number ("fast delivery")."""

    kind: str  # time | cost | free | vague
    value: str
    text: str
    url: str


#: (method, pattern). Brands first; the generic kinds (card, pay later) after them.
PAYMENT_METHODS: list[tuple[str, str]] = [
    ("Visa", r"\bvisa\b"),
    ("Mastercard", r"\bmaster\s?card\b"),
    ("American Express", r"\bamerican\s?express\b|\bamex\b"),
    ("Maestro", r"\bmaestro\b"),
    ("PayPal", r"\bpay\s?pal\b"),
    ("Apple Pay", r"\bapple\s?pay\b"),
    ("Google Pay", r"\bgoogle\s?pay\b|\bgpay\b"),
    ("Amazon Pay", r"\bamazon\s?pay\b"),
    ("Klarna", r"\bklarna\b"),
    ("Clearpay", r"\bclearpay\b|\bafterpay\b"),
    ("Debit or credit card", r"\b(?:debit|credit)(?:\s*(?:or|and|&|/)\s*(?:debit|credit))? cards?\b|"
                             r"\bcard payments?\b|\bpay(?:ing)? by card\b|\ball major (?:credit )?cards\b"),
    ("Buy now, pay later", r"\bbuy now,? pay later\b|\bpay in (?:3|4|three|four)\b|\binterest[- ]free instal?ments\b"),
    ("Bank transfer", r"\bbank transfers?\b|\bwire transfers?\b|\bBACS\b|\bSEPA\b|\bfaster payments\b"),
    ("Direct Debit", r"\bdirect debit\b"),
    ("Invoice", r"\bpay(?:ing|ment)? (?:by|on|via|against) invoice\b|\bby invoice\b|\binvoice payment\b"),
    ("Cash on delivery", r"\bcash on delivery\b|\bpay on delivery\b"),
    ("Gift card", r"\bgift (?:cards?|vouchers?|certificates?)\b"),
]
_PAYMENT = [(name, re.compile(pattern, re.I)) for name, pattern in PAYMENT_METHODS]
#: Methods recognisable from a logo (alt text or file name); generic words on images mean little.
_LOGO_METHODS = frozenset({"Visa", "Mastercard", "American Express", "Maestro", "PayPal", "Apple Pay", "Google Pay",
                           "Amazon Pay", "Klarna", "Clearpay"})
#: A method named in a sentence counts when the sentence is about paying (not "visa requirements").
_PAY_CONTEXT = re.compile(r"\bpa(?:y|ys|ying|id|yment|yments)\b|\baccept\w*|\bcheck ?out\b|\bcards?\b|\bwe take\b",
                          re.I)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: Every match of a PAYMENT_METHODS pattern holds one of these (lower case): a text with none names no method.
_PAYMENT_LITERALS = ("visa", "master", "american", "amex", "maestro", "pal", "apple", "google", "gpay", "amazon",
                     "klarna", "clearpay", "afterpay", "card", "buy now", "pay in", "interest", "transfer", "bacs",
                     "sepa", "faster payments", "direct debit", "invoice", "on delivery", "gift")


@lru_cache(maxsize=16384)
def _methods_in(text: str) -> tuple[str, ...]:
    """Payment methods a text names, once per distinct text: template sentences and logos repeat on many
    pages, and every method's pattern is tried on each (after one test for the words they all need)."""
    if not _may_name(text, _PAYMENT_LITERALS):
        return ()
    return tuple(name for name, pattern in _PAYMENT if pattern.search(text))


def _payment_values(node: Any) -> Iterator[str]:
    """``paymentAccepted`` and ``acceptedPaymentMethod`` values anywhere in structured data."""
    if isinstance(node, list):
        for item in node:
            yield from _payment_values(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("paymentAccepted", "acceptedPaymentMethod"):
                for item in value if isinstance(value, list) else [value]:
                    raw = (item.get("name") or item.get("@id") or "") if isinstance(item, dict) else item
                    yield str(raw)
            elif isinstance(value, (dict, list)):
                yield from _payment_values(value)


def payment_methods(page: Page) -> list[PaymentFact]:
    """Payment methods a page names: in sentences about paying (any sentence on a payment page), on
    logos (alt text or file name) and in schema.org ``paymentAccepted``/``acceptedPaymentMethod``."""
    found: dict[str, PaymentFact] = {}
    on_payment_page = page.touchpoint == "payment"
    said = sentences(page.main_text)
    for sentence in said if _may_name("\n".join(said), _PAYMENT_LITERALS) else ():
        names = _methods_in(sentence)
        if names and (on_payment_page or len(names) > 1 or _PAY_CONTEXT.search(sentence)):
            for name in names:
                found.setdefault(name, PaymentFact(name, sentence, page.url, "text"))
    for image in page.images:
        stem = re.sub(r"[\W_]+", " ", image.src.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        for text in (image.alt or "", stem):
            for name in _methods_in(text):
                if name in _LOGO_METHODS:
                    found.setdefault(name, PaymentFact(name, text, page.url, "image"))
    for value in _payment_values(page.structured_data):
        readable = _CAMEL.sub(" ", value.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        for name in _methods_in(readable):
            found.setdefault(name, PaymentFact(name, value, page.url, "structured_data"))
    return list(found.values())


_MONEY = r"(?:(?:£|\$|€|US\$|A\$|C\$)\s?\d{1,5}(?:[.,]\d{2})?|\d{1,5}(?:[.,]\d{2})?\s?(?:€|EUR|GBP|USD))"
_DELIVERY_WORDS = re.compile(r"\bdeliver\w*|\bship(?:s|ped|ping)?\b|\bdispatch\w*|\bpostage\b|\bp\s?&\s?p\b|"
                             r"\bcouriers?\b|\barriv\w*|\bparcels?\b|\breach(?:es)? you\b", re.I)
_DELIVERY_RANGE = re.compile(
    rf"\b{_NUMBER}\s*(?:-|–|—|to)\s*{_NUMBER}[\s-]+(?:(working|business|calendar)[\s-]+)?(days?|hours?|weeks?)\b",
    re.I)
_DELIVERY_SINGLE = re.compile(
    rf"\b(?:within|in|up to|takes?|allow|under)\s+{_NUMBER}[\s-]+(?:(working|business|calendar)[\s-]+)?"
    rf"(days?|hours?|weeks?)\b|\b(\d{{1,2}})[\s-](?:(working|business)[\s-])?(day|hour)\s+(?:delivery|shipping)\b",
    re.I)
_DELIVERY_NAMED = re.compile(r"\b(next|same|named|nominated)[\s-](working[\s-])?day\b", re.I)
_FREE_OVER = re.compile(rf"\bfree\b[^.;|]{{0,50}}?\b(?:over|above|of|from|more than|at least)\s+({_MONEY})", re.I)
_FREE = re.compile(r"\bfree (?:standard |uk |next[- ]day |express |tracked )?(?:delivery|shipping|postage|p\s?&\s?p)\b|"
                   r"\b(?:delivery|shipping|postage) (?:is |are )?(?:always |completely |totally )?free\b", re.I)
_THRESHOLD = re.compile(rf"\b(?:over|above|of|from|more than|at least|spend(?:ing)?)\s+({_MONEY})", re.I)
_COST = re.compile(_MONEY, re.I)
_VAGUE_DELIVERY = re.compile(r"\b(?:fast|quick|speedy|rapid|express|swift|prompt|super[- ]fast)\s+"
                             r"(?:delivery|shipping|dispatch)\b", re.I)
#: Words every match of a group of delivery patterns holds (lower case), to skip the group for sentences without:
#: a unit of time (_DELIVERY_RANGE, _DELIVERY_SINGLE, _DELIVERY_NAMED), money (_MONEY in _THRESHOLD,
#: _FREE_OVER, _COST; £ and € are not ASCII, so a sentence with them is never ruled out), "free" (_FREE) and
#: the vague claims' nouns (_VAGUE_DELIVERY).
_TIME_LITERALS = ("day", "hour", "week")
_MONEY_LITERALS = ("$", "eur", "gbp", "usd")
_FREE_LITERALS = ("free",)
_VAGUE_LITERALS = ("delivery", "shipping", "dispatch")


def _span(first: str, second: str, qualifier: str | None, unit: str) -> str:
    unit = unit.lower().rstrip("s") + "s"
    return f"{_number(first)}-{_number(second)} {qualifier.lower() + ' ' if qualifier else ''}{unit}"


def delivery_facts(page: Page) -> list[DeliveryFact]:
    """Delivery times, costs and free-delivery thresholds, from sentences about delivery (any sentence,
    table row or list item on a delivery page). Sentences about returns, refunds or replies are skipped,
    so "refunds take 5 working days" is not read as a delivery time."""
    found: dict[tuple[str, str], DeliveryFact] = {}

    def add(kind: str, value: str, sentence: str) -> None:
        found.setdefault((kind, value), DeliveryFact(kind, value, sentence, page.url))

    on_delivery_page = page.touchpoint == "shipping"
    for sentence in sentences(page.main_text):
        if not on_delivery_page and not _DELIVERY_WORDS.search(sentence):  # the test most sentences fail, first
            continue
        if _RETURN_WORDS.search(sentence) or _REFUND_WORDS.search(sentence) or _response(sentence):
            continue
        if _may_name(sentence, _TIME_LITERALS):
            for match in _DELIVERY_RANGE.finditer(sentence):
                add("time", _span(match.group(1), match.group(2), match.group(3), match.group(4)), sentence)
            for match in _DELIVERY_SINGLE.finditer(sentence):
                if match.group(1):
                    number, qualifier, unit = match.group(1), match.group(2), match.group(3)
                else:
                    number, qualifier, unit = match.group(4), match.group(5), match.group(6)
                unit = unit.lower().rstrip("s") + "s"
                add("time", f"{_number(number)} {qualifier.lower() + ' ' if qualifier else ''}{unit}", sentence)
            for match in _DELIVERY_NAMED.finditer(sentence):
                add("time", f"{match.group(1).lower()} {'working ' if match.group(2) else ''}day", sentence)
        priced = _may_name(sentence, _MONEY_LITERALS)
        thresholds = {m.group(1) for m in _THRESHOLD.finditer(sentence)} if priced else set()
        free_over = list(_FREE_OVER.finditer(sentence)) if priced else []
        for match in free_over:
            add("free", f"free over {match.group(1)}", sentence)
        if not free_over and _may_name(sentence, _FREE_LITERALS) and _FREE.search(sentence):
            add("free", "free", sentence)
        for match in _COST.finditer(sentence) if priced else ():
            if match.group(0) not in thresholds:
                add("cost", match.group(0).replace(" ", ""), sentence)
        for match in _VAGUE_DELIVERY.finditer(sentence) if _may_name(sentence, _VAGUE_LITERALS) else ():
            add("vague", match.group(0).lower(), sentence)
    return list(found.values())


_WARRANTY_WORD = re.compile(r"\bwarrant\w*|\bguarantee\w*", re.I)
_NOT_WARRANTY = re.compile(r"money[\s-]*back|\bprice\b|satisfaction|happiness|\brefund|\breturns?\b|\bdeliver", re.I)
_WARRANTY_BEFORE = re.compile(
    rf"\b{_NUMBER}[\s-]+(years?|yrs?|months?|days?)(?:[\s-]+[\w'’]+){{0,2}}?[\s-]+(?:warrant\w*|guarantee\w*)", re.I)
_WARRANTY_AFTER = re.compile(
    rf"(?:warrant\w*|guarantee\w*)[^.;]{{0,60}}?\b(?:for|of|lasts?|up to|within)\s+(?:a period of\s+)?{_NUMBER}"
    rf"[\s-]+(years?|yrs?|months?)\b", re.I)
_LIFETIME = re.compile(r"\blifetime (?:warranty|guarantee)\b|\bguaranteed for life\b", re.I)


def warranty_terms(page: Page) -> list[Fact]:
    """Warranty or guarantee durations ("2-year guarantee", "guaranteed for 5 years", "lifetime
    warranty"): ``value`` in the stated ``unit`` (years, months, days; 0 with unit "lifetime").
    Money-back and price guarantees are not warranties and are skipped."""
    found: list[Fact] = []
    for sentence in sentences(page.main_text):
        if not _WARRANTY_WORD.search(sentence):
            continue
        for pattern in (_WARRANTY_BEFORE, _WARRANTY_AFTER):
            for match in pattern.finditer(sentence):
                if _NOT_WARRANTY.search(match.group(0)):
                    continue
                unit = match.group(2).lower().rstrip("s").replace("yr", "year") + "s"
                found.append(Fact("warranty", _number(match.group(1)), unit, sentence, page.url))
        if _LIFETIME.search(sentence):
            found.append(Fact("warranty", 0, "lifetime", sentence, page.url))
    return first_by(found, lambda f: (f.value, f.unit))
