"""``get_config``/``from_config`` round trips of the core and merge layers."""

import json

import numpy as np
import pytest

from kitlib import Layer, Sequential, ops
from kitlib.layers import (
    Activation,
    Add,
    Average,
    Concatenate,
    Dense,
    Dropout,
    Flatten,
    Identity,
    Lambda,
    Maximum,
    Minimum,
    Multiply,
    Reshape,
    Subtract,
)

# Factories, so every test gets fresh (unbuilt) layers.
SINGLE_INPUT = {
    "Dense": lambda: Dense(3, activation="relu", use_bias=False),
    "Activation": lambda: Activation("tanh"),
    "Flatten": Flatten,
    "Reshape": lambda: Reshape((-1, 2)),
    "Dropout": lambda: Dropout(0.25, noise_shape=(None, 1), seed=3),
    "Identity": lambda: Identity(name="same"),
}
MERGES = {cls.__name__: cls for cls in (Add, Subtract, Multiply, Average, Maximum)}
MERGES.update(Minimum=Minimum, Concatenate=lambda: Concatenate(axis=1))


@pytest.mark.parametrize("make", [*SINGLE_INPUT.values(), *MERGES.values()],
                         ids=[*SINGLE_INPUT, *MERGES])  # fmt: skip
def test_config_round_trip_is_json_and_equal(make):
    layer = make()
    config = layer.get_config()
    assert json.loads(json.dumps(config)) == config
    clone = type(layer).from_config(config)
    assert type(clone) is type(layer)
    assert clone.get_config() == config


@pytest.mark.parametrize("make", SINGLE_INPUT.values(), ids=list(SINGLE_INPUT))
def test_cloned_layer_computes_the_same(make, rng):
    layer = make()
    x = rng.normal(size=(2, 4, 2)).astype("float32")
    if isinstance(layer, Dense):
        x = x.reshape(2, 8)
    clone = type(layer).from_config(layer.get_config())
    out = layer(x)
    clone(x)
    clone.set_weights(layer.get_weights())
    np.testing.assert_array_equal(clone(x).numpy(), out.numpy())


def test_concatenate_config_keeps_axis():
    assert Concatenate(axis=1).get_config()["axis"] == 1
    assert Concatenate.from_config(Concatenate(axis=1).get_config()).axis == 1


def test_input_shape_survives_the_round_trip():
    layer = Dense(2, input_shape=(5,))
    clone = Dense.from_config(layer.get_config())
    assert clone._batch_input_shape == (None, 5)


def double(x):
    return x * 2.0


def test_lambda_config_stores_the_name_only_and_is_marked_unsafe():
    config = Lambda(double, output_shape=(3,), arguments={}).get_config()
    assert config["function"] == "double" and config["unsafe"] is True
    assert config["function_module"] == __name__
    assert config["output_shape"] == [3]
    json.dumps(config)


def test_lambda_from_config_finds_a_named_function():
    layer = Lambda(double)
    clone = Lambda.from_config(
        layer.get_config(), custom_objects={"double": double}, safe_mode=False
    )
    assert clone.function is double
    other = Lambda.from_config(
        layer.get_config(), custom_objects={"double": ops.square}, safe_mode=False
    )
    np.testing.assert_array_equal(other(np.full((1, 2), 3.0)).numpy(), [[9.0, 9.0]])


def test_lambda_from_config_refuses_an_anonymous_function():
    config = Lambda(lambda x: x + 1.0).get_config()
    with pytest.raises(ValueError, match="anonymous lambda"):
        Lambda.from_config(config, safe_mode=False)


def test_lambda_from_config_explains_a_missing_function():
    config = dict(Lambda(double).get_config(), function_module="not_imported_module")
    with pytest.raises(ValueError, match="custom_objects=\\{'double': double\\}"):
        Lambda.from_config(config, safe_mode=False)


def test_lambda_from_config_never_searches_other_modules(monkeypatch):
    import os

    config = dict(Lambda(double).get_config(), function="system", function_module="os")
    with pytest.raises(ValueError, match="only looks for it in custom_objects"):
        Lambda.from_config(config, safe_mode=False)
    main = type(os)("__main__")
    main.double = double
    monkeypatch.setitem(__import__("sys").modules, "__main__", main)
    config = dict(Lambda(double).get_config(), function_module="__main__")
    assert Lambda.from_config(config, safe_mode=False).function is double


def test_lambda_from_config_refuses_by_default_in_safe_mode():
    with pytest.raises(
        ValueError, match="refuses to load in safe mode.*safe_mode=False"
    ):
        Lambda.from_config(Lambda(double).get_config())


def test_sequential_config_round_trip(rng):
    model = Sequential([Dense(4, input_shape=(3,), activation="relu"), Dense(2)])
    config = model.get_config()
    assert json.loads(json.dumps(config)) == config
    clone = Sequential.from_config(config)
    assert [type(layer).__name__ for layer in clone.layers] == ["Dense", "Dense"]
    assert clone.built and clone.output_shape == (None, 2)
    clone.set_weights(model.get_weights())
    x = rng.normal(size=(5, 3)).astype("float32")
    np.testing.assert_array_equal(clone(x).numpy(), model(x).numpy())


def test_auto_config_reads_any_name_of_the_catch_all_parameter():
    class Affine(Layer):
        def __init__(self, units, **options):
            super().__init__(**options)
            self.units = units

    layer = Affine(3, name="affine")
    clone = Affine.from_config(layer.get_config())
    assert clone.units == 3 and clone.name == "affine"
