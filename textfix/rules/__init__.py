"""The rule registry: one explicit, ordered tuple. Order is the order rules run in."""

from __future__ import annotations

from textfix.rules import chrome, normalize, typos
from textfix.rules.base import PHASES, Context, Phase, Rule, rule

REGISTRY: tuple[Rule, ...] = (*normalize.RULES, *chrome.RULES, *typos.RULES)

# Rules of a grouped phase all look at the same text and their edits are merged into one step:
# chrome classifiers vote on lines, and typo rules compete for the same words.
GROUPED_PHASES: frozenset[Phase] = frozenset({"chrome", "typos"})


def by_id(rule_id: str) -> Rule:
    for item in REGISTRY:
        if item.id == rule_id:
            return item
    raise KeyError(rule_id)


def _check_registry() -> None:
    seen: set[str] = set()
    last_phase = 0
    for item in REGISTRY:
        if item.id in seen:
            raise RuntimeError(f"duplicate rule id {item.id}")
        seen.add(item.id)
        phase_index = PHASES.index(item.phase)
        if phase_index < last_phase:
            raise RuntimeError(f"rule {item.id} is out of phase order")
        last_phase = phase_index


_check_registry()

__all__ = ["GROUPED_PHASES", "PHASES", "REGISTRY", "Context", "Phase", "Rule", "by_id", "rule"]
