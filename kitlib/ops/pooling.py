"""``max_pool2d`` and ``avg_pool2d`` (channels-last) on the pooling kernels.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Padding follows Keras/TensorFlow: with ``"same"``, padded positions never win
a max and are left out of an average's count.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.kernels import pooling as kernels
from kitlib.ops._nn_utils import (
    _KernelOp,
    as_float,
    float_dtype,
    normalize_padding,
    normalize_tuple,
    spatial_plan,
)
from kitlib.ops._op import Shape


class _Pool2D(_KernelOp):
    """Shared configuration and shape rule of the two pooling ops."""

    who = "ops.pool2d"

    def __init__(
        self, pool_size: Any = 2, strides: Any = None, padding: str = "valid"
    ) -> None:
        super().__init__()
        self.pool_size = normalize_tuple(pool_size, self.who, "pool_size")
        self.strides = (
            self.pool_size
            if strides is None
            else normalize_tuple(strides, self.who, "strides")
        )
        self.padding = normalize_padding(padding, self.who)

    def _plan(self, x_shape: Shape) -> tuple[Shape, tuple]:
        out_size, pads = spatial_plan(
            self.who, x_shape, self.pool_size, self.strides, (1, 1), self.padding
        )
        return (x_shape[0], *out_size, x_shape[3]), pads

    def shape_rule(self, x_shape: Shape) -> Shape:
        return self._plan(x_shape)[0]

    def dtype_rule(self, dtype: str) -> str:
        return float_dtype(dtype)


class MaxPool2D(_Pool2D):
    """The maximum of each ``pool_size`` window; gradient to the winning pixel."""

    who = "ops.max_pool2d"

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        _, pads = self._plan(x.shape)
        x = as_float(x)
        out, argmax = kernels.max_pool2d_forward(x, self.pool_size, self.strides, pads)
        return out, (argmax, pads, x.shape, x.dtype)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        argmax, pads, shape, dtype = ctx
        grad = as_float(grad, dtype)
        dx = kernels.max_pool2d_backward(
            grad, argmax, shape[1], shape[2], self.pool_size, self.strides, pads
        )
        return (dx,)


class AvgPool2D(_Pool2D):
    """The mean of each ``pool_size`` window (over real pixels only)."""

    who = "ops.avg_pool2d"

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        _, pads = self._plan(x.shape)
        x = as_float(x)
        out = kernels.avg_pool2d_forward(x, self.pool_size, self.strides, pads)
        return out, (pads, x.shape, x.dtype)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        pads, shape, dtype = ctx
        grad = as_float(grad, dtype)
        dx = kernels.avg_pool2d_backward(
            grad, shape[1], shape[2], self.pool_size, self.strides, pads
        )
        return (dx,)


def max_pool2d(
    x: Any, pool_size: Any = 2, strides: Any = None, padding: str = "valid"
) -> Any:
    """Max pooling over ``pool_size`` windows of channels-last images.

    Args:
        x: ``(batch, height, width, channels)``.
        pool_size: int or pair.
        strides: int or pair; ``None`` means ``pool_size`` (no overlap).
        padding: ``"valid"`` or ``"same"``.

    Returns:
        ``(batch, out_height, out_width, channels)``.

    Example:
        >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> max_pool2d(x, 2).numpy()[0, :, :, 0].tolist()
        [[5.0, 7.0], [13.0, 15.0]]

    Keras note: Keras 3 spells it ``keras.ops.max_pool``.
    """
    return MaxPool2D(pool_size, strides, padding)(x)


def avg_pool2d(
    x: Any, pool_size: Any = 2, strides: Any = None, padding: str = "valid"
) -> Any:
    """Average pooling over ``pool_size`` windows of channels-last images.

    Args:
        x: ``(batch, height, width, channels)``.
        pool_size: int or pair.
        strides: int or pair; ``None`` means ``pool_size``.
        padding: ``"valid"`` or ``"same"`` (padding is not counted).

    Returns:
        ``(batch, out_height, out_width, channels)``.

    Example:
        >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
        >>> avg_pool2d(x, 2).numpy()[0, :, :, 0].tolist()
        [[2.5, 4.5], [10.5, 12.5]]

    Keras note: Keras 3 spells it ``keras.ops.average_pool``.
    """
    return AvgPool2D(pool_size, strides, padding)(x)
