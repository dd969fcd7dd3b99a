"""``finditer`` for big patterns that rarely match, without trying them at every character.

The opening-hours pattern is a long case-insensitive alternation (day, month and holiday words in five
languages); Python's regex engine tries all of it at every position of a page, which made it the
slowest part of the checks. Yet every hours match holds a *key* (a time range, a "closed" or "except"
word, "24/7"), keys are rare, and a match can only begin where one of the pattern's leading words or a
digit begins. :class:`SparseFinder` therefore looks for the literal words a key or a match can start
with (plain substring search on the lower-cased text), confirms keys with the key pattern, and runs
the pattern with ``match`` (on the whole text, so look-behinds and look-aheads see real context) only
at possible starts shortly before a key, in left-to-right order, resuming after each match as
``finditer`` does. The result is exactly ``pattern.finditer(text)`` for any match that starts at most
``reach`` characters before a key inside it; tests check this over every page text the project has.
When a pattern's possible starts cannot be read from it, or the text holds characters whose
case-insensitive matching lower-casing does not mirror, the finder falls back to ``finditer``.

:func:`search` is the same idea for one leftmost match (the tone check rules out most of its voice
patterns for a page with one search each): exact for every pattern, with no reach involved.
:func:`sentence_local` says when one search of a page's joined sentences stands for a search of each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_DIGIT_START = "\0"  # a start that is any digit, not a literal
_DIGIT = re.compile(r"\d")
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
#: Leading literal text read per start: three characters keep the list short and still rare in prose.
_PREFIX_CHARS = 3


def _is_digit_set(items: list[tuple[Any, Any]]) -> bool:
    return all((op is sre.CATEGORY and av is sre.CATEGORY_DIGIT) or (op is sre.RANGE and 48 <= av[0] <= av[1] <= 57)
               or (op is sre.LITERAL and 48 <= av <= 57) for op, av in items)


def _starts(items: list[tuple[Any, Any]], budget: int) -> set[str]:
    """Lower-cased texts one of which every match of ``items`` starts with ("" when unknown: any
    position may start one). Zero-width assertions are skipped: they only narrow where a match is."""
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    if i == len(items) or budget == 0:
        return {""}
    op, av = items[i]
    rest = items[i + 1:]
    if op is sre.LITERAL:
        char = chr(av).lower()
        if len(char) != 1:
            return {""}
        return {char + s.replace(_DIGIT_START, "") for s in _starts(rest, budget - 1)}
    if op is sre.SUBPATTERN:
        return _starts(list(av[3]) + rest, budget)
    if op is sre.BRANCH:
        return set().union(*(_starts(list(alt) + rest, budget) for alt in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        least, _, sub = av
        first = _starts(list(sub), budget)  # what follows one repetition is not read: the start is enough
        return first | _starts(rest, budget) if least == 0 else first
    if op is sre.IN and _is_digit_set(av):
        return {_DIGIT_START}
    return {""}


@dataclass(frozen=True)
class Starts:
    """The lower-cased literal texts (none a prefix of another) and whether digits, one of which every
    match of a pattern starts with."""

    literals: tuple[str, ...]
    digits: bool

    @property
    def alphabet(self) -> str:
        return "".join(sorted({c for literal in self.literals for c in literal if not c.isdigit()}))

    def positions(self, lowered: str, text: str, lo: int, hi: int) -> list[int]:
        """Sorted positions in [lo, hi) where a start begins."""
        found: set[int] = set()
        for literal in self.literals:
            at = lowered.find(literal, lo, hi + len(literal) - 1)
            while at >= 0:
                found.add(at)
                at = lowered.find(literal, at + 1, hi + len(literal) - 1)
        if self.digits:
            found.update(m.start() for m in _DIGIT.finditer(text, lo, hi))
        return sorted(found)


#: Starts read while compiling a pattern with :func:`compile_with_starts`, so :func:`starts` need not parse it again.
_READ_STARTS: dict[re.Pattern[str], Starts | None] = {}


def compile_with_starts(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)`` that parses ``source`` once for both the compiled pattern and its
    :func:`starts`: parsing a big pattern (the hours pattern) is most of its compile time, paid by every
    worker process. Falls back to ``re.compile`` where the parsed tree cannot be compiled directly."""
    try:
        tree = sre_parse.parse(source, flags)
        found = _read_starts(tree)
        code = sre_compile._code(tree, flags)
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, index in tree.state.groupdict.items():
            indexgroup[index] = name
        pattern: re.Pattern[str] = sre_compile._sre.compile(source, flags | tree.state.flags, code,
                                                            tree.state.groups - 1, tree.state.groupdict,
                                                            tuple(indexgroup))
    except (AttributeError, TypeError, RecursionError):
        return re.compile(source, flags)
    _READ_STARTS[pattern] = found
    return pattern


def _read_starts(tree: Any) -> Starts | None:
    try:
        found = _starts(list(tree.data), _PREFIX_CHARS)
    except (RecursionError, TypeError, AttributeError, re.error):
        return None
    if "" in found:
        return None
    shortest: list[str] = []
    for literal in sorted(found - {_DIGIT_START}, key=len):
        if not any(literal.startswith(s) for s in shortest):
            shortest.append(literal)
    return Starts(tuple(shortest), _DIGIT_START in found)


@lru_cache(maxsize=1024)
def starts(pattern: re.Pattern[str]) -> Starts | None:
    """Where ``pattern``'s matches can start, read from the pattern itself; None when a match may start
    with anything (a character class, a wildcard, an empty match)."""
    if pattern in _READ_STARTS:
        return _READ_STARTS[pattern]
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except (RecursionError, re.error):
        return None
    return _read_starts(tree)


