"""SimpleRNN: a NumPy step-by-step reference, every option of the time loop, errors."""

import numpy as np
import pytest

from kitlib import Input, Model
from kitlib.layers import RNN, SimpleRNN, SimpleRNNCell
from tests.layers.zoo_checks import (
    check_layer_gradients,
    float64,
    run_rnn_ref,
    weights_of,
)


def simple_step(kernel, recurrent, bias):
    def step(x_t, states):
        h = np.tanh(x_t @ kernel + states[0] @ recurrent + bias)
        return h, [h]

    return step


def make(rng, **kwargs):
    layer = float64(SimpleRNN, 3, bias_initializer="random_normal", **kwargs)
    x = rng.normal(size=(2, 5, 4))
    return layer, x


def test_simple_rnn_weights_follow_keras():
    layer = SimpleRNN(3)
    layer(np.zeros((2, 5, 4), "float32"))
    assert [(w.name, w.shape) for w in layer.weights] == [
        ("kernel", (4, 3)), ("recurrent_kernel", (3, 3)), ("bias", (3,)),
    ]  # fmt: skip
    recurrent = layer.weights[1].numpy()
    np.testing.assert_allclose(
        recurrent @ recurrent.T, np.eye(3), atol=1e-5
    )  # orthogonal


@pytest.mark.parametrize("go_backwards", [False, True])
def test_simple_rnn_matches_step_by_step_reference(rng, go_backwards):
    layer, x = make(
        rng, return_sequences=True, return_state=True, go_backwards=go_backwards
    )
    sequence, state = (t.numpy() for t in layer(x))
    step = simple_step(*weights_of(layer))
    expected, (h,) = run_rnn_ref(step, x, [np.zeros((2, 3))], go_backwards=go_backwards)
    np.testing.assert_allclose(sequence, expected, rtol=1e-10)
    np.testing.assert_allclose(state, h, rtol=1e-10)


def test_simple_rnn_last_output_and_initial_state(rng):
    layer, x = make(rng)
    h0 = rng.normal(size=(2, 3))
    y = layer(x, initial_state=[h0]).numpy()
    step = simple_step(*weights_of(layer))
    expected, _ = run_rnn_ref(step, x, [h0])
    np.testing.assert_allclose(y, expected[:, -1], rtol=1e-10)
    np.testing.assert_allclose(layer(x, initial_state=h0).numpy(), y)  # bare tensor too


def test_simple_rnn_mask_keeps_states_through_masked_steps(rng):
    layer, x = make(rng, return_sequences=True)
    mask = np.array([[1, 1, 1, 0, 0], [1, 0, 1, 1, 0]], bool)
    y = layer(x, mask=mask).numpy()
    step = simple_step(*weights_of(layer))
    expected, _ = run_rnn_ref(step, x, [np.zeros((2, 3))], mask=mask)
    np.testing.assert_allclose(y, expected, rtol=1e-10)
    # A masked step repeats the previous output (sample 0 after step 2).
    np.testing.assert_array_equal(y[0, 3], y[0, 2])
    np.testing.assert_array_equal(y[0, 4], y[0, 2])
    np.testing.assert_array_equal(y[1, 1], y[1, 0])


@pytest.mark.parametrize("training", [True, False])
def test_simple_rnn_gradients_through_time(rng, training):
    layer, x = make(rng, return_sequences=True, return_state=True)
    mask = np.array([[1, 1, 0, 1, 1], [1, 1, 1, 1, 0]], bool)
    check_layer_gradients(layer, x, training=training, mask=mask)


def test_simple_rnn_dropout_only_in_training(rng):
    layer, x = make(rng, dropout=0.5, recurrent_dropout=0.3)
    inference = layer(x).numpy()
    step = simple_step(*weights_of(layer))
    expected, _ = run_rnn_ref(step, x, [np.zeros((2, 3))])
    np.testing.assert_allclose(inference, expected[:, -1], rtol=1e-10)
    assert not np.allclose(layer(x, training=True).numpy(), inference)
    # The global seed fixes the masks, so every finite difference sees the same.
    check_layer_gradients(layer, x, training=True, seed=4)


