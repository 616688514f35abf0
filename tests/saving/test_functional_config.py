"""Tests for kitlib/saving/functional_config.py: graphs -> config -> same graphs."""

import json

import numpy as np
import pytest

from kitlib import Input, Model, ops
from kitlib.layers import Concatenate, Dense


def _rebuild(model):
    """from_config(get_config()) through JSON text, with the same weights."""
    config = json.loads(json.dumps(model.get_config()))
    copy = Model.from_config(config)
    copy.set_weights(model.get_weights())
    return copy


def _assert_same_outputs(model, copy, inputs):
    expected, actual = model(inputs), copy(inputs)
    if isinstance(expected, dict):
        assert list(expected) == list(actual)
        expected, actual = list(expected.values()), list(actual.values())
    if not isinstance(expected, list):
        expected, actual = [expected], [actual]
    assert len(expected) == len(actual)
    for want, got in zip(expected, actual, strict=True):
        assert np.array_equal(want.numpy(), got.numpy())


def test_single_chain_config_lists_layers_and_calls(rng):
    x = Input(shape=(3,), name="x")
    y = Dense(2, activation="relu", name="hidden")(x)
    model = Model(x, y, name="chain")
    config = model.get_config()
    assert [entry["name"] for entry in config["layers"]] == ["x", "hidden"]
    assert config["nodes"] == [
        {
            "layer": "hidden",
            "node_index": 0,
            "args": [{"class_name": "__keras_tensor__",
                      "config": {"keras_history": ["x", 0, 0]}}],
            "kwargs": {},
        }
    ]  # fmt: skip
    assert config["input_layers"] == ["x", 0, 0]
    assert config["output_layers"] == ["hidden", 0, 0]
    copy = _rebuild(model)
    data = rng.normal(size=(4, 3)).astype("float32")
    kernel, bias = model.get_weights()
    reference = np.maximum(data @ kernel + bias, 0.0)
    np.testing.assert_allclose(copy(data).numpy(), reference, rtol=1e-6)
    _assert_same_outputs(model, copy, data)


def test_multi_input_multi_output_round_trip(rng):
    a, b = Input(shape=(3,), name="a"), Input(shape=(2,), name="b")
    merged = Concatenate()([Dense(4)(a), b])
    out_1, out_2 = Dense(1, name="out_1")(merged), Dense(3, name="out_2")(merged)
    model = Model([a, b], [out_1, out_2])
    config = model.get_config()
    assert config["input_layers"] == [["a", 0, 0], ["b", 0, 0]]
    assert config["output_layers"] == [["out_1", 0, 0], ["out_2", 0, 0]]
    data = [rng.normal(size=(5, 3)), rng.normal(size=(5, 2))]
    _assert_same_outputs(model, _rebuild(model), data)


def test_dict_inputs_and_outputs_round_trip(rng):
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    total = Dense(2, name="sum_head")(a + b)
    model = Model({"left": a, "right": b}, {"total": total, "left": Dense(1)(a)})
    config = model.get_config()
    assert config["input_layers"] == {"left": ["a", 0, 0], "right": ["b", 0, 0]}
    data = {"left": rng.normal(size=(2, 3)), "right": rng.normal(size=(2, 3))}
    _assert_same_outputs(model, _rebuild(model), data)


def test_shared_layer_is_listed_once_with_two_calls(rng):
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    shared = Dense(2, name="shared")
    model = Model([a, b], shared(a) - shared(b))
    config = model.get_config()
    assert [e["name"] for e in config["layers"]].count("shared") == 1
    calls = [(n["layer"], n["node_index"]) for n in config["nodes"]]
    assert calls == [("shared", 0), ("shared", 1), ("subtract", 0)]
    copy = _rebuild(model)
    assert len(copy.weights) == 2  # one kernel and one bias, shared by both calls
    data = [rng.normal(size=(2, 3)), rng.normal(size=(2, 3))]
    _assert_same_outputs(model, copy, data)
    # Equal inputs through one shared layer give exactly zero.
    same = rng.normal(size=(2, 3))
    assert np.array_equal(copy([same, same]).numpy(), np.zeros((2, 2), "float32"))


