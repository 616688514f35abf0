"""Dropout: apply a keep-mask and rescale, so the expected output equals the input.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Layout: 1-D C-contiguous arrays (the op flattens them). The random mask is
drawn outside, with NumPy's generator from ``kitlib.utils.random``, so
``set_random_seed`` makes dropout repeatable; the kernel itself is pure.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit  # a sibling kernel module: kernels import no other kitlib code


@njit()
def dropout_forward(x: np.ndarray, keep: np.ndarray, scale: float) -> np.ndarray:
    """For i: y[i] = x[i] * scale if keep[i] else 0, with ``scale = 1 / (1 - rate)``.

    NOTE: scaling the survivors at training time ("inverted dropout") keeps the
    expected value of each unit unchanged, so inference needs no rescaling.
    """
    y = np.empty_like(x)
    for i in range(x.size):
        y[i] = x[i] * scale if keep[i] else 0.0
    return y


@njit()
def dropout_backward(grad: np.ndarray, keep: np.ndarray, scale: float) -> np.ndarray:
    """For i: dx[i] = grad[i] * scale if keep[i] else 0 (the same mask and scale)."""
    dx = np.empty_like(grad)
    for i in range(grad.size):
        dx[i] = grad[i] * scale if keep[i] else 0.0
    return dx
