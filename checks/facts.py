"""Contact facts stated on a page: phone numbers, e-mail addresses, opening hours, return windows and
response-time promises.

One extractor feeds both the contact check (is there a phone number, are hours stated) and the
consistency check (do the pages agree), so both always see the same facts. This is a helper module,
not a check: it registers nothing. Every function is pure over the page model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import phonenumbers
from phonenumbers import PhoneNumberType

from auditor.page import Page
from auditor.site import Site
from checks.scan import SparseFinder
from checks.text import sentences

T = TypeVar("T")
CONTEXT_CHARS = 40
LABEL_CHARS = 60
#: How far before its time range, "closed" or "except" word an hours statement may start (its days).
HOURS_REACH = 400

# ---------------------------------------------------------------------------------------------------
# Purposes: what a number or address is for, read from the words just before it (or the local part).
# Specific purposes are tried before the catch-all "service", so "press enquiries" is press.
# ---------------------------------------------------------------------------------------------------
PURPOSES: list[tuple[str, str]] = [
    ("fax", r"\b(?:tele)?fax\b|\btélécopie\b"),
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
class HoursFact:
    text: str
    days: list[str]
    opens: str | None
    closes: str | None
    timezone: str | None
    url: str
    source: str  # text | structured_data
    context: str = ""
    closed: bool = False


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
        facts.phones.extend(page_phones(site, page))
        facts.emails.extend(page_emails(site, page))
        facts.hours.extend(opening_hours(page))
        facts.return_windows.extend(return_windows(page))
        facts.response_times.extend(response_times(page))
        facts.payment_methods.extend(payment_methods(page))
        facts.delivery.extend(delivery_facts(page))
        facts.warranties.extend(warranty_terms(page))
    return facts


def page_phones(site: Site, page: Page) -> list[PhoneFact]:
    """``phone_numbers(page, page_region(page, site.home))``, worked out once per site and page: the
    collected facts and the contact channels both need it, and the phone matcher is costly. Read-only."""
    return _once_per_page(site, page, "facts.page_phones", lambda p: phone_numbers(p, page_region(p, site.home)))


def page_emails(site: Site, page: Page) -> list[EmailFact]:
    """``emails(page)``, worked out once per site and page (as :func:`page_phones`). Read-only."""
    return _once_per_page(site, page, "facts.page_emails", emails)


def _once_per_page(site: Site, page: Page, key: str, compute: Callable[[Page], T]) -> T:
    """``compute(page)``, kept per site under ``key``: the site holds its pages, so an id stays theirs
    while the cache lives."""
    cache: dict[int, T] = site.derived(key, lambda _: {})
    if id(page) not in cache:
        cache[id(page)] = compute(page)
    return cache[id(page)]


_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def visible_text(page: Page) -> str:
    """The page's visible text with glued blocks pulled apart: the page model joins adjacent elements
    without a space ("Contact usPress office"), which would hide labels such as "Press" from the
    word-bounded patterns below."""
    return _unglued(page.body_text)


@lru_cache(maxsize=16)
def _unglued(text: str) -> str:
    """:func:`visible_text` of a body text, kept for the few pages last read: every extractor of a page
    reads it."""
    return _GLUED.sub(" ", text)


def _context(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - CONTEXT_CHARS):end + CONTEXT_CHARS].split())


def _find(text: str, needle: str) -> int:
    """Where a link's text first appears in the page text; -1 for texts too short to place reliably
    ("us", "here")."""
    if len(needle) < 6 and not re.search(r"\d", needle):
        return -1
    match = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text)
    return match.start() if match else -1


def _label(text: str, start: int, floor: int = 0) -> str:
    """Text just before a match, not reaching back past ``floor`` (the previous fact) or a separator."""
    window = text[max(floor, start - LABEL_CHARS):start]
    return re.split(r"[|•·\n]", window)[-1]


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
    types = set(_node_types(node))
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
                      r"\bLtd\b|\bVAT\b|\bfreephone\b|\bbank holidays?\b|\bcentre\b|\bcolour", re.I)
_AMERICAN = re.compile(r"\$\d|\+1\b|\bUSA?\b|United States|\bZIP\b|\bInc\b|\b[Cc]enter\b|\b[Cc]olor\b|"
                       r"\(\d{3}\) ?\d{3}-\d{4}|\b1-8\d\d-")


def page_region(page: Page, home: Page | None = None) -> str:
    """Default region for numbers written without a country code: the page's (else the home page's)
    language region ("en-GB"), else the host's country-code domain, else the country of a bare language
    tag ("de" → DE), else GB for an English page with British markers, else US."""
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
    british = len(_BRITISH.findall(page.body_text))
    return "GB" if british > len(_AMERICAN.findall(page.body_text)) else "US"


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
    without a UK language tag still parses."""
    return [region for region, pattern in _COUNTRY_CUES
            if region != default_region and pattern.search(text)]


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
_IDENTIFIER_WORDS = re.compile(r"\b(?:numbers?|no\.|num[ée]ro|nummer|n[úu]mero|codes?|c[óo]digo|codice|ids?|digits|"
                               r"chiffres|ziffern|stellen|cijfers|d[íi]gitos|cifre|references?|r[ée]f[ée]rences?)\b",
                               re.I)
EXAMPLE_REACH = 80


