"""Reductions: values vs NumPy over axis forms, tie/zero gradients, shapes, errors."""

import numpy as np
import pytest

from kitlib import GradientTape, Tensor, Variable, ops

AXES = [None, 0, -1, (0, 2), (), (2, 1, 0)]


@pytest.mark.parametrize(
    ("op", "reference"),
    [
        (ops.sum, np.sum),
        (ops.mean, np.mean),
        (ops.max, np.max),
        (ops.min, np.min),
        (ops.prod, np.prod),
        (ops.var, np.var),
        (ops.std, np.std),
    ],
)
@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduction_matches_numpy(op, reference, axis, keepdims, rng):
    x = rng.normal(size=(2, 3, 4))
    expected = reference(x, axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(op(x, axis, keepdims).numpy(), expected, rtol=1e-12)


@pytest.mark.parametrize("axis", AXES)
def test_logsumexp_matches_the_naive_formula(axis, rng):
    x = rng.normal(size=(2, 3, 4))
    expected = np.log(np.sum(np.exp(x), axis=axis))
    np.testing.assert_allclose(ops.logsumexp(x, axis).numpy(), expected, rtol=1e-12)


def test_logsumexp_is_stable_for_large_and_minus_infinite_values():
    big = ops.logsumexp(np.array([1000.0, 1000.0, -np.inf]))
    np.testing.assert_allclose(big.numpy(), 1000.0 + np.log(2.0))
    assert ops.logsumexp(np.array([-np.inf, -np.inf])).numpy() == -np.inf


def test_max_splits_the_gradient_evenly_between_ties():
    x = Variable([[1.0, 3.0, 3.0], [5.0, 2.0, 5.0]])
    with GradientTape() as tape:
        out = ops.max(x, axis=1)
    np.testing.assert_array_equal(out.numpy(), [3.0, 5.0])
    np.testing.assert_array_equal(
        tape.gradient(out, x).numpy(), [[0, 0.5, 0.5], [0.5, 0, 0.5]]
    )


def test_prod_gradient_is_exact_with_zeros():
    x = Variable([[2.0, 0.0, 3.0], [0.0, 4.0, 0.0]])
    with GradientTape() as tape:
        out = ops.prod(x, axis=1)
    np.testing.assert_array_equal(tape.gradient(out, x).numpy(), [[0, 6, 0], [0, 0, 0]])


def test_std_gradient_is_zero_for_a_constant_input():
    x = Variable([2.0, 2.0, 2.0])
    with GradientTape() as tape:
        out = ops.std(x)
    assert float(out) == 0.0
    np.testing.assert_array_equal(tape.gradient(out, x).numpy(), [0, 0, 0])


def test_mean_of_integers_is_the_default_float():
    out = ops.mean(Tensor([1, 2]))
    assert (out.dtype, float(out)) == ("float32", 1.5)


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_argmax_argmin_match_numpy_and_pick_the_first_tie(axis, keepdims):
    x = np.array([[1.0, 7.0, 7.0], [0.0, 0.0, -3.0]])
    got_max = ops.argmax(x, axis, keepdims)
    assert got_max.dtype == "int32"
    np.testing.assert_array_equal(
        got_max.numpy(), np.argmax(x, axis, keepdims=keepdims)
    )
    np.testing.assert_array_equal(
        ops.argmin(x, axis, keepdims).numpy(), np.argmin(x, axis, keepdims=keepdims)
    )


def test_reductions_infer_symbolic_shapes(symbolic):
    x = symbolic((None, 3, 4))
    assert ops.sum(x).shape == ()
    assert ops.mean(x, axis=1).shape == (None, 4)
    assert ops.max(x, axis=(1, 2), keepdims=True).shape == (None, 1, 1)
    assert ops.var(x, axis=0).shape == (3, 4)
    assert ops.argmax(x, axis=-1).shape == (None, 3)
    assert ops.argmax(x, axis=-1).dtype == "int32"
    assert ops.argmin(x, keepdims=True).shape == (1, 1, 1)
    assert ops.mean(symbolic((None, 2), "int32")).dtype == "float32"


def test_reduction_axis_error_names_shape_and_axis(symbolic):
    with pytest.raises(
        ValueError,
        match=r"ops.sum expects axis in \[-2, 2\) for an input"
        r" of shape \(2, 3\), but received axis=2",
    ):
        ops.sum(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match="an axis is repeated"):
        ops.mean(symbolic((None, 3)), axis=(1, -1))
    with pytest.raises(ValueError, match="ops.argmax expects one integer axis"):
        ops.argmax(np.ones((2, 3)), axis=(0, 1))


def test_max_of_an_empty_tensor_explains_why_it_fails():
    with pytest.raises(ValueError, match="ops.max needs at least one value"):
        ops.max(np.zeros((0, 3)))
