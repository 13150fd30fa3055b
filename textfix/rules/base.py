"""What a rule is, and the context every rule receives."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from textfix.document import Document
from textfix.model import DocumentContext, Edit
from textfix.settings import Settings

Phase = Literal["normalize", "chrome", "typos"]
PHASES: tuple[Phase, ...] = ("normalize", "chrome", "typos")


@dataclass(frozen=True)
class Context:
    """What a rule may consult besides the document: the settings and what the caller knows
    about the document (in batch runs, the lines learnt to recur across its source)."""

    settings: Settings
    document: DocumentContext = field(default_factory=DocumentContext)


Check = Callable[[Document, Context], Iterable[Edit]]


@dataclass(frozen=True)
class Rule:
    """A named check. ``example`` is an (input, output) pair shown by ``textfix rules``."""

    id: str
    phase: Phase
    summary: str
    example: tuple[str, str]
    check: Check
    default: bool = True

    def __call__(self, doc: Document, ctx: Context) -> Iterable[Edit]:
        return self.check(doc, ctx)


def rule(
    id: str, phase: Phase, summary: str, example: tuple[str, str], *, default: bool = True
) -> Callable[[Check], Rule]:
    """Declare a rule: ``@rule("normalize.nbsp", "normalize", "...", ("a\\xa0b", "a b"))``."""
    if not id.startswith(phase + "."):
        raise ValueError(f"rule id {id!r} must start with its phase {phase!r}")

    def wrap(check: Check) -> Rule:
        return Rule(id, phase, summary, example, check, default)

    return wrap
