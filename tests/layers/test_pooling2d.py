"""MaxPooling2D / AveragePooling2D: values vs loops, shapes, gradients, errors."""

import numpy as np
import pytest

from kitlib import Input
from kitlib.layers import AveragePooling2D, AvgPool2D, MaxPool2D, MaxPooling2D
from tests.layers.zoo_checks import check_layer_gradients, pool2d_ref

POOLS = [(MaxPooling2D, "max"), (AveragePooling2D, "avg")]
CONFIGS = [
    {"pool_size": (2, 2)},
    {"pool_size": (3, 2), "strides": (1, 2)},
    {"pool_size": 3, "strides": 2, "padding": "same"},
    {"pool_size": 2, "strides": 1, "padding": "same"},
]


@pytest.mark.parametrize(("cls", "kind"), POOLS)
@pytest.mark.parametrize("kwargs", CONFIGS)
def test_pooling_matches_loop_reference(rng, cls, kind, kwargs):
    layer = cls(dtype="float64", **kwargs)
    x = rng.normal(size=(2, 5, 6, 3))
    y = layer(x).numpy()
    expected = pool2d_ref(x, layer.pool_size, layer.strides, layer.padding, kind)
    np.testing.assert_allclose(y, expected, rtol=1e-12)
    assert y.shape == layer.compute_output_shape(x.shape)


def test_pooling_strides_default_to_pool_size():
    layer = MaxPooling2D((2, 3))
    assert layer.strides == (2, 3)
    assert layer(Input(shape=(8, 9, 4))).shape == (None, 4, 3, 4)


def test_max_pooling_with_odd_size_drops_the_last_row_like_keras():
    assert MaxPooling2D(2)(Input(shape=(7, 7, 1))).shape == (None, 3, 3, 1)
    assert MaxPooling2D(2, padding="same")(Input(shape=(7, 7, 1))).shape == (
        None, 4, 4, 1,
    )  # fmt: skip


@pytest.mark.parametrize(("cls", "kind"), POOLS)
@pytest.mark.parametrize("kwargs", CONFIGS[::2])
def test_pooling_gradients(rng, cls, kind, kwargs):
    # Distinct values (a permutation) so no max window has a tie.
    x = rng.permutation(2 * 5 * 4 * 2).reshape(2, 5, 4, 2) / 7.0
    check_layer_gradients(cls(dtype="float64", **kwargs), x)


def test_pooling_aliases():
    assert MaxPool2D is MaxPooling2D and AvgPool2D is AveragePooling2D


@pytest.mark.parametrize(("cls", "kind"), POOLS)
def test_pooling_raises_when_window_larger_than_valid_input(cls, kind):
    with pytest.raises(ValueError, match=r"padding='valid' needs inputs at least"):
        cls(3)(np.zeros((1, 2, 5, 1), "float32"))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"pool_size": 0}, "pool_size"),
        ({"pool_size": 2, "strides": (1, 0)}, "strides"),
        ({"pool_size": 2, "padding": "causal"}, "padding"),
    ],
)
def test_pooling_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MaxPooling2D(**kwargs)


def test_pooling_raises_on_wrong_rank():
    with pytest.raises(
        ValueError, match=r"\(AveragePooling2D\) expects a tensor with 4"
    ):
        AveragePooling2D()(np.zeros((2, 4, 4), "float32"))


def test_pooling_config_round_trip():
    layer = MaxPooling2D((2, 2), strides=(1, 1), padding="same", name="p")
    assert (
        MaxPooling2D.from_config(layer.get_config()).get_config() == layer.get_config()
    )
