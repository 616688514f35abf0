"""ops.bias_activation: values, gradients, symbolic shapes, errors, and the layers using it."""

import numpy as np
import pytest

import kitlib
from kitlib import activations, layers, ops
from kitlib.autodiff import GradientTape
from kitlib.tensor import Variable


def _grads(fn, x, bias):
    xv, bv = Variable(x), Variable(bias)
    with GradientTape() as tape:
        loss = ops.sum(ops.square(fn(xv, bv)))
    return [g.numpy() for g in tape.gradient(loss, [xv, bv])]


@pytest.mark.parametrize("activation", ["linear", "relu"])
def test_equals_the_separate_ops_values_and_gradients(activation, rng):
    x = rng.standard_normal((4, 3, 5)).astype("float32")
    bias = rng.standard_normal(5).astype("float32")
    separate = activations.get(activation)

    def unfused(a, b):
        return separate(ops.add(a, b))

    def fused(a, b):
        return ops.bias_activation(a, b, activation)

    np.testing.assert_array_equal(
        fused(x, bias).numpy(), np.asarray(unfused(x, bias).numpy())
    )
    for got, want in zip(_grads(fused, x, bias), _grads(unfused, x, bias), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_symbolic_shape_and_dtype():
    out = ops.bias_activation(kitlib.Input((7, 3)), np.zeros(3, "float32"), "relu")
    assert out.shape == (None, 7, 3) and out.dtype == "float32"


def test_wrong_bias_shape_names_the_op_and_the_shapes():
    with pytest.raises(
        ValueError, match=r"ops.bias_activation expects a bias of shape \(3,\)"
    ):
        ops.bias_activation(np.ones((2, 3)), np.ones(4))


def test_unfused_activation_is_refused_with_the_alternative():
    with pytest.raises(ValueError, match=r"ops.sigmoid\(x \+ bias\)"):
        ops.bias_activation(np.ones((2, 3)), np.ones(3), "sigmoid")


def _op_names(layer, x):
    with GradientTape() as tape:
        layer(x)
    return [type(entry.op).__name__ for entry in tape._entries]


@pytest.mark.parametrize(
    ("activation", "expected"),
    [
        ("relu", ["Matmul", "BiasActivation"]),
        (None, ["Matmul", "BiasActivation"]),
        ("tanh", ["Matmul", "BiasActivation", "Tanh"]),
    ],
)
def test_dense_records_the_fused_op(activation, expected, rng):
    dense = layers.Dense(3, activation=activation)
    dense.build((None, 4))
    assert _op_names(dense, rng.standard_normal((2, 4)).astype("float32")) == expected


def test_dense_without_bias_or_with_a_custom_activation(rng):
    x = rng.standard_normal((2, 4)).astype("float32")
    no_bias = layers.Dense(3, activation="relu", use_bias=False)
    no_bias.build((None, 4))
    assert _op_names(no_bias, x) == ["Matmul", "Relu"]
    custom = layers.Dense(3, activation=lambda t: ops.relu(t) * 2.0)
    custom.build((None, 4))
    # the bias is still fused (as "linear"); the custom function runs after it
    assert _op_names(custom, x) == ["Matmul", "BiasActivation", "Relu", "Multiply"]


def test_conv2d_layer_output_equals_conv_plus_bias_then_relu(rng):
    conv = layers.Conv2D(4, 3, padding="same", activation="relu",
                         bias_initializer="random_normal")  # fmt: skip
    x = rng.standard_normal((2, 6, 5, 3)).astype("float32")
    y = conv(x).numpy()
    pre = ops.conv2d(x, conv.kernel, padding="same").numpy() + conv.bias.numpy()
    np.testing.assert_allclose(y, np.maximum(pre, 0), rtol=1e-6, atol=1e-6)
