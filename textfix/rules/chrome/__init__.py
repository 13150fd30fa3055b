"""Phase 2: strip site chrome (banners, menus, widgets, bylines, footers) from plain text.

One small module per signal; every rule reads the shared per-document analysis (line shapes,
body zone, headline, article language) and decides alone, so any rule can be selected or
ignored by its id. ``extract_metadata`` keeps what the removed lines said (title, byline, date,
source) instead of losing it.
"""

from __future__ import annotations

from textfix.rules.base import Rule
from textfix.rules.chrome import (
    authors,
    boilerplate,
    comments,
    credits,
    foreign,
    menus,
    metalines,
    profiles,
    repeats,
    tail,
    widgets,
    zones,
)
from textfix.rules.chrome.metadata import extract_metadata

RULES: tuple[Rule, ...] = (
    *repeats.RULES,
    *widgets.RULES,
    *credits.RULES,
    *boilerplate.RULES,
    *comments.RULES,
    *foreign.RULES,
    *menus.RULES,
    *metalines.RULES,
    *authors.RULES,
    *zones.RULES,
    *tail.RULES,
    *profiles.RULES,
)

__all__ = ["RULES", "extract_metadata"]
