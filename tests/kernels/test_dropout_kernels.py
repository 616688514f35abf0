"""Dropout kernels: the given mask and the 1/(1-rate) scale, nothing random inside."""

import numpy as np
import pytest

from kitlib.kernels import dropout as K


@pytest.mark.nojit
def test_dropout_forward_and_backward_apply_mask_and_scale():
    x = np.array([1.0, -2.0, 3.0, 4.0], np.float32)
    keep = np.array([True, False, True, False])
    assert K.dropout_forward(x, keep, 2.0).tolist() == [2.0, 0.0, 6.0, 0.0]
    grad = np.array([0.5, 0.5, -1.0, 1.0], np.float32)
    assert K.dropout_backward(grad, keep, 2.0).tolist() == [1.0, 0.0, -2.0, 0.0]


def test_dropout_kernel_matches_numpy_on_random_mask(rng, f32):
    x = f32(101)
    keep = rng.random(101) >= 0.3
    expected = np.where(keep, x / 0.7, 0.0)
    np.testing.assert_allclose(K.dropout_forward(x, keep, 1 / 0.7), expected, rtol=1e-6)
    grad = f32(101)
    np.testing.assert_allclose(
        K.dropout_backward(grad, keep, 1 / 0.7), np.where(keep, grad / 0.7, 0.0), 1e-6
    )
