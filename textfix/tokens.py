"""Words with offsets, and the spans no rule may rewrite (URLs, e-mails, code, numbers...)."""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from textfix.model import Span, trusted_span

# Words are runs of letters/digits joined by internal apostrophes, so "NATO's" and "don't" stay
# whole; hyphenated forms are two words that the typos rules look at together.
WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

# Patterns that are linear as written: each start position either fails after a bounded look or
# its match is consumed whole. Shapes that would rescan a long run from every start (dotted
# domains, e-mails, file names, unclosed comments and link targets) are found from an anchor by
# the scanners below instead; ``tests/test_limits.py`` pins this down.
_PROTECTED_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("code", re.compile(r"```.*?```|`[^`\n]+`", re.DOTALL)),
    ("html-tag", re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>\n]*)?/?>")),
    ("link-definition", re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)),
    (
        "url",
        # A scheme is at most 32 characters, so a long dotted run is not rescanned for "://".
        re.compile(
            r"\b(?:[a-z][a-z0-9+.-]{0,31}://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]",
            re.IGNORECASE,
        ),
    ),
    ("handle", re.compile(r"(?<![\w@])@\w+")),
    ("hashtag", re.compile(r"(?<![\w&#])#\w+")),
    ("path", re.compile(r"(?<!\w)(?:~|\.{1,2})?/(?:[\w.-]+/)+[\w.-]*")),
    ("identifier", re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+[A-Z][A-Za-z]*\(\)?")),
    ("number", re.compile(r"\b\w*\d(?:[\w.,:/-]*\w)?\b")),
)

# Maximal runs of word characters, hyphens and dots: the only places a domain, an e-mail's
# domain or a file name can be. Greedy and never failing, so each character is read once.
_DOTTED_RUN_RE = re.compile(r"[\w-]+(?:\.[\w-]+)*")
_TLD_RE = re.compile(
    r"\.(?:com|org|net|edu|gov|io|co|uk|de|pl|fr|es|it|ru|eu|info)\b", re.IGNORECASE
)
_EXTENSION_RE = re.compile(
    r"\.(?:py|js|ts|rs|go|java|c|h|cpp|md|txt|json|ya?ml|toml|csv|html?|css|"
    r"pdf|docx?|xlsx?|png|jpe?g|gif|svg|zip|gz|sh)\b",
    re.IGNORECASE,
)
_EMAIL_DOMAIN_RE = re.compile(r"[\w-]+(?:\.[\w-]+)+\b")
_LOCAL = frozenset(".+-")  # besides word characters, in an e-mail's local part
# RFC 5321 caps the local part at 64 characters; looking further back would be quadratic.
_EMAIL_LOCAL_MAX = 64
_WORD_CHAR_RE = re.compile(r"\w")


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _first_boundary(text: str, start: int, end: int) -> int | None:
    """The first position in ``[start, end)`` where ``\\b`` holds, as a regex would start."""
    if start < end and (start > 0 and _is_word(text[start - 1])) != _is_word(text[start]):
        return start
    found = _WORD_CHAR_RE.search(text, start, end)
    return None if found is None else found.start()


def _domains(text: str) -> Iterator[tuple[int, int]]:
    """``name.example.com``: a dotted run up to its last known top-level domain.

    Found from each top-level domain (rare) rather than from each word (every word is a run),
    walking back to the start of its run and matching forward to the run's end once.
    """
    run_end = -1
    begin = start = end = -1
    for tld in _TLD_RE.finditer(text):
        if tld.start() < run_end:
            # A later top-level domain in the same run: the match grows to it.
            if start == -1:
                first = _WORD_CHAR_RE.search(text, begin, tld.start())
                start = first.start() if first is not None else -1
            end = tld.end() if start != -1 else -1
            continue
        if end != -1:
            yield start, end
        begin = tld.start()
        while begin > 0 and (
            text[begin - 1] == "-"
            or _is_word(text[begin - 1])
            or (
                text[begin - 1] == "."
                and _is_run_char(text[begin])
                and begin > 1
                and _is_run_char(text[begin - 2])
            )
        ):
            begin -= 1
        if text[begin] == ".":
            begin += 1
        run = _DOTTED_RUN_RE.match(text, begin)
        run_end = run.end() if run is not None else tld.end()
        first = _WORD_CHAR_RE.search(text, begin, tld.start())
        start, end = (first.start(), tld.end()) if first is not None else (-1, -1)
    if end != -1:
        yield start, end


def _is_run_char(char: str) -> bool:
    return char == "-" or _is_word(char)


