"""Loss base: reductions, sample weights, get(), config round trips."""

import numpy as np
import pytest

from kitlib import Tensor, losses
from kitlib.losses import (
    BinaryCrossentropy,
    Huber,
    Loss,
    LossFunctionWrapper,
    MeanSquaredError,
    SparseCategoricalCrossentropy,
)

RNG = np.random.default_rng(20)
Y_TRUE = RNG.normal(size=(6, 3))
Y_PRED = RNG.normal(size=(6, 3))
PER_SAMPLE = ((Y_TRUE - Y_PRED) ** 2).mean(-1)
WEIGHTS = RNG.random(6)


@pytest.mark.parametrize(
    ("reduction", "expected"),
    [
        ("sum_over_batch_size", (PER_SAMPLE * WEIGHTS).sum() / 6),
        ("mean", (PER_SAMPLE * WEIGHTS).sum() / 6),
        ("sum", (PER_SAMPLE * WEIGHTS).sum()),
        ("mean_with_sample_weight", (PER_SAMPLE * WEIGHTS).sum() / WEIGHTS.sum()),
    ],
)
def test_reductions_with_sample_weights(reduction, expected):
    loss = MeanSquaredError(reduction=reduction)
    got = loss(Y_TRUE, Y_PRED, sample_weight=WEIGHTS)
    assert float(got) == pytest.approx(expected, rel=1e-5)


def test_reduction_none_returns_weighted_per_sample_values():
    got = MeanSquaredError(reduction=None)(Y_TRUE, Y_PRED, sample_weight=WEIGHTS)
    np.testing.assert_allclose(got.numpy(), PER_SAMPLE * WEIGHTS, rtol=1e-5)
    got = MeanSquaredError(reduction="none")(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(got.numpy(), PER_SAMPLE, rtol=1e-5)


def test_default_reduction_is_the_mean_over_the_batch():
    assert MeanSquaredError().reduction == "sum_over_batch_size"
    got = MeanSquaredError()(Tensor(Y_TRUE), Tensor(Y_PRED))
    assert got.dtype == "float32"
    assert float(got) == pytest.approx(PER_SAMPLE.mean(), rel=1e-5)


def test_column_sample_weights_and_time_series_weights():
    column = MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=WEIGHTS[:, None])
    assert float(column) == pytest.approx((PER_SAMPLE * WEIGHTS).mean(), rel=1e-5)
    # (batch, time, features) losses are (batch, time): one weight per sample
    y = RNG.normal(size=(4, 5, 2))
    per_step = (y**2).mean(-1)
    w = np.array([1.0, 0.0, 2.0, 1.0])
    got = MeanSquaredError()(np.zeros_like(y), y, sample_weight=w)
    assert float(got) == pytest.approx((per_step * w[:, None]).mean(), rel=1e-5)


def test_bad_sample_weight_and_reduction_are_explained():
    with pytest.raises(ValueError, match="one weight per sample"):
        MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=np.ones(4))
    with pytest.raises(ValueError, match="Did you mean 'sum'"):
        MeanSquaredError(reduction="summ")


def test_get_names_aliases_classes_functions_and_configs():
    assert isinstance(losses.get("mse"), MeanSquaredError)
    assert isinstance(
        losses.get("SparseCategoricalCrossentropy"), SparseCategoricalCrossentropy
    )
    assert isinstance(losses.get("huber_loss"), Huber)
    assert losses.get(None) is None
    bce = BinaryCrossentropy(from_logits=True)
    assert losses.get(bce) is bce
    clone = losses.get(losses.serialize(bce))
    assert clone.get_config() == bce.get_config()

    def my_loss(y_true, y_pred):
        return (y_pred - y_true) ** 2

    wrapped = losses.get(my_loss)
    assert isinstance(wrapped, LossFunctionWrapper) and wrapped.name == "my_loss"
    assert float(wrapped([1.0, 2.0], [2.0, 2.0])) == pytest.approx(0.5)


def test_get_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError, match="Did you mean 'categorical_crossentropy'"):
        losses.get("categorical_crosentropy")
    with pytest.raises(TypeError, match="loss='mse'"):
        losses.get(42)


@pytest.mark.parametrize(
    "loss",
    [
        MeanSquaredError(reduction="sum"),
        Huber(delta=2.5, name="h"),
        BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
        losses.CategoricalCrossentropy(label_smoothing=0.2, axis=-1),
        SparseCategoricalCrossentropy(from_logits=True),
        losses.KLDivergence(),
        losses.Hinge(),
        losses.MeanAbsolutePercentageError(),
    ],
    ids=lambda loss: type(loss).__name__,
)
def test_loss_config_round_trip(loss):
    clone = type(loss).from_config(loss.get_config())
    assert clone.get_config() == loss.get_config()


def test_custom_loss_subclass_only_needs_call():
    class Cubic(Loss):
        def call(self, y_true, y_pred):
            diff = y_pred - y_true
            return diff * diff * diff

    assert Cubic().name == "cubic"
    assert float(Cubic(reduction="sum")([0.0, 0.0], [1.0, 2.0])) == pytest.approx(9.0)
