"""Helpers for the kernel tests: float32 inputs and a numeric vector-Jacobian product.

Kernels are called with exactly the argument types the ops pass (C-contiguous
float32 arrays, tuples of Python ints, Python floats), so these tests reuse the
compiled versions that ``python -m kitlib.warmup`` caches.
"""

import numpy as np
import pytest


@pytest.fixture
def f32(rng):
    """``f32(*shape)``: standard-normal float32 values, C-contiguous."""

    def make(*shape):
        return rng.standard_normal(shape).astype(np.float32)

    return make


@pytest.fixture
def numeric_vjp():
    """``numeric_vjp(fn, arrays, grad)``: d sum(fn(*arrays) * grad) / d arrays.

    Central differences in float64 on an independent NumPy reference ``fn``;
    returns one gradient per array. Slow by design: use small inputs.
    """

    def vjp(fn, arrays, grad, eps=1e-6):
        arrays = [np.array(a, dtype=np.float64) for a in arrays]
        grad = np.asarray(grad, dtype=np.float64)
        grads = []
        for a in arrays:
            out = np.zeros_like(a)
            for index in np.ndindex(a.shape):
                keep = a[index]
                a[index] = keep + eps
                up = np.sum(fn(*arrays) * grad)
                a[index] = keep - eps
                down = np.sum(fn(*arrays) * grad)
                a[index] = keep
                out[index] = (up - down) / (2 * eps)
            grads.append(out)
        return grads

    return vjp
