"""Properties that must hold for any input: no crash, idempotence, valid and replayable edits."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textfix import Settings, engine, fix_text
from textfix.document import Document
from textfix.model import FixResult, Metadata, Step, apply_edits, check_edits
from textfix.rules import Context
from textfix.tokens import protected_spans

WORDS = [
    "the",
    "government",
    "said",
    "on",
    "Monday",
    "NATO",
    "Riga",
    "recieve",
    "teh",
    "news",
    "Źródło:",
    "wideo",
    "2/4",
    "Share",
    "https://example.com/a-b",
    "jan@example.org",
    "#tag",
    "Müller",
    "über",
    "się",
    "—",
    "“quoted”",
    "co-operate",
    "don't",
    "3.5%",
    "@handle",
    "Read",
    "more",
    "Cookies",
    "Polityka",
    "prywatności",
    "Follow",
    "us",
    "|",
    "Home",
    "Sport",
]
SEPARATORS = [" ", " ", " ", "\u00a0", "\u200b", "  ", "\t", ", ", ". "]
NEWLINES = ["\n", "\n", "\n\n", "\r\n", "\n\n\n", "\r"]

line = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=0, max_size=30
).map(lambda parts: "".join(word + sep for word, sep in parts))
article = st.lists(st.tuples(line, st.sampled_from(NEWLINES)), max_size=25).map(
    lambda rows: "".join(text + end for text, end in rows)
)
any_text = st.one_of(st.text(max_size=400), article)

PROPERTY_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(any_text)
def test_no_crash_and_edits_replay(text: str) -> None:
    result = fix_text(text)
    current = text
    for step in result.steps:
        check_edits(current, step.edits)
        current = apply_edits(current, step.edits)
    assert current == result.text
    assert result.replay()[-1] == result.text


@PROPERTY_SETTINGS
@given(any_text)
def test_second_pass_changes_nothing(text: str) -> None:
    once = fix_text(text).text
    twice = fix_text(once)
    assert twice.text == once, twice.explain()


@PROPERTY_SETTINGS
@given(article)
def test_typos_keep_lines_and_protected_spans(text: str) -> None:
    result = fix_text(text, Settings(select=("typos",)))
    assert result.text.count("\n") == text.count("\n")
    assert result.text.count("\r") == text.count("\r")
    original_protected = [text[s.start : s.end] for s in protected_spans(text)]
    remaining = result.text
    for fragment in original_protected:
        assert fragment in remaining


@PROPERTY_SETTINGS
@given(any_text)
def test_suggestions_point_into_output(text: str) -> None:
    result = fix_text(text)
    for suggestion in result.suggestions:
        assert 0 <= suggestion.span.start <= suggestion.span.end <= len(result.text)


def _without_memo(text: str) -> FixResult:
    """fix_text as it ran before groups remembered the texts they had seen: every pass runs
    every group."""
    ctx = Context(Settings())
    rules = engine.active_rules(ctx.settings)
    steps: list[Step] = []
    metadata = Metadata()
    current, pending = text, []
    for _pass in range(engine.MAX_PASSES):
        before = len(steps)
        current, pending, metadata = engine._one_pass(current, ctx, rules, steps, metadata)
        if len(steps) == before:
            break
    if metadata.language is None and current.strip():
        metadata = replace(metadata, language=Document(current).language)
    suggestions = engine._suggestions_in_output(pending, steps)
    return FixResult(text, current, tuple(steps), suggestions, metadata)


@PROPERTY_SETTINGS
@given(any_text)
def test_skipping_seen_groups_changes_no_result(text: str) -> None:
    assert fix_text(text) == _without_memo(text)
