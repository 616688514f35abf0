"""The default float type and the rules that pick an op's result dtype."""

from __future__ import annotations

import functools

import numpy as np

FLOATX = "float32"


def floatx() -> str:
    """Return the default float dtype name (``"float32"``, as in Keras)."""
    return FLOATX


def _remembered(function: object) -> object:
    """Cache a dtype rule: every op asks it, and its answer never changes.

    NOTE: NumPy's ``dtype.name`` and ``issubdtype`` are Python code that takes a
    few microseconds; asked thousands of times per training epoch, that adds up.
    Unhashable arguments (rare) skip the cache. The answers may depend on
    ``FLOATX``, which is a constant: make floatx settable, and clear these caches.
    """
    cached = functools.lru_cache(maxsize=256)(function)

    @functools.wraps(function)
    def rule(*dtypes: object) -> object:
        try:
            return cached(*dtypes)
        except TypeError:
            return function(*dtypes)

    return rule


@_remembered
def standardize_dtype(dtype: object) -> str:
    """Return the canonical string name of ``dtype`` (``np.float32`` -> ``"float32"``)."""
    if dtype is None:
        return FLOATX
    return np.dtype(dtype).name


@_remembered
def is_float(dtype: object) -> bool:
    """Whether ``dtype`` is a floating-point type."""
    return np.issubdtype(np.dtype(dtype), np.floating)


@_remembered
def result_dtype(*dtypes: object) -> str:
    """The dtype an op over inputs of ``dtypes`` produces.

    Floats win over ints and bools (so ``float32 + int64`` stays ``float32``
    instead of NumPy's float64); among floats the widest wins, as in NumPy.
    """
    names = [standardize_dtype(d) for d in dtypes if d is not None]
    floats = [d for d in names if is_float(d)]
    if floats:
        return np.result_type(*floats).name
    if not names:
        return FLOATX
    return np.result_type(*names).name
