"""The call context of a layer: the ``training`` flag, masks, and what ``call`` accepts.

Notebook: ``notebooks/02_layer_lifecycle.ipynb``.

When a model is called with ``training=True``, every layer inside it must see
that value, even though the model's ``call`` does not pass it on by hand. The
outermost ``__call__`` pushes it on a stack; inner calls read it back.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Iterator
from typing import Any

import numpy as np

from kitlib.utils.nest import flatten

_training_stack: list[Any] = []  # the ``training`` value of enclosing calls


def current_training() -> Any:
    """The ``training`` value of the innermost enclosing layer call (or None)."""
    return _training_stack[-1] if _training_stack else None


@contextlib.contextmanager
def training_scope(training: Any) -> Iterator[None]:
    """Make ``training`` (or, if None, the enclosing value) visible to inner calls."""
    _training_stack.append(training if training is not None else current_training())
    try:
        yield
    finally:
        _training_stack.pop()


def accepts(fn: Any, argument: str) -> bool:
    """Whether ``fn`` takes an argument called ``argument`` (or ``**kwargs``)."""
    # NOTE: ``inspect.signature`` takes ~20 us and runs on every layer call, so
    # the answer is remembered per function (a bound method's ``__func__``).
    return _function_accepts(getattr(fn, "__func__", fn), argument)


@functools.lru_cache(maxsize=1024)
def _function_accepts(fn: Any, argument: str) -> bool:
    parameters = inspect.signature(fn).parameters
    return argument in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def input_mask(inputs: Any) -> Any:
    """The ``_keras_mask`` of the input(s): one mask, a list, or None."""
    if not isinstance(inputs, list | tuple | dict):  # one tensor: no walk needed
        return getattr(inputs, "_keras_mask", None)
    masks = [getattr(t, "_keras_mask", None) for t in flatten(inputs)]
    if all(m is None for m in masks):
        return None
    return masks[0] if len(masks) == 1 else masks


def is_nested_numbers(value: Any) -> bool:
    """Whether ``value`` is a (nested) list of plain numbers, i.e. one tensor."""
    if not isinstance(value, list | tuple):
        return False
    leaves = flatten(value)
    return bool(leaves) and all(isinstance(x, int | float | np.number) for x in leaves)
