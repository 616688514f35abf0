"""Accuracy metrics: how often the prediction matches the label.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

Which accuracy fits depends on what the model outputs and how labels are
stored (the seed articles' "sigmoid vs softmax" pitfall):

=========================  ===================  ===========================
output                     labels               metric
=========================  ===================  ===========================
sigmoid, shape (N, 1)      0/1, shape (N, 1)    ``BinaryAccuracy``
softmax, shape (N, C)      one-hot (N, C)       ``CategoricalAccuracy``
softmax, shape (N, C)      class ids (N,)       ``SparseCategoricalAccuracy``
=========================  ===================  ===========================

Each function returns one value per element (1.0 hit, 0.0 miss); the classes
average them with :class:`~kitlib.metrics.reduction_metrics.MeanMetricWrapper`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.metrics.reduction_metrics import MeanMetricWrapper
from kitlib.metrics.utils import as_array, squeeze_or_expand_to_same_rank
from kitlib.utils.errors import fmt_shape


def accuracy(y_true: Any, y_pred: Any) -> np.ndarray:
    """1.0 where ``y_pred == y_true`` exactly (for labels, not probabilities)."""
    y_true, y_pred = squeeze_or_expand_to_same_rank(as_array(y_true), as_array(y_pred))
    return (y_true == y_pred).astype("float32")


def binary_accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5) -> np.ndarray:
    """1.0 where ``(y_pred > threshold)`` equals the 0/1 label.

    Example:
        >>> binary_accuracy([[1], [0], [1]], [[0.9], [0.4], [0.2]]).ravel().tolist()
        [1.0, 1.0, 0.0]
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(as_array(y_true), as_array(y_pred))
    return ((y_pred > threshold) == (y_true > 0.5)).astype("float32")


def _check_one_hot(who: str, y_true: np.ndarray, y_pred: np.ndarray) -> None:
    looks_sparse = y_true.ndim < y_pred.ndim or (
        y_true.shape[-1:] == (1,) and y_pred.shape[-1] > 1
    )
    if looks_sparse:
        raise ValueError(
            f"{who} expects one-hot labels shaped like the predictions "
            f"{fmt_shape(y_pred.shape)}, but received labels of shape "
            f"{fmt_shape(y_true.shape)}. These look like integer class ids: use "
            "'sparse_categorical_accuracy' (SparseCategoricalAccuracy) instead."
        )


def _sparse_labels(who: str, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    if y_true.ndim == y_pred.ndim and y_pred.shape[-1] > 1:
        raise ValueError(
            f"{who} expects integer class ids of shape {fmt_shape(y_pred.shape[:-1])}, "
            f"but received labels of shape {fmt_shape(y_true.shape)}. These look like "
            "one-hot labels: use 'categorical_accuracy' or pass y.argmax(-1)."
        )
    return y_true


def categorical_accuracy(y_true: Any, y_pred: Any) -> np.ndarray:
    """1.0 where the arg-max of the one-hot label and of the prediction agree.

    Example:
        >>> categorical_accuracy([[0, 1], [1, 0]], [[0.3, 0.7], [0.2, 0.8]]).tolist()
        [1.0, 0.0]
    """
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    _check_one_hot("categorical_accuracy", y_true, y_pred)
    return (np.argmax(y_true, -1) == np.argmax(y_pred, -1)).astype("float32")


def sparse_categorical_accuracy(y_true: Any, y_pred: Any) -> np.ndarray:
    """1.0 where the integer label equals the arg-max of the prediction.

    Example:
        >>> sparse_categorical_accuracy([1, 0], [[0.3, 0.7], [0.2, 0.8]]).tolist()
        [1.0, 0.0]
    """
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    y_true = _sparse_labels("sparse_categorical_accuracy", y_true, y_pred)
    return (y_true == np.argmax(y_pred, -1)).astype("float32")


def _in_top_k(labels: np.ndarray, y_pred: np.ndarray, k: int) -> np.ndarray:
    # NOTE: a label counts as "in the top k" when fewer than k classes score
    # strictly higher, so ties at the boundary count as hits (TF's in_top_k).
    target = np.take_along_axis(y_pred, labels.astype(np.int64)[..., None], axis=-1)
    return (np.sum(y_pred > target, axis=-1) < k).astype("float32")


def top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> np.ndarray:
    """1.0 where the one-hot label's class is among the ``k`` highest scores."""
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    _check_one_hot("top_k_categorical_accuracy", y_true, y_pred)
    return _in_top_k(np.argmax(y_true, -1), y_pred, k)


def sparse_top_k_categorical_accuracy(
    y_true: Any, y_pred: Any, k: int = 5
) -> np.ndarray:
    """1.0 where the integer label is among the ``k`` highest scores.

    Example:
        >>> scores = [[0.1, 0.5, 0.4], [0.6, 0.3, 0.1]]
        >>> sparse_top_k_categorical_accuracy([2, 2], scores, k=2).tolist()
        [1.0, 0.0]
    """
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    y_true = _sparse_labels("sparse_top_k_categorical_accuracy", y_true, y_pred)
    return _in_top_k(y_true, y_pred, k)


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly (use it on class labels).

    ``compile(metrics=["accuracy"])`` does *not* create this class: it picks
    Binary/Categorical/SparseCategoricalAccuracy, see
    :func:`kitlib.metrics.get_compile_metric`.
    """

    _direction = "up"

    def __init__(self, name: str = "accuracy", dtype: Any = None) -> None:
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often ``y_pred > threshold`` matches a 0/1 label (sigmoid outputs).

    Example:
        >>> metric = BinaryAccuracy()
        >>> float(metric([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]))
        0.75
    """

    _direction = "up"

    def __init__(
        self, name: str = "binary_accuracy", dtype: Any = None, threshold: float = 0.5
    ) -> None:
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max matches a one-hot label (softmax outputs)."""

    _direction = "up"

    def __init__(self, name: str = "categorical_accuracy", dtype: Any = None) -> None:
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max matches an integer class label (softmax outputs).

    Example:
        >>> metric = SparseCategoricalAccuracy()
        >>> float(metric([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]))
        0.5
    """

    _direction = "up"

    def __init__(
        self, name: str = "sparse_categorical_accuracy", dtype: Any = None
    ) -> None:
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often a one-hot label's class is among the ``k`` top scores."""

    _direction = "up"

    def __init__(
        self, k: int = 5, name: str = "top_k_categorical_accuracy", dtype: Any = None
    ) -> None:
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often an integer label is among the ``k`` top scores."""

    _direction = "up"

    def __init__(
        self,
        k: int = 5,
        name: str = "sparse_top_k_categorical_accuracy",
        dtype: Any = None,
    ) -> None:
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k
