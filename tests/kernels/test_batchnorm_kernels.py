"""Batch-norm kernels vs the NumPy formula and numeric gradients."""

import numpy as np
import pytest

from kitlib.kernels import batchnorm as K

EPS = 1e-3


def bn_training_reference(x, gamma, beta):
    mean = x.mean(0)
    variance = ((x - mean) ** 2).mean(0)
    return (x - mean) / np.sqrt(variance + EPS) * gamma + beta


def bn_inference_reference(x, mean, variance, gamma, beta):
    return (x - mean) / np.sqrt(variance + EPS) * gamma + beta


@pytest.mark.parametrize("shape", [(7, 3), (1, 4), (20, 1)])
def test_batchnorm_training_forward_matches_numpy(shape, f32):
    x, gamma, beta = f32(*shape) * 3 + 2, f32(shape[1]), f32(shape[1])
    y, mean, variance = K.batchnorm_forward_training(x, gamma, beta, EPS)
    x64 = x.astype(float)
    np.testing.assert_allclose(y, bn_training_reference(x64, gamma, beta), 1e-5, 1e-5)
    np.testing.assert_allclose(mean, x64.mean(0), rtol=1e-6)
    np.testing.assert_allclose(variance, x64.var(0), rtol=1e-5, atol=1e-7)
    assert mean.dtype == variance.dtype == np.float32


def test_batchnorm_variance_keeps_precision_for_a_large_mean():
    x = (np.arange(4, dtype=np.float32) + 10_000.0).reshape(4, 1)
    _, mean, variance = K.batchnorm_forward_training(
        x, np.ones(1, np.float32), np.zeros(1, np.float32), EPS
    )
    # one pass in float32, mean(x**2) - mean(x)**2, gives 0.0 here
    assert mean[0] == 10_001.5 and variance[0] == 1.25


def test_batchnorm_training_backward_matches_finite_differences(f32, numeric_vjp):
    x, gamma, beta, grad = f32(6, 3), f32(3), f32(3), f32(6, 3)
    _, mean, variance = K.batchnorm_forward_training(x, gamma, beta, EPS)
    dx, dgamma, dbeta = K.batchnorm_backward_training(
        x, grad, mean, variance, gamma, EPS
    )
    expected = numeric_vjp(bn_training_reference, [x, gamma, beta], grad)
    for got, want in zip((dx, dgamma, dbeta), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-4)


def test_batchnorm_inference_forward_and_backward(f32, numeric_vjp):
    x, grad = f32(5, 2), f32(5, 2)
    mean, variance = f32(2), np.abs(f32(2)) + 0.5
    gamma, beta = f32(2), f32(2)
    y = K.batchnorm_forward_inference(x, mean, variance, gamma, beta, EPS)
    inputs = [x, mean, variance, gamma, beta]
    np.testing.assert_allclose(y, bn_inference_reference(*inputs), 1e-5, 1e-6)
    grads = K.batchnorm_backward_inference(x, grad, mean, variance, gamma, EPS)
    dx, dmean, dvariance, dgamma, dbeta = grads
    expected = numeric_vjp(bn_inference_reference, inputs, grad)
    for got, want in zip((dx, dmean, dvariance, dgamma, dbeta), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


@pytest.mark.nojit
def test_batchnorm_kernels_on_hand_values():
    x = np.array([[1.0], [3.0]], np.float32)
    one, zero = np.ones(1, np.float32), np.zeros(1, np.float32)
    y, mean, variance = K.batchnorm_forward_training(x, one, zero, 0.0)
    assert y.tolist() == [[-1.0], [1.0]] and mean.tolist() == [2.0]
    assert variance.tolist() == [1.0]
    # A gradient equal to the normalized output: the mean/variance paths
    # cancel it completely (scaling x does not change the normalized output).
    dx, dgamma, dbeta = K.batchnorm_backward_training(x, y, mean, variance, one, 0.0)
    assert dx.tolist() == [[0.0], [0.0]] and dgamma.tolist() == [2.0]
    assert dbeta.tolist() == [0.0]
