"""matmul: values vs np.matmul for every rank combination, symbolic shapes, errors."""

import numpy as np
import pytest

from kitlib import Tensor, ops

SHAPES = [
    ((2, 3), (3, 4)),
    ((3,), (3, 4)),
    ((2, 3), (3,)),
    ((3,), (3,)),
    ((5, 2, 3), (3, 4)),
    ((3,), (5, 3, 4)),
    ((2, 1, 2, 3), (4, 3, 2)),
]


@pytest.mark.parametrize(("x_shape", "y_shape"), SHAPES)
def test_matmul_matches_numpy(x_shape, y_shape, rng):
    x, y = rng.normal(size=x_shape), rng.normal(size=y_shape)
    np.testing.assert_allclose(ops.matmul(x, y).numpy(), np.matmul(x, y), rtol=1e-12)


@pytest.mark.parametrize(("x_shape", "y_shape"), SHAPES)
def test_matmul_shape_rule_agrees_with_eager(x_shape, y_shape, symbolic, rng):
    eager = ops.matmul(rng.normal(size=x_shape), rng.normal(size=y_shape))
    assert ops.matmul(symbolic(x_shape), symbolic(y_shape)).shape == eager.shape


def test_matmul_operator_on_tensors():
    x = Tensor([[1.0, 2.0], [3.0, 4.0]])
    assert (x @ x).numpy().tolist() == [[7.0, 10.0], [15.0, 22.0]]
    assert (np.eye(2) @ x).numpy().tolist() == x.numpy().tolist()


def test_matmul_keeps_unknown_dims(symbolic):
    assert ops.matmul(symbolic((None, 3)), symbolic((3, 4))).shape == (None, 4)
    assert ops.matmul(symbolic((None, 2, 3)), symbolic((3,))).shape == (None, 2)
    assert ops.matmul(symbolic((None, 5)), symbolic((None, 2))).shape == (None, 2)
    assert ops.matmul(symbolic((1, 2, 3)), symbolic((None, 3, 2))).shape == (None, 2, 2)


def test_matmul_inner_dim_error_names_both_shapes(symbolic):
    pattern = r"x of shape \(2, 3\) and y of shape \(4, 5\) \(3 != 4\)"
    with pytest.raises(ValueError, match=pattern):
        ops.matmul(np.ones((2, 3)), np.ones((4, 5)))
    with pytest.raises(
        ValueError, match=r"x of shape \(None, 3\) and y of shape \(4, 5\)"
    ):
        ops.matmul(symbolic((None, 3)), symbolic((4, 5)))


def test_matmul_rejects_scalars_and_unbroadcastable_batches():
    with pytest.raises(ValueError, match=r"use \* \(ops.multiply\)"):
        ops.matmul(2.0, np.ones(3))
    with pytest.raises(ValueError, match="batch axes"):
        ops.matmul(np.ones((2, 2, 3)), np.ones((3, 3, 1)))
