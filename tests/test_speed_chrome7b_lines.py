"""The chrome rules' per-line tests that were gated give the answers of the plain code they
replace, kept here as oracles: phrase matching that decides a short line by its pairs of
neighbouring words, credit shapes that run each test only when the line has what it needs,
toolbar words rejected by one set test, and the "Source:" values mapped in C."""

from __future__ import annotations

from itertools import compress

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_speed_chrome_language import _info, _line_texts
from textfix.document import Document
from textfix.rules.chrome import analysis, common, credits, metalines
from textfix.rules.chrome import phrases as P


def _has_label_mark(head: str) -> bool:
    return ":" in head or "»" in head or "|" in head or "›" in head or ">>" in head


def _plain_matches(text: str) -> tuple[P.Match, ...]:
    """``phrases.matches`` as it was: every scan tried in turn."""
    phrases = P.book()
    # Only a line's first words can hold a phrase (whole lines are short, the scan for phrases
    # inside a line stops early): a long paragraph is read no further than its head.
    head = text if len(text) <= P._HEAD_CHARS else text[: P._HEAD_CHARS].rsplit(None, 1)[0]
    words = list(P.line_words(text)) if head is text else P._words(head)
    if head is not text and len(words) < P._CONTAINS_SCAN + P._MAX_PHRASE_WORDS:
        head = text  # long words or no spaces: the head may not hold what the scans read
        words = P._words(text)
    if not words:
        return ()
    kinds = phrases.kinds
    found: list[P.Match] = []
    # Counts only around a label: most lines have none to strip.
    core = (P._strip_counts(words) or words) if words[0].isdigit() or words[-1].isdigit() else words
    if len(core) <= phrases.longest and head is text:
        whole = kinds.get(" ".join(core))
        if whole:
            phrase = " ".join(core)
            found.extend(P.Match(kind, phrase, "whole") for kind in sorted(whole))
    if not found and _has_label_mark(text[: P._LABEL_LIMIT]):
        separator = P._LABEL_END_RE.search(text, 0, P._LABEL_LIMIT)
        if separator is not None and separator.start() > 0:
            label = " ".join(P._words(text[: separator.start()]))
            found.extend(P.Match(kind, label, "label") for kind in sorted(kinds.get(label, ())))
    if found:
        return P._flagged(phrases, found)
    count = len(words)
    pairs = phrases.pairs
    # Longest phrase first, so "das könnte sie auch interessieren" beats "das".
    if count > 2:
        for size in pairs.get(words[0], P._NO_PAIRS).get(words[1], ()):
            if size < count:
                prefix = " ".join(words[:size])
                for kind in sorted(kinds.get(prefix, ())):
                    found.append(P.Match(kind, prefix, "prefix"))
                if found:
                    return P._flagged(phrases, found)
    seen: set[str] = set()
    # Boilerplate phrases inside a line stand near its start ("We use cookies to ..."): the
    # scan stops after the first words, which keeps long paragraphs cheap. Only words that
    # start a phrase of two or more words, or are a distinctive word, are looked at.
    firsts = phrases.contains_firsts
    scan = words[1 : P._CONTAINS_SCAN]
    if not firsts.isdisjoint(scan):
        distinctive = phrases.distinctive
        # The positions of those words, picked out in C: a paragraph's scan looks at a few.
        starts = compress(range(1, len(scan) + 1), map(firsts.__contains__, scan))
        for start in starts:
            word = words[start]
            if start + 1 < count:
                for size in pairs.get(word, P._NO_PAIRS).get(words[start + 1], ()):
                    if start + size > count:
                        continue
                    gram = " ".join(words[start : start + size])
                    for kind in sorted(kinds.get(gram, ())):
                        if kind not in seen:
                            seen.add(kind)
                            found.append(P.Match(kind, gram, "contains"))
            if word in distinctive:
                for kind in sorted(kinds[word]):
                    if kind in P._DISTINCTIVE_KINDS and kind not in seen:
                        seen.add(kind)
                        found.append(P.Match(kind, word, "contains"))
    if not found and words[0] in phrases.distinctive:
        for kind in sorted(kinds[words[0]]):
            if kind in P._DISTINCTIVE_KINDS:
                found.append(P.Match(kind, words[0], "contains"))
    return P._flagged(phrases, found) if found else ()


