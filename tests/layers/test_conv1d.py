"""Conv1D: kernel layout, values vs a direct 1D convolution (valid/same/causal), errors."""

import numpy as np
import pytest

from kitlib import Input
from kitlib.layers import Conv1D
from tests.layers.zoo_checks import check_layer_gradients, float64, same_pads


def conv1d_ref(x, kernel, bias, stride, padding, dilation):
    k = kernel.shape[0]
    span = (k - 1) * dilation + 1
    if padding == "same":
        x = np.pad(x, [(0, 0), same_pads(x.shape[1], k, stride, dilation), (0, 0)])
    elif padding == "causal":
        x = np.pad(x, [(0, 0), (span - 1, 0), (0, 0)])
    steps = (x.shape[1] - span) // stride + 1
    y = np.stack(
        [
            np.einsum("nkc,kcf->nf", x[:, t * stride + dilation * np.arange(k)], kernel)
            for t in range(steps)
        ],
        axis=1,
    )
    return y + bias


def test_conv1d_kernel_shape_and_param_count():
    conv = Conv1D(5, 3)
    conv(np.zeros((2, 10, 4), "float32"))
    assert [w.shape for w in conv.weights] == [(3, 4, 5), (5,)]
    assert conv.count_params() == 3 * 4 * 5 + 5


@pytest.mark.parametrize(
    ("kwargs", "steps"),
    [
        ({"kernel_size": 3}, 7),
        ({"kernel_size": 4, "padding": "same"}, 9),
        ({"kernel_size": 3, "strides": 2}, 4),
        ({"kernel_size": 3, "padding": "causal", "dilation_rate": 2}, 9),
        ({"kernel_size": 2, "padding": "causal", "strides": 2}, 5),
    ],
)
def test_conv1d_matches_direct_convolution(rng, kwargs, steps):
    conv = float64(Conv1D, 3, bias_initializer="random_normal", **kwargs)
    x = rng.normal(size=(2, 9, 2))
    y = conv(x).numpy()
    expected = conv1d_ref(
        x, conv.kernel.numpy(), conv.bias.numpy(), conv.strides, conv.padding,
        conv.dilation_rate,
    )  # fmt: skip
    assert y.shape == (2, steps, 3) == conv.compute_output_shape(x.shape)
    np.testing.assert_allclose(y, expected, rtol=1e-10, atol=1e-12)


def test_conv1d_causal_output_ignores_future_steps(rng):
    conv = float64(Conv1D, 2, 3, padding="causal")
    x = rng.normal(size=(1, 6, 2))
    changed = x.copy()
    changed[:, 4:] += 10.0
    np.testing.assert_allclose(conv(x).numpy()[:, :4], conv(changed).numpy()[:, :4])


@pytest.mark.parametrize("padding", ["valid", "causal"])
def test_conv1d_gradients(rng, padding):
    conv = float64(Conv1D, 2, 3, padding=padding, bias_initializer="random_normal")
    check_layer_gradients(conv, rng.normal(size=(2, 6, 3)))


def test_conv1d_symbolic_shape():
    assert Conv1D(8, 5, padding="same")(Input(shape=(20, 3))).shape == (None, 20, 8)


def test_conv1d_raises_when_kernel_longer_than_valid_input():
    with pytest.raises(ValueError, match=r"'conv1d' \(Conv1D\).*padding='same'"):
        Conv1D(2, 5)(np.zeros((1, 3, 2), "float32"))


def test_conv1d_rejects_bad_arguments():
    with pytest.raises(ValueError, match="filters to be a positive integer"):
        Conv1D(0, 3)
    with pytest.raises(ValueError, match="'causal'"):
        Conv1D(2, 3, padding="full")
    with pytest.raises(ValueError, match=r"conv1d.*3 axes"):
        Conv1D(2, 3)(np.zeros((2, 5), "float32"))
