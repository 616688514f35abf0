"""kitlib.constraints: projected values, axes, lookup, applied after each update."""

import numpy as np
import pytest

from kitlib import GradientTape, constraints, ops
from kitlib.constraints import MaxNorm, MinMaxNorm, NonNeg, UnitNorm
from kitlib.layers import Dense
from kitlib.optimizers import SGD

W = np.array([[3.0, 0.3], [4.0, -0.4]])  # column norms 5 and 0.5


def test_max_norm_rescales_only_long_columns():
    got = MaxNorm(max_value=2.0)(W)
    np.testing.assert_allclose(got[:, 0], W[:, 0] * 2 / 5, rtol=1e-6)
    np.testing.assert_allclose(got[:, 1], W[:, 1], rtol=1e-6)


def test_max_norm_axis_for_conv_kernels():
    kernel = np.ones((3, 3, 2, 4))  # norm over (0, 1, 2) is sqrt(18) per filter
    got = MaxNorm(1.0, axis=(0, 1, 2))(kernel)
    np.testing.assert_allclose(np.sqrt((got**2).sum(axis=(0, 1, 2))), 1.0, rtol=1e-6)


def test_non_neg_zeroes_negative_weights():
    np.testing.assert_array_equal(NonNeg()(W), [[3.0, 0.3], [4.0, 0.0]])


def test_unit_norm_makes_columns_length_one():
    got = UnitNorm()(W)
    np.testing.assert_allclose(np.linalg.norm(got, axis=0), 1.0, rtol=1e-6)
    rows = UnitNorm(axis=1)(W)
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-6)


@pytest.mark.parametrize(("rate", "norms"), [(1.0, [2.0, 1.0]), (0.5, [3.5, 0.75])])
def test_min_max_norm_moves_norms_into_range_at_rate(rate, norms):
    got = MinMaxNorm(min_value=1.0, max_value=2.0, rate=rate)(W)
    np.testing.assert_allclose(np.linalg.norm(got, axis=0), norms, rtol=1e-6)


def test_constraints_keep_dtype():
    assert MaxNorm(1.0)(W.astype("float32")).dtype == np.float32


def test_get_by_name_and_config():
    assert isinstance(constraints.get("non_neg"), NonNeg)
    assert isinstance(constraints.get("max_norm"), MaxNorm)
    rebuilt = constraints.get(constraints.serialize(MinMaxNorm(0.5, 3.0, 0.2, axis=1)))
    assert rebuilt.get_config() == {
        "min_value": 0.5,
        "max_value": 3.0,
        "rate": 0.2,
        "axis": 1,
    }
    with pytest.raises(ValueError, match="Did you mean 'max_norm'"):
        constraints.get("max_nrom")


def test_constraint_is_applied_after_each_optimizer_update():
    layer = Dense(2, kernel_constraint=NonNeg(), bias_constraint=MaxNorm(0.1),
                  kernel_initializer="ones")  # fmt: skip
    x = np.ones((1, 3), "float32")
    with GradientTape() as tape:
        loss = ops.sum(layer(x))  # gradient +1: SGD pushes every weight down
    grads = tape.gradient(loss, layer.trainable_weights)
    SGD(learning_rate=5.0).apply_gradients(
        zip(grads, layer.trainable_weights, strict=True)
    )
    np.testing.assert_array_equal(layer.kernel.numpy(), np.zeros((3, 2)))
    assert np.linalg.norm(layer.bias.numpy()) == pytest.approx(0.1, rel=1e-5)


def test_norm_constraints_accept_a_list_of_axes_for_conv_kernels():
    kernel = np.random.default_rng(0).normal(size=(3, 3, 2, 4)).astype("float32") * 5
    clipped = MaxNorm(1.0, axis=[0, 1, 2])(kernel)
    norms = np.sqrt((clipped**2).sum(axis=(0, 1, 2)))
    np.testing.assert_allclose(norms, np.ones(4), rtol=1e-5)
    unit = UnitNorm(axis=[0, 1, 2])(kernel)
    np.testing.assert_allclose(np.sqrt((unit**2).sum(axis=(0, 1, 2))), 1.0, rtol=1e-5)
