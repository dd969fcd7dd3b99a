"""Fuzz the page parser with random and mutated HTML; not part of CI (it runs as long as you ask).

    python -m benchmarks.fuzz_parser --runs 5000 [--seed 1]

Seeds are the fixture and demo pages in the repository plus a few hostile constructs; each run either
generates random bytes/markup or mutates a seed (byte flips, spliced fragments, truncation, repeats,
deep nesting, charset lies) and calls ``auditor.page.parse_page``, which must never raise. Prints the
number of distinct cases (seeds and strategies), runs and crashes; crashing inputs are written to
``--crash-dir`` for a regression test.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from pathlib import Path

from auditor.crawl.record import FetchRecord
from auditor.page import parse_page

ROOT = Path(__file__).parent.parent
FRAGMENTS = [b"<script>", b"</script>", b"<style>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?xml version='1.0'?>",
             b"<a href='javascript:alert(1)'>", b"<base href='//evil.example/'>", b"<table><tr><td>", b"</td>",
             b"<details><summary>Q?</summary>", b"<dl><dt>Q?</dt><dd>A</dd></dl>", b"<h2>How do I?</h2>",
             b'<script type="application/ld+json">{"@type":"FAQPage","mainEntity":[{"@type":"Question"',
             b"<div itemscope itemtype='https://schema.org/Organization'><span itemprop='telephone'>",
             b"<meta charset='utf-16'>", b"<meta charset='x-bogus'>", b"&#0;", b"&#x110000;", b"&bogus;", b"\x00",
             b"\xff\xfe", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"<svg><foreignObject><p>", b"<template><main>",
             b"<form><input id=a><label for=a>", b"<iframe src=x>", b"<img src=x alt>", b"</html>", b"<body>"]
CHARSETS = [None, "utf-8", "latin-1", "utf-16", "shift_jis", "x-unknown", "utf-7"]
STRATEGIES = ["random_bytes", "random_markup", "flip", "splice", "truncate", "repeat", "nest", "charset"]


def seeds() -> list[bytes]:
    found = [p.read_bytes() for pattern in ("tests/sites/**/*.html", "auditor/demo/site/**/*.html")
             for p in sorted(ROOT.glob(pattern))]
    return found or [b"<html><body><p>seed</p></body></html>"]


def mutate(rng: random.Random, seed: bytes, strategy: str) -> tuple[bytes, str | None]:
    data = bytearray(seed)
    charset = rng.choice(CHARSETS) if strategy == "charset" else None
    if strategy == "random_bytes":
        return rng.randbytes(rng.randint(0, 20_000)), rng.choice(CHARSETS)
    if strategy == "random_markup":
        pieces = (rng.choice(FRAGMENTS) + rng.randbytes(rng.randint(0, 8)) for _ in range(rng.randint(1, 400)))
        return b"".join(pieces), None
    if strategy == "flip" and data:
        for _ in range(rng.randint(1, 50)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif strategy == "splice":
        for _ in range(rng.randint(1, 30)):
            at = rng.randint(0, len(data))
            data[at:at] = rng.choice(FRAGMENTS)
    elif strategy == "truncate" and data:
        del data[rng.randint(0, len(data)):]
    elif strategy == "repeat" and data:
        start = rng.randrange(len(data))
        piece = data[start:start + rng.randint(1, 200)]
        data[start:start] = piece * rng.randint(2, 500)
    elif strategy == "nest":
        tag = rng.choice([b"div", b"span", b"a", b"table", b"li", b"b"])
        depth = rng.choice([100, 300, 5000, 50_000])
        at = rng.randint(0, len(data))
        data[at:at] = b"<" + tag + b">" * 1 + (b"<" + tag + b">") * depth
    return bytes(data), charset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz auditor.page.parse_page with random and mutated HTML.")
    parser.add_argument("--runs", type=int, default=1000, help="number of parser runs (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed, for a reproducible run")
    parser.add_argument("--crash-dir", type=Path, default=Path("fuzz-crashes"), help="where crashing inputs go")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    corpus = seeds()
    crashes = 0
    started = time.monotonic()
    slowest = (0.0, "")
    for run in range(args.runs):
        strategy = STRATEGIES[run % len(STRATEGIES)]
        body, charset = mutate(rng, rng.choice(corpus), strategy)
        record = FetchRecord("https://example.com/fuzz", "https://example.com/fuzz", 200,
                             content_type="text/html", charset=charset, body=body)
        began = time.monotonic()
        try:
            parse_page(record)
        except Exception:
            crashes += 1
            args.crash_dir.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha256(body).hexdigest()[:16]
            (args.crash_dir / f"{name}.html").write_bytes(body)
            print(f"crash in run {run} ({strategy}, charset {charset}): saved {name}.html", file=sys.stderr)
            traceback.print_exc(limit=3)
        took = time.monotonic() - began
        if took > slowest[0]:
            slowest = (took, strategy)
    cases = len(corpus) * len(STRATEGIES)
    print(f"cases: {cases} ({len(corpus)} seed pages x {len(STRATEGIES)} strategies), runs: {args.runs}, "
          f"crashes: {crashes}, time: {time.monotonic() - started:.1f} s, slowest run: {slowest[0]:.2f} s "
          f"({slowest[1]})")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
