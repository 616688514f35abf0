"""Embedding kernels: gather rows, and scatter-add gradients (repeats accumulate)."""

import numpy as np
import pytest

from kitlib.kernels import embedding as K


@pytest.mark.nojit
def test_embedding_gather_and_scatter_add_with_repeated_indices():
    table = np.arange(8, dtype=np.float32).reshape(4, 2)
    indices = np.array([3, 0, 3])
    assert K.embedding_forward(table, indices).tolist() == [[6, 7], [0, 1], [6, 7]]
    grad = np.array([[1, 1], [2, 2], [10, 10]], np.float32)
    dtable = K.embedding_backward(grad, indices, 4)
    assert dtable.tolist() == [[2, 2], [0, 0], [0, 0], [11, 11]]


def test_embedding_kernels_match_numpy(rng, f32):
    table, indices = f32(9, 5), rng.integers(0, 9, 40)
    np.testing.assert_array_equal(K.embedding_forward(table, indices), table[indices])
    grad = f32(40, 5)
    expected = np.zeros((9, 5), np.float32)
    np.add.at(expected, indices, grad)
    np.testing.assert_allclose(
        K.embedding_backward(grad, indices, 9), expected, 1e-5, 1e-6
    )
