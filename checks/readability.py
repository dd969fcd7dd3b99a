"""Readability of each page's main text: can customers read it without effort? (DESIGN §4)

Only the main text is scored (navigation and footers would distort any formula), after the shared
pre-cleaning in :mod:`checks.text`. Word and sentence counts come from :mod:`checks.text`; syllables
from textstat 0.7.4, which hyphenates with pyphen's bundled dictionaries and so works offline (newer
textstat releases download NLTK data at first use). The formulas are applied here from those counts,
so there is one tokenisation for every number we report.

Formulas by language (``formula`` in the finding data):

- English — Flesch-Kincaid grade ``0.39·W/S + 11.8·Syl/W − 15.59`` and Flesch reading ease
  ``206.835 − 1.015·W/S − 84.6·Syl/W``.
- German — Wiener Sachtextformel 1 (a German school grade)
  ``0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875`` and Amstad's reading ease
  ``180 − W/S − 58.5·Syl/W``.
- Spanish (Fernández Huerta ``206.84 − 1.02·W/S − 60·Syl/W``), French (Kandel & Moles
  ``207 − 1.015·W/S − 73.6·Syl/W``), Italian (Flesch-Vacca ``217 − 1.3·W/S − 60·Syl/W``) and Dutch
  (Flesch-Douma ``206.835 − 0.93·W/S − 77·Syl/W``): each is Flesch's reading ease refitted to the
  language (constants as in textstat 0.7.4), so the grade is read off Flesch's own ease-to-grade table
  (:func:`grade_from_ease`; ``grade_basis`` "ease band" in the data) — a school-grade *equivalent*.
- Any other language is not scored: its grade would not be comparable with the targets.

Per site, ``readability.site`` gives the distribution per touchpoint group (pages, median grade, pages
within target) and fails when fewer than :data:`SITE_MIN_WITHIN_TARGET` of scored pages meet their target.

Page-model fields read: ``main_text``, ``lang``, ``touchpoint``, ``url``.
"""

from __future__ import annotations

import copy
import itertools
import statistics
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

with warnings.catch_warnings():  # textstat 0.7.4 imports the deprecated pkg_resources; see pyproject.toml
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    from textstat.textstat import textstatistics


from auditor.config import AuditConfig, ReadabilityConfig
from auditor.findings import Evidence, Finding, Level, Rule, Severity, Status
from auditor.page import Page
from auditor.site import Site
from auditor.touchpoints import touchpoint_group
from checks.registry import per_page, register
from checks.text import lang_root, passive_count, sentences, words

#: pyphen dictionary per scored language.
HYPHENATION = {"en": "en_US", "de": "de_DE", "es": "es", "fr": "fr", "it": "it_IT", "nl": "nl_NL"}
FORMULAS = {"en": "flesch_kincaid", "de": "wiener_sachtextformel", "es": "fernandez_huerta", "fr": "kandel_moles",
            "it": "flesch_vacca", "nl": "flesch_douma"}
#: Reading ease refitted per language: (base, per word-per-sentence, per syllable-per-word).
EASE_CONSTANTS = {"es": (206.84, 1.02, 60.0), "fr": (207.0, 1.015, 73.6), "it": (217.0, 1.3, 60.0),
                  "nl": (206.835, 0.93, 77.0)}
#: Flesch's table (1948) of reading ease to school grade, as (ease, grade) points interpolated linearly:
#: 90–100 grade 5, 80–90 grade 6, 70–80 grade 7, 60–70 grades 8–9, 50–60 grades 10–12, 30–50 college.
EASE_TO_GRADE = ((100.0, 4.0), (90.0, 5.0), (80.0, 6.0), (70.0, 7.0), (60.0, 9.0), (50.0, 12.0), (30.0, 16.0),
                 (0.0, 18.0))
#: Share of scored pages that must meet their target for the site-level rule to pass.
SITE_MIN_WITHIN_TARGET = 0.8
#: Grades above the target at which the score reaches 0, and the tolerance before a page fails.
ZERO_SCORE_ABOVE = 6.0
PASS_TOLERANCE = 1.0
HIGH_SEVERITY_ABOVE = 4.0
#: Share of long sentences a page may have and still pass.
MAX_LONG_SHARE = 0.10
HARD_WORD_SYLLABLES = 3
SNIPPET_CHARS = 300
#: Languages written without spaces between words: word and sentence counts mean nothing there.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my"})

