"""The wheel carries the dictionaries, and a source checkout finds them in place."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from textfix import dictionaries

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("dist")
    # Offline: no isolated build env, the venv's hatchling builds straight from the tree.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (built,) = out.glob("textfix-*.whl")
    return built


def test_wheel_contains_dictionaries(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "textfix/_dictionaries/README.md" in names
    shipped = {
        f"textfix/_dictionaries/{p.relative_to(ROOT / 'dictionaries').as_posix()}"
        for p in (ROOT / "dictionaries").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped <= names, sorted(shipped - names)[:5]
    assert any(n.startswith("textfix/_dictionaries/languages/") for n in names)


def test_wheel_has_console_script_and_modules(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    for module in ("cli", "io", "render", "report", "__main__"):
        assert f"textfix/{module}.py" in names
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    assert "textfix = textfix.cli:main" in archive.read(entry_points).decode()


def test_source_tree_finds_dictionaries() -> None:
    # The editable / checkout case: the folder beside the package, not a copy.
    if (ROOT / "textfix" / "_dictionaries").exists():
        pytest.skip("a built copy sits inside the package")
    assert dictionaries.root() == (ROOT / "dictionaries").resolve()
    assert (dictionaries.root() / "README.md").is_file()


def test_wheel_carries_the_compiled_module(wheel: Path) -> None:
    if not any(shutil.which(name) for name in ("cc", "gcc", "clang")):
        pytest.skip("no C compiler here: the wheel is pure Python")
    if os.environ.get("TEXTFIX_PURE_PYTHON", "") not in ("", "0"):
        pytest.skip("TEXTFIX_PURE_PYTHON asks for a pure wheel")
    names = zipfile.ZipFile(wheel).namelist()
    compiled = [n for n in names if n.startswith("textfix/_speedups") and not n.endswith(".pyi")]
    assert len(compiled) == 1, compiled
    assert "textfix/_speedups.c" not in names
    assert not [n for n in names if n.startswith("textfix/_speedups_src/")]  # C sources
    assert "-none-any" not in wheel.name  # a platform wheel, tagged for this interpreter


def test_wheel_without_a_working_compiler_is_pure_python(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    pytest.importorskip("build")
    pytest.importorskip("setuptools")
    # setuptools compiles with $CC: one that always fails stands for a machine without one.
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "CC": "false", "TEXTFIX_PURE_PYTHON": ""},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "optional C module was not built" in done.stdout + done.stderr
    (built,) = tmp_path.glob("textfix-*.whl")
    assert built.name.endswith("-py3-none-any.whl")
    names = zipfile.ZipFile(built).namelist()
    assert not [
        n for n in names if n.startswith("textfix/_speedups") and n.endswith((".so", ".pyd"))
    ]
    assert "textfix/speedups.py" in names
