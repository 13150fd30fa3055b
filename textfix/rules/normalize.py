"""Phase 1: Unicode repair and whitespace hygiene. Line endings are never converted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from textfix.document import Document, Line
from textfix.model import Edit, Span
from textfix.rules.base import Context, rule
from textfix.tokens import protected_spans

if TYPE_CHECKING:
    import ftfy

_ODD_SPACES = "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f"
_ODD_SPACE_RE = re.compile(f"[{_ODD_SPACES}]+")
# Zero-width joiners (U+200C, U+200D) carry meaning in Persian, Indic scripts and emoji: kept.
_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff\u00ad]+")
# C1 controls (U+0080-U+009F) are left to ftfy: in mojibake they stand for Windows-1252 bytes.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
_TRAILING_RE = re.compile(r"[ \t\u00a0\u3000]+$")


def _changed_region(old: str, new: str) -> tuple[int, int, str]:
    """The smallest (start, end, replacement) that turns ``old`` into ``new``."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return prefix, len(old) - suffix, new[prefix : len(new) - suffix]


@lru_cache(maxsize=4096)
def _ftfy_line(text: str) -> str:
    # ftfy is pure and costly; each pass (and each re-run over a clean text) sees the same lines.
    import ftfy

    return ftfy.fix_text(text, _ftfy_config())


@cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    # ftfy (and its tables) cost about a tenth of a second to import, paid only by a text with a
    # line it may need to repair: a line of plain ASCII never does.
    import ftfy

    # ftfy is asked only for the repairs that do not overlap our own rules: line breaks, quotes
    # and control characters are left alone so that each change keeps its own rule id and reason.
    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=True,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=True,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization="NFC",
        explain=False,
    )


@rule(
    "normalize.unicode",
    "normalize",
    "Repair mojibake and broken Unicode with ftfy",
    ("The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.", "The Mona Lisa doesn’t have eyebrows."),
)
def fix_unicode(doc: Document, ctx: Context) -> Iterator[Edit]:
    for line in doc.lines:
        if line.text.isascii():
            continue
        fixed = _ftfy_line(line.text)
        if fixed == line.text:
            continue
        start, end, replacement = _changed_region(line.text, fixed)
        yield Edit(
            Span(line.span.start + start, line.span.start + end),
            replacement,
            "normalize.unicode",
            0.95,
            "broken Unicode or mojibake repaired",
        )


@rule(
    "normalize.spaces",
    "normalize",
    "Turn no-break and other typographic spaces into plain spaces",
    ("10\u00a0km away", "10 km away"),
)
def fix_spaces(doc: Document, ctx: Context) -> Iterator[Edit]:
    return _character_runs(doc.text, _ODD_SPACE_RE, " ", "normalize.spaces", "typographic space")


@rule(
    "normalize.invisible",
    "normalize",
    "Remove zero-width spaces, word joiners, stray byte-order marks and soft hyphens",
    ("zero\u200bwidth", "zerowidth"),
)
def remove_invisible(doc: Document, ctx: Context) -> Iterator[Edit]:
    for edit in _character_runs(
        doc.text, _INVISIBLE_RE, "", "normalize.invisible", "invisible character"
    ):
        around = Span(max(0, edit.span.start - 1), min(len(doc.text), edit.span.end + 1))
        if not doc.is_protected(around) or _keeps_protected(doc, edit):
            yield edit


def _keeps_protected(doc: Document, edit: Edit) -> bool:
    """Whether deleting ``edit``'s characters leaves the protected text around it as it was.

    Beside a URL or an e-mail, an invisible character can be all that separates it from the
    next word ("Müller<ZWSP>https://..."): removed, the two would be read as one token.
    """
    start = doc.text.rfind("\n", 0, edit.span.start) + 1
    end = doc.text.find("\n", edit.span.end)
    end = len(doc.text) if end == -1 else end
    line = doc.text[start:end]
    cut = Span(edit.span.start - start, edit.span.end - start)
    after = line[: cut.start] + line[cut.end :]
    before_spans = [line[s.start : s.end] for s in protected_spans(line)]
    after_spans = [after[s.start : s.end] for s in protected_spans(after)]
    return before_spans == after_spans


