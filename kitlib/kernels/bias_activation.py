"""Bias + activation fused: one pass over the data forward, one backward.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

A ``Dense`` or ``Conv2D`` layer ends with ``activation(z + bias)``. Done as two
ops, the big array ``z`` is read and written twice forward (add, then
activation) and twice backward (the activation's gradient, then the bias's
gradient, a sum over every row). Element-wise work like this is limited by
memory traffic, not arithmetic, so doing both steps while each element is in a
register halves the time. Frameworks call this a *fused* kernel (TensorFlow's
grappler and oneDNN's "post-ops" do the same).

Arrays are 2-D and C-contiguous: ``(rows, channels)``, where ``channels`` is the
last axis of the layer's output (units or filters) and ``rows`` all the others
flattened. ``kind`` picks the activation: see :data:`KINDS`.

Only the cheap activations are fused. ``sigmoid`` and ``tanh`` need ``exp``,
which a Numba loop computes one element at a time (measured: ~10 ns each),
while NumPy's ufuncs compute 8-16 at once with vector instructions; those
layers keep the separate ops.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit  # a sibling kernel module: kernels import no other kitlib code

#: The activations these kernels fuse, by the integer ``kind`` they take.
KINDS = {"linear": 0, "relu": 1}


@njit()
def bias_activation_forward(x: np.ndarray, bias: np.ndarray, kind: int) -> np.ndarray:
    """``y = activation(x + bias)``, the bias broadcast over the rows.

    Args:
        x: ``(rows, channels)`` float array.
        bias: ``(channels,)`` array of the same dtype.
        kind: 0 linear, 1 relu.

    Returns:
        ``(rows, channels)`` array.

    Loop::

        for r, c:  z = x[r, c] + bias[c];  y[r, c] = activation(z)
    """
    rows, channels = x.shape
    y = np.empty_like(x)
    for r in range(rows):
        for c in range(channels):
            z = x[r, c] + bias[c]
            if kind == 1 and not z > 0.0:  # relu, exactly as ops.relu
                z = 0.0
            y[r, c] = z
    return y


@njit()
def bias_activation_backward(grad: np.ndarray, y: np.ndarray, kind: int) -> tuple:
    """Gradients of :func:`bias_activation_forward` w.r.t. ``x`` and ``bias``.

    relu's derivative is read from the output (``y > 0`` exactly where
    ``x + bias > 0``), so the input need not be kept.

    Args:
        grad: ``(rows, channels)`` upstream gradient.
        y: the forward output, same shape.
        kind: as in the forward pass.

    Returns:
        ``(dx, dbias)``: ``dx`` like ``grad``; ``dbias`` the column sums of
        ``dx``, shape ``(channels,)``.

    Loop::

        for r, c:  dx[r, c] = grad[r, c] * activation'(y[r, c]);  dbias[c] += dx[r, c]
    """
    rows, channels = grad.shape
    dx = np.empty_like(grad)
    # NOTE: a float64 running sum: thousands of float32 rows added one by one
    # in float32 would lose digits (NumPy's sum avoids that by pairing terms).
    total = np.zeros(channels, np.float64)
    for r in range(rows):
        for c in range(channels):
            g = grad[r, c]
            if kind == 1 and not y[r, c] > 0.0:
                g = 0.0  # relu's gradient at 0 is taken as 0, as TF/PyTorch do
            dx[r, c] = g
            total[c] += g
    return dx, total.astype(grad.dtype)