def _filenames(text: str) -> Iterator[tuple[int, int]]:
    """``notes.md``: a known extension and the word characters and hyphens before it."""
    floor = 0
    for ext in _EXTENSION_RE.finditer(text):
        start = ext.start()
        while start > floor and (_is_word(text[start - 1]) or text[start - 1] == "-"):
            start -= 1
        # The walk stops at the "." of an earlier extension, so each character is read once.
        begin = _first_boundary(text, start, ext.start())
        if begin is not None:
            yield begin, ext.end()
            floor = ext.end()


def _emails(text: str) -> Iterator[tuple[int, int]]:
    """``jan.kowalski@example.org``: found from each ``@``, looking back a bounded way."""
    floor = 0
    position = text.find("@")
    while position != -1:
        start = position
        limit = max(floor, position - _EMAIL_LOCAL_MAX)
        while start > limit and (_is_word(text[start - 1]) or text[start - 1] in _LOCAL):
            start -= 1
        domain = _EMAIL_DOMAIN_RE.match(text, position + 1)
        begin = _first_boundary(text, start, position)
        if domain is not None and begin is not None:
            yield begin, domain.end()
            floor = domain.end()
        else:
            floor = position + 1
        position = text.find("@", max(floor, position + 1))


def _html_comments(text: str) -> Iterator[tuple[int, int]]:
    """``<!-- ... -->``; an unclosed one protects nothing and ends the search."""
    position = text.find("<!--")
    while position != -1:
        close = text.find("-->", position + 4)
        if close == -1:
            return
        yield position, close + 3
        position = text.find("<!--", close + 3)


def _link_targets(text: str) -> Iterator[tuple[int, int]]:
    """``](target)`` within one line. The next ``)`` and line break are cached, so a long line
    of unclosed ``](`` is read once rather than once per opening."""
    position = text.find("](")
    close = brk = -2  # -2: not looked up yet; -1: there is none further on
    while position != -1:
        after = position + 2
        if close == -2 or 0 <= close < after:
            close = text.find(")", after)
        if brk == -2 or 0 <= brk < after:
            brk = text.find("\n", after)
        if close == -1:
            return
        if brk == -1 or close < brk:
            yield position, close + 1
            position = text.find("](", close + 1)
        else:
            position = text.find("](", brk + 1)


# Three of the patterns above, found from what every match holds (a digit; a lower-case run
# followed by "_" or a capital; a "/"), each matched only where a match can start: the same
# matches, where the patterns themselves, which start with a look at a word boundary, were
# tried at every character of a text.
_PATTERN = dict(_PROTECTED_PATTERNS)
_DIGIT_RE = re.compile(r"\d")
# The "_" or capital that ends an identifier's first lower-case run: a class the regex engine
# skips to, then a look back.
_IDENTIFIER_ANCHOR_RE = re.compile(r"[A-Z_](?<=[a-z][A-Z_])")


def _numbers(text: str) -> Iterator[tuple[int, int]]:
    """The "number" pattern's matches. A match starts a run of word characters that holds a
    digit (its ``\\b\\w*\\d`` can start nowhere else), so each is matched from the start of
    the run of the first digit past the last match; a match always ends with a word character
    before a non-word one, so no run is read twice."""
    pattern = _PATTERN["number"]
    found = _DIGIT_RE.search(text)
    while found is not None:
        start = found.start()
        while start > 0 and _is_word(text[start - 1]):
            start -= 1
        match = pattern.match(text, start)
        if match is None:  # cannot happen (see above); stepped over all the same
            found = _DIGIT_RE.search(text, found.end())
            continue
        yield match.span()
        found = _DIGIT_RE.search(text, match.end())


def _identifiers(text: str) -> Iterator[tuple[int, int]]:
    """The "identifier" pattern's matches. Both of its branches start a run of lower-case
    letters that a "_" or a capital ends, so each is matched from the start of the run before
    such a character (an anchor): only the anchors of runs past the last match are tried, in
    order, as the pattern would be tried from each position."""
    pattern = _PATTERN["identifier"]
    floor = 0
    for anchor in _IDENTIFIER_ANCHOR_RE.finditer(text):
        position = anchor.start()
        if position < floor:
            continue
        start = position - 1
        while start > floor and "a" <= text[start - 1] <= "z":
            start -= 1
        match = pattern.match(text, start)
        if match is not None:
            yield match.span()
            floor = match.end()


def _paths(text: str) -> Iterator[tuple[int, int]]:
    """The "path" pattern's matches. A match's first "/" is its first, second or third
    character ("/", "~/", "./", "../"), so the pattern is tried from the two characters
    before each "/" past the last match, and from the "/", in order."""
    pattern = _PATTERN["path"]
    floor = 0
    position = text.find("/")
    while position != -1:
        for start in range(max(floor, position - 2), position + 1):
            match = pattern.match(text, start)
            if match is not None:
                yield match.span()
                floor = match.end()
                break
        position = text.find("/", max(floor, position + 1))