@lru_cache(maxsize=4096)
def _folds_apart(char: str, alphabet: str) -> bool:
    """Whether ``char`` case-insensitively matches a letter of ``alphabet`` other than its own lower
    case ("ſ" matches "s", "ı" matches "i"), or lower-cases to more than one character ("İ")."""
    lower = char.lower()
    return len(lower) != 1 or any(a != lower and re.fullmatch(re.escape(a), char, re.I) for a in alphabet)


@lru_cache(maxsize=8)
def _lower(text: str) -> tuple[str, frozenset[str]]:
    """The text lower-cased and its non-ASCII characters, for the few texts last scanned (a page's text is
    scanned for many patterns in a row)."""
    return text.lower(), frozenset() if text.isascii() else frozenset(c for c in set(text) if not c.isascii())


def lowered(text: str, alphabet: str) -> str | None:
    """The text lower-cased position for position, or None where that would not mirror case-insensitive
    matching of ``alphabet``'s letters."""
    low, odd = _lower(text)
    if any(_folds_apart(c, alphabet) for c in odd):
        return None
    return low


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, trying the pattern only where one of its :func:`starts` occurs: the
    same leftmost match, as the pattern is matched on the whole text at every possible start in order."""
    where = starts(pattern)
    low = lowered(text, where.alphabet) if where else None
    if where is None or low is None:
        return pattern.search(text)
    for start in where.positions(low, text, 0, len(text)):
        match = pattern.match(text, start)
        if match:
            return match
    return None


class SparseFinder:
    """``pattern.finditer`` for a pattern each of whose matches holds a match of ``key`` that starts at
    most ``reach`` characters after the match does."""

    def __init__(self, pattern: re.Pattern[str], key: re.Pattern[str], reach: int) -> None:
        self.pattern, self.key, self.reach = pattern, key, reach
        self._starts, self._key_starts = starts(pattern), starts(key)
        self._alphabet = "".join(sorted({c for s in (self._starts, self._key_starts) if s for c in s.alphabet}))

    @property
    def fast(self) -> bool:
        """Whether the pattern's and the key's starts could be read (else this is plain ``finditer``)."""
        return self._starts is not None and self._key_starts is not None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        low = lowered(text, self._alphabet) if self.fast else None
        if low is None or self._starts is None or self._key_starts is None:
            yield from self.pattern.finditer(text)
            return
        keys = [p for p in self._key_starts.positions(low, text, 0, len(text)) if self.key.match(text, p)]
        end = 0
        for lo, hi in _windows(keys, self.reach):
            for start in self._starts.positions(low, text, max(lo, end), hi):
                if start < end:
                    continue
                match = self.pattern.match(text, start)
                if match:
                    end = match.end()
                    yield match


def _windows(keys: Sequence[int], reach: int) -> list[tuple[int, int]]:
    """Merged [key - reach, key + 1) spans, in order: where a match holding one of the keys may start."""
    windows: list[tuple[int, int]] = []
    for key in keys:
        lo = max(0, key - reach)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], key + 1)
        else:
            windows.append((lo, key + 1))
    return windows


@lru_cache(maxsize=1024)
def sentence_local(pattern: re.Pattern[str]) -> bool:
    r"""Whether a match of this pattern in a sentence is also a match in the sentences joined by newlines,
    so one :func:`search` of a page's joined sentences rules the pattern out for all of them (the tone check's
    voice rules: most wording never occurs, and trying every pattern on every sentence was most of that
    check's time). For patterns of the form ``(?<!\w)(?:…)(?!\w)``; True when the only
    look-arounds are the two ``(?<!\w)``/``(?!\w)`` guards (a newline is no word character, as the start and
    end of a sentence are not) and no anchor other than ``\b``/``\B`` is used."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:
        return False
    data = list(tree.data)
    guards = (sre.ASSERT_NOT, (-1, _WORD_GUARD)), (sre.ASSERT_NOT, (1, _WORD_GUARD))
    if len(data) < 3 or (_shape(data[0]), _shape(data[-1])) != guards:
        return False
    return _no_context(data[1:-1])


_WORD_GUARD = "IN CATEGORY_WORD"


def _shape(item: tuple[Any, Any]) -> tuple[Any, Any]:
    r"""A look-around reduced to (op, (direction, what it tests)), to recognise the ``\w`` guards."""
    op, av = item
    if op not in (sre.ASSERT, sre.ASSERT_NOT):
        return op, None
    direction, sub = av
    inner = list(sub.data)
    if len(inner) == 1 and inner[0][0] is sre.IN and inner[0][1] == [(sre.CATEGORY, sre.CATEGORY_WORD)]:
        return op, (direction, _WORD_GUARD)
    return op, (direction, None)


def _no_context(items: Iterable[tuple[Any, Any]]) -> bool:
    """No look-around and no anchor but word boundaries anywhere in ``items``."""
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            return False
        if op is sre.AT and av not in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY):
            return False
        if op is sre.BRANCH and not all(_no_context(alt) for alt in av[1]):
            return False
        if op is sre.SUBPATTERN and not _no_context(av[3]):
            return False
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and not _no_context(av[2]):
            return False
        if op is sre.ATOMIC_GROUP and not _no_context(av):
            return False
        if op in (sre.GROUPREF_EXISTS, sre.GROUPREF):
            return False
    return True
