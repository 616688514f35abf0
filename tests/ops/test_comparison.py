"""Comparisons, logical ops, any/all: bool values vs NumPy, symbolic shapes, no tape."""

import numpy as np
import pytest

from kitlib import GradientTape, Tensor, Variable, ops


@pytest.mark.parametrize(
    ("op", "reference"),
    [
        (ops.equal, np.equal),
        (ops.not_equal, np.not_equal),
        (ops.less, np.less),
        (ops.less_equal, np.less_equal),
        (ops.greater, np.greater),
        (ops.greater_equal, np.greater_equal),
        (ops.logical_and, np.logical_and),
        (ops.logical_or, np.logical_or),
    ],
)
def test_comparison_matches_numpy_and_returns_bool(op, reference):
    x = np.array([[0.0], [1.0], [2.0]])
    y = np.array([0.0, 1.0, 3.0, 2.0])
    out = op(x, y)
    assert out.dtype == "bool"
    np.testing.assert_array_equal(out.numpy(), reference(x, y))


def test_tensor_comparison_operators_call_the_ops():
    t = Tensor([1.0, 2.0, 3.0])
    assert (t < 2).numpy().tolist() == [True, False, False]
    assert (t <= 2).numpy().tolist() == [True, True, False]
    assert (t > 2).numpy().tolist() == [False, False, True]
    assert (t >= 2).numpy().tolist() == [False, True, True]
    assert (t == 2).numpy().tolist() == [False, True, False]
    assert (t != 2).numpy().tolist() == [True, False, True]


def test_logical_not_and_nonzero_counts_as_true():
    assert ops.logical_not([0.0, 2.5]).numpy().tolist() == [True, False]


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1), -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_any_all_match_numpy(axis, keepdims):
    x = np.array([[0.0, 1.0, 0.0], [0.0, 2.0, 3.0]])
    np.testing.assert_array_equal(
        ops.any(x, axis, keepdims).numpy(), np.any(x, axis=axis, keepdims=keepdims)
    )
    np.testing.assert_array_equal(
        ops.all(x, axis, keepdims).numpy(), np.all(x, axis=axis, keepdims=keepdims)
    )


def test_comparisons_record_nothing_on_the_tape():
    x = Variable([1.0, -1.0])
    with GradientTape() as tape:
        mask = x > 0
    assert tape._entries == []
    assert tape.gradient(mask, x) is None


def test_comparisons_infer_symbolic_bool_outputs(symbolic):
    x = symbolic((None, 3))
    assert (x < 0).shape == (None, 3)
    assert ops.equal(x, symbolic((4, 1))).shape == (4, 3)
    assert ops.logical_not(x).dtype == "bool"
    spec = ops.any(x > 0, axis=1, keepdims=True)
    assert (spec.shape, spec.dtype) == ((None, 1), "bool")


def test_any_reports_a_bad_axis():
    with pytest.raises(ValueError, match=r"ops.any expects axis in \[-2, 2\).*axis=2"):
        ops.any(np.ones((2, 3)), axis=2)