def _plausible_in_text(text: str, start: int, raw: str) -> bool:
    before = text[max(0, start - CONTEXT_CHARS):start]
    if _NOT_PHONE_LABEL.search(before):
        return False
    if _EXAMPLE_BEFORE.search(before) and _IDENTIFIER_WORDS.search(text[max(0, start - EXAMPLE_REACH):start]):
        return False
    return bool(_SEPARATED.search(raw)) or bool(_PHONE_WORD.search(before))


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
            if not overlaps and cue.search(_label(text, match.start)):
                matches.append(match)
                taken.append((match.start, match.end))
    matches.sort(key=lambda m: m.start)
    for match in matches:
        if _plausible_in_text(text, match.start, match.raw_string):
            number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            found.setdefault(number, PhoneFact(
                number=number, display=match.raw_string, kind=_kind(match.number), url=page.url,
                context=_context(text, match.start, match.end), source="text",
                purpose=purpose_of(_label(text, match.start, previous_end))))
        previous_end = match.end
    for link in page.links_with_scheme("tel"):
        raw = unquote(link.url.split(":", 1)[1]).split(";", 1)[0].strip()
        try:
            parsed = phonenumbers.parse(raw, default_region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(parsed):
            continue
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if number in found:
            found[number].source = "tel_link"
            continue
        at = _find(text, link.text)
        context = _context(text, at, at + len(link.text)) if at >= 0 else link.text
        label = _label(text, at) if at >= 0 else ""
        found[number] = PhoneFact(
            number=number, display=link.text if re.search(r"\d", link.text) else raw, kind=_kind(parsed),
            url=page.url, context=context, source="tel_link", purpose=purpose_of(f"{label} {link.text}"))
    for raw, label in _structured_contacts(page, "telephone"):
        try:
            parsed = phonenumbers.parse(raw.removeprefix("tel:"), default_region)
        except phonenumbers.NumberParseException:
            continue
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(parsed) and number not in found:
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
#: Words that introduce an example of the format ("e.g. name@…", "for example"), not a mailbox.
_EXAMPLE_BEFORE = re.compile(r"(?:\be\.\s?g\.?|\beg\.|\bfor (?:example|instance)|\bsuch as|\bexample|\bformat|"
                             r"\bz\.\s?b\.|\bzum beispiel|\bbeispiel|\bpar ex\w*\.?|\bp\.\s?ex\.|"
                             r"\bpor ejemplo|\bbijv\.|\bbijvoorbeeld|\bad esempio|\bes\.|\bpor exemplo|\bex\.)"
                             r"\s*[:(\"'“‘]?\s*$", re.I)


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


def _deobfuscate(text: str) -> str:
    return _DOT.sub(".", _AT.sub("@", text)) if "at" in text.lower() else text


def emails(page: Page) -> list[EmailFact]:
    """E-mail addresses from ``mailto:`` links, the visible text (also written as "name [at] domain
    [dot] tld") and the business's structured data, lower-cased; format hints ("e.g. name@…"),
    placeholders and no-reply senders dropped."""
    text = _deobfuscate(visible_text(page))
    found: dict[str, EmailFact] = {}
    previous_end = 0
    for match in _EMAIL.finditer(text):
        address = _trim_run_on(match.group(0)).lower().strip(".")
        if not _is_placeholder(address) and not _EXAMPLE_BEFORE.search(text[max(0, match.start() - 30):match.start()]):
            found.setdefault(address, EmailFact(
                address=address, url=page.url, context=_context(text, match.start(), match.end()), source="text",
                purpose=purpose_of(_label(text, match.start(), previous_end), address.split("@")[0])))
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
                purpose=purpose_of(f"{_label(text, at) if at >= 0 else ''} {link.text}", address.split("@")[0]))
    for raw, label in _structured_contacts(page, "email"):
        address = unquote(raw).removeprefix("mailto:").split("?", 1)[0].strip().lower()
        if _EMAIL.fullmatch(address) and not _is_placeholder(address) and address not in found:
            found[address] = EmailFact(address=address, url=page.url, context=label or "structured data",
                                       source="structured_data", purpose=purpose_of(label, address.split("@")[0]))
    return list(found.values())


# ---------------------------------------------------------------------------------------------------
# Opening hours
# ---------------------------------------------------------------------------------------------------

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
HOLIDAY_CODE = "PH"
#: Day names per language; full names are read on every page (a German line on an English page still
#: reads), abbreviations only in their page language ("Do", "So", "mar" are ordinary words elsewhere).
DAY_NAMES: dict[str, dict[str, str]] = {
    "en": {"monday": "Mo", "tuesday": "Tu", "wednesday": "We", "thursday": "Th", "friday": "Fr", "saturday": "Sa",
           "sunday": "Su"},
    "de": {"montag": "Mo", "dienstag": "Tu", "mittwoch": "We", "donnerstag": "Th", "freitag": "Fr", "samstag": "Sa",
           "sonnabend": "Sa", "sonntag": "Su"},
    "fr": {"lundi": "Mo", "mardi": "Tu", "mercredi": "We", "jeudi": "Th", "vendredi": "Fr", "samedi": "Sa",
           "dimanche": "Su"},
    "es": {"lunes": "Mo", "martes": "Tu", "miércoles": "We", "miercoles": "We", "jueves": "Th", "viernes": "Fr",
           "sábado": "Sa", "sabado": "Sa", "domingo": "Su"},
    "nl": {"maandag": "Mo", "dinsdag": "Tu", "woensdag": "We", "donderdag": "Th", "vrijdag": "Fr", "zaterdag": "Sa",
           "zondag": "Su", "zon-": "Su"},
    "it": {"lunedì": "Mo", "lunedi": "Mo", "martedì": "Tu", "martedi": "Tu", "mercoledì": "We", "mercoledi": "We",
           "giovedì": "Th", "giovedi": "Th", "venerdì": "Fr", "venerdi": "Fr", "sabato": "Sa", "domenica": "Su"},
    "pt": {"segunda-feira": "Mo", "terça-feira": "Tu", "terca-feira": "Tu", "quarta-feira": "We", "quinta-feira": "Th",
           "sexta-feira": "Fr", "sábado": "Sa", "domingo": "Su"},
}
_NORWEGIAN_DAYS = {"mandag": "Mo", "tirsdag": "Tu", "onsdag": "We", "torsdag": "Th", "fredag": "Fr", "lørdag": "Sa",
                   "søndag": "Su"}
DAY_NAMES.update({
    "sv": {"måndag": "Mo", "tisdag": "Tu", "onsdag": "We", "torsdag": "Th", "fredag": "Fr", "lördag": "Sa",
           "söndag": "Su"},
    "da": dict(_NORWEGIAN_DAYS),  # Danish and Norwegian Bokmål write the weekdays alike
    "nb": _NORWEGIAN_DAYS,
    "fi": {"maanantai": "Mo", "tiistai": "Tu", "keskiviikko": "We", "torstai": "Th", "perjantai": "Fr",
           "lauantai": "Sa", "sunnuntai": "Su"},
})
# "Sonn- und Feiertage", "zon- en feestdagen": a Sunday written as the first half of a compound.
DAY_NAMES["de"]["sonn-"] = "Su"
DAY_ABBREVIATIONS: dict[str, dict[str, str]] = {
    "en": {"mon": "Mo", "tues": "Tu", "tue": "Tu", "wed": "We", "thurs": "Th", "thur": "Th", "thu": "Th",
           "fri": "Fr", "sat": "Sa", "sun": "Su"},
    "de": {"mo": "Mo", "di": "Tu", "mi": "We", "do": "Th", "fr": "Fr", "sa": "Sa", "so": "Su"},
    "fr": {"lun": "Mo", "mar": "Tu", "mer": "We", "jeu": "Th", "ven": "Fr", "sam": "Sa", "dim": "Su"},
    "es": {"lun": "Mo", "mar": "Tu", "mié": "We", "mie": "We", "jue": "Th", "vie": "Fr", "sáb": "Sa", "sab": "Sa",
           "dom": "Su"},
    "nl": {"ma": "Mo", "di": "Tu", "wo": "We", "do": "Th", "vr": "Fr", "za": "Sa", "zo": "Su"},
    "it": {"lun": "Mo", "mar": "Tu", "mer": "We", "gio": "Th", "ven": "Fr", "sab": "Sa", "dom": "Su"},
    # Portuguese weekdays are ordinals ("segunda" is also "second"): bare, they are read on Portuguese pages only
    "pt": {"segunda": "Mo", "terça": "Tu", "terca": "Tu", "quarta": "We", "quinta": "Th", "sexta": "Fr", "seg": "Mo",
           "ter": "Tu", "qua": "We", "qui": "Th", "sex": "Fr", "sáb": "Sa", "sab": "Sa", "dom": "Su"},
    "sv": {"mån": "Mo", "tis": "Tu", "ons": "We", "tors": "Th", "tor": "Th", "fre": "Fr", "lör": "Sa", "sön": "Su"},
    "da": {"man": "Mo", "tir": "Tu", "ons": "We", "tor": "Th", "tors": "Th", "fre": "Fr", "lør": "Sa", "søn": "Su"},
    "nb": {"man": "Mo", "tir": "Tu", "ons": "We", "tor": "Th", "tors": "Th", "fre": "Fr", "lør": "Sa", "søn": "Su"},
    "fi": {"ma": "Mo", "ti": "Tu", "ke": "We", "to": "Th", "pe": "Fr", "la": "Sa", "su": "Su"},
}
# Norwegian tagged as the macrolanguage or as Nynorsk reads the Bokmål words (Nynorsk differs only in "laurdag").
DAY_ABBREVIATIONS["no"] = DAY_ABBREVIATIONS["nn"] = DAY_ABBREVIATIONS["nb"]
#: Languages whose day words, range words and "closed" words the hours reader knows. On a page in any other
#: language, finding no hours says nothing: callers report such a page as not assessed (see
#: :func:`hours_language_supported`) instead of "no opening hours".
HOURS_LANGUAGES = frozenset(DAY_ABBREVIATIONS)


