"""The ``textfix`` command: parse arguments, build Settings, call the library, render, exit.

This is the only module that imports click. ``main(argv)`` returns the exit code instead of
exiting, so tests call it directly; the console script passes it to ``sys.exit``.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, TypeVar

import click

from textfix import __version__, io, large, render, report, safety, streaming
from textfix.engine import active_rules, fix_text
from textfix.model import FixResult
from textfix.report import Outcome, Status
from textfix.rules import REGISTRY
from textfix.rules.chrome import profiles
from textfix.safety import ProtectedChanged, UnstableFix
from textfix.settings import VARIANTS, ConfigError, Settings, load_settings

if TYPE_CHECKING:
    # Imported where used: a one-page check never starts a pool or a review, and both
    # modules cost a noticeable share of start-up.
    from concurrent.futures import ProcessPoolExecutor

STDIN = "-"
F = TypeVar("F", bound=Callable[..., Any])
Handler = Callable[["Input", io.Source, FixResult], Outcome]
# A large input, fixed a piece at a time: (input, opened input, settings, verify).
Streamer = Callable[["Input", streaming.LargeInput, Settings, bool], Outcome]


@dataclass(frozen=True)
class Options:
    """What every command shares: how settings are built and how inputs are read."""

    config: Path | None = None
    isolated: bool = False
    encoding: str | None = None
    stdin_filename: str | None = None
    quiet: bool = False
    verbose: bool = False
    jobs: int = 1
    # Command-line settings, as config-file keys, for ``load_settings(overrides=...)``.
    overrides: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_click(cls, values: dict[str, Any]) -> Options:
        overrides: dict[str, Any] = {}
        for key in ("select", "ignore"):
            # ``--select a,b`` and ``--select a --select b`` mean the same, as in ruff.
            prefixes = [p.strip() for v in values[key] for p in v.split(",") if p.strip()]
            if prefixes:
                overrides[key] = prefixes
        for key in ("min_confidence", "variant", "language"):
            if values[key] is not None:
                overrides[key.replace("_", "-")] = values[key]
        return cls(
            config=values["config"],
            isolated=values["isolated"],
            encoding=values["encoding"],
            stdin_filename=values["stdin_filename"],
            quiet=values["quiet"],
            verbose=values["verbose"],
            jobs=_jobs(values.pop("jobs", 1)),
            overrides=overrides,
        )


def fix_task(text: str, settings: Settings, verify: bool) -> FixResult:
    """One input's library work; top level so that worker processes can run it.

    ``verify`` is black's ``--safe`` for prose: every protected span of the input must be in
    the output unchanged (unless chrome removed its line), or ProtectedChanged says which; and
    the text about to be written must be a fixed point, or UnstableFix names the rules that
    would change it again.
    """
    # Articles go through fix_text whole; dumps and logs (large.is_large) chunk by chunk.
    result = large.fix_large(text, settings) if large.is_large(text) else fix_text(text, settings)
    if verify and result.changed:
        again = (
            large.fix_large(result.text, settings)
            if large.is_large(result.text)
            else fix_text(result.text, settings)
        )
        safety.verify(result, again)
    return result


def _jobs(value: int) -> int:
    return value if value > 0 else (os.cpu_count() or 1)


_COMMON = (
    click.option(
        "--select",
        multiple=True,
        metavar="PREFIX",
        help="Run only rules whose id starts with PREFIX (repeatable), e.g. normalize, typos.",
    ),
    click.option(
        "--ignore",
        multiple=True,
        metavar="PREFIX",
        help="Skip rules whose id starts with PREFIX (repeatable), e.g. chrome.byline.",
    ),
    click.option(
        "--min-confidence",
        type=click.FloatRange(0.0, 1.0),
        default=None,
        help="Apply edits at or above this confidence; the rest are suggestions.",
    ),
    click.option("--variant", type=click.Choice(VARIANTS), default=None, help="Spelling variant."),
    click.option("--language", default=None, metavar="CODE", help="Article language, e.g. en."),
    click.option(
        "--config",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Use this config file instead of searching up from each file.",
    ),
    click.option("--isolated", is_flag=True, help="Ignore all config files."),
    click.option(
        "--encoding",
        default=None,
        metavar="CODEC",
        help="Read (and write back) files in CODEC instead of detecting UTF-8/UTF-16.",
    ),
    click.option(
        "--stdin-filename",
        default=None,
        metavar="NAME",
        help="Name stdin in messages and find its config from NAME.",
    ),
    click.option("-q", "--quiet", is_flag=True, help="Print errors only, no summary."),
    click.option("-v", "--verbose", is_flag=True, help="Show tracebacks of internal errors."),
)


def common_options(command: F) -> F:
    for option in reversed(_COMMON):
        command = option(command)
    return command


_FILE_OPTIONS = (
    click.argument("paths", nargs=-1, required=True, metavar="PATH..."),
    click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="Skip files and folders matching GLOB when searching folders (repeatable); "
        "adds to the config's exclude.",
    ),
    click.option(
        "--force-exclude", is_flag=True, help="Apply excludes to files named explicitly too."
    ),
    click.option(
        "--suffix",
        "suffixes",
        multiple=True,
        metavar=".EXT",
        help="File name endings searched for in folders (repeatable); "
        f"default {' '.join(io.DEFAULT_SUFFIXES)}.",
    ),
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=0),
        default=1,
        show_default=True,
        help="Worker processes for many files; 0 means one per CPU.",
    ),
    click.option(
        "--respect-gitignore/--no-respect-gitignore",
        default=True,
        show_default=True,
        help="Skip files git ignores when searching folders.",
    ),
)


def _paths_argument(command: F) -> F:
    for option in reversed(_FILE_OPTIONS):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="textfix")
def cli() -> None:
    """Turn messy scraped article text into clean text, explaining every change.

    Exit codes: 0 clean, 1 check found something to change, 2 usage or input error,
    123 internal error.
    """


# --- inputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """A file to process, or stdin (``path`` is None)."""

    name: str
    path: Path | None


@dataclass(frozen=True)
class FileOptions:
    """How PATH arguments become files."""

    paths: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    gitignore: bool = True
    suffixes: tuple[str, ...] = io.DEFAULT_SUFFIXES

    @classmethod
    def pop(cls, paths: tuple[str, ...], values: dict[str, Any]) -> FileOptions:
        suffixes = tuple(
            s.lower() if s.startswith(".") else f".{s.lower()}" for s in values.pop("suffixes")
        )
        return cls(
            paths,
            tuple(values.pop("exclude")),
            values.pop("force_exclude"),
            values.pop("respect_gitignore"),
            suffixes or io.DEFAULT_SUFFIXES,
        )


class _Run:
    """Per-run state: settings cached per folder, outcomes, and the output streams."""

    def __init__(self, command: str, options: Options) -> None:
        self.command = command
        self.options = options
        self.outcomes: list[Outcome] = []
        self.files = 0
        self.stdout: BinaryIO = sys.stdout.buffer
        self.text_out: TextIO = sys.stdout
        # Files in one folder share their config; finding it again for each is wasted I/O.
        self._config: dict[Path, Settings] = {}
        self._settings: dict[tuple[Path, tuple[int, ...]], Settings] = {}

    def _config_at(self, folder: Path) -> Settings:
        """Defaults and the config file that governs ``folder``, before the command line."""
        folder = folder.resolve() if folder.exists() else folder
        if folder not in self._config:
            o = self.options
            self._config[folder] = load_settings(folder, config=o.config, isolated=o.isolated)
        return self._config[folder]

    def _resolved(self, folder: Path, path: Path | None) -> Settings:
        """Config, then the ``[[overrides]]`` tables matching ``path``, then the command line."""
        config = self._config_at(folder)
        tables = config.overrides if path is not None else ()
        matched = tuple(i for i, table in enumerate(tables) if path and table.matches(path))
        key = (folder.resolve() if folder.exists() else folder, matched)
        if key not in self._settings:
            settings = config.for_path(path) if path is not None and matched else config
            if self.options.overrides:
                settings = settings.merged(self.options.overrides, "command line")
            self._settings[key] = settings
        return self._settings[key]

    def settings_at(self, folder: Path) -> Settings:
        return self._resolved(folder, None)

    def settings_for(self, item: Input) -> Settings:
        if item.path is not None:
            return self._resolved(item.path.parent, item.path)
        if self.options.stdin_filename:
            named = Path(self.options.stdin_filename)
            return self._resolved(named.parent, named)
        return self._resolved(Path.cwd(), None)

    def inputs(self, files: FileOptions) -> Iterator[Input]:
        """stdin first (and once: it is read whole before any file is written), then files."""
        if STDIN in files.paths:
            yield Input(self.options.stdin_filename or STDIN, None)
        for raw in files.paths:
            if raw == STDIN:
                continue
            path = Path(raw)
            try:
                excludes = self._excludes(path, files.exclude)
            except ConfigError as error:
                self.outcomes.append(Outcome(raw, Status.FAILED, str(error)))
                _error(f"{raw}: bad config: {error}")
                continue
            found = io.iter_files(
                [path],
                files.suffixes,
                excludes=excludes,
                force_exclude=files.force_exclude,
                gitignore=files.gitignore,
            )
            for file in found:
                yield Input(str(file), file)

    def _excludes(self, path: Path, extra: tuple[str, ...]) -> list[io.Exclude]:
        """``--exclude`` (relative to here) and the config's ``exclude`` (relative to it)."""
        settings = self.settings_at(path if path.is_dir() else path.parent)
        origin = settings.sources.get("exclude", "")
        base = Path(origin).parent if origin.endswith(".toml") else Path.cwd()
        return [io.Exclude(extra, Path.cwd()), io.Exclude(settings.exclude, base)]

    def read(self, item: Input) -> io.Source:
        if item.path is None:
            data = sys.stdin.buffer.read()
            return io.read_bytes_as(data, item.name, self.options.encoding)
        return io.read_path(item.path, self.options.encoding, item.name)

    def open(self, item: Input) -> io.Source | streaming.LargeInput:
        """``read``, except that a large input is left open, to be streamed."""
        if item.path is None:
            return streaming.open_input(sys.stdin.buffer, item.name, self.options.encoding)
        return streaming.open_path(item.path, self.options.encoding, item.name)

    def write(self, data: bytes | str) -> None:
        """Plain output, as UTF-8 bytes: no newline translation, whatever the locale."""
        self.text_out.flush()
        self.stdout.write(data if isinstance(data, bytes) else data.encode("utf-8", "replace"))
        self.stdout.flush()

    def copy(self, spool: BinaryIO) -> None:
        """``write`` the content of a spool file, a block at a time."""
        spool.seek(0)
        while block := spool.read(io.BLOCK):
            self.write(block)

    def run_all(
        self,
        items: Iterable[Input],
        handle: Handler,
        *,
        verify: Callable[[Input], bool] = lambda item: False,
        stream: Streamer | None = None,
    ) -> None:
        """Fix every input and give each result to ``handle``, in input order.

        Reading, writing and printing stay in this process; with ``--jobs`` above one only
        ``fix_text`` (and the second-pass check) runs in worker processes, a bounded window of
        inputs ahead so memory stays flat on large folders. With ``stream``, a large input
        (``large.is_large``) goes to it instead, read and fixed a piece at a time in this
        process, so that its memory stays bounded too.
        """
        jobs = self.options.jobs
        if jobs == 1:
            for item in items:
                self._guard(
                    item, functools.partial(self._serial, item, handle, verify(item), stream)
                )
            return
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            window: deque[tuple[Input, Callable[[], Outcome]]] = deque()
            for item in items:
                window.append((item, self._submit(pool, item, handle, verify(item), stream)))
                if len(window) >= 2 * jobs:
                    self._guard(*window.popleft())
            while window:
                self._guard(*window.popleft())

    def _serial(
        self, item: Input, handle: Handler, verify: bool, stream: Streamer | None
    ) -> Outcome:
        settings = self.settings_for(item)
        if stream is None:
            source = self.read(item)
            return handle(item, source, fix_task(source.text, settings, verify))
        opened = self.open(item)
        if isinstance(opened, streaming.LargeInput):
            return _streamed(item, opened, settings, verify, stream)
        return handle(item, opened, fix_task(opened.text, settings, verify))

    def _submit(
        self,
        pool: ProcessPoolExecutor,
        item: Input,
        handle: Handler,
        verify: bool,
        stream: Streamer | None,
    ) -> Callable[[], Outcome]:
        try:
            settings = self.settings_for(item)
            opened = self.read(item) if stream is None else self.open(item)
        except Exception as error:  # reported in input order, by _guard
            failure = error

            def fail() -> Outcome:
                raise failure

            return fail
        if isinstance(opened, streaming.LargeInput):
            assert stream is not None
            return functools.partial(_streamed, item, opened, settings, verify, stream)
        future = pool.submit(fix_task, opened.text, settings, verify)
        source = opened
        return lambda: handle(item, source, future.result())

    def _guard(self, item: Input, work: Callable[[], Outcome]) -> None:
        """Run one input's work; turn every failure into an Outcome and a message."""
        self.files += item.path is not None
        try:
            outcome = work()
        except io.BinaryFileError as error:
            outcome = Outcome(item.name, Status.SKIPPED, str(error))
            _note(f"{error}")
        except (io.InputError, io.OutputError) as error:
            outcome = Outcome(item.name, Status.FAILED, str(error))
            _error(str(error))
        except ConfigError as error:
            outcome = Outcome(item.name, Status.FAILED, str(error))
            _error(f"{item.name}: bad config: {error}")
        except ProtectedChanged as error:
            outcome = Outcome(item.name, Status.CRASHED, str(error))
            _error(
                f"{item.name}: not written: protected text {render.quoted(error.text)} on line "
                f"{error.line} would change ({error.rule}); this is a textfix bug, please "
                "report it (--fast skips this check)"
            )
        except UnstableFix as error:
            outcome = Outcome(item.name, Status.CRASHED, str(error))
            _error(
                f"{item.name}: not written: a second pass would change the fixed text again "
                f"({', '.join(error.rules)}); this is a textfix bug, please report it "
                "(--fast skips this check)"
            )
        except Exception as error:  # a bug in textfix: report it, carry on with other files
            outcome = Outcome(item.name, Status.CRASHED, repr(error))
            _error(
                f"{item.name}: internal error: {type(error).__name__}: {error} "
                "(the file was not changed; please report this"
                + (")" if self.options.verbose else ", with --verbose for the traceback)")
            )
            if self.options.verbose:
                click.echo(_traceback(), err=True, nl=False)
        self.outcomes.append(outcome)

    def finish(self, *, changes_fail: bool) -> int:
        # Stdin alone is a pipeline: its stderr stays quiet unless something goes wrong.
        if not self.options.quiet and self.files:
            _note(report.summary(self.outcomes, self.command))
        elif not self.options.quiet and not self.outcomes:
            suffixes = ", ".join(f"*{s}" for s in io.DEFAULT_SUFFIXES)
            _note(f"no files to {self.command} (folders are searched for {suffixes})")
        return report.exit_code(self.outcomes, changes_fail=changes_fail)


