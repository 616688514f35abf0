"""Tests for kitlib/saving/serialization.py: one layer <-> a JSON-ready dict."""

import json

import numpy as np
import pytest

from kitlib import ops
from kitlib.engine.layer import Layer
from kitlib.layers import Dense, Lambda
from kitlib.saving.serialization import deserialize_layer, serialize_layer
from kitlib.utils import registry


class Scale(Layer):
    """A custom layer with one argument and one weight (not registered)."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w * self.factor


def double(x):
    return x * 2.0


@pytest.fixture(autouse=True)
def _clean_registry(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTERED", {})
    monkeypatch.setattr(registry, "_NAMES", {})


def test_serialize_layer_records_class_config_and_build_shape():
    layer = Dense(3, activation="relu", name="d")
    layer(np.ones((2, 4), dtype="float32"))
    data = serialize_layer(layer)
    assert data["class_name"] == "Dense"
    assert data["config"]["units"] == 3
    assert data["config"]["activation"] == "relu"
    assert data["build_config"] == {"input_shape": [2, 4]}
    assert "registered_name" not in data
    json.dumps(data)  # plain JSON, nothing else


def test_serialize_layer_omits_build_config_before_build():
    assert "build_config" not in serialize_layer(Dense(3))


def test_deserialize_layer_rebuilds_config_and_builds_weights():
    layer = Dense(3, use_bias=False, name="d")
    layer(np.ones((2, 4), dtype="float32"))
    copy = deserialize_layer(json.loads(json.dumps(serialize_layer(layer))))
    assert isinstance(copy, Dense) and copy is not layer
    assert (copy.name, copy.units, copy.use_bias) == ("d", 3, False)
    assert copy.built and copy.kernel.shape == (4, 3)
    assert copy.get_config() == layer.get_config()


def test_deserialize_layer_finds_custom_layers_through_custom_objects():
    data = serialize_layer(Scale(factor=3.0))
    copy = deserialize_layer(data, custom_objects={"Scale": Scale})
    assert isinstance(copy, Scale) and copy.factor == 3.0


def test_deserialize_layer_finds_registered_layers_by_registered_name():
    registry.register_serializable(package="Demo")(Scale)
    data = serialize_layer(Scale(factor=0.5))
    assert data["registered_name"] == "Demo>Scale"
    assert deserialize_layer(data).factor == 0.5


def test_deserialize_layer_explains_unknown_classes():
    data = serialize_layer(Scale())
    with pytest.raises(ValueError, match=r"Cannot load layer class 'Scale'.*register"):
        deserialize_layer(data)


def test_deserialize_layer_suggests_close_builtin_names():
    data = {"class_name": "Dense2", "config": {}}
    with pytest.raises(ValueError, match="Did you mean 'Dense'"):
        deserialize_layer(data)


def test_deserialize_layer_rejects_a_bare_config_with_a_hint():
    with pytest.raises(ValueError, match="not just layer.get_config"):
        deserialize_layer(Dense(2).get_config())


def test_deserialize_layer_rejects_non_layer_custom_objects():
    data = {"class_name": "Scale", "config": {}}
    with pytest.raises(TypeError, match="not a Layer subclass"):
        deserialize_layer(data, custom_objects={"Scale": double})


def test_lambda_refuses_to_load_in_safe_mode_and_says_how():
    data = serialize_layer(Lambda(double, name="twice"))
    with pytest.raises(
        ValueError,
        match=r"'twice' \(Lambda\) cannot be loaded with "
        r"safe_mode=True.*safe_mode=False.*custom_objects=\{'double'",
    ):
        deserialize_layer(data)


def test_lambda_loads_with_safe_mode_off_and_the_function_by_name():
    data = serialize_layer(Lambda(double, name="twice"))
    copy = deserialize_layer(data, custom_objects={"double": double}, safe_mode=False)
    np.testing.assert_array_equal(copy(np.array([[1.0, 2.0]])).numpy(), [[2.0, 4.0]])


def test_lambda_with_safe_mode_off_finds_a_registered_function():
    registry.register_serializable()(double)
    data = serialize_layer(Lambda(double))
    copy = deserialize_layer(data, safe_mode=False)
    assert copy.function is double


def test_safe_mode_is_inherited_by_nested_calls():
    class Wrapper(Layer):
        def __init__(self, inner=None, **kwargs):
            super().__init__(**kwargs)
            self.inner = inner

        @classmethod
        def from_config(cls, config):
            return cls(inner=deserialize_layer(config.pop("inner")), **config)

        def get_config(self):
            return {**super().get_config(), "inner": serialize_layer(self.inner)}

    data = serialize_layer(Wrapper(inner=Lambda(ops.square)))
    with pytest.raises(ValueError, match="safe_mode=True"):
        deserialize_layer(data, custom_objects={"Wrapper": Wrapper})
    objects = {"Wrapper": Wrapper, "square": ops.square}
    copy = deserialize_layer(data, custom_objects=objects, safe_mode=False)
    assert copy.inner.function is ops.square
