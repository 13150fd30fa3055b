"""The compiled inner loops (``textfix._speedups``), when the build made them.

The C module is optional: a wheel built without a C compiler, or a run with
``TEXTFIX_PURE_PYTHON=1`` in the environment, takes the plain Python paths, which give the same
outputs (the tests run both). Callers read :data:`compiled` when they start a document, so a
test can switch it.
"""

from __future__ import annotations

import os
from types import ModuleType


def _load() -> ModuleType | None:
    if os.environ.get("TEXTFIX_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from textfix import _speedups
    except ImportError:
        return None
    return _speedups


compiled: ModuleType | None = _load()
