"""The compiled dictionaries: memory-mapped tables, the disk cache, and the lexicon on top.

The cache tests point ``TEXTFIX_CACHE_DIR`` at a temporary folder and use small tables, so they
run in milliseconds; the lexicon tests use the process-wide lexicon (built once per dictionary
version on disk).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from textfix import dictionaries, language, lexicon
from textfix.dictionaries import Table
from textfix.lexicon import TableMapping

ITEMS = {
    "the": "7.73",
    "of the": "1770",
    "naïve": "3.1",
    "東京": "x y z",
    "a": "",
    "": "empty key",
}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(folder))
    return folder


class Builds:
    """A table builder that counts how often it was asked to build."""

    def __init__(self, items: dict[str, str]) -> None:
        self.items = items
        self.count = 0

    def __call__(self) -> Iterator[tuple[str, str]]:
        self.count += 1
        return iter(self.items.items())


def test_table_finds_every_key_and_only_them() -> None:
    table = Table(Table.build(ITEMS.items(), "k1"), "k1")
    for key, value in ITEMS.items():
        assert table.get(key) == value
    for absent in ("th", "thee", "of", "the\t", "7.73", "x", "東", "lone \ud800", "a\nthe"):
        assert table.get(absent) is None
    assert len(table) == len(ITEMS)
    assert dict(table.items()) == ITEMS


def test_table_of_nothing() -> None:
    table = Table(Table.build([], "k"), "k")
    assert table.get("anything") is None
    assert len(table) == 0
    assert list(table.items()) == []


def test_build_is_reproducible() -> None:
    assert Table.build(ITEMS.items(), "k") == Table.build(reversed(ITEMS.items()), "k")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],  # truncated
        lambda data: data[: len(data) // 2],
        lambda data: b"",
        lambda data: b"garbage" + data[7:],  # wrong magic
        lambda data: data + b"\n",  # too long
    ],
)
def test_damaged_table_is_refused(damage: object) -> None:
    data = Table.build(ITEMS.items(), "k")
    assert callable(damage)
    with pytest.raises(Exception):  # noqa: B017 - any error: the caller rebuilds
        Table(damage(data), "k")


def test_table_with_another_key_is_refused() -> None:
    with pytest.raises(ValueError, match="key"):
        Table(Table.build(ITEMS.items(), "k1"), "k2")


def test_cached_table_is_built_once_then_mapped(cache: Path) -> None:
    build = Builds(ITEMS)
    first = dictionaries.cached_table("t", "k1", build)
    second = dictionaries.cached_table("t", "k1", build)
    assert build.count == 1
    assert first.get("of the") == second.get("of the") == "1770"
    assert [p.name for p in cache.iterdir()] == ["t-k1.table"]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "flip-size"])
def test_corrupt_cache_file_is_rebuilt(cache: Path, damage: str) -> None:
    build = Builds(ITEMS)
    dictionaries.cached_table("t", "k1", build)
    file = cache / "t-k1.table"
    data = file.read_bytes()
    if damage == "truncate":
        file.write_bytes(data[: len(data) - 5])
    elif damage == "garbage":
        file.write_bytes(os.urandom(len(data)))
    elif damage == "empty":
        file.write_bytes(b"")
    else:
        file.write_bytes(data[:20] + bytes([data[20] ^ 0xFF]) + data[21:])
    table = dictionaries.cached_table("t", "k1", build)
    assert build.count == 2
    assert dict(table.items()) == ITEMS
    assert file.read_bytes() == data  # the sound copy is back for the next process


def test_changed_key_rebuilds_and_removes_the_stale_build(cache: Path) -> None:
    dictionaries.cached_table("t", "hash-a", Builds(ITEMS))
    changed = dict(ITEMS, the="9.99")
    build = Builds(changed)
    table = dictionaries.cached_table("t", "hash-b", build)
    assert build.count == 1
    assert table.get("the") == "9.99"
    assert [p.name for p in cache.iterdir()] == ["t-hash-b.table"]


def test_no_usable_cache_dir_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(blocker / "cache"))
    build = Builds(ITEMS)
    assert dictionaries.cached_table("t", "k", build).get("the") == "7.73"
    assert dictionaries.cached_value("v", "k", tuple, lambda: (1, 2)) == (1, 2)


def test_no_temporary_files_are_left(cache: Path) -> None:
    dictionaries.cached_table("t", "k", Builds(ITEMS))
    dictionaries.cached_value("v", "k", tuple, lambda: (1, 2))
    assert sorted(p.name for p in cache.iterdir()) == ["t-k.table", "v-k.marshal"]


@pytest.mark.parametrize(
    "content", [b"", b"\x00\x01 not marshal", b"\xe9\x03\x00\x00"]
)  # the last is a valid marshal of the wrong type (an int)
def test_corrupt_marshal_cache_is_rebuilt(cache: Path, content: bytes) -> None:
    calls: list[int] = []

    def build() -> tuple[int, ...]:
        calls.append(1)
        return (1, 2, 3)

    assert dictionaries.cached_value("v", "k", tuple, build) == (1, 2, 3)
    (cache / "v-k.marshal").write_bytes(content)
    assert dictionaries.cached_value("v", "k", tuple, build) == (1, 2, 3)
    assert len(calls) == 2
    assert dictionaries.cached_value("v", "k", tuple, build) == (1, 2, 3)
    assert len(calls) == 2


def test_marshal_cache_failing_its_check_is_rebuilt(cache: Path) -> None:
    dictionaries.cached_value("v", "k", tuple, lambda: (1,))
    value = dictionaries.cached_value("v", "k", tuple, lambda: (1, 2), valid=lambda v: len(v) == 2)
    assert value == (1, 2)


def test_dictionary_hash_changes_the_cache_key(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "dictionaries"
    root.mkdir()
    (root / "README.md").write_text("test dictionaries\n")
    (root / "words.tsv.gz").write_bytes(gzip.compress(b"alpha\t3.0\tc\n"))
    monkeypatch.setattr(dictionaries, "root", lambda: root)
    before = dictionaries.source_key("words.tsv.gz")
    (root / "words.tsv.gz").write_bytes(gzip.compress(b"alpha\t3.5\tc\n"))
    assert dictionaries.source_key("words.tsv.gz") != before


# --- the lexicon on top -----------------------------------------------------------------------


def _source_zipf(word: str) -> float:
    for line in dictionaries.entries(lexicon.WORDS_FILE):
        form, value, _kind = line.split("\t")
        if form == word:
            return float(value)
    return 0.0


def test_lexicon_key_names_its_sources_and_parameters() -> None:
    key = lexicon._source_key()
    for name in (lexicon.WORDS_FILE, lexicon.BIGRAMS_FILE, lexicon.VARIANTS_FILE):
        assert dictionaries.digest(name) in key
    assert f"d{lexicon.MAX_DISTANCE}" in key
    assert f"p{lexicon.PREFIX_LENGTH}" in key


def test_lexicon_answers_match_the_sources() -> None:
    lex = lexicon.lexicon()
    core = lexicon.core_words()
    assert "increasing" in core
    assert "increasng" not in core
    assert lex.frequency("the") == _source_zipf("the")
    assert lex.frequency("increasing") == lex.zipf["increasing"]
    assert lex.frequency("zzqxj") == 0.0
    assert "the" in lex.zipf
    assert lex.bigram("of", "the") > lex.bigram("the", "of") >= 0
    assert lex.bigram("zzqxj", "the") == 0
    assert ("of the" in lex.bigrams) and ("zzqxj the" not in lex.bigrams)
    assert lex.bigram_floor >= 1.0


def test_neighbours_are_common_words_one_edit_away() -> None:
    lex = lexicon.lexicon()
    words = [w for w in ("out", "form", "than", "their") if w in lex.neighbours]
    assert words
    for word in words:
        near = lex.confusables(word)
        assert near == tuple(sorted(near))
        assert all(other in lexicon.core_words() for other in near)
        assert all(other in set(lexicon.edits1(word)) for other in near)
    assert lex.confusables("zzqxj") == ()


def test_candidates_are_sorted_and_within_distance() -> None:
    lex = lexicon.lexicon()
    found = lex.candidates("incresing")
    assert ("increasing", 1) in found
    assert all(distance <= lexicon.MAX_DISTANCE for _word, distance in found)
    assert found == sorted(found, key=lambda item: (item[1], item[0]))
    assert lex.candidates("incresing") == found  # same answer from the cache


# --- the language model's table --------------------------------------------------------------


@pytest.fixture
def fresh_language(cache: Path) -> Iterator[Path]:
    def forget() -> None:
        language._table.cache_clear()
        language._header.cache_clear()
        language._memo.clear()
        language._masks.clear()
        language.clear_cache()

    forget()
    yield cache
    forget()


def test_language_model_cache_is_rebuilt_when_corrupt(fresh_language: Path) -> None:
    text = "The council voted on Tuesday to extend the night bus service to the north."
    guess = language.detect(text)
    files = list(fresh_language.glob("languages-*.table"))
    assert len(files) == 1
    sound = files[0].read_bytes()
    files[0].write_bytes(sound[: len(sound) // 3])
    language._table.cache_clear()
    language._header.cache_clear()
    language._memo.clear()
    language.clear_cache()
    assert language.detect(text) == guess
    assert files[0].read_bytes() == sound


def test_core_view_answers_as_the_set_then_hands_out_the_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = frozenset({"alpha", "beta"})
    view = lexicon.CoreWords(Table(Table.build(((w, "") for w in words), "k"), "k"))
    monkeypatch.setattr(lexicon, "SET_AFTER", 3)
    monkeypatch.setattr(dictionaries, "cached_value", lambda *args, **kwargs: words)
    asked = ["alpha", "gamma", "beta", "alpha", "gamma", "beta", 3]
    assert [w in view for w in asked] == [w in words for w in asked]
    assert view.loaded == words
    assert len(view) == 2
    assert set(view) == words


def test_core_words_are_the_sources_core_entries() -> None:
    core: list[str] = []
    others: list[str] = []
    for line in dictionaries.entries(lexicon.WORDS_FILE):
        word, _value, kind = line.split("\t")
        (core if kind == "c" else others).append(word)
    view = lexicon.core_words()
    sample = core[::997] + others[::997]
    assert [w in view for w in sample] == [w in set(core) for w in sample]
    assert len(view) == len(core)


def test_building_drops_the_old_marshal_caches(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.mkdir()
    old = [cache / f"{name}-v6-d2-p5-x.marshal" for name in ("core", "index", "lexicon")]
    for file in old:
        file.write_bytes(b"old")
    kept = cache / "en-core-v7-x.marshal"
    kept.write_bytes(b"new")
    monkeypatch.setattr(lexicon, "_source_key", lambda: "test-key")
    table = lexicon._cached_table("probe", lambda: iter([("word", "1")]))
    assert table.get("word") == "1"
    assert not any(file.exists() for file in old)
    assert kept.exists()


def test_digests_are_remembered_by_stat_and_redone_when_it_changes(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "dictionaries"
    root.mkdir()
    file = root / "list.txt"
    file.write_text("one\n")
    old = time.time_ns() - 10**10
    os.utime(file, ns=(old, old))
    monkeypatch.setattr(dictionaries, "root", lambda: root)
    dictionaries._digests.cache_clear()
    first = dictionaries.digest("list.txt")
    assert (cache / "digests.marshal").exists()
    hashed: list[bytes] = []
    real = hashlib.sha256

    def counting(data: bytes) -> object:
        hashed.append(data)
        return real(data)

    monkeypatch.setattr(hashlib, "sha256", counting)
    dictionaries._digests.cache_clear()
    assert dictionaries.digest("list.txt") == first
    assert hashed == []  # remembered across processes (the memo file), not hashed again
    file.write_text("two\n")  # same size, new time
    os.utime(file, ns=(old + 10**9, old + 10**9))
    assert dictionaries.digest("list.txt") != first
    assert hashed == [b"two\n"]
    (cache / "digests.marshal").write_bytes(b"damaged")
    dictionaries._digests.cache_clear()
    assert dictionaries.digest("list.txt") != first


def test_a_just_written_file_is_always_hashed(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "dictionaries"
    root.mkdir()
    file = root / "list.txt"
    monkeypatch.setattr(dictionaries, "root", lambda: root)
    dictionaries._digests.cache_clear()
    file.write_text("one\n")
    first = dictionaries.digest("list.txt")
    file.write_text("two\n")  # same size, maybe the same clock tick
    assert dictionaries.digest("list.txt") != first


def test_table_mapping_swaps_to_a_dict_after_enough_lookups() -> None:
    items = [("a b", "3"), ("c d", "5")]
    table = Table(Table.build(items, "k"), "k")
    loads: list[int] = []

    def load() -> dict[str, int]:
        loads.append(1)
        return {pair: int(count) for pair, count in table.items()}

    mapping = TableMapping(table, int, load=load, load_after=3)
    answers = [mapping.get(key) for key in ("a b", "x y", "c d")]
    assert mapping.loaded is None  # a short document never pays for the load
    answers += [mapping.get(key) for key in ("a b", "x y", "c d")]
    assert mapping.loaded == {"a b": 3, "c d": 5}
    assert answers == [3, None, 5] * 2
    assert "a b" in mapping and "x y" not in mapping
    assert loads == [1]


def test_bigram_counts_are_the_same_from_the_table_and_the_loaded_dict() -> None:
    lex = lexicon.lexicon()
    pairs = [("of", "the"), ("in", "the"), ("the", "the"), ("zzq", "of")]
    table = [lex.bigram(a, b) for a, b in pairs]
    loaded = lexicon._bigram_dict(lex.bigrams._table)  # type: ignore[attr-defined]
    assert [loaded.get(f"{a} {b}", 0) for a, b in pairs] == table
