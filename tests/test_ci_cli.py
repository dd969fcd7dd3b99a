"""``cxaudit audit --ci`` end to end on the shop fixture: the documented CI command, exit codes, outputs,
byte-for-byte stable results, baselines and bad input."""

from __future__ import annotations

import json
import re
import shlex
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from auditor.cli import main

DOCS = Path(__file__).parent.parent / "docs" / "ci"
TIMES = re.compile(r'"(started_at|finished_at|duration_seconds)": [^,\n]*')


def documented_command(name: str) -> list[str]:
    """The cxaudit command line the CI example runs (the line after the '# cxaudit-ci-command' marker)."""
    lines = (DOCS / name).read_text(encoding="utf-8").splitlines()
    line = lines[lines.index(next(x for x in lines if x.strip() == "# cxaudit-ci-command")) + 1]
    command = shlex.split(line.split("run:", 1)[-1].strip().removeprefix("- "))
    assert command[:2] == ["cxaudit", "audit"]
    return command[1:]


def write_config(tmp_path: Path, url: str, ci: dict | None = None) -> Path:
    config = yaml.safe_load((DOCS / "audit.yml").read_text(encoding="utf-8"))
    config["site"]["start_url"] = url
    config["crawl"] = {"allow_private_addresses": True, "timeout": 5, "retries": 0}
    config["report"] = {"build_site": False}
    if ci is not None:
        config["ci"] = ci
    path = tmp_path / "audit.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.mark.parametrize("example", ["github-actions.yml", "gitlab-ci.yml"])
def test_documented_ci_command_runs_on_a_fixture_site(
        serve_site: Callable[[str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], example: str) -> None:
    write_config(tmp_path, serve_site("shop"))
    (tmp_path / "cxaudit-suppressions.yml").write_text(
        (DOCS / "cxaudit-suppressions.yml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "step-summary.md"))
    code = main(documented_command(example))
    audit = json.loads((tmp_path / "report" / "audit.json").read_text(encoding="utf-8"))
    assert code == (0 if audit["ci"]["passed"] else 1)
    assert audit["ci"]["passed"], capsys.readouterr().out
    assert any(g["name"] == "min overall score" for g in audit["ci"]["gates"])
    ET.parse(tmp_path / "report" / "junit.xml")
    summary = (tmp_path / "report" / "summary.md").read_text(encoding="utf-8")
    assert summary == (tmp_path / "step-summary.md").read_text(encoding="utf-8")
    assert "no baseline: regression gate skipped" in summary
    assert len(list((tmp_path / "cxaudit-history").glob("audit-*.json"))) == 1
    assert main(documented_command(example)) == 0  # second run: compared with the first, from the cache
    audit = json.loads((tmp_path / "report" / "audit.json").read_text(encoding="utf-8"))
    assert len(audit["history"]["runs"]) == 1 and audit["history"]["changes"]["new_failures"] == []


def test_failing_gate_exits_1(serve_site: Callable[[str], str], tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, serve_site("shop"), {"thresholds": {"min_overall": 99.5}})
    assert main(["audit", "--config", str(config), "--ci", "--out", str(tmp_path / "out"), "-q"]) == 1
    assert "Gate fail     min overall score" in capsys.readouterr().out
    assert main(["audit", "--config", str(config), "--out", str(tmp_path / "out"), "-q"]) == 0, \
        "without --ci nothing is enforced"


def test_ci_outputs_are_byte_for_byte_stable(serve_site: Callable[[str], str], tmp_path: Path) -> None:
    config = write_config(tmp_path, serve_site("shop"))
    for name in ("a", "b"):
        assert main(["audit", "--config", str(config), "--ci", "--out", str(tmp_path / name), "-q"]) == 0
    for output in ("audit.json", "junit.xml", "summary.md"):
        first, second = ((tmp_path / name / output).read_bytes() for name in ("a", "b"))
        if output == "audit.json":
            first, second = (TIMES.sub("", data.decode()).encode() for data in (first, second))
        assert first == second, f"{output} differs between two audits of the same site"


def test_regression_against_a_baseline(serve_site: Callable[[str], str], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, serve_site("shop"))
    out = tmp_path / "out"
    assert main(["audit", "--config", str(config), "--ci", "--out", str(out), "-q"]) == 0
    baseline = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    baseline["scores"]["overall"] = min(100, baseline["scores"]["overall"] + 10)
    failing = next(f for f in baseline["findings"] if f["status"] == "fail")
    failing["status"] = "pass"  # so it is "new" now
    (tmp_path / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    code = main(["audit", "--config", str(config), "--ci", "--baseline", str(tmp_path / "baseline.json"),
                 "--out", str(out), "-q"])
    assert code == 1
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "❌ score drop" in summary and "❌ new failing findings" in summary
    assert f"`{failing['id']}`" in summary


@pytest.mark.parametrize("content", [None, "{broken", json.dumps({"schema_version": "0.1"})])
def test_unusable_baseline_is_stated_not_silently_passed(
        serve_site: Callable[[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        content: str | None) -> None:
    config = write_config(tmp_path, serve_site("shop"))
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["audit", "--config", str(config), "--ci", "--baseline", str(baseline), "--out", str(out), "-q"]) == 0
    captured = capsys.readouterr()
    assert "no baseline: regression gate skipped" in captured.err
    assert "Gate skipped  regression" in captured.out
    assert "no baseline: regression gate skipped" in (out / "summary.md").read_text(encoding="utf-8")


def test_bad_suppressions_file_stops_before_crawling(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "s.yml"
    bad.write_text("suppressions:\n  - rule: tone.*\n    reason: x\n    expires: someday\n", encoding="utf-8")
    code = main(["audit", "http://127.0.0.1:9/", "--ci", "--suppressions", str(bad), "--out", str(tmp_path / "o")])
    assert code == 3
    assert f"{bad} line 4" in capsys.readouterr().err
    assert not (tmp_path / "o" / "audit.json").exists()


@pytest.mark.parametrize(("args", "fragment"), [
    (["--format", "json,pdf"], "unknown format pdf"),
    (["--changed-urls", "LIST"], "line 2"),
])
def test_bad_ci_options_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         args: list[str], fragment: str) -> None:
    (tmp_path / "LIST").write_text("https://www.example.com/\nnot a url\n", encoding="utf-8")
    args = [str(tmp_path / a) if a == "LIST" else a for a in args]
    assert main(["audit", "http://127.0.0.1:9/", *args, "--out", str(tmp_path / "o")]) == 2
    assert fragment in capsys.readouterr().err
