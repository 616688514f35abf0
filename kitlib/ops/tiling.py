"""Ops that grow a tensor by copying or padding values: tile, broadcast_to, pad.

Notebook: ``notebooks/08_gradient_tape.ipynb``.

A value that was copied ``k`` times influences ``k`` outputs, so its
gradient is the sum of the gradients of its copies; padding values are
constants, so their gradients are simply dropped.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.ops._common import _CheckedOp
from kitlib.ops._op import Shape, broadcast_shapes, unbroadcast
from kitlib.utils.errors import fmt_shape


class Tile(_CheckedOp):
    """Repeat the whole tensor ``repeats[i]`` times along each axis ``i``."""

    def __init__(self, repeats: Any) -> None:
        super().__init__()
        reps = (repeats,) if isinstance(repeats, int) else tuple(repeats)
        if any(int(r) < 0 for r in reps):
            raise ValueError(
                f"ops.tile expects non-negative repeats, but received {reps}. Each "
                "entry says how many copies to lay side by side along one axis."
            )
        self.repeats = tuple(int(r) for r in reps)

    def _layout(self, shape: Shape) -> tuple[Shape, tuple[int, ...]]:
        # NumPy's rule: pad the shorter of (shape, repeats) with leading 1s.
        ndim = max(len(shape), len(self.repeats))
        full_shape = (1,) * (ndim - len(shape)) + tuple(shape)
        return full_shape, (1,) * (ndim - len(self.repeats)) + self.repeats

    def shape_rule(self, x: Shape) -> Shape:
        full_shape, reps = self._layout(x)
        pairs = zip(full_shape, reps, strict=True)
        return tuple(None if d is None else d * r for d, r in pairs)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        return np.tile(x, self.repeats), x.shape

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        full_shape, reps = self._layout(ctx)
        # Output axis i has reps[i] blocks of size full_shape[i]: split it into
        # (copy, position) and sum over the copies.
        split = [size for pair in zip(reps, full_shape, strict=True) for size in pair]
        summed = grad.reshape(split).sum(axis=tuple(range(0, len(split), 2)))
        return (summed.reshape(ctx),)


class BroadcastTo(_CheckedOp):
    """``x`` broadcast (virtually copied) to ``shape``."""

    def __init__(self, shape: Any) -> None:
        super().__init__()
        self.target_shape = tuple(int(d) for d in shape)

    def shape_rule(self, x: Shape) -> Shape:
        target = self.target_shape
        try:
            result = broadcast_shapes(x, target)
        except ValueError:
            result = None
        if (
            result is None
            or len(x) > len(target)
            or any(d not in (None, t) for d, t in zip(result, target, strict=True))
        ):
            raise ValueError(
                f"ops.broadcast_to expects an input that broadcasts to "
                f"{fmt_shape(target)}, but received shape {fmt_shape(x)}. Each input "
                "axis (aligned from the right) must be 1 or equal the target's."
            )
        return target

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        self.shape_rule(x.shape)
        # A fresh array, not NumPy's read-only view that shares one value.
        return np.array(np.broadcast_to(x, self.target_shape)), x.shape

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        return (unbroadcast(grad, ctx),)


class Pad(_CheckedOp):
    """Add constant values before and after each axis."""

    def __init__(
        self, pad_width: Any, mode: str = "constant", constant_values: float = 0
    ) -> None:
        super().__init__()
        if mode != "constant":
            raise ValueError(
                f"ops.pad supports mode='constant' only, but received mode={mode!r}. "
                "kitlib keeps pad small; use constant padding (zeros by default)."
            )
        self.pad_width = pad_width
        self.constant_values = constant_values

    def widths(self, shape: Shape) -> np.ndarray:
        """``pad_width`` as an ``(ndim, 2)`` array of (before, after) counts."""
        try:
            widths = np.broadcast_to(np.asarray(self.pad_width), (len(shape), 2))
        except ValueError:
            widths = None
        if widths is None or widths.dtype.kind not in "iu" or (widths < 0).any():
            raise ValueError(
                f"ops.pad expects pad_width as non-negative ints: one (before, after) "
                f"pair per axis, one pair for all axes, or one int, but received "
                f"{self.pad_width!r} for an input of shape {fmt_shape(shape)}."
            )
        return widths

    def shape_rule(self, x: Shape) -> Shape:
        sizes = zip(x, self.widths(x), strict=True)
        return tuple(None if d is None else d + int(b + a) for d, (b, a) in sizes)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        pairs = self.widths(x.shape)
        out = np.pad(x, pairs, mode="constant", constant_values=self.constant_values)
        return out, (pairs, x.shape)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        pairs, shape = ctx
        inside = tuple(slice(b, b + d) for (b, _), d in zip(pairs, shape, strict=True))
        return (grad[inside],)


def tile(x: Any, repeats: Any) -> Any:
    """Lay ``repeats[i]`` copies of ``x`` side by side along each axis ``i``.

    Example:
        >>> tile([1.0, 2.0], 2).numpy().tolist()
        [1.0, 2.0, 1.0, 2.0]
    """
    return Tile(repeats)(x)


def broadcast_to(x: Any, shape: Any) -> Any:
    """Broadcast ``x`` to ``shape`` with NumPy's rules; the gradient sums the copies.

    Example:
        >>> broadcast_to([1.0, 2.0], (2, 2)).numpy().tolist()
        [[1.0, 2.0], [1.0, 2.0]]
    """
    return BroadcastTo(shape)(x)


def pad(
    x: Any, pad_width: Any, mode: str = "constant", constant_values: float = 0
) -> Any:
    """Pad ``x`` with ``constant_values``; ``pad_width`` follows ``np.pad``.

    Example:
        >>> pad([[1.0]], 1).numpy().tolist()
        [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    """
    return Pad(pad_width, mode, constant_values)(x)
