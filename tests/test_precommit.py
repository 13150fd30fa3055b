"""The pre-commit hooks, run by pre-commit itself against a temporary git repository.

Skipped when ``pre-commit`` is not installed or the package index cannot be reached quickly:
pre-commit installs textfix and its dependencies into a fresh environment.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _index_reachable() -> bool:
    url = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple")
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return True
    host = parsed.hostname or "pypi.org"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def _pre_commit() -> str | None:
    """pre-commit on PATH, or beside this interpreter (a venv that was not activated, as CI)."""
    beside = Path(sys.executable).parent / "pre-commit"
    return shutil.which("pre-commit") or (str(beside) if beside.exists() else None)


PRE_COMMIT = _pre_commit()

pytestmark = [
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_try_repo_check_and_fix_hooks(tmp_path: Path) -> None:
    if not _index_reachable():
        pytest.skip("the package index is not reachable")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "x.md").write_bytes("Some\u00a0prose with trailing spaces.   \n".encode())
    (repo / "clean.md").write_bytes(b"Some clean prose.\n")
    _git(repo, "add", "x.md", "clean.md")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def try_repo(hook: str, *files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(ROOT), hook, "--verbose", "--files", *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    done = try_repo("textfix-check", "x.md")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "x.md:1:5 normalize.spaces" in done.stdout
    assert (repo / "x.md").read_bytes() == "Some\u00a0prose with trailing spaces.   \n".encode()
    done = try_repo("textfix-check", "clean.md")
    assert done.returncode == 0, done.stdout + done.stderr
    done = try_repo("textfix-fix", "x.md")
    # pre-commit fails a hook that changed files, so the author sees and stages the fix.
    assert done.returncode == 1, done.stdout + done.stderr
    assert (repo / "x.md").read_bytes() == b"Some prose with trailing spaces.\n"
