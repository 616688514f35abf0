"""get_item, take, repeat: NumPy semantics, scatter-add gradients, shapes, errors."""

import itertools

import numpy as np
import pytest

from kitlib import GradientTape, Tensor, Variable, ops
from kitlib.ops._indexing_rules import index_shape, normalize_key

MASK = np.array([True, False, True])
KEYS = [
    1,
    -1,
    (slice(None), 2),
    (Ellipsis, 0),
    (None, slice(1, None)),
    (slice(None, None, -1), None, Ellipsis),
    [0, 0, 2],
    (slice(None), [1, 1]),
    ([0, 1], slice(None), [2, 2]),  # separated arrays go first
    (0, slice(None), [1, 3]),  # an int next to an array joins it
    (MASK,),
    (MASK, Ellipsis, [0, 1]),
    (np.array([[0], [1]]), 0, np.array([1, 2, 3])),
]


@pytest.mark.parametrize("key", KEYS, ids=[str(i) for i in range(len(KEYS))])
def test_get_item_matches_numpy_values_and_shape_rule(key, rng):
    x = rng.normal(size=(3, 4, 5))
    out = Tensor(x)[key]
    np.testing.assert_array_equal(out.numpy(), x[key])
    assert index_shape(x.shape, normalize_key(key)) == x[key].shape


def test_shape_rule_agrees_with_numpy_on_all_small_keys():
    x = np.zeros((2, 3, 4))
    atoms = [0, -1, slice(1, None), None, Ellipsis, np.array([1, 0]), [[1], [0]]]
    for size in range(1, 4):
        for key in itertools.product(atoms, repeat=size):
            try:
                expected = x[key].shape
            except IndexError:
                with pytest.raises(IndexError):
                    index_shape(x.shape, normalize_key(key))
                continue
            assert index_shape(x.shape, normalize_key(key)) == expected, key


def test_get_item_symbolic_shapes_keep_unknown_dims(symbolic):
    x = symbolic((None, 4, 5))
    assert x[:, 0].shape == (None, 5)
    assert x[0].shape == (4, 5)
    assert x[1:, ::2].shape == (None, 2, 5)
    assert x[..., None].shape == (None, 4, 5, 1)
    assert x[:, [0, 0, 1]].shape == (None, 3, 5)
    assert x[[0, 1], :, [2, 2]].shape == (2, 4)
    assert x[:, np.array([True, False, True, True])].shape == (None, 3, 5)


def test_get_item_gradient_adds_up_repeated_indices():
    x = Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with GradientTape() as tape:
        out = x[[0, 2, 0], 1]
    np.testing.assert_array_equal(out.numpy(), [2.0, 6.0, 2.0])
    np.testing.assert_array_equal(
        tape.gradient(out, x).numpy(), [[0, 2], [0, 0], [0, 1]]
    )


def test_get_item_errors_are_kitlib_worded(symbolic):
    with pytest.raises(IndexError, match=r"indices in \[-3, 3\) for axis 0 .* index 3"):
        Tensor(np.ones((3, 2)))[3]
    with pytest.raises(IndexError, match="the key indexes 3 axes"):
        Tensor(np.ones((3, 2)))[0, 0, 0]
    with pytest.raises(TypeError, match="Indices must be whole numbers"):
        Tensor(np.ones(3))[np.array([0.0, 1.0])]
    with pytest.raises(IndexError, match="boolean mask shaped like"):
        symbolic((None, 3))[:, np.array([True, False])]


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_take_matches_numpy(axis, rng):
    x = rng.normal(size=(3, 4))
    indices = np.array([[2, -1], [0, 0]])
    np.testing.assert_array_equal(
        ops.take(x, indices, axis).numpy(), np.take(x, indices, axis)
    )


def test_take_gradient_scatters_and_indices_get_none():
    x = Variable([10.0, 20.0, 30.0])
    indices = Tensor([2, 2, 0])
    with GradientTape() as tape:
        tape.watch(indices)
        out = ops.take(x, indices)
    grad_x, grad_i = tape.gradient(out, [x, indices])
    np.testing.assert_array_equal(grad_x.numpy(), [1.0, 0.0, 2.0])
    assert grad_i is None


def test_take_shapes_and_errors(symbolic):
    assert ops.take(symbolic((None, 6)), np.zeros((2, 3), int), axis=1).shape == (
        None,
        2,
        3,
    )
    assert ops.take(symbolic((5, 6)), symbolic((None,), "int32"), axis=0).shape == (
        None,
        6,
    )
    with pytest.raises(IndexError, match=r"ops.take expects indices in \[-3, 3\)"):
        ops.take(np.ones(3), [3])
    with pytest.raises(TypeError, match="integer indices"):
        ops.take(np.ones(3), Tensor([0.0]))


@pytest.mark.parametrize(
    ("repeats", "axis"), [(2, None), (2, 1), ([1, 0, 3], 1), (3, 0)]
)
def test_repeat_matches_numpy(repeats, axis, rng):
    x = rng.normal(size=(2, 3))
    np.testing.assert_array_equal(
        ops.repeat(x, repeats, axis).numpy(), np.repeat(x, repeats, axis)
    )


def test_repeat_symbolic_shapes_and_error(symbolic):
    assert ops.repeat(symbolic((None, 3)), 2, axis=1).shape == (None, 6)
    assert ops.repeat(symbolic((None, 3)), [1, 2, 0], axis=1).shape == (None, 3)
    assert ops.repeat(symbolic((None, 3)), 2).shape == (None,)
    with pytest.raises(ValueError, match="one repeat count per element"):
        ops.repeat(np.ones((2, 3)), [1, 2], axis=1)
