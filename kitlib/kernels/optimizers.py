"""Optimizer updates fused into one loop per variable.

Notebook: ``notebooks/12_numba_kernels.ipynb`` (the NumPy form of each rule is in
``kitlib/optimizers/`` and ``notebooks/08_gradient_tape.ipynb``).

Written with NumPy, one Adam step makes about ten temporary arrays the size of
the weights (``g - m``, ``g * g``, ``sqrt(v)``...) and reads the weights ten
times. The loop below reads each element once and writes three results.

Layout: 1-D C-contiguous arrays of one float dtype (the op flattens them);
the scalars come in that dtype too, so the float32 arithmetic rounds exactly
as the NumPy version does.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit  # a sibling kernel module: kernels import no other kitlib code


@njit()
def adam_update(
    variable: np.ndarray,
    gradient: np.ndarray,
    momentum: np.ndarray,
    velocity: np.ndarray,
    alpha: float,
    one_minus_beta_1: float,
    one_minus_beta_2: float,
    epsilon: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam step; returns new ``(variable, momentum, velocity)`` arrays.

    Loop::

        for i:
            m = momentum[i] + (g[i] - momentum[i]) * (1 - beta_1)
            v = velocity[i] + (g[i] * g[i] - velocity[i]) * (1 - beta_2)
            variable[i] - m * alpha / (sqrt(v) + epsilon)

    ``alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)`` (Keras's form).
    """
    new_variable = np.empty_like(variable)
    new_momentum = np.empty_like(momentum)
    new_velocity = np.empty_like(velocity)
    for i in range(variable.size):
        g = gradient[i]
        m = momentum[i] + (g - momentum[i]) * one_minus_beta_1
        v = velocity[i] + (g * g - velocity[i]) * one_minus_beta_2
        new_momentum[i] = m
        new_velocity[i] = v
        new_variable[i] = variable[i] - m * alpha / (np.sqrt(v) + epsilon)
    return new_variable, new_momentum, new_velocity
