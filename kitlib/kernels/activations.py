"""Activation kernels, forward and backward, as plain loops over flat arrays.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Element-wise kernels take 1-D C-contiguous float arrays (the op flattens the
tensor first, so one compiled version serves every shape). ``softmax`` and
``log_softmax`` take a 2-D ``(rows, classes)`` array and work on each row.
Every ``*_backward`` gets the upstream gradient ``grad`` and returns the
gradient with respect to the forward input.
"""

from __future__ import annotations

import math

import numpy as np

from ._jit import njit  # a sibling kernel module: kernels import no other kitlib code


@njit()
def relu_forward(x: np.ndarray) -> np.ndarray:
    """``max(x, 0)``; for i: y[i] = x[i] if x[i] > 0 else 0."""
    y = np.empty_like(x)
    for i in range(x.size):
        y[i] = x[i] if x[i] > 0.0 else 0.0
    return y


@njit()
def relu_backward(x: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """For i: dx[i] = grad[i] if x[i] > 0 else 0.

    NOTE: relu has no derivative at 0; like TensorFlow and PyTorch we use 0.
    """
    dx = np.empty_like(grad)
    for i in range(x.size):
        dx[i] = grad[i] if x[i] > 0.0 else 0.0
    return dx


@njit()
def leaky_relu_forward(x: np.ndarray, alpha: float) -> np.ndarray:
    """For i: y[i] = x[i] if x[i] > 0 else alpha * x[i]."""
    y = np.empty_like(x)
    for i in range(x.size):
        y[i] = x[i] if x[i] > 0.0 else alpha * x[i]
    return y


@njit()
def leaky_relu_backward(x: np.ndarray, grad: np.ndarray, alpha: float) -> np.ndarray:
    """For i: dx[i] = grad[i] if x[i] > 0 else alpha * grad[i]."""
    dx = np.empty_like(grad)
    for i in range(x.size):
        dx[i] = grad[i] if x[i] > 0.0 else alpha * grad[i]
    return dx


@njit()
def elu_forward(x: np.ndarray, alpha: float) -> np.ndarray:
    """For i: y[i] = x[i] if x[i] > 0 else alpha * (exp(x[i]) - 1)."""
    y = np.empty_like(x)
    for i in range(x.size):
        # NOTE: expm1 keeps precision for tiny |x|, where exp(x) - 1 cancels.
        y[i] = x[i] if x[i] > 0.0 else alpha * math.expm1(x[i])
    return y


@njit()
def elu_backward(y: np.ndarray, grad: np.ndarray, alpha: float) -> np.ndarray:
    """From the output: for x <= 0, d/dx alpha*(e^x - 1) = alpha*e^x = y + alpha.

    For i: dx[i] = grad[i] if y[i] > 0 else grad[i] * (y[i] + alpha).
    """
    dx = np.empty_like(grad)
    for i in range(y.size):
        dx[i] = grad[i] if y[i] > 0.0 else grad[i] * (y[i] + alpha)
    return dx


@njit()
def sigmoid_forward(x: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-x))``, computed so that no ``exp`` can overflow.

    NOTE: for x = -1000, exp(-x) overflows to inf. For negative x we use the
    equal form e^x / (1 + e^x), where e^x only underflows (harmlessly) to 0.
    """
    y = np.empty_like(x)
    for i in range(x.size):
        if x[i] >= 0.0:
            y[i] = 1.0 / (1.0 + math.exp(-x[i]))
        else:
            e = math.exp(x[i])
            y[i] = e / (1.0 + e)
    return y


@njit()
def sigmoid_backward(y: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """From the output: for i: dx[i] = grad[i] * y[i] * (1 - y[i])."""
    dx = np.empty_like(grad)
    for i in range(y.size):
        dx[i] = grad[i] * y[i] * (1.0 - y[i])
    return dx


@njit()
def tanh_forward(x: np.ndarray) -> np.ndarray:
    """For i: y[i] = tanh(x[i])."""
    y = np.empty_like(x)
    for i in range(x.size):
        y[i] = math.tanh(x[i])
    return y


@njit()
def tanh_backward(y: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """From the output: for i: dx[i] = grad[i] * (1 - y[i]^2)."""
    dx = np.empty_like(grad)
    for i in range(y.size):
        dx[i] = grad[i] * (1.0 - y[i] * y[i])
    return dx


@njit()
def softmax_forward(x: np.ndarray) -> np.ndarray:
    """Softmax of each row of ``x`` (rows, classes).

    for r: m = max(x[r]); e = exp(x[r] - m); y[r] = e / sum(e)

    NOTE: subtracting the row maximum changes nothing mathematically (it
    cancels in the ratio) but keeps exp() from overflowing for large logits.
    """
    rows, classes = x.shape
    y = np.empty_like(x)
    for r in range(rows):
        top = x[r, 0]
        for k in range(1, classes):
            top = max(top, x[r, k])
        total = 0.0
        for k in range(classes):
            y[r, k] = math.exp(x[r, k] - top)
            total += y[r, k]
        for k in range(classes):
            y[r, k] = y[r, k] / total
    return y


@njit()
def softmax_backward(y: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """From the output: for r: dx[r] = y[r] * (grad[r] - sum(grad[r] * y[r]))."""
    rows, classes = y.shape
    dx = np.empty_like(grad)
    for r in range(rows):
        dot = 0.0
        for k in range(classes):
            dot += grad[r, k] * y[r, k]
        for k in range(classes):
            dx[r, k] = y[r, k] * (grad[r, k] - dot)
    return dx


@njit()
def log_softmax_forward(x: np.ndarray) -> np.ndarray:
    """Log of the softmax of each row: for r: y[r] = x[r] - logsumexp(x[r]).

    logsumexp(x) = m + log(sum(exp(x - m))) with m = max(x), so no exp()
    overflows and no log() sees an underflowed 0 (which would give -inf).
    """
    rows, classes = x.shape
    y = np.empty_like(x)
    for r in range(rows):
        top = x[r, 0]
        for k in range(1, classes):
            top = max(top, x[r, k])
        total = 0.0
        for k in range(classes):
            total += math.exp(x[r, k] - top)
        shift = top + math.log(total)
        for k in range(classes):
            y[r, k] = x[r, k] - shift
    return y


@njit()
def log_softmax_backward(y: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """From the output: for r: dx[r] = grad[r] - exp(y[r]) * sum(grad[r])."""
    rows, classes = y.shape
    dx = np.empty_like(grad)
    for r in range(rows):
        total = 0.0
        for k in range(classes):
            total += grad[r, k]
        for k in range(classes):
            dx[r, k] = grad[r, k] - math.exp(y[r, k]) * total
    return dx
