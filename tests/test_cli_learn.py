"""`textfix learn`: a site's recurring lines saved as a profile that later runs apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.test_chrome_learn import DISCLAIMER, _article
from textfix.cli import main


def test_learn_saves_a_profile_that_diff_then_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEXTFIX_CONFIG_DIR", str(tmp_path / "config"))
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(5):
        (pages / f"p{n}.txt").write_text(_article(n), encoding="utf-8")
    assert main(["learn", str(pages), "--site", "harbour.example"]) == 0
    profile = tmp_path / "config" / "sites" / "harbour.example.toml"
    saved = profile.read_text(encoding="utf-8")
    assert 'site = "harbour.example"' in saved
    assert "Sign up for the morning briefing" in saved
    assert DISCLAIMER not in saved
    assert "learnt 3 chrome lines from 5 pages" in capsys.readouterr().err

    new_page = tmp_path / "new.txt"
    new_page.write_text(_article(99), encoding="utf-8")
    assert main(["fix", str(new_page), "--select", "chrome.site-profile"]) == 0
    cleaned = new_page.read_text(encoding="utf-8")
    assert "Sign up for the morning briefing" not in cleaned
    assert DISCLAIMER in cleaned and "proposal 99" in cleaned


def test_learn_without_pages_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["learn", str(empty), "--site", "x", "--output", str(tmp_path / "x.toml")]) == 2
    assert "no pages to learn from" in capsys.readouterr().err
    assert not (tmp_path / "x.toml").exists()


def test_broken_user_profile_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEXTFIX_CONFIG_DIR", str(tmp_path))
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "bad.toml").write_text("site = [\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(_article(1), encoding="utf-8")
    assert main(["check", str(page)]) == 2  # a config error, not an internal one
    assert "bad.toml" in capsys.readouterr().err
