"""Contact accessibility: how easy it is for a customer to reach a person.

Reads the contact facts of every page (phone numbers, addresses, hours, response-time promises from
:mod:`checks.facts`), the page forms, scripts and links. A chat widget that a tag manager may inject is
invisible to a static audit, so it is reported as unknown, never as absent (DESIGN §4).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from auditor.config import AuditConfig
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.page import Form, Page
from auditor.site import Site
from checks.facts import NON_SERVICE_PURPOSES, EmailFact, Fact, PhoneFact, SiteFacts, collect, first_by
from checks.registry import register

# ---------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------

#: (vendor, substring of a script src or inline script, certainty). "possible" means the script can load
#: chat but is also used for other things, so a person should look.
CHAT_WIDGETS: list[tuple[str, str, str]] = [
    ("Intercom", "widget.intercom.io", "chat"),
    ("Zendesk", "static.zdassets.com/ekr/snippet.js", "chat"),
    ("Drift", "js.driftt.com", "chat"),
    ("LiveChat", "cdn.livechatinc.com", "chat"),
    ("Tawk.to", "embed.tawk.to", "chat"),
    ("Crisp", "client.crisp.chat", "chat"),
    ("Freshchat", "wchat.freshchat.com", "chat"),
    ("Olark", "static.olark.com", "chat"),
    ("Tidio", "code.tidio.co", "chat"),
    ("HubSpot", "js.hs-scripts.com", "possible"),
]
#: Tag managers load scripts at run time, so a chat widget may be behind them.
TAG_MANAGERS: list[tuple[str, str]] = [
    ("Google Tag Manager", "googletagmanager.com/gtm.js"),
    ("Tealium", "tags.tiqcdn.com"),
    ("Segment", "cdn.segment.com"),
]
#: Messaging apps reachable by link (sms: links count too).
MESSAGING_HOSTS = ("wa.me", "api.whatsapp.com", "m.me", "t.me")
#: Social networks; social.example is the reserved-TLD stand-in used by fixture and demo sites.
SOCIAL_HOSTS = ("facebook.com", "x.com", "twitter.com", "instagram.com", "linkedin.com", "youtube.com",
                "tiktok.com", "threads.net", "bsky.app", "social.example")
CHANNELS = ("phone", "email", "form", "chat", "messaging", "social", "postal", "in_person")
TARGET_CHANNELS = 3
MAX_CLICKS = 2
_MESSAGE_FIELD = re.compile(r"message|comment|enquiry|inquiry|question|details|description|how can we help", re.I)
_EMAIL_FIELD = re.compile(r"e-?mail", re.I)
_NEWSLETTER = re.compile(r"newsletter|subscribe|sign up for|mailing list", re.I)
_UK_POSTCODE = r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"
_US_ZIP = r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"
_POSTAL = re.compile(rf"(?i:address|write to|by post|postal)[^|]{{0,120}}?(?:{_UK_POSTCODE}|{_US_ZIP})")
_IN_PERSON = re.compile(r"\bvisit (?:us|our (?:store|shop|showroom|branch|office)s?)\b|\bstore (?:locator|finder)\b|"
                        r"\bfind (?:a|an|your nearest|our) (?:store|shop|branch|showroom)\b|"
                        r"\bour (?:stores|shops|showrooms|branches)\b", re.I)
_HELP_TEXT = re.compile(r"\b(contact|help|support|customer service|customer services|faqs?|get in touch)\b", re.I)
HELP_TOUCHPOINTS = ("contact", "help", "faq")
CHROME_REGIONS = ("header", "nav", "footer")
MAX_EVIDENCE = 5

# ---------------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------------

A = Level.ACCESSIBILITY
GOVUK_CONTACT = "https://design-system.service.gov.uk/patterns/contact-a-department-or-service-team/"
RULES = [
    Rule("contact.phone", "A customer-service phone number is given", "No customer-service phone number is given",
         "Many customers, and most with urgent or complex problems, want to talk to a person. A premium-rate "
         f"number makes help costly. Guidance: {GOVUK_CONTACT}", A, Severity.MEDIUM,
         fix="Publish a customer-service number (free or geographic rate) on the contact page."),
    Rule("contact.email", "An e-mail address is given", "No e-mail address is given",
         "E-mail lets customers write when it suits them and keep a record of what was said.", A, Severity.MEDIUM,
         fix="Publish a customer-service e-mail address or a mailto link on the contact page."),
    Rule("contact.form", "A contact form is offered", "No contact form was found",
         "A form with a message box is a low-effort written channel that works without an e-mail client.",
         A, Severity.LOW, fix="Add a contact form with an e-mail field and a message box."),
    Rule("contact.chat", "A live-chat widget is present", "No live-chat widget is present",
         "Chat gives quick answers without a phone call. Widgets a tag manager loads cannot be seen by a "
         "static audit, so they are reported as unknown.", A, Severity.LOW,
         fix="Consider live chat for quick questions, with its hours stated."),
    Rule("contact.channels", "Customers can choose among at least three contact channels",
         "Customers have fewer than three contact channels",
         "Customers prefer different channels (phone, e-mail, form, chat, messaging, social, post, in person); "
         "offering several lets each use the one that suits them.", A, Severity.MEDIUM,
         fix="Offer at least three channels and list them together on the contact page."),
    Rule("contact.hours", "Opening hours for phone and chat are stated", "Opening hours for phone or chat are missing",
         "Customers need to know when someone will answer before they call; state the hours, the time zone "
         f"and holiday exceptions. Guidance: {GOVUK_CONTACT}", A, Severity.MEDIUM,
         fix="State the days and hours the phone lines (and chat) are open, with the time zone."),
    Rule("contact.response_time", "A response time is promised for written contact",
         "No response time is promised for e-mail or the contact form",
         "Saying how soon you reply (\"we reply within 1 working day\") sets expectations and cuts repeat "
         f"contacts. Guidance: {GOVUK_CONTACT}", A, Severity.LOW,
         fix="Say how soon you reply to e-mails and form messages."),
    Rule("contact.click_depth", "The contact page is within two clicks of the start page",
         "The contact page is more than two clicks from the start page",
         "Contact details buried deep in a site make customers give up or call in frustrated.", A, Severity.HIGH,
         fix="Link the contact page from the header or footer of every page."),
    Rule("contact.help_click_depth", "The help centre or FAQ is within two clicks of the start page",
         "The help centre or FAQ is more than two clicks from the start page",
         "Self-service only works if customers can find it quickly.", A, Severity.MEDIUM,
         fix="Link the help centre or FAQ from the header or footer of every page."),
    Rule("contact.link_every_page", "The page links to help or contact in its header, navigation or footer",
         "The page has no help or contact link in its header, navigation or footer",
         "WCAG 2.2 SC 3.2.6 Consistent Help: help mechanisms should be found in the same place on every page. "
         "https://www.w3.org/WAI/WCAG22/Understanding/consistent-help.html", A, Severity.MEDIUM,
         fix="Put a Contact or Help link in the site header or footer template."),
]
_RULE = {rule.id: rule for rule in RULES}


@register("contact", title="Contact accessibility",
          description="Which contact channels are offered, when they are open, how fast replies come and how "
                      "easily the contact page and help centre are found.",
          rules=RULES)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    facts = collect(site)
    pages = [page for page in site.pages if page.status == 200]
    phones = [p for p in facts.phones if p.purpose not in NON_SERVICE_PURPOSES]
    emails = [e for e in facts.emails if e.purpose not in NON_SERVICE_PURPOSES]
    forms = contact_forms(pages)
    chat_status, chat_rows = chat_widgets(pages)
    channels = _channels(site, pages, phones, emails, forms, chat_status)
    yield _phone(phones, facts.phones)
    yield _email(emails, facts.emails)
    yield _form(forms)
    yield _chat(chat_status, chat_rows)
    yield _channels_finding(channels)
    yield _hours(facts, phones, chat_status)
    yield _response_time(facts, emails, forms)
    yield _depth("contact.click_depth", site, ("contact",), "contact page")
    yield _depth("contact.help_click_depth", site, ("help", "faq"), "help centre or FAQ")
    yield from _link_every_page(site, pages)


# ---------------------------------------------------------------------------------------------------
# Channels
# ---------------------------------------------------------------------------------------------------


def _phone_row(fact: PhoneFact) -> dict[str, Any]:
    return {"number": fact.number, "display": fact.display, "kind": fact.kind, "purpose": fact.purpose,
            "url": fact.url, "source": fact.source}


def _unique_phones(phones: list[PhoneFact]) -> list[PhoneFact]:
    return first_by(phones, lambda f: f.number)


def _phone(service: list[PhoneFact], every: list[PhoneFact]) -> Finding:
    rule = _RULE["contact.phone"]
    data = {"phones": [_phone_row(f) for f in _unique_phones(every)]}
    if not service:
        extra = " (only press, fax or other non-service numbers)" if every else ""
        return rule.finding(Status.FAIL, f"No customer-service phone number was found{extra}.",
                            location="site", data=data)
    unique = _unique_phones(service)
    evidence = [Evidence(url=f.url, snippet=f.context, measured=f"{f.display} ({f.kind.replace('_', '-')})")
                for f in unique[:MAX_EVIDENCE]]
    premium = [f for f in unique if f.kind == "premium"]
    if premium:
        return rule.finding(Status.FAIL, f"The customer-service number {premium[0].display} is premium-rate: "
                            "costly to call.", location="site", evidence=evidence, severity=Severity.HIGH,
                            fix="Replace the premium-rate number with a free or geographic-rate number.", data=data)
    free = " (toll-free)" if any(f.kind == "toll_free" for f in unique) else ""
    return rule.finding(Status.PASS, f"{len(unique)} customer-service phone number(s) found{free}.",
                        location="site", evidence=evidence, data=data)


def _email_row(fact: EmailFact) -> dict[str, Any]:
    return {"address": fact.address, "purpose": fact.purpose, "url": fact.url, "source": fact.source}


def _email(service: list[EmailFact], every: list[EmailFact]) -> Finding:
    rule = _RULE["contact.email"]
    unique_every = first_by(every, lambda f: f.address)
    data = {"emails": [_email_row(f) for f in unique_every]}
    unique = first_by(service, lambda f: f.address)
    if unique:
        return rule.finding(Status.PASS, f"{len(unique)} e-mail address(es) found.", location="site", data=data,
                            evidence=[Evidence(url=f.url, snippet=f.context, measured=f.address)
                                      for f in unique[:MAX_EVIDENCE]])
    if unique_every:
        return rule.finding(Status.NEEDS_REVIEW, "Only press, privacy or job addresses were found; check whether "
                            "customers can write to customer service.", location="site", data=data,
                            evidence=[Evidence(url=f.url, snippet=f.context, measured=f.address)
                                      for f in unique_every[:MAX_EVIDENCE]])
    return rule.finding(Status.FAIL, "No e-mail address or mailto link was found.", location="site", data=data)


def is_contact_form(form: Form) -> bool:
    """A form a customer can write a message in and be answered: a message box plus an e-mail (or phone)
    field, and not a search or newsletter form."""
    if form.is_search:
        return False
    message = any(f.tag == "textarea" or _MESSAGE_FIELD.search(f"{f.name} {f.label}") for f in form.fields)
    reply = any(f.type in ("email", "tel") or _EMAIL_FIELD.search(f"{f.name} {f.label}") for f in form.fields)
    has_textarea = any(f.tag == "textarea" for f in form.fields)
    if _NEWSLETTER.search(form.text) and not has_textarea:
        return False
    return message and reply


def contact_forms(pages: list[Page]) -> list[tuple[Page, Form]]:
    """Contact forms, those on contact pages first."""
    found = [(page, form) for page in pages for form in page.forms if is_contact_form(form)]
    return sorted(found, key=lambda pf: pf[0].touchpoint != "contact")


def _form(forms: list[tuple[Page, Form]]) -> Finding:
    rule = _RULE["contact.form"]
    data = {"forms": [{"url": page.url, "action": form.action, "fields": [f.name or f.type for f in form.fields]}
                      for page, form in forms[:MAX_EVIDENCE]]}
    if not forms:
        return rule.finding(Status.FAIL, "No contact form (a message box with an e-mail field) was found.",
                            location="site", data=data)
    evidence = [Evidence(url=page.url, snippet=form.text[:200] or None,
                         measured=", ".join(f.name or f.type for f in form.fields))
                for page, form in forms[:MAX_EVIDENCE]]
    return rule.finding(Status.PASS, f"Contact form found on {forms[0][0].url}.", location="site",
                        evidence=evidence, data=data)


def chat_widgets(pages: list[Page]) -> tuple[Status, list[dict[str, str]]]:
    """Chat status of the site and the scripts behind it: pass (a known widget), needs_review (a script
    that may carry chat), unknown (a tag manager, which may load one) or not_applicable (none seen)."""
    rows: list[dict[str, str]] = []
    managers: list[dict[str, str]] = []
    for page in pages:
        sources = [s.src or "" for s in page.scripts] + [s.excerpt for s in page.scripts if s.excerpt] + page.iframes
        for vendor, signature, certainty in CHAT_WIDGETS:
            if any(signature in source for source in sources) and all(r["vendor"] != vendor for r in rows):
                rows.append({"vendor": vendor, "signature": signature, "certainty": certainty, "url": page.url})
        for vendor, signature in TAG_MANAGERS:
            if any(signature in source for source in sources) and all(r["vendor"] != vendor for r in managers):
                managers.append({"vendor": vendor, "signature": signature, "certainty": "tag_manager",
                                 "url": page.url})
    if any(r["certainty"] == "chat" for r in rows):
        return Status.PASS, rows
    if rows:
        return Status.NEEDS_REVIEW, rows
    if managers:
        return Status.UNKNOWN, managers
    return Status.NOT_APPLICABLE, []


def _chat(status: Status, rows: list[dict[str, str]]) -> Finding:
    rule = _RULE["contact.chat"]
    evidence = [Evidence(url=r["url"], snippet=r["signature"], measured=r["vendor"]) for r in rows[:MAX_EVIDENCE]]
    messages = {
        Status.PASS: "Live chat found: " + ", ".join(r["vendor"] for r in rows if r["certainty"] == "chat") + ".",
        Status.NEEDS_REVIEW: "A script that can carry chat was found (" + ", ".join(r["vendor"] for r in rows)
                             + "); check whether chat is switched on.",
        Status.UNKNOWN: "A tag manager may load a chat widget; a static audit cannot tell ("
                        + ", ".join(r["vendor"] for r in rows) + ").",
        Status.NOT_APPLICABLE: "No chat widget found.",
    }
    return rule.finding(status, messages[status], location="site", evidence=evidence, data={"chat": rows})


def _host_matches(url: str, hosts: Iterable[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


def _channels(site: Site, pages: list[Page], phones: list[PhoneFact], emails: list[EmailFact],
              forms: list[tuple[Page, Form]], chat_status: Status) -> dict[str, str]:
    """Channel → URL of the first page offering it."""
    found: dict[str, str] = {}
    if phones:
        found["phone"] = phones[0].url
    if emails:
        found["email"] = emails[0].url
    if forms:
        found["form"] = forms[0][0].url
    if chat_status is Status.PASS:
        found["chat"] = next(p.url for p in pages if chat_widgets([p])[0] is Status.PASS)
    for page in pages:
        for link in page.links:
            if link.url.lower().startswith("sms:") or _host_matches(link.url, MESSAGING_HOSTS):
                found.setdefault("messaging", page.url)
            elif link.url.startswith(("http://", "https://")) and _host_matches(link.url, SOCIAL_HOSTS):
                found.setdefault("social", page.url)
            if _IN_PERSON.search(link.text):
                found.setdefault("in_person", page.url)
        if "PostalAddress" in page.structured_types() or _POSTAL.search(page.body_text):
            found.setdefault("postal", page.url)
        if page.touchpoint == "contact" and _IN_PERSON.search(page.main_text):
            found.setdefault("in_person", page.url)
    return {channel: found[channel] for channel in CHANNELS if channel in found}


def _channels_finding(channels: dict[str, str]) -> Finding:
    rule = _RULE["contact.channels"]
    count = len(channels)
    names = ", ".join(c.replace("_", " ") for c in channels) or "none"
    status = Status.PASS if count >= TARGET_CHANNELS else Status.FAIL
    return rule.finding(status, f"{count} contact channel(s) found: {names}.", location="site",
                        score=min(1.0, count / TARGET_CHANNELS),
                        evidence=[Evidence(url=url, measured=channel) for channel, url in channels.items()],
                        data={"channels": list(channels)})


# ---------------------------------------------------------------------------------------------------
# Hours and response times
# ---------------------------------------------------------------------------------------------------


def _hours(facts: SiteFacts, phones: list[PhoneFact], chat_status: Status) -> Finding:
    rule = _RULE["contact.hours"]
    data = {"hours": [asdict(h) for h in facts.hours[:20]]}
    if not phones and chat_status is not Status.PASS:
        return rule.finding(Status.NOT_APPLICABLE, "No phone number or chat, so no opening hours are needed.",
                            location="site", data=data)
    if not facts.hours:
        return rule.finding(Status.FAIL, "A phone number or chat is offered but no opening hours are stated.",
                            location="site", data=data)
    unique = first_by(facts.hours, lambda h: h.text)
    evidence = [Evidence(url=h.url, snippet=h.context or h.text, measured=h.text) for h in unique[:MAX_EVIDENCE]]
    zone = next((h.timezone for h in facts.hours if h.timezone), None)
    always = any(h.opens == "00:00" and h.closes == "24:00" and len(h.days) == 7 for h in facts.hours)
    note = f" (time zone: {zone})" if zone else ""
    if not zone and not always:
        note = " (no time zone stated)"
    return rule.finding(Status.PASS, f"Opening hours are stated{note}.", location="site",
                        evidence=evidence, data=data)


def _quantity(fact: Fact) -> str:
    unit = fact.unit[:-1] if fact.value == 1 and fact.unit.endswith("s") else fact.unit
    return f"{fact.value} {unit}"


def _response_time(facts: SiteFacts, emails: list[EmailFact], forms: list[tuple[Page, Form]]) -> Finding:
    rule = _RULE["contact.response_time"]
    data = {"response_times": [asdict(f) for f in facts.response_times[:20]]}
    if not emails and not forms:
        return rule.finding(Status.NOT_APPLICABLE, "No e-mail address or contact form, so no response time is "
                            "needed.", location="site", data=data)
    if not facts.response_times:
        return rule.finding(Status.FAIL, "No response time is promised for e-mail or form messages.",
                            location="site", data=data)
    evidence = [Evidence(url=f.url, snippet=f.text, measured=_quantity(f)) for f in facts.response_times[:MAX_EVIDENCE]]
    return rule.finding(Status.PASS, f"A response time is promised ({_quantity(facts.response_times[0])}).",
                        location="site", evidence=evidence, data=data)


# ---------------------------------------------------------------------------------------------------
# Findability
# ---------------------------------------------------------------------------------------------------


def _depth(rule_id: str, site: Site, touchpoints: tuple[str, ...], what: str) -> Finding:
    rule = _RULE[rule_id]
    candidates = [p for p in site.by_touchpoint(*touchpoints) if p.status == 200]
    if not candidates:
        return rule.finding(Status.FAIL, f"No {what} was found.", location="site",
                            data={"clicks": None, "url": None})
    depths = site.click_depth
    # Prefer the reachable page nearest the start, then the index-like one (shortest path).
    best = min(candidates, key=lambda p: (depths.get(p.url, 10**6), len(urlsplit(p.url).path), p.url))
    clicks = depths.get(best.url)
    data = {"clicks": clicks, "url": best.url}
    if clicks is None:
        return rule.finding(Status.FAIL, f"The {what} ({best.url}) cannot be reached by following links from the "
                            "start page.", location="site", url=best.url, data=data,
                            evidence=[Evidence(url=best.url, measured="unreachable", target=f"≤ {MAX_CLICKS}")])
    evidence = [Evidence(url=best.url, measured=clicks, target=f"≤ {MAX_CLICKS}")]
    if clicks <= MAX_CLICKS:
        return rule.finding(Status.PASS, f"The {what} is {clicks} click(s) from the start page.", location="site",
                            url=best.url, evidence=evidence, data=data)
    return rule.finding(Status.FAIL, f"The {what} is {clicks} clicks from the start page.", location="site",
                        url=best.url, score=1 / (clicks - 1), evidence=evidence, data=data)


def help_link(site: Site, page: Page) -> dict[str, str] | None:
    """The first link in the page's header, navigation or footer that leads to contact or help."""
    for link in page.links:
        if link.region not in CHROME_REGIONS:
            continue
        target = site.by_url.get(link.url)
        if (target is not None and target.touchpoint in HELP_TOUCHPOINTS) or _HELP_TEXT.search(link.text):
            return {"url": link.url, "text": link.text, "region": link.region}
    return None


def _link_every_page(site: Site, pages: list[Page]) -> Iterator[Finding]:
    rule = _RULE["contact.link_every_page"]
    for page in pages:
        link = help_link(site, page)
        if link:
            yield rule.finding(Status.PASS, f"“{link['text']}” link in the {link['region']}.", location=page.url,
                               url=page.url, data={"link": link},
                               evidence=[Evidence(url=page.url, snippet=link["text"], measured=link["url"])])
        else:
            yield rule.finding(Status.FAIL, "No contact or help link in the header, navigation or footer.",
                               location=page.url, url=page.url, data={"link": None},
                               evidence=[Evidence(url=page.url)])
