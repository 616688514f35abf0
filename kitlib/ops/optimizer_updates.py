"""Fused optimizer updates on arrays (no tape records an optimizer step).

Notebook: ``notebooks/12_numba_kernels.ipynb``.

Optimizers call these instead of a chain of NumPy expressions when the
variable is float32 or float64; the kernels live in
``kitlib/kernels/optimizers.py``. These are plain functions, not ``Op``s: an
update is not differentiated.
"""

from __future__ import annotations

import numpy as np

from kitlib.kernels import optimizers as kernels


def fusable(variable: np.ndarray) -> bool:
    """Whether the fused kernels handle this variable (float32/float64)."""
    return variable.dtype.type in (np.float32, np.float64)


def adam_update(
    variable: np.ndarray,
    gradient: np.ndarray,
    momentum: np.ndarray,
    velocity: np.ndarray,
    alpha: float,
    beta_1: float,
    beta_2: float,
    epsilon: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New ``(variable, momentum, velocity)`` after one Adam step, in one loop.

    Args:
        variable, gradient, momentum, velocity: arrays of one shape.
        alpha: the bias-corrected step size ``lr * sqrt(1 - b2**t) / (1 - b1**t)``.
        beta_1, beta_2, epsilon: Adam's hyperparameters.

    Returns:
        Three new arrays shaped like ``variable`` (the inputs are not changed).

    Example:
        >>> w, m, v = adam_update(np.ones(2, "float32"), np.full(2, 0.5, "float32"),
        ...                       np.zeros(2, "float32"), np.zeros(2, "float32"),
        ...                       0.1, 0.9, 0.999, 1e-7)
        >>> [round(float(x), 4) for x in m]
        [0.05, 0.05]
    """
    dtype = variable.dtype
    flat = [
        np.ascontiguousarray(array, dtype=dtype).reshape(-1)
        for array in (variable, gradient, momentum, velocity)
    ]
    # NOTE: scalars in the arrays' dtype, so float32 math rounds like NumPy's.
    scalars = [dtype.type(s) for s in (alpha, 1 - beta_1, 1 - beta_2, epsilon)]
    results = kernels.adam_update(*flat, *scalars)
    return tuple(result.reshape(variable.shape) for result in results)
