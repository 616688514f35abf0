"""``AUC``: area under the ROC or precision-recall curve, from threshold counts.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

The curve is sampled at ``num_thresholds`` thresholds and the area summed
from those points, as Keras does; with the default 200 thresholds this is
close to (but not exactly) the rank-based AUC of scikit-learn.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.metrics.confusion_metrics import EPSILON, _ConfusionMetric
from kitlib.metrics.utils import as_array, divide_no_nan


class AUC(_ConfusionMetric):
    """Approximate AUC by a Riemann sum over evenly spaced thresholds.

    Thresholds are ``i / (num_thresholds - 1)`` for ``i = 1 .. n-2`` plus
    ``-1e-7`` and ``1 + 1e-7`` at the ends (so every prediction is flagged at
    the first and none at the last). For each pair of neighbouring thresholds
    the area uses the mean of the two heights (``"interpolation"``), the
    smaller (``"minoring"``) or the larger (``"majoring"``). For
    ``curve="PR"`` with interpolation, precision is interpolated between
    thresholds (Davis & Goadrich, 2006) instead of taking a plain average.

    Args:
        num_thresholds: number of thresholds (> 1). Defaults to 200.
        curve: ``"ROC"`` (TPR vs FPR) or ``"PR"`` (precision vs recall).
        summation_method: ``"interpolation"``, ``"minoring"`` or ``"majoring"``.
        name: the metric name. dtype: the result dtype.
        thresholds: explicit thresholds in [0, 1] (replace ``num_thresholds``).
        from_logits: apply a sigmoid to ``y_pred`` first.

    Keras note: ``multi_label=True`` (one AUC per label, then averaged) is not
    implemented in kitlib.

    Example:
        >>> auc = AUC(num_thresholds=3)
        >>> float(auc([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]))
        0.75
    """

    def __init__(
        self,
        num_thresholds: int = 200,
        curve: str = "ROC",
        summation_method: str = "interpolation",
        name: str = "auc",
        dtype: Any = None,
        thresholds: list | None = None,
        from_logits: bool = False,
    ) -> None:
        if thresholds is not None:
            inner = sorted(float(t) for t in thresholds)
            num_thresholds = len(inner) + 2
        elif num_thresholds <= 1:
            raise ValueError(
                f"AUC expects num_thresholds > 1, but received {num_thresholds}. "
                "200 (the default) gives a good approximation."
            )
        else:
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        curve, summation_method = curve.upper(), summation_method.lower()
        if curve not in ("ROC", "PR"):
            raise ValueError(
                f"AUC expects curve 'ROC' or 'PR', but received {curve!r}."
            )
        if summation_method not in ("interpolation", "minoring", "majoring"):
            raise ValueError(
                "AUC expects summation_method 'interpolation', 'minoring' or "
                f"'majoring', but received {summation_method!r}."
            )
        super().__init__(np.array([-EPSILON, *inner, 1.0 + EPSILON]), name, dtype)
        self.num_thresholds = num_thresholds
        self.curve = curve
        self.summation_method = summation_method
        self._init_thresholds = None if thresholds is None else inner
        self.from_logits = from_logits

    @property
    def thresholds(self) -> list[float]:
        """Every threshold used, including the two end points."""
        return [float(t) for t in self._thresholds]

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Add this batch's counts (after a sigmoid if ``from_logits``)."""
        y_pred = as_array(y_pred, "float64")
        if self.from_logits:
            y_pred = 1.0 / (1.0 + np.exp(-y_pred))
        self._add_counts(y_true, y_pred, sample_weight)

    def _interpolated_pr_auc(self) -> float:
        tp, fp, fn = (
            v.value.astype("float64")
            for v in (self.true_positives, self.false_positives, self.false_negatives)
        )
        predicted = tp + fp
        d_tp = tp[:-1] - tp[1:]
        d_predicted = predicted[:-1] - predicted[1:]
        slope = divide_no_nan(d_tp, np.maximum(d_predicted, 0))
        intercept = tp[1:] - slope * predicted[1:]
        both_positive = (predicted[:-1] > 0) & (predicted[1:] > 0)
        ratio = np.where(
            both_positive,
            divide_no_nan(predicted[:-1], np.maximum(predicted[1:], 0)),
            1,
        )
        increments = divide_no_nan(
            slope * (d_tp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0)
        )
        return float(np.sum(increments))

    def result(self) -> np.generic:
        """The area under the curve."""
        if self.curve == "PR" and self.summation_method == "interpolation":
            return np.asarray(self._interpolated_pr_auc(), self.dtype)[()]
        tp, fp, tn, fn = (
            v.value.astype("float64")
            for v in (
                self.true_positives,
                self.false_positives,
                self.true_negatives,
                self.false_negatives,
            )
        )
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return np.asarray(np.sum((x[:-1] - x[1:]) * heights), self.dtype)[()]

    def get_config(self) -> dict:
        """The constructor arguments."""
        config = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "from_logits": self.from_logits,
        }
        if self._init_thresholds is not None:
            config["thresholds"] = self._init_thresholds
        return config
