"""Readability: grades of known texts, language handling, pre-cleaning, targets and the score curve.

Every test runs with the network blocked (tests/conftest.py), so syllable counting is proven offline.
"""

from __future__ import annotations

import pytest

from auditor.config import AuditConfig
from auditor.findings import Finding, Severity, Status
from auditor.page import Page
from auditor.site import Site
from checks.readability import grade_score, measure, run, syllables, target_grade
from checks.registry import all_checks
from checks.text import clean_text
from tests.pages import START
from tests.pages import make_page as parse_html

PLAIN = [
    "You can send back most things within 30 days.",
    "Pack the item in its box.",
    "Print the free label from your account.",
    "Take the parcel to any post office.",
    "We check the item when it gets to us.",
    "Then we pay you back.",
    "The money is back in your bank in five days.",
    "You do not need to call us.",
    "We send you an email at each step.",
    "If the item is broken, tell us first.",
    "We will fix it or send a new one.",
    "Have a question?",
    "Our team is here from 8 am to 6 pm, Monday to Friday.",
    "You can chat with us or call us for free.",
]
LEGALESE = [
    "Notwithstanding any provision to the contrary contained herein, the purchaser irrevocably acknowledges that "
    "all claims arising out of the performance or purported performance of contractual obligations hereunder "
    "shall be subject to the exclusive jurisdiction of the competent courts.",
    "The company shall not be held responsible for consequential, incidental or indirect damages, including "
    "without limitation loss of profits, business interruption or loss of information, irrespective of whether "
    "such damages were foreseeable.",
    "Any modification of these contractual stipulations necessitates documented authorisation by an "
    "appropriately empowered representative of the organisation.",
]
GERMAN = [
    "Sie können die meisten Artikel innerhalb von dreißig Tagen zurückgeben.",
    "Verpacken Sie den Artikel in der Originalverpackung.",
    "Drucken Sie das kostenlose Etikett in Ihrem Konto aus.",
    "Geben Sie das Paket in einer Filiale ab.",
    "Wir prüfen den Artikel, sobald er bei uns ankommt.",
    "Danach erstatten wir Ihnen den Betrag.",
    "Das Geld ist nach fünf Tagen auf Ihrem Konto.",
    "Sie müssen uns nicht anrufen.",
    "Wir schicken Ihnen bei jedem Schritt eine E-Mail.",
    "Wenn der Artikel kaputt ist, sagen Sie es uns bitte zuerst.",
    "Wir reparieren ihn oder schicken einen neuen.",
    "Unser Team ist von Montag bis Freitag von acht bis achtzehn Uhr für Sie da.",
    "Sie können mit uns chatten oder uns kostenlos anrufen.",
]
SPANISH = [
    "Puede devolver la mayoría de los artículos en un plazo de treinta días.",
    "Embale el artículo en su caja original y pegue la etiqueta gratuita.",
    "Lleve el paquete a cualquier oficina de correos.",
    "Comprobamos el artículo cuando llega a nuestro almacén.",
    "Después le devolvemos el dinero en un plazo de cinco días.",
    "No necesita llamarnos, le enviamos un correo en cada paso.",
    "Si el artículo está roto, díganoslo primero y lo reparamos o le enviamos uno nuevo.",
    "Nuestro equipo está disponible de lunes a viernes de ocho a seis.",
    "Puede escribirnos por chat o llamarnos gratis cuando quiera.",
]


def make_page(path: str, paragraphs: list[str], *, lang: str | None = "en", title: str = "Page") -> Page:
    lang_attr = f" lang='{lang}'" if lang else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<!doctype html><html{lang_attr}><head><title>{title}</title></head><body>"
            "<header><nav><a href='/'>Home</a> <a href='/help'>Help</a> <a href='/contact'>Contact</a></nav></header>"
            f"<main><article><h1>{title}</h1>{body}</article></main>"
            "<footer><p>Company registration number 12345678. Registered office: 1 High Street.</p></footer>"
            "</body></html>")
    return parse_html(html, path.lstrip("/"))


def findings_for(page: Page, config: AuditConfig | None = None) -> dict[str, Finding]:
    found = list(run(Site(start_url=START, pages=[page]), config or AuditConfig()))
    assert {f.location for f in found} == {page.url}
    return {f.rule: f for f in found}


def test_plain_text_reads_at_a_low_grade_and_passes() -> None:
    page = make_page("/help/returns", PLAIN * 2, title="Sending things back")
    assert page.touchpoint == "help"
    grade = findings_for(page)["readability.grade"]
    assert grade.status is Status.PASS and grade.score == 1.0
    assert grade.data["grade"] <= 6 and grade.data["ease"] >= 70
    assert grade.data["formula"] == "flesch_kincaid" and grade.data["lang"] == "en"
    assert grade.data["target"] == 8.0 and grade.data["touchpoint"] == "help"
    assert "target for help pages is grade 8 or below" in grade.message


def test_legalese_reads_at_a_high_grade_and_fails_high() -> None:
    page = make_page("/terms", LEGALESE * 2, title="Terms and conditions")
    assert page.touchpoint == "terms"
    grade = findings_for(page)["readability.grade"]
    assert grade.status is Status.FAIL and grade.severity is Severity.HIGH
    assert grade.data["grade"] >= 14 and grade.score == 0.0
    assert grade.data["target"] == 10.0  # policy group target, found through touchpoint_group
    assert grade.data["hard_words"] > 20 and grade.data["long_sentences"] == 4
    assert grade.data["passive_sentences"] >= 2  # "shall be subject to", "be held responsible"
    evidence = grade.evidence[0]
    assert evidence.snippet is not None and evidence.snippet.startswith("Notwithstanding")
    assert evidence.measured == grade.data["grade"] and evidence.target == 10.0
    assert set(grade.data) >= {"grade", "ease", "words", "sentences", "long_sentences", "hard_words",
                               "passive_sentences", "lang", "touchpoint", "formula"}
    assert grade.fix