@rule(
    "normalize.control",
    "normalize",
    "Remove control characters (tabs and line breaks are kept)",
    ("bell\x07 rings", "bell rings"),
)
def remove_control(doc: Document, ctx: Context) -> Iterator[Edit]:
    return _character_runs(doc.text, _CONTROL_RE, "", "normalize.control", "control character")


def _character_runs(
    text: str, pattern: re.Pattern[str], replacement: str, rule_id: str, what: str
) -> Iterator[Edit]:
    """One edit per run of unwanted characters, naming the first one's code point."""
    verb = "made plain" if replacement else "removed"
    for match in pattern.finditer(text):
        yield Edit(
            Span(match.start(), match.end()),
            replacement,
            rule_id,
            0.99,
            f"{what} U+{ord(match.group()[0]):04X} {verb}",
        )


@rule(
    "normalize.trailing-whitespace",
    "normalize",
    "Remove spaces and tabs at the end of lines",
    ("end of line   \nnext", "end of line\nnext"),
)
def strip_trailing(doc: Document, ctx: Context) -> Iterator[Edit]:
    for line in doc.lines:
        match = _TRAILING_RE.search(line.text)
        if match:
            yield Edit(
                Span(line.span.start + match.start(), line.span.end),
                "",
                "normalize.trailing-whitespace",
                0.99,
                "trailing whitespace removed",
            )


def blank_line_edits(lines: tuple[Line, ...], rule_id: str, reason: str) -> Iterator[Edit]:
    """Collapse runs of blank lines to one, and drop blank lines at the start and the end."""
    first_content = next((i for i, line in enumerate(lines) if not line.is_blank), None)
    if first_content is None:
        return
    last_content = max(i for i, line in enumerate(lines) if not line.is_blank)
    if first_content > 0:
        yield Edit(
            Span(0, lines[first_content].full.start), "", rule_id, 0.99, "blank lines at start"
        )
    run: list[Line] = []
    for line in lines[first_content : last_content + 1]:
        if line.is_blank:
            run.append(line)
            continue
        if len(run) > 1:
            yield Edit(Span(run[1].full.start, run[-1].full.end), "", rule_id, 0.99, reason)
        run = []
    if last_content + 1 < len(lines):
        tail = lines[last_content + 1 :]
        yield Edit(
            Span(tail[0].full.start, tail[-1].full.end), "", rule_id, 0.99, "blank lines at end"
        )


@rule(
    "normalize.blank-lines",
    "normalize",
    "Collapse runs of blank lines to one; drop blank lines at the start and end",
    ("one\n\n\n\ntwo\n", "one\n\ntwo\n"),
)
def collapse_blank_lines(doc: Document, ctx: Context) -> Iterator[Edit]:
    return blank_line_edits(doc.lines, "normalize.blank-lines", "run of blank lines collapsed")


def line_ending(text: str) -> str:
    """The document's dominant line terminator (LF when it has none)."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


@rule(
    "normalize.final-newline",
    "normalize",
    "End the text with exactly one line break, in the file's own style",
    ("last line", "last line\n"),
)
def final_newline(doc: Document, ctx: Context) -> Iterator[Edit]:
    text = doc.text
    if not text.strip():
        return
    if text.endswith(("\n", "\r")):
        return
    yield Edit(
        Span(len(text), len(text)),
        line_ending(text),
        "normalize.final-newline",
        0.99,
        "final line break added",
    )


# Control and invisible characters go first: left in place they split mojibake sequences that
# ftfy would otherwise recognise, and a second pass would then find more to fix.
RULES = (
    remove_control,
    remove_invisible,
    fix_unicode,
    fix_spaces,
    strip_trailing,
    collapse_blank_lines,
    final_newline,
)
