"""The sparse scans give exactly what a plain scan gives: unit cases, and every page text the project has
(accuracy corpora, test sites, the demo site) scanned both ways with the patterns as compiled now."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from checks import scan
from checks.extract import visible_text
from checks.opening_hours import DAY_ABBREVIATIONS, _hours_finder, _hours_pattern
from tests.pages import make_page

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "tests" / "accuracy", ROOT / "tests" / "sites", ROOT / "auditor" / "demo" / "site"]


@cache
def corpus_texts() -> tuple[tuple[str, str], ...]:
    """(text, page lang) for the main text and the visible text of every HTML page in the corpora."""
    texts = []
    for root in CORPORA:
        for path in sorted(root.rglob("*.htm*")):
            page = make_page(path.read_bytes().decode("utf-8", "replace"), f"{path.relative_to(ROOT)}/")
            texts += [(page.main_text, page.lang), (visible_text(page), page.lang)]
    return tuple(texts)


def spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def test_starts_are_read_from_the_pattern() -> None:
    found = scan.starts(re.compile(r"(?<![a-z])(?:monday|tue(?:sday)?)|\b\d{1,2}(?:am|pm)|noon", re.I))
    assert found is not None
    assert set(found.literals) == {"mon", "tue", "noo"}
    assert found.digits


@pytest.mark.parametrize("pattern", [r"[a-z]+day", r"x?", r".foo", r"(?:a|\w)b"])
def test_starts_unknown_when_a_match_may_start_anywhere(pattern: str) -> None:
    assert scan.starts(re.compile(pattern)) is None


@pytest.mark.parametrize(("source", "flags"), [
    (r"(?P<day>mon(?:day)?)\s*(?P<open>\d{1,2})(?::(\d\d))?|noon", re.I),
    (r"(?x) \b tue (?:sday)? \b  # verbose, flags inline", 0),
    (r"[a-z]+day", 0),
])
def test_compile_with_starts_is_re_compile_plus_the_starts(source: str, flags: int) -> None:
    """One parse gives both: the pattern behaves as ``re.compile``'s and its starts are what starts() reads."""
    compiled, plain = scan.compile_with_starts(source, flags), re.compile(source, flags)
    assert (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex) == (
        plain.pattern, plain.flags, plain.groups, plain.groupindex)
    for text in ["Monday 9:30 and noon", "TUESDAY", "mon 12", "holiday", ""]:
        assert [m.groupdict() or m.groups() for m in compiled.finditer(text)] == [
            m.groupdict() or m.groups() for m in plain.finditer(text)]
        assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert scan.starts(compiled) == scan.starts(plain)


TEXTS = [
    "Open Monday to Friday 9am-5pm.",
    "Lisbon Monday 9-5",  # the hours pattern may start inside a word ("on" of "Lisbon")
    "PRODUCTMONDAY 10:00 - 18:00, Saturday closed",
    "ſunday closed",  # long s matches "s" case-insensitively: lower-casing does not show it
    "İstanbul office: Monday–Friday 08:00–17:00",  # "İ" lower-cases to two characters
    "no hours here at all",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_search_finds_the_same_leftmost_match(text: str) -> None:
    pattern = re.compile(r"(?<![a-z])(?:sunday|monday)\s+(?:closed|\d)|on\s+monday", re.I)
    expected, got = pattern.search(text), scan.search(pattern, text)
    assert (expected and (expected.span(), expected.group(0))) == (got and (got.span(), got.group(0)))


@pytest.mark.parametrize("text", TEXTS)
def test_hours_finder_equals_finditer_on_samples(text: str) -> None:
    assert spans(_hours_finder("en").finditer(text)) == spans(_hours_pattern("en").finditer(text))


def test_sparse_finder_falls_back_to_finditer_when_starts_cannot_be_read() -> None:
    finder = scan.SparseFinder(re.compile(r"[A-Z]\d"), re.compile(r"\d"), 5)
    assert not finder.fast
    assert [m.group(0) for m in finder.finditer("a1 B2 C3")] == ["B2", "C3"]


def test_sparse_finder_respects_finditer_order_and_overlaps() -> None:
    """Matches resume after the previous one, as finditer's do, even when keys overlap a match."""
    finder = scan.SparseFinder(re.compile(r"ab\d+|b\d"), re.compile(r"\d"), 10)
    text = "ab12 b3 xb4ab5"
    assert [m.span() for m in finder.finditer(text)] == [m.span() for m in finder.pattern.finditer(text)]


def test_hours_finder_uses_the_fast_path() -> None:
    """If a change to the hours pattern made its starts unreadable, the scan would silently be slow again."""
    assert all(_hours_finder(lang).fast for lang in DAY_ABBREVIATIONS)


@pytest.mark.parametrize("lang", sorted(DAY_ABBREVIATIONS))
def test_hours_finder_equals_finditer_on_every_corpus_text(lang: str) -> None:
    """Every vocabulary the pattern has (a page in another language reads like English) over every text."""
    finder, pattern = _hours_finder(lang), _hours_pattern(lang)
    texts = corpus_texts()
    assert len(texts) > 400
    for text, _ in texts:
        assert spans(finder.finditer(text)) == spans(pattern.finditer(text)), text[:200]


@pytest.mark.parametrize(("token", "local"), [
    ("utilise", True), (r"the (?:customer|user)s?\b", True), ("^we", False), ("our$", False),
    ("(?<!not )sorry", False), ("customer(?= service)", False),
])
def test_sentence_local_patterns(token: str, local: bool) -> None:
    """A voice-rule pattern (word-guarded, as the tone check compiles them) is sentence-local unless it
    anchors or looks around."""
    assert scan.sentence_local(re.compile(rf"(?<!\w)(?:{token})(?!\w)", re.I)) is local