# What every match of the "url" pattern holds: a scheme's "://" or a "www.", found from their
# ":" and "." (which the regex engine skips to; "www." as it was written would stop it at
# every "w").
_URL_ANCHOR_RE = re.compile(r":(?=//)|\.(?<=www\.)", re.IGNORECASE)
_SCHEME_MAX = 32  # the pattern's longest scheme, "://" excluded
# The scheme's characters (the pattern's class for them) that run up to a "://": a match of
# that "://" starts among them.
_SCHEME_RUN_RE = re.compile(r"[a-z0-9+.-]+\Z", re.IGNORECASE)


def _urls(text: str) -> Iterator[tuple[int, int]]:
    """The "url" pattern's matches. A match starts at its "www." or in the run of scheme
    characters, at most _SCHEME_MAX long, before its "://", so the pattern is tried from those
    positions only, in order (a scheme may hold a "www." further on: all the positions are
    gathered first)."""
    pattern = _PATTERN["url"]
    starts: set[int] = set()
    for anchor in _URL_ANCHOR_RE.finditer(text):
        position = anchor.start()
        if text[position] == ":":
            run = _SCHEME_RUN_RE.search(text, max(0, position - _SCHEME_MAX), position)
            if run is not None:
                starts.update(range(run.start(), position))
        else:
            starts.add(position - 3)  # the "www." that ends here
    floor = 0
    for start in sorted(starts):
        if start < floor:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match.span()
            floor = match.end()


def _from_mark(kind: str, mark: str) -> Callable[[str], Iterator[tuple[int, int]]]:
    """A scanner for the pattern of ``kind``, whose every match starts with ``mark``: tried at
    each ``mark`` (found at C speed) past the last match, where the pattern, which starts
    with a look behind, was tried at every character."""
    pattern = _PATTERN[kind]

    def scan(text: str) -> Iterator[tuple[int, int]]:
        position = text.find(mark)
        while position != -1:
            match = pattern.match(text, position)
            if match is not None:
                yield match.span()
                position = text.find(mark, match.end())
            else:
                position = text.find(mark, position + 1)

    return scan


# Kinds of _PROTECTED_PATTERNS found by a scanner above instead of their pattern. A scanner
# reads only around its anchors, which it finds at C speed: it reads every line at once (see
# _learn_lines), where the lines that may hold a match were picked out one by one, each by a
# search for the pattern's required text, and the pattern was tried at every character of
# those.
_SCANNED: dict[str, Callable[[str], Iterator[tuple[int, int]]]] = {
    "number": _numbers,
    "identifier": _identifiers,
    "path": _paths,
    "url": _urls,
    "handle": _from_mark("handle", "@"),
    "hashtag": _from_mark("hashtag", "#"),
}


# Code written as plain text (scraped pages lose their backticks and fences). A line is code
# when it opens like a statement or a prompt, or when code punctuation is dense in it; its
# words are then names, not misspellings. Prose must stay open to the typo rules, so every
# shape here is one that sentences do not take, and density is weighed against the words.

# Openings that make a line code whatever follows: shell prompts, shebangs, preprocessor lines,
# and statements whose second token already reads as code.
_CODE_OPENING_RE = re.compile(
    r"[ \t]*(?:"
    r"\$[ \t]+[a-z][\w.-]*(?:[ \t]|$)"
    r"|#!/"
    r"|#[ \t]*(?:include|define|ifn?def|endif|pragma|import)\b"
    r"|import[ \t]+[\w.]+(?:[ \t]+as[ \t]+\w+)?(?:,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*;?[ \t]*$"
    r"|from[ \t]+[\w.]+[ \t]+import[ \t]+(?:\*|\(|\w)"
    r"|(?:async[ \t]+)?def[ \t]+\w+[ \t]*\("
    r"|class[ \t]+\w+[ \t]*(?:\(|:|\{|extends\b|implements\b)"
    r"|(?:if|while|for|switch|catch)[ \t]*\(.*\)[ \t]*\{"
    r"|(?:function|func|fn)[ \t]+\w+[ \t]*[(<]"
    r"|(?:var|let|const)[ \t]+\w+[ \t]*[=:;]"
    r"|(?:public|private|protected|static)[ \t]+[\w<>\[\]]+[ \t]+\w+[ \t]*[(=;{]"
    r"|[a-z_][\w.]*\((?!e?s\)).*\)[ \t]*[;:{]?[ \t]*$"
    r")"
)
# The lines that may take an opening above without a code signal in them (see _code): found
# after a line break in the scan for signals, and at the start of the text.
_BARE_KEYWORDS = (
    "import",
    "from",
    "def",
    "class",
    "function",
    "func",
    "fn",
    "var",
    "let",
    "const",
    "public",
    "private",
    "protected",
    "static",
    "async",
)
_BARE_OPENING = r"[ \t]*(?:[$#]|(?:" + "|".join(_BARE_KEYWORDS) + r")[ \t])"
# The characters a line with a bare opening may start with.
_BARE_FIRST = " \t$#" + "".join(sorted({keyword[0] for keyword in _BARE_KEYWORDS}))
_BARE_OPENING_AT_START_RE = re.compile(_BARE_OPENING)
# An interpreter prompt is also a quotation mark and a bullet in prose, a sentence may start
# with "import", and "x = 5" may be arithmetic: after such an opening, one more code signal
# is enough.
_WEAK_OPENING_RE = re.compile(
    r"[ \t]*(?:>>>(?:[ \t]|$)|import[ \t]+[\w.]+[ \t]|[A-Za-z_][\w.]*[ \t]*(?:<-|=(?!=))[ \t])"
)

