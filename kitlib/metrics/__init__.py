"""Metrics: running statistics reported during training (accuracy, MSE, AUC...).

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

:func:`get` turns a name, config or function into a Metric;
:func:`get_compile_metric` does what ``compile(metrics=[...])`` does, including
choosing the right accuracy for ``"accuracy"``.
"""

from __future__ import annotations

from typing import Any

from kitlib.metrics.accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from kitlib.metrics.auc import AUC
from kitlib.metrics.confusion_metrics import Precision, Recall
from kitlib.metrics.metric import Metric
from kitlib.metrics.reduction_metrics import Mean, MeanMetricWrapper, Sum
from kitlib.metrics.regression_metrics import (
    MeanAbsoluteError,
    MeanSquaredError,
    RootMeanSquaredError,
    mean_absolute_error,
    mean_squared_error,
)
from kitlib.metrics.resolve import resolve_accuracy
from kitlib.utils.errors import did_you_mean
from kitlib.utils.naming import to_snake_case

_CLASSES: list[type[Metric]] = [
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    MeanSquaredError,
    MeanAbsoluteError,
    RootMeanSquaredError,
    Precision,
    Recall,
    AUC,
    Mean,
    Sum,
]

#: Metric classes by every accepted name (class name, snake case, short alias).
ALL_METRICS: dict[str, type[Metric]] = {
    **{cls.__name__: cls for cls in _CLASSES},
    **{to_snake_case(cls.__name__): cls for cls in _CLASSES},
    "acc": Accuracy,
    "auc": AUC,
    "mse": MeanSquaredError,
    "mae": MeanAbsoluteError,
    "rmse": RootMeanSquaredError,
}


def serialize(metric: Metric) -> dict:
    """A JSON-ready ``{"class_name", "config"}`` dict for ``metric``."""
    return {"class_name": type(metric).__name__, "config": metric.get_config()}


def deserialize(config: dict, custom_objects: dict | None = None) -> Metric:
    """Rebuild a metric (with empty state) from :func:`serialize`'s output."""
    known = {**ALL_METRICS, **(custom_objects or {})}
    name = str(config.get("class_name"))
    if name not in known:
        raise ValueError(
            f"deserialize() expects a known metric class name, but received "
            f"{name!r}.{did_you_mean(name, known)} Pass your own class as "
            "custom_objects={'MyMetric': MyMetric}."
        )
    return known[name].from_config(dict(config.get("config", {})))


def get(identifier: Any) -> Metric | None:
    """Return a Metric for a name, config dict, class, instance or function.

    A plain function ``fn(y_true, y_pred)`` is wrapped in a
    :class:`MeanMetricWrapper`. ``"accuracy"`` gives the exact-match
    :class:`Accuracy` here; use :func:`get_compile_metric` for compile's choice.

    Raises:
        ValueError: for an unknown name.
        TypeError: for anything else.

    Example:
        >>> get("mse").name, get(None)
        ('mean_squared_error', None)
    """
    if identifier is None or isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str):
        cls = ALL_METRICS.get(identifier) or ALL_METRICS.get(identifier.lower())
        if cls is None:
            names = sorted(k for k in ALL_METRICS if k.islower())
            raise ValueError(
                f"Unknown metric {identifier!r}.{did_you_mean(identifier, names)} "
                f"Known names: {', '.join(names)}."
            )
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if callable(identifier):
        return MeanMetricWrapper(identifier)
    raise TypeError(
        "metrics.get() expects a metric name, a Metric, a config dict or a "
        f"function fn(y_true, y_pred), but received {type(identifier).__name__} "
        f"{identifier!r}."
    )


def get_compile_metric(
    identifier: Any,
    y_pred_shape: tuple | None = None,
    y_true_shape: tuple | None = None,
    loss: Any = None,
) -> Metric | None:
    """What ``compile(metrics=[identifier])`` builds for one model output.

    ``"accuracy"``/``"acc"`` picks an accuracy with :func:`resolve_accuracy`;
    anything else goes through :func:`get`. A string identifier also becomes the
    metric's name, so the logs use the name the learner wrote (``"acc"``,
    ``"mse"``), as in Keras.

    Example:
        >>> metric = get_compile_metric("acc", (None, 3), (None,))
        >>> type(metric).__name__, metric.name
        ('SparseCategoricalAccuracy', 'acc')
    """
    if isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc"):
        metric = resolve_accuracy(y_pred_shape, y_true_shape, loss)(name=identifier)
    else:
        metric = get(identifier)
    if metric is not None and isinstance(identifier, str):
        metric.name = identifier
    return metric


def direction_of(name: str) -> str | None:
    """``"up"``/``"down"`` for a known metric name (or a ``prefix_`` + name).

    Example:
        >>> direction_of("accuracy"), direction_of("output_1_mae"), direction_of("x")
        ('up', 'down', None)
    """
    if name in ALL_METRICS:
        return ALL_METRICS[name]._direction
    for known in sorted(ALL_METRICS, key=len, reverse=True):
        if name.endswith("_" + known):
            return ALL_METRICS[known]._direction
    return None


__all__ = [
    "ALL_METRICS",
    "AUC",
    "Accuracy",
    "BinaryAccuracy",
    "CategoricalAccuracy",
    "Mean",
    "MeanAbsoluteError",
    "MeanMetricWrapper",
    "MeanSquaredError",
    "Metric",
    "Precision",
    "Recall",
    "RootMeanSquaredError",
    "SparseCategoricalAccuracy",
    "SparseTopKCategoricalAccuracy",
    "Sum",
    "TopKCategoricalAccuracy",
    "accuracy",
    "binary_accuracy",
    "categorical_accuracy",
    "deserialize",
    "direction_of",
    "get",
    "get_compile_metric",
    "mean_absolute_error",
    "mean_squared_error",
    "resolve_accuracy",
    "serialize",
    "sparse_categorical_accuracy",
    "sparse_top_k_categorical_accuracy",
    "top_k_categorical_accuracy",
]
