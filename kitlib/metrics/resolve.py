"""Turning ``compile(metrics=[...])`` entries into Metric objects.

Notebook: ``notebooks/09_compile_and_fit.ipynb``.

The string ``"accuracy"`` (or ``"acc"``) is special: it means "the accuracy
that fits this output". Keras 3 decides from the shapes of the labels and
predictions of the first batch (``keras/src/trainers/compile_utils.py``):

1. predictions with last dimension 1 -> ``BinaryAccuracy`` (a sigmoid unit);
2. labels of lower rank than the predictions, or labels with last dimension 1
   against predictions with more -> ``SparseCategoricalAccuracy``;
3. otherwise -> ``CategoricalAccuracy``.

The loss is *not* consulted by Keras 3. Keras 2 (the seed articles) chose by
the loss instead: ``binary_crossentropy`` -> binary accuracy, which gave
inflated numbers for a softmax output with 2+ units (the "sigmoid vs softmax"
pitfall). When the label shape is not known yet (at ``compile`` time), kitlib
falls back to that Keras 2 rule: the loss name, else the output shape.
"""

from __future__ import annotations

from typing import Any

from kitlib.metrics import accuracy_metrics
from kitlib.metrics.metric import Metric
from kitlib.utils.naming import to_snake_case

_LOSS_ALIASES = {
    "bce": "binary_crossentropy",
    "cce": "categorical_crossentropy",
    "scce": "sparse_categorical_crossentropy",
}

_ACCURACY_BY_LOSS = {
    "binary_crossentropy": accuracy_metrics.BinaryAccuracy,
    "categorical_crossentropy": accuracy_metrics.CategoricalAccuracy,
    "sparse_categorical_crossentropy": accuracy_metrics.SparseCategoricalAccuracy,
}


def _loss_name(loss: Any) -> str | None:
    if loss is None:
        return None
    if isinstance(loss, str):
        name = loss
    else:
        name = getattr(loss, "__name__", None) or type(loss).__name__
    name = to_snake_case(name).lower()
    return _LOSS_ALIASES.get(name, name)


def resolve_accuracy(
    y_pred_shape: tuple | None = None,
    y_true_shape: tuple | None = None,
    loss: Any = None,
) -> type[Metric]:
    """The accuracy class that ``"accuracy"`` stands for (see the module docstring).

    Args:
        y_pred_shape: the model output shape, e.g. ``(None, 10)``.
        y_true_shape: the label shape, e.g. ``(None,)`` (None if not known yet).
        loss: the compiled loss (name, function or Loss object).

    Example:
        >>> resolve_accuracy((None, 10), (None,)).__name__
        'SparseCategoricalAccuracy'
        >>> resolve_accuracy((None, 1), (None, 1)).__name__
        'BinaryAccuracy'
        >>> resolve_accuracy((None, 3), loss="categorical_crossentropy").__name__
        'CategoricalAccuracy'
    """
    pred_last = y_pred_shape[-1] if y_pred_shape else None
    if y_true_shape is not None and y_pred_shape is not None:
        true_last = y_true_shape[-1] if len(y_true_shape) else None
        if pred_last == 1:
            return accuracy_metrics.BinaryAccuracy
        sparse = len(y_true_shape) < len(y_pred_shape) or (
            true_last == 1 and pred_last is not None and pred_last > 1
        )
        if sparse:
            return accuracy_metrics.SparseCategoricalAccuracy
        return accuracy_metrics.CategoricalAccuracy
    by_loss = _ACCURACY_BY_LOSS.get(_loss_name(loss) or "")
    if by_loss is not None:
        return by_loss
    if pred_last == 1:
        return accuracy_metrics.BinaryAccuracy
    return accuracy_metrics.CategoricalAccuracy
