"""Activation kernels vs plain NumPy: values, gradients, and extreme inputs."""

import numpy as np
import pytest

from kitlib.kernels import activations as K


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # an overflow-free identity


# name -> (forward(x, *args), backward(saved, grad, *args), saved is "x" or "y",
#          NumPy reference, extra args)
ELEMENTWISE = {
    "relu": (K.relu_forward, K.relu_backward, "x", lambda x: np.maximum(x, 0), ()),
    "leaky_relu": (
        K.leaky_relu_forward,
        K.leaky_relu_backward,
        "x",
        lambda x: np.where(x > 0, x, 0.2 * x),
        (0.2,),
    ),
    "elu": (
        K.elu_forward,
        K.elu_backward,
        "y",
        lambda x: np.where(x > 0, x, 1.5 * (np.exp(np.minimum(x, 0)) - 1)),
        (1.5,),
    ),
    "sigmoid": (K.sigmoid_forward, K.sigmoid_backward, "y", _sigmoid, ()),
    "tanh": (K.tanh_forward, K.tanh_backward, "y", np.tanh, ()),
}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_kernel_forward_matches_numpy(name, f32):
    forward, _, _, reference, args = ELEMENTWISE[name]
    x = f32(37) * 3
    np.testing.assert_allclose(
        forward(x, *args), reference(x.astype(float)), 1e-6, 1e-6
    )


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_kernel_backward_matches_finite_differences(name, f32, numeric_vjp):
    forward, backward, saved, reference, args = ELEMENTWISE[name]
    x, grad = f32(13) * 2, f32(13)
    y = forward(x, *args)
    dx = backward(x if saved == "x" else y, grad, *args)
    (expected,) = numeric_vjp(reference, [x], grad)
    np.testing.assert_allclose(dx, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.nojit
def test_relu_kernels_on_hand_values():
    x = np.array([-2.0, 0.0, 3.0], np.float32)
    assert K.relu_forward(x).tolist() == [0.0, 0.0, 3.0]
    # NOTE: the gradient at exactly 0 is taken as 0, as TensorFlow does.
    assert K.relu_backward(x, np.ones(3, np.float32)).tolist() == [0.0, 0.0, 1.0]
    assert K.leaky_relu_forward(x, 0.5).tolist() == [-1.0, 0.0, 3.0]


@pytest.mark.nojit
def test_sigmoid_forward_is_stable_for_huge_inputs():
    x = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0], np.float32)
    y = K.sigmoid_forward(x)
    assert np.all(np.isfinite(y))
    assert y[0] == 0.0 and y[2] == 0.5 and y[4] == 1.0
    np.testing.assert_allclose(y[1], np.exp(-30.0), rtol=1e-5)


def test_elu_forward_keeps_precision_for_tiny_negative_inputs():
    x = np.array([-1e-7], np.float32)
    np.testing.assert_allclose(K.elu_forward(x, 1.0), [-1e-7], rtol=1e-5)


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _log_softmax(x):
    shifted = x - x.max(-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))


@pytest.mark.parametrize(
    ("forward", "backward", "reference"),
    [
        (K.softmax_forward, K.softmax_backward, _softmax),
        (K.log_softmax_forward, K.log_softmax_backward, _log_softmax),
    ],
    ids=["softmax", "log_softmax"],
)
def test_row_kernels_match_numpy_forward_and_backward(
    forward, backward, reference, f32, numeric_vjp
):
    x, grad = f32(3, 5) * 3, f32(3, 5)
    y = forward(x)
    np.testing.assert_allclose(y, reference(x.astype(float)), rtol=1e-5, atol=1e-6)
    (expected,) = numeric_vjp(reference, [x], grad)
    np.testing.assert_allclose(backward(y, grad), expected, rtol=1e-4, atol=1e-5)


def test_softmax_rows_sum_to_one_even_for_huge_logits():
    x = np.array([[1000.0, 0.0, -1000.0], [5.0, 5.0, 5.0]], np.float32)
    y = K.softmax_forward(x)
    np.testing.assert_allclose(y, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], atol=1e-7)
    log_y = K.log_softmax_forward(x)
    assert np.all(np.isfinite(log_y))
    np.testing.assert_allclose(log_y[0], [0.0, -1000.0, -2000.0])


@pytest.mark.nojit
def test_softmax_kernels_on_a_single_row():
    x = np.array([[0.0, np.log(3.0)]], np.float32)
    np.testing.assert_allclose(K.softmax_forward(x), [[0.25, 0.75]], rtol=1e-6)
    grad = np.array([[1.0, 0.0]], np.float32)
    # d softmax_0 / dx = p0 * (1 - p0), -p0 * p1
    np.testing.assert_allclose(
        K.softmax_backward(K.softmax_forward(x), grad), [[0.1875, -0.1875]], rtol=1e-6
    )
