"""Run the rules in phase order, validate their edits and apply the confident ones."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import compress
from operator import attrgetter, not_

from textfix import collector, tokens
from textfix.document import Document
from textfix.model import (
    DocumentContext,
    Edit,
    FixResult,
    Metadata,
    Step,
    apply_edits,
    check_edits,
    map_span,
)
from textfix.patterns import PatternTimeout
from textfix.rules import GROUPED_PHASES, PHASES, REGISTRY, Context, Rule
from textfix.rules.layout import tidy_with_removed
from textfix.settings import ConfigError, Settings

_LINE_BREAKS = ("\n", "\r")


@dataclass(frozen=True)
class _Pending:
    """A group's suggestions and the index of the step whose input their spans refer to.

    One per group, not per suggestion: chrome rules suggest dozens of lines on every page, and
    only the last pass's suggestions are kept.
    """

    edits: tuple[Edit, ...]
    step_index: int


def active_rules(settings: Settings, registry: Sequence[Rule] = REGISTRY) -> tuple[Rule, ...]:
    """Rules that run: default rules not ignored, plus opt-in rules that were selected."""
    # Asked once per document with the same settings: a short document's cleanup spent as
    # long matching the rule ids against the selection as in some of its rules. The registry
    # is kept with its answer (so its id names it while cached) and its length is in the key
    # (rules are only ever added to it).
    key = (settings.select, settings.ignore, id(registry), len(registry))
    kept = _ACTIVE_RULES.get(key)
    if kept is not None and kept[0] is registry:
        return kept[1]
    rules = _active_rules(settings, registry)
    if len(_ACTIVE_RULES) >= _ACTIVE_RULES_SIZE:
        _ACTIVE_RULES.clear()
    _ACTIVE_RULES[key] = (registry, rules)
    return rules


_ACTIVE_RULES: dict[
    tuple[tuple[str, ...], tuple[str, ...], int, int], tuple[Sequence[Rule], tuple[Rule, ...]]
] = {}
_ACTIVE_RULES_SIZE = 64


def _active_rules(settings: Settings, registry: Sequence[Rule]) -> tuple[Rule, ...]:
    chosen = []
    for item in registry:
        if not settings.rule_enabled(item.id):
            continue
        if not item.default and not any(
            item.id == s or item.id.startswith(s.rstrip(".") + ".") for s in settings.select
        ):
            continue
        chosen.append(item)
    return tuple(chosen)


# A rule's output can give another rule something new to do (a repaired word changes a line's
# language, a removed banner makes a new first line). Passes repeat until the text is stable, so
# a second run of textfix over its own output changes nothing; three passes settle real text.
MAX_PASSES = 3


def fix_text(
    text: str, settings: Settings | None = None, context: DocumentContext | None = None
) -> FixResult:
    """Clean ``text``. Pure: no I/O, no printing; the same input gives the same result.

    ``context`` carries what a caller knows beyond the text (a batch run's learnt chrome).
    A user pattern (``ignore-regex``) that runs out of time raises ConfigError naming it.
    """
    settings = settings or Settings()
    ctx = Context(settings, context or DocumentContext())
    try:
        return _fix_text(text, ctx)
    except PatternTimeout as error:
        where = settings.sources.get("ignore_regex", "command line")
        raise ConfigError(f"{where}: key 'ignore-regex': {error}") from error


def _fix_text(text: str, ctx: Context) -> FixResult:
    rules = active_rules(ctx.settings)
    steps: list[Step] = []
    metadata = Metadata()
    current = text
    pending: list[_Pending] = []
    seen: dict[_SeenKey, _Outcome] = {}
    for _pass in range(MAX_PASSES):
        before = len(steps)
        current, pending, metadata = _one_pass(current, ctx, rules, steps, metadata, seen)
        if len(steps) == before:
            break
    if metadata.language is None and current.strip():
        # Paused like the rules: the detection builds many small objects that hold no cycles.
        with collector.paused():
            language = Document(current, ctx.settings.language).language
        metadata = replace(metadata, language=language)
    return FixResult(
        original=text,
        text=current,
        steps=tuple(steps),
        suggestions=_suggestions_in_output(pending, steps),
        metadata=metadata,
    )


def _one_pass(
    current: str,
    ctx: Context,
    rules: Sequence[Rule],
    steps: list[Step],
    metadata: Metadata,
    seen: dict[_SeenKey, _Outcome] | None = None,
) -> tuple[str, list[_Pending], Metadata]:
    """Run every phase once over ``current``, appending applied steps; returns the new text,
    this pass's suggestions (each tied to the step its span refers to) and the metadata.

    ``seen`` remembers what each rule group did to each text it was given. Rules are pure, so
    a group given a text it has seen (with the same metadata so far) does the same again: in
    the pass that confirms a text is stable, the groups after the last one that changed
    anything are given the very text they saw, and are not run again.
    """
    settings = ctx.settings
    pending: list[_Pending] = []
    doc: Document | None = None
    memo: dict[_SeenKey, _Outcome] = {} if seen is None else seen
    for position, group, phase in _groups(rules):
        # Only chrome rules read and fill the metadata.
        key = (position, current, metadata if phase == "chrome" else None)
        outcome = memo.get(key)
        if outcome is None:
            # A group that changed nothing leaves the same text: its lines, protected spans
            # and language are reused rather than computed again.
            if doc is None or doc.text is not current:
                doc = Document(current, settings.language, settings.ignore_regex)
            outcome = _run_group(doc, ctx, group, phase, metadata)
            memo[key] = outcome
        applied, suggested, filled, after = outcome
        metadata = filled or metadata
        if suggested:
            pending.append(_Pending(suggested, len(steps)))
        if applied:
            name = group[0].id if len(group) == 1 else phase
            steps.append(Step(name, applied))
            current = after
    return current, pending, metadata


# (the group's place in the chain, its input text, the metadata before a chrome group)
_SeenKey = tuple[int, str, Metadata | None]
# (applied edits, suggested edits, the metadata after a chrome group, its output text)
_Outcome = tuple[tuple[Edit, ...], tuple[Edit, ...], Metadata | None, str]


def _groups(rules: Sequence[Rule]) -> Iterator[tuple[int, list[Rule], str]]:
    """The rule groups in the order they run: a grouped phase's rules together, others alone."""
    position = 0
    for phase in PHASES:
        phase_rules = [r for r in rules if r.phase == phase]
        if not phase_rules:
            continue
        groups = [phase_rules] if phase in GROUPED_PHASES else [[r] for r in phase_rules]
        for group in groups:
            yield position, group, phase
            position += 1


def _run_group(
    doc: Document, ctx: Context, group: Sequence[Rule], phase: str, metadata: Metadata
) -> _Outcome:
    with collector.paused():
        return _run_rules(doc, ctx, group, phase, metadata)


def _run_rules(
    doc: Document, ctx: Context, group: Sequence[Rule], phase: str, metadata: Metadata
) -> _Outcome:
    proposed: list[Edit] = []
    for item in group:
        # Each rule's edits are taken in C, and their labels checked once per label, not once
        # per edit: chrome rules propose hundreds of edits on every page, under a few labels.
        first = len(proposed)
        proposed.extend(item(doc, ctx))
        for label in set(map(_RULE, proposed[first:])):
            if not _in_phase(label, item.phase):
                # The first edit so labelled, as when each edit was checked in turn.
                wrong = next(e.rule for e in proposed[first:] if not _in_phase(e.rule, item.phase))
                raise ValueError(f"rule {item.id} produced an edit labelled {wrong}")
    applied, suggested = triage(doc, proposed, ctx.settings, phase)
    removed: frozenset[int] = frozenset()
    if phase == "chrome" and applied:
        applied, removed = tidy_with_removed(doc, applied)
    check_edits(doc.text, applied)
    filled = _metadata(doc, applied, metadata, removed) if phase == "chrome" else None
    after = apply_edits(doc.text, applied) if applied else doc.text
    return tuple(applied), tuple(suggested), filled, after


_RULE = attrgetter("rule")
_START = attrgetter("span.start")
_CONFIDENCE = attrgetter("confidence")
_ALTERNATIVES = attrgetter("alternatives")


def _in_phase(label: str, phase: str) -> bool:
    """Whether an edit labelled ``label`` may come from a rule of ``phase``."""
    return label.startswith(phase + ".") or label == phase


def triage(
    doc: Document, proposed: Sequence[Edit], settings: Settings, phase: str
) -> tuple[list[Edit], list[Edit]]:
    """Split proposed edits into those to apply and those to suggest.

    Edits that touch protected spans are dropped (chrome removes whole lines and may take a
    URL with it). Overlaps are settled in favour of the more confident edit, then the one
    proposed first. Typo edits may not add or remove line breaks, so ``--select typos`` keeps
    the input's lines one for one.
    """
    if not proposed:
        # As before, a text with no edit proposed never works out what is frozen.
        return [], []
    # Chrome removes whole lines and may take protected text with it; other phases may not
    # touch it. Asked for every edit at once, so that only the lines edited are tokenised.
    # Whitespace edits (typographic spaces, trailing spaces) mostly need no tokenising to be
    # known clear of protected text: tokens.whitespace_unsure tells which are not.
    protected = None
    if phase != "chrome":
        spans = [e.span for e in proposed]
        unsure = tokens.whitespace_unsure(doc.text, spans)
        if unsure is None or len(unsure) == len(spans):
            protected = doc.protected_among(spans)
        elif unsure:
            protected = [False] * len(spans)
            read = doc.protected_among([spans[i] for i in unsure])
            for index, touches in zip(unsure, read, strict=True):
                protected[index] = touches
    # Most texts have nothing frozen, and only typo edits have more to pass: the others are
    # sorted straight away (chrome proposes hundreds of edits on every page).
    if phase == "typos" or doc.frozen:
        kept = _checked(doc, proposed, settings, phase, protected)
    elif protected is None:
        kept = list(proposed)
    else:
        kept = list(compress(proposed, map(not_, protected)))
    # By start, then the more confident first, then in the order proposed: two stable sorts
    # with keys read in C, the second deciding (it keeps the first's order among equal
    # starts). Edits themselves are never compared.
    kept.sort(key=_CONFIDENCE, reverse=True)
    kept.sort(key=_START)
    chosen: list[Edit] = []
    # Sorted by start, an edit overlaps the last chosen one only if it starts before that one
    # ends (Span.overlaps needs that too, for insertion points as well), so this one comparison
    # is the whole test. The last chosen edit's end and confidence are kept at hand.
    last_end = -1
    last_confidence = 0.0
    for edit in kept:
        span = edit.span
        if span.start < last_end:
            if edit.confidence > last_confidence:
                chosen[-1] = edit
                last_end = span.end
                last_confidence = edit.confidence
            continue
        chosen.append(edit)
        last_end = span.end
        last_confidence = edit.confidence
    least = settings.min_confidence
    # Mostly every edit chosen is confident and has no alternative: told in C.
    if min(map(_CONFIDENCE, chosen), default=least) >= least and not any(
        map(_ALTERNATIVES, chosen)
    ):
        return chosen, []
    applied: list[Edit] = []
    suggested: list[Edit] = []
    for edit in chosen:
        # ``not edit.alternatives`` is Edit.is_ambiguous, without the property call.
        confident = edit.confidence >= least and not edit.alternatives
        (applied if confident else suggested).append(edit)
    return applied, suggested


def _checked(
    doc: Document,
    proposed: Sequence[Edit],
    settings: Settings,
    phase: str,
    protected: list[bool] | None,
) -> list[Edit]:
    """triage's candidates, each edit checked against frozen spans, protected spans and (typo
    edits) line breaks and the words the writer accepted."""
    candidates = []
    frozen = bool(doc.frozen)
    for order, edit in enumerate(proposed):
        if frozen and doc.is_frozen(edit.span):
            continue
        if protected is not None and protected[order]:
            continue
        if phase == "typos" and _has_line_break(edit.before(doc.text) + edit.replacement):
            continue
        if phase == "typos" and _accepted(edit.before(doc.text), settings, doc):
            continue
        candidates.append(edit)
    return candidates


def _accepted(word: str, settings: Settings, doc: Document) -> bool:
    """Whether the writer accepted ``word``: exactly, or in any case when listed in lower case."""
    accepted = settings.words | doc.directives.words
    return word in accepted or (word.lower() in accepted)


def _has_line_break(text: str) -> bool:
    return any(mark in text for mark in _LINE_BREAKS)


def _suggestions_in_output(pending: Sequence[_Pending], steps: Sequence[Step]) -> tuple[Edit, ...]:
    """Suggestions moved into the coordinates of the final text; ones later edits hit are gone."""
    result = []
    for item in pending:
        later = steps[item.step_index :]
        for edit in item.edits:
            if not later:
                result.append(edit)  # already in the output's coordinates
                continue
            mapped = edit.span
            for step in later:
                moved = map_span(mapped, step.edits)
                if moved is None:
                    break
                mapped = moved
            else:
                result.append(
                    Edit(
                        mapped,
                        edit.replacement,
                        edit.rule,
                        edit.confidence,
                        edit.reason,
                        edit.alternatives,
                    )
                )
    return tuple(sorted(result, key=lambda e: (e.span.start, e.span.end)))


def _metadata(
    doc: Document, applied: Sequence[Edit], previous: Metadata, removed: frozenset[int]
) -> Metadata:
    """Fill title, byline, date and source from what chrome rules removed (the lines
    ``removed``, which ``applied`` removes) or kept."""
    from textfix.rules.chrome import extract_metadata

    return extract_metadata(doc, applied, previous, removed)
