"""Notice, and undo for the duration of a check, changes learner code made to kitlib.

Notebook: every exercise notebook in ``exercises/`` (``kitlib.grading.check``).

A learner may (by accident or to "help" a check) rebind a kitlib function:
``kitlib.ops.matmul = my_matmul``, ``Layer.__call__ = ...``, or even
``kitlib.grading.checker.run_checks = ...``. The checks must judge the learner's
*exercise code* against the real kitlib, so :func:`take_snapshot` records every
function and class of every loaded ``kitlib`` module (and the methods of those
classes) when ``kitlib.grading`` is imported, and :func:`originals_restored`
puts the originals back while checks run, then re-applies the learner's
versions, so their notebook keeps behaving as they wrote it. The report names
what was replaced.

Only callables are compared: module-level data (a random generator, a counter)
legitimately changes at run time. Names a learner *adds* are ignored.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
from collections.abc import Iterator
from typing import Any

_MISSING = object()
_METHOD_TYPES = (staticmethod, classmethod, property)


def _is_tracked(value: Any) -> bool:
    return inspect.isfunction(value) or inspect.isclass(value)


def _own_classes(module: Any) -> list[type]:
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value) and value.__module__ == module.__name__
    ]


def take_snapshot() -> dict[tuple[Any, str], Any]:
    """``{(owner, name): object}`` for kitlib's functions, classes and methods."""
    snapshot: dict[tuple[Any, str], Any] = {}
    for module_name, module in list(sys.modules.items()):
        if module is None or not (
            module_name == "kitlib" or module_name.startswith("kitlib.")
        ):
            continue
        for name, value in list(vars(module).items()):
            if _is_tracked(value):
                snapshot[(module, name)] = value
        for cls in _own_classes(module):
            for name, value in list(vars(cls).items()):
                if inspect.isfunction(value) or isinstance(value, _METHOD_TYPES):
                    snapshot[(cls, name)] = value
    return snapshot


def _current(owner: Any, name: str) -> Any:
    if inspect.isclass(owner):
        return owner.__dict__.get(name, _MISSING)
    return vars(owner).get(name, _MISSING)


def _label(owner: Any, name: str) -> str:
    if inspect.isclass(owner):
        return f"{owner.__module__}.{owner.__qualname__}.{name}"
    return f"{owner.__name__}.{name}"


def changed(snapshot: dict[tuple[Any, str], Any]) -> list[tuple[Any, str]]:
    """The ``(owner, name)`` entries that now point elsewhere (or were deleted)."""
    return [key for key, value in snapshot.items() if _current(*key) is not value]


def describe(keys: list[tuple[Any, str]]) -> str:
    """A short, sorted list of the changed names for a report note."""
    labels = sorted(_label(owner, name) for owner, name in keys)
    shown = ", ".join(labels[:5]) + (
        f" and {len(labels) - 5} more" if labels[5:] else ""
    )
    return shown


@contextlib.contextmanager
def originals_restored(
    snapshot: dict[tuple[Any, str], Any], notes: list[str]
) -> Iterator[None]:
    """Run the block with kitlib's original callables; then re-apply the learner's.

    Appends a note to ``notes`` when something had been replaced.
    """
    keys = changed(snapshot)
    if not keys:
        yield
        return
    notes.append(
        f"Your code replaced parts of kitlib ({describe(keys)}). The checks ran "
        "with kitlib's own versions. Exercises ask you to write new classes and "
        "functions, not to change kitlib: restart the kernel to get kitlib back."
    )
    replaced = {key: _current(*key) for key in keys}
    for key in keys:
        _set(*key, snapshot[key])
    try:
        yield
    finally:
        for key, value in replaced.items():
            _set(*key, value)


def _set(owner: Any, name: str, value: Any) -> None:
    if value is _MISSING:
        with contextlib.suppress(AttributeError):
            delattr(owner, name)
        return
    setattr(owner, name, value)
