"""Memory: peak RSS and seconds of ``textfix fix FILE`` on large inputs, streamed vs whole.

    python bench/memory_bench.py                 # 10, 50, 100 MB and a single 10 MB line
    python bench/memory_bench.py --sizes 10 --line-mb 2 --whole-up-to 10   # a quick run

Each case runs in a fresh process, so ``ru_maxrss`` is that case's peak alone. ``streamed`` is
the command as it is (a large input is read, fixed and written a piece at a time);
``whole`` is the in-memory path for comparison (read the file, ``large.fix_large`` the
whole text with the same safety checks, ``io.write_atomic`` the bytes), run only up to
``--whole-up-to`` MB since it needs about 11 bytes per input byte. Both outputs are compared
byte for byte when both ran. Seconds are wall/CPU; on a shared machine the wall time is
noisy, so compare CPU seconds, within one run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from limits_bench import PARAGRAPH, peak_rss_mb  # noqa: E402


def article(size: int) -> bytes:
    """Article-like paragraphs (a no-break space, trailing spaces, a URL): ``size`` characters."""
    return (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size].encode("utf-8")


def one_line(size: int) -> bytes:
    """A single line of ``size`` characters (no-break spaces to fix) and no break to cut at."""
    return (("word\u00a0word " * (size // 11 + 1))[: size - 1] + "\n").encode("utf-8")


def _child(mode: str, path: str) -> None:
    """In the child: fix one file, print the exit code, seconds and peak RSS (MB)."""
    sys.path.insert(0, str(ROOT))
    from textfix import cli, io
    from textfix.settings import load_settings

    started = time.perf_counter()
    if mode == "streamed":
        code = cli.main(["fix", "--isolated", "-q", path])
    else:
        settings = load_settings(Path(path).parent, isolated=True)
        source = io.read_path(Path(path))
        result = cli.fix_task(source.text, settings, verify=True)
        if result.changed:
            io.write_atomic(Path(path), source.encoding.encode(result.text, path))
        code = 0
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{code} {seconds:.3f} {cpu:.3f} {peak_rss_mb():.0f}")


def _run(mode: str, data: bytes, timeout: float) -> tuple[str, str, str | None]:
    """(wall/CPU seconds, peak RSS MB, output digest) of one fix in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "input.txt")
        path.write_bytes(data)
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", mode, str(path)],
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        except subprocess.TimeoutExpired:
            return f"> {timeout:.0f}", "-", None
        if done.returncode != 0 or not done.stdout.strip():
            return "failed", done.stderr.strip()[-60:], None
        code, seconds, cpu, peak = done.stdout.split()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        timing = f"{float(seconds):.0f}/{float(cpu):.0f}"
        return timing, peak + ("" if code == "0" else f" (exit {code})"), digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,100", help="article sizes in MB, comma-separated")
    parser.add_argument(
        "--line-mb", type=float, default=10.0, help="single-line case, MB (0: none)"
    )
    parser.add_argument("--whole-up-to", type=float, default=10.0, help="run 'whole' up to this MB")
    parser.add_argument("--timeout", type=float, default=7200.0, help="seconds per run")
    parser.add_argument("--child", nargs=2, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    cases: list[tuple[str, float, Callable[[int], bytes]]] = [
        (f"{mb:g} MB article text", mb, article)
        for mb in (float(s) for s in args.sizes.split(",") if s)
    ]
    if args.line_mb:
        cases.append((f"one {args.line_mb:g} MB line", args.line_mb, one_line))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {shutil.which('textfix')}")
    header = ("case", "streamed s", "streamed MB", "whole s", "whole MB", "same output")
    print(
        f"{header[0]:24} {header[1]:>11} {header[2]:>12} {header[3]:>9} {header[4]:>9}  {header[5]}"
    )
    for name, mb, make in cases:
        data = make(int(mb * 1_000_000))
        seconds, peak, digest = _run("streamed", data, args.timeout)
        whole = ("-", "-", None)
        if mb <= args.whole_up_to:
            whole = _run("whole", data, args.timeout)
        same = (
            "-" if digest is None or whole[2] is None else ("yes" if digest == whole[2] else "NO")
        )
        print(f"{name:24} {seconds:>11} {peak:>12} {whole[0]:>9} {whole[1]:>9}  {same}", flush=True)


if __name__ == "__main__":
    main()
