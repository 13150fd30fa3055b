import mmap
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence
from collections.abc import Set as AbstractSet

from textfix.lexicon import Lexicon
from textfix.rules.typos import AnalysisFields
from textfix.spelling import Scored

def realword_decisions(
    lowers: list[str],
    texts: list[str],
    prevs: list[str | None],
    nexts: list[str | None],
    befores: list[str],
    firsts: Container[int],
    names: Container[str],
    found_of: dict[str, tuple[str, ...]],
    user: Container[str],
    core: Container[str],
    hyphens: Iterable[int],
    chooser: Chooser,
    min_confidence: float,
    article: str,
    /,
) -> list[tuple[int, Scored | None]]: ...
def alignment_cost(
    typed: str,
    meant: str,
    inserts: list[float],
    by_letter: dict[str, list[float]],
    sub_row: Callable[[str, str], list[float]],
    delete: float,
    double: float,
    transpose: float,
    /,
) -> float: ...
def word_columns(text: str, /) -> tuple[list[bool], AnalysisFields]: ...
def word_counts(
    texts: list[str],
    lowers: list[str],
    written_lower: list[bool],
    befores: list[str],
    firsts: frozenset[int],
    counter: type[Counter[str]],
    /,
) -> tuple[Counter[str], Counter[str], Counter[str]]: ...
def language_scores(
    tokens: list[str],
    memo: dict[str, tuple[tuple[int, float], ...]],
    rows_of: Callable[[str], tuple[tuple[int, float], ...]],
    floors: tuple[float, ...],
    /,
) -> tuple[list[float], int]: ...
def sound_key(word: str, /) -> str: ...
def seen_one_edit(
    buffer: bytes | mmap.mmap,
    data: int,
    buckets: int,
    keys: Iterable[str],
    word: str,
    /,
) -> set[str]: ...
def with_siblings(words: Iterable[str], /) -> set[str]: ...
def candidate_scores(
    typed: str,
    candidates: Sequence[str],
    one_edit: int,
    prev: str | None,
    nxt: str | None,
    frequencies: dict[str, float],
    lex: Lexicon,
    lifts: dict[tuple[str, str], float],
    missing: Callable[[Lexicon, str, str], float],
    channel: Callable[[str, str], float],
    sound: Callable[[str], str],
    typed_sound: str,
    sounding: float,
    counted: AbstractSet[str] | None,
    terms: Callable[[str], tuple[float, float]] | None,
    weights: tuple[float, float, float],
    /,
) -> list[float]: ...
def written_pairs(
    lowers: list[str],
    prevs: list[str | None],
    counter: type[Counter[tuple[str, str]]],
    among: AbstractSet[str] | None,
    /,
) -> Counter[tuple[str, str]]: ...
def candidate_groups(
    buffer: bytes | mmap.mmap,
    data: int,
    buckets: int,
    word: str,
    prefix_length: int,
    max_distance: int,
    by_frequency: bool,
    /,
) -> tuple[tuple[str, ...], ...]: ...

class Chooser:
    def __init__(
        self,
        bigrams: dict[str, int],
        frequencies: dict[str, float],
        verdict: Callable[
            [str, list[tuple[str, float, float, bool]], float, float, float], Scored | None
        ],
        log_total: float,
        log_floor: float,
        lift_limit: float,
        min_gain: float,
        min_gain_one_side: float,
        frequency_weight: float,
        temperature: float,
        lead_margin: float,
        min_edit_cost: float,
        prior: float,
        prior_both: float,
        cost_first_letter: float,
        *,
        table: bool = True,
    ) -> None: ...
    def pair(self, a: str, b: str, /) -> float | None: ...
    def __call__(
        self,
        typed: str,
        prev: str | None,
        nxt: str | None,
        misfit: float,
        candidates: tuple[str, ...],
        min_confidence: float,
        sides: tuple[int | None, int | None] | None = None,
    ) -> Scored | None: ...
