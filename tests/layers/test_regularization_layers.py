"""SpatialDropout2D, GaussianNoise, ActivityRegularization: modes, values, gradients."""

import numpy as np
import pytest

from kitlib import GradientTape, Input, ops
from kitlib.layers import ActivityRegularization, GaussianNoise, SpatialDropout2D
from kitlib.tensor import Tensor
from kitlib.utils.random import set_random_seed
from tests.layers.zoo_checks import check_layer_gradients, float64


# --- SpatialDropout2D -----------------------------------------------------------
def test_spatial_dropout_is_identity_at_inference(rng):
    x = rng.normal(size=(2, 3, 3, 4)).astype("float32")
    np.testing.assert_array_equal(SpatialDropout2D(0.5)(x).numpy(), x)
    np.testing.assert_array_equal(SpatialDropout2D(0.5)(x, training=False).numpy(), x)


def test_spatial_dropout_drops_whole_channels_and_rescales(rng):
    x = rng.uniform(1.0, 2.0, size=(8, 4, 5, 50))
    y = float64(SpatialDropout2D, 0.4, seed=3)(x, training=True).numpy()
    ratio = y / x  # 0 or 1 / (1 - rate), constant over each feature map
    per_map = ratio.reshape(8, 20, 50)
    assert np.allclose(per_map, per_map[:, :1, :])
    assert set(np.round(np.unique(ratio), 6)) <= {0.0, round(1 / 0.6, 6)}
    dropped = np.mean(per_map[:, 0, :] == 0)
    assert 0.3 < dropped < 0.5


def test_spatial_dropout_seed_repeats_the_sequence_of_masks():
    x = np.ones((2, 2, 2, 16))
    first, second = SpatialDropout2D(0.5, seed=7), SpatialDropout2D(0.5, seed=7)
    a1, a2 = (first(x, training=True).numpy() for _ in range(2))
    b1 = second(x, training=True).numpy()
    np.testing.assert_array_equal(a1, b1)
    assert not np.array_equal(a1, a2)


@pytest.mark.parametrize("training", [True, False])
def test_spatial_dropout_gradients(rng, training):
    layer = float64(SpatialDropout2D, 0.5)
    check_layer_gradients(
        layer, rng.normal(size=(2, 2, 3, 4)), training=training, seed=1
    )


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, "0.5"])
def test_spatial_dropout_rejects_bad_rates(rate):
    with pytest.raises(ValueError, match=r"SpatialDropout2D expects rate .* \[0, 1\)"):
        SpatialDropout2D(rate)


def test_spatial_dropout_needs_images():
    with pytest.raises(ValueError, match="4 axes"):
        SpatialDropout2D(0.2)(Input(shape=(5, 3)))


# --- GaussianNoise ------------------------------------------------------------------
def test_gaussian_noise_training_adds_zero_mean_noise(rng):
    x = np.full((200, 100), 3.0)
    y = float64(GaussianNoise, 0.5, seed=0)(x, training=True).numpy()
    noise = y - x
    assert abs(noise.mean()) < 0.01 and abs(noise.std() - 0.5) < 0.01
    np.testing.assert_array_equal(float64(GaussianNoise, 0.5)(x).numpy(), x)


def test_gaussian_noise_global_seed_repeats(rng):
    x = np.zeros((3, 4))
    set_random_seed(5)
    a = float64(GaussianNoise, 1.0)(x, training=True).numpy()
    set_random_seed(5)
    b = float64(GaussianNoise, 1.0)(x, training=True).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("training", [True, False])
def test_gaussian_noise_gradient_is_identity(rng, training):
    check_layer_gradients(
        float64(GaussianNoise, 0.3), rng.normal(size=(2, 5)), training=training, seed=2
    )


def test_gaussian_noise_rejects_negative_stddev():
    with pytest.raises(
        ValueError, match="GaussianNoise expects stddev to be a number >= 0"
    ):
        GaussianNoise(-0.1)


# --- ActivityRegularization ------------------------------------------------------
def test_activity_regularization_adds_penalty_and_passes_inputs(rng):
    x = rng.normal(size=(3, 4))
    layer = float64(ActivityRegularization, l1=0.01, l2=0.1)
    y = layer(x)
    np.testing.assert_array_equal(y.numpy(), x)
    expected = 0.01 * np.abs(x).sum() + 0.1 * np.square(x).sum()
    assert len(layer.losses) == 1
    np.testing.assert_allclose(float(layer.losses[0]), expected)
    layer(x)  # a new call replaces the penalty, it does not pile up
    assert len(layer.losses) == 1


def test_activity_regularization_penalty_is_differentiable(rng):
    x = Tensor(rng.normal(size=(2, 3)))
    layer = float64(ActivityRegularization, l1=0.5, l2=0.25)
    with GradientTape() as tape:
        tape.watch(x)
        layer(x)
        loss = ops.sum(ops.stack(layer.losses))
    expected = 0.5 * np.sign(x.numpy()) + 0.5 * x.numpy()
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), expected)
    check_layer_gradients(layer, x.numpy())


def test_activity_regularization_symbolic_call_adds_no_loss():
    layer = ActivityRegularization(l2=0.1)
    assert layer(Input(shape=(3,))).shape == (None, 3)
    assert layer.losses == []


def test_activity_regularization_rejects_negative_factors():
    with pytest.raises(ValueError, match="ActivityRegularization expects l1"):
        ActivityRegularization(l1=-1.0)
