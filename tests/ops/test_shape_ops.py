"""reshape, transpose, expand_dims, squeeze, concatenate, stack: values, shapes."""

import numpy as np
import pytest

from kitlib import ops


def test_reshape_matches_numpy_with_minus_one(rng):
    x = rng.normal(size=(2, 3, 4))
    for new_shape in [(6, 4), (-1,), (4, -1), (2, -1, 3), 24]:
        np.testing.assert_array_equal(
            ops.reshape(x, new_shape).numpy(), np.reshape(x, new_shape)
        )


def test_reshape_keeps_an_unknown_batch_dim_unknown(symbolic):
    x = symbolic((None, 2, 3))
    assert ops.reshape(x, (-1, 6)).shape == (None, 6)
    assert ops.reshape(x, (None, 3, 2)).shape == (None, 3, 2)
    assert ops.reshape(symbolic((4, 3)), (2, -1)).shape == (2, 6)


def test_reshape_error_counts_the_values():
    with pytest.raises(
        ValueError, match=r"shape \(2, 3\) \(6 values\) and new_shape \(4,\)"
    ):
        ops.reshape(np.ones((2, 3)), (4,))
    with pytest.raises(ValueError, match="at most one -1"):
        ops.reshape(np.ones(4), (-1, -1))
    with pytest.raises(ValueError, match="as many values"):
        ops.reshape(np.ones(6), (4, -1))


@pytest.mark.parametrize("axes", [None, (1, 0, 2), (2, 0, 1), (-1, 0, 1)])
def test_transpose_matches_numpy(axes, rng, symbolic):
    x = rng.normal(size=(2, 3, 4))
    out = ops.transpose(x, axes)
    np.testing.assert_array_equal(out.numpy(), np.transpose(x, axes))
    order = (2, 1, 0) if axes is None else axes
    expected = tuple((None, 3, 4)[a] for a in order)
    assert ops.transpose(symbolic((None, 3, 4)), axes).shape == expected


def test_transpose_rejects_a_non_permutation():
    with pytest.raises(ValueError, match=r"permutation of \(0, 1\).*axes=\(0, 0\)"):
        ops.transpose(np.ones((2, 3)), (0, 0))


def test_expand_dims_and_squeeze_match_numpy(rng, symbolic):
    x = rng.normal(size=(2, 3))
    assert ops.expand_dims(x, 0).shape == (1, 2, 3)
    assert ops.expand_dims(x, (0, -1)).shape == np.expand_dims(x, (0, -1)).shape
    y = rng.normal(size=(1, 3, 1))
    np.testing.assert_array_equal(ops.squeeze(y).numpy(), np.squeeze(y))
    assert ops.squeeze(y, -1).shape == (1, 3)
    assert ops.expand_dims(symbolic((None, 3)), 1).shape == (None, 1, 3)
    assert ops.squeeze(symbolic((None, 1, 3))).shape == (None, 3)
    assert ops.squeeze(symbolic((None, 1, 3)), 0).shape == (1, 3)


def test_squeeze_refuses_an_axis_that_is_not_one():
    with pytest.raises(
        ValueError, match=r"axis 1 of the input shape \(1, 3\) has size 3"
    ):
        ops.squeeze(np.ones((1, 3)), 1)


def test_concatenate_and_stack_match_numpy(rng):
    a, b = rng.normal(size=(2, 3)), rng.normal(size=(2, 1))
    np.testing.assert_array_equal(
        ops.concatenate([a, b], axis=-1).numpy(), np.concatenate([a, b], axis=-1)
    )
    np.testing.assert_array_equal(
        ops.stack([a, a], axis=1).numpy(), np.stack([a, a], 1)
    )


def test_concatenate_and_stack_symbolic_shapes(symbolic):
    a, b = symbolic((None, 3)), symbolic((None, 2))
    assert ops.concatenate([a, b], axis=1).shape == (None, 5)
    assert ops.concatenate([a, symbolic((4, 3))], axis=0).shape == (None, 3)
    assert ops.concatenate([symbolic((2, 3)), symbolic((4, None))]).shape == (6, 3)
    assert ops.stack([a, symbolic((5, 3))], axis=-1).shape == (5, 3, 2)


def test_concatenate_error_names_every_shape():
    with pytest.raises(
        ValueError,
        match=r"except along axis 1, but received shapes "
        r"\(2, 3\), \(4, 3\) \(they differ at axis 0\)",
    ):
        ops.concatenate([np.ones((2, 3)), np.ones((4, 3))], axis=1)
    with pytest.raises(ValueError, match="same number of axes"):
        ops.stack([np.ones(3), np.ones((1, 3))])
    with pytest.raises(ValueError, match="at least one tensor"):
        ops.concatenate([])


def test_expand_dims_error_counts_output_positions():
    with pytest.raises(
        ValueError, match=r"axis in \[-3, 3\) \(positions in the output"
    ):
        ops.expand_dims(np.ones((2, 3)), 3)
