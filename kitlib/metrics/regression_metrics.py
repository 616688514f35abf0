"""Regression metrics: mean squared / absolute error and its root.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.metrics.reduction_metrics import Mean, MeanMetricWrapper
from kitlib.metrics.utils import as_array, squeeze_or_expand_to_same_rank


def _pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    y_pred = as_array(y_pred)
    y_true = as_array(y_true, y_pred.dtype if y_pred.dtype.kind == "f" else None)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def mean_squared_error(y_true: Any, y_pred: Any) -> np.ndarray:
    """``mean((y_true - y_pred) ** 2, axis=-1)``: one value per sample.

    Example:
        >>> mean_squared_error([[0.0, 1.0]], [[1.0, 1.0]]).tolist()
        [0.5]
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return np.mean(np.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true: Any, y_pred: Any) -> np.ndarray:
    """``mean(|y_true - y_pred|, axis=-1)``: one value per sample."""
    y_true, y_pred = _pair(y_true, y_pred)
    return np.mean(np.abs(y_true - y_pred), axis=-1)


class MeanSquaredError(MeanMetricWrapper):
    """The mean squared error over every sample seen.

    Example:
        >>> metric = MeanSquaredError()
        >>> float(metric([[0, 1], [0, 0]], [[1, 1], [0, 0]]))
        0.25
    """

    _direction = "down"

    def __init__(self, name: str = "mean_squared_error", dtype: Any = None) -> None:
        super().__init__(mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """The mean absolute error over every sample seen."""

    _direction = "down"

    def __init__(self, name: str = "mean_absolute_error", dtype: Any = None) -> None:
        super().__init__(mean_absolute_error, name=name, dtype=dtype)


class RootMeanSquaredError(Mean):
    """``sqrt`` of the mean squared error (the root is taken at the end).

    Example:
        >>> metric = RootMeanSquaredError()
        >>> float(metric([[0], [0]], [[3], [4]]))    # sqrt((9 + 16) / 2)
        3.535533905029297
    """

    _direction = "down"

    def __init__(
        self, name: str = "root_mean_squared_error", dtype: Any = None
    ) -> None:
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Accumulate the squared errors."""
        y_true, y_pred = _pair(y_true, y_pred)
        super().update_state(np.square(y_true - y_pred), sample_weight)

    def result(self) -> np.generic:
        """The root of the mean squared error."""
        return np.sqrt(super().result())
