"""Phase 3: correct typos in context."""

from __future__ import annotations

from textfix.rules.base import Rule

RULES: tuple[Rule, ...] = ()
