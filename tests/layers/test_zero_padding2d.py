"""ZeroPadding2D: the three padding forms, values, gradient, errors."""

import numpy as np
import pytest

from kitlib import Input
from kitlib.layers import ZeroPadding2D
from tests.layers.zoo_checks import check_layer_gradients


@pytest.mark.parametrize(
    ("padding", "pads"),
    [
        (1, ((1, 1), (1, 1))),
        ((2, 0), ((2, 2), (0, 0))),
        (((0, 1), (3, 2)), ((0, 1), (3, 2))),
    ],
)
def test_zero_padding2d_adds_zeros(rng, padding, pads):
    x = rng.normal(size=(2, 3, 2, 4)).astype("float32")
    y = ZeroPadding2D(padding)(x).numpy()
    np.testing.assert_array_equal(y, np.pad(x, [(0, 0), pads[0], pads[1], (0, 0)]))
    assert ZeroPadding2D(padding).compute_output_shape(x.shape) == y.shape


def test_zero_padding2d_default_is_one_ring():
    assert ZeroPadding2D()(Input(shape=(28, 28, 1))).shape == (None, 30, 30, 1)


def test_zero_padding2d_gradient(rng):
    layer = ZeroPadding2D(((1, 0), (0, 2)), dtype="float64")
    check_layer_gradients(layer, rng.normal(size=(1, 2, 3, 2)))


@pytest.mark.parametrize("padding", [-1, (1, 2, 3), ((1, 2), 3), "same"])
def test_zero_padding2d_rejects_bad_padding(padding):
    with pytest.raises(ValueError, match="ZeroPadding2D expects padding"):
        ZeroPadding2D(padding)