def hours_language_supported(lang: str) -> bool:
    """Whether the hours reader has the vocabulary of a page in ``lang`` (an untagged page reads as English)."""
    base = (lang or "en").replace("_", "-").split("-")[0].lower()
    return base in HOURS_LANGUAGES
_DAY_GROUPS = {
    "weekdays": list(DAY_CODES[:5]), "weekends": ["Sa", "Su"], "weekend": ["Sa", "Su"],
    "every day": list(DAY_CODES), "daily": list(DAY_CODES), "7 days a week": list(DAY_CODES),
    "seven days a week": list(DAY_CODES), "werktags": list(DAY_CODES[:5]), "täglich": list(DAY_CODES),
    "7 days": list(DAY_CODES), "seven days": list(DAY_CODES),
    "tous les jours": list(DAY_CODES), "todos los días": list(DAY_CODES),
    "dagelijks": list(DAY_CODES), "elke dag": list(DAY_CODES), "werkdagen": list(DAY_CODES[:5]),
    "bank holidays": [HOLIDAY_CODE], "public holidays": [HOLIDAY_CODE], "bank holiday": [HOLIDAY_CODE],
    "public holiday": [HOLIDAY_CODE], "holidays": [HOLIDAY_CODE], "feiertags": [HOLIDAY_CODE],
    "feiertagen": [HOLIDAY_CODE], "feiertage": [HOLIDAY_CODE], "jours fériés": [HOLIDAY_CODE],
    "festivos": [HOLIDAY_CODE], "feestdagen": [HOLIDAY_CODE], "officiële feestdagen": [HOLIDAY_CODE],
    "tutti i giorni": list(DAY_CODES), "ogni giorno": list(DAY_CODES), "festivi": [HOLIDAY_CODE],
    "giorni festivi": [HOLIDAY_CODE], "todos os dias": list(DAY_CODES), "dias úteis": list(DAY_CODES[:5]),
    "dias uteis": list(DAY_CODES[:5]), "feriados": [HOLIDAY_CODE],
    "vardagar": list(DAY_CODES[:5]), "alla dagar": list(DAY_CODES), "dagligen": list(DAY_CODES),
    "helgdagar": [HOLIDAY_CODE], "röda dagar": [HOLIDAY_CODE], "hverdage": list(DAY_CODES[:5]),
    "hverdager": list(DAY_CODES[:5]), "alle dage": list(DAY_CODES), "alle dager": list(DAY_CODES),
    "daglig": list(DAY_CODES), "helligdage": [HOLIDAY_CODE], "helligdager": [HOLIDAY_CODE],
    "arkisin": list(DAY_CODES[:5]), "joka päivä": list(DAY_CODES), "päivittäin": list(DAY_CODES),
    "arkipyhät": [HOLIDAY_CODE], "pyhäpäivät": [HOLIDAY_CODE], "pyhäpäivisin": [HOLIDAY_CODE],
}
#: Dated exceptions: named holidays with a fixed date, and written dates, as MM-DD codes.
NAMED_DATES = {"christmas eve": "12-24", "christmas day": "12-25", "boxing day": "12-26", "new year's eve": "12-31",
               "new year’s eve": "12-31", "new year's day": "01-01", "new year’s day": "01-01",
               "heiligabend": "12-24", "silvester": "12-31", "neujahr": "01-01", "eerste kerstdag": "12-25",
               "tweede kerstdag": "12-26", "oudejaarsdag": "12-31", "nieuwjaarsdag": "01-01",
               "vigilia di natale": "12-24", "natale": "12-25", "santo stefano": "12-26", "capodanno": "01-01",
               "véspera de natal": "12-24", "dia de natal": "12-25", "véspera de ano novo": "12-31",
               "dia de ano novo": "01-01"}
MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
          "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
          "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
          "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
          "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8, "septembre": 9,
          "octobre": 10, "novembre": 11, "décembre": 12, "enero": 1, "febrero": 2, "marzo": 3, "abril": 4,
          "mayo": 5, "junio": 6, "julio": 7, "agosto": 8, "septiembre": 9, "octubre": 10, "noviembre": 11,
          "diciembre": 12, "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8, "gennaio": 1,
          "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9, "ottobre": 10,
          "dicembre": 12, "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
          "outubro": 10, "novembro": 11, "dezembro": 12}
#: A letter of the languages read here: day and month words end where no such letter follows.
_LETTER = r"[a-zà-öø-ÿ]"
_MONTH = "(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + rf")(?!{_LETTER})\.?"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th|\.)?"
_DATE = (rf"(?:{_ORDINAL}\s+(?:of\s+|de\s+)?{_MONTH}|{_MONTH}\s+{_ORDINAL}(?!\d)|"
         + "|".join(sorted(map(re.escape, NAMED_DATES), key=len, reverse=True)) + ")")
_GROUP = ("(?:" + "|".join(sorted(map(re.escape, _DAY_GROUPS), key=len, reverse=True)) + rf")(?!{_LETTER})")
_RANGE_WORD = (r"\s*(?:-|–|—|\bt/m\b|(?<![a-zé])(?:tot en met|to|through|thru|till|until|bis|au|à|a|al|hasta|tot|til)"
               r"(?![a-zé]))\s*")
_JOIN = (r"\s*(?:,|&|\+|(?<!\bt)/(?!m\b)|\band\b|\bund\b|\bet\b|\by\b|\be\b|(?<!tot )\ben\b(?! met\b)|"
         r"\boch\b|\bog\b|\bja\b)\s*")
_ARTICLE = r"(?:(?:du|de|le|les|el|los|the|am|on|dal|il|la|ao|aos|às)\s+)?"
_CLOSED = (r"(?:closed|geschlossen|fermée?s?|cerrados?|cerradas?|gesloten|chius[oaie]|fechad[oa]s?|"
           r"encerrad[oa]s?|stängt|stängd|lukket|stengt|suljettu)")
