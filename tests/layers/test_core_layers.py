"""Core layers: Activation, Flatten, Reshape, Lambda, Dropout, Identity."""

import numpy as np
import pytest

from kitlib import GradientTape, Input, Model, Tensor, ops
from kitlib.layers import Activation, Dropout, Flatten, Identity, Lambda, Reshape
from kitlib.utils import set_random_seed


# --- Activation --------------------------------------------------------------------
def test_activation_values_match_numpy(rng):
    x = rng.normal(size=(2, 5)).astype("float32")
    np.testing.assert_allclose(Activation("relu")(x).numpy(), np.maximum(x, 0))
    np.testing.assert_allclose(
        Activation("sigmoid")(x).numpy(), 1 / (1 + np.exp(-x)), rtol=1e-6
    )
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    np.testing.assert_allclose(
        Activation("softmax")(x).numpy(), e / e.sum(-1, keepdims=True), rtol=1e-6
    )


def test_activation_accepts_a_function_and_keeps_shapes():
    layer = Activation(lambda t: t * 3.0)
    np.testing.assert_array_equal(layer([[1.0, -1.0]]).numpy(), [[3.0, -3.0]])
    assert Activation("tanh")(Input((4, 2))).shape == (None, 4, 2)


def test_activation_unknown_name_suggests_one():
    with pytest.raises(ValueError, match="Did you mean 'relu'"):
        Activation("rellu")


# --- Flatten ---------------------------------------------------------------------------
def test_flatten_values_and_shapes(rng):
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    np.testing.assert_array_equal(Flatten()(x).numpy(), x.reshape(2, 12))
    assert Flatten()(np.zeros((5,))).shape == (5, 1)
    assert Flatten()(Input((3, 4))).shape == (None, 12)


def test_flatten_channels_first_moves_channels_last(rng):
    x = rng.normal(size=(2, 3, 4, 5)).astype("float32")
    expected = np.transpose(x, (0, 2, 3, 1)).reshape(2, -1)
    np.testing.assert_array_equal(Flatten("channels_first")(x).numpy(), expected)
    with pytest.raises(ValueError, match="data_format"):
        Flatten("channels_middle")


def test_flatten_of_unknown_sizes_is_unknown_but_runs(rng):
    x = Input((None, 3))
    y = Flatten()(x)
    assert y.shape == (None, None)
    data = rng.normal(size=(2, 4, 3)).astype("float32")
    np.testing.assert_array_equal(Model(x, y)(data).numpy(), data.reshape(2, 12))


# --- Reshape ------------------------------------------------------------------------------
def test_reshape_values_and_minus_one(rng):
    x = rng.normal(size=(5, 6)).astype("float32")
    np.testing.assert_array_equal(Reshape((-1, 2))(x).numpy(), x.reshape(5, 3, 2))
    np.testing.assert_array_equal(Reshape((2, 3))(x).numpy(), x.reshape(5, 2, 3))
    assert Reshape((3, -1))(Input((6,))).shape == (None, 3, 2)
    assert Reshape((-1, 2))(Input((None, 4))).shape == (None, None, 2)


def test_reshape_gradient_flows_back_in_the_input_shape():
    x = Tensor(np.arange(6, dtype="float32").reshape(1, 6))
    with GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(Reshape((2, 3))(x) * 2.0)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), np.full((1, 6), 2.0))


@pytest.mark.parametrize("target", [(-1, -1), (0, 3), ("a",), 2.5, (None, 3)])
def test_reshape_rejects_bad_targets(target):
    with pytest.raises(ValueError, match="positive ints with at most one -1"):
        Reshape(target)


def test_reshape_size_mismatch_names_both_shapes():
    with pytest.raises(
        ValueError, match=r"samples of shape \(6,\) \(6 values\).*\(4,\)"
    ):
        Reshape((4,))(Input((6,)))
    with pytest.raises(ValueError, match="times the -1 axis"):
        Reshape((4, -1))(np.zeros((2, 6)))


# --- Lambda --------------------------------------------------------------------------------
def test_lambda_with_arguments_and_symbolic_shape():
    layer = Lambda(lambda x, power: x**power, arguments={"power": 3.0})
    np.testing.assert_array_equal(layer([[2.0, -1.0]]).numpy(), [[8.0, -1.0]])
    assert Lambda(lambda x: x[:, :2])(Input((5,))).shape == (None, 2)


