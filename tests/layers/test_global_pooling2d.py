"""GlobalAveragePooling2D / GlobalMaxPooling2D: values, keepdims, gradients."""

import numpy as np
import pytest

from kitlib import Input
from kitlib.layers import (
    GlobalAveragePooling2D,
    GlobalAvgPool2D,
    GlobalMaxPool2D,
    GlobalMaxPooling2D,
)
from tests.layers.zoo_checks import check_layer_gradients

LAYERS = [(GlobalAveragePooling2D, np.mean), (GlobalMaxPooling2D, np.max)]


@pytest.mark.parametrize(("cls", "reduce"), LAYERS)
@pytest.mark.parametrize("keepdims", [False, True])
def test_global_pooling_values_and_shapes(rng, cls, reduce, keepdims):
    x = rng.normal(size=(3, 4, 5, 2))
    y = cls(keepdims=keepdims, dtype="float64")(x).numpy()
    np.testing.assert_allclose(y, reduce(x, axis=(1, 2), keepdims=keepdims))
    symbolic = cls(keepdims=keepdims)(Input(shape=(4, 5, 2))).shape
    assert symbolic == ((None, 1, 1, 2) if keepdims else (None, 2))


@pytest.mark.parametrize(("cls", "reduce"), LAYERS)
def test_global_pooling_gradients(rng, cls, reduce):
    x = rng.permutation(2 * 3 * 3 * 2).reshape(2, 3, 3, 2) / 5.0
    check_layer_gradients(cls(dtype="float64"), x)


def test_global_pooling_aliases_and_rank_check():
    assert GlobalAvgPool2D is GlobalAveragePooling2D
    assert GlobalMaxPool2D is GlobalMaxPooling2D
    with pytest.raises(ValueError, match="expects a tensor with 4 axes"):
        GlobalMaxPooling2D()(np.zeros((2, 3), "float32"))
