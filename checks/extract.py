"""Text helpers shared by the fact extractors (:mod:`checks.facts`, :mod:`checks.opening_hours`).

They read the same page text the same way, so a label or a context quoted as evidence is cut alike
whichever extractor found the fact.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from auditor.page import Page

#: Characters of page text quoted either side of a fact as its context.
CONTEXT_CHARS = 40
#: Characters before a fact read for its label ("Customer service:", "Fax").
LABEL_CHARS = 60

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


def label_before(text: str, start: int, floor: int = 0) -> str:
    """Text just before a match, not reaching back past ``floor`` (the previous fact) or a separator."""
    window = text[max(floor, start - LABEL_CHARS):start]
    return re.split(r"[|•·\n]", window)[-1]


def node_types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type") or []
    return [str(k).rsplit("/", 1)[-1] for k in (kind if isinstance(kind, list) else [kind])]