def _note(message: str) -> None:
    click.echo(f"textfix: {message}", err=True)


def _error(message: str) -> None:
    click.echo(f"textfix: error: {message}", err=True)


def _start(command: str, values: dict[str, Any]) -> tuple[_Run, int | None]:
    """Build the run; a broken explicit config or bad override stops it before any file."""
    options = Options.from_click(values)
    run = _Run(command, options)
    try:
        load_settings(
            None, config=options.config, isolated=options.isolated, overrides=options.overrides
        )
        if options.encoding:
            io.codec_name(options.encoding)
    except (ConfigError, io.InputError) as error:
        _error(str(error))
        return run, report.EXIT_USAGE
    return run, None


def _streamed(
    item: Input, opened: streaming.LargeInput, settings: Settings, verify: bool, stream: Streamer
) -> Outcome:
    try:
        return stream(item, opened, settings, verify)
    finally:
        opened.close()


def _outcome(item: Input, result: FixResult) -> Outcome:
    status = Status.CHANGED if result.changed else Status.UNCHANGED
    return Outcome(item.name, status, edits=len(result.edits), suggestions=len(result.suggestions))


def _summary_outcome(item: Input, summary: streaming.Summary) -> Outcome:
    status = Status.CHANGED if summary.changed else Status.UNCHANGED
    return Outcome(item.name, status, edits=summary.edits, suggestions=summary.suggestions)


