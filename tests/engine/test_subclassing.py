"""Subclassed layers and models: attribute tracking, variables, freezing, seed 003."""

import numpy as np
import pytest

from kitlib import GradientTape, Input, Layer, Model, Variable, ops
from kitlib.layers import Dense
from kitlib.optimizers import SGD


class Linear(Model):
    """Seed 003's linear-regression model."""

    def __init__(self):
        super().__init__()
        self.dense = Dense(
            units=1,
            activation=None,
            kernel_initializer="zeros",
            bias_initializer="zeros",
        )

    def call(self, input):  # noqa: A002 - the seed's argument name
        return self.dense(input)


def test_seed003_linear_model_trains_like_numpy_gradient_descent():
    X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "float32")
    y = np.array([[10.0], [20.0]], "float32")
    model = Linear()
    optimizer = SGD(learning_rate=0.01)
    for _ in range(100):
        with GradientTape() as tape:
            y_pred = model(X)
            loss = 0.5 * ops.mean(ops.square(y_pred - y))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(zip(grads, model.variables, strict=True))
    # The same loop by hand: d(0.5 * mean(e**2))/d(y_pred) = e / 2.
    w, b = np.zeros((3, 1)), np.zeros(1)
    for _ in range(100):
        error = (X @ w + b - y) / 2.0
        w, b = w - 0.01 * X.T @ error, b - 0.01 * error.sum(axis=0)
    kernel, bias = model.variables
    np.testing.assert_allclose(kernel.numpy(), w, rtol=1e-4)
    np.testing.assert_allclose(bias.numpy(), b, rtol=1e-4)


class Blocks(Model):
    def __init__(self):
        super().__init__()
        self.stem = Dense(4, name="stem")
        self.blocks = [Dense(4, name="block_a"), Dense(4, name="block_b")]
        self.heads = {"score": Dense(1, name="score"), "aux": Dense(2, name="aux")}
        self.scale = Variable(2.0, name="scale")
        self.frozen_offset = Variable(0.5, name="offset", trainable=False)

    def call(self, inputs):
        x = self.stem(inputs)
        for block in self.blocks:
            x = block(x)
        return self.heads["score"](x) * self.scale + self.frozen_offset


def test_sub_layers_in_attributes_lists_and_dicts_are_tracked():
    model = Blocks()
    assert [layer.name for layer in model.layers] == [
        "stem", "block_a", "block_b", "score", "aux"
    ]  # fmt: skip
    model(np.ones((2, 3)))
    names = [v.name for v in model.trainable_variables]
    assert names == ["scale"] + ["kernel", "bias"] * 4  # stem, 2 blocks, score
    assert [v.name for v in model.non_trainable_variables] == ["offset"]
    assert len(model.variables) == 10
    assert model.heads["aux"].built is False  # never called: no weights yet


def test_subclassed_model_computes_with_its_tracked_layers(rng):
    model = Blocks()
    x = rng.normal(size=(2, 3)).astype("float32")
    out = model(x).numpy()
    h = x
    for layer in [model.stem, *model.blocks, model.heads["score"]]:
        kernel, bias = layer.get_weights()
        h = h @ kernel + bias
    np.testing.assert_allclose(out, h * 2.0 + 0.5, rtol=1e-5)


def test_layers_appended_later_and_replaced_are_seen():
    model = Blocks()
    model.blocks.append(Dense(4, name="block_c"))
    model.stem = Dense(4, name="new_stem")
    assert [layer.name for layer in model.layers][:4] == [
        "new_stem", "block_a", "block_b", "block_c"
    ]  # fmt: skip


def test_build_traces_call_and_creates_every_weight():
    model = Blocks()
    model.build((None, 3))
    assert model.built and model.stem.kernel.shape == (3, 4)
    assert model.heads["score"].kernel.shape == (4, 1)
    assert model.stem._inbound_nodes == []  # tracing records no graph nodes


def test_freezing_a_sub_layer_and_the_whole_model():
    model = Blocks()
    model(np.ones((1, 3)))
    model.blocks[0].trainable = False
    assert len(model.trainable_variables) == 7
    assert {v.name for v in model.non_trainable_variables} == {
        "offset",
        "kernel",
        "bias",
    }
    model.trainable = False
    assert model.trainable_variables == []
    assert all(not layer.trainable for layer in model.layers)


def test_subclassed_layer_with_variables_in_a_dict():
    class Affine(Layer):
        def build(self, input_shape):
            self.params = {
                "w": self.add_weight(
                    name="w", shape=(input_shape[-1],), initializer="ones"
                ),
                "b": self.add_weight(name="b", shape=(), initializer="zeros"),
            }

        def call(self, inputs):
            return inputs * self.params["w"] + self.params["b"]

    layer = Affine()
    np.testing.assert_array_equal(layer(np.full((1, 2), 3.0)).numpy(), [[3.0, 3.0]])
    assert [w.name for w in layer.weights] == ["w", "b"]


def test_subclassed_model_on_symbolic_input_is_one_node():
    model = Blocks()
    x = Input((3,))
    y = model(x)
    assert y.shape == (None, 1)
    assert len(model._inbound_nodes) == 1 and model.stem._inbound_nodes == []
    outer = Model(x, y)
    np.testing.assert_allclose(
        outer(np.ones((1, 3))).numpy(), model(np.ones((1, 3))).numpy(), rtol=1e-6
    )


def test_subclassed_model_has_no_fixed_inputs():
    with pytest.raises(AttributeError, match="not a functional model"):
        _ = Blocks().inputs
