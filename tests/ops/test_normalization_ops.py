"""Batch-norm ops: training statistics, inference formula, axes, symbolic, errors."""

import numpy as np
import pytest

from kitlib import GradientTape, Tensor, Variable, ops
from kitlib.engine.keras_tensor import KerasTensor


def test_training_normalizes_and_returns_the_batch_statistics(rng):
    x = rng.normal(5.0, 3.0, (8, 4, 4, 3)).astype(np.float32)
    y, mean, variance = ops.batch_normalization_training(x, epsilon=1e-5)
    assert isinstance(mean, Tensor) and mean.shape == variance.shape == (3,)
    np.testing.assert_allclose(mean.numpy(), x.mean((0, 1, 2)), rtol=1e-5)
    np.testing.assert_allclose(variance.numpy(), x.var((0, 1, 2)), rtol=1e-5)
    np.testing.assert_allclose(y.numpy().mean((0, 1, 2)), 0, atol=1e-5)
    np.testing.assert_allclose(y.numpy().var((0, 1, 2)), 1, rtol=1e-4)


def test_training_applies_scale_and_offset_along_a_chosen_axis(rng):
    x = rng.standard_normal((5, 2, 3))
    gamma, beta = np.array([2.0, 3.0]), np.array([-1.0, 1.0])
    y, mean, _ = ops.batch_normalization_training(x, axis=1, offset=beta, scale=gamma)
    moved = np.moveaxis(x, 1, -1)
    expected = (moved - moved.mean((0, 1))) / np.sqrt(moved.var((0, 1)) + 1e-3)
    expected = np.moveaxis(expected * gamma + beta, -1, 1)
    np.testing.assert_allclose(y.numpy(), expected, rtol=1e-10)
    np.testing.assert_allclose(mean.numpy(), moved.mean((0, 1)))


def test_inference_uses_the_given_statistics():
    x = np.array([[1.0, 10.0], [3.0, 30.0]])
    y = ops.batch_normalization(
        x, [2.0, 0.0], [4.0, 100.0], offset=[0.5, 0.0], scale=[2.0, 1.0], epsilon=0.0
    )
    np.testing.assert_allclose(y.numpy(), [[-0.5, 1.0], [1.5, 3.0]])


def test_training_gradients_flow_to_x_offset_scale_but_not_statistics(rng):
    x = Variable(rng.standard_normal((6, 2)))
    gamma, beta = Variable(np.ones(2)), Variable(np.zeros(2))
    weights = rng.standard_normal((6, 2))
    with GradientTape() as tape:
        y, mean, _ = ops.batch_normalization_training(x, offset=beta, scale=gamma)
        loss = ops.sum(y * weights)
    dx, dgamma, dbeta, dmean = tape.gradient(loss, [x, gamma, beta, mean])
    assert dmean is None  # the statistics are not differentiable outputs
    np.testing.assert_allclose(dbeta.numpy(), weights.sum(0), rtol=1e-6)
    # Normalized outputs have zero mean per channel, so do their gradients.
    np.testing.assert_allclose(dx.numpy().sum(0), 0, atol=1e-6)
    assert dgamma.shape == (2,)


def test_batch_norm_symbolic_calls(symbolic):
    x = symbolic((None, 5, 5, 3))
    y, mean, variance = ops.batch_normalization_training(x)
    assert y.shape == (None, 5, 5, 3)
    assert isinstance(mean, KerasTensor) and mean.shape == variance.shape == (3,)
    assert mean._keras_history.tensor_index == 1
    out = ops.batch_normalization(x, np.zeros(3), np.ones(3), axis=-1)
    assert out.shape == (None, 5, 5, 3)


def test_batch_norm_rejects_parameters_of_the_wrong_size(symbolic):
    with pytest.raises(ValueError, match=r"expects mean of shape \(3,\).*\(4,\)"):
        ops.batch_normalization(np.ones((2, 3)), np.zeros(4), np.ones(3))
    with pytest.raises(ValueError, match=r"scale of shape \(3,\)"):
        ops.batch_normalization_training(symbolic((None, 3)), scale=np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"axis in \[-2, 2\)"):
        ops.batch_normalization_training(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match="one int"):
        ops.batch_normalization_training(np.ones((2, 3)), axis=(0, 1))