# --- commands ------------------------------------------------------------------------------


@cli.command()
@_paths_argument
@click.option("--backup", metavar="SUFFIX", default=None, help="Keep the original as PATH+SUFFIX.")
@click.option(
    "--fast",
    is_flag=True,
    help="Skip the safety checks: protected text unchanged, and a second pass changes nothing.",
)
@common_options
def fix(paths: tuple[str, ...], backup: str | None, fast: bool, **values: Any) -> int:
    """Rewrite each file in place (atomically; same encoding, BOM, line endings and
    permissions). With '-', read stdin and write the cleaned text to stdout."""
    files = FileOptions.pop(paths, values)
    run, stop = _start("fix", values)
    if stop is not None:
        return stop

    def handle(item: Input, source: io.Source, result: FixResult) -> Outcome:
        data = source.encoding.encode(result.text, item.name)
        if item.path is None:
            run.write(data)
        elif result.changed:
            io.write_atomic(item.path, data, backup=backup)
            if not run.options.quiet:
                _note(f"fixed {item.name} ({len(result.edits)} edits)")
        return _outcome(item, result)

    def stream(
        item: Input, opened: streaming.LargeInput, settings: Settings, verify: bool
    ) -> Outcome:
        encode = opened.encoding.encoder(item.name)

        def fix_to(write: Callable[[bytes], object]) -> streaming.Summary:
            summary = streaming.fix_stream(
                opened.parts(),
                settings,
                name=item.name,
                write=lambda part: write(encode(part, False)),
                verify=verify,
            )
            write(encode("", True))
            return summary

        if item.path is None:
            # Spooled, so that an error halfway (a bad byte) prints nothing, as for a small input.
            with _spool() as spool:
                summary = fix_to(spool.write)
                run.copy(spool)
        else:
            with io.AtomicWriter(item.path, backup=backup) as out:
                summary = fix_to(out.write)
                if summary.changed:
                    out.commit()
            if summary.changed and not run.options.quiet:
                _note(f"fixed {item.name} ({summary.edits} edits)")
        return _summary_outcome(item, summary)

    # Files are checked before they are written; stdin loses nothing, so it is not.
    run.run_all(
        run.inputs(files),
        handle,
        verify=lambda item: item.path is not None and not fast,
        stream=stream,
    )
    return run.finish(changes_fail=False)


