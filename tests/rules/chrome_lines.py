"""Must-remove / must-keep checks for rules that judge one line placed inside an article."""

from __future__ import annotations

from tests.rules.test_chrome_closing import BODY, HEADLINE
from textfix import fix_text
from textfix.settings import Settings


def page(lang: str, line: str) -> str:
    """An article in ``lang`` with ``line`` standing between its first and second paragraph."""
    first, *rest = BODY[lang]
    return "\n\n".join([HEADLINE[lang], first, line, *rest]) + "\n"


def clean(rule: str, text: str) -> str:
    return fix_text(text, Settings(select=(rule,))).text


def assert_line_goes(rule: str, lang: str, line: str) -> None:
    """``rule`` removes ``line`` and keeps every paragraph of the article."""
    out = clean(rule, page(lang, line))
    assert line not in out
    for paragraph in BODY[lang]:
        assert paragraph in out


def assert_line_stays(rule: str, lang: str, line: str) -> None:
    """``rule`` leaves the article with ``line`` in it exactly as it was."""
    text = page(lang, line)
    assert clean(rule, text) == text
