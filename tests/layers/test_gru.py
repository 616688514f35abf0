"""GRU: Keras 3 reset_after=True (bias (2, 3u)) and reset_after=False vs NumPy."""

import numpy as np
import pytest

from kitlib import Input
from kitlib.layers import GRU
from tests.layers.zoo_checks import (
    check_layer_gradients,
    float64,
    run_rnn_ref,
    sigmoid,
    weights_of,
)


def gru_step(kernel, recurrent, bias, reset_after):
    u = recurrent.shape[0]

    def step(x_t, states):
        h = states[0]
        if reset_after:
            xs = x_t @ kernel + bias[0]
            hs = h @ recurrent + bias[1]
            z = sigmoid(xs[:, :u] + hs[:, :u])
            r = sigmoid(xs[:, u : 2 * u] + hs[:, u : 2 * u])
            candidate = np.tanh(xs[:, 2 * u :] + r * hs[:, 2 * u :])
        else:
            xs = x_t @ kernel + bias
            z = sigmoid(xs[:, :u] + h @ recurrent[:, :u])
            r = sigmoid(xs[:, u : 2 * u] + h @ recurrent[:, u : 2 * u])
            candidate = np.tanh(xs[:, 2 * u :] + (r * h) @ recurrent[:, 2 * u :])
        h = z * h + (1 - z) * candidate
        return h, [h]

    return step


def make(rng, **kwargs):
    layer = float64(GRU, 3, bias_initializer="random_normal", **kwargs)
    return layer, rng.normal(size=(2, 4, 5))


def test_gru_weights_follow_keras3():
    layer = GRU(3)
    layer(np.zeros((1, 2, 5), "float32"))
    assert [(w.name, w.shape) for w in layer.weights] == [
        ("kernel", (5, 9)), ("recurrent_kernel", (3, 9)), ("bias", (2, 9)),
    ]  # fmt: skip
    assert layer.count_params() == 3 * 3 * (5 + 3 + 2)
    legacy = GRU(3, reset_after=False)
    legacy(np.zeros((1, 2, 5), "float32"))
    assert legacy.weights[2].shape == (9,)


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_gru_matches_step_by_step_reference(rng, reset_after, go_backwards):
    layer, x = make(rng, reset_after=reset_after, return_sequences=True,
                    return_state=True, go_backwards=go_backwards)  # fmt: skip
    h0 = rng.normal(size=(2, 3))
    sequence, h = (t.numpy() for t in layer(x, initial_state=h0))
    step = gru_step(*weights_of(layer), reset_after)
    expected, (h_ref,) = run_rnn_ref(step, x, [h0], go_backwards=go_backwards)
    np.testing.assert_allclose(sequence, expected, rtol=1e-10)
    np.testing.assert_allclose(h, h_ref, rtol=1e-10)


def test_gru_mask(rng):
    layer, x = make(rng, return_sequences=True)
    mask = np.array([[1, 0, 1, 0], [0, 1, 1, 1]], bool)
    layer(x)  # build
    step = gru_step(*weights_of(layer), True)
    expected, _ = run_rnn_ref(step, x, [np.zeros((2, 3))], mask=mask)
    np.testing.assert_allclose(layer(x, mask=mask).numpy(), expected, rtol=1e-10)


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("training", [True, False])
def test_gru_gradients(rng, reset_after, training):
    layer, x = make(rng, reset_after=reset_after, return_state=True)
    check_layer_gradients(layer, x, training=training)


def test_gru_symbolic_and_config():
    outputs = GRU(4, return_sequences=True, return_state=True)(Input(shape=(6, 2)))
    assert [o.shape for o in outputs] == [(None, 6, 4), (None, 4)]
    layer = GRU(4, reset_after=False, go_backwards=True, name="g")
    assert GRU.from_config(layer.get_config()).get_config() == layer.get_config()


def test_gru_rejects_bad_units():
    with pytest.raises(ValueError, match="GRU expects units to be a positive integer"):
        GRU(-2)
