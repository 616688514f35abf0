"""Bidirectional: two fresh copies, time-aligned merge, states, masks, errors."""

import numpy as np
import pytest

from kitlib import Input, Model
from kitlib.layers import GRU, LSTM, Bidirectional, SimpleRNN
from tests.layers.zoo_checks import check_layer_gradients, run_rnn_ref, weights_of


def simple_step(kernel, recurrent, bias):
    def step(x_t, states):
        h = np.tanh(x_t @ kernel + states[0] @ recurrent + bias)
        return h, [h]

    return step


def directions(layer, x, mask=None):
    """NumPy forward sequence and time-ordered backward sequence."""
    weights = weights_of(layer)
    zeros = [np.zeros((x.shape[0], layer.forward_layer.units))]
    forward, fw_states = run_rnn_ref(simple_step(*weights[:3]), x, zeros, mask=mask,
                                     zero_output=mask is not None)  # fmt: skip
    backward, bw_states = run_rnn_ref(simple_step(*weights[3:]), x, zeros, mask=mask,
                                      go_backwards=True, zero_output=mask is not None)  # fmt: skip
    return forward, backward[:, ::-1], fw_states, bw_states


def make(merge_mode="concat", **kwargs):
    rnn = SimpleRNN(3, return_sequences=True, bias_initializer="random_normal",
                    dtype="float64", **kwargs)  # fmt: skip
    return Bidirectional(rnn, merge_mode=merge_mode, dtype="float64")


def test_bidirectional_makes_two_fresh_layers():
    rnn = LSTM(4, name="encoder")
    bi = Bidirectional(rnn)
    bi(np.zeros((2, 5, 3), "float32"))
    assert bi.forward_layer is not rnn and not rnn.built
    assert (bi.forward_layer.name, bi.backward_layer.name) == ("forward_encoder",
                                                              "backward_encoder")  # fmt: skip
    assert bi.backward_layer.go_backwards and not bi.forward_layer.go_backwards
    assert [w.shape for w in bi.weights] == [(3, 16), (4, 16), (16,)] * 2
    assert bi.count_params() == 2 * LSTM(4).cell.gates * 4 * (3 + 4 + 1)


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
def test_bidirectional_merges_time_aligned_outputs(rng, merge_mode):
    bi = make(merge_mode)
    x = rng.normal(size=(2, 4, 2))
    y = bi(x)
    forward, backward, _, _ = directions(bi, x)
    expected = {
        "concat": np.concatenate([forward, backward], axis=-1),
        "sum": forward + backward,
        "mul": forward * backward,
        "ave": (forward + backward) / 2,
    }
    if merge_mode is None:
        np.testing.assert_allclose(y[0].numpy(), forward, rtol=1e-10)
        np.testing.assert_allclose(y[1].numpy(), backward, rtol=1e-10)
    else:
        np.testing.assert_allclose(y.numpy(), expected[merge_mode], rtol=1e-10)


def test_bidirectional_return_state_and_initial_state(rng):
    bi = Bidirectional(GRU(3, return_state=True), dtype="float64")
    x = rng.normal(size=(2, 4, 2))
    states = [rng.normal(size=(2, 3)), rng.normal(size=(2, 3))]
    output, h_forward, h_backward = bi(x, initial_state=states)
    assert output.shape == (2, 6)
    np.testing.assert_allclose(output.numpy()[:, :3], h_forward.numpy())
    np.testing.assert_allclose(output.numpy()[:, 3:], h_backward.numpy())
    unchanged = bi(x)[0].numpy()
    assert not np.allclose(unchanged, output.numpy())  # the states were used


def test_bidirectional_masked_steps_are_zero_in_both_directions(rng):
    bi = make()
    x = rng.normal(size=(2, 4, 2))
    mask = np.array([[1, 1, 1, 0], [1, 1, 0, 0]], bool)
    y = bi(x, mask=mask).numpy()
    forward, backward, _, _ = directions(bi, x, mask=mask)
    np.testing.assert_allclose(y, np.concatenate([forward, backward], -1), rtol=1e-10)
    assert not y[0, 3].any() and not y[1, 2:].any()


@pytest.mark.parametrize("training", [True, False])
def test_bidirectional_gradients(rng, training):
    check_layer_gradients(make(), rng.normal(size=(2, 3, 2)), training=training)


def test_bidirectional_symbolic_model_and_shapes(rng):
    inputs = Input(shape=(5, 3))
    outputs = Bidirectional(LSTM(4, return_state=True))(inputs)
    assert [o.shape for o in outputs] == [(None, 8)] + [(None, 4)] * 4
    model = Model(inputs, Bidirectional(SimpleRNN(2, return_sequences=True))(inputs))
    assert model(rng.normal(size=(3, 5, 3)).astype("float32")).shape == (3, 5, 4)


def test_bidirectional_config_round_trip():
    bi = Bidirectional(GRU(3, return_sequences=True), merge_mode="sum", name="bi")
    clone = Bidirectional.from_config(bi.get_config())
    assert clone.get_config() == bi.get_config()
    assert clone.forward_layer.name == "forward_gru"


def test_bidirectional_errors():
    with pytest.raises(ValueError, match="Bidirectional expects a recurrent layer"):
        Bidirectional("lstm")
    with pytest.raises(ValueError, match="merge_mode"):
        Bidirectional(LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="opposite go_backwards"):
        Bidirectional(LSTM(2), backward_layer=LSTM(2))
    with pytest.raises(ValueError, match="same return_sequences"):
        Bidirectional(
            LSTM(2), backward_layer=LSTM(2, go_backwards=True, return_sequences=True)
        )
