"""Fused bias + activation kernels vs NumPy, and vs the separate relu kernels."""

import numpy as np
import pytest

from kitlib.kernels import activations as act
from kitlib.kernels import bias_activation as K

REFERENCE = {"linear": lambda z: z, "relu": lambda z: np.maximum(z, 0.0)}


@pytest.mark.nojit
@pytest.mark.parametrize("name", sorted(K.KINDS))
def test_forward_matches_numpy(name, f32):
    x, bias = f32(7, 5), f32(5)
    y = K.bias_activation_forward(x, bias, K.KINDS[name])
    np.testing.assert_array_equal(y, REFERENCE[name](x + bias))
    assert y.dtype == np.float32


@pytest.mark.nojit
@pytest.mark.parametrize("name", sorted(K.KINDS))
def test_backward_matches_numpy(name, f32):
    x, bias, grad = f32(9, 4), f32(4), f32(9, 4)
    y = K.bias_activation_forward(x, bias, K.KINDS[name])
    dx, dbias = K.bias_activation_backward(grad, y, K.KINDS[name])
    expected = grad * (x + bias > 0) if name == "relu" else grad
    np.testing.assert_array_equal(dx, expected)
    np.testing.assert_allclose(dbias, expected.sum(axis=0), rtol=1e-6, atol=1e-6)
    assert dbias.dtype == np.float32 and dbias.shape == (4,)


def test_relu_matches_the_separate_kernels_bit_for_bit(f32):
    x, bias, grad = f32(33, 8), f32(8), f32(33, 8)
    fused = K.bias_activation_forward(x, bias, K.KINDS["relu"])
    separate = act.relu_forward((x + bias).reshape(-1)).reshape(x.shape)
    np.testing.assert_array_equal(fused, separate)
    dx, _ = K.bias_activation_backward(grad, fused, K.KINDS["relu"])
    reference = act.relu_backward((x + bias).reshape(-1), grad.reshape(-1))
    np.testing.assert_array_equal(dx, reference.reshape(x.shape))


def test_relu_of_nan_and_zero_follows_ops_relu():
    x = np.array([[np.nan, 0.0, -0.0, 1.0]], np.float32)
    y = K.bias_activation_forward(x, np.zeros(4, np.float32), K.KINDS["relu"])
    np.testing.assert_array_equal(y, act.relu_forward(x.reshape(-1))[None])


def test_bias_gradient_keeps_its_digits_over_many_rows():
    # 200,000 float32 rows of 0.1: a float32 running sum drifts by ~1e-3
    # relative; the float64 accumulator stays within float32 rounding.
    grad = np.full((200_000, 2), 0.1, np.float32)
    y = np.ones_like(grad)
    _, dbias = K.bias_activation_backward(grad, y, K.KINDS["linear"])
    np.testing.assert_allclose(dbias, [20_000.0, 20_000.0], rtol=1e-6)


def test_float64_is_kept(rng):
    x, bias = rng.standard_normal((3, 2)), rng.standard_normal(2)
    y = K.bias_activation_forward(x, bias, K.KINDS["relu"])
    assert y.dtype == np.float64
    np.testing.assert_array_equal(y, np.maximum(x + bias, 0))
