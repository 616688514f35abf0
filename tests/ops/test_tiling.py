"""tile, broadcast_to, pad: values vs NumPy, gradients sum copies, shapes, errors."""

import numpy as np
import pytest

from kitlib import GradientTape, Variable, ops


@pytest.mark.parametrize("repeats", [2, (2, 3), (3, 1, 2), (1,)])
def test_tile_matches_numpy(repeats, rng, symbolic):
    x = rng.normal(size=(2, 3))
    out = ops.tile(x, repeats)
    np.testing.assert_array_equal(out.numpy(), np.tile(x, repeats))
    expected = tuple(None if i == out.ndim - 2 else d for i, d in enumerate(out.shape))
    assert ops.tile(symbolic((None, 3)), repeats).shape == expected


def test_tile_gradient_counts_each_copy():
    x = Variable([[1.0, 2.0]])
    with GradientTape() as tape:
        out = ops.tile(x, (3, 2))
    np.testing.assert_array_equal(tape.gradient(out, x).numpy(), [[6.0, 6.0]])


def test_broadcast_to_matches_numpy_and_returns_a_writable_copy(symbolic):
    out = ops.broadcast_to([1.0, 2.0, 3.0], (2, 3))
    np.testing.assert_array_equal(out.numpy(), np.broadcast_to([1, 2, 3], (2, 3)))
    assert out.numpy().flags.writeable
    assert ops.broadcast_to(symbolic((None, 1)), (4, 5)).shape == (4, 5)


def test_broadcast_to_error_names_both_shapes():
    with pytest.raises(
        ValueError, match=r"broadcasts to \(3, 4\), but received shape \(2, 4\)"
    ):
        ops.broadcast_to(np.ones((2, 4)), (3, 4))
    with pytest.raises(ValueError, match=r"received shape \(2, 1, 4\)"):
        ops.broadcast_to(np.ones((2, 1, 4)), (3, 4))


@pytest.mark.parametrize("pad_width", [1, (1, 2), ((0, 1), (2, 0))])
def test_pad_matches_numpy(pad_width, rng, symbolic):
    x = rng.normal(size=(2, 3))
    out = ops.pad(x, pad_width, constant_values=-1.0)
    np.testing.assert_array_equal(
        out.numpy(), np.pad(x, pad_width, constant_values=-1.0)
    )
    spec = ops.pad(symbolic((None, 3)), pad_width)
    assert spec.shape == (None, out.shape[1])


def test_pad_rejects_negative_widths_and_other_modes():
    with pytest.raises(ValueError, match="non-negative ints"):
        ops.pad(np.ones(3), -1)
    with pytest.raises(ValueError, match=r"one \(before, after\) pair per axis"):
        ops.pad(np.ones((2, 2)), ((1, 1), (1, 1), (1, 1)))
    with pytest.raises(ValueError, match="mode='constant' only"):
        ops.pad(np.ones(3), 1, mode="reflect")
