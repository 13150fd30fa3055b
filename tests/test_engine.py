"""The engine: rule selection, triage into applied edits and suggestions, replay."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from textfix import Settings, fix_text
from textfix.document import Document
from textfix.engine import _one_pass, active_rules, triage
from textfix.model import Edit, Metadata, Span, Step
from textfix.rules import REGISTRY, Context, by_id
from textfix.rules.base import PHASES, Rule


def _edit(start: int, end: int, new: str, confidence: float, alts: tuple[str, ...] = ()) -> Edit:
    return Edit(Span(start, end), new, "typos.test", confidence, "test", alts)


def test_registry_ids_are_unique_dotted_and_phase_ordered() -> None:
    ids = [rule.id for rule in REGISTRY]
    assert len(ids) == len(set(ids))
    phases = [PHASES.index(rule.phase) for rule in REGISTRY]
    assert phases == sorted(phases)
    for rule in REGISTRY:
        assert rule.id.startswith(rule.phase + ".")
        assert rule.summary and len(rule.example) == 2
        assert by_id(rule.id) is rule


def test_every_rule_example_does_what_it_says() -> None:
    for rule in REGISTRY:
        before, after = rule.example
        result = fix_text(before, Settings(select=(rule.id,)))
        assert result.text == after, rule.id


def test_select_and_ignore_by_prefix() -> None:
    only_normalize = active_rules(Settings(select=("normalize",)))
    assert only_normalize and all(r.phase == "normalize" for r in only_normalize)
    without_spaces = active_rules(Settings(select=("normalize",), ignore=("normalize.spaces",)))
    assert "normalize.spaces" not in {r.id for r in without_spaces}
    # A prefix matches whole dotted components only.
    assert not active_rules(Settings(select=("normal",)))


def test_active_rules_answer_again_for_the_same_selection_and_a_grown_registry() -> None:
    defaults = [r for r in REGISTRY if r.default]
    registry = defaults[:3]
    first = active_rules(Settings(), registry)
    assert first == tuple(registry)
    assert active_rules(Settings(), registry) is first  # asked again: the same answer
    registry.append(defaults[3])
    assert active_rules(Settings(), registry) == tuple(defaults[:4])
    assert active_rules(Settings(ignore=(defaults[0].id,)), registry) == tuple(defaults[1:4])
    assert active_rules(Settings(), list(defaults[:2])) == tuple(defaults[:2])


def test_triage_keeps_confident_and_suggests_the_rest() -> None:
    doc = Document("aaaa bbbb cccc dddd")
    proposed = [
        _edit(0, 4, "AAAA", 0.95),
        _edit(5, 9, "BBBB", 0.5),
        _edit(10, 14, "CCCC", 0.95, ("cccx",)),
        _edit(15, 19, "DDDD", 0.9),
        _edit(16, 18, "x", 0.99),
    ]
    applied, suggested = triage(doc, proposed, Settings(), "typos")
    assert [e.replacement for e in applied] == ["AAAA", "x"]
    assert [e.replacement for e in suggested] == ["BBBB", "CCCC"]


def test_triage_drops_edits_in_protected_spans() -> None:
    doc = Document("see https://exmaple.com/pgae now")
    proposed = [_edit(10, 17, "example", 0.99)]
    applied, suggested = triage(doc, proposed, Settings(), "typos")
    assert applied == [] and suggested == []


def test_triage_refuses_typo_edits_across_lines() -> None:
    doc = Document("one\ntwo")
    applied, _ = triage(doc, [_edit(2, 5, "e t", 0.99)], Settings(), "typos")
    assert applied == []


def test_result_replays_and_explains() -> None:
    text = "Title\u00a0one  \n\n\n\nBody"
    result = fix_text(text, Settings(select=("normalize",)))
    states = result.replay()
    assert states[0] == text and states[-1] == result.text
    assert len(states) == len(result.steps) + 1
    explanation = result.explain()
    assert len(explanation) == len(result.edits)
    assert any("normalize.spaces" in line for line in explanation)
    assert result.changed


def test_empty_and_blank_text() -> None:
    assert fix_text("").text == ""
    assert fix_text("   \n\n").changed in (True, False)


def _suggest_more(doc: Document, ctx: object) -> Iterator[Edit]:
    start = doc.text.index("more")
    yield Edit(Span(start, start + 4), "mare", "normalize.fake", 0.5, "low confidence")


def test_suggestions_are_moved_into_output_coordinates() -> None:
    # The suggestion is made before the zero-width space is removed; it must follow the text.
    import pytest

    from textfix import engine
    from textfix.rules.base import Rule

    fake = Rule("normalize.fake", "normalize", "fake", ("a", "a"), _suggest_more)
    registry = (fake, *[r for r in REGISTRY if r.phase == "normalize"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "active_rules", lambda settings: registry)
        result = engine.fix_text("one\u200b more")
    assert result.text == "one more\n"
    assert [(s.span, s.replacement) for s in result.suggestions] == [(Span(4, 8), "mare")]
    assert result.text[4:8] == "more"


def test_a_group_given_a_text_it_has_seen_is_not_run_again() -> None:
    calls: Counter[str] = Counter()

    def shorten(doc: Document, ctx: Context) -> Iterator[Edit]:
        calls["shorten"] += 1
        at = doc.text.find("aa")
        if at != -1:
            yield Edit(Span(at, at + 2), "a", "normalize.test", 0.99, "test")

    def look(doc: Document, ctx: Context) -> Iterator[Edit]:
        calls["look"] += 1
        return iter(())

    rules = [
        Rule("normalize.test", "normalize", "s", ("", ""), shorten),
        Rule("typos.test", "typos", "s", ("", ""), look),
    ]
    ctx = Context(Settings())
    steps: list[Step] = []
    seen: dict[Any, Any] = {}
    text, _pending, meta = _one_pass("aa b", ctx, rules, steps, Metadata(), seen)
    again, _pending, _meta = _one_pass(text, ctx, rules, steps, meta, seen)
    assert (text, again, len(steps)) == ("a b", "a b", 1)
    # The typo group saw "a b" in the first pass: the second gives it the same text.
    assert calls == Counter({"shorten": 2, "look": 1})
