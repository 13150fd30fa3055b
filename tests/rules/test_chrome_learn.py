"""Learnt chrome: lines that recur across a site's articles, saved as profiles or fed by batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix import Settings, fix_text
from textfix.model import DocumentContext
from textfix.rules.chrome.profiles import dump_profile, learn_lines, line_key

DISCLAIMER = (
    "The views expressed in this article are those of the author and do not necessarily "
    "reflect the editorial position of the publication or its owners."
)


def _article(n: int) -> str:
    return (
        f"Harbour Gazette | Local news\n\nCouncil votes on plan number {n}\n\n"
        f"The council met on Tuesday evening to debate proposal {n}, which would change how "
        f"the harbour is run for the next {n + 3} years, and members spoke for hours.\n\n"
        f"{DISCLAIMER}\n\n"
        f"Residents who attended said that the discussion of item {n} had been long and "
        f"detailed, and that they expected a final decision before the end of the month.\n\n"
        "Sign up for the morning briefing\n\nAll rights reserved, Harbour Gazette\n"
    )


def test_learn_lines_keeps_chrome_and_never_body_prose() -> None:
    lines, documents = learn_lines([_article(n) for n in range(6)], min_documents=3)
    assert documents == 6
    assert "Harbour Gazette | Local news" in lines
    assert "Sign up for the morning briefing" in lines
    assert DISCLAIMER not in lines
    assert not any("council" in line.lower() for line in lines)


def test_too_few_documents_learn_nothing() -> None:
    lines, _ = learn_lines([_article(1), _article(2)], min_documents=3)
    assert lines == []


def test_saved_profile_is_applied_to_new_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEXTFIX_CONFIG_DIR", str(tmp_path))
    lines, _ = learn_lines([_article(n) for n in range(6)])
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "harbour.toml").write_text(dump_profile("harbour", lines))
    result = fix_text(_article(42), Settings(select=("normalize", "chrome.site-profile")))
    assert "Sign up for the morning briefing" not in result.text
    assert DISCLAIMER in result.text
    assert "proposal 42" in result.text


def test_batch_context_feeds_the_learned_rule() -> None:
    text = _article(7)
    context = DocumentContext(
        source="harbour.example",
        source_documents=10,
        recurring={line_key("Sign up for the morning briefing"): 9, line_key(DISCLAIMER): 10},
    )
    result = fix_text(text, Settings(select=("chrome.learned",)), context)
    assert "Sign up for the morning briefing" not in result.text
    assert DISCLAIMER in result.text  # prose inside the body: the safeguard keeps it
    assert any("recurs in 9 of 10 documents" in e.reason for e in result.edits)
