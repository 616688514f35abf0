"""ReLU, LeakyReLU, PReLU, ELU, Softmax layers: formulas, gradients, errors."""

import numpy as np
import pytest

from kitlib import Input
from kitlib.layers import ELU, LeakyReLU, PReLU, ReLU, Softmax
from tests.layers.zoo_checks import check_layer_gradients, float64


def relu_ref(x, max_value=None, negative_slope=0.0, threshold=0.0):
    y = np.where(x > threshold, x, negative_slope * (x - threshold))
    return y if max_value is None else np.where(x >= max_value, max_value, y)


# Inputs away from the kinks at 0, 0.5 and 2 so finite differences are smooth.
def away_from_kinks(rng, shape):
    x = rng.uniform(-3, 3, size=shape)
    for kink in (0.0, 0.5, 2.0):
        x = np.where(np.abs(x - kink) < 0.05, x + 0.1, x)
    return x


RELU_CONFIGS = [
    {},
    {"max_value": 2.0},
    {"negative_slope": 0.1},
    {"threshold": 0.5, "negative_slope": 0.2, "max_value": 2.0},
]


@pytest.mark.parametrize("kwargs", RELU_CONFIGS)
def test_relu_layer_matches_keras_formula(rng, kwargs):
    x = away_from_kinks(rng, (4, 5))
    np.testing.assert_allclose(
        float64(ReLU, **kwargs)(x).numpy(), relu_ref(x, **kwargs)
    )


@pytest.mark.parametrize("kwargs", RELU_CONFIGS)
def test_relu_layer_gradients(rng, kwargs):
    check_layer_gradients(float64(ReLU, **kwargs), away_from_kinks(rng, (3, 4)))


@pytest.mark.parametrize(
    "kwargs", [{"max_value": -1.0}, {"negative_slope": -0.1}, {"threshold": -2}]
)
def test_relu_layer_rejects_negative_arguments(kwargs):
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=f"ReLU expects {name} to be a number >= 0"):
        ReLU(**kwargs)


def test_leaky_relu_layer_default_slope_is_keras3_layer_default(rng):
    x = away_from_kinks(rng, (3, 4))
    np.testing.assert_allclose(
        float64(LeakyReLU)(x).numpy(), np.where(x > 0, x, 0.3 * x)
    )
    np.testing.assert_allclose(
        float64(LeakyReLU, alpha=0.1)(x).numpy(), np.where(x > 0, x, 0.1 * x)
    )
    check_layer_gradients(float64(LeakyReLU, negative_slope=0.05), x)
    with pytest.raises(ValueError, match="negative_slope to be a number >= 0"):
        LeakyReLU(-0.2)


def test_elu_layer_values_and_gradients(rng):
    x = away_from_kinks(rng, (3, 4))
    expected = np.where(x > 0, x, 0.5 * (np.exp(x) - 1))
    np.testing.assert_allclose(float64(ELU, alpha=0.5)(x).numpy(), expected, rtol=1e-12)
    check_layer_gradients(float64(ELU, alpha=0.5), x)


def test_prelu_alpha_shape_follows_shared_axes():
    layer = PReLU(shared_axes=[1, 2])
    layer(np.zeros((2, 4, 5, 3), "float32"))
    assert [(w.name, w.shape) for w in layer.weights] == [("alpha", (1, 1, 3))]
    assert np.all(layer.alpha.numpy() == 0.0)
    unshared = PReLU()
    unshared(np.zeros((2, 4, 3), "float32"))
    assert unshared.alpha.shape == (4, 3)


def test_prelu_values_and_gradients(rng):
    layer = float64(PReLU, alpha_initializer="random_normal", shared_axes=1)
    x = away_from_kinks(rng, (2, 3, 4))
    y = layer(x).numpy()
    alpha = layer.alpha.numpy()
    np.testing.assert_allclose(y, np.where(x >= 0, x, alpha * x), rtol=1e-12)
    check_layer_gradients(layer, x)


def test_prelu_errors():
    with pytest.raises(ValueError, match="shared_axes"):
        PReLU(shared_axes=[0])
    layer = PReLU()
    layer(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="3 features"):
        layer(np.zeros((2, 4), "float32"))


def softmax_ref(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("axis", [-1, 1])
def test_softmax_layer_values_and_gradients(rng, axis):
    x = rng.normal(size=(2, 3, 4))
    np.testing.assert_allclose(
        float64(Softmax, axis=axis)(x).numpy(), softmax_ref(x, axis)
    )
    check_layer_gradients(float64(Softmax, axis=axis), x)


def test_softmax_layer_mask_gives_masked_entries_zero_probability(rng):
    x = rng.normal(size=(2, 4))
    mask = np.array([[1, 1, 0, 1], [0, 1, 1, 1]], bool)
    y = float64(Softmax)(x, mask=mask).numpy()
    expected = softmax_ref(np.where(mask, x, -np.inf))
    np.testing.assert_allclose(y, expected, atol=1e-12)
    check_layer_gradients(float64(Softmax), x, mask=mask)


def test_activation_layers_keep_shape_symbolically():
    inputs = Input(shape=(4, 5, 3))
    for layer in (ReLU(), LeakyReLU(), PReLU(), ELU(), Softmax()):
        assert layer(inputs).shape == (None, 4, 5, 3)


def test_activation_layers_config_round_trip():
    for layer in (ReLU(6.0, 0.1, 0.5), LeakyReLU(0.2), ELU(0.7), Softmax(axis=1),
                  PReLU(shared_axes=[1])):  # fmt: skip
        clone = type(layer).from_config(layer.get_config())
        assert clone.get_config() == layer.get_config()


def test_softmax_layer_passes_a_per_step_mask_through(rng):
    from kitlib.layers import Embedding

    hidden = Embedding(5, 3, mask_zero=True, dtype="float64")(np.array([[1, 0]]))
    y = float64(Softmax)(hidden)
    np.testing.assert_allclose(y.numpy(), softmax_ref(hidden.numpy()))
    assert y._keras_mask.numpy().tolist() == [[True, False]]
