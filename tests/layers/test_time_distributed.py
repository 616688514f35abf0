"""TimeDistributed: one shared layer applied to every time step."""

import numpy as np
import pytest

from kitlib import Input, Model
from kitlib.layers import Conv2D, Dense, Dropout, TimeDistributed
from tests.layers.zoo_checks import check_layer_gradients, conv2d_ref


def test_time_distributed_dense_equals_per_step_dense(rng):
    td = TimeDistributed(Dense(4, dtype="float64"), dtype="float64")
    x = rng.normal(size=(2, 5, 3))
    y = td(x).numpy()
    kernel, bias = td.layer.kernel.numpy(), td.layer.bias.numpy()
    np.testing.assert_allclose(y, x @ kernel + bias, rtol=1e-12)
    assert [w.shape for w in td.weights] == [(3, 4), (4,)]


def test_time_distributed_conv2d_over_video_frames(rng):
    td = TimeDistributed(Conv2D(2, 3, dtype="float64"), dtype="float64")
    x = rng.normal(size=(2, 3, 5, 5, 1))
    y = td(x).numpy()
    assert y.shape == (2, 3, 3, 3, 2)
    kernel, bias = td.layer.kernel.numpy(), td.layer.bias.numpy()
    for t in range(3):
        np.testing.assert_allclose(
            y[:, t], conv2d_ref(x[:, t], kernel, bias), rtol=1e-10
        )


def test_time_distributed_gradients(rng):
    td = TimeDistributed(Dense(2, bias_initializer="random_normal", dtype="float64"),
                         dtype="float64")  # fmt: skip
    check_layer_gradients(td, rng.normal(size=(2, 3, 4)))


def test_time_distributed_passes_training_to_the_inner_layer(rng):
    td = TimeDistributed(Dropout(0.5))
    x = np.ones((2, 3, 10), "float32")
    np.testing.assert_array_equal(td(x).numpy(), x)
    assert (td(x, training=True).numpy() == 0).any()


def test_time_distributed_symbolic_and_model(rng):
    inputs = Input(shape=(4, 3))
    outputs = TimeDistributed(Dense(5))(inputs)
    assert outputs.shape == (None, 4, 5)
    model = Model(inputs, outputs)
    assert model(rng.normal(size=(2, 4, 3)).astype("float32")).shape == (2, 4, 5)


def test_time_distributed_config_round_trip():
    td = TimeDistributed(Dense(3, activation="relu"), name="td")
    assert TimeDistributed.from_config(td.get_config()).get_config() == td.get_config()


def test_time_distributed_errors():
    with pytest.raises(ValueError, match="TimeDistributed expects a Layer instance"):
        TimeDistributed(Dense)
    with pytest.raises(
        ValueError, match=r"\(TimeDistributed\) expects at least 3 axes"
    ):
        TimeDistributed(Dense(2))(np.zeros((2, 3), "float32"))
