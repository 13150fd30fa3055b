"""Limits: pathological inputs and large files through ``textfix fix``, time and peak memory.

    python bench/limits_bench.py            # pathological inputs and 10/20/40 MB files
    python bench/limits_bench.py --big      # also a 100 MB file and a single 10 MB line

Each case runs in a fresh process (``textfix fix --isolated -q FILE`` on a temp file), so the
peak resident memory is that case's alone. The table shows seconds, MB/s and peak RSS; for the
growing sizes, time should grow about linearly and memory stay flat (large inputs are
streamed). ``bench/memory_bench.py`` compares that memory with the whole-text path.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPH = (
    "The government said on Monday that it would raise\u00a0spending on renewable energy, "
    "a move critics called too slow.   \n"
    "Officials in Riga and Vilnius welcomed the plan, see https://example.com/a_b for details.\n\n"
)


def _article_text(size: int) -> str:
    return PARAGRAPH * (size // len(PARAGRAPH) + 1)


CASES: dict[str, Callable[[], str]] = {
    "1 MB of one character": lambda: "a" * 1_000_000,
    "1 MB of spaces": lambda: " " * 1_000_000 + "\n",
    "10k nested quotes": lambda: '"' * 5_000 + "word" + '"' * 5_000 + "\n",
    "20k nested brackets": lambda: "(" * 5_000 + "[" * 5_000 + "x" + "]" * 5_000 + ")" * 5_000,
    "a million blank lines": lambda: "a\n" + "\n" * 1_000_000 + "b\n",
    "1 MB of a.a.a. (dotted run)": lambda: "a." * 500_000,
    "1 MB of a-a-a- (hyphen run)": lambda: "a-" * 500_000,
    "1 MB of unclosed <!--": lambda: "<!--" * 250_000,
    "1 MB of unclosed ](": lambda: "[a](" * 250_000,
    "1 MB line of words": lambda: "word " * 200_000 + "\n",
    "100 kB line, invisible beside URLs": lambda: (
        " ".join(f"see\u200bhttps://example.com/p{i}\u200b ok" for i in range(3_700)) + "\n"
    ),
    "10 MB article text": lambda: _article_text(10_000_000),
    "20 MB article text": lambda: _article_text(20_000_000),
    "40 MB article text": lambda: _article_text(40_000_000),
}
BIG = {
    "100 MB article text": lambda: _article_text(100_000_000),
    "one 10 MB line": lambda: ("word\u00a0word " * 1_000_000)[:10_000_000] + "\n",
}


def peak_rss_mb() -> float:
    """This process's own peak RSS. Not ``ru_maxrss`` where /proc has better: Linux carries
    the parent's high-water mark over ``fork`` and ``exec`` into it, so a child started by a
    parent that held 100 MB of input would report at least that."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kb) / 1024


def _child(path: str) -> None:
    """Run in the child: fix one file, print seconds and peak RSS (MB)."""
    sys.path.insert(0, str(ROOT))
    from textfix import cli

    started = time.perf_counter()
    code = cli.main(["fix", "--isolated", "-q", path])
    seconds = time.perf_counter() - started
    print(f"{code} {seconds:.3f} {peak_rss_mb():.0f}")


def _run(name: str, make: Callable[[], str], timeout: float) -> tuple[str, str, str, str, str]:
    text = make()
    data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "input.txt")
        path.write_bytes(data)
        del text
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        except subprocess.TimeoutExpired:
            return name, f"{len(data) / 1e6:.1f}", f"> {timeout:.0f}", "-", "timeout"
    if done.returncode != 0 or not done.stdout.strip():
        return name, f"{len(data) / 1e6:.1f}", "-", "-", f"failed: {done.stderr.strip()[-80:]}"
    code, seconds, peak = done.stdout.split()
    rate = len(data) / 1e6 / max(float(seconds), 1e-9)
    return (
        name,
        f"{len(data) / 1e6:.1f}",
        f"{float(seconds):.2f}",
        f"{rate:.1f}",
        f"{peak} (exit {code})",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="add the 100 MB and 10 MB-line cases")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case")
    parser.add_argument("--only", default=None, help="run the cases whose name has this text")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    cases = {**CASES, **(BIG if args.big else {})}
    header = ("case", "MB", "seconds", "MB/s", "peak RSS MB")
    print(f"{header[0]:32} {header[1]:>7} {header[2]:>9} {header[3]:>7}  {header[4]}")
    for name, make in cases.items():
        if args.only and args.only not in name:
            continue
        row = _run(name, make, args.timeout)
        print(f"{row[0]:32} {row[1]:>7} {row[2]:>9} {row[3]:>7}  {row[4]}", flush=True)


if __name__ == "__main__":
    main()
