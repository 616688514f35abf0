"""Ops that move values around without changing them: reshape, transpose, concatenate...

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Their gradients move the upstream gradient back the same way: a reshape's
gradient is reshaped back, a transpose's is transposed back with the inverse
permutation, a concatenation's is split into the original pieces.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.ops._common import _CheckedOp, check_axes, check_axis
from kitlib.ops._op import Shape
from kitlib.utils.errors import fmt_shape


def _count(shape: Shape) -> int | None:
    """Number of values in ``shape``, or None if a dimension is unknown."""
    return None if None in shape else int(np.prod(shape, dtype=np.int64))


class Reshape(_CheckedOp):
    """The same values in a new shape (one dimension may be -1: "whatever fits")."""

    def __init__(self, new_shape: Any) -> None:
        super().__init__()
        dims = (new_shape,) if isinstance(new_shape, int) else tuple(new_shape)
        dims = tuple(-1 if d is None else d for d in dims)  # None: "unknown" = -1
        if any(d < -1 for d in dims) or dims.count(-1) > 1:
            raise ValueError(
                f"ops.reshape expects a new shape of sizes >= 0 with at most one -1, "
                f"but received {dims}. Use -1 once, for the one axis to infer."
            )
        self.new_shape = tuple(int(d) for d in dims)

    def shape_rule(self, x: Shape) -> Shape:
        total, dims = _count(x), self.new_shape
        if total is None:  # an unknown (batch) size: -1 stays unknown
            return tuple(None if d == -1 else d for d in dims)
        known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
        fits = known != 0 and total % known == 0
        if (-1 in dims and not fits) or (-1 not in dims and known != total):
            raise ValueError(
                f"ops.reshape expects a new shape holding as many values as the input, "
                f"but received an input of shape {fmt_shape(x)} ({total} values) and "
                f"new_shape {fmt_shape(dims)}. A reshape only re-arranges values; "
                "make the sizes multiply to the same total, or put -1 on one axis."
            )
        return tuple(total // known if d == -1 else d for d in dims)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return x.reshape(self.shape_rule(x.shape)), x.shape

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (grad.reshape(ctx),)


class Transpose(_CheckedOp):
    """Permute the axes (``None`` reverses them, like ``x.T``)."""

    def __init__(self, axes: Any = None) -> None:
        super().__init__()
        self.axes = None if axes is None else tuple(int(a) for a in axes)

    def permutation(self, ndim: int) -> tuple[int, ...]:
        """The checked permutation of ``range(ndim)``."""
        if self.axes is None:
            return tuple(reversed(range(ndim)))
        in_range = all(-ndim <= a < ndim for a in self.axes)
        if not in_range or sorted(a % ndim for a in self.axes) != list(range(ndim)):
            raise ValueError(
                "ops.transpose expects axes to be a permutation of "
                f"{tuple(range(ndim))} for an input with {ndim} axes, but received "
                f"axes={self.axes}. Name "
                "every axis exactly once, in its new order."
            )
        return tuple(a % ndim for a in self.axes)

    def shape_rule(self, x: Shape) -> Shape:
        return tuple(x[a] for a in self.permutation(len(x)))

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        order = self.permutation(x.ndim)
        return np.transpose(x, order), order

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (np.transpose(grad, np.argsort(ctx)),)


class ExpandDims(_CheckedOp):
    """Insert size-1 axes at ``axis`` (positions in the output)."""

    def __init__(self, axis: Any) -> None:
        super().__init__()
        self.axis = axis

    def shape_rule(self, x: Shape) -> Shape:
        added = 1 if isinstance(self.axis, int) else len(self.axis)
        ndim = len(x) + added
        try:
            axes = check_axes(self.who, self.axis, (None,) * ndim)
        except ValueError:
            raise ValueError(
                f"ops.expand_dims expects axis in [-{ndim}, {ndim}) (positions in "
                f"the output, which has {ndim} axes), but received axis={self.axis!r}"
                f" for an input of shape {fmt_shape(x)}. Each new axis needs its "
                "own position."
            ) from None
        dims = iter(x)
        return tuple(1 if i in axes else next(dims) for i in range(len(x) + added))

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return x.reshape(self.shape_rule(x.shape)), x.shape

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (grad.reshape(ctx),)


class Squeeze(_CheckedOp):
    """Remove size-1 axes (all of them when ``axis`` is None)."""

    def __init__(self, axis: Any = None) -> None:
        super().__init__()
        self.axis = axis

    def shape_rule(self, x: Shape) -> Shape:
        if self.axis is None:  # an unknown dim might not be 1: keep it
            return tuple(d for d in x if d != 1)
        axes = check_axes(self.who, self.axis, x)
        wrong = [a for a in axes if x[a] not in (1, None)]
        if wrong:
            raise ValueError(
                f"ops.squeeze expects the squeezed axes to have size 1, but axis "
                f"{wrong[0]} of the input shape {fmt_shape(x)} has size {x[wrong[0]]}. "
                "Only size-1 axes can be removed; use ops.reshape to change sizes."
            )
        return tuple(d for i, d in enumerate(x) if i not in axes)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return x.reshape(self.shape_rule(x.shape)), x.shape

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (grad.reshape(ctx),)


def _check_same_rank(who: str, shapes: tuple) -> None:
    if not shapes:
        raise ValueError(f"{who} expects at least one tensor, but received none.")
    if len({len(s) for s in shapes}) > 1:
        shown = ", ".join(fmt_shape(s) for s in shapes)
        raise ValueError(
            f"{who} expects tensors with the same number of axes, but received shapes "
            f"{shown}. Use ops.expand_dims or ops.reshape to line them up first."
        )


def _merge(who: str, shapes: tuple, skip: int | None) -> list[int | None]:
    """Per axis, the common size of ``shapes`` (None if unknown); ``skip`` is free."""
    merged = []
    for axis, dims in enumerate(zip(*shapes, strict=True)):
        known = {d for d in dims if d is not None}
        if axis != skip and len(known) > 1:
            shown = ", ".join(fmt_shape(s) for s in shapes)
            where = "" if skip is None else f" except along axis {skip}"
            raise ValueError(
                f"{who} expects tensors of the same shape{where}, but received "
                f"shapes {shown} (they differ at axis {axis})."
            )
        merged.append(known.pop() if len(known) == 1 else None)
    return merged


class Concatenate(_CheckedOp):
    """Join tensors end to end along an existing axis."""

    def __init__(self, axis: int = 0) -> None:
        super().__init__()
        self.axis = axis

    def shape_rule(self, *shapes: Shape) -> Shape:
        _check_same_rank(self.who, shapes)
        axis = check_axis(self.who, self.axis, len(shapes[0]))
        merged = _merge(self.who, shapes, axis)
        sizes = [s[axis] for s in shapes]
        merged[axis] = None if None in sizes else int(np.sum(sizes))
        return tuple(merged)

    def forward(self, *xs: np.ndarray) -> tuple[np.ndarray, Any]:
        self.shape_rule(*[x.shape for x in xs])
        axis = self.axis % xs[0].ndim
        return np.concatenate(xs, axis=axis), (axis, [x.shape[axis] for x in xs])

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        axis, sizes = ctx
        return tuple(np.split(grad, np.cumsum(sizes)[:-1], axis=axis))


class Stack(_CheckedOp):
    """Join same-shaped tensors along a new axis."""

    def __init__(self, axis: int = 0) -> None:
        super().__init__()
        self.axis = axis

    def shape_rule(self, *shapes: Shape) -> Shape:
        _check_same_rank(self.who, shapes)
        merged = _merge(self.who, shapes, None)
        axis = check_axis(self.who, self.axis, len(merged) + 1)
        return tuple(merged[:axis]) + (len(shapes),) + tuple(merged[axis:])

    def forward(self, *xs: np.ndarray) -> tuple[np.ndarray, Any]:
        self.shape_rule(*[x.shape for x in xs])
        axis = self.axis % (xs[0].ndim + 1)
        return np.stack(xs, axis=axis), (axis, len(xs))

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        axis, count = ctx
        return tuple(np.take(grad, i, axis=axis) for i in range(count))


def reshape(x: Any, new_shape: Any) -> Any:
    """The values of ``x`` in ``new_shape``; one entry may be -1 (inferred).

    Example:
        >>> reshape([[1.0, 2.0], [3.0, 4.0]], (-1,)).numpy().tolist()
        [1.0, 2.0, 3.0, 4.0]
    """
    return Reshape(new_shape)(x)


def transpose(x: Any, axes: Any = None) -> Any:
    """Permute the axes of ``x`` (default: reverse them).

    Example:
        >>> transpose([[1.0, 2.0, 3.0]]).shape
        (3, 1)
    """
    return Transpose(axes)(x)


def expand_dims(x: Any, axis: Any) -> Any:
    """Insert a size-1 axis at ``axis`` (an int or a tuple of output positions).

    Example:
        >>> expand_dims([1.0, 2.0], -1).shape
        (2, 1)
    """
    return ExpandDims(axis)(x)


def squeeze(x: Any, axis: Any = None) -> Any:
    """Remove size-1 axes (``axis=None``: all of them)."""
    return Squeeze(axis)(x)


def concatenate(xs: list, axis: int = 0) -> Any:
    """Join a list of tensors along an existing ``axis``.

    Example:
        >>> concatenate([[[1.0]], [[2.0]]], axis=1).numpy().tolist()
        [[1.0, 2.0]]
    """
    return Concatenate(axis)(*xs)


def stack(xs: list, axis: int = 0) -> Any:
    """Join a list of same-shaped tensors along a new ``axis``.

    Example:
        >>> stack([[1.0, 2.0], [3.0, 4.0]], axis=1).numpy().tolist()
        [[1.0, 3.0], [2.0, 4.0]]
    """
    return Stack(axis)(*xs)
