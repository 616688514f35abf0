"""Reductions over axes: sum, mean, max, min, prod, var, std, logsumexp, argmax...

Notebook: ``notebooks/08_gradient_tape.ipynb``.

``axis`` is ``None`` (all axes), an int or a tuple; ``keepdims=True`` keeps
each reduced axis as size 1 so the result still broadcasts against the input.
Every backward pass first puts the reduced axes back (``_expand``): each
input element then receives the gradient of the output element it fed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from kitlib.ops._common import (
    _CheckedOp,
    check_axes,
    check_axis,
    reduced_shape,
    to_float,
)
from kitlib.ops._op import Shape
from kitlib.utils.dtypes import floatx, is_float, standardize_dtype
from kitlib.utils.errors import fmt_shape


class _Reduce(_CheckedOp):
    """Base of the reductions: stores ``axis``/``keepdims`` and gives the shape rule."""

    def __init__(self, axis: Any = None, keepdims: bool = False) -> None:
        super().__init__()
        self.axis = axis
        self.keepdims = keepdims

    def axes(self, shape: Shape) -> tuple[int, ...]:
        """The reduced axes for an input of ``shape``, checked and sorted."""
        return check_axes(self.who, self.axis, shape)

    def shape_rule(self, x: Shape) -> Shape:
        return reduced_shape(x, self.axes(x), self.keepdims)

    def _expand(self, grad: np.ndarray, shape: tuple, axes: tuple) -> np.ndarray:
        """``grad`` broadcast back to the input ``shape`` (a fresh, writable array)."""
        if np.ndim(grad) == 0:  # a full reduction, e.g. a loss's mean: one value
            return np.full(shape, grad, dtype=np.result_type(grad))
        if not self.keepdims:
            grad = np.expand_dims(grad, axes)
        return np.array(np.broadcast_to(grad, shape))


class _FloatReduce(_Reduce):
    """A reduction whose result is floating point even for integer inputs."""

    def dtype_rule(self, x: str) -> str:
        return standardize_dtype(x) if x is not None and is_float(x) else floatx()


class Sum(_Reduce):
    """Sum over axes."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        axes = self.axes(x.shape)
        return np.sum(x, axis=axes, keepdims=self.keepdims), (x.shape, axes)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        shape, axes = ctx
        return (self._expand(grad, shape, axes),)


class Mean(_FloatReduce):
    """Arithmetic mean over axes."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        axes = self.axes(x.shape)
        count = math.prod(x.shape[a] for a in axes)
        out = np.mean(to_float(x), axis=axes, keepdims=self.keepdims)
        return out, (x.shape, axes, count)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        shape, axes, count = ctx
        return (self._expand(grad, shape, axes) / count,)


class Max(_Reduce):
    """Largest value over axes."""

    picker = staticmethod(np.max)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        axes = self.axes(x.shape)
        if x.size == 0:
            raise ValueError(
                f"{self.who} needs at least one value to reduce, but received an "
                f"empty input of shape {fmt_shape(x.shape)}. An empty tensor has no "
                "largest or smallest element."
            )
        kept = type(self).picker(x, axis=axes, keepdims=True)
        out = kept if self.keepdims else np.squeeze(kept, axis=axes)
        return out, (x, kept, axes)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x, kept, axes = ctx
        # NOTE: when several elements tie for the max, TF splits the gradient
        # evenly between them (each gets grad / count); kitlib does the same.
        winners = x == kept
        share = winners / winners.sum(axis=axes, keepdims=True)
        return (self._expand(grad, x.shape, axes) * share,)


class Min(Max):
    """Smallest value over axes (ties split the gradient evenly, like ``max``)."""

    picker = staticmethod(np.min)


class Prod(_Reduce):
    """Product over axes."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        axes = self.axes(x.shape)
        return np.prod(x, axis=axes, keepdims=self.keepdims), (x, axes)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x, axes = ctx
        return (self._expand(grad, x.shape, axes) * _product_of_others(x, axes),)


