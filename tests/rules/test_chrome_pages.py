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


def test_blog_post_loses_its_dated_byline_and_footer_but_no_paragraph() -> None:
    page = (DATA / "en_blog_post.txt").read_text(encoding="utf-8")
    result = fix_text(page)
    assert "How we moved our build to a single machine" in result.text
    for paragraph in (p for p in page.split("\n\n") if len(p) > 150 and "cookies" not in p):
        assert paragraph.strip() in result.text
    for chrome in ("Posted on 3 May 2023", "Skip to content", "Share this post", "cookies"):
        assert chrome not in result.text
    assert result.metadata.byline is not None and "Sam Writer" in result.metadata.byline
