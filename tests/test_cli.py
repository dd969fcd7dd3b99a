"""The command line: help, version, init, and one-line errors with distinct exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import __version__
from auditor.cli import main
from auditor.config import load_config


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse exits for --help/--version and usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"cxaudit {__version__}"


@pytest.mark.parametrize("command", ["audit", "build", "demo", "init", "serve"])
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert f"usage: cxaudit {command}" in out


def test_init_writes_a_loadable_commented_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "audit.yml"
    code, out, _ = run(capsys, "init", str(target))
    assert code == 0 and "cxaudit audit --config" in out
    assert load_config(target).site.start_url == "https://www.example.com/"
    code, _, err = run(capsys, "init", str(target))
    assert code == 2 and "already exists" in err and "--force" in err


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["audit"], 2, "no start URL given"),
        (["audit", "ftp://example.com/"], 2, "is not an http(s) URL"),
        (["audit", "not a url"], 2, "is not an http(s) URL"),
        (["audit", "https://example.com/", "--max-pages", "0"], 2, "--max-pages must be at least 1"),
        (["build", "missing/audit.json"], 3, "not found"),
        (["serve", "nowhere"], 2, "is not a built report"),
    ],
)
def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   argv: list[str], code: int, fragment: str) -> None:
    monkeypatch.chdir(tmp_path)
    got, _, err = run(capsys, *argv)
    assert got == code
    assert fragment in err
    assert err.count("\n") == 1 and err.startswith("cxaudit: error: ")


def test_bad_config_exit_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "audit.yml"
    config.write_text("crawl:\n  concurency: 3\n")
    code, _, err = run(capsys, "audit", "https://example.com/", "--config", str(config))
    assert code == 3
    assert "line 2: 'crawl.concurency' is not a known option" in err


def test_unwritable_output_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code, _, err = run(capsys, "audit", "http://127.0.0.1:9/", "--allow-private", "--out", str(blocker / "out"))
    assert code == 5
    assert "not writable" in err and "--out" in err


def test_demo_with_a_relative_output_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's first command: `cxaudit demo` writes to a relative directory by default."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "demo", "--quiet")
    assert code == 0
    assert (tmp_path / "cxaudit-demo" / "site" / "index.html").is_file()
    assert "cxaudit-demo/site/index.html" in out