# Pieces of code punctuation that prose does not write: a call or an index straight after a
# name (not "word(s)", nor a count "Name(12)" unless code punctuation follows it as in
# "f(1);", nor a footnote "word[2]"), assignments (not an HTML attribute's ``="..."``, whose
# tag is protected already and may sit in prose) and comparisons, arrows and scope operators,
# opening braces, a statement's closing ";" and command-line flags. TeX commands are left
# out: Wikipedia's math markup is dense in sentences that are prose around it. Only lines
# that the scans below pick out are matched against it.
_CODE_SIGNAL_RE = re.compile(
    r"\((?<=\w\()(?!(?:s|es)\)|\d+\)(?![;:)\].]))"
    r"|\[(?<=\w\[)(?!\d+\])[^\]\s]{0,40}\]"
    r"|=(?<![=!<>:]=)(?![=>\"'\u201c\u201d\u201e\u201a])"
    r"|==|!=|:=|<=|>=|->|=>|<-(?=[ \t])|::"
    r"|\{"
    r"|;[ \t]*$"
    r"|-(?<![\w-]-)-?[a-zA-Z]",
    re.MULTILINE,
)
# The scans that find, over a whole text, the lines that may hold a code signal (a superset of
# _CODE_SIGNAL_RE's matches), the lines with a bare opening and the anchors of code tokens
# (see _code): a "." in a dotted name, a "(" after a name, "::", "->" and operators ending in
# "=". Each pattern starts with a plain character, which Python's regex engine skips to fast,
# where an alternation or a character class is tried at every character; each runs only on a
# text that holds its first character.
_CODE_SCANS = (
    (".", re.compile(r"\.(?=[A-Za-z_])(?<=\w\.)")),
    ("(", re.compile(r"\((?<=\w\()")),
    ("=", re.compile(r"=")),
    ("-", re.compile(r"-(?:>|(?<![\w-]-)-?[a-zA-Z])")),
    ("[", re.compile(r"\[(?<=\w\[)")),
    ("::", re.compile(r":(?=:)")),
    ("<-", re.compile(r"<-")),
    ("{", re.compile(r"\{")),
    (";", re.compile(r";[ \t]*$", re.MULTILINE)),
    # A look at the character after the break spares the alternation on most lines.
    ("\n", re.compile(r"\n(?=[" + _BARE_FIRST + "])" + _BARE_OPENING)),
)

# The words of a line, for the density: its tokens that hold a letter.
_LINE_WORD_RE = re.compile(r"\S*[^\W\d_]\S*")
# Code signals needed, at least, and per word of the line; twice as many per word in a line
# that opens and closes like a sentence.
_MIN_SIGNALS = 3
_SIGNALS_PER_WORD = 0.25
_SENTENCE_RE = re.compile(r"[ \t]*[\"'(\u201c]?[A-Z]\w*\b.*[.!?:][\"')\u201d]?[ \t]*$")
# A line indented as a Markdown code block (a nested list item is indented too, so not one):
# one code signal is enough unless the line reads as a sentence.
_INDENTED_RE = re.compile(r"(?: {4}|\t)[ \t]*(?![-*+][ \t]|\d+[.)][ \t])\S")


