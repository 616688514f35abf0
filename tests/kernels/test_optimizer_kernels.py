"""The fused Adam kernel: the same numbers as the NumPy expressions, bit for bit."""

import numpy as np
import pytest

from kitlib.kernels import optimizers as K
from kitlib.ops.optimizer_updates import adam_update


def numpy_adam(w, g, m, v, alpha, beta_1, beta_2, eps):
    """Adam as ``kitlib/optimizers/adam.py`` writes it with NumPy (Keras's form)."""
    m = m + (g - m) * (1 - beta_1)
    v = v + (np.square(g) - v) * (1 - beta_2)
    return w - m * alpha / (np.sqrt(v) + eps), m, v


@pytest.mark.nojit
def test_adam_kernel_first_step_by_hand():
    # t = 1: m = 0.1 g, v = 0.001 g^2, so the step is alpha * 0.1 g / (sqrt(0.001) |g|)
    one = np.ones(1, np.float32)
    w, m, v = K.adam_update(
        one, one * 0.5, one * 0, one * 0, np.float32(0.1), np.float32(0.1),
        np.float32(0.001), np.float32(0.0),
    )  # fmt: skip
    assert m[0] == pytest.approx(0.05)
    assert v[0] == pytest.approx(0.00025)
    assert w[0] == pytest.approx(1.0 - 0.1 * 0.05 / np.sqrt(0.00025), rel=1e-6)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_adam_update_equals_numpy_exactly(rng, dtype):
    w, g, m = (rng.standard_normal((7, 5)).astype(dtype) for _ in range(3))
    v = rng.random((7, 5)).astype(dtype)
    alpha = np.asarray(0.0123, dtype)
    got = adam_update(w, g, m, v, alpha, 0.9, 0.999, 1e-7)
    expected = numpy_adam(w, g, m, v, alpha, 0.9, 0.999, 1e-7)
    for result, reference in zip(got, expected, strict=True):
        assert result.shape == (7, 5) and result.dtype == dtype
        np.testing.assert_array_equal(result, reference)


def test_adam_update_leaves_its_inputs_unchanged(rng):
    arrays = [rng.standard_normal(6).astype(np.float32) for _ in range(4)]
    copies = [a.copy() for a in arrays]
    adam_update(*arrays, 0.01, 0.9, 0.999, 1e-7)
    for array, copy in zip(arrays, copies, strict=True):
        np.testing.assert_array_equal(array, copy)