@cli.command()
@_paths_argument
@click.option(
    "--format",
    "style",
    type=click.Choice(["auto", "words", "unified"]),
    default="auto",
    show_default=True,
    help="auto: a word diff on a terminal, a unified diff (for patch) otherwise.",
)
@common_options
def diff(paths: tuple[str, ...], style: str, **values: Any) -> int:
    """Show what fix would change, without changing anything."""
    files = FileOptions.pop(paths, values)
    run, stop = _start("diff", values)
    if stop is not None:
        return stop
    words = style == "words" or (style == "auto" and sys.stdout.isatty())
    con = render.console(sys.stdout) if words else None

    def handle(item: Input, source: io.Source, result: FixResult) -> Outcome:
        if con is not None:
            found = report.findings(item.name, result)
            suggestions = [f for f in found if not f.applied]
            title = "<stdin>" if item.name == STDIN else item.name
            render.word_diff(
                con, title, result.original, report.changes(result, found), suggestions
            )
            sys.stdout.flush()
        else:
            run.write(render.unified_diff(result.original, result.text, item.name))
        return _outcome(item, result)

    def stream(
        item: Input, opened: streaming.LargeInput, settings: Settings, verify: bool
    ) -> Outcome:
        # Spooled, so that an error halfway (a bad byte) prints nothing, as for a small input.
        with _spool() as spool:
            diff = streaming.UnifiedDiff(item.name, spool)
            summary = streaming.fix_stream(
                opened.parts(), settings, name=item.name, pairs=diff.feed
            )
            diff.finish()
            run.copy(spool)
        return _summary_outcome(item, summary)

    # The word diff shows whole texts; the unified diff of a large input is streamed.
    run.run_all(run.inputs(files), handle, stream=None if con is not None else stream)
    return run.finish(changes_fail=False)


