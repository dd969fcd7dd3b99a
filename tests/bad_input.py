"""Hostile pages every check must survive with a clean result (issue 4 "Bad input"): no text, only images,
broken markup, invalid JSON-LD, and a FAQ of 10,000 entries. Parsed once per test process: the big FAQ
takes seconds to model."""

from __future__ import annotations

from functools import cache

from auditor.page import Page
from tests.pages import make_page

FAQ_ENTRIES = 10_000


@cache
def bad_input_pages() -> tuple[Page, ...]:
    faq = "".join(f"<details><summary>Question {i}?</summary><p>Answer {i}.</p></details>"
                  for i in range(FAQ_ENTRIES))
    sources = {
        "": "",
        "empty/": "<html><body></body></html>",
        "images/": "<html><body><img src='/a.jpg'><img src='/b.jpg' alt=''></body></html>",
        "broken/": "<html><body><div><p>Deliv<b>ery in <td>3 to 5 working</p> days</table></i><a href='/x",
        "json/": "<html><head><script type='application/ld+json'>{\"@type\": \"Product\", </script></head>"
                 "<body><p>Hi</p></body></html>",
        "help/faq/": f"<html><body><h1>FAQ</h1>{faq}</body></html>",
    }
    return tuple(make_page(body, path) for path, body in sources.items())