def test_simple_rnn_dropout_masks_are_shared_by_all_steps(rng):
    """Keras's rule: one input mask per sequence, the same at every step."""
    layer = float64(SimpleRNN, 2, dropout=0.5, seed=3, return_sequences=True,
                    kernel_initializer="ones", recurrent_initializer="zeros")  # fmt: skip
    x = np.ones((1, 4, 6))
    y = layer(x, training=True).numpy()
    np.testing.assert_allclose(y, np.broadcast_to(y[:, :1], y.shape))
    twin = float64(SimpleRNN, 2, dropout=0.5, seed=3, return_sequences=True,
                   kernel_initializer="ones", recurrent_initializer="zeros")  # fmt: skip
    np.testing.assert_array_equal(twin(x, training=True).numpy(), y)


def test_simple_rnn_symbolic_shapes_and_model(rng):
    inputs = Input(shape=(None, 4))
    outputs = SimpleRNN(3, return_sequences=True, return_state=True)(inputs)
    assert [o.shape for o in outputs] == [(None, None, 3), (None, 3)]
    model = Model(inputs, outputs)
    sequence, state = model(rng.normal(size=(2, 6, 4)).astype("float32"))
    assert sequence.shape == (2, 6, 3) and state.shape == (2, 3)
    np.testing.assert_allclose(sequence.numpy()[:, -1], state.numpy())


def test_rnn_base_runs_a_cell(rng):
    cell = SimpleRNNCell(2, dtype="float64")
    layer = RNN(cell, return_sequences=True, dtype="float64")
    x = rng.normal(size=(1, 3, 2))
    y = layer(x).numpy()
    expected, _ = run_rnn_ref(simple_step(*weights_of(layer)), x, [np.zeros((1, 2))])
    np.testing.assert_allclose(y, expected, rtol=1e-10)
    assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]


def test_simple_rnn_config_round_trip():
    layer = SimpleRNN(
        4, activation="relu", return_sequences=True, dropout=0.1, name="r"
    )
    clone = SimpleRNN.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert clone.units == 4 and clone.cell.activation.__name__ == "relu"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"units": 0}, "units to be a positive integer"),
        ({"units": 3, "dropout": -0.1}, "dropout"),
        ({"units": 3, "recurrent_dropout": 1.0}, "recurrent_dropout"),
        ({"units": 3, "stateful": True}, "stateful"),
    ],
)
def test_simple_rnn_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SimpleRNN(**kwargs)


def test_simple_rnn_call_errors(rng):
    layer = SimpleRNN(3)
    with pytest.raises(ValueError, match=r"\(SimpleRNN\) expects a tensor with 3 axes"):
        layer(np.zeros((2, 4), "float32"))
    x = rng.normal(size=(2, 5, 4)).astype("float32")
    with pytest.raises(ValueError, match=r"1 state\(s\).*initial_state holds 2"):
        layer(x, initial_state=[np.zeros((2, 3)), np.zeros((2, 3))])
    with pytest.raises(ValueError, match=r"initial state of shape \(2, 3\)"):
        layer(x, initial_state=[np.zeros((2, 4))])
    with pytest.raises(ValueError, match=r"mask of shape \(2, 5\)"):
        layer(x, mask=np.ones((2, 4), bool))


def test_rnn_base_config_round_trip_rebuilds_the_cell():
    layer = RNN(SimpleRNNCell(3, activation="relu"), go_backwards=True, name="r")
    clone = RNN.from_config(layer.get_config())
    assert isinstance(clone.cell, SimpleRNNCell) and clone.cell is not layer.cell
    assert clone.get_config()["cell"]["config"]["activation"] == "relu"
    assert clone.go_backwards