#: A time: "9", "9am", "9:30", "9h30", "18 h", "noon", and four-digit 24-hour times ("0800", "1730").
_TIME = (r"(?:(?:[01]\d|2[0-4])[0-5]\d(?!\d)|\d{1,2}(?:\s*[hu]\s*\d{2}|[:.]\d{2})?(?:\s*[hu](?![a-z]))?\s*"
         r"(?:am|pm|a\.m\.|p\.m\.)?|noon|midday|midnight|12 noon)")
_TIME_SEP = (r"\s*(?:-|–|—|(?<![a-zé])(?:to|until|till|and|bis|à|a|au|hasta|y|et|tot|alle|às|até|til)(?![a-zé]))"
             r"\s*")
#: Words that hold a second time range for the same days (a split shift: "9:00–12:30 and 14:00–18:00").
_SHIFT_JOIN = (r"\s*(?:,|;|&|/|\+|\band\b|\bund\b|\bet\b|\by\b|\ben\b|\be\b|\boch\b|\bog\b|\bja\b)\s*"
               r"(?:(?:again\s+)?from\s+|von\s+|de\s+|van\s+|dalle\s+|das\s+)?")
#: A short aside between days and their times: "Christmas Eve (24 Dec) | 9am–1pm", "Samstag (nur Kasse): 9–12".
_ASIDE = r"(?:\s*\([^()\n]{1,30}\))?"
#: Words that mark a day as closed by exception: "excluding bank holidays", "except Sundays".
_EXCEPT = (r"(?:excluding|excl\.|except(?:\s+on)?|apart from|other than|not on|außer(?:\s+an)?|ausgenommen|"
           r"sauf(?:\s+les?)?|excepto|salvo|behalve(?:\s+op)?|uitgezonderd|tranne|eccetto|exceto)")
_ALWAYS = (r"\b24\s*/\s*7\b|\b24x7\b|24 hours a day|open 24 hours|round the clock|around the clock|"
           r"\b24\s?h\s?/\s?24\b|\b7\s?j\s?/\s?7\b|rund um die uhr|\b24 stunden\b|\b24 horas\b|\b24 uur\b|"
           r"\b24 ore su 24\b|\bh24\b|dygnet runt|døgnet rundt|hele døgnet|ympäri vuorokauden")
#: Round-the-clock counts as opening hours only when it is about reaching someone: phone lines, chat, a
#: service or support team, "we're here/open" ("report a claim online 24/7" is a web form, not hours).
_ALWAYS_SERVICE = re.compile(
    r"\b(?:phones?|lines?|call\w*|ring|chat\w*|helpline|hotline|customer (?:service|care|support)|support|"
    r"service team|team|advisers?|advisors?|agents?|experts?|staff|people|someone|here|open|speak|talk|reach\w*|"
    r"contact\w*|answer\w*|emergenc\w*|kundenservice|kundendienst|hotline|erreichbar|service client|conseillers?|"
    r"joignables?|atención|disponibles?|klantenservice|bereikbaar|klantendienst|assistenza|servizio clienti|"
           r"numero verde|linea|atendimento|apoio|linha|öppet|åben|åpen|avoinna|kundservice|kundeservice|"
    r"asiakaspalvelu|erreichen|bereitschaftsdienst|notdienst)\b", re.I)
#: Hours that are not for reaching anyone: delivery slots, dispatch cut-offs, collection times, dated
#: events (a webinar, a workshop, a tasting, a sale) and a bar's happy hour.
_NOT_OPENING = re.compile(r"\bdeliver\w*|\bdispatch\w*|\bdespatch\w*|\bship\w*|\bcollect\w*|\bcourier|\bliefer\w*|"
                          r"\blivr\w*|\bentreg\w*|\benv[ií]\w*|\bbezorg\w*|\bwebinars?\b|\bevents?\b|\bworkshops?\b|"
                          r"\bseminars?\b|\bmasterclass\w*|\bclass(?:es)?\b|\bsessions?\b|\btalks?\b|\bmeetups?\b|"
                          r"\blive ?streams?\b|\blaunch\w*|\bconference\w*|\bconcerts?\b|\btickets?\b|"
                          r"\bjoin (?:us|our)\b|\bveranstaltung\w*|\bévénements?\b|\bevento\w*|\bmaintenance\b|"
                          r"\bdowntime\b|\bhappy[ -]hours?\b|\btastings?\b|\bscreenings?\b|\bkurs\w*|\bcursos?\b|"
                          # activities and entertainment: a class, a lesson, a show is not the place's opening
                          r"\bclases?\b|\bcorsi\b|\blezion[ei]\b|\baulas?\b|\blessons?\b|\bcourses?\b|"
                          r"\bactivit(?:y|ies)\b|\bactividad(?:es)?\b|\battività\b|\batividades?\b|"
                          r"\baktivitäten\b|\bactivités?\b|\byoga\b|\bpilates\b|\bzumba\b|\bspinning\b|"
                          r"\baerobics?\b|\bpre-?school\b|\bmusic\b|\bquiz\w*|\bkaraoke\b|\bbingo\b|\bgigs?\b|"
                          r"\bwhat(?:'|’)?s on\b|\btimetables?\b|\bstundenplan\b|"
                          # planned interruptions of a supply or service
                          r"\boutages?\b|\binterruptions?\b|\bdisruptions?\b|\bplanned work\w*|\bsupply\b|"
                          r"\bshut ?offs?\b|\bpower cuts?\b|\bcoupures?\b|\bunterbrechung\w*|\bstörung\w*|"
                          r"\bonderbreking\w*|\bstoring\w*|\binterruzion\w*|\binterrup[cç]\w*|\bcortes?\b|"
                          # the same in the Nordic languages: deliveries, events, departures
                          r"\bleverans\w*|\blevering\w*|\btoimitu\w*|\bevenemang\w*|\barrangement\w*|"
                          r"\btapahtum\w*|\bavgång\w*|\bavgang\w*|\blähtö\w*|"
                          # software releases and maintenance windows
                          r"\breleases?\b|\bdeploy\w*|\bwartung\w*|\bonderhoud\w*|\bmanutenzione\b",
                          re.I)
#: Words that put a statement back on opening or reaching someone after a heading or lead-in about something
#: else ("Delivery & returns" over "Customer service: Mon–Fri 9–5").
_OPENING_CUE = re.compile(r"\bopen(?:s|ing)?\b|öffnungszeit|geöffnet|\bhoraires?\b|\bouvert|\bhorarios?\b|"
                          r"\babiert|openingstijd|openingsuren|\bgeopend\b|\borari|\baperto|\bhorários?\b|"
                          r"\baberto|\b(?:ticket |box |front |post )?offices?\b|\b(?:ticket |front |service )?desks?\b|"
                          r"\bcounters?\b|\breception\b|öppettider|\böppet\b|åbningstid|\båben\b|åpningstid|"
                          r"\båpen\b|aukioloaj|\bavoinna\b", re.I)
