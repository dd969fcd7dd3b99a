"""Run every accuracy benchmark and print one table: ``python -m benchmarks.accuracy``.

Each module in this package that defines ``evaluate() -> list[dict]`` is one benchmark; a row is
``{"family", "cases", "target", "met"}`` plus ``precision``, ``recall`` and ``f1`` (extraction
benchmarks) or ``agreement`` (ACT test cases). Modules are found by file, so adding a benchmark is
adding a file. The exit status is 1 when a target is not met, so CI can gate on it; a row with
``gate: False`` (a held-out measurement) is reported but never fails the run.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path
from typing import Any

COLUMNS = ("family", "cases", "precision", "recall", "F1/agreement", "target", "result")


def _number(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else "–"


def collect() -> list[dict[str, Any]]:
    """Rows of every benchmark module, in module-name order; a module that crashes gives an error row."""
    rows: list[dict[str, Any]] = []
    package = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        evaluate = getattr(module, "evaluate", None)
        if not callable(evaluate):
            continue
        try:
            rows.extend(evaluate())
        except Exception as exc:  # one broken benchmark must not hide the others' numbers
            traceback.print_exc()
            rows.append({"family": info.name, "cases": 0, "target": "", "met": False, "error": str(exc)})
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    cells = [COLUMNS]
    for row in rows:
        score = row.get("f1") if row.get("f1") is not None else row.get("agreement")
        result = "error" if row.get("error") else ("met" if row.get("met") else "not met")
        if not row.get("error") and row.get("gate") is False:
            result += " (no gate)"
        if row.get("abstained"):  # items not assessed (unsupported page language): shown, never counted as hits
            result += f", {row['abstained']} abstained"
        cells.append((str(row.get("family", "")), str(row.get("cases", "")), _number(row.get("precision")),
                      _number(row.get("recall")), _number(score), str(row.get("target", "")), result))
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def exit_status(rows: list[dict[str, Any]]) -> int:
    """1 when there are no rows or a gated row (every row but ``gate: False`` ones) misses its target."""
    return 0 if rows and all(row.get("met") or row.get("gate") is False for row in rows) else 1


def main() -> int:
    rows = collect()
    print(table(rows))
    return exit_status(rows)


if __name__ == "__main__":
    sys.exit(main())
