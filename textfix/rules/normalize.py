"""Phase 1: Unicode repair and whitespace hygiene. Line endings are never converted."""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import unicodedata
import zlib
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textfix import dictionaries
from textfix.document import Document, Line
from textfix.model import Edit, Span, trusted_edit, trusted_span
from textfix.rules.base import Context, rule
from textfix.tokens import LINE_END_SPACE, protected_spans

if TYPE_CHECKING:
    import ftfy

_ODD_SPACES = "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f"
_ODD_SPACE_RE = re.compile(f"[{_ODD_SPACES}]+")
# Zero-width joiners (U+200C, U+200D) carry meaning in Persian, Indic scripts and emoji: kept.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]+")
# C1 controls (U+0080-U+009F) are left to ftfy: in mojibake they stand for Windows-1252 bytes.
_CONTROLS = "".join(map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)))
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
# A run of spaces that ends a line: lines end at "\r\n", "\r" and "\n" (Document.lines), so the
# whole text is read in one pass instead of line by line.
_TRAILING = LINE_END_SPACE
_TRAILING_RE = re.compile(r"[ \t\u00a0\u3000]+(?=[\r\n]|\Z)")
# In a text without "\r": a "\n" after one of those spaces. A pattern that starts with a plain
# character is skipped to at C speed, where _TRAILING_RE is tried at every space of the text.
_SPACED_BREAK_RE = re.compile(r"\n(?<=[ \t\u00a0\u3000]\n)")


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
    if not _ftfy_may_change(text):
        return text
    known = _ftfy_without_it(text)
    if known is not None:
        return known
    import ftfy

    return ftfy.fix_text(text, _ftfy_config())


# --- which lines ftfy may change, known without importing it --------------------------------
#
# Importing ftfy costs more than the rest of a one-page run (it compiles its mojibake detector),
# and most lines with non-ASCII characters (curly quotes, dashes, accented words) are left as
# they are. With our options ftfy changes a line only if: its mojibake detector (one regular
# expression, BADNESS_RE) matches, or the line holds a C1 control, a lone surrogate, a terminal
# escape or a Latin ligature, or is not in NFC. Every branch of BADNESS_RE needs characters from
# some non-ASCII sets, often two of them side by side; those sets are read from the installed
# ftfy once (cached on disk, keyed on its files) so a line without them is known to be safe.

_ALWAYS_CLASS = "\x80-\x9f\ud800-\udfff\x1b"
_ALWAYS_RE = re.compile(f"[{_ALWAYS_CLASS}]")
_GATE_VERSION = 4
# A line up to this long is one segment for ftfy.fix_text (its max_decode_length is far more):
# _ftfy_without_it tells only what ftfy makes of a line it reads in one piece.
_ONE_SEGMENT_CHARS = 10_000


def _ftfy_without_it(line: str) -> str | None:
    """What ftfy, with our options, makes of ``line`` when that is told without importing it
    (its import costs more than the rest of a page's run, and the gate sends it lines it
    leaves as they are); None when ftfy must be asked.

    With no character that one of its other fixes changes (see _ALWAYS_RE, the ligatures),
    ftfy changes a line only if its mojibake detector (BADNESS_RE, whose pattern the gate
    keeps) matches it, or by NFC normalisation, after which it reads the result again.
    """
    gate = _gate()
    if gate is None or not gate.badness[0] or len(line) > _ONE_SEGMENT_CHARS:
        return None
    normal = unicodedata.normalize("NFC", line)
    for text in (line, normal) if normal != line else (line,):
        if (
            _ALWAYS_RE.search(text)
            or not gate.ligatures.isdisjoint(text)
            or gate.badness_re.search(text)
        ):
            return None
    return normal


