"""Label and vector helpers from ``keras.utils``: ``to_categorical``, ``normalize``.

Notebook: the training notebooks use them to prepare labels and inputs.

Both work on NumPy arrays (or anything ``np.asarray`` accepts, kitlib Tensors
included) and return NumPy arrays; they are data preparation, not ops, so a
``GradientTape`` does not see them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["normalize", "to_categorical"]


def to_categorical(y: Any, num_classes: int | None = None) -> np.ndarray:
    """Turn integer class labels into one-hot rows (float32), like Keras.

    A label array of shape ``s`` becomes ``s + (num_classes,)``; a trailing axis
    of size 1 is dropped first, so ``(N, 1)`` labels give ``(N, num_classes)``.

    Args:
        y: Integer class labels in ``0..num_classes-1`` (whole-number floats
            such as ``3.0`` are accepted).
        num_classes: Number of classes. ``None`` uses ``max(y) + 1``; pass it
            explicitly when a batch might not contain the highest class.

    Returns:
        A float32 array with a 1 in each label's column and 0 elsewhere.

    Raises:
        ValueError: For negative, fractional or too-large labels, an empty
            ``y`` without ``num_classes``, or a ``num_classes`` below 1.
        TypeError: If ``y`` is not numeric or ``num_classes`` is not an int.

    Example:
        >>> to_categorical([0, 2, 1], num_classes=3)
        array([[1., 0., 0.],
               [0., 0., 1.],
               [0., 1., 0.]], dtype=float32)
    """
    labels = _integer_labels(y)
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    flat = labels.reshape(-1)
    num_classes = _resolve_num_classes(flat, num_classes)
    if flat.size and flat.min() < 0:
        raise ValueError(
            f"to_categorical() expected labels >= 0, but received {flat.min()}. "
            f"Class labels are column indices 0..num_classes-1; shift them "
            f"(e.g. y - y.min()) if they start elsewhere."
        )
    if flat.size and flat.max() >= num_classes:
        raise ValueError(
            f"to_categorical() expected labels < num_classes={num_classes}, but "
            f"received {flat.max()}. Pass num_classes={flat.max() + 1} or more, "
            f"or check that y holds labels 0..{num_classes - 1}."
        )
    one_hot = np.zeros((flat.size, num_classes), dtype=np.float32)
    one_hot[np.arange(flat.size), flat] = 1.0
    return one_hot.reshape(shape + (num_classes,))


def _integer_labels(y: Any) -> np.ndarray:
    """``y`` as an int64 array; refuse fractions instead of truncating them."""
    array = np.asarray(y)
    numeric = np.issubdtype(array.dtype, np.integer) or np.issubdtype(
        array.dtype, np.floating
    )
    if array.dtype == bool or not numeric:
        raise TypeError(
            f"to_categorical() expected integer class labels, but received an "
            f"array of dtype {array.dtype}. Convert the labels to integers first."
        )
    if np.issubdtype(array.dtype, np.floating):
        # NOTE: Keras casts 1.7 to 1 silently; a wrong label is worse than an error.
        if not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
            raise ValueError(
                "to_categorical() expected whole-number labels, but received "
                "fractional or non-finite values. Are these predictions or "
                "probabilities? Use np.argmax(p, axis=-1) to get class labels."
            )
    return array.astype(np.int64)


def _resolve_num_classes(flat: np.ndarray, num_classes: int | None) -> int:
    if num_classes is None:
        if flat.size == 0:
            raise ValueError(
                "to_categorical() cannot infer num_classes from an empty y. "
                "Pass num_classes explicitly."
            )
        return int(flat.max()) + 1
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)):
        raise TypeError(
            f"to_categorical() expected num_classes to be an int, but received "
            f"{type(num_classes).__name__}."
        )
    if num_classes < 1:
        raise ValueError(
            f"to_categorical() expected num_classes >= 1, but received {num_classes}."
        )
    return int(num_classes)


def normalize(x: Any, axis: int = -1, order: float = 2) -> np.ndarray:
    """Scale vectors along ``axis`` to unit norm (L2 by default), like Keras.

    Each slice along ``axis`` is divided by its ``order``-norm. All-zero vectors
    have no direction, so they are left as zeros instead of becoming NaN.

    Args:
        x: Array to normalise.
        axis: Axis along which the vectors lie (default: the last).
        order: Norm order: 2 (Euclidean), 1 (sum of absolute values),
            ``np.inf`` (largest absolute value), or any other number >= 1.

    Returns:
        An array of ``x``'s shape: float64 if ``x`` is a float64 array, else
        float32.

    Raises:
        ValueError: If ``axis`` is out of range or ``order`` is below 1.
        TypeError: If ``axis`` is not an int.

    Example:
        >>> normalize([[3.0, 4.0], [0.0, 0.0]])
        array([[0.6, 0.8],
               [0. , 0. ]], dtype=float32)
    """
    # Keep float64 only when asked for (an array of that dtype); Python lists
    # of floats and integer arrays become kitlib's default float32.
    given = getattr(x, "dtype", None)
    dtype = np.float64 if given is not None and given == np.float64 else np.float32
    array = np.asarray(x, dtype=dtype)
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(
            f"normalize() expected axis to be an int, but received "
            f"{type(axis).__name__}."
        )
    if not -array.ndim <= axis < array.ndim:
        raise ValueError(
            f"normalize() expected an axis in [{-array.ndim}, {array.ndim - 1}] for "
            f"an input of rank {array.ndim}, but received axis={axis}."
        )
    if not isinstance(order, (int, float, np.number)) or not order >= 1:
        raise ValueError(
            f"normalize() expected order >= 1 (e.g. 1, 2 or np.inf), but received "
            f"{order!r}. Norms of order below 1 are not norms."
        )
    norm = np.linalg.norm(array, ord=order, axis=axis, keepdims=True)
    norm = np.where(norm == 0, 1, norm).astype(dtype)
    return array / norm
