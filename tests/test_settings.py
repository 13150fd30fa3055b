"""Settings values, config discovery and config errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix.settings import ConfigError, Settings, find_config, load_settings, read_config_file


def test_defaults() -> None:
    settings = Settings()
    assert settings.min_confidence == pytest.approx(0.8)
    assert settings.rule_enabled("typos.nonword")


def test_pyproject_table_found_from_subfolder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.textfix]\nignore = ["chrome.byline"]\nwords = ["Kyiv"]\nmin-confidence = 0.9\n'
    )
    nested = tmp_path / "docs" / "deep"
    nested.mkdir(parents=True)
    found = find_config(nested / "a.txt")
    assert found == tmp_path / "pyproject.toml"
    settings = load_settings(nested / "a.txt")
    assert settings.ignore == ("chrome.byline",)
    assert settings.words == frozenset({"Kyiv"})
    assert settings.min_confidence == pytest.approx(0.9)
    assert settings.sources["ignore"] == str(tmp_path / "pyproject.toml")


def test_search_stops_at_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".textfix.toml").write_text("variant = 'en-GB'\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config(repo / "file.txt") is None


def test_command_line_beats_file(tmp_path: Path) -> None:
    config = tmp_path / ".textfix.toml"
    config.write_text("variant = 'en-GB'\nreplace = { teh = 'the' }\n")
    settings = load_settings(tmp_path, overrides={"variant": "en-US"})
    assert settings.variant == "en-US"
    assert settings.sources["variant"] == "command line"
    assert settings.replace == (("teh", "the"),)
    assert load_settings(tmp_path, isolated=True).variant == "any"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour = 'red'\n", "unknown key 'colour'"),
        ("min-confidence = 'high'\n", "min-confidence"),
        ("variant = 'en-AU'\n", "variant"),
        ("words = 'single'\n", "words"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_config_errors_name_file_and_key(tmp_path: Path, content: str, message: str) -> None:
    config = tmp_path / ".textfix.toml"
    config.write_text(content)
    with pytest.raises(ConfigError) as error:
        load_settings(tmp_path, config=config)
    assert message in str(error.value)
    assert str(config) in str(error.value)


def test_invalid_toml_reports_line_and_column(tmp_path: Path) -> None:
    config = tmp_path / "textfix.toml"
    config.write_text("select = ['a']\nwords = [1,\n")
    with pytest.raises(ConfigError, match=r"line \d+, column \d+"):
        read_config_file(config)


def test_ignore_regex_is_checked_when_loaded(tmp_path: Path) -> None:
    config = tmp_path / ".textfix.toml"
    config.write_text("ignore-regex = ['TICKET-\\\\d+', '[unclosed']\n")
    with pytest.raises(ConfigError) as error:
        load_settings(tmp_path, config=config)
    assert str(config) in str(error.value) and "key 'ignore-regex'" in str(error.value)
    with pytest.raises(ConfigError, match="ignore-regex"):
        Settings(ignore_regex=("(",))


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("docs/**", "docs/a.md", True),
        ("docs/**", "docs/deep/a.md", True),
        ("docs/**", "other/docs/a.md", False),
        ("docs", "other/docs/a.md", True),
        ("*.raw.md", "x/y/a.raw.md", True),
        ("*.raw.md", "x/a.md", False),
        ("docs/*.md", "docs/deep/a.md", False),
        ("docs/", "docs/deep/a.md", True),
    ],
)
def test_override_globs(tmp_path: Path, pattern: str, path: str, matches: bool) -> None:
    config = tmp_path / ".textfix.toml"
    config.write_text(f'[[overrides]]\npaths = ["{pattern}"]\nvariant = "en-GB"\n')
    settings = load_settings(tmp_path, config=config)
    resolved = settings.for_path(tmp_path / path)
    assert (resolved.variant == "en-GB") is matches
    if matches:
        assert "overrides for" in resolved.sources["variant"]
