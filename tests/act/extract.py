"""Regenerate the ACT test-case fixtures in this directory from a checkout of act-rules/act-rules.github.io.

Usage: python tests/act/extract.py PATH_TO_RULES_DIR (the repository's ``_rules`` folder). Each
"#### Passed|Failed|Inapplicable Example N" code block of the implemented rules is written verbatim to
``<rule-id>/<outcome>-N.<ext>`` (ext from the fence language: html, svg, xml, xhtml).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RULES = ("23a2a8", "59796f", "2779a5", "b5c3f8", "bf051a", "c487ae", "97a4e1", "e086e5", "ffd0e9", "cae760",
         "b4f0c3", "3ea0c8", "5b7ae0", "bc659a", "674b10")
_EXAMPLE = re.compile(r"^#### (Passed|Failed|Inapplicable) Example (\d+)\s*\n(.*?)(?=^#### |^### |^## |\Z)",
                      re.M | re.S)
_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.M | re.S)


def main(rules_dir: Path, out_dir: Path) -> None:
    for rule in RULES:
        source = next(rules_dir.glob(f"*-{rule}.md"))
        target = out_dir / rule
        target.mkdir(parents=True, exist_ok=True)
        for match in _EXAMPLE.finditer(source.read_text(encoding="utf-8")):
            outcome, number, body = match.group(1).lower(), match.group(2), match.group(3)
            (language, code), = _FENCE.findall(body)  # every example has exactly one code block
            (target / f"{outcome}-{number}.{language or 'html'}").write_text(code, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).parent)