def _is_code_line(line: str) -> bool:
    """Whether ``line`` reads as code rather than prose (see _CODE_OPENING_RE and the signals)."""
    if _CODE_OPENING_RE.match(line):
        return True
    opening = _WEAK_OPENING_RE.match(line)
    if opening:
        return _CODE_SIGNAL_RE.search(line, opening.end()) is not None
    if _INDENTED_RE.match(line) and not _SENTENCE_RE.match(line):
        return _CODE_SIGNAL_RE.search(line) is not None
    signals = len(_CODE_SIGNAL_RE.findall(line))
    if signals < _MIN_SIGNALS:
        return False
    per_word = _SIGNALS_PER_WORD * (2 if _SENTENCE_RE.match(line) else 1)
    return signals >= per_word * len(_LINE_WORD_RE.findall(line))


def _code_lines(text: str, candidates: set[int]) -> Iterator[tuple[int, int]]:
    """Code-shaped lines, from their first to their last non-blank character.

    Only a line with a code signal or a bare opening can be code (``candidates``, the starts
    of such lines, found over the whole text at once): the few lines they fall on are the only
    ones read one by one.
    """
    for start in sorted(candidates):
        found = text.find("\n", start)
        line = text[start : len(text) if found == -1 else found]
        if _is_code_line(line):
            stripped = line.strip()
            if stripped:
                first = start + line.index(stripped[0])
                yield first, first + len(stripped)


# Code shapes inside prose that start with a name, found from their punctuation: the name or
# dotted name before a "(" that is called ("os.path.join()", "len(x.y)", not "word(s)"), a
# dotted lower-case name read as an attribute ("sys.argv", not "e.g."), names joined by "::"
# or "->", and the operands of an assignment or comparison operator ("lst += [5]").
_NAME_RUN_RE = re.compile(r"[\w.]*")
_DOTTED_NAME_RE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\Z")
_ATTRIBUTE_RE = re.compile(r"[a-z_][a-z0-9_]+(?:\.[a-z_][a-z0-9_]{2,})+\Z")
_CALL_ARGUMENTS_RE = re.compile(r"\((?:\)|[^()\s]{0,80}?[_.,'\"=\[\]+*%<>-][^()\s]{0,80}?\))")
_SCOPE_RE = re.compile(r"\w+(?:(?:::|->)\w+)+")
_OPERANDS_RE = re.compile(r"\w+[ \t]?(?:[-+*/%]=|==|!=|:=)[ \t]?[\w\[\]\"'.-]{1,80}")

# Code inside a sentence that starts with its own mark: the text of <code>/<pre> elements
# (to the line's end when unclosed) and TeX commands; command-line flags ("--dry-run") are
# found by the scan for "-" (see _code).
_CODE_MARKS = (
    ("<", re.compile(r"<(code|pre|kbd|samp|tt)\b[^<>\n]*>[^\n]*?(?:</\1>|$)", re.MULTILINE)),
    ("\\", re.compile(r"\\[A-Za-z]+")),
)
_FLAG_RE = re.compile(r"--[a-z][\w-]*")


def _code(text: str) -> Iterator[tuple[int, int]]:
    """Code written as plain text: marked pieces, code-shaped tokens and code-shaped lines."""
    for needed, pattern in _CODE_MARKS:
        if needed in text:
            for match in pattern.finditer(text):
                yield match.span()
    anchors: list[int] = []
    signals: list[int] = []
    # The starts of the lines with a code signal or a bare opening.
    lines: set[int] = {0} if _BARE_OPENING_AT_START_RE.match(text) else set()
    for needed, pattern in _CODE_SCANS:
        if needed[0] not in text:  # one character: found at C speed, where two are not
            continue
        for match in pattern.finditer(text):
            position = match.start()
            if needed == ".":
                anchors.append(position)
            elif needed == "\n":
                lines.add(position + 1)
            else:
                signals.append(position)
                if needed == "(" or needed == "::" or text.startswith("->", position):
                    anchors.append(position)
                elif needed == "-":
                    flag = _FLAG_RE.match(text, position)  # the scan checked what precedes
                    if flag is not None:
                        yield flag.span()
                elif needed == "=" and position and text[position - 1] in "-+*/%!:=":
                    anchors.append(position - 1)  # the operator starts before its "="
    end = -1
    for position in sorted(signals):
        if position >= end:
            # Each line is looked up once, from its first signal: linear in the text.
            lines.add(text.rfind("\n", 0, position) + 1)
            found_end = text.find("\n", position)
            end = len(text) if found_end == -1 else found_end
    yield from _code_tokens(text, sorted(anchors))
    yield from _code_lines(text, lines)


