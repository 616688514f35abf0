"""Mean/Sum/MeanMetricWrapper and MSE/MAE/RMSE vs NumPy references."""

import numpy as np
import pytest

from kitlib import Tensor
from kitlib.metrics import (
    Mean,
    MeanAbsoluteError,
    MeanMetricWrapper,
    MeanSquaredError,
    RootMeanSquaredError,
    Sum,
)

RNG = np.random.default_rng(11)
Y_TRUE = RNG.normal(size=(25, 3)).astype("float32")
Y_PRED = RNG.normal(size=(25, 3)).astype("float32")
WEIGHTS = RNG.random(25)


def feed(metric, weights=None):
    metric.reset_state()
    for batch in np.array_split(np.arange(25), [4, 15]):
        w = None if weights is None else weights[batch]
        metric.update_state(Y_TRUE[batch], Tensor(Y_PRED[batch]), sample_weight=w)
    return float(metric.result())


@pytest.mark.parametrize(
    ("metric", "per_sample"),
    [
        (MeanSquaredError(), ((Y_TRUE - Y_PRED) ** 2).mean(-1)),
        (MeanAbsoluteError(), np.abs(Y_TRUE - Y_PRED).mean(-1)),
    ],
    ids=["mse", "mae"],
)
def test_regression_metrics_match_reference_over_batches(metric, per_sample):
    assert feed(metric) == pytest.approx(per_sample.mean(), rel=1e-5)
    weighted = (per_sample * WEIGHTS).sum() / WEIGHTS.sum()
    assert feed(metric, WEIGHTS) == pytest.approx(weighted, rel=1e-5)


def test_root_mean_squared_error_takes_the_root_at_the_end():
    expected = np.sqrt(((Y_TRUE - Y_PRED) ** 2).mean())
    assert feed(RootMeanSquaredError()) == pytest.approx(expected, rel=1e-5)


def test_mean_weights_samples_not_batches():
    mean = Mean()
    mean.update_state([1.0, 2.0, 3.0])
    mean.update_state([10.0], sample_weight=[3.0])
    assert float(mean.result()) == pytest.approx((6.0 + 30.0) / 6.0)


def test_mean_reduces_extra_axes_per_sample_first():
    mean = Mean()
    mean.update_state(np.array([[1.0, 3.0], [5.0, 7.0]]), sample_weight=[1.0, 0.0])
    assert float(mean.result()) == pytest.approx(2.0)


def test_mean_of_a_scalar_counts_one_and_empty_mean_is_zero():
    mean = Mean()
    assert float(mean.result()) == 0.0
    mean.update_state(4.0)
    mean.update_state(np.float32(2.0))
    assert float(mean.result()) == 3.0


def test_sum_adds_weighted_values():
    total = Sum()
    total.update_state(np.ones((2, 3)))
    total.update_state([2.0], sample_weight=[0.5])
    assert float(total.result()) == pytest.approx(7.0)


def test_sample_weight_shape_errors_are_explained():
    with pytest.raises(ValueError, match=r"sample_weight of shape \(3,\)"):
        Mean().update_state(np.ones(4), sample_weight=np.ones(3))


def test_mean_metric_wrapper_passes_keyword_arguments_and_names_itself():
    def within(y_true, y_pred, tolerance):
        return (np.abs(np.asarray(y_true) - np.asarray(y_pred)) <= tolerance) * 1.0

    metric = MeanMetricWrapper(within, tolerance=0.5)
    metric.update_state([1.0, 2.0, 3.0, 4.0], [1.2, 2.9, 3.0, 0.0])
    assert metric.name == "within"
    assert float(metric.result()) == 0.5
    assert metric.get_config()["tolerance"] == 0.5
    with pytest.raises(TypeError, match="expects a function"):
        MeanMetricWrapper("mse")


def test_metric_state_lives_in_non_trainable_variables():
    metric = MeanSquaredError()
    assert [v.name for v in metric.variables] == [
        "mean_squared_error_total",
        "mean_squared_error_count",
    ]
    assert not any(v.trainable for v in metric.variables)
