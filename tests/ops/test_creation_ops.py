"""Constant makers: float32 by default, never recorded on a tape."""

import numpy as np

from kitlib import GradientTape, Variable, ops


def test_zeros_ones_full_eye_default_to_float32_with_numpy_values():
    assert ops.zeros((2, 3)).dtype == "float32"
    np.testing.assert_array_equal(ops.ones((2,)).numpy(), [1.0, 1.0])
    np.testing.assert_array_equal(ops.full((2,), 7, dtype="int32").numpy(), [7, 7])
    np.testing.assert_array_equal(ops.eye(2).numpy(), np.eye(2, dtype="float32"))


def test_arange_is_int32_for_ints_like_keras():
    assert ops.arange(4).dtype == "int32"
    assert ops.arange(0.0, 1.0, 0.5).dtype == "float32"


def test_constants_have_no_gradient_path():
    w = Variable([2.0])
    with GradientTape() as tape:
        y = ops.sum(ops.ones((1,)) * w + ops.zeros((1,)))
    np.testing.assert_array_equal(tape.gradient(y, w).numpy(), [1.0])