@dataclass(frozen=True)
class _Gate:
    masks: dict[str, int]  # character -> bits of the sets it belongs to
    sets: tuple[frozenset[str], ...]  # bit i: sets[i]
    # Per branch: the bits it needs all of, and (first, second) set indices that must be side by
    # side in the line (-1 when the branch has no such pair).
    branches: tuple[tuple[int, int, int], ...]
    ligatures: frozenset[str]
    # Every character of some set (the keys of ``masks``): a line's other characters add no bit.
    chars: frozenset[str]
    # BADNESS_RE's pattern and flags, compiled (by badness_re) only when a line needs it.
    badness: tuple[str, int]
    # (first, second) -> a pattern for a character of the first set followed by one of the
    # second, compiled when a line first needs it.
    pairs: dict[tuple[int, int], re.Pattern[str]] = field(default_factory=dict, compare=False)
    # The bits a line has -> the pairs that the branches those bits allow need (None: a
    # branch allowed needs no pair). Few combinations occur; bounded all the same.
    pairs_for: dict[int, frozenset[tuple[int, int]] | None] = field(
        default_factory=dict, compare=False
    )

    def has_pair(self, line: str, first: int, second: int) -> bool:
        """Whether a character of set ``first`` is followed by one of set ``second``."""
        pattern = self.pairs.get((first, second))
        if pattern is None:
            pattern = self.pairs[(first, second)] = re.compile(
                _char_class(self.sets[first]) + _char_class(self.sets[second])
            )
        return pattern.search(line) is not None

    @cached_property
    def badness_re(self) -> re.Pattern[str]:
        """ftfy's mojibake detector, compiled here: importing ftfy to read it costs ten times
        as much."""
        pattern, flags = self.badness
        return re.compile(pattern, flags)

    @cached_property
    def marked_re(self) -> re.Pattern[str]:
        """A run of characters that send a line to ftfy (see _ALWAYS_RE), ligatures or
        characters of some set: one class, so that a line is read once, by the regex engine,
        for all three (a set's isdisjoint and intersection hash every character of the line).
        Read as runs, the marks also tell which of them stand side by side (a branch's pair)."""
        # Written "[...][...]*", not "[...]+": a pattern that starts with one class is
        # skipped to at C speed, where a repeat is tried at every character.
        marks = (
            "[" + _ALWAYS_CLASS + "".join(map(re.escape, sorted(self.ligatures | self.chars))) + "]"
        )
        return re.compile(marks + marks + "*")

    def seen(self, found: Set[str]) -> int:
        """The bits of the sets that the characters ``found`` belong to."""
        seen = 0
        masks = self.masks
        for char in found:
            seen |= masks.get(char, 0)
        return seen

    def any_branch(self, line: str, seen: int) -> bool:
        """Whether a branch whose sets are all ``seen`` in ``line`` has its pair there too.

        The places where a character of some branch's first set is followed by one of some
        branch's second set are found by one pattern, compiled once (see pair_re), and each
        is told apart by the two characters' sets: where a pattern for the pairs each
        combination of sets needs was compiled for every new combination (a few ms each, a
        fiftieth of a 60-page run), and the places are few (ftfy's pairs are rare in real
        text: about two a page, mostly none).
        """
        pairs = self._pairs_for(seen)
        if pairs is None:
            return True
        if not pairs:
            return False
        masks = self.masks
        search = self.pair_re.search
        found = search(line)
        while found is not None:
            at = found.start()
            first = masks[line[at]]
            second = masks[line[at + 1]]
            for one, other in pairs:
                if first >> one & 1 and second >> other & 1:
                    return True
            found = search(line, at + 1)
        return False

    def branch_in_runs(self, line: str, runs: list[str], seen: int) -> bool:
        """``any_branch(line, seen)``, told from ``runs``, the line's runs of marked characters
        (marked_re's matches): a pair's two characters stand side by side in one run. Most
        lines and pages have no run of two or a few, read here without reading the line
        again; one with many (a page in Cyrillic) is read by any_branch.
        """
        pairs = self._pairs_for(seen)
        if pairs is None:
            return True
        if not pairs:
            return False
        long_runs = [run for run in runs if len(run) > 1]
        if not long_runs:
            return False
        if sum(map(len, long_runs)) > _RUN_CHARS_READ:
            return self.any_branch(line, seen)
        masks = self.masks
        side_by_side = {run[at : at + 2] for run in long_runs for at in range(len(run) - 1)}
        for two in side_by_side:
            first = masks.get(two[0], 0)
            second = masks.get(two[1], 0)
            for one, other in pairs:
                if first >> one & 1 and second >> other & 1:
                    return True
        return False

    def _pairs_for(self, seen: int) -> frozenset[tuple[int, int]] | None:
        """The pairs that the branches ``seen`` allows need (None: one needs no pair), kept."""
        if seen not in self.pairs_for:
            if len(self.pairs_for) >= _PAIRS_FOR_MAX:
                self.pairs_for.clear()
            self.pairs_for[seen] = self._pairs_needed(seen)
        return self.pairs_for[seen]

    def _pairs_needed(self, seen: int) -> frozenset[tuple[int, int]] | None:
        pairs = []
        for need, first, second in self.branches:
            if seen & need != need:
                continue
            if first < 0:
                return None
            pairs.append((first, second))
        return frozenset(pairs)

    @cached_property
    def pair_re(self) -> re.Pattern[str]:
        """A character of any branch's first set followed by one of any branch's second set:
        two classes, cheap to compile, where the exact pairs (each as a look back and a class)
        cost twenty times as much."""
        firsts: set[str] = set()
        seconds: set[str] = set()
        for _need, first, second in self.branches:
            if first >= 0:
                firsts |= self.sets[first]
                seconds |= self.sets[second]
        return re.compile(_char_class(firsts) + _char_class(seconds))


