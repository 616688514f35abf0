"""Input preparation and learner-facing checks shared by the loss functions.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

A wrong label shape rarely crashes: NumPy broadcasting turns ``(32,)`` labels
against ``(32, 1)`` predictions into a ``(32, 32)`` matrix and a silently wrong
loss. These helpers line the shapes up the way Keras does and refuse the
rest with an explanation.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib import ops
from kitlib.engine.keras_tensor import KerasTensor
from kitlib.tensor import Tensor
from kitlib.utils.errors import fmt_shape

EPSILON = 1e-7


def to_tensor(value: Any, dtype: Any = None) -> Any:
    """``value`` as a Tensor (KerasTensors pass through for symbolic use)."""
    if isinstance(value, KerasTensor):
        return value
    if isinstance(value, Tensor):
        if dtype is None or value.dtype == dtype:
            return value
        return ops.cast(value, dtype)
    return Tensor(np.asarray(value), dtype=dtype)


def is_eager(*values: Any) -> bool:
    """Whether every value has concrete contents (checks need real numbers)."""
    return all(isinstance(v, Tensor) for v in values)


def squeeze_or_expand_to_same_rank(x1: Any, x2: Any) -> tuple[Any, Any]:
    """Match ranks that differ by one trailing axis of size 1 (as Keras)."""
    if x1.ndim == x2.ndim + 1 and x1.shape[-1] == 1:
        x2 = ops.expand_dims(x2, -1) if x2.ndim == 1 else x2
        x1 = x1 if x2.ndim == x1.ndim else ops.squeeze(x1, -1)
    elif x2.ndim == x1.ndim + 1 and x2.shape[-1] == 1:
        x1 = ops.expand_dims(x1, -1) if x1.ndim == 1 else x1
        x2 = x2 if x1.ndim == x2.ndim else ops.squeeze(x2, -1)
    return x1, x2


def prepare(who: str, y_true: Any, y_pred: Any) -> tuple[Any, Any]:
    """Cast ``y_true`` to ``y_pred``'s dtype, match ranks, require equal shapes.

    Raises:
        ValueError: if the shapes still differ after rank matching.
    """
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    if is_eager(y_true, y_pred) and y_true.shape != y_pred.shape:
        raise ValueError(
            f"{who} expects y_true and y_pred of the same shape, but received "
            f"y_true {fmt_shape(y_true.shape)} and y_pred {fmt_shape(y_pred.shape)}. "
            f"{_shape_hint(y_true.shape, y_pred.shape)}"
        )
    return y_true, y_pred


def _shape_hint(true_shape: tuple, pred_shape: tuple) -> str:
    if len(true_shape) == len(pred_shape) - 1 and true_shape == pred_shape[:-1]:
        return (
            "The labels look like integer class ids: use "
            "'sparse_categorical_crossentropy', or one-hot encode them."
        )
    return "Check the labels you pass to fit(), and the size of the last layer."


def check_probabilities(who: str, y_pred: Any) -> None:
    """Refuse values outside [0, 1] when ``from_logits=False`` (they are logits)."""
    if not is_eager(y_pred) or y_pred.size == 0:
        return
    low, high = float(np.min(y_pred.value)), float(np.max(y_pred.value))
    if low < -1e-6 or high > 1 + 1e-6:
        raise ValueError(
            f"{who} expects probabilities in [0, 1] (from_logits=False), but y_pred "
            f"has values from {low:.4g} to {high:.4g}. These look like logits: pass "
            "from_logits=True, or give the last layer a sigmoid/softmax activation."
        )


def warn_if_probabilities(who: str, y_pred: Any, axis: int = -1) -> bool:
    """Whether ``y_pred`` rows look like probabilities (for a from_logits warning)."""
    if not is_eager(y_pred) or y_pred.size == 0:
        return False
    values = y_pred.value
    inside = np.min(values) >= 0 and np.max(values) <= 1
    return bool(inside and np.allclose(np.sum(values, axis=axis), 1.0, atol=1e-5))