FORMATS = ("text", "json", "jsonl", "github", "sarif")


@cli.command()
@_paths_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: path:line:col rule before -> after; json: an array of records; jsonl: one "
    "record a line; github: workflow annotations; sarif: SARIF 2.1.0.",
)
@common_options
def check(paths: tuple[str, ...], fmt: str, **values: Any) -> int:
    """Report what fix would change; change nothing. Exit 1 if something would change."""
    files = FileOptions.pop(paths, values)
    run, stop = _start("check", values)
    if stop is not None:
        return stop
    collected: list[report.Finding] = []
    # json and sarif are one document for the whole run; the other formats print as they go.
    whole_run = fmt in ("json", "sarif")

    def as_lines(found: Sequence[report.Finding]) -> str:
        render_lines = {
            "text": render.check_text,
            "jsonl": render.check_jsonl,
            "github": render.check_github,
        }[fmt]
        return "".join(render_lines(found))

    def handle(item: Input, source: io.Source, result: FixResult) -> Outcome:
        found = report.findings(item.name, result)
        if whole_run:
            collected.extend(found)
        else:
            run.write(as_lines(found))
        return _outcome(item, result)

    def stream(
        item: Input, opened: streaming.LargeInput, settings: Settings, verify: bool
    ) -> Outcome:
        kept: list[report.Finding] = []
        # Spooled, so that an error halfway (a bad byte) prints nothing, as for a small input.
        with _spool() as spool:

            def found(batch: tuple[report.Finding, ...]) -> None:
                if whole_run:
                    kept.extend(batch)
                else:
                    spool.write(as_lines(batch).encode("utf-8", "replace"))

            summary = streaming.fix_stream(opened.parts(), settings, name=item.name, findings=found)
            run.copy(spool)
        collected.extend(kept)
        return _summary_outcome(item, summary)

    run.run_all(run.inputs(files), handle, stream=stream)
    if fmt == "json":
        run.write(render.check_json(collected))
    elif fmt == "sarif":
        run.write(render.check_sarif(collected, REGISTRY, __version__))
    return run.finish(changes_fail=True)


