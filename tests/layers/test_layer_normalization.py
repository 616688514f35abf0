"""LayerNormalization: per-sample statistics, weights, gradients, errors."""

import numpy as np
import pytest

from kitlib import Input
from kitlib.layers import LayerNormalization
from tests.layers.zoo_checks import check_layer_gradients, float64


def ln_ref(x, axes, gamma, beta, epsilon):
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + epsilon) + beta


def test_layer_normalization_weights_and_values(rng):
    ln = float64(LayerNormalization, gamma_initializer="random_normal",
                 beta_initializer="random_normal")  # fmt: skip
    x = rng.normal(size=(3, 4, 5))
    y = ln(x).numpy()
    assert [(w.name, w.shape) for w in ln.weights] == [("gamma", (5,)), ("beta", (5,))]
    expected = ln_ref(x, -1, ln.gamma.numpy(), ln.beta.numpy(), 1e-3)
    np.testing.assert_allclose(y, expected, rtol=1e-10)


def test_layer_normalization_is_the_same_in_training_and_inference(rng):
    ln = LayerNormalization()
    x = rng.normal(size=(2, 6)).astype("float32")
    np.testing.assert_array_equal(ln(x, training=True).numpy(), ln(x).numpy())


def test_layer_normalization_over_several_axes(rng):
    ln = float64(LayerNormalization, axis=[1, 2], center=False, epsilon=1e-5)
    x = rng.normal(size=(2, 3, 4))
    y = ln(x).numpy()
    assert ln.gamma.shape == (3, 4) and len(ln.weights) == 1
    np.testing.assert_allclose(y, ln_ref(x, (1, 2), 1.0, 0.0, 1e-5), rtol=1e-10)


@pytest.mark.parametrize("axis", [-1, [1, 2]])
def test_layer_normalization_gradients(rng, axis):
    ln = float64(LayerNormalization, axis=axis, gamma_initializer="random_normal",
                 beta_initializer="random_normal")  # fmt: skip
    check_layer_gradients(ln, rng.normal(size=(2, 3, 4)))


def test_layer_normalization_symbolic_shape():
    assert LayerNormalization()(Input(shape=(7, 3))).shape == (None, 7, 3)


def test_layer_normalization_rejects_bad_arguments():
    with pytest.raises(ValueError, match="axis to be an int or a list"):
        LayerNormalization(axis="last")
    with pytest.raises(ValueError, match="epsilon > 0"):
        LayerNormalization(epsilon=-1.0)
    with pytest.raises(ValueError, match=r"\(LayerNormalization\) has axis=4"):
        LayerNormalization(axis=4)(np.zeros((2, 3), "float32"))
