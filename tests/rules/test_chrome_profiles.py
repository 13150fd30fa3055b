"""Site profiles: the TOML format, matching a page without its URL, and the body safeguard."""

from __future__ import annotations

import pytest

from textfix.document import Document
from textfix.rules.chrome.profiles import (
    ProfileError,
    dump_profile,
    parse_profile,
    profile_edits,
    shipped_profiles,
)

DISCLAIMER = (
    "This article is provided for information only and does not replace advice from a "
    "qualified professional in your area."
)
PROFILE = dump_profile(
    "news.example.org",
    ["Example News | Home", "Sections", "Subscribe to Example News", DISCLAIMER],
)
BODY = (
    "The city council voted on Tuesday to extend the night bus service to the northern "
    "districts, after months of complaints from shift workers."
)


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def removed(text: str) -> list[str]:
    doc = Document(text)
    profile = parse_profile(PROFILE, "test.toml")
    return [edit.before(text).strip() for edit in profile_edits(doc, [profile])]


def test_round_trip() -> None:
    profile = parse_profile(PROFILE, "test.toml")
    assert profile.site == "news.example.org"
    assert "example news | home" in profile.lines
    assert profile.min_matches == 3


def test_matching_page_loses_the_learnt_lines() -> None:
    text = page("Example News | Home", "Sections", "Headline", BODY, "Subscribe to Example News")
    assert removed(text) == ["Example News | Home", "Sections", "Subscribe to Example News"]


def test_too_few_matches_is_another_site() -> None:
    assert removed(page("Example News | Home", "Headline", BODY)) == []


def test_learnt_prose_inside_the_body_stays() -> None:
    text = page(
        "Example News | Home",
        "Sections",
        "Headline",
        BODY,
        DISCLAIMER,
        BODY,
        "Subscribe to Example News",
    )
    assert DISCLAIMER not in removed(text)


@pytest.mark.parametrize(
    "bad",
    [
        'site = ""\nlines = []',
        'site = "x"\nlines = "a"',
        'site = "x"\nlines = []\nmin_matches = 0',
        "site =",
    ],
)
def test_errors_name_the_file(bad: str) -> None:
    with pytest.raises(ProfileError, match=r"bad\.toml"):
        parse_profile(bad, "bad.toml")


def test_shipped_profiles_load() -> None:
    assert isinstance(shipped_profiles(), tuple)
