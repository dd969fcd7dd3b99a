"""``cxaudit pdf``: prints the summary with headless Chromium, and says so in one line when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.pdf import CHROMIUM_ENV, BrowserMissing, find_chromium
from auditor.report import write_report
from tests.report_sample import sample_audit

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_report(sample_audit(), tmp_path_factory.mktemp("pdf-report"))


def test_missing_chromium_is_one_line_and_exit_7(site: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["pdf", str(site), "--out", str(tmp_path / "s.pdf"), "--chromium", str(tmp_path / "no-chromium")])
    err = capsys.readouterr().err
    assert code == 7 and err.count("\n") == 1 and "Chromium not found" in err
    assert not (tmp_path / "s.pdf").exists() and list(tmp_path.iterdir()) == []


def test_missing_chromium_named_by_the_environment(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "nowhere" / "chromium"))
    assert main(["pdf", str(site), "--out", str(tmp_path / "s.pdf")]) == 7
    assert "nowhere" in capsys.readouterr().err
    with pytest.raises(BrowserMissing):
        find_chromium()


def test_nothing_on_path_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BrowserMissing, match="not installed") as caught:
        find_chromium()
    assert "apt-get install chromium" in str(caught.value)


def test_not_a_report_or_not_a_page(tmp_path: Path, site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pdf", str(tmp_path), "--chromium", "/bin/true"]) == 2
    assert main(["pdf", str(site), "--page", "../../etc/passwd", "--chromium", "/bin/true"]) == 2
    assert "not a built report" in capsys.readouterr().err


@pytest.mark.browser
def test_prints_the_summary_to_pdf(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    out = tmp_path / "out" / "summary.pdf"
    assert main(["pdf", str(site), "--out", str(out), "--chromium", str(CHROMIUM)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 5_000
    assert str(out) in capsys.readouterr().out
    assert [p.name for p in out.parent.iterdir()] == ["summary.pdf"]  # no temp file left behind
