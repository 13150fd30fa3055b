"""Shard I/O: compression, JSONL records kept as they were, atomic writes."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from textfix import shards


def _write(path: Path, data: bytes) -> None:
    with shards.open_output(path) as stream:
        stream.write(data)


def _read(path: Path) -> bytes:
    with shards.open_input(path) as (stream, _counter):
        return stream.read()


def test_names_say_kind_and_compression() -> None:
    assert shards.compression_of(Path("a.jsonl.gz")) == "gz"
    assert shards.compression_of(Path("a.JSONL.ZST")) == "zst"
    assert shards.compression_of(Path("a.txt")) == "none"
    assert shards.kind_of(Path("a.jsonl.gz")) == "jsonl"
    assert shards.kind_of(Path("a.ndjson")) == "jsonl"
    assert shards.kind_of(Path("a.txt.zst")) == "text"
    assert shards.is_shard_name(Path("x/a.txt.gz"))
    assert not shards.is_shard_name(Path("x/a.csv"))
    assert not shards.is_shard_name(Path(f"x/.a.txt{shards.TEMP_MARKER}1.part"))


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz", "a.jsonl.zst"])
def test_round_trip_and_counts_on_disk_bytes(tmp_path: Path, name: str) -> None:
    if name.endswith(".zst"):
        pytest.importorskip("zstandard")
    data = "".join(f'{{"text": "line {i} é"}}\n' for i in range(2000)).encode()
    path = tmp_path / name
    _write(path, data)
    with shards.open_input(path) as (stream, counter):
        assert stream.read() == data
        while counter.read(1 << 16):
            pass
        assert counter.count == path.stat().st_size
    if name.endswith(".gz"):
        assert gzip.decompress(path.read_bytes()) == data


def test_gzip_output_is_reproducible(tmp_path: Path) -> None:
    # No timestamp or file name in the header: reruns and other executors give the same bytes.
    _write(tmp_path / "a.txt.gz", b"same\n")
    _write(tmp_path / "b.txt.gz", b"same\n")
    assert (tmp_path / "a.txt.gz").read_bytes() == (tmp_path / "b.txt.gz").read_bytes()


def test_atomic_file_leaves_old_content_and_no_temp_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl.gz"
    _write(target, b"old\n")
    with pytest.raises(KeyboardInterrupt), shards.open_output(target) as stream:
        stream.write(b"half")
        raise KeyboardInterrupt
    assert _read(target) == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl.gz"]


def test_sweep_removes_only_temp_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    stale = tmp_path / "sub" / f".a.jsonl{shards.TEMP_MARKER}x.part"
    stale.write_bytes(b"partial")
    keep = tmp_path / "sub" / "a.jsonl"
    keep.write_bytes(b"{}\n")
    assert shards.sweep_temp_files(tmp_path) == 1
    assert not stale.exists() and keep.exists()


def test_jsonl_records_report_problems_with_line_numbers() -> None:
    raw = (
        b'\xef\xbb\xbf{"id": "a", "text": "one"}\n'
        b"\n"
        b"not json\n"
        b"[1, 2]\n"
        b'{"id": "e", "body": "no text"}\n'
        b'{"id": "f", "text": 5}\r\n'
        b'{"id": "g", "text": "last"}'
    )
    records = list(shards.read_jsonl_records(io.BytesIO(raw), "text"))
    assert [r.line for r in records] == [1, 2, 3, 4, 5, 6, 7]
    assert records[0].text == "one" and records[0].bom
    assert records[1].text is None and records[1].problem is None  # blank line, kept as is
    assert records[2].problem is not None and "invalid JSON" in records[2].problem
    assert records[3].problem == "record is not a JSON object"
    assert records[4].problem == "no field 'text'"
    assert shards.record_id(records[4], "id") == "e"
    assert records[5].problem == "field 'text' is not a string"
    assert records[6].text == "last"
    # Every raw line is kept byte for byte, so failing records can be written back untouched.
    assert b"".join(r.raw for r in records) == raw


def test_jsonl_encoding_keeps_fields_order_and_line_style() -> None:
    def encode(line: bytes, text: str) -> bytes:
        (record,) = shards.read_jsonl_records(io.BytesIO(line), "text")
        return shards.encode_jsonl_record(record, "text", text, {})

    spaced = b'{"url": "https://x.org/\\u00e9", "text": "a\\u00a0b", "n": 1.5, "tags": ["x"]}\n'
    assert encode(spaced, "a b") == (
        b'{"url": "https://x.org/\\u00e9", "text": "a b", "n": 1.5, "tags": ["x"]}\n'
    )
    compact = '{"text":"caf\u00e9\u00a0x","meta":{"k":null}}\r\n'.encode()
    assert encode(compact, "café x") == '{"text":"café x","meta":{"k":null}}\r\n'.encode()
    surrogate = b'{"text": "\\ud800 x"}'
    assert json.loads(encode(surrogate, "\ud800 y")) == {"text": "\ud800 y"}


def test_text_documents_keep_encoding_and_bom() -> None:
    data = "\ufeffline one\r\nline two\r\n".encode("utf-16-le")
    record = shards.read_text_document(io.BytesIO(b"\xff\xfe" + data[2:]), "a.txt")
    assert record.text == "line one\r\nline two\r\n"
    assert shards.encode_text_document(record, record.text, "a.txt") == b"\xff\xfe" + data[2:]
    bad = shards.read_text_document(io.BytesIO(b"caf\xe9\n"), "a.txt")
    assert bad.text is None and bad.problem is not None and "not valid utf-8" in bad.problem