def _phrase_lines() -> st.SearchStrategy[str]:
    """Lines made of phrase words (the first two words of phrases side by side, common words
    that start phrases, distinctive words), other words, counts and separators."""
    book = P.book()
    firsts = sorted(book.pairs)
    seconds = sorted({s for f in book.pairs.values() for s in f})
    word = (
        st.sampled_from(firsts[::7])
        | st.sampled_from(seconds[::7])
        | st.sampled_from(sorted(book.distinctive))
        | st.sampled_from(["all", "about", "the", "Share", "this", "3", "12", "Kommentare"])
        | st.text(max_size=5)
    )
    separator = st.sampled_from([" ", " ", " ", " | ", ": ", " » ", ", ", " >> ", "\u00a0"])
    pieces = st.lists(st.tuples(word, separator), min_size=1, max_size=60)
    return pieces.map(lambda parts: "".join(w + s for w, s in parts).strip() or "x")


@settings(max_examples=1500, deadline=None)
@given(_phrase_lines() | _line_texts())
def test_matches_as_before(text: str) -> None:
    assert P.matches.__wrapped__(text) == _plain_matches(text)


def test_matches_as_before_on_long_lines() -> None:
    """Around _PAIRED_WORDS words, and past the head read of long paragraphs."""
    words = ["share", "this", "all", "about", "cookies", "1", "newsletter", "and", "more"]
    for size in (10, 11, 12, 13, 14, 39, 40, 41, 55, 56, 57, 300):
        for shift in range(len(words)):
            line = " ".join(words[(n + shift) % len(words)] for n in range(size))
            assert P.matches.__wrapped__(line) == _plain_matches(line)
            assert P.matches.__wrapped__(line + ".") == _plain_matches(line + ".")


def _plain_credit_shape(
    text: str, words: int, terminal: bool, prose: bool
) -> tuple[float, str] | None:
    """``credits._credit_shape`` as it was: every test asked of every line."""
    for match in P.matches(text):
        if match.kind in ("source", "credit") and match.mode == "label":
            return common.SURE, f"{match.kind} line"
        if match.kind == "credit" and match.mode == "whole" and not match.ambiguous:
            return common.LIKELY, "credit line"
    if text.startswith(("©", "(c)", "(C)")) and words <= 12:
        return common.SURE, "copyright credit"
    if words <= credits._MAX_CREDIT_WORDS and credits._COPYRIGHT_START_RE.match(text):
        # "Copyright © 2019 Name GmbH. All rights reserved.", "© agency/Name via www.example.org":
        # a copyright notice is no sentence of the article, however long its holder's name.
        return common.LIKELY, "copyright notice"
    if credits._PAREN_CREDIT_RE.search(text) and not prose:
        label = text[text.rfind("(") + 1 :].split(":", 1)[0]
        if any(m.kind in ("credit", "source") for m in P.matches(label + ":")):
            return common.LIKELY, "caption ending in a credit"
    if not terminal and words <= 8 and "," in text and credits._agency_parts(text):
        return common.LIKELY, "credit naming a news agency"
    paren = credits._PAREN_TAIL_RE.search(text)
    if paren is not None and not prose and credits._agency_parts(paren.group(1)):
        return common.LIKELY, "caption ending in an agency credit"
    if not prose:
        found = credits._trailing_credit(text)
        if found is not None:
            return common.LIKELY, found
    if not terminal and words <= credits._MAX_AGENCY_LINE_WORDS and credits._ends_with_agency(text):
        return common.LIKELY, "credit ending in a picture agency"
    return None


