"""Words with offsets, and the spans no rule may rewrite (URLs, e-mails, code, numbers...)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from textfix.model import Span

# Words are runs of letters/digits joined by internal apostrophes, so "NATO's" and "don't" stay
# whole; hyphenated forms are two words that the typos rules look at together.
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

_PROTECTED_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("code", re.compile(r"```.*?```|`[^`\n]+`", re.DOTALL)),
    ("html-comment", re.compile(r"<!--.*?-->", re.DOTALL)),
    ("html-tag", re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>\n]*)?/?>")),
    ("link-target", re.compile(r"\]\([^)\n]*\)|^\s{0,3}\[[^\]\n]+\]:\s*\S.*$", re.MULTILINE)),
    (
        "url",
        re.compile(
            r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]",
            re.IGNORECASE,
        ),
    ),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("handle", re.compile(r"(?<![\w@])@\w+")),
    ("hashtag", re.compile(r"(?<![\w&#])#\w+")),
    (
        "domain",
        re.compile(
            r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|io|co|uk|de|pl|fr|es|it|ru|eu|info)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "filename",
        re.compile(
            r"\b[\w-]+\.(?:py|js|ts|rs|go|java|c|h|cpp|md|txt|json|ya?ml|toml|csv|html?|css|"
            r"pdf|docx?|xlsx?|png|jpe?g|gif|svg|zip|gz|sh)\b",
            re.IGNORECASE,
        ),
    ),
    ("path", re.compile(r"(?<!\w)(?:~|\.{1,2})?/(?:[\w.-]+/)+[\w.-]*")),
    ("identifier", re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+[A-Z][A-Za-z]*\(\)?")),
    ("number", re.compile(r"\b\w*\d(?:[\w.,:/-]*\w)?\b")),
)


# Blocks that are not prose at all: no rule, chrome included, may edit inside them.
_FRONT_MATTER_RE = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?^(?:---|\+\+\+|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE
)
_FENCE_RE = re.compile(
    r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n"
    r".*?(?:^[ \t]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)",
    re.DOTALL | re.MULTILINE,
)


def verbatim_spans(text: str) -> list[Span]:
    """Front matter and fenced code blocks, which are data, not prose."""
    if "---" not in text and "+++" not in text and "```" not in text and "~~~" not in text:
        return []
    spans = [Span(m.start(), m.end()) for m in _FENCE_RE.finditer(text)]
    front = _FRONT_MATTER_RE.match(text)
    if front:
        spans.append(Span(front.start(), front.end()))
    return sorted(spans)


@dataclass(frozen=True)
class Token:
    text: str
    span: Span

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


def words(text: str) -> Iterator[Token]:
    """Every word of ``text`` with its span."""
    for match in WORD_RE.finditer(text):
        yield Token(match.group(), Span(match.start(), match.end()))


def protected_spans(text: str) -> tuple[Span, ...]:
    """Sorted, merged spans that rules must leave untouched."""
    found: list[tuple[int, int]] = []
    for _kind, pattern in _PROTECTED_PATTERNS:
        found.extend((m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start())
    return merge_spans([Span(start, end) for start, end in found])


def merge_spans(spans: list[Span]) -> tuple[Span, ...]:
    """Sorted spans with overlapping or touching ones joined."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return tuple(merged)


def touches_any(span: Span, protected: tuple[Span, ...]) -> bool:
    """Whether ``span`` overlaps a protected span (binary search over sorted spans)."""
    lo, hi = 0, len(protected)
    while lo < hi:
        mid = (lo + hi) // 2
        if protected[mid].end <= span.start:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(protected):
        candidate = protected[lo]
        if span.start == span.end:
            return candidate.start < span.start < candidate.end
        return candidate.start < span.end and span.start < candidate.end
    return False
