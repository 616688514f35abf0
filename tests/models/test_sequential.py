"""``Sequential``: constructor, add/pop, input shapes, deferred build, errors."""

import numpy as np
import pytest

from kitlib import Input, Model, Sequential
from kitlib.engine.input_layer import InputLayer
from kitlib.layers import Dense, Dropout, Flatten


def _chain(layers, x):
    for layer in layers:
        kernel, bias = layer.get_weights()
        x = x @ kernel + bias
    return x


def test_list_constructor_with_input_shape_builds_at_once(rng):
    model = Sequential([Dense(4, input_shape=(3,)), Dense(2)])
    assert model.built and model.output_shape == (None, 2)
    assert model.input_shape == (None, 3)
    assert [layer.name for layer in model.layers] == ["dense", "dense_1"]
    assert all(len(layer._inbound_nodes) == 1 for layer in model.layers)
    x = rng.normal(size=(5, 3)).astype("float32")
    np.testing.assert_allclose(model(x).numpy(), _chain(model.layers, x), rtol=1e-5)


def test_layers_excludes_the_input_layer_but_the_graph_has_it():
    model = Sequential([Input((3,)), Dense(2)])
    assert [type(layer).__name__ for layer in model.layers] == ["Dense"]
    assert isinstance(model._functional.operations[0], InputLayer)
    assert model.get_layer(index=0) is model.layers[0]


def test_input_layer_instance_first():
    model = Sequential([InputLayer(shape=(6,)), Dense(1)])
    assert model.output_shape == (None, 1) and model.input_shape == (None, 6)


def test_add_grows_the_graph_one_node_per_layer():
    model = Sequential()
    model.add(Input((4,)))
    assert not model.built  # an input alone is not a model yet
    model.add(Dense(3))
    assert model.output_shape == (None, 3)
    model.add(Dense(2))
    assert model.output_shape == (None, 2)
    assert [len(layer._inbound_nodes) for layer in model.layers] == [1, 1]


def test_pop_removes_the_last_layer_and_its_node():
    model = Sequential([Dense(4, input_shape=(3,)), Dense(2), Dense(1)])
    first = model.layers[0]
    popped = model.pop()
    assert popped.name == "dense_2" and popped._inbound_nodes == []
    assert len(model.weights) == 4
    assert all(w is not popped.kernel for w in model.weights)
    assert model.output_shape == (None, 2)
    assert len(model.layers[-1]._outbound_nodes) == 0
    model.add(Dense(5))
    assert model.output_shape == (None, 5)
    model.pop(), model.pop(), model.pop()
    assert not model.built and model.layers == [] and model.weights == []
    assert first._outbound_nodes == []
    with pytest.raises(TypeError, match="no layers to pop"):
        model.pop()


def test_deferred_build_on_first_data(rng):
    model = Sequential([Dense(4), Dense(2)])
    assert not model.built and model.weights == []
    x = rng.normal(size=(3, 7)).astype("float32")
    out = model(x)
    assert model.built and model.input_shape == (None, 7)  # any batch size
    assert model.layers[0].kernel.shape == (7, 4)
    np.testing.assert_allclose(out.numpy(), _chain(model.layers, x), rtol=1e-5)
    assert model(x[:1]).shape == (1, 2)


def test_build_method_builds_without_data():
    model = Sequential([Flatten(), Dense(3)])
    model.build((None, 2, 5))
    assert model.output_shape == (None, 3)
    assert model.layers[1].kernel.shape == (10, 3)
    assert model.count_params() == 10 * 3 + 3


def test_deferred_model_called_on_a_symbolic_input_is_one_node():
    block = Sequential([Dense(3), Dense(2)])
    x = Input((4,))
    y = block(x)
    assert y.shape == (None, 2) and len(block._inbound_nodes) == 1
    assert Model(x, y).layers[1] is block


def test_training_reaches_dropout_inside():
    model = Sequential([Dropout(0.5, input_shape=(1000,), seed=0)])
    x = np.ones((1, 1000), "float32")
    np.testing.assert_array_equal(model(x).numpy(), x)
    assert np.count_nonzero(model(x, training=True).numpy() == 0) > 300


def test_nested_sequential(rng):
    inner = Sequential([Dense(3, input_shape=(2,))])
    outer = Sequential([inner, Dense(1)])
    assert outer.output_shape == (None, 1)
    x = rng.normal(size=(4, 2)).astype("float32")
    expected = _chain([outer.layers[1]], _chain(inner.layers, x))
    np.testing.assert_allclose(outer(x).numpy(), expected, rtol=1e-5)


def test_add_rejects_non_layers_with_hints():
    model = Sequential()
    with pytest.raises(TypeError, match="expects a Layer instance.*received int"):
        model.add(3)
    with pytest.raises(TypeError, match="forget the parentheses"):
        model.add(Dense)
    x = Input((2,))
    with pytest.raises(TypeError, match="made by layer 'dense'"):
        model.add(Dense(2)(x))


def test_add_rejects_a_late_input_and_duplicate_names():
    model = Sequential([Dense(2, input_shape=(3,))])
    with pytest.raises(ValueError, match="only be the first element"):
        model.add(Input((3,)))
    with pytest.raises(ValueError, match="already has a layer named 'dense'"):
        model.add(Dense(2, name="dense"))


def test_failed_add_leaves_the_model_unchanged():
    model = Sequential([Dense(2, input_shape=(3,))])
    used = Dense(4)
    used(Input((5,)))  # built for 5 features
    with pytest.raises(ValueError, match="built for inputs with 5 features"):
        model.add(used)
    assert [layer.name for layer in model.layers] == ["dense"]
    assert model.output_shape == (None, 2)


def test_unbuilt_sequential_explains_how_to_build():
    model = Sequential([Dense(2)])
    with pytest.raises(AttributeError, match=r"model.build\(\(None, 5\)\)"):
        _ = model.inputs
    with pytest.raises(ValueError, match=r"build\(\) needs the input shape"):
        model.build()
    with pytest.raises(ValueError, match="no layers to build"):
        Sequential().build((None, 3))


def test_same_model_two_ways_gives_the_same_outputs(rng):
    sequential = Sequential([Dense(4, input_shape=(3,), name="a"), Dense(2, name="b")])
    x = Input((3,))
    functional = Model(x, Dense(2, name="b2")(Dense(4, name="a2")(x)))
    functional.set_weights(sequential.get_weights())
    data = rng.normal(size=(6, 3)).astype("float32")
    np.testing.assert_array_equal(functional(data).numpy(), sequential(data).numpy())
