"""NumPy helpers shared by the metrics: conversion, rank matching, sample weights.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kitlib.utils.errors import fmt_shape


def as_array(value: Any, dtype: Any = None) -> np.ndarray:
    """A kitlib Tensor, list or array as a NumPy array (no copy when possible)."""
    array = np.asarray(getattr(value, "value", value))
    return array if dtype is None else array.astype(dtype, copy=False)


def squeeze_or_expand_to_same_rank(
    x1: np.ndarray, x2: np.ndarray, expand_rank_1: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Make ranks equal when they differ by one trailing axis of size 1 (as Keras).

    ``(N, 1)`` labels against ``(N,)`` predictions become ``(N, 1)`` and
    ``(N, 1)``; a rank-1 partner is expanded rather than the other squeezed.

    Example:
        >>> a, b = squeeze_or_expand_to_same_rank(np.zeros((4, 1)), np.zeros(4))
        >>> a.shape, b.shape
        ((4, 1), (4, 1))
    """
    if x1.ndim == x2.ndim + 1 and x1.shape[-1] == 1:
        if x2.ndim == 1 and expand_rank_1:
            x2 = x2[..., None]
        else:
            x1 = x1[..., 0]
    elif x2.ndim == x1.ndim + 1 and x2.shape[-1] == 1:
        if x1.ndim == 1 and expand_rank_1:
            x1 = x1[..., None]
        else:
            x2 = x2[..., 0]
    return x1, x2


def reduce_to_samplewise_values(
    values: np.ndarray,
    sample_weight: Any,
    reduce_fn: Callable = np.mean,
    dtype: Any = "float32",
) -> tuple[np.ndarray, np.ndarray | None]:
    """Weight ``values`` and reduce them to one value per sample (Keras's rule).

    Returns:
        ``(values, sample_weight)``: values of shape ``(N,)`` (or a scalar),
        already multiplied by the weights, and the weights reduced the same way
        (None if no weights were given).

    Raises:
        ValueError: if the weights cannot be broadcast to the values.
    """
    values = as_array(values, dtype)
    if sample_weight is not None:
        weight = as_array(sample_weight, dtype)
        values, weight = squeeze_or_expand_to_same_rank(values, weight)
        if values.ndim > weight.ndim:
            values = reduce_fn(values, axis=tuple(range(weight.ndim, values.ndim)))
        try:
            weight = np.broadcast_to(weight, values.shape)
        except ValueError:
            raise ValueError(
                f"sample_weight of shape {fmt_shape(weight.shape)} cannot be "
                f"broadcast to values of shape {fmt_shape(values.shape)}. Pass one "
                "weight per sample, shape (batch_size,)."
            ) from None
        values = values * weight
        if weight.ndim > 1:
            weight = reduce_fn(weight, axis=tuple(range(1, weight.ndim)))
        sample_weight = weight
    if values.ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values.ndim)))
    return values, sample_weight


def divide_no_nan(numerator: Any, denominator: Any) -> np.ndarray:
    """``numerator / denominator``, with 0 where the denominator is 0."""
    numerator, denominator = np.asarray(numerator), np.asarray(denominator)
    if denominator.ndim == 0 and numerator.ndim == 0:  # a metric's result, each step
        quotient = np.asarray(numerator / (denominator if denominator else 1))
        return quotient if denominator else np.zeros_like(quotient)
    safe = np.where(denominator == 0, 1, denominator)
    return np.where(denominator == 0, 0, numerator / safe)
