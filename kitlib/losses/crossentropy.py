"""Cross-entropy losses: binary, categorical and sparse categorical.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

With ``from_logits=False`` (the default) ``y_pred`` holds probabilities; they
are clipped to ``[1e-7, 1 - 1e-7]`` before the log, as Keras does, so a
confident wrong prediction costs about ``-log(1e-7) = 16.1``, not infinity.
When ``y_pred`` came straight out of a softmax activation, the loss starts from
the logits it remembers instead (see :func:`remembered_logits`), as Keras does
with TensorFlow: exact, and one fused kernel. With ``from_logits=True``
``y_pred`` holds raw scores and the log-sigmoid / log-softmax is computed in a
numerically stable form, exact for any logit.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from kitlib import ops
from kitlib.losses import checks
from kitlib.losses.loss import LossFunctionWrapper
from kitlib.losses.sigmoid_cross_entropy import sigmoid_cross_entropy
from kitlib.losses.sparse_labels import check_sparse_labels


def binary_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Binary cross-entropy of 0/1 labels, averaged over ``axis``.

    Example:
        >>> loss = binary_crossentropy([[0.0, 1.0]], [[0.4, 0.6]])
        >>> round(float(loss.numpy()[0]), 4)      # -log(0.6)
        0.5108
    """
    y_true, y_pred = checks.prepare("binary_crossentropy", y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        return ops.mean(sigmoid_cross_entropy(y_true, y_pred), axis=axis)
    checks.check_probabilities("binary_crossentropy", y_pred)
    probabilities = ops.clip(y_pred, checks.EPSILON, 1.0 - checks.EPSILON)
    per_element = y_true * ops.log(probabilities) + (1.0 - y_true) * ops.log(
        1.0 - probabilities
    )
    return -ops.mean(per_element, axis=axis)


def _warn_logits_look_like_probabilities(who: str, y_pred: Any, axis: int) -> None:
    if checks.warn_if_probabilities(who, y_pred, axis):
        warnings.warn(
            f"{who} received from_logits=True, but y_pred rows are already "
            "probabilities (in [0, 1], summing to 1): the loss will apply a second "
            "softmax. Use from_logits=False if the last layer has a softmax.",
            UserWarning,
            stacklevel=4,
        )


def remembered_logits(y_pred: Any, axis: int) -> Any:
    """The logits a softmax output came from (``_keras_logits``), else None.

    NOTE: the fast path of Keras's TensorFlow backend, and kitlib's. When
    ``y_pred = softmax(logits)``, ``-log(softmax(logits)[label])`` equals
    ``logsumexp(logits) - logits[label]``: one fused kernel, exact for any
    logits, whose gradient is simply ``softmax - one_hot``. The result differs
    from clip + log only where a probability is below 1e-7 (the clipped loss
    stops at 16.1; the exact one keeps growing).
    """
    logits = getattr(y_pred, "_keras_logits", None)
    if logits is None or axis not in (-1, y_pred.ndim - 1):
        return None
    return logits


def _categorical(y_true: Any, y_pred: Any, from_logits: bool, axis: int) -> Any:
    """Cross-entropy of probability labels against ``y_pred`` along ``axis``."""
    if from_logits:
        if axis in (-1, y_pred.ndim - 1):
            return ops.softmax_cross_entropy(y_true, y_pred)
        return -ops.sum(y_true * ops.log_softmax(y_pred, axis=axis), axis=axis)
    # Keras renormalizes first, so rows that do not sum to 1 still work.
    y_pred = y_pred / ops.sum(y_pred, axis=axis, keepdims=True)
    probabilities = ops.clip(y_pred, checks.EPSILON, 1.0 - checks.EPSILON)
    return -ops.sum(y_true * ops.log(probabilities), axis=axis)


def categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Cross-entropy of one-hot (or soft) labels, summed over the classes.

    Example:
        >>> loss = categorical_crossentropy([[0, 1, 0]], [[0.05, 0.95, 0.0]])
        >>> round(float(loss.numpy()[0]), 4)      # -log(0.95)
        0.0513
    """
    y_true, y_pred = checks.prepare("categorical_crossentropy", y_true, y_pred)
    if label_smoothing:
        classes = y_pred.shape[axis]
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / classes
    logits = None if from_logits else remembered_logits(y_pred, axis)
    if logits is not None:
        return ops.softmax_cross_entropy(y_true, logits)
    if from_logits:
        _warn_logits_look_like_probabilities("categorical_crossentropy", y_pred, axis)
    else:
        checks.check_probabilities("categorical_crossentropy", y_pred)
    return _categorical(y_true, y_pred, from_logits, axis)


def sparse_categorical_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, axis: int = -1
) -> Any:
    """Cross-entropy of integer class labels (``0 .. classes-1``).

    Example:
        >>> loss = sparse_categorical_crossentropy([1], [[0.05, 0.95, 0.0]])
        >>> round(float(loss.numpy()[0]), 4)      # -log(0.95)
        0.0513
    """
    y_pred = checks.to_tensor(y_pred)
    labels = check_sparse_labels(y_true, y_pred)
    logits = None if from_logits else remembered_logits(y_pred, axis)
    if logits is not None:
        return ops.sparse_softmax_cross_entropy(labels, logits)
    if from_logits:
        _warn_logits_look_like_probabilities(
            "sparse_categorical_crossentropy", y_pred, axis
        )
        if axis in (-1, y_pred.ndim - 1):
            return ops.sparse_softmax_cross_entropy(labels, y_pred)
    else:
        checks.check_probabilities("sparse_categorical_crossentropy", y_pred)
    one_hot = np.moveaxis(
        np.eye(y_pred.shape[axis], dtype=y_pred.dtype)[labels], -1, axis
    )
    return _categorical(one_hot, y_pred, from_logits, axis)


class BinaryCrossentropy(LossFunctionWrapper):
    """Binary cross-entropy for 0/1 labels (sigmoid outputs or logits).

    Args:
        from_logits: whether ``y_pred`` holds logits instead of probabilities.
        label_smoothing: move labels towards 0.5: ``y * (1 - s) + 0.5 * s``.
        axis: the axis to average over.
        reduction: see ``Loss``. name: the name. dtype: the dtype.

    Example:
        >>> loss = BinaryCrossentropy(from_logits=True)
        >>> round(float(loss([[1.0]], [[1000.0]])), 6)   # stable for huge logits
        0.0
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = "sum_over_batch_size",
        name: str = "binary_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            binary_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing


class CategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for one-hot labels (softmax outputs or logits).

    Args:
        from_logits: whether ``y_pred`` holds logits instead of probabilities.
        label_smoothing: mix labels with uniform: ``y * (1 - s) + s / classes``.
        axis: the class axis.
        reduction: see ``Loss``. name: the name. dtype: the dtype.
    """

    def __init__(
        self,
        from_logits: bool = False,
        label_smoothing: float = 0.0,
        axis: int = -1,
        reduction: str | None = "sum_over_batch_size",
        name: str = "categorical_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for integer labels (softmax outputs or logits).

    Args:
        from_logits: whether ``y_pred`` holds logits instead of probabilities.
        axis: the class axis.
        reduction: see ``Loss``. name: the name. dtype: the dtype.

    Keras note: Keras 3's ``ignore_class`` is not implemented.

    Example:
        >>> loss = SparseCategoricalCrossentropy()
        >>> round(float(loss([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
        1.1769
    """

    def __init__(
        self,
        from_logits: bool = False,
        axis: int = -1,
        reduction: str | None = "sum_over_batch_size",
        name: str = "sparse_categorical_crossentropy",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            sparse_categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            axis=axis,
        )
        self.from_logits = from_logits
