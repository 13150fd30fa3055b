"""typos._LineLanguage reads a line of a text without "\\r" around an offset on it (session 9):
the same verdicts as from Document.lines."""

from __future__ import annotations

import pytest

from textfix import language
from textfix.document import Document
from textfix.rules import typos

TEXTS = [
    "Der Hund läuft schnell über die Straße und bellt laut.\nThe dog runs fast.\n",
    "One line only, in English, with no break at all",
    "\n\nLe chat dort sur le canapé depuis ce matin.\n\nEl perro come en la cocina.",
    "First line.\r\nDie Katze schläft auf dem Sofa seit heute Morgen.\r\nLast line",
    "Mixed\rlines\nhere: la maison est grande et très belle.\n",
    "Trailing text without a final break: questo è un testo italiano molto lungo",
]


def test_foreign_at_an_offset_agrees_with_the_lines() -> None:
    verdicts = {
        typos._LineLanguage(Document(text)).foreign(line.index)
        for text in TEXTS
        for line in Document(text).lines
    }
    assert verdicts == {True, False}  # both kinds of line are asked about
    for text in TEXTS:
        doc = Document(text)
        for line in doc.lines:
            plain = typos._LineLanguage(Document(text)).foreign(line.index)
            for at in range(line.span.start, line.span.end + 1):
                fast = typos._LineLanguage(Document(text))
                assert fast.foreign(line.index, at) == plain, (text, line.index, at)


def test_foreign_at_an_offset_cuts_the_line_as_document_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detected: list[str] = []
    original = language.detect

    def recording(text: str, *, max_words: int = 400) -> language.LanguageGuess:
        detected.append(text)
        return original(text, max_words=max_words)

    monkeypatch.setattr(language, "detect", recording)
    for text in TEXTS:
        for line in Document(text).lines:
            for at in (line.span.start, line.span.end):
                detected.clear()
                typos._LineLanguage(Document(text)).foreign(line.index, at)
                assert detected == [line.text], (text, line.index, at)