def test_nested_model_round_trip(rng):
    x = Input(shape=(3,))
    inner = Model(x, Dense(4, activation="tanh")(x), name="inner")
    y = Input(shape=(3,), name="y")
    model = Model(y, Dense(1, name="head")(inner(y)), name="outer")
    entry = model.get_config()["layers"][1]
    assert entry["class_name"] == "Model" and "nodes" in entry["config"]
    copy = _rebuild(model)
    assert isinstance(copy.get_layer("inner"), Model)
    _assert_same_outputs(model, copy, rng.normal(size=(4, 3)))


def test_op_nodes_keep_attributes_and_constants(rng):
    x = Input(shape=(4,), name="x")
    hidden = Dense(4, name="hidden")(x)
    y = ops.sum(hidden * 2.0 + x, axis=-1, keepdims=True) + x[:, 1:3]
    model = Model(x, y)
    config = model.get_config()
    ops_used = {e["class_name"]: e for e in config["layers"] if e.get("kind") == "op"}
    assert set(ops_used) == {"Multiply", "Add", "Sum", "GetItem"}
    assert ops_used["Sum"]["config"] == {"axis": -1, "keepdims": True}
    multiply_call = next(n for n in config["nodes"] if n["layer"] == "multiply")
    assert multiply_call["args"][1] == 2.0
    copy = _rebuild(model)
    data = rng.normal(size=(3, 4)).astype("float32")
    kernel, bias = model.get_weights()
    h = data @ kernel + bias
    reference = (h * 2.0 + data).sum(axis=-1, keepdims=True) + data[:, 1:3]
    np.testing.assert_allclose(copy(data).numpy(), reference, rtol=1e-5)
    _assert_same_outputs(model, copy, data)


def test_node_indices_count_only_this_models_calls():
    shared = Dense(2, name="shared")
    shared(Input(shape=(3,)))  # a call in some other graph: node 0 of the layer
    x = Input(shape=(3,), name="x")
    model = Model(x, shared(x))
    assert model.get_config()["nodes"][0]["node_index"] == 0
    assert model.get_config()["output_layers"] == ["shared", 0, 0]


def test_config_is_stable_through_a_round_trip():
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    shared = Dense(2, name="shared")
    model = Model([a, b], ops.maximum(shared(b), shared(a)))
    config = json.loads(json.dumps(model.get_config()))
    again = json.loads(json.dumps(Model.from_config(config).get_config()))
    assert again == config


def test_two_layers_with_one_name_cannot_be_saved():
    x = Input(shape=(3,))
    model = Model(x, Dense(2, name="same")(Dense(2, name="same")(x)))
    with pytest.raises(ValueError, match="two different layers named 'same'"):
        model.get_config()


def _config():
    x = Input(shape=(3,), name="x")
    return json.loads(json.dumps(Model(x, Dense(2, name="d")(x)).get_config()))


def test_from_config_explains_a_call_of_an_unknown_layer():
    config = _config()
    config["nodes"][0]["layer"] = "dd"
    with pytest.raises(ValueError, match="calls layer 'dd'.*Did you mean 'd'"):
        Model.from_config(config)


def test_from_config_explains_a_tensor_used_before_it_is_made():
    config = _config()
    config["output_layers"] = ["d", 1, 0]
    with pytest.raises(
        ValueError, match=r"refers to tensor \['d', 1, 0\].*before any call"
    ):
        Model.from_config(config)


def test_from_config_explains_calls_out_of_order():
    config = _config()
    config["nodes"][0]["node_index"] = 1
    with pytest.raises(ValueError, match="call 0 was expected"):
        Model.from_config(config)


def test_from_config_refuses_ops_outside_kitlib_ops():
    x = Input(shape=(3,), name="x")
    config = json.loads(json.dumps(Model(x, x + 1.0).get_config()))
    config["layers"][1]["class_name"] = "System"
    with pytest.raises(ValueError, match="Cannot load op 'System'"):
        Model.from_config(config)
