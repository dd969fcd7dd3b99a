"""Contact facts stated on a page: phone numbers, e-mail addresses, opening hours, return windows and
response-time promises.

One extractor feeds both the contact check (is there a phone number, are hours stated) and the
consistency check (do the pages agree), so both always see the same facts. This is a helper module,
not a check: it registers nothing. Every function is pure over the page model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import phonenumbers
from phonenumbers import PhoneNumberType

from auditor.page import Page
from auditor.site import Site
from checks.text import sentences

T = TypeVar("T")
CONTEXT_CHARS = 40
LABEL_CHARS = 60

# ---------------------------------------------------------------------------------------------------
# Purposes: what a number or address is for, read from the words just before it (or the local part).
# Specific purposes are tried before the catch-all "service", so "press enquiries" is press.
# ---------------------------------------------------------------------------------------------------
PURPOSES: list[tuple[str, str]] = [
    ("fax", r"\bfax\b"),
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
    kind: str  # toll_free | premium | fixed_line | mobile | other
    url: str
    context: str
    source: str  # tel_link | text
    purpose: str | None = None


@dataclass
class EmailFact:
    address: str
    url: str
    context: str
    source: str  # mailto | text
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
    then the rest in crawl order."""
    facts = SiteFacts()
    home = site.home
    rank = {touchpoint: index for index, touchpoint in enumerate(REFERENCE_TOUCHPOINTS)}
    ordered = sorted(site.pages, key=lambda page: rank.get(page.touchpoint, len(rank)))
    for page in ordered:
        if page.status != 200:
            continue
        facts.phones.extend(phone_numbers(page, page_region(page, home)))
        facts.emails.extend(emails(page))
        facts.hours.extend(opening_hours(page))
        facts.return_windows.extend(return_windows(page))
        facts.response_times.extend(response_times(page))
    return facts


_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def visible_text(page: Page) -> str:
    """The page's visible text with glued blocks pulled apart: the page model joins adjacent elements
    without a space ("Contact usPress office"), which would hide labels such as "Press" from the
    word-bounded patterns below."""
    return _GLUED.sub(" ", page.body_text)


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


def page_region(page: Page, home: Page | None = None) -> str:
    """Default region for numbers written without a country code: the page's language region, else the
    home page's, else the host's country-code TLD, else US."""
    for candidate in (page, home):
        if candidate is None:
            continue
        parts = candidate.lang.replace("_", "-").split("-")
        if len(parts) > 1 and len(parts[1]) == 2 and parts[1].isalpha():
            return parts[1].upper()
    tld = (urlsplit(page.url).hostname or "").rsplit(".", 1)[-1].lower()
    region = _TLD_REGIONS.get(tld, tld.upper())
    if len(tld) == 2 and region in phonenumbers.SUPPORTED_REGIONS:
        return region
    return "US"


def _kind(number: phonenumbers.PhoneNumber) -> str:
    return _KINDS.get(phonenumbers.number_type(number), "other")


def _plausible_in_text(text: str, start: int, raw: str) -> bool:
    before = text[max(0, start - CONTEXT_CHARS):start]
    if _NOT_PHONE_LABEL.search(before):
        return False
    return bool(_SEPARATED.search(raw)) or bool(_PHONE_WORD.search(before))


def phone_numbers(page: Page, default_region: str) -> list[PhoneFact]:
    """Phone numbers from ``tel:`` links and the visible text, one fact per distinct number.

    Only numbers valid in the numbering plan are kept, and a digit run in text must look like a phone
    number (separators or a leading +) or follow a word such as "call", so order numbers, prices,
    dates and postcodes are not mistaken for phones.
    """
    text = visible_text(page)
    found: dict[str, PhoneFact] = {}
    previous_end = 0
    try:
        matches = list(phonenumbers.PhoneNumberMatcher(text, default_region, leniency=phonenumbers.Leniency.VALID))
    except Exception:  # the matcher can raise on pathological input; a page without phones is the safe answer
        matches = []
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


def _is_placeholder(address: str) -> bool:
    mailbox, _, domain = address.partition("@")
    return mailbox in PLACEHOLDER_MAILBOXES or domain in PLACEHOLDER_DOMAINS or bool(_FILE_SUFFIX.search(address))


