"""Quantity lists (ingredients, specifications) outside the article body are content: no
position-based rule removes them, while a menu in the same place still goes."""

from __future__ import annotations

import pytest

from textfix import fix_text
from textfix.settings import Settings

HEADLINE = "Night buses to reach the north"
BODY = (
    "The city council voted on Tuesday to extend the night bus service to the northern "
    "districts, after months of complaints from shift workers.\n\n"
    "The new routes will start running in March, and the council expects about two thousand "
    "passengers a night once the service is fully established.\n"
)
RULES = ("chrome.link-list", "chrome.header-zone", "chrome.footer-zone", "chrome")

LISTS = [
    ("200 g Mehl", "1 TL Backpulver", "100 g Zucker", "Eine Prise Salz"),
    ("2 cups flour", "1 tsp salt", "3 eggs"),
    ("230 V", "50 Hz", "Schutzklasse II"),
]
MENUS = [
    ("Home", "Politics", "Business", "Weather"),
    ("Startseite", "Politik", "Wirtschaft", "Sport"),
]


def above(lines: tuple[str, ...]) -> str:
    return "\n".join(lines) + f"\n\n{HEADLINE}\n\n{BODY}"


def below(lines: tuple[str, ...]) -> str:
    return f"{HEADLINE}\n\n{BODY}\n" + "\n".join(lines) + "\n"


def run(rule: str, text: str) -> str:
    return fix_text(text, Settings(select=(rule,))).text


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("lines", LISTS)
def test_quantity_list_stays_above_and_below(rule: str, lines: tuple[str, ...]) -> None:
    for text in (above(lines), below(lines)):
        out = run(rule, text)
        for line in lines:
            assert line in out, (rule, line)


@pytest.mark.parametrize("lines", MENUS)
def test_menu_still_goes(lines: tuple[str, ...]) -> None:
    for text in (above(lines), below(lines)):
        out = run("chrome", text)
        for line in lines:
            assert line not in out.splitlines(), line
