"""NumPy's indexing rules on shapes with unknown (``None``) dimensions.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

``index_shape((None, 5), (slice(None), [0, 2]))`` gives ``(None, 2)`` without
any array: ``get_item`` uses it to work on symbolic tensors. The rules:

* an int removes its axis; a slice keeps it (unknown length stays unknown);
  ``None`` inserts a size-1 axis; ``...`` stands for all the axes not named.
* integer arrays and boolean masks are *advanced* indices: their shapes
  broadcast together (a mask counts as its number of ``True`` values), and
  once an array is present, ints join them as 0-d arrays. The broadcast
  shape replaces the indexed axes where the first one was if they are
  adjacent in the key, otherwise it goes first (NumPy's rule).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.engine.keras_tensor import KerasTensor
from kitlib.tensor import Tensor
from kitlib.utils.errors import describe, fmt_shape

Shape = tuple[int | None, ...]


def normalize_key(key: Any) -> tuple:
    """``key`` as a tuple of ints, slices, None, Ellipsis and int/bool arrays.

    Example:
        >>> normalize_key(1)
        (1,)
    """
    items = key if isinstance(key, tuple) else (key,)
    return tuple(_normalize_item(item) for item in items)


def _normalize_item(item: Any) -> Any:
    if isinstance(item, KerasTensor):
        raise TypeError(
            "x[key] expects a key made of numbers, but received the symbolic tensor "
            f"{item!r}. Use ops.take(x, indices) to index with a symbolic tensor."
        )
    if isinstance(item, Tensor):
        item = item.value
    if item is None or item is Ellipsis or isinstance(item, slice):
        return item
    if isinstance(item, int | np.integer) and not isinstance(item, bool):
        return int(item)
    array = np.asarray(item)
    if array.dtype.kind in "iu" and array.ndim == 0:
        return int(array)
    if array.dtype.kind not in "iub" or (array.ndim == 0 and array.dtype.kind == "b"):
        raise TypeError(
            "x[key] expects ints, slices, None, ..., integer arrays or boolean masks "
            f"in the key, but received {describe(item)} (dtype {array.dtype}). "
            "Indices must be whole numbers; cast float indices with .astype(int)."
        )
    return array


def _consumed(item: Any) -> int:
    """How many input axes one key item indexes."""
    if item is None or item is Ellipsis:
        return 0
    if isinstance(item, np.ndarray) and item.dtype == bool:
        return item.ndim
    return 1


def _expand_ellipsis(shape: Shape, key: tuple) -> list:
    """The key with ``...`` replaced by full slices (trailing axes get them too)."""
    ellipses = [i for i, item in enumerate(key) if item is Ellipsis]
    used = sum(_consumed(item) for item in key)
    if len(ellipses) > 1 or used > len(shape):
        problem = "more than one '...'" if len(ellipses) > 1 else f"{used} axes"
        raise IndexError(
            f"x[key] expects a key for an input of shape {fmt_shape(shape)} "
            f"({len(shape)} axes), but the key indexes {problem}. Remove extra "
            "indices; use at most one '...'."
        )
    fill = [slice(None)] * (len(shape) - used)
    if not ellipses:
        return list(key) + fill
    at = ellipses[0]
    return list(key[:at]) + fill + list(key[at + 1 :])


def _check_position(item: Any, dims: Shape, axis: int) -> tuple[int, ...]:
    """Check an int/array/mask against the dims it indexes; return its shape."""
    if isinstance(item, np.ndarray) and item.dtype == bool:
        if any(d is not None and d != m for d, m in zip(dims, item.shape, strict=True)):
            raise IndexError(
                f"x[key] expects a boolean mask shaped like the axes it selects "
                f"{fmt_shape(dims)}, but received a mask of shape "
                f"{fmt_shape(item.shape)} at axis {axis}."
            )
        return (int(item.sum()),)
    values = np.asarray(item)
    size = dims[0]
    if size is not None and values.size:
        low, high = int(values.min()), int(values.max())
        if low < -size or high >= size:
            raise IndexError(
                f"x[key] expects indices in [-{size}, {size}) for axis {axis} of "
                f"size {size}, but received index {high if high >= size else low}. "
                "Indices count from 0; -1 is the last element."
            )
    return values.shape


def index_shape(shape: Shape, key: tuple) -> Shape:
    """The shape of ``x[key]`` for an ``x`` of ``shape`` (``None`` = unknown size).

    Example:
        >>> index_shape((None, 5, 4), (slice(None), np.array([0, 1, 1]), 0))
        (None, 3)
    """
    items = _expand_ellipsis(tuple(shape), key)
    has_array = any(isinstance(item, np.ndarray) for item in items)
    out: list[int | None] = []
    advanced: list[tuple[int, ...]] = []
    positions: list[int] = []
    insert_at = 0
    axis = 0
    for position, item in enumerate(items):
        if item is None:
            out.append(1)
            continue
        dims = tuple(shape[axis : axis + _consumed(item)])
        if isinstance(item, slice):
            size = dims[0]
            out.append(None if size is None else len(range(*item.indices(size))))
        else:
            index_shape_ = _check_position(item, dims, axis)
            if has_array:  # ints become 0-d advanced indices next to an array
                if not positions:
                    insert_at = len(out)
                positions.append(position)
                advanced.append(index_shape_)
        axis += len(dims)
    if not has_array:
        return tuple(out)
    try:
        broadcast = tuple(np.broadcast_shapes(*advanced))
    except ValueError:
        shown = ", ".join(fmt_shape(s) for s in advanced)
        raise IndexError(
            f"x[key] expects index arrays that broadcast together, but received "
            f"shapes {shown}. Give the index arrays equal shapes (or size 1)."
        ) from None
    if positions != list(range(positions[0], positions[-1] + 1)):
        insert_at = 0  # separated advanced indices: their axes go first
    return tuple(out[:insert_at]) + broadcast + tuple(out[insert_at:])