def _trim_run_on(address: str) -> str:
    """Drop a capitalised word glued on after the domain ("help@shop.example.Enter"): the page's body
    text joins adjacent blocks without a space."""
    mailbox, _, domain = address.partition("@")
    labels = domain.split(".")
    for index in range(2, len(labels)):
        if re.fullmatch(r"[A-Z][a-z]+", labels[index]) and not labels[0][:1].isupper():
            return f"{mailbox}@{'.'.join(labels[:index])}"
    return address


def emails(page: Page) -> list[EmailFact]:
    """E-mail addresses from ``mailto:`` links and the visible text, lower-cased, placeholders dropped."""
    text = visible_text(page)
    found: dict[str, EmailFact] = {}
    previous_end = 0
    for match in _EMAIL.finditer(text):
        address = _trim_run_on(match.group(0)).lower().strip(".")
        if not _is_placeholder(address):
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
    return list(found.values())


# ---------------------------------------------------------------------------------------------------
# Opening hours
# ---------------------------------------------------------------------------------------------------

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
HOLIDAY_CODE = "PH"
_DAY_NAMES = {
    "monday": "Mo", "mon": "Mo", "tuesday": "Tu", "tues": "Tu", "tue": "Tu", "wednesday": "We", "wed": "We",
    "thursday": "Th", "thurs": "Th", "thur": "Th", "thu": "Th", "friday": "Fr", "fri": "Fr",
    "saturday": "Sa", "sat": "Sa", "sunday": "Su", "sun": "Su",
}
_DAY_GROUPS = {
    "weekdays": list(DAY_CODES[:5]), "weekends": ["Sa", "Su"], "weekend": ["Sa", "Su"],
    "every day": list(DAY_CODES), "daily": list(DAY_CODES), "7 days a week": list(DAY_CODES),
    "seven days a week": list(DAY_CODES), "bank holidays": [HOLIDAY_CODE], "public holidays": [HOLIDAY_CODE],
}
# Not next to a letter (rather than \b): table cells can reach us glued, as in "Monday9:00".
_DAY = (r"(?<![a-z])(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
        r"tues|thurs|thur|mon|tue|wed|thu|fri|sat|sun)(?![a-z])\.?")
_GROUP = r"(?:weekdays|weekends?|every day|daily|7 days a week|seven days a week|bank holidays|public holidays)\b"
_RANGE_WORD = r"\s*(?:-|–|—|to|through|thru|till|until)\s*"
_DAYITEM = rf"(?:{_DAY}(?:{_RANGE_WORD}{_DAY})?|{_GROUP})"
_DAYSPEC = rf"{_DAYITEM}(?:\s*(?:,|&|and|/)\s*{_DAYITEM})*"
_TIME = r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midday|midnight)"


def _timerange(group: str) -> str:
    return rf"(?:from\s+|between\s+)?(?P<{group}1>{_TIME})\s*(?:-|–|—|to|until|till|and)\s*(?P<{group}2>{_TIME})"


_HOURS = re.compile(
    rf"(?P<a>(?P<ad>{_DAYSPEC})[\s:,|]*(?:(?:we(?:'|’)re\s+)?open\s+)?{_timerange('at')})"
    rf"|(?P<b>{_timerange('bt')}[\s,]*(?:on\s+|every\s+)?(?P<bd>{_DAYSPEC}))"
    rf"|(?P<c>(?P<cd>{_DAYSPEC})[\s:,|\-–]*(?:we(?:'|’)re\s+|we are\s+)?closed\b)"
    r"|(?P<d>\b24\s*/\s*7\b|\b24x7\b|24 hours a day|open 24 hours|round the clock|around the clock)",
    re.I,
)
_TIME_PARTS = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", re.I)
TIMEZONES = re.compile(r"\b(GMT|BST|UTC|CET|CEST|EET|EEST|WET|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|"
                       r"AEST|AEDT)\b|\b((?i:UK|London|local|Eastern|Central|Mountain|Pacific|CET) time)\b")


