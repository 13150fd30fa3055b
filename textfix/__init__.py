"""textfix: turn messy article text into clean text, explaining every change."""

from __future__ import annotations

from textfix.engine import fix_text
from textfix.model import Edit, FixResult, Metadata, Span, Step
from textfix.settings import Settings

__version__ = "0.1.0"

__all__ = ["Edit", "FixResult", "Metadata", "Settings", "Span", "Step", "__version__", "fix_text"]
