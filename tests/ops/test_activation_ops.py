"""Activation ops: values vs NumPy, dtypes, axes, symbolic shapes and errors."""

import numpy as np
import pytest

from kitlib import GradientTape, Tensor, Variable, ops


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


X = np.array([[-3.0, -0.5, 0.0], [0.25, 2.0, 40.0]], np.float32)

REFERENCES = {
    "relu": (ops.relu, lambda x: np.maximum(x, 0)),
    "leaky_relu": (ops.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x)),
    "elu": (ops.elu, lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0)))),
    "sigmoid": (ops.sigmoid, lambda x: 1 / (1 + np.exp(-x))),
    "tanh": (ops.tanh, np.tanh),
    "softmax": (ops.softmax, _softmax),
    "log_softmax": (ops.log_softmax, lambda x: np.log(_softmax(x))),
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_activation_op_matches_numpy_and_keeps_float32(name):
    op, reference = REFERENCES[name]
    out = op(Tensor(X))
    assert out.dtype == "float32" and out.shape == X.shape
    np.testing.assert_allclose(out.numpy(), reference(X.astype(float)), 1e-5, 1e-6)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_activation_op_keeps_float64_and_accepts_variables(name):
    op, reference = REFERENCES[name]
    out = op(Variable(X.astype(np.float64), dtype="float64"))
    assert out.dtype == "float64"
    np.testing.assert_allclose(out.numpy(), reference(X.astype(float)), 1e-12, 1e-12)


def test_activation_op_on_integers_computes_in_float32():
    out = ops.relu(np.array([-2, 3]))
    assert out.dtype == "float32" and out.numpy().tolist() == [0.0, 3.0]


def test_leaky_relu_default_slope_is_keras_0_2_and_alpha_is_an_alias():
    x = np.array([-10.0, 1.0])
    assert ops.leaky_relu(x).numpy().tolist() == [-2.0, 1.0]
    assert ops.leaky_relu(x, negative_slope=0.5).numpy().tolist() == [-5.0, 1.0]
    assert ops.leaky_relu(x, alpha=0.1).numpy().tolist() == [-1.0, 1.0]


@pytest.mark.parametrize("axis", [0, 1, -2])
def test_softmax_and_log_softmax_along_any_axis(axis, rng):
    x = rng.standard_normal((2, 3, 4))
    np.testing.assert_allclose(ops.softmax(x, axis=axis).numpy(), _softmax(x, axis))
    np.testing.assert_allclose(
        ops.log_softmax(x, axis=axis).numpy(), np.log(_softmax(x, axis)), atol=1e-12
    )


def test_sigmoid_and_softmax_stay_finite_on_extreme_inputs():
    assert ops.sigmoid([-1e4, 1e4]).numpy().tolist() == [0.0, 1.0]
    y = ops.log_softmax([[1e4, 0.0]]).numpy()
    assert np.all(np.isfinite(y)) and y[0, 0] == 0.0


def test_relu_gradient_on_a_tape_is_the_positive_mask():
    x = Variable([-1.0, 2.0, 0.0, 3.0])
    with GradientTape() as tape:
        y = ops.relu(x)
    assert tape.gradient(y, x).numpy().tolist() == [0.0, 1.0, 0.0, 1.0]


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_activation_op_on_symbolic_input_keeps_shape(name, symbolic):
    op, _ = REFERENCES[name]
    out = op(symbolic((None, 5)))
    assert out.shape == (None, 5) and out.dtype == "float32"
    assert out._keras_history is not None


def test_softmax_raises_for_a_bad_axis_or_a_scalar(symbolic):
    with pytest.raises(
        ValueError, match=r"ops.softmax expects an int axis in \[-2, 2\)"
    ):
        ops.softmax(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match="ops.log_softmax expects an int axis"):
        ops.log_softmax(symbolic((None, 3)), axis=5)
    with pytest.raises(ValueError, match="at least 1 axis, but received a scalar"):
        ops.softmax(3.0)
