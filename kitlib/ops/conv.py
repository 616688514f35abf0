"""``conv2d``: 2D convolution (channels-last) on the im2col kernels.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

The op turns Keras's ``strides``/``padding``/``dilation_rate`` into explicit
pad amounts (``kitlib.ops._nn_utils.spatial_plan``) and calls
``kitlib.kernels.conv``; the bias is added by the ``Conv2D`` layer.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.kernels import conv as kernels
from kitlib.ops._nn_utils import (
    _KernelOp,
    as_float,
    float_dtype,
    normalize_padding,
    normalize_tuple,
    spatial_plan,
)
from kitlib.ops._op import Shape
from kitlib.utils.errors import fmt_shape

_WHO = "ops.conv2d"


class Conv2D(_KernelOp):
    """2D convolution; ``y[n, i, j, o] = sum x[n, i*s+a*d, j*s+b*d, c] k[a, b, c, o]``.

    Args:
        strides: int or pair, the step between windows.
        padding: ``"valid"`` (no padding) or ``"same"`` (output size
            ``ceil(input / stride)``).
        dilation_rate: int or pair, the spacing between kernel taps.
    """

    def __init__(
        self, strides: Any = 1, padding: str = "valid", dilation_rate: Any = 1
    ) -> None:
        super().__init__()
        self.strides = normalize_tuple(strides, _WHO, "strides")
        self.padding = normalize_padding(padding, _WHO)
        self.dilation_rate = normalize_tuple(dilation_rate, _WHO, "dilation_rate")

    def _plan(self, x_shape: Shape, kernel_shape: Shape) -> tuple[Shape, tuple]:
        """Output shape and pads; raises the learner-facing shape errors."""
        if len(kernel_shape) != 4:
            raise ValueError(
                f"{_WHO} expects a 4-D kernel (kernel_h, kernel_w, in_channels, "
                f"out_channels), but received shape {fmt_shape(kernel_shape)}. A "
                "3x3 kernel from 1 to 8 channels has shape (3, 3, 1, 8)."
            )
        window = kernel_shape[:2]
        if None in window:
            raise ValueError(
                f"{_WHO} needs the kernel's height and width, but received kernel "
                f"shape {fmt_shape(kernel_shape)}."
            )
        out_size, pads = spatial_plan(
            _WHO, x_shape, window, self.strides, self.dilation_rate, self.padding
        )
        channels, expected = x_shape[3], kernel_shape[2]
        if None not in (channels, expected) and channels != expected:
            raise ValueError(
                f"{_WHO} received an input with {channels} channels (shape "
                f"{fmt_shape(x_shape)}), but the kernel expects {expected} input "
                f"channels (kernel shape {fmt_shape(kernel_shape)}). The kernel's "
                "third axis must equal the input's last axis."
            )
        return (x_shape[0], *out_size, kernel_shape[3]), pads

    def shape_rule(self, x_shape: Shape, kernel_shape: Shape) -> Shape:
        return self._plan(x_shape, kernel_shape)[0]

    def dtype_rule(self, x_dtype: str, kernel_dtype: str) -> str:
        return float_dtype(x_dtype, kernel_dtype)

    def forward(self, x: np.ndarray, kernel: np.ndarray) -> tuple[np.ndarray, Any]:
        _, pads = self._plan(x.shape, kernel.shape)
        dtype = float_dtype(x.dtype, kernel.dtype)
        x, kernel = as_float(x, dtype), as_float(kernel, dtype)
        y, cols = kernels.conv2d_forward_with_cols(
            x, kernel, self.strides, self.dilation_rate, pads
        )
        return y, (x, kernel, pads, cols)  # cols: reused by the kernel gradient

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        x, kernel, pads, cols = ctx
        grad = as_float(grad, x.dtype)
        geometry = (self.strides, self.dilation_rate, pads)
        dx = dkernel = None  # skipped when the tape does not need them
        if self.wants_grad(0):  # not for the images fed to the first layer
            dx = kernels.conv2d_backward_input(grad, kernel, x.shape, *geometry)
        if self.wants_grad(1):
            dkernel = kernels.conv2d_backward_kernel(
                x, grad, kernel.shape, *geometry, cols=cols
            )
        return dx, dkernel


def conv2d(
    x: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    dilation_rate: Any = 1,
) -> Any:
    """2D convolution of channels-last images with a Keras-layout kernel.

    Args:
        x: images ``(batch, height, width, in_channels)``.
        kernel: ``(kernel_h, kernel_w, in_channels, out_channels)``.
        strides: int or pair: the step between windows.
        padding: ``"valid"`` or ``"same"`` (zeros around the image, the extra
            one at the bottom/right for even kernels, as TensorFlow does).
        dilation_rate: int or pair: the spacing between kernel taps.

    Returns:
        ``(batch, out_height, out_width, out_channels)``.

    Raises:
        ValueError: for mismatched channels, or a ``"valid"`` kernel larger than
            the image.

    Example:
        >>> x = np.ones((1, 4, 4, 1), "float32")
        >>> conv2d(x, np.ones((3, 3, 1, 2), "float32")).shape
        (1, 2, 2, 2)

    Keras note: ``keras.ops.conv`` also takes ``data_format``; kitlib is
    channels-last only.
    """
    return Conv2D(strides, padding, dilation_rate)(x, kernel)