#: Characters of a statement's own line, and lines above it (rows of the same list or table skipped), read
#: for its heading or lead-in.
LEAD_CHARS = 120
LEAD_LINES = 8
_DIGIT = re.compile(r"\d")
#: Public holidays added to the days a statement covers: "open daily 7am–11pm, including bank holidays".
_HOLIDAYS_INCLUDED = re.compile(
    r"[\s,;(–—-]*(?:(?:including|incl\.?|inc\.?|also on|even on)\s+(?:on\s+)?(?:all\s+)?(?:bank|public) holidays|"
    r"(?:bank|public) holidays included|(?:auch )?(?:an|inkl\.?|inklusive|einschließlich) (?:sonn- und )?feiertage?n?|"
    r"y compris (?:les )?(?:dimanches et )?jours fériés|jours fériés (?:inclus|compris)|"
    r"(?:incluidos|incluso|también) (?:los )?festivos|festivos incluidos|(?:ook op|inclusief) feestdagen|"
    r"feestdagen inbegrepen|(?:festivi inclusi|anche (?:i )?festivi)|(?:incluindo|inclusive) (?:os )?feriados|"
    r"feriados incluídos)(?![\s:,]*(?:from\s+|von\s+|de\s+|van\s+)?\d)", re.I)


def _names_other(context: str) -> bool:
    """Whether a label or lead-in says its times are for something other than opening: a purpose word
    (delivery, class, outage…) not followed by an opening or service word ("Workshop phone line:" is a
    phone line)."""
    last = max((m.end() for m in _NOT_OPENING.finditer(context)), default=-1)
    if last < 0:
        return False
    rest = context[last:]
    return not (_OPENING_CUE.search(rest) or _ALWAYS_SERVICE.search(rest))


#: A line with no word in it (a table's "|---|---|" rule): not a heading.
_WORDLESS = re.compile(r"[^\W\d_]")


def _led_in_as_other(text: str, match: re.Match[str], lang: str) -> bool:
    """Whether the heading or lead-in above a statement says its times are not opening hours: "Upcoming
    workshops" over a list of dated sessions, "Choose a delivery slot. Slots run every day:" over the slots.
    Read: the statement's own line up to its times (at most :data:`LEAD_CHARS`), and the nearest line above
    that is not a sibling row (rows hold digits or are a bare day name; a table's header row is read with
    the line above it), at most :data:`LEAD_LINES` up. A
    purpose word there counts unless an opening or service word follows it ("Delivery" over "Customer
    service: Mon–Fri 9–5")."""
    pos = match.start("at1") if match.group("at1") else match.start()
    line_start = text.rfind("\n", 0, pos) + 1
    context = text[max(line_start, pos - LEAD_CHARS):pos]
    end = line_start - 1
    for _ in range(LEAD_LINES):
        if end < 0:
            break
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if (_WORDLESS.search(line) and not _DIGIT.search(line)
                and not (len(line) <= 30 and _days(line, lang))):
            context = f"{line}\n{context}"
            if not line.lstrip().startswith("|"):  # a table's header row: the heading above it is read too
                break
        end = begin - 1
    return _names_other(context)


def _vocabulary(lang: str) -> dict[str, str]:
    """Day words readable on a page in ``lang``: all full names, plus English and the page language's
    abbreviations."""
    words: dict[str, str] = {}
    for names in DAY_NAMES.values():
        words.update(names)
    words.update(DAY_ABBREVIATIONS["en"])
    words.update(DAY_ABBREVIATIONS.get(lang.split("-")[0].lower(), {}))
    return words


def _pattern_language(lang: str) -> str:
    """The language whose hours pattern reads a page in ``lang``: its base language when it has day
    abbreviations of its own, else English (every other language reads the same words)."""
    base = lang.split("-")[0].lower()
    return base if base in DAY_ABBREVIATIONS else "en"


def _hours_pattern(lang: str) -> re.Pattern[str]:
    return _built_pattern(_pattern_language(lang))


def _day_item(lang: str) -> str:
    """The pattern of one day item (a day, a day range, a group such as "weekdays", a date) in ``lang``."""
    words = sorted(_vocabulary(lang), key=len, reverse=True)
    day = rf"(?<!{_LETTER})(?:{'|'.join(map(re.escape, words))})(?:s)?(?!{_LETTER})\.?"
    return rf"(?:{_ARTICLE}(?:{_DATE}|{day}(?:{_RANGE_WORD}{day})?|{_GROUP}))"


@lru_cache(maxsize=len(DAY_ABBREVIATIONS))
def _built_pattern(lang: str) -> re.Pattern[str]:
    item = _day_item(lang)
    spec = rf"{item}(?:{_JOIN}{item})*"

    def timerange(group: str) -> str:
        return (rf"(?:from\s+|between\s+|von\s+|de\s+|du\s+|desde\s+|entre\s+|ab\s+|van\s+|dalle\s+|das\s+|"
                rf"dal\s+|kl\.?\s*|klo\s+|fra\s+|från\s+)?(?P<{group}1>{_TIME}){_TIME_SEP}(?P<{group}2>{_TIME})(?![hu:.]?\d)"
                rf"(?P<{group}u>\s*(?:uhr|uur|hrs?|hours|h)(?![a-z]))?")

    return re.compile(
        rf"(?P<a>(?P<ad>{spec}){_ASIDE}[\s:,|]*(?:(?:we(?:'|’)re\s+)?open\s+)?{timerange('at')}"
        rf"(?:{_SHIFT_JOIN}{timerange('as')}(?![\s:,|]*{item}(?![\s:,|]*\d)))?)"
        rf"|(?P<b>{timerange('bt')}[ \t,]*(?:on\s+|every\s+)?(?P<bd>{spec}))"
        rf"|(?P<c>(?P<cd>{spec}){_ASIDE}[\s:,|\-–]*(?:we(?:'|’)re\s+|we are\s+)?{_CLOSED}(?![a-z]))"
        rf"|(?P<e>(?:we(?:'|’)re\s+|we are\s+)?(?<![a-z]){_CLOSED}\s+(?:(?:for|due to|wegen|pour|por|voor)\s+"
        rf"(?:[\w-]+\s+){{1,3}}?)?(?:also\s+)?(?:on\s+|every\s+|op\s+)?(?P<ed>{spec}))"
        rf"|(?P<x>(?<![a-z]){_EXCEPT}\s+(?P<xd>{spec})(?![\s:,|]*(?:from\s+|van\s+|von\s+)?\d))"
        rf"|(?P<d>{_ALWAYS})",
        re.I)


def _hours_finder(lang: str) -> SparseFinder:
    """The hours pattern's matches without trying it at every character (it was most of the checks'
    time): every alternative of :func:`_hours_pattern` holds a time range, a "closed" or "except" word
    or a round-the-clock phrase, built from the same pieces here, within ``HOURS_REACH`` characters of
    where it starts. Keep the key in step when an alternative is added; tests compare both scans. One
    finder per pattern language, all kept: building one takes a noticeable fraction of a second."""
    return _built_finder(_pattern_language(lang))


@lru_cache(maxsize=len(DAY_ABBREVIATIONS))
def _built_finder(lang: str) -> SparseFinder:
    key = re.compile(rf"{_TIME}{_TIME_SEP}{_TIME}|{_CLOSED}|{_EXCEPT}|{_ALWAYS}", re.I)
    return SparseFinder(_hours_pattern(lang), key, HOURS_REACH)