#: English function words that are not also common words of other European languages; a page without a
#: lang attribute is read as English when they make up enough of its words.
ENGLISH_STOPWORDS = frozenset({
    "the", "and", "of", "to", "is", "are", "you", "your", "we", "our", "for", "with", "that", "this", "it", "be",
    "can", "or", "not", "have", "has", "by", "at", "from", "if", "as", "they", "their", "do", "does", "all",
    "more", "any", "about", "which", "when", "how", "what", "there", "been", "would", "should", "may", "these",
    "those", "into", "than", "then", "out", "up", "us", "my", "me", "he", "she", "his", "her", "its", "were",
    "but", "get", "one", "just", "will", "being", "who", "why", "where",
})
MIN_ENGLISH_STOPWORD_SHARE = 0.25

GRADE = Rule(
    id="readability.grade",
    title="Text is easy to read",
    failure_title="Text is harder to read than it should be",
    description=(
        "Customers skim. Text written for a high school grade makes many of them give up or misread, "
        "and then contact you. Plain-language guidance aims at a reading age of about 9 (GOV.UK); "
        "WCAG 2.x SC 3.1.5 asks for lower-secondary level or a simpler version. The grade is measured "
        "with the Flesch-Kincaid formula on the page's main text."
    ),
    level=Level.ENJOYABILITY,
    severity=Severity.MEDIUM,
    fix="Use shorter sentences and everyday words: one idea per sentence, 'use' not 'utilise', "
        "'you' and 'we' rather than 'the customer' and 'the company'.",
)
SITE = Rule(
    id="readability.site",
    title="Most pages are easy to read",
    failure_title="Many pages are harder to read than they should be",
    description=(
        "One hard page is a problem; a site where most help, policy and product pages miss their target is "
        "a pattern. The distribution per touchpoint type shows where the writing needs work first."
    ),
    level=Level.ENJOYABILITY,
    severity=Severity.MEDIUM,
    fix="Start with the touchpoint type whose pages most often miss their target; rewrite its templates "
        "and most visited pages in plain language.",
)
LONG_SENTENCES = Rule(
    id="readability.long_sentences",
    title="Sentences are short",
    failure_title="Too many sentences are long",
    description=(
        "Long sentences are the main cause of hard-to-read text: readers lose track before the end. "
        "GOV.UK advises sentences of 25 words or fewer."
    ),
    level=Level.ENJOYABILITY,
    severity=Severity.LOW,
    fix="Split the quoted sentences: one idea per sentence, lists for steps and conditions.",
)


@dataclass(frozen=True)
class Measures:
    """Counts and scores of one text; ``grade``/``ease`` are None for an unscored language."""

    lang: str
    formula: str | None
    words: int
    sentences: tuple[str, ...]
    sentence_words: tuple[int, ...]
    syllables: int
    hard_words: int
    grade: float | None
    ease: float | None

    @property
    def longest_sentence(self) -> str:
        return max(zip(self.sentence_words, self.sentences, strict=True))[1] if self.sentences else ""


@lru_cache(maxsize=4)
def _hyphenator(dictionary: str) -> textstatistics:
    """One textstat instance per language, so no caller's ``set_lang`` changes another's counts."""
    counter = textstatistics()
    counter.set_lang(dictionary)
    return counter


@lru_cache(maxsize=65536)
def syllables(word: str, lang: str) -> int:
    """Syllables of one word by pyphen hyphenation (textstat 0.7.4); ``lang`` is a scored language."""
    return max(1, _hyphenator(HYPHENATION[lang]).syllable_count(word))


def looks_english(text: str) -> bool:
    tokens = [w.lower() for w in words(text)]
    return bool(tokens) and sum(w in ENGLISH_STOPWORDS for w in tokens) / len(tokens) >= MIN_ENGLISH_STOPWORD_SHARE


def grade_from_ease(ease: float) -> float:
    """School-grade equivalent of a reading ease by Flesch's table (:data:`EASE_TO_GRADE`)."""
    points = EASE_TO_GRADE
    if ease >= points[0][0]:
        return points[0][1]
    for (hi_ease, hi_grade), (lo_ease, lo_grade) in itertools.pairwise(points):
        if ease >= lo_ease:
            return hi_grade + (hi_ease - ease) / (hi_ease - lo_ease) * (lo_grade - hi_grade)
    return points[-1][1]