def test_short_page_is_not_applicable() -> None:
    words = "Call us any day of the week and we will help you with your order or your return today"
    page = make_page("/contact", [words, words + " and tomorrow too"], title="Hi")
    result = findings_for(page)
    n = result["readability.grade"].data["words"]
    assert 35 <= n < 100
    for finding in result.values():
        assert finding.status is Status.NOT_APPLICABLE and finding.score is None
        assert finding.message == f"too short to score: {n} words; formulas need at least 100"


def test_german_page_is_scored_with_the_german_formula() -> None:
    grade = findings_for(make_page("/hilfe", GERMAN * 2, lang="de-DE", title="Rücksendung"))["readability.grade"]
    assert grade.data["formula"] == "wiener_sachtextformel" and grade.data["lang"] == "de"
    assert 2 <= grade.data["grade"] <= 10
    assert grade.status in (Status.PASS, Status.FAIL)


def test_language_without_formula_is_not_applicable() -> None:
    result = findings_for(make_page("/ayuda", SPANISH * 2, lang="es", title="Devoluciones"))
    assert result["readability.grade"].status is Status.NOT_APPLICABLE
    assert result["readability.grade"].message == "not scored: no readability formula for language 'es'"
    # sentence length still means something in Spanish
    assert result["readability.long_sentences"].status is Status.PASS


def test_missing_lang_is_english_only_when_the_text_looks_english() -> None:
    english = findings_for(make_page("/help/a", PLAIN * 2, lang=None))["readability.grade"]
    assert english.status is Status.PASS and english.data["lang"] == "en" and english.data["lang_guessed"]
    spanish = findings_for(make_page("/help/b", SPANISH * 2, lang=None))["readability.grade"]
    assert spanish.status is Status.NOT_APPLICABLE and "does not look English" in spanish.message


def test_urls_and_abbreviations_are_cleaned_before_scoring() -> None:
    noisy = [
        "See https://shop.example/help/returns/how-to-send-items-back-with-a-free-label-from-your-account for the "
        "steps, e.g. printing the label.",
        "Write to returns@shop.example.co.uk or visit www.shop.example/returns-and-refunds-information today.",
    ]
    quiet = ["See for the steps, e.g. printing the label.", "Write to or visit today."]
    with_urls = measure(clean_text("\n".join(PLAIN + noisy)), "en")
    without = measure(clean_text("\n".join(PLAIN + quiet)), "en")
    assert with_urls.words == without.words and with_urls.sentence_words == without.sentence_words
    assert with_urls.grade == without.grade
    assert len(with_urls.sentences) == len(PLAIN) + 2  # "e.g." does not end a sentence
    page = findings_for(make_page("/help/c", PLAIN + noisy + PLAIN))["readability.grade"]
    assert page.status is Status.PASS and "http" not in (page.evidence[0].snippet or "")


def test_long_sentences_rule_quotes_the_longest_first() -> None:
    long_one = ("When your parcel arrives damaged you should keep all of the packaging and take photographs of "
                "the box and the item before you contact our team so that we can make a claim with the courier.")
    longer = long_one[:-1] + " and then we will arrange a collection at a time that suits you best."
    page = make_page("/help/d", [*PLAIN[:7], long_one, longer, long_one], title="Damaged parcels")
    result = findings_for(page)["readability.long_sentences"]
    sentences = result.data["sentences"]
    assert result.status is Status.FAIL
    assert result.data["long_sentences"] == 3
    assert result.score == pytest.approx(1 - 3 / sentences, abs=1e-3)
    assert result.evidence[0].snippet == longer
    assert result.evidence[0].measured > result.evidence[1].measured >= result.evidence[2].measured
    assert all(e.target == 25 for e in result.evidence)
    assert findings_for(make_page("/help/e", PLAIN * 2))["readability.long_sentences"].status is Status.PASS


def test_target_lookup_and_score_curve() -> None:
    cfg = AuditConfig().checks.readability
    assert target_grade(make_page("/faq", ["x"], title="FAQ"), cfg) == (8.0, "faq")
    assert target_grade(make_page("/returns", ["x"], title="Returns"), cfg) == (10.0, "policy")
    assert target_grade(make_page("/about", ["x"], title="About"), cfg) == (9.0, "default")
    assert grade_score(7.0, 8.0) == 1.0
    assert grade_score(11.0, 8.0) == pytest.approx(0.5)
    assert grade_score(14.0, 8.0) == 0.0 and grade_score(20.0, 8.0) == 0.0


def test_syllables_are_counted_offline_with_pyphen() -> None:
    assert syllables("information", "en") == 4
    assert syllables("cat", "en") == 1
    assert syllables("Kundenservice", "de") >= 4


def test_registered_with_rule_texts() -> None:
    check = next(c for c in all_checks() if c.id == "readability")
    assert [r.id for r in check.rules] == ["readability.grade", "readability.long_sentences"]
    for rule in check.rules:
        assert rule.title and rule.failure_title and rule.description and rule.fix