def _code_tokens(text: str, anchors: list[int]) -> Iterator[tuple[int, int]]:
    """Code-shaped tokens in prose, from their anchors (sorted, see _CODE_SCANS). Each
    character is read a bounded number of times: a name is walked back to only as far as the
    last token found."""
    floor = 0
    for position in anchors:
        if position < floor:
            continue
        start = position
        char = text[position]
        if char in "(.":
            while start > floor and (_is_word(text[start - 1]) or text[start - 1] == "."):
                start -= 1
            run = _NAME_RUN_RE.match(text, start)
            run_end = run.end() if run is not None else position
            floor = max(run_end, position + 1)
            if start > 0 and _is_word(text[start - 1]):
                continue  # the name began inside the token found before it
            name = text[start:run_end].rstrip(".")
            name_end = start + len(name)
            after = text[name_end : name_end + 1]
            if after == "(" and _DOTTED_NAME_RE.match(name):
                call = _CALL_ARGUMENTS_RE.match(text, name_end)
                if call is not None:
                    yield start, call.end()
                    floor = call.end()
                elif "." in name:
                    yield start, name_end + 1
            elif (after == "" or after not in "@-(") and _ATTRIBUTE_RE.match(name):
                yield start, name_end
            continue
        while start > floor and _is_word(text[start - 1]):
            start -= 1
        if text.startswith(("::", "->"), position):
            match = _SCOPE_RE.match(text, start)
        else:
            if start == position and start > floor and text[start - 1] in " \t":
                start -= 1
                while start > floor and _is_word(text[start - 1]):
                    start -= 1
            match = _OPERANDS_RE.match(text, start)
        if match is not None and match.end() > position:
            yield start, match.end()
            floor = match.end()
        else:
            floor = position + 1