def measure(text: str, lang: str, said: tuple[str, ...] | None = None) -> Measures:
    """Counts and, for a scored language, grade and reading ease of ``text`` (cleaned here, as the
    sentences are; the sentences come from the shared cache, so a page is split once per run, or are
    ``said`` when the caller has them)."""
    found = sentences(text) if said is None else said
    split = [words(s) for s in found]
    sentence_words = tuple(map(len, split))
    all_words = [w for said in split for w in said]
    n_words, n_sentences = len(all_words), max(1, len(found))
    if lang not in HYPHENATION or not n_words:
        return Measures(lang, None, n_words, found, sentence_words, 0, 0, None, None)
    counts = [syllables(w.lower(), lang) for w in all_words]
    total = sum(counts)
    hard = sum(c >= HARD_WORD_SYLLABLES for c in counts)
    per_sentence, per_word = n_words / n_sentences, total / n_words
    if lang == "de":
        ms = 100 * hard / n_words
        iw = 100 * sum(len(w) > 6 for w in all_words) / n_words
        es = 100 * sum(c == 1 for c in counts) / n_words
        grade = 0.1935 * ms + 0.1672 * per_sentence + 0.1297 * iw - 0.0327 * es - 0.875
        ease = 180 - per_sentence - 58.5 * per_word
    elif lang in EASE_CONSTANTS:
        base, a, b = EASE_CONSTANTS[lang]
        ease = base - a * per_sentence - b * per_word
        grade = grade_from_ease(ease)
    else:
        grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
        ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    return Measures(lang, FORMULAS[lang], n_words, found, sentence_words, total, hard,
                    round(grade, 1), round(ease, 1))


def target_grade(page: Page, cfg: ReadabilityConfig) -> tuple[float, str]:
    """The target grade for ``page`` and the key it came from (touchpoint, its group, or 'default')."""
    for key in (page.touchpoint, touchpoint_group(page.touchpoint)):
        if key in cfg.target_grade:
            return cfg.target_grade[key], key
    return cfg.target_grade.get("default", 9.0), "default"


def grade_score(grade: float, target: float) -> float:
    """1 at or below the target, falling linearly to 0 at ``ZERO_SCORE_ABOVE`` grades above it."""
    return max(0.0, min(1.0, 1 - (grade - target) / ZERO_SCORE_ABOVE))


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1].rstrip() + "…"


def _language(page: Page, text: str) -> tuple[str, bool]:
    """(language root, guessed?) — a page without lang is English only if its words look English."""
    root = lang_root(page.lang)
    if root:
        return root, False
    return ("en" if looks_english(text) else ""), True


def _page_findings(page: Page, cfg: ReadabilityConfig) -> Iterator[Finding]:
    found = sentences(page.main_text)
    text = "\n".join(found)
    lang, guessed = _language(page, text)
    n_words = len(words(text))
    base = {"words": n_words, "lang": lang or None, "lang_guessed": guessed, "touchpoint": page.touchpoint}
    where = {"location": page.url, "url": page.url}
    if n_words < cfg.min_words:
        message = f"too short to score: {n_words} words; formulas need at least {cfg.min_words}"
        for rule in (GRADE, LONG_SENTENCES):
            yield rule.finding(Status.NOT_APPLICABLE, message, data=base, **where)
        return
    if lang in UNSPACED_LANGUAGES:
        message = f"not scored: words cannot be counted by spaces in language '{lang}'"
        for rule in (GRADE, LONG_SENTENCES):
            yield rule.finding(Status.NOT_APPLICABLE, message, data=base, **where)
        return
    m = measure(page.main_text, lang if lang in HYPHENATION else "", found)
    yield _long_sentences_finding(page, m, cfg, base)
    if m.grade is None or m.ease is None:
        message = (f"not scored: no readability formula for language '{lang}'" if lang else
                   "not scored: the page declares no language and its text does not look English")
        yield GRADE.finding(Status.NOT_APPLICABLE, message, data=base, **where)
        return
    target, key = target_grade(page, cfg)
    long_count = sum(n > cfg.max_sentence_words for n in m.sentence_words)
    data = {**base, "grade": m.grade, "ease": m.ease, "sentences": len(m.sentences), "long_sentences": long_count,
            "hard_words": m.hard_words, "passive_sentences": passive_count(m.sentences),
            "formula": m.formula, "target": target}
    kind = "pages" if key == "default" else f"{key} pages"
    if lang in EASE_CONSTANTS:
        data["grade_basis"] = "ease band"
    scale = {"en": "US grade", "de": "school grade (Wiener Sachtextformel)"}.get(
        lang, f"grade equivalent (from {m.formula} reading ease)")
    message = (f"Reads at {scale} {m.grade:g} (reading ease {m.ease:.0f}); target for {kind} is "
               f"grade {target:g} or below.")
    evidence = [Evidence(url=page.url, snippet=_snippet(m.longest_sentence), measured=m.grade, target=target)]
    passed = m.grade <= target + PASS_TOLERANCE
    severity = Severity.HIGH if m.grade > target + HIGH_SEVERITY_ABOVE else Severity.MEDIUM
    yield GRADE.finding(Status.PASS if passed else Status.FAIL, message, score=grade_score(m.grade, target),
                        severity=None if passed else severity, evidence=evidence, data=data, **where)