class _Answers:
    """Review answers: single keys on a terminal, else one answer a line (scriptable).

    After ``e`` the replacement is typed at a prompt, or in a script is the next line (an
    empty line deletes). End of input means ``q``: write what was decided and stop.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.interactive = stream.isatty()

    def key(self) -> str:
        if self.interactive:
            key = click.getchar()
            click.echo(key)
            return key
        line = self.stream.readline()
        return line.rstrip("\r\n").strip() if line else "q"

    def text(self) -> str:
        if self.interactive:
            return str(click.prompt("    your fix", default="", show_default=False))
        return self.stream.readline().rstrip("\r\n")


@cli.command()
@_paths_argument
@common_options
def review(paths: tuple[str, ...], **values: Any) -> int:
    """Walk through each change and suggestion and decide; then write the file safely.

    Keys: a accept, r reject, e type your own fix, 1-9 pick an alternative, i always ignore
    this word (added to words in the nearest config, or a new .textfix.toml at the repository
    root), A accept the rest from this rule, q write and quit. Without a terminal, answers
    are read from stdin one per line.
    """
    if STDIN in paths:
        raise click.UsageError("review reads its answers from stdin; give it file paths")
    files = FileOptions.pop(paths, values)
    run, stop = _start("review", values)
    if stop is not None:
        return stop
    answers = _Answers(sys.stdin)
    con = render.console(sys.stdout)
    ignored: set[str] = set()
    unsaved: set[str] = set()

    def remember(item: Input, word: str) -> None:
        """``i``: add the word to the config's word list now, so a crash later keeps it."""
        assert item.path is not None
        if run.options.isolated:
            unsaved.add(word)
            return
        from textfix import config_edit

        target = config_edit.target_for(item.path, run.options.config)
        try:
            added = config_edit.add_word(target, word)
        except ConfigError as error:
            _error(str(error))
            unsaved.add(word)
            return
        if added:
            _note(f"added {word!r} to words in {target}")

    def handle(item: Input, source: io.Source, result: FixResult) -> Outcome:
        from textfix.review import ReviewSession

        session = ReviewSession.from_result(result)
        # Words ignored in an earlier file of this run are ignored here too.
        session.ignored_words.update(ignored)
        total = len(session.pending())
        asked = 0
        while not session.finished and (index := session.current()) is not None:
            entry = session.items[index]
            asked = min(asked + 1, total)
            render.review_item(
                con, item.name, source.text, entry.edit, entry.applied_by_default, (asked, total)
            )
            key = answers.key()
            known = set(session.ignored_words)
            try:
                session.answer(key, answers.text() if key == "e" else None)
            except ValueError as error:
                asked -= 1
                con.print(f"    {error}", style="yellow", markup=False)
            for word in sorted(session.ignored_words - known):
                remember(item, word)
        ignored.update(session.ignored_words)
        text = session.text()
        if text == source.text:
            return Outcome(item.name, Status.UNCHANGED)
        assert item.path is not None  # review refuses stdin up front
        io.write_atomic(item.path, source.encoding.encode(text, item.name))
        _note(f"wrote {item.name} ({len(session.accepted)} changes accepted)")
        return Outcome(item.name, Status.CHANGED, edits=len(session.accepted))

    run.run_all(run.inputs(files), handle)
    if unsaved:
        # --isolated, or a config textfix could not edit safely: say what to add by hand.
        words = ", ".join(f'"{w}"' for w in sorted(unsaved))
        _note(f"to ignore these words every time, add to your config: words = [{words}]")
    return run.finish(changes_fail=False)


