"""Confusion-matrix metrics: ``Precision``, ``Recall`` and ``AUC``.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

All three count, at one or more thresholds ``t``, the predictions
``y_pred > t`` against 0/1 labels: true positives (TP), false positives (FP),
true negatives (TN) and false negatives (FN). The counts add up over batches,
so the epoch result is exact. Every element of ``y_pred`` counts separately
(multi-label outputs are flattened).

* precision = TP / (TP + FP): of what was flagged, how much was right;
* recall = TP / (TP + FN): of what should be flagged, how much was found;
* AUC: area under the ROC (or precision-recall) curve over many thresholds.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.metrics.metric import Metric
from kitlib.metrics.utils import as_array, divide_no_nan, squeeze_or_expand_to_same_rank

EPSILON = 1e-7


def _check_probabilities(who: str, y_pred: np.ndarray) -> None:
    if y_pred.size and (np.min(y_pred) < 0 or np.max(y_pred) > 1):
        raise ValueError(
            f"{who} expects predictions in [0, 1], but received values from "
            f"{np.min(y_pred):.4g} to {np.max(y_pred):.4g}. Give the last layer a "
            "sigmoid/softmax activation, or apply one before the metric."
        )


def confusion_counts(
    y_true: Any,
    y_pred: Any,
    thresholds: np.ndarray,
    sample_weight: Any = None,
    class_id: int | None = None,
    top_k: int | None = None,
) -> dict[str, np.ndarray]:
    """Weighted TP/FP/TN/FN counts at each threshold, for one batch.

    Returns:
        ``{"tp": ..., "fp": ..., "tn": ..., "fn": ...}``, each of shape
        ``(len(thresholds),)``.
    """
    y_pred = as_array(y_pred, "float64")
    y_true = as_array(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    weight = np.ones_like(y_pred) if sample_weight is None else as_array(sample_weight)
    weight, _ = squeeze_or_expand_to_same_rank(weight, y_pred)
    if weight.ndim < y_pred.ndim:  # one weight per sample: repeat along classes
        weight = weight.reshape(weight.shape + (1,) * (y_pred.ndim - weight.ndim))
    weight = np.broadcast_to(weight, y_pred.shape)
    if top_k is not None:
        kth = np.sort(y_pred, axis=-1)[..., -top_k][..., None]
        y_pred = np.where(y_pred >= kth, y_pred, -np.inf)
    if class_id is not None:
        y_true, y_pred, weight = (
            y_true[..., class_id],
            y_pred[..., class_id],
            weight[..., class_id],
        )
    positive = y_true.reshape(-1).astype(bool)
    weight = weight.reshape(-1).astype("float64")
    flagged = y_pred.reshape(1, -1) > np.asarray(thresholds).reshape(-1, 1)
    return {
        "tp": (flagged & positive) @ weight,
        "fp": (flagged & ~positive) @ weight,
        "tn": (~flagged & ~positive) @ weight,
        "fn": (~flagged & positive) @ weight,
    }


class _ConfusionMetric(Metric):
    """Accumulates the four counts at fixed thresholds."""

    _direction = "up"

    def __init__(self, thresholds: np.ndarray, name: str | None, dtype: Any) -> None:
        super().__init__(name=name, dtype=dtype)
        self._thresholds = np.asarray(thresholds, dtype="float64")
        shape = self._thresholds.shape
        self.true_positives = self.add_variable(shape, name="true_positives")
        self.false_positives = self.add_variable(shape, name="false_positives")
        self.true_negatives = self.add_variable(shape, name="true_negatives")
        self.false_negatives = self.add_variable(shape, name="false_negatives")
        self.class_id: int | None = None
        self.top_k: int | None = None

    def _add_counts(self, y_true: Any, y_pred: Any, sample_weight: Any) -> None:
        _check_probabilities(type(self).__name__, as_array(y_pred))
        counts = confusion_counts(
            y_true, y_pred, self._thresholds, sample_weight, self.class_id, self.top_k
        )
        for key, variable in [
            ("tp", self.true_positives),
            ("fp", self.false_positives),
            ("tn", self.true_negatives),
            ("fn", self.false_negatives),
        ]:
            variable.assign(variable.value + counts[key])

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Add this batch's counts."""
        self._add_counts(y_true, y_pred, sample_weight)


class _ThresholdMetric(_ConfusionMetric):
    """Precision/Recall: user thresholds (0.5 by default), optional class/top-k."""

    def __init__(
        self,
        thresholds: float | list | None,
        top_k: int | None,
        class_id: int | None,
        name: str | None,
        dtype: Any,
    ) -> None:
        default = 0.5 if top_k is None else -np.inf
        self.thresholds = default if thresholds is None else thresholds
        super().__init__(np.atleast_1d(self.thresholds), name, dtype)
        self.top_k = top_k
        self.class_id = class_id

    def _reduce(self, values: np.ndarray) -> Any:
        values = values.astype(self.dtype)
        return values[0] if np.ndim(self.thresholds) == 0 else values

    def get_config(self) -> dict:
        """Thresholds, top_k and class_id plus the base config."""
        thresholds = self.thresholds
        if np.ndim(thresholds) > 0:
            thresholds = [float(t) for t in thresholds]
        return {
            **super().get_config(),
            "thresholds": thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_ThresholdMetric):
    """TP / (TP + FP): the fraction of positive predictions that were right.

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5); with a
            list, ``result()`` returns one value per threshold.
        top_k: count only the ``k`` highest scores of each sample as positive.
        class_id: use only this column of multi-class outputs.
        name: the metric name. dtype: the result dtype.

    Example:
        >>> metric = Precision()
        >>> float(metric([0, 1, 1, 1], [1, 0, 1, 1]))   # 2 of 3 flagged are right
        0.6666666865348816
    """

    def __init__(
        self,
        thresholds: float | list | None = None,
        top_k: int | None = None,
        class_id: int | None = None,
        name: str = "precision",
        dtype: Any = None,
    ) -> None:
        super().__init__(thresholds, top_k, class_id, name, dtype)

    def result(self) -> Any:
        """The precision at each threshold."""
        tp, fp = self.true_positives.value, self.false_positives.value
        return self._reduce(divide_no_nan(tp, tp + fp))


class Recall(_ThresholdMetric):
    """TP / (TP + FN): the fraction of actual positives that were found.

    Args: as :class:`Precision`.

    Example:
        >>> metric = Recall()
        >>> float(metric([0, 1, 1, 1], [1, 0, 1, 1]))   # 2 of 3 positives found
        0.6666666865348816
    """

    def __init__(
        self,
        thresholds: float | list | None = None,
        top_k: int | None = None,
        class_id: int | None = None,
        name: str = "recall",
        dtype: Any = None,
    ) -> None:
        super().__init__(thresholds, top_k, class_id, name, dtype)

    def result(self) -> Any:
        """The recall at each threshold."""
        tp, fn = self.true_positives.value, self.false_negatives.value
        return self._reduce(divide_no_nan(tp, tp + fn))