def _long_sentences_finding(page: Page, m: Measures, cfg: ReadabilityConfig, base: dict[str, object]) -> Finding:
    limit = cfg.max_sentence_words
    long = sorted(((n, s) for n, s in zip(m.sentence_words, m.sentences, strict=True) if n > limit),
                  key=lambda item: -item[0])
    total = max(1, len(m.sentences))
    share = len(long) / total
    data = {**base, "sentences": len(m.sentences), "long_sentences": len(long), "share": round(share, 3),
            "max_sentence_words": limit, "longest": long[0][0] if long else max(m.sentence_words, default=0)}
    message = f"{len(long)} of {len(m.sentences)} sentences ({share:.0%}) are longer than {limit} words"
    message += f"; the longest has {long[0][0]} words." if long else "."
    evidence = [Evidence(url=page.url, snippet=_snippet(s), measured=n, target=limit) for n, s in long[:3]]
    if share <= MAX_LONG_SHARE:
        return LONG_SENTENCES.finding(Status.PASS, message, location=page.url, url=page.url, evidence=evidence,
                                      data=data)
    return LONG_SENTENCES.finding(Status.FAIL, message, location=page.url, url=page.url, score=1 - share,
                                  evidence=evidence, data=data)


@register(
    "readability",
    title="Readability",
    description="How easy each page's main text is to read: school grade and reading ease by a "
                "language's formula, sentence length, hard words and passive sentences.",
    rules=[GRADE, LONG_SENTENCES, SITE],
)
def run(site: Site, config: AuditConfig) -> Iterable[Finding]:
    findings = [copy.copy(finding) for page in sorted(site.pages, key=lambda p: p.url)  # copies: scoring sets gains
                for finding in page_findings(site, page, config)]
    findings.append(site_finding(findings))
    return findings


def _readability_settings(config: AuditConfig) -> str:
    return repr(config.checks.readability)


@per_page("readability.page", config_key=_readability_settings)
def page_findings(site: Site, page: Page, config: AuditConfig) -> list[Finding]:
    """A page's findings: worked out ahead on every core (they depend on the readability settings, hence
    the config), so the check only gathers them and adds the site's."""
    return list(_page_findings(page, config.checks.readability))


def site_finding(findings: list[Finding]) -> Finding:
    """Distribution of scored grades per touchpoint group, from the page findings of this run."""
    scored = [f for f in findings if f.rule == GRADE.id and f.status in (Status.PASS, Status.FAIL) and f.data]
    if not scored:
        return SITE.finding(Status.NOT_APPLICABLE, "No page has enough text in a scored language to measure.",
                            location="site", data={"by_touchpoint": {}})
    groups: dict[str, list[Finding]] = {}
    for f in scored:
        groups.setdefault(touchpoint_group(str(f.data["touchpoint"])), []).append(f)
    by_touchpoint = {
        group: {"pages": len(items), "median_grade": round(statistics.median(float(f.data["grade"]) for f in items), 1),
                "within_target": sum(f.status is Status.PASS for f in items)}
        for group, items in sorted(groups.items())
    }
    within = sum(g["within_target"] for g in by_touchpoint.values())
    share = within / len(scored)
    worst = sorted(by_touchpoint.items(), key=lambda item: item[1]["within_target"] / item[1]["pages"])
    message = (f"{within} of {len(scored)} scored pages ({share:.0%}) are within their readability target; "
               + "; ".join(f"{g}: median grade {v['median_grade']:g}, {v['within_target']}/{v['pages']} within"
                           for g, v in worst[:4]) + ".")
    data = {"by_touchpoint": by_touchpoint, "scored_pages": len(scored), "within_target": within,
            "share_within_target": round(share, 3)}
    evidence = [Evidence(snippet=f"{g}: {v['pages']} pages, median grade {v['median_grade']:g}",
                         measured=v["within_target"], target=v["pages"]) for g, v in worst]
    passed = share >= SITE_MIN_WITHIN_TARGET
    return SITE.finding(Status.PASS if passed else Status.FAIL, message, location="site",
                        score=None if passed else share, evidence=evidence, data=data)
