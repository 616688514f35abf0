"""Pieces shared by the ops modules: self-worded errors, axis checks, float casts.

Notebook: ``notebooks/08_gradient_tape.ipynb``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.ops._op import Op, Shape
from kitlib.utils.dtypes import floatx, is_float, standardize_dtype
from kitlib.utils.errors import fmt_shape
from kitlib.utils.naming import to_snake_case


class _CheckedOp(Op):
    """An op that checks its own inputs and raises complete, learner-facing messages.

    ``Op.call`` re-words NumPy's ``ValueError``s with a broadcasting hint. Ops
    built on this class validate shapes and axes *before* NumPy runs and raise
    messages that already say who expected what, so they are shown unchanged.
    """

    def _explain(self, error: Exception, shapes: list) -> str:
        return str(error)

    @property
    def who(self) -> str:
        """How error messages name this op, e.g. ``"ops.matmul"``."""
        return f"ops.{to_snake_case(type(self).__name__)}"


def check_axes(who: str, axis: Any, shape: Shape) -> tuple[int, ...]:
    """Return ``axis`` (None, int or tuple) as sorted non-negative axes of ``shape``.

    Raises:
        ValueError: if an axis is out of range or repeated.

    Example:
        >>> check_axes("ops.sum", -1, (2, 3))
        (1,)
    """
    ndim = len(shape)
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int | np.integer) else tuple(axis)
    bad = [a for a in axes if not -ndim <= a < ndim]
    if bad or len({a % max(ndim, 1) for a in axes}) != len(axes):
        problem = f"axis {bad[0]} is out of range" if bad else "an axis is repeated"
        raise ValueError(
            f"{who} expects axis in [-{ndim}, {ndim}) for an input of shape "
            f"{fmt_shape(shape)}, but received axis={axis!r} ({problem}). Axes "
            "count from 0 at the front, or from -1 at the end; None means all axes."
        )
    return tuple(sorted(int(a) % ndim for a in axes))


def check_axis(who: str, axis: int, ndim: int) -> int:
    """Return one ``axis`` for a tensor with ``ndim`` axes as a non-negative int."""
    if not isinstance(axis, int | np.integer) or not -ndim <= axis < ndim:
        raise ValueError(
            f"{who} expects one integer axis in [-{ndim}, {ndim}) for inputs with "
            f"{ndim} axes, but received axis={axis!r}. Axes count from 0 at the "
            "front, or from -1 at the end."
        )
    return int(axis) % ndim


def reduced_shape(shape: Shape, axes: tuple[int, ...], keepdims: bool) -> Shape:
    """The shape after reducing ``axes`` (kept as size 1 when ``keepdims``)."""
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def to_float(array: np.ndarray) -> np.ndarray:
    """``array`` unchanged if it is floating point, else cast to ``floatx()``.

    NOTE: NumPy's ``np.exp`` of an int array gives float64; Keras gives the
    default float, so ``exp``/``log``/``sqrt``... cast integer inputs first.
    """
    return array if is_float(array.dtype) else array.astype(floatx())


def float_dtype(dtype: Any) -> str:
    """The dtype of ``to_float`` for an input of ``dtype`` (None = a Python number)."""
    if dtype is None:
        return floatx()
    return standardize_dtype(dtype) if is_float(dtype) else floatx()
