"""Regression losses: mean squared / absolute (percentage) error and Huber.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

Each function returns one value per sample (the mean over the last axis);
the classes add sample weights and the reduction (see ``loss.py``).
"""

from __future__ import annotations

from typing import Any

from kitlib import ops
from kitlib.losses.checks import EPSILON, prepare
from kitlib.losses.loss import LossFunctionWrapper


def mean_squared_error(y_true: Any, y_pred: Any) -> Any:
    """``mean((y_true - y_pred) ** 2, axis=-1)``.

    Example:
        >>> mean_squared_error([[0.0, 1.0]], [[1.0, 1.0]]).numpy().tolist()
        [0.5]
    """
    y_true, y_pred = prepare("mean_squared_error", y_true, y_pred)
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true: Any, y_pred: Any) -> Any:
    """``mean(|y_true - y_pred|, axis=-1)``."""
    y_true, y_pred = prepare("mean_absolute_error", y_true, y_pred)
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> Any:
    """``100 * mean(|y_true - y_pred| / max(|y_true|, 1e-7), axis=-1)``.

    NOTE: a label of 0 makes the error huge (it divides by 1e-7): MAPE only
    suits targets that stay away from zero.
    """
    y_true, y_pred = prepare("mean_absolute_percentage_error", y_true, y_pred)
    scale = ops.maximum(ops.abs(y_true), EPSILON)
    return 100.0 * ops.mean(ops.abs((y_true - y_pred) / scale), axis=-1)


def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> Any:
    """Squared error for small errors, linear beyond ``delta`` (robust to outliers).

    Per element: ``0.5 * e**2`` if ``|e| <= delta`` else
    ``delta * |e| - 0.5 * delta**2``, then the mean over the last axis.

    Example:
        >>> huber([[0.0, 0.0]], [[0.5, 3.0]]).numpy().tolist()   # (0.125 + 2.5) / 2
        [1.3125]
    """
    y_true, y_pred = prepare("huber", y_true, y_pred)
    error = y_pred - y_true
    absolute = ops.abs(error)
    quadratic = 0.5 * ops.square(error)
    linear = delta * absolute - 0.5 * delta**2
    return ops.mean(ops.where(absolute <= delta, quadratic, linear), axis=-1)


class MeanSquaredError(LossFunctionWrapper):
    """Mean of squared errors: the default regression loss.

    Example:
        >>> float(MeanSquaredError()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]]))
        0.5
    """

    def __init__(
        self,
        reduction: str | None = "sum_over_batch_size",
        name: str = "mean_squared_error",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            mean_squared_error, reduction=reduction, name=name, dtype=dtype
        )


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of absolute errors (less sensitive to outliers than MSE)."""

    def __init__(
        self,
        reduction: str | None = "sum_over_batch_size",
        name: str = "mean_absolute_error",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            mean_absolute_error, reduction=reduction, name=name, dtype=dtype
        )


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """Mean absolute error relative to the label, in percent."""

    def __init__(
        self,
        reduction: str | None = "sum_over_batch_size",
        name: str = "mean_absolute_percentage_error",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            mean_absolute_percentage_error, reduction=reduction, name=name, dtype=dtype
        )


class Huber(LossFunctionWrapper):
    """Huber loss with threshold ``delta`` (see :func:`huber`).

    Args:
        delta: where the loss turns from quadratic to linear.
        reduction: see ``Loss``. name: the name. dtype: the dtype.
    """

    def __init__(
        self,
        delta: float = 1.0,
        reduction: str | None = "sum_over_batch_size",
        name: str = "huber_loss",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            huber, reduction=reduction, name=name, dtype=dtype, delta=delta
        )
