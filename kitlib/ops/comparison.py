"""Comparisons and logical ops (and any/all): boolean outputs, no gradients.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

A comparison's output is ``True``/``False``, a step function of its inputs:
its derivative is zero wherever it exists, so these ops are marked
``differentiable = False`` and a tape records nothing for them. Gradients
still reach ``x`` through ``where(x > 0, x, 0)``, which uses the mask.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import ClassVar

import numpy as np

from kitlib.ops._common import _CheckedOp, check_axes, reduced_shape
from kitlib.ops._op import Op, Shape, broadcast_shapes


class _Compare(Op):
    """Element-wise ``ufunc(x, y)`` with broadcasting and a boolean result."""

    differentiable = False
    ufunc: ClassVar[Callable[..., np.ndarray]]

    def forward(self, *arrays: np.ndarray) -> tuple[np.ndarray, typing.Any]:
        return type(self).ufunc(*arrays), None

    def shape_rule(self, *shapes: Shape) -> Shape:
        return broadcast_shapes(*shapes)

    def dtype_rule(self, *dtypes: str) -> str:
        return "bool"


class Equal(_Compare):
    """``x == y``."""

    ufunc = np.equal


class NotEqual(_Compare):
    """``x != y``."""

    ufunc = np.not_equal


class Less(_Compare):
    """``x < y``."""

    ufunc = np.less


class LessEqual(_Compare):
    """``x <= y``."""

    ufunc = np.less_equal


class Greater(_Compare):
    """``x > y``."""

    ufunc = np.greater


class GreaterEqual(_Compare):
    """``x >= y``."""

    ufunc = np.greater_equal


class LogicalAnd(_Compare):
    """``x and y`` element-wise (non-zero counts as true)."""

    ufunc = np.logical_and


class LogicalOr(_Compare):
    """``x or y`` element-wise."""

    ufunc = np.logical_or


class LogicalNot(_Compare):
    """``not x`` element-wise."""

    ufunc = np.logical_not


class _LogicalReduce(_CheckedOp):
    """``any``/``all`` over axes: booleans in, one boolean per reduced group out."""

    differentiable = False
    reducer: ClassVar[Callable[..., np.ndarray]]

    def __init__(self, axis: typing.Any = None, keepdims: bool = False) -> None:
        super().__init__()
        self.axis = axis
        self.keepdims = keepdims

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, typing.Any]:
        axes = check_axes(self.who, self.axis, x.shape)
        return type(self).reducer(x, axis=axes, keepdims=self.keepdims), None

    def shape_rule(self, x: Shape) -> Shape:
        axes = check_axes(self.who, self.axis, x)
        return reduced_shape(x, axes, self.keepdims)

    def dtype_rule(self, x: str) -> str:
        return "bool"


# NOTE: these class names shadow typing.Any, hence `typing.Any` in this module.
class Any(_LogicalReduce):
    """Whether any element over the axes is true (non-zero)."""

    reducer = staticmethod(np.any)


class All(_LogicalReduce):
    """Whether every element over the axes is true (non-zero)."""

    reducer = staticmethod(np.all)


def equal(x: typing.Any, y: typing.Any) -> typing.Any:
    """Element-wise ``x == y`` as a boolean tensor.

    Example:
        >>> equal([1.0, 2.0], 2.0).numpy().tolist()
        [False, True]
    """
    return Equal()(x, y)


def not_equal(x: typing.Any, y: typing.Any) -> typing.Any:
    """Element-wise ``x != y`` as a boolean tensor."""
    return NotEqual()(x, y)


def less(x: typing.Any, y: typing.Any) -> typing.Any:
    """Element-wise ``x < y`` as a boolean tensor.

    Example:
        >>> less([1.0, 2.0, 3.0], 2.0).numpy().tolist()
        [True, False, False]
    """
    return Less()(x, y)


def less_equal(x: typing.Any, y: typing.Any) -> typing.Any:
    """Element-wise ``x <= y`` as a boolean tensor."""
    return LessEqual()(x, y)


def greater(x: typing.Any, y: typing.Any) -> typing.Any:
    """Element-wise ``x > y`` as a boolean tensor."""
    return Greater()(x, y)


def greater_equal(x: typing.Any, y: typing.Any) -> typing.Any:
    """Element-wise ``x >= y`` as a boolean tensor."""
    return GreaterEqual()(x, y)


def logical_and(x: typing.Any, y: typing.Any) -> typing.Any:
    """Element-wise logical and (non-zero values count as true).

    Example:
        >>> logical_and([True, True], [True, False]).numpy().tolist()
        [True, False]
    """
    return LogicalAnd()(x, y)


def logical_or(x: typing.Any, y: typing.Any) -> typing.Any:
    """Element-wise logical or (non-zero values count as true)."""
    return LogicalOr()(x, y)


def logical_not(x: typing.Any) -> typing.Any:
    """Element-wise logical not (non-zero values count as true)."""
    return LogicalNot()(x)


def any(x: typing.Any, axis: typing.Any = None, keepdims: bool = False) -> typing.Any:  # noqa: A001
    """Whether any element of ``x`` over ``axis`` is true (non-zero).

    Example:
        >>> any([[0.0, 1.0], [0.0, 0.0]], axis=1).numpy().tolist()
        [True, False]
    """
    return Any(axis, keepdims)(x)


def all(x: typing.Any, axis: typing.Any = None, keepdims: bool = False) -> typing.Any:  # noqa: A001
    """Whether every element of ``x`` over ``axis`` is true (non-zero)."""
    return All(axis, keepdims)(x)