_TIME_PARTS = re.compile(r"(\d{1,2})(?:\s*[hu]\s*(\d{2})|[:.](\d{2})|(?<=\d)(\d{2}))?(\s*[hu])?\s*"
                         r"(am|pm|a\.m\.|p\.m\.)?", re.I)
TIMEZONES = re.compile(r"\b(GMT|BST|UTC|CET|CEST|MEZ|MESZ|EET|EEST|WET|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|"
                       r"AEST|AEDT)\b|\b((?i:UK|London|local|Eastern|Central|Mountain|Pacific|CET) time)\b|"
                       r"\b((?i:heure de Paris|hora peninsular|deutscher Zeit))\b")


def _date_code(part: str) -> str | None:
    if part in NAMED_DATES:
        return NAMED_DATES[part]
    match = re.fullmatch(rf"(?:(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?({_MONTH})|({_MONTH})\s+(\d{{1,2}})"
                         r"(?:st|nd|rd|th|\.)?)", part)
    if not match:
        return None
    day = int(match.group(1) or match.group(4))
    month = MONTHS.get((match.group(2) or match.group(3)).rstrip("."))
    return f"{month:02d}-{day:02d}" if month and 1 <= day <= 31 else None


def _day_code(word: str, vocabulary: dict[str, str]) -> str | None:
    word = word.strip(" .")
    if word in vocabulary:
        return vocabulary[word]
    if f"{word}-feira" in vocabulary:  # "segunda" of "segunda-feira", cut at its hyphen by a range split
        return vocabulary[f"{word}-feira"]
    return vocabulary.get(word[:-1]) if word.endswith("s") else None


def _days(spec: str, lang: str = "en") -> list[str]:
    vocabulary = _vocabulary(lang)
    days: list[str] = []
    for part in re.split(_JOIN, spec.strip().lower()):
        part = re.sub(rf"^{_ARTICLE}", "", part.strip(" .")).strip(" .")
        if part in vocabulary:  # a whole word that a range split would cut ("segunda-feira", "zon-")
            days.append(vocabulary[part])
            continue
        if part in _DAY_GROUPS:
            days.extend(_DAY_GROUPS[part])
            continue
        date = _date_code(part)
        if date:
            days.append(date)
            continue
        # one split: a range word can also be a day word ("ma–to", Monday to Thursday in Finnish)
        ends = [code for x in re.split(_RANGE_WORD, part, maxsplit=1) if (code := _day_code(x, vocabulary))]
        if len(ends) == 2:
            first, last = DAY_CODES.index(ends[0]), DAY_CODES.index(ends[1])
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
            days.extend(DAY_CODES[i] for i in span)
        else:
            days.extend(ends)
    return list(dict.fromkeys(days))


def _clock(raw: str, clock24: bool = False) -> tuple[int, int, str] | None:
    """(hour, minute, meridiem) of a written time; meridiem '' when not stated, '24h' when the clock
    is evidently 24-hour (minutes written with ':' or 'h', an hour over 12, an "Uhr"/"h" suffix)."""
    raw = raw.strip().lower()
    if raw in ("noon", "midday", "12 noon"):
        return 12, 0, "pm"
    if raw == "midnight":
        return 0, 0, "am"
    match = _TIME_PARTS.fullmatch(raw)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or match.group(3) or match.group(4) or 0)
    meridiem = (match.group(6) or "").replace(".", "")
    if hour > 24 or minute > 59 or (meridiem and hour > 12) or (match.group(4) and len(match.group(1)) != 2):
        return None
    explicit = (clock24 or bool(match.group(4)) or bool(match.group(5)) or ":" in raw
                or "." in raw.replace("a.m.", "").replace("p.m.", ""))
    return hour, minute, meridiem or ("24h" if explicit or hour > 12 or "h" in raw or "u" in raw else "")


def _to_24h(hour: int, meridiem: str) -> int:
    if meridiem == "pm" and hour < 12:
        return hour + 12
    if meridiem == "am" and hour == 12:
        return 0
    return hour


_FOUR_DIGITS = re.compile(r"\d{4}")


def _plausible_four_digit(first: tuple[int, int, str], second: tuple[int, int, str]) -> bool:
    """"0800-1800" is a time range, "2024-2025" a span of years: four-digit times keep to quarter hours
    and an opening lasts at least an hour."""
    (h1, m1, _), (h2, m2, _) = first, second
    minutes = (h2 * 60 + m2 - h1 * 60 - m1) % (24 * 60)
    return m1 % 15 == 0 and m2 % 15 == 0 and minutes >= 60


def _time_range(first: str, second: str, clock24: bool = False) -> tuple[str, str] | None:
    """Opening and closing time as HH:MM; a bare hour ("9-5") reads as daytime (9am to 5pm), "9-12" as
    nine to noon."""
    a, b = _clock(first, clock24), _clock(second, clock24)
    if a is None or b is None:
        return None
    if _FOUR_DIGITS.fullmatch(first.strip()) and not _plausible_four_digit(a, b):
        return None
    (h1, m1, p1), (h2, m2, p2) = a, b
    stated = (p1, p2)
    if p2 == "24h" and not p1:
        p1 = "24h"
    if not p1 and p2 in ("am", "pm"):
        p1 = "pm" if p2 == "pm" and h1 < h2 < 12 else "am"
    if not p1:
        p1 = "am"
    if not p2:
        p2 = "pm" if h2 <= h1 or h2 < 8 or h2 == 12 else "am"
    opens, closes = _to_24h(h1, p1), _to_24h(h2, p2)
    if p2 == "24h" and h2 <= h1 and h2 < 12 and p1 != "24h":
        closes = h2 + 12
    if closes == 0 and m2 == 0:
        closes = 24
    # past midnight ("18:00–02:00", "6pm–2am") only when both clocks are explicit; otherwise a misreading
    if (opens, m1) >= (closes, m2) and (stated not in (("24h", "24h"), ("pm", "am")) or (opens, m1) == (closes, m2)):
        return None
    return f"{opens:02d}:{m1:02d}", f"{closes:02d}:{m2:02d}"


def _timezone(text: str, start: int, end: int) -> str | None:
    window = text[max(0, start - CONTEXT_CHARS):end + 30]
    match = TIMEZONES.search(window)
    return (match.group(1) or match.group(2) or match.group(3)) if match else None


def _text_hours(text: str, url: str, lang: str = "en") -> list[HoursFact]:
    """Hours statements of a text, then the changes later sentences make to them (a lunch closure, one
    day opening later or closing later)."""
    made: list[tuple[int, HoursFact]] = []
    spans: list[tuple[int, int]] = []
    for match in _hours_finder(lang).finditer(text):
        previous_end = spans[-1][1] if spans else 0
        spans.append((match.start(), match.end()))
        made.extend((match.end(), fact) for fact in _statement_facts(text, match, url, lang, previous_end))
    if not made:
        return []
    return _amended(text, made, spans, lang)


