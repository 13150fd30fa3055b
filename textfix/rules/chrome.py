"""Phase 2: strip site chrome (banners, widgets, bylines, footers) from plain text."""

from __future__ import annotations

from collections.abc import Sequence

from textfix.document import Document
from textfix.model import Edit, Metadata
from textfix.rules.base import Rule

RULES: tuple[Rule, ...] = ()


def extract_metadata(doc: Document, applied: Sequence[Edit], previous: Metadata) -> Metadata:
    """Title, byline, date and source that the chrome rules found."""
    return previous
