"""Functional models: several inputs/outputs, ops as nodes, nested models, sub-graphs."""

import numpy as np
import pytest

from kitlib import Input, Model, Sequential, ops
from kitlib.layers import Activation, Concatenate, Dense


def _dense(layer, x):
    kernel, bias = layer.get_weights()
    return x @ kernel + bias


def test_two_inputs_two_outputs_as_lists(rng):
    a, b = Input((3,), name="a"), Input((2,), name="b")
    joined = Concatenate()([a, b])
    head1, head2 = Dense(1, name="h1"), Dense(4, name="h2")
    model = Model([a, b], [head1(joined), head2(joined)])
    xa = rng.normal(size=(5, 3)).astype("float32")
    xb = rng.normal(size=(5, 2)).astype("float32")
    out1, out2 = model([xa, xb])
    both = np.concatenate([xa, xb], axis=1)
    np.testing.assert_allclose(out1.numpy(), _dense(head1, both), rtol=1e-5)
    np.testing.assert_allclose(out2.numpy(), _dense(head2, both), rtol=1e-5)
    assert model.output_shape == [(None, 1), (None, 4)]
    assert model.input_shape == [(None, 3), (None, 2)]


def test_inputs_and_outputs_as_dicts(rng):
    inputs = {"image": Input((4,), name="image"), "meta": Input((1,), name="meta")}
    hidden = Dense(2, name="hidden")(inputs["image"])
    score = Dense(1, name="score")(Concatenate()([hidden, inputs["meta"]]))
    model = Model(inputs, {"score": score, "hidden": hidden})
    x = {"meta": np.ones((3, 1), "float32"), "image": rng.normal(size=(3, 4))}
    out = model(x)
    assert list(out) == ["score", "hidden"]
    expected_hidden = _dense(model.get_layer("hidden"), x["image"].astype("float32"))
    np.testing.assert_allclose(out["hidden"].numpy(), expected_hidden, rtol=1e-5)
    assert out["score"].shape == (3, 1)
    with pytest.raises(ValueError, match="missing key 'meta'"):
        model({"image": x["image"], "mta": x["meta"]})


def test_residual_x_plus_shortcut_runs_in_the_model(rng):
    x = Input((3,))
    y = Dense(3, name="body")(x)
    out = Activation("relu")(y + x)  # ops on KerasTensors are graph nodes
    model = Model(x, out)
    data = rng.normal(size=(4, 3)).astype("float32")
    expected = np.maximum(_dense(model.get_layer("body"), data) + data, 0.0)
    np.testing.assert_allclose(model(data).numpy(), expected, rtol=1e-5, atol=1e-6)
    # The op is in the graph but not a layer.
    assert [layer.name for layer in model.layers] == [
        "input_layer",
        "body",
        "activation",
    ]
    assert len(model._functional.operations) == 4


def test_slicing_and_matmul_ops_in_a_graph(rng):
    x = Input((4,))
    w = rng.normal(size=(2, 3)).astype("float32")
    out = ops.matmul(x[:, :2], w)
    model = Model(x, out)
    data = rng.normal(size=(5, 4)).astype("float32")
    np.testing.assert_allclose(model(data).numpy(), data[:, :2] @ w, rtol=1e-5)


def test_intermediate_output_model_shares_layers(rng):
    x = Input((3,))
    hidden = Dense(4, name="hidden", activation="relu")(x)
    model = Model(x, Dense(2, name="out")(hidden))
    probe = Model(model.input, model.get_layer("hidden").output)
    data = rng.normal(size=(2, 3)).astype("float32")
    expected = np.maximum(_dense(model.get_layer("hidden"), data), 0.0)
    np.testing.assert_allclose(probe(data).numpy(), expected, rtol=1e-5)
    assert probe.get_layer("hidden") is model.get_layer("hidden")
    assert [layer.name for layer in probe.layers] == ["input_layer", "hidden"]


def test_nested_model_called_on_new_inputs_is_one_node(rng):
    inner_in = Input((3,))
    inner_dense = Dense(2, name="inner_dense")
    inner = Model(inner_in, inner_dense(inner_in), name="inner")
    x = Input((3,))
    y = inner(x)
    assert y._keras_history == (inner, 0, 0)  # the model's first call: node 0
    assert len(inner_dense._inbound_nodes) == 1  # inner layers untouched
    outer = Model(x, Dense(1, name="head")(y))
    assert [layer.name for layer in outer.layers] == ["input_layer_1", "inner", "head"]
    assert outer.get_layer("inner").weights[0] is inner_dense.kernel  # shared weights
    data = rng.normal(size=(4, 3)).astype("float32")
    expected = _dense(outer.get_layer("head"), _dense(inner_dense, data))
    np.testing.assert_allclose(outer(data).numpy(), expected, rtol=1e-5)
    assert len(outer.weights) == 4


def test_nested_model_used_twice_shares_weights(rng):
    inner_in = Input((2,))
    inner = Model(inner_in, Dense(2)(inner_in))
    a, b = Input((2,)), Input((2,))
    outer = Model([a, b], Concatenate()([inner(a), inner(b)]))
    assert len(outer.weights) == 2
    x = rng.normal(size=(3, 2)).astype("float32")
    left, right = np.split(outer([x, x]).numpy(), 2, axis=1)
    np.testing.assert_allclose(left, right)


def test_sequential_inside_functional(rng):
    block = Sequential([Dense(4, input_shape=(3,)), Dense(2)], name="block")
    x = Input((3,))
    model = Model(x, block(x))
    data = rng.normal(size=(2, 3)).astype("float32")
    first, second = block.layers
    np.testing.assert_allclose(
        model(data).numpy(), _dense(second, _dense(first, data)), rtol=1e-5
    )


def test_get_layer_by_name_and_index_with_clear_errors():
    x = Input((3,))
    model = Model(x, Dense(2, name="out")(Dense(4, name="hid")(x)))
    assert model.get_layer(index=1).name == "hid"
    assert model.get_layer("out") is model.layers[-1]
    with pytest.raises(ValueError, match="Did you mean 'hid'"):
        model.get_layer("hidd")
    with pytest.raises(ValueError, match="index must be in 0..2"):
        model.get_layer(index=5)


def test_unused_input_is_a_clear_error():
    a, b = Input((3,), name="used"), Input((3,), name="unused")
    with pytest.raises(ValueError, match="not connected to any output"):
        Model([a, b], Dense(1)(a))


def test_model_inputs_outputs_properties():
    x = Input((3,))
    y = Dense(2)(x)
    model = Model(x, y)
    assert model.input is x and model.output is y
    assert model.inputs == [x] and model.outputs == [y]
    assert model.input_shape == (None, 3) and model.output_shape == (None, 2)
