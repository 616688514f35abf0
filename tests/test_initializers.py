"""kitlib.initializers: fans, variances, seeds, orthogonality, identity, lookup."""

import math

import numpy as np
import pytest

from kitlib import initializers
from kitlib.initializers import (
    Constant,
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    Identity,
    LecunNormal,
    LecunUniform,
    Ones,
    Orthogonal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    Zeros,
    compute_fans,
)
from kitlib.utils.random import set_random_seed

BIG = (400, 300)  # fan_in 400, fan_out 300: enough samples for variance checks


@pytest.mark.parametrize(
    ("shape", "fans"),
    [
        ((), (1, 1)),
        ((5,), (5, 5)),
        ((3, 4), (3, 4)),
        ((3, 3, 8, 16), (72, 144)),  # conv kernel: the window multiplies both
        ((5, 8, 16), (40, 80)),  # Conv1D kernel
    ],
)
def test_compute_fans_like_keras(shape, fans):
    assert compute_fans(shape) == fans


@pytest.mark.parametrize(
    ("cls", "variance", "uniform"),
    [
        (GlorotUniform, 2 / (400 + 300), True),
        (GlorotNormal, 2 / (400 + 300), False),
        (HeUniform, 2 / 400, True),
        (HeNormal, 2 / 400, False),
        (LecunUniform, 1 / 400, True),
        (LecunNormal, 1 / 400, False),
    ],
)
def test_variance_scaling_presets_have_keras_variance(cls, variance, uniform):
    values = cls(seed=0)(BIG, dtype="float64")
    assert values.shape == BIG and values.dtype == np.float64
    assert abs(values.mean()) < 0.01 * math.sqrt(variance) * 10
    assert values.var() == pytest.approx(variance, rel=0.03)
    if uniform:
        limit = math.sqrt(3 * variance)
        assert np.abs(values).max() <= limit
        assert np.abs(values).max() > 0.99 * limit
    else:  # truncated at two (pre-truncation) standard deviations
        assert np.abs(values).max() <= 2 * math.sqrt(variance) / 0.87962566103423978


def test_glorot_uniform_limit_for_a_conv_kernel():
    values = GlorotUniform(seed=1)((3, 3, 8, 16))
    assert np.abs(values).max() <= math.sqrt(6 / (72 + 144))
    assert values.dtype == np.float32


def test_variance_scaling_modes_and_untruncated_normal():
    values = VarianceScaling(4.0, "fan_out", "untruncated_normal", seed=0)(BIG)
    assert values.var() == pytest.approx(4.0 / 300, rel=0.03)
    assert np.abs(values).max() > 2 * math.sqrt(4.0 / 300)  # tails not cut
    with pytest.raises(ValueError, match="mode"):
        VarianceScaling(mode="fan_max")
    with pytest.raises(ValueError, match="distribution"):
        VarianceScaling(distribution="normal_ish")


def test_constant_zeros_ones():
    np.testing.assert_array_equal(Zeros()((2, 3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(Ones()((4,)), np.ones(4))
    np.testing.assert_array_equal(
        Constant(2.5)((2, 2), dtype="float64"), np.full((2, 2), 2.5)
    )


def test_random_normal_uniform_truncated():
    normal = RandomNormal(1.0, 0.5, seed=0)(BIG, dtype="float64")
    assert normal.mean() == pytest.approx(1.0, abs=0.01)
    assert normal.std() == pytest.approx(0.5, rel=0.02)
    uniform = RandomUniform(-2.0, 3.0, seed=0)(BIG)
    assert uniform.min() >= -2.0 and uniform.max() < 3.0
    assert uniform.mean() == pytest.approx(0.5, abs=0.02)
    truncated = TruncatedNormal(0.0, 1.0, seed=0)(BIG)
    assert np.abs(truncated).max() <= 2.0
    assert truncated.std() == pytest.approx(0.8796, rel=0.02)  # a normal cut at 2 sigma


@pytest.mark.parametrize("cls", [GlorotUniform, HeNormal, RandomNormal, Orthogonal])
def test_int_seed_repeats_and_none_follows_the_global_seed(cls):
    np.testing.assert_array_equal(cls(seed=3)((4, 4)), cls(seed=3)((4, 4)))
    assert not np.array_equal(cls(seed=3)((4, 4)), cls(seed=4)((4, 4)))
    set_random_seed(11)
    first = cls()((4, 4))
    second = cls()((4, 4))
    set_random_seed(11)
    np.testing.assert_array_equal(cls()((4, 4)), first)
    assert not np.array_equal(first, second)  # unseeded draws move on


@pytest.mark.parametrize("shape", [(6, 6), (8, 3), (3, 8), (2, 2, 3, 5)])
def test_orthogonal_rows_or_columns_are_orthonormal(shape):
    values = Orthogonal(gain=2.0, seed=0)(shape, dtype="float64")
    flat = values.reshape(-1, shape[-1])
    small = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
    np.testing.assert_allclose(small, 4.0 * np.eye(small.shape[0]), atol=1e-10)


def test_orthogonal_rejects_vectors():
    with pytest.raises(ValueError, match="at least 2 axes"):
        Orthogonal()((5,))


def test_identity():
    np.testing.assert_array_equal(Identity(gain=3.0)((2, 3)), [[3, 0, 0], [0, 3, 0]])
    with pytest.raises(ValueError, match="2-D"):
        Identity()((2, 2, 2))


def test_get_accepts_names_classes_instances_dicts_and_callables():
    assert isinstance(initializers.get("he_normal"), HeNormal)
    assert isinstance(initializers.get("HeNormal"), HeNormal)
    assert isinstance(initializers.get("uniform"), RandomUniform)
    assert isinstance(initializers.get(Ones), Ones)
    instance = Constant(3.0)
    assert initializers.get(instance) is instance

    def custom(shape, dtype=None):
        return np.full(shape, 7.0)

    assert initializers.get(custom) is custom
    rebuilt = initializers.get(initializers.serialize(RandomNormal(0.5, 2.0, seed=1)))
    assert (rebuilt.mean, rebuilt.stddev, rebuilt.seed) == (0.5, 2.0, 1)


def test_get_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError, match="Did you mean 'glorot_uniform'"):
        initializers.get("glorot_unifrom")


def test_layers_use_initializers_by_name():
    from kitlib.layers import Dense

    layer = Dense(3, kernel_initializer="ones", bias_initializer=Constant(0.5))
    layer(np.zeros((1, 2), "float32"))
    np.testing.assert_array_equal(layer.kernel.numpy(), np.ones((2, 3)))
    np.testing.assert_array_equal(layer.bias.numpy(), [0.5] * 3)
