"""Small helpers shared by the exercises' public checks.

Notebook: every exercise notebook in ``exercises/``.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from kitlib.grading.exercise import fail
from kitlib.utils.errors import fmt_shape


def array(value: Any) -> np.ndarray:
    """A NumPy array from a Tensor, Variable, array or number."""
    return np.asarray(getattr(value, "value", value))


def close(actual: Any, expected: Any, rtol: float = 1e-5, atol: float = 1e-6) -> bool:
    """True when both have the same shape and values within tolerance."""
    actual, expected = array(actual), array(expected)
    return actual.shape == expected.shape and bool(
        np.allclose(actual, expected, rtol=rtol, atol=atol)
    )


def require_class(value: Any, name: str, base: type, forbidden: tuple = ()) -> type:
    """Fail unless ``value`` is a subclass of ``base`` and of none of ``forbidden``."""
    if not inspect.isclass(value) or not issubclass(value, base):
        fail(
            f"{name} should be a class that subclasses {base.__module__.split('.')[0]}."
            f"{base.__name__}, but it is {value!r}. Start with "
            f"'class {name}({base.__name__}):'."
        )
    for other in forbidden:
        if issubclass(value, other):
            fail(
                f"{name} subclasses kitlib's own {other.__name__}, so it would pass "
                f"without your code. Subclass {base.__name__} and write the methods "
                "yourself."
            )
    return value


def require_function(value: Any, name: str) -> Any:
    """Fail unless ``value`` is callable."""
    if not callable(value):
        fail(f"{name} should be a function, but it is {value!r}. Define it with def.")
    return value


def shape_text(value: Any) -> str:
    """``(3, 4)`` for anything with a shape; the type name otherwise."""
    shape = getattr(value, "shape", None)
    return fmt_shape(shape) if shape is not None else type(value).__name__


def source_mentions(function: Any, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` appear in the source of ``function`` (``[]`` if unknown)."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return []
    return [name for name in names if name in source]
