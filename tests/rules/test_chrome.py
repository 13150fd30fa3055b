"""Chrome rules: for each rule a table of lines it must remove and lines it must keep.

Every case is an article around the line under test, so the position-based rules see a real
body: a headline, prose paragraphs, and the line above (``header``) or below (``footer``) it.
Each rule runs alone (``--select chrome.<rule>``), which also checks that no rule depends on
another having run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix import fix_text
from textfix.settings import Settings

SHARED_EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"
SEED = "000_5d31827953726566"

PARAGRAPHS = {
    "en": (
        "The city council voted on Tuesday to extend the night bus service to the "
        "northern districts, after months of complaints from shift workers.",
        "The new routes will start running in March, and the council expects about two "
        "thousand passengers a night once the service is fully established.",
        "Critics said the money would have been better spent on repairing the roads, "
        "which have not been resurfaced for more than a decade.",
    ),
    "de": (
        "Der Stadtrat hat am Dienstag beschlossen, den Nachtbus bis in die nördlichen "
        "Stadtteile zu verlängern, nachdem sich Schichtarbeiter monatelang beschwert hatten.",
        "Die neuen Linien sollen im März starten, und die Stadt rechnet mit etwa zweitausend "
        "Fahrgästen pro Nacht, sobald sich das Angebot eingespielt hat.",
        "Kritiker sagten, das Geld wäre besser in die Sanierung der Straßen geflossen, die "
        "seit mehr als zehn Jahren nicht erneuert wurden.",
    ),
}
HEADLINE = {
    "en": "Night buses to reach the northern districts",
    "de": "Nachtbus fährt bald bis in den Norden",
}


def article(
    lang: str = "en",
    header: tuple[str, ...] = (),
    footer: tuple[str, ...] = (),
    middle: tuple[str, ...] = (),
    lead: tuple[str, ...] = (),
) -> str:
    """Header lines, headline, lead lines, paragraphs (``middle`` after the first), footer."""
    first, *rest = PARAGRAPHS[lang]
    blocks = [*header, HEADLINE[lang], *lead, first, *middle, *rest, *footer]
    return "\n\n".join(blocks) + "\n"


def run(rule: str, text: str) -> str:
    return fix_text(text, Settings(select=(rule,))).text


def removed(rule: str, text: str, line: str) -> bool:
    before = text.splitlines()
    after = run(rule, text).splitlines()
    assert line in before
    return before.count(line) > after.count(line)


# (rule, language, where, line): ``where`` is header (above the headline), lead (between the
# headline and the first paragraph), middle (between paragraphs) or footer.
MUST_REMOVE = [
    ("chrome.boilerplate", "en", "footer", "Share this article"),
    ("chrome.boilerplate", "en", "footer", "Leave a Reply"),
    ("chrome.boilerplate", "en", "footer", "Related articles"),
    ("chrome.boilerplate", "en", "footer", "About the author"),
    ("chrome.boilerplate", "de", "footer", "Empfehlungen aus der Redaktion"),
    ("chrome.boilerplate", "en", "lead", "4 min read"),
    ("chrome.boilerplate", "en", "footer", "Newer Post"),
    ("chrome.boilerplate", "en", "middle", "Read more: Council approves the budget for next year"),
    (
        "chrome.boilerplate",
        "en",
        "footer",
        "We use cookies to give you the best experience on our website.",
    ),
    ("chrome.boilerplate", "de", "footer", "Das könnte Sie auch interessieren"),
    ("chrome.boilerplate", "de", "middle", "Lesen Sie auch: Stadt plant neue Radwege"),
    ("chrome.boilerplate", "de", "footer", "Schreibe einen Kommentar Antworten abbrechen"),
    ("chrome.boilerplate", "de", "footer", "Newsletter abonnieren"),
    ("chrome.boilerplate", "de", "footer", "12 Kommentare"),
    ("chrome.boilerplate", "de", "footer", "Folgen Sie uns auf Facebook"),
    ("chrome.boilerplate", "en", "footer", "Pozostałe wiadomości"),
    ("chrome.boilerplate", "en", "footer", "Lea también: Impiden ingreso a reportero"),
    ("chrome.boilerplate", "en", "footer", "À lire aussi » Les nouveaux horaires"),
    ("chrome.boilerplate", "en", "footer", "Leia também: Novas linhas de ônibus"),
    ("chrome.boilerplate", "en", "footer", "Leggi anche: Il nuovo orario"),
    ("chrome.boilerplate", "en", "footer", "Читайте также: Новые маршруты"),
    ("chrome.source", "en", "footer", "Source: Reuters"),
    ("chrome.source", "de", "footer", "Quelle: dpa"),
    ("chrome.source", "en", "footer", "Źródło: Daily Courier, PAP"),
    ("chrome.source", "en", "middle", "Photo: John Smith/Getty Images"),
    ("chrome.source", "de", "footer", "© Stadtwerke Musterstadt"),
    ("chrome.source", "en", "lead", "Daily Courier, AFP"),
    ("chrome.source", "de", "middle", "Der Bürgermeister im Rathaus. Foto: Agentur/Max Muster"),
    ("chrome.source", "en", "middle", "The new night bus, photo: City Transport Office"),
    ("chrome.source", "en", "middle", "Buses at the depot © Jane Doe / Reuters"),
    ("chrome.source", "en", "footer", "Jane Doe / Shutterstock"),
    ("chrome.source", "de", "lead", "dpa/Max Muster"),
    ("chrome.source", "en", "middle", "The minister at the summit (Reuters/Jane Doe)"),
    ("chrome.source", "en", "middle", "Stock image"),
    ("chrome.source", "en", "middle", "The old harbour at dawn /public domain"),
    ("chrome.source", "en", "middle", "The depot at night / (C) Jane Doe"),
    ("chrome.boilerplate", "en", "footer", "Permalink https://news.example.org/p/4711"),
    ("chrome.boilerplate", "de", "footer", "Teilen www.example.org/x1"),
    ("chrome.source", "en", "middle", "The depot at night, file picture / Photo: Archive"),
    ("chrome.dateline", "en", "lead", "Publikacja: 12.03.2021"),
    (
        "chrome.boilerplate",
        "en",
        "middle",
        "Zachęcamy do subskrypcji naszego tygodnika i kanału wideo.",
    ),
    ("chrome.byline", "en", "lead", "By Jane Doe"),
    ("chrome.byline", "de", "header", "Von Max Mustermann"),
    ("chrome.byline", "de", "header", "Autor: Max Mustermann"),
    ("chrome.byline", "de", "middle", "von Max Mustermann am 14. Mai 2014, 15:40 Uhr"),
    ("chrome.byline", "en", "lead", "By Jane Doe on May 3, 2014"),
    ("chrome.dateline", "en", "header", "21 April 2022"),
    ("chrome.dateline", "de", "lead", "Montag, 3. Mai 2021, 14:30 Uhr"),
    ("chrome.dateline", "en", "header", "Updated 12.03.2021"),
    ("chrome.widget", "en", "lead", "wideo 2/4"),
    ("chrome.widget", "de", "middle", "Bildergalerie (12)"),
    ("chrome.widget", "en", "middle", "Photo 3 of 12"),
    ("chrome.glued-tag", "en", "header", "POLITICSMayor defends the night bus plan"),
    (
        "chrome.foreign-language",
        "en",
        "lead",
        "Nocne autobusy dojadą do północnych dzielnic miasta",
    ),
    ("chrome.header-zone", "en", "header", "Subscribe"),
    ("chrome.footer-zone", "en", "footer", "Imprint"),
    # More wordings of teaser and support headings.
    ("chrome.boilerplate", "de", "footer", "Verwandte Themen"),
    ("chrome.boilerplate", "de", "footer", "Das Thema könnte dich auch interessieren:"),
    ("chrome.boilerplate", "de", "footer", "Unterstütze das Projekt:"),
    ("chrome.boilerplate", "de", "footer", "Inhalt teilen"),
    ("chrome.boilerplate", "en", "footer", "Trending on Daily Courier"),
    ("chrome.boilerplate", "en", "footer", "Support our journalism"),
    ("chrome.boilerplate", "en", "footer", "Apoya nuestro periodismo"),
    ("chrome.boilerplate", "en", "footer", "Sujets similaires"),
    ("chrome.boilerplate", "de", "footer", "Sharen mit:"),
    ("chrome.boilerplate", "de", "footer", "Getaggt mit: Stadtrat, Nachtbus"),
    ("chrome.boilerplate", "de", "header", "Sie sind hier: Startseite > Stadt"),
    ("chrome.boilerplate", "en", "header", "You are here: Home > City"),
    # Generic widget wording: night-mode toggles, comment prompts, tag clouds, sign-in forms.
    ("chrome.boilerplate", "de", "footer", "Nachtmodus"),
    ("chrome.boilerplate", "de", "footer", "Entdecke weitere Rezepte"),
    ("chrome.boilerplate", "de", "footer", "Beliebte Tags"),
    ("chrome.boilerplate", "en", "header", "Forgot your password? Get help"),
    # Dutch, a language without a phrase file until now.
    ("chrome.boilerplate", "en", "footer", "Gerelateerde artikelen"),
    ("chrome.boilerplate", "en", "footer", "Plaats een reactie"),
    ("chrome.boilerplate", "en", "footer", "Schrijf je in voor onze nieuwsbrief"),
    ("chrome.source", "en", "footer", "Bron: ANP"),
    # Hungarian, likewise.
    ("chrome.boilerplate", "en", "footer", "Kapcsolódó cikkek"),
    ("chrome.boilerplate", "en", "footer", "Ezek is érdekelhetnek"),
]

MUST_KEEP = [
    # Sentences that use the words of the added teaser and support headings.
    (
        "chrome.boilerplate",
        "de",
        "middle",
        "Viele Anwohner wollen das Projekt unterstützen, sagte die Sprecherin der Stadt am Abend.",
    ),
    (
        "chrome.boilerplate",
        "en",
        "middle",
        "Two unions said they would support our work on the night routes from next spring.",
    ),
    (
        "chrome.boilerplate",
        "en",
        "middle",
        "Critics of the plan want more cycle lanes and fewer cars.",
    ),
    ("chrome.boilerplate", "en", "middle", "Events"),
    (
        "chrome.boilerplate",
        "de",
        "middle",
        "Zurück zur Sache: Der Stadtrat will den Plan im Herbst noch einmal prüfen lassen.",
    ),
    (
        "chrome.boilerplate",
        "de",
        "middle",
        "Die Kommentare der Anwohner waren überwiegend positiv, sagte der Sprecher.",
    ),
    (
        "chrome.boilerplate",
        "en",
        "middle",
        "The mayor shared the plan with reporters on Monday, and said more routes would follow.",
    ),
    (
        "chrome.source",
        "en",
        "middle",
        "The source of the money is a regional fund for public transport, the mayor said.",
    ),
    ("chrome.source", "en", "middle", "Photographers were not allowed into the meeting."),
    ("chrome.source", "en", "middle", "The photo: a bus in the snow"),
    (
        "chrome.source",
        "en",
        "middle",
        "The mayor showed the plan. Source: the council will publish the full report next week.",
    ),
    ("chrome.source", "en", "middle", "Buses and trams / Night service"),
    ("chrome.source", "en", "middle", "Reporters from Reuters and AP were at the meeting (twice)"),
    ("chrome.byline", "de", "middle", "Von Berlin nach Hamburg"),
    ("chrome.byline", "de", "middle", "Von Berlin am 3. Mai 2014 nach Hamburg"),
    (
        "chrome.byline",
        "en",
        "middle",
        "By the end of the year, the buses will run every twenty minutes.",
    ),
    ("chrome.dateline", "en", "middle", "May"),
    (
        "chrome.dateline",
        "en",
        "middle",
        "The service starts on 21 April 2022 and runs every night.",
    ),
    (
        "chrome.widget",
        "en",
        "middle",
        "Video games were banned on the buses in 2019, the council said.",
    ),
    ("chrome.glued-tag", "en", "middle", "NATO allies met in Brussels."),
    (
        "chrome.foreign-language",
        "en",
        "middle",
        "The mayor answered in Polish: tak, to prawda, autobusy będą jeździć całą noc.",
    ),
    ("chrome.repeated", "en", "middle", "Council votes"),
    ("chrome.source", "en", "middle", "Night buses run on weekdays / weekends alike"),
    ("chrome.source", "en", "middle", "Fares for day / night tickets: unchanged"),
    ("chrome.dateline", "en", "middle", "Publikacja raportu w marcu 2021"),
    ("chrome.source", "en", "middle", "Choose (a) buses, (b) trams or (c) trains"),
    ("chrome.boilerplate", "en", "middle", "Timetables https://bus.example.org/night"),
    ("chrome.header-zone", "en", "middle", "What the council decided"),
    ("chrome.footer-zone", "en", "middle", "What happens next"),
    ("chrome.link-list", "de", "middle", "200 g Mehl\n1 TL Backpulver\n100 g Zucker"),
    # Dutch "door" (by) is no byline label: an English line opening with it stays.
    ("chrome.byline", "en", "middle", "Door to door"),
    ("chrome.boilerplate", "en", "middle", "The bus reached the new depot door at midnight."),
    # Widget wording inside a sentence of the article (a question opening dialogue, a call
    # that is ordinary prose): not chrome phrases, or only suggested there.
    (
        "chrome.boilerplate",
        "de",
        "middle",
        "Was denkst du, fragte die Fahrerin, als der letzte Bus an der Haltestelle vorbeifuhr?",
    ),
    (
        "chrome.boilerplate",
        "en",
        "middle",
        "Readers who forgot your password reset link can ask the library for a new one today.",
    ),
]


def _case(lang: str, where: str, line: str) -> str:
    lines = tuple(line.split("\n")) if "\n" in line else (line,)
    if where == "header":
        return article(lang, header=lines)
    if where == "footer":
        return article(lang, footer=lines)
    if where == "lead":
        return article(lang, lead=lines)
    return article(lang, middle=("\n".join(lines),))


@pytest.mark.parametrize(("rule", "lang", "where", "line"), MUST_REMOVE)
def test_fix(rule: str, lang: str, where: str, line: str) -> None:
    text = _case(lang, where, line)
    assert removed(rule, text, line.split("\n")[0]), f"{rule} kept {line!r}"


@pytest.mark.parametrize(("rule", "lang", "where", "line"), MUST_KEEP)
def test_noop(rule: str, lang: str, where: str, line: str) -> None:
    text = _case(lang, where, line)
    assert run(rule, text) == text, f"{rule} changed {line!r}"


def test_every_body_paragraph_and_the_headline_survive_all_rules() -> None:
    header = ("Home\nNews\nSport\nWeather", "Daily Courier | News", "By Jane Doe")
    footer = ("Share this article", "Related articles", "Imprint\nPrivacy policy\nContact")
    text = article("en", header=header, footer=footer)
    out = fix_text(text, Settings(select=("chrome",))).text
    assert out == "\n\n".join([HEADLINE["en"], *PARAGRAPHS["en"]]) + "\n"


def test_repeated_banner_is_removed_everywhere() -> None:
    text = article("en", header=("Daily Courier | News",), footer=("Daily Courier | News",))
    assert "Daily Courier" not in run("chrome.repeated", text)


def test_page_title_repeating_the_headline_goes() -> None:
    text = article("en", header=(f"{HEADLINE['en']} | Daily Courier",))
    assert run("chrome.headline-duplicate", text).startswith(HEADLINE["en"] + "\n")


def test_tagged_copy_of_a_line_goes() -> None:
    line = "Nocne autobusy dojadą do północnych dzielnic"
    text = article("en", header=(f"{line}\n{line} Kraj",))
    assert f"{line} Kraj" not in run("chrome.headline-duplicate", text)


def test_reasons_name_the_rule_and_the_signal() -> None:
    text = article("en", footer=("Share this article",))
    result = fix_text(text, Settings(select=("chrome.boilerplate",)))
    reasons = [edit.reason for edit in result.edits if edit.rule == "chrome.boilerplate"]
    assert reasons == ["chrome.boilerplate: share phrase 'share this article' (whole line)"]


def test_unsure_lines_are_suggestions_not_edits() -> None:
    text = article("en", middle=("Events",))
    result = fix_text(text, Settings(select=("chrome",)))
    assert result.text == text
    assert any(s.rule == "chrome.boilerplate" for s in result.suggestions)


def test_metadata_keeps_what_was_removed() -> None:
    text = article("en", header=("By Jane Doe", "21 April 2022"), footer=("Source: Reuters",))
    metadata = fix_text(text, Settings(select=("chrome",))).metadata
    assert metadata.title == HEADLINE["en"]
    assert metadata.byline == "Jane Doe"
    assert metadata.date == "21 April 2022"
    assert metadata.source == "Reuters"
    assert metadata.language == "en"


def test_text_without_prose_is_left_alone_by_zone_rules() -> None:
    text = "Shopping list\n\nmilk\neggs\nbread\n"
    assert run("chrome.header-zone", text) == text
    assert run("chrome.footer-zone", text) == text


def _seed() -> tuple[str, str]:
    source = SHARED_EXAMPLES / f"{SEED}.txt"
    expected = SHARED_EXAMPLES / f"{SEED}.expected.txt"
    if not source.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    return source.read_text(encoding="utf-8"), expected.read_text(encoding="utf-8")


def _same_but_typos(line: str, expected: str) -> bool:
    """Equal, or the same words but for a few that the typo phase corrects."""
    if line == expected:
        return True
    ours, theirs = line.split(), expected.split()
    return len(ours) == len(theirs) and sum(a != b for a, b in zip(ours, theirs, strict=True)) <= 2


def test_seed_article_normalise_and_chrome() -> None:
    source, expected = _seed()
    settings = Settings(select=("normalize", "chrome"))
    result = fix_text(source, settings)
    ours, theirs = result.text.splitlines(), expected.splitlines()
    assert len(ours) == len(theirs)
    for line, want in zip(ours, theirs, strict=True):
        assert _same_but_typos(line, want), (line, want)
    assert result.text.endswith("\n")
    assert fix_text(result.text, settings).text == result.text


def test_seed_metadata() -> None:
    source, expected = _seed()
    metadata = fix_text(source, Settings(select=("normalize", "chrome"))).metadata
    assert metadata.title is not None
    assert _same_but_typos(metadata.title, expected.splitlines()[0])
    credit = next(line for line in source.splitlines() if line.startswith("Źródło:"))
    assert metadata.source == credit.split(":", 1)[1].strip()
    assert metadata.language == "en"