_SCANNERS = (
    _html_comments,
    _link_targets,
    _emails,
    _domains,
    _filenames,
    _code,
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
    # A fence needs "```" or "~~~", front matter "---" or "+++" at the very start. A search for
    # one character runs at C speed, for three about twenty times slower: most texts are
    # ruled out by the first.
    if (
        not ("`" in text and "```" in text)
        and not ("~" in text and "~~~" in text)
        and not text.startswith(("---", "+++"))
    ):
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
    """Sorted, merged spans that rules must leave untouched.

    Each line's spans are cached by the line's text: every pass, and every rule group that
    changed a few lines, asks again about a text whose other lines are as they were, and chrome
    lines recur across an archive. The lines not seen yet are read together in one go. Only
    code blocks, HTML comments and a tag broken after its name can carry a span over a ``\n``
    (a ``\r`` stays inside its line here, so it is read as the whole text reads it): a text
    with any of them is read whole, uncached.
    """
    if reads_whole(text):
        return tuple(trusted_span(start, end) for start, end in _spans_in(text))
    lines = text.split("\n")
    cache = _LINE_SPANS
    if any(line not in cache for line in lines):
        _learn_lines(lines)
    spans: list[Span] = []
    offset = 0
    for line in lines:
        found = cache[line]
        if found:
            spans.extend(trusted_span(offset + start, offset + end) for start, end in found)
        offset += len(line) + 1
    # A line's spans are sorted and merged, and none reaches its line's break, so spans of
    # neighbouring lines never touch: the concatenation is merged already.
    return tuple(spans)


# Cached for the few latest texts: each rule of the normalisation phase asks about the text it
# is given twice (for its own checks and for the engine's triage), and its str hash is cached.
@lru_cache(maxsize=8)
def reads_whole(text: str) -> bool:
    """Whether a protected span may run over a line break in ``text`` (see protected_spans):
    ``_CROSS_LINE_RE.search(text)``, its branches tested apart. Two are plain strings, found
    at C speed, and the third starts with a plain character, which the regex engine skips to;
    the alternation as one pattern was tried at every character of the text."""
    # A search for one character runs at C speed, for three about twenty times slower: the
    # strings are looked for only in a text that holds their first character.
    if "<" in text and ("<!--" in text or _BROKEN_TAG_RE.search(text) is not None):
        return True
    return "`" in text and "```" in text


def touching_on_lines(text: str, spans: Sequence[Span]) -> list[bool] | None:
    """``touches_any(span, protected_spans(text))`` for each of ``spans``, reading only the lines
    they are on; None when that would not be cheaper (``text`` is read whole, or the spans are
    on most of it): the caller then reads the whole text.

    The same answers: without a shape that crosses a line break, the protected spans of
    ``text`` are its lines' spans side by side, none reaching its line's break. A span can
    only touch spans of the lines from the one it starts on to the one it ends on, and the
    first protected span ending after its start (the one touches_any tests) is among them or
    starts after the last of them, where it touches nothing either.
    """
    if reads_whole(text):
        return None
    # A span costs more read this way than a line read with the whole text: with spans on
    # most lines, the whole text is read.
    if len(spans) * 4 > text.count("\n") + 1:
        return None
    regions = []
    size = 0
    limit = len(text) // 2
    for span in spans:
        start = text.rfind("\n", 0, span.start) + 1
        end = text.find("\n", span.end)
        if end == -1:
            end = len(text)
        regions.append((start, end))
        size += end - start
        # Lines read one region at a time cost more per line than the whole text read at
        # once. Given up as soon as the regions are most of the text, each search for a line
        # break reads at most its region: linear, where many spans on one long line would
        # each read it whole.
        if size > limit:
            return None
    pieces = [text[start:end].split("\n") for start, end in regions]
    cache = _LINE_SPANS
    if any(line not in cache for lines in pieces for line in lines):
        _learn_lines([line for lines in pieces for line in lines])
    return [
        _touches_pairs(span, _pairs_of(lines, start, cache))
        for span, (start, _end), lines in zip(spans, regions, pieces, strict=True)
    ]


def _pairs_of(
    lines: list[str], offset: int, cache: dict[str, tuple[tuple[int, int], ...]]
) -> list[tuple[int, int]]:
    """The protected spans of consecutive ``lines`` starting at ``offset``, as pairs."""
    pairs: list[tuple[int, int]] = []
    for line in lines:
        pairs.extend((offset + start, offset + end) for start, end in cache[line])
        offset += len(line) + 1
    return pairs


def _touches_pairs(span: Span, pairs: list[tuple[int, int]]) -> bool:
    """touches_any over sorted, disjoint (start, end) pairs: the first one ending after the
    span's start is the only one that can touch it."""
    for start, end in pairs:
        if end <= span.start:
            continue
        if span.start == span.end:
            return start < span.start < end
        return start < span.end
    return False


# What can carry a protected span over a line break (see protected_spans).
_CROSS_LINE_RE = re.compile(r"```|<!--|</?[A-Za-z][\w:-]*\n")
_BROKEN_TAG_RE = re.compile(r"</?[A-Za-z][\w:-]*\n")

# The spans of each line, by line text; emptied when it holds too much text.
_LINE_SPANS: dict[str, tuple[tuple[int, int], ...]] = {}
_LINE_SPANS_MAX_CHARS = 1_000_000
_line_spans_chars = 0


def _learn_lines(lines: list[str]) -> None:
    """Add the spans of ``lines`` missing from the cache (all of ``lines`` end up in it)."""
    global _line_spans_chars
    cache = _LINE_SPANS
    missing = list(dict.fromkeys(line for line in lines if line not in cache))
    size = sum(map(len, missing))
    if _line_spans_chars + size > _LINE_SPANS_MAX_CHARS:
        cache.clear()
        _line_spans_chars = 0
        missing = list(dict.fromkeys(lines))
        size = sum(map(len, missing))
    # In order of first occurrence, every missing line but the last was followed by a break
    # in the text too, so joining them creates no tag broken after its name (see
    # _CROSS_LINE_RE): each pattern reads the lines it may match at once, at C speed.
    found: list[list[tuple[int, int]]] = [[] for _ in missing]
    every = range(len(missing))
    # Where each line starts when all are joined, counted at C speed (a finder that reads every
    # line, the code finder, would otherwise pay a Python step per line).
    every_start = [0, *map(operator.add, accumulate(map(len, missing[:-1])), every[1:])]
    joined = "\n".join(missing)
    for needs, matches in _FINDERS:
        chosen: Sequence[int]
        if needs is None:
            chosen, starts, text = every, every_start, joined
        else:
            # No required text holds a line break (see _NEEDS): one test of the joined lines
            # rules a finder out for all of them, sparing a test per line.
            if not needs(joined):
                continue
            chosen = [i for i, line in enumerate(missing) if needs(line)]
            if len(chosen) == len(missing):
                chosen, starts, text = every, every_start, joined
            else:
                starts = []
                offset = 0
                for i in chosen:
                    starts.append(offset)
                    offset += len(missing[i]) + 1
                text = "\n".join(missing[i] for i in chosen)
        for start, end in matches(text):
            if end > start:
                at = bisect.bisect_right(starts, start) - 1
                found[chosen[at]].append((start - starts[at], end - starts[at]))
    for line, spans in zip(missing, found, strict=True):
        cache[line] = _merged(spans)
    _line_spans_chars += size


# A text without a pattern's required characters cannot match it: a cheap test (one C-level
# scan) spares most lines most patterns. None of them holds or matches a line break, so the
# lines joined by "\n" hold one exactly when a line does (_learn_lines relies on it).
_NEEDS: dict[str, re.Pattern[str] | str] = {
    "code": "`",
    "html-tag": "<",
    "link-definition": "]:",
}


def _need(need: re.Pattern[str] | str | None) -> Callable[[str], bool] | None:
    if need is None:
        return None
    if isinstance(need, str):
        return lambda text: need in text
    return lambda text: need.search(text) is not None


def _pattern_matches(pattern: re.Pattern[str]) -> Callable[[str], Iterator[tuple[int, int]]]:
    return lambda text: (m.span() for m in pattern.finditer(text))


# (which lines may hold a span, how to find the spans) for every pattern and scanner.
_FINDERS: tuple[
    tuple[Callable[[str], bool] | None, Callable[[str], Iterator[tuple[int, int]]]], ...
] = (
    *(
        (None, _SCANNED[kind])
        if kind in _SCANNED
        else (_need(_NEEDS.get(kind)), _pattern_matches(pattern))
        for kind, pattern in _PROTECTED_PATTERNS
    ),
    (_need("<!--"), _html_comments),
    (_need("]("), _link_targets),
    (_need("@"), _emails),
    (_need("."), _domains),
    (_need("."), _filenames),
    (None, _code),
)


def _spans_in(text: str) -> tuple[tuple[int, int], ...]:
    """Protected spans of ``text`` read whole, as (start, end) pairs."""
    found: list[tuple[int, int]] = []
    for _needs, matches in _FINDERS:
        found.extend(item for item in matches(text) if item[1] > item[0])
    return _merged(found)


def _merged(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


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


# The whitespace a line may end with that textfix removes (normalize.trailing-whitespace).
LINE_END_SPACE = " \t\u00a0\u3000"


def protects_line_ends(text: str) -> bool:
    """Whether a protected span of ``text`` may hold whitespace that ends a line.

    Only shapes that run to the line's end or take any character up to a closing mark can:
    a link definition (``[x]: target  ``), an unclosed ``<code>``, a tag, an HTML comment, a
    link target and a backtick span. Every other shape is made of non-space characters or
    ends with one, and a code-shaped line is taken from its first to its last non-blank
    character. So without "<", "`" and "]" no protected span reaches a line's trailing
    whitespace, and removing it needs no tokenising. Nor without "\r": protected spans are
    read between "\n"s, so a code-shaped line may run over a "\r" and the spaces before it.
    """
    return "<" in text or "`" in text or "]" in text or "\r" in text


def whitespace_unprotected(text: str, spans: Sequence[Span]) -> bool:
    """True when none of ``spans`` can overlap a protected span of ``text``, told without
    tokenising it (see whitespace_unsure); False when that cannot be told so."""
    return whitespace_unsure(text, spans) == []


# The marks of the shapes that may hold whitespace ending a line (see protects_line_ends).
_LINE_END_MARKS = ("<", "`", "]")


def whitespace_unsure(text: str, spans: Sequence[Span]) -> list[int] | None:
    """The indices of ``spans`` that may overlap a protected span of ``text``; the others
    cannot, told without tokenising. None when no span can be told so (the caller then reads
    them all).

    Told for spans of whitespace on a line without the marks of protects_line_ends: one that
    ends its line (see there), or one inside a line that holds neither a space nor a tab
    (no-break and other typographic spaces). Of the shapes without those marks, only the
    operands of an assignment take a space or a tab inside ("x += 1"), and only a code-shaped
    line takes any other whitespace, so such a span is safe on a line that is not code-shaped.
    A line's protected spans are its own unless a shape crosses a line break (reads_whole):
    then, with a mark anywhere in the text, no span is told.
    """
    if "\r" in text:
        return None
    marked = "<" in text or "`" in text or "]" in text
    if marked and reads_whole(text):
        return None
    size = len(text)
    # Line start -> whether the line may hold protected whitespace where the span is.
    lines: dict[tuple[int, bool], bool] = {}
    unsure: list[int] = []
    for index, span in enumerate(spans):
        piece = text[span.start : span.end]
        if not piece.isspace() or "\n" in piece:
            unsure.append(index)  # also an empty span (an insertion point)
            continue
        at_end = span.end == size or text[span.end] == "\n"
        if at_end and not marked:
            continue
        if not at_end and (" " in piece or "\t" in piece):
            unsure.append(index)
            continue
        start = text.rfind("\n", 0, span.start) + 1
        risky = lines.get((start, at_end))
        if risky is None:
            end = text.find("\n", span.end)
            line = text[start : size if end == -1 else end]
            risky = (marked and any(mark in line for mark in _LINE_END_MARKS)) or (
                not at_end and _is_code_line(line)
            )
            lines[(start, at_end)] = risky
        if risky:
            unsure.append(index)
    return unsure
