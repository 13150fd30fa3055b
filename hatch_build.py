"""Build hook: compile textfix's optional C module (textfix/_speedups.c) into the wheel.

The module is optional: when no C compiler works, or ``TEXTFIX_PURE_PYTHON=1`` is set, the
wheel is built without it (a pure-Python wheel, with a warning) and textfix runs its plain
Python paths, which give the same outputs. An editable install gets the module compiled in
place beside the sources, as ``build_ext --inplace`` would, since the editable wheel points
at the source tree. Compiling goes through setuptools' build_ext, which knows each
platform's compiler and flags.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "textfix._speedups"
SOURCE = "textfix/_speedups.c"


def _compile(root: Path, work: Path) -> Path:
    """Compile the module under ``work`` and return the built file."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    # Floats must round as Python's do: no fused multiply-add (see the C file's header).
    flags = [] if sys.platform == "win32" else ["-ffp-contract=off"]
    extension = Extension(MODULE, [str(root / SOURCE)], extra_compile_args=flags)
    distribution = Distribution({"name": "textfix-speedups", "ext_modules": [extension]})
    command = build_ext(distribution)
    command.build_lib = str(work / "lib")
    command.build_temp = str(work / "temp")
    command.ensure_finalized()
    command.run()
    return Path(command.get_ext_fullpath(MODULE))


class SpeedupsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._work: Path | None = None
        if self.target_name != "wheel":
            return
        if os.environ.get("TEXTFIX_PURE_PYTHON", "") not in ("", "0"):
            self.app.display_info("textfix: TEXTFIX_PURE_PYTHON is set; C module not built")
            return
        root = Path(self.root)
        self._work = Path(tempfile.mkdtemp(prefix="textfix-speedups-"))
        try:
            built = _compile(root, self._work)
        except Exception as error:  # any compiler or setuptools failure: a pure wheel
            self.app.display_warning(
                f"textfix: the optional C module was not built ({error}); "
                "the plain Python paths will run (same outputs, slower)"
            )
            return
        if version == "editable":
            # The editable wheel points at the sources: the module goes beside them.
            shutil.copyfile(built, root / "textfix" / built.name)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"][str(built)] = f"textfix/{built.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work: Path | None = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