def _statement_facts(text: str, match: re.Match[str], url: str, lang: str,
                     previous_end: int) -> Iterator[HoursFact]:
    """The facts one match of the hours pattern states (none when its label or lead-in names something
    other than opening hours); ``previous_end`` is where the previous match ended (labels stop there)."""
    start, end = match.start(), match.end()
    label = _label(text, start, previous_end)
    common = {"text": " ".join(match.group(0).split()), "url": url, "source": "text",
              "timezone": _timezone(text, start, end), "context": " ".join(f"{label} {match.group(0)}".split())}
    if _names_other(re.split(r"[.!?;]\s", label)[-1]) or _led_in_as_other(text, match, lang):
        return
    if match.group("d"):
        sentence = _sentence_around(text, start, end)
        if _ALWAYS_SERVICE.search(sentence) or _PHONE_LIKE.search(sentence):
            # "24 hours a day, Monday to Friday": the days written right after limit the round-the-clock days
            named = _always_days(lang).match(text, end)
            days = _days(named.group("days"), lang) if named else []
            days = days or list(DAY_CODES)
            if _HOLIDAYS_INCLUDED.match(text, end):
                days.append(HOLIDAY_CODE)
            yield HoursFact(days=days, opens="00:00", closes="24:00", **common)
        return
    if match.group("c") or match.group("e") or match.group("x"):
        days = _days(match.group("cd") or match.group("ed") or match.group("xd"), lang)
        if days:
            yield HoursFact(days=days, opens=None, closes=None, closed=True, **common)
        return
    group = "at" if match.group("a") else "bt"
    days = _days(match.group("ad") if group == "at" else match.group("bd"), lang)
    if days and _HOLIDAYS_INCLUDED.match(text, end):
        days.append(HOLIDAY_CODE)
    shifts = [group, "as"] if group == "at" and match.group("as1") else [group]
    for shift in shifts:
        times = _time_range(match.group(f"{shift}1"), match.group(f"{shift}2"), bool(match.group(f"{shift}u")))
        if days and times:
            yield HoursFact(days=days, opens=times[0], closes=times[1], **common)


@lru_cache(maxsize=len(DAY_ABBREVIATIONS))
def _always_days(lang: str) -> re.Pattern[str]:
    """Days written just after a round-the-clock phrase, which it then covers alone."""
    item = _day_item(lang)
    return re.compile(rf"[\s,;:–—-]*(?:on\s+|every\s+)?(?P<days>{item}(?:{_JOIN}{item})*)(?![\s:,|]*\d)", re.I)


#: How far after an hours statement a sentence changing it is read ("The office closes for lunch…").
AMEND_REACH = 200
_LUNCH = re.compile(
    rf"\b(?:lunch|midday|mittag\w*|midi|d[ée]jeuner|middag\w*|almuerzo|comida|pranzo|almo[çc]o)\b[^.\n]{{0,40}}?"
    rf"(?:from\s+|between\s+|von\s+|de\s+|entre\s+|dalle\s+|das\s+|van\s+|tra\s+le\s+)?"
    rf"(?P<l1>{_TIME}){_TIME_SEP}(?P<l2>{_TIME})(?![hu:.]?\d)", re.I)
_CLOSING_WORD = re.compile(r"\bclos\w*|\bshut\b|\bbreak\b|\bpause\b|\bpausa\b|geschlossen|\bferm\w*|\bcerrad\w*|"
                           r"\bchius\w*|\bfechad\w*|\bgesloten\b|\bintervalo\b", re.I)
_OPEN_WORD = r"(?:open\w*|ouvr\w*|ouverture|öffn\w*|geöffnet|abr\w*|apr\w*|abertura|start\w*)"
_AT_WORD = r"(?:at|from|à|ab|um|a las|alle|às|om|vanaf|dès|desde)"
_UNTIL_WORD = r"(?:until|till|to|jusqu['’]à|bis|hasta|fino alle|at[ée]|tot)"


@lru_cache(maxsize=len(DAY_ABBREVIATIONS))
def _day_changes(lang: str) -> re.Pattern[str]:
    """A later sentence moving one day's opening or closing: "On Wednesdays we open at 10:00", "Le jeudi,
    ouverture prolongée jusqu'à 18h00", "Thursday late opening until 8pm"."""
    item = _day_item(lang)
    spec = rf"{item}(?:{_JOIN}{item})*"
    return re.compile(
        rf"(?P<days>{spec})[^.\n\d]{{0,40}}?(?:\b{_OPEN_WORD}\b[^.\n\d]{{0,25}}?(?<!['’])\b{_AT_WORD}\s+(?P<opens>{_TIME})"
        rf"|\b{_UNTIL_WORD}\s+(?P<closes>{_TIME}))(?![hu:.]?\d)(?!{_TIME_SEP}\d)", re.I)


def _amended(text: str, made: list[tuple[int, HoursFact]], spans: list[tuple[int, int]],
             lang: str) -> list[HoursFact]:
    """The facts (with where their statements end) changed by the sentences just after the statements: a
    lunch closure splits the day into two shifts; a day opening later or closing later gets its own hours
    (the earliest shift's opening, the latest shift's closing). A change is read only outside the
    statements themselves and applies to the facts stated before it."""
    items = list(made)
    for end in sorted({stated_at for stated_at, _ in made}):
        window = text[end:end + AMEND_REACH]
        for lunch in _LUNCH.finditer(window):
            if _inside(end + lunch.start("l1"), spans) or not _CLOSING_WORD.search(window[:lunch.start("l1")]):
                continue
            times = _time_range(lunch.group("l1"), lunch.group("l2"))
            if times:
                items = [(at, part) for at, fact in items
                         for part in (_split_for_break(fact, *times) if at <= end else [fact])]
        for change in _day_changes(lang).finditer(window):
            if _inside(end + change.start(), spans):
                continue
            days = set(_days(change.group("days"), lang))
            earlier = [fact for at, fact in items if at <= end and not fact.closed and days & set(fact.days)]
            if not earlier:
                continue
            if change.group("opens"):
                target = min(earlier, key=lambda f: f.opens or "")
                moved = _time_range(change.group("opens"), target.closes or "")
            else:
                target = max(earlier, key=lambda f: f.closes or "")
                moved = _time_range(target.opens or "", change.group("closes"))
            if moved and moved[0] < moved[1]:  # a day moved past midnight is a misreading here
                items = [(at, part) for at, fact in items
                         for part in (_moved_days(fact, days, moved) if fact is target else [fact])]
    return [fact for _, fact in items]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _split_for_break(fact: HoursFact, starts: str, ends: str) -> list[HoursFact]:
    """A day's hours around a break ("9:30–16:00", lunch 13:00–14:00 → 9:30–13:00 and 14:00–16:00)."""
    if fact.closed or not (fact.opens or "") < starts < ends < (fact.closes or ""):
        return [fact]
    return [replace(fact, closes=starts), replace(fact, opens=ends)]


def _moved_days(fact: HoursFact, days: set[str], hours: tuple[str, str]) -> list[HoursFact]:
    """The fact for its other days, and ``days`` with their own ``hours``."""
    keep = [day for day in fact.days if day not in days]
    moved = replace(fact, days=[day for day in fact.days if day in days], opens=hours[0], closes=hours[1])
    return [replace(fact, days=keep), moved] if keep else [moved]