def _days(spec: str) -> list[str]:
    days: list[str] = []
    for part in re.split(r"\s*(?:,|&|\band\b|/)\s*", spec.strip().lower()):
        part = part.strip(" .")
        if part in _DAY_GROUPS:
            days.extend(_DAY_GROUPS[part])
            continue
        ends = [_DAY_NAMES[x.strip(" .")] for x in re.split(_RANGE_WORD, part) if x.strip(" .") in _DAY_NAMES]
        if len(ends) == 2:
            first, last = DAY_CODES.index(ends[0]), DAY_CODES.index(ends[1])
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
            days.extend(DAY_CODES[i] for i in span)
        else:
            days.extend(ends)
    return list(dict.fromkeys(days))


def _clock(raw: str) -> tuple[int, int, str] | None:
    """(hour, minute, meridiem) of a written time; meridiem '' when not stated."""
    raw = raw.strip().lower()
    if raw in ("noon", "midday"):
        return 12, 0, "pm"
    if raw == "midnight":
        return 0, 0, "am"
    match = _TIME_PARTS.fullmatch(raw)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").replace(".", "")
    if hour > 24 or minute > 59 or (meridiem and hour > 12):
        return None
    explicit = ":" in raw or "." in raw.replace("a.m.", "").replace("p.m.", "")
    return hour, minute, meridiem or ("24h" if explicit or hour > 12 else "")


def _to_24h(hour: int, meridiem: str) -> int:
    if meridiem == "pm" and hour < 12:
        return hour + 12
    if meridiem == "am" and hour == 12:
        return 0
    return hour


def _time_range(first: str, second: str) -> tuple[str, str] | None:
    """Opening and closing time as HH:MM; a bare hour ("9-5") reads as daytime (9am to 5pm)."""
    a, b = _clock(first), _clock(second)
    if a is None or b is None:
        return None
    (h1, m1, p1), (h2, m2, p2) = a, b
    if not p1 and p2 in ("am", "pm"):
        p1 = "pm" if p2 == "pm" and h1 < h2 < 12 else "am"
    if not p1:
        p1 = "am"
    if not p2:
        p2 = "pm" if h2 <= h1 or h2 < 8 else "am"
    opens, closes = _to_24h(h1, p1), _to_24h(h2, p2)
    if closes == 0 and m2 == 0:
        closes = 24
    if (opens, m1) >= (closes, m2):
        return None
    return f"{opens:02d}:{m1:02d}", f"{closes:02d}:{m2:02d}"


def _timezone(text: str, start: int, end: int) -> str | None:
    window = text[max(0, start - CONTEXT_CHARS):end + 30]
    match = TIMEZONES.search(window)
    return (match.group(1) or match.group(2)) if match else None


def _text_hours(text: str, url: str) -> Iterator[HoursFact]:
    previous_end = 0
    for match in _HOURS.finditer(text):
        start, end = match.start(), match.end()
        common = {"text": " ".join(match.group(0).split()), "url": url, "source": "text",
                  "timezone": _timezone(text, start, end),
                  "context": " ".join(f"{_label(text, start, previous_end)} {match.group(0)}".split())}
        previous_end = end
        if match.group("d"):
            yield HoursFact(days=list(DAY_CODES), opens="00:00", closes="24:00", **common)
            continue
        if match.group("c"):
            days = _days(match.group("cd"))
            if days:
                yield HoursFact(days=days, opens=None, closes=None, closed=True, **common)
            continue
        group = "at" if match.group("a") else "bt"
        days = _days(match.group("ad") if group == "at" else match.group("bd"))
        times = _time_range(match.group(f"{group}1"), match.group(f"{group}2"))
        if days and times:
            yield HoursFact(days=days, opens=times[0], closes=times[1], **common)


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


def _spec_fact(spec: dict[str, Any], url: str, context: str) -> HoursFact | None:
    days = _schema_days(spec.get("dayOfWeek"))
    opens, closes = _hhmm(spec.get("opens")), _hhmm(spec.get("closes"))
    if not days:
        return None
    closed = opens is None or (opens == closes == "00:00")
    if closes == "00:00" and not closed:
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
                  *_text_hours(page.main_text, page.url), *_text_hours(visible_text(page), page.url)]
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