def _credit_lines() -> st.SearchStrategy[str]:
    agencies = sorted(common.agencies())
    word = (
        st.sampled_from(["Foto", "Photo:", "Quelle:", "©", "(c)", "(C)", "Copyright", "copyright"])
        | st.sampled_from([a.title() for a in agencies[::3]] + ["Getty Images", "iStock.com"])
        | st.sampled_from(["Jane", "Doe", "(dpa)", "(Foto: AP)", "/", "-", "2024", "de", "com"])
        | st.text(alphabet="aB,:/()©- .c", max_size=6)
    )
    separator = st.sampled_from([" ", " ", " / ", ", ", " - ", ": ", "/", ""])
    pieces = st.lists(st.tuples(word, separator), min_size=1, max_size=12)
    return pieces.map(lambda parts: "".join(w + s for w, s in parts).strip() or "x")


@settings(max_examples=1500, deadline=None)
@given(
    _credit_lines() | _line_texts(),
    st.integers(1, 22),
    st.booleans(),
    st.booleans(),
)
def test_credit_shape_as_before(text: str, words: int, terminal: bool, prose: bool) -> None:
    assert credits._credit_shape.__wrapped__(text, words, terminal, prose) == (
        _plain_credit_shape(text, words, terminal, prose)
    )


def test_credit_shape_as_before_on_credits() -> None:
    lines = [
        "© Jane Doe",
        "(c) Agency",
        "Copyright 2024 Example GmbH",
        "copyright © Name",
        "Crews at the harbour (Foto: dpa)",
        "Crews at the harbour (Reuters/Jane Doe)",
        "Jane Doe, Reuters",
        "Harbour at dawn / Getty Images",
        "Jane Doe Getty Images",
        "Photo by Jane Doe on Unsplash",
        "Foto: Jane Doe/dpa",
        "Harbour at dawn /public domain",
        "Bridge at night © Name",
        "Jane Doe / iStock.com",
        "AFP",
        "Quelle: AP",
    ]
    for text in lines:
        for words in (2, 6, 9, 13, 21):
            for terminal in (False, True):
                for prose in (False, True):
                    args = (text, words, terminal, prose)
                    assert credits._credit_shape.__wrapped__(*args) == _plain_credit_shape(*args)
    assert credits._credit_shape.__wrapped__("Jane Doe, Reuters", 3, False, False) is not None


def _plain_toolbar_words(text: str) -> bool:
    """``metalines._toolbar_words`` as it was: a lookup per word."""
    words = P.line_words(text)
    if not 2 <= len(words) <= 4:
        return False
    book = P.book()
    sure = False
    for word in words:
        kinds = book.lookup((word,)) - metalines._NOT_CHROME_KINDS - metalines._LABEL_KINDS
        if not kinds:
            return False
        sure = sure or any((kind, word) not in book.ambiguous for kind in kinds)
    return sure


def _toolbar_lines() -> st.SearchStrategy[str]:
    singles = sorted(k for k in P.book().kinds if " " not in k)
    word = st.sampled_from(singles[::5]) | st.sampled_from(["Drucken", "Teilen", "Foto", "Video"])
    return st.lists(word, min_size=1, max_size=5).map(" & ".join)


@settings(max_examples=800, deadline=None)
@given(_toolbar_lines() | _line_texts())
def test_toolbar_words_as_before(text: str) -> None:
    assert metalines._toolbar_words(text) == _plain_toolbar_words(text)


def test_meta_lines_still_found() -> None:
    assert metalines.is_meta_line(_info("Drucken Teilen"))
    assert metalines.is_meta_line(_info("12 March 2024 | By Sam Writer | 3 comments"))


@settings(max_examples=300, deadline=None)
@given(st.lists(_credit_lines() | _line_texts(), min_size=1, max_size=20))
def test_source_values_as_before(rows: list[str]) -> None:
    made = analysis._analyse.__wrapped__(Document("\n".join(rows) + "\n"))
    plain = frozenset(
        value
        for info in made.infos
        if info.words <= credits._MAX_CREDIT_WORDS and (value := credits.source_value(info.text))
    )
    assert credits.source_values(made) == plain
