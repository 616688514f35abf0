"""Activation ops on Numba kernels: relu, leaky_relu, elu, sigmoid, tanh, softmax...

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Each op flattens its input (element-wise ops) or moves ``axis`` last and
flattens the rest (softmax, log_softmax), runs the kernel from
``kitlib.kernels.activations``, and restores the shape. Inputs that are not
float32/float64 are computed in float32.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.kernels import activations as kernels
from kitlib.ops._nn_utils import _KernelOp, as_float, float_dtype
from kitlib.ops._op import Shape


class _Elementwise(_KernelOp):
    """``y = f(x)`` element by element; subclasses name the two kernels."""

    #: whether backward needs the output ``y`` (sigmoid, tanh, elu) or ``x``.
    needs_output = False

    def shape_rule(self, x_shape: Shape) -> Shape:
        return x_shape

    def dtype_rule(self, dtype: str) -> str:
        return float_dtype(dtype)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        flat = as_float(x).reshape(-1)
        y = self._forward(flat)
        return y.reshape(x.shape), (y if self.needs_output else flat, x.shape)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        saved, shape = ctx
        flat_grad = as_float(grad, saved.dtype).reshape(-1)
        return (self._backward(saved, flat_grad).reshape(shape),)

    def _forward(self, flat: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _backward(self, saved: np.ndarray, grad: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class Relu(_Elementwise):
    """``max(x, 0)``; the gradient at exactly 0 is taken as 0."""

    def _forward(self, flat: np.ndarray) -> np.ndarray:
        return kernels.relu_forward(flat)

    def _backward(self, x: np.ndarray, grad: np.ndarray) -> np.ndarray:
        return kernels.relu_backward(x, grad)


class LeakyRelu(_Elementwise):
    """``x`` if ``x > 0`` else ``alpha * x``."""

    def __init__(self, alpha: float = 0.2) -> None:
        super().__init__()
        self.alpha = float(alpha)

    def _forward(self, flat: np.ndarray) -> np.ndarray:
        return kernels.leaky_relu_forward(flat, self.alpha)

    def _backward(self, x: np.ndarray, grad: np.ndarray) -> np.ndarray:
        return kernels.leaky_relu_backward(x, grad, self.alpha)


class Elu(_Elementwise):
    """``x`` if ``x > 0`` else ``alpha * (exp(x) - 1)``."""

    needs_output = True

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = float(alpha)

    def _forward(self, flat: np.ndarray) -> np.ndarray:
        return kernels.elu_forward(flat, self.alpha)

    def _backward(self, y: np.ndarray, grad: np.ndarray) -> np.ndarray:
        return kernels.elu_backward(y, grad, self.alpha)


class Sigmoid(_Elementwise):
    """``1 / (1 + exp(-x))``, without overflow for large ``|x|``."""

    needs_output = True

    def _forward(self, flat: np.ndarray) -> np.ndarray:
        return kernels.sigmoid_forward(flat)

    def _backward(self, y: np.ndarray, grad: np.ndarray) -> np.ndarray:
        return kernels.sigmoid_backward(y, grad)


class Tanh(_Elementwise):
    """Hyperbolic tangent."""

    needs_output = True

    def _forward(self, flat: np.ndarray) -> np.ndarray:
        return kernels.tanh_forward(flat)

    def _backward(self, y: np.ndarray, grad: np.ndarray) -> np.ndarray:
        return kernels.tanh_backward(y, grad)


class _AlongAxis(_KernelOp):
    """A row-wise kernel applied along ``axis`` (moved last, other axes flattened)."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = axis

    def shape_rule(self, x_shape: Shape) -> Shape:
        self._axis(len(x_shape))
        return x_shape

    def dtype_rule(self, dtype: str) -> str:
        return float_dtype(dtype)

    def _axis(self, ndim: int) -> int:
        name = type(self).__name__
        who = "ops." + ("log_softmax" if name == "LogSoftmax" else "softmax")
        if ndim == 0:
            raise ValueError(
                f"{who} expects a tensor with at least 1 axis, but received a "
                "scalar (shape ()). It normalizes values along an axis, so pass "
                "e.g. a (batch, classes) array."
            )
        if not isinstance(self.axis, int | np.integer) or not -ndim <= self.axis < ndim:
            raise ValueError(
                f"{who} expects an int axis in [-{ndim}, {ndim}), but received "
                f"axis={self.axis!r} for an input with {ndim} axes. Use axis=-1 "
                "for the last axis (the classes)."
            )
        return int(self.axis) % ndim

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, Any]:
        axis = self._axis(x.ndim)
        moved = _to_last(as_float(x), axis)
        rows = np.ascontiguousarray(moved).reshape(-1, max(moved.shape[-1], 1))
        out = self._forward(rows) if rows.size else rows.copy()
        return _from_last(out.reshape(moved.shape), axis), (out, axis)

    def backward(self, ctx: Any, grad: np.ndarray) -> tuple:
        out, axis = ctx
        moved = _to_last(as_float(grad, out.dtype), axis)
        rows = np.ascontiguousarray(moved).reshape(out.shape)
        dx = self._backward(out, rows) if rows.size else rows.copy()
        return (_from_last(dx.reshape(moved.shape), axis),)


