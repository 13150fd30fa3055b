"""Start-up benchmark: what one ``textfix check`` on a one-page article costs in a fresh process.

Run from the repository root: ``python bench/startup_bench.py [--runs N]``. Each command runs N
times in fresh interpreters, round-robin so that a busy moment on a shared machine hits every
command alike, after one untimed run that warms the caches: textfix's lexicon cache (a temporary
``TEXTFIX_CACHE_DIR``) and Python's bytecode cache (a temporary ``PYTHONPYCACHEPREFIX``, since an
installed wheel ships its bytecode compiled even where a development shell sets
``PYTHONDONTWRITEBYTECODE``). Peers in the same table: the bare interpreter (the floor) and, when
installed, codespell on the same file. Also printed: the import time of ``textfix.cli`` (median
of ``-X importtime``) and its largest parts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "examples" / "000_5d31827953726566.txt"
SENTENCES = ROOT.parent / "shared" / "data" / "spell-dev" / "sentences.jsonl"
# About one printed page of prose.
PAGE_CHARACTERS = 3000
TARGET_SECONDS = 0.3
TARGET_RSS_MB = 300


@dataclass
class Command:
    name: str
    argv: list[str]
    target: str = ""
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (kB) of one fresh process."""
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, _status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = 0  # reaped by wait4: stop Popen from waiting again
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def clean_page(folder: Path) -> Path | None:
    """One page of clean English prose: the first clean sentences of spell-dev, in paragraphs."""
    if not SENTENCES.exists():
        return None
    sentences: list[str] = []
    with SENTENCES.open(encoding="utf-8") as lines:
        for line in lines:
            sentences.append(json.loads(line)["clean"].strip())
            if sum(len(s) + 1 for s in sentences) >= PAGE_CHARACTERS:
                break
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    page = folder / "clean_page.txt"
    page.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return page


def import_times(env: dict[str, str], runs: int) -> tuple[float, list[tuple[str, float]]]:
    """Median cumulative import time of textfix.cli (s) and the median self time of its
    largest modules."""
    totals: list[float] = []
    selfs: dict[str, list[float]] = {}
    line_re = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import textfix.cli"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        for match in line_re.finditer(done.stderr):
            own, cumulative, _indent, name = match.groups()
            selfs.setdefault(name, []).append(int(own) / 1e6)
            if name == "textfix.cli":
                totals.append(int(cumulative) / 1e6)
    top_level: dict[str, float] = {}
    for name, values in selfs.items():
        top_level[name] = statistics.median(values)
    largest = sorted(top_level.items(), key=lambda item: -item[1])[:8]
    return statistics.median(totals), largest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=11, help="timed runs per command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="textfix-startup-") as temp:
        folder = Path(temp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        env["TEXTFIX_CACHE_DIR"] = str(folder / "textfix-cache")
        env["PYTHONHASHSEED"] = "0"
        textfix = [sys.executable, "-m", "textfix", "check", "--isolated"]
        commands = [Command("python -c pass (floor)", [sys.executable, "-c", "pass"])]
        if SEED.exists():
            target = f"<= {TARGET_SECONDS} s"
            commands.append(Command("textfix check, seed article", [*textfix, str(SEED)], target))
        page = clean_page(folder)
        if page is not None:
            target = f"<= {TARGET_SECONDS} s"
            commands.append(Command("textfix check, clean page", [*textfix, str(page)], target))
        codespell = shutil.which("codespell") or shutil.which(
            "codespell", path=str(Path(sys.executable).parent)
        )
        if codespell and SEED.exists():
            commands.append(Command("codespell, seed article", [codespell, str(SEED)]))
        for command in commands:
            run_once(command.argv, env)  # warm the caches
        for _ in range(args.runs):
            for command in commands:
                wall, cpu, rss = run_once(command.argv, env)
                command.wall.append(wall)
                command.cpu.append(cpu)
                command.rss_kb.append(rss)
        cli_import, largest = import_times(env, args.runs)
    print(f"Fresh processes, warm caches, median of {args.runs} runs each\n")
    print("| command | wall median | wall min | CPU median | peak RSS | target |")
    print("|---|---|---|---|---|---|")
    for command in commands:
        print(
            f"| {command.name} | {statistics.median(command.wall):.3f} s "
            f"| {min(command.wall):.3f} s | {statistics.median(command.cpu):.3f} s "
            f"| {max(command.rss_kb) / 1024:.0f} MB | {command.target} |"
        )
    if not any(c.name.startswith("codespell") for c in commands):
        print("| codespell | not installed | | | | |")
    print(f"\nimport textfix.cli: {cli_import:.3f} s (median of -X importtime)")
    print(
        "largest self times: " + ", ".join(f"{name} {sec * 1000:.0f} ms" for name, sec in largest)
    )
    print(f"targets: <= {TARGET_SECONDS} s median, <= {TARGET_RSS_MB} MB resident")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