@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the cleaned shards (same relative paths and compression).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes.")
@click.option("--text-field", default="text", show_default=True, help="JSONL field to clean.")
@click.option("--id-field", default="id", show_default=True, help="JSONL field naming a record.")
@click.option("--site-field", default=None, help="JSONL field (or URL) grouping records by site.")
@click.option("--learn-chrome", is_flag=True, help="First learn lines repeated across a site.")
@click.option(
    "--chrome-min-documents",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="With --learn-chrome: a line is chrome when this many documents of a site have it...",
)
@click.option(
    "--chrome-min-share",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=0.2,
    show_default=True,
    help="...and at least this share of them.",
)
@click.option(
    "--metadata-field",
    default=None,
    help="JSONL field to store what chrome removal found (title, byline, date, source).",
)
@click.option("--executor", type=click.Choice(["process", "dask"]), default="process")
@click.option("--scheduler", default=None, help="Dask scheduler address.")
@click.option("--force", is_flag=True, help="Redo shards already done.")
@click.option("--retry-failed", is_flag=True, help="Redo shards that failed last time.")
@click.option(
    "--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="HTML report."
)
@common_options
def batch(
    sources: tuple[str, ...],
    out: Path,
    jobs: int | None,
    text_field: str,
    id_field: str,
    site_field: str | None,
    learn_chrome: bool,
    chrome_min_documents: int,
    chrome_min_share: float,
    metadata_field: str | None,
    executor: str,
    scheduler: str | None,
    force: bool,
    retry_failed: bool,
    report_path: Path | None,
    **values: Any,
) -> int:
    """Clean whole archives (text files, JSONL, .gz/.zst shards) into --out, in parallel.

    Reruns skip finished shards. Exit 0 when every record was cleaned, 2 when a record or
    shard failed (see textfix-errors.jsonl in --out), 123 on an internal error.
    """
    from textfix.batch import BatchError, BatchOptions, run_batch
    from textfix.report_html import write_report

    run, stop = _start("batch", values)
    if stop is not None:
        return stop
    o = run.options
    try:
        settings = load_settings(
            Path.cwd(), config=o.config, isolated=o.isolated, overrides=o.overrides
        )
        options = BatchOptions(
            settings=settings,
            jobs=jobs,
            text_field=text_field,
            id_field=id_field,
            site_field=site_field,
            learn_chrome=learn_chrome,
            chrome_min_documents=chrome_min_documents,
            chrome_min_share=chrome_min_share,
            metadata_field=metadata_field,
            executor="dask" if executor == "dask" else "process",
            scheduler=scheduler,
            force=force,
            retry_failed=retry_failed,
            report_samples=20 if report_path else 0,
        )
    except (ConfigError, BatchError) as error:
        _error(str(error))
        return report.EXIT_USAGE
    terminal = sys.stderr.isatty()
    progress = (
        render.RichProgress(render.console(sys.stderr))
        if terminal
        else render.PlainProgress(sys.stderr)
    )
    try:
        summary = run_batch(list(sources), out, options, progress=None if o.quiet else progress)
    except BatchError as error:
        _error(str(error))
        return report.EXIT_USAGE
    except Exception as error:
        _error(f"internal error: {type(error).__name__}: {error}")
        if o.verbose:
            click.echo(_traceback(), err=True, nl=False)
        return report.EXIT_INTERNAL
    finally:
        progress.stop()
    if report_path:
        write_report(summary, report_path)
    render.batch_summary(
        render.console(sys.stdout) if sys.stdout.isatty() else None, sys.stdout, summary
    )
    return report.EXIT_USAGE if summary.failed else report.EXIT_CLEAN


