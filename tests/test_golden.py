"""Whole articles: each input must become its expected output, and a second pass is a no-op.

Pairs live in ``tests/golden/<name>.txt`` / ``<name>.expected.txt``; the seed article is read
from ``../shared/examples`` beside the repository, as CI lays it out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix import fix_text

HERE = Path(__file__).resolve().parent
SHARED_EXAMPLES = HERE.parent.parent / "shared" / "examples"


def _pairs() -> list[tuple[str, Path, Path]]:
    pairs = []
    for folder in (HERE / "golden", SHARED_EXAMPLES):
        for expected in sorted(folder.glob("*.expected.txt")):
            source = expected.with_name(expected.name.replace(".expected.txt", ".txt"))
            if source.exists():
                pairs.append((f"{folder.name}/{source.stem}", source, expected))
    return pairs


PAIRS = _pairs()


def test_seed_article_is_present() -> None:
    if not SHARED_EXAMPLES.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    assert any(name.startswith("examples/") for name, _, _ in PAIRS)


@pytest.mark.parametrize(("name", "source", "expected"), PAIRS, ids=[p[0] for p in PAIRS])
def test_golden(name: str, source: Path, expected: Path) -> None:
    text = source.read_bytes().decode("utf-8")
    want = expected.read_bytes().decode("utf-8")
    result = fix_text(text)
    assert result.text == want, "\n".join(result.explain())
    assert not fix_text(result.text).changed, "second pass changed the output"
    assert not fix_text(want).changed, "the expected text is not a fixed point"
