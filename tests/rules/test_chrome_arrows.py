"""Link arrows (chrome.link-arrow): short lines opened or closed by a link arrow go; a list
item bulleted with "→", a quotation in guillemets and prose stay."""

from __future__ import annotations

import pytest

from tests.rules.test_chrome_closing import BODY, HEADLINE
from textfix import fix_text
from textfix.settings import Settings

MUST_REMOVE = [
    ("en", "← Older post"),
    ("en", "Next page »"),
    ("en", "<< Back"),
    ("de", "Startseite > Stadt > Verkehr >"),
    ("de", "Jetzt zum kostenlosen Newsletter anmelden »"),
    ("de", "« Neue Radwege für die Innenstadt"),
]
MUST_KEEP = [
    ("en", "→ Night routes start in March"),
    ("de", "Die Einschränkung sei «verschmerzbar»"),
    ("de", "Der Bürgermeister nannte den Plan „überfällig »"),
    ("en", "Buses run every 20 minutes > trams"),
]


def page(lang: str, line: str) -> str:
    first, *rest = BODY[lang]
    return "\n\n".join([HEADLINE[lang], first, line, *rest]) + "\n"


def run(text: str) -> str:
    return fix_text(text, Settings(select=("chrome.link-arrow",))).text


@pytest.mark.parametrize(("lang", "line"), MUST_REMOVE)
def test_arrow_link_goes(lang: str, line: str) -> None:
    out = run(page(lang, line))
    assert line not in out
    for paragraph in BODY[lang]:
        assert paragraph in out


@pytest.mark.parametrize(("lang", "line"), MUST_KEEP)
def test_bullet_quotation_and_comparison_stay(lang: str, line: str) -> None:
    text = page(lang, line)
    assert run(text) == text
