"""LSTM: Keras gate order i, f, c, o vs a NumPy reference; seed 004's Encoder."""

import numpy as np
import pytest

from kitlib import Input, Model
from kitlib.layers import LSTM, Embedding, LSTMCell
from kitlib.tensor import Tensor
from tests.layers.zoo_checks import (
    check_layer_gradients,
    float64,
    run_rnn_ref,
    sigmoid,
    weights_of,
)


def lstm_step(kernel, recurrent, bias):
    units = recurrent.shape[0]

    def step(x_t, states):
        h, c = states
        z = x_t @ kernel + h @ recurrent + bias
        i, f, g, o = (z[:, k * units : (k + 1) * units] for k in range(4))
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        return h, [h, c]

    return step


def make(rng, **kwargs):
    layer = float64(LSTM, 3, bias_initializer="random_normal", **kwargs)
    return layer, rng.normal(size=(2, 4, 5))


def test_lstm_weights_follow_keras():
    layer = LSTM(3)
    layer(np.zeros((1, 2, 5), "float32"))
    kernel, recurrent, bias = layer.weights
    assert [(w.name, w.shape) for w in layer.weights] == [
        ("kernel", (5, 12)), ("recurrent_kernel", (3, 12)), ("bias", (12,)),
    ]  # fmt: skip
    # unit_forget_bias: the forget gate (second block) starts at 1.
    np.testing.assert_array_equal(bias.numpy(), [0.0] * 3 + [1.0] * 3 + [0.0] * 6)
    r = recurrent.numpy()
    np.testing.assert_allclose(r @ r.T, np.eye(3), atol=1e-5)
    assert layer.count_params() == 4 * 3 * (5 + 3 + 1)
    no_forget = LSTM(2, unit_forget_bias=False)
    no_forget(np.zeros((1, 2, 5), "float32"))
    assert not no_forget.weights[2].numpy().any()


@pytest.mark.parametrize("go_backwards", [False, True])
def test_lstm_matches_step_by_step_reference(rng, go_backwards):
    layer, x = make(
        rng, return_sequences=True, return_state=True, go_backwards=go_backwards
    )
    h0, c0 = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    sequence, h, c = (t.numpy() for t in layer(x, initial_state=[h0, c0]))
    step = lstm_step(*weights_of(layer))
    expected, (h_ref, c_ref) = run_rnn_ref(step, x, [h0, c0], go_backwards=go_backwards)
    np.testing.assert_allclose(sequence, expected, rtol=1e-10)
    np.testing.assert_allclose(h, h_ref, rtol=1e-10)
    np.testing.assert_allclose(c, c_ref, rtol=1e-10)


def test_lstm_mask(rng):
    layer, x = make(rng, return_state=True)
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 1]], bool)
    output, h, c = (t.numpy() for t in layer(x, mask=mask))
    step = lstm_step(*weights_of(layer))
    expected, (h_ref, c_ref) = run_rnn_ref(step, x, [np.zeros((2, 3))] * 2, mask=mask)
    np.testing.assert_allclose(output, expected[:, -1], rtol=1e-10)
    np.testing.assert_allclose(c, c_ref, rtol=1e-10)


@pytest.mark.parametrize("training", [True, False])
def test_lstm_gradients(rng, training):
    layer, x = make(rng, return_sequences=True, return_state=True)
    mask = np.array([[1, 1, 1, 0], [1, 0, 1, 1]], bool)
    check_layer_gradients(layer, x, training=training, mask=mask)


def test_lstm_gradients_with_dropout(rng):
    layer, x = make(rng, dropout=0.3, recurrent_dropout=0.3)
    check_layer_gradients(layer, x, training=True, seed=0)


def test_lstm_initial_state_needs_two_tensors(rng):
    layer, x = make(rng)
    with pytest.raises(ValueError, match=r"2 state\(s\).*LSTM needs \[h, c\]"):
        layer(x, initial_state=[np.zeros((2, 3))])


def test_lstm_symbolic_return_state_shapes():
    outputs = LSTM(6, return_state=True)(Input(shape=(7, 2)))
    assert [o.shape for o in outputs] == [(None, 6), (None, 6), (None, 6)]


def test_lstm_config_round_trip():
    layer = LSTM(4, recurrent_activation="hard_sigmoid", unit_forget_bias=False,
                 return_sequences=True, name="l")  # fmt: skip
    assert LSTM.from_config(layer.get_config()).get_config() == layer.get_config()
    assert LSTMCell(3).get_config()["unit_forget_bias"] is True


class Encoder(Model):
    """Seed 004's encoder: Embedding + LSTM(return_sequences, return_state)."""

    def __init__(self, inp_vocab_size, embedding_size, lstm_size, input_length):
        super().__init__()
        self.lstm_size = lstm_size
        self.embedding = Embedding(inp_vocab_size, embedding_size)
        self.lstm = LSTM(lstm_size, return_sequences=True, return_state=True)

    def call(self, input_sequence, states):
        embed = self.embedding(input_sequence)
        output, state_h, state_c = self.lstm(embed, initial_state=states)
        return output, state_h, state_c

    def initialize_states(self, batch_size):
        return (
            Tensor(np.zeros((batch_size, self.lstm_size), "float32")),
            Tensor(np.zeros((batch_size, self.lstm_size), "float32")),
        )


def test_seed004_encoder_shapes_and_values(rng):
    encoder = Encoder(
        inp_vocab_size=20, embedding_size=8, lstm_size=16, input_length=10
    )
    ids = rng.integers(0, 20, size=(32, 10))
    output, state_h, state_c = encoder(ids, encoder.initialize_states(32))
    assert output.shape == (32, 10, 16)
    assert state_h.shape == state_c.shape == (32, 16)
    np.testing.assert_allclose(output.numpy()[:, -1], state_h.numpy(), rtol=1e-6)
    assert [w.shape for w in encoder.weights] == [(20, 8), (8, 64), (16, 64), (64,)]
