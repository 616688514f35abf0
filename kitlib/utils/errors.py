"""Formatting helpers for learner-facing error messages (no exception classes)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def fmt_shape(shape: object) -> str:
    """Render a shape the way Keras prints it: ``(None, 5)``, ``(3,)``."""
    if shape is None:
        return "unknown"
    dims = tuple(shape)
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(str(d) for d in dims) + ")"


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """Return ``" Did you mean 'x'?"`` for the closest choice, or ``""``."""
    close = difflib.get_close_matches(str(name), list(choices), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def describe(obj: object) -> str:
    """Short description of a value for messages: type plus shape when it has one."""
    shape = getattr(obj, "shape", None)
    if shape is not None:
        return f"{type(obj).__name__} of shape {fmt_shape(shape)}"
    return type(obj).__name__


def typo_hint(missing: str, given: Iterable[str]) -> str:
    """``" You passed 'titel': a typo of 'title'?"`` when a given key is close."""
    close = difflib.get_close_matches(str(missing), [str(g) for g in given], n=1)
    return f" You passed '{close[0]}': a typo of '{missing}'?" if close else ""
