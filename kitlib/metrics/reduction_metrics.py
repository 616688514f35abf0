"""``Sum``, ``Mean`` and ``MeanMetricWrapper``: metrics that average a function.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

Most metrics are "the mean over all samples seen of some per-sample value":
accuracy is the mean of 1.0/0.0 hits, MSE the mean of squared errors.
``Mean`` keeps ``total`` (the weighted sum) and ``count`` (the sum of weights),
so the result over many batches equals the result over their concatenation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kitlib.metrics.metric import Metric
from kitlib.metrics.utils import divide_no_nan, reduce_to_samplewise_values


class Sum(Metric):
    """The (weighted) sum of all values seen.

    Example:
        >>> total = Sum()
        >>> total.update_state([1.0, 2.0])
        >>> total.update_state([3.0], sample_weight=[2.0])
        >>> float(total.result())
        9.0
    """

    def __init__(self, name: str = "sum", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        """Add ``sum(values * sample_weight)``."""
        values, _ = reduce_to_samplewise_values(
            values, sample_weight, np.sum, self.dtype
        )
        self.total.assign(self.total.value + np.sum(values))

    def result(self) -> np.generic:
        """The sum so far."""
        return self.total.value[()]


class Mean(Metric):
    """The (weighted) mean of all values seen: ``total / count``.

    Values with more than one axis are first averaged per sample (over all
    axes but the first); then each sample counts with its ``sample_weight``.

    Example:
        >>> mean = Mean()
        >>> mean.update_state([1.0, 3.0]); mean.update_state([5.0])
        >>> float(mean.result())   # (1 + 3 + 5) / 3, not the mean of batch means
        3.0
    """

    def __init__(self, name: str = "mean", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")
        self.count = self.add_variable((), name="count")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        """Add the weighted per-sample values and their weights."""
        values, weight = reduce_to_samplewise_values(
            values, sample_weight, np.mean, self.dtype
        )
        if weight is not None:
            count = np.sum(weight)
        else:
            count = values.shape[0] if values.ndim >= 1 else 1
        self.total.assign(self.total.value + np.sum(values))
        self.count.assign(self.count.value + count)

    def result(self) -> np.generic:
        """``total / count`` (0 before any update)."""
        return divide_no_nan(self.total.value, self.count.value).astype(self.dtype)[()]


class MeanMetricWrapper(Mean):
    """Turn a function ``fn(y_true, y_pred) -> per-sample values`` into a metric.

    Args:
        fn: the function; extra keyword arguments are passed to it.
        name: defaults to the function's name.
        dtype: the state dtype.
        **kwargs: fixed keyword arguments for ``fn`` (e.g. ``threshold=0.7``).

    Example:
        >>> def within_one(y_true, y_pred):
        ...     error = np.abs(np.asarray(y_true) - np.asarray(y_pred))
        ...     return (error <= 1).astype("float32")
        >>> metric = MeanMetricWrapper(within_one)
        >>> metric.update_state([1, 2, 3], [1.5, 4, 3])
        >>> metric.name, round(float(metric.result()), 4)
        ('within_one', 0.6667)
    """

    def __init__(
        self, fn: Callable, name: str | None = None, dtype: Any = None, **kwargs: Any
    ) -> None:
        if not callable(fn):
            raise TypeError(
                "MeanMetricWrapper expects a function fn(y_true, y_pred), but "
                f"received {type(fn).__name__} {fn!r}."
            )
        super().__init__(name=name or getattr(fn, "__name__", "mean"), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Evaluate ``fn`` on the batch and add its values to the mean."""
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        super().update_state(getattr(values, "value", values), sample_weight)

    def get_config(self) -> dict:
        """Name, dtype and the keyword arguments given to ``fn``."""
        return {**super().get_config(), **self._fn_kwargs}