@cli.command()
@_paths_argument
@click.option("--site", required=True, metavar="NAME", help="Name of the site the pages come from.")
@click.option(
    "--min-share",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=0.5,
    show_default=True,
    help="A line is chrome when at least this share of the pages have it...",
)
@click.option(
    "--min-documents",
    type=click.IntRange(min=2),
    default=3,
    show_default=True,
    help="...and at least this many pages.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to save the profile (default: the user's config, sites/NAME.toml).",
)
@common_options
def learn(
    paths: tuple[str, ...],
    site: str,
    min_share: float,
    min_documents: int,
    output: Path | None,
    **values: Any,
) -> int:
    """Learn the lines that recur across many pages of one site and save them as a site
    profile, which the chrome.site-profile rule then applies. Prose inside an article body is
    never learnt, so a disclaimer that every article repeats stays."""
    files = FileOptions.pop(paths, values)
    run, stop = _start("learn", values)
    if stop is not None:
        return stop
    texts: list[str] = []
    for item in run.inputs(files):
        try:
            texts.append(run.read(item).text)
        except io.InputError as error:
            run.outcomes.append(Outcome(item.name, Status.FAILED, str(error)))
            _error(str(error))
    if not texts:
        _error("no pages to learn from")
        return report.EXIT_USAGE
    lines, documents = profiles.learn_lines(texts, min_share=min_share, min_documents=min_documents)
    safe_name = re.sub(r"[^\w.-]+", "_", site).strip("._") or "site"
    target = output or profiles.user_profiles_dir() / f"{safe_name}.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    io.write_atomic(target, profiles.dump_profile(site, lines).encode("utf-8"), create=True)
    _note(f"learnt {len(lines)} chrome lines from {documents} pages of {site}: {target}")
    return report.EXIT_USAGE if any(o.status is Status.FAILED for o in run.outcomes) else 0


@cli.command(name="config")
@click.argument("path", required=False, default=".", metavar="[PATH]")
@common_options
def config_command(path: str, **values: Any) -> int:
    """Print the settings in effect for PATH (default: here) and where each came from."""
    run, stop = _start("config", values)
    if stop is not None:
        return stop
    target = Path(path)
    try:
        if target.is_dir():
            settings = run.settings_at(target)
        else:
            # A file's settings include the [[overrides]] tables that match it.
            settings = run.settings_for(Input(path, target))
    except ConfigError as error:
        _error(str(error))
        return report.EXIT_USAGE
    rows = [
        (f.name.replace("_", "-"), getattr(settings, f.name), settings.source_of(f.name))
        for f in dataclasses.fields(settings)
        if f.name not in ("sources", "overrides")
    ]
    run.write(render.settings_toml(rows) + render.overrides_toml(settings.overrides))
    return report.EXIT_CLEAN


@cli.command(name="rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "table", "plain", "json"]),
    default="auto",
    show_default=True,
    help="auto: a table on a terminal, tab-separated lines otherwise.",
)
@common_options
def rules_command(fmt: str, **values: Any) -> int:
    """List every rule: id, phase, status under the current settings, summary, example."""
    run, stop = _start("rules", values)
    if stop is not None:
        return stop
    try:
        settings = run.settings_for(Input(STDIN, None))
    except ConfigError as error:
        _error(str(error))
        return report.EXIT_USAGE
    active = set(active_rules(settings))
    rows = [(r, _status(r, r in active, settings)) for r in REGISTRY]
    if fmt == "table" or (fmt == "auto" and sys.stdout.isatty()):
        render.rules_table(render.console(sys.stdout), rows)
    elif fmt == "json":
        run.write(render.rules_json(rows))
    else:
        run.write(render.rules_plain(rows))
    return report.EXIT_CLEAN


def _status(rule: Any, active: bool, settings: Settings) -> str:
    if active:
        return "on"
    return "opt-in" if not rule.default and settings.rule_enabled(rule.id) else "off"


# --- entry point ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        result = cli.main(args=args, prog_name="textfix", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.UsageError as error:
        error.show()
        return report.EXIT_USAGE
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except (click.Abort, KeyboardInterrupt):
        # Writes are atomic, so an interrupted run leaves every file old or new, never half.
        click.echo("textfix: interrupted", err=True)
        return 130
    except BrokenPipeError:
        # The reader went away (``textfix check . | head``): not an error worth a traceback.
        _silence_stdout()
        return report.EXIT_CLEAN
    return result if isinstance(result, int) else report.EXIT_CLEAN


def _spool() -> BinaryIO:
    """An anonymous temp file for output held back until an input is done."""
    # tempfile (with random and shutil) is imported only by the runs that spool: large inputs.
    import tempfile

    return tempfile.TemporaryFile()


def _traceback() -> str:
    import traceback  # only --verbose after a crash prints one

    return traceback.format_exc()


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the final flush does not complain."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - no real file descriptor
        pass