_PAIRS_FOR_MAX = 512
# Runs of marked characters up to this many characters in all are read pair by pair in Python;
# a line with more has any_branch search it.
_RUN_CHARS_READ = 256


def _char_class(chars: Set[str]) -> str:
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


def _ftfy_may_change(line: str) -> bool:
    """False only when ftfy, with our options, certainly returns ``line`` unchanged."""
    if line.isascii():
        return "\x1b" in line  # a terminal escape is the one ASCII thing ftfy removes
    gate = _gate()
    if gate is None:
        return True
    # The line's characters that matter, found by one regex: most lines have none or a few
    # curly quotes.
    runs = gate.marked_re.findall(line)
    marked = "".join(runs)
    if _ALWAYS_RE.search(marked) or not gate.ligatures.isdisjoint(marked):
        return True
    if not unicodedata.is_normalized("NFC", line):
        return True
    seen = gate.seen(set(marked))
    return bool(seen) and gate.branch_in_runs(line, runs, seen)


@cache
def _gate() -> _Gate | None:
    """The detector's character sets, from the disk cache or (once per ftfy install) ftfy."""
    try:
        spec = importlib.util.find_spec("ftfy")
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent
    try:
        # A listing, not a glob: a glob compiles a regular expression, which costs more.
        stamps = []
        for name in sorted(n for n in os.listdir(folder) if n.endswith(".py")):
            info = (folder / name).stat()
            stamps.append((name, info.st_size, info.st_mtime_ns))
    except OSError:
        return None
    key = f"v{_GATE_VERSION}-{zlib.crc32(repr((str(folder), stamps)).encode()):08x}"
    data = dictionaries.cached_value("ftfy-gate", key, tuple, _read_gate, valid=_sound_gate)
    if not data:
        return None
    sets, branches, ligatures, masks, badness = data
    return _Gate(masks, sets, branches, ligatures, frozenset(masks), badness)


def _sound_gate(value: tuple[Any, ...]) -> bool:
    return not value or (
        len(value) == 5
        and all(isinstance(chars, frozenset) for chars in value[0])
        and all(isinstance(b, tuple) and len(b) == 3 for b in value[1])
        and isinstance(value[2], frozenset)
        and isinstance(value[3], dict)
        and isinstance(value[4], tuple)
        and len(value[4]) == 2
        and isinstance(value[4][0], str)
        and isinstance(value[4][1], int)
    )


def _read_gate() -> tuple[Any, ...]:
    """(sets, branches, ligatures, masks, BADNESS_RE's pattern and flags) from the installed
    ftfy; () when its detector has a shape this reading does not understand (then every
    non-ASCII line goes to ftfy, as before)."""
    try:
        return _analyse_detector()
    except Exception:  # an ftfy or Python this reading does not know: no line is ruled out
        return ()


def _analyse_detector() -> tuple[Any, ...]:
    try:
        from re import _constants as sre  # type: ignore[attr-defined]
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_constants as sre
        import sre_parse

    import ftfy.badness
    import ftfy.chardata

    def chars_of(op: Any, av: Any) -> frozenset[str] | None:
        # The non-ASCII characters one element must match; None if it is optional or may match
        # ASCII (such an element is simply not used to rule a line out).
        if op is sre.LITERAL:
            return None if av < 128 else frozenset(chr(av))
        if op is not sre.IN:
            return None
        found: set[str] = set()
        for kind, value in av:
            if kind is sre.LITERAL and value >= 128:
                found.add(chr(value))
            elif kind is sre.RANGE and value[0] >= 128:
                found.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return None
        return frozenset(found)

    pattern = ftfy.badness.BADNESS_RE
    if pattern.flags & re.IGNORECASE:
        return ()
    parsed = list(sre_parse.parse(pattern.pattern, pattern.flags))
    alternatives = parsed[0][1][1] if len(parsed) == 1 and parsed[0][0] is sre.BRANCH else [parsed]
    sets: list[frozenset[str]] = []
    branches: list[tuple[int, int, int]] = []
    for alternative in alternatives:
        indices = []
        for op, av in alternative:
            chars = chars_of(op, av)
            if chars is not None and chars not in sets:
                sets.append(chars)
            indices.append(-1 if chars is None else sets.index(chars))
        need = sum(1 << i for i in set(indices) if i >= 0)
        if not need:
            return ()  # a branch that needs no non-ASCII character: no line can be ruled out
        pair = next(((a, b) for a, b in itertools.pairwise(indices) if a >= 0 and b >= 0), (-1, -1))
        branches.append((need, *pair))
    if len(sets) > 256:
        return ()
    ligatures = frozenset(chr(c) for c in ftfy.chardata.LIGATURES)
    masks: dict[str, int] = {}
    for bit, chars in enumerate(sets):
        for char in chars:
            masks[char] = masks.get(char, 0) | 1 << bit
    # The order of ftfy's fixes that _ftfy_without_it relies on was read in these releases; with
    # another, every line the gate lets through is left to ftfy itself.
    version = str(getattr(ftfy, "__version__", ""))
    verified = version.startswith(_FTFY_ORDER_READ_IN)
    badness = (pattern.pattern, pattern.flags) if verified else ("", 0)
    return (tuple(sets), tuple(branches), ligatures, masks, badness)