#: A phone number in the sentence of a round-the-clock phrase: "Report a leak 24 hours a day on 0808 157 0519".
_PHONE_LIKE = re.compile(r"(?<![\d.,])(?:\+\d{1,3}[\s.-]?)?\(?\d{2,5}\)?[\s.-]\d{3,4}[\s.-]?\d{3,4}(?![\d.,]\d)")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding text[start:end]."""
    before = re.split(r"[.!?]\s|\n", text[max(0, start - 160):start])[-1]
    after = re.split(r"[.!?](?:\s|$)|\n", text[end:end + 160])[0]
    return f"{before}{text[start:end]}{after}"


_SCHEMA_DAYS = {"monday": "Mo", "tuesday": "Tu", "wednesday": "We", "thursday": "Th", "friday": "Fr",
                "saturday": "Sa", "sunday": "Su", "publicholidays": HOLIDAY_CODE}
_OPENING_HOURS = re.compile(r"^\s*(?P<days>[A-Za-z]{2}(?:\s*[-,]\s*[A-Za-z]{2})*)?\s*"
                            r"(?P<opens>\d{1,2}:\d{2})?\s*-?\s*(?P<closes>\d{1,2}:\d{2})?\s*$")


def _hhmm(value: Any) -> str | None:
    match = re.match(r"^(\d{1,2}):(\d{2})", str(value or "").strip())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def _schema_days(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = [str(v.get("@id") or v.get("name") or "") if isinstance(v, dict) else str(v) for v in values]
    return [_SCHEMA_DAYS[n] for n in (x.rsplit("/", 1)[-1].lower() for x in names) if n in _SCHEMA_DAYS]


def _valid_dates(spec: dict[str, Any]) -> list[str]:
    """MM-DD codes of a special-hours spec's validFrom..validThrough (at most a month: holiday closures)."""
    try:
        first = date.fromisoformat(str(spec.get("validFrom") or "")[:10])
        last = date.fromisoformat(str(spec.get("validThrough") or spec.get("validFrom") or "")[:10])
    except ValueError:
        return []
    if not 0 <= (last - first).days <= 31:
        return []
    return [(first + timedelta(days=i)).strftime("%m-%d") for i in range((last - first).days + 1)]


def _spec_fact(spec: dict[str, Any], url: str, context: str) -> HoursFact | None:
    days = _schema_days(spec.get("dayOfWeek")) or _valid_dates(spec)
    opens, closes = _hhmm(spec.get("opens")), _hhmm(spec.get("closes"))
    if not days:
        return None
    closed = opens is None or (opens == closes == "00:00")
    if closes in ("00:00", "23:59") and not closed:  # "23:59" is how many sites write the end of the day
        closes = "24:00"
    text = f"{','.join(days)} " + ("closed" if closed else f"{opens}-{closes}")
    return HoursFact(text=text, days=days, opens=None if closed else opens, closes=None if closed else closes,
                     timezone=None, url=url, source="structured_data", context=context, closed=closed)


def _opening_hours_string(value: str, url: str, context: str) -> HoursFact | None:
    """A schema.org ``openingHours`` string such as "Mo-Fr 09:00-17:30" or "Mo,We 10:00-12:00"."""
    match = _OPENING_HOURS.match(value)
    if not match or not match.group("days"):
        return None
    days: list[str] = []
    for part in match.group("days").split(","):
        ends = [x.strip().capitalize() for x in part.split("-")]
        if not all(e in DAY_CODES for e in ends):
            return None
        first, last = DAY_CODES.index(ends[0]), DAY_CODES.index(ends[-1])
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        days.extend(DAY_CODES[i] for i in span)
    opens, closes = _hhmm(match.group("opens")), _hhmm(match.group("closes"))
    if opens is None:
        opens, closes = "00:00", "24:00"
    return HoursFact(text=value.strip(), days=list(dict.fromkeys(days)), opens=opens, closes=closes,
                     timezone=None, url=url, source="structured_data", context=context)


def _node_types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type") or []
    return [str(k).rsplit("/", 1)[-1] for k in (kind if isinstance(kind, list) else [kind])]


def _structured_hours(node: Any, url: str, context: str) -> Iterator[HoursFact]:
    if isinstance(node, list):
        for item in node:
            yield from _structured_hours(item, url, context)
        return
    if not isinstance(node, dict):
        return
    types = _node_types(node)
    if "ContactPoint" in types:
        context = str(node.get("contactType") or "customer service")
    elif types and "OpeningHoursSpecification" not in types and "Organization" not in types:
        context = str(node.get("name") or types[0])  # a Store or LocalBusiness: its hours, not the phones'
    if "OpeningHoursSpecification" in types:
        fact = _spec_fact(node, url, context)
        if fact:
            yield fact
        return
    for key, value in node.items():
        if key == "openingHours":
            for item in value if isinstance(value, list) else [value]:
                fact = _opening_hours_string(item, url, context) if isinstance(item, str) else None
                if fact:
                    yield fact
        elif key in ("hoursAvailable", "openingHoursSpecification", "specialOpeningHoursSpecification"):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    fact = _opening_hours_string(item, url, context)
                    if fact:
                        yield fact
                elif isinstance(item, dict):
                    fact = _spec_fact(item, url, context)
                    if fact:
                        yield fact
        elif isinstance(value, (dict, list)):
            yield from _structured_hours(value, url, context)


def opening_hours(page: Page) -> list[HoursFact]:
    """Opening hours stated in structured data (OpeningHoursSpecification, ContactPoint.hoursAvailable,
    openingHours) and in text ("Mon–Fri 9am–5pm", "Sunday closed", "24/7"), including tables, whose
    cells the page model puts on separate lines of the main text."""
    found: list[HoursFact] = []
    seen: set[tuple[Any, ...]] = set()
    candidates = [*_structured_hours(page.structured_data, page.url, ""),
                  *_text_hours(page.main_text, page.url, page.lang or "en"),
                  *_text_hours(visible_text(page), page.url, page.lang or "en")]
    for fact in candidates:
        key = (tuple(fact.days), fact.opens, fact.closes, fact.closed)
        if key not in seen:
            seen.add(key)
            found.append(fact)
    return found


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
        match = _RESPONSE.search(sentence)
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


@lru_cache(maxsize=16384)
def _methods_in(text: str) -> tuple[str, ...]:
    """Payment methods a text names, once per distinct text: template sentences and logos repeat on many
    pages, and every method's pattern is tried on each."""
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
    for sentence in sentences(page.main_text):
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
        if _RETURN_WORDS.search(sentence) or _REFUND_WORDS.search(sentence) or _RESPONSE.search(sentence):
            continue
        if not on_delivery_page and not _DELIVERY_WORDS.search(sentence):
            continue
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
        thresholds = {m.group(1) for m in _THRESHOLD.finditer(sentence)}
        for match in _FREE_OVER.finditer(sentence):
            add("free", f"free over {match.group(1)}", sentence)
        if not _FREE_OVER.search(sentence) and _FREE.search(sentence):
            add("free", "free", sentence)
        for match in _COST.finditer(sentence):
            if match.group(0) not in thresholds:
                add("cost", match.group(0).replace(" ", ""), sentence)
        for match in _VAGUE_DELIVERY.finditer(sentence):
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
