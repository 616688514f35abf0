"""Batch normalization ops: with given statistics, and with the batch's own.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Keras's formula, normalizing over every axis except ``axis``::

    y = (x - mean) / sqrt(variance + epsilon) * scale + offset

A ``BatchNormalization`` layer uses the two ops like this::

    # training: normalize with the batch statistics, then update the moving ones
    y, mean, var = ops.batch_normalization_training(x, offset=beta, scale=gamma)
    moving_mean.assign(moving_mean * momentum + mean * (1 - momentum))
    # inference: normalize with the moving statistics
    y = ops.batch_normalization(x, moving_mean, moving_variance, offset=beta,
                                scale=gamma)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.engine.keras_tensor import KerasTensor
from kitlib.kernels import batchnorm as kernels
from kitlib.ops._nn_utils import _KernelOp, as_float, float_dtype
from kitlib.ops._op import Shape, dtype_of, shape_of
from kitlib.tensor import Tensor
from kitlib.utils.errors import fmt_shape


class _BatchNorm(_KernelOp):
    """Shared axis handling: move ``axis`` last and flatten the others to rows."""

    who = "ops.batch_normalization"
    param_names: tuple[str, ...] = ()

    def __init__(self, axis: int = -1, epsilon: float = 1e-3) -> None:
        super().__init__()
        if not isinstance(axis, int | np.integer):
            raise ValueError(
                f"{self.who} expects axis to be one int (the channels axis), but "
                f"received {axis!r}. Use axis=-1 for channels-last data."
            )
        self.axis = int(axis)
        self.epsilon = float(epsilon)

    def _channel_axis(self, x_shape: Shape) -> int:
        ndim = len(x_shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError(
                f"{self.who} expects axis in [-{ndim}, {ndim}) for an input of shape "
                f"{fmt_shape(x_shape)}, but received axis={self.axis}."
            )
        return self.axis % ndim

    def shape_rule(self, x_shape: Shape, *param_shapes: Shape) -> Shape:
        channels = x_shape[self._channel_axis(x_shape)]
        for name, shape in zip(self.param_names, param_shapes, strict=True):
            known = len(shape) == 1 and None not in (channels, shape[0])
            if len(shape) != 1 or (known and shape[0] != channels):
                raise ValueError(
                    f"{self.who} expects {name} of shape ({channels},), one value "
                    f"per channel of the input {fmt_shape(x_shape)}, but received "
                    f"shape {fmt_shape(shape)}."
                )
        return x_shape

    def dtype_rule(self, x_dtype: str, *param_dtypes: str) -> str:
        return float_dtype(x_dtype)

    def _to_rows(self, x: np.ndarray) -> tuple[np.ndarray, tuple, int]:
        axis = self._channel_axis(x.shape)
        moved = np.moveaxis(as_float(x), axis, -1)
        rows = np.ascontiguousarray(moved).reshape(-1, x.shape[axis])
        return rows, moved.shape, axis

    @staticmethod
    def _from_rows(rows: np.ndarray, moved_shape: tuple, axis: int) -> np.ndarray:
        return np.moveaxis(rows.reshape(moved_shape), -1, axis)


class BatchNormalization(_BatchNorm):
    """Normalize with given ``mean``/``variance``; gradients to all five inputs."""

    param_names = ("mean", "variance", "offset", "scale")

    def forward(
        self,
        x: np.ndarray,
        mean: np.ndarray,
        variance: np.ndarray,
        offset: np.ndarray,
        scale: np.ndarray,
    ) -> tuple[np.ndarray, Any]:
        self.shape_rule(x.shape, mean.shape, variance.shape, offset.shape, scale.shape)
        rows, moved_shape, axis = self._to_rows(x)
        mean, variance, offset, scale = (
            as_float(p, rows.dtype) for p in (mean, variance, offset, scale)
        )
        y = kernels.batchnorm_forward_inference(
            rows, mean, variance, scale, offset, self.epsilon
        )
        ctx = (rows, mean, variance, scale, moved_shape, axis)
        return self._from_rows(y, moved_shape, axis), ctx

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        rows, mean, variance, scale, moved_shape, axis = ctx
        grad_rows = self._to_rows(as_float(grad, rows.dtype))[0]
        dx, dmean, dvariance, dscale, doffset = kernels.batchnorm_backward_inference(
            rows, grad_rows, mean, variance, scale, self.epsilon
        )
        return self._from_rows(dx, moved_shape, axis), dmean, dvariance, doffset, dscale


class BatchNormalizationTraining(_BatchNorm):
    """Normalize with the batch's mean/variance; also returns those statistics.

    Calling the op returns ``(outputs, batch_mean, batch_variance)``. Only
    ``outputs`` is differentiable (w.r.t. ``x``, ``offset``, ``scale``); the
    statistics are plain tensors for the layer's moving averages.
    """

    who = "ops.batch_normalization_training"
    param_names = ("offset", "scale")

    def forward(
        self, x: np.ndarray, offset: np.ndarray, scale: np.ndarray
    ) -> tuple[np.ndarray, Any]:
        self.shape_rule(x.shape, offset.shape, scale.shape)
        rows, moved_shape, axis = self._to_rows(x)
        offset, scale = as_float(offset, rows.dtype), as_float(scale, rows.dtype)
        y, mean, variance = kernels.batchnorm_forward_training(
            rows, scale, offset, self.epsilon
        )
        # NOTE: an op returns one array; the statistics wait here for call().
        self._statistics = (mean, variance)
        ctx = (rows, mean, variance, scale, moved_shape, axis)
        return self._from_rows(y, moved_shape, axis), ctx

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        rows, mean, variance, scale, moved_shape, axis = ctx
        grad_rows = self._to_rows(as_float(grad, rows.dtype))[0]
        dx, dscale, doffset = kernels.batchnorm_backward_training(
            rows, grad_rows, mean, variance, scale, self.epsilon
        )
        return self._from_rows(dx, moved_shape, axis), doffset, dscale

    def call(self, *inputs: Any) -> tuple[Tensor, Tensor, Tensor]:
        """Eager: the normalized tensor (recorded on tapes) plus the statistics."""
        outputs = super().call(*inputs)
        mean, variance = self._statistics
        return outputs, Tensor(mean), Tensor(variance)

    def compute_output_spec(self, *inputs: Any) -> tuple:
        """Symbolic: three KerasTensors, the statistics of shape ``(channels,)``."""
        outputs = super().compute_output_spec(*inputs)
        x_shape = shape_of(inputs[0])
        channels = (x_shape[self._channel_axis(x_shape)],)
        dtype = float_dtype(dtype_of(inputs[0]))
        return outputs, KerasTensor(channels, dtype), KerasTensor(channels, dtype)


def _params(op: _BatchNorm, x: Any, offset: Any, scale: Any) -> tuple[Any, Any]:
    """Default ``offset``/``scale`` (zeros/ones) when a layer has none."""
    if offset is not None and scale is not None:
        return offset, scale
    shape = shape_of(x)
    channels = shape[op._channel_axis(shape)]
    if channels is None:
        raise ValueError(
            f"{op.who} needs to know the number of channels to create a default "
            f"offset/scale, but the input has shape {fmt_shape(shape)}. Pass "
            "offset= and scale= explicitly."
        )
    dtype = float_dtype(dtype_of(x))
    offset = np.zeros(channels, dtype) if offset is None else offset
    scale = np.ones(channels, dtype) if scale is None else scale
    return offset, scale


def batch_normalization(
    x: Any,
    mean: Any,
    variance: Any,
    axis: int = -1,
    offset: Any = None,
    scale: Any = None,
    epsilon: float = 1e-3,
) -> Any:
    """Normalize ``x`` with given statistics: ``(x - mean) / sqrt(variance + eps)``.

    Then ``* scale + offset``. Used at inference with the moving statistics.

    Args:
        x: input; statistics are per entry of ``axis``.
        mean, variance: ``(channels,)``.
        axis: the channels axis (default last).
        offset: ``beta``, ``(channels,)``; ``None`` means zeros.
        scale: ``gamma``, ``(channels,)``; ``None`` means ones.
        epsilon: added to the variance so nothing divides by zero.

    Returns:
        A tensor shaped like ``x``.

    Example:
        >>> y = batch_normalization([[1.0], [3.0]], [2.0], [1.0], epsilon=0.0)
        >>> y.numpy().tolist()
        [[-1.0], [1.0]]
    """
    op = BatchNormalization(axis, epsilon)
    offset, scale = _params(op, x, offset, scale)
    return op(x, mean, variance, offset, scale)


def batch_normalization_training(
    x: Any, axis: int = -1, offset: Any = None, scale: Any = None, epsilon: float = 1e-3
) -> tuple[Any, Any, Any]:
    """Normalize ``x`` with its own batch statistics; also return them.

    Args:
        x: input; statistics are over every axis except ``axis``.
        axis: the channels axis (default last).
        offset, scale, epsilon: as in :func:`batch_normalization`.

    Returns:
        ``(outputs, batch_mean, batch_variance)``; the variance is the biased
        one (divided by the number of values), as Keras uses.

    Example:
        >>> y, mean, var = batch_normalization_training([[1.0], [3.0]], epsilon=0.0)
        >>> y.numpy().tolist(), mean.numpy().tolist(), var.numpy().tolist()
        ([[-1.0], [1.0]], [2.0], [1.0])
    """
    op = BatchNormalizationTraining(axis, epsilon)
    offset, scale = _params(op, x, offset, scale)
    return op(x, offset, scale)