# NOTE: np.moveaxis costs microseconds even when nothing moves, and softmax over
# the last axis (the usual case) runs on every training step.
def _to_last(array: np.ndarray, axis: int) -> np.ndarray:
    return array if axis == array.ndim - 1 else np.moveaxis(array, axis, -1)


def _from_last(array: np.ndarray, axis: int) -> np.ndarray:
    return array if axis == array.ndim - 1 else np.moveaxis(array, -1, axis)


class Softmax(_AlongAxis):
    """``exp(x) / sum(exp(x))`` along ``axis`` (max-shifted for stability)."""

    def _forward(self, rows: np.ndarray) -> np.ndarray:
        return kernels.softmax_forward(rows)

    def _backward(self, y: np.ndarray, grad: np.ndarray) -> np.ndarray:
        return kernels.softmax_backward(y, grad)


class LogSoftmax(_AlongAxis):
    """``x - logsumexp(x)`` along ``axis``."""

    def _forward(self, rows: np.ndarray) -> np.ndarray:
        return kernels.log_softmax_forward(rows)

    def _backward(self, y: np.ndarray, grad: np.ndarray) -> np.ndarray:
        return kernels.log_softmax_backward(y, grad)


def relu(x: Any) -> Any:
    """Rectified linear unit: ``max(x, 0)`` element-wise.

    Example:
        >>> relu([-1.0, 0.0, 2.0]).numpy().tolist()
        [0.0, 0.0, 2.0]
    """
    return Relu()(x)


def leaky_relu(
    x: Any, negative_slope: float = 0.2, *, alpha: float | None = None
) -> Any:
    """``x`` for positive inputs, ``negative_slope * x`` otherwise.

    Args:
        x: input tensor.
        negative_slope: the slope for negative inputs (Keras 3 default 0.2).
        alpha: the Keras 2 name of ``negative_slope``; wins when given.

    Example:
        >>> leaky_relu(np.array([-1.0, 2.0])).numpy().tolist()
        [-0.2, 2.0]
    """
    return LeakyRelu(negative_slope if alpha is None else alpha)(x)


def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit: ``x`` if ``x > 0`` else ``alpha * (exp(x) - 1)``.

    Example:
        >>> round(float(elu([-1.0]).numpy()[0]), 4)
        -0.6321
    """
    return Elu(alpha)(x)


def sigmoid(x: Any) -> Any:
    """Logistic sigmoid ``1 / (1 + exp(-x))``, stable for very large ``|x|``.

    Example:
        >>> sigmoid([0.0, -1000.0]).numpy().tolist()
        [0.5, 0.0]
    """
    return Sigmoid()(x)


def tanh(x: Any) -> Any:
    """Hyperbolic tangent, element-wise.

    Example:
        >>> tanh([0.0]).numpy().tolist()
        [0.0]
    """
    return Tanh()(x)


def softmax(x: Any, axis: int = -1) -> Any:
    """Softmax along ``axis``: non-negative values that sum to 1.

    Example:
        >>> softmax([[1.0, 1.0]]).numpy().tolist()
        [[0.5, 0.5]]
    """
    return Softmax(axis)(x)


def log_softmax(x: Any, axis: int = -1) -> Any:
    """Log of the softmax along ``axis``, computed without ``log(0)``.

    Example:
        >>> round(float(log_softmax([[0.0, 0.0]]).numpy()[0, 0]), 4)
        -0.6931
    """
    return LogSoftmax(axis)(x)
