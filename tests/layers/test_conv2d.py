"""Conv2D / Convolution2D: weights, values vs a direct convolution, gradients, errors."""

import numpy as np
import pytest

from kitlib import Input, Model
from kitlib.layers import Conv2D, Convolution2D
from tests.layers.zoo_checks import check_layer_gradients, conv2d_ref, float64


def test_conv2d_weights_have_keras_layout_and_defaults():
    conv = Conv2D(8, (3, 2))
    conv(np.zeros((1, 5, 5, 3), "float32"))
    kernel, bias = conv.weights
    assert kernel.name == "kernel" and kernel.shape == (3, 2, 3, 8)
    assert bias.name == "bias" and bias.shape == (8,)
    assert np.all(bias.numpy() == 0)
    limit = np.sqrt(6 / (3 * 2 * 3 + 3 * 2 * 8))  # glorot_uniform with conv fans
    assert np.abs(kernel.numpy()).max() <= limit
    assert conv.count_params() == 3 * 2 * 3 * 8 + 8


def test_convolution2d_is_the_keras2_alias():
    assert Convolution2D is Conv2D


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kernel_size": 3},
        {"kernel_size": (2, 3), "padding": "same"},
        {"kernel_size": 3, "strides": 2, "padding": "same"},
        {"kernel_size": (2, 2), "strides": (2, 1)},
        {"kernel_size": 2, "dilation_rate": 2, "padding": "same"},
    ],
)
def test_conv2d_matches_direct_convolution(rng, kwargs):
    conv = float64(Conv2D, 4, bias_initializer="random_normal", **kwargs)
    x = rng.normal(size=(2, 7, 6, 3))
    y = conv(x).numpy()
    kernel, bias = (w.numpy() for w in conv.weights)
    expected = conv2d_ref(
        x, kernel, bias, conv.strides, conv.padding, conv.dilation_rate
    )
    np.testing.assert_allclose(y, expected, rtol=1e-10, atol=1e-12)
    assert y.shape == conv.compute_output_shape(x.shape)


def test_conv2d_applies_activation_after_bias(rng):
    conv = float64(Conv2D, 2, 3, activation="relu", bias_initializer="random_normal")
    x = rng.normal(size=(1, 4, 4, 1))
    y = conv(x).numpy()
    expected = np.maximum(conv2d_ref(x, conv.kernel.numpy(), conv.bias.numpy()), 0)
    np.testing.assert_allclose(y, expected, atol=1e-12)


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv2d_gradients_wrt_input_kernel_and_bias(rng, padding):
    conv = float64(Conv2D, 3, (3, 2), strides=(2, 1), padding=padding,
                   bias_initializer="random_normal")  # fmt: skip
    check_layer_gradients(conv, rng.normal(size=(2, 5, 4, 2)))


def test_conv2d_symbolic_shape_and_functional_model():
    inputs = Input(shape=(28, 28, 1))
    outputs = Conv2D(16, 5, strides=2)(inputs)
    assert outputs.shape == (None, 12, 12, 16)
    model = Model(inputs, outputs)
    assert model(np.zeros((3, 28, 28, 1), "float32")).shape == (3, 12, 12, 16)


def test_conv2d_kernel_regularizer_adds_to_losses():
    conv = float64(Conv2D, 2, 2, kernel_regularizer="l2")
    conv(np.ones((1, 3, 3, 1)))
    expected = 0.01 * np.sum(conv.kernel.numpy() ** 2)
    assert len(conv.losses) == 1
    np.testing.assert_allclose(float(conv.losses[0]), expected)


def test_conv2d_config_round_trip():
    conv = Conv2D(4, 3, strides=2, padding="same", activation="relu", name="c")
    clone = Conv2D.from_config(conv.get_config())
    assert clone.get_config() == conv.get_config()


def test_conv2d_raises_when_kernel_larger_than_valid_input():
    with pytest.raises(ValueError, match=r"'conv2d' \(Conv2D\).*padding='same'"):
        Conv2D(2, 5)(np.zeros((1, 4, 4, 1), "float32"))


def test_conv2d_raises_on_symbolic_input_smaller_than_kernel():
    with pytest.raises(ValueError, match="Conv2D.*window"):
        Conv2D(2, 5)(Input(shape=(3, 8, 1)))


def test_conv2d_raises_on_wrong_rank():
    with pytest.raises(
        ValueError, match=r"'conv2d' \(Conv2D\) expects a tensor with 4 axes"
    ):
        Conv2D(2, 3)(np.zeros((4, 28, 28), "float32"))


@pytest.mark.parametrize("filters", [0, -3, 2.5, None])
def test_conv2d_raises_on_non_positive_filters(filters):
    with pytest.raises(ValueError, match="Conv2D expects filters to be a positive"):
        Conv2D(filters, 3)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"kernel_size": 0}, "kernel_size"),
        ({"kernel_size": (3, 3, 3)}, "kernel_size"),
        ({"kernel_size": 3, "strides": -1}, "strides"),
        ({"kernel_size": 3, "padding": "full"}, "padding"),
        ({"kernel_size": 3, "data_format": "channels_first"}, "channels_last"),
        ({"kernel_size": 3, "strides": 2, "dilation_rate": 2}, "dilation_rate"),
    ],
)
def test_conv2d_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Conv2D(4, **kwargs)


def test_conv2d_raises_when_channels_change_after_build():
    conv = Conv2D(2, 3)
    conv(np.zeros((1, 5, 5, 3), "float32"))
    with pytest.raises(ValueError, match="3 features"):
        conv(np.zeros((1, 5, 5, 4), "float32"))
