"""Indexing: ``x[key]`` (``get_item``), ``take`` and ``repeat``.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

Indexing *reads* some elements, possibly several times (``x[[0, 0]]``). The
gradient *writes* the upstream gradient back to where each element came
from, adding when an element was read more than once (``np.add.at``; a plain
``g[key] += grad`` would count a repeated index only once).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.engine.keras_tensor import KerasTensor
from kitlib.ops._common import _CheckedOp, check_axis
from kitlib.ops._indexing_rules import index_shape, normalize_key
from kitlib.ops._op import Shape
from kitlib.tensor import Tensor
from kitlib.utils.errors import fmt_shape


def _scatter_add(
    shape: tuple, axis: int, index: np.ndarray, grad: np.ndarray
) -> np.ndarray:
    """Zeros of ``shape`` plus ``grad`` added at ``index`` along ``axis``.

    The inverse of ``np.take(x, index, axis)``: ``grad`` has ``index.ndim``
    axes where ``x`` had ``axis``.
    """
    out = np.zeros(shape, dtype=grad.dtype)
    index_axes = list(range(axis, axis + index.ndim))
    moved_grad = np.moveaxis(grad, index_axes, list(range(index.ndim)))
    np.add.at(np.moveaxis(out, axis, 0), index, moved_grad)  # a view: writes `out`
    return out


def _check_indices(who: str, indices: np.ndarray, size: int | None, axis: Any) -> None:
    if indices.dtype.kind not in "iu":
        raise TypeError(
            f"{who} expects integer indices, but received dtype {indices.dtype}. "
            "Cast them first, e.g. ops.cast(indices, 'int32')."
        )
    if (
        size is not None
        and indices.size
        and not (-size <= indices.min() and indices.max() < size)
    ):
        bad = indices.max() if indices.max() >= size else indices.min()
        raise IndexError(
            f"{who} expects indices in [-{size}, {size}) along axis {axis}, but "
            f"received index {bad}. Indices count from 0; -1 is the last element."
        )


class GetItem(_CheckedOp):
    """``x[key]``: NumPy basic and integer-array indexing."""

    def __init__(self, key: Any) -> None:
        super().__init__()
        self.key = normalize_key(key)

    def shape_rule(self, x: Shape) -> Shape:
        return index_shape(x, self.key)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        self.shape_rule(x.shape)  # kitlib's messages for bad keys
        return x[self.key], x.shape

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        out = np.zeros(ctx, dtype=grad.dtype)
        if any(isinstance(k, np.ndarray) for k in self.key):
            np.add.at(out, self.key, grad)  # an array key may repeat an index
        else:
            out[self.key] = grad  # basic indexing reads each element at most once
        return (out,)


class Take(_CheckedOp):
    """Elements of ``x`` at ``indices`` along ``axis`` (None: of flattened ``x``)."""

    def __init__(self, axis: int | None = None) -> None:
        super().__init__()
        self.axis = axis

    def shape_rule(self, x: Shape, indices: Shape) -> Shape:
        if self.axis is None:
            return tuple(indices)
        axis = check_axis(self.who, self.axis, len(x))
        return tuple(x[:axis]) + tuple(indices) + tuple(x[axis + 1 :])

    def forward(self, x: np.ndarray, indices: np.ndarray) -> tuple[np.ndarray, Any]:
        self.shape_rule(x.shape, indices.shape)
        data = x.reshape(-1) if self.axis is None else x
        axis = 0 if self.axis is None else self.axis % x.ndim
        _check_indices(self.who, indices, data.shape[axis], self.axis)
        return np.take(data, indices, axis=axis), (x.shape, data.shape, axis, indices)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        shape, data_shape, axis, indices = ctx
        return _scatter_add(data_shape, axis, indices, grad).reshape(shape), None

    def dtype_rule(self, x: str, indices: str) -> str:
        return x


class Repeat(_CheckedOp):
    """Repeat each element ``repeats`` times along ``axis`` (None: flatten first)."""

    def __init__(self, repeats: Any, axis: int | None = None) -> None:
        super().__init__()
        self.repeats = repeats if isinstance(repeats, int) else np.asarray(repeats)
        if np.any(np.asarray(repeats) < 0):
            raise ValueError(
                f"ops.repeat expects repeat counts >= 0, but received {repeats!r}. "
                "A count says how many copies of an element to keep (0 drops it)."
            )
        self.axis = axis

    def shape_rule(self, x: Shape) -> Shape:
        shape = (None if None in x else int(np.prod(x)),) if self.axis is None else x
        axis = 0 if self.axis is None else check_axis(self.who, self.axis, len(x))
        size = shape[axis]
        if isinstance(self.repeats, int):
            new = None if size is None else size * self.repeats
        elif size is not None and self.repeats.shape != (size,):
            raise ValueError(
                f"{self.who} expects one repeat count per element along axis "
                f"{self.axis} ({size} of them), but received repeats of shape "
                f"{fmt_shape(self.repeats.shape)}. Pass one int to repeat all."
            )
        else:
            new = int(self.repeats.sum())
        return tuple(shape[:axis]) + (new,) + tuple(shape[axis + 1 :])

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        self.shape_rule(x.shape)
        data = x.reshape(-1) if self.axis is None else x
        axis = 0 if self.axis is None else self.axis % x.ndim
        # Repeating == taking the indices 0,0,1,1,2,2...: backward is a scatter-add.
        index = np.repeat(np.arange(data.shape[axis]), self.repeats)
        return np.take(data, index, axis=axis), (x.shape, data.shape, axis, index)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        shape, data_shape, axis, index = ctx
        return (_scatter_add(data_shape, axis, index, grad).reshape(shape),)


def get_item(x: Any, key: Any) -> Any:
    """``x[key]`` with ints, slices, ``None``, ``...``, int arrays or boolean masks.

    Example:
        >>> x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        >>> get_item(x, (slice(None), [0, 0])).numpy().tolist()
        [[1.0, 1.0], [4.0, 4.0]]
    """
    return GetItem(key)(x)


def take(x: Any, indices: Any, axis: int | None = None) -> Any:
    """Elements of ``x`` at integer ``indices`` along ``axis`` (like ``np.take``).

    ``indices`` get no gradient; ``x`` gets the upstream gradient added back at
    each index (twice if an index appears twice).

    Example:
        >>> take([[1.0, 2.0], [3.0, 4.0]], [1, 1, 0], axis=0).numpy().tolist()
        [[3.0, 4.0], [3.0, 4.0], [1.0, 2.0]]
    """
    if not isinstance(indices, Tensor | KerasTensor):
        indices = np.asarray(indices)  # keep ints ints (a bare 1 is not a float)
    return Take(axis)(x, indices)


def repeat(x: Any, repeats: Any, axis: int | None = None) -> Any:
    """Repeat each element of ``x`` ``repeats`` times along ``axis``.

    Example:
        >>> repeat([1.0, 2.0], 2).numpy().tolist()
        [1.0, 1.0, 2.0, 2.0]
    """
    return Repeat(repeats, axis)(x)
