"""UpSampling2D: nearest-neighbour repeats, shapes, gradient sums copies, errors."""

import numpy as np
import pytest

from kitlib import Input
from kitlib.layers import UpSampling2D
from tests.layers.zoo_checks import check_layer_gradients


def test_upsampling2d_repeats_rows_and_columns(rng):
    x = rng.normal(size=(2, 3, 4, 2))
    y = UpSampling2D((2, 3))(x).numpy()
    expected = x.repeat(2, axis=1).repeat(3, axis=2)
    assert y.shape == (2, 6, 12, 2)
    np.testing.assert_array_equal(y, expected.astype("float32"))


def test_upsampling2d_gradient_sums_the_copies(rng):
    check_layer_gradients(
        UpSampling2D(2, dtype="float64"), rng.normal(size=(1, 2, 3, 2))
    )


def test_upsampling2d_symbolic_shape():
    assert UpSampling2D(2)(Input(shape=(7, 5, 3))).shape == (None, 14, 10, 3)
    assert UpSampling2D(2).compute_output_shape((None, None, 5, 3)) == (
        None,
        None,
        10,
        3,
    )


def test_upsampling2d_rejects_bad_arguments():
    with pytest.raises(ValueError, match="size"):
        UpSampling2D(0)
    with pytest.raises(ValueError, match="interpolation='nearest'"):
        UpSampling2D(2, interpolation="bilinear")
    with pytest.raises(
        ValueError, match=r"\(UpSampling2D\) expects a tensor with 4 axes"
    ):
        UpSampling2D(2)(np.zeros((2, 3, 3), "float32"))
