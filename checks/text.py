"""Plain-text helpers shared by the language checks (readability, tone, voice rules).

Readability formulas are only as good as their sentence and word counts, so the pre-cleaning from
DESIGN §4 lives here once: URLs and e-mail addresses dropped, "e.g."/"i.e." not treated as sentence
ends, every block (heading, list item, table cell line) treated as its own sentence.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.I)
_ABBREVIATIONS = re.compile(
    r"\b(e\.g|i\.e|etc|vs|approx|incl|no|nos|mr|mrs|ms|dr|st|ltd|inc|co|jan|feb|mar|apr|jun|jul|aug|sep|sept|"
    r"oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|min|max|ref|tel|fig)\.",
    re.I,
)
#: A word (or "e.g", "i.e") and the dot after it: where an abbreviation can be. One cheap scan finds these, and
#: only they are tried against the long case-insensitive list, which tried at every word costs most of a split.
_DOTTED_WORD = re.compile(r"\b(e\.g|i\.e|[^\W\d_]++)\.", re.I)
_DECIMAL = re.compile(r"(\d)\.(\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_PLACEHOLDER = "\u2024"  # one-dot leader: stands in for a dot that does not end a sentence
_TERMINAL = (".", "!", "?", "…", ":", ";")

#: be-verb followed (optionally after an adverb) by a past participle: the classic passive pattern.
_PASSIVE = re.compile(
    r"\b(am|is|are|was|were|be|been|being|get|gets|got|gotten)\s+(?:\w+ly\s+)?"
    r"(\w+ed|born|brought|built|bought|caught|chosen|done|drawn|driven|eaten|fallen|found|forgotten|given|"
    r"gone|held|hidden|kept|known|laid|left|lent|lost|made|meant|met|paid|put|read|run|said|seen|sent|set|"
    r"shown|shut|sold|spent|sung|taken|taught|thought|told|understood|won|worn|written)\b",
    re.I,
)
_NOT_PARTICIPLE = frozenset({"need", "based", "interested", "pleased", "delighted", "tired", "excited"})


def clean_text(text: str) -> str:
    """Text ready for a readability formula: one sentence-terminated block per line, no URLs."""
    blocks = []
    for line in text.splitlines():
        line = _URL.sub(" ", line).strip()
        if not line or not _WORD.search(line):
            continue
        if not line.endswith(_TERMINAL):
            line += "."
        blocks.append(line)
    return "\n".join(blocks)


class SentenceCache:
    """Sentences of recently split texts, bounded by their total size rather than their number.

    Coverage, readability, tone and the fact extractor all split every page's main text; a count-bounded
    cache smaller than the site made each of them split every page again. Bounding by characters keeps
    a big site's pages cached across checks while memory stays capped. Lookups are by the text itself:
    the checks pass the same ``page.main_text`` object, whose hash Python computes once.

    Once full, the cache keeps what it holds and admits nothing new. The checks read the pages one after
    another in the same order, and such a scan over more text than the cache holds would evict every page
    before its next reader came (no hits at all under least-recently-used eviction); this way the pages
    that fit are split once and only the rest again.
    """

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.hits = 0
        self.misses = 0
        self._chars = 0
        self._items: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def get(self, text: str) -> tuple[str, ...]:
        with self._lock:
            found = self._items.get(text)
            if found is not None:
                self.hits += 1
                return found
            self.misses += 1
        found = split_sentences(text)
        with self._lock:
            if self._chars + len(text) <= self.max_chars and text not in self._items:
                self._items[text] = found
                self._chars += len(text)
        return found

    @property
    def chars(self) -> int:
        return self._chars

    @property
    def texts(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._chars = self.hits = self.misses = 0


#: About 2,000 pages of 15,000 characters of main text.
_CACHE = SentenceCache(max_chars=32_000_000)


def sentences(text: str) -> tuple[str, ...]:
    """Sentences of ``text``; each line is at least one sentence (headings and list items count).

    Cached (see :class:`SentenceCache`), so every check can ask for a page's sentences without
    splitting the page again."""
    return _CACHE.get(text)


def sentence_cache_info() -> dict[str, int]:
    """Hits, misses and cached characters of the sentence cache (to show a page is split once)."""
    return {"hits": _CACHE.hits, "misses": _CACHE.misses, "chars": _CACHE.chars, "texts": _CACHE.texts}


def clear_sentence_cache() -> None:
    _CACHE.clear()


def split_sentences(text: str) -> tuple[str, ...]:
    """:func:`sentences` without the cache, for short one-off texts (a single sentence, a snippet)."""
    found: list[str] = []
    # Neither an abbreviation nor a decimal spans a line, so the whole text is protected at once.
    protected = _DECIMAL.sub(rf"\1{_PLACEHOLDER}\2", _DOTTED_WORD.sub(_protect_abbreviation, clean_text(text)))
    for line in protected.splitlines():
        for part in _SENTENCE_END.split(line):
            part = part.replace(_PLACEHOLDER, ".").strip()
            if _WORD.search(part):
                found.append(part)
    return tuple(found)


def _protect_abbreviation(match: re.Match[str]) -> str:
    """A dotted word with its dot made a placeholder when it is an abbreviation (exactly where
    ``_ABBREVIATIONS`` matches: the word starts at a word boundary and runs to the dot), else unchanged."""
    return match.group(1) + _PLACEHOLDER if _ABBREVIATIONS.fullmatch(match.group(0)) else match.group(0)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_passive(sentence: str) -> bool:
    return any(match.group(2).lower() not in _NOT_PARTICIPLE for match in _PASSIVE.finditer(sentence))


@lru_cache(maxsize=16)
def passive_count(said: tuple[str, ...]) -> int:
    """How many of a page's sentences are passive (:func:`is_passive`): the tone and readability checks both
    count them for the same page, one right after the other, so the few last pages' counts are kept."""
    return sum(is_passive(sentence) for sentence in said)


def lang_root(lang: str) -> str:
    """'en-GB' → 'en'; '' stays ''."""
    return lang.strip().lower().replace("_", "-").split("-", 1)[0]