def _product_of_others(x: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """For each element, the product of the *other* elements along ``axes``.

    NOTE: ``prod / x`` would divide by zero when an element is 0, so we
    multiply an exclusive running product from the left by one from the right.
    """
    last = tuple(range(-len(axes), 0))
    moved = np.moveaxis(x, axes, last)  # reduced axes at the end
    count = int(np.prod(moved.shape[moved.ndim - len(axes) :]))
    flat = moved.reshape(moved.shape[: moved.ndim - len(axes)] + (count,))
    ones = np.ones_like(flat[..., :1])
    left = np.cumprod(np.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
    flipped = np.flip(flat, axis=-1)
    right = np.cumprod(np.concatenate([ones, flipped[..., :-1]], axis=-1), axis=-1)
    others = (left * np.flip(right, axis=-1)).reshape(moved.shape)
    return np.moveaxis(others, last, axes)


class Var(_FloatReduce):
    """Variance over axes (population variance, ``ddof=0``, as in Keras)."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        axes = self.axes(x.shape)
        x = to_float(x)
        centered = x - np.mean(x, axis=axes, keepdims=True)
        count = math.prod(x.shape[a] for a in axes)
        out = np.mean(centered * centered, axis=axes, keepdims=self.keepdims)
        return out, (centered, axes, count, out)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        centered, axes, count, _ = ctx
        # The mean's own dependence on x cancels: sum(centered) is 0.
        return (self._expand(grad, centered.shape, axes) * 2 * centered / count,)


class Std(Var):
    """Standard deviation over axes (``sqrt(var)``, ``ddof=0``)."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        variance, ctx = super().forward(x)
        out = np.sqrt(variance)
        return out, ctx[:3] + (out,)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        centered, axes, count, out = ctx
        std = out if self.keepdims else np.expand_dims(out, axes)
        # NOTE: sqrt has an infinite slope at 0; for constant inputs (std == 0)
        # we return 0 instead of NaN so one flat feature does not poison a step.
        safe = np.where(std > 0, std, np.inf)
        return (self._expand(grad, centered.shape, axes) * centered / (count * safe),)


class Logsumexp(_FloatReduce):
    """``log(sum(exp(x)))`` over axes, computed without overflow."""

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        axes = self.axes(x.shape)
        x = to_float(x)
        # NOTE: exp(1000) overflows, so subtract the max first:
        # log(sum(exp(x))) = m + log(sum(exp(x - m))). An all -inf row keeps m = 0.
        peak = np.max(x, axis=axes, keepdims=True) if x.size else np.zeros(())
        peak = np.where(np.isfinite(peak), peak, 0)
        with np.errstate(divide="ignore"):  # log(0) = -inf for all -inf rows
            kept = peak + np.log(np.sum(np.exp(x - peak), axis=axes, keepdims=True))
        out = kept if self.keepdims else np.squeeze(kept, axis=axes)
        return out, (x, kept, axes)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x, kept, axes = ctx
        softmax = np.exp(x - kept)  # the gradient of logsumexp is the softmax
        return (self._expand(grad, x.shape, axes) * softmax,)


class Argmax(_CheckedOp):
    """Index of the largest value along one axis (``None``: of the flattened input)."""

    differentiable = False  # an index is a step function of x: no gradient
    picker = staticmethod(np.argmax)

    def __init__(self, axis: int | None = None, keepdims: bool = False) -> None:
        super().__init__()
        self.axis = axis
        self.keepdims = keepdims

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        self.shape_rule(x.shape)  # checks the axis with a clear message
        pick = type(self).picker
        out = pick(x, axis=self.axis, keepdims=self.keepdims)
        return np.asarray(out, dtype="int32"), None

    def shape_rule(self, x: Shape) -> Shape:
        if self.axis is None:
            return (1,) * len(x) if self.keepdims else ()
        axis = check_axis(self.who, self.axis, len(x))
        return reduced_shape(x, (axis,), self.keepdims)

    def dtype_rule(self, x: str) -> str:
        return "int32"  # Keras's index dtype


class Argmin(Argmax):
    """Index of the smallest value along one axis (``None``: of the flattened input)."""

    picker = staticmethod(np.argmin)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Sum of ``x`` over ``axis`` (None: all axes; an int or a tuple).

    Example:
        >>> sum([[1.0, 2.0], [3.0, 4.0]], axis=0).numpy().tolist()
        [4.0, 6.0]
    """
    return Sum(axis, keepdims)(x)


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Mean of ``x`` over ``axis``.

    Example:
        >>> mean([[1.0, 2.0], [3.0, 4.0]], axis=1, keepdims=True).numpy().tolist()
        [[1.5], [3.5]]
    """
    return Mean(axis, keepdims)(x)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Largest value over ``axis``; tied maxima share the gradient evenly.

    Example:
        >>> max([[1.0, 5.0], [7.0, 2.0]], axis=1).numpy().tolist()
        [5.0, 7.0]
    """
    return Max(axis, keepdims)(x)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Smallest value over ``axis``; tied minima share the gradient evenly."""
    return Min(axis, keepdims)(x)


def prod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Product of the values over ``axis``."""
    return Prod(axis, keepdims)(x)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Population variance (divides by N) over ``axis``.

    Example:
        >>> var([1.0, 2.0, 3.0, 4.0]).numpy().item()
        1.25
    """
    return Var(axis, keepdims)(x)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Population standard deviation over ``axis``; its gradient is 0 where std is 0."""
    return Std(axis, keepdims)(x)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``log(sum(exp(x)))`` over ``axis``, stable for large values.

    Example:
        >>> round(float(logsumexp(np.array([1000.0, 1000.0]))), 4)
        1000.6931
    """
    return Logsumexp(axis, keepdims)(x)


def argmax(x: Any, axis: int | None = None, keepdims: bool = False) -> Any:
    """Index (int32) of the largest value along ``axis``; the first one at ties.

    Example:
        >>> argmax([[1.0, 5.0], [7.0, 2.0]], axis=1).numpy().tolist()
        [1, 0]
    """
    return Argmax(axis, keepdims)(x)


def argmin(x: Any, axis: int | None = None, keepdims: bool = False) -> Any:
    """Index (int32) of the smallest value along ``axis``; the first one at ties."""
    return Argmin(axis, keepdims)(x)
