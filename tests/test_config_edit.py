"""Adding a word to a config file: the rest of the file stays exactly as it was."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from textfix.config_edit import add_word, target_for
from textfix.settings import ConfigError, load_settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            '# mine\nwords = ["Kyiv"]  # names\nvariant = "en-GB"\n',
            '# mine\nwords = ["Kyiv", "deplatform"]  # names\nvariant = "en-GB"\n',
            id="one-line",
        ),
        pytest.param(
            'words = [\n    "Kyiv",  # city\n    "a]b",\n]\n',
            'words = [\n    "Kyiv",  # city\n    "a]b",\n    "deplatform",\n]\n',
            id="multi-line-trailing-comma",
        ),
        pytest.param(
            "words = [\n  'Kyiv'\n]\n",
            "words = [\n  'Kyiv',\n  \"deplatform\"\n]\n",
            id="multi-line",
        ),
        pytest.param("words = []\n", 'words = ["deplatform"]\n', id="empty"),
        pytest.param(
            'select = ["typos"]\n\n[[overrides]]\npaths = ["docs/**"]\n',
            'select = ["typos"]\nwords = ["deplatform"]\n\n[[overrides]]\npaths = ["docs/**"]\n',
            id="no-words-key",
        ),
        pytest.param(
            'words = ["Kyiv"]\r\nvariant = "en-GB"\r\n',
            'words = ["Kyiv", "deplatform"]\r\nvariant = "en-GB"\r\n',
            id="crlf",
        ),
    ],
)
def test_add_word_edits_only_the_array(tmp_path: Path, before: str, after: str) -> None:
    config = tmp_path / ".textfix.toml"
    config.write_bytes(before.encode())
    assert add_word(config, "deplatform")
    assert config.read_bytes().decode() == after
    assert "deplatform" in load_settings(tmp_path, config=config).words


def test_pyproject_table_among_others(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    text = (
        '[project]\nname = "x"\n\n[tool.textfix]\nignore = ["chrome.byline"]\n\n'
        '[tool.other]\nwords = ["not ours"]\n'
    )
    config.write_text(text)
    assert add_word(config, "Kyiv")
    data = tomllib.loads(config.read_text())
    assert data["tool"]["textfix"]["words"] == ["Kyiv"]
    assert data["tool"]["other"]["words"] == ["not ours"]
    assert config.read_text().startswith('[project]\nname = "x"\n\n[tool.textfix]\n')


def test_word_already_listed_changes_nothing(tmp_path: Path) -> None:
    config = tmp_path / ".textfix.toml"
    config.write_text('words = ["Kyiv"]\n')
    assert not add_word(config, "Kyiv")
    assert config.read_text() == 'words = ["Kyiv"]\n'


def test_new_config_at_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    nested = tmp_path / "docs" / "deep"
    nested.mkdir(parents=True)
    target = target_for(nested / "a.md")
    assert target == tmp_path / ".textfix.toml"
    assert add_word(target, 'say "hi"')
    assert load_settings(nested).words == frozenset({'say "hi"'})


def test_unusual_layout_is_refused_and_file_kept(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    text = '[tool]\ntextfix = { words = ["Kyiv"] }\n'
    config.write_text(text)
    with pytest.raises(ConfigError, match="by hand"):
        add_word(config, "deplatform")
    assert config.read_text() == text
