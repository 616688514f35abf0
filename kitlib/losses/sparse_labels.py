"""Checking integer class labels for sparse categorical cross-entropy.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.losses.checks import to_tensor
from kitlib.utils.errors import fmt_shape

WHO = "sparse_categorical_crossentropy"


def check_sparse_labels(y_true: Any, y_pred: Any) -> np.ndarray:
    """``y_true`` as an int array of shape ``y_pred.shape[:-1]``, or a clear error.

    Accepts ``(N,)`` or ``(N, 1)`` labels for ``(N, C)`` predictions; refuses
    one-hot rows, non-integer values and ids outside ``0 .. C-1``.
    """
    labels = np.asarray(to_tensor(y_true).value)
    classes = y_pred.shape[-1]
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if labels.ndim == y_pred.ndim and labels.shape[-1] == classes and classes > 1:
        raise ValueError(
            f"{WHO} expects integer class ids of shape {fmt_shape(y_pred.shape[:-1])}, "
            f"but received labels of shape {fmt_shape(labels.shape)}: these look like "
            "one-hot labels: use 'categorical_crossentropy' or pass y.argmax(-1)."
        )
    if labels.shape != tuple(y_pred.shape[:-1]):
        raise ValueError(
            f"{WHO} expects one class id per prediction row, shape "
            f"{fmt_shape(y_pred.shape[:-1])}, but received labels of shape "
            f"{fmt_shape(labels.shape)} for predictions {fmt_shape(y_pred.shape)}."
        )
    if labels.dtype.kind == "f" and not np.all(labels == np.round(labels)):
        raise ValueError(
            f"{WHO} expects integer class ids, but received non-integer labels such "
            f"as {labels[labels != np.round(labels)].flat[0]}. For probabilities per "
            "class use 'categorical_crossentropy'."
        )
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(
            f"{WHO} expects class ids from 0 to {classes - 1} (the model has "
            f"{classes} outputs), but received labels from {labels.min():g} to "
            f"{labels.max():g}. Labels start at 0: if yours start at 1, subtract 1; "
            "otherwise give the last layer one unit per class."
        )
    return labels.astype(np.int64)