_FTFY_ORDER_READ_IN = ("6.3.",)


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
    # Each test of the gate holds for a text if it holds for any of its lines (a line break
    # joins no characters and composes with none), so a text it clears has no line to repair.
    if not _ftfy_may_change(doc.text):
        return
    for line in doc.lines:
        if line.text.isascii():
            continue  # kept as before: ftfy was never asked about ASCII lines
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
    return _character_runs(
        doc.text, _ODD_SPACES, _ODD_SPACE_RE, " ", "normalize.spaces", "typographic space"
    )


@rule(
    "normalize.invisible",
    "normalize",
    "Remove zero-width spaces, word joiners, stray byte-order marks and soft hyphens",
    ("zero\u200bwidth", "zerowidth"),
)
def remove_invisible(doc: Document, ctx: Context) -> Iterator[Edit]:
    what = "invisible character"
    runs = _character_runs(doc.text, _INVISIBLE, _INVISIBLE_RE, "", "normalize.invisible", what)
    return _unless_it_moves_protected(doc, runs)


def _unless_it_moves_protected(doc: Document, edits: Iterator[Edit]) -> Iterator[Edit]:
    """The deletions that leave the protected text beside them as it was."""
    found = list(edits)
    if not found:
        return
    size = len(doc.text)
    # Asked at once: only the lines with a deletion are tokenised (Document.protected_among).
    arounds = [trusted_span(max(0, e.span.start - 1), min(size, e.span.end + 1)) for e in found]
    for edit, near in zip(found, doc.protected_among(arounds), strict=True):
        if not near or _keeps_protected(doc, edit):
            yield edit


def _keeps_protected(doc: Document, edit: Edit) -> bool:
    """Whether deleting ``edit``'s characters leaves the protected text around it as it was.

    Beside a URL or an e-mail, an invisible character can be all that separates it from the
    next word ("Müller<ZWSP>https://..."): removed, the two would be read as one token.

    The line is read before and after the deletion. A very long line is read only around the
    deletion (see _checked_region): read whole for each of its thousands of invisible
    characters, a 100 kB line took minutes.
    """
    text = doc.text
    start, end = _checked_region(text, edit.span)
    line = text[start:end]
    cut = Span(edit.span.start - start, edit.span.end - start)
    after = line[: cut.start] + line[cut.end :]
    before_spans = [line[s.start : s.end] for s in protected_spans(line)]
    after_spans = [after[s.start : s.end] for s in protected_spans(after)]
    return before_spans == after_spans


# A line up to this long is read whole for each deletion beside protected text, as a rule
# reads a line; a longer one only from _CHECK_REACH characters before the deletion to as far
# after it (widened to the nearest space within as far again, so that a word is not cut).
# Every protected shape but a code-shaped line and a bracket pair lies within a run of
# non-space characters, which the region holds unless that run is itself hundreds of
# characters long; a region cut through a URL cuts it alike before and after the deletion.
_WHOLE_LINE_CHARS = 4_000
_CHECK_REACH = 256


