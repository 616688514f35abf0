"""Batch normalization over the rows of a ``(rows, channels)`` array.

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Layout: the op moves the normalized axis last and flattens the others, so
``x`` is ``(M, C)`` (for images, ``M = N*H*W``) and C-contiguous; ``mean``,
``variance``, ``gamma`` (scale) and ``beta`` (offset) are ``(C,)``. The
formula, as in Keras::

    y = (x - mean) / sqrt(variance + epsilon) * gamma + beta

NOTE: sums are accumulated in float64 and the variance takes two passes
(mean first, then squared deviations) because the one-pass
``mean(x^2) - mean(x)^2`` loses every digit when the mean is large.
"""

from __future__ import annotations

import math

import numpy as np

from ._jit import njit  # a sibling kernel module: kernels import no other kitlib code


@njit()
def _column_sums(a: np.ndarray, b: np.ndarray) -> tuple:
    """``(sum_r a[r, c], sum_r a[r, c] * b[r, c])`` per column, in float64."""
    rows, channels = a.shape
    first = np.zeros(channels, np.float64)
    second = np.zeros(channels, np.float64)
    for r in range(rows):
        for c in range(channels):
            first[c] += a[r, c]
            second[c] += a[r, c] * b[r, c]
    return first, second


@njit()
def _normalize(
    x: np.ndarray,
    mean: np.ndarray,
    variance: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    epsilon: float,
) -> np.ndarray:
    """``y[r, c] = (x[r, c] - mean[c]) * gamma[c] / sqrt(var[c] + eps) + beta[c]``."""
    rows, channels = x.shape
    scale = np.empty(channels, np.float64)
    for c in range(channels):
        scale[c] = gamma[c] / math.sqrt(variance[c] + epsilon)
    y = np.empty_like(x)
    for r in range(rows):  # rows outer: x is read in memory order
        for c in range(channels):
            y[r, c] = (x[r, c] - mean[c]) * scale[c] + beta[c]
    return y


@njit()
def batchnorm_forward_training(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, epsilon: float
) -> tuple:
    """Normalize with the batch's own statistics.

    Returns:
        ``(y, mean, variance)``: the output ``(M, C)`` and the batch mean and
        (biased, divide-by-M) variance ``(C,)`` a layer uses to update its
        moving averages.

    Loop::

        mean[c] = sum_r x[r, c] / M;  variance[c] = sum_r (x[r, c] - mean[c])^2 / M
        y[r, c] = (x[r, c] - mean[c]) / sqrt(variance[c] + eps) * gamma[c] + beta[c]
    """
    rows, channels = x.shape
    mean = np.zeros(channels, np.float64)
    for r in range(rows):
        for c in range(channels):
            mean[c] += x[r, c]
    mean /= rows
    variance = np.zeros(channels, np.float64)
    for r in range(rows):
        for c in range(channels):
            d = x[r, c] - mean[c]
            variance[c] += d * d
    variance /= rows
    y = _normalize(x, mean, variance, gamma, beta, epsilon)
    return y, mean.astype(x.dtype), variance.astype(x.dtype)


@njit()
def batchnorm_backward_training(
    x: np.ndarray,
    grad: np.ndarray,
    mean: np.ndarray,
    variance: np.ndarray,
    gamma: np.ndarray,
    epsilon: float,
) -> tuple:
    """Gradients when ``mean``/``variance`` were computed from ``x`` itself.

    With ``xhat = (x - mean) * inv_std`` and ``g`` the upstream gradient,
    summing over rows r (M of them)::

        dbeta[c]  = sum_r g[r, c]
        dgamma[c] = sum_r g[r, c] * xhat[r, c]
        dx[r, c]  = gamma[c] * inv_std[c] / M
                    * (M * g[r, c] - dbeta[c] - xhat[r, c] * dgamma[c])

    (the last two terms are the paths through the batch mean and variance).

    Returns:
        ``(dx, dgamma, dbeta)``.
    """
    rows, channels = x.shape
    inv_std = np.empty(channels, np.float64)
    for c in range(channels):
        inv_std[c] = 1.0 / math.sqrt(variance[c] + epsilon)
    xhat = np.empty(x.shape, np.float64)
    for r in range(rows):
        for c in range(channels):
            xhat[r, c] = (x[r, c] - mean[c]) * inv_std[c]
    dbeta, dgamma = _column_sums(grad, xhat)
    dx = np.empty_like(grad)
    for r in range(rows):
        for c in range(channels):
            dx[r, c] = (
                gamma[c]
                * inv_std[c]
                / rows
                * (rows * grad[r, c] - dbeta[c] - xhat[r, c] * dgamma[c])
            )
    return dx, dgamma.astype(grad.dtype), dbeta.astype(grad.dtype)


@njit()
def batchnorm_forward_inference(
    x: np.ndarray,
    mean: np.ndarray,
    variance: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    epsilon: float,
) -> np.ndarray:
    """Normalize with given statistics (a layer's moving mean and variance).

    Loop::

        y[r, c] = (x[r, c] - mean[c]) / sqrt(variance[c] + eps) * gamma[c] + beta[c]
    """
    return _normalize(x, mean, variance, gamma, beta, epsilon)


@njit()
def batchnorm_backward_inference(
    x: np.ndarray,
    grad: np.ndarray,
    mean: np.ndarray,
    variance: np.ndarray,
    gamma: np.ndarray,
    epsilon: float,
) -> tuple:
    """Gradients when ``mean``/``variance`` are inputs (not functions of ``x``).

    With ``inv_std = 1 / sqrt(variance + eps)``::

        dx[r, c]     = g[r, c] * gamma[c] * inv_std[c]
        dmean[c]     = -sum_r dx[r, c]
        dvariance[c] = -0.5 * gamma[c] * inv_std[c]^3 * sum_r g[r, c] * d[r, c]
        dgamma[c]    = sum_r g[r, c] * d[r, c] * inv_std[c]
        dbeta[c]     = sum_r g[r, c]

    where ``d = x - mean``.

    Returns:
        ``(dx, dmean, dvariance, dgamma, dbeta)``.
    """
    rows, channels = x.shape
    centered = np.empty(x.shape, np.float64)
    for r in range(rows):
        for c in range(channels):
            centered[r, c] = x[r, c] - mean[c]
    dbeta, g_centered = _column_sums(grad, centered)
    inv_std = np.empty(channels, np.float64)
    for c in range(channels):
        inv_std[c] = 1.0 / math.sqrt(variance[c] + epsilon)
    dx = np.empty_like(grad)
    for r in range(rows):
        for c in range(channels):
            dx[r, c] = grad[r, c] * gamma[c] * inv_std[c]
    dmean = -dbeta * gamma * inv_std
    dvariance = -0.5 * gamma * inv_std**3 * g_centered
    dgamma = g_centered * inv_std
    dtype = grad.dtype
    return (
        dx,
        dmean.astype(dtype),
        dvariance.astype(dtype),
        dgamma.astype(dtype),
        dbeta.astype(dtype),
    )
