"""Tensors made from a shape, not from inputs: zeros, ones, full, eye, arange.

Notebook: ``notebooks/01_tensors_and_graphs.ipynb``.

These are constants: nothing flows into them, so they have no gradient and a
tape never records them (as ``keras.ops.zeros``). They default to float32.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kitlib.tensor import Tensor
from kitlib.utils.dtypes import floatx, standardize_dtype


def _dtype(dtype: Any) -> str:
    return floatx() if dtype is None else standardize_dtype(dtype)


def zeros(shape: Any, dtype: Any = None) -> Tensor:
    """A tensor of zeros (float32 unless ``dtype`` says otherwise).

    Example:
        >>> zeros((2, 3)).shape, zeros((2, 3)).dtype
        ((2, 3), 'float32')
    """
    return Tensor(np.zeros(shape, dtype=_dtype(dtype)))


def ones(shape: Any, dtype: Any = None) -> Tensor:
    """A tensor of ones (float32 unless ``dtype`` says otherwise)."""
    return Tensor(np.ones(shape, dtype=_dtype(dtype)))


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Tensor:
    """A tensor with every element equal to ``fill_value``."""
    return Tensor(np.full(shape, fill_value, dtype=_dtype(dtype)))


def eye(rows: int, columns: int | None = None, dtype: Any = None) -> Tensor:
    """An identity matrix (ones on the diagonal)."""
    return Tensor(np.eye(rows, columns, dtype=_dtype(dtype)))


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None) -> Tensor:
    """Evenly spaced values, like ``np.arange`` (int32 for ints, as in Keras).

    Example:
        >>> arange(3).numpy().tolist(), arange(3).dtype
        ([0, 1, 2], 'int32')
    """
    values = np.arange(start, stop, step)
    if dtype is None:
        dtype = "int32" if values.dtype.kind in "iu" else floatx()
    return Tensor(values.astype(standardize_dtype(dtype)))
