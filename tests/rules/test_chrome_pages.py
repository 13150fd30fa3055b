"""Whole pages written for these tests: what must survive, and what must go."""

from __future__ import annotations

from pathlib import Path

from textfix import fix_text

DATA = Path(__file__).resolve().parent.parent / "data"


def test_doubled_headline_keeps_one_copy_and_every_paragraph() -> None:
    page = (DATA / "de_news_doubled_headline.txt").read_text(encoding="utf-8")
    result = fix_text(page)
    assert result.text.count("Stadtrat beschließt neuen Hafenplan") == 1
    for paragraph in (p for p in page.split("\n\n") if len(p) > 150):
        assert paragraph.strip() in result.text
    for chrome in ("Startseite", "Artikel teilen", "Newsletter abonnieren", "Cookies", "©"):
        assert chrome not in result.text
    assert result.metadata.byline == "Anna Beispiel"
    assert not fix_text(result.text).changed
