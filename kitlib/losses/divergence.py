"""KL divergence and hinge losses.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib import ops
from kitlib.losses.checks import EPSILON, is_eager, prepare
from kitlib.losses.loss import LossFunctionWrapper


def kl_divergence(y_true: Any, y_pred: Any) -> Any:
    """``sum(y_true * log(y_true / y_pred), axis=-1)``, both clipped to [1e-7, 1].

    Example:
        >>> round(float(kl_divergence([[0.5, 0.5]], [[0.25, 0.75]]).numpy()[0]), 4)
        0.1438
    """
    y_true, y_pred = prepare("kl_divergence", y_true, y_pred)
    y_true = ops.clip(y_true, EPSILON, 1.0)
    y_pred = ops.clip(y_pred, EPSILON, 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


def hinge(y_true: Any, y_pred: Any) -> Any:
    """``mean(max(1 - y_true * y_pred, 0), axis=-1)`` for labels -1/1.

    0/1 labels are converted to -1/1 first (as Keras does).

    Example:
        >>> hinge([[0.0, 1.0]], [[-0.5, 0.25]]).numpy().tolist()   # (0.5 + 0.75) / 2
        [0.625]
    """
    y_true, y_pred = prepare("hinge", y_true, y_pred)
    if is_eager(y_true) and np.all((y_true.value == 0) | (y_true.value == 1)):
        y_true = 2.0 * y_true - 1.0
    return ops.mean(ops.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence from ``y_true`` to ``y_pred`` distributions."""

    def __init__(
        self,
        reduction: str | None = "sum_over_batch_size",
        name: str = "kl_divergence",
        dtype: Any = None,
    ) -> None:
        super().__init__(kl_divergence, reduction=reduction, name=name, dtype=dtype)


class Hinge(LossFunctionWrapper):
    """Hinge loss (maximum-margin), for labels -1/1 or 0/1."""

    def __init__(
        self,
        reduction: str | None = "sum_over_batch_size",
        name: str = "hinge",
        dtype: Any = None,
    ) -> None:
        super().__init__(hinge, reduction=reduction, name=name, dtype=dtype)
