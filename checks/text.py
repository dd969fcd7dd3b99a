"""Plain-text helpers shared by the language checks (readability, tone, voice rules).

Readability formulas are only as good as their sentence and word counts, so the pre-cleaning from
DESIGN §4 lives here once: URLs and e-mail addresses dropped, "e.g."/"i.e." not treated as sentence
ends, every block (heading, list item, table cell line) treated as its own sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.I)
_ABBREVIATIONS = re.compile(
    r"\b(e\.g|i\.e|etc|vs|approx|incl|no|nos|mr|mrs|ms|dr|st|ltd|inc|co|jan|feb|mar|apr|jun|jul|aug|sep|sept|"
    r"oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|min|max|ref|tel|fig)\.",
    re.I,
)
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


@lru_cache(maxsize=256)
def sentences(text: str) -> tuple[str, ...]:
    """Sentences of ``text``; each line is at least one sentence (headings and list items count)."""
    found: list[str] = []
    for line in clean_text(text).splitlines():
        protected = _DECIMAL.sub(rf"\1{_PLACEHOLDER}\2", _ABBREVIATIONS.sub(lambda m: m.group(1) + _PLACEHOLDER, line))
        for part in _SENTENCE_END.split(protected):
            part = part.replace(_PLACEHOLDER, ".").strip()
            if _WORD.search(part):
                found.append(part)
    return tuple(found)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_passive(sentence: str) -> bool:
    return any(match.group(2).lower() not in _NOT_PARTICIPLE for match in _PASSIVE.finditer(sentence))


def lang_root(lang: str) -> str:
    """'en-GB' → 'en'; '' stays ''."""
    return lang.strip().lower().replace("_", "-").split("-", 1)[0]
