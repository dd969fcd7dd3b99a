"""A realistic audit dict (audit.json schema 1.0) for the report tests: 8 pages, 30 findings, every
status and several checks per level. ``sample_audit(**overrides)`` replaces top-level keys."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from checks.site_facts import empty_facts

BASE = "https://example.com"

PAGES: list[dict[str, Any]] = [
    {"url": f"{BASE}/", "status": 200, "touchpoint": "home", "group": "home", "stage": "awareness",
     "title": "Example Co — Home", "lang": "en-GB", "depth": 0, "click_depth": 0, "words": 410},
    {"url": f"{BASE}/help/", "status": 200, "touchpoint": "help", "group": "help", "stage": "use",
     "title": "Help centre", "lang": "en-GB", "depth": 1, "click_depth": 1, "words": 230},
    {"url": f"{BASE}/help/returns-guide/", "status": 200, "touchpoint": "help", "group": "help",
     "stage": "after-sales", "title": "How to return an item", "lang": "en-GB", "depth": 2,
     "click_depth": 2, "words": 780},
    {"url": f"{BASE}/faq/", "status": 200, "touchpoint": "faq", "group": "faq", "stage": "use",
     "title": "Frequently asked questions", "lang": "en-GB", "depth": 1, "click_depth": 1, "words": 1210},
    {"url": f"{BASE}/contact/", "status": 200, "touchpoint": "contact", "group": "contact",
     "stage": "use", "title": "Contact us", "lang": "en-GB", "depth": 1, "click_depth": 1, "words": 150},
    {"url": f"{BASE}/returns/", "status": 200, "touchpoint": "returns", "group": "policy",
     "stage": "after-sales", "title": "Returns policy", "lang": "en-GB", "depth": 1, "click_depth": 2,
     "words": 640},
    {"url": f"{BASE}/old-page/", "status": 404, "touchpoint": None, "group": None, "stage": None,
     "title": "", "lang": "", "depth": 2, "click_depth": None, "words": 0,
     "content_type": "text/html", "error": None},
    {"url": f"{BASE}/slow/", "status": 0, "touchpoint": None, "group": None, "stage": None,
     "title": "", "lang": "", "depth": 2, "click_depth": None, "words": 0, "content_type": "",
     "error": "timeout"},
]

# check id -> (title, description, [(rule id, title, failure title, level, weight)])
CHECKS: dict[str, tuple[str, str, list[tuple[str, str, str, str, float]]]] = {
    "coverage": ("Help and FAQ coverage", "Whether help pages answer the questions customers have.", [
        ("coverage.intent", "Help covers this customer intent", "Help does not cover this intent",
         "capability", 2.0),
        ("coverage.search", "Site search is offered", "No site search found", "capability", 1.0),
    ]),
    "consistency": ("Information consistency", "Facts that should agree across pages.", [
        ("consistency.return_window", "The return window is stated consistently",
         "The return window differs between pages", "capability", 1.0),
    ]),
    "contact": ("Contact accessibility", "How customers can reach a person.", [
        ("contact.phone", "A phone number is given", "No phone number found", "accessibility", 1.0),
        ("contact.hours", "Opening hours are stated", "No opening hours found", "accessibility", 1.0),
        ("contact.chat", "A chat channel is offered", "No chat channel found", "accessibility", 0.5),
    ]),
    "accessibility": ("Page accessibility (static)", "Checks that HTML alone can prove.", [
        ("accessibility.image_alt", "Images have text alternatives", "Images lack text alternatives",
         "accessibility", 1.0),
        ("accessibility.html_lang", "Pages declare their language", "A page does not declare its language",
         "accessibility", 1.0),
    ]),
    "readability": ("Readability", "How easy the main text is to read.", [
        ("readability.grade", "Text reads at a plain-language level", "Text is hard to read",
         "enjoyability", 1.0),
    ]),
    "links": ("Broken links and dead ends", "Links that lead nowhere annoy customers.", [
        ("links.broken", "Links work", "A link is broken", "enjoyability", 1.0),
    ]),
    "tone": ("Tone of voice", "Pages sound like one friendly voice.", [
        ("tone.consistency", "Tone is consistent", "The page's tone stands out", "enjoyability", 1.0),
    ]),
    "feedback": ("Feedback invitations", "Whether customers are asked what they think.", [
        ("feedback.helpful", "Help pages ask 'Was this helpful?'", "Help pages do not ask for feedback",
         "enjoyability", 0.5),
    ]),
}

# (rule, status, url or None for site-level, location suffix, gain, message, snippet, measured, target)
FINDINGS: list[tuple[str, str, str | None, float, str, str | None, Any, Any]] = [
    ("coverage.intent", "fail", None, 3.1, "No help page explains how to track an order.", None, None, None),
    ("coverage.intent", "fail", None, 2.4, "No help page explains how to change a delivery address.",
     None, None, None),
    ("coverage.intent", "pass", "/help/returns-guide/", 0.0, "Returning an item is covered.",
     "How to return an item", None, None),
    ("coverage.intent", "pass", "/faq/", 0.0, "Resetting a password is covered.",
     "How do I reset my password?", None, None),
    ("coverage.intent", "needs_review", "/faq/", 0.0, "Cancelling may be covered; the match is weak.",
     "Can I change my mind?", None, None),
    ("coverage.search", "pass", "/", 0.0, "A search form is on the home page.", None, None, None),
    ("consistency.return_window", "fail", "/returns/", 2.9, "The return window is 30 days here and "
     "14 days on the help page.", "You have 30 days to return an item", "30 days", "14 days"),
    ("contact.phone", "pass", "/contact/", 0.0, "A phone number is given: 0800 123 456.",
     "Call us on 0800 123 456", None, None),
    ("contact.hours", "fail", "/contact/", 2.2, "The contact page gives no opening hours.", None, None,
     None),
    ("contact.chat", "unknown", None, 0.0, "A tag manager is present; a chat widget may be loaded by it.",
     None, None, None),
    ("contact.chat", "not_applicable", "/faq/", 0.0, "Not a contact page.", None, None, None),
    ("accessibility.image_alt", "fail", "/", 1.1, "2 images have no text alternative.",
     "<img src=\"hero.jpg\">", 2, 0),
    ("accessibility.image_alt", "pass", "/help/", 0.0, "All images have text alternatives.", None, None,
     None),
    ("accessibility.image_alt", "pass", "/contact/", 0.0, "All images have text alternatives.", None, None,
     None),
    ("accessibility.image_alt", "not_applicable", "/faq/", 0.0, "No images on this page.", None, None,
     None),
    ("accessibility.html_lang", "pass", "/", 0.0, "Language declared: en-GB.", None, "en-GB", None),
    ("accessibility.html_lang", "pass", "/help/", 0.0, "Language declared: en-GB.", None, "en-GB", None),
    ("accessibility.html_lang", "fail", "/returns/", 0.9, "The page does not declare its language.", None,
     None, None),
    ("readability.grade", "fail", "/returns/", 1.7, "Reads at grade 16.2; target 8.",
     "Notwithstanding the foregoing, the purchaser shall be entitled to remedies.", 16.2, 8),
    ("readability.grade", "fail", "/help/returns-guide/", 1.2, "Reads at grade 12.4; target 8.",
     "Items must be returned in their original packaging, unused.", 12.4, 8),
    ("readability.grade", "pass", "/help/", 0.0, "Reads at grade 6.8.", None, 6.8, 8),
    ("readability.grade", "pass", "/contact/", 0.0, "Reads at grade 5.1.", None, 5.1, 8),
    ("readability.grade", "pass", "/faq/", 0.0, "Reads at grade 7.3.", None, 7.3, 8),
    ("readability.grade", "needs_review", "/", 0.0, "Too short to score (42 words).", None, 42, 100),
    ("links.broken", "fail", "/help/", 1.4, "A link to /old-page/ returns 404.", "our old guide", 404, 200),
    ("links.broken", "pass", "/faq/", 0.0, "All links on the page work.", None, None, None),
    ("links.broken", "pass", "/contact/", 0.0, "All links on the page work.", None, None, None),
    ("feedback.helpful", "fail", "/help/returns-guide/", 0.6, "The article does not ask for feedback.",
     None, None, None),
    ("feedback.helpful", "pass", "/faq/", 0.0, "The page asks 'Was this helpful?'.", "Was this helpful?",
     None, None),
    ("feedback.helpful", "unknown", "/help/", 0.0, "A feedback widget may be loaded by a script.", None,
     None, None),
    ("tone.consistency", "fail", "/returns/", 0.8, "Tone stands out from the site.", "the Customer shall", None,
     None),
    ("tone.consistency", "pass", "/help/", 0.0, "Tone is in line with the rest of the site.", None, None, None),
]

# Finding index -> its ``data``, shaped as the checks write it (coverage, readability, tone, contact).
DATA: dict[int, dict[str, Any]] = {
    0: {"intent": "track_order", "title": "Track an order", "coverage": "missing"},
    1: {"intent": "change_address", "title": "Change the delivery address", "coverage": "missing"},
    2: {"intent": "return_item", "title": "Return an item", "coverage": "covered",
        "matched": "How to return an item", "source": "title"},
    3: {"intent": "reset_password", "title": "Reset a password", "coverage": "covered",
        "matched": "How do I reset my password?", "source": "question"},
    4: {"intent": "cancel_order", "title": "Cancel an order", "coverage": "partial",
        "matched": "Can I change my mind?"},
    18: {"grade": 16.2, "target": 8.0, "touchpoint": "returns"},
    19: {"grade": 12.4, "target": 8.0, "touchpoint": "help"},
    20: {"grade": 6.8, "target": 8.0, "touchpoint": "help"},
    21: {"grade": 5.1, "target": 8.0, "touchpoint": "contact"},
    22: {"grade": 7.3, "target": 8.0, "touchpoint": "faq"},
    30: {"features": {"third_person_customer": 4.7, "mean_sentence_words": 31.0},
         "outlying": [{"feature": "third_person_customer", "value": 4.7, "median": 0.0, "z": 15.6},
                      {"feature": "mean_sentence_words", "value": 31.0, "median": 9.0, "z": -4.2}]},
}

# What the facts section (issue 4) holds; tests pass it as ``sample_audit(facts=SAMPLE_FACTS)``.
SAMPLE_FACTS: dict[str, Any] = {
    "contact_channels": [
        {"type": "phone", "value": "0800 123 456", "urls": [f"{BASE}/contact/"]},
        {"type": "email", "value": "help@example.com", "urls": [f"{BASE}/contact/", f"{BASE}/faq/"]},
        {"type": "chat", "value": "Intercom", "urls": [f"{BASE}/"]},
    ],
    "opening_hours": [
        {"text": "Mon–Fri 9am–5pm", "days": ["Mo", "Tu", "We", "Th", "Fr"], "opens": "09:00", "closes": "17:00",
         "timezone": "Europe/London", "url": f"{BASE}/contact/"},
        {"text": "Saturday 10–2", "days": ["Sa"], "opens": "10:00", "closes": "14:00", "timezone": None,
         "url": f"{BASE}/contact/"},
    ],
    "response_times": [{"text": "We reply within 2 working days.", "url": f"{BASE}/contact/"}],
    "intents": [
        {"intent": "track_order", "status": "missing", "urls": [], "evidence": []},
        {"intent": "return_item", "status": "covered", "urls": [f"{BASE}/help/returns-guide/", f"{BASE}/faq/"],
         "evidence": ["How to return an item"]},
    ],
    "search": {"present": True, "urls": [f"{BASE}/"]},
    "contradictions": [],
}

SEVERITY = {"fail": "medium", "needs_review": "low", "unknown": "low", "pass": "info",
            "not_applicable": "info"}
LEVELS = [
    ("capability", "Capability", "Can customers get what they need done on their own?", 65.0),
    ("accessibility", "Accessibility", "How easy is it to reach help and do business?", 80.2),
    ("enjoyability", "Enjoyability", "Is it pleasant to deal with them?", 69.0),
]


def _band(score: float | None) -> str | None:
    if score is None:
        return None
    return "good" if score >= 90 else "needs_work" if score >= 50 else "poor"


def _findings() -> list[dict[str, Any]]:
    rules = {r[0]: (check, r) for check, (_, _, rs) in CHECKS.items() for r in rs}
    out = []
    for i, (rule_id, status, path, gain, message, snippet, measured, target) in enumerate(FINDINGS):
        check, rule = rules[rule_id]
        url = f"{BASE}{path}" if path else None
        location = url or f"intent-{i}"
        digest = hashlib.sha1(f"{rule_id}|{location}".encode()).hexdigest()[:10]
        evidence = []
        if url or snippet or measured is not None:
            evidence.append({k: v for k, v in {"url": url, "snippet": snippet, "selector": None,
                                               "measured": measured, "target": target}.items()
                             if v is not None})
        out.append({
            "id": f"{rule_id}:{digest}", "rule": rule_id, "check": check, "level": rule[3],
            "status": status, "severity": SEVERITY[status],
            "score": {"pass": 1.0, "fail": 0.0}.get(status), "gain": gain, "url": url,
            "location": location, "message": message, "evidence": evidence,
            "fix": "" if status == "pass" else "Say it plainly, on the page customers look at first.",
            "data": DATA.get(i) or ({"measured": measured} if measured is not None else {}),
        })
    return out


def _checks(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for check_id, (title, description, rules) in CHECKS.items():
        rule_dicts = []
        for rule_id, rtitle, failure, level, weight in rules:
            counts = dict.fromkeys(("pass", "fail", "needs_review", "not_applicable", "unknown"), 0)
            for f in findings:
                if f["rule"] == rule_id:
                    counts[f["status"]] += 1
            scored = counts["pass"] + counts["fail"]
            score = round(100 * counts["pass"] / scored, 1) if scored else None
            rule_dicts.append({"id": rule_id, "title": rtitle, "failure_title": failure,
                               "description": f"Why it matters: {rtitle.lower()}.", "level": level,
                               "weight": weight, "score": score, "counts": counts})
        scores = [r["score"] for r in rule_dicts if r["score"] is not None]
        score = round(sum(scores) / len(scores), 1) if scores else None
        out.append({"id": check_id, "title": title, "description": description, "score": score,
                    "band": _band(score), "rules": rule_dicts})
    return out


def sample_audit(**overrides: Any) -> dict[str, Any]:
    findings = _findings()
    pages = []
    for page in PAGES:
        page = {"content_type": "text/html", "error": None, **copy.deepcopy(page)}
        counts = dict.fromkeys(("pass", "fail", "needs_review", "not_applicable", "unknown"), 0)
        for f in findings:
            if f["url"] == page["url"] and f["status"] in counts:
                counts[f["status"]] += 1
        page["findings"] = counts
        pages.append(page)
    audit: dict[str, Any] = {
        "schema_version": "1.0",
        "tool": {"name": "cxaudit", "version": "0.1.0"},
        "started_at": "2026-11-23T09:00:00Z",
        "finished_at": "2026-11-23T09:01:10Z",
        "site": {"start_url": f"{BASE}/", "name": "Example Co", "host": "example.com"},
        "report": {"title": "", "primary_color": "indigo"},
        "crawl": {"pages_fetched": 8, "pages_analysed": 6, "stopped_reason": "complete",
                  "robots_respected": True, "duration_seconds": 12.3, "errors": 2},
        "scores": {"overall": 71.4, "capability": 65.0, "accessibility": 80.2, "enjoyability": 69.0},
        "levels": [{"id": i, "title": t, "question": q, "score": s, "band": _band(s)}
                   for i, t, q, s in LEVELS],
        "checks": _checks(findings),
        "pages": pages,
        "findings": findings,
        "facts": empty_facts(),
    }
    audit.update(copy.deepcopy(overrides))
    return audit