def _checked_region(text: str, span: Span) -> tuple[int, int]:
    """The part of ``text`` that _keeps_protected reads for a deletion at ``span``: its line,
    or the region around ``span`` when the line is longer than _WHOLE_LINE_CHARS."""
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    if line_end == -1:
        line_end = len(text)
    if line_end - line_start <= _WHOLE_LINE_CHARS:
        return line_start, line_end
    # The searches for a space are bounded, so each deletion reads at most 4 * _CHECK_REACH
    # characters however long the line is.
    start = max(line_start, span.start - _CHECK_REACH)
    if start > line_start:
        space = text.rfind(" ", max(line_start, start - _CHECK_REACH), start)
        start = space + 1 if space != -1 else start
    end = min(line_end, span.end + _CHECK_REACH)
    if end < line_end:
        space = text.find(" ", end, min(line_end, end + _CHECK_REACH))
        end = space if space != -1 else end
    return start, end


@rule(
    "normalize.control",
    "normalize",
    "Remove control characters (tabs and line breaks are kept)",
    ("bell\x07 rings", "bell rings"),
)
def remove_control(doc: Document, ctx: Context) -> Iterator[Edit]:
    # Like an invisible character, a control character can be all that keeps a URL apart from
    # the word before it ("0<US>https://..."): removed, the URL would no longer be one.
    runs = _character_runs(
        doc.text, _CONTROLS, _CONTROL_RE, "", "normalize.control", "control character"
    )
    return _unless_it_moves_protected(doc, runs)


def _character_runs(
    text: str, chars: str, pattern: re.Pattern[str], replacement: str, rule_id: str, what: str
) -> Iterator[Edit]:
    """One edit per run of unwanted characters (``chars``, which ``pattern`` finds runs of),
    naming the first one's code point."""
    # The characters are found by str.find, at C speed, where the pattern's character class
    # would be tested at every character of the text; the pattern is matched only where a run
    # starts, and reads that run alone. Most texts have none of them.
    starts = []
    for char in chars:
        if char in text:
            at = text.find(char)
            while at != -1:
                starts.append(at)
                at = text.find(char, at + 1)
    if not starts:
        return
    starts.sort()
    verb = "made plain" if replacement else "removed"
    end = -1
    for start in starts:
        if start < end:
            continue  # inside the run just found
        # A character found before this one and not in a run found already would have
        # started a run reaching this one: a run starts here.
        match = pattern.match(text, start)
        assert match is not None
        end = match.end()
        yield trusted_edit(
            trusted_span(start, end),
            replacement,
            rule_id,
            0.99,
            f"{what} U+{ord(text[start]):04X} {verb}",
        )


@rule(
    "normalize.trailing-whitespace",
    "normalize",
    "Remove spaces and tabs at the end of lines",
    ("end of line   \nnext", "end of line\nnext"),
)
def strip_trailing(doc: Document, ctx: Context) -> Iterator[Edit]:
    for start, end in _trailing_runs(doc.text):
        yield trusted_edit(
            trusted_span(start, end),
            "",
            "normalize.trailing-whitespace",
            0.99,
            "trailing whitespace removed",
        )


def _trailing_runs(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each match of _TRAILING_RE: the maximal runs of those spaces that a
    line break or the end of the text follows. Found from the line breaks that such a space
    precedes, walking back over the run (str.rstrip), in a text without "\r"."""
    if "\r" in text:
        for match in _TRAILING_RE.finditer(text):
            yield match.span()
        return
    for match in _SPACED_BREAK_RE.finditer(text):
        end = match.start()
        start = text.rfind("\n", 0, end) + 1
        yield start + len(text[start:end].rstrip(_TRAILING)), end
    if text and text[-1] in _TRAILING:
        end = len(text)
        start = text.rfind("\n") + 1
        yield start + len(text[start:end].rstrip(_TRAILING)), end


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
    if not _may_have_blank_runs(doc.text):
        return iter(())
    return blank_line_edits(doc.lines, "normalize.blank-lines", "run of blank lines collapsed")


# Two blank lines in a row, the first not the text's first line (a text without "\r"): a
# pattern that starts with a plain character, tried only at line breaks.
_BLANK_PAIR_RE = re.compile(r"\n[^\S\n]*\n[^\S\n]*(?:\n|\Z)")


def _may_have_blank_runs(text: str) -> bool:
    """False only when blank_line_edits has nothing to do: the first and the last line are not
    blank and no two blank lines are side by side. Most texts are so, and then their lines are
    not looked at one by one (the class ``[^\\S\\n]`` is what str.strip removes, but "\\n")."""
    if "\r" in text:
        return True
    first_end = text.find("\n")
    if not (text if first_end == -1 else text[:first_end]).strip():
        return True
    end = len(text) - 1 if text.endswith("\n") else len(text)
    if not text[text.rfind("\n", 0, end) + 1 : end].strip():
        return True
    return _BLANK_PAIR_RE.search(text) is not None


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
