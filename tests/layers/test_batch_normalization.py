"""BatchNormalization: Keras weights, the moving-average rule, modes, gradients."""

import numpy as np
import pytest

from kitlib import Input, Model
from kitlib.layers import BatchNormalization, Dense
from tests.layers.zoo_checks import check_layer_gradients, float64


def bn_ref(x, mean, var, gamma, beta, epsilon):
    return gamma * (x - mean) / np.sqrt(var + epsilon) + beta


def randomize(bn, rng):
    gamma, beta, moving_mean, moving_var = bn.weights
    gamma.assign(rng.uniform(0.5, 2.0, gamma.shape))
    beta.assign(rng.normal(size=beta.shape))
    moving_mean.assign(rng.normal(size=moving_mean.shape))
    moving_var.assign(rng.uniform(0.5, 2.0, moving_var.shape))


def test_batch_normalization_weights_follow_keras():
    bn = BatchNormalization()
    bn(np.zeros((2, 3), "float32"))
    assert [w.name for w in bn.weights] == [
        "gamma",
        "beta",
        "moving_mean",
        "moving_variance",
    ]
    assert [w.name for w in bn.trainable_weights] == ["gamma", "beta"]
    assert [w.name for w in bn.non_trainable_weights] == [
        "moving_mean",
        "moving_variance",
    ]
    assert [w.numpy().tolist() for w in bn.weights] == [
        [1.0] * 3,
        [0.0] * 3,
        [0.0] * 3,
        [1.0] * 3,
    ]
    assert (bn.momentum, bn.epsilon) == (0.99, 1e-3)
    assert bn.count_params() == 12


def test_batch_normalization_training_call_uses_batch_statistics_and_updates(rng):
    bn = float64(BatchNormalization)
    x = rng.normal(2.0, 3.0, size=(8, 4))
    bn(x)  # build (inference: nothing is updated)
    randomize(bn, rng)
    gamma, beta, mean0, var0 = (w.numpy().copy() for w in bn.weights)
    y = bn(x, training=True).numpy()
    mean, var = x.mean(axis=0), x.var(axis=0)  # biased variance, as Keras
    np.testing.assert_allclose(y, bn_ref(x, mean, var, gamma, beta, 1e-3), rtol=1e-10)
    np.testing.assert_allclose(
        bn.moving_mean.numpy(), mean0 * 0.99 + mean * 0.01, rtol=1e-12
    )
    np.testing.assert_allclose(
        bn.moving_variance.numpy(), var0 * 0.99 + var * 0.01, rtol=1e-12
    )


def test_batch_normalization_first_update_from_default_initial_values(rng):
    bn = float64(BatchNormalization, momentum=0.9, epsilon=1e-5)
    x = rng.normal(size=(16, 3))
    bn(x, training=True)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.1 * x.mean(0), rtol=1e-12)
    np.testing.assert_allclose(
        bn.moving_variance.numpy(), 0.9 + 0.1 * x.var(0), rtol=1e-12
    )


def test_batch_normalization_inference_uses_moving_statistics(rng):
    bn = float64(BatchNormalization, epsilon=0.01)
    x = rng.normal(size=(5, 3))
    bn(x)
    randomize(bn, rng)
    before = [w.numpy().copy() for w in bn.weights]
    gamma, beta, mean, var = before
    for training in (None, False):
        y = bn(x, training=training).numpy()
        np.testing.assert_allclose(
            y, bn_ref(x, mean, var, gamma, beta, 0.01), rtol=1e-10
        )
    for weight, value in zip(bn.weights, before, strict=True):
        np.testing.assert_array_equal(weight.numpy(), value)


def test_frozen_batch_normalization_runs_in_inference_mode(rng):
    bn = float64(BatchNormalization)
    x = rng.normal(size=(6, 2))
    bn(x)
    randomize(bn, rng)
    bn.trainable = False
    gamma, beta, mean, var = (w.numpy().copy() for w in bn.weights)
    y = bn(x, training=True).numpy()
    np.testing.assert_allclose(y, bn_ref(x, mean, var, gamma, beta, 1e-3), rtol=1e-10)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), mean)
    assert bn.trainable_weights == [] and len(bn.non_trainable_weights) == 4


def test_batch_normalization_on_images_normalizes_each_channel(rng):
    bn = float64(BatchNormalization, epsilon=1e-6)
    x = rng.normal(size=(4, 3, 5, 2)) * [1.0, 10.0] + [0.0, 5.0]
    y = bn(x, training=True).numpy()
    np.testing.assert_allclose(y.mean(axis=(0, 1, 2)), 0.0, atol=1e-10)
    np.testing.assert_allclose(y.var(axis=(0, 1, 2)), 1.0, rtol=1e-4)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.01 * x.mean(axis=(0, 1, 2)))


def test_batch_normalization_axis_1(rng):
    bn = float64(BatchNormalization, axis=1, center=False, scale=False)
    x = rng.normal(size=(4, 3, 5))
    y = bn(x, training=True).numpy()
    mean, var = x.mean(axis=(0, 2), keepdims=True), x.var(axis=(0, 2), keepdims=True)
    np.testing.assert_allclose(y, (x - mean) / np.sqrt(var + 1e-3), rtol=1e-10)
    assert [w.name for w in bn.weights] == ["moving_mean", "moving_variance"]


@pytest.mark.parametrize("training", [True, False])
def test_batch_normalization_gradients(rng, training):
    bn = float64(BatchNormalization, axis=-1)
    x = rng.normal(size=(5, 2, 3))
    bn(x)
    randomize(bn, rng)
    check_layer_gradients(bn, x, training=training)


def test_batch_normalization_symbolic_call_updates_nothing(rng):
    inputs = Input(shape=(3,))
    bn = BatchNormalization()
    outputs = bn(Dense(3)(inputs), training=True)
    assert outputs.shape == (None, 3)
    assert bn.moving_mean.numpy().tolist() == [0.0] * 3
    model = Model(inputs, outputs)
    model(rng.normal(size=(4, 3)).astype("float32"), training=True)
    assert np.any(bn.moving_mean.numpy() != 0.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"axis": [1, 2]}, "axis to be one int"), ({"momentum": 1.5}, "momentum"),
     ({"epsilon": 0}, "epsilon")],
)  # fmt: skip
def test_batch_normalization_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        BatchNormalization(**kwargs)


def test_batch_normalization_raises_on_axis_outside_input():
    with pytest.raises(
        ValueError, match=r"'batch_normalization' \(BatchNormalization\) has axis=3"
    ):
        BatchNormalization(axis=3)(np.zeros((2, 3), "float32"))


def test_batch_normalization_config_round_trip():
    bn = BatchNormalization(momentum=0.9, epsilon=1e-5, center=False, name="bn")
    assert (
        BatchNormalization.from_config(bn.get_config()).get_config() == bn.get_config()
    )
