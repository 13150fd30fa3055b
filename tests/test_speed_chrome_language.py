"""The fast paths of the chrome phase and the language detector give the answers of the plain
code they replace, kept here as oracles: memoised scoring and mapped masks, byte-table tokens,
word starts and letter counts against the regexes, gated line tests against the ungated ones,
join_wrapped against the pairwise walk, user profiles with and without their folder."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import language
from textfix.document import Line
from textfix.language import LanguageGuess
from textfix.model import Span
from textfix.rules.chrome import (
    analysis,
    boilerplate,
    common,
    credits,
    metalines,
    phrases,
    profiles,
    widgets,
)
from textfix.rules.chrome.analysis import LineInfo

_MODEL_WORDS = [
    "the", "and", "die", "und", "der", "le", "la", "et", "de", "el", "y", "il", "è", "w", "i",
    "na", "och", "og", "ja", "és", "ve", "и", "не", "що", "jest", "sie", "ist", "est", "es",
    "in", "a", "to", "of", "van", "het", "een", "que", "um", "uma", "ne", "se", "za", "på",
]  # fmt: skip
_OTHER_WORDS = [
    "xqzv",
    "Mañana",
    "Straße",
    "naïve",
    "l'été",
    "don't",
    "ΣΟΦΊΑ",
    "東京",
    "2024",
    "e-mail",
]
_SEPARATORS = [" ", " ", " ", ", ", ". ", " | ", " / ", " – ", ": ", "\u00a0", " (", ") ", "’"]


def _texts() -> st.SearchStrategy[str]:
    word = st.sampled_from(_MODEL_WORDS + _OTHER_WORDS) | st.text(max_size=8)
    pieces = st.lists(st.tuples(word, st.sampled_from(_SEPARATORS)), max_size=30)
    return pieces.map(lambda parts: "".join(w + s for w, s in parts).strip())


def _plain_detect(text: str, max_words: int) -> LanguageGuess:
    """``language._detect`` as it was: the sparse rows added one by one."""
    tokens = language._tokens(text, max_words)
    if not tokens:
        return LanguageGuess(None, 0.0, 0)
    codes, floors = language._header()
    scores = [floor * len(tokens) for floor in floors]
    evidence = 0
    for token in tokens:
        rows = language._rows(token)
        if not rows:
            continue
        evidence += 1
        for position, boost in rows:
            scores[position] += boost
    if evidence == 0:
        return LanguageGuess(None, 0.0, len(tokens))
    ranked = sorted(zip(scores, codes, strict=True), reverse=True)
    best_score, best = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else best_score - 10.0
    margin = best_score - runner_up
    confidence = 1.0 - math.exp(-margin / 2.0)
    return LanguageGuess(best, round(confidence, 4), len(tokens))


def _plain_known_share(text: str, code: str) -> float:
    tokens = language._tokens(text)
    if not tokens or code not in language.languages():
        return 0.0
    position = language.languages().index(code)
    listed = sum(1 for token in tokens if any(p == position for p, _ in language._rows(token)))
    return listed / len(tokens)


@settings(max_examples=400, deadline=None)
@given(_texts(), st.sampled_from([3, 60, 400]))
def test_memoised_scores_are_the_plain_scores(text: str, max_words: int) -> None:
    assert language._detect(text, max_words) == _plain_detect(text, max_words)


@settings(max_examples=300, deadline=None)
@given(_texts(), st.sampled_from(["en", "de", "fr", "pl", "ru", "xx"]))
def test_mapped_known_share_is_the_loop(text: str, code: str) -> None:
    assert language.known_share.__wrapped__(text, code) == _plain_known_share(text, code)


def _plain_tokens(text: str, limit: int | None) -> list[str]:
    words = language._WORD_RE.findall(text)
    lowered = " ".join(words).lower().split(" ") if words else []
    return lowered if limit is None else lowered[:limit]


_LONG_WORDS = ["Straße", "naïve", "l'été", "don't", "été", "ÀÉÎ", "x2y", "ΣΟΦΊΑΣ", "’s", "a", "bb"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_LONG_WORDS) | st.text(max_size=5), st.sampled_from(_SEPARATORS)),
        max_size=120,
    ),
    st.sampled_from([None, 1, 3, 8, 60]),
)
def test_tokens_of_long_texts_are_the_regex_words(
    parts: list[tuple[str, str]], limit: int | None
) -> None:
    text = "".join(w + s for w, s in parts)
    assert language._tokens(text, limit) == _plain_tokens(text, limit)


def test_scores_survive_the_memo_being_cleared() -> None:
    text = "Die Regierung hat am Montag die neuen Regeln für den Verkehr vorgestellt"
    expected = _plain_detect(text, 400)
    language._memo.clear()
    language._masks.clear()
    assert language._detect(text, 400) == expected
    assert language.known_share.__wrapped__(text, "de") == _plain_known_share(text, "de")


# --- gated chrome tests ----------------------------------------------------------------------

_NO_SPACE_RE = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@settings(max_examples=500, deadline=None)
@given(
    st.text(max_size=40) | st.text(alphabet="a’–“東\u0e01\u3041\uac01\uf901\u0e80 ", max_size=40)
)
def test_no_space_script_as_the_regex(head: str) -> None:
    assert analysis._no_space_script(head) == (_NO_SPACE_RE.search(head) is not None)


def _plain_trailing_credit(text: str) -> str | None:
    match = credits._TRAILING_CREDIT_RE.search(text)
    if match is not None and credits._short_value(match.group(2)):
        label = match.group(1)
        if any(
            m.kind in ("credit", "source") and m.mode == "whole" for m in phrases.matches(label)
        ):
            return "caption ending in a credit"
    match = credits._SLASH_TAIL_RE.search(text)
    if match is not None:
        tail = match.group(1)
        if any(
            m.kind == "credit" and m.mode == "whole" and not m.ambiguous
            for m in phrases.matches(tail)
        ):
            return "caption ending in a credit"
    match = credits._COPYRIGHT_TAIL_RE.search(text)
    if match is not None and credits._short_value(match.group(1)):
        return "caption ending in a copyright credit"
    if (
        ("/" in text or "," in text or " - " in text)
        and len(text.split()) <= credits._MAX_CREDIT_VALUE_WORDS
        and not text.rstrip().endswith((".", "!", "?"))
    ):
        parts = [phrases.normalise(p) for p in credits._CREDIT_SPLIT_RE.split(text)]
        if len(parts) >= 2 and any(p in credits.agencies() for p in parts):
            return "credit naming a picture agency"
    return None


def _plain_byline_shape(text: str) -> str | None:
    """``credits._byline_shape`` before the first words were tested as a set."""
    for match in phrases.matches(text):
        if match.kind != "byline":
            continue
        if match.mode == "label":
            return "label"
        if match.mode == "prefix" or match.mode == "whole":
            rest = text.split()[len(match.phrase.split()) :]
            rest = re.split(r"\s[|•·–-]\s|,", " ".join(rest))[0].split()
            if rest and credits._names(rest):
                return "named"
    words = text.split()
    for at in range(min(len(words) - 1, credits._MAX_DATE_BEFORE_BYLINE + 1)):
        if "byline" not in phrases.book().lookup([phrases.normalise(words[at])]):
            continue
        if at and not credits._is_dated(" ".join(words[:at])):
            continue
        rest = re.split(r"\s[|•·–-]\s|,", " ".join(words[at + 1 :]))[0].split()
        if rest and (credits._names(rest) or credits._names_then_date(rest)):
            return "named"
    return None


def _chrome_words() -> list[str]:
    words = sorted({w for key in phrases.book().kinds for w in key.split()})
    return [*words[::11], "By", "von", "Von:", "Posted", "by", "Foto:", "©", "(c)", "dpa"]


def _line_texts() -> st.SearchStrategy[str]:
    word = (
        st.sampled_from(_chrome_words())
        | st.sampled_from(["Jane", "Doe", "Max", "Muster", "12.", "März", "2024", "May", "3,"])
        | st.sampled_from(["http://example.org/x", "www.example.org", "Reuters", "AFP", "Getty"])
        | st.text(max_size=6)
    )
    separator = st.sampled_from([" ", " ", " ", " | ", " / ", " · ", " • ", " – ", " — ", ": "])
    pieces = st.lists(st.tuples(word, separator), min_size=1, max_size=14)
    return pieces.map(lambda parts: "".join(w + s for w, s in parts).strip() or "x")


@settings(max_examples=600, deadline=None)
@given(_line_texts())
def test_gated_credit_and_byline_shapes_answer_as_before(text: str) -> None:
    assert credits._trailing_credit(text) == _plain_trailing_credit(text)
    assert credits._byline_shape.__wrapped__(text) == _plain_byline_shape(text)


def _info(text: str) -> LineInfo:
    line = Line(0, text, Span(0, len(text)), Span(0, len(text)))
    return analysis.describe(line)


def _plain_line_matches(text: str) -> tuple[phrases.Match, ...]:
    found = phrases.matches(text)
    tail = boilerplate._URL_TAIL_RE.search(text)
    if tail is None or tail.start() == 0:
        return found
    return found + tuple(
        phrases.Match(m.kind, m.phrase, "label", m.ambiguous)
        for m in phrases.matches(text[: tail.start()])
        if m.mode == "whole"
    )


def _plain_is_meta_line(info: LineInfo) -> bool:
    """``metalines.is_meta_line`` with the separator marks tested by a generator, as it was."""
    if info.is_prose or info.words > metalines._MAX_WORDS:
        return False
    text = info.text
    if not any(mark in text for mark in "|·•—–/"):
        return info.is_short and info.words >= 2 and metalines._toolbar_words(text)
    if "|" not in text and metalines._SEPARATOR_RE.search(text) is None:
        return False
    parts = [p for p in metalines._SEPARATOR_RE.split(text) if p.strip(metalines._PART_STRIP)]
    if len(parts) < 2:
        return False
    return 2 * sum(metalines._chrome_part(p) for p in parts) >= len(parts)


@settings(max_examples=600, deadline=None)
@given(_line_texts())
def test_gated_meta_line_and_link_label_answer_as_before(text: str) -> None:
    assert boilerplate._line_matches(text) == _plain_line_matches(text)
    info = _info(text)
    assert metalines.is_meta_line(info) == _plain_is_meta_line(info)


_LATIN_AND_MORE = "aZß’'-_1²ªµ ,.ÀÿÞ×łЖ東\t" + language.SEPARATOR_MARKS


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=60) | st.text(alphabet=_LATIN_AND_MORE, max_size=60))
def test_word_starts_and_words_as_the_regexes(text: str) -> None:
    starts = analysis._WORD_START_RE.findall(text)
    assert analysis._word_starts(text) == (len(starts), sum(map(str.isupper, starts)))
    assert phrases._words(text) == phrases._WORD_RE.findall(text.casefold())
    assert phrases.normalise.__wrapped__(text) == " ".join(
        phrases._WORD_RE.findall(text.casefold())
    )


def test_word_starts_on_every_latin1_pair() -> None:
    for code in range(256):
        for text in (chr(code), chr(code) + "a", "a" + chr(code) + "B", chr(code) + "’É"):
            starts = analysis._WORD_START_RE.findall(text)
            assert analysis._word_starts(text) == (len(starts), sum(map(str.isupper, starts)))
            assert phrases._words(text) == phrases._WORD_RE.findall(text.casefold())


def _plain_widget_text(text: str) -> bool:
    """``widgets._widget_text`` before lines without a media word were turned away."""
    words = text.split()
    for size in range(min(3, len(words)), 0, -1):
        head = phrases.normalise(" ".join(words[:size]))
        if not any(m.kind == "media" and m.mode == "whole" for m in phrases.matches(head)):
            continue
        rest = " ".join(words[size:])
        if rest and common.is_counter(rest):
            return True
    if len(words) == 2 and words[0].isdigit():
        return any(m.kind == "media" and m.mode == "whole" for m in phrases.matches(words[1]))
    return False


_MEDIA = ["Video", "Foto", "Fotos", "Bilder", "Galerie", "wideo", "Photo", "Bildergalerie"]


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_MEDIA, "2/4", "3 von 12", "(12)", "12", "of", "3", "Jane"])
        | st.text(max_size=5),
        min_size=1,
        max_size=6,
    )
)
def test_widget_text_answers_as_before(parts: list[str]) -> None:
    text = " ".join(parts).strip() or "x"
    assert widgets._widget_text.__wrapped__(text) == _plain_widget_text(text)
    assert phrases.line_words.__wrapped__(text) == tuple(phrases.normalise(text).split())


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_LATIN_AND_MORE, max_size=80))
def test_letter_count_with_marks_as_the_regex(text: str) -> None:
    assert analysis._letter_count(text) == len(re.sub(r"[\W\d_]+", "", text))
    assert language._tokens(text) == _plain_tokens(text, None)
    assert language._tokens(text, 3) == _plain_tokens(text, 3)


def _plain_join_wrapped(infos: list[LineInfo]) -> list[LineInfo]:
    """``analysis.join_wrapped`` as it was: _continues asked of every pair."""
    result = list(infos)
    start = 0
    while start < len(result):
        end = start + 1
        while end < len(result) and analysis._continues(result[end - 1], result[end]):
            end += 1
        if end - start > 1:
            members = result[start:end]
            joined = analysis.describe_text(" ".join(m.text for m in members), members[0].line)
            strict = joined.words >= analysis.PROSE_WORDS and (
                joined.terminal or joined.clauses >= 2
            )
            wordy = joined.letters_words * 2 >= joined.words and joined.wordy
            if strict and wordy and joined.lower_ratio >= 0.35:
                for position in range(start, end):
                    result[position] = replace(
                        result[position], wrapped_prose=True, is_prose=True, is_short=False
                    )
        start = end
    return result


_WRAP_LINES = [
    "The council met on Monday and the members of the board said that the",
    "budget for the coming year would be cut by a tenth, and that the roads",
    "would be repaired first.",
    "and then nothing.",
    "Home",
    "Read more:",
    "ⓐ circled start of a line that goes on for a while with many words in it",
    "überall in der Stadt wurde am Montag gestreikt, sagte die Polizei am Abend",
    "x",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WRAP_LINES), st.integers(1, 2)), max_size=12))
def test_join_wrapped_as_before(rows: list[tuple[str, int]]) -> None:
    infos = []
    index = 0
    for text, step in rows:
        index += step
        line = Line(index, text, Span(0, len(text)), Span(0, len(text)))
        infos.append(analysis.describe(line))
    assert analysis.join_wrapped(infos) == _plain_join_wrapped(infos)


def test_user_profiles_without_and_with_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEXTFIX_CONFIG_DIR", str(tmp_path))
    assert profiles.user_profiles() == ()  # no sites folder: nothing to read
    (tmp_path / "sites").mkdir()
    assert profiles.user_profiles() == ()
    (tmp_path / "sites" / "news.toml").write_text(
        'site = "news.example.org"\nlines = ["Example News | Home"]\n', encoding="utf-8"
    )
    (found,) = profiles.user_profiles()
    assert found.site == "news.example.org" and found.lines == frozenset({"example news | home"})