def test_lambda_on_a_list_of_inputs(rng):
    a, b = Input((3,)), Input((3,))
    model = Model([a, b], Lambda(lambda t: t[0] * t[1])([a, b]))
    x, y = rng.normal(size=(2, 2, 3)).astype("float32")
    np.testing.assert_allclose(model([x, y]).numpy(), x * y, rtol=1e-6)


def test_lambda_with_numpy_code_needs_output_shape(rng):
    def numpy_sine(x):
        return np.sin(np.asarray(x))

    with pytest.raises(TypeError, match="Pass output_shape="):
        Lambda(numpy_sine)(Input((3,)))
    x = Input((3,))
    model = Model(x, Lambda(numpy_sine, output_shape=(3,))(x))
    assert model.output_shape == (None, 3)
    data = rng.normal(size=(2, 3)).astype("float32")
    out = model(data)
    assert isinstance(out, Tensor)  # arrays are wrapped for the next layer
    np.testing.assert_allclose(out.numpy(), np.sin(data), rtol=1e-6)


def test_lambda_output_shape_function():
    layer = Lambda(lambda x: np.asarray(x)[:, ::2], output_shape=lambda s: (s[0], 2))
    assert layer(Input((4,))).shape == (None, 2)


def test_lambda_rejects_a_non_callable():
    with pytest.raises(TypeError, match="expects a function"):
        Lambda(3)


# --- Dropout --------------------------------------------------------------------------------
@pytest.mark.parametrize("rate", [1.0, -0.1, 1.5, "0.5", True, None])
def test_dropout_rejects_rates_outside_zero_one(rate):
    with pytest.raises(ValueError, match=r"rate to be a number in \[0, 1\)"):
        Dropout(rate)


def test_dropout_is_identity_unless_training(rng):
    x = rng.normal(size=(3, 4)).astype("float32")
    layer = Dropout(0.5)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)
    np.testing.assert_array_equal(Dropout(0.0)(x, training=True).numpy(), x)


def test_dropout_training_zeros_and_rescales(rng):
    x = rng.uniform(1.0, 2.0, size=(20, 50)).astype("float32")
    out = Dropout(0.2, seed=4)(x, training=True).numpy()
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / 0.8, rtol=1e-6)
    assert 0.15 < 1 - kept.mean() < 0.25


def test_dropout_seed_and_global_seed_repeat_the_mask():
    x = np.ones((4, 8), "float32")
    first_call = Dropout(0.5, seed=7)(x, training=True).numpy()
    np.testing.assert_array_equal(Dropout(0.5, seed=7)(x, training=True), first_call)
    set_random_seed(1)
    first = Dropout(0.5)(x, training=True).numpy()
    set_random_seed(1)
    np.testing.assert_array_equal(Dropout(0.5)(x, training=True).numpy(), first)


def test_dropout_noise_shape_shares_the_mask():
    out = Dropout(0.5, noise_shape=(None, 1), seed=0)(np.ones((50, 6)), training=True)
    rows = out.numpy()
    assert all(len(set(row)) == 1 for row in rows)  # whole rows kept or dropped
    assert {0.0, 2.0} == set(np.unique(rows))


def test_dropout_symbolic_shape():
    assert Dropout(0.3)(Input((2, 3))).shape == (None, 2, 3)


# --- Identity ----------------------------------------------------------------------------------
def test_identity_returns_values_and_a_new_symbolic_tensor():
    np.testing.assert_array_equal(Identity()([[1.0, 2.0]]).numpy(), [[1.0, 2.0]])
    x = Input((2,))
    y = Identity(name="same")(x)
    assert y is not x and y.shape == (None, 2)
    assert y._keras_history.operation.name == "same"


def test_dropout_with_int_seed_draws_new_masks_that_repeat_across_instances():
    first, twin = Dropout(0.5, seed=3), Dropout(0.5, seed=3)
    ones = np.ones((1, 200), "float32")
    masks = [first(ones, training=True).numpy() for _ in range(2)]
    assert not np.array_equal(masks[0], masks[1]), "each call needs a fresh mask"
    repeats = [twin(ones, training=True).numpy() for _ in range(2)]
    np.testing.assert_array_equal(masks, repeats)
