"""Unary math ops: values vs NumPy, kinks, dtypes, cast, zeros_like, symbolic shapes."""

import numpy as np
import pytest

from kitlib import GradientTape, Tensor, Variable, ops


@pytest.mark.parametrize(
    ("op", "reference"),
    [
        (ops.negative, np.negative),
        (ops.abs, np.abs),
        (ops.sign, np.sign),
        (ops.exp, np.exp),
        (ops.square, np.square),
    ],
)
def test_unary_op_matches_numpy(op, reference, rng):
    x = rng.normal(size=(3, 4))
    np.testing.assert_allclose(op(x).numpy(), reference(x))


@pytest.mark.parametrize(
    ("op", "reference"), [(ops.log, np.log), (ops.log1p, np.log1p), (ops.sqrt, np.sqrt)]
)
def test_positive_domain_op_matches_numpy(op, reference, rng):
    x = rng.uniform(0.1, 3.0, size=(2, 5))
    np.testing.assert_allclose(op(x).numpy(), reference(x))


def test_float_math_on_integers_gives_the_default_float():
    assert ops.exp(Tensor([0, 1])).dtype == "float32"
    assert ops.sqrt(Tensor([4, 9])).numpy().tolist() == [2.0, 3.0]
    assert ops.square(Tensor([3])).dtype == "int64"


def test_abs_and_sign_gradients_at_zero():
    x = Variable([-2.0, 0.0, 3.0])
    with GradientTape(persistent=True) as tape:
        absolute = ops.abs(x)
        signs = ops.sign(x)
    np.testing.assert_array_equal(tape.gradient(absolute, x).numpy(), [-1, 0, 1])
    np.testing.assert_array_equal(tape.gradient(signs, x).numpy(), [0, 0, 0])


def test_clip_passes_gradient_inside_and_on_the_bounds_only():
    x = Variable([-2.0, -1.0, 0.5, 1.0, 3.0])
    with GradientTape() as tape:
        out = ops.clip(x, -1.0, 1.0)
    np.testing.assert_array_equal(out.numpy(), [-1, -1, 0.5, 1, 1])
    np.testing.assert_array_equal(tape.gradient(out, x).numpy(), [0, 1, 1, 1, 0])


def test_clip_rejects_swapped_bounds():
    with pytest.raises(ValueError, match="x_min <= x_max, but received x_min=1"):
        ops.clip([1.0], 1.0, 0.0)


def test_cast_float_to_float_keeps_gradient_in_the_input_dtype():
    x = Variable([1.5, 2.5])
    with GradientTape() as tape:
        out = ops.cast(x, "float64") * 2.0
    assert out.dtype == "float64"
    grad = tape.gradient(out, x)
    assert grad.dtype == "float32"
    np.testing.assert_array_equal(grad.numpy(), [2.0, 2.0])


def test_cast_to_int_truncates_and_has_no_gradient():
    x = Variable([1.7, -1.7])
    with GradientTape() as tape:
        out = ops.cast(x, "int32")
    assert out.dtype == "int32"
    assert out.numpy().tolist() == [1, -1]
    assert tape.gradient(out, x) is None


def test_zeros_like_and_ones_like_values_and_dtypes(symbolic):
    x = Tensor([[1.5, 2.0]])
    assert ops.zeros_like(x).numpy().tolist() == [[0.0, 0.0]]
    assert ops.ones_like(x, dtype="int32").dtype == "int32"
    assert ops.ones_like(x).numpy().tolist() == [[1.0, 1.0]]
    spec = ops.zeros_like(symbolic((None, 3), "float64"))
    assert (spec.shape, spec.dtype) == ((None, 3), "float64")


def test_unary_ops_keep_symbolic_shapes(symbolic):
    x = symbolic((None, 4), "int32")
    assert ops.exp(x).shape == (None, 4)
    assert ops.exp(x).dtype == "float32"
    assert ops.abs(x).dtype == "int32"
    assert ops.cast(x, "float16").dtype == "float16"
    assert (-x).shape == (None, 4)
    assert ops.clip(x, 0, 1).shape == (None, 4)
