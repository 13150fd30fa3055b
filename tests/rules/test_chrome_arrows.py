"""Link arrows (chrome.link-arrow): short lines opened or closed by a link arrow go; a list
item bulleted with "→", a quotation in guillemets and prose stay."""

from __future__ import annotations

import pytest

from tests.rules.chrome_lines import assert_line_goes, assert_line_stays

MUST_REMOVE = [
    ("en", "← Older post"),
    ("en", "Next page »"),
    ("en", "<< Back"),
    ("de", "Startseite > Stadt > Verkehr >"),
    ("de", "Jetzt zum kostenlosen Newsletter anmelden »"),
    ("de", "« Neue Radwege für die Innenstadt"),
    ("de", ">> Neue Radwege für die Innenstadt <<"),
]
MUST_KEEP = [
    ("en", "→ Night routes start in March"),
    ("de", "Die Einschränkung sei «verschmerzbar»"),
    ("de", "Der Bürgermeister nannte den Plan „überfällig »"),
    ("en", "Buses run every 20 minutes > trams"),
    # A quoted e-mail and a list bulleted with "›".
    ("de", ">> Die Linien fahren ab März, schrieb der Verkehrsverbund"),
    ("de", "› Nachtlinien ab März"),
]


RULE = "chrome.link-arrow"


@pytest.mark.parametrize(("lang", "line"), MUST_REMOVE)
def test_arrow_link_goes(lang: str, line: str) -> None:
    assert_line_goes(RULE, lang, line)


@pytest.mark.parametrize(("lang", "line"), MUST_KEEP)
def test_bullet_quotation_and_comparison_stay(lang: str, line: str) -> None:
    assert_line_stays(RULE, lang, line)
